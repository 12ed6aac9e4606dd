//! Shared vocabularies (skills, categories, organisation kinds…): slugs with a
//! French and an English label, kept as data in `assets/vocabularies.toml`.

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

    pub fn slugs(self) -> Vec<&'static str> {
        self.terms().iter().map(|term| term.slug.as_str()).collect()
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Term {
    pub slug: String,
    pub fr: String,
    pub en: String,
}

impl Term {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
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
}
