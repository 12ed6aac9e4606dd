//! *Carte*: the region in braille (ratatui's `Canvas`), with a side panel.
//! Every mark is a distinct character so the map reads without colour
//! (`NO_COLOR`, monochrome): `•` places of the directory, `▲` requests, `◆`
//! both, `◉` the cursor (also in reverse video), a département's code with
//! `!` when it has a skill gap. The panel names the commune under the cursor
//! and its counts, or, after Enter, lists what is there.

use super::fit;
use crate::app::ui::map::{MapCommune, MapData, MapState};
use crate::i18n::{Lang, Message, tr};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Line as Segment};

/// Width of the side panel.
const PANEL: u16 = 30;
/// The map's frame in degrees: west, east, south, north (PACA with a margin).
const BOUNDS: [f64; 4] = [4.15, 7.8, 42.95, 45.2];

/// The character that marks a commune.
pub fn marker(commune: &MapCommune) -> &'static str {
    match (commune.places > 0, commune.requests > 0) {
        (true, true) => "◆",
        (false, true) => "▲",
        _ => "•",
    }
}

/// Draws the *Carte* screen in `area`.
pub fn map(frame: &mut Frame, lang: Lang, theme: Theme, state: &MapState, area: Rect) {
    let Some(data) = &state.data else {
        let line = Line::styled(tr(lang, "tui.home.loading").to_string(), theme.dim());
        frame.render_widget(Paragraph::new(line), area);
        return;
    };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(tr(lang, "map.title"), title.width as usize),
            theme.heading(),
        )),
        title,
    );
    let panel_width = PANEL.min(body.width / 2);
    let [canvas_area, panel_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(panel_width)]).areas(body);
    draw_canvas(frame, theme, state, data, canvas_area);
    let lines = match &state.listing {
        Some(listing) => listing_lines(lang, theme, state, listing, panel_area),
        None => panel_lines(lang, theme, state, data, panel_area.width as usize),
    };
    frame.render_widget(Paragraph::new(lines), panel_area);
}

fn draw_canvas(frame: &mut Frame, theme: Theme, state: &MapState, data: &MapData, area: Rect) {
    let outline_color = if theme.color {
        Color::Gray
    } else {
        Color::Reset
    };
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([BOUNDS[0], BOUNDS[1]])
        .y_bounds([BOUNDS[2], BOUNDS[3]])
        .paint(|ctx| {
            for departement in &data.departements {
                for ring in departement.rings {
                    for pair in ring.windows(2) {
                        ctx.draw(&Segment {
                            x1: pair[0].0,
                            y1: pair[0].1,
                            x2: pair[1].0,
                            y2: pair[1].1,
                            color: outline_color,
                        });
                    }
                }
            }
            ctx.layer();
            for (index, commune) in data.communes.iter().enumerate() {
                if index != state.selected {
                    let style = if commune.requests > 0 {
                        theme.error()
                    } else {
                        theme.ok()
                    };
                    ctx.print(
                        commune.at.0,
                        commune.at.1,
                        Span::styled(marker(commune), style),
                    );
                }
            }
            for departement in &data.departements {
                let mark = if departement.gap { "!" } else { "" };
                let label = format!("{}{mark}", departement.code);
                let (x, y) = departement.centre;
                ctx.print(x, y, Span::styled(label, theme.title()));
            }
            if let Some(commune) = data.communes.get(state.selected) {
                ctx.print(
                    commune.at.0,
                    commune.at.1,
                    Span::styled("◉", theme.selected()),
                );
            }
        });
    frame.render_widget(canvas, area);
}

fn counts(lang: Lang, commune: &MapCommune) -> String {
    let places = Message::new("map.places").count(commune.places as i64);
    let requests = Message::new("map.requests").count(commune.requests as i64);
    format!("{} · {}", places.render(lang), requests.render(lang))
}

fn panel_lines(
    lang: Lang,
    theme: Theme,
    state: &MapState,
    data: &MapData,
    width: usize,
) -> Vec<Line<'static>> {
    let text = |key: &str| fit(tr(lang, key), width);
    let mut lines = vec![
        Line::raw(text("map.legend.places")),
        Line::raw(text("map.legend.requests")),
        Line::raw(text("map.legend.both")),
        Line::raw(text("map.legend.gap")),
        Line::raw(""),
    ];
    match state.selected_commune() {
        Some(commune) => {
            let name = format!("◉ {} ({})", commune.name, commune.code);
            lines.push(Line::styled(fit(&name, width), theme.selected()));
            lines.push(Line::raw(fit(
                &format!("  {}", counts(lang, commune)),
                width,
            )));
            lines.push(Line::styled(text("map.enter"), theme.dim()));
        }
        None => lines.push(Line::styled(text("map.empty"), theme.dim())),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(text("map.departements"), theme.title()));
    for departement in &data.departements {
        let gap = if departement.gap { " !" } else { "" };
        let row = format!(
            "{} {:<16} {:>4}{gap}",
            departement.code,
            fit(&departement.name, 16),
            departement.requests
        );
        lines.push(Line::raw(fit(&row, width)));
    }
    lines
}

fn listing_lines(
    lang: Lang,
    theme: Theme,
    state: &MapState,
    listing: &crate::app::ui::map::Listing,
    area: Rect,
) -> Vec<Line<'static>> {
    let width = area.width as usize;
    let name = state
        .selected_commune()
        .map(|c| format!("◉ {} ({})", c.name, c.code))
        .unwrap_or_else(|| listing.commune.clone());
    let mut lines = vec![Line::styled(fit(&name, width), theme.selected())];
    let height = area.height as usize;
    let sections = [
        ("map.listing.places", &listing.places, "•"),
        ("map.listing.requests", &listing.requests, "▲"),
    ];
    // Each section gets half of what is left, so both always show.
    let room = height.saturating_sub(1 + 2 * sections.len() + 1) / sections.len();
    for (key, names, mark) in sections {
        let heading = Message::new(key).count(names.len() as i64).render(lang);
        lines.push(Line::styled(fit(&heading, width), theme.title()));
        if names.is_empty() {
            lines.push(Line::styled(
                fit(tr(lang, "map.listing.none"), width),
                theme.dim(),
            ));
        }
        for name in names.iter().take(room.max(1)) {
            lines.push(Line::raw(fit(&format!("{mark} {name}"), width)));
        }
    }
    lines.push(Line::styled(fit(tr(lang, "map.back"), width), theme.dim()));
    lines
}
