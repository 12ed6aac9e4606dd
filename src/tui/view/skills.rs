//! *Compétences*: the skills × départements grid. A cell shows the number
//! of available developers and a shade (`·` none, `░` one, `▒` two, `▓`
//! three or more: a community counts its developers on one hand per
//! département) so that it reads without colour; from a hundred on, the
//! digits take the shade's place. A gap (wanted by open requests, nobody
//! available) starts with `!`. The drill-down lists the people of the
//! selected cell; on a gap, the gap panel lists the requests that want the
//! skill and the nearest developers who have it.

use super::{ViewCtx, colon, fit, with_keys, wrap_within};
use crate::app::ui::jobs::JobKind;
use crate::app::ui::skills::{
    CELL_WIDTH, Drill, GapPanel, LABEL_WIDTH, SkillCount, visible_columns,
};
use crate::app::ui::{Action, Context, Model};
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, format_hours, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn shade(n: u64) -> &'static str {
    match n {
        0 => "·",
        1 => "░",
        2 => "▒",
        _ => "▓",
    }
}

/// A cell, `CELL_WIDTH` columns whatever the count: the shade gives way to
/// the digits of a region's hundreds or thousands of developers.
fn cell_text(cell: SkillCount) -> String {
    let mark = if cell.is_gap() { "!" } else { " " };
    let n = cell.available;
    let s = shade(n);
    let text = match n {
        0..=99 => format!("{n:>2} {s}{s}"),
        100..=999 => format!("{n:>3} {s}"),
        1_000..=9_999 => format!("{n:>4}{s}"),
        _ => "9999+".to_string(),
    };
    format!("{mark}{text} ")
}

