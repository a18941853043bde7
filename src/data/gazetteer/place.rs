//! One entry of the gazetteer, and reading its table (www/basemap/gazetteer.tsv).

use crate::data::fields::decimal;
use crate::data::incident::Precision;
use crate::geo::LonLat;

/// A place the gazetteer knows: a city, town or village, a district, or a province.
#[derive(Clone, Debug, PartialEq)]
pub struct GazetteerPlace {
    /// The English name, without diacritics ("Mazar-e Sharif").
    pub name: String,
    /// The Persian (Dari) name, when GeoNames has one ("مزار شریف").
    pub name_fa: Option<String>,
    /// The province it lies in ("Balkh"); a province's own name for a province.
    pub province: String,
    /// Its point: a town's centre, a district's approximate centre, a province's label point.
    pub position: LonLat,
    /// Population, when GeoNames gives one.
    pub population: Option<u32>,
    /// How exactly its point places an incident there: `city`, `district` or `province`.
    pub precision: Precision,
    /// The other names it is known by: spellings, transliterations and other scripts.
    pub other_names: Vec<String>,
}

impl GazetteerPlace {
    /// "Mazar-e Sharif (Balkh)", or "Balkh province": how suggestions name a place.
    ///
    /// ```
    /// use incident_map::Gazetteer;
    /// let kunduz = Gazetteer::afghanistan().find("Kunduz", None).unwrap().place;
    /// assert_eq!(kunduz.label(), "Kunduz (Kunduz)");
    /// ```
    pub fn label(&self) -> String {
        if self.precision == Precision::Province {
            format!("{} province", self.name)
        } else {
            format!("{} ({})", self.name, self.province)
        }
    }

    /// Reads one row of the table; `None` for a malformed row.
    pub(crate) fn from_row(row: &str) -> Option<Self> {
        let cells: Vec<&str> = row.split('\t').collect();
        let [precision, name, province, lon, lat, population, name_fa, others] = cells.as_slice() else {
            return None;
        };
        let position = LonLat::new(decimal(lon)?, decimal(lat)?).ok()?;
        let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Some(Self {
            name: nonempty(name)?,
            name_fa: nonempty(name_fa),
            province: nonempty(province)?,
            position,
            population: population.parse().ok().filter(|p| *p > 0),
            precision: Precision::parse(precision)?,
            other_names: others.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        })
    }
}

/// Reads the whole table: the places, or the number of the first malformed line.
pub(crate) fn read_table(text: &str) -> Result<Vec<GazetteerPlace>, usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(i, line)| GazetteerPlace::from_row(line).ok_or(i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_and_malformed_rows_found() {
        let row = "city\tKunduz\tKunduz\t68.85700\t36.72895\t161902\tقندز\tKondoz|Qonduz";
        let place = GazetteerPlace::from_row(row).unwrap();
        assert_eq!(place.other_names, ["Kondoz", "Qonduz"]);
        assert_eq!(place.population, Some(161_902));
        assert_eq!(place.precision, Precision::City);
        assert_eq!(read_table(&format!("# header\n{row}\ncity\tX\n")), Err(3));
        assert!(GazetteerPlace::from_row("city\tX\tY\t200\t30\t0\t\t").is_none(), "longitude out of range");
    }
}
