//! The JSON text reader: serde_json 1.0.154's `from_slice` (`de.rs` and `read.rs`, without
//! `float_roundtrip`) for a `Value`, and for serde's `IgnoredAny`, with the same errors at the
//! same lines and columns. Each function follows the serde_json function it is named after.

use std::fmt;

use super::value::{Map, Number, Value};

/// What is wrong, in serde_json's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Code {
    EofWhileParsingList,
    EofWhileParsingObject,
    EofWhileParsingString,
    EofWhileParsingValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeIdent,
    ExpectedSomeValue,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidUnicodeCodePoint,
    ControlCharacterWhileParsingString,
    KeyMustBeAString,
    LoneLeadingSurrogateInHexEscape,
    TrailingComma,
    TrailingCharacters,
    UnexpectedEndOfHexEscape,
    RecursionLimitExceeded,
}

impl Code {
    fn words(self) -> &'static str {
        match self {
            Code::EofWhileParsingList => "EOF while parsing a list",
            Code::EofWhileParsingObject => "EOF while parsing an object",
            Code::EofWhileParsingString => "EOF while parsing a string",
            Code::EofWhileParsingValue => "EOF while parsing a value",
            Code::ExpectedColon => "expected `:`",
            Code::ExpectedListCommaOrEnd => "expected `,` or `]`",
            Code::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            Code::ExpectedSomeIdent => "expected ident",
            Code::ExpectedSomeValue => "expected value",
            Code::InvalidEscape => "invalid escape",
            Code::InvalidNumber => "invalid number",
            Code::NumberOutOfRange => "number out of range",
            Code::InvalidUnicodeCodePoint => "invalid unicode code point",
            Code::ControlCharacterWhileParsingString => {
                "control character (\\u0000-\\u001F) found while parsing a string"
            }
            Code::KeyMustBeAString => "key must be a string",
            Code::LoneLeadingSurrogateInHexEscape => "lone leading surrogate in hex escape",
            Code::TrailingComma => "trailing comma",
            Code::TrailingCharacters => "trailing characters",
            Code::UnexpectedEndOfHexEscape => "unexpected end of hex escape",
            Code::RecursionLimitExceeded => "recursion limit exceeded",
        }
    }
}

/// Why a text is not JSON, and where (line and column from 1; the column in bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: Code,
    line: usize,
    column: usize,
}

impl Error {
    /// The line of the error, from 1.
    pub fn line(&self) -> usize {
        self.line
    }
    /// The column of the error, in bytes from 1 (0 when the error is at a line's start).
    pub fn column(&self) -> usize {
        self.column
    }
    /// Whether the text nests deeper than the reader follows.
    pub fn is_too_deep(&self) -> bool {
        self.code == Code::RecursionLimitExceeded
    }
    /// Whether the text ended too early.
    pub fn is_eof(&self) -> bool {
        matches!(
            self.code,
            Code::EofWhileParsingList
                | Code::EofWhileParsingObject
                | Code::EofWhileParsingString
                | Code::EofWhileParsingValue
        )
    }
}

impl fmt::Display for Error {
    /// serde_json's message: "expected value at line 1 column 1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.code.words(), self.line, self.column)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({}, line: {}, column: {})", crate::quoted::Quoted(self.code.words()), self.line, self.column)
    }
}

impl std::error::Error for Error {}

type Result<T> = std::result::Result<T, Error>;

/// The value of a JSON text (white space around it allowed), as `serde_json::from_slice::<Value>`.
pub fn from_slice(bytes: &[u8]) -> Result<Value> {
    let mut de = Reader { slice: bytes, index: 0, remaining_depth: 128, scratch: Vec::new() };
    let value = de.value()?;
    de.end()?;
    Ok(value)
}

/// The number a JSON text of one number stands for: what [`from_slice`] then [`Value::as_f64`]
/// give (`None` where they would not), without making a value. The fast feature reader reads
/// every coordinate here, so that it gets the very value the general reader gets.
pub fn f64_from_slice(bytes: &[u8]) -> Option<f64> {
    let mut de = Reader { slice: bytes, index: 0, remaining_depth: 128, scratch: Vec::new() };
    let number = match de.parse_whitespace()? {
        b'-' => {
            de.eat_char();
            de.parse_integer(false)
        }
        b'0'..=b'9' => de.parse_integer(true),
        _ => return None,
    };
    let number = number.ok()?;
    de.end().ok()?;
    // As a value: a float that is not finite is null, which is no number.
    match number {
        ParserNumber::F64(f) => f.is_finite().then_some(f),
        ParserNumber::U64(u) => Some(u as f64),
        ParserNumber::I64(i) => Some(i as f64),
    }
}

