use crate::geo::{LonLat, WorldPoint};

use super::decode::Decoder;
use super::raw::{RawAsset, RawHeader, FORMAT, VERSION};
use super::{BasemapError, Place, Region, River};

/// The decoded basemap: countries, provinces, rivers and places, with several levels of detail.
///
/// ```
/// use incident_map::{Basemap, LonLat};
/// let map = Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap();
/// assert_eq!(map.provinces().len(), 34);
/// let mazar = LonLat::new(67.1109, 36.7090).unwrap();
/// assert_eq!(map.province_at(mazar).map(|p| p.name()), Some("Balkh"));
/// assert!(map.level_for_zoom(4.0) < map.level_for_zoom(11.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Basemap {
    attribution: String,
    level_min_zooms: Vec<f64>,
    countries: Vec<Region>,
    provinces: Vec<Region>,
    rivers: Vec<River>,
    places: Vec<Place>,
}

impl Basemap {
    /// Decodes the asset (www/basemap/afghanistan.json), checking every shape and place.
    pub fn parse(json: &str) -> Result<Basemap, BasemapError> {
        let asset = crate::json::from_slice(json.as_bytes())?;
        let header = RawHeader::read(&asset);
        if header.format.as_deref() != Some(FORMAT) {
            return Err(BasemapError::NotABasemap { found: header.format });
        }
        match header.version {
            Some(VERSION) => {}
            found => return Err(BasemapError::UnsupportedVersion { found: found.unwrap_or(0), supported: VERSION }),
        }
        Self::decode(RawAsset::read(&asset).map_err(|problems| BasemapError::Invalid { problems })?)
    }

    fn decode(raw: RawAsset) -> Result<Basemap, BasemapError> {
        let mut decoder = Decoder::new(&raw);
        let countries: Vec<Region> =
            raw.countries.into_iter().enumerate().map(|(i, r)| decoder.region("country", i, r)).collect();
        let provinces = raw.provinces.into_iter().enumerate().map(|(i, r)| decoder.region("province", i, r)).collect();
        let rivers = raw.rivers.into_iter().enumerate().map(|(i, r)| decoder.river(i, r)).collect();
        let mut places: Vec<Place> =
            raw.places.into_iter().enumerate().filter_map(|(i, p)| decoder.place(i, p)).collect();
        crate::sort::sort_by_key(&mut places, |p| std::cmp::Reverse(p.population));
        if !countries.iter().any(Region::is_focus) {
            decoder
                .problems
                .push("no country is marked \"focus\": the map would not know which country it is about".into());
        }
        if !decoder.problems.is_empty() {
            return Err(BasemapError::Invalid { problems: decoder.problems });
        }
        Ok(Basemap {
            attribution: raw.attribution,
            level_min_zooms: raw.levels.iter().map(|l| l.min_zoom).collect(),
            countries,
            provinces,
            rivers,
            places,
        })
    }

    /// The simplification level to draw at `zoom`: the finest whose minimum zoom is reached
    /// (coarser geometry than that would show its corners, finer would waste points).
    pub fn level_for_zoom(&self, zoom: f64) -> usize {
        self.level_min_zooms.iter().rposition(|&min| zoom >= min).unwrap_or(0)
    }

    /// How many simplification levels every shape has.
    pub fn level_count(&self) -> usize {
        self.level_min_zooms.len()
    }

    /// Afghanistan (the one [`Region::is_focus`]), its neighbours and the rest of the land in the
    /// box lon 55..80, lat 27..42 (Kyrgyzstan, Kazakhstan, the Siachen Glacier), clipped to that
    /// box: the box edges are clip lines, not borders.
    pub fn countries(&self) -> &[Region] {
        &self.countries
    }

    /// Afghanistan's 34 provinces.
    pub fn provinces(&self) -> &[Region] {
        &self.provinces
    }

    /// Rivers in and near Afghanistan.
    pub fn rivers(&self) -> &[River] {
        &self.rivers
    }

    /// Afghan towns and cities, largest population first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The credit line the map must show for the data it draws.
    pub fn attribution(&self) -> &str {
        &self.attribution
    }

