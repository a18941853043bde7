//! Gathers the incidents of one load, feature by feature or row by row: ids made unique and
//! generated where missing, every problem located, strict mode applied at the end.

use std::collections::HashMap;

use serde_json::Value;

use super::feature::{incident_from, Context};
use super::fields::FieldError;
use super::geocoder::Geocoder;
use super::incident::IncidentId;
use super::options::{Dataset, LoadOptions};
use super::report::{LoadError, Problem};

/// Where an item is in the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Position {
    /// Counted from 0 among the features or data rows.
    pub(crate) index: usize,
    /// The line of a CSV row.
    pub(crate) line: Option<u64>,
}

/// The incidents gathered so far and what was said about the rest.
pub(crate) struct Collector<'a> {
    context: Context<'a>,
    dataset: Dataset,
    first_use: HashMap<String, Position>,
}

impl<'a> Collector<'a> {
    pub(crate) fn new(options: &'a LoadOptions) -> Self {
        Self {
            context: Context { options, geocoder: Geocoder::new() },
            dataset: Dataset::default(),
            first_use: HashMap::new(),
        }
    }

    /// Adds one feature, or the problem that already ruled it out (with the id it declares).
    pub(crate) fn add(&mut self, at: Position, item: Result<Value, (Option<String>, FieldError)>) {
        let mut warnings = Vec::new();
        let (id_hint, outcome) = match item {
            Ok(raw) => {
                let hint = declared_id(&raw);
                (hint, incident_from(at.index, raw, &mut self.context, &mut warnings))
            }
            Err((hint, error)) => (hint, Err(error)),
        };
        let located = |e: FieldError| Problem {
            index: at.index,
            line: at.line,
            id: id_hint.clone(),
            field: e.field,
            message: e.message,
        };
        match outcome.and_then(|incident| self.unique(incident.id.as_str(), at).map(|()| incident)) {
            Ok(incident) => self.dataset.incidents.push(incident),
            Err(e) => self.dataset.report.rejected.push(located(e)),
        }
        self.dataset.report.warnings.extend(warnings.into_iter().map(located));
    }

    /// The dataset; in strict mode, an error if anything was rejected.
    pub(crate) fn finish(mut self) -> Result<Dataset, LoadError> {
        self.dataset.report.loaded = self.dataset.incidents.len();
        if self.context.options.strict && !self.dataset.report.rejected.is_empty() {
            return Err(LoadError::Strict(self.dataset.report));
        }
        Ok(self.dataset)
    }

    fn unique(&mut self, id: &str, at: Position) -> Result<(), FieldError> {
        match self.first_use.get(id) {
            Some(first) => {
                let first = match first.line {
                    Some(line) => format!("line {line}"),
                    None => format!("feature {}", first.index),
                };
                Err(FieldError::new("id", format!("duplicate id {id:?}: {first} already uses it")))
            }
            None => {
                self.first_use.insert(id.to_owned(), at);
                Ok(())
            }
        }
    }
}

/// The id a feature declares, read before validation so that every problem can name it.
pub(crate) fn declared_id(raw: &Value) -> Option<String> {
    let declared = raw.get("properties").and_then(|p| p.get("id")).or_else(|| raw.get("id"))?;
    match declared {
        Value::String(s) => IncidentId::new(s).map(|id| id.as_str().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
