//! Our JSON reader (`incident_map::json`) against serde_json 1.0's `from_slice`, on generated
//! documents, their mutations (every kind of mistake) and numbers of every form: the same value
//! (floats bit for bit, integers of the same kind, objects with the same members) or the same
//! error (words, line, column, whether it is the end of input). Likewise `ignore_slice` against
//! `from_slice::<serde::de::IgnoredAny>`.

use incident_map::json::{self, Value};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Whether our value is serde_json's: same kinds, floats bit for bit, same members in order.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => {
            a.is_f64() == b.is_f64()
                && a.as_u64() == b.as_u64()
                && a.as_i64() == b.as_i64()
                && a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits)
                && a.to_string() == number_text(b)
        }
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => false,
    }
}

/// serde_json's text of a number, but a float as `{:?}` writes it, as ours does (`1e21` where
/// serde_json writes `1e+21`, `2.5e-5` for its `0.000025`): the crate formats floats itself
/// rather than link serde_json's formatting into the wasm for its messages.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64().filter(|_| n.is_f64()) {
        Some(x) => format!("{x:?}"),
        None => n.to_string(),
    }
}

/// serde_json's compact text of a value, with floats as `number_text` writes them.
fn text_as_ours(value: &serde_json::Value) -> String {
    let list = |items: Vec<String>| items.join(",");
    match value {
        serde_json::Value::Number(n) => number_text(n),
        serde_json::Value::Array(items) => format!("[{}]", list(items.iter().map(text_as_ours).collect())),
        serde_json::Value::Object(members) => format!(
            "{{{}}}",
            list(
                members
                    .iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::Value::from(k.as_str()), text_as_ours(v)))
                    .collect()
            )
        ),
        other => other.to_string(),
    }
}

/// Reads `text` both ways and panics on any difference; whether it was JSON.
fn compare(text: &[u8]) -> bool {
    let ours = json::from_slice(text);
    let theirs = serde_json::from_slice::<serde_json::Value>(text);
    let shown = String::from_utf8_lossy(text);
    let valid = match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            assert!(same(a, b), "different values for {shown:?}: {a:?} against {b:?}");
            assert_eq!(a.to_string(), text_as_ours(b), "different text for {shown:?}");
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "different errors for {shown:?}");
            assert_eq!((a.line(), a.column(), a.is_eof()), (b.line(), b.column(), b.is_eof()), "{shown:?}");
            false
        }
        _ => panic!("one reader failed for {shown:?}: ours {ours:?}, serde_json's {theirs:?}"),
    };
    let ours = json::ignore_slice(text);
    let theirs = serde_json::from_slice::<serde::de::IgnoredAny>(text);
    match (&ours, &theirs) {
        (Ok(()), Ok(_)) => {}
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "different errors (ignored) for {shown:?}");
            assert_eq!((a.line(), a.column(), a.is_eof()), (b.line(), b.column(), b.is_eof()), "{shown:?}");
        }
        _ => panic!("one reader (ignored) failed for {shown:?}: ours {ours:?}, serde_json's {theirs:?}"),
    }
    valid
}

const WHITE: [&str; 8] = ["", "", "", " ", "\n", "\t", "\r\n", "  \n "];

fn number(rng: &mut Rng) -> String {
    let digits = |rng: &mut Rng, n: usize| -> String {
        (0..n).map(|i| char::from(b'0' + if i == 0 { 1 + rng.below(9) as u8 } else { rng.below(10) as u8 })).collect()
    };
    let mut text = String::new();
    if rng.below(3) == 0 {
        text.push('-');
    }
    match rng.below(6) {
        0 => text.push('0'),
        1 => text.push_str(&{
            let n = 1 + rng.below(3);
            digits(rng, n)
        }),
        2 => text.push_str(&{
            let n = 15 + rng.below(8);
            digits(rng, n)
        }),
        3 => text.push_str(&{
            let n = 18 + rng.below(30);
            digits(rng, n)
        }),
        4 => text.push_str(rng.pick(&[
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775809",
            "99999999999999999999",
        ])),
        _ => text.push_str(&{
            let n = 1 + rng.below(8);
            digits(rng, n)
        }),
    }
    if rng.below(2) == 0 {
        text.push('.');
        let most = if rng.below(4) == 0 { 40 } else { 8 };
        let n = 1 + rng.below(most);
        for _ in 0..n {
            text.push(char::from(b'0' + rng.below(10) as u8));
        }
    }
    if rng.below(3) == 0 {
        text.push(rng.pick(&['e', 'E']));
        text.push_str(rng.pick(&["", "+", "-"]));
        let exp = match rng.below(5) {
            0 => rng.below(10).to_string(),
            1 => rng.below(400).to_string(),
            2 => (280 + rng.below(60)).to_string(),
            3 => rng
                .pick(&[
                    "2147483647",
                    "2147483648",
                    "99999999999",
                    "0000000000000000000012",
                    "324",
                    "325",
                    "308",
                    "309",
                ])
                .to_string(),
            _ => rng.below(30).to_string(),
        };
        text.push_str(&exp);
    }
    text
}