    /// The province containing `p`, by the even-odd rule on the finest level; `None` outside Afghanistan.
    pub fn province_at(&self, p: LonLat) -> Option<&Region> {
        let w = WorldPoint::from_lonlat(p);
        self.provinces.iter().find(|r| r.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"{"format": "incident-map-basemap", "version": 1, "attribution": "test",
        "origin": [0.5, 0.5], "quantum": 0.001,
        "levels": [{"min_zoom": 0}, {"min_zoom": 6}],
        "countries": [{"name": "Square", "focus": true, "label": [5, 5],
                       "rings": [[[0, 0, 10, 0, 0, 10]], [[0, 0, 10, 0, 0, 10, -10, 0]]]}],
        "provinces": [], "rivers": [],
        "places": [{"name": "B", "lon": 1, "lat": 2, "population": 5, "kind": "town"},
                   {"name": "A", "lon": 1, "lat": 2, "population": 50, "kind": "city"}]}"#;

    #[test]
    fn decodes_deltas_into_closed_rings() {
        let map = Basemap::parse(TINY).unwrap();
        let ring = &map.countries()[0].rings(1)[0];
        assert_eq!(ring.len(), 5);
        assert_eq!(ring[0], ring[4]);
        assert!((ring[2].x - 0.51).abs() < 1e-12 && (ring[2].y - 0.51).abs() < 1e-12);
        assert_eq!(map.places()[0].name(), "A", "largest first");
    }

    #[test]
    fn picks_levels_by_zoom() {
        let map = Basemap::parse(TINY).unwrap();
        assert_eq!([map.level_for_zoom(-1.0), map.level_for_zoom(5.9), map.level_for_zoom(6.0)], [0, 0, 1]);
        assert_eq!(map.level_for_zoom(f64::NAN), 0);
    }

    #[test]
    fn reports_every_broken_item() {
        let broken = TINY.replace("[0, 0, 10, 0, 0, 10]]", "[0, 0, 10]]").replace("\"town\"", "\"village\"");
        let Err(BasemapError::Invalid { problems }) = Basemap::parse(&broken) else { panic!("accepted") };
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("country 0 (Square): level 0, part 0"), "{}", problems[0]);
        assert!(problems[1].contains("village"), "{}", problems[1]);
    }

    #[test]
    fn other_files_get_a_clear_error() {
        let err = Basemap::parse(r#"{"type": "FeatureCollection"}"#).unwrap_err();
        assert_eq!(err, BasemapError::NotABasemap { found: None });
        assert!(matches!(Basemap::parse("{"), Err(BasemapError::Json { .. })));
        assert_eq!(Basemap::parse("[1, 2]").unwrap_err(), BasemapError::NotABasemap { found: None });
        let numbered = Basemap::parse(r#"{"format": 7, "version": 1}"#).unwrap_err();
        assert_eq!(numbered, BasemapError::NotABasemap { found: Some("7".into()) });
    }

    #[test]
    fn every_field_of_the_wrong_shape_is_named_by_its_path() {
        let broken = TINY
            .replace(r#""quantum": 0.001"#, r#""quantum": "fine""#)
            .replace(r#""name": "Square""#, r#""name": null"#)
            .replace("[0, 0, 10, 0, 0, 10, -10, 0]", "[0, 0, 10, 0.5, 0, 10, -10, 0]")
            .replace(r#""population": 5,"#, r#""population": -5,"#)
            .replace(r#""rivers": []"#, r#""rivers": {}"#)
            .replace(r#""kind": "city""#, r#""kinds": "city""#);
        let Err(BasemapError::Invalid { problems }) = Basemap::parse(&broken) else { panic!("accepted") };
        assert_eq!(
            problems,
            [
                "quantum must be a number, got text",
                "countries[0].name must be text, got null",
                "countries[0].rings[1][0][3] must be a whole number",
                "rivers must be a list, got an object",
                "places[0].population must be a whole number from 0 to 4294967295",
                "places[1].kind is missing",
            ]
        );
    }
}
