//! The usual feature, read straight from its JSON bytes: a Point and plain properties, no
//! problem to report. Anything else, or anything this reader is unsure of (an escape in a key,
//! a `\u` escape of a surrogate, a duplicate key, deep nesting), gives `None`, and the feature is
//! read again the general way, which decides and words every problem. So it only ever accepts
//! valid JSON, and reads what serde_json would read from it.
//!
//! By hand rather than through serde's derived readers: those were ~6 KB of the gzipped wasm.

use std::borrow::Cow;

use crate::json::Value;

/// A Point feature with plain properties, as [`read_plain`] found it.
#[derive(Debug, PartialEq)]
pub(crate) struct PlainFeature<'a> {
    /// `[longitude, latitude]` as written.
    pub(crate) coordinates: (f64, f64),
    pub(crate) properties: PlainProperties<'a>,
}

/// The properties `incident_from` reads, as text, counts and a flag, untrimmed.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct PlainProperties<'a> {
    pub(crate) id: Option<Cow<'a, str>>,
    pub(crate) date: Option<Cow<'a, str>>,
    pub(crate) killed: Option<u32>,
    pub(crate) injured: Option<u32>,
    pub(crate) precision: Option<Cow<'a, str>>,
    pub(crate) claimed: Option<bool>,
    pub(crate) place: Option<Cow<'a, str>>,
    pub(crate) place_fa: Option<Cow<'a, str>>,
    pub(crate) province: Option<Cow<'a, str>>,
    pub(crate) district: Option<Cow<'a, str>>,
    pub(crate) site: Option<Cow<'a, str>>,
    pub(crate) target: Option<Cow<'a, str>>,
    pub(crate) community: Option<Cow<'a, str>>,
    pub(crate) perpetrator: Option<Cow<'a, str>>,
    pub(crate) claim: Option<Cow<'a, str>>,
    pub(crate) summary: Option<Cow<'a, str>>,
}

/// The feature in `bytes` when it is a usual one: `"type": "Feature"`, a Point of two numbers,
/// properties of the expected types, no feature-level `id` or `bbox`, no `figures` or `sources`,
/// no count of 4294967295 (the store's "unknown").
pub(crate) fn read_plain(bytes: &[u8]) -> Option<PlainFeature<'_>> {
    let mut scan = Scan::new(bytes);
    let feature = scan.feature()?;
    scan.end()?;
    Some(feature)
}

/// How much of the input a feature read where it lies took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Extent {
    /// Its bytes, from the first.
    pub(crate) len: usize,
    /// Line breaks among them (only white space between tokens can hold one in a usual feature).
    pub(crate) line_breaks: u64,
    /// Where the last line began, as an offset from the first byte, if a line break was met.
    pub(crate) last_line_start: Option<usize>,
}

/// Why [`read_plain_at_start`] read nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotRead {
    /// The input ended inside the feature: it must be gathered whole first.
    Incomplete,
    /// Not a usual feature: the general reader must read it.
    Unusual,
}

/// The usual feature that `bytes` start with, read where it lies, and how much of them it took;
/// nothing past its end is looked at. A stream reads each feature straight from the chunk it
/// arrived in, without first finding where it ends.
pub(crate) fn read_plain_at_start(bytes: &[u8]) -> Result<(PlainFeature<'_>, Extent), NotRead> {
    let mut scan = Scan::new(bytes);
    match scan.feature() {
        Some(feature) => {
            Ok((feature, Extent { len: scan.at, line_breaks: scan.line_breaks, last_line_start: scan.last_line_start }))
        }
        None if scan.at >= bytes.len() => Err(NotRead::Incomplete),
        None => Err(NotRead::Unusual),
    }
}

/// The keys met in one object, to refuse a duplicate (serde would refuse it too).
#[derive(Default)]
struct Seen(u32);

impl Seen {
    fn first(&mut self, key: u32) -> Option<bool> {
        let bit = 1 << key;
        (self.0 & bit == 0).then(|| self.0 |= bit).map(|()| true)
    }
}

/// Deeper than this, a skipped value sends the feature to the general reader.
const MAX_DEPTH: usize = 64;

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Line breaks passed, and where the line after the last one starts.
    line_breaks: u64,
    last_line_start: Option<usize>,
}

