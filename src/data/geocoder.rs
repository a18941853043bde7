//! Geocoding for one load: the gazetteer's answers remembered per name, so that a file naming
//! Kabul a million times looks it up once, and a budget for "did you mean" suggestions, so that
//! a file of a million different unknown names cannot freeze the page.

use std::collections::HashMap;

use super::gazetteer::{Gazetteer, GazetteerPlace, GeocodeError};

/// Distinct unknown names answered with suggestions in one load; later ones get none.
const SUGGESTION_BUDGET: usize = 1_000;

type Answer = Result<(&'static GazetteerPlace, Option<String>), GeocodeError>;

/// The gazetteer, with what this load has already asked of it.
pub(crate) struct Geocoder {
    gazetteer: &'static Gazetteer,
    answers: HashMap<(String, Option<String>), Answer>,
    suggestions_left: usize,
}

impl Geocoder {
    pub(crate) fn new() -> Self {
        Self { gazetteer: Gazetteer::afghanistan(), answers: HashMap::new(), suggestions_left: SUGGESTION_BUDGET }
    }

    /// The place `name` means (in `province`, when given), and a note when the choice was not
    /// obvious.
    pub(crate) fn place(&mut self, name: &str, province: Option<&str>) -> Answer {
        let key = (name.to_owned(), province.map(str::to_owned));
        if let Some(answer) = self.answers.get(&key) {
            return answer.clone();
        }
        let suggest = self.suggestions_left > 0;
        let answer = self.gazetteer.lookup(name, province, suggest).map(|found| (found.place, found.note));
        if answer.is_err() && suggest {
            self.suggestions_left -= 1;
        }
        self.answers.insert(key, answer.clone());
        answer
    }

    /// The province `name` means.
    pub(crate) fn province(&mut self, name: &str) -> Result<&'static GazetteerPlace, GeocodeError> {
        self.gazetteer.find_province(name)
    }

    /// The place whose point is within about 100 m of `position`, if any: a point that sits on
    /// a town centre is that town's placeholder, not the site of an attack.
    pub(crate) fn place_at(&self, position: crate::geo::LonLat) -> Option<&'static GazetteerPlace> {
        self.gazetteer.place_at(position)
    }
}
