//! The asset's JSON shape, as tools/basemap/src/asset.rs writes it, read from a parsed
//! `serde_json::Value` by hand. Derived `Deserialize` impls cost ~16 KB of wasm here (a visitor
//! per struct, per list and per field set); the `Value` reader is in the module anyway for the
//! data, and reading by hand names the item of every shape problem and lists them all.

use crate::json::Value;
use crate::json_kind::json_kind;

/// The `format` field of every basemap asset.
pub(super) const FORMAT: &str = "incident-map-basemap";
/// The asset version this decoder reads.
pub(super) const VERSION: u64 = 1;

/// Read first, so that another file or version gets a clear error instead of "missing field".
pub(super) struct RawHeader {
    /// The `format` field: the text, or the JSON of a value that is not text.
    pub format: Option<String>,
    /// The `version` field, when it is a whole number.
    pub version: Option<u64>,
}

impl RawHeader {
    pub fn read(asset: &Value) -> Self {
        let format = asset.get("format").filter(|v| !v.is_null()).map(|v| match v {
            Value::String(text) => text.clone(),
            other => crate::json_kind::json_text(other),
        });
        Self { format, version: asset.get("version").and_then(Value::as_u64) }
    }
}

pub(super) struct RawAsset {
    pub attribution: String,
    pub origin: [f64; 2],
    pub quantum: f64,
    pub levels: Vec<RawLevel>,
    pub countries: Vec<RawRegion>,
    pub provinces: Vec<RawRegion>,
    pub rivers: Vec<RawRiver>,
    pub places: Vec<RawPlace>,
}

pub(super) struct RawLevel {
    pub min_zoom: f64,
}

/// `rings[level][ring]` is `[x0, y0, dx1, dy1, ...]` in grid cells, without the closing point.
pub(super) struct RawRegion {
    pub name: String,
    pub name_fa: Option<String>,
    pub focus: bool,
    pub label: [i64; 2],
    pub rings: Vec<Vec<Vec<i64>>>,
}

/// `lines[level][part]`, encoded like region rings.
pub(super) struct RawRiver {
    pub name: String,
    pub lines: Vec<Vec<Vec<i64>>>,
}

pub(super) struct RawPlace {
    pub name: String,
    pub name_fa: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub population: u32,
    pub kind: String,
}

impl RawAsset {
    /// The asset's fields; `Err` lists every field that is missing or of the wrong type, each
    /// named by its path (`countries[3].rings[0][2][7]`).
    pub fn read(asset: &Value) -> Result<Self, Vec<String>> {
        let mut shape = Shape { problems: Vec::new() };
        let top = "the asset";
        let origin = shape.list(asset, top, "origin");
        let origin = match origin {
            [x, y] => [shape.number_at(x, "origin[0]"), shape.number_at(y, "origin[1]")],
            _ => {
                shape.problem("origin", &format!("must be [x, y], got {} numbers", origin.len()));
                [0.0, 0.0]
            }
        };
        let raw = Self {
            attribution: shape.text(asset, top, "attribution"),
            origin,
            quantum: shape.number(asset, top, "quantum"),
            levels: shape.items(asset, "levels", |s, level, at| RawLevel { min_zoom: s.number(level, at, "min_zoom") }),
            countries: shape.items(asset, "countries", Shape::region),
            provinces: shape.items(asset, "provinces", Shape::region),
            rivers: shape.items(asset, "rivers", |s, river, at| RawRiver {
                name: s.text(river, at, "name"),
                lines: s.levels(river, at, "lines"),
            }),
            places: shape.items(asset, "places", |s, place, at| RawPlace {
                name: s.text(place, at, "name"),
                name_fa: s.optional_text(place, at, "name_fa"),
                lon: s.number(place, at, "lon"),
                lat: s.number(place, at, "lat"),
                population: s.population(place, at),
                kind: s.text(place, at, "kind"),
            }),
        };
        if shape.problems.is_empty() {
            Ok(raw)
        } else {
            Err(shape.problems)
        }
    }
}

/// Reads fields, noting what is missing or of the wrong type and going on with a neutral value.
struct Shape {
    problems: Vec<String>,
}

impl Shape {
    fn problem(&mut self, path: &str, what: &str) {
        self.problems.push(format!("{path} {what}"));
    }

