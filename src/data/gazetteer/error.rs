use crate::quoted::Quoted;
use std::fmt;

/// Why a place name could not be placed on the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeocodeError {
    /// No known place has this name; `suggestions` are the nearest known names, closest first.
    UnknownPlace {
        /// The name as written.
        name: String,
        /// Labels of the places with the nearest names ("Kandahar (Kandahar)").
        suggestions: Vec<String>,
    },
    /// No province has this name.
    UnknownProvince {
        /// The name as written.
        name: String,
        /// The provinces with the nearest names.
        suggestions: Vec<String>,
    },
    /// Places of this name exist, but none in the province given.
    NotInProvince {
        /// The place as written.
        name: String,
        /// The province as written.
        province: String,
        /// The provinces that do have a place of this name.
        found_in: Vec<String>,
    },
    /// The gazetteer is not loaded yet (in the browser it is fetched beside the basemap).
    NotLoaded,
}

fn nearest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "no known name is close".to_owned()
    } else {
        format!("the nearest known names are {}", suggestions.join(", "))
    }
}

impl fmt::Display for GeocodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownPlace { name, suggestions } => write!(
                f,
                "place {name} is not in the gazetteer of Afghan places ({}); check the spelling or give coordinates",
                nearest(suggestions),
                name = Quoted(name)
            ),
            Self::UnknownProvince { name, suggestions } => write!(
                f,
                "province {name} is not one of the 34 provinces of Afghanistan ({}); check the spelling",
                nearest(suggestions),
                name = Quoted(name)
            ),
            Self::NotInProvince { name, province, found_in } => write!(
                f,
                "place {name} is not in {province} province: the gazetteer has it in {}; check the province or give coordinates",
                found_in.join(", "),
                name = Quoted(name)
            ),
            Self::NotLoaded => f.write_str("the gazetteer of Afghan places is not loaded"),
        }
    }
}

impl std::error::Error for GeocodeError {}