pub fn skills(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    let state = &model.skills;
    if let Some(gap) = &state.gap {
        return gap_panel(frame, lang, ctx, area, gap);
    }
    if let Some(drill) = &state.drill {
        return drill_down(frame, lang, ctx, area, drill);
    }
    let Some(grid) = &state.grid else {
        super::jobs::waiting(frame, model, ctx, area, Some(JobKind::Skills));
        return None;
    };
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        fit(tr(lang, "tui.skills.title"), width),
        ctx.theme.heading(),
    )];
    if grid.departements.is_empty() {
        lines.push(Line::styled(
            fit(tr(lang, "tui.skills.empty"), width),
            ctx.theme.dim(),
        ));
        frame.render_widget(Paragraph::new(lines), area);
        return None;
    }
    let shown = visible_columns(area.width);
    let columns: Vec<usize> = (state.first_col..grid.departements.len())
        .take(shown)
        .collect();
    // The room the shown columns leave goes to the skills' names.
    let longest = grid
        .skills
        .iter()
        .map(|skill| super::columns(Vocab::Skill.label(skill, lang)) + 1)
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(2 + columns.len() * CELL_WIDTH as usize);
    let label_width = longest.min(room).max(LABEL_WIDTH as usize);
    let mut header = vec![Span::raw(format!("  {:<label_width$}", ""))];
    for &d in &columns {
        let text = format!("{:^w$}", grid.departements[d], w = CELL_WIDTH as usize);
        let style = if d == state.col {
            ctx.theme.selected()
        } else {
            ctx.theme.title()
        };
        header.push(Span::styled(text, style));
    }
    lines.push(Line::from(header));
    let mut cursor = None;
    for (s, skill) in grid.skills.iter().enumerate() {
        let selected_row = s == state.row;
        let marker = if selected_row { "▶ " } else { "  " };
        let label = fit(Vocab::Skill.label(skill, lang), label_width - 1);
        let mut spans = vec![Span::styled(
            format!("{marker}{label:<label_width$}"),
            if selected_row {
                ctx.theme.focused_field()
            } else {
                Style::new()
            },
        )];
        for &d in &columns {
            let cell = grid.cell(s, d);
            let style = if selected_row && d == state.col {
                cursor = Some(Position::new(
                    area.x + 2 + label_width as u16 + (d - state.first_col) as u16 * CELL_WIDTH,
                    area.y + lines.len() as u16,
                ));
                ctx.theme.selected()
            } else if cell.is_gap() {
                ctx.theme.error()
            } else if cell.available == 0 {
                ctx.theme.dim()
            } else {
                ctx.theme.ok()
            };
            spans.push(Span::styled(cell_text(cell), style));
        }
        lines.push(Line::from(spans));
    }
    // The signs only: the key that lists the people is the footer's first.
    let legend = tr(lang, "tui.skills.legend");
    for line in wrap_within(legend, width, 2) {
        lines.push(Line::styled(line, ctx.theme.dim()));
    }
    if let (Some(skill), Some(departement)) =
        (grid.skills.get(state.row), grid.departements.get(state.col))
    {
        let cell = grid.cell(state.row, state.col);
        let available = Message::new("tui.skills.cell")
            .count(cell.available as i64)
            .render(lang);
        let wanted = Message::new("tui.skills.wanted")
            .count(cell.wanted as i64)
            .render(lang);
        let text = format!(
            "{departement} · {}{}{available}, {wanted}",
            Vocab::Skill.label(skill, lang),
            colon(lang),
        );
        lines.push(Line::raw(fit(&text, width)));
    }
    let gaps = grid.gaps();
    let gap_text = if gaps.is_empty() {
        tr(lang, "tui.skills.no_gap").to_string()
    } else {
        let list = gaps
            .iter()
            .map(|(skill, departement, wanted)| {
                format!(
                    "{} {departement} ({wanted})",
                    Vocab::Skill.label(skill, lang)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        Message::new("tui.skills.gaps")
            .count(gaps.len() as i64)
            .arg("list", list)
            .render(lang)
    };
    let scrolled = grid.departements.len() > columns.len();
    let rows_left = (area.height as usize).saturating_sub(lines.len() + usize::from(scrolled));
    for line in wrap_within(&gap_text, width, rows_left.min(4)) {
        lines.push(Line::styled(line, ctx.theme.error()));
    }
    if scrolled {
        lines.push(Line::styled(
            fit(
                &with_keys(
                    model,
                    ctx,
                    Context::Skills,
                    Message::new("tui.skills.scroll")
                        .arg("shown", columns.len())
                        .arg("total", grid.departements.len()),
                    &[("prev", Action::OptionPrev), ("next", Action::OptionNext)],
                ),
                width,
            ),
            ctx.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
    cursor
}

fn drill_down(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    drill: &Drill,
) -> Option<Position> {
    let width = area.width as usize;
    let title = Message::new("tui.skills.drill_title")
        .arg("skill", Vocab::Skill.label(&drill.skill, lang))
        .arg("departement", &drill.departement)
        .count(drill.people.len() as i64)
        .render(lang);
    let mut lines = vec![Line::styled(fit(&title, width), ctx.theme.heading())];
    if drill.people.is_empty() {
        lines.push(Line::styled(
            fit(tr(lang, "tui.skills.drill_empty"), width),
            ctx.theme.dim(),
        ));
    }
    let rows = area.height.saturating_sub(1) as usize;
    let first = drill.selected.saturating_sub(rows.saturating_sub(1));
    let mut cursor = None;
    for (index, person) in drill.people.iter().enumerate().skip(first).take(rows) {
        let selected = index == drill.selected;
        let level = person
            .level
            .map(|level| {
                Message::new("tui.skills.level")
                    .arg("level", level)
                    .render(lang)
            })
            .unwrap_or_default();
        let availability = if person.availability > 0.0 {
            Message::new("tui.skills.per_month")
                .arg("hours", format_hours(lang, person.availability))
                .render(lang)
        } else {
            tr(lang, "tui.skills.unavailable").to_string()
        };
        let marker = if selected { "▶ " } else { "  " };
        let text = format!(
            "{marker}{:<30} {:<11} {availability}",
            fit(&person.name, 30),
            level
        );
        if selected {
            cursor = Some(Position::new(area.x, area.y + lines.len() as u16));
        }
        let style = if selected {
            ctx.theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), area);
    cursor
}

/// One row of the gap panel (a request or a developer), the selected one
/// marked and in reverse video.
fn panel_row(ctx: &ViewCtx, text: String, selected: bool, width: usize) -> Line<'static> {
    let marker = if selected { "▶ " } else { "  " };
    let text = fit(&format!("{marker}{text}"), width);
    if selected {
        Line::styled(format!("{text:<width$}"), ctx.theme.selected())
    } else {
        Line::raw(text)
    }
}

fn gap_panel(
    frame: &mut Frame,
    lang: Lang,
    ctx: &ViewCtx,
    area: Rect,
    gap: &GapPanel,
) -> Option<Position> {
    let width = area.width as usize;
    let detail = &gap.detail;
    let skill = Vocab::Skill.label(&detail.skill, lang);
    let title = Message::new("tui.match.gap.title")
        .arg("skill", skill)
        .arg("departement", &detail.departement)
        .render(lang);
    // Rows: (text, index in the cursor's list) — headings have none.
    let mut rows: Vec<(Line<'static>, Option<usize>)> =
        vec![(Line::styled(fit(&title, width), ctx.theme.heading()), None)];
    let heading = |key: &'static str, n: usize| {
        Line::styled(
            fit(&Message::new(key).count(n as i64).render(lang), width),
            ctx.theme.title(),
        )
    };
    rows.push((
        heading("tui.match.gap.requests", detail.requests.len()),
        None,
    ));
    for (at, request) in detail.requests.iter().enumerate() {
        let line = panel_row(
            ctx,
            format!("→ {}", request.title),
            gap.selected == at,
            width,
        );
        rows.push((line, Some(at)));
    }
    rows.push((heading("tui.match.gap.nearby", detail.nearby.len()), None));
    if detail.nearby.is_empty() {
        rows.push((
            Line::styled(
                fit(&format!("  {}", tr(lang, "tui.match.gap.nobody")), width),
                ctx.theme.dim(),
            ),
            None,
        ));
    }
    let first_developer = detail.requests.len();
    for (at, developer) in detail.nearby.iter().enumerate() {
        let level = developer
            .level
            .map(|level| {
                Message::new("tui.skills.level")
                    .arg("level", level)
                    .render(lang)
            })
            .unwrap_or_default();
        let hours = Message::new("tui.skills.per_month")
            .arg("hours", format_hours(lang, developer.availability))
            .render(lang);
        let text = format!(
            "{:<28} {:<4} {:<11} {hours}",
            fit(&developer.name, 28),
            developer.departement.as_deref().unwrap_or("—"),
            level
        );
        let index = first_developer + at;
        rows.push((
            panel_row(ctx, text, gap.selected == index, width),
            Some(index),
        ));
    }
    // Scroll so that the selected row shows (the title stays).
    let height = area.height as usize;
    let at = rows
        .iter()
        .position(|(_, index)| *index == Some(gap.selected))
        .unwrap_or(0);
    let first = (at + 1).saturating_sub(height.saturating_sub(1)).max(1);
    let mut lines = vec![rows[0].0.clone()];
    lines.extend(
        rows.into_iter()
            .skip(first)
            .take(height.saturating_sub(1))
            .map(|(line, _)| line),
    );
    let cursor_row = at.saturating_sub(first) + 1;
    frame.render_widget(Paragraph::new(lines), area);
    (!gap.is_empty()).then(|| Position::new(area.x, area.y + cursor_row as u16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_keeps_its_width_whatever_the_count() {
        for available in [0, 1, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, u64::MAX] {
            let cell = SkillCount {
                available,
                wanted: 1,
            };
            let text = cell_text(cell);
            assert_eq!(text.chars().count(), CELL_WIDTH as usize, "{text:?}");
        }
        let cell = |available| SkillCount {
            available,
            wanted: 0,
        };
        assert_eq!(cell_text(cell(2)), "  2 ▒▒ ");
        assert_eq!(cell_text(cell(250)), " 250 ▓ ");
        assert_eq!(cell_text(cell(4_812)), " 4812▓ ");
    }
}
