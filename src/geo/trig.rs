//! Sine, cosine, tangent, arcsine, arctangent and hyperbolic sine, and the powers of two and
//! logarithms the zoom and the scales need: in the wasm build the browser's `Math` functions,
//! natively std's.
//!
//! Rust's versions on wasm32 are compiled-in libm code with its argument reduction (`rem_pio2`,
//! `rem_pio2_large`, and `expm1` for `sinh`): ~11 KB of wasm; `exp2` and the logarithms bring
//! their own tables. Browsers compute these natively (V8 with the same fdlibm
//! algorithms libm ports). An import call costs a few nanoseconds, which stays small even when
//! projecting every incident of a large dataset once at load.

#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::{asin, atan, cos, exp2, ln, log10, log2, sin, sinh, tan};

#[cfg(target_arch = "wasm32")]
mod wasm {
    pub(crate) fn sin(x: f64) -> f64 {
        js_sys::Math::sin(x)
    }

    pub(crate) fn cos(x: f64) -> f64 {
        js_sys::Math::cos(x)
    }

    pub(crate) fn tan(x: f64) -> f64 {
        js_sys::Math::tan(x)
    }

    pub(crate) fn asin(x: f64) -> f64 {
        js_sys::Math::asin(x)
    }

    pub(crate) fn atan(x: f64) -> f64 {
        js_sys::Math::atan(x)
    }

    pub(crate) fn sinh(x: f64) -> f64 {
        js_sys::Math::sinh(x)
    }

    pub(crate) fn exp2(x: f64) -> f64 {
        js_sys::Math::pow(2.0, x)
    }

    pub(crate) fn log2(x: f64) -> f64 {
        js_sys::Math::log2(x)
    }

    pub(crate) fn ln(x: f64) -> f64 {
        js_sys::Math::log(x)
    }

    pub(crate) fn log10(x: f64) -> f64 {
        js_sys::Math::log10(x)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{asin, atan, cos, exp2, ln, log10, log2, sin, sinh, tan};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    pub(crate) fn sin(x: f64) -> f64 {
        x.sin()
    }

    pub(crate) fn cos(x: f64) -> f64 {
        x.cos()
    }

    pub(crate) fn tan(x: f64) -> f64 {
        x.tan()
    }

    pub(crate) fn asin(x: f64) -> f64 {
        x.asin()
    }

    pub(crate) fn atan(x: f64) -> f64 {
        x.atan()
    }

    pub(crate) fn sinh(x: f64) -> f64 {
        x.sinh()
    }

    pub(crate) fn exp2(x: f64) -> f64 {
        x.exp2()
    }

    pub(crate) fn log2(x: f64) -> f64 {
        x.log2()
    }

    pub(crate) fn ln(x: f64) -> f64 {
        x.ln()
    }

    pub(crate) fn log10(x: f64) -> f64 {
        x.log10()
    }
}
