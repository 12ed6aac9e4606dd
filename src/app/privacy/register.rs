//! The processing register entry (`relais privacy register`): what the
//! controller files with its DPO, written from the actual installation —
//! the controller named by the lead site, the personal fields the schema
//! really holds, the sites data is shared with, the configured retention,
//! the security measures in force. Rendered as Markdown or as a standalone
//! HTML page in which every text is escaped.

use crate::app::present::{field_label, kind_label};
use crate::app::{App, AppResult};
use crate::domain::schema::{Element, FieldType, Kind};
use crate::domain::validate::parse_date;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, format_date, tr};
use serde::Serialize;
use std::path::Path;

/// How the register is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterFormat {
    Markdown,
    Html,
}

/// The facts of the register, read from the installation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Register {
    /// The network's lead site (this site when no lead is known).
    pub controller: String,
    pub made_on: String,
    /// `(kind, fields)` holding personal data, in schema order.
    pub categories: Vec<(Kind, Vec<&'static str>)>,
    /// The consent purposes (slugs of the `consent` vocabulary).
    pub consent_purposes: Vec<String>,
    /// Enrolled, unrevoked sites: `(name, département)`.
    pub recipients: Vec<(String, String)>,
    pub retention_years: u32,
    /// Whether this site has an identity to decrypt bundles with.
    pub encryption: bool,
}

/// The fields of a kind that hold personal data: every field of a
/// developer, contacts, and anything that points at a developer.
fn personal_fields(kind: Kind) -> Vec<&'static str> {
    kind.fields()
        .iter()
        .filter(|def| {
            let points_at_person = matches!(def.ty, FieldType::Ref(Kind::Developer))
                || def
                    .set
                    .is_some_and(|set| set.element == Element::Ref(Kind::Developer));
            // `merged_into` names another record, not a fact about anyone.
            def.name != "merged_into"
                && (kind == Kind::Developer || def.ty == FieldType::Contact || points_at_person)
        })
        .map(|def| def.name)
        .collect()
}

/// Whether an age identity lies beside the database (`relais.db.age…`):
/// the encrypted bundles keep it there, next to the signing key.
fn has_encryption_identity(database: &Path) -> bool {
    let Some(name) = database.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let folder = match database.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let prefix = format!("{name}.age");
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|file| file.starts_with(&prefix))
        })
    })
}

impl App {
    /// The register's facts for this installation.
    pub fn privacy_register(&self) -> AppResult<Register> {
        let identity = self.require_site()?;
        let sites = self.store.site_entries()?;
        let live = || {
            sites
                .iter()
                .filter(|site| !site.deleted && site.revoked_after.is_none())
        };
        let controller = live()
            .find(|site| site.role == "regional" && !site.name.is_empty())
            .map(|site| site.name.clone())
            .unwrap_or_else(|| identity.name.clone());
        let recipients = live()
            .filter(|site| !site.name.is_empty())
            .map(|site| (site.name.clone(), site.departement.clone()))
            .collect();
        // The people themselves first, then what points at them.
        let categories = std::iter::once(Kind::Developer)
            .chain(
                Kind::ALL
                    .into_iter()
                    .filter(|kind| *kind != Kind::Developer),
            )
            .map(|kind| (kind, personal_fields(kind)))
            .filter(|(_, fields)| !fields.is_empty())
            .collect();
        Ok(Register {
            controller,
            made_on: self.today().to_string(),
            categories,
            consent_purposes: Vocab::Consent
                .slugs()
                .into_iter()
                .map(String::from)
                .collect(),
            recipients,
            retention_years: self.config.retention_years(),
            encryption: has_encryption_identity(self.store.path()),
        })
    }
}

/// One heading of the register and its lines.
struct Section {
    title: String,
    items: Vec<String>,
}

fn say(lang: Lang, key: &str) -> String {
    tr(lang, key).to_string()
}

