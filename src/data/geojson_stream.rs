//! GeoJSON read as it arrives, in chunks of any size: a small scanner follows the top-level
//! object and the `features` list (strings, escapes, nesting) and hands each feature alone to
//! the JSON reader (src/json) and the validator. Neither the whole document nor a JSON tree of it is ever held, so
//! loading a 234 MB file costs the incidents, not the text.
//!
//! A usual feature (see `plain_feature`) is read where it lies in the chunk, in one pass. Only a
//! feature cut by the chunk's end, or one the fast reader turns down, is first gathered whole
//! (its end found by the scanner, its bytes copied): finding every feature's end first took 15%
//! of a load, profiled in the browser.

use crate::json::Value;

use super::collect::{Collector, Position};
use super::fields::describe;
use super::options::{CompactDataset, LoadOptions, MAX_NESTING};
use super::plain_feature::{Extent, NotRead};
use super::report::LoadError;
use crate::quoted::Quoted;

/// Where the scanner is in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the first byte that is not white space (a byte-order mark is skipped too).
    Start,
    /// The document is not an object: it is kept whole and read at the end, to say what it is.
    Whole,
    /// Inside the top-level object, where a key (or, first, `}`) is expected.
    Key { first: bool },
    /// After a key, where `:` is expected.
    Colon,
    /// After `:`, where the key's value starts.
    Value,
    /// After a top-level value, where `,` or `}` is expected.
    AfterValue,
    /// In the `features` list, where a feature (or, first, `]`) is expected.
    Feature { first: bool },
    /// After a feature, where `,` or `]` is expected.
    AfterFeature,
    /// After the top-level object: only white space may follow.
    End,
    /// An error was returned: nothing more is read.
    Failed,
}

/// What the value being captured is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Capturing {
    /// A top-level key.
    Key,
    /// The value of a top-level key other than a `features` list.
    TopValue,
    /// One feature of the list.
    Feature,
    /// One feature of the list that the fast reader already turned down.
    UnusualFeature,
}

/// A value being copied out of the input until its end is found.
#[derive(Clone, Copy, Debug)]
struct Capture {
    what: Capturing,
    /// Open brackets and braces inside it.
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// A number, `true`, `false`, `null` (or a mistake): it ends at the next delimiter.
    scalar: bool,
    /// Line and column (1-based, in bytes) of its first byte.
    line: u64,
    column: u64,
    /// The byte that ended a scalar (not part of it).
    terminator: Option<u8>,
}

/// Reads a GeoJSON FeatureCollection pushed in chunks.
///
/// ```
/// use incident_map::{GeoJsonStream, LoadOptions};
/// let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":
///   {"type":"Point","coordinates":[69.17,34.53]},"properties":{"id":"é","date":"2022-04-29"}}]}"#;
/// let mut stream = GeoJsonStream::new(&LoadOptions::default());
/// for chunk in text.as_bytes().chunks(7) {
///     stream.push(chunk).unwrap();
/// }
/// let data = stream.finish().unwrap();
/// assert_eq!(data.incidents.id(0), "é");
/// ```
pub struct GeoJsonStream {
    options: LoadOptions,
    collector: Collector,
    state: State,
    capture: Option<Capture>,
    /// The bytes of the value being captured (or of the whole document in `State::Whole`).
    buffer: Vec<u8>,
    /// The key whose value comes next.
    key: String,
    /// The top-level `"type"` value, once read.
    type_value: Option<Value>,
    /// A `features` value that is not a list, kept to say what it is.
    features_not_list: Option<Value>,
    seen_features: bool,
    /// Features met so far (including those past the limit, which are only counted).
    features: usize,
    /// Bytes pushed so far.
    bytes: usize,
    line: u64,
    /// Byte offset (in the whole input) where the current line starts.
    line_start: usize,
}