/// The value of a JSON text, as [`from_slice`].
pub fn from_str(text: &str) -> Result<Value> {
    from_slice(text.as_bytes())
}

/// Checks that a text is JSON as `serde_json::from_slice::<serde::de::IgnoredAny>` does: its
/// own reader, which has no nesting limit, does not check numbers' range or strings' UTF-8 and
/// escapes' surrogates.
pub fn ignore_slice(bytes: &[u8]) -> Result<()> {
    let mut de = Reader { slice: bytes, index: 0, remaining_depth: 128, scratch: Vec::new() };
    de.ignore_value()?;
    de.end()
}

enum ParserNumber {
    F64(f64),
    U64(u64),
    I64(i64),
}

struct Reader<'a> {
    slice: &'a [u8],
    index: usize,
    remaining_depth: u8,
    scratch: Vec<u8>,
}

/// Whether `a * 10 + b` would pass `c`.
fn overflow_u64(a: u64, b: u64) -> bool {
    let c = u64::MAX;
    a >= c / 10 && (a > c / 10 || b > c % 10)
}

fn overflow_i32(a: i32, b: i32) -> bool {
    let c = i32::MAX;
    a >= c / 10 && (a > c / 10 || b > c % 10)
}

impl Reader<'_> {
    fn position_of_index(&self, i: usize) -> (usize, usize) {
        let before = &self.slice[..i];
        let start_of_line = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = 1 + before[..start_of_line].iter().filter(|&&b| b == b'\n').count();
        (line, i - start_of_line)
    }

    /// An error caused by a byte already read (`next`).
    #[cold]
    fn error(&self, code: Code) -> Error {
        let (line, column) = self.position_of_index(self.index);
        Error { code, line, column }
    }

    /// An error caused by the byte peeked at.
    #[cold]
    fn peek_error(&self, code: Code) -> Error {
        let (line, column) = self.position_of_index(self.slice.len().min(self.index + 1));
        Error { code, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.slice.get(self.index).copied()
    }

    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn eat_char(&mut self) {
        self.index += 1;
    }

    fn next_char(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.index += 1;
        Some(b)
    }

    fn parse_whitespace(&mut self) -> Option<u8> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.eat_char(),
                other => return other,
            }
        }
    }

    fn end(&mut self) -> Result<()> {
        match self.parse_whitespace() {
            Some(_) => Err(self.peek_error(Code::TrailingCharacters)),
            None => Ok(()),
        }
    }

    fn parse_ident(&mut self, ident: &[u8]) -> Result<()> {
        for expected in ident {
            match self.next_char() {
                None => return Err(self.error(Code::EofWhileParsingValue)),
                Some(next) if next != *expected => return Err(self.error(Code::ExpectedSomeIdent)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// `deserialize_any` with serde_json's `ValueVisitor`.
    fn value(&mut self) -> Result<Value> {
        let Some(peek) = self.parse_whitespace() else {
            return Err(self.peek_error(Code::EofWhileParsingValue));
        };
        match peek {
            b'n' => {
                self.eat_char();
                self.parse_ident(b"ull")?;
                Ok(Value::Null)
            }
            b't' => {
                self.eat_char();
                self.parse_ident(b"rue")?;
                Ok(Value::Bool(true))
            }
            b'f' => {
                self.eat_char();
                self.parse_ident(b"alse")?;
                Ok(Value::Bool(false))
            }
            b'-' => {
                self.eat_char();
                self.parse_integer(false).map(number_value)
            }
            b'0'..=b'9' => self.parse_integer(true).map(number_value),
            b'"' => {
                self.eat_char();
                self.parse_str().map(Value::String)
            }
            b'[' | b'{' => {
                self.remaining_depth -= 1;
                if self.remaining_depth == 0 {
                    return Err(self.peek_error(Code::RecursionLimitExceeded));
                }
                self.eat_char();
                let value = if peek == b'[' { self.seq().map(Value::Array) } else { self.map().map(Value::Object) };
                self.remaining_depth += 1;
                // The list or object ended at its `]` or `}` (end_seq, end_map).
                self.eat_char();
                value
            }
            _ => Err(self.peek_error(Code::ExpectedSomeValue)),
        }
    }

    /// `SeqAccess::next_element` until it says there is none.
    fn seq(&mut self) -> Result<Vec<Value>> {
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let peek = match self.parse_whitespace() {
                Some(b']') => return Ok(items),
                Some(b',') if !first => {
                    self.eat_char();
                    self.parse_whitespace()
                }
                Some(b) => {
                    if !first {
                        return Err(self.peek_error(Code::ExpectedListCommaOrEnd));
                    }
                    first = false;
                    Some(b)
                }
                None => return Err(self.peek_error(Code::EofWhileParsingList)),
            };
            match peek {
                Some(b']') => return Err(self.peek_error(Code::TrailingComma)),
                Some(_) => items.push(self.value()?),
                None => return Err(self.peek_error(Code::EofWhileParsingValue)),
            }
        }
    }

    /// `MapAccess::next_key` and `next_value` until there is no key.
    fn map(&mut self) -> Result<Map> {
        let mut entries = Vec::new();
        let mut first = true;
        loop {
            let peek = match self.parse_whitespace() {
                Some(b'}') => return Ok(Map::from_entries(entries)),
                Some(b',') if !first => {
                    self.eat_char();
                    self.parse_whitespace()
                }
                Some(b) => {
                    if !first {
                        return Err(self.peek_error(Code::ExpectedObjectCommaOrEnd));
                    }
                    first = false;
                    Some(b)
                }
                None => return Err(self.peek_error(Code::EofWhileParsingObject)),
            };
            match peek {
                Some(b'"') => {}
                Some(b'}') => return Err(self.peek_error(Code::TrailingComma)),
                Some(_) => return Err(self.peek_error(Code::KeyMustBeAString)),
                None => return Err(self.peek_error(Code::EofWhileParsingValue)),
            }
            self.eat_char();
            let key = self.parse_str()?;
            match self.parse_whitespace() {
                Some(b':') => self.eat_char(),
                Some(_) => return Err(self.peek_error(Code::ExpectedColon)),
                None => return Err(self.peek_error(Code::EofWhileParsingObject)),
            }
            let value = self.value()?;
            entries.push((key, value));
        }
    }

    fn parse_integer(&mut self, positive: bool) -> Result<ParserNumber> {
        let Some(next) = self.next_char() else { return Err(self.error(Code::EofWhileParsingValue)) };
        match next {
            b'0' => match self.peek_or_null() {
                b'0'..=b'9' => Err(self.peek_error(Code::InvalidNumber)),
                _ => self.parse_number(positive, 0),
            },
            c @ b'1'..=b'9' => {
                let mut significand = (c - b'0') as u64;
                loop {
                    match self.peek_or_null() {
                        c @ b'0'..=b'9' => {
                            let digit = (c - b'0') as u64;
                            if overflow_u64(significand, digit) {
                                return Ok(ParserNumber::F64(self.parse_long_integer(positive, significand)?));
                            }
                            self.eat_char();
                            significand = significand * 10 + digit;
                        }
                        _ => return self.parse_number(positive, significand),
                    }
                }
            }
            _ => Err(self.error(Code::InvalidNumber)),
        }
    }

    fn parse_number(&mut self, positive: bool, significand: u64) -> Result<ParserNumber> {
        Ok(match self.peek_or_null() {
            b'.' => ParserNumber::F64(self.parse_decimal(positive, significand, 0)?),
            b'e' | b'E' => ParserNumber::F64(self.parse_exponent(positive, significand, 0)?),
            _ => {
                if positive {
                    ParserNumber::U64(significand)
                } else {
                    let neg = (significand as i64).wrapping_neg();
                    // A float if it underflows, or for `-0`.
                    if neg >= 0 {
                        ParserNumber::F64(-(significand as f64))
                    } else {
                        ParserNumber::I64(neg)
                    }
                }
            }
        })
    }

    fn parse_decimal(
        &mut self,
        positive: bool,
        mut significand: u64,
        exponent_before_decimal_point: i32,
    ) -> Result<f64> {
        self.eat_char();
        let mut exponent_after_decimal_point = 0;
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            let digit = (c - b'0') as u64;
            if overflow_u64(significand, digit) {
                let exponent = exponent_before_decimal_point + exponent_after_decimal_point;
                return self.parse_decimal_overflow(positive, significand, exponent);
            }
            self.eat_char();
            significand = significand * 10 + digit;
            exponent_after_decimal_point -= 1;
        }
        if exponent_after_decimal_point == 0 {
            return Err(match self.peek() {
                Some(_) => self.peek_error(Code::InvalidNumber),
                None => self.peek_error(Code::EofWhileParsingValue),
            });
        }
        let exponent = exponent_before_decimal_point + exponent_after_decimal_point;
        match self.peek_or_null() {
            b'e' | b'E' => self.parse_exponent(positive, significand, exponent),
            _ => self.f64_from_parts(positive, significand, exponent),
        }
    }

    fn parse_exponent(&mut self, positive: bool, significand: u64, starting_exp: i32) -> Result<f64> {
        self.eat_char();
        let positive_exp = match self.peek_or_null() {
            b'+' => {
                self.eat_char();
                true
            }
            b'-' => {
                self.eat_char();
                false
            }
            _ => true,
        };
        let Some(next) = self.next_char() else { return Err(self.error(Code::EofWhileParsingValue)) };
        let mut exp = match next {
            c @ b'0'..=b'9' => (c - b'0') as i32,
            _ => return Err(self.error(Code::InvalidNumber)),
        };
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            self.eat_char();
            let digit = (c - b'0') as i32;
            if overflow_i32(exp, digit) {
                return self.parse_exponent_overflow(positive, significand == 0, positive_exp);
            }
            exp = exp * 10 + digit;
        }
        let final_exp = if positive_exp { starting_exp.saturating_add(exp) } else { starting_exp.saturating_sub(exp) };
        self.f64_from_parts(positive, significand, final_exp)
    }

    fn f64_from_parts(&mut self, positive: bool, significand: u64, mut exponent: i32) -> Result<f64> {
        let mut f = significand as f64;
        loop {
            match pow10().get(exponent.wrapping_abs() as usize) {
                Some(&pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return Err(self.error(Code::NumberOutOfRange));
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return Err(self.error(Code::NumberOutOfRange));
                    }
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(if positive { f } else { -f })
    }

    #[cold]
    #[inline(never)]
    fn parse_long_integer(&mut self, positive: bool, significand: u64) -> Result<f64> {
        let mut exponent = 0;
        loop {
            match self.peek_or_null() {
                b'0'..=b'9' => {
                    self.eat_char();
                    exponent += 1;
                }
                b'.' => return self.parse_decimal(positive, significand, exponent),
                b'e' | b'E' => return self.parse_exponent(positive, significand, exponent),
                _ => return self.f64_from_parts(positive, significand, exponent),
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn parse_decimal_overflow(&mut self, positive: bool, significand: u64, exponent: i32) -> Result<f64> {
        while let b'0'..=b'9' = self.peek_or_null() {
            self.eat_char();
        }
        match self.peek_or_null() {
            b'e' | b'E' => self.parse_exponent(positive, significand, exponent),
            _ => self.f64_from_parts(positive, significand, exponent),
        }
    }

    #[cold]
    #[inline(never)]
    fn parse_exponent_overflow(&mut self, positive: bool, zero_significand: bool, positive_exp: bool) -> Result<f64> {
        if !zero_significand && positive_exp {
            return Err(self.error(Code::NumberOutOfRange));
        }
        while let b'0'..=b'9' = self.peek_or_null() {
            self.eat_char();
        }
        Ok(if positive { 0.0 } else { -0.0 })
    }

    /// SliceRead's `skip_to_escape`: to the next `"`, `\` or control character (or the end).
    fn skip_to_escape(&mut self) {
        while self.index < self.slice.len() && !is_escape(self.slice[self.index]) {
            self.index += 1;
        }
    }

    /// SliceRead's `parse_str` (after the opening quote), then its UTF-8 check (`as_str`).
    fn parse_str(&mut self) -> Result<String> {
        self.scratch.clear();
        let mut start = self.index;
        loop {
            self.skip_to_escape();
            if self.index == self.slice.len() {
                return Err(self.error(Code::EofWhileParsingString));
            }
            match self.slice[self.index] {
                b'"' => {
                    let text = if self.scratch.is_empty() {
                        let bytes = &self.slice[start..self.index];
                        self.index += 1;
                        self.as_str(bytes)?.to_owned()
                    } else {
                        let mut scratch = std::mem::take(&mut self.scratch);
                        scratch.extend_from_slice(&self.slice[start..self.index]);
                        self.index += 1;
                        let checked = self.as_str(&scratch).map(|_| ());
                        self.scratch = Vec::new();
                        checked?;
                        // Checked just above.
                        String::from_utf8(scratch).unwrap_or_default()
                    };
                    return Ok(text);
                }
                b'\\' => {
                    let mut scratch = std::mem::take(&mut self.scratch);
                    scratch.extend_from_slice(&self.slice[start..self.index]);
                    self.index += 1;
                    let escaped = self.parse_escape(&mut scratch);
                    self.scratch = scratch;
                    escaped?;
                    start = self.index;
                }
                _ => {
                    self.index += 1;
                    return Err(self.error(Code::ControlCharacterWhileParsingString));
                }
            }
        }
    }

    fn as_str<'s>(&self, bytes: &'s [u8]) -> Result<&'s str> {
        std::str::from_utf8(bytes).map_err(|err| {
            // At the first invalid byte, counted back from the closing quote.
            let (line, column) = self.position_of_index(self.index);
            Error {
                code: Code::InvalidUnicodeCodePoint,
                line,
                column: column.saturating_sub(bytes.len() - err.valid_up_to()),
            }
        })
    }

    fn next_or_eof(&mut self) -> Result<u8> {
        match self.next_char() {
            Some(b) => Ok(b),
            None => Err(self.error(Code::EofWhileParsingString)),
        }
    }

    fn peek_or_eof(&self) -> Result<u8> {
        match self.peek() {
            Some(b) => Ok(b),
            None => Err(self.error(Code::EofWhileParsingString)),
        }
    }

    fn parse_escape(&mut self, scratch: &mut Vec<u8>) -> Result<()> {
        let ch = self.next_or_eof()?;
        match ch {
            b'"' => scratch.push(b'"'),
            b'\\' => scratch.push(b'\\'),
            b'/' => scratch.push(b'/'),
            b'b' => scratch.push(b'\x08'),
            b'f' => scratch.push(b'\x0c'),
            b'n' => scratch.push(b'\n'),
            b'r' => scratch.push(b'\r'),
            b't' => scratch.push(b'\t'),
            b'u' => return self.parse_unicode_escape(scratch),
            _ => return Err(self.error(Code::InvalidEscape)),
        }
        Ok(())
    }

    #[cold]
    fn parse_unicode_escape(&mut self, scratch: &mut Vec<u8>) -> Result<()> {
        let n = self.decode_hex_escape()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error(Code::LoneLeadingSurrogateInHexEscape));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            push_code_point(n as u32, scratch);
            return Ok(());
        }
        let n1 = n;
        if self.peek_or_eof()? != b'\\' {
            self.eat_char();
            return Err(self.error(Code::UnexpectedEndOfHexEscape));
        }
        self.eat_char();
        if self.peek_or_eof()? != b'u' {
            self.eat_char();
            return Err(self.error(Code::UnexpectedEndOfHexEscape));
        }
        self.eat_char();
        let n2 = self.decode_hex_escape()?;
        if !(0xDC00..=0xDFFF).contains(&n2) {
            return Err(self.error(Code::LoneLeadingSurrogateInHexEscape));
        }
        let n = ((((n1 - 0xD800) as u32) << 10) | (n2 - 0xDC00) as u32) + 0x1_0000;
        push_code_point(n, scratch);
        Ok(())
    }

    fn decode_hex_escape(&mut self) -> Result<u16> {
        match self.slice[self.index..] {
            [a, b, c, d, ..] => {
                self.index += 4;
                let mut n = 0u16;
                for digit in [a, b, c, d] {
                    let Some(v) = (digit as char).to_digit(16) else { return Err(self.error(Code::InvalidEscape)) };
                    n = n * 16 + v as u16;
                }
                Ok(n)
            }
            _ => {
                self.index = self.slice.len();
                Err(self.error(Code::EofWhileParsingString))
            }
        }
    }

    /// SliceRead's `ignore_str` (after the opening quote).
    fn ignore_str(&mut self) -> Result<()> {
        loop {
            self.skip_to_escape();
            if self.index == self.slice.len() {
                return Err(self.error(Code::EofWhileParsingString));
            }
            match self.slice[self.index] {
                b'"' => {
                    self.index += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.index += 1;
                    self.ignore_escape()?;
                }
                _ => return Err(self.error(Code::ControlCharacterWhileParsingString)),
            }
        }
    }

    fn ignore_escape(&mut self) -> Result<()> {
        match self.next_or_eof()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => self.decode_hex_escape().map(drop),
            _ => Err(self.error(Code::InvalidEscape)),
        }
    }

    fn ignore_value(&mut self) -> Result<()> {
        let mut stack: Vec<u8> = Vec::new();
        let mut enclosing = None;
        loop {
            let Some(peek) = self.parse_whitespace() else {
                return Err(self.peek_error(Code::EofWhileParsingValue));
            };
            let frame = match peek {
                b'n' => {
                    self.eat_char();
                    self.parse_ident(b"ull")?;
                    None
                }
                b't' => {
                    self.eat_char();
                    self.parse_ident(b"rue")?;
                    None
                }
                b'f' => {
                    self.eat_char();
                    self.parse_ident(b"alse")?;
                    None
                }
                b'-' => {
                    self.eat_char();
                    self.ignore_integer()?;
                    None
                }
                b'0'..=b'9' => {
                    self.ignore_integer()?;
                    None
                }
                b'"' => {
                    self.eat_char();
                    self.ignore_str()?;
                    None
                }
                frame @ (b'[' | b'{') => {
                    stack.extend(enclosing.take());
                    self.eat_char();
                    Some(frame)
                }
                _ => return Err(self.peek_error(Code::ExpectedSomeValue)),
            };
            let (mut accept_comma, mut frame) = match frame {
                Some(frame) => (false, frame),
                None => match enclosing.take() {
                    Some(frame) => (true, frame),
                    None => match stack.pop() {
                        Some(frame) => (true, frame),
                        None => return Ok(()),
                    },
                },
            };
            loop {
                match self.parse_whitespace() {
                    Some(b',') if accept_comma => {
                        self.eat_char();
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) => {
                        if accept_comma {
                            return Err(self.peek_error(if frame == b'[' {
                                Code::ExpectedListCommaOrEnd
                            } else {
                                Code::ExpectedObjectCommaOrEnd
                            }));
                        }
                        break;
                    }
                    None => {
                        return Err(self.peek_error(if frame == b'[' {
                            Code::EofWhileParsingList
                        } else {
                            Code::EofWhileParsingObject
                        }));
                    }
                }
                self.eat_char();
                frame = match stack.pop() {
                    Some(frame) => frame,
                    None => return Ok(()),
                };
                accept_comma = true;
            }
            if frame == b'{' {
                match self.parse_whitespace() {
                    Some(b'"') => self.eat_char(),
                    Some(_) => return Err(self.peek_error(Code::KeyMustBeAString)),
                    None => return Err(self.peek_error(Code::EofWhileParsingObject)),
                }
                self.ignore_str()?;
                match self.parse_whitespace() {
                    Some(b':') => self.eat_char(),
                    Some(_) => return Err(self.peek_error(Code::ExpectedColon)),
                    None => return Err(self.peek_error(Code::EofWhileParsingObject)),
                }
            }
            enclosing = Some(frame);
        }
    }

    fn ignore_integer(&mut self) -> Result<()> {
        match self.next_char().unwrap_or(0) {
            b'0' => {
                if let b'0'..=b'9' = self.peek_or_null() {
                    return Err(self.peek_error(Code::InvalidNumber));
                }
            }
            b'1'..=b'9' => {
                while let b'0'..=b'9' = self.peek_or_null() {
                    self.eat_char();
                }
            }
            _ => return Err(self.error(Code::InvalidNumber)),
        }
        match self.peek_or_null() {
            b'.' => self.ignore_decimal(),
            b'e' | b'E' => self.ignore_exponent(),
            _ => Ok(()),
        }
    }

    fn ignore_decimal(&mut self) -> Result<()> {
        self.eat_char();
        let mut at_least_one_digit = false;
        while let b'0'..=b'9' = self.peek_or_null() {
            self.eat_char();
            at_least_one_digit = true;
        }
        if !at_least_one_digit {
            return Err(self.peek_error(Code::InvalidNumber));
        }
        match self.peek_or_null() {
            b'e' | b'E' => self.ignore_exponent(),
            _ => Ok(()),
        }
    }

    fn ignore_exponent(&mut self) -> Result<()> {
        self.eat_char();
        if let b'+' | b'-' = self.peek_or_null() {
            self.eat_char();
        }
        match self.next_char().unwrap_or(0) {
            b'0'..=b'9' => {}
            _ => return Err(self.error(Code::InvalidNumber)),
        }
        while let b'0'..=b'9' = self.peek_or_null() {
            self.eat_char();
        }
        Ok(())
    }
}

