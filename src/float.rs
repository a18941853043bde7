//! `f64` as text exactly as core writes it (`{}`, `{:.N}`, `{:?}`), and `clamp`, without core's
//! float formatting in the wasm: Grisu and Dragon4 with their tables were about 7 KB of the
//! gzipped module. In the wasm the shortest digits come from the browser: `Number.prototype.
//! toString` picks, like core, the shortest digits that read back as the same number and, among
//! those, the closest; only the layout differs (JS writes `1e+21`, `1e-7`, `0` for -0), and is
//! redone here. Fixed decimals (`{:.N}`) are computed exactly here, rounding half to even on the
//! binary value as core does. Native builds use core's own formatting. The tests compare both
//! ways: natively for fixed decimals and the layouts, and in V8 for the shortest digits
//! (`cargo test --target wasm32-unknown-unknown --lib float`, which runs in Node; not part of
//! `make test`), on a million doubles and the halfway cases where V8 and core choose differently.

use std::fmt;

/// `{}` of an f64: the shortest digits that read back as the number, never an exponent.
#[derive(Clone, Copy)]
pub(crate) struct Float(pub(crate) f64);

/// `{:.N}` of an f64: `.1` decimals, rounded half to even on the exact binary value.
#[derive(Clone, Copy)]
pub(crate) struct Fixed(pub(crate) f64, pub(crate) usize);

/// `{:?}` of an f64: like `{}` with ".0" on whole numbers, in exponent form below 1e-4 and from
/// 1e16.
#[derive(Clone, Copy)]
pub(crate) struct FloatDebug(pub(crate) f64);

#[cfg(not(target_arch = "wasm32"))]
impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(target_arch = "wasm32")]
impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display_text(self.0, browser_shortest))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.*}", self.1, self.0)
    }
}

#[cfg(target_arch = "wasm32")]
impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed_text(self.0, self.1))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl fmt::Display for FloatDebug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(target_arch = "wasm32")]
impl fmt::Display for FloatDebug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&debug_text(self.0, browser_shortest))
    }
}

/// `x` limited to `lo..=hi` (`lo <= hi`), as `f64::clamp` does: NaN stays NaN. core's `clamp`
/// checks its bounds with a message that formats them, which links the float formatting.
pub(crate) fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// The shortest digits of a finite, non-zero `x` (without sign) and where the decimal point
/// goes: `x` is `0.DIGITS × 10^point`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
type Shortest = fn(f64) -> (String, i32);

/// The browser's shortest digits, from `Number.prototype.toString` ("123.45", "1.5e-7",
/// "1e+21"), with core's choice where two are as close.
#[cfg(target_arch = "wasm32")]
fn browser_shortest(x: f64) -> (String, i32) {
    let text: String = js_sys::Number::from(x.abs()).to_string_with_radix(10).map(String::from).unwrap_or_default();
    let (digits, point) = digits_and_point(&text);
    tie_rounded_up(x, digits, point)
}

/// Where the number lies exactly halfway between two shortest candidates, core takes the upper
/// one and V8 the lower (1658206780088562.25 is "…562.3" in Rust, "…562.2" in JS): the lower
/// one is moved up. A tie needs a coarse double, one whose shortest digits are at least 16 or a
/// subnormal; the others are left alone without the exact test.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn tie_rounded_up(x: f64, digits: String, point: i32) -> (String, i32) {
    if digits.len() < 16 && x.abs() >= f64::MIN_POSITIVE {
        return (digits, point);
    }
    // |x| = mantissa × 2^exponent and the candidate is DIGITS × 10^k: a tie is
    // mantissa × 2^(exponent + 1) = (2 × DIGITS + 1) × 10^k, compared as whole numbers.
    let (mantissa, exponent) = parts(x);
    let k = point - digits.len() as i32;
    let Ok(candidate) = digits.parse::<u64>() else { return (digits, point) };
    let mut left = limbs_of(u128::from(mantissa));
    let mut right = limbs_of(u128::from(candidate) * 2 + 1);
    let twos = exponent + 1;
    for _ in 0..twos.unsigned_abs() {
        multiply(if twos >= 0 { &mut left } else { &mut right }, 2);
    }
    for _ in 0..k.unsigned_abs() {
        multiply(if k >= 0 { &mut right } else { &mut left }, 10);
    }
    if left != right {
        return (digits, point);
    }
    // One up in the last place: 1299 becomes 13, 999 becomes 1 with the point one further.
    let up = (candidate + 1).to_string();
    let point = point + (up.len() - digits.len()) as i32;
    (up.trim_end_matches('0').to_owned(), point)
}