impl GeoJsonStream {
    /// A reader for one document.
    pub fn new(options: &LoadOptions) -> Self {
        Self {
            options: options.clone(),
            collector: Collector::new(options),
            state: State::Start,
            capture: None,
            buffer: Vec::new(),
            key: String::new(),
            type_value: None,
            features_not_list: None,
            seen_features: false,
            features: 0,
            bytes: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Reads the next chunk. A chunk may end anywhere, even inside a UTF-8 character. After an
    /// error, the load is over: the error is the answer.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        if self.state == State::Failed {
            return Err(LoadError::NotJson("the load already failed".to_owned()));
        }
        let base = self.bytes;
        self.bytes += chunk.len();
        if self.bytes > self.options.max_bytes {
            // Only counted from now on: finish() reports the size.
            return Ok(());
        }
        let mut result = self.scan(chunk, base);
        if result.is_ok() && self.collector.needs_gazetteer() {
            result = Err(LoadError::NeedsGazetteer);
        }
        if result.is_err() {
            self.state = State::Failed;
        }
        result
    }

    /// Ends the document: the incidents and the report, or why nothing could be loaded.
    pub fn finish(mut self) -> Result<CompactDataset, LoadError> {
        if self.bytes > self.options.max_bytes {
            return Err(LoadError::TooLarge { bytes: self.bytes, limit: self.options.max_bytes });
        }
        match self.state {
            State::Failed => return Err(LoadError::NotJson("the load already failed".to_owned())),
            State::Whole => return Err(self.not_an_object()),
            State::End => {}
            State::Start => return Err(self.error_here("EOF while parsing a value")),
            _ if self.capture.is_some_and(|c| c.scalar && c.what == Capturing::TopValue) => {
                self.end_capture()?;
                return Err(self.error_here("EOF while parsing an object"));
            }
            State::Feature { .. } | State::AfterFeature => return Err(self.error_here("EOF while parsing a list")),
            _ => return Err(self.error_here("EOF while parsing an object")),
        }
        let not_fc = |why: String| Err(LoadError::NotFeatureCollection(why));
        match self.type_value.as_ref().and_then(Value::as_str) {
            Some("FeatureCollection") => {}
            Some("Feature") => {
                return not_fc(
                    "got a single Feature; wrap it as {\"type\": \"FeatureCollection\", \"features\": [ ... ]}"
                        .to_owned(),
                )
            }
            Some(other) => return not_fc(format!("\"type\" is {}, expected \"FeatureCollection\"", Quoted(other))),
            None => return not_fc("the object has no \"type\": \"FeatureCollection\"".to_owned()),
        }
        if let Some(other) = &self.features_not_list {
            return not_fc(format!("\"features\" must be a list, got {}", describe(other)));
        }
        if !self.seen_features {
            return not_fc("it has no \"features\" list".to_owned());
        }
        if self.features > self.options.max_features {
            return Err(LoadError::TooManyFeatures { count: self.features, limit: self.options.max_features });
        }
        self.collector.finish_compact()
    }

