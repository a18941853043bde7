//! What a load may accept, and what it produced.

use super::incident::Incident;
use super::report::LoadReport;
use super::store::IncidentStore;
use crate::geo::{Bounds, LonLat};

/// How deeply JSON may nest (serde_json's own limit; the JS-object path uses the same).
pub const MAX_NESTING: usize = 128;

/// Limits that keep a hostile or mistaken input from freezing the page, and the strict switch.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadOptions {
    /// Reject the whole input when any feature has a problem.
    pub strict: bool,
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Most features (or CSV rows) accepted.
    pub max_features: usize,
    /// The area the data is expected to cover. A point outside it whose swapped pair falls
    /// inside is rejected as a [lat, lon] pair written the wrong way round (such a pair is
    /// usually a valid position elsewhere on Earth, so the range check alone misses it).
    pub expected_area: Option<Bounds>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            strict: false,
            max_bytes: 256 * 1024 * 1024,
            max_features: 2_000_000,
            expected_area: Some(Bounds::new(LonLat::clamped(55.0, 27.0), LonLat::clamped(80.0, 42.0))),
        }
    }
}

/// The incidents a load produced and the report of what it left out.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The valid incidents, in input order.
    pub incidents: Vec<Incident>,
    /// What was loaded, rejected and warned about.
    pub report: LoadReport,
}

/// The incidents a load produced, stored compactly (in input order), and the report.
#[derive(Clone, Debug, Default)]
pub struct CompactDataset {
    /// The valid incidents, in input order.
    pub incidents: IncidentStore,
    /// What was loaded, rejected and warned about.
    pub report: LoadReport,
}

impl CompactDataset {
    /// Every incident made whole.
    pub fn into_dataset(self) -> Dataset {
        Dataset { incidents: self.incidents.iter().collect(), report: self.report }
    }
}
