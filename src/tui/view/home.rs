//! *Accueil*: the year's figures (with the keys that change the year), the
//! budget bar, a bar chart with each count beside its bar (per département
//! for the lead, per status for an EPN), a sparkline of requests received
//! per month, and what needs attention, one selectable line each (Enter
//! opens what it counts). The bars are drawn in `charts`.
//! Numbers are rounded as the report rounds them. Draws `Model::home` only;
//! before the figures are computed it shows a "loading" line.

mod charts;

use super::{ViewCtx, colon, fit};
use crate::app::backup::BackupAge;
use crate::app::ui::home::{Dashboard, Todo};
use crate::app::ui::jobs::JobKind;
use crate::app::ui::retention::ReviewList;
use crate::app::ui::{Action, Context, Model};
use crate::domain::escape::escape_control;
use crate::domain::status::Status;
use crate::domain::validate::parse_date;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, format_count, format_date, format_hours, format_number, tr};
use charts::{budget_line, charts};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn home(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    if let Some(review) = &model.home.review {
        return review_list(frame, lang, ctx, area, review);
    }
    let Some(dashboard) = &model.home.dashboard else {
        super::jobs::waiting(frame, model, ctx, area, Some(JobKind::Dashboard));
        return Some(Position::new(area.x, area.y));
    };
    let width = area.width as usize;
    let figures = figure_lines(lang, dashboard, ctx, width);
    let figures_height = figures.len() as u16;
    frame.render_widget(
        Paragraph::new(figures),
        Rect::new(area.x, area.y, area.width, figures_height.min(area.height)),
    );
    let mut y = area.y + figures_height;
    if y < area.bottom() {
        let line = budget_line(lang, dashboard, ctx, width);
        frame.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
        y += 1;
    }
    let attention = attention_lines(lang, dashboard, ctx, width, model.home.selected);
    let room = area.bottom().saturating_sub(y);
    let chart_height = room
        .saturating_sub(attention.len().min(6) as u16 + 1)
        .min(9);
    if chart_height >= 4 {
        charts(
            frame,
            lang,
            dashboard,
            ctx,
            Rect::new(area.x, y, area.width, chart_height),
        );
        y += chart_height;
    }
    let rest = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
    // The heading stays; the lines scroll to keep the selected one in view.
    let rows = (rest.height as usize).saturating_sub(1);
    let first = model.home.selected.saturating_sub(rows.saturating_sub(1));
    let mut attention = attention.into_iter();
    let heading = attention.next();
    let lines: Vec<Line> = heading.into_iter().chain(attention.skip(first)).collect();
    frame.render_widget(Paragraph::new(lines), rest);
    let cursor_row = 1 + model.home.selected.saturating_sub(first) as u16;
    Some(Position::new(
        area.x,
        (rest.y + cursor_row).min(area.bottom().saturating_sub(1)),
    ))
}

/// "Région · 2026   [ année précédente  ] suivante": the heading with
/// the year keys, drawn as the footer draws keys.
fn scope_line<'a>(lang: Lang, dashboard: &Dashboard, ctx: &ViewCtx, width: usize) -> Line<'a> {
    let scope = match &dashboard.indicators.departement {
        Some(code) => Message::new("tui.home.scope_departement").arg("code", code),
        None => Message::new("tui.home.scope_region"),
    }
    .arg("year", dashboard.year)
    .render(lang);
    let mut spans = vec![Span::styled(fit(&scope, width), ctx.theme.heading())];
    let key = |action| ctx.keymap.first_key(Context::Home, action, lang);
    if let (Some(prev), Some(next)) = (key(Action::OptionPrev), key(Action::OptionNext)) {
        let hints = [
            (prev, tr(lang, "figures.home.year_prev")),
            (next, tr(lang, "figures.home.year_next")),
        ];
        // Three spaces after the heading, two between the hints: one
        // column more than two spaces before each.
        let spaced: usize = hints
            .iter()
            .map(|(key, label)| 2 + super::columns(key) + 1 + super::columns(label))
            .sum();
        if spaced < width.saturating_sub(super::columns(&scope)) {
            for (index, (key, label)) in hints.into_iter().enumerate() {
                spans.push(Span::raw(if index == 0 { "   " } else { "  " }));
                spans.push(Span::styled(key, ctx.theme.key()));
                spans.push(Span::styled(format!(" {label}"), ctx.theme.dim()));
            }
        }
    }
    Line::from(spans)
}

