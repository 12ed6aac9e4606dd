//! The tables of the record screens (the four record tabs and the places) and the detail pane under them. Only the
//! visible rows are turned into widgets.

use super::{ViewCtx, fit};
use crate::app::Record;
use crate::app::present::plain_value_in_words;
use crate::app::ui::{ListState, Model, Screen, layout};
use crate::domain::escape::escape_control;
use crate::domain::schema::FieldType;
use crate::domain::validate::parse_date;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, format_date, format_hours, tr};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

fn date(lang: Lang, value: Option<&str>) -> String {
    value
        .and_then(parse_date)
        .map(|d| format_date(lang, d))
        .unwrap_or_default()
}

/// A term's label, or its short label when the label is wider than the
/// column (« Dév. départemental·e », not « Développeur·se départ… »); a
/// label that fits stays whole (« Nouvelle », not « Nouv. »).
fn vocab(lang: Lang, vocab: Vocab, value: Option<&str>, width: u16) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let label = vocab.label(value, lang);
    if unicode_width::UnicodeWidthStr::width(label) > usize::from(width) {
        vocab.short_label(value, lang).to_string()
    } else {
        label.to_string()
    }
}

/// The width of a fixed column of `screen` (0 for a flexible one).
fn column_width(screen: Screen, lang: Lang, key: &str) -> u16 {
    columns(screen, lang)
        .iter()
        .find(|(column, _)| *column == key)
        .map_or(0, |(_, constraint)| match constraint {
            Constraint::Length(width) => *width,
            _ => 0,
        })
}

/// Column titles (catalog keys) and widths; the first flexible one fills.
fn columns(screen: Screen, lang: Lang) -> Vec<(&'static str, Constraint)> {
    use Constraint::{Fill, Length};
    match screen {
        Screen::Requests => vec![
            ("field.title", Fill(1)),
            ("field.status", Length(11)),
            ("tui.column.dep", Length(4)),
            ("field.category", Length(16)),
            ("tui.column.received", Length(10)),
        ],
        Screen::Developers => vec![
            ("field.name", Fill(1)),
            ("tui.column.dep", Length(4)),
            ("field.role", Length(22)),
            ("tui.column.availability", Length(8)),
            ("tui.column.load", Length(7)),
        ],
        Screen::Workshops => vec![
            ("tui.column.month", Length(month_width(lang))),
            ("field.date", Length(10)),
            ("field.title", Fill(1)),
            ("field.kind", Length(14)),
            ("tui.column.people", Length(6)),
        ],
        Screen::Orgs => vec![
            ("field.name", Fill(1)),
            ("field.kind", Length(20)),
            ("tui.column.dep", Length(4)),
            ("tui.column.requests", Length(8)),
        ],
        Screen::Places => vec![
            ("field.name", Fill(3)),
            ("field.commune", Length(16)),
            ("tui.column.dep", Length(4)),
            ("field.services", Fill(2)),
        ],
    }
}

/// The width the record's name or title keeps: on a narrower terminal the
/// column that tells least (`narrow_drops`) is left out (at 60 columns a
/// request's title had 13).
const LABEL_MIN: u16 = 24;

/// The column a narrow terminal leaves out first.
fn narrow_drops(screen: Screen) -> Option<&'static str> {
    match screen {
        Screen::Requests => Some("field.category"),
        Screen::Developers => Some("field.role"),
        Screen::Workshops | Screen::Orgs => Some("field.kind"),
        Screen::Places => None,
    }
}

/// Which of `columns` show in `width` terminal columns (one more for the
/// selection marker, one space between columns).
fn shown_columns(screen: Screen, columns: &[(&str, Constraint)], width: u16) -> Vec<bool> {
    let fixed: u16 = columns
        .iter()
        .map(|(_, constraint)| match constraint {
            Constraint::Length(length) => length + 1,
            _ => 1,
        })
        .sum::<u16>()
        + 1;
    let label_room = width.saturating_sub(fixed);
    let dropped = narrow_drops(screen).filter(|_| label_room < LABEL_MIN);
    columns
        .iter()
        .map(|(key, _)| Some(*key) != dropped)
        .collect()
}

/// Whether a column holds counts, set to the right so that units line up.
fn counts(key: &str) -> bool {
    matches!(
        key,
        "tui.column.availability" | "tui.column.load" | "tui.column.requests" | "tui.column.people"
    )
}

