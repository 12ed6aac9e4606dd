//! The content of the demo: the six founding scenarios (who asks, for what,
//! built how, under which licence), with real places of the region, and the
//! names people and workshops are given.

use crate::domain::BudgetCategory;

/// One of the founding scenarios: who asks, what for, and how it is built.
pub struct Scenario {
    pub org_kind: &'static str,
    /// (name, INSEE code of its commune); empty = the commune itself asks.
    pub org_names: &'static [(&'static str, &'static str)],
    pub titles: &'static [&'static str],
    pub need: &'static str,
    pub category: &'static str,
    pub skills: &'static [&'static str],
    pub licence: &'static str,
    pub sources: &'static str,
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        org_kind: "pnr",
        org_names: &[
            ("Parc naturel régional du Verdon", "04135"),
            ("Parc naturel régional du Luberon", "84003"),
            ("Parc naturel régional du Queyras", "05007"),
            ("Parc naturel régional des Préalpes d'Azur", "06070"),
            ("Parc naturel régional de la Sainte-Baume", "83087"),
            ("Parc naturel régional des Alpilles", "13100"),
            ("Parc naturel régional de Camargue", "13004"),
            ("Parc naturel régional du Mont-Ventoux", "84017"),
        ],
        titles: &[
            "Valoriser les données du patrimoine bâti",
            "Carte du petit patrimoine rural",
            "Inventaire ouvert des chapelles et oratoires",
            "Visualiser les données paysagères du parc",
            "Observatoire photographique des paysages",
            "Sentiers d'interprétation en données ouvertes",
            "Carte des producteurs et savoir-faire du parc",
        ],
        need: "Le parc dispose d'inventaires patrimoniaux dans des tableurs et souhaite les montrer au public et les publier en données ouvertes.",
        category: "dataviz",
        skills: &["dataviz", "opendata", "gis"],
        licence: "ODbL-1.0",
        sources: "Inventaire du patrimoine (tableur du parc) | Mérimée (data.culture.gouv.fr)",
    },
    Scenario {
        org_kind: "tenants",
        org_names: &[
            ("Collectif des locataires de la Busserine", "13055"),
            ("Amicale des locataires des Moulins", "06088"),
            ("Collectif Air Bel", "13055"),
            ("Association des habitants de la Castellane", "13055"),
            ("Collectif des locataires du Jas de Bouffan", "13001"),
        ],
        titles: &[
            "Cartographier les manques du quartier",
            "Carte participative des dysfonctionnements",
            "Recenser les équipements manquants",
            "Signaler les pannes d'ascenseur",
            "Carte des cheminements piétons dangereux",
            "Recenser les logements vacants de la cité",
            "Baromètre des charges locatives",
        ],
        need: "Les habitants veulent relever ascenseurs en panne, éclairage défaillant et équipements absents pour appuyer leurs demandes auprès du bailleur.",
        category: "map",
        skills: &["gis", "web", "ux"],
        licence: "ODbL-1.0",
        sources: "Relevés des habitants | Base adresse nationale",
    },
    Scenario {
        org_kind: "commune",
        org_names: &[],
        titles: &[
            "Promouvoir la faune et la flore du village",
            "Atlas communal de la biodiversité en ligne",
            "Sentier des plantes remarquables",
            "Inventaire des arbres remarquables",
            "Carte des jardins partagés",
            "Suivi participatif des hirondelles",
            "Recensement des mares et points d'eau",
        ],
        need: "La commune souhaite faire connaître les espèces observées sur son territoire avec les écoles et les associations naturalistes.",
        category: "website",
        skills: &["web", "opendata", "accessibility"],
        licence: "CC-BY-SA-4.0",
        sources: "INPN (inpn.mnhn.fr) | Observations naturalistes locales",
    },
    Scenario {
        org_kind: "ecomuseum",
        org_names: &[
            ("Écomusée du pays de la Roudoule", "06098"),
            ("Écomusée de la forêt méditerranéenne", "13041"),
            ("Écomusée de l'olivier", "04088"),
            ("Écomusée du Queyras", "05007"),
        ],
        titles: &[
            "Carte du sentier de découverte",
            "Application de visite du sentier",
            "Parcours audio géolocalisé",
            "Visite virtuelle des collections",
            "Carte des anciens métiers de la vallée",
            "Collecte de mémoire orale géolocalisée",
            "Catalogue en ligne des objets du musée",
        ],
        need: "L'écomusée veut proposer une carte de son sentier de découverte, utilisable hors connexion par les visiteurs.",
        category: "mobile_app",
        skills: &["mobile", "gis", "ux"],
        licence: "GPL-3.0-or-later",
        sources: "Tracé GPX du sentier | Textes des panneaux",
    },
    Scenario {
        org_kind: "charity",
        org_names: &[
            ("Collectif des maraudes marseillaises", "13055"),
            ("Solidarité maraudes Nice", "06088"),
            ("Restos du cœur — antenne de Toulon", "83137"),
            ("Secours populaire d'Avignon", "84007"),
        ],
        titles: &[
            "Carte des tournées de maraude",
            "Coordonner les maraudes entre associations",
            "Carte des points d'eau et d'accueil de jour",
            "Annuaire des distributions alimentaires",
            "Carte des douches et bagageries solidaires",
            "Tableau de bord des besoins en hébergement",
            "Planning partagé des bénévoles",
        ],
        need: "Plusieurs associations font des maraudes le même soir dans les mêmes rues ; une carte partagée éviterait les doublons et les oublis.",
        category: "map",
        skills: &["gis", "web", "databases"],
        licence: "AGPL-3.0-or-later",
        sources: "Tournées des associations | Accueils de jour (data.inclusion)",
    },
    Scenario {
        org_kind: "association",
        org_names: &[
            ("Maison de l'Europe de Provence", "13001"),
            ("Europe Direct Alpes-Maritimes", "06088"),
            ("Réseau des initiatives européennes du Sud", "84031"),
            ("Maison de l'Europe des Hautes-Alpes", "05061"),
        ],
        titles: &[
            "Indexer les initiatives européennes de la région",
            "Annuaire des projets européens locaux",
            "Base de données des jumelages",
            "Carte des projets Erasmus+ de la région",
            "Tableau de bord des fonds européens par commune",
            "Agenda des événements européens",
            "Répertoire des partenaires transfrontaliers",
        ],
        need: "L'association recense à la main les projets financés par l'Europe dans la région et veut une base consultable et réutilisable.",
        category: "database",
        skills: &["databases", "backend", "opendata"],
        licence: "etalab-2.0",
        sources: "Keep.eu | Liste des bénéficiaires FEDER (data.gouv.fr)",
    },
];