fn string(rng: &mut Rng) -> String {
    let mut text = String::from("\"");
    for _ in 0..rng.below(8) {
        text.push_str(rng.pick(&[
            "a",
            "Kabul",
            " ",
            "é",
            "مزار",
            "😀",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\r",
            "\\t",
            "\\u0041",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\uD83D\\uDE00",
            "\\u0000",
            "\\u001f",
            "\\uFFFF",
            "\\ud800",
            "\\udc00",
            "\\ud800\\u0041",
            "\\ud800x",
            "\\ud800\\n",
            "\\uzzzz",
            "\\x",
            "'",
            "\u{7f}",
        ]));
    }
    text.push('"');
    text
}

fn value(rng: &mut Rng, depth: usize, out: &mut String) {
    let white = |rng: &mut Rng, out: &mut String| out.push_str(rng.pick(&WHITE));
    let kind = if depth > 6 { rng.below(4) } else { rng.below(7) };
    match kind {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 | 2 => out.push_str(&number(rng)),
        3 => out.push_str(&string(rng)),
        4 => {
            out.push('[');
            let n = rng.below(5);
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                }
                white(rng, out);
                value(rng, depth + 1, out);
                white(rng, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            let n = rng.below(5);
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                }
                white(rng, out);
                // Few distinct keys, so that duplicates (the last one wins) are common.
                if rng.below(2) == 0 {
                    out.push_str(&format!("\"{}\"", rng.pick(&["a", "b", "type", "é", "a\\u0062", ""])));
                } else {
                    out.push_str(&string(rng));
                }
                white(rng, out);
                out.push(':');
                white(rng, out);
                value(rng, depth + 1, out);
            }
            white(rng, out);
            out.push('}');
        }
    }
}

fn document(rng: &mut Rng) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(rng.pick(&WHITE));
    value(rng, 0, &mut out);
    out.push_str(rng.pick(&WHITE));
    out.into_bytes()
}

const BYTES: &[u8] = b"\"\\,:[]{}0123456789-+.eEtrufalsn \n\t\rxu/\x00\x01\x1f\x7f\x80\xbf\xc3\xa9\xe2\xf0\xff";

fn mutate(rng: &mut Rng, text: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(text.len() + 1);
        match rng.below(6) {
            0 if at < text.len() => drop(text.remove(at)),
            1 => text.insert(at, rng.pick(BYTES)),
            2 if at < text.len() => text[at] = rng.pick(BYTES),
            3 => text.truncate(at),
            4 if at < text.len() => {
                let end = (at + 1 + rng.below(8)).min(text.len());
                let piece = text[at..end].to_vec();
                let to = rng.below(text.len() + 1);
                text.splice(to..to, piece);
            }
            _ => text.insert(at, rng.next() as u8),
        }
    }
}

#[test]
fn generated_documents_read_the_same() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut valid = 0;
    for _ in 0..60_000 {
        let text = document(&mut rng);
        valid += usize::from(compare(&text));
    }
    assert!(valid > 30_000, "{valid}");
}

#[test]
fn mutated_documents_fail_the_same() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut invalid = 0;
    for _ in 0..150_000 {
        let mut text = document(&mut rng);
        mutate(&mut rng, &mut text);
        invalid += usize::from(!compare(&text));
    }
    assert!(invalid > 50_000, "{invalid}");
}

#[test]
fn every_one_byte_change_of_a_feature_reads_the_same() {
    let feature = "{\"type\": \"Feature\", \"id\": 7, \"geometry\": {\"type\": \"Point\", \"coordinates\": [69.17, -34.5e1]},\n\
        \"properties\": {\"date\": \"2022-04-29\", \"killed\": 12, \"x\": [null, true, false, -0, 1E+2, \"a\\u00e9\\n\"],\n\
        \"place\": \"مزار شریف\", \"type\": {}}}";
    let bytes = feature.as_bytes();
    assert!(compare(bytes));
    for at in 0..=bytes.len() {
        compare(&bytes[..at]);
        for &b in BYTES {
            let mut changed = bytes.to_vec();
            changed.insert(at, b);
            compare(&changed);
            if at < bytes.len() {
                changed.remove(at);
                changed[at] = b;
                compare(&changed);
                changed.remove(at);
                compare(&changed);
            }
        }
    }
}

