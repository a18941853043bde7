//! Incidents stored compactly: a fixed-size record per incident, the text of all of them in one
//! arena, the rare lists (figures, sources) aside, and an id index that does not copy the ids.
//! A million incidents then cost about a hundred bytes each beyond their text, where a
//! `Vec<Incident>` with a `String` per field and a map of cloned ids cost well over a kilobyte.
//! [`Incident`]s are made on demand, for the few a reader looks at.

use super::incident::{Casualties, Incident, IncidentId, IncidentText, Precision, ReportedFigure, Source};
use super::IncidentDate;
use crate::geo::LonLat;

/// Records per block: blocks never move once allocated, so growing the store never copies it
/// (a doubling `Vec` would need its old and new buffers at once, and wasm memory keeps the peak).
const ROWS_PER_BLOCK: usize = 1 << 16;
/// Bytes per block of the text arena.
const TEXT_BLOCK: usize = 1 << 20;
/// Text offsets are `block << TEXT_BLOCK_BITS | offset in block`.
const TEXT_BLOCK_BITS: u32 = 20;
/// A casualty count that is not known.
const UNKNOWN_COUNT: u32 = u32::MAX;
/// Slots of the id index that hold no incident (no incident has position `u32::MAX`).
const EMPTY_SLOT: u64 = u64::MAX;

/// A slot of the id index: the low 32 bits of the id's hash, then its position.
fn slot_entry(tag: u32, position: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(position)
}

/// The hash of a slot's id (its low 32 bits).
fn slot_tag(entry: u64) -> u32 {
    (entry >> 32) as u32
}

/// The position a slot holds.
fn slot_position(entry: u64) -> u32 {
    entry as u32
}

/// The text fields, in the order a record stores them (the id first).
const TEXT_FIELDS: usize = 11;

/// One incident's fixed-size part.
#[derive(Clone, Copy, Debug)]
struct Row {
    lon: f64,
    lat: f64,
    /// [`IncidentDate::packed`].
    date: u64,
    killed: u32,
    injured: u32,
    /// Where its text record starts in the arena.
    text: u32,
    /// The feature index (GeoJSON) or line (CSV) it came from, to name it in duplicate-id reports.
    source: u32,
    precision: u8,
    /// 0 unknown, 1 not claimed, 2 claimed.
    claimed: u8,
    /// Whether it has figures or sources (kept in `extras`).
    has_extras: bool,
}

/// The incident that already has the id of one pushed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Taken {
    /// Where it is in the store.
    pub(crate) position: usize,
    /// Its feature index or line, as it was pushed.
    pub(crate) source: u32,
}

/// What the store keeps of an incident, borrowed, its figures and sources aside: an incident made
/// whole by the general reader lends its fields, and the fast reader's come straight from the
/// text it read (no copy of each field to make an [`Incident`] first, then copy it again here).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Record<'a> {
    /// Trimmed, not empty.
    pub(crate) id: &'a str,
    pub(crate) date: IncidentDate,
    pub(crate) position: LonLat,
    pub(crate) precision: Precision,
    pub(crate) casualties: Casualties,
    pub(crate) claimed: Option<bool>,
    /// The text fields after the id, in record order: place, place_fa, province, district,
    /// site, target, community, perpetrator, claim, summary.
    pub(crate) text: [Option<&'a str>; TEXT_FIELDS - 1],
}

impl<'a> Record<'a> {
    /// The fields of an incident (its figures and sources aside).
    pub(crate) fn of(incident: &'a Incident) -> Self {
        let t = &incident.text;
        Self {
            id: incident.id.as_str(),
            date: incident.date,
            position: incident.position,
            precision: incident.precision,
            casualties: incident.casualties,
            claimed: incident.claimed,
            text: [
                t.place.as_deref(),
                t.place_fa.as_deref(),
                t.province.as_deref(),
                t.district.as_deref(),
                t.site.as_deref(),
                t.target.as_deref(),
                t.community.as_deref(),
                t.perpetrator.as_deref(),
                t.claim.as_deref(),
                t.summary.as_deref(),
            ],
        }
    }
}

/// Figures and sources of an incident that has any: most have none.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Extras {
    figures: Vec<ReportedFigure>,
    sources: Vec<Source>,
}

impl Extras {
    /// An incident's figures and sources, taken out of it, if it has any.
    pub(crate) fn taken_from(incident: &mut Incident) -> Option<Box<Self>> {
        let (figures, sources) = (std::mem::take(&mut incident.figures), std::mem::take(&mut incident.sources));
        (!figures.is_empty() || !sources.is_empty()).then(|| Box::new(Self { figures, sources }))
    }
}