/// The year's budget lines: (label, category, euros), adding up to the
/// 280 000 € envelope. Salaries pay the six departmental developers and the
/// regional lead (about 32 000 € each, loaded).
pub const BUDGET_LINES: &[(&str, BudgetCategory, u32)] = &[
    (
        "Salaires : six développeur·ses départementaux et la coordination régionale",
        BudgetCategory::Staff,
        224_000,
    ),
    (
        "Ateliers : location de salles, collations",
        BudgetCategory::Services,
        12_000,
    ),
    ("Déplacements entre les EPN", BudgetCategory::Travel, 14_000),
    (
        "Équipement : ordinateurs portables, serveur",
        BudgetCategory::Equipment,
        12_000,
    ),
    (
        "Formation des développeur·ses (SIG, accessibilité)",
        BudgetCategory::Training,
        6_000,
    ),
    (
        "Restitutions publiques et supports imprimés",
        BudgetCategory::Communication,
        5_000,
    ),
    (
        "Frais de gestion de la structure porteuse",
        BudgetCategory::Overheads,
        7_000,
    ),
];

pub const FIRST_NAMES: &[&str] = &[
    "Camille", "Léa", "Inès", "Manon", "Chloé", "Sarah", "Yasmine", "Julie", "Anaïs", "Clara",
    "Nadia", "Zoé", "Lucas", "Hugo", "Karim", "Mathis", "Nathan", "Théo", "Rayan", "Louis",
    "Mehdi", "Jules", "Enzo", "Sami",
];
pub const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Giraud",
    "Roux",
    "Fabre",
    "Blanc",
    "Garcia",
    "Michel",
    "Benali",
    "Rossi",
    "Arnaud",
    "Meyer",
    "Mercier",
    "Nguyen",
    "Bonnet",
    "Fournier",
    "Chevalier",
    "Lambert",
    "Haddad",
    "Faure",
    "Gauthier",
];
pub const WORKSHOP_TITLES: &[(&str, &str)] = &[
    ("cocreation", "Atelier de co-création"),
    ("cocreation", "Atelier carte sensible avec les habitants"),
    ("training", "Formation à la contribution"),
    ("restitution", "Restitution publique"),
    ("hackathon", "Week-end contributif"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_lines_add_up_to_the_default_envelope_and_cover_the_categories() {
        let total: u32 = BUDGET_LINES.iter().map(|(_, _, amount)| amount).sum();
        assert_eq!(total, 280_000);
        for category in BudgetCategory::ALL {
            let used = BUDGET_LINES.iter().any(|(_, c, _)| *c == category);
            assert_eq!(used, category != BudgetCategory::Other, "{category:?}");
        }
    }
}
