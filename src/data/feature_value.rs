//! A GeoJSON Feature made from its JSON value by hand: our copies of geojson 1.0's types, and the
//! words serde's derived readers would use for a malformed one ("invalid type: string \"a\",
//! expected f64").
//! Those readers (geojson's `Deserialize` impls, serde's buffering for their flattened members
//! and serde_json's value deserializer) were about 11 KB of the gzipped wasm.
//!
//! As serde does, the members of an object are read in the map's order (serde_json's maps are
//! sorted by key) and the first problem is the answer; then geojson's checks of the geometry's
//! shape. The tests compare both readers on a few thousand malformed features.

use crate::json::{Map, Number, Value};
use crate::quoted::Quoted;

/// A position: longitude, latitude and any further numbers.
pub(crate) type Position = Vec<f64>;

/// A GeoJSON Feature, as geojson 1.0's `Feature` holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Feature {
    pub(crate) bbox: Option<Vec<f64>>,
    pub(crate) geometry: Option<Geometry>,
    pub(crate) id: Option<Id>,
    pub(crate) properties: Option<Map>,
    pub(crate) foreign_members: Option<Map>,
}

/// A feature's `id`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Id {
    String(String),
    Number(Number),
}

/// A GeoJSON geometry, as geojson 1.0's `Geometry` holds it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Geometry {
    pub(crate) bbox: Option<Vec<f64>>,
    pub(crate) value: GeometryValue,
    pub(crate) foreign_members: Option<Map>,
}

/// A geometry's type and coordinates, as geojson 1.0's `GeometryValue`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum GeometryValue {
    Point { coordinates: Position },
    MultiPoint { coordinates: Vec<Position> },
    LineString { coordinates: Vec<Position> },
    MultiLineString { coordinates: Vec<Vec<Position>> },
    Polygon { coordinates: Vec<Vec<Position>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<Position>>> },
    GeometryCollection { geometries: Vec<Geometry> },
}

type Read<T> = Result<T, String>;

/// The Feature whose members are `members` (an object whose `type` is "Feature"), or what serde
/// would have said about it.
pub(crate) fn feature_from_members(members: Map) -> Read<Feature> {
    let mut feature = Feature::default();
    let mut foreign = Map::new();
    for (key, value) in members {
        match key.as_str() {
            "type" => {}
            "bbox" => feature.bbox = optional(value, numbers)?,
            "geometry" => feature.geometry = optional(value, geometry)?,
            "id" => feature.id = optional(value, id)?,
            "properties" => feature.properties = optional(value, properties)?,
            _ => drop(foreign.insert(key, value)),
        }
    }
    feature.foreign_members = Some(foreign).filter(|f| !f.is_empty());
    Ok(feature)
}

/// `None` for null, else what `read` makes of the value (serde's `Option`).
fn optional<T>(value: Value, read: fn(Value) -> Read<T>) -> Read<Option<T>> {
    if value.is_null() {
        Ok(None)
    } else {
        read(value).map(Some)
    }
}

/// serde's words for a value of the wrong kind.
fn invalid(value: &Value, expected: &str) -> String {
    let unexpected = match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {}", Quoted(s)),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    };
    format!("invalid type: {unexpected}, expected {expected}")
}

fn number(value: Value) -> Read<f64> {
    value.as_f64().ok_or_else(|| invalid(&value, "f64"))
}

/// A list of numbers: a bounding box, or a position.
fn numbers(value: Value) -> Read<Vec<f64>> {
    list(value, number)
}

fn list<T>(value: Value, item: fn(Value) -> Read<T>) -> Read<Vec<T>> {
    match value {
        Value::Array(items) => items.into_iter().map(item).collect(),
        other => Err(invalid(&other, "a sequence")),
    }
}

fn id(value: Value) -> Read<Id> {
    match value {
        Value::String(s) => Ok(Id::String(s)),
        Value::Number(n) => Ok(Id::Number(n)),
        _ => Err("Feature 'id' must be a string or a number".to_owned()),
    }
}

fn properties(value: Value) -> Read<Map> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(invalid(&other, "a map")),
    }
}

