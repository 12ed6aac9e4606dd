//! The catalogs: TOML files embedded from `assets/i18n/`, one per area and
//! language, flattened into dotted keys and parsed once per language.

use super::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

type Catalog = HashMap<String, String>;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&path, inner, out),
            toml::Value::String(text) => {
                out.insert(path, text.clone());
            }
            other => {
                out.insert(path, other.to_string());
            }
        }
    }
}

fn parse_catalog(source: &str) -> Catalog {
    let mut out = Catalog::new();
    // The catalogs are compiled in and checked by tests; a parse failure is a
    // build defect, so an empty catalog (keys shown raw) is the safe fallback.
    if let Ok(table) = source.parse::<toml::Table>() {
        flatten("", &table, &mut out);
    }
    out
}

/// The catalog files, by area (core, sync, tui…), so that each area keeps
/// its own words; every file exists in both languages.
pub const FR_SOURCES: &[(&str, &str)] = &[
    ("fr.toml", include_str!("../../assets/i18n/fr.toml")),
    ("fr.tui.toml", include_str!("../../assets/i18n/fr.tui.toml")),
    (
        "fr.sync.toml",
        include_str!("../../assets/i18n/fr.sync.toml"),
    ),
    (
        "fr.tui_tabs.toml",
        include_str!("../../assets/i18n/fr.tui_tabs.toml"),
    ),
    (
        "fr.install.toml",
        include_str!("../../assets/i18n/fr.install.toml"),
    ),
    (
        "fr.privacy.toml",
        include_str!("../../assets/i18n/fr.privacy.toml"),
    ),
    (
        "fr.opendata.toml",
        include_str!("../../assets/i18n/fr.opendata.toml"),
    ),
    (
        "fr.report.toml",
        include_str!("../../assets/i18n/fr.report.toml"),
    ),
    (
        "fr.search.toml",
        include_str!("../../assets/i18n/fr.search.toml"),
    ),
    (
        "fr.tui_match.toml",
        include_str!("../../assets/i18n/fr.tui_match.toml"),
    ),
    (
        "fr.crypt.toml",
        include_str!("../../assets/i18n/fr.crypt.toml"),
    ),
    (
        "fr.purge.toml",
        include_str!("../../assets/i18n/fr.purge.toml"),
    ),
    (
        "fr.undo.toml",
        include_str!("../../assets/i18n/fr.undo.toml"),
    ),
    (
        "fr.syncfolder.toml",
        include_str!("../../assets/i18n/fr.syncfolder.toml"),
    ),
    (
        "fr.merge.toml",
        include_str!("../../assets/i18n/fr.merge.toml"),
    ),
    (
        "fr.hours.toml",
        include_str!("../../assets/i18n/fr.hours.toml"),
    ),
    (
        "fr.figures.toml",
        include_str!("../../assets/i18n/fr.figures.toml"),
    ),
    (
        "fr.tui_footer.toml",
        include_str!("../../assets/i18n/fr.tui_footer.toml"),
    ),
    (
        "fr.compact.toml",
        include_str!("../../assets/i18n/fr.compact.toml"),
    ),
    (
        "fr.search_building.toml",
        include_str!("../../assets/i18n/fr.search_building.toml"),
    ),
];
pub const EN_SOURCES: &[(&str, &str)] = &[
    ("en.toml", include_str!("../../assets/i18n/en.toml")),
    ("en.tui.toml", include_str!("../../assets/i18n/en.tui.toml")),
    (
        "en.sync.toml",
        include_str!("../../assets/i18n/en.sync.toml"),
    ),
    (
        "en.tui_tabs.toml",
        include_str!("../../assets/i18n/en.tui_tabs.toml"),
    ),
    (
        "en.install.toml",
        include_str!("../../assets/i18n/en.install.toml"),
    ),
    (
        "en.privacy.toml",
        include_str!("../../assets/i18n/en.privacy.toml"),
    ),
    (
        "en.opendata.toml",
        include_str!("../../assets/i18n/en.opendata.toml"),
    ),
    (
        "en.report.toml",
        include_str!("../../assets/i18n/en.report.toml"),
    ),
    (
        "en.search.toml",
        include_str!("../../assets/i18n/en.search.toml"),
    ),
    (
        "en.tui_match.toml",
        include_str!("../../assets/i18n/en.tui_match.toml"),
    ),
    (
        "en.crypt.toml",
        include_str!("../../assets/i18n/en.crypt.toml"),
    ),
    (
        "en.purge.toml",
        include_str!("../../assets/i18n/en.purge.toml"),
    ),
    (
        "en.undo.toml",
        include_str!("../../assets/i18n/en.undo.toml"),
    ),
    (
        "en.syncfolder.toml",
        include_str!("../../assets/i18n/en.syncfolder.toml"),
    ),
    (
        "en.merge.toml",
        include_str!("../../assets/i18n/en.merge.toml"),
    ),
    (
        "en.hours.toml",
        include_str!("../../assets/i18n/en.hours.toml"),
    ),
    (
        "en.figures.toml",
        include_str!("../../assets/i18n/en.figures.toml"),
    ),
    (
        "en.tui_footer.toml",
        include_str!("../../assets/i18n/en.tui_footer.toml"),
    ),
    (
        "en.compact.toml",
        include_str!("../../assets/i18n/en.compact.toml"),
    ),
    (
        "en.search_building.toml",
        include_str!("../../assets/i18n/en.search_building.toml"),
    ),
];

/// The catalog of one language, parsed once.
pub fn catalog(lang: Lang) -> &'static Catalog {
    static FR: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    let merge = |sources: &[(&str, &str)]| {
        let mut all = Catalog::new();
        for (_, source) in sources {
            all.extend(parse_catalog(source));
        }
        all
    };
    match lang {
        Lang::Fr => FR.get_or_init(|| merge(FR_SOURCES)),
        Lang::En => EN.get_or_init(|| merge(EN_SOURCES)),
    }
}
