//! The report's money tables: the budget against the envelope, its lines
//! and categories, spending by département, and month by month.

use super::{Cell, Table, TableId, area_name, month_name};
use crate::i18n::{Lang, tr};
use crate::report::document::{ReportDocument, ratio};

pub(super) fn budget(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::Budget,
        &["report.column.item", "report.column.value"],
    );
    let mut item = |key: &str, cell: Cell| {
        table
            .rows
            .push(vec![Cell::Text(tr(lang, key).into()), cell]);
    };
    item("report.budget_item.envelope", Cell::Euros(f.envelope));
    item("report.budget_item.hourly_cost", Cell::Euros(f.hourly_cost));
    item("report.budget_item.hours", Cell::Hours(f.hours));
    item("report.budget_item.spent", Cell::Euros(f.spent));
    item("report.budget_item.left", Cell::Euros(f.left));
    item("report.budget_item.ratio", Cell::Percent(f.spent_ratio()));
    table
}

pub(super) fn budget_lines(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::BudgetLines,
        &[
            "report.column.budget_line",
            "report.column.budget_category",
            "report.column.amount",
            "report.column.share_of_envelope",
        ],
    );
    for line in &f.lines {
        let label = if line.label.is_empty() {
            tr(lang, "report.unspecified").to_string()
        } else {
            line.label.clone()
        };
        table.rows.push(vec![
            Cell::Text(label),
            Cell::Text(line.category.label(lang).to_string()),
            Cell::Euros(line.amount),
            Cell::Percent(ratio(line.amount, f.envelope)),
        ]);
    }
    table.rows.push(vec![
        Cell::Text(tr(lang, "report.column.total").into()),
        Cell::Empty,
        Cell::Euros(f.lines_total),
        Cell::Percent(ratio(f.lines_total, f.envelope)),
    ]);
    table
}

/// The lines summed by category against the envelope (lines without a
/// category count as "other").
pub(super) fn budget_categories(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::BudgetCategories,
        &[
            "report.column.budget_category",
            "report.column.lines",
            "report.column.amount",
            "report.column.share_of_envelope",
        ],
    );
    for row in &f.by_category {
        table.rows.push(vec![
            Cell::Text(row.category.label(lang).to_string()),
            Cell::Count(row.lines),
            Cell::Euros(row.amount),
            Cell::Percent(ratio(row.amount, f.envelope)),
        ]);
    }
    table.rows.push(vec![
        Cell::Text(tr(lang, "report.column.total").into()),
        Cell::Count(f.lines.len() as u64),
        Cell::Euros(f.lines_total),
        Cell::Percent(ratio(f.lines_total, f.envelope)),
    ]);
    table
}

pub(super) fn spending_departements(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::SpendingDepartements,
        &[
            "report.column.departement",
            "report.column.developer_hours",
            "report.column.spent",
            "report.column.share_of_spending",
        ],
    );
    for row in &f.by_departement {
        let name = match row.departement.as_deref() {
            Some(code) => area_name(lang, Some(code)),
            None => tr(lang, "report.unspecified").to_string(),
        };
        table.rows.push(vec![
            Cell::Text(name),
            Cell::Hours(row.hours),
            Cell::Euros(row.spent),
            Cell::Percent(ratio(row.spent, f.spent)),
        ]);
    }
    table
}

pub(super) fn months(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::Months,
        &[
            "report.column.month",
            "report.column.received",
            "report.column.developer_hours",
            "report.column.spent",
            "report.column.cumulative",
        ],
    );
    let received = document
        .region()
        .map(|area| area.received_by_month)
        .unwrap_or_default();
    let mut cumulative = 0.0;
    for (month, count) in f.by_month.iter().zip(received) {
        cumulative += month.spent;
        table.rows.push(vec![
            Cell::Text(month_name(lang, month.month)),
            Cell::Count(count),
            Cell::Hours(month.hours),
            Cell::Euros(month.spent),
            Cell::Euros(cumulative),
        ]);
    }
    table
}