/// Compares a number's text with serde_json's reading, and checks that `f64_from_slice` (the
/// fast feature reader's coordinates) gives what our general reader gives, bit for bit.
fn compare_number(text: &[u8]) {
    compare(text);
    let general = json::from_slice(text).ok().and_then(|v| v.as_f64());
    let alone = json::f64_from_slice(text);
    assert_eq!(alone.map(f64::to_bits), general.map(f64::to_bits), "{:?}", String::from_utf8_lossy(text));
}

#[test]
fn numbers_read_the_same_bit_for_bit() {
    let mut rng = Rng(42);
    for _ in 0..300_000 {
        compare_number(number(&mut rng).as_bytes());
    }
    for f in [0.1, 1.0 / 3.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123_456_789.123_456_78, 1e23] {
        for text in [format!("{f}"), format!("{f:e}"), format!("{f:?}"), format!("-{f:e}")] {
            compare_number(text.as_bytes());
        }
    }
    for _ in 0..100_000 {
        let f = f64::from_bits(rng.next());
        if f.is_finite() {
            compare_number(format!("{f:e}").as_bytes());
            compare_number(format!("{f:?}").as_bytes());
        }
    }
    for text in [
        "-0",
        "-0.0",
        "0e5",
        "-0e-5",
        "1e400",
        "-1e400",
        "1e-400",
        "0e400",
        "1.",
        "1.e5",
        "01",
        "-",
        "- 1",
        "1e",
        "1e+",
        "1e+a",
        ".5",
        "+1",
        "1.5e2147483648",
        "0.0e999999999999",
        "1x",
        "18446744073709551616.5",
        "18446744073709551616.",
        "-9223372036854775808",
        "-9223372036854775809",
        "1ee",
        "2.",
        "nul",
        "nulx",
        "tru",
        "t",
    ] {
        compare_number(text.as_bytes());
    }
}

#[test]
fn nesting_limit_and_odd_texts_read_the_same() {
    for depth in [1, 126, 127, 128, 129, 300] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            compare(deep.as_bytes());
            compare(format!("{}1", open.repeat(depth)).as_bytes());
            let mixed: String = (0..depth).map(|i| if i % 2 == 0 { "[" } else { "{\"k\":" }).collect();
            compare(mixed.as_bytes());
        }
    }
    for text in [
        "",
        " ",
        "\u{feff}{}",
        "{}",
        "[]",
        "[,]",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{,}",
        "{1:2}",
        "{\"a\":}",
        "[1]]",
        "{} {}",
        "\"\\u12\"",
        "\"\\u\"",
        "\"\\",
        "\"abc",
        "\"\u{1}\"",
        "\"\\ud800\\ud800\"",
        "\"\\ud800\\",
        "\"\\ud800\\u",
        "\"\\udfff\"",
        "\"a\n\"",
        "\"\n\u{0}\"",
        "[\"\\q\"]",
        "{\"a\":1 \"b\":2}",
        "\n\n  [1,\n  2,\n  x]",
    ] {
        compare(text.as_bytes());
    }
    let odd_bytes: [&[u8]; 3] = [b"\"\xff\"", b"[\"ab\xc3\", 1]", b"\"\\n\xe2\x82\""];
    for text in odd_bytes {
        compare(text);
    }
    let invalid_utf8: [&[u8]; 4] = [b"\"a\xffb\"", b"\"\\n\xff\"", b"{\"\xc3\":1}", b"[\"\xe2\x82\xac\xe2\"]\n"];
    for text in invalid_utf8 {
        compare(text);
    }
}

#[test]
fn duplicate_keys_keep_the_last_value() {
    let value = json::from_str(r#"{"b": 1, "a": 2, "b": 3, "a": {"x": 1}, "a": [4]}"#).unwrap();
    assert_eq!(value.to_string(), r#"{"a":[4],"b":3}"#);
    assert!(compare(br#"{"b": 1, "a": 2, "b": 3, "a": {"x": 1}, "a": [4]}"#));
}

#[test]
fn large_objects_with_duplicate_keys_read_the_same() {
    let mut rng = Rng(7);
    for _ in 0..2_000 {
        let n = rng.below(120);
        let keys = 1 + rng.below(200);
        let members: Vec<String> = (0..n).map(|i| format!("\"k{}\": {i}", rng.below(keys))).collect();
        assert!(compare(format!("{{{}}}", members.join(", ")).as_bytes()));
    }
    // A hostile object: 200,000 keys in reverse order, then all again (the last wins).
    let n = 200_000;
    let mut text = String::from("{");
    for round in 0..2 {
        for i in (0..n).rev() {
            text.push_str(&format!("\"{i:07}\": {round},"));
        }
    }
    text.push_str("\"end\": null}");
    let started = std::time::Instant::now();
    assert!(compare(text.as_bytes()));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
