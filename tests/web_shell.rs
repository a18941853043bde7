//! Browser tests of the web shell, run in headless Chromium by `make test`
//! (`cargo test --target wasm32-unknown-unknown --test web_shell`).
//!
//! Placeholder: checks that the browser test harness works. Replace with the real tests.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser_with_a_document() {
    let window = web_sys::window().expect("a window");
    assert!(window.document().is_some());
}
