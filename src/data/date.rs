use crate::quoted::Quoted;
use std::fmt;

/// A calendar day, counted in days since 1970-01-01 (proleptic Gregorian).
///
/// Incident dates are local dates at the place of the incident: a `Day` has no time zone, so the
/// browser's zone can never shift an attack to the previous or next day.
///
/// ```
/// use incident_map::Day;
/// let d = Day::parse("2022-04-29").unwrap();
/// assert_eq!(d.to_string(), "2022-04-29");
/// assert_eq!(d.succ().to_string(), "2022-04-30");
/// assert!(Day::parse("2022-02-30").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

/// A day with an optional local time of day: the moment an incident happened. When only the
/// month or the year is known (`2022-04`, `2022`), the date stands on the first day of that month
/// or year for sorting and filtering, and says so when shown.
///
/// ```
/// use incident_map::{DateSpan, IncidentDate};
/// let d = IncidentDate::parse("2021-08-26T17:50").unwrap();
/// assert_eq!(d.to_string(), "2021-08-26 17:50");
/// assert!(IncidentDate::parse("2021-08-26T25:00").is_err());
/// let april = IncidentDate::parse("2022-04").unwrap();
/// assert_eq!((april.span(), april.day().to_string()), (DateSpan::Month, "2022-04-01".to_owned()));
/// assert_eq!(april.to_string(), "2022-04");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IncidentDate {
    day: Day,
    /// Minutes after local midnight, when the time is known.
    minute: Option<u16>,
    span: DateSpan,
}

/// How much of a date is known: the day, only the month, or only the year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateSpan {
    /// The day is known.
    #[default]
    Day,
    /// Only the month is known (GTD `iday` 0; written `YYYY-MM`).
    Month,
    /// Only the year is known (GTD `imonth` 0; written `YYYY`).
    Year,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (optionally `THH:MM`).
    Malformed(String),
    /// Well formed, but no such day (for example 2022-02-30).
    NoSuchDay(String),
    /// Well formed, but no such time of day (for example 24:30).
    NoSuchTime(String),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(s) => {
                write!(f, "must be a date written YYYY-MM-DD (optionally with THH:MM), got {}", Quoted(s))
            }
            Self::NoSuchDay(s) => write!(f, "{} is not a day of the calendar", Quoted(s)),
            Self::NoSuchTime(s) => write!(f, "{} has no such time of day (use 00:00 to 23:59)", Quoted(s)),
        }
    }
}

impl std::error::Error for DateError {}

