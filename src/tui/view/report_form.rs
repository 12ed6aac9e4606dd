//! The dashboard's "export the report" form: the format as a list, the year
//! and the path as lines, the reason a value is refused, and (while the
//! report is being written) its progress.

use super::overlay::{boxed, centred};
use super::{ViewCtx, colon, fit};
use crate::app::report::ReportFormat;
use crate::app::ui::Model;
use crate::app::ui::jobs::JobKind;
use crate::app::ui::report_form::{FORMATS, ReportField, ReportForm};
use crate::i18n::{Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

pub fn report_form(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    form: &ReportForm,
) -> Option<Position> {
    let lang = model.lang;
    // Fields, the format in words, the refusal or progress line; the keys
    // are the footer's.
    let area = centred(body, body.width.saturating_sub(4).min(76), 7);
    let inner = boxed(frame, ctx, area, tr(lang, "report.export.title"));
    let width = inner.width as usize;
    let labels = [
        (ReportField::Format, "report.export.format"),
        (ReportField::Year, "report.export.year"),
        (ReportField::Path, "report.export.path"),
    ]
    .map(|(field, key)| (field, format!("{}{}", tr(lang, key), colon(lang))));
    let label_width = labels
        .iter()
        .map(|(_, label)| label.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (row, (field, label)) in labels.iter().enumerate() {
        let focused = form.focus == *field;
        let marker = if focused { "▶ " } else { "  " };
        let head = format!("{marker}{label:<label_width$}");
        let room = width.saturating_sub(head.chars().count());
        let value = match field {
            ReportField::Format => FORMATS
                .iter()
                .map(|format| {
                    // Extensions as they are; plain text in words.
                    let word = match format {
                        ReportFormat::Text => tr(lang, "report.export.text"),
                        other => other.name(),
                    };
                    if *format == form.format {
                        format!("[{word}]")
                    } else {
                        word.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
            ReportField::Year | ReportField::Path => {
                let input = if *field == ReportField::Year {
                    &form.year
                } else {
                    &form.path
                };
                let (visible, column) = input.window(room.saturating_sub(1));
                if focused {
                    let x = inner.x + (head.chars().count() + column) as u16;
                    cursor = Some(Position::new(x, inner.y + row as u16));
                }
                visible
            }
        };
        let style = if focused {
            ctx.theme.focused_field()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::raw(head),
            Span::styled(fit(&value, room), style),
        ]));
    }
    // The chosen format in words: `xlsx` or `md` say nothing to most.
    let words = tr(lang, &format!("report.format_words.{}", form.format.name())).to_string();
    lines.push(Line::styled(
        fit(
            &format!("  {}{}{words}", form.format.name(), colon(lang)),
            width,
        ),
        ctx.theme.dim(),
    ));
    match &form.error {
        Some(error) => lines.push(Line::styled(
            fit(&format!("✗ {}", error.render(lang)), width),
            ctx.theme.error(),
        )),
        None => lines.push(Line::raw("")),
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // While the report is written: its steps, on the line under the fields.
    if let Some(progress) = model.jobs.progress(JobKind::Report) {
        let ratio = if progress.total > 0 {
            progress.done as f64 / progress.total as f64
        } else {
            0.0
        };
        let label = Message::new("report.progress")
            .arg("done", progress.done)
            .arg("total", progress.total)
            .render(lang);
        let row = Rect::new(inner.x, inner.y + 4, inner.width, 1);
        frame.render_widget(
            Gauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(Span::styled(label, ctx.theme.heading()))
                .gauge_style(ctx.theme.ok()),
            row,
        );
        return None;
    }
    cursor
}
