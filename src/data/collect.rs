//! Gathers the incidents of one load, feature by feature or row by row: ids made unique and
//! generated where missing, every problem located, strict mode applied at the end.

use crate::json::Value;

use super::feature::{incident_from, plain_record, present, Context};
use super::fields::FieldError;
use super::geocoder::Geocoder;
use super::incident::{Incident, IncidentId};
use super::options::{CompactDataset, Dataset, LoadOptions};
use super::plain_feature::{read_plain, read_plain_at_start, Extent, NotRead, PlainFeature};
use super::report::{LoadError, LoadReport, Problem};
use super::store::{Extras, IncidentStore, Record};
use crate::quoted::Quoted;

/// Where an item is in the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Position {
    /// Counted from 0 among the features or data rows.
    pub(crate) index: usize,
    /// The line of a CSV row.
    pub(crate) line: Option<u64>,
}

/// A problem of the item at `at`, which declares `id`.
fn problem(at: Position, id: Option<String>, e: FieldError) -> Problem {
    Problem { index: at.index, line: at.line, id, field: e.field, message: e.message }
}

/// The incidents gathered so far and what was said about the rest.
pub(crate) struct Collector {
    context: Context,
    /// The incidents kept; its id index tells a duplicate and where the first one was.
    incidents: IncidentStore,
    report: LoadReport,
    /// Whether the items are CSV rows (named by line) rather than features (named by index).
    by_line: bool,
    /// The id of the last incident refused as a duplicate, for the fast path's report.
    last_id: Option<String>,
    /// Which items (by line or index, as `keep` names them) were given a made-up id: a later
    /// item that declares the same id is told so.
    made_up: Vec<u64>,
}

impl Collector {
    pub(crate) fn new(options: &LoadOptions) -> Self {
        Self::with_format(options, false)
    }

    /// A collector for CSV rows, whose problems are worded in columns.
    pub(crate) fn for_csv(options: &LoadOptions) -> Self {
        Self::with_format(options, true)
    }

    fn with_format(options: &LoadOptions, csv: bool) -> Self {
        Self {
            context: Context { options: options.clone(), geocoder: Geocoder::new(), csv },
            incidents: IncidentStore::new(),
            report: LoadReport::default(),
            by_line: false,
            last_id: None,
            made_up: Vec::new(),
        }
    }

    /// Adds one feature given as JSON text: read fast when it is a usual one, else as a JSON
    /// value (an error if it is not JSON).
    pub(crate) fn add_json(&mut self, at: Position, bytes: &[u8]) -> Result<(), crate::json::Error> {
        match read_plain(bytes).and_then(|feature| self.add_plain(at, &feature)) {
            Some(()) => Ok(()),
            None => self.add_general(at, bytes),
        }
    }

    /// Adds one feature given as JSON text, read as a JSON value (an error if it is not JSON):
    /// for a feature the fast reader already turned down.
    pub(crate) fn add_general(&mut self, at: Position, bytes: &[u8]) -> Result<(), crate::json::Error> {
        self.add(at, Ok(crate::json::from_slice(bytes)?));
        Ok(())
    }

    /// Adds the feature that `bytes` start with, read where it lies, if it is a usual one that
    /// ends within them (see [`read_plain_at_start`]), and says how much of them it took; what
    /// follows it is left unread. Nothing is added when it says why not.
    pub(crate) fn add_at_start(&mut self, at: Position, bytes: &[u8]) -> Result<Extent, NotRead> {
        let (feature, extent) = read_plain_at_start(bytes)?;
        if self.add_plain(at, &feature).is_none() {
            // A usual shape, but something to report (a date that does not exist, say): its
            // bytes are known, so the general reader reads it at once.
            self.add_general(at, &bytes[..extent.len]).map_err(|_| NotRead::Unusual)?;
        }
        Ok(extent)
    }

