use std::fmt;

use super::IncidentDate;
use crate::geo::LonLat;

/// An incident's identifier: unique within a dataset, never empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IncidentId(String);

/// `text` without the white space around it, as `str::trim` (Unicode's White_Space): most
/// values loaded have none, which the ends' bytes tell at once. A loader trims every text field
/// of every incident, and `str::trim` decodes a character at each end first (about 6% of reading
/// a feature, profiled in the browser).
pub(crate) fn trimmed(text: &str) -> &str {
    // An ASCII byte at an end is a whole character: not white space unless one of these.
    let plain = |b: u8| b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&first), Some(&last)) if !(plain(first) && plain(last)) => text.trim(),
        _ => text,
    }
}

impl IncidentId {
    /// An id from non-empty text (surrounding white space is trimmed).
    pub fn new(text: &str) -> Option<Self> {
        let trimmed = trimmed(text);
        (!trimmed.is_empty()).then(|| Self(trimmed.to_owned()))
    }

    /// An id the store kept: it was made by [`new`](Self::new), so it is trimmed and not empty.
    pub(crate) fn stored(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IncidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reported casualties. `None` means unknown, which is not the same as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Casualties {
    /// People killed, when reported.
    pub killed: Option<u32>,
    /// People injured, when reported.
    pub injured: Option<u32>,
}

/// Which figure sizes the markers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SizeBy {
    /// People killed.
    #[default]
    Killed,
    /// People injured.
    Injured,
    /// Killed plus injured.
    Total,
}

impl SizeBy {
    /// Parses the `size-by` attribute: `killed`, `injured` or `total` (also `killed+injured`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "killed" => Some(Self::Killed),
            "injured" => Some(Self::Injured),
            "total" | "killed+injured" | "casualties" => Some(Self::Total),
            _ => None,
        }
    }

    /// A label for legends: "killed", "injured" or "killed and injured".
    pub fn label(self) -> &'static str {
        match self {
            Self::Killed => "killed",
            Self::Injured => "injured",
            Self::Total => "killed and injured",
        }
    }
}

impl Casualties {
    /// The value a marker is sized by; `None` when that figure is unknown. A total is known when
    /// either part is (the unknown part then counts as zero, the reported part as a minimum).
    pub fn value(self, size_by: SizeBy) -> Option<u32> {
        match size_by {
            SizeBy::Killed => self.killed,
            SizeBy::Injured => self.injured,
            SizeBy::Total => match (self.killed, self.injured) {
                (None, None) => None,
                (k, i) => Some(k.unwrap_or(0).saturating_add(i.unwrap_or(0))),
            },
        }
    }
}

/// How exactly an incident's position is known, from the most exact to the least.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// The exact building, gate or street.
    Site,
    /// A district or neighbourhood centroid.
    District,
    /// A city or town centre.
    City,
    /// A province centroid.
    Province,
    /// The data does not say: the point is drawn as approximate, since nothing says it is exact.
    Unknown,
}

impl Precision {
    /// Parses `site`, `district`, `city` (also `town`), `province` or `unknown`.
    ///
    /// ```
    /// use incident_map::Precision;
    /// assert_eq!(Precision::parse(" Town "), Some(Precision::City));
    /// assert_eq!(Precision::parse("street"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        // Compared without a lower-cased copy: every incident that states its precision comes here.
        let word = trimmed(text);
        [
            ("site", Self::Site),
            ("exact", Self::Site),
            ("district", Self::District),
            ("city", Self::City),
            ("town", Self::City),
            ("province", Self::Province),
            ("unknown", Self::Unknown),
        ]
        .into_iter()
        .find_map(|(name, precision)| word.eq_ignore_ascii_case(name).then_some(precision))
    }

    /// The less exact of two precisions; a known precision beats `Unknown`.
    ///
    /// ```
    /// use incident_map::Precision;
    /// assert_eq!(Precision::City.coarser(Precision::Province), Precision::Province);
    /// assert_eq!(Precision::Unknown.coarser(Precision::City), Precision::City);
    /// ```
    pub fn coarser(self, other: Self) -> Self {
        match (self, other) {
            (Self::Unknown, known) | (known, Self::Unknown) => known,
            (a, b) => a.max(b),
        }
    }

    /// The keyword used in the data format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Site => "site",
            Self::District => "district",
            Self::City => "city",
            Self::Province => "province",
            Self::Unknown => "unknown",
        }
    }

    /// A phrase for readers: "exact site", "district (approximate)", ...
    pub fn describe(self) -> &'static str {
        match self {
            Self::Site => "exact site",
            Self::District => "district centre (approximate)",
            Self::City => "city or town centre (approximate)",
            Self::Province => "province centre (approximate)",
            Self::Unknown => "not stated (may be approximate)",
        }
    }
}

