//! The home screen's bars, drawn as characters so that they read without
//! colour: the budget bar with its figures beside it, the bar chart with
//! each count after its bar, and the sparkline of requests per month.

use super::super::{ViewCtx, colon, fit};
use crate::app::ui::home::{Bars, Dashboard};
use crate::i18n::{Lang, Message, format_amount, format_count, format_percent, tr};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

/// "Budget : ███████▌░░░░░░ 41,6 % · 116 480 € / 280 000 €": the bar
/// first, at most `BUDGET_BAR` cells, then the figures beside it (inside
/// the bar they split it in two when read without colour). No bar when
/// the line has no room for one; spent over the budget fills it in the
/// error colour.
pub(super) fn budget_line<'a>(
    lang: Lang,
    dashboard: &Dashboard,
    ctx: &ViewCtx,
    width: usize,
) -> Line<'a> {
    let indicators = &dashboard.indicators;
    let label = format!("{}{}", tr(lang, "tui.home.budget"), colon(lang));
    let ratio = indicators.budget_ratio();
    // One decimal, as the report writes a share.
    let figures = format!(
        "{} · {} / {}",
        format_percent(lang, ratio),
        format_amount(lang, indicators.budget_spent),
        format_amount(lang, indicators.budget)
    );
    let room = width.saturating_sub(label.chars().count() + figures.chars().count() + 1);
    let mut spans = vec![Span::styled(label, ctx.theme.dim())];
    if room >= BUDGET_BAR_MIN {
        let (filled, empty) = bar_cells(ratio, room.min(BUDGET_BAR));
        let style = if ratio > 1.0 {
            ctx.theme.error()
        } else {
            ctx.theme.ok()
        };
        spans.push(Span::styled(filled, style));
        spans.push(Span::styled(empty, ctx.theme.dim()));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(figures, ctx.theme.heading()));
    Line::from(spans)
}

/// Widest budget bar, in cells.
const BUDGET_BAR: usize = 24;
/// Narrowest budget bar worth drawing.
const BUDGET_BAR_MIN: usize = 8;

/// A bar of `cells` cells for `ratio` (clamped to 0–1), in eighths of a
/// cell: the filled part (`█`, then one partial block) and the rest (`░`).
fn bar_cells(ratio: f64, cells: usize) -> (String, String) {
    const PARTIAL: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (ratio * (cells * 8) as f64).round() as usize;
    let full = eighths / 8;
    let mut filled = "█".repeat(full);
    let mut used = full;
    let partial = eighths % 8;
    if partial != 0 {
        filled.push(PARTIAL[partial]);
        used += 1;
    }
    (filled, "░".repeat(cells - used))
}

/// The bar chart's label column: never narrower (the bars keep their
/// place), never wider (the bars keep their room).
const BAR_LABEL_MIN: usize = 10;
const BAR_LABEL_MAX: usize = 14;

/// Month initials, the same in French and English, two columns each.
const MONTHS: &str = "J F M A M J J A S O N D ";