/// Incidents in compact form, in input order until [`sort_by_date`](Self::sort_by_date).
/// Positions (`n`) are in the current order: input order, then date order.
///
/// ```
/// use incident_map::{load_geojson, IncidentStore, LoadOptions};
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},
///    "properties":{"id":"late","date":"2022-04-29","killed":10,"place":"Kabul"}},
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},
///    "properties":{"id":"early","date":"2021-08-26"}}]}"#;
/// let incidents = load_geojson(text, &LoadOptions::default()).unwrap().incidents;
/// let mut store = IncidentStore::from_incidents(incidents.clone());
/// assert_eq!(store.get(0), incidents[0]);
/// store.sort_by_date();
/// assert_eq!((store.id(0), store.position_of("late")), ("early", Some(1)));
/// assert_eq!(store.text(1).place.as_deref(), Some("Kabul"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct IncidentStore {
    rows: Vec<Vec<Row>>,
    len: usize,
    text: Vec<Vec<u8>>,
    extras: Vec<(u32, Box<Extras>)>,
    /// Open-addressing hash table of ids: each slot holds a position and the low 32 bits of its
    /// id's hash (see [`slot_entry`]), or `EMPTY_SLOT`. Kept at most half full. With the hash
    /// in the slot, a probe compares ids only where the hashes agree, and a rehash reads no id:
    /// at a million incidents, reading the id of every slot probed (a record and its text, two
    /// cache misses each) was 0.7 s of the load (`find_slot`, profiled).
    id_slots: Vec<u64>,
}

