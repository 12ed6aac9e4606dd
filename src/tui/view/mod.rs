//! Drawing the model: header with tabs and site, the body of the current
//! view, the status line and the footer generated from the keymap, then any
//! overlay. Reads the model only; also says where the terminal cursor goes
//! (the selected row, or the caret of the field being typed in).

mod conflicts;
mod home;
mod jobs;
pub mod map;
mod overlay;
pub use overlay::help_lines;
mod panes;
mod prompt;
mod report_form;
mod skills;
mod sync;
mod table;
mod text;

pub use text::{colon, columns, fit, glued, wrap, wrap_within};

use super::keymap::Keymap;
use super::theme::Theme;
use crate::app::ui::{Action, Context, Model, Overlay, Tab, View, layout, registry};
use crate::i18n::{Lang, Message, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// What the views need besides the model.
pub struct ViewCtx<'a> {
    pub keymap: &'a Keymap,
    pub theme: Theme,
}

const BRAND: &str = " Relais ";

/// The header's texts: the brand (when there is room) and each tab's text.
/// Full titles when they fit in `width`, else short ones without the
/// brand, else the current tab's short title and the others' numbers only:
/// every tab keeps its place (and its number key) on the bar.
fn tab_texts(lang: Lang, width: u16, active: Tab) -> (&'static str, Vec<(String, Tab)>) {
    // Tabs are one column apart; the last needs no space after it.
    let fits = |brand: &str, texts: &[(String, Tab)]| {
        columns(brand)
            + texts
                .iter()
                .map(|(text, _)| columns(text) + 1)
                .sum::<usize>()
            <= width as usize + 1
    };
    let full: Vec<(String, Tab)> = Tab::all()
        .enumerate()
        .map(|(index, tab)| {
            (
                format!(" {} {} ", index + 1, tr(lang, tab.title_key())),
                tab,
            )
        })
        .collect();
    if fits(BRAND, &full) {
        return (BRAND, full);
    }
    let short: Vec<(String, Tab)> = Tab::all()
        .enumerate()
        .map(|(index, tab)| (format!("{} {}", index + 1, tr(lang, tab.short_key())), tab))
        .collect();
    if fits("", &short) {
        return ("", short);
    }
    let numbers = Tab::all()
        .enumerate()
        .map(|(index, tab)| {
            let text = if tab == active {
                format!("{} {}", index + 1, tr(lang, tab.short_key()))
            } else {
                format!("{}", index + 1)
            };
            (text, tab)
        })
        .collect();
    ("", numbers)
}

/// Where each tab sits on the header row: `(first column, end, tab)`.
pub fn tab_spans(lang: Lang, width: u16, active: Tab) -> Vec<(u16, u16, Tab)> {
    let (brand, texts) = tab_texts(lang, width, active);
    let mut x = columns(brand) as u16;
    let mut spans = Vec::new();
    for (text, tab) in texts {
        let width = columns(&text) as u16;
        spans.push((x, x + width, tab));
        x += width + 1;
    }
    spans
}

pub fn draw(frame: &mut Frame, model: &Model, ctx: &ViewCtx) {
    let area = frame.area();
    if layout::too_small(area.width, area.height) {
        too_small(frame, model, ctx);
        return;
    }
    let header = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 3);
    let status = Rect::new(area.x, area.bottom() - 2, area.width, 1);
    let footer_area = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    draw_header(frame, model, ctx, header);
    let cursor = match &model.view {
        View::Setup(form) => panes::form(frame, model, ctx, body, form),
        View::Form(form) => panes::form(frame, model, ctx, body, form),
        View::Browse => table::browse(frame, model, ctx, body),
        View::Detail(detail) => panes::detail(frame, model, ctx, body, detail),
        View::History(history) => panes::history(frame, model, ctx, body, history),
        View::Home => home::home(frame, model, ctx, body),
        View::Skills => skills::skills(frame, model, ctx, body),
        View::Sync => sync::sync(frame, model, ctx, body),
        View::Conflicts => conflicts::conflicts(frame, model, ctx, body),
        View::Map => map::map(frame, model, ctx, body),
    };
    draw_status(frame, model, ctx, status);
    draw_footer(frame, model, ctx, footer_area);
    let overlay_cursor = match &model.overlay {
        Overlay::None => None,
        Overlay::Help { scroll } => overlay::help(frame, model, ctx, body, *scroll),
        Overlay::Search(search) => overlay::search(frame, model, ctx, body, search),
        Overlay::Status(dialog) => overlay::status(frame, model, ctx, body, dialog),
        Overlay::Confirm(confirm) => overlay::confirm(frame, model, ctx, body, confirm),
        Overlay::Prompt(question) => prompt::prompt(frame, model, ctx, body, question),
        Overlay::Report(form) => report_form::report_form(frame, model, ctx, body, form),
    };
    if let Some(position) = overlay_cursor.or(cursor) {
        frame.set_cursor_position(position);
    }
}

