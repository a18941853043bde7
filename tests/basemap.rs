//! The committed basemap asset, read through the public decoder.

use incident_map::{Basemap, LonLat, PlaceKind, Region, WorldPoint};

const ASSET: &str = include_str!("../www/basemap/afghanistan.json");

fn basemap() -> Basemap {
    Basemap::parse(ASSET).unwrap_or_else(|e| panic!("{e}"))
}

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

/// Even-odd containment at one level (Region::contains uses the finest).
fn inside_at_level(region: &Region, level: usize, p: WorldPoint) -> bool {
    let crossings = region.rings(level).iter().flat_map(|ring| ring.windows(2)).filter(|s| {
        let (a, b) = (s[0], s[1]);
        (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
    });
    crossings.count() % 2 == 1
}

#[test]
fn parses_with_attribution_and_levels() {
    let map = basemap();
    assert!(map.attribution().contains("Natural Earth") && map.attribution().contains("GeoNames (CC BY 4.0)"));
    assert_eq!(map.level_count(), 4);
    assert_eq!([0.0, 5.0, 6.0, 7.5, 8.0, 9.9, 10.0, 18.0].map(|z| map.level_for_zoom(z)), [0, 0, 1, 1, 2, 2, 3, 3]);
}

#[test]
fn afghanistan_is_the_focus_among_its_neighbours() {
    let map = basemap();
    let focus: Vec<_> = map.countries().iter().filter(|c| c.is_focus()).map(|c| c.name()).collect();
    assert_eq!(focus, ["Afghanistan"]);
    for name in ["Pakistan", "Iran", "Tajikistan", "Turkmenistan", "Uzbekistan", "China", "India"] {
        assert!(map.countries().iter().any(|c| c.name() == name), "{name} missing");
    }
}

#[test]
fn every_region_is_valid_at_every_level_and_holds_its_label() {
    let map = basemap();
    assert_eq!(map.provinces().len(), 34);
    for region in map.provinces().iter().chain(map.countries()) {
        for level in 0..map.level_count() {
            let rings = region.rings(level);
            assert!(!rings.is_empty(), "{} level {level}", region.name());
            for ring in rings {
                assert!(ring.len() >= 4, "{} level {level}: {} points", region.name(), ring.len());
                assert_eq!(ring.first(), ring.last(), "{} level {level}: open ring", region.name());
                assert!(ring.iter().all(|p| p.x.is_finite() && p.y.is_finite()), "{} level {level}", region.name());
            }
            assert!(inside_at_level(region, level, region.label()), "{} level {level}: label outside", region.name());
        }
    }
}

#[test]
fn incident_cities_fall_in_their_provinces() {
    let map = basemap();
    let province = |lon, lat| map.province_at(at(lon, lat)).map(Region::name);
    assert_eq!(province(69.1723, 34.5281), Some("Kabul"));
    assert_eq!(province(67.1109, 36.7090), Some("Balkh"));
    assert_eq!(province(68.8570, 36.7289), Some("Kunduz"));
    assert_eq!(province(68.9364, 37.1890), Some("Kunduz"), "Imam Sahib");
    assert_eq!(province(62.1997, 34.3482), Some("Herat"));
    assert_eq!(province(71.5249, 34.0151), None, "Peshawar is in Pakistan");
}

#[test]
fn province_names_come_from_gn_name() {
    let map = basemap();
    let names: Vec<_> = map.provinces().iter().map(Region::name).collect();
    for name in ["Daykundi", "Panjshir", "Uruzgan", "Parwan"] {
        assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name} in {names:?}");
    }
}

#[test]
fn places_hold_the_incident_cities_with_persian_names() {
    let map = basemap();
    let places = map.places();
    assert!(places.windows(2).all(|w| w[0].population() >= w[1].population()), "sorted by population");
    let find = |name: &str| places.iter().find(|p| p.name() == name).unwrap_or_else(|| panic!("{name} missing"));
    let kabul = find("Kabul");
    assert_eq!((kabul.name_fa(), kabul.kind()), (Some("کابل"), PlaceKind::Capital));
    assert!(kabul.position().distance_m(at(69.1723, 34.5281)) < 50.0);
    assert_eq!(kabul.world(), WorldPoint::from_lonlat(kabul.position()));
    assert_eq!(find("Mazar-e Sharif").name_fa(), Some("مزار شریف"));
    assert!(matches!(find("Kunduz").name_fa(), Some("قندز" | "قندوز")));
    assert_eq!(find("Imam Sahib").name_fa(), Some("امام صاحب"));
}

fn points(shapes: &[Vec<WorldPoint>]) -> usize {
    shapes.iter().map(Vec::len).sum()
}

#[test]
fn coarse_levels_are_much_lighter_than_the_finest() {
    let map = basemap();
    let finest = map.level_count() - 1;
    let total = |level: usize| -> usize {
        map.provinces().iter().chain(map.countries()).map(|r| points(r.rings(level))).sum::<usize>()
            + map.rivers().iter().map(|r| points(r.lines(level))).sum::<usize>()
    };
    assert!(total(0) * 3 < total(finest), "level 0 {} vs finest {}", total(0), total(finest));
    for level in 1..=finest {
        assert!(total(level - 1) < total(level), "level {level} is not finer");
    }
}

#[test]
fn rivers_include_the_amu_darya_and_the_helmand() {
    let map = basemap();
    for name in ["Amu Darya", "Helmand"] {
        let river = map.rivers().iter().find(|r| r.name() == name).unwrap_or_else(|| panic!("{name} missing"));
        assert!(river.lines(0).iter().all(|line| line.len() >= 2));
    }
}
