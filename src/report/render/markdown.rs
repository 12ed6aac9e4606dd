//! The report in Markdown: a title, then one pipe table per indicator table
//! (numbers right-aligned), readable as plain text and on any forge.

use super::{no_data, subtitle, title};
use crate::i18n::Lang;
use crate::report::document::ReportDocument;
use crate::report::tables::Table;

/// A cell that cannot break the table: pipes escaped, lines joined.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub fn render(document: &ReportDocument, tables: &[Table], lang: Lang) -> String {
    let mut out = format!(
        "# {}\n\n{}\n",
        title(document, lang),
        subtitle(document, lang)
    );
    for table in tables {
        out.push_str(&format!("\n## {}\n\n", escape(&table.title)));
        if table.rows.is_empty() {
            out.push_str(&format!("_{}_\n", no_data(lang)));
            continue;
        }
        let header: Vec<String> = table.columns.iter().map(|c| escape(c)).collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        let numeric = |index: usize| {
            table.rows.iter().all(|row| {
                row.get(index)
                    .is_none_or(|cell| cell.is_number() || cell.raw().is_empty())
            })
        };
        let rule: Vec<&str> = (0..table.columns.len())
            .map(|index| {
                if index > 0 && numeric(index) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|cell| escape(&cell.display(lang))).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}
