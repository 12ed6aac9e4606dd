//! The one-line prompt: another value for a conflict, or a path (with the
//! suggested places, such as mounted removable media, listed under it;
//! writing a bundle, whether it is encrypted, Tab switching; any other path,
//! Tab completes it). The reason a path was refused wraps under the line,
//! whole, however long.

use super::overlay::{boxed, centred};
use super::{ViewCtx, fit, with_keys};
use crate::app::ui::{Action, Context, Model, Prompt};
use crate::i18n::{Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn prompt(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    prompt: &Prompt,
) -> Option<Position> {
    let lang = model.lang;
    let shown = prompt.suggestions.len().min(5) as u16;
    let box_width = body.width.saturating_sub(4).min(76);
    let error = prompt.error.as_ref().map_or_else(Vec::new, |error| {
        super::wrap(
            &format!("✗ {}", error.render(lang)),
            usize::from(box_width.saturating_sub(2)).max(1),
        )
    });
    // The question on as many as three lines, not cut at the box's edge.
    let detail = prompt.detail.as_ref().map_or_else(Vec::new, |detail| {
        super::wrap_within(
            &detail.render(lang),
            usize::from(box_width.saturating_sub(2)).max(1),
            3,
        )
    });
    let error_rows = u16::try_from(error.len().max(1)).unwrap_or(1);
    // The keys are the footer's (the box said them again).
    let height = 3
        + error_rows
        + shown
        + u16::from(shown > 0)
        + u16::try_from(detail.len()).unwrap_or(3)
        + u16::from(prompt.encrypt.is_some());
    let area = centred(body, box_width, height);
    let inner = boxed(frame, ctx, area, tr(lang, prompt.title_key));
    let width = inner.width as usize;
    // The line editor keeps the caret (at first the end of a long path,
    // the file name) in view.
    let (visible, column) = prompt.text.window(width.saturating_sub(2));
    let line = format!("> {visible}");
    let cursor = Position::new(inner.x + 2 + column as u16, inner.y);
    let mut lines = Vec::new();
    for row in detail {
        lines.push(Line::styled(fit(&row, width), ctx.theme.heading()));
    }
    if let Some(encrypt) = prompt.encrypt {
        let (key, style) = if encrypt {
            ("crypt.tui.on", ctx.theme.heading())
        } else {
            ("crypt.tui.off", ctx.theme.dim())
        };
        let text = with_keys(
            model,
            ctx,
            Context::Prompt,
            Message::new(key),
            &[("switch", Action::NextField)],
        );
        lines.push(Line::styled(fit(&text, width), style));
    }
    let cursor = Position::new(cursor.x, cursor.y + lines.len() as u16);
    lines.push(Line::styled(line, ctx.theme.focused_field()));
    if error.is_empty() {
        lines.push(Line::raw(""));
    }
    for part in error {
        lines.push(Line::styled(part, ctx.theme.error()));
    }
    if shown > 0 {
        lines.push(Line::styled(
            fit(
                &with_keys(
                    model,
                    ctx,
                    Context::Prompt,
                    Message::new(if prompt.purpose.is_path() {
                        "tui.prompt.suggestions"
                    } else {
                        "tui.prompt.choices"
                    }),
                    &[("up", Action::Up), ("down", Action::Down)],
                ),
                width,
            ),
            ctx.theme.dim(),
        ));
        for suggestion in prompt.suggestions.iter().take(5) {
            let marker = if suggestion == prompt.text.as_str() {
                "▶ "
            } else {
                "  "
            };
            lines.push(Line::raw(fit(&format!("{marker}{suggestion}"), width)));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    Some(cursor)
}