impl IncidentStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store of these incidents (ids must be unique: a later duplicate is left out).
    pub fn from_incidents(incidents: Vec<Incident>) -> Self {
        let mut store = Self::new();
        for (n, incident) in incidents.into_iter().enumerate() {
            let _ = store.push(incident, n as u32);
        }
        store.shrink();
        store
    }

    /// Number of incidents.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds an incident, unless its id is taken: then which incident has it.
    pub(crate) fn push(&mut self, mut incident: Incident, source: u32) -> Result<(), Taken> {
        let extras = Extras::taken_from(&mut incident);
        self.push_record(&Record::of(&incident), source, extras)
    }

    /// Adds an incident given as the fields the store keeps, and its figures and sources if it
    /// has any, unless its id is taken: then which incident has it.
    pub(crate) fn push_record(
        &mut self,
        record: &Record<'_>,
        source: u32,
        extras: Option<Box<Extras>>,
    ) -> Result<(), Taken> {
        if self.id_slots.is_empty() {
            self.rehash();
        }
        let tag = hash(record.id.as_bytes()) as u32;
        let slot = match self.find_slot_tagged(record.id, tag) {
            Ok(taken) => return Err(Taken { position: taken as usize, source: self.row_at(taken as usize).source }),
            Err(free) => free,
        };
        let row_index = self.len as u32;
        let text = self.push_text(record);
        let has_extras = extras.is_some();
        if let Some(extras) = extras {
            self.extras.push((row_index, extras));
        }
        let row = Row {
            lon: record.position.lon(),
            lat: record.position.lat(),
            date: record.date.packed(),
            killed: record.casualties.killed.unwrap_or(UNKNOWN_COUNT),
            injured: record.casualties.injured.unwrap_or(UNKNOWN_COUNT),
            text,
            source,
            precision: precision_code(record.precision),
            claimed: match record.claimed {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            },
            has_extras,
        };
        match self.rows.last_mut() {
            Some(block) if block.len() < ROWS_PER_BLOCK => block.push(row),
            _ => {
                let mut block = Vec::with_capacity(ROWS_PER_BLOCK);
                block.push(row);
                self.rows.push(block);
            }
        }
        self.len += 1;
        self.id_slots[slot] = slot_entry(tag, row_index);
        if self.len * 2 > self.id_slots.len() {
            self.rehash();
        }
        Ok(())
    }

    /// Gives back the unused room of the last blocks (the load is over).
    pub(crate) fn shrink(&mut self) {
        if let Some(block) = self.rows.last_mut() {
            block.shrink_to_fit();
        }
        if let Some(block) = self.text.last_mut() {
            block.shrink_to_fit();
        }
        self.extras.shrink_to_fit();
    }

    /// Puts the incidents in date order, ties in input order. The records are moved in place,
    /// cycle by cycle, so that no second copy of them is ever needed, and later reads in date
    /// order (the timeline, the categories) go through memory in order.
    pub fn sort_by_date(&mut self) {
        let sorted = (1..self.len).all(|n| self.row_at(n - 1).date <= self.row_at(n).date);
        if sorted {
            return;
        }
        // (packed date, row): unique keys, so an unstable sort gives the stable order.
        let mut keys: Vec<(u64, u32)> = (0..self.len).map(|n| (self.row_at(n).date, n as u32)).collect();
        keys.sort_unstable();
        // `source[position]` is the row that goes to `position`.
        let mut source: Vec<u32> = keys.iter().map(|&(_, row)| row).collect();
        drop(keys);
        let mut position_of_row = vec![0u32; self.len];
        for (position, &row) in source.iter().enumerate() {
            position_of_row[row as usize] = position as u32;
        }
        for slot in &mut self.id_slots {
            if *slot != EMPTY_SLOT {
                *slot = slot_entry(slot_tag(*slot), position_of_row[slot_position(*slot) as usize]);
            }
        }
        for (row, _) in &mut self.extras {
            *row = position_of_row[*row as usize];
        }
        crate::sort::sort_by_key(&mut self.extras, |(position, _)| *position);
        drop(position_of_row);
        const DONE: u32 = u32::MAX;
        for start in 0..self.len {
            if source[start] == DONE || source[start] as usize == start {
                continue;
            }
            let first = *self.row_at(start);
            let mut at = start;
            loop {
                let from = source[at] as usize;
                source[at] = DONE;
                if from == start {
                    *self.row_mut(at) = first;
                    break;
                }
                *self.row_mut(at) = *self.row_at(from);
                at = from;
            }
        }
    }

    fn row_mut(&mut self, row: usize) -> &mut Row {
        &mut self.rows[row / ROWS_PER_BLOCK][row % ROWS_PER_BLOCK]
    }

    fn row_at(&self, row: usize) -> &Row {
        &self.rows[row / ROWS_PER_BLOCK][row % ROWS_PER_BLOCK]
    }

    fn row(&self, n: usize) -> &Row {
        self.row_at(n)
    }

    /// The incident at position `n`, made whole (panics past the end, like a slice).
    pub fn get(&self, n: usize) -> Incident {
        let row = *self.row(n);
        let id = IncidentId::stored(self.id(n));
        let text = self.text(n);
        let extras = if row.has_extras { self.extras_of(n) } else { None };
        Incident {
            id,
            date: IncidentDate::unpacked(row.date),
            position: self.position(n),
            precision: precision_from(row.precision),
            casualties: self.casualties(n),
            claimed: match row.claimed {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            },
            text,
            figures: extras.map(|e| e.figures.clone()).unwrap_or_default(),
            sources: extras.map(|e| e.sources.clone()).unwrap_or_default(),
        }
    }

    /// The incidents, made whole one by one, in store order.
    pub fn iter(&self) -> impl Iterator<Item = Incident> + '_ {
        (0..self.len).map(|n| self.get(n))
    }

    /// The id of the incident at `n`.
    pub fn id(&self, n: usize) -> &str {
        self.fields(self.row(n).text).next().flatten().unwrap_or("")
    }

    /// The bytes of text field `k` (0 is the id) of the incident at `n`, without the UTF-8 check
    /// (the store wrote them from a `&str`); `None` when absent.
    fn raw_field(&self, n: usize, k: usize) -> Option<&[u8]> {
        let mut fields = self.fields(self.row(n).text);
        for _ in 0..k {
            fields.next_bytes()?;
        }
        fields.next_bytes().flatten()
    }

    /// The id's bytes (the id index compares many of them).
    fn id_bytes(&self, n: usize) -> &[u8] {
        self.raw_field(n, 0).unwrap_or_default()
    }

    /// The descriptive text of the incident at `n`.
    pub fn text(&self, n: usize) -> IncidentText {
        let mut fields = self.fields(self.row(n).text).skip(1);
        let mut next = || fields.next().flatten().map(str::to_owned);
        IncidentText {
            place: next(),
            place_fa: next(),
            province: next(),
            district: next(),
            site: next(),
            target: next(),
            community: next(),
            perpetrator: next(),
            claim: next(),
            summary: next(),
        }
    }

    /// The target of the incident at `n` (what `color-by="target"` reads), without copying it.
    pub fn target(&self, n: usize) -> Option<&str> {
        self.raw_field(n, 6).and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// The date of the incident at `n`.
    pub fn date(&self, n: usize) -> IncidentDate {
        IncidentDate::unpacked(self.row(n).date)
    }

    /// The position of the incident at `n`.
    pub fn position(&self, n: usize) -> LonLat {
        let row = self.row(n);
        LonLat::new(row.lon, row.lat).unwrap_or_else(|_| LonLat::clamped(row.lon, row.lat))
    }

    /// How exactly the position of the incident at `n` is known.
    pub fn precision(&self, n: usize) -> Precision {
        precision_from(self.row(n).precision)
    }

    /// The casualties of the incident at `n`.
    pub fn casualties(&self, n: usize) -> Casualties {
        let row = self.row(n);
        let known = |v: u32| (v != UNKNOWN_COUNT).then_some(v);
        Casualties { killed: known(row.killed), injured: known(row.injured) }
    }

    /// Whether the attack at `n` was claimed (`None`: not said).
    pub fn claimed(&self, n: usize) -> Option<bool> {
        match self.row(n).claimed {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        }
    }

    /// The position of the incident with this id (surrounding white space ignored).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.find_slot(id.trim()).ok().map(|n| n as usize)
    }

    fn extras_of(&self, row: usize) -> Option<&Extras> {
        let at = self.extras.binary_search_by_key(&(row as u32), |(position, _)| *position).ok()?;
        Some(&self.extras[at].1)
    }

    /// The position of the incident with `id` (`Ok`), or the free slot where it would go.
    fn find_slot(&self, id: &str) -> Result<u32, usize> {
        self.find_slot_tagged(id, hash(id.as_bytes()) as u32)
    }

    /// [`IncidentStore::find_slot`] for an id whose hash's low 32 bits are `tag`.
    fn find_slot_tagged(&self, id: &str, tag: u32) -> Result<u32, usize> {
        if self.id_slots.is_empty() {
            return Err(usize::MAX);
        }
        let mask = self.id_slots.len() - 1;
        let mut slot = tag as usize & mask;
        loop {
            let entry = self.id_slots[slot];
            if entry == EMPTY_SLOT {
                return Err(slot);
            }
            let n = slot_position(entry);
            if slot_tag(entry) == tag && self.id_bytes(n as usize) == id.as_bytes() {
                return Ok(n);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Doubles the id table (at least 16 slots) and puts every incident back in it: where from
    /// the hash kept in its slot (the table never outgrows 32 bits of slot number).
    fn rehash(&mut self) {
        let size = (self.id_slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.id_slots, vec![EMPTY_SLOT; size]);
        let mask = size - 1;
        for entry in old.into_iter().filter(|&e| e != EMPTY_SLOT) {
            let mut slot = slot_tag(entry) as usize & mask;
            while self.id_slots[slot] != EMPTY_SLOT {
                slot = (slot + 1) & mask;
            }
            self.id_slots[slot] = entry;
        }
    }

    /// Writes the record of an incident's text (id first, then [`IncidentText`] in field order),
    /// each field as a length (plus one; 0 for absent) in LEB128 and its bytes. Returns where
    /// the record starts.
    fn push_text(&mut self, record: &Record<'_>) -> u32 {
        let mut fields: [Option<&str>; TEXT_FIELDS] = [None; TEXT_FIELDS];
        fields[0] = Some(record.id);
        fields[1..].copy_from_slice(&record.text);
        let size: usize = fields.iter().map(|f| f.map_or(0, str::len) + 5).sum();
        // A record starts within the first TEXT_BLOCK bytes of its block (the offset has that many
        // bits); only a record longer than a block gets a larger block, to itself.
        let fits = self.text.last().is_some_and(|b| b.len() + size <= TEXT_BLOCK.min(b.capacity()));
        if !fits {
            self.text.push(Vec::with_capacity(TEXT_BLOCK.max(size)));
        }
        let block_index = self.text.len() - 1;
        let block = &mut self.text[block_index];
        let start = ((block_index as u32) << TEXT_BLOCK_BITS) | block.len() as u32;
        for field in fields {
            let mut length = field.map_or(0, |f| f.len() + 1);
            loop {
                let byte = (length & 0x7f) as u8;
                length >>= 7;
                if length == 0 {
                    block.push(byte);
                    break;
                }
                block.push(byte | 0x80);
            }
            if let Some(f) = field {
                block.extend_from_slice(f.as_bytes());
            }
        }
        start
    }

    /// The text fields of the record at `start`, in record order.
    fn fields(&self, start: u32) -> Fields<'_> {
        let block = &self.text[(start >> TEXT_BLOCK_BITS) as usize];
        Fields { bytes: &block[(start & ((1 << TEXT_BLOCK_BITS) - 1)) as usize..], left: TEXT_FIELDS }
    }
}

/// The fields of one text record.
struct Fields<'a> {
    bytes: &'a [u8],
    left: usize,
}