impl<'a> Scan<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0, line_breaks: 0, last_line_start: None }
    }

    /// A whole feature object.
    fn feature(&mut self) -> Option<PlainFeature<'a>> {
        let (mut kind, mut coordinates, mut properties) = (false, None, None);
        let mut seen = Seen::default();
        self.members(|scan, key| {
            match key {
                b"type" => kind = seen.first(0)? && scan.text()? == Some(Cow::Borrowed("Feature")),
                b"geometry" => coordinates = Some((seen.first(1)?, scan.point()?).1),
                b"properties" => properties = Some((seen.first(2)?, scan.properties()?).1),
                // Left to the general reader unless null, like the `figures` and `sources` below.
                b"id" => (seen.first(3)?, scan.null()?).1,
                b"bbox" => (seen.first(4)?, scan.null()?).1,
                _ => scan.skip(0)?,
            }
            Some(())
        })?;
        kind.then_some(PlainFeature { coordinates: coordinates?, properties: properties? })
    }

    fn peek(&mut self) -> Option<u8> {
        loop {
            match self.bytes.get(self.at) {
                Some(b' ' | b'\t' | b'\r') => {}
                Some(b'\n') => {
                    self.line_breaks += 1;
                    self.last_line_start = Some(self.at + 1);
                }
                other => return other.copied(),
            }
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.peek()?;
        let rest = &self.bytes[self.at..];
        if rest.starts_with(word) {
            self.at += word.len();
            return Some(());
        }
        if word.starts_with(rest) {
            // Cut short by the end of the input: read_plain_at_start says so.
            self.at = self.bytes.len();
        }
        None
    }

    /// Nothing but white space is left.
    fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// Calls `each` with every key of an object, positioned at its value.
    fn members(&mut self, mut each: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let (key, escaped) = self.string()?;
            if escaped || std::str::from_utf8(key).is_err() {
                return None;
            }
            self.eat(b':')?;
            each(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string's bytes between its quotes, and whether it has escapes. Control characters and
    /// malformed escapes are refused; so are `\u` escapes of surrogates (rare: left to serde).
    fn string(&mut self) -> Option<(&'a [u8], bool)> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            match byte {
                b'"' => return Some((&self.bytes[start..self.at - 1], escaped)),
                b'\\' => {
                    escaped = true;
                    let kind = *self.bytes.get(self.at)?;
                    self.at += 1;
                    match kind {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let Some(hex) = self.bytes.get(self.at..self.at + 4) else {
                                self.at = self.bytes.len();
                                return None;
                            };
                            let code = hex.iter().try_fold(0u32, |n, &h| Some(n * 16 + char::from(h).to_digit(16)?))?;
                            if (0xD800..0xE000).contains(&code) {
                                return None;
                            }
                            self.at += 4;
                        }
                        _ => return None,
                    }
                }
                0..=0x1F => return None,
                _ => {}
            }
        }
    }

    /// Text or null (`None`); `None` of the outer option for anything else.
    fn text(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        let start = self.at;
        let (raw, escaped) = self.string()?;
        if !escaped {
            return std::str::from_utf8(raw).ok().map(|s| Some(Cow::Borrowed(s)));
        }
        // Escapes are decoded by the JSON reader, as the general reader would.
        match crate::json::from_slice(&self.bytes[start..self.at]).ok()? {
            Value::String(text) => Some(Some(Cow::Owned(text))),
            _ => None,
        }
    }

    fn null(&mut self) -> Option<()> {
        self.literal(b"null")
    }

    /// A number's text, checked against JSON's grammar.
    fn number(&mut self) -> Option<&'a [u8]> {
        self.peek()?;
        let start = self.at;
        let digits = |scan: &mut Self| {
            let from = scan.at;
            while scan.bytes.get(scan.at).is_some_and(u8::is_ascii_digit) {
                scan.at += 1;
            }
            (scan.at > from).then_some(())
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if self.bytes.get(self.at) == Some(&b'0') {
            self.at += 1;
        } else {
            digits(self)?;
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            digits(self)?;
        }
        Some(&self.bytes[start..self.at])
    }

    /// A number read by the JSON reader, so that it is the very value the general reader gets.
    fn float(&mut self) -> Option<f64> {
        crate::json::f64_from_slice(self.number()?)
    }

    /// A count (a whole number of at most 4294967294, written plainly) or null.
    fn count(&mut self) -> Option<Option<u32>> {
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        let digits = self.number()?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))?;
        u32::try_from(n).ok().filter(|n| *n != u32::MAX).map(Some)
    }

    fn flag(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b't' => self.literal(b"true").map(|()| Some(true)),
            b'f' => self.literal(b"false").map(|()| Some(false)),
            _ => self.literal(b"null").map(|()| None),
        }
    }

    /// `{"type": "Point", "coordinates": [lon, lat]}` and nothing else.
    fn point(&mut self) -> Option<(f64, f64)> {
        let (mut point, mut coordinates) = (false, None);
        let mut seen = Seen::default();
        self.members(|scan, key| {
            match key {
                b"type" => point = seen.first(0)? && scan.text()? == Some(Cow::Borrowed("Point")),
                b"coordinates" => {
                    seen.first(1)?;
                    scan.eat(b'[')?;
                    let lon = scan.float()?;
                    scan.eat(b',')?;
                    let lat = scan.float()?;
                    scan.eat(b']')?;
                    coordinates = Some((lon, lat));
                }
                _ => return None,
            }
            Some(())
        })?;
        point.then_some(coordinates?)
    }

    fn properties(&mut self) -> Option<PlainProperties<'a>> {
        let mut p = PlainProperties::default();
        let mut seen = Seen::default();
        self.members(|scan, key| {
            let text = |scan: &mut Self, seen: &mut Seen, bit, field: &mut Option<Cow<'a, str>>| {
                seen.first(bit)?;
                *field = scan.text()?;
                Some(())
            };
            match key {
                b"id" => text(scan, &mut seen, 0, &mut p.id)?,
                b"date" => text(scan, &mut seen, 1, &mut p.date)?,
                b"precision" => text(scan, &mut seen, 2, &mut p.precision)?,
                b"place" => text(scan, &mut seen, 3, &mut p.place)?,
                b"place_fa" => text(scan, &mut seen, 4, &mut p.place_fa)?,
                b"province" => text(scan, &mut seen, 5, &mut p.province)?,
                b"district" => text(scan, &mut seen, 6, &mut p.district)?,
                b"site" => text(scan, &mut seen, 7, &mut p.site)?,
                b"target" => text(scan, &mut seen, 8, &mut p.target)?,
                b"community" => text(scan, &mut seen, 9, &mut p.community)?,
                b"perpetrator" => text(scan, &mut seen, 10, &mut p.perpetrator)?,
                b"claim" => text(scan, &mut seen, 11, &mut p.claim)?,
                b"summary" => text(scan, &mut seen, 12, &mut p.summary)?,
                b"killed" => p.killed = (seen.first(13)?, scan.count()?).1,
                b"injured" => p.injured = (seen.first(14)?, scan.count()?).1,
                b"claimed" => p.claimed = (seen.first(15)?, scan.flag()?).1,
                b"figures" => (seen.first(16)?, scan.null()?).1,
                b"sources" => (seen.first(17)?, scan.null()?).1,
                _ => scan.skip(0)?,
            }
            Some(())
        })?;
        Some(p)
    }

    /// Passes over any valid JSON value.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.members(|scan, _| scan.skip(depth + 1)),
            b'[' => {
                self.at += 1;
                if self.peek()? == b']' {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    self.skip(depth + 1)?;
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The reader this one replaced (serde's derived readers), kept here as the oracle: on every
    //! input where this reader answers, it answers the same.
    use super::*;

    /// The usual feature, read straight into typed fields: a Point and plain properties. Anything
    /// else (a missing or unusual field, a wrong type, a problem to report) makes [`fast_incident`]
    /// give up, and the feature is read again the general way, which words every problem.
    #[derive(serde::Deserialize)]
    struct OldFeature<'a> {
        #[serde(rename = "type", borrow)]
        kind: Cow<'a, str>,
        #[serde(borrow)]
        geometry: MapOnly<OldPoint<'a>>,
        #[serde(borrow)]
        properties: MapOnly<OldProperties<'a>>,
        /// A feature-level id: left to the general reader (it may be a number).
        #[serde(default)]
        id: Option<serde::de::IgnoredAny>,
        /// Checked by the GeoJSON reader: left to it.
        #[serde(default)]
        bbox: Option<serde::de::IgnoredAny>,
    }

    /// A struct read only from a JSON object: serde would also read one from a list, by position,
    /// which GeoJSON does not allow.
    struct MapOnly<T>(T);

    impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for MapOnly<T> {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Objects<T>(std::marker::PhantomData<T>);
            impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Objects<T> {
                type Value = MapOnly<T>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                    T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(MapOnly)
                }
            }
            deserializer.deserialize_map(Objects(std::marker::PhantomData))
        }
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OldPoint<'a> {
        #[serde(rename = "type", borrow)]
        kind: Cow<'a, str>,
        coordinates: (f64, f64),
    }

    /// The properties `incident_from` reads, as text, counts and a flag; `figures` and `sources`
    /// are left to the general reader.
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct OldProperties<'a> {
        #[serde(borrow)]
        id: Option<Cow<'a, str>>,
        #[serde(borrow)]
        date: Option<Cow<'a, str>>,
        killed: Option<u32>,
        injured: Option<u32>,
        #[serde(borrow)]
        precision: Option<Cow<'a, str>>,
        claimed: Option<bool>,
        #[serde(borrow)]
        place: Option<Cow<'a, str>>,
        #[serde(borrow)]
        place_fa: Option<Cow<'a, str>>,
        #[serde(borrow)]
        province: Option<Cow<'a, str>>,
        #[serde(borrow)]
        district: Option<Cow<'a, str>>,
        #[serde(borrow)]
        site: Option<Cow<'a, str>>,
        #[serde(borrow)]
        target: Option<Cow<'a, str>>,
        #[serde(borrow)]
        community: Option<Cow<'a, str>>,
        #[serde(borrow)]
        perpetrator: Option<Cow<'a, str>>,
        #[serde(borrow)]
        claim: Option<Cow<'a, str>>,
        #[serde(borrow)]
        summary: Option<Cow<'a, str>>,
        figures: Option<serde::de::IgnoredAny>,
        sources: Option<serde::de::IgnoredAny>,
    }

    fn old_read(bytes: &[u8]) -> Option<PlainFeature<'_>> {
        let MapOnly(feature) = serde_json::from_slice::<MapOnly<OldFeature<'_>>>(bytes).ok()?;
        let (MapOnly(geometry), MapOnly(p)) = (feature.geometry, feature.properties);
        let plain = feature.kind == "Feature"
            && geometry.kind == "Point"
            && feature.id.is_none()
            && feature.bbox.is_none()
            && p.figures.is_none()
            && p.sources.is_none()
            && p.killed != Some(u32::MAX)
            && p.injured != Some(u32::MAX);
        plain.then_some(PlainFeature {
            coordinates: geometry.coordinates,
            properties: PlainProperties {
                id: p.id,
                date: p.date,
                killed: p.killed,
                injured: p.injured,
                precision: p.precision,
                claimed: p.claimed,
                place: p.place,
                place_fa: p.place_fa,
                province: p.province,
                district: p.district,
                site: p.site,
                target: p.target,
                community: p.community,
                perpetrator: p.perpetrator,
                claim: p.claim,
                summary: p.summary,
            },
        })
    }

    const BASE: &str = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,34.5]},"properties":{"id":"a","date":"2022-04-29","killed":3,"injured":null,"place":"Kabul","place_fa":"کابل","claimed":true,"summary":"x \"y\" \n","extra":[1,{"z":2}]}}"#;

    /// Values for a property: each kind, escapes, numbers at the edges, nesting.
    const VALUES: [&str; 40] = [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "7",
        "01",
        "1.5",
        "-1",
        "1e3",
        "4294967294",
        "4294967295",
        "4294967296",
        "99999999999999999999",
        r#""""#,
        r#"" x ""#,
        r#""é""#,
        r#""a\"b""#,
        r#""\u00e9""#,
        r#""\ud83d\ude00""#,
        r#""\ud83d""#,
        r#""\x""#,
        r#""tab\there""#,
        "\"ctl\u{1}\"",
        "[]",
        "[1,2]",
        "[[1],{}]",
        "{}",
        r#"{"a":[1]}"#,
        r#"{"a":1,}"#,
        "[1,]",
        "tru",
        "nul",
        "1.",
        "-",
        ".5",
        "1e",
        "[69.2,34.5]",
        r#""Point""#,
        r#""Feature""#,
    ];

    fn same(text: &str) -> (bool, bool) {
        let (new, old) = (read_plain(text.as_bytes()), old_read(text.as_bytes()));
        if new.is_some() {
            assert_eq!(new, old, "{text}");
        }
        (new.is_some(), old.is_some())
    }

    #[test]
    fn reads_what_serde_read() {
        assert!(read_plain(BASE.as_bytes()).is_some());
        let keys = ["id", "date", "killed", "injured", "precision", "claimed", "place", "summary", "figures", "extra"];
        let mut accepted = 0;
        for key in keys {
            for value in VALUES {
                let value = value.replace("\\u{1}", "\u{1}");
                let text = BASE.replacen("\"properties\":{", &format!("\"properties\":{{\"{key}\":{value},"), 1);
                let (new, old) = same(&text);
                // Only a surrogate escape, a "-0" count or a duplicate key may send to the general reader
                // what serde read.
                let stricter = value.contains("ud83d")
                    || value == "-0"
                    || ["id", "date", "killed", "injured", "place", "claimed", "summary"].contains(&key);
                assert!(new == old || stricter, "{text}");

                accepted += usize::from(new);
            }
        }
        for (at, value) in [
            ("\"type\":\"Feature\"", "\"type\":\"Fe\\u0061ture\""),
            ("[69.2,34.5]", "[69.2,34.5,1]"),
            ("[69.2,34.5]", "[ 69 , -0 ]"),
            ("[69.2,34.5]", "[1e400,0]"),
            ("\"Point\"", "\"Point\",\"bbox\":null"),
            ("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":null,\"bbox\":null,\"x\":{\"y\":[]},"),
        ] {
            same(&BASE.replacen(at, value, 1));
        }
        assert!(accepted > 30, "{accepted}");
    }

    #[test]
    fn never_reads_what_serde_refused() {
        let mut both = 0;
        for at in 0..BASE.len() {
            if !BASE.is_char_boundary(at) {
                continue;
            }
            let next = BASE[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            for insert in ["", "\"", "\\", ",", "}", "]", "{", "[", " ", "0", "-", "e", ".", "x", "\u{1}", "n"] {
                for text in [
                    format!("{}{insert}{}", &BASE[..at], &BASE[next..]),
                    format!("{}{insert}{}", &BASE[..at], &BASE[at..]),
                ] {
                    let (new, old) = same(&text);
                    both += usize::from(new && old);
                }
            }
        }
        assert!(both > 1000, "{both}");
    }

    /// Read where it lies, a feature takes exactly its own bytes, whatever follows; cut short
    /// anywhere, it is incomplete, never read as something else.
    #[test]
    fn a_feature_read_at_the_start_stops_at_its_end() {
        let pretty =
            BASE.replace(",\"geometry\"", ",\n  \"geometry\"").replace(",\"properties\"", ",\r\n\t\"properties\"");
        for feature in [BASE.to_owned(), pretty] {
            let whole = read_plain(feature.as_bytes()).unwrap();
            for after in ["", ",", ",{\"type\":", "]}", " x"] {
                let text = format!("{feature}{after}");
                let (read, extent) = read_plain_at_start(text.as_bytes()).unwrap();
                assert_eq!((read, extent.len), (read_plain(feature.as_bytes()).unwrap(), feature.len()), "{text}");
                // The lines it passed: as many as it holds, the last starting after the last break.
                assert_eq!(extent.line_breaks, feature.matches('\n').count() as u64);
                assert_eq!(extent.last_line_start, feature.rfind('\n').map(|n| n + 1));
            }
            assert!(read_plain_at_start(feature.as_bytes()).is_ok_and(|(read, _)| read == whole));
            for cut in 0..feature.len() {
                assert_eq!(
                    read_plain_at_start(&feature.as_bytes()[..cut]).err(),
                    Some(NotRead::Incomplete),
                    "cut at {cut}"
                );
            }
        }
        let unusual = BASE.replace("\"date\"", "\"sources\":[],\"date\"");
        assert_eq!(read_plain_at_start(unusual.as_bytes()).err(), Some(NotRead::Unusual));
    }
}