/// |x| = mantissa × 2^exponent, exactly (x finite).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// Digits and point of a number written plainly or with an exponent (`e+21`, `e-7`, `e21`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn digits_and_point(text: &str) -> (String, i32) {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_owned();
    (digits, whole.len() as i32 - leading as i32 + exponent)
}

/// `{}`: digits laid out plainly.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn display_text(x: f64, shortest: Shortest) -> String {
    if let Some(special) = special(x, "0") {
        return special;
    }
    let (digits, point) = shortest(x);
    let mut out = String::from(if x < 0.0 { "-" } else { "" });
    plain(&mut out, &digits, point, false);
    out
}

/// `{:?}`: plainly from 1e-4 to below 1e16 (".0" on whole numbers), else `d.ddde±N`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn debug_text(x: f64, shortest: Shortest) -> String {
    if let Some(special) = special(x, "0.0") {
        return special;
    }
    let (digits, point) = shortest(x);
    let mut out = String::from(if x < 0.0 { "-" } else { "" });
    if (1e-4..1e16).contains(&x.abs()) {
        plain(&mut out, &digits, point, true);
    } else {
        // `get`, not indexing: digits are ASCII, and an index would link core's panic message
        // for a cut inside a character (and with it the Unicode tables that print it).
        let (first, rest) = (digits.get(..1).unwrap_or_default(), digits.get(1..).unwrap_or_default());
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push_str(&(point - 1).to_string());
    }
    out
}

/// NaN, the infinities and the zeros, as core writes them (`zero` for 0, with "-" for -0).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn special(x: f64, zero: &str) -> Option<String> {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_nan() {
        Some("NaN".to_owned())
    } else if x.is_infinite() {
        Some(format!("{sign}inf"))
    } else if x == 0.0 {
        Some(format!("{sign}{zero}"))
    } else {
        None
    }
}

/// `0.DIGITS × 10^point` written without exponent; `point_zero` adds ".0" to a whole number.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn plain(out: &mut String, digits: &str, point: i32, point_zero: bool) {
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
        if point_zero {
            out.push_str(".0");
        }
    } else {
        let point = point as usize;
        out.push_str(digits.get(..point).unwrap_or_default());
        out.push('.');
        out.push_str(digits.get(point..).unwrap_or_default());
    }
}

/// `{:.places$}` of `x`, exactly: the binary value times 10^places, rounded half to even, then
/// the point put back. For up to 19 places (the map writes at most 5).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn fixed_text(x: f64, places: usize) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    let mut out = String::from(if x.is_sign_negative() { "-" } else { "" });
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    let places = places.min(19);
    let (mantissa, exponent) = parts(x);
    let scaled = u128::from(mantissa) * 10u128.pow(places as u32);
    let mut limbs = if exponent >= 0 {
        let mut limbs = limbs_of(scaled);
        for _ in 0..exponent {
            multiply(&mut limbs, 2);
        }
        limbs
    } else {
        let shift = exponent.unsigned_abs();
        let rounded = if shift >= 128 {
            0 // below a half: scaled < 2^117
        } else {
            let (quotient, rest) = (scaled >> shift, scaled & ((1u128 << shift) - 1));
            let half = 1u128 << (shift - 1);
            quotient + u128::from(rest > half || (rest == half && quotient & 1 == 1))
        };
        limbs_of(rounded)
    };
    let mut digits = decimal_digits(&mut limbs);
    if digits.len() <= places {
        digits = "0".repeat(places + 1 - digits.len()) + &digits;
    }
    let at = digits.len() - places;
    let (whole, decimals) = (digits.get(..at).unwrap_or_default(), digits.get(at..).unwrap_or_default());
    out.push_str(whole);
    if places > 0 {
        out.push('.');
        out.push_str(decimals);
    }
    out
}

