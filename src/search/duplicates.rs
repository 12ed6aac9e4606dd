//! Likely duplicates among organisations and developers: the same SIRET/RNA,
//! the same e-mail address, or a very similar name in the same département.
//!
//! Names are compared on a key: accents and case folded, punctuation and
//! articles dropped, spaces removed (`La Fabrik` and `Fabrik`, `Fab'Lab` and
//! `Fablab` meet). Two keys of five letters or more may differ by one edit
//! (`Associaton`), and words in another order match (`Martin Zoé`). Finding
//! the pairs never compares every record with every other: keys are
//! bucketed by their one-letter deletions (the "symmetric delete" trick),
//! so records one edit apart always share a bucket.

use super::fold;
use super::rank::{TYPO_MIN_LEN, within_one_edit};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A record as duplicate detection sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// SIRET or RNA number (organisations).
    pub identifier: Option<String>,
    /// E-mail address (a developer's `email`, an organisation's `contact`).
    pub email: Option<String>,
    pub departement: Option<String>,
}

/// Why two records look like one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    SameIdentifier,
    SameEmail,
    SimilarName,
}

/// Two candidates (indices, `a < b`) and every reason they look alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub reasons: Vec<Reason>,
}

/// Words that say nothing about which organisation or person it is.
const ARTICLES: [&str; 13] = [
    "le", "la", "les", "l", "d", "de", "du", "des", "et", "en", "au", "aux", "a",
];

/// A bucket holding more records than this is a generic name (every
/// "Médiathèque" of a département), not a sign of duplicates.
const MAX_BUCKET: usize = 64;

/// The comparable form of a name: folded words without articles, joined.
pub fn name_key(name: &str) -> String {
    words(name).concat()
}

fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !ARTICLES.contains(word))
        .map(str::to_string)
        .collect()
}

/// The same words in alphabetical order (a name typed surname first).
fn sorted_key(name: &str) -> String {
    let mut words = words(name);
    words.sort();
    words.concat()
}

fn identifier_key(text: &str) -> Option<String> {
    let key: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (!key.is_empty()).then_some(key)
}

fn email_key(text: &str) -> Option<String> {
    let key = text.trim().to_lowercase();
    key.contains('@').then_some(key)
}

/// Whether two name keys are the same name, give or take one slip.
pub fn similar_names(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    a.len().min(b.len()) >= TYPO_MIN_LEN && within_one_edit(&a, &b)
}

/// The name buckets a candidate falls into: its key, its sorted key, and
/// its key with one letter deleted (long enough keys only), by département.
fn name_buckets(candidate: &Candidate) -> Vec<String> {
    let key = name_key(&candidate.name);
    if key.is_empty() {
        return Vec::new();
    }
    let dep = candidate.departement.as_deref().unwrap_or("");
    let mut buckets = vec![
        format!("{dep}|={key}"),
        format!("{dep}|s{}", sorted_key(&candidate.name)),
    ];
    let chars: Vec<char> = key.chars().collect();
    if chars.len() >= TYPO_MIN_LEN {
        for skip in 0..chars.len() {
            let variant: String = chars
                .iter()
                .enumerate()
                .filter(|(index, _)| *index != skip)
                .map(|(_, c)| c)
                .collect();
            buckets.push(format!("{dep}|-{variant}"));
        }
        // A key is also the deletion of a key one letter longer.
        buckets.push(format!("{dep}|-{key}"));
    }
    buckets
}

/// Whether two candidates have a similar name in the same département.
fn similar(a: &Candidate, b: &Candidate) -> bool {
    a.departement == b.departement
        && (similar_names(&name_key(&a.name), &name_key(&b.name))
            || (!sorted_key(&a.name).is_empty() && sorted_key(&a.name) == sorted_key(&b.name)))
}

/// Every pair of candidates that looks like one record, with the reasons,
/// ordered by their first then second index.
pub fn pairs(candidates: &[Candidate]) -> Vec<Pair> {
    let mut found: BTreeMap<(usize, usize), BTreeSet<Reason>> = BTreeMap::new();
    let mut by_identifier: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_email: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        if let Some(key) = candidate.identifier.as_deref().and_then(identifier_key) {
            by_identifier.entry(key).or_default().push(index);
        }
        if let Some(key) = candidate.email.as_deref().and_then(email_key) {
            by_email.entry(key).or_default().push(index);
        }
        for bucket in name_buckets(candidate) {
            by_name.entry(bucket).or_default().push(index);
        }
    }
    let mut note = |group: &[usize], reason: Reason, check: &dyn Fn(usize, usize) -> bool| {
        for (position, &a) in group.iter().enumerate() {
            for &b in &group[position + 1..] {
                let key = (a.min(b), a.max(b));
                if a != b && check(key.0, key.1) {
                    found.entry(key).or_default().insert(reason);
                }
            }
        }
    };
    for group in by_identifier.values() {
        note(group, Reason::SameIdentifier, &|_, _| true);
    }
    for group in by_email.values() {
        note(group, Reason::SameEmail, &|_, _| true);
    }
    for group in by_name.values().filter(|group| group.len() <= MAX_BUCKET) {
        note(group, Reason::SimilarName, &|a, b| {
            similar(&candidates[a], &candidates[b])
        });
    }
    found
        .into_iter()
        .map(|((a, b), reasons)| Pair {
            a,
            b,
            reasons: reasons.into_iter().collect(),
        })
        .collect()
}

