//! *Conflits*: the open conflicts then the review items, one per line; an
//! opened conflict shows its competing values side by side (value, site,
//! author, time), the one under the cursor in reverse video with a marker.

use super::{ViewCtx, colon, columns, fit};
use crate::app::conflicts::DeletionCard;
use crate::app::ui::Model;
use crate::app::ui::conflicts::{
    ConflictList, ConflictRow, ConflictView, DELETION_CHOICES, HeadView, ReviewRow,
};
use crate::app::ui::jobs::JobKind;
use crate::domain::ReviewReason;
use crate::i18n::{Lang, Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::present::field_label;
pub use crate::app::present::format_time;
use crate::app::short_id;
use crate::domain::escape::escape_control;

fn kind_label(lang: Lang, kind: crate::domain::Kind) -> String {
    tr(lang, &format!("tui.kind_one.{}", kind.name())).to_string()
}

pub fn conflicts(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    if let Some(open) = &model.conflicts.open {
        return side_by_side(frame, lang, ctx, area, open);
    }
    let Some(list) = &model.conflicts.list else {
        super::jobs::waiting(frame, model, ctx, area, Some(JobKind::Conflicts));
        return None;
    };
    list_view(frame, lang, ctx, area, list, model.conflicts.selected)
}

fn conflict_text(lang: Lang, row: &ConflictRow) -> String {
    if row.is_deletion() {
        return format!(
            "{} · {} — {}",
            kind_label(lang, row.kind),
            row.label,
            tr(lang, "tui.conflicts.deleted")
        );
    }
    format!(
        "{} · {} · {} — {}",
        kind_label(lang, row.kind),
        row.label,
        field_label(lang, row.kind, &row.field),
        Message::new("tui.conflicts.values")
            .count(row.heads.len() as i64)
            .render(lang)
    )
}

/// Fewest columns a review item's record keeps when its line is cut.
const REVIEW_LABEL_MIN: usize = 28;

/// A review item in `width` columns: what is wrong with it (the missing
/// reference, the duplicate SIRET) is what the line is for, so when it is
/// too long the record's label is cut first, down to `REVIEW_LABEL_MIN`.
fn review_text(lang: Lang, item: &ReviewRow, width: usize) -> String {
    let label = escape_control(&item.label);
    let what = match item.kind {
        Some(kind) => format!("{} · {label}", kind_label(lang, kind)),
        None => label,
    };
    let detail = match (item.reason, item.kind, item.field) {
        (ReviewReason::ClockSkew, ..) => item
            .detail
            .parse()
            .map(|ms| format_time(lang, ms))
            .unwrap_or_default(),
        // The field in words and the missing record's short id, as lists
        // name records: a whole id does not fit in 80 columns.
        (ReviewReason::DanglingReference, Some(kind), Some(field)) => format!(
            "{} → {}",
            field_label(lang, kind, field),
            escape_control(short_id(&item.detail))
        ),
        _ => escape_control(&item.detail),
    };
    let why = format!(
        " — {}{}{detail}",
        tr(lang, &format!("tui.review.{}", item.reason.code())),
        colon(lang)
    );
    let room = width.saturating_sub(columns(&why)).max(REVIEW_LABEL_MIN);
    format!("{}{why}", fit(&what, room))
}

fn list_view(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    list: &ConflictList,
    selected: usize,
) -> Option<Position> {
    let width = area.width as usize;
    if list.is_empty() {
        // One sentence, not a row of zeros above it.
        let none = Line::styled(
            fit(tr(lang, "tui.conflicts.none"), width),
            ctx.theme.heading(),
        );
        frame.render_widget(Paragraph::new(none), area);
        return None;
    }
    let title = format!(
        "{} · {}",
        Message::new("tui.conflicts.title")
            .count(list.conflicts.len() as i64)
            .render(lang),
        Message::new("tui.conflicts.review")
            .count(list.review.len() as i64)
            .render(lang)
    );
    let mut lines = vec![Line::styled(fit(&title, width), ctx.theme.heading())];
    let rows = area.height.saturating_sub(2) as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let mut cursor = None;
    let entries = list
        .conflicts
        .iter()
        .map(|row| ("⚠", conflict_text(lang, row)))
        .chain(
            list.review
                .iter()
                .map(|item| ("?", review_text(lang, item, width.saturating_sub(3)))),
        );
    let mut review_heading_shown = false;
    for (index, (sign, text)) in entries.enumerate().skip(first) {
        if lines.len() > rows {
            break;
        }
        if index >= list.conflicts.len() && !review_heading_shown && index > first {
            lines.push(Line::styled(
                fit(tr(lang, "tui.conflicts.review_heading"), width),
                ctx.theme.title(),
            ));
        }
        if index >= list.conflicts.len() {
            review_heading_shown = true;
        }
        let is_selected = index == selected;
        let marker = if is_selected { "▶" } else { " " };
        if is_selected {
            cursor = Some(Position::new(area.x, area.y + lines.len() as u16));
        }
        let style = if is_selected {
            ctx.theme.selected()
        } else if sign == "⚠" {
            ctx.theme.error()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            fit(&format!("{marker}{sign} {text}"), width),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
    cursor
}

fn head_lines<'a>(lang: Lang, ctx: &ViewCtx, row: &ConflictRow, head: &HeadView) -> Vec<Line<'a>> {
    let value = match (&head.value, head.field.as_str()) {
        (Some(value), "deleted") if value == "1" => tr(lang, "tui.conflicts.deletion").to_string(),
        (Some(_), _) => head.words.get(lang).to_string(),
        (None, _) => tr(lang, "tui.conflicts.empty_value").to_string(),
    };
    let label = |key: &str| format!("{}{}", tr(lang, key), colon(lang));
    let mut lines = Vec::new();
    if row.is_deletion() {
        lines.push(Line::styled(
            field_label(lang, row.kind, &head.field),
            ctx.theme.dim(),
        ));
    }
    lines.push(Line::styled(value, ctx.theme.focused_field()));
    lines.push(Line::raw(""));
    for (key, text) in [
        ("tui.conflicts.site", head.site_name.clone()),
        ("tui.conflicts.author", head.author.clone()),
        ("tui.conflicts.time", format_time(lang, head.wall_ms)),
    ] {
        lines.push(Line::from(vec![
            Span::styled(label(key), ctx.theme.dim()),
            Span::raw(text),
        ]));
    }
    lines
}

fn side_by_side(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    open: &ConflictView,
) -> Option<Position> {
    let row = &open.row;
    if let Some(deletion) = &row.deletion {
        return deletion_card(frame, lang, ctx, area, open, deletion);
    }
    let width = area.width as usize;
    let title = if row.is_deletion() {
        format!("{} · {}", kind_label(lang, row.kind), row.label)
    } else {
        format!(
            "{} · {} · {}",
            kind_label(lang, row.kind),
            row.label,
            field_label(lang, row.kind, &row.field)
        )
    };
    let explain = if row.is_deletion() {
        tr(lang, "tui.conflicts.explain_deleted")
    } else {
        tr(lang, "tui.conflicts.explain_values")
    };
    // The instruction is the point of this screen: it wraps, never cut.
    let mut header = vec![Line::styled(fit(&title, width), ctx.theme.heading())];
    header.extend(
        super::wrap(explain, width)
            .into_iter()
            .map(|line| Line::styled(line, ctx.theme.dim())),
    );
    // What the competing values replaced: the common ground to decide from.
    if let Some(before) = &row.before {
        let text = Message::new("conflict.before")
            .arg("value", before.get(lang))
            .render(lang);
        header.extend(super::wrap(&text, width).into_iter().map(Line::raw));
    }
    let header_height = (header.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(header),
        Rect::new(area.x, area.y, area.width, header_height),
    );
    // At most three columns side by side; the cursor's column stays shown.
    let heads = row.heads.len().max(1);
    let shown = heads.min(3);
    let first = open.cursor.saturating_sub(shown - 1);
    let column_width = area.width / shown as u16;
    let body = Rect::new(
        area.x,
        area.y + header_height,
        area.width,
        area.height.saturating_sub(header_height),
    );
    let mut cursor = None;
    for (slot, (index, head)) in row
        .heads
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .enumerate()
    {
        let x = body.x + slot as u16 * column_width;
        let column = Rect::new(x, body.y, column_width, body.height);
        let selected = index == open.cursor;
        let name = Message::new("tui.conflicts.head")
            .arg("n", index + 1)
            .arg("of", heads)
            .render(lang);
        let title = if selected {
            Span::styled(format!("▶ {name} "), ctx.theme.selected())
        } else {
            Span::styled(format!("  {name} "), ctx.theme.title())
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if selected {
                ctx.theme.focused_field()
            } else {
                ctx.theme.dim()
            })
            .title(title);
        if selected {
            cursor = Some(Position::new(column.x + 1, column.y));
        }
        let paragraph = Paragraph::new(head_lines(lang, ctx, row, head))
            .block(block)
            .wrap(Wrap { trim: false });
        frame.render_widget(paragraph, column);
    }
    cursor
}

/// An edit concurrent with a deletion, as one card: who deleted the record,
/// what was changed meanwhile (before → after, in words), then the two
/// choices, the one under the cursor in reverse video with a marker.
fn deletion_card(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    open: &ConflictView,
    deletion: &DeletionCard,
) -> Option<Position> {
    let row = &open.row;
    let width = area.width as usize;
    let title = format!("{} · {}", kind_label(lang, row.kind), row.label);
    let mut lines = vec![Line::styled(fit(&title, width), ctx.theme.heading())];
    let wrapped = |text: &str, style: Style| -> Vec<Line<'static>> {
        super::wrap(text, width)
            .into_iter()
            .map(|line| Line::styled(line, style))
            .collect()
    };
    lines.extend(wrapped(
        tr(lang, "conflict.explain_deleted"),
        ctx.theme.dim(),
    ));
    for sentence in deletion.story(row.kind) {
        lines.push(Line::raw(""));
        lines.extend(wrapped(&sentence.render(lang), Style::new()));
    }
    lines.push(Line::raw(""));
    let mut cursor = None;
    for (index, key) in DELETION_CHOICES.iter().enumerate() {
        let selected = index == open.cursor;
        if selected {
            cursor = Some(Position::new(area.x, area.y + lines.len() as u16));
        }
        let (marker, style) = if selected {
            ("▶ ", ctx.theme.selected())
        } else {
            ("  ", Style::new())
        };
        lines.push(Line::styled(
            fit(&format!("{marker}{}", tr(lang, key)), width),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
    cursor.filter(|position| position.y < area.y + area.height)
}