const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Day {
    /// The day of a valid calendar date; `None` if the date does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self(days_from_civil(year, month, day)))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let malformed = || DateError::Malformed(text.to_owned());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(malformed());
        }
        let part = |range: std::ops::Range<usize>| text.get(range).and_then(digits).ok_or_else(malformed);
        let (year, month, day) = (part(0..4)?, part(5..7)?, part(8..10)?);
        Self::from_ymd(year as i32, month, day).ok_or_else(|| DateError::NoSuchDay(text.to_owned()))
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The day with this number of days since 1970-01-01.
    pub fn from_days_since_epoch(days: i32) -> Self {
        Self(days)
    }

    /// The next day.
    pub fn succ(self) -> Self {
        Self(self.0 + 1)
    }

    /// Year, month (1-12) and day of month (1-31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Self {
        let (y, m, _) = self.ymd();
        Self(days_from_civil(y, m, 1))
    }

    /// The last day of this day's month.
    pub fn month_end(self) -> Self {
        let (y, m, _) = self.ymd();
        Self(days_from_civil(y, m, days_in_month(y, m)))
    }

    /// A short month label such as "Apr 2022".
    pub fn month_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{} {y}", MONTH_NAMES[(m - 1) as usize])
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl IncidentDate {
    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (a space may stand for the `T`; seconds are accepted
    /// and dropped), or `YYYY-MM` / `YYYY` when only the month or the year is known. The date is
    /// local to the place: no zone suffix is accepted.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        if let Some(partial) = Self::parse_partial(trimmed) {
            return partial.ok_or_else(|| DateError::NoSuchDay(text.to_owned()));
        }
        let (day_part, time_part) = match trimmed.get(10..11) {
            None => (trimmed, None),
            Some("T") | Some(" ") => (trimmed.get(..10).unwrap_or_default(), trimmed.get(11..)),
            Some(_) => return Err(DateError::Malformed(text.to_owned())),
        };
        let day = Day::parse(day_part).map_err(|e| match e {
            DateError::Malformed(_) => DateError::Malformed(text.to_owned()),
            other => other,
        })?;
        let minute = time_part.map(|t| parse_time(t, text)).transpose()?;
        Ok(Self { day, minute, span: DateSpan::Day })
    }

    /// `YYYY-MM` or `YYYY`: `None` if the text has neither shape, `Some(None)` for a month 00 or 13+.
    fn parse_partial(text: &str) -> Option<Option<Self>> {
        let bytes = text.as_bytes();
        match bytes.len() {
            4 => Some(Self::from_parts(digits(text)? as i32, 0, 0)),
            7 if bytes[4] == b'-' => {
                let month = digits(text.get(5..)?)?;
                Some(Self::from_parts(digits(text.get(..4)?)? as i32, month, 0).filter(|_| month != 0))
            }
            _ => None,
        }
    }

    /// A date from year, month and day where 0 means unknown, as the Global Terrorism Database
    /// writes them: a month of 0 leaves only the year, a day of 0 only the month. `None` if the
    /// date does not exist.
    ///
    /// ```
    /// use incident_map::{DateSpan, IncidentDate};
    /// assert_eq!(IncidentDate::from_parts(2022, 4, 0).unwrap().span(), DateSpan::Month);
    /// assert_eq!(IncidentDate::from_parts(2022, 0, 0).unwrap().to_string(), "2022");
    /// assert_eq!(IncidentDate::from_parts(2022, 2, 30), None);
    /// ```
    pub fn from_parts(year: i32, month: u32, day: u32) -> Option<Self> {
        let (month_known, span) = match (month, day) {
            (0, _) => (1, DateSpan::Year),
            (m, 0) => (m, DateSpan::Month),
            (m, _) => (m, DateSpan::Day),
        };
        let first = Day::from_ymd(year, month_known, if span == DateSpan::Day { day } else { 1 })?;
        Some(Self { day: first, minute: None, span })
    }

    /// The date as one number that sorts as the date does: the day, then the time of day
    /// (unknown first), then the span. The compact incident store keeps dates this way.
    pub(crate) fn packed(self) -> u64 {
        let day = u64::from((self.day.0 as u32) ^ 0x8000_0000);
        let minute = self.minute.map_or(0, |m| u64::from(m) + 1);
        let span = match self.span {
            DateSpan::Day => 0,
            DateSpan::Month => 1,
            DateSpan::Year => 2,
        };
        (day << 32) | (minute << 8) | span
    }

    /// The date [`packed`](Self::packed) made.
    pub(crate) fn unpacked(packed: u64) -> Self {
        let day = Day(((packed >> 32) as u32 ^ 0x8000_0000) as i32);
        let minute = match (packed >> 8) & 0xff_ffff {
            0 => None,
            m => Some((m - 1) as u16),
        };
        let span = match packed & 0xff {
            0 => DateSpan::Day,
            1 => DateSpan::Month,
            _ => DateSpan::Year,
        };
        Self { day, minute, span }
    }

    /// How much of the date is known.
    pub fn span(self) -> DateSpan {
        self.span
    }

    /// The local calendar day.
    pub fn day(self) -> Day {
        self.day
    }

    /// Minutes after local midnight, when the time is known.
    pub fn minute_of_day(self) -> Option<u16> {
        self.minute
    }
}

impl From<Day> for IncidentDate {
    fn from(day: Day) -> Self {
        Self { day, minute: None, span: DateSpan::Day }
    }
}