/// The bar chart (left) and the sparkline per month (right).
pub(super) fn charts(
    frame: &mut Frame,
    lang: Lang,
    dashboard: &Dashboard,
    ctx: &ViewCtx,
    area: Rect,
) {
    let half = area.width / 2;
    let left = Rect::new(area.x, area.y, half.saturating_sub(1), area.height);
    let right = Rect::new(
        area.x + half + 1,
        area.y,
        area.width - half - 1,
        area.height,
    );
    let title_key = match dashboard.bars {
        Bars::Departements => "tui.home.chart_departements",
        Bars::Statuses => "tui.home.chart_statuses",
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(tr(lang, title_key), left.width as usize),
            ctx.theme.title(),
        )),
        Rect::new(left.x, left.y, left.width, 1),
    );
    // Labels as wide as the longest shown ("In progress"), at least ten
    // columns so the bars start at the same place from one screen to the next.
    let shown = &dashboard.bar_values[..dashboard
        .bar_values
        .len()
        .min(left.height.saturating_sub(1) as usize)];
    let labels: Vec<String> = shown
        .iter()
        .map(|(code, _)| match dashboard.bars {
            Bars::Departements if code.is_empty() => {
                tr(lang, "figures.home.without_departement").to_string()
            }
            Bars::Departements => code.clone(),
            Bars::Statuses => crate::domain::vocab::Vocab::Status
                .label(code, lang)
                .to_string(),
        })
        .collect();
    let width = labels
        .iter()
        .map(|label| super::super::columns(label))
        .max()
        .unwrap_or(0)
        .clamp(BAR_LABEL_MIN, BAR_LABEL_MAX);
    // Each bar, then its count beside it (inside the bar, read without
    // colour, the count looked glued to it: « 2█████ »).
    let counts: Vec<String> = shown
        .iter()
        .map(|(_, value)| format_count(lang, *value))
        .collect();
    let count_width = counts.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    let room = (left.width as usize).saturating_sub(width + count_width + 2);
    let most = shown.iter().map(|(_, value)| *value).max().unwrap_or(0);
    let bars: Vec<Line> = shown
        .iter()
        .zip(labels.iter().zip(&counts))
        .map(|((_, value), (label, count))| {
            let label = fit(label, width);
            let pad = width.saturating_sub(super::super::columns(&label));
            let share = if most == 0 {
                0.0
            } else {
                *value as f64 / most as f64
            };
            let (filled, _) = bar_cells(share, room);
            let gap = if filled.is_empty() { "" } else { " " };
            Line::from(vec![
                Span::raw(format!("{label}{} ", " ".repeat(pad))),
                Span::styled(filled, ctx.theme.ok()),
                Span::raw(format!("{gap}{count}")),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(bars),
        Rect::new(left.x, left.y + 1, left.width, left.height - 1),
    );
    // Requests received per month: two columns a month, initials under it.
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(tr(lang, "tui.home.chart_months"), right.width as usize),
            ctx.theme.title(),
        )),
        Rect::new(right.x, right.y, right.width, 1),
    );
    let months = &dashboard.indicators.figures.received_by_month;
    let data: Vec<u64> = months.iter().flat_map(|n| [*n, *n]).collect();
    let spark_height = area.height.saturating_sub(3).max(1);
    frame.render_widget(
        Sparkline::default().data(&data).style(ctx.theme.ok()),
        Rect::new(right.x, right.y + 1, 24.min(right.width), spark_height),
    );
    let peak = months.iter().copied().max().unwrap_or(0);
    let total: u64 = months.iter().sum();
    let below = vec![
        Line::styled(MONTHS, ctx.theme.dim()),
        Line::raw(fit(
            &Message::new("tui.home.months_summary")
                .arg_number("total", total)
                .arg_number("peak", peak)
                .render(lang),
            right.width as usize,
        )),
    ];
    frame.render_widget(
        Paragraph::new(below),
        Rect::new(right.x, right.y + 1 + spark_height, right.width, 2),
    );
}

#[cfg(test)]
mod tests {
    use super::bar_cells;

    fn cells(ratio: f64, width: usize) -> String {
        let (filled, empty) = bar_cells(ratio, width);
        format!("{filled}{empty}")
    }

    #[test]
    fn the_budget_bar_fills_by_eighths_and_keeps_its_width() {
        assert_eq!(cells(0.5, 10), "█████░░░░░");
        assert_eq!(cells(0.0, 8), "░░░░░░░░");
        assert_eq!(cells(0.06, 10), "▋░░░░░░░░░"); // 4.8 eighths: 5
        assert_eq!(cells(0.999, 8), "████████");
        // Over the budget, or no budget at all: full, or empty.
        assert_eq!(cells(1.7, 8), "████████");
        assert_eq!(cells(f64::NAN, 8), "░░░░░░░░");
        for step in 0..=100 {
            assert_eq!(cells(f64::from(step) / 100.0, 24).chars().count(), 24);
        }
    }
}
