//! Marker colours by category: the target type or the claim status. Colours come from the
//! Okabe-Ito palette, which stays distinguishable for readers with the common colour-vision
//! deficiencies; categories beyond it share one "other" colour rather than reuse a hue.

use crate::data::Incident;
use crate::symbols::Color;

/// What the marker colour shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorBy {
    /// One colour for every marker.
    #[default]
    None,
    /// The target type: mosque, school, bus, airport, ...
    Target,
    /// Whether the attack was claimed.
    Claim,
}

impl ColorBy {
    /// Parses the `color-by` attribute: `none`, `target` or `claim` (also `claimed`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "none" => Some(Self::None),
            "target" | "target-type" => Some(Self::Target),
            "claim" | "claimed" => Some(Self::Claim),
            _ => None,
        }
    }

    /// The legend's heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::None => "Incidents",
            Self::Target => "Target",
            Self::Claim => "Claim",
        }
    }
}

/// Okabe-Ito: orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow. Yellow
/// goes last: it has the least contrast on the light basemap.
const PALETTE: [Color; 7] = [
    Color::rgb(0xE6, 0x9F, 0x00),
    Color::rgb(0x56, 0xB4, 0xE9),
    Color::rgb(0x00, 0x9E, 0x73),
    Color::rgb(0x00, 0x72, 0xB2),
    Color::rgb(0xD5, 0x5E, 0x00),
    Color::rgb(0xCC, 0x79, 0xA7),
    Color::rgb(0xF0, 0xE4, 0x42),
];
/// "Other" and "unknown" categories.
const NEUTRAL: Color = Color::rgb(0x80, 0x80, 0x80);
/// The single marker colour when not colouring by category.
pub const SINGLE: Color = Color::rgb(0xC6, 0x28, 0x28);

/// One legend entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// The label shown in the legend.
    pub label: String,
    /// Marker fill (drawn translucent).
    pub color: Color,
}

/// The categories of a dataset under one [`ColorBy`], and each incident's category.
#[derive(Clone, Debug, Default)]
pub struct Categories {
    color_by: ColorBy,
    entries: Vec<Category>,
    of_incident: Vec<u8>,
}

impl Categories {
    /// Most categories with their own colour; the rest are grouped as "other".
    pub const MAX_COLOURED: usize = PALETTE.len();

    /// Sorts `incidents` into categories, largest first, so the common ones get the strongest
    /// colours and "other" and "unknown" come last.
    ///
    /// ```
    /// use incident_map::{load_geojson, Categories, ColorBy, LoadOptions};
    /// let data = load_geojson(include_str!("../www/data/incidents.geojson"), &LoadOptions::default()).unwrap();
    /// let c = Categories::new(&data.incidents, ColorBy::Claim);
    /// let labels: Vec<&str> = c.entries().iter().map(|e| e.label.as_str()).collect();
    /// assert_eq!(labels, ["claimed", "not claimed"]);
    /// ```
    pub fn new(incidents: &[Incident], color_by: ColorBy) -> Self {
        if color_by == ColorBy::None {
            let entries = vec![Category { label: "incident".to_owned(), color: SINGLE }];
            return Self { color_by, entries, of_incident: vec![0; incidents.len()] };
        }
        let keys: Vec<String> = incidents.iter().map(|i| key_of(i, color_by)).collect();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for key in &keys {
            match counts.iter_mut().find(|(k, _)| k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key.clone(), 1)),
            }
        }
        // Largest first; "unknown" last whatever its size; ties alphabetical for stable colours.
        crate::sort::sort_by(&mut counts, |a, b| {
            (a.0 == UNKNOWN).cmp(&(b.0 == UNKNOWN)).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0))
        });
        let coloured = if counts.len() > PALETTE.len() + 1 { PALETTE.len() } else { counts.len() };
        let mut entries: Vec<Category> = Vec::new();
        let mut palette = PALETTE.iter();
        let mut index_of = |key: &str| -> usize {
            let rank = counts.iter().position(|(k, _)| k == key).unwrap_or(usize::MAX);
            let label = if rank < coloured || key == UNKNOWN { key.to_owned() } else { OTHER.to_owned() };
            if let Some(i) = entries.iter().position(|e| e.label == label) {
                return i;
            }
            let color = if label == UNKNOWN || label == OTHER { NEUTRAL } else { *palette.next().unwrap_or(&NEUTRAL) };
            entries.push(Category { label, color });
            entries.len() - 1
        };
        // Register in rank order first so that colours follow the ranking.
        for (key, _) in counts.clone() {
            index_of(&key);
        }
        let of_incident = keys.iter().map(|k| index_of(k).min(u8::MAX as usize) as u8).collect();
        Self { color_by, entries, of_incident }
    }

    /// What the colours show.
    pub fn color_by(&self) -> ColorBy {
        self.color_by
    }

    /// The legend entries, in legend order.
    pub fn entries(&self) -> &[Category] {
        &self.entries
    }

    /// The category of the incident at this position of the store.
    pub fn of(&self, incident: usize) -> u8 {
        self.of_incident.get(incident).copied().unwrap_or(0)
    }

    /// The colour of a category, or the neutral colour for a mixed cluster.
    pub fn color(&self, category: Option<u8>) -> Color {
        match category {
            Some(c) => self.entries.get(usize::from(c)).map_or(NEUTRAL, |e| e.color),
            None if self.color_by == ColorBy::None => SINGLE,
            None => NEUTRAL,
        }
    }
}

const UNKNOWN: &str = "unknown";
const OTHER: &str = "other";

fn key_of(incident: &Incident, color_by: ColorBy) -> String {
    match color_by {
        ColorBy::None => String::new(),
        ColorBy::Target => {
            incident.text.target.as_deref().map(crate::text_case::lowercase).unwrap_or_else(|| UNKNOWN.to_owned())
        }
        ColorBy::Claim => match incident.claimed {
            Some(true) => "claimed".to_owned(),
            Some(false) => "not claimed".to_owned(),
            None => UNKNOWN.to_owned(),
        },
    }
}
