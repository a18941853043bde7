//! Named views (Afghanistan, Kabul, Mazar-e Sharif, Kunduz) and time presets derived from the data.

use crate::data::{Incident, SizeBy};
use crate::geo::{Bounds, LonLat};
use crate::index::TimeRange;

/// A named part of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPreset {
    /// The whole country.
    Afghanistan,
    /// Kabul city.
    Kabul,
    /// Mazar-e Sharif city.
    MazarESharif,
    /// Kunduz city and Imam Sahib to its north.
    Kunduz,
}

impl ViewPreset {
    /// Every preset, in the order the buttons show them.
    pub const ALL: [ViewPreset; 4] = [Self::Afghanistan, Self::Kabul, Self::MazarESharif, Self::Kunduz];

    /// Parses a preset name, ignoring case, spaces and hyphens: `kabul`, `mazar-e-sharif`, ...
    pub fn parse(name: &str) -> Option<Self> {
        let key: String = name.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        match key.as_str() {
            "afghanistan" | "all" | "country" => Some(Self::Afghanistan),
            "kabul" => Some(Self::Kabul),
            "mazaresharif" | "mazarisharif" | "mazar" => Some(Self::MazarESharif),
            "kunduz" | "kondoz" => Some(Self::Kunduz),
            _ => None,
        }
    }

    /// The machine name used in attributes and the URL.
    pub fn key(self) -> &'static str {
        match self {
            Self::Afghanistan => "afghanistan",
            Self::Kabul => "kabul",
            Self::MazarESharif => "mazar-e-sharif",
            Self::Kunduz => "kunduz",
        }
    }

    /// The label on its button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Afghanistan => "Afghanistan",
            Self::Kabul => "Kabul",
            Self::MazarESharif => "Mazar-e Sharif",
            Self::Kunduz => "Kunduz",
        }
    }

    /// The area the preset shows (chosen to hold each city's incidents with some context).
    pub fn bounds(self) -> Bounds {
        let (west, south, east, north) = match self {
            Self::Afghanistan => (60.4, 29.3, 75.0, 38.6),
            Self::Kabul => (69.04, 34.44, 69.31, 34.61),
            Self::MazarESharif => (66.99, 36.65, 67.22, 36.77),
            Self::Kunduz => (68.72, 36.62, 69.08, 37.25),
        };
        Bounds::new(LonLat::clamped(west, south), LonLat::clamped(east, north))
    }
}

/// A named time range offered as a button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimePreset {
    /// Button label: "All", "Aug 2021", ...
    pub label: String,
    /// The range it selects.
    pub range: TimeRange,
}

/// How many month presets the default offers: enough to reach each wave, few enough for a phone.
const MONTH_PRESETS: usize = 3;

/// The default presets: the whole span, then the months with the most casualties (by `size_by`),
/// in calendar order. `incidents` must be sorted by date.
///
/// ```
/// use incident_map::{default_time_presets, load_geojson, LoadOptions, SizeBy};
/// let f = |d: &str, k: u32| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":{k}}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2021-08-26", 182), f("2022-04-21", 31), f("2022-04-29", 50));
/// let data = load_geojson(&text, &LoadOptions::default()).unwrap();
/// let labels: Vec<String> = default_time_presets(&data.incidents, SizeBy::Killed)
///     .into_iter().map(|p| p.label).collect();
/// assert_eq!(labels, ["All", "Aug 2021", "Apr 2022"]);
/// ```
pub fn default_time_presets(incidents: &[Incident], size_by: SizeBy) -> Vec<TimePreset> {
    let (Some(first), Some(last)) = (incidents.first(), incidents.last()) else {
        return Vec::new();
    };
    let Ok(all) = TimeRange::new(first.date.day(), last.date.day()) else {
        return Vec::new();
    };
    let mut months: Vec<(TimeRange, u64)> = Vec::new();
    for incident in incidents {
        let month = TimeRange::month_of(incident.date.day());
        let value = u64::from(incident.casualties.value(size_by).unwrap_or(0));
        match months.last_mut() {
            Some((m, total)) if *m == month => *total += value,
            _ => months.push((month, value)),
        }
    }
    let mut top = months.clone();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.from().cmp(&b.0.from())));
    top.truncate(MONTH_PRESETS);
    top.sort_by_key(|(m, _)| m.from());
    let mut presets = vec![TimePreset { label: "All".to_owned(), range: all }];
    if months.len() > 1 {
        presets.extend(top.into_iter().map(|(range, _)| TimePreset { label: range.from().month_label(), range }));
    }
    presets
}