/// A geometry: its members as geojson reads them, then its checks of their shape.
fn geometry(value: Value) -> Read<Geometry> {
    let Value::Object(members) = value else { return Err(invalid(&value, "Geometry object")) };
    let (mut kind, mut coordinates, mut geometries, mut bbox) = (None, None, None, None);
    let mut foreign = Map::new();
    for (key, value) in members {
        match key.as_str() {
            "bbox" => bbox = optional(value, numbers)?,
            "coordinates" => coordinates = optional(value, self::coordinates)?,
            "geometries" => geometries = optional(value, |v| list(v, geometry))?,
            "type" => kind = Some(geometry_type(value)?),
            _ => drop(foreign.insert(key, value)),
        }
    }
    let kind = kind.ok_or("missing field `type`")?;
    Ok(Geometry {
        bbox,
        value: shaped(kind, coordinates, geometries)?,
        foreign_members: Some(foreign).filter(|f| !f.is_empty()),
    })
}

const GEOMETRY_TYPES: [&str; 7] =
    ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"];

/// The geometry's `type`, as serde reads a unit enum: a variant's name, or `{name: null}`.
fn geometry_type(value: Value) -> Read<&'static str> {
    let variant = |name: &str| {
        GEOMETRY_TYPES.into_iter().find(|t| *t == name).ok_or_else(|| {
            let expected: Vec<String> = GEOMETRY_TYPES.iter().map(|t| format!("`{t}`")).collect();
            format!("unknown variant `{name}`, expected one of {}", expected.join(", "))
        })
    };
    match value {
        Value::String(name) => variant(&name),
        Value::Object(map) => {
            let mut entries = map.into_iter();
            match (entries.next(), entries.next()) {
                (Some((name, unit)), None) => {
                    let kind = variant(&name)?;
                    if unit.is_null() {
                        Ok(kind)
                    } else {
                        Err(invalid(&unit, "unit"))
                    }
                }
                _ => Err("invalid value: map, expected map with a single key".to_owned()),
            }
        }
        other => Err(invalid(&other, "string or map")),
    }
}

/// Coordinates by how deeply they nest, as geojson reads them before checking the type.
enum Coordinates {
    Position(Vec<f64>),
    Line(Vec<Position>),
    Lines(Vec<Vec<Position>>),
    Polygons(Vec<Vec<Vec<Position>>>),
}

impl Coordinates {
    fn dimensions(&self) -> u8 {
        match self {
            Self::Position(_) => 0,
            Self::Line(_) => 1,
            Self::Lines(_) => 2,
            Self::Polygons(_) => 3,
        }
    }
}

/// One element of a coordinate array: a number, or coordinates nested one level deeper.
enum Element {
    Number(f64),
    Nested(Coordinates),
}

fn coordinates(value: Value) -> Read<Coordinates> {
    match element(value)? {
        Element::Number(_) => Err("expected array, got number".to_owned()),
        Element::Nested(coordinates) => Ok(coordinates),
    }
}

fn element(value: Value) -> Read<Element> {
    let items = match value {
        Value::Array(items) => items,
        Value::Number(n) if n.as_f64().is_some() => return Ok(Element::Number(n.as_f64().unwrap_or_default())),
        other => return Err(invalid(&other, "a coordinate element (number or array)")),
    };
    let mut items = items.into_iter();
    let Some(first) = items.next() else { return Ok(Element::Nested(Coordinates::Line(Vec::new()))) };
    let rest = items.collect::<Vec<Value>>();
    let nested = match element(first)? {
        Element::Number(x) => {
            Coordinates::Position(std::iter::once(Ok(x)).chain(rest.into_iter().map(number)).collect::<Read<_>>()?)
        }
        Element::Nested(Coordinates::Position(p)) => Coordinates::Line(
            std::iter::once(Ok(Position::from(p))).chain(rest.into_iter().map(position)).collect::<Read<_>>()?,
        ),
        Element::Nested(Coordinates::Line(line)) => Coordinates::Lines(
            std::iter::once(Ok(line)).chain(rest.into_iter().map(|v| list(v, position))).collect::<Read<_>>()?,
        ),
        Element::Nested(Coordinates::Lines(lines)) => Coordinates::Polygons(
            std::iter::once(Ok(lines))
                .chain(rest.into_iter().map(|v| list(v, |v| list(v, position))))
                .collect::<Read<_>>()?,
        ),
        Element::Nested(Coordinates::Polygons(_)) => return Err("coordinate nesting too deep".to_owned()),
    };
    Ok(Element::Nested(nested))
}

fn position(value: Value) -> Read<Position> {
    numbers(value)
}

