//! Budget line categories: the closed set of headings a French public
//! funder reads a budget by. Stored and synced as slugs (the
//! `budget_category` vocabulary holds their labels); a line without a
//! category, or with a slug from a newer release, counts as `Other`.

use super::vocab::Vocab;
use crate::i18n::Lang;

/// The heading of a budget line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BudgetCategory {
    Staff,
    Travel,
    Equipment,
    Services,
    Training,
    Communication,
    Overheads,
    Other,
}

impl BudgetCategory {
    /// In the order a funder's form lists them, `Other` last.
    pub const ALL: [BudgetCategory; 8] = [
        BudgetCategory::Staff,
        BudgetCategory::Travel,
        BudgetCategory::Equipment,
        BudgetCategory::Services,
        BudgetCategory::Training,
        BudgetCategory::Communication,
        BudgetCategory::Overheads,
        BudgetCategory::Other,
    ];

    /// The stored slug (never changes once released).
    pub fn slug(self) -> &'static str {
        match self {
            BudgetCategory::Staff => "staff",
            BudgetCategory::Travel => "travel",
            BudgetCategory::Equipment => "equipment",
            BudgetCategory::Services => "services",
            BudgetCategory::Training => "training",
            BudgetCategory::Communication => "communication",
            BudgetCategory::Overheads => "overheads",
            BudgetCategory::Other => "other",
        }
    }

    /// The category of a stored value: none, or unknown, is `Other`.
    pub fn from_stored(slug: Option<&str>) -> BudgetCategory {
        slug.and_then(|slug| Self::ALL.into_iter().find(|c| c.slug() == slug))
            .unwrap_or(BudgetCategory::Other)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        Vocab::BudgetCategory.label(self.slug(), lang)
    }
}

/// Written as its slug (JSON reports, other tools).
impl serde::Serialize for BudgetCategory {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enum_and_the_vocabulary_name_the_same_slugs_in_the_same_order() {
        let slugs: Vec<&str> = BudgetCategory::ALL.iter().map(|c| c.slug()).collect();
        assert_eq!(slugs, Vocab::BudgetCategory.slugs());
    }

    #[test]
    fn a_line_without_a_known_category_counts_as_other() {
        assert_eq!(BudgetCategory::from_stored(None), BudgetCategory::Other);
        assert_eq!(
            BudgetCategory::from_stored(Some("lunar-base")),
            BudgetCategory::Other
        );
        assert_eq!(
            BudgetCategory::from_stored(Some("travel")),
            BudgetCategory::Travel
        );
        assert_eq!(
            BudgetCategory::Travel.label(Lang::Fr),
            "Frais de déplacement"
        );
        assert_eq!(BudgetCategory::Travel.label(Lang::En), "Travel expenses");
    }
}