/// The year's requests by status after their label (« Par statut : »), as
/// wide as the screen allows: with separators, else without the statuses
/// that have none, else closer; then the same with the vocabulary's short
/// labels (a region's five-digit counts do not fit 80 columns with the full
/// ones). The label is left out only when no labelled form fits.
fn status_line(lang: Lang, dashboard: &Dashboard, width: usize) -> String {
    let figures = &dashboard.indicators.figures;
    let counts: Vec<(&str, u64)> = Status::ALL
        .iter()
        .map(|status| {
            let count = figures
                .requests_by_status
                .get(status.slug())
                .copied()
                .unwrap_or(0);
            (status.slug(), count)
        })
        .collect();
    let join = |short: bool, separator: &str, skip_zero: bool| {
        counts
            .iter()
            .filter(|(_, count)| !skip_zero || *count > 0)
            .map(|(slug, count)| {
                let label = match short {
                    true => Vocab::Status.short_label(slug, lang),
                    false => Vocab::Status.label(slug, lang),
                };
                format!("{label} {}", format_count(lang, *count))
            })
            .collect::<Vec<_>>()
            .join(separator)
    };
    let label = format!("{}{}", tr(lang, "figures.home.by_status"), colon(lang));
    let variants = [false, true].into_iter().flat_map(|short| {
        [
            (short, " · ", false),
            (short, " · ", true),
            (short, "  ", false),
            (short, "  ", true),
        ]
    });
    let labelled = variants.clone().map(|(short, separator, skip_zero)| {
        format!("{label}{}", join(short, separator, skip_zero))
    });
    let bare = variants.map(|(short, separator, skip_zero)| join(short, separator, skip_zero));
    labelled
        .chain(bare)
        .find(|text| super::columns(text) <= width)
        .unwrap_or_else(|| join(true, " ", true))
}

fn figure_lines<'a>(
    lang: Lang,
    dashboard: &Dashboard,
    ctx: &ViewCtx,
    width: usize,
) -> Vec<Line<'a>> {
    let figures = &dashboard.indicators.figures;
    let median = dashboard
        .indicators
        .median_days_to_delivery
        .map(|days| {
            Message::new("figures.home.days")
                .arg("days", format_number(lang, days, 0))
                .render(lang)
        })
        .unwrap_or_else(|| "—".into());
    let count = |n: u64| format_number(lang, n as f64, 0);
    let requests = Message::new("figures.home.requests")
        .arg("received", count(figures.requests_received))
        .arg("delivered", count(figures.requests_delivered))
        .arg("median", median)
        .render(lang);
    let statuses = status_line(lang, dashboard, width);
    let workshops = Message::new("figures.home.workshops")
        .arg("workshops", count(figures.workshops))
        .arg("participants", count(figures.participants))
        .arg("workshop_hours", format_hours(lang, figures.workshop_hours))
        .arg(
            "developer_hours",
            format_hours(lang, figures.developer_hours),
        )
        .render(lang);
    vec![
        scope_line(lang, dashboard, ctx, width),
        Line::raw(fit(&requests, width)),
        Line::styled(fit(&statuses, width), ctx.theme.dim()),
        Line::raw(fit(&workshops, width)),
    ]
}

/// "No backup yet" or "last backup N days ago", with the key that makes
/// one; nothing when the last backup is recent.
fn backup_reminder(lang: Lang, age: BackupAge, ctx: &ViewCtx) -> Option<String> {
    let key = ctx
        .keymap
        .first_key(Context::Home, Action::Backup, lang)
        .unwrap_or_else(|| "—".to_string());
    let message = match age {
        BackupAge::Recent { .. } => return None,
        BackupAge::Never => Message::new("tui.home.backup_never"),
        BackupAge::Overdue { days } => Message::new("tui.home.backup_overdue").count(days),
    };
    Some(message.arg("key", key).render(lang))
}

/// "À traiter": a heading, then one line per `Todo`, the selected one
/// marked (Enter opens what it counts).
fn attention_lines<'a>(
    lang: Lang,
    dashboard: &Dashboard,
    ctx: &ViewCtx,
    width: usize,
    selected: usize,
) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(
        fit(tr(lang, "tui.home.attention"), width),
        ctx.theme.title(),
    )];
    for (index, todo) in dashboard.todo().iter().enumerate() {
        let urgent = todo.urgent(dashboard);
        let marker = if index == selected { "▶" } else { " " };
        let sign = if urgent { "!" } else { "·" };
        let text = as_sentence(todo_text(lang, dashboard, ctx, todo));
        let style = match (index == selected, urgent) {
            (true, _) => ctx.theme.selected(),
            (false, true) => ctx.theme.error(),
            (false, false) => ratatui::style::Style::new(),
        };
        lines.push(Line::styled(
            fit(&format!("{marker}{sign} {text}"), width),
            style,
        ));
    }
    lines
}

