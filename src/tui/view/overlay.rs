//! Overlays drawn above the body: help (generated from the keymap), global
//! search with matched characters highlighted, the status dialog and yes/no
//! questions.

use super::{ViewCtx, colon, fit, meaning};
use crate::app::ui::jobs::JobKind;
use crate::app::ui::registry::CONTEXTS;
use crate::app::ui::{Action, Confirm, Context, Model, SearchHit, SearchState, StatusDialog};
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

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

pub(super) fn boxed(frame: &mut Frame, ctx: &ViewCtx, area: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), ctx.theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The actions that move and open the same way in most places: the help
/// lists them once, under their own heading, before the places.
const NAVIGATION: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::Back,
];

/// The help, generated from the keymap: where the files are, the keys that
/// work everywhere, the screens (once, on a few lines), moving, then each
/// place's own keys. A key is listed once: a line (keys and what they do)
/// already shown higher up is not repeated under a later heading, and a
/// heading left with no line of its own is left out.
pub fn help_lines(model: &Model, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let lang = model.lang;
    let mut lines = Vec::new();
    let mut shown: Vec<(String, String)> = Vec::new();
    let mut section = |lines: &mut Vec<Line<'static>>,
                       title: String,
                       bindings: Vec<(String, String)>,
                       note: Option<String>| {
        let fresh: Vec<(String, String)> = bindings
            .into_iter()
            .filter(|(keys, words)| !keys.is_empty() && !words.is_empty())
            .filter(|line| !shown.contains(line))
            .collect();
        if fresh.is_empty() {
            return;
        }
        lines.push(Line::styled(title, ctx.theme.heading()));
        for (keys, words) in fresh {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<width$}", keys, width = HELP_LABEL),
                    ctx.theme.key(),
                ),
                Span::raw(words.clone()),
            ]));
            shown.push((keys, words));
        }
        if let Some(note) = note {
            lines.push(Line::styled(format!("  {note}"), ctx.theme.dim()));
        }
        lines.push(Line::raw(""));
    };
    let keys_of = |keys: &[super::super::keymap::Chord]| {
        keys.iter()
            .map(|key| key.display(lang))
            .collect::<Vec<_>>()
            .join(" ")
    };
    lines.extend(file_lines(model, ctx));
    let global: Vec<(String, String)> = ctx
        .keymap
        .global_bindings()
        .into_iter()
        .filter(|(action, _)| !matches!(action, Action::Screen(_)))
        .map(|(action, keys)| (keys_of(keys), super::action_words(lang, action)))
        .collect();
    section(
        &mut lines,
        tr(lang, "tui.help.global").to_string(),
        global,
        None,
    );
    lines.extend(screen_lines(model, ctx));
    let navigation: Vec<(String, String)> = ctx
        .keymap
        .own_bindings(Context::Browse)
        .into_iter()
        .filter(|(action, _)| NAVIGATION.contains(action))
        .map(|(action, keys)| (keys_of(keys), super::action_words(lang, action)))
        .collect();
    section(
        &mut lines,
        tr(lang, "figures.help.navigation").to_string(),
        navigation,
        None,
    );
    for spec in CONTEXTS {
        let Some(title) = spec.help_key else {
            continue;
        };
        let context = spec.context;
        let bindings = ctx
            .keymap
            .own_bindings(context)
            .into_iter()
            .map(|(action, keys)| (keys_of(keys), meaning(model, context, action)))
            .collect();
        let note = context
            .types_text()
            .then(|| tr(lang, "tui.help.typing").to_string());
        section(&mut lines, tr(lang, title).to_string(), bindings, note);
    }
    lines
}

/// The screens, once: the keys that reach them, then "1 Accueil · 2
/// Demandes · …" cut into lines of the box's width.
fn screen_lines(model: &Model, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let lang = model.lang;
    let numbered: Vec<(String, String)> = ctx
        .keymap
        .global_bindings()
        .into_iter()
        .filter_map(|(action, keys)| match action {
            Action::Screen(n) => {
                let tab = crate::app::ui::Tab::nth(n as usize)?;
                let key = keys.first()?.display(lang);
                Some((key, tr(lang, tab.title_key()).to_string()))
            }
            _ => None,
        })
        .collect();
    if numbered.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        tr(lang, "figures.help.screens").to_string(),
        ctx.theme.heading(),
    )];
    let mut current = String::from(" ");
    for (key, title) in numbered {
        let item = format!(" {key} {title}");
        if super::columns(&current) + super::columns(&item) + 2 > HELP_TEXT && current.len() > 1 {
            lines.push(Line::raw(current));
            current = String::from(" ");
        } else if current.len() > 1 {
            current.push_str(" ·");
        }
        current.push_str(&item);
    }
    lines.push(Line::raw(current));
    lines.push(Line::raw(""));
    lines
}

/// Width of the help's first column (keys, or what a file is).
const HELP_LABEL: usize = 18;
/// Width of the text inside the help box (64 columns less the borders).
const HELP_TEXT: usize = 62;

/// Where the database, the settings and the backups are, each path whole:
/// beside its label when it fits, else on lines of its own under it (cut
/// into pieces of the box's width, never shortened).
fn file_lines(model: &Model, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let lang = model.lang;
    let files = model.files();
    let mut lines = vec![Line::styled(
        tr(lang, "tui.help.files").to_string(),
        ctx.theme.heading(),
    )];
    for (key, path) in [
        ("tui.help.file_database", &files.database),
        ("tui.help.file_config", &files.config),
        ("tui.help.file_backups", &files.backups),
    ] {
        let path = path.display().to_string();
        let label = Span::styled(
            format!("  {:<HELP_LABEL$}", fit(tr(lang, key), HELP_LABEL - 1)),
            ctx.theme.dim(),
        );
        if 2 + HELP_LABEL + super::columns(&path) <= HELP_TEXT {
            lines.push(Line::from(vec![label, Span::raw(path)]));
            continue;
        }
        lines.push(Line::from(label));
        for part in chunks(&path, HELP_TEXT - 4) {
            lines.push(Line::raw(format!("    {part}")));
        }
    }
    lines.push(Line::raw(""));
    lines
}

/// `text` in pieces of at most `width` display columns.
fn chunks(text: &str, width: usize) -> Vec<String> {
    let mut parts = vec![String::new()];
    for c in text.chars() {
        let full = parts.last().is_some_and(|part| {
            super::columns(part) + super::columns(c.encode_utf8(&mut [0; 4])) > width
        });
        if full {
            parts.push(String::new());
        }
        if let Some(part) = parts.last_mut() {
            part.push(c);
        }
    }
    parts
}

pub fn help(
    frame: &mut Frame,
    model: &Model,
    ctx: &ViewCtx,
    body: Rect,
    scroll: usize,
) -> Option<Position> {
    let area = centred(body, 64, body.height);
    let inner = boxed(frame, ctx, area, tr(model.lang, "tui.help.title"));
    let lines = help_lines(model, ctx);
    let scroll = scroll.min(lines.len().saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    Some(Position::new(inner.x, inner.y))
}

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
        lines.extend(super::jobs::failure_lines(
            model,
            ctx,
            JobKind::SearchIndex,
            reason,
            width,
        ));
    } else if let Some(reason) = model.jobs.failure(JobKind::Search) {
        lines.extend(super::jobs::failure_lines(
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
        let room = width.saturating_sub(super::columns(&label));
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
    let question = super::wrap(&confirm.question.render(lang), width);
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