/// A cited source. `url` is set only for `http:` and `https:` links: anything else stays text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// What to show: a headline, an outlet or an organisation.
    pub title: String,
    /// A safe link to the source.
    pub url: Option<String>,
}

/// One reported casualty figure, as given by one source at one time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedFigure {
    /// `first` or `later` (or any word the data uses).
    pub stage: Option<String>,
    /// The casualties this report gave.
    pub casualties: Casualties,
    /// "at least", "over", "about": the figure is a bound or an estimate.
    pub qualifier: Option<String>,
    /// Who reported it.
    pub source: Option<Source>,
    /// When it was reported, as written in the data.
    pub reported: Option<String>,
    /// Who gave the figure, or other context.
    pub note: Option<String>,
}

/// Free-text descriptive fields of an incident, each optional and shown only as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentText {
    /// City or town, in English.
    pub place: Option<String>,
    /// The place in Persian script.
    pub place_fa: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// District or neighbourhood.
    pub district: Option<String>,
    /// The building, gate or vehicle attacked.
    pub site: Option<String>,
    /// Category of target: mosque, school, bus, airport, ...
    pub target: Option<String>,
    /// The community targeted.
    pub community: Option<String>,
    /// Who carried it out, or is suspected to.
    pub perpetrator: Option<String>,
    /// The claim, in words ("claimed on Telegram", "not claimed; IS suspected").
    pub claim: Option<String>,
    /// One sentence on what happened.
    pub summary: Option<String>,
}

/// One validated incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// Unique identifier.
    pub id: IncidentId,
    /// Local date, and time when known.
    pub date: IncidentDate,
    /// Where it is drawn.
    pub position: LonLat,
    /// How exactly `position` is known.
    pub precision: Precision,
    /// The figures that size the marker.
    pub casualties: Casualties,
    /// Whether the attack was claimed; `None` when the data does not say.
    pub claimed: Option<bool>,
    /// Descriptive text.
    pub text: IncidentText,
    /// Every reported figure, in the order reported.
    pub figures: Vec<ReportedFigure>,
    /// Sources for the incident as a whole.
    pub sources: Vec<Source>,
}

impl Incident {
    /// A one-line title: the site if known, else the place, else the id.
    pub fn title(&self) -> &str {
        self.text.site.as_deref().or(self.text.place.as_deref()).unwrap_or(self.id.as_str())
    }
}

/// Whether a URL may become a link: only absolute `http:` and `https:` URLs.
///
/// ```
/// use incident_map::is_safe_link;
/// assert!(is_safe_link("https://en.wikipedia.org/wiki/2021_Kabul_airport_attack"));
/// assert!(!is_safe_link("javascript:alert(1)"));
/// assert!(!is_safe_link(" JaVaScRiPt:alert(1)"));
/// assert!(!is_safe_link("data:text/html,<script>alert(1)</script>"));
/// ```
pub fn is_safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/'))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_is_str_trim() {
        let ends: Vec<String> = (0u8..0x80)
            .map(|b| char::from(b).to_string())
            .chain(["\u{85}", "\u{a0}", "\u{2003}", "\u{3000}", "\u{200b}", "é", "کابل"].map(str::to_owned))
            .collect();
        for a in &ends {
            for b in &ends {
                for text in [format!("{a}x{b}"), format!("{a}{b}"), a.clone()] {
                    assert_eq!(trimmed(&text), text.trim(), "{text:?}");
                }
            }
        }
        assert_eq!(trimmed(""), "");
    }

    #[test]
    fn precision_words_are_read_in_any_case() {
        for (word, precision) in [("SITE", Precision::Site), ("Exact", Precision::Site), (" town\t", Precision::City)] {
            assert_eq!(Precision::parse(word), Some(precision));
        }
        // Only ASCII letters fold: a dotted capital I is not an i.
        assert_eq!(Precision::parse("S\u{130}TE"), None);
        assert_eq!(Precision::parse("sites"), None);
    }
}