/// A "to do" line as a sentence, ending with a full stop whether its words
/// come with one ("Aucun conflit ouvert.") or not ("5 nouvelles demandes à
/// qualifier", followed or not by the year's share).
fn as_sentence(mut text: String) -> String {
    if !text.is_empty() && !text.ends_with(['.', '!', '?', '…']) {
        text.push('.');
    }
    text
}

/// The words of one "to do" line.
fn todo_text(lang: Lang, dashboard: &Dashboard, ctx: &ViewCtx, todo: &Todo) -> String {
    let attention = &dashboard.attention;
    match todo {
        Todo::Backup(age) => backup_reminder(lang, *age, ctx).unwrap_or_default(),
        // As the other quiet lines, not "0 nouvelle demande".
        Todo::NewRequests if attention.new_requests == 0 => {
            Message::new("tui.home.new_requests_none").render(lang)
        }
        Todo::NewRequests => {
            let text = Message::new("tui.home.new_requests")
                .count(attention.new_requests as i64)
                .render(lang);
            // The year's "Nouvelle" figure above counts only that year's.
            if attention.new_requests_in_year == attention.new_requests {
                text
            } else if attention.new_requests_in_year == 0 {
                Message::new("figures.home.new_none_in_year")
                    .arg("text", text)
                    .arg("year", dashboard.year)
                    .render(lang)
            } else {
                Message::new("figures.home.new_in_year")
                    .arg("text", text)
                    .arg_number("in_year", attention.new_requests_in_year)
                    .arg("year", dashboard.year)
                    .render(lang)
            }
        }
        // As the other quiet lines, not "0 conflit ouvert".
        Todo::Conflicts if attention.conflicts == 0 => {
            Message::new("tui.home.conflicts_none").render(lang)
        }
        Todo::Conflicts => Message::new("tui.home.conflicts")
            .count(attention.conflicts as i64)
            .render(lang),
        // Nothing to review: no breakdown of zeros.
        Todo::Review if attention.review_items() == 0 => {
            Message::new("tui.home.review_none").render(lang)
        }
        Todo::Review => Message::new("tui.home.review")
            .count(attention.review_items() as i64)
            .arg_number("dangling", attention.dangling_references)
            .arg_number("duplicates", attention.duplicate_sirets)
            .arg("skew", attention.skewed_sites.len())
            .render(lang),
        Todo::Skew => Message::new("tui.home.skew")
            .arg("sites", attention.skewed_sites.join(", "))
            .render(lang),
        Todo::Privacy => {
            let key = ctx
                .keymap
                .first_key(Context::Home, Action::Privacy, lang)
                .unwrap_or_else(|| "—".to_string());
            Message::new("privacy.home.due")
                .count(attention.privacy_due as i64)
                .arg("key", key)
                .render(lang)
        }
        Todo::NoExchange => tr(lang, "tui.home.no_exchange").to_string(),
        Todo::Exchange(index) => {
            let Some(exchange) = dashboard.exchanges.get(*index) else {
                return String::new();
            };
            let now = dashboard.computed_ms;
            let days = |ms: Option<i64>| super::sync::since(lang, now, ms);
            Message::new("tui.home.exchange")
                .arg("site", &exchange.name)
                .arg("sent", days(exchange.last_sent_ms))
                .arg("received", days(exchange.last_received_ms))
                .render(lang)
        }
    }
}

/// The people due for anonymisation or purge: name, last activity, why.
fn review_list(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    review: &ReviewList,
) -> Option<Position> {
    let width = area.width as usize;
    let title = Message::new("privacy.tui.review_title")
        .count(review.people.len() as i64)
        .arg(
            "years",
            Message::new("privacy.years")
                .count(i64::from(review.years))
                .render(lang),
        )
        .render(lang);
    let mut lines = vec![Line::styled(fit(&title, width), ctx.theme.heading())];
    if review.people.is_empty() {
        lines.push(Line::styled(
            fit(tr(lang, "privacy.tui.review_empty"), width),
            ctx.theme.dim(),
        ));
    }
    let rows = area.height.saturating_sub(1) as usize;
    let first = review.selected.saturating_sub(rows.saturating_sub(1));
    let mut cursor = None;
    for (index, person) in review.people.iter().enumerate().skip(first).take(rows) {
        let selected = index == review.selected;
        let last = person
            .last_activity
            .as_deref()
            .and_then(parse_date)
            .map(|date| format_date(lang, date))
            .unwrap_or_else(|| tr(lang, "privacy.review.never").to_string());
        let marker = if selected { "▶ " } else { "  " };
        let text = format!(
            "{marker}{:<28} {:<10}  {}",
            fit(&escape_control(&person.name), 28),
            last,
            tr(lang, person.reason.message_key())
        );
        if selected {
            cursor = Some(Position::new(area.x, area.y + lines.len() as u16));
        }
        let style = if selected {
            ctx.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), area);
    cursor
}
