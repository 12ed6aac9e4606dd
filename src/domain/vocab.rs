//! Shared vocabularies (skills, categories, organisation kinds…): slugs with a
//! French and an English label, kept as data in `assets/vocabularies.toml`.

use super::naming::{NameMatch, match_term};
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vocab {
    Skill,
    Category,
    OrgKind,
    WorkshopKind,
    Priority,
    DeveloperRole,
    SiteRole,
    Status,
    Licence,
    Consent,
    Breakdown,
    BudgetCategory,
}

impl Vocab {
    pub const ALL: [Vocab; 12] = [
        Vocab::Skill,
        Vocab::Category,
        Vocab::OrgKind,
        Vocab::WorkshopKind,
        Vocab::Priority,
        Vocab::DeveloperRole,
        Vocab::SiteRole,
        Vocab::Status,
        Vocab::Licence,
        Vocab::Consent,
        Vocab::Breakdown,
        Vocab::BudgetCategory,
    ];

    /// The table name in `assets/vocabularies.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Vocab::Skill => "skill",
            Vocab::Category => "category",
            Vocab::OrgKind => "org_kind",
            Vocab::WorkshopKind => "workshop_kind",
            Vocab::Priority => "priority",
            Vocab::DeveloperRole => "developer_role",
            Vocab::SiteRole => "site_role",
            Vocab::Status => "status",
            Vocab::Licence => "licence",
            Vocab::Consent => "consent",
            Vocab::Breakdown => "breakdown",
            Vocab::BudgetCategory => "budget_category",
        }
    }

    /// The terms, in the order of the asset file.
    pub fn terms(self) -> &'static [Term] {
        vocabularies()
            .get(self.key())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn term(self, slug: &str) -> Option<&'static Term> {
        self.terms().iter().find(|term| term.slug == slug)
    }

    pub fn contains(self, slug: &str) -> bool {
        self.term(slug).is_some()
    }

    /// The label of a slug in `lang`, or the slug itself when unknown (merged
    /// data may carry a slug from a newer vocabulary).
    pub fn label(self, slug: &str, lang: Lang) -> &str {
        match self.term(slug) {
            Some(term) => term.label(lang),
            None => slug,
        }
    }

    /// The short label of a slug in `lang` (for a line too narrow for the
    /// labels), else its label.
    pub fn short_label(self, slug: &str, lang: Lang) -> &str {
        match self.term(slug) {
            Some(term) => term.short_label(lang),
            None => slug,
        }
    }

    /// The slug a person means by `input`: the slug itself, or a label or
    /// short label in either language (what a table shows), accents and case
    /// ignored, or a unique prefix or part of one (`sig`, `cartographie` →
    /// `gis`). `Err` holds the candidate slugs: none, or several when the
    /// input is ambiguous.
    pub fn resolve(self, input: &str) -> Result<&'static str, Vec<&'static str>> {
        let pairs: Vec<(String, String)> = self
            .terms()
            .iter()
            .flat_map(|term| {
                term.names()
                    .map(|label| (term.slug.clone(), label.to_string()))
            })
            .collect();
        let slug_of = |id: &str| self.term(id).map(|term| term.slug.as_str());
        match match_term(&pairs, input) {
            NameMatch::One(slug) => slug_of(&slug).ok_or_else(Vec::new),
            NameMatch::None => Err(Vec::new()),
            NameMatch::Many(labels) => {
                let mut slugs: Vec<&'static str> = Vec::new();
                for term in self.terms() {
                    let listed = labels
                        .iter()
                        .any(|label| term.names().any(|name| name == label.as_str()));
                    if listed && !slugs.contains(&term.slug.as_str()) {
                        slugs.push(term.slug.as_str());
                    }
                }
                Err(slugs)
            }
        }
    }

    /// The labels of `slugs` (all terms when empty), joined, in French and
    /// in English: what a refusal lists as the choices.
    pub fn choices(self, slugs: &[&str]) -> (String, String) {
        let terms: Vec<&Term> = self
            .terms()
            .iter()
            .filter(|term| slugs.is_empty() || slugs.contains(&term.slug.as_str()))
            .collect();
        let join = |lang: Lang| {
            terms
                .iter()
                .map(|term| term.label(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        (join(Lang::Fr), join(Lang::En))
    }

    pub fn slugs(self) -> Vec<&'static str> {
        self.terms().iter().map(|term| term.slug.as_str()).collect()
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Term {
    pub slug: String,
    pub fr: String,
    pub en: String,
    #[serde(default)]
    pub short_fr: Option<String>,
    #[serde(default)]
    pub short_en: Option<String>,
}

impl Term {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Every name a person may use for the term: its slug, its labels and
    /// its short labels.
    fn names(&self) -> impl Iterator<Item = &str> {
        [&self.slug, &self.fr, &self.en]
            .into_iter()
            .chain(self.short_fr.iter())
            .chain(self.short_en.iter())
            .map(String::as_str)
    }

    /// The short label, where the vocabulary gives one, else the label.
    pub fn short_label(&self, lang: Lang) -> &str {
        let short = match lang {
            Lang::Fr => &self.short_fr,
            Lang::En => &self.short_en,
        };
        short.as_deref().unwrap_or_else(|| self.label(lang))
    }
}

pub const VOCABULARIES_SOURCE: &str = include_str!("../../assets/vocabularies.toml");

fn vocabularies() -> &'static HashMap<String, Vec<Term>> {
    static CELL: OnceLock<HashMap<String, Vec<Term>>> = OnceLock::new();
    // The file is compiled in and parsed by a test, so failure is a build defect.
    CELL.get_or_init(|| toml::from_str(VOCABULARIES_SOURCE).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_is_present_with_unique_slugs_and_both_labels() {
        let parsed: HashMap<String, Vec<Term>> = toml::from_str(VOCABULARIES_SOURCE).unwrap();
        for vocab in Vocab::ALL {
            let terms = &parsed[vocab.key()];
            assert!(!terms.is_empty(), "{vocab:?}");
            let mut slugs: Vec<_> = terms.iter().map(|t| t.slug.as_str()).collect();
            slugs.sort();
            slugs.dedup();
            assert_eq!(slugs.len(), terms.len(), "duplicate slug in {vocab:?}");
            assert!(terms.iter().all(|t| !t.fr.is_empty() && !t.en.is_empty()));
        }
    }

    #[test]
    fn the_short_labels_a_table_shows_are_understood_when_typed() {
        assert_eq!(Vocab::Licence.resolve("CC BY-SA 4.0"), Ok("CC-BY-SA-4.0"));
        assert_eq!(
            Vocab::Licence.resolve("gnu gpl 3.0+"),
            Ok("GPL-3.0-or-later")
        );
        assert_eq!(Vocab::Status.resolve("Ongoing"), Ok("in_progress"));
        assert_eq!(Vocab::Category.resolve("dataviz"), Ok("dataviz"));
        assert_eq!(Vocab::OrgKind.resolve("Asso. caritative"), Ok("charity"));
    }

    #[test]
    fn a_short_label_is_shorter_and_the_label_stands_in_for_a_missing_one() {
        for lang in [Lang::Fr, Lang::En] {
            for term in Vocab::Status.terms() {
                let short = term.short_label(lang).chars().count();
                assert!(short <= 8, "{:?} {lang:?}", term.slug);
                assert!(short <= term.label(lang).chars().count(), "{:?}", term.slug);
            }
        }
        assert_eq!(
            Vocab::Status.short_label("in_progress", Lang::En),
            "Ongoing"
        );
        assert_eq!(
            Vocab::Skill.short_label("dataviz", Lang::En),
            "Data visualisation"
        );
        assert_eq!(
            Vocab::Status.short_label("unknown-slug", Lang::Fr),
            "unknown-slug"
        );
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(
            Vocab::Skill.label("dataviz", Lang::Fr),
            "Visualisation de données"
        );
        assert_eq!(
            Vocab::Skill.label("dataviz", Lang::En),
            "Data visualisation"
        );
        assert_eq!(Vocab::Skill.label("unknown-slug", Lang::En), "unknown-slug");
        assert!(Vocab::Licence.contains("ODbL-1.0"));
        assert_eq!(Vocab::Licence.terms().len(), 10);
    }

    #[test]
    fn a_label_in_either_language_or_a_unique_part_of_it_names_a_term() {
        for typed in [
            "gis",
            "sig",
            "SIG et cartographie",
            "cartographie",
            "GIS and maps",
        ] {
            assert_eq!(Vocab::Skill.resolve(typed), Ok("gis"), "{typed}");
        }
        assert_eq!(Vocab::Priority.resolve("haute"), Ok("high"));
        assert_eq!(Vocab::Status.resolve("abandonnée"), Ok("abandoned"));
        assert_eq!(Vocab::Status.resolve("ABANDONNEE"), Ok("abandoned"));
        assert_eq!(Vocab::Skill.resolve("klingon"), Err(Vec::new()));
        let Err(candidates) = Vocab::Skill.resolve("d") else {
            panic!("one letter names several skills");
        };
        assert!(candidates.len() > 1 && candidates.contains(&"databases"));
    }
}
