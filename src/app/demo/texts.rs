//! Texts as the demo writes them: dates counted from its first day, ASCII
//! slugs, communes' names as organisations, and deliverables' URLs.

use chrono::{Duration, NaiveDate};

pub(super) fn date_from(base: NaiveDate, days: i64) -> String {
    (base + Duration::days(days)).format("%Y-%m-%d").to_string()
}

pub(super) fn slug_ascii(text: &str) -> String {
    crate::domain::text::fold(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// "Commune d'Orgon", "Commune des Adrets", "Commune du Lavandou".
pub(super) fn commune_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Les ") {
        format!("Commune des {rest}")
    } else if let Some(rest) = name.strip_prefix("Le ") {
        format!("Commune du {rest}")
    } else if name.starts_with(['A', 'E', 'I', 'O', 'U', 'É', 'Î']) {
        format!("Commune d'{name}")
    } else {
        format!("Commune de {name}")
    }
}

/// Where a delivered piece lives, as such pieces usually do: maps on uMap,
/// data on data.gouv.fr, code on a forge, sites under the organisation's name.
pub(super) fn deliverable_url(
    category: &str,
    title: &str,
    departement: &str,
    index: usize,
) -> String {
    let slug: String = crate::domain::text::fold(title)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| word.len() > 2)
        .take(5)
        .collect::<Vec<_>>()
        .join("-");
    match category {
        "map" => format!(
            "https://umap.openstreetmap.fr/fr/map/{slug}_{}",
            1_040_000 + index * 37
        ),
        "dataviz" | "database" | "opendata" => {
            format!("https://www.data.gouv.fr/fr/datasets/{slug}-{departement}/")
        }
        "mobile_app" => format!("https://codeberg.org/relais-sud/{slug}"),
        _ => format!("https://gitlab.com/relais-sud/{departement}/{slug}"),
    }
}