fn is_escape(ch: u8) -> bool {
    ch == b'"' || ch == b'\\' || ch < 0x20
}

/// The value serde_json's `ValueVisitor` makes of a number.
fn number_value(n: ParserNumber) -> Value {
    match n {
        ParserNumber::F64(f) => Value::from(f),
        ParserNumber::U64(u) => Value::Number(Number::from(u)),
        ParserNumber::I64(i) => Value::Number(Number::from(i)),
    }
}

/// UTF-8 of a code point (never a surrogate here: those were refused).
fn push_code_point(n: u32, scratch: &mut Vec<u8>) {
    let c = char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buf = [0; 4];
    scratch.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// 10 to the power of 0 to 308, each correctly rounded as Rust's (and serde_json's table of)
/// literals `1e0` to `1e308` are; computed once from exact big integers, because the table of
/// 309 literals was about 2 KB of the gzipped wasm.
fn pow10() -> &'static [f64; 309] {
    static TABLE: std::sync::OnceLock<[f64; 309]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [1.0; 309];
        // 10^n exactly, in 32-bit limbs from the lowest.
        let mut big: Vec<u32> = vec![1];
        for entry in table.iter_mut().skip(1) {
            let mut carry = 0u64;
            for limb in big.iter_mut() {
                let product = u64::from(*limb) * 10 + carry;
                *limb = product as u32;
                carry = product >> 32;
            }
            if carry > 0 {
                big.push(carry as u32);
            }
            *entry = nearest_f64(&big);
        }
        table
    })
}

