//! The report as plain text for the terminal: each table under its title,
//! columns aligned by display width, numbers right-aligned.

use super::{no_data, subtitle, title};
use crate::i18n::Lang;
use crate::report::document::ReportDocument;
use crate::report::tables::Table;
use unicode_width::UnicodeWidthStr;

fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

fn table_text(table: &Table, lang: Lang) -> String {
    // A heading sits over its column: right-aligned over numbers.
    let numeric = |index: usize| {
        index > 0
            && table.rows.iter().all(|row| {
                row.get(index)
                    .is_none_or(|cell| cell.is_number() || cell.raw().is_empty())
            })
    };
    let right: Vec<bool> = (0..table.columns.len()).map(numeric).collect();
    let mut grid: Vec<Vec<(String, bool)>> = vec![
        table
            .columns
            .iter()
            .zip(&right)
            .map(|(column, right)| (column.clone(), *right))
            .collect(),
    ];
    // An empty cell (`–`) of a column of numbers stands where they do.
    for row in &table.rows {
        grid.push(
            row.iter()
                .enumerate()
                .map(|(index, cell)| {
                    let right = cell.is_number() || right.get(index).copied().unwrap_or(false);
                    (cell.display(lang), right)
                })
                .collect(),
        );
    }
    let columns = table.columns.len();
    let widths: Vec<usize> = (0..columns)
        .map(|index| {
            grid.iter()
                .filter_map(|row| row.get(index))
                .map(|(text, _)| text.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &grid {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|((text, right), width)| pad(text, *width, *right))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn render(document: &ReportDocument, tables: &[Table], lang: Lang) -> String {
    let mut out = format!("{}\n{}\n", title(document, lang), subtitle(document, lang));
    for table in tables {
        out.push_str(&format!(
            "\n{}\n{}\n",
            table.title,
            "─".repeat(table.title.width())
        ));
        if table.rows.is_empty() {
            out.push_str(no_data(lang));
            out.push('\n');
        } else {
            out.push_str(&table_text(table, lang));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::{Cell, TableId};

    #[test]
    fn an_empty_cell_of_a_column_of_numbers_is_right_aligned() {
        let table = Table {
            id: TableId::Requests,
            title: String::new(),
            columns: vec!["Territoire".into(), "Délai médian".into()],
            rows: vec![
                vec![Cell::Text("04".into()), Cell::Days(100.0)],
                vec![Cell::Text("05".into()), Cell::Empty],
            ],
        };
        let text = table_text(&table, Lang::Fr);
        let ends: Vec<usize> = text.lines().map(|line| line.width()).collect();
        assert_eq!(ends, [24, 24, 24], "{text}");
        assert!(
            text.lines()
                .nth(2)
                .is_some_and(|line| line.ends_with("  –")),
            "{text}"
        );
    }
}
