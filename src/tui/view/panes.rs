//! Full-body views: a record's detail, its history, and forms (the setup
//! form and the create/edit forms), with each field's message beside it.

use super::{ViewCtx, fit, with_keys};
use crate::app::ui::{
    Action, Context, DetailLine, DetailState, FormState, HistoryState, Input, Model,
};
use crate::i18n::{Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

fn titled_block<'a>(title: String, ctx: &ViewCtx) -> Block<'a> {
    Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(format!(" {title} "), ctx.theme.title()))
        .border_style(ctx.theme.dim())
}

/// `text` with `hint` set at the right end of `width` columns, when both
/// fit with two spaces between; else `text` alone.
fn with_hint_at_end(text: String, hint: &str, width: usize) -> String {
    let used = text.trim_end().width();
    let room = width.saturating_sub(used);
    if room < hint.width() + 2 {
        return text;
    }
    let mut text = text.trim_end().to_string();
    text.push_str(&" ".repeat(room - hint.width()));
    text.push_str(hint);
    text
}

pub fn detail(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    area: Rect,
    state: &DetailState,
) -> Option<Position> {
    let lang = model.lang;
    let kind = tr(lang, &format!("tui.kind_one.{}", state.record.kind.name())).to_string();
    let block = titled_block(format!("{kind} · {}", state.record.label()), ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = state
        .lines
        .iter()
        .filter_map(|line| match line {
            DetailLine::Field { label, .. } => Some(label.chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(24);
    let width = inner.width as usize;
    // Each line as rows: a long value wraps under itself.
    let rows_of = |line: &DetailLine| -> Vec<String> {
        match line {
            DetailLine::Field { label, value, .. } => {
                let label = format!("{:<label_width$}", fit(label, label_width));
                let indent = " ".repeat(label_width + 4);
                wrap(value, width.saturating_sub(label_width + 4))
                    .into_iter()
                    .enumerate()
                    .map(|(row, text)| match row {
                        0 => format!("  {label}  {text}"),
                        _ => format!("{indent}{text}"),
                    })
                    .collect()
            }
            DetailLine::Heading(text) => vec![fit(text, width)],
            DetailLine::Link { text, .. } => vec![fit(&format!("  → {text}"), width)],
            DetailLine::Note(text) => vec![fit(&format!("  {text}"), width)],
            // The name, then the reasons under it (they are long).
            DetailLine::Suggestion {
                name,
                departement,
                explanation,
                ..
            } => {
                let place = departement
                    .as_deref()
                    .map(|code| format!(" ({code})"))
                    .unwrap_or_default();
                let mut rows = vec![fit(&format!("  ★ {name}{place}"), width)];
                rows.extend(
                    wrap(explanation, width.saturating_sub(6))
                        .into_iter()
                        .map(|row| format!("      {row}")),
                );
                rows
            }
        }
    };
    let height = inner.height as usize;
    // Start at the scroll, later if needed to show the whole selected line.
    let mut first = state.scroll.min(state.lines.len());
    if let Some(selected) = state
        .selected
        .filter(|&at| at >= first && at < state.lines.len())
    {
        while first < selected
            && state.lines[first..=selected]
                .iter()
                .map(|line| rows_of(line).len())
                .sum::<usize>()
                > height
        {
            first += 1;
        }
    }
    // On a selected line that leads to another record, the key that opens
    // it, at the line's end: the footer has no room for it at 80 columns.
    let open_hint = ctx
        .keymap
        .first_key(Context::Detail, Action::Open, lang)
        .map(|key| format!("{key} {}", tr(lang, "tui.short.action_in.detail.open")));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = Position::new(inner.x, inner.y);
    for (at, line) in state.lines.iter().enumerate().skip(first) {
        if lines.len() >= height {
            break;
        }
        let selected = state.selected == Some(at);
        if selected {
            cursor = Position::new(inner.x, inner.y + lines.len() as u16);
        }
        for (row, text) in rows_of(line).into_iter().enumerate() {
            let line = match line {
                _ if selected => {
                    let text = if row == 0 {
                        let text = format!("▶{}", text.chars().skip(1).collect::<String>());
                        match (&open_hint, line.target()) {
                            (Some(hint), Some(_)) => with_hint_at_end(text, hint, width),
                            _ => text,
                        }
                    } else {
                        text
                    };
                    Line::styled(format!("{text:<width$}"), ctx.theme.selected())
                }
                DetailLine::Field { .. } if row == 0 => {
                    let split = label_width + 2;
                    let head: String = text.chars().take(split).collect();
                    let tail: String = text.chars().skip(split).collect();
                    Line::from(vec![Span::styled(head, ctx.theme.dim()), Span::raw(tail)])
                }
                DetailLine::Heading(_) => Line::styled(text, ctx.theme.heading()),
                DetailLine::Note(_) => Line::styled(text, ctx.theme.dim()),
                DetailLine::Suggestion { .. } if row > 0 => Line::styled(text, ctx.theme.dim()),
                _ => Line::raw(text),
            };
            lines.push(line);
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(cursor)
}

pub fn history(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    area: Rect,
    state: &HistoryState,
) -> Option<Position> {
    let lang = model.lang;
    let title = Message::new("tui.history.title")
        .arg("label", &state.title)
        .render(lang);
    let block = titled_block(title, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if state.lines.is_empty() {
        lines.push(Line::styled(
            tr(lang, "tui.history.empty").to_string(),
            ctx.theme.dim(),
        ));
    }
    for entry in state.lines.iter().skip(state.scroll) {
        let author = fit(&entry.author, 20);
        let used = entry.date.chars().count() + author.chars().count() + 4;
        let room = width.saturating_sub(used);
        let flat = |text: &str| text.replace('\n', " ");
        // A set element's change is a sentence already; a field's change is
        // said on one line when it fits, else its values go below.
        let sentence = entry.old.is_empty() && entry.new.is_empty();
        let whole = Message::new("tui.history.line")
            .arg("field", &entry.field)
            .arg("old", flat(&entry.old))
            .arg("new", flat(&entry.new))
            .render(lang);
        let one_line = sentence || whole.width() <= room;
        if lines.len() + if one_line { 1 } else { 2 } > inner.height as usize {
            break;
        }
        let head = if sentence { entry.field.clone() } else { whole };
        let head = if one_line { head } else { entry.field.clone() };
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", entry.date), ctx.theme.dim()),
            Span::styled(author, ctx.theme.heading()),
            Span::raw(format!("  {}", fit(&head, room))),
        ]));
        if !one_line {
            lines.push(Line::raw(fit(
                &format!("    {} → {}", flat(&entry.old), flat(&entry.new)),
                width,
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(Position::new(inner.x, inner.y))
}

pub fn form(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    area: Rect,
    form: &FormState,
) -> Option<Position> {
    let lang = model.lang;
    let block = titled_block(form.title(lang), ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = form
        .fields
        .iter()
        .map(|field| tr(lang, &field.label_key).chars().count() + 2)
        .max()
        .unwrap_or(10)
        .min(26);
    let value_width = (inner.width as usize).saturating_sub(label_width + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    if let crate::app::ui::FormPurpose::Setup = form.purpose {
        lines.push(Line::raw(fit(
            tr(lang, "tui.setup.welcome"),
            inner.width as usize,
        )));
        let path = Message::new("tui.setup.database")
            .arg("path", model.db_path.display())
            .render(lang);
        lines.push(Line::styled(
            fit(&path, inner.width as usize),
            ctx.theme.dim(),
        ));
        lines.push(Line::raw(""));
    }
    // Keep the focused field visible on short terminals: each field takes
    // one line, plus one for its message or hint when focused or refused.
    let budget = (inner.height as usize).saturating_sub(lines.len() + 1);
    let first = form
        .focus
        .saturating_sub(budget.saturating_sub(3) / 2)
        .min(form.focus);
    let first = if form.fields.len() + 2 <= budget {
        0
    } else {
        first
    };
    for (index, field) in form.fields.iter().enumerate().skip(first) {
        if lines.len() + 1 >= inner.height as usize {
            break;
        }
        let focused = index == form.focus;
        let required = if field.required { "*" } else { " " };
        let label = format!("{}{required}", tr(lang, &field.label_key));
        let label = format!("{:<label_width$}", fit(&label, label_width));
        let (value, caret) = match &field.input {
            // Only the focused field follows its caret; others show their start.
            Input::Text(text) if focused => text.window(value_width),
            Input::Text(text) => (fit(text.as_str(), value_width), 0),
            Input::Pick(picker) => {
                let chosen = picker.label().unwrap_or("");
                let query = picker.query.as_str();
                // Once left, a list shows what it holds, not the search
                // that found it (unless the search found nothing).
                let settled = query.is_empty() || (!focused && !chosen.is_empty());
                let shown = if settled {
                    format!("‹ {chosen} ›")
                } else {
                    // The count says what it counts: « (1) » beside a
                    // place's commune read as part of its name.
                    let matches = Message::new("tui.form.matches")
                        .count(i64::try_from(picker.matches.len()).unwrap_or(i64::MAX))
                        .render(lang);
                    format!("{query} → {chosen} · {matches}")
                };
                let caret = picker.query.caret_column();
                (fit(&shown, value_width), caret)
            }
        };
        let marker = if focused { "▶" } else { " " };
        let label_style = if focused {
            ctx.theme.selected()
        } else {
            ctx.theme.dim()
        };
        let value_style = if focused {
            ctx.theme.focused_field()
        } else {
            ratatui::style::Style::new()
        };
        if focused {
            cursor = Some(Position::new(
                inner.x + 1 + label_width as u16 + caret as u16,
                inner.y + lines.len() as u16,
            ));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{label}"), label_style),
            Span::styled(value, value_style),
        ]));
        if let Some(error) = &field.error {
            // A long message takes a second line rather than being cut.
            let indent = " ".repeat(label_width + 1);
            let width = (inner.width as usize).saturating_sub(label_width + 3);
            let mut rows = wrap(&error.render(lang), width.max(1));
            if rows.len() > 2 {
                let rest = rows.split_off(1).join(" ");
                rows.push(fit(&rest, width));
            }
            for (row, text) in rows.iter().enumerate() {
                let mark = if row == 0 { "✗ " } else { "  " };
                lines.push(Line::styled(
                    format!("{indent}{mark}{text}"),
                    ctx.theme.error(),
                ));
            }
        } else if focused && let Some(hint) = field.hint_key {
            // A list's hint names the keys that choose in it.
            let hint = with_keys(
                model,
                ctx,
                Context::Form,
                Message::new(hint),
                &[("prev", Action::OptionPrev), ("next", Action::OptionNext)],
            );
            let text = format!("{:width$}{hint}", "", width = label_width + 1);
            lines.push(Line::styled(
                fit(&text, inner.width as usize),
                ctx.theme.dim(),
            ));
        }
    }
    if let Some(error) = &form.error {
        lines.push(Line::styled(
            fit(&format!("✗ {}", error.render(lang)), inner.width as usize),
            ctx.theme.error(),
        ));
    } else {
        // The star's legend; the keys that save and cancel are the
        // footer's first (tests/suite/tui_footer.rs).
        lines.push(Line::styled(
            fit(tr(lang, "tui.form.required"), inner.width as usize),
            ctx.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    cursor
}

/// Splits `text` into rows of at most `width` characters, at spaces when
/// possible (never at French typography's spaces: see `glued`); line
/// breaks are kept. A word longer than a row is cut: after a `/`, `.`,
/// `-`, `?`, `&`, `=`, `_` or `@` that falls in the second half of the
/// room, else where the row ends; one holding such a character (a web or
/// e-mail address) starts on the row it follows, beside its label.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        let mut used = 0;
        for word in super::glued(paragraph.split(' ')) {
            let mut word: Vec<char> = word.chars().collect();
            // An address cut anyway starts beside what it follows.
            let stays = word.len() > width && word.iter().any(|c| is_part_end(*c));
            if used > 0 && used + 1 + word.len() > width && (!stays || used + 1 >= width) {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            if used > 0 {
                row.push(' ');
                used += 1;
            }
            while word.len() > width - used {
                let rest = word.split_off(cut_at(&word, width - used));
                row.extend(word);
                rows.push(std::mem::take(&mut row));
                used = 0;
                word = rest;
            }
            used += word.len();
            row.extend(word);
        }
        rows.push(row);
    }
    rows
}

/// Where a word too long for `room` is cut: after the last character that
/// separates the parts of an address, when it leaves the row at least half
/// full, else at `room`.
fn cut_at(word: &[char], room: usize) -> usize {
    let within = word.get(..room).unwrap_or(word);
    within
        .iter()
        .rposition(|c| is_part_end(*c))
        .map(|at| at + 1)
        .filter(|cut| *cut * 2 >= room)
        .unwrap_or(room)
}

/// A character after which an address (web, e-mail, path) may be cut.
fn is_part_end(c: char) -> bool {
    matches!(c, '/' | '.' | '-' | '?' | '&' | '=' | '_' | '@')
}

#[cfg(test)]
mod tests {
    use super::{with_hint_at_end, wrap};

    #[test]
    fn the_open_key_sits_at_the_line_end_only_where_it_fits() {
        let line = "▶ Organisation  Réseau du Sud".to_string();
        assert_eq!(
            with_hint_at_end(line.clone(), "Entrée fiche liée", 50),
            "▶ Organisation  Réseau du Sud    Entrée fiche liée"
        );
        assert_eq!(
            with_hint_at_end(line.clone(), "Entrée fiche liée", 40),
            line
        );
    }

    #[test]
    fn wrapping_cuts_at_spaces_and_keeps_line_breaks() {
        assert_eq!(
            wrap("Montrer le patrimoine", 10),
            ["Montrer le", "patrimoine"]
        );
        assert_eq!(wrap("abcdefghij klm", 4), ["abcd", "efgh", "ij", "klm"]);
        // An address longer than a row stays beside its label and is cut
        // where its parts meet.
        assert_eq!(
            wrap(
                "Site web : https://www.example.fr/fr/location/coworking/cannes",
                30
            ),
            [
                "Site web : https://www.",
                "example.fr/fr/location/",
                "coworking/cannes"
            ]
        );
        assert_eq!(wrap("ab cdefghijkl", 4), ["ab", "cdef", "ghij", "kl"]);
        assert_eq!(wrap("été\nhiver", 20), ["été", "hiver"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("œuvre à", 5), ["œuvre", "à"]);
        assert_eq!(
            wrap("Garder « Parc du Verdon » ?", 12),
            ["Garder", "« Parc du", "Verdon » ?"]
        );
    }
}
