use crate::geo::{LonLat, WorldPoint};

/// What sort of settlement a place is, which decides from which zoom it is labelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// The national capital.
    Capital,
    /// 100,000 inhabitants or more.
    City,
    /// Smaller (the asset holds places of 5,000 or more).
    Town,
}

impl PlaceKind {
    /// Reads the asset's spelling: "capital", "city" or "town".
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "capital" => Some(Self::Capital),
            "city" => Some(Self::City),
            "town" => Some(Self::Town),
            _ => None,
        }
    }
}

/// A town or city from GeoNames.
///
/// ```
/// use incident_map::{Basemap, PlaceKind};
/// let map = Basemap::parse(include_str!("../../www/basemap/afghanistan.json")).unwrap();
/// let kabul = &map.places()[0];
/// assert_eq!((kabul.name(), kabul.name_fa(), kabul.kind()), ("Kabul", Some("کابل"), PlaceKind::Capital));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub(super) name: String,
    pub(super) name_fa: Option<String>,
    pub(super) position: LonLat,
    pub(super) world: WorldPoint,
    pub(super) population: u32,
    pub(super) kind: PlaceKind,
}

impl Place {
    /// The English name without diacritics ("Mazar-e Sharif").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Persian (Dari) name, where GeoNames has one ("مزار شریف").
    pub fn name_fa(&self) -> Option<&str> {
        self.name_fa.as_deref()
    }

    /// Where it is.
    pub fn position(&self) -> LonLat {
        self.position
    }

    /// Where it is, projected.
    pub fn world(&self) -> WorldPoint {
        self.world
    }

    /// Inhabitants according to GeoNames.
    pub fn population(&self) -> u32 {
        self.population
    }

    /// Capital, city or town.
    pub fn kind(&self) -> PlaceKind {
        self.kind
    }
}
