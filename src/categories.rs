//! Marker colours by category: the target type or the claim status. Colours come from the
//! Okabe-Ito palette, which stays distinguishable for readers with the common colour-vision
//! deficiencies; categories beyond it share one "other" colour rather than reuse a hue.

use crate::sorted_map::SortedMap;

use crate::data::IncidentStore;
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
    /// let c = Categories::new(&incident_map::IncidentStore::from_incidents(data.incidents), ColorBy::Claim);
    /// let labels: Vec<&str> = c.entries().iter().map(|e| e.label.as_str()).collect();
    /// assert_eq!(labels, ["claimed", "not claimed"]);
    /// ```
    pub fn new(incidents: &IncidentStore, color_by: ColorBy) -> Self {
        if color_by == ColorBy::None {
            let entries = vec![Category { label: "incident".to_owned(), color: SINGLE }];
            return Self { color_by, entries, of_incident: vec![0; incidents.len()] };
        }
        // Each incident's key as a number: a million incidents share a few dozen keys, so the
        // text is lowercased once per distinct spelling, not once per incident.
        let mut counts: Vec<(String, usize)> = Vec::new();
        // A few dozen distinct texts: found by binary search, a handful of short comparisons.
        let mut key_of_text: SortedMap<&str, u32> = SortedMap::new();
        let key_number = |key: String, counts: &mut Vec<(String, usize)>| -> u32 {
            match counts.iter().position(|(k, _)| *k == key) {
                Some(at) => at as u32,
                None => {
                    counts.push((key, 0));
                    (counts.len() - 1) as u32
                }
            }
        };
        // Keys that need no text: unknown (slot 0), not claimed, claimed.
        let mut claim_keys: [Option<u32>; 3] = [None; 3];
        let keys: Vec<u32> = (0..incidents.len())
            .map(|n| {
                let key = match color_by {
                    ColorBy::Target => match incidents.target(n) {
                        Some(text) => match key_of_text.get(text) {
                            Some(&key) => key,
                            None => {
                                let key = key_number(crate::text_case::lowercase(text), &mut counts);
                                key_of_text.insert(text, key);
                                key
                            }
                        },
                        None => *claim_keys[0].get_or_insert_with(|| key_number(UNKNOWN.to_owned(), &mut counts)),
                    },
                    _ => {
                        let claimed = incidents.claimed(n);
                        let slot = &mut claim_keys[claimed.map_or(0, |c| 1 + usize::from(c))];
                        *slot.get_or_insert_with(|| key_number(claim_key(claimed).to_owned(), &mut counts))
                    }
                };
                counts[key as usize].1 += 1;
                key
            })
            .collect();
        let key_texts: Vec<String> = counts.iter().map(|(k, _)| k.clone()).collect();
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
        let entry_of_key: Vec<u8> = key_texts.iter().map(|k| index_of(k).min(u8::MAX as usize) as u8).collect();
        let of_incident = keys.iter().map(|&k| entry_of_key[k as usize]).collect();
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

fn claim_key(claimed: Option<bool>) -> &'static str {
    match claimed {
        Some(true) => "claimed",
        Some(false) => "not claimed",
        None => UNKNOWN,
    }
}
