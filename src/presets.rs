//! Named views (Afghanistan, Kabul, Mazar-e Sharif, Kunduz) and time presets derived from the data.

use crate::data::{Day, SizeBy};
use crate::geo::{Bounds, LonLat};
use crate::index::TimeRange;
use crate::timeline::DatedFigures;

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
        let key: String = name.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
        let key = crate::text_case::lowercase(&key);
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

/// The default presets: the whole span ("All"), each calendar year when the data spans more than
/// one, and the calendar month with the most casualties (killed and injured; the earliest such
/// month on a tie) when it spans more than one month. `incidents` must be sorted by date.
///
/// ```
/// use incident_map::default_time_presets;
/// # use incident_map::{load_geojson, LoadOptions};
/// let f = |d: &str, k: u32| format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
///     "properties":{{"date":"{d}","killed":{k},"injured":10}}}}"#);
/// let text = format!(r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
///     f("2021-08-26", 182), f("2022-04-21", 31), f("2022-04-29", 50));
/// let data = load_geojson(&text, &LoadOptions::default()).unwrap();
/// let presets = default_time_presets(&data.incidents);
/// let labels: Vec<&str> = presets.iter().map(|p| p.label.as_str()).collect();
/// assert_eq!(labels, ["All", "2021", "2022", "Aug 2021"]);
/// assert_eq!(presets[3].range.from().to_string(), "2021-08-01");
/// ```
pub fn default_time_presets<D: DatedFigures + ?Sized>(incidents: &D) -> Vec<TimePreset> {
    let Some(last) = incidents.count().checked_sub(1) else {
        return Vec::new();
    };
    let Ok(all) = TimeRange::new(incidents.day(0), incidents.day(last)) else {
        return Vec::new();
    };
    let mut presets = vec![TimePreset { label: "All".to_owned(), range: all }];
    let (first_year, last_year) = (all.from().ymd().0, all.to().ymd().0);
    if last_year - first_year >= MOST_YEAR_PRESETS {
        // Decades past that many years: a terrorism database's fifty years would be fifty
        // buttons, rows of them on a phone.
        let decades = first_year.div_euclid(10)..=last_year.div_euclid(10);
        presets.extend(decades.filter_map(|d| span_preset(d * 10, d * 10 + 9, format!("{}s", d * 10))));
    } else if first_year < last_year {
        presets.extend((first_year..=last_year).filter_map(|y| span_preset(y, y, y.to_string())));
    }
    let one_month = TimeRange::month_of(all.from()).contains(all.to());
    if let Some(month) = busiest_month(incidents).filter(|_| !one_month) {
        presets.push(TimePreset { label: month.from().month_label(), range: month });
    }
    presets
}

/// Data spanning more calendar years than this gets a preset per decade instead of per year.
const MOST_YEAR_PRESETS: i32 = 6;

/// From 1 January of `first` to 31 December of `last`.
fn span_preset(first: i32, last: i32, label: String) -> Option<TimePreset> {
    let range = TimeRange::new(Day::from_ymd(first, 1, 1)?, Day::from_ymd(last, 12, 31)?).ok()?;
    Some(TimePreset { label, range })
}

/// The calendar month with the most people killed and injured (the earliest on a tie).
fn busiest_month<D: DatedFigures + ?Sized>(incidents: &D) -> Option<TimeRange> {
    let mut months: Vec<(TimeRange, u64)> = Vec::new();
    for n in 0..incidents.count() {
        let day = incidents.day(n);
        let value = u64::from(incidents.casualties(n).value(SizeBy::Total).unwrap_or(0));
        // In date order, a month's range is worked out once, at its first incident (per
        // incident, it was 54 ms of a million's load, profiled).
        match months.last_mut() {
            Some((m, total)) if m.contains(day) => *total += value,
            _ => months.push((TimeRange::month_of(day), value)),
        }
    }
    // max_by_key keeps the last of equals: reverse so that the earliest month wins a tie.
    months.into_iter().rev().max_by_key(|(_, total)| *total).map(|(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Incident, LoadOptions};

    fn incidents(rows: &[(&str, u32, u32)]) -> Vec<Incident> {
        let features: Vec<String> = rows
            .iter()
            .map(|(d, k, i)| {
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69,34]}},
                    "properties":{{"date":"{d}","killed":{k},"injured":{i}}}}}"#
                )
            })
            .collect();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        let mut list = load_geojson(&text, &LoadOptions::default()).unwrap().incidents;
        list.sort_by_key(|i| i.date);
        list
    }

    fn labels(presets: &[TimePreset]) -> Vec<&str> {
        presets.iter().map(|p| p.label.as_str()).collect()
    }

    #[test]
    fn the_busiest_month_counts_killed_and_injured() {
        // August has the most killed, April the most killed and injured together.
        let list = incidents(&[("2022-04-21", 31, 87), ("2022-04-22", 36, 43), ("2022-08-05", 150, 0)]);
        let presets = default_time_presets(&list);
        assert_eq!(labels(&presets), ["All", "Apr 2022"]);
        assert_eq!(presets[1].range, TimeRange::parse("2022-04-01", "2022-04-30").unwrap());
        assert_eq!(presets[0].range, TimeRange::parse("2022-04-21", "2022-08-05").unwrap());
    }

    #[test]
    fn years_are_whole_calendar_years() {
        let list = incidents(&[("2020-12-31", 1, 0), ("2021-06-01", 1, 0), ("2022-01-01", 5, 0)]);
        let presets = default_time_presets(&list);
        assert_eq!(labels(&presets), ["All", "2020", "2021", "2022", "Jan 2022"]);
        assert_eq!(presets[2].range, TimeRange::parse("2021-01-01", "2021-12-31").unwrap());
    }

    #[test]
    fn six_years_get_a_preset_each_and_more_get_decades() {
        let six = incidents(&[("2017-03-01", 1, 0), ("2022-05-01", 9, 0)]);
        assert_eq!(
            labels(&default_time_presets(&six)),
            ["All", "2017", "2018", "2019", "2020", "2021", "2022", "May 2022"]
        );
        let fifty = incidents(&[("1970-01-05", 1, 0), ("1999-07-01", 9, 0), ("2020-12-01", 2, 0)]);
        let presets = default_time_presets(&fifty);
        assert_eq!(labels(&presets), ["All", "1970s", "1980s", "1990s", "2000s", "2010s", "2020s", "Jul 1999"]);
        assert_eq!(presets[3].range, TimeRange::parse("1990-01-01", "1999-12-31").unwrap());
    }

    #[test]
    fn a_tie_goes_to_the_earliest_month_and_one_month_of_data_has_only_all() {
        let list = incidents(&[("2022-03-02", 5, 0), ("2022-05-02", 5, 0)]);
        assert_eq!(labels(&default_time_presets(&list)), ["All", "Mar 2022"]);
        let list = incidents(&[("2022-03-02", 5, 0), ("2022-03-20", 9, 0)]);
        assert_eq!(labels(&default_time_presets(&list)), ["All"]);
        assert!(default_time_presets(&crate::data::IncidentStore::new()).is_empty());
    }
}