/// A whole number as base-10^9 limbs, least significant first. Divided as four 32-bit words
/// with 64-bit arithmetic: `u128` division links compiler-builtins' general 128-bit divider
/// (about 17 KB of wasm text, 0.5 KB of the gzipped download).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn limbs_of(n: u128) -> Vec<u32> {
    // Most significant first.
    let mut words = [(n >> 96) as u32, (n >> 64) as u32, (n >> 32) as u32, n as u32];
    let mut limbs = Vec::new();
    while words.iter().any(|&w| w != 0) {
        let mut rest = 0u64;
        for word in &mut words {
            // rest < 10^9 < 2^30: the dividend fits in 62 bits.
            let dividend = rest << 32 | u64::from(*word);
            *word = (dividend / 1_000_000_000) as u32;
            rest = dividend % 1_000_000_000;
        }
        limbs.push(rest as u32);
    }
    limbs
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
/// Multiplies base-10^9 limbs by a small factor.
fn multiply(limbs: &mut Vec<u32>, factor: u32) {
    let mut carry = 0u64;
    for limb in limbs.iter_mut() {
        let v = u64::from(*limb) * u64::from(factor) + carry;
        *limb = (v % 1_000_000_000) as u32;
        carry = v / 1_000_000_000;
    }
    if carry > 0 {
        limbs.push(carry as u32);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn decimal_digits(limbs: &mut [u32]) -> String {
    let Some((last, rest)) = limbs.split_last() else { return "0".to_owned() };
    let mut out = last.to_string();
    for limb in rest.iter().rev() {
        let text = limb.to_string();
        out.extend(std::iter::repeat_n('0', 9 - text.len()));
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limbs_are_the_base_billion_digits() {
        let plain = |mut n: u128| {
            let mut limbs = Vec::new();
            while n > 0 {
                limbs.push((n % 1_000_000_000) as u32);
                n /= 1_000_000_000;
            }
            limbs
        };
        let mut n = 1u128;
        for _ in 0..200 {
            for v in [n, n - 1, n + 1, u128::MAX - n] {
                assert_eq!(limbs_of(v), plain(v), "{v}");
            }
            n = n.wrapping_mul(7).wrapping_add(3);
        }
        assert_eq!(limbs_of(0), Vec::<u32>::new());
        assert_eq!(limbs_of(u128::MAX), plain(u128::MAX));
    }

    /// core's shortest digits, read from its `{:e}`.
    fn core_shortest(x: f64) -> (String, i32) {
        digits_and_point(&format!("{:e}", x.abs()))
    }

    /// Doubles of every magnitude and some awkward ones.
    fn samples() -> Vec<f64> {
        let mut out = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            1e-4,
            9.999e-5,
            1e16,
            9.999999999999998e15,
            1e21,
            1e22,
            1e-7,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            123.456,
            69.17,
            34.53,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2f64.powi(53),
            2f64.powi(70),
            254.0 / 255.0,
            51.0 / 255.0,
            180.0 / 255.0,
            1.005,
            2.675,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e15 + 0.3,
            4.35,
            0.045,
            1234.5,
            0.0005,
            999.9999,
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 4 {
                0 => f64::from_bits(state),
                1 => (state >> 11) as f64 / (1u64 << 53) as f64 * 1000.0 - 500.0,
                2 => ((state >> 20) % 100_000) as f64 / 1000.0,
                _ => f64::from_bits(state) % 1e6,
            };
            out.push(x);
            out.push(x / 255.0);
        }
        out
    }

    #[test]
    fn fixed_is_cores() {
        for x in samples() {
            for places in 0..=6 {
                assert_eq!(fixed_text(x, places), format!("{x:.places$}"), "{x:e} to {places} places");
            }
        }
    }

    #[test]
    fn display_and_debug_are_cores_given_its_digits() {
        for x in samples() {
            assert_eq!(display_text(x, core_shortest), format!("{x}"), "{x:e}");
            assert_eq!(debug_text(x, core_shortest), format!("{x:?}"), "{x:e}");
        }
    }

    /// The lower candidate of a tie, as V8 gives it, is moved up to core's; the others are kept.
    #[test]
    fn ties_go_up_as_in_core() {
        let x = 1658206780088562.0 + 0.25;
        assert_eq!(tie_rounded_up(x, "16582067800885622".to_owned(), 16), core_shortest(x));
        for x in samples().into_iter().filter(|x| x.is_finite() && *x != 0.0) {
            let (digits, point) = core_shortest(x);
            assert_eq!(tie_rounded_up(x, digits.clone(), point), (digits, point), "{x:e}");
        }
        // Halfway doubles just below 2^53 and subnormals.
        for i in 0..5000u64 {
            for x in
                [(1u64 << 52) as f64 + i as f64 * 4.0 + 0.5, (1u64 << 50) as f64 + i as f64 + 0.25, f64::from_bits(i)]
            {
                if x == 0.0 {
                    continue;
                }
                let (digits, point) = core_shortest(x);
                assert_eq!(tie_rounded_up(x, digits.clone(), point), (digits, point), "{x:e}");
            }
        }
    }

    #[test]
    fn javascript_layouts_read_back() {
        assert_eq!(digits_and_point("1e+21"), ("1".to_owned(), 22));
        assert_eq!(digits_and_point("1.5e-7"), ("15".to_owned(), -6));
        assert_eq!(digits_and_point("0.000123"), ("123".to_owned(), -3));
        assert_eq!(digits_and_point("123.45"), ("12345".to_owned(), 3));
        assert_eq!(digits_and_point("1200"), ("12".to_owned(), 4));
    }

    #[test]
    fn clamp_is_cores() {
        for x in [f64::NAN, -1.0, 0.0, 0.5, 1.0, 2.0, f64::INFINITY, -0.0] {
            let (a, b) = (clamp(x, 0.0, 1.0), x.clamp(0.0, 1.0));
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{x}");
        }
    }
}

/// In the browser, the digits `Number.prototype.toString` gives against core's, on the same
/// samples (core's formatting is in the test build).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn browser_digits_are_cores() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 3 {
                0 => f64::from_bits(state),
                1 => (state >> 11) as f64 / (1u64 << 53) as f64 * 1000.0 - 500.0,
                _ => ((state >> 20) % 100_000) as f64 / 1000.0,
            };
            assert_eq!(display_text(x, browser_shortest), format!("{x}"), "{x:e}");
            assert_eq!(debug_text(x, browser_shortest), format!("{x:?}"), "{x:e}");
        }
        for x in [0.0, -0.0, 1e21, 1e-7, 5e-324, f64::MAX, 1e16, 1e-4, 9.5e-5, f64::NAN, f64::INFINITY] {
            assert_eq!(display_text(x, browser_shortest), format!("{x}"));
            assert_eq!(debug_text(x, browser_shortest), format!("{x:?}"));
        }
        // Halfway doubles, where V8 and core choose differently without `tie_rounded_up`.
        for i in 0..20_000u64 {
            for x in
                [(1u64 << 52) as f64 + i as f64 * 4.0 + 0.5, (1u64 << 50) as f64 + i as f64 + 0.25, f64::from_bits(i)]
            {
                assert_eq!(display_text(x, browser_shortest), format!("{x}"), "{x:e}");
                assert_eq!(debug_text(x, browser_shortest), format!("{x:?}"), "{x:e}");
            }
        }
    }
}