/// A place's services, joined by `|` in the directory, as words.
fn services(value: Option<&str>) -> String {
    value
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|service| !service.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The month column's width: its language's longest month label
/// (« sept. 2026 » is ten columns, "Sep 2026" eight).
pub(super) fn month_width(lang: Lang) -> u16 {
    let longest = (1..=12)
        .map(|month| unicode_width::UnicodeWidthStr::width(tr(lang, &format!("tui.month.{month}"))))
        .max()
        .unwrap_or(0);
    // A space and a four-digit year.
    (longest + 5) as u16
}

pub(super) fn month_label(lang: Lang, value: Option<&str>) -> String {
    let Some(date) = value.and_then(parse_date) else {
        return String::new();
    };
    let key = format!("tui.month.{}", chrono::Datelike::month(&date));
    format!("{} {}", tr(lang, &key), chrono::Datelike::year(&date))
}

fn cells(list: &ListState, lang: Lang, index: usize, record: &Record) -> Vec<String> {
    let extra = list.extra.get(&record.id).copied().unwrap_or(0).to_string();
    // A vocabulary column, titled by its field (`field.status` for `status`).
    let term = |terms: Vocab, field: &str| {
        let width = column_width(list.screen, lang, &format!("field.{field}"));
        vocab(lang, terms, record.get(field), width)
    };
    match list.screen {
        Screen::Requests => vec![
            record.label().to_string(),
            term(Vocab::Status, "status"),
            record.get("departement").unwrap_or("").to_string(),
            term(Vocab::Category, "category"),
            date(lang, record.get("received_on")),
        ],
        Screen::Developers => vec![
            record.label().to_string(),
            record.get("departement").unwrap_or("").to_string(),
            term(Vocab::DeveloperRole, "role"),
            record
                .get("availability")
                .and_then(|h| h.parse::<f64>().ok())
                .map(|h| format_hours(lang, h))
                .unwrap_or_default(),
            extra,
        ],
        Screen::Workshops => {
            // The month is written on the first row of each month only.
            let month = month_label(lang, record.get("date"));
            let previous = index
                .checked_sub(1)
                .and_then(|i| list.row(i))
                .map(|r| month_label(lang, r.get("date")));
            let shown = if index == list.top || previous.as_deref() != Some(month.as_str()) {
                month
            } else {
                String::new()
            };
            vec![
                shown,
                date(lang, record.get("date")),
                record.label().to_string(),
                term(Vocab::WorkshopKind, "kind"),
                record.get("participants").unwrap_or("").to_string(),
            ]
        }
        Screen::Orgs => vec![
            record.label().to_string(),
            term(Vocab::OrgKind, "kind"),
            record.get("departement").unwrap_or("").to_string(),
            extra,
        ],
        Screen::Places => vec![
            record.label().to_string(),
            record.get("commune_name").unwrap_or("").to_string(),
            record.get("departement").unwrap_or("").to_string(),
            services(record.get("services")),
        ],
    }
}

/// The line above the table: count, filters and sort.
fn filter_line(list: &ListState, lang: Lang) -> String {
    let count = if list.counted {
        Message::new("tui.list.count").count(list.total as i64)
    } else {
        Message::new("tui.list.counting")
    };
    let mut parts = vec![count.render(lang)];
    for (column, value) in &list.query.filters {
        let shown = match list.screen.kind().field(column).map(|def| def.ty) {
            Some(FieldType::Vocab(v)) => v.label(value, lang).to_string(),
            Some(FieldType::Status) => Vocab::Status.label(value, lang).to_string(),
            _ => value.clone(),
        };
        parts.push(format!(
            "{} = {shown}",
            tr(lang, &format!("field.{column}"))
        ));
    }
    let arrow = if list.query.descending { "↓" } else { "↑" };
    parts.push(format!(
        "{}{}{} {arrow}",
        tr(lang, "tui.list.sorted_by"),
        super::colon(lang),
        tr(lang, &format!("field.{}", list.query.sort))
    ));
    parts.join(" · ")
}

pub fn browse(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    let list = model.list();
    let rows = model.table_rows();
    let info = Rect::new(area.x, area.y, area.width, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&filter_line(list, lang), area.width as usize),
            ctx.theme.dim(),
        )),
        info,
    );
    let table_height = (layout::TABLE_HEAD as usize - 1 + rows) as u16;
    let table_area = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        table_height.min(area.height.saturating_sub(1)),
    );
    let all = columns(list.screen, lang);
    let shown = shown_columns(list.screen, &all, area.width);
    let keep = |texts: Vec<String>| -> Vec<String> {
        texts
            .into_iter()
            .zip(&shown)
            .filter_map(|(text, shown)| shown.then_some(text))
            .collect()
    };
    let columns: Vec<(&str, Constraint)> = all
        .iter()
        .zip(&shown)
        .filter_map(|(column, shown)| shown.then_some(*column))
        .collect();
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(1))
        .chain(columns.iter().map(|(_, c)| *c))
        .collect();
    // The columns' widths as the table lays them out, so that a cut cell
    // ends with `…` (the table itself would cut it silently).
    let cut: Vec<usize> = Layout::horizontal(widths.clone())
        .spacing(1)
        .flex(Flex::Start)
        .split(table_area)
        .iter()
        .skip(1)
        .map(|column| column.width as usize)
        .collect();
    let fitted = |texts: Vec<String>| -> Vec<Cell> {
        texts
            .iter()
            .zip(&cut)
            .zip(&columns)
            .map(|((text, width), (key, _))| {
                let line = Line::from(fit(text, *width));
                Cell::from(match counts(key) {
                    true => line.alignment(Alignment::Right),
                    false => line,
                })
            })
            .collect()
    };
    let header = Row::new(
        std::iter::once(Cell::from(" ")).chain(fitted(
            columns
                .iter()
                .map(|(key, _)| tr(lang, key).to_string())
                .collect(),
        )),
    )
    .style(ctx.theme.title());
    let mut cursor = None;
    let body: Vec<Row> = list
        .visible(rows)
        .map(|(index, record)| {
            let selected = index == list.selected;
            let marker = if selected { "▶" } else { " " };
            let row = Row::new(
                std::iter::once(Cell::from(marker))
                    .chain(fitted(keep(cells(list, lang, index, record)))),
            );
            if selected {
                cursor = Some(Position::new(
                    table_area.x,
                    table_area.y + 1 + (index - list.top) as u16,
                ));
                row.style(ctx.theme.selected())
            } else {
                row
            }
        })
        .collect();
    let empty = body.is_empty();
    frame.render_widget(
        Table::new(body, widths).header(header).column_spacing(1),
        table_area,
    );
    if empty {
        let key = if list.query.filters.is_empty() {
            "tui.list.empty"
        } else {
            "tui.list.empty_filtered"
        };
        let hint = Rect::new(
            area.x + 2,
            table_area.y + 2,
            area.width.saturating_sub(2),
            1,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(tr(lang, key).to_string(), ctx.theme.dim())),
            hint,
        );
    }
    if layout::shows_detail_pane(frame.area().height) {
        let pane = Rect::new(
            area.x,
            area.bottom().saturating_sub(layout::DETAIL_PANE),
            area.width,
            layout::DETAIL_PANE,
        );
        detail_pane(frame, model, ctx, pane, list.selected_record());
    }
    cursor
}

