//! A JavaScript object -> a JSON value, the way `JSON.stringify` would read it, except that NaN
//! and the infinities are not silently turned into null: each is listed with its path, so that
//! the loader can report the feature it is in.

use crate::json::{Map, Number, Value};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::data::{decimal, path_text, LoadError, NonFiniteNumber, PathStep, MAX_NESTING};

/// The JSON value of `value`, and the numbers JSON could not hold (null in the value).
pub(crate) fn to_json(value: &JsValue) -> Result<(Value, Vec<NonFiniteNumber>), LoadError> {
    let mut walk = Walk { path: Vec::new(), non_finite: Vec::new() };
    let json = walk.value(value)?;
    Ok((json, walk.non_finite))
}

struct Walk {
    path: Vec<PathStep>,
    non_finite: Vec<NonFiniteNumber>,
}

impl Walk {
    fn value(&mut self, value: &JsValue) -> Result<Value, LoadError> {
        if self.path.len() > MAX_NESTING {
            return Err(LoadError::NotJsonObject(format!(
                "it is nested more than {MAX_NESTING} levels deep (or contains itself) at {}",
                path_text(&self.path)
            )));
        }
        if value.is_null() || value.is_undefined() || value.is_function() || value.is_symbol() {
            return Ok(Value::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Value::Bool(b));
        }
        if let Some(n) = value.as_f64() {
            return Ok(self.number(n));
        }
        if let Some(s) = value.as_string() {
            return Ok(Value::String(s));
        }
        if value.is_bigint() {
            let text = js_sys::BigInt::from(value.clone()).to_string(10).ok().and_then(|s| s.as_string());
            return Ok(self.number(text.and_then(|t| decimal(&t)).unwrap_or(f64::INFINITY)));
        }
        if Array::is_array(value) {
            return self.array(value.unchecked_ref());
        }
        let to_json = Reflect::get(value, &JsValue::from_str("toJSON")).unwrap_or(JsValue::UNDEFINED);
        if let Some(method) = to_json.dyn_ref::<Function>() {
            let converted = method.call0(value).map_err(|e| {
                LoadError::NotJsonObject(format!("its toJSON() threw: {}", e.as_string().unwrap_or_default()))
            })?;
            if !converted.is_object() || Array::is_array(&converted) {
                return self.value(&converted);
            }
            return self.object(converted.unchecked_ref());
        }
        self.object(value.unchecked_ref())
    }

    fn number(&mut self, n: f64) -> Value {
        if !n.is_finite() {
            self.non_finite.push(NonFiniteNumber { path: self.path.clone(), value: n });
            return Value::Null;
        }
        if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
            return Value::from(n as i64);
        }
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }

    fn array(&mut self, array: &Array) -> Result<Value, LoadError> {
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            self.path.push(PathStep::Index(i));
            let converted = self.value(&item);
            self.path.pop();
            items.push(converted?);
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, object: &Object) -> Result<Value, LoadError> {
        let mut entries = Vec::new();
        for key in Object::keys(object).iter() {
            let Some(name) = key.as_string() else { continue };
            let item = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            if item.is_undefined() || item.is_function() || item.is_symbol() {
                continue;
            }
            self.path.push(PathStep::Key(name.clone()));
            let converted = self.value(&item);
            self.path.pop();
            entries.push((name, converted?));
        }
        Ok(Value::Object(Map::from_entries(entries)))
    }
}
