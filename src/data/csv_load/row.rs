//! A CSV row read by column name, and the cell readers every dialect shares. Cells arrive as
//! text; these readers turn them into the JSON values a GeoJSON feature would hold, or into a
//! problem that names the column as the file does.

use crate::sorted_map::SortedMap;

use crate::json::{Map, Number, Value};

use std::borrow::Cow;

use crate::data::fields::{decimal, FieldError};
use crate::quoted::Quoted;

/// The header row: column name (trimmed, lower case, spaces as `_`) -> position.
#[derive(Debug, Default)]
pub(crate) struct Header {
    columns: SortedMap<String, usize>,
    names: Vec<String>,
}

/// A column name as the header matches it: "Event Date " -> "event_date".
pub(crate) fn column_key(name: &str) -> String {
    crate::text_case::lowercase(name.trim().trim_start_matches('\u{feff}'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
}

impl Header {
    pub(crate) fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let names: Vec<String> = names.map(column_key).collect();
        let mut columns = SortedMap::new();
        for (i, name) in names.iter().enumerate() {
            columns.get_or_insert_with(name.clone(), || i);
        }
        Self { columns, names }
    }

    /// Whether the header has this column.
    pub(crate) fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The first of these columns that the header has.
    pub(crate) fn first_of(&self, columns: &[&'static str]) -> Option<&'static str> {
        columns.iter().copied().find(|c| self.has(c))
    }

    /// The column names, for messages.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }
}

/// One data row.
pub(crate) struct Row<'r> {
    pub(crate) header: &'r Header,
    pub(crate) record: &'r super::reader::Record,
}

impl Row<'_> {
    /// The trimmed cell of `column`; `None` when the column is absent or the cell empty.
    pub(crate) fn cell(&self, column: &str) -> Option<&str> {
        let i = *self.header.columns.get(column)?;
        self.record.get(i).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The cell of the first of these columns that the header has.
    pub(crate) fn cell_of(&self, columns: &[&'static str]) -> (Option<&'static str>, Option<&str>) {
        match self.header.first_of(columns) {
            Some(column) => (Some(column), self.cell(column)),
            None => (None, None),
        }
    }
}

/// A number cell in Western digits: Persian (۰-۹) and Arabic-Indic (٠-٩) digits and the Arabic
/// decimal separator, which spreadsheets in Dari or Pashto write, are read as 0-9 and `.`; a
/// leading `+` before a digit is dropped (JSON's number form, read below, has none).
fn western_digits(text: &str) -> Cow<'_, str> {
    let text = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || !c.is_ascii()) => rest,
        _ => text,
    };
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                // Both runs of ten start at a multiple of 16: the low four bits are the digit.
                '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (u32::from(c) & 0xF) as u8),
                '\u{066B}' => '.',
                _ => c,
            })
            .collect(),
    )
}

/// A casualty count from a cell: a non-negative whole number, or null when the cell is empty.
pub(crate) fn count(field: &str, column: &str, cell: Option<&str>) -> Result<Value, FieldError> {
    let Some(cell) = cell else { return Ok(Value::Null) };
    let text = &*western_digits(cell);
    let bad = |why: String| FieldError::new(field, format!("{column} must be a non-negative whole number, {why}"));
    if let Ok(n) = text.parse::<u32>() {
        return Ok(Value::from(n));
    }
    match decimal(text) {
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX) => Ok(Value::from(f as u32)),
        Some(f) if f >= 0.0 && f.fract() == 0.0 => Err(bad(format!("got {cell}, which is too large"))),
        Some(_) => Err(bad(format!("got {cell}"))),
        None => Err(bad(format!("got {}", Quoted(cell)))),
    }
}

/// A decimal degree from a cell; `None` when the cell is empty.
pub(crate) fn degrees(column: &str, cell: Option<&str>) -> Result<Option<f64>, FieldError> {
    let Some(cell) = cell else { return Ok(None) };
    let text = &*western_digits(cell);
    match decimal(text) {
        Some(v) => Ok(Some(v)),
        None if is_non_finite(text) => {
            Err(FieldError::new(column, format!("{column} must be a finite number, got {}", Quoted(cell))))
        }
        None => Err(FieldError::new(
            column,
            format!("{column} must be a number in decimal degrees (such as 34.5281), got {}", Quoted(cell)),
        )),
    }
}

/// NaN and the infinities as spreadsheets and programs write them.
fn is_non_finite(text: &str) -> bool {
    let lower = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    matches!(lower.as_str(), "nan" | "inf" | "infinity" | "#num!")
}

