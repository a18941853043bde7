//! Incidents: the validated model, and loading it from GeoJSON with a report of every problem.

mod date;
mod fields;
mod geojson_load;
mod incident;
mod report;

pub use date::{DateError, Day, IncidentDate};
pub use geojson_load::{load_geojson, load_geojson_value, Dataset, LoadOptions};
pub use incident::{
    is_safe_link, Casualties, Incident, IncidentId, IncidentText, Precision, ReportedFigure, SizeBy, Source,
};
pub use report::{LoadError, LoadReport, Problem};
