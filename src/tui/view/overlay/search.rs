//! The global search overlay: the query box, then each hit's kind and
//! title with its matched characters highlighted, and the field that
//! matched with a piece of its text.

use super::{boxed, centred};
use crate::app::ui::jobs::JobKind;
use crate::app::ui::{Model, SearchHit, SearchState};
use crate::i18n::{Lang, Message, tr};
use crate::tui::view::{ViewCtx, colon, columns, fit, jobs};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn search(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    state: &SearchState,
) -> Option<Position> {
    let lang = model.lang;
    let area = centred(body, 72, body.height);
    let inner = boxed(frame, ctx, area, tr(lang, "tui.search.title"));
    let width = inner.width as usize;
    let (query, column) = state.query.window(width.saturating_sub(2));
    let prompt = format!("/ {query}");
    let cursor = Position::new(inner.x + 2 + column as u16, inner.y);
    let typed = !state.query.as_str().trim().is_empty();
    // Under the query: whether the search through every field is still
    // under way (the titles show meanwhile).
    let progress = if typed && state.full.is_none() {
        Line::styled(fit(tr(lang, "tui.match.searching"), width), ctx.theme.dim())
    } else if typed && !state.hits.is_empty() {
        Line::styled(fit(&found(state).render(lang), width), ctx.theme.dim())
    } else {
        Line::raw("")
    };
    let mut lines = vec![Line::styled(prompt, ctx.theme.focused_field()), progress];
    // The titles shown come from the part of the index read so far.
    if let Some(percent) = model.search_index_building() {
        let text = Message::new("tui.search_building.progress")
            .arg("percent", percent)
            .render(lang);
        lines.push(Line::styled(fit(&text, width), ctx.theme.dim()));
    }
    if let Some(reason) = model.jobs.failure(JobKind::SearchIndex) {
        lines.extend(jobs::failure_lines(
            model,
            ctx,
            JobKind::SearchIndex,
            reason,
            width,
        ));
    } else if let Some(reason) = model.jobs.failure(JobKind::Search) {
        lines.extend(jobs::failure_lines(
            model,
            ctx,
            JobKind::Search,
            reason,
            width,
        ));
    } else if !typed {
        lines.push(Line::styled(
            tr(lang, "tui.search.hint").to_string(),
            ctx.theme.dim(),
        ));
    } else if state.hits.is_empty() && state.full.is_some() {
        lines.push(Line::styled(
            tr(lang, "tui.search.none").to_string(),
            ctx.theme.dim(),
        ));
    }
    let room = (inner.height as usize).saturating_sub(lines.len());
    let height = |hit: &SearchHit| if hit.snippet.is_some() { 2 } else { 1 };
    // The first hit shown: the selected one and those after it fit.
    let selected = state.selected.min(state.hits.len().saturating_sub(1));
    let mut first = 0;
    while first < selected
        && state.hits[first..=selected]
            .iter()
            .map(height)
            .sum::<usize>()
            > room
    {
        first += 1;
    }
    for (index, hit) in state.hits.iter().enumerate().skip(first) {
        if lines.len() + height(hit) > inner.height as usize {
            break;
        }
        lines.extend(hit_lines(lang, ctx, hit, index == state.selected, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(cursor)
}

/// Width of the kind's column in the search results.
const KIND_WIDTH: usize = 13;

/// One result: its kind in words and its title (matched characters
/// highlighted); when another field matched, a second row with that
/// field's name and a piece of its text around the match.
fn hit_lines(
    lang: Lang,
    ctx: &ViewCtx,
    hit: &SearchHit,
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let kind = fit(
        tr(lang, &format!("tui.kind_one.{}", hit.kind.name())),
        KIND_WIDTH,
    );
    let mut spans = vec![
        Span::raw(if selected { "▶ " } else { "  " }),
        Span::styled(format!("{kind:<KIND_WIDTH$} "), ctx.theme.dim()),
    ];
    spans.extend(highlighted(
        &hit.label,
        &hit.positions,
        width.saturating_sub(KIND_WIDTH + 3),
        ctx.theme.matched(),
    ));
    let mut rows = vec![Line::from(spans)];
    if let (Some(field), Some(snippet)) = (hit.field, &hit.snippet) {
        let label = format!("    {}{}", tr(lang, &format!("field.{field}")), colon(lang));
        let room = width.saturating_sub(columns(&label));
        let mut spans = vec![Span::styled(label, ctx.theme.dim())];
        spans.extend(highlighted(
            snippet,
            &hit.snippet_positions,
            room,
            ctx.theme.matched(),
        ));
        rows.push(Line::from(spans));
    }
    if selected {
        // The bar spans the box (the paragraph cuts what overflows).
        rows = rows
            .into_iter()
            .map(|mut row| {
                row.spans.push(Span::raw(" ".repeat(width)));
                row.style(ctx.theme.selected())
            })
            .collect();
    }
    rows
}

/// `text` cut to `width` columns (with `…`), the characters at `positions`
/// in the `matched` style; line breaks read as spaces.
fn highlighted(
    text: &str,
    positions: &[usize],
    width: usize,
    matched: Style,
) -> Vec<Span<'static>> {
    let shown = fit(text, width);
    let cut = shown.chars().count() < text.chars().count();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (at, c) in shown.chars().enumerate() {
        let is_matched = positions.binary_search(&at).is_ok() && !(cut && c == '…');
        if is_matched != run_matched && !run.is_empty() {
            let style = if run_matched { matched } else { Style::new() };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = is_matched;
        run.push(if c.is_control() { ' ' } else { c });
    }
    if !run.is_empty() {
        let style = if run_matched { matched } else { Style::new() };
        spans.push(Span::styled(run, style));
    }
    spans
}

/// How many records the search found, and how many of them are listed when
/// that is fewer.
fn found(state: &SearchState) -> Message {
    let total = i64::try_from(state.total).unwrap_or(i64::MAX);
    if state.total > state.hits.len() {
        Message::new("tui.search.found_best")
            .count(total)
            .arg_number("shown", state.hits.len())
    } else {
        Message::new("tui.search.found").count(total)
    }
}
