//! ACLED exports (Armed Conflict Location & Event Data), recognised by `event_id_cnty` and
//! `event_date`. The columns read, as ACLED's codebook defines them:
//!
//! | ACLED | incident-map |
//! |---|---|
//! | `event_id_cnty` | `id` |
//! | `event_date` (`2022-04-29` or `29 April 2022`); `time_precision` 3 | `date` (month only for 3) |
//! | `location`, `admin1`, `admin2` | `place`, `province`, `district` |
//! | `latitude`, `longitude` | the point |
//! | `geo_precision` 1 / 2 / 3 | `precision` `city` / `district` / `province` |
//! | `fatalities` | `killed`; `injured` is unknown (ACLED does not count injuries) |
//! | `actor1` | `perpetrator` |
//! | `sub_event_type`, `notes` | `summary` ("Suicide bomb: notes") |
//! | `source` (`;`-separated) | `sources` (titles, no links) |

use crate::json::Value;

use super::row::{count, Draft, Header, Row};
use crate::data::fields::FieldError;
use crate::quoted::Quoted;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a header is ACLED's.
pub(crate) fn matches(header: &Header) -> bool {
    header.has("event_id_cnty") && header.has("event_date")
}

/// The id a row declares.
pub(crate) fn id(row: &Row<'_>) -> Option<String> {
    row.cell("event_id_cnty").map(str::to_owned)
}

/// The feature a row describes.
pub(crate) fn feature(row: &Row<'_>) -> Result<Value, FieldError> {
    let mut draft = Draft::default();
    draft.text("id", row.cell("event_id_cnty"));
    let month_only = row.cell("time_precision") == Some("3");
    match row.cell("event_date") {
        Some(text) => draft.set("date", Value::from(date(text, month_only)?)),
        None => return Err(FieldError::new("date", "event_date is empty")),
    }
    draft.text("place", row.cell("location"));
    draft.text("province", row.cell("admin1"));
    draft.text("district", row.cell("admin2"));
    draft.point(("latitude", row.cell("latitude")), ("longitude", row.cell("longitude")))?;
    if let Some(code) = row.cell("geo_precision") {
        draft.set("precision", Value::from(precision(code)?));
    }
    draft.set("killed", count("killed", "fatalities", row.cell("fatalities"))?);
    draft.text("perpetrator", row.cell("actor1"));
    let summary = match (row.cell("sub_event_type"), row.cell("notes")) {
        (Some(kind), Some(notes)) => Some(format!("{kind}: {notes}")),
        (kind, notes) => kind.or(notes).map(str::to_owned),
    };
    draft.text("summary", summary.as_deref());
    for source in row.cell("source").into_iter().flat_map(|s| s.split(';')).map(str::trim).filter(|s| !s.is_empty()) {
        draft.source(Some(source), None);
    }
    Ok(draft.into_feature())
}

/// ACLED's geo_precision codes: 1, the town itself; 2, near a town or in a part of a district;
/// 3, only a larger region (the province) is known.
fn precision(code: &str) -> Result<&'static str, FieldError> {
    match code {
        "1" => Ok("city"),
        "2" => Ok("district"),
        "3" => Ok("province"),
        other => Err(FieldError::new("precision", format!("geo_precision must be 1, 2 or 3, got {}", Quoted(other)))),
    }
}

/// `2022-04-29` or `29 April 2022` (ACLED's export tool) -> `2022-04-29`; `2022-04` when only the
/// month is known.
fn date(text: &str, month_only: bool) -> Result<String, FieldError> {
    let iso = match text.split_whitespace().collect::<Vec<_>>().as_slice() {
        [day, month, year] => {
            let month = MONTHS
                .iter()
                .position(|m| m.starts_with(&crate::text_case::lowercase(month)) && month.len() >= 3)
                .ok_or_else(|| bad_date(text))?;
            let day: u32 = day.parse().map_err(|_| bad_date(text))?;
            format!("{year}-{:02}-{day:02}", month + 1)
        }
        // The ISO form is checked whole by the date reader; anything else (21-04-2022, say) is
        // told in ACLED's two forms, not the widget's.
        [iso] if iso.len() >= 7 && iso.as_bytes()[..4].iter().all(u8::is_ascii_digit) && iso.as_bytes()[4] == b'-' => {
            (*iso).to_owned()
        }
        _ => return Err(bad_date(text)),
    };
    Ok(if month_only { iso.chars().take(7).collect() } else { iso })
}

fn bad_date(text: &str) -> FieldError {
    FieldError::new("date", format!("event_date must be written 2022-04-29 or 29 April 2022, got {}", Quoted(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_export_formats() {
        assert_eq!(date("29 April 2022", false).unwrap(), "2022-04-29");
        assert_eq!(date("3 Aug 2021", false).unwrap(), "2021-08-03");
        assert_eq!(date("2022-04-29", true).unwrap(), "2022-04");
        assert!(date("29 Foo 2022", false).is_err());
        assert!(date("x April 2022", false).is_err());
        assert_eq!(
            date("21-04-2022", false).unwrap_err().message,
            r#"event_date must be written 2022-04-29 or 29 April 2022, got "21-04-2022""#
        );
    }

    #[test]
    fn precision_codes() {
        assert_eq!(precision("1").unwrap(), "city");
        assert_eq!(precision("3").unwrap(), "province");
        assert!(precision("4").unwrap_err().message.contains("1, 2 or 3"));
    }
}