/// The existing candidates a new record looks like (index, reasons), best
/// evidence first: an identifier or e-mail before a name.
pub fn look_alikes(new: &Candidate, existing: &[Candidate]) -> Vec<(usize, Vec<Reason>)> {
    let identifier = new.identifier.as_deref().and_then(identifier_key);
    let email = new.email.as_deref().and_then(email_key);
    let mut found: Vec<(usize, Vec<Reason>)> = existing
        .iter()
        .enumerate()
        .filter_map(|(index, other)| {
            let mut reasons = Vec::new();
            if identifier.is_some()
                && identifier == other.identifier.as_deref().and_then(identifier_key)
            {
                reasons.push(Reason::SameIdentifier);
            }
            if email.is_some() && email == other.email.as_deref().and_then(email_key) {
                reasons.push(Reason::SameEmail);
            }
            if similar(new, other) {
                reasons.push(Reason::SimilarName);
            }
            (!reasons.is_empty()).then_some((index, reasons))
        })
        .collect();
    found.sort_by(|a, b| {
        (a.1.first(), std::cmp::Reverse(a.1.len()), a.0).cmp(&(
            b.1.first(),
            std::cmp::Reverse(b.1.len()),
            b.0,
        ))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, name: &str, siret: Option<&str>, dep: &str) -> Candidate {
        Candidate {
            id: id.into(),
            name: name.into(),
            identifier: siret.map(str::to_string),
            email: None,
            departement: Some(dep.into()),
        }
    }

    fn person(id: &str, name: &str, email: Option<&str>, dep: &str) -> Candidate {
        Candidate {
            id: id.into(),
            name: name.into(),
            identifier: None,
            email: email.map(str::to_string),
            departement: Some(dep.into()),
        }
    }

    #[test]
    fn name_keys_fold_accents_case_articles_and_punctuation() {
        assert_eq!(name_key("L'Écomusée de la Crau"), "ecomuseecrau");
        assert_eq!(name_key("Fab'Lab  des Alpes"), "fablabalpes");
        assert_eq!(name_key("FABLAB ALPES"), "fablabalpes");
    }

    #[test]
    fn the_same_siret_is_a_pair_whatever_the_name_and_spacing() {
        let candidates = [
            org("1", "Mairie de Forcalquier", Some("21040088100015"), "04"),
            org("2", "Ville de Forcalquier", Some("210 400 881 00015"), "04"),
            org("3", "Autre", Some("21040088100016"), "04"),
        ];
        let found = pairs(&candidates);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].a, found[0].b), (0, 1));
        assert_eq!(found[0].reasons, vec![Reason::SameIdentifier]);
    }

    #[test]
    fn the_same_email_is_a_pair_in_any_case() {
        let candidates = [
            person("1", "Zoé Martin", Some("zoe@exemple.fr"), "13"),
            person("2", "Z. Martin", Some(" ZOE@exemple.fr"), "84"),
            person("3", "Paul Girard", Some("paul@exemple.fr"), "13"),
        ];
        let found = pairs(&candidates);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reasons, vec![Reason::SameEmail]);
    }

    #[test]
    fn a_similar_name_counts_only_in_the_same_departement() {
        let candidates = [
            org("1", "Écomusée de la Crau", None, "13"),
            org("2", "ecomusee crau", None, "13"),
            org("3", "Ecomusée de la Crau", None, "84"),
            org("4", "Ecomusé de la Crau", None, "13"),
        ];
        let found = pairs(&candidates);
        let keys: Vec<(usize, usize)> = found.iter().map(|pair| (pair.a, pair.b)).collect();
        assert_eq!(keys, vec![(0, 1), (0, 3), (1, 3)]);
        assert!(
            found
                .iter()
                .all(|pair| pair.reasons == vec![Reason::SimilarName])
        );
    }

    #[test]
    fn one_slip_or_swapped_words_match_but_other_names_do_not() {
        assert!(similar_names(
            &name_key("Associaton Lou Pichoun"),
            &name_key("Association Lou Pichoun")
        ));
        assert!(similar_names(
            &name_key("Luberno Numérique"),
            &name_key("Luberon Numérique")
        ));
        assert!(!similar_names(
            &name_key("Luberon Numérique"),
            &name_key("Verdon Numérique")
        ));
        assert!(
            !similar_names(&name_key("Apt"), &name_key("Art")),
            "short names must be equal"
        );
        let candidates = [
            person("1", "Zoé Martin", None, "13"),
            person("2", "MARTIN Zoé", None, "13"),
            person("3", "Zoé Marin", None, "13"),
            person("4", "Paul Martin", None, "13"),
        ];
        let keys: Vec<(usize, usize)> = pairs(&candidates)
            .iter()
            .map(|pair| (pair.a, pair.b))
            .collect();
        assert_eq!(keys, vec![(0, 1), (0, 2)]);
    }

    #[test]
    fn reasons_add_up_on_one_pair() {
        let candidates = [
            org("1", "Les Petits Débrouillards", Some("W133000001"), "13"),
            org("2", "Petits Debrouillards", Some("w133000001"), "13"),
        ];
        let found = pairs(&candidates);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].reasons,
            vec![Reason::SameIdentifier, Reason::SimilarName]
        );
    }

    #[test]
    fn a_new_record_is_compared_with_the_existing_ones() {
        let existing = [
            org("1", "Parc naturel régional du Luberon", None, "84"),
            org("2", "Maison du Parc", Some("21040088100015"), "04"),
            org("3", "Parc naturel regional du Lubreon", None, "04"),
        ];
        let new = org(
            "n",
            "Parc Naturel Régional du Luberon",
            Some("21040088100015"),
            "84",
        );
        let found = look_alikes(&new, &existing);
        assert_eq!(
            found,
            vec![
                (1, vec![Reason::SameIdentifier]),
                (0, vec![Reason::SimilarName])
            ]
        );
        let unrelated = org("n", "Médiathèque de Manosque", None, "04");
        assert!(look_alikes(&unrelated, &existing).is_empty());
    }
}
