//! Geocoding for one load: the gazetteer's answers remembered per name, so that a file naming
//! Kabul a million times looks it up once, and a budget for "did you mean" suggestions, so that
//! a file of a million different unknown names cannot freeze the page.
//!
//! In the browser the gazetteer may not have arrived yet: the geocoder then notes that it was
//! needed, and the load is refused with [`LoadError::NeedsGazetteer`](super::LoadError) for the
//! page to fetch it and load again.

use crate::sorted_map::SortedMap;

use super::gazetteer::{Gazetteer, GazetteerPlace, GeocodeError};

/// Distinct unknown names answered with suggestions in one load; later ones get none.
const SUGGESTION_BUDGET: usize = 1_000;

type Answer = Result<(&'static GazetteerPlace, Option<String>), GeocodeError>;

/// The gazetteer, with what this load has already asked of it.
pub(crate) struct Geocoder {
    gazetteer: Option<&'static Gazetteer>,
    /// Whether a question came while the gazetteer was not loaded.
    missed: bool,
    answers: SortedMap<(String, Option<String>), Answer>,
    suggestions_left: usize,
}

impl Geocoder {
    pub(crate) fn new() -> Self {
        Self::with(Gazetteer::afghanistan_if_loaded())
    }

    fn with(gazetteer: Option<&'static Gazetteer>) -> Self {
        Self { gazetteer, missed: false, answers: SortedMap::new(), suggestions_left: SUGGESTION_BUDGET }
    }

    /// Whether the load asked for a place before the gazetteer was loaded: its answers are then
    /// not to be trusted.
    pub(crate) fn missed(&self) -> bool {
        self.missed
    }

    /// The gazetteer, or `None` (noted) when it is not loaded.
    fn gazetteer(&mut self) -> Option<&'static Gazetteer> {
        self.missed |= self.gazetteer.is_none();
        self.gazetteer
    }

    /// The place `name` means (in `province`, when given), and a note when the choice was not
    /// obvious.
    pub(crate) fn place(&mut self, name: &str, province: Option<&str>) -> Answer {
        let Some(gazetteer) = self.gazetteer() else { return Err(GeocodeError::NotLoaded) };
        let key = (name.to_owned(), province.map(str::to_owned));
        if let Some(answer) = self.answers.get(&key) {
            return answer.clone();
        }
        let suggest = self.suggestions_left > 0;
        let answer = gazetteer.lookup(name, province, suggest).map(|found| (found.place, found.note));
        if answer.is_err() && suggest {
            self.suggestions_left -= 1;
        }
        self.answers.insert(key, answer.clone());
        answer
    }

    /// The province `name` means.
    pub(crate) fn province(&mut self, name: &str) -> Result<&'static GazetteerPlace, GeocodeError> {
        self.gazetteer().ok_or(GeocodeError::NotLoaded)?.find_province(name)
    }

    /// The place whose point is within about 100 m of `position`, if any: a point that sits on
    /// a town centre is that town's placeholder, not the site of an attack.
    pub(crate) fn place_at(&mut self, position: crate::geo::LonLat) -> Option<&'static GazetteerPlace> {
        self.gazetteer()?.place_at(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_without_the_gazetteer_is_noted() {
        let mut geocoder = Geocoder::with(None);
        assert!(!geocoder.missed());
        assert_eq!(geocoder.place("Kabul", None), Err(GeocodeError::NotLoaded));
        assert!(geocoder.missed());
        let mut loaded = Geocoder::new();
        assert_eq!(loaded.place("Kabul", None).unwrap().0.name, "Kabul");
        assert!(!loaded.missed());
    }
}
