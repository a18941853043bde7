//! Global Terrorism Database exports, recognised by `eventid` and `iyear`. The columns read, as
//! the GTD codebook defines them:
//!
//! | GTD | incident-map |
//! |---|---|
//! | `eventid` | `id` |
//! | `iyear`, `imonth`, `iday` (0: unknown) | `date`: `YYYY-MM-DD`, `YYYY-MM` (day 0) or `YYYY` (month 0) |
//! | `city`, `provstate` ("Unknown": empty) | `place`, `province` |
//! | `latitude`, `longitude` | the point |
//! | `specificity` 1 / 2 / 3 / 4 / 5 | `precision` `city` / `district` / `district` / `province` / rejected |
//! | `nkill` − `nkillter`, `nwound` − `nwoundte` | `killed`, `injured` (victims: perpetrators taken out when counted) |
//! | `targtype1_txt`, `target1` | `target`, `site` |
//! | `gname` | `perpetrator` |
//! | `claimed` 1 / 0 / -9 | `claimed` true / false / unknown |
//! | `summary` | `summary` |
//! | `scite1`, `scite2`, `scite3` | `sources` (citations, no links) |

use crate::json::Value;

use super::row::{count, Draft, Header, Row};
use crate::data::fields::FieldError;
use crate::data::IncidentDate;
use crate::quoted::Quoted;

/// Whether a header is the GTD's.
pub(crate) fn matches(header: &Header) -> bool {
    header.has("eventid") && header.has("iyear")
}

/// The id a row declares.
pub(crate) fn id(row: &Row<'_>) -> Option<String> {
    row.cell("eventid").map(str::to_owned)
}

/// The GTD's cells for "not known": empty, "Unknown", or the codes -9 and -99.
fn known<'a>(row: &'a Row<'_>, column: &str) -> Option<&'a str> {
    row.cell(column).filter(|c| !c.eq_ignore_ascii_case("unknown") && *c != "-9" && *c != "-99")
}

/// The feature a row describes.
pub(crate) fn feature(row: &Row<'_>) -> Result<Value, FieldError> {
    let mut draft = Draft::default();
    draft.text("id", row.cell("eventid"));
    draft.set("date", Value::from(date(row)?));
    draft.text("place", known(row, "city"));
    draft.text("province", known(row, "provstate"));
    draft.point(("latitude", row.cell("latitude")), ("longitude", row.cell("longitude")))?;
    if let Some(code) = row.cell("specificity") {
        draft.set("precision", Value::from(precision(code)?));
    }
    draft.set("killed", victims(row, "killed", "nkill", "nkillter")?);
    draft.set("injured", victims(row, "injured", "nwound", "nwoundte")?);
    draft.text("target", known(row, "targtype1_txt"));
    draft.text("site", known(row, "target1"));
    draft.text("perpetrator", known(row, "gname"));
    match known(row, "claimed") {
        Some("1") => draft.set("claimed", Value::Bool(true)),
        Some("0") => draft.set("claimed", Value::Bool(false)),
        _ => {}
    }
    draft.text("summary", row.cell("summary"));
    for column in ["scite1", "scite2", "scite3"] {
        draft.source(row.cell(column), None);
    }
    Ok(draft.into_feature())
}

fn date(row: &Row<'_>) -> Result<String, FieldError> {
    let part = |column: &str| -> Result<u32, FieldError> {
        let text = row.cell(column).unwrap_or("0");
        text.parse()
            .map_err(|_| FieldError::new("date", format!("{column} must be a whole number, got {}", Quoted(text))))
    };
    let (year, month, day) = (part("iyear")?, part("imonth")?, part("iday")?);
    if year == 0 {
        return Err(FieldError::new("date", "iyear is empty or 0: the year is needed"));
    }
    let year = i32::try_from(year).map_err(|_| FieldError::new("date", format!("iyear {year} is not a year")))?;
    IncidentDate::from_parts(year, month, day).map(|d| d.to_string()).ok_or_else(|| {
        FieldError::new("date", format!("iyear/imonth/iday {year}/{month}/{day} is not a day of the calendar"))
    })
}

/// The GTD's specificity codes: 1, the town's own point; 2, the town is known but not its
/// point, and 3, not in a town: the centre of the smallest region known (a district); 4, only the
/// province; 5, only the country, which is no position to draw.
fn precision(code: &str) -> Result<&'static str, FieldError> {
    match code {
        "1" => Ok("city"),
        "2" | "3" => Ok("district"),
        "4" => Ok("province"),
        "5" => Err(FieldError::new(
            "precision",
            "specificity is 5: the GTD places this event only at the centre of the country, which cannot be mapped",
        )),
        other => Err(FieldError::new("precision", format!("specificity must be 1 to 5, got {}", Quoted(other)))),
    }
}

/// A count of victims: the total minus the perpetrators in it, when the GTD counts them.
fn victims(row: &Row<'_>, field: &str, total: &str, perpetrators: &str) -> Result<Value, FieldError> {
    let all = count(field, total, known(row, total))?;
    let theirs = count(field, perpetrators, known(row, perpetrators))?;
    Ok(match (all.as_u64(), theirs.as_u64()) {
        (Some(all), Some(theirs)) if theirs <= all => Value::from(all - theirs),
        _ => all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specificity_codes() {
        assert_eq!(precision("1").unwrap(), "city");
        assert_eq!(precision("3").unwrap(), "district");
        assert_eq!(precision("4").unwrap(), "province");
        assert!(precision("5").unwrap_err().message.contains("centre of the country"));
        assert!(precision("x").is_err());
    }
}