/// The `f64` nearest a big integer above 0 and below 2^1024 (ties to even).
fn nearest_f64(big: &[u32]) -> f64 {
    let top = big.len() - 1;
    let bits = top * 32 + (32 - big[top].leading_zeros() as usize);
    // The 64 highest bits (the highest one set), and whether any bit below them is set.
    let mut high = 0u64;
    let mut sticky = false;
    for (i, &limb) in big.iter().enumerate() {
        let shift = (i * 32) as isize + 64 - bits as isize;
        if shift >= 0 {
            high |= u64::from(limb) << shift;
        } else if shift > -32 {
            high |= u64::from(limb) >> -shift;
            sticky |= limb & ((1u32 << -shift) - 1) != 0;
        } else {
            sticky |= limb != 0;
        }
    }
    let mut mantissa = high >> 11;
    let rest = high & 0x7ff;
    if rest > 0x400 || (rest == 0x400 && (sticky || mantissa & 1 == 1)) {
        mantissa += 1;
    }
    let mut exponent = bits as u64 - 1;
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        exponent += 1;
    }
    f64::from_bits(((exponent + 1023) << 52) | (mantissa & ((1 << 52) - 1)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn powers_of_ten_are_the_literals() {
        for (n, &pow) in super::pow10().iter().enumerate() {
            let literal: f64 = format!("1e{n}").parse().unwrap();
            assert_eq!(pow.to_bits(), literal.to_bits(), "1e{n}");
        }
    }
}
