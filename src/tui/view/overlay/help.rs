//! The help overlay, generated from the keymap: where the files are, the
//! keys that work everywhere, the screens, moving, then each place's keys.

use super::{boxed, centred};
use crate::app::ui::registry::CONTEXTS;
use crate::app::ui::{Action, Context, Model};
use crate::i18n::tr;
use crate::tui::view::{ViewCtx, action_words, columns, fit, meaning};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let keys_of = |keys: &[crate::tui::keymap::Chord]| {
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
        .map(|(action, keys)| (keys_of(keys), action_words(lang, action)))
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
        .map(|(action, keys)| (keys_of(keys), action_words(lang, action)))
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
        if columns(&current) + columns(&item) + 2 > HELP_TEXT && current.len() > 1 {
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
        if 2 + HELP_LABEL + columns(&path) <= HELP_TEXT {
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

/// A path in pieces of at most `width` display columns, each ending at
/// a separator where it can (`…/Digne-les-Bains/` whole on its line, not
/// `…/Digne-les-Bain` then `s/données`); a folder name longer than a line
/// is cut where the line ends.
fn chunks(path: &str, width: usize) -> Vec<String> {
    let mut parts = vec![String::new()];
    for segment in path.split_inclusive(['/', '\\']) {
        let starts_line = parts.last().is_some_and(String::is_empty);
        let fits = parts
            .last()
            .is_some_and(|part| columns(part) + columns(segment) <= width);
        if !fits && !starts_line {
            parts.push(String::new());
        }
        for c in segment.chars() {
            let full = parts
                .last()
                .is_some_and(|part| columns(part) + columns(c.encode_utf8(&mut [0; 4])) > width);
            if full {
                parts.push(String::new());
            }
            if let Some(part) = parts.last_mut() {
                part.push(c);
            }
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

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn a_long_path_breaks_after_a_separator_and_keeps_every_character() {
        let path =
            "/home/camille/Documents/Espace numérique de Digne-les-Bains/données/relais/relais.db";
        let parts = chunks(path, 58);
        assert_eq!(
            parts,
            [
                "/home/camille/Documents/",
                "Espace numérique de Digne-les-Bains/données/relais/",
                "relais.db"
            ]
        );
        // A folder name wider than the line is cut where the line ends.
        let parts = chunks("/a/abcdefghij/b", 6);
        assert_eq!(parts, ["/a/", "abcdef", "ghij/b"]);
        assert_eq!(parts.concat(), "/a/abcdefghij/b");
    }
}
