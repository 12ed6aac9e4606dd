//! Printing outcomes: JSON for scripts straight from the use cases'
//! `Serialize` outcomes, and the small text-layout helpers the commands
//! share. What a value looks like in words comes from `app::present`.

use super::out;
use serde::Serialize;

pub use crate::app::present::{field_label, format_time, kind_label, list_columns, pad, truncate};

/// Prints an outcome as pretty JSON, one document.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    out(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Rows of cells laid out in columns two spaces apart (display width), with
/// trailing spaces trimmed.
pub fn columns(rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (index, value) in row.iter().enumerate() {
            let width = unicode_width::UnicodeWidthStr::width(value.as_str());
            match widths.get_mut(index) {
                Some(known) => *known = (*known).max(width),
                None => widths.push(width),
            }
        }
    }
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(index, value)| pad(value, widths.get(index).copied().unwrap_or(0)))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// Labels padded to the widest, for `label : value` listings.
pub fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> usize {
    labels
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}