/// geojson's checks that the coordinates (or member geometries) fit the type.
fn shaped(kind: &str, coordinates: Option<Coordinates>, geometries: Option<Vec<Geometry>>) -> Read<GeometryValue> {
    let too_short = |n: usize| format!("A position must contain two or more elements, but got `{n}`");
    let value = match (kind, coordinates, geometries) {
        ("GeometryCollection", _, Some(geometries)) => GeometryValue::GeometryCollection { geometries },
        ("GeometryCollection", _, None) => {
            return Err("Encountered GeometryCollection with no `geometries` key".to_owned())
        }
        (_, None, _) => return Err(format!("Encountered geometry type: `{kind}` with no `coordinates` key")),
        ("Point", Some(Coordinates::Position(p)), None) if p.len() < 2 => return Err(too_short(p.len())),
        ("Point", Some(Coordinates::Position(p)), None) => GeometryValue::Point { coordinates: Position::from(p) },
        ("Point", Some(Coordinates::Line(l)), None) if l.is_empty() => return Err(too_short(0)),
        ("LineString", Some(Coordinates::Line(coordinates)), None) => GeometryValue::LineString { coordinates },
        ("MultiPoint", Some(Coordinates::Line(coordinates)), None) => GeometryValue::MultiPoint { coordinates },
        ("Polygon", Some(Coordinates::Lines(coordinates)), None) => GeometryValue::Polygon { coordinates },
        ("MultiLineString", Some(Coordinates::Lines(coordinates)), None) => {
            GeometryValue::MultiLineString { coordinates }
        }
        ("MultiPolygon", Some(Coordinates::Polygons(coordinates)), None) => GeometryValue::MultiPolygon { coordinates },
        ("Polygon", Some(Coordinates::Line(l)), None) if l.is_empty() => {
            GeometryValue::Polygon { coordinates: Vec::new() }
        }
        ("MultiLineString", Some(Coordinates::Line(l)), None) if l.is_empty() => {
            GeometryValue::MultiLineString { coordinates: Vec::new() }
        }
        ("MultiPolygon", Some(Coordinates::Line(l)), None) if l.is_empty() => {
            GeometryValue::MultiPolygon { coordinates: Vec::new() }
        }
        (_, Some(c), _) => {
            return Err(format!(
                "Encountered geometry type: `{kind}` with unexpected coordinates dimensions: {}",
                c.dimensions()
            ))
        }
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::bridge::to_serde;
    use crate::json::json;

    /// Values to put in every member: each kind, numbers of each sort, and coordinates of every depth.
    fn values() -> Vec<Value> {
        let text = r#"[null, true, false, 0, 5, -1, 1.5, 1e300, 100.0, 1e21, -0.0, "x", "Point", "LineString",
            "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection", "Feature", "é\n\"",
            [], [1], [1, 2], [1, 2, 3], [1, "a"], ["a"], [null], [[1, 2]], [[1, 2], [3, 4]], [[1, 2], 3],
            [[1, 2], "x"], [[1, 2], [3]], [[[1, 2]]], [[[1, 2]], [[3, 4]]], [[[1, 2]], 5], [[[1, 2]], [5]],
            [[[[1, 2]]]], [[[[1, 2]]], [5]], [[[[1, 2]]], [[5]]], [[[[[1, 2]]]]], [[]], [[], []], [[[]]], [[], [1]],
            [[[]], []], {}, {"a": 1}, {"Point": null}, {"Point": 1}, {"Pointy": null}, {"a": 1, "b": 2},
            {"type": "Point", "coordinates": [1, 2]}, {"type": "Point"}, {"coordinates": [1, 2]},
            [{"type": "Point", "coordinates": [1, 2]}], [{"type": "Pointy"}], [5], [{"type": "Point"}, 5],
            [{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": "a"}]}]]"#;
        match crate::json::from_str(text).unwrap() {
            Value::Array(items) => items,
            _ => unreachable!(),
        }
    }

    fn positions(p: Vec<geojson::Position>) -> Vec<Position> {
        p.into_iter().map(|p| p.as_slice().to_vec()).collect()
    }

    fn from_geometry(g: geojson::Geometry) -> Geometry {
        use geojson::GeometryValue as G;
        let value = match g.value {
            G::Point { coordinates } => GeometryValue::Point { coordinates: coordinates.as_slice().to_vec() },
            G::MultiPoint { coordinates } => GeometryValue::MultiPoint { coordinates: positions(coordinates) },
            G::LineString { coordinates } => GeometryValue::LineString { coordinates: positions(coordinates) },
            G::MultiLineString { coordinates } => {
                GeometryValue::MultiLineString { coordinates: coordinates.into_iter().map(positions).collect() }
            }
            G::Polygon { coordinates } => {
                GeometryValue::Polygon { coordinates: coordinates.into_iter().map(positions).collect() }
            }
            G::MultiPolygon { coordinates } => GeometryValue::MultiPolygon {
                coordinates: coordinates.into_iter().map(|p| p.into_iter().map(positions).collect()).collect(),
            },
            G::GeometryCollection { geometries } => {
                GeometryValue::GeometryCollection { geometries: geometries.into_iter().map(from_geometry).collect() }
            }
        };
        Geometry { bbox: g.bbox, value, foreign_members: g.foreign_members.map(object) }
    }

    fn object(map: serde_json::Map<String, serde_json::Value>) -> Map {
        match crate::json::bridge::from_serde(&serde_json::Value::Object(map)) {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    /// geojson's feature as ours.
    fn from_geojson(f: geojson::Feature) -> Feature {
        Feature {
            bbox: f.bbox,
            geometry: f.geometry.map(from_geometry),
            id: f.id.map(|id| match id {
                geojson::feature::Id::String(s) => Id::String(s),
                geojson::feature::Id::Number(n) => match crate::json::bridge::from_serde(&serde_json::Value::Number(n))
                {
                    Value::Number(n) => Id::Number(n),
                    _ => unreachable!(),
                },
            }),
            properties: f.properties.map(object),
            foreign_members: f.foreign_members.map(object),
        }
    }

    fn same_as_serde(feature: &Value) {
        let Value::Object(members) = feature.clone() else { panic!("not an object") };
        let ours = feature_from_members(members);
        // Our messages write a float's positive exponent without its sign (see `json::Number`).
        let serde = serde_json::from_value::<geojson::Feature>(to_serde(feature))
            .map(from_geojson)
            .map_err(|e| e.to_string().replace("e+", "e"));
        assert_eq!(ours, serde, "{feature}");
    }

    fn with(base: &Value, path: &[&str], value: Option<&Value>) -> Value {
        let mut feature = base.clone();
        let (last, parents) = path.split_last().unwrap();
        let mut at = &mut feature;
        for key in parents {
            at = at.as_object_mut().unwrap().get_mut(key).unwrap();
        }
        let members = at.as_object_mut().unwrap();
        match value {
            Some(v) => drop(members.insert((*last).to_owned(), v.clone())),
            None => drop(members.remove(last)),
        }
        feature
    }

    #[test]
    fn reads_and_words_features_as_serde_does() {
        let values = values();
        let feature = json!({"type": "Feature", "bbox": [1, 2, 3, 4], "id": "a", "properties": {"k": 1}, "x": 1,
            "geometry": {"type": "Point", "coordinates": [69.1, 34.5], "bbox": [1, 2, 3, 4], "y": 2}});
        let keys = ["bbox", "geometry", "id", "properties", "foo", "zzz"];
        for (i, a) in keys.iter().enumerate() {
            same_as_serde(&with(&feature, &[a], None));
            for va in &values {
                let one = with(&feature, &[a], Some(va));
                same_as_serde(&one);
                for b in &keys[i + 1..] {
                    for vb in values.iter().step_by(3) {
                        same_as_serde(&with(&one, &[b], Some(vb)));
                    }
                }
            }
        }
        let members = ["type", "coordinates", "geometries", "bbox", "foo"];
        for kind in [
            "Point",
            "LineString",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
            "Pointy",
        ] {
            let base = with(&feature, &["geometry", "type"], Some(&json!(kind)));
            let base =
                with(&base, &["geometry", "geometries"], Some(&json!([{"type": "Point", "coordinates": [1, 2]}])));
            for (i, a) in members.iter().enumerate() {
                same_as_serde(&with(&base, &["geometry", a], None));
                for va in &values {
                    let one = with(&base, &["geometry", a], Some(va));
                    same_as_serde(&one);
                    same_as_serde(&with(&one, &["geometry", "geometries"], None));
                    for b in &members[i + 1..] {
                        for vb in values.iter().step_by(2) {
                            same_as_serde(&with(&one, &["geometry", b], Some(vb)));
                        }
                    }
                }
            }
        }
    }
}
