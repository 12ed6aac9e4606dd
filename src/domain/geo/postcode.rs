//! Postcodes of PACA and the INSEE commune codes they serve (La Base
//! Adresse Nationale's table, `assets/geo/codes_postaux_paca.csv`), to give
//! a commune code to places whose files lost it.

use crate::domain::text::fold;
use std::collections::HashMap;
use std::sync::OnceLock;

const POSTCODES_CSV: &str = include_str!("../../../assets/geo/codes_postaux_paca.csv");

/// Marseille's commune code: the postcode table names its arrondissements.
const MARSEILLE: &str = "13055";

#[derive(Clone, Debug, PartialEq, Eq)]
struct Served {
    insee: String,
    /// The commune's name and the postal routing label, as match keys.
    names: [String; 2],
}

fn table() -> &'static HashMap<String, Vec<Served>> {
    static CELL: OnceLock<HashMap<String, Vec<Served>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut table: HashMap<String, Vec<Served>> = HashMap::new();
        // code_postal,code_insee,nom_commune,libelle_acheminement (no quoted commas)
        for line in POSTCODES_CSV.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let (Some(postcode), Some(insee), Some(name), Some(label)) =
                (cols.first(), cols.get(1), cols.get(2), cols.get(3))
            else {
                continue;
            };
            table.entry(postcode.to_string()).or_default().push(Served {
                insee: commune_of(insee).to_string(),
                names: [name_key(name), name_key(label)],
            });
        }
        table
    })
}

/// A municipal arrondissement of Marseille (13201–13216) stands for the commune.
fn commune_of(insee: &str) -> &str {
    if insee.starts_with("132") && insee.len() == 5 {
        MARSEILLE
    } else {
        insee
    }
}

/// A commune name as a match key: folded, words only, `st` read as `saint`.
pub fn name_key(name: &str) -> String {
    let folded: String = fold(name.trim())
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A postcode as five digits: files that stored it as a number lost the
/// leading zero of the Alpes (`4000` is `04000`). `None` if it is not one.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let digits = text.trim();
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{digits:0>5}"))
}

/// The INSEE code of the commune a postcode and a commune name point to,
/// when that is unambiguous: the postcode serves one commune, or exactly
/// one of its communes bears that name; failing that (files that put the
/// INSEE code in the postcode column, or an unknown postcode), the one
/// commune of that name in the postcode's département.
pub fn insee_from_postcode(postcode: &str, commune_name: &str) -> Option<String> {
    served_commune(postcode, commune_name).or_else(|| named_commune(postcode, commune_name))
}

/// The PACA commune named `commune_name` in the département the first two
/// digits of `postcode` give, when there is exactly one.
fn named_commune(postcode: &str, commune_name: &str) -> Option<String> {
    let wanted = name_key(commune_name);
    let departement = postcode.get(..2)?;
    if wanted.is_empty() {
        return None;
    }
    let mut found = super::paca_communes()
        .iter()
        .filter(|c| c.departement == departement && name_key(&c.name) == wanted);
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only.code.clone()),
        _ => None,
    }
}

fn served_commune(postcode: &str, commune_name: &str) -> Option<String> {
    let served = table().get(postcode)?;
    let mut codes: Vec<&str> = served.iter().map(|s| s.insee.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    if let [only] = codes.as_slice() {
        return Some(only.to_string());
    }
    let wanted = name_key(commune_name);
    if wanted.is_empty() {
        return None;
    }
    let mut named: Vec<&str> = served
        .iter()
        .filter(|s| s.names.contains(&wanted))
        .map(|s| s.insee.as_str())
        .collect();
    named.sort_unstable();
    named.dedup();
    match named.as_slice() {
        [only] => Some(only.to_string()),
        _ => None,
    }
}

/// Whether the postcode table knows this postcode (a PACA postcode).
pub fn known_postcode(postcode: &str) -> bool {
    table().contains_key(postcode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_get_their_leading_zero_back() {
        assert_eq!(normalise_postcode("4000").as_deref(), Some("04000"));
        assert_eq!(normalise_postcode(" 13001 ").as_deref(), Some("13001"));
        assert_eq!(normalise_postcode("13 001"), None);
        assert_eq!(normalise_postcode(""), None);
        assert_eq!(normalise_postcode("130010"), None);
    }

    #[test]
    fn communes_are_derived_only_when_unambiguous() {
        // One commune behind the postcode.
        assert_eq!(insee_from_postcode("13230", "").as_deref(), Some("13078"));
        // Marseille's arrondissements are the commune of Marseille.
        assert_eq!(
            insee_from_postcode("13014", "MARSEILLE").as_deref(),
            Some("13055")
        );
        // Several communes: the name decides, whatever its case and accents.
        assert_eq!(
            insee_from_postcode("04000", "DIGNE LES BAINS").as_deref(),
            Some("04070")
        );
        assert_eq!(insee_from_postcode("04000", "Nowhere"), None);
        assert_eq!(insee_from_postcode("75001", "Paris"), None);
        // An INSEE code in the postcode column: the name within the département.
        assert_eq!(
            insee_from_postcode("06157", "VENCE").as_deref(),
            Some("06157")
        );
    }
}