    /// Adds a feature the fast reader read, straight from its text; `None` (nothing added) if
    /// it is not one the fast reader accepts: the general reader must read it.
    fn add_plain(&mut self, at: Position, feature: &PlainFeature<'_>) -> Option<()> {
        let declared = present(&feature.properties.id);
        let made_up;
        let id = match declared {
            Some(id) => id,
            None => {
                made_up = format!("feature-{}", at.index);
                made_up.as_str()
            }
        };
        let record = plain_record(id, feature, &mut self.context)?;
        if let Err(e) = self.keep_record(record, None, at, declared.is_none()) {
            let id = self.last_id.take().filter(|_| declared.is_some());
            self.report.rejected.push(problem(at, id, e));
        }
        Some(())
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
        let located = |e: FieldError| problem(at, id_hint.clone(), e);
        let made_up = id_hint.is_none();
        let outcome = outcome.and_then(|incident| self.keep(incident, at, made_up));
        if let Err(e) = outcome {
            self.report.rejected.push(located(e));
        }
        self.report.warnings.extend(warnings.into_iter().map(located));
    }

    /// Keeps a valid incident unless its id is taken (then `last_id` holds that id). An id made
    /// up for an item without one (`made_up`: `feature-<index>`) never refuses it: if the data
    /// uses that id already, the next free `feature-<index>-<k>` is taken.
    fn keep(&mut self, mut incident: Incident, at: Position, made_up: bool) -> Result<(), FieldError> {
        let extras = Extras::taken_from(&mut incident);
        self.keep_record(Record::of(&incident), extras, at, made_up)
    }

    /// [`keep`](Self::keep) of an incident given as the fields the store keeps.
    fn keep_record(
        &mut self,
        record: Record<'_>,
        extras: Option<Box<Extras>>,
        at: Position,
        made_up: bool,
    ) -> Result<(), FieldError> {
        // A CSV line fits in u32: the input is limited to a few hundred megabytes.
        let source = at.line.map_or(at.index as u32, |line| line as u32);
        self.by_line = at.line.is_some();
        let mut unique = None;
        if made_up {
            let mut k = 2;
            while self.incidents.position_of(unique.as_deref().unwrap_or(record.id)).is_some() {
                unique = Some(format!("feature-{}-{k}", at.index));
                k += 1;
            }
            let (word, bit) = (source as usize / 64, source % 64);
            if self.made_up.len() <= word {
                self.made_up.resize(word + 1, 0);
            }
            self.made_up[word] |= 1 << bit;
        }
        let record = match &unique {
            Some(id) => Record { id, ..record },
            None => record,
        };
        let off_map = self.context.options.expected_area.is_some_and(|area| !area.contains(record.position));
        let kept = self.incidents.push_record(&record, source, extras);
        if kept.is_ok() && off_map {
            self.report.off_map += 1;
        }
        kept.map_err(|taken| {
            // The incident refused has the id of the one kept (no copy of every id for this).
            let id = self.incidents.id(taken.position).to_owned();
            let first = taken.source;
            let item = if self.by_line { format!("line {first}") } else { format!("feature {first}") };
            let first_made_up = self.made_up.get(first as usize / 64).is_some_and(|w| w >> (first % 64) & 1 == 1);
            let message = if first_made_up {
                format!("duplicate id {}: {item}, which has no id, was given it; give {item} an id", Quoted(&id))
            } else {
                format!("duplicate id {}: {item} already uses it", Quoted(&id))
            };
            self.last_id = Some(id);
            FieldError::new("id", message)
        })
    }

    /// Whether an incident needed the gazetteer before it was loaded: the load must then be
    /// done again (see [`LoadError::NeedsGazetteer`]).
    pub(crate) fn needs_gazetteer(&self) -> bool {
        self.context.geocoder.missed()
    }

    /// The dataset; in strict mode, an error if anything was rejected.
    pub(crate) fn finish(self) -> Result<Dataset, LoadError> {
        self.finish_compact().map(CompactDataset::into_dataset)
    }

    /// The dataset in compact form; in strict mode, an error if anything was rejected.
    pub(crate) fn finish_compact(mut self) -> Result<CompactDataset, LoadError> {
        if self.needs_gazetteer() {
            return Err(LoadError::NeedsGazetteer);
        }
        self.report.loaded = self.incidents.len();
        if self.context.options.strict && !self.report.rejected.is_empty() {
            return Err(LoadError::Strict(self.report));
        }
        self.incidents.shrink();
        Ok(CompactDataset { incidents: self.incidents, report: self.report })
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
