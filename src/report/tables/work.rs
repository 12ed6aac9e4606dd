//! The report's tables of work done: workshops, their kinds and
//! participants, developer hours, the developers, and the requests and
//! workshops that took the most hours.

use super::{Cell, Table, TableId, area_cell};
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, tr};
use crate::report::document::{ReportDocument, ratio};

pub(super) fn workshops(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Workshops,
        &[
            "report.column.area",
            "report.column.workshops",
            "report.column.participants",
            "report.column.workshop_hours",
        ],
    );
    for area in &document.areas {
        table.rows.push(vec![
            area_cell(lang, area),
            Cell::Count(area.workshops),
            Cell::Count(area.participants),
            Cell::Hours(area.workshop_hours),
        ]);
    }
    table
}

pub(super) fn workshop_kinds(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::WorkshopKinds,
        &[
            "report.column.workshop_kind",
            "report.column.workshops",
            "report.column.participants",
            "report.column.workshop_hours",
        ],
    );
    for kind in document.region().map_or(&[][..], |r| &r.workshops_by_kind) {
        let label = if kind.kind.is_empty() {
            tr(lang, "report.unspecified")
        } else {
            Vocab::WorkshopKind.label(&kind.kind, lang)
        };
        table.rows.push(vec![
            Cell::Text(label.to_string()),
            Cell::Count(kind.workshops),
            Cell::Count(kind.participants),
            Cell::Hours(kind.hours),
        ]);
    }
    table
}

pub(super) fn participants(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Participants,
        &["report.column.group", "report.column.participants"],
    );
    if let Some(region) = document.region() {
        for (group, count) in &region.participants_breakdown {
            table.rows.push(vec![
                Cell::Text(Vocab::Breakdown.label(group, lang).to_string()),
                Cell::Count(*count),
            ]);
        }
        table.rows.push(vec![
            Cell::Text(tr(lang, "report.column.total_participants").into()),
            Cell::Count(region.participants),
        ]);
    }
    table
}

pub(super) fn hours(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Hours,
        &[
            "report.column.area",
            "report.column.developer_hours",
            "report.column.active_developers",
            "report.column.availability",
            "report.column.use",
            "report.column.valued",
        ],
    );
    for area in &document.areas {
        table.rows.push(vec![
            area_cell(lang, area),
            Cell::Hours(area.developer_hours),
            Cell::Count(area.active_developers),
            Cell::Hours(area.availability_hours),
            Cell::Percent(ratio(area.developer_hours, area.availability_hours)),
            Cell::Euros(area.budget_spent),
        ]);
    }
    table
}

pub(super) fn developers(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Developers,
        &[
            "report.column.developer",
            "report.column.departement",
            "report.column.role",
            "report.column.developer_hours",
            "report.column.on_requests",
            "report.column.in_workshops",
            "report.column.availability",
            "report.column.use",
        ],
    );
    for developer in &document.developers {
        table.rows.push(vec![
            Cell::Text(developer.name.clone()),
            Cell::text(developer.departement.as_deref()),
            developer.role.as_deref().map_or(Cell::Empty, |role| {
                Cell::Text(Vocab::DeveloperRole.label(role, lang).to_string())
            }),
            Cell::Hours(developer.hours),
            Cell::Hours(developer.request_hours),
            Cell::Hours(developer.workshop_hours),
            Cell::Hours(developer.availability_hours),
            Cell::Percent(ratio(developer.hours, developer.availability_hours)),
        ]);
    }
    table
}

pub(super) fn record_hours(document: &ReportDocument, lang: Lang, id: TableId) -> Table {
    let (columns, rows) = if id == TableId::RequestHours {
        (
            [
                "report.column.request",
                "report.column.departement",
                "report.column.received_on",
                "report.column.developer_hours",
                "report.column.estimate",
            ],
            &document.top_requests,
        )
    } else {
        (
            [
                "report.column.workshop",
                "report.column.departement",
                "report.column.date",
                "report.column.developer_hours",
                "report.column.duration",
            ],
            &document.top_workshops,
        )
    };
    let mut table = Table::new(lang, id, &columns);
    for row in rows {
        table.rows.push(vec![
            Cell::Text(row.title.clone()),
            Cell::text(row.departement.as_deref()),
            Cell::date(row.date.as_deref()),
            Cell::Hours(row.hours),
            row.planned.map_or(Cell::Empty, Cell::Hours),
        ]);
    }
    table
}
