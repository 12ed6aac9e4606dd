//! How background work shows: a screen waiting for its figures says so, or
//! says why they could not be computed and which key asks again; an import
//! or an export shows a gauge (or a count, when the total is not known).

use super::{ViewCtx, fit, wrap};
use crate::app::ui::jobs::JobKind;
use crate::app::ui::{Action, Model};
use crate::i18n::{Message, format_number, tr};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

/// The body of a screen whose data is not there: the failure of its job
/// (with the key that asks again), else "computing…".
pub fn waiting(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect, kind: Option<JobKind>) {
    let lang = model.lang;
    let width = area.width as usize;
    let lines = match kind.and_then(|kind| Some((kind, model.jobs.failure(kind)?))) {
        Some((kind, reason)) => failure_lines(model, ctx, kind, reason, width),
        None => vec![Line::styled(
            tr(lang, "tui.home.loading").to_string(),
            ctx.theme.dim(),
        )],
    };
    frame.render_widget(Paragraph::new(lines), area);
}

/// "✗ <what> failed: <reason>" (wrapped to `width`, never cut) and, where
/// a key retries, which one.
pub fn failure_lines(
    model: &Model,
    ctx: &ViewCtx,
    kind: JobKind,
    reason: &Message,
    width: usize,
) -> Vec<Line<'static>> {
    let lang = model.lang;
    let mut lines = failure_text(model, ctx, kind, reason, width);
    if let Some(key) = ctx.keymap.first_key(model.context(), Action::Refresh, lang) {
        let hint = Message::new("tui.jobs.retry").arg("key", key).render(lang);
        lines.push(Line::styled(fit(&hint, width), ctx.theme.dim()));
    }
    lines
}

/// "✗ <what> failed: <reason>", wrapped to `width`.
pub fn failure_text(
    model: &Model,
    ctx: &ViewCtx,
    kind: JobKind,
    reason: &Message,
    width: usize,
) -> Vec<Line<'static>> {
    let lang = model.lang;
    let text = Message::new("tui.jobs.failed")
        .arg("what", tr(lang, kind.title_key()))
        .arg("reason", reason.render(lang))
        .render(lang);
    wrap(&format!("✗ {text}"), width)
        .into_iter()
        .map(|line| Line::styled(line, ctx.theme.error()))
        .collect()
}

/// One row: the progress of an import or an export, if one runs.
pub fn gauge(frame: &mut Frame, model: &Model, ctx: &ViewCtx, row: Rect) -> bool {
    let lang = model.lang;
    let Some((kind, progress)) = [JobKind::Import, JobKind::Export]
        .into_iter()
        .find_map(|kind| Some((kind, model.jobs.progress(kind)?)))
    else {
        return false;
    };
    let done = format_number(lang, progress.done as f64, 0);
    let (ratio, label) = if progress.finishing {
        let label = Message::new("tui.sync.finishing")
            .arg("done", done)
            .render(lang);
        (1.0, label)
    } else if progress.total > 0 {
        let label = Message::new("tui.sync.progress")
            .arg("done", done)
            .arg("total", format_number(lang, progress.total as f64, 0))
            .render(lang);
        (progress.done as f64 / progress.total as f64, label)
    } else {
        let label = Message::new("tui.jobs.count")
            .arg("what", tr(lang, kind.title_key()))
            .arg("done", done)
            .render(lang);
        (0.0, label)
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(Span::styled(label, ctx.theme.heading()))
            .gauge_style(ctx.theme.ok()),
        row,
    );
    true
}