    /// Scans one chunk; `base` is the offset of its first byte in the whole input.
    fn scan(&mut self, chunk: &[u8], base: usize) -> Result<(), LoadError> {
        let mut at = 0;
        while at < chunk.len() {
            if self.capture.is_some() {
                let (used, done) = self.capture_bytes(&chunk[at..], base + at)?;
                at += used;
                if done {
                    self.end_capture()?;
                }
                continue;
            }
            let byte = chunk[at];
            let offset = base + at;
            if self.state == State::Whole {
                self.buffer.extend_from_slice(&chunk[at..]);
                return Ok(());
            }
            if matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
                if byte == b'\n' {
                    self.new_line(offset);
                }
                at += 1;
                continue;
            }
            match (self.state, byte) {
                (State::Start, 0xEF | 0xBB | 0xBF) if offset < 3 => {}
                (State::Start, b'{') => self.state = State::Key { first: true },
                (State::Start, _) => {
                    self.state = State::Whole;
                    continue;
                }
                (State::Key { first: true }, b'}') | (State::AfterValue, b'}') => self.state = State::End,
                (State::Key { .. }, b'"') => {
                    self.start_capture(Capturing::Key, offset, false);
                    continue;
                }
                (State::Key { first: false }, b'}') => return Err(self.error_at("trailing comma", offset)),
                (State::Key { .. }, _) => return Err(self.error_at("key must be a string", offset)),
                (State::Colon, b':') => self.state = State::Value,
                (State::Colon, _) => return Err(self.error_at("expected `:`", offset)),
                (State::Value, b'[') if self.key == "features" => {
                    if self.seen_features {
                        return Err(LoadError::NotFeatureCollection("it has two \"features\" lists".to_owned()));
                    }
                    self.seen_features = true;
                    self.depth_check(2, offset)?;
                    self.state = State::Feature { first: true };
                }
                (State::Value, b',' | b'}' | b']' | b':') => return Err(self.error_at("expected value", offset)),
                (State::Value, _) => {
                    self.start_capture(Capturing::TopValue, offset, !matches!(byte, b'{' | b'[' | b'"'));
                    continue;
                }
                (State::AfterValue, b',') => self.state = State::Key { first: false },
                (State::AfterValue, _) => return Err(self.error_at("expected `,` or `}`", offset)),
                (State::Feature { first: true }, b']') | (State::AfterFeature, b']') => self.state = State::AfterValue,
                (State::Feature { first: false }, b']') => return Err(self.error_at("trailing comma", offset)),
                (State::Feature { .. }, b',' | b'}' | b':') => return Err(self.error_at("expected value", offset)),
                // Most features are read where they lie, in the chunk they came in; one that is
                // cut by the chunk's end, or unusual, is gathered whole first (as any value).
                (State::Feature { .. }, b'{') if self.features < self.options.max_features => {
                    let what = match self.collector.add_at_start(self.next_feature(), &chunk[at..]) {
                        Ok(extent) => {
                            self.features += 1;
                            self.passed_lines(extent, offset);
                            self.state = State::AfterFeature;
                            at += extent.len;
                            continue;
                        }
                        Err(NotRead::Incomplete) => Capturing::Feature,
                        Err(NotRead::Unusual) => Capturing::UnusualFeature,
                    };
                    self.start_capture(what, offset, false);
                    continue;
                }
                (State::Feature { .. }, _) => {
                    self.start_capture(Capturing::Feature, offset, !matches!(byte, b'{' | b'[' | b'"'));
                    continue;
                }
                (State::AfterFeature, b',') => self.state = State::Feature { first: false },
                (State::AfterFeature, _) => return Err(self.error_at("expected `,` or `]`", offset)),
                (State::End, _) => return Err(self.error_at("trailing characters", offset)),
                (State::Whole | State::Failed, _) => {}
            }
            at += 1;
        }
        Ok(())
    }

    /// Where the next feature is, for the report.
    fn next_feature(&self) -> Position {
        Position { index: self.features, line: None }
    }

    /// Counts the lines of a feature read where it lay, from `offset` (its first byte).
    fn passed_lines(&mut self, extent: Extent, offset: usize) {
        self.line += extent.line_breaks;
        if let Some(start) = extent.last_line_start {
            self.line_start = offset + start;
        }
    }

    fn new_line(&mut self, offset: usize) {
        self.line += 1;
        self.line_start = offset + 1;
    }

    fn column(&self, offset: usize) -> u64 {
        (offset + 1 - self.line_start) as u64
    }

    fn start_capture(&mut self, what: Capturing, offset: usize, scalar: bool) {
        self.buffer.clear();
        self.capture = Some(Capture {
            what,
            depth: 0,
            in_string: false,
            escaped: false,
            scalar,
            line: self.line,
            column: self.column(offset),
            terminator: None,
        });
    }

    /// Copies bytes of the captured value; returns how many were used and whether it ended.
    fn capture_bytes(&mut self, bytes: &[u8], base: usize) -> Result<(usize, bool), LoadError> {
        let Some(mut c) = self.capture else { return Ok((0, true)) };
        // Nesting outside the value: the top-level object, and the features list.
        let outer = if matches!(c.what, Capturing::Feature | Capturing::UnusualFeature) { 2 } else { 1 };
        let mut end = None;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if c.in_string {
                if c.escaped {
                    c.escaped = false;
                    i += 1;
                    continue;
                }
                // Most of a document is text: skip to the closing quote or an escape at once.
                // (A raw line break inside a string is an error serde reports, with its line.)
                match bytes[i..].iter().position(|&b| b == b'"' || b == b'\\') {
                    None => i = bytes.len(),
                    Some(skip) if bytes[i + skip] == b'\\' => {
                        c.escaped = true;
                        i += skip + 1;
                    }
                    Some(skip) => {
                        i += skip + 1;
                        c.in_string = false;
                        if c.depth == 0 && !c.scalar {
                            end = Some(i);
                            break;
                        }
                    }
                }
                continue;
            }
            if c.scalar {
                if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                    c.terminator = Some(byte);
                    end = Some(i);
                    break;
                }
                i += 1;
                continue;
            }
            match byte {
                b'"' => c.in_string = true,
                b'{' | b'[' => {
                    c.depth += 1;
                    if c.depth + outer > MAX_NESTING {
                        self.capture = Some(c);
                        return Err(self.nested_too_deeply(base + i));
                    }
                }
                b'}' | b']' => {
                    c.depth = c.depth.saturating_sub(1);
                    if c.depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
                b'\n' => self.new_line(base + i),
                _ => {}
            }
            i += 1;
        }
        let used = end.unwrap_or(bytes.len());
        self.buffer.extend_from_slice(&bytes[..used]);
        if self.buffer.len() > self.options.max_bytes {
            return Err(LoadError::TooLarge { bytes: self.bytes, limit: self.options.max_bytes });
        }
        self.capture = Some(c);
        Ok((used, end.is_some()))
    }

    fn depth_check(&self, depth: usize, offset: usize) -> Result<(), LoadError> {
        if depth > MAX_NESTING {
            return Err(self.nested_too_deeply(offset));
        }
        Ok(())
    }

    fn nested_too_deeply(&self, offset: usize) -> LoadError {
        LoadError::NotJson(format!(
            "it is nested too deeply (more than {MAX_NESTING} levels) at line {}, column {}",
            self.line,
            self.column(offset)
        ))
    }

    /// A captured value is complete: read it.
    fn end_capture(&mut self) -> Result<(), LoadError> {
        let Some(c) = self.capture.take() else { return Ok(()) };
        match c.what {
            Capturing::Key => {
                // Read as a Value, like the values. The capture starts at the key's quote, so it
                // reads as text or fails with serde_json's error for a key.
                let key = crate::json::from_slice(&self.buffer).map_err(|e| self.located(&e, c))?;
                self.key = match key {
                    Value::String(text) => text,
                    _ => String::new(),
                };
                self.state = State::Colon;
            }
            Capturing::TopValue => {
                let value = crate::json::from_slice(&self.buffer).map_err(|e| self.located(&e, c))?;
                match self.key.as_str() {
                    "type" => self.type_value = Some(value),
                    "features" => {
                        self.seen_features = true;
                        self.features_not_list = Some(value);
                    }
                    _ => {}
                }
                self.state = State::AfterValue;
            }
            Capturing::Feature | Capturing::UnusualFeature => {
                let at = self.next_feature();
                self.features += 1;
                if at.index < self.options.max_features {
                    let added = if c.what == Capturing::Feature {
                        self.collector.add_json(at, &self.buffer)
                    } else {
                        self.collector.add_general(at, &self.buffer)
                    };
                    if let Err(e) = added {
                        return Err(self.located(&e, c));
                    }
                } else {
                    // Past the limit: only checked to be JSON, and counted for the error.
                    crate::json::ignore_slice(&self.buffer).map_err(|e| self.located(&e, c))?;
                }
                self.state = State::AfterFeature;
            }
        }
        if self.buffer.capacity() > 1 << 20 {
            // One huge value should not keep its buffer for the rest of the load.
            self.buffer = Vec::new();
        }
        Ok(())
    }

    /// A serde error inside a captured value, with its line and column in the whole input.
    fn located(&self, e: &crate::json::Error, c: Capture) -> LoadError {
        // A scalar cut short ("tru" before "]") reads as the end of input alone: with the byte
        // that ended it, serde says what a reader of the whole text would see.
        if let (true, Some(terminator)) = (e.is_eof(), c.terminator) {
            let mut with_end = self.buffer.clone();
            with_end.push(terminator);
            if let Err(better) = crate::json::ignore_slice(&with_end) {
                if !better.is_eof() {
                    return self.located(&better, Capture { terminator: None, ..c });
                }
            }
        }
        let text = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text);
        let line = c.line + e.line().saturating_sub(1) as u64;
        let column = if e.line() <= 1 { c.column + e.column().saturating_sub(1) as u64 } else { e.column() as u64 };
        LoadError::NotJson(format!("{message} at line {line} column {column}"))
    }

    fn error_at(&self, message: &str, offset: usize) -> LoadError {
        LoadError::NotJson(format!("{message} at line {} column {}", self.line, self.column(offset)))
    }

    fn error_here(&self, message: &str) -> LoadError {
        let column = (self.bytes - self.line_start) as u64;
        LoadError::NotJson(format!("{message} at line {} column {column}", self.line))
    }

    /// The document is not an object: serde says why, or the FeatureCollection check does.
    fn not_an_object(&self) -> LoadError {
        match crate::json::from_slice(&self.buffer) {
            Err(e) if e.is_too_deep() => LoadError::NotJson(format!(
                "it is nested too deeply (more than {MAX_NESTING} levels) at line {}, column {}",
                e.line(),
                e.column()
            )),
            Err(e) => LoadError::NotJson(e.to_string()),
            Ok(value) => LoadError::NotFeatureCollection(format!(
                "expected an object with \"type\": \"FeatureCollection\", got {}",
                describe(&value)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_geojson;

    fn feature(id: &str, extra: &str) -> String {
        format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69.17,34.53]}},"properties":{{"id":{id},"date":"2022-04-29","killed":12{extra}}}}}"#
        )
    }

    fn document() -> String {
        let features = [
            feature(r#""a""#, r#","place":"مزار شریف","summary":"a \"quoted\" \\ back\nslash \u00e9 😀""#),
            feature(r#""b""#, r#","killed":-3"#),
            feature("17", r#","target":"bus ]}{[""#),
            feature(r#""a""#, ""),
        ];
        format!(
            "\u{feff} {{\"bbox\": [60, 29, 75, 39], \"type\" : \"FeatureCollection\",\n \"features\": [\n{}\n],\n\"name\": {{\"x\": [1, {{}}]}}}}\n",
            features.join(",\n")
        )
    }

    fn streamed(text: &[u8], chunk: usize) -> Result<CompactDataset, LoadError> {
        let mut stream = GeoJsonStream::new(&LoadOptions::default());
        for piece in text.chunks(chunk) {
            stream.push(piece)?;
        }
        stream.finish()
    }

    fn summary(result: Result<CompactDataset, LoadError>) -> String {
        match result {
            Ok(data) => {
                let ids: Vec<String> = data.incidents.iter().map(|i| format!("{:?}", i)).collect();
                let problems: Vec<String> = data.report.rejected.iter().map(ToString::to_string).collect();
                format!("{ids:?} {problems:?} {:?}", data.report.warnings)
            }
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn every_chunk_boundary_gives_the_same_load() {
        let text = document();
        let whole = summary(streamed(text.as_bytes(), text.len()));
        assert!(!whole.starts_with("error"), "{whole}");
        assert!(whole.contains(r#"duplicate id \"a\": feature 0 already uses it"#), "{whole}");
        assert!(whole.contains("got -3"), "{whole}");
        // Every split point: inside strings, escapes, numbers, keys and multi-byte characters.
        for split in 1..text.len() {
            let mut stream = GeoJsonStream::new(&LoadOptions::default());
            stream.push(&text.as_bytes()[..split]).unwrap();
            stream.push(&text.as_bytes()[split..]).unwrap();
            assert_eq!(summary(stream.finish()), whole, "split at byte {split}");
        }
        for chunk in [1, 2, 3, 5, 64] {
            assert_eq!(summary(streamed(text.as_bytes(), chunk)), whole, "chunks of {chunk}");
        }
    }

    #[test]
    fn errors_are_the_same_whatever_the_chunks() {
        let bad = [
            "",
            "not json",
            "[1,2]",
            r#"{"type":"FeatureCollection","features":[1,]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature",}]}"#,
            r#"{"type":"FeatureCollection","features":[]} x"#,
            r#"{"type":"FeatureCollection" "features":[]}"#,
            r#"{"type":"FeatureCollection","features":[{"a":1e400}]}"#,
            r#"{"type":"FeatureCollection","features":[{"a":"unterminated]}"#,
            r#"{"type":"FeatureCollection","features":{}}"#,
            r#"{"type":"Feature","geometry":null}"#,
            r#"{"type":"FeatureCollection","features":[], "features":[]}"#,
            r#"{"type":"FeatureCollection","features":[],}"#,
            r#"{"type":"FeatureCollection","features":[tru]}"#,
            r#"{"type":"FeatureCollection","features":[], "n": 1"#,
            r#"{"features":[]}"#,
        ];
        for text in bad {
            let whole = summary(streamed(text.as_bytes(), text.len().max(1)));
            assert!(whole.starts_with("error: "), "{text}: {whole}");
            for chunk in 1..8 {
                assert_eq!(summary(streamed(text.as_bytes(), chunk)), whole, "{text} in chunks of {chunk}");
            }
        }
    }

    #[test]
    fn errors_say_where() {
        let err = |text: &str| summary(streamed(text.as_bytes(), 3));
        assert_eq!(
            err("{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\": tru}]}"),
            "error: the data is not valid JSON: expected ident at line 3 column 13"
        );
        assert_eq!(
            err("{\"type\":\"FeatureCollection\",\"features\":[]}\n  x"),
            "error: the data is not valid JSON: trailing characters at line 2 column 3"
        );
        assert_eq!(
            err(r#"{"type":"FeatureCollection","features":[{}, tru]}"#),
            "error: the data is not valid JSON: expected ident at line 1 column 48"
        );
        let deep = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, "[".repeat(200));
        assert!(err(&deep).contains("nested too deeply (more than 128 levels) at line 1, column"), "{}", err(&deep));
    }

    #[test]
    fn lines_are_counted_through_features_read_where_they_lie() {
        // Pretty-printed usual features: whole in one chunk they are read where they lie, cut in
        // chunks of 1 they are gathered first. The error after them is placed the same either way.
        let usual = "    {\n      \"type\": \"Feature\",\n      \"geometry\": {\"type\": \"Point\", \"coordinates\": [69.17, 34.53]},\n      \"properties\": {\"date\": \"2022-04-29\"}\n    }";
        let text = format!("{{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n{usual},\n{usual},\n    {{\"type\": tru}}\n  ]\n}}");
        for chunk in [text.len(), 1, 50] {
            assert_eq!(
                summary(streamed(text.as_bytes(), chunk)),
                "error: the data is not valid JSON: expected ident at line 14 column 17",
                "chunks of {chunk}"
            );
        }
        let fine = text.replace("{\"type\": tru}", usual.trim());
        let whole = summary(streamed(fine.as_bytes(), fine.len()));
        assert!(whole.contains("feature-2"), "{whole}");
        assert_eq!(summary(streamed(fine.as_bytes(), 1)), whole);
    }

    #[test]
    fn limits_hold_while_streaming() {
        let text = document();
        let small = LoadOptions { max_bytes: 100, ..LoadOptions::default() };
        let mut stream = GeoJsonStream::new(&small);
        for piece in text.as_bytes().chunks(10) {
            stream.push(piece).unwrap();
        }
        assert_eq!(stream.finish().unwrap_err(), LoadError::TooLarge { bytes: text.len(), limit: 100 });
        let few = LoadOptions { max_features: 2, ..LoadOptions::default() };
        let mut stream = GeoJsonStream::new(&few);
        stream.push(text.as_bytes()).unwrap();
        assert_eq!(stream.finish().unwrap_err(), LoadError::TooManyFeatures { count: 4, limit: 2 });
    }

    #[test]
    fn the_bundled_dataset_loads_the_same_in_small_chunks() {
        // Figures, sources, Persian script, null geometries to geocode: the general reader's cases.
        let text = include_str!("../../www/data/incidents.geojson");
        let whole = load_geojson(text, &LoadOptions::default()).unwrap();
        for chunk in [1, 3, 7, 1000] {
            let streamed = streamed(text.as_bytes(), chunk).unwrap().into_dataset();
            assert_eq!(whole.incidents, streamed.incidents, "chunks of {chunk}");
            assert_eq!(whole.report, streamed.report, "chunks of {chunk}");
        }
        assert!(whole.incidents.iter().any(|i| !i.sources.is_empty() && !i.figures.is_empty()));
    }

    #[test]
    fn the_streamed_and_the_whole_loads_agree() {
        let text = document();
        let whole = load_geojson(&text, &LoadOptions::default()).unwrap();
        let streamed = streamed(text.as_bytes(), 5).unwrap().into_dataset();
        assert_eq!(whole.incidents, streamed.incidents);
        assert_eq!(whole.report, streamed.report);
    }
}