fn draw_header(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) {
    let lang = model.lang;
    let (brand, texts) = tab_texts(lang, area.width, model.tab);
    let mut spans = vec![Span::styled(brand, ctx.theme.title())];
    let in_setup = matches!(model.view, View::Setup(_));
    for (text, tab) in texts {
        let style = if !in_setup && tab == model.tab {
            ctx.theme.tab_active()
        } else {
            Style::new()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let Some(site) = &model.site {
        let used: u16 = tab_spans(lang, area.width, model.tab)
            .last()
            .map_or(0, |(_, end, _)| *end)
            + 1;
        let width = columns(site) as u16 + 1;
        if area.width > used + width {
            let site_area = Rect::new(area.right() - width, area.y, width, 1);
            frame.render_widget(
                Paragraph::new(Span::styled(site.clone(), ctx.theme.dim())),
                site_area,
            );
        }
    }
}

fn draw_status(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) {
    let Some(notice) = &model.notice else {
        return;
    };
    let text = notice.message.render(model.lang);
    // One line: a longer message ends with `…` rather than mid-word; an
    // error (which says what to do) wraps instead, upward over the bottom
    // of the screen, up to four lines.
    let width = area.width as usize;
    let parts = wrap(&format!("✗ {text}"), width);
    if notice.error && parts.len() > 1 {
        let rows = parts.len().min(4) as u16;
        let top = area.y.saturating_sub(rows - 1);
        let rect = Rect::new(area.x, top, area.width, area.bottom() - top);
        let lines: Vec<Line> = parts
            .into_iter()
            .take(4)
            .map(|part| Line::styled(part, ctx.theme.error()))
            .collect();
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(lines), rect);
        return;
    }
    let line = if notice.error {
        Line::from(vec![Span::styled(
            fit(&format!("✗ {text}"), width),
            ctx.theme.error(),
        )])
    } else {
        Line::from(vec![Span::styled(
            fit(&format!("✓ {text}"), width),
            ctx.theme.ok(),
        )])
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_footer(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) {
    let lang = model.lang;
    let context = model.context();
    let items: Vec<FooterItem> = (context.spec().footer)(model)
        .into_iter()
        .filter_map(|action| {
            let key = ctx.keymap.first_key(context, action, lang)?;
            let meaning = registry::meaning_key(model, context, action);
            let label = meaning
                .as_deref()
                .map_or(String::new(), |k| tr(lang, k).to_string());
            // A shorter label where the catalog has one (`tui.short.…`).
            let short = meaning
                .as_deref()
                .and_then(|k| k.strip_prefix("tui."))
                .map(|rest| ["tui.short", rest].join("."))
                .filter(|k| crate::i18n::has(lang, k))
                .map(|k| tr(lang, &k).to_string());
            Some(FooterItem {
                key,
                label,
                short,
                kept: action == Action::Help,
                place: match action {
                    Action::Help => FooterPlace::Help,
                    Action::Quit => FooterPlace::Quit,
                    _ => FooterPlace::Screen,
                },
            })
        })
        .collect();
    let mut spans = Vec::new();
    for (index, (key, label)) in fit_footer(&items, area.width as usize)
        .into_iter()
        .enumerate()
    {
        if index > 0 {
            spans.push(Span::raw(FOOTER_GAP));
        }
        spans.push(Span::styled(key, ctx.theme.key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Between two items of the footer.
const FOOTER_GAP: &str = "  ";

/// One thing the footer may offer: its key, its words, shorter words if
/// the catalog has them, whether it always shows (the help), and where it
/// goes among those shown: the help then quitting last on every screen,
/// whatever their priority when room is short.
struct FooterItem {
    key: String,
    label: String,
    short: Option<String>,
    kept: bool,
    place: FooterPlace,
}

/// Where an item goes among those shown, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FooterPlace {
    /// What the screen offers, in its order.
    Screen,
    Help,
    Quit,
}

/// The footer's (key, label) pairs for `width` columns: every item as it
/// is when all fit; else with their short labels, in order, each item
/// that still does not fit left out (not the ones after it: a shorter one
/// may fit), room being kept for the items that always show (`? aide`).
/// Those shown are then put in their `place` order.
fn fit_footer(items: &[FooterItem], width: usize) -> Vec<(String, String)> {
    let gap = columns(FOOTER_GAP);
    let cost = |key: &str, label: &str| columns(key) + 1 + columns(label);
    let full: usize = items
        .iter()
        .map(|item| cost(&item.key, &item.label))
        .sum::<usize>()
        + gap * items.len().saturating_sub(1);
    let crowded = full > width;
    let label = |item: &FooterItem| -> String {
        match (&item.short, crowded) {
            (Some(short), true) => short.clone(),
            _ => item.label.clone(),
        }
    };
    // The room the items that always show take, with their gaps.
    let mut kept_room: usize = items
        .iter()
        .filter(|item| item.kept)
        .map(|item| cost(&item.key, &label(item)) + gap)
        .sum();
    let mut used = 0usize;
    let mut shown = Vec::new();
    for item in items {
        let text = label(item);
        let needed = cost(&item.key, &text) + if shown.is_empty() { 0 } else { gap };
        if item.kept {
            kept_room = kept_room.saturating_sub(cost(&item.key, &text) + gap);
        } else if used + needed + kept_room > width {
            continue;
        }
        used += needed;
        shown.push((item.place, item.key.clone(), text));
    }
    // Stable: the others keep their order.
    shown.sort_by_key(|(place, _, _)| *place);
    shown
        .into_iter()
        .map(|(_, key, text)| (key, text))
        .collect()
}

/// The words for what `action` does in `context` (footer and help).
pub fn meaning(model: &Model, context: Context, action: Action) -> String {
    match registry::meaning_key(model, context, action) {
        Some(key) => tr(model.lang, &key).to_string(),
        None => String::new(),
    }
}

/// The general words for an action (the keys that work everywhere).
pub fn action_words(lang: Lang, action: Action) -> String {
    match action.name() {
        Some(name) => tr(lang, &format!("tui.action.{name}")).to_string(),
        None => String::new(),
    }
}

/// A catalog text that names keys: each `{name}` given is replaced by the
/// first key bound to its action in `context`, so a remapped key shows in
/// the hint as it does in the footer (catalog texts never name keys).
pub fn with_keys(
    model: &Model,
    ctx: &ViewCtx,
    context: Context,
    mut message: Message,
    keys: &[(&'static str, Action)],
) -> String {
    for (name, action) in keys {
        let shown = ctx
            .keymap
            .first_key(context, *action, model.lang)
            .unwrap_or_else(|| "—".to_string());
        message = message.arg(name, shown);
    }
    message.render(model.lang)
}

fn too_small(frame: &mut Frame, model: &Model, ctx: &ViewCtx) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    let text = crate::i18n::Message::new("tui.too_small")
        .arg("width", area.width)
        .arg("height", area.height)
        .arg("min_width", layout::MIN_WIDTH)
        .arg("min_height", layout::MIN_HEIGHT)
        .render(model.lang);
    let quit = ctx
        .keymap
        .first_key(Context::Browse, Action::Quit, model.lang)
        .unwrap_or_default();
    let hint = crate::i18n::Message::new("tui.too_small_quit")
        .arg("key", quit)
        .render(model.lang);
    let paragraph = Paragraph::new(vec![Line::styled(text, ctx.theme.error()), Line::raw(hint)])
        .wrap(Wrap { trim: true });
    frame.render_widget(paragraph, area);
    frame.set_cursor_position(Position::new(area.x, area.y));
}

#[cfg(test)]
mod tests;