impl fmt::Display for IncidentDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, _) = self.day.ymd();
        match self.span {
            DateSpan::Year => return write!(f, "{year:04}"),
            DateSpan::Month => return write!(f, "{year:04}-{month:02}"),
            DateSpan::Day => write!(f, "{}", self.day)?,
        }
        if let Some(m) = self.minute {
            write!(f, " {:02}:{:02}", m / 60, m % 60)?;
        }
        Ok(())
    }
}

fn parse_time(t: &str, whole: &str) -> Result<u16, DateError> {
    let malformed = || DateError::Malformed(whole.to_owned());
    let bytes = t.as_bytes();
    let well_formed = (bytes.len() == 5 || (bytes.len() == 8 && bytes[5] == b':')) && bytes[2] == b':';
    if !well_formed {
        return Err(malformed());
    }
    let hour = t.get(0..2).and_then(digits).ok_or_else(malformed)?;
    let minute = t.get(3..5).and_then(digits).ok_or_else(malformed)?;
    if bytes.len() == 8 {
        t.get(6..8).and_then(digits).filter(|s| *s < 60).ok_or_else(|| DateError::NoSuchTime(whole.to_owned()))?;
    }
    if hour > 23 || minute > 59 {
        return Err(DateError::NoSuchTime(whole.to_owned()));
    }
    Ok((hour * 60 + minute) as u16)
}

/// ASCII digits only: `str::parse` would also take a sign.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: exact for the whole proleptic Gregorian calendar.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_round_trips() {
        assert_eq!(Day::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        for days in (-700_000..2_900_000).step_by(997) {
            let d = Day::from_days_since_epoch(days);
            assert_eq!(Day::parse(&d.to_string()).unwrap(), d);
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(Day::parse("2022-02-30"), Err(DateError::NoSuchDay("2022-02-30".into())));
        assert!(Day::parse("2024-02-29").is_ok());
        assert!(Day::parse("2023-02-29").is_err());
        for bad in ["", "2022-4-29", "29/04/2022", "2022-04-29Z", "+022-04-29", "2022-13-01", "2022-00-10"] {
            assert!(IncidentDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_are_local_and_optional() {
        let d = IncidentDate::parse("2022-04-21T11:55").unwrap();
        assert_eq!(d.minute_of_day(), Some(11 * 60 + 55));
        assert_eq!(IncidentDate::parse("2022-04-21 11:55:30").unwrap(), d);
        assert!(IncidentDate::parse("2022-04-21T11:55+04:30").is_err(), "zones are not accepted");
        assert!(IncidentDate::parse("2022-04-21").unwrap() < d, "a day without time sorts first");
    }

    #[test]
    fn partial_dates_know_what_is_unknown() {
        let month = IncidentDate::parse("2022-04").unwrap();
        assert_eq!((month.span(), month.day().to_string()), (DateSpan::Month, "2022-04-01".to_owned()));
        assert_eq!(IncidentDate::parse("2022").unwrap().span(), DateSpan::Year);
        assert_eq!(IncidentDate::parse("2022-13"), Err(DateError::NoSuchDay("2022-13".into())));
        assert_eq!(IncidentDate::parse("2022-00"), Err(DateError::NoSuchDay("2022-00".into())));
        assert!(matches!(IncidentDate::parse("2022-4"), Err(DateError::Malformed(_))));
        assert!(matches!(IncidentDate::parse("22"), Err(DateError::Malformed(_))));
        assert!(month < IncidentDate::parse("2022-04-01T00:00").unwrap());
        assert_eq!(IncidentDate::from_parts(2022, 0, 5).unwrap().span(), DateSpan::Year, "a day without a month");
    }

    #[test]
    fn month_helpers() {
        let d = Day::parse("2024-02-10").unwrap();
        assert_eq!(d.month_start().to_string(), "2024-02-01");
        assert_eq!(d.month_end().to_string(), "2024-02-29");
        assert_eq!(d.month_label(), "Feb 2024");
    }
}