/// A few fields of the selected row, read from the row already fetched.
fn detail_pane(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    area: Rect,
    record: Option<&Record>,
) {
    let lang = model.lang;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(ctx.theme.dim());
    let Some(record) = record else {
        frame.render_widget(block, area);
        return;
    };
    let mut lines = vec![Line::styled(
        fit(record.label(), area.width as usize),
        ctx.theme.heading(),
    )];
    let mut texts = Vec::new();
    let fields: &[&str] = match model.screen {
        Screen::Requests => &[
            "need",
            "priority",
            "licence",
            "estimated_hours",
            "status_reason",
        ],
        Screen::Developers => &["email", "availability", "last_activity"],
        Screen::Workshops => &["duration", "outputs", "notes"],
        Screen::Orgs => &["contact", "website", "siret"],
        Screen::Places => &["address", "services", "website"],
    };
    for name in fields {
        let Some(value) = record.get(name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        // As the detail says it (a licence by its name), on one line, with
        // merged text's control characters shown escaped.
        let shown = match record.kind.field(name).map(|d| d.ty) {
            _ if *name == "services" => services(Some(value)),
            Some(ty) => plain_value_in_words(lang, ty, value),
            None => value.to_string(),
        };
        let shown = escape_control(&shown.replace('\n', " "));
        let label = tr(lang, &format!("field.{name}")).to_string();
        texts.push(format!("{label}{}{shown}", super::colon(lang)));
    }
    // The pane's top border and the heading take two rows.
    let rows = (area.height as usize).saturating_sub(2);
    lines.extend(
        pane_rows(&texts, area.width as usize, rows)
            .into_iter()
            .map(Line::raw),
    );
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The pane's field rows: each field on a row of its own, and a long one
/// (a web address, a need) going on over the rows the fields leave free,
/// the first fields first; what still does not fit ends with `…`.
fn pane_rows(texts: &[String], width: usize, rows: usize) -> Vec<String> {
    let mut spare = rows.saturating_sub(texts.len());
    let mut out = Vec::new();
    for text in texts {
        let mut wrapped = super::panes::wrap(text, width);
        let keep = wrapped.len().min(1 + spare);
        if keep == 1 {
            // One row: the label and as much of the value as it holds.
            out.push(fit(text, width));
            continue;
        }
        spare -= keep - 1;
        if wrapped.len() > keep {
            wrapped.truncate(keep);
            if let Some(last) = wrapped.last_mut() {
                *last = fit(&format!("{last}…"), width);
            }
        }
        out.extend(wrapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pane_rows;

    #[test]
    fn a_long_field_goes_on_over_the_free_rows_and_is_cut_when_there_are_none() {
        let texts = [
            "Adresse : 13 rue du maréchal Foch".to_string(),
            "Site web : https://www.example.fr/fr/location/coworking/cannes".to_string(),
        ];
        assert_eq!(
            pane_rows(&texts, 30, 4),
            [
                "Adresse : 13 rue du maréchal",
                "Foch",
                "Site web : https://www.",
                "example.fr/fr/location/…",
            ]
        );
        // The address took the one free row; with two more, the web
        // address is whole, beside its label and cut where its parts meet.
        assert_eq!(
            pane_rows(&texts, 30, 6)[2..],
            [
                "Site web : https://www.",
                "example.fr/fr/location/",
                "coworking/cannes"
            ]
        );
        // No free row: one row each, cut as before.
        assert_eq!(
            pane_rows(&texts, 30, 2),
            [
                "Adresse : 13 rue du maréchal…",
                "Site web : https://www.exampl…"
            ]
        );
    }
}
