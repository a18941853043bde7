//! What a reader sees, written into the page's URL hash so that a link reproduces it: the view
//! (zoom and centre), the time range and the selected incident, under a key of the embedder's
//! choosing so that two maps on a page keep separate entries and the page's own anchors survive.
//!
//! `#map1=view:13.5/36.7089/67.1104;time:2022-04-19..2022-04-29;select:mazar-attack&map2=...`
//!
//! The view follows OpenStreetMap's `zoom/lat/lon` order. A missing `time` means everything and a
//! missing `select` means no selection; a missing `view` leaves the view as it is.

use std::fmt;

use crate::float::fixed_text;
use crate::geo::LonLat;
use crate::index::TimeRange;
use crate::quoted::Quoted;
use crate::view::Zoom;

/// The name of a map's entry in the hash: letters, digits, `-` and `_`.
///
/// ```
/// use incident_map::HashKey;
/// assert!(HashKey::new("map1").is_ok());
/// assert!(HashKey::new("map 1").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashKey(String);

/// A hash key that is empty or has other characters than letters, digits, `-` and `_`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashKeyError(pub String);

impl fmt::Display for HashKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the hash key must be letters, digits, - or _, such as \"map1\"; got {}", Quoted(&self.0))
    }
}

impl std::error::Error for HashKeyError {}

impl HashKey {
    /// Checks the key.
    pub fn new(text: &str) -> Result<Self, HashKeyError> {
        let ok = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(HashKeyError(text.to_owned()))
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A view as shared: centre and zoom (the size is the reader's own).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SharedView {
    /// The centre of the map.
    pub center: LonLat,
    /// The zoom level.
    pub zoom: Zoom,
}

/// The state a link carries.
///
/// ```
/// use incident_map::{SharedState, TimeRange};
/// let state = SharedState::parse("view:13.5/36.7089/67.1104;time:2022-04-19..2022-04-29;select:a%3Bb");
/// assert_eq!(state.time, TimeRange::parse("2022-04-19", "2022-04-29").ok());
/// assert_eq!(state.selected.as_deref(), Some("a;b"));
/// assert_eq!(state.view.unwrap().zoom.value(), 13.5);
/// assert_eq!(SharedState::parse(&state.encode()), state);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SharedState {
    /// The view, if the link has one.
    pub view: Option<SharedView>,
    /// The time range; `None` shows everything.
    pub time: Option<TimeRange>,
    /// The selected incident's id.
    pub selected: Option<String>,
    /// A `time:` part that is no range (reversed, or no day of the calendar), as written: the
    /// map shows every day, and says why.
    pub unread_time: Option<String>,
}

impl SharedState {
    /// Reads an entry's value. Parts that cannot be read are left out rather than failing the
    /// whole link: a hand-edited link still shows what it can.
    pub fn parse(value: &str) -> Self {
        let mut state = Self::default();
        for part in value.split(';') {
            let Some((name, rest)) = part.split_once(':') else { continue };
            match name {
                "view" => state.view = parse_view(rest),
                "time" => {
                    // `from..to`; a date holds no dot.
                    let (from, to) = rest.split_once('.').unwrap_or_default();
                    state.time = to.strip_prefix('.').and_then(|to| TimeRange::parse(from, to).ok());
                    state.unread_time = state.time.is_none().then(|| rest.to_owned());
                }
                "select" => state.selected = percent_decode(rest).filter(|id| !id.is_empty()),
                _ => {}
            }
        }
        state
    }