impl<'a> Fields<'a> {
    /// The next field's bytes (`Some(None)`: the field is absent), without the UTF-8 check.
    fn next_bytes(&mut self) -> Option<Option<&'a [u8]>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // A LEB128 length, plus one: 0 says the field is absent.
        let mut length = 0usize;
        let mut shift = 0;
        loop {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            length |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        if length == 0 {
            return Some(None);
        }
        let text = self.bytes.get(..length - 1)?;
        self.bytes = &self.bytes[text.len()..];
        Some(Some(text))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Option<&'a str>;

    fn next(&mut self) -> Option<Option<&'a str>> {
        // The store wrote these bytes from a `&str`.
        self.next_bytes().map(|field| field.map(|bytes| std::str::from_utf8(bytes).unwrap_or("")))
    }
}

fn precision_code(precision: Precision) -> u8 {
    match precision {
        Precision::Site => 0,
        Precision::District => 1,
        Precision::City => 2,
        Precision::Province => 3,
        Precision::Unknown => 4,
    }
}

fn precision_from(code: u8) -> Precision {
    match code {
        0 => Precision::Site,
        1 => Precision::District,
        2 => Precision::City,
        3 => Precision::Province,
        _ => Precision::Unknown,
    }
}

/// FxHash-style: fast, and good enough for ids (the table probes linearly and stays half empty).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    // The low bits pick the slot, and a multiply mixes only upwards: finish as MurmurHash3 does,
    // so that ids differing in one digit spread over the whole table.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, LoadOptions};

    fn incidents(n: usize) -> Vec<Incident> {
        let features: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[69.{i},34.5]}},
                    "properties":{{"id":"inc-{i}","date":"2022-{:02}-01","killed":{},"place":"Kābul {i}",
                    "target":"bus"{}}}}}"#,
                    12 - i % 12,
                    if i % 3 == 0 { "null".to_owned() } else { i.to_string() },
                    // Only some have sources: they are kept aside, and must follow the sort.
                    if i % 4 == 1 {
                        format!(r#","sources":[{{"title":"AP","url":"https://apnews.com/{i}"}}]"#)
                    } else {
                        String::new()
                    }
                )
            })
            .collect();
        let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        load_geojson(&text, &LoadOptions::default()).unwrap().incidents
    }

    #[test]
    fn incidents_come_back_whole_before_and_after_sorting() {
        let list = incidents(200);
        let mut store = IncidentStore::from_incidents(list.clone());
        assert_eq!(store.len(), 200);
        for (n, incident) in list.iter().enumerate() {
            assert_eq!(&store.get(n), incident);
            assert_eq!(store.position_of(incident.id.as_str()), Some(n));
        }
        store.sort_by_date();
        let mut sorted = list.clone();
        sorted.sort_by_key(|i| i.date);
        for (n, incident) in sorted.iter().enumerate() {
            assert_eq!(&store.get(n), incident, "position {n}");
            assert_eq!(store.position_of(incident.id.as_str()), Some(n));
            assert_eq!(store.target(n), Some("bus"));
        }
        assert_eq!(store.position_of(" inc-7 "), store.position_of("inc-7"));
        assert_eq!(store.position_of("inc-200"), None);
    }

    #[test]
    fn a_taken_id_names_who_has_it() {
        let list = incidents(3);
        let mut store = IncidentStore::new();
        store.push(list[0].clone(), 10).unwrap();
        store.push(list[1].clone(), 11).unwrap();
        assert_eq!(store.push(list[0].clone(), 12).map_err(|t| t.source), Err(10));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn ids_are_found_through_every_growth_of_the_table() {
        // 3,000 incidents: the table doubles from 16 slots to 8,192, each time from the hashes
        // its slots keep. Every id is then found, every repeat refused with its first source.
        let list = incidents(3000);
        let mut store = IncidentStore::new();
        for (n, incident) in list.iter().enumerate() {
            store.push(incident.clone(), n as u32).unwrap();
        }
        assert_eq!(store.id_slots.len(), 8192);
        for (n, incident) in list.iter().enumerate() {
            assert_eq!(store.position_of(incident.id.as_str()), Some(n));
            assert_eq!(store.push(incident.clone(), 9999).map_err(|t| t.source), Err(n as u32));
        }
        store.sort_by_date();
        for n in 0..store.len() {
            assert_eq!(store.position_of(store.id(n)), Some(n));
        }
        assert_eq!((store.len(), store.position_of("inc-3000")), (3000, None));
    }

    #[test]
    fn long_text_gets_a_block_of_its_own() {
        let mut list = incidents(2);
        list[0].text.summary = Some("x".repeat(3 * TEXT_BLOCK));
        let store = IncidentStore::from_incidents(list.clone());
        assert_eq!(store.get(0), list[0]);
        assert_eq!(store.get(1), list[1]);
    }
}
