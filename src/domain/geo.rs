//! French départements and PACA communes from the INSEE COG (assets/, with
//! their provenance in `assets/PROVENANCE.csv`); postcodes, centroids and
//! outlines in the submodules.

pub mod outline;
pub mod postcode;

use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Departement {
    pub code: String,
    pub region: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commune {
    pub code: String,
    pub departement: String,
    pub name: String,
}

/// The region code of Provence-Alpes-Côte d'Azur, whose network Relais serves first.
pub const PACA_REGION: &str = "93";

const DEPARTEMENTS_CSV: &str = include_str!("../../assets/cog_departements.csv");
const COMMUNES_CSV: &str = include_str!("../../assets/cog2026_communes_paca.csv");

/// Splits a line of the COG files (no quoted commas in the columns we read).
fn columns(line: &str) -> Vec<&str> {
    line.split(',').collect()
}

pub fn departements() -> &'static [Departement] {
    static CELL: OnceLock<Vec<Departement>> = OnceLock::new();
    CELL.get_or_init(|| {
        DEPARTEMENTS_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols = columns(line);
                // DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
                Some(Departement {
                    code: cols.first()?.to_string(),
                    region: cols.get(1)?.to_string(),
                    name: cols.get(6)?.to_string(),
                })
            })
            .collect()
    })
}

pub fn departement(code: &str) -> Option<&'static Departement> {
    departements().iter().find(|dep| dep.code == code)
}

/// The départements of Provence-Alpes-Côte d'Azur (04, 05, 06, 13, 83, 84).
pub fn paca_departements() -> Vec<&'static Departement> {
    departements()
        .iter()
        .filter(|dep| dep.region == PACA_REGION)
        .collect()
}

pub fn paca_communes() -> &'static [Commune] {
    static CELL: OnceLock<Vec<Commune>> = OnceLock::new();
    CELL.get_or_init(|| {
        COMMUNES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols = columns(line);
                // TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,...
                Some(Commune {
                    code: cols.get(1)?.to_string(),
                    departement: cols.get(3)?.to_string(),
                    name: cols.get(9)?.to_string(),
                })
            })
            .collect()
    })
}

/// `(INSEE code, name)` of every PACA commune, for finding one by its name.
pub fn commune_labels() -> &'static [(String, String)] {
    static CELL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CELL.get_or_init(|| {
        paca_communes()
            .iter()
            .map(|commune| (commune.code.clone(), commune.name.clone()))
            .collect()
    })
}

/// A PACA commune by INSEE code (an index: open-data files look up every row).
pub fn commune(code: &str) -> Option<&'static Commune> {
    static INDEX: OnceLock<std::collections::HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        paca_communes()
            .iter()
            .enumerate()
            .map(|(position, commune)| (commune.code.as_str(), position))
            .collect()
    });
    index
        .get(code)
        .and_then(|&position| paca_communes().get(position))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insee_lists_load_completely() {
        assert_eq!(departements().len(), 101);
        assert_eq!(
            departement("2A").map(|d| d.name.as_str()),
            Some("Corse-du-Sud")
        );
        let paca: Vec<_> = paca_departements()
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(paca, ["04", "05", "06", "13", "83", "84"]);
        assert_eq!(paca_communes().len(), 946);
        assert_eq!(commune("13055").map(|c| c.name.as_str()), Some("Marseille"));
    }
}