    /// The entry's value, the inverse of [`parse`](Self::parse) (coordinates to five decimals,
    /// about a metre; zoom to two).
    pub fn encode(&self) -> String {
        let mut parts = Vec::new();
        if let Some(view) = self.view {
            let (z, lat, lon) = (view.zoom.value(), view.center.lat(), view.center.lon());
            parts.push(format!("view:{}/{}/{}", decimal(z, 2), decimal(lat, 5), decimal(lon, 5)));
        }
        if let Some(time) = self.time {
            parts.push(format!("time:{}..{}", time.from(), time.to()));
        }
        if let Some(id) = &self.selected {
            parts.push(format!("select:{}", percent_encode(id)));
        }
        parts.join(";")
    }
}

fn parse_view(text: &str) -> Option<SharedView> {
    // Our JSON number reader (src/json), not `str::parse::<f64>`: that would link core's ~16 KB float
    // parser (code and tables) into the wasm for this one use. What `decimal` below writes is JSON.
    let mut numbers = text.split('/').map(crate::data::decimal);
    let (Some(Some(zoom)), Some(Some(lat)), Some(Some(lon)), None) =
        (numbers.next(), numbers.next(), numbers.next(), numbers.next())
    else {
        return None;
    };
    Some(SharedView { center: LonLat::new(lon, lat).ok()?, zoom: Zoom::try_from(zoom).ok()? })
}

/// `value` rounded to `places` decimals, without trailing zeros: 13.50 is "13.5", 67.0 is "67".
fn decimal(value: f64, places: usize) -> String {
    let text = fixed_text(value, places);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// The value of `key`'s entry in a URL fragment (given without its `#`), still encoded.
///
/// ```
/// use incident_map::{hash_entry, HashKey};
/// let key = HashKey::new("map2").unwrap();
/// assert_eq!(hash_entry("intro&map1=time:x&map2=select:y", &key), Some("select:y"));
/// assert_eq!(hash_entry("intro", &key), None);
/// ```
pub fn hash_entry<'a>(fragment: &'a str, key: &HashKey) -> Option<&'a str> {
    fragment.split('&').find_map(|entry| entry.strip_prefix(key.as_str())?.strip_prefix('='))
}

/// The fragment with `key`'s entry set to `value` (added at the end if it was not there); every
/// other entry, and anything else in the fragment, is kept as it was.
///
/// ```
/// use incident_map::{with_hash_entry, HashKey};
/// let key = HashKey::new("map1").unwrap();
/// assert_eq!(with_hash_entry("", &key, "time:a..b"), "map1=time:a..b");
/// assert_eq!(with_hash_entry("intro&map1=old&map2=x", &key, "new"), "intro&map1=new&map2=x");
/// ```
pub fn with_hash_entry(fragment: &str, key: &HashKey, value: &str) -> String {
    let entry = format!("{}={value}", key.as_str());
    let mut replaced = false;
    let mut entries: Vec<String> = fragment
        .split('&')
        .filter(|e| !e.is_empty())
        .map(|e| {
            let ours = e.strip_prefix(key.as_str()).is_some_and(|rest| rest.starts_with('='));
            if ours {
                replaced = true;
                entry.clone()
            } else {
                e.to_owned()
            }
        })
        .collect();
    if !replaced {
        entries.push(entry);
    }
    entries.join("&")
}

/// The fragment without `key`'s entry; every other entry, and anything else, kept as it was.
///
/// ```
/// use incident_map::{without_hash_entry, HashKey};
/// let key = HashKey::new("map1").unwrap();
/// assert_eq!(without_hash_entry("intro&map1=old&map2=x", &key), "intro&map2=x");
/// assert_eq!(without_hash_entry("map1=old", &key), "");
/// ```
pub fn without_hash_entry(fragment: &str, key: &HashKey) -> String {
    let ours = |e: &&str| e.strip_prefix(key.as_str()).is_some_and(|rest| rest.starts_with('='));
    fragment.split('&').filter(|e| !e.is_empty() && !ours(e)).collect::<Vec<_>>().join("&")
}

/// Characters an id keeps as they are in the hash: RFC 3986's unreserved ones and the few
/// sub-delimiters the entry format does not use itself (not `;`, `&`, `=`, `%` or `#`).
fn keeps(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$'()*+,:@/".contains(&byte)
}

fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| if keeps(b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Decodes `%XX` sequences; `None` when they do not make UTF-8 text.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> HashKey {
        HashKey::new(k).unwrap()
    }

    #[test]
    fn a_time_part_that_is_no_range_is_kept_to_be_told() {
        let state = SharedState::parse("time:2022-04-29..2022-04-19;select:a");
        assert_eq!((state.time, state.unread_time.as_deref()), (None, Some("2022-04-29..2022-04-19")));
        assert_eq!(state.selected.as_deref(), Some("a"), "the rest of the link is read");
        assert_eq!(SharedState::parse("time:2022-04-19..2022-04-29").unread_time, None);
    }

    #[test]
    fn a_full_state_round_trips() {
        let state = SharedState {
            view: Some(SharedView { center: LonLat::new(67.110_44, 36.708_91).unwrap(), zoom: Zoom::clamped(13.25) }),
            time: TimeRange::parse("2022-04-19", "2022-04-29").ok(),
            selected: Some("mazar-e-sharif-2022-04-21-seh-dokan-mosque".to_owned()),
            unread_time: None,
        };
        let text = state.encode();
        assert_eq!(
            text,
            "view:13.25/36.70891/67.11044;time:2022-04-19..2022-04-29;select:mazar-e-sharif-2022-04-21-seh-dokan-mosque"
        );
        assert_eq!(SharedState::parse(&text), state);
        assert_eq!(SharedState::default().encode(), "");
    }

    #[test]
    fn ids_with_separators_and_other_scripts_survive() {
        for id in ["a;b&c=d#e%f", "مزار شریف", "x y"] {
            let state = SharedState { selected: Some(id.to_owned()), ..SharedState::default() };
            let text = state.encode();
            let encoded = text.strip_prefix("select:").unwrap();
            assert!(!encoded.contains([';', '&', '=', '#', ' ']), "{text}");
            assert!(encoded.is_ascii(), "{text}");
            assert_eq!(SharedState::parse(&text).selected.as_deref(), Some(id), "{text}");
        }
    }

    #[test]
    fn bad_parts_are_left_out() {
        let state = SharedState::parse("view:99/36/67;time:2022-04-29..2022-04-19;select:%ZZ;junk;colour:red");
        let unread = Some("2022-04-29..2022-04-19".to_owned());
        assert_eq!(
            state,
            SharedState { unread_time: unread, ..SharedState::default() },
            "zoom 99, a reversed range and a bad escape"
        );
        let state = SharedState::parse("time:2022-04-19..2022-04-29;view:13/36.7/67.1/4");
        assert!(state.time.is_some() && state.view.is_none());
        for part in ["time:2022-04-19.2022-04-29", "time:2022-04-19", "time:..2022-04-29", "time:2022-04-19..."] {
            assert_eq!(SharedState::parse(part).time, None, "{part}");
        }
    }

    #[test]
    fn entries_of_other_keys_and_page_anchors_are_kept() {
        let fragment = "section-2&map10=view:1/2/3&map1=time:x";
        assert_eq!(hash_entry(fragment, &key("map1")), Some("time:x"), "map10 is not map1");
        assert_eq!(with_hash_entry(fragment, &key("map1"), "new"), "section-2&map10=view:1/2/3&map1=new");
        assert_eq!(with_hash_entry(fragment, &key("map"), "v"), "section-2&map10=view:1/2/3&map1=time:x&map=v");
        assert_eq!(hash_entry("", &key("map1")), None);
    }

    #[test]
    fn keys_are_checked() {
        for bad in ["", "a=b", "a&b", "map 1", "#map"] {
            assert!(HashKey::new(bad).is_err(), "{bad:?}");
        }
        assert!(HashKey::new("Map_2-b").is_ok());
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(decimal(13.0, 2), "13");
        assert_eq!(decimal(-0.000_001, 5), "0");
        assert_eq!(decimal(67.1, 5), "67.1");
    }
}
