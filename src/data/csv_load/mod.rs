//! Loading incidents from CSV: the widget's own columns, or an ACLED or GTD export as it comes,
//! recognised by its header. Each row becomes a GeoJSON feature and is checked exactly as one,
//! so a CSV file gets the same validation and the same report, with the line of each row.

mod acled;
mod gtd;
mod incidents;
mod reader;
mod row;

use crate::json::Value;

use super::collect::{Collector, Position};
use super::fields::FieldError;
use super::options::{Dataset, LoadOptions};
use super::report::LoadError;
use crate::quoted::Quoted;
use reader::{Reader, Record};
use row::{Header, Row};

/// The kinds of CSV file the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvDialect {
    /// The widget's own columns (`date`, `place` or `lat`/`lon`, `killed`, `injured`, ...).
    Incidents,
    /// An ACLED export.
    Acled,
    /// A Global Terrorism Database export.
    Gtd,
}

impl CsvDialect {
    /// The dialect of a header row, if it is one the loader reads.
    ///
    /// ```
    /// use incident_map::CsvDialect;
    /// assert_eq!(CsvDialect::of_header("event_id_cnty,event_date,latitude,longitude,fatalities"), Some(CsvDialect::Acled));
    /// assert_eq!(CsvDialect::of_header("eventid;iyear;imonth;iday"), Some(CsvDialect::Gtd));
    /// assert_eq!(CsvDialect::of_header("date,place,killed"), Some(CsvDialect::Incidents));
    /// assert_eq!(CsvDialect::of_header("name,value"), None);
    /// ```
    pub fn of_header(line: &str) -> Option<Self> {
        Self::of(&read_header(&mut reader(line), &mut Record::default()))
    }

    fn of(header: &Header) -> Option<Self> {
        if acled::matches(header) {
            Some(Self::Acled)
        } else if gtd::matches(header) {
            Some(Self::Gtd)
        } else if incidents::matches(header) {
            Some(Self::Incidents)
        } else {
            None
        }
    }

    fn id(self, row: &Row<'_>) -> Option<String> {
        match self {
            Self::Incidents => incidents::id(row),
            Self::Acled => acled::id(row),
            Self::Gtd => gtd::id(row),
        }
    }

    fn feature(self, row: &Row<'_>) -> Result<Value, FieldError> {
        match self {
            Self::Incidents => incidents::feature(row),
            Self::Acled => acled::feature(row),
            Self::Gtd => gtd::feature(row),
        }
    }
}

/// Loads incidents from CSV text whose first line is a header.
///
/// ```
/// use incident_map::{load_csv, LoadOptions};
/// let text = "id,date,place,lat,lon,killed,injured\n\
///             a,2022-04-21,Mazar-e Sharif,,,31,87\n\
///             b,2022-04-29,Kabul,34.5281,69.1723,-3,\n";
/// let data = load_csv(text, &LoadOptions::default()).unwrap();
/// assert_eq!(data.incidents.len(), 1);
/// assert_eq!(data.incidents[0].text.place.as_deref(), Some("Mazar-e Sharif"));
/// assert_eq!(data.report.rejected[0].to_string(),
///            r#"line 3 (id "b"): killed must be a non-negative whole number, got -3"#);
/// ```
pub fn load_csv(text: &str, options: &LoadOptions) -> Result<Dataset, LoadError> {
    if text.len() > options.max_bytes {
        return Err(LoadError::TooLarge { bytes: text.len(), limit: options.max_bytes });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = reader(text);
    let mut record = Record::default();
    let header = read_header(&mut reader, &mut record);
    let dialect = CsvDialect::of(&header).ok_or_else(|| not_a_table(text, &header))?;
    let mut collector = Collector::for_csv(options);
    for index in 0.. {
        if !reader.read(&mut record) {
            break;
        }
        if index >= options.max_features {
            return Err(LoadError::TooManyRows { limit: options.max_features });
        }
        let row = Row { header: &header, record: &record };
        let item = dialect.feature(&row).map_err(|e| (dialect.id(&row), e));
        collector.add(Position { index, line: Some(record.line()) }, item);
    }
    collector.finish()
}

/// The first record as the header; no record (an empty text) is a header without names, which
/// [`not_a_table`] explains.
fn read_header(reader: &mut Reader<'_>, record: &mut Record) -> Header {
    reader.read(record);
    Header::new(record.iter())
}

/// A reader that takes the delimiter the header line uses most: `,`, `;` or a tab.
fn reader(text: &str) -> Reader<'_> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first_line.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    Reader::new(text, delimiter)
}

fn not_a_table(text: &str, header: &Header) -> LoadError {
    let first: String = text.lines().next().unwrap_or("").chars().take(80).collect();
    let why = if text.trim().is_empty() {
        "it is empty".to_owned()
    } else if header.names().len() < 2 {
        format!("it does not start with {{ or [, and its first line, {}, is not a CSV header", Quoted(&first))
    } else {
        let names = header.names();
        let mut shown: Vec<String> = names.iter().take(12).map(|n| n.chars().take(40).collect()).collect();
        if names.len() > 12 {
            shown.push(format!("and {} more", names.len() - 12));
        }
        format!(
            "its header ({}) lacks a date column with lat and lon or place columns; \
             ACLED and GTD exports are recognised by event_id_cnty or eventid (see docs/DATA.md)",
            shown.join(", ")
        )
    };
    LoadError::NotJsonOrCsv(why)
}
