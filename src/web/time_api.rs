//! The time control's and the URL state's part of [`MapHandle`]: presets given by the embedder
//! and the key of the map's entry in the URL hash. (`setTimeRange` and `timeRange` are with the
//! other methods in mod.rs.)

use wasm_bindgen::prelude::*;

use super::{js_error, MapHandle};
use crate::timeline::parse_time_presets;
use crate::url_state::HashKey;

#[wasm_bindgen]
impl MapHandle {
    /// Replaces the time presets with the embedder's, given as JSON text:
    /// `[{"label": "Apr 2022", "from": "2022-04-01", "to": "2022-04-30"}]`. `null` goes back to
    /// the presets derived from the data (the whole span, each year or decade, the month with the
    /// most casualties). A bad list throws, naming every bad entry, and keeps the presets shown.
    #[wasm_bindgen(js_name = setTimePresets)]
    pub fn set_time_presets(&self, json: Option<String>) -> Result<(), JsError> {
        let widget = self.widget()?;
        let presets = match json.as_deref().map(str::trim).filter(|j| !j.is_empty()) {
            None => None,
            Some(json) => Some(parse_time_presets(json).map_err(|e| JsError::new(&e.to_string()))?),
        };
        widget.set_custom_presets(presets).map_err(js_error)
    }

    /// Keeps the view, the time range and the selection in the page's URL hash under `key` (for
    /// example `map1`), and shows the state a link carries at once. `null` stops; the map never
    /// touches the URL unless given a key.
    #[wasm_bindgen(js_name = setHashKey)]
    pub fn set_hash_key(&self, key: Option<String>) -> Result<(), JsError> {
        let widget = self.widget()?;
        let key = key.map(|k| HashKey::new(k.trim())).transpose().map_err(|e| JsError::new(&e.to_string()))?;
        widget.set_hash_key(key).map_err(js_error)
    }
}
