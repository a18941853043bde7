//! The CSV reader: RFC 4180 records, read the way spreadsheet exports are written and as
//! lenient as the `csv` crate was here (it cost ~10 KB of wasm and std's io errors with it).
//!
//! - A field that starts with `"` is quoted: delimiters and line breaks inside it are text, `""`
//!   is one `"`, and whatever follows the closing quote up to the next delimiter is kept as it
//!   is (`"ab"c` reads `abc`). A quote anywhere else is an ordinary character. A quote left open
//!   runs to the end of the text.
//! - A record ends at `\n`, `\r\n` or `\r`; empty lines are skipped. Rows may have any number of
//!   cells.
//! - Line numbers count `\n`s, so a record's line is the one it starts on, also after quoted line
//!   breaks.
//!
//! The text is a `&str` and the reader splits only at ASCII bytes, so every cell is valid UTF-8
//! and reading cannot fail.

/// One record: its cells, kept in one buffer, and the line it starts on.
#[derive(Debug, Default)]
pub(crate) struct Record {
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
    line: u64,
}

impl Record {
    /// Cell `i`, if the record has that many.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.text.get(start..end)
    }

    /// Every cell, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|i| self.get(i))
    }

    /// The line (counted from 1) the record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }
}

/// Reads the records of a text one at a time, into a [`Record`] that is reused.
pub(crate) struct Reader<'t> {
    text: &'t str,
    /// The next byte to read.
    at: usize,
    /// The line of `at`.
    line: u64,
    delimiter: u8,
}

impl<'t> Reader<'t> {
    /// A reader of `text` whose cells are separated by `delimiter` (an ASCII byte).
    pub(crate) fn new(text: &'t str, delimiter: u8) -> Self {
        Self { text, at: 0, line: 1, delimiter }
    }

    /// Reads the next record into `record`; `false` when the text has no more.
    pub(crate) fn read(&mut self, record: &mut Record) -> bool {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return false;
        }
        record.text.clear();
        record.ends.clear();
        record.line = self.line;
        loop {
            let record_ends = self.cell(&mut record.text);
            record.ends.push(record.text.len());
            if record_ends {
                return true;
            }
        }
    }

    /// Appends the cell at `at` to `out` and moves past its delimiter or line break; `true` when
    /// the record ends with it.
    fn cell(&mut self, out: &mut String) -> bool {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) == Some(&b'"') {
            self.at += 1;
            let mut run = self.at;
            loop {
                match bytes.get(self.at) {
                    None => {
                        self.take(out, run);
                        return true;
                    }
                    Some(b'"') => {
                        self.take(out, run);
                        self.at += 1;
                        if bytes.get(self.at) != Some(&b'"') {
                            break;
                        }
                        // `""`: one quote in the cell, and the quoted part goes on.
                        out.push('"');
                        self.at += 1;
                        run = self.at;
                    }
                    Some(b'\n') => {
                        self.line += 1;
                        self.at += 1;
                    }
                    Some(_) => self.at += 1,
                }
            }
        }
        // An unquoted cell, or what follows a closing quote.
        let run = self.at;
        loop {
            match bytes.get(self.at) {
                None => {
                    self.take(out, run);
                    return true;
                }
                Some(&byte) if byte == self.delimiter => {
                    self.take(out, run);
                    self.at += 1;
                    return false;
                }
                Some(b'\n') => {
                    self.take(out, run);
                    self.at += 1;
                    self.line += 1;
                    return true;
                }
                Some(b'\r') => {
                    self.take(out, run);
                    self.at += 1;
                    if bytes.get(self.at) == Some(&b'\n') {
                        self.at += 1;
                        self.line += 1;
                    }
                    return true;
                }
                Some(_) => self.at += 1,
            }
        }
    }

    /// Appends the text from `run` to `at` (both at ASCII bytes or the ends, so char boundaries).
    fn take(&self, out: &mut String, run: usize) {
        out.push_str(self.text.get(run..self.at).unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let mut reader = Reader::new(text, delimiter);
        let mut record = Record::default();
        let mut out = Vec::new();
        while reader.read(&mut record) {
            out.push((record.line(), record.iter().map(str::to_owned).collect()));
        }
        out
    }

    fn cells(text: &str) -> Vec<Vec<String>> {
        records(text, b',').into_iter().map(|(_, cells)| cells).collect()
    }

    #[test]
    fn plain_rows_any_length_and_empty_cells() {
        assert_eq!(cells("a,b,c\n1,,3\nx\n,\n"), [vec!["a", "b", "c"], vec!["1", "", "3"], vec!["x"], vec!["", ""]]);
        assert_eq!(cells("a,b,"), [vec!["a", "b", ""]]);
        assert!(cells("").is_empty());
        assert!(cells("\n\r\n\n").is_empty());
    }

    #[test]
    fn quoted_cells() {
        assert_eq!(cells("\"a,b\",\"say \"\"hi\"\"\"\n"), [vec!["a,b", "say \"hi\""]]);
        assert_eq!(cells("\"two\nlines\",x"), [vec!["two\nlines", "x"]]);
        assert_eq!(cells("\"\",\"\"\"\""), [vec!["", "\""]]);
        // Text after a closing quote is kept; a quote inside an unquoted cell is text.
        assert_eq!(cells("\"ab\"c,d\"e\"\n"), [vec!["abc", "d\"e\""]]);
        // A quote left open runs to the end.
        assert_eq!(cells("a,\"open\nstill"), [vec!["a", "open\nstill"]]);
        assert_eq!(cells("\"é, ü\",ß"), [vec!["é, ü", "ß"]]);
    }

    #[test]
    fn line_endings_and_line_numbers() {
        let crlf = records("h1,h2\r\n1,2\r\n\r\n3,4\r\n", b',');
        assert_eq!(
            crlf,
            [(1, vec!["h1".into(), "h2".into()]), (2, vec!["1".into(), "2".into()]), (4, vec!["3".into(), "4".into()])]
        );
        let cr: Vec<Vec<String>> = cells("a\rb\r");
        assert_eq!(cr, [vec!["a"], vec!["b"]]);
        // A record's line is where it starts, after quoted line breaks too.
        let lines: Vec<u64> = records("h\n\"1\n2\"\n\nx\n", b',').into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, [1, 2, 5]);
    }

    #[test]
    fn other_delimiters() {
        assert_eq!(records("a;b\n\"x;y\";z", b';')[1].1, ["x;y", "z"]);
        assert_eq!(records("a\tb,c\n", b'\t')[0].1, ["a", "b,c"]);
    }
}
