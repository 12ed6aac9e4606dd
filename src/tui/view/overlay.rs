//! Overlays drawn above the body: help (generated from the keymap), global
//! search with matched characters highlighted, the status dialog and yes/no
//! questions.

use super::{ViewCtx, fit};
use crate::app::ui::{Confirm, Context, Model, StatusDialog};
use crate::domain::vocab::Vocab;
use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
mod help;
mod search;

pub use help::{help, help_lines};
pub use search::search;

/// A centred box `width` × `height` inside `area`.
pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// A box with its title over what is drawn below; one blank column on
/// each side keeps the letters and borders it half covers from reading as
/// part of it ("│P┌ Autre valeur").
pub(super) fn boxed(frame: &mut Frame, ctx: &ViewCtx, area: Rect, title: &str) -> Rect {
    let left = area.x.saturating_sub(1);
    let right = area.right().saturating_add(1);
    let halo = Rect::new(left, area.y, right - left, area.height).intersection(frame.area());
    frame.render_widget(Clear, halo);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), ctx.theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

pub fn status(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    dialog: &StatusDialog,
) -> Option<Position> {
    let lang = model.lang;
    let area = centred(body, 60, (dialog.options.len() as u16 + 8).min(body.height));
    let inner = boxed(frame, ctx, area, tr(lang, "tui.status.title"));
    let width = inner.width as usize;
    let mut lines = vec![
        Line::raw(fit(&dialog.title, width)),
        Line::styled(
            fit(
                &format!(
                    "{}{}",
                    tr(lang, "tui.status.current"),
                    Vocab::Status.label(dialog.from.slug(), lang)
                ),
                width,
            ),
            ctx.theme.dim(),
        ),
    ];
    for (index, status) in dialog.options.iter().enumerate() {
        let selected = index == dialog.cursor;
        let text = format!(
            "{} {}",
            if selected { "▶" } else { " " },
            Vocab::Status.label(status.slug(), lang)
        );
        lines.push(if selected {
            Line::styled(text, ctx.theme.selected())
        } else {
            Line::raw(text)
        });
    }
    let reason_label = if dialog.needs_reason() {
        tr(lang, "tui.status.reason_required")
    } else {
        tr(lang, "tui.status.reason")
    };
    let label_width = super::columns(reason_label).min(width);
    let (reason, column) = dialog.reason.window(width - label_width);
    let cursor = Position::new(
        inner.x + (label_width + column) as u16,
        inner.y + lines.len() as u16,
    );
    lines.push(Line::raw(format!(
        "{}{reason}",
        fit(reason_label, label_width)
    )));
    if let Some(error) = &dialog.error {
        lines.push(Line::styled(
            format!("✗ {}", error.render(lang)),
            ctx.theme.error(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    Some(cursor)
}

pub fn confirm(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    confirm: &Confirm,
) -> Option<Position> {
    let lang = model.lang;
    let width = usize::from(body.width.min(56).saturating_sub(2)).max(1);
    // The undo key, for a question that names the way back (a deletion).
    let question = super::with_keys(
        model,
        ctx,
        Context::Browse,
        confirm.question.clone(),
        &[("undo", crate::app::ui::Action::Undo)],
    );
    let question = super::wrap(&question, width);
    // A long question (records listed) makes the box taller, never cut.
    let rows = u16::try_from(question.len().max(2)).unwrap_or(u16::MAX);
    let area = centred(body, 56, rows.saturating_add(4));
    let inner = boxed(frame, ctx, area, tr(lang, "tui.confirm.title"));
    let yes = ctx
        .keymap
        .first_key(Context::Confirm, crate::app::ui::Action::Yes, lang)
        .unwrap_or_default();
    let no = ctx
        .keymap
        .first_key(Context::Confirm, crate::app::ui::Action::No, lang)
        .unwrap_or_default();
    let mut lines: Vec<Line> = question.into_iter().map(Line::raw).collect();
    lines.extend([
        Line::raw(""),
        Line::from(vec![
            Span::styled(yes, ctx.theme.key()),
            Span::raw(format!(" {}   ", tr(lang, "tui.action.yes"))),
            Span::styled(no, ctx.theme.key()),
            Span::raw(format!(" {}", tr(lang, "tui.action.no"))),
        ]),
    ]);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    Some(Position::new(inner.x, inner.y))
}