    fn field<'v>(&mut self, object: &'v Value, at: &str, key: &str) -> Option<&'v Value> {
        let found = object.get(key);
        if found.is_none() {
            let what = if object.is_object() { "is missing" } else { "is missing: its parent is not an object" };
            self.problem(&path(at, key), what);
        }
        found
    }

    fn text(&mut self, object: &Value, at: &str, key: &str) -> String {
        match self.field(object, at, key) {
            Some(Value::String(text)) => text.clone(),
            Some(other) => {
                self.problem(&path(at, key), &format!("must be text, got {}", json_kind(other)));
                String::new()
            }
            None => String::new(),
        }
    }

    /// Absent or `null`: `None`.
    fn optional_text(&mut self, object: &Value, at: &str, key: &str) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                self.problem(&path(at, key), &format!("must be text or null, got {}", json_kind(other)));
                None
            }
        }
    }

    fn number(&mut self, object: &Value, at: &str, key: &str) -> f64 {
        match self.field(object, at, key) {
            Some(value) => self.number_at(value, &path(at, key)),
            None => 0.0,
        }
    }

    fn number_at(&mut self, value: &Value, at: &str) -> f64 {
        value.as_f64().unwrap_or_else(|| {
            self.problem(at, &format!("must be a number, got {}", json_kind(value)));
            0.0
        })
    }

    fn population(&mut self, place: &Value, at: &str) -> u32 {
        let Some(value) = self.field(place, at, "population") else { return 0 };
        value.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or_else(|| {
            self.problem(&path(at, "population"), &format!("must be a whole number from 0 to {}", u32::MAX));
            0
        })
    }

    fn list<'v>(&mut self, object: &'v Value, at: &str, key: &str) -> &'v [Value] {
        match self.field(object, at, key) {
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.problem(&path(at, key), &format!("must be a list, got {}", json_kind(other)));
                &[]
            }
            None => &[],
        }
    }

    /// Each item of the list `key` of the asset, read by `read` with its path (`countries[3]`).
    fn items<T>(&mut self, asset: &Value, key: &str, mut read: impl FnMut(&mut Self, &Value, &str) -> T) -> Vec<T> {
        let items = self.list(asset, "the asset", key);
        items.iter().enumerate().map(|(i, item)| read(self, item, &format!("{key}[{i}]"))).collect()
    }

    fn region(&mut self, region: &Value, at: &str) -> RawRegion {
        let label = self.list(region, at, "label");
        let label = match label {
            [x, y] => [self.integer(x, &format!("{at}.label[0]")), self.integer(y, &format!("{at}.label[1]"))],
            _ => {
                self.problem(&path(at, "label"), &format!("must be [x, y], got {} numbers", label.len()));
                [0, 0]
            }
        };
        let focus = match region.get("focus") {
            None => false,
            Some(Value::Bool(focus)) => *focus,
            Some(other) => {
                self.problem(&path(at, "focus"), &format!("must be true or false, got {}", json_kind(other)));
                false
            }
        };
        RawRegion {
            name: self.text(region, at, "name"),
            name_fa: self.optional_text(region, at, "name_fa"),
            focus,
            label,
            rings: self.levels(region, at, "rings"),
        }
    }

    /// `[level][part][coordinate]` lists of whole numbers.
    fn levels(&mut self, object: &Value, at: &str, key: &str) -> Vec<Vec<Vec<i64>>> {
        let levels = self.list(object, at, key);
        let at = path(at, key);
        let mut out = Vec::with_capacity(levels.len());
        for (l, level) in levels.iter().enumerate() {
            let parts = self.array(level, &format!("{at}[{l}]"));
            let mut level_out = Vec::with_capacity(parts.len());
            for (p, part) in parts.iter().enumerate() {
                let numbers = self.array(part, &format!("{at}[{l}][{p}]"));
                let mut part_out = Vec::with_capacity(numbers.len());
                for (n, number) in numbers.iter().enumerate() {
                    match number.as_i64() {
                        Some(v) => part_out.push(v),
                        None => self.problem(&format!("{at}[{l}][{p}][{n}]"), "must be a whole number"),
                    }
                }
                level_out.push(part_out);
            }
            out.push(level_out);
        }
        out
    }

    fn array<'v>(&mut self, value: &'v Value, at: &str) -> &'v [Value] {
        match value {
            Value::Array(items) => items,
            other => {
                self.problem(at, &format!("must be a list, got {}", json_kind(other)));
                &[]
            }
        }
    }

    fn integer(&mut self, value: &Value, at: &str) -> i64 {
        value.as_i64().unwrap_or_else(|| {
            self.problem(at, "must be a whole number");
            0
        })
    }
}

/// `at.key`, or `key` alone at the top.
fn path(at: &str, key: &str) -> String {
    match (at, key) {
        ("the asset", _) => key.to_owned(),
        _ => format!("{at}.{key}"),
    }
}