/// A feature being made from a row.
#[derive(Default)]
pub(crate) struct Draft {
    properties: Map,
    point: Option<(f64, f64)>,
}

impl Draft {
    /// Sets a property from a cell, when the cell has text.
    pub(crate) fn text(&mut self, key: &str, cell: Option<&str>) {
        if let Some(text) = cell {
            self.set(key, Value::from(text));
        }
    }

    /// Sets a property.
    pub(crate) fn set(&mut self, key: &str, value: Value) {
        self.properties.insert(key.to_owned(), value);
    }

    /// Sets the point from latitude and longitude cells: both, or neither (the place is then
    /// looked up in the gazetteer).
    pub(crate) fn point(
        &mut self,
        (lat_column, lat): (&str, Option<&str>),
        (lon_column, lon): (&str, Option<&str>),
    ) -> Result<(), FieldError> {
        match (degrees(lat_column, lat)?, degrees(lon_column, lon)?) {
            (Some(lat), Some(lon)) => self.point = Some((lon, lat)),
            (None, None) => {}
            (Some(_), None) => return Err(missing_half(lon_column, lat_column)),
            (None, Some(_)) => return Err(missing_half(lat_column, lon_column)),
        }
        Ok(())
    }

    /// Adds a source: a title, a link, or both.
    pub(crate) fn source(&mut self, title: Option<&str>, url: Option<&str>) {
        if title.is_none() && url.is_none() {
            return;
        }
        let mut source = Map::new();
        source.insert("title".to_owned(), title.map_or(Value::Null, Value::from));
        source.insert("url".to_owned(), url.map_or(Value::Null, Value::from));
        if !self.properties.contains_key("sources") {
            self.properties.insert("sources".to_owned(), Value::Array(Vec::new()));
        }
        if let Some(Value::Array(list)) = self.properties.get_mut("sources") {
            list.push(Value::Object(source));
        }
    }

    /// The GeoJSON feature.
    pub(crate) fn into_feature(self) -> Value {
        let geometry = match self.point.and_then(|(lon, lat)| Some((Number::from_f64(lon)?, Number::from_f64(lat)?))) {
            Some((lon, lat)) => {
                let mut point = Map::new();
                point.insert("type".to_owned(), Value::from("Point"));
                point.insert("coordinates".to_owned(), Value::Array(vec![Value::Number(lon), Value::Number(lat)]));
                Value::Object(point)
            }
            None => Value::Null,
        };
        let mut feature = Map::new();
        feature.insert("type".to_owned(), Value::from("Feature"));
        feature.insert("geometry".to_owned(), geometry);
        feature.insert("properties".to_owned(), Value::Object(self.properties));
        Value::Object(feature)
    }
}

fn missing_half(missing: &str, given: &str) -> FieldError {
    FieldError::new(missing, format!("{missing} is empty but {given} is not: give both, or neither and a place"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_the_column() {
        assert_eq!(count("killed", "fatalities", Some("12")), Ok(Value::from(12)));
        assert_eq!(count("killed", "nkill", Some("4.0")), Ok(Value::from(4)));
        assert_eq!(count("killed", "killed", None), Ok(Value::Null));
        let message = |cell| count("killed", "fatalities", Some(cell)).unwrap_err().message;
        assert_eq!(message("-3"), "fatalities must be a non-negative whole number, got -3");
        assert_eq!(message("2.5"), "fatalities must be a non-negative whole number, got 2.5");
        assert_eq!(message("many"), r#"fatalities must be a non-negative whole number, got "many""#);
        assert_eq!(message("NaN"), r#"fatalities must be a non-negative whole number, got "NaN""#);
        assert!(message("1e12").contains("too large"));
    }

    #[test]
    fn degrees_must_be_finite_numbers() {
        assert_eq!(degrees("lat", Some("34.5")), Ok(Some(34.5)));
        assert!(degrees("lat", Some("inf")).unwrap_err().message.contains("finite"));
        assert!(degrees("lat", Some("34°31'N")).unwrap_err().message.contains("decimal degrees"));
    }

    #[test]
    fn header_names_are_matched_loosely() {
        let header = Header::new(["\u{feff}Event Date", " LATITUDE "].into_iter());
        assert!(header.has("event_date") && header.has("latitude"));
        assert_eq!(header.first_of(&["lat", "latitude"]), Some("latitude"));
    }
}
