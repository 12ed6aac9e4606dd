//! The report written in each format funders and tools ask for. Every
//! renderer is a pure function of the document (and its tables) to text or
//! bytes; writing files is the caller's business.

mod csv_tables;
mod html;
mod markdown;
mod svg;
mod text;
mod xlsx;

use super::document::ReportDocument;
use super::tables::{Table, area_name, tables};
use crate::i18n::{Lang, Message, format_date, tr};

/// The formats of `relais report --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Markdown,
    Html,
    Csv,
    Xlsx,
    Json,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 6] = [
        ReportFormat::Text,
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Csv,
        ReportFormat::Xlsx,
        ReportFormat::Json,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Json => "json",
        }
    }

    pub fn from_name(name: &str) -> Option<ReportFormat> {
        ReportFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
    }

    /// The usual file name extension (CSV: a folder, so none).
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Csv => "",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Json => "json",
        }
    }

    /// Whether the result is bytes no terminal should show (it needs a file).
    pub fn needs_file(self) -> bool {
        matches!(self, ReportFormat::Csv | ReportFormat::Xlsx)
    }
}

/// A rendered report: one file's bytes, or (CSV) one file per table.
#[derive(Clone, Debug, PartialEq)]
pub enum Rendered {
    One(Vec<u8>),
    Files(Vec<(String, Vec<u8>)>),
}

/// The report's title: "Rapport annuel 2026 — Région".
pub fn title(document: &ReportDocument, lang: Lang) -> String {
    Message::new("report.document.title")
        .arg("year", document.year)
        .arg("area", area_name(lang, document.departement.as_deref()))
        .render(lang)
}

/// "Établi le 30/11/2026 par Relais."
pub fn subtitle(document: &ReportDocument, lang: Lang) -> String {
    let date = chrono::NaiveDate::parse_from_str(&document.generated_on, "%Y-%m-%d")
        .map(|date| format_date(lang, date))
        .unwrap_or_else(|_| document.generated_on.clone());
    Message::new("report.document.generated")
        .arg("date", date)
        .render(lang)
}

/// The line under a table with no rows.
fn no_data(lang: Lang) -> &'static str {
    tr(lang, "report.document.no_data")
}

/// Renders the document in `format`, in `lang`.
pub fn render(
    document: &ReportDocument,
    format: ReportFormat,
    lang: Lang,
) -> Result<Rendered, Message> {
    let failed = |err: &dyn std::fmt::Display| {
        Message::new("report.error.render")
            .arg("format", format.name())
            .arg("error", err)
    };
    let all: Vec<Table> = tables(document, lang);
    Ok(match format {
        ReportFormat::Text => Rendered::One(text::render(document, &all, lang).into_bytes()),
        ReportFormat::Markdown => {
            Rendered::One(markdown::render(document, &all, lang).into_bytes())
        }
        ReportFormat::Html => Rendered::One(html::render(document, &all, lang).into_bytes()),
        ReportFormat::Csv => Rendered::Files(csv_tables::render(&all).map_err(|e| failed(&e))?),
        ReportFormat::Xlsx => {
            Rendered::One(xlsx::render(document, &all, lang).map_err(|e| failed(&e))?)
        }
        ReportFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(document).map_err(|e| failed(&e))?;
            bytes.push(b'\n');
            Rendered::One(bytes)
        }
    })
}
