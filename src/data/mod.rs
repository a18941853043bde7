//! Incidents: the validated model, and loading it from GeoJSON or CSV with a report of every
//! problem; the gazetteer that places incidents given by place name.

mod collect;
mod csv_load;
mod date;
mod feature;
mod feature_value;
mod fields;
mod gazetteer;
mod geocoder;
mod geojson_load;
mod geojson_stream;
mod incident;
mod json_path;
mod options;
mod plain_feature;
mod report;
mod store;
mod text_load;

pub use csv_load::{load_csv, CsvDialect};
pub use date::{DateError, DateSpan, Day, IncidentDate};
pub(crate) use fields::decimal;
pub use gazetteer::{gazetteer_key, gazetteer_loose_key, Found, Gazetteer, GazetteerPlace, GeocodeError};
pub use geojson_load::{
    load_geojson, load_geojson_compact, load_geojson_object, load_geojson_object_compact, load_geojson_value,
};
pub use geojson_stream::GeoJsonStream;
pub use incident::{
    is_safe_link, Casualties, Incident, IncidentId, IncidentText, Precision, ReportedFigure, SizeBy, Source,
};
#[cfg(target_arch = "wasm32")]
pub(crate) use json_path::path_text;
pub use json_path::{NonFiniteNumber, PathStep};
pub use options::{CompactDataset, Dataset, LoadOptions, MAX_NESTING};
pub use report::{LoadError, LoadReport, Problem};
pub use store::IncidentStore;
pub use text_load::{is_json, load_text, load_text_compact};