fn sections(register: &Register, lang: Lang) -> Vec<Section> {
    let section = |key: &str, items: Vec<String>| Section {
        title: say(lang, &format!("privacy.register.{key}")),
        items,
    };
    let consents: Vec<String> = register
        .consent_purposes
        .iter()
        .map(|slug| Vocab::Consent.label(slug, lang).to_string())
        .collect();
    let mut categories: Vec<String> = register
        .categories
        .iter()
        .map(|(kind, fields)| {
            let labels: Vec<String> = fields
                .iter()
                .map(|field| field_label(lang, *kind, field))
                .collect();
            Message::new("privacy.register.category_line")
                .arg("kind", kind_label(lang, *kind))
                .arg("fields", labels.join(", "))
                .render(lang)
        })
        .collect();
    categories.push(say(lang, "privacy.register.category_authors"));
    let mut recipients: Vec<String> = register
        .recipients
        .iter()
        .map(|(name, departement)| format!("{name} ({departement})"))
        .collect();
    if recipients.is_empty() {
        recipients.push(say(lang, "privacy.register.no_recipient"));
    }
    let mut security = vec![
        say(lang, "privacy.register.security_signing"),
        say(lang, "privacy.register.security_files"),
        say(lang, "privacy.register.security_purge"),
        say(lang, "privacy.register.security_local"),
    ];
    security.insert(
        1,
        say(
            lang,
            if register.encryption {
                "privacy.register.security_encryption"
            } else {
                "privacy.register.security_no_encryption"
            },
        ),
    );
    vec![
        section(
            "controller",
            vec![
                Message::new("privacy.register.controller_line")
                    .arg("name", &register.controller)
                    .render(lang),
                Message::new("privacy.register.made_on")
                    .arg(
                        "date",
                        parse_date(&register.made_on)
                            .map(|date| format_date(lang, date))
                            .unwrap_or_else(|| register.made_on.clone()),
                    )
                    .render(lang),
            ],
        ),
        section(
            "purposes",
            ["matching", "workshops", "reporting", "sharing"]
                .iter()
                .map(|key| say(lang, &format!("privacy.register.purpose.{key}")))
                .chain(consents.iter().map(|label| {
                    Message::new("privacy.register.purpose.consent")
                        .arg("purpose", label)
                        .render(lang)
                }))
                .collect(),
        ),
        section(
            "legal_basis",
            vec![
                say(lang, "privacy.register.basis_mission"),
                Message::new("privacy.register.basis_consent")
                    .arg("purposes", consents.join(", "))
                    .render(lang),
            ],
        ),
        section(
            "subjects",
            vec![say(lang, "privacy.register.subjects_line")],
        ),
        section("categories", categories),
        section("recipients", recipients),
        section(
            "transfers",
            vec![say(lang, "privacy.register.transfers_none")],
        ),
        section(
            "retention",
            vec![
                Message::new("privacy.register.retention_line")
                    .count(i64::from(register.retention_years))
                    .render(lang),
            ],
        ),
        section("security", security),
        section("rights", vec![say(lang, "privacy.register.rights_line")]),
    ]
}

/// Markdown: a backslash before every character Markdown could read as
/// syntax, so a site named `*Test*` stays text.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// HTML text and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The register as a document in `format`, in `lang`.
pub fn render(register: &Register, format: RegisterFormat, lang: Lang) -> String {
    let title = Message::new("privacy.register.title")
        .arg("controller", &register.controller)
        .render(lang);
    let sections = sections(register, lang);
    match format {
        RegisterFormat::Markdown => {
            let mut out = format!("# {}\n", escape_markdown(&title));
            for section in sections {
                out.push_str(&format!("\n## {}\n\n", escape_markdown(&section.title)));
                for item in section.items {
                    out.push_str(&format!("- {}\n", escape_markdown(&item)));
                }
            }
            out
        }
        RegisterFormat::Html => {
            let mut out = format!(
                "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{}</title>\n</head>\n<body>\n<h1>{}</h1>\n",
                lang.code(),
                escape_html(&title),
                escape_html(&title)
            );
            for section in sections {
                out.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape_html(&section.title)));
                for item in section.items {
                    out.push_str(&format!("<li>{}</li>\n", escape_html(&item)));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</body>\n</html>\n");
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_fields_come_from_the_schema() {
        let developer = personal_fields(Kind::Developer);
        assert!(developer.contains(&"email") && developer.contains(&"consents"));
        assert!(!developer.contains(&"merged_into"));
        assert_eq!(personal_fields(Kind::Org), vec!["contact"]);
        assert_eq!(personal_fields(Kind::Time), vec!["developer"]);
        assert_eq!(personal_fields(Kind::Workshop), vec!["facilitators"]);
        assert!(personal_fields(Kind::Budget).is_empty());
    }

    #[test]
    fn every_text_is_escaped() {
        assert_eq!(escape_html("<b>\"A&B\""), "&lt;b&gt;&quot;A&amp;B&quot;");
        assert_eq!(escape_markdown("*x*"), "\\*x\\*");
    }
}
