//! *Carte*: the region in braille (ratatui's `Canvas`), with a side panel.
//! Every mark is a distinct character so the map reads without colour
//! (`NO_COLOR`, monochrome): `•` places of the directory, `▲` requests, `◆`
//! both, `◉` the cursor (also in reverse video), a département's code with
//! `!` when it has a skill gap. Requests and the cursor are drawn last, so
//! that nothing hides them. The panel gives the legend, the commune under
//! the cursor with its counts and the départements' requests, or, after
//! Enter, lists what is there with the record that Enter opens.

use super::{ViewCtx, fit};
use crate::app::ui::Model;
use crate::app::ui::jobs::JobKind;
use crate::app::ui::map::{Listed, Listing, MapCommune, MapData, MapState};
use crate::domain::Kind;
use crate::i18n::{Lang, Message, format_count, tr};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
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

/// Draws the *Carte* screen in `area`; the terminal cursor goes on the
/// commune under the map's cursor (or the record chosen in a listing).
pub fn map(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    let state = &model.map;
    let Some(data) = &state.data else {
        super::jobs::waiting(frame, model, ctx, area, Some(JobKind::Map));
        return None;
    };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(tr(lang, "map.title"), title.width as usize),
            ctx.theme.heading(),
        )),
        title,
    );
    let panel_width = PANEL.min(body.width / 2);
    let [canvas_area, panel_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(panel_width)]).areas(body);
    draw_canvas(frame, ctx.theme, state, data, canvas_area);
    let width = panel_area.width as usize;
    let (lines, chosen) = match &state.listing {
        Some(listing) => listing_lines(model, ctx, listing, panel_area),
        None => (
            panel_lines(model, ctx, data, width, panel_area.height as usize),
            None,
        ),
    };
    frame.render_widget(Paragraph::new(lines), panel_area);
    match chosen {
        Some(row) => Some(Position::new(panel_area.x, panel_area.y + row)),
        None => state
            .selected_commune()
            .and_then(|commune| cell_of(canvas_area, commune.at)),
    }
}

/// The cell the canvas prints a label at `(lon, lat)` in (as ratatui does).
fn cell_of(area: Rect, (lon, lat): (f64, f64)) -> Option<Position> {
    let [west, east, south, north] = BOUNDS;
    if area.width < 2 || area.height < 2 || !(west..=east).contains(&lon) {
        return None;
    }
    if !(south..=north).contains(&lat) {
        return None;
    }
    let x = (lon - west) * f64::from(area.width - 1) / (east - west);
    let y = (north - lat) * f64::from(area.height - 1) / (north - south);
    Some(Position::new(area.x + x as u16, area.y + y as u16))
}

/// Where a département's label goes: at its centre, or a row below or
/// above when a request or the cursor is under it there (they matter more
/// than the label, and would hide part of it).
fn label_place(area: Rect, centre: (f64, f64), width: u16, kept: &[Position]) -> (f64, f64) {
    let row = (BOUNDS[3] - BOUNDS[2]) / f64::from(area.height.max(2) - 1);
    let free = |at: (f64, f64)| {
        cell_of(area, at).is_none_or(|cell| {
            !kept
                .iter()
                .any(|k| k.y == cell.y && (cell.x..cell.x + width).contains(&k.x))
        })
    };
    [0.0, -1.0, 1.0, -2.0, 2.0]
        .into_iter()
        .map(|rows| (centre.0, centre.1 + rows * row))
        .find(|at| free(*at))
        .unwrap_or(centre)
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
            // Labels print in order, each over the ones before: places,
            // then the départements' codes, then requests, then the cursor.
            let places_only = data.communes.iter().filter(|c| c.requests == 0);
            for commune in places_only {
                ctx.print(
                    commune.at.0,
                    commune.at.1,
                    Span::styled(marker(commune), theme.ok()),
                );
            }
            let kept: Vec<Position> = data
                .communes
                .iter()
                .filter(|c| c.requests > 0)
                .chain(state.selected_commune())
                .filter_map(|c| cell_of(area, c.at))
                .collect();
            for departement in &data.departements {
                let (label, style) = if departement.gap {
                    (format!("{}!", departement.code), theme.error())
                } else {
                    (departement.code.clone(), theme.title())
                };
                let (x, y) = label_place(area, departement.centre, label.len() as u16, &kept);
                ctx.print(x, y, Span::styled(label, style));
            }
            for commune in data.communes.iter().filter(|c| c.requests > 0) {
                ctx.print(
                    commune.at.0,
                    commune.at.1,
                    Span::styled(marker(commune), theme.error()),
                );
            }
            if let Some(commune) = state.selected_commune() {
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

fn commune_title(commune: &MapCommune) -> String {
    format!("◉ {} ({})", commune.name, commune.code)
}

/// The legend, the chosen commune and the départements, in `height` rows
/// (the départements that do not fit are counted on the last).
fn panel_lines(
    model: &Model,
    ctx: &ViewCtx,
    data: &MapData,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let lang = model.lang;
    let theme = ctx.theme;
    let text = |key: &str| fit(tr(lang, key), width);
    let mut lines = vec![
        Line::raw(text("map.legend.places")),
        Line::raw(text("map.legend.requests")),
        Line::raw(text("map.legend.both")),
        Line::raw(text("map.legend.gap")),
        Line::raw(""),
    ];
    match model.map.selected_commune() {
        Some(commune) => {
            lines.push(Line::styled(
                fit(&commune_title(commune), width),
                theme.selected(),
            ));
            lines.push(Line::raw(fit(
                &format!("  {}", counts(lang, commune)),
                width,
            )));
        }
        None => {
            for line in super::wrap(tr(lang, "map.empty"), width) {
                lines.push(Line::styled(line, theme.dim()));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(text("map.departements"), theme.title()));
    let total = data.departements.len();
    let room = height.saturating_sub(lines.len());
    let shown = if total > room {
        room.saturating_sub(1)
    } else {
        total
    };
    for departement in data.departements.iter().take(shown) {
        let gap = if departement.gap { " !" } else { "" };
        // Right-aligned under the heading's last letter (27 columns).
        let row = format!(
            "{} {:<16} {:>7}{gap}",
            departement.code,
            fit(&departement.name, 16),
            format_count(lang, departement.requests)
        );
        lines.push(Line::raw(fit(&row, width)));
    }
    if shown < total {
        let more = Message::new("map.more").count((total - shown) as i64);
        lines.push(Line::styled(fit(&more.render(lang), width), theme.dim()));
    }
    lines
}

/// How many rows each of two sections gets out of `room` (one each at
/// least): the smaller takes what it needs up to half, the other the rest.
fn share(room: usize, first: usize, second: usize) -> (usize, usize) {
    let (first, second) = (first.max(1), second.max(1));
    let second_room = second.min((room / 2).max(1));
    let first_room = first.min(room.saturating_sub(second_room).max(1));
    let second_room = second.min(room.saturating_sub(first_room).max(1));
    (first_room, second_room)
}

/// The listing of the selected commune: its places, then its requests,
/// each section scrolled so that the chosen record shows; also the row of
/// the chosen record.
fn listing_lines(
    model: &Model,
    ctx: &ViewCtx,
    listing: &Listing,
    area: Rect,
) -> (Vec<Line<'static>>, Option<u16>) {
    let lang = model.lang;
    let theme = ctx.theme;
    let width = area.width as usize;
    let commune = model.map.selected_commune();
    let title = commune
        .map(commune_title)
        .unwrap_or_else(|| listing.commune.clone());
    let mut lines = vec![Line::styled(fit(&title, width), theme.selected())];
    let sections = [
        (Kind::Place, "map.listing.places", "•"),
        (Kind::Request, "map.listing.requests", "▲"),
    ];
    let of_kind = |kind: Kind| -> Vec<(usize, &Listed)> { listing.of_kind(kind).collect() };
    // The title and the two headings stay; the records share the rest
    // (the footer says which keys open and close).
    let room = (area.height as usize).saturating_sub(3);
    let (place_room, request_room) = share(
        room,
        of_kind(Kind::Place).len(),
        of_kind(Kind::Request).len(),
    );
    let mut chosen = None;
    for ((kind, key, mark), room) in sections.into_iter().zip([place_room, request_room]) {
        let records = of_kind(kind);
        // The commune's count, when the listing shows only the first ones.
        let total = commune.map_or(records.len() as u64, |c| match kind {
            Kind::Place => c.places,
            _ => c.requests,
        });
        let mut heading = Message::new(key).count(total as i64).render(lang);
        if (records.len() as u64) < total {
            let shown = Message::new("map.listing.shown").arg_number("shown", records.len());
            heading = format!("{heading} · {}", shown.render(lang));
        }
        lines.push(Line::styled(fit(&heading, width), theme.title()));
        if records.is_empty() {
            lines.push(Line::styled(
                fit(tr(lang, "map.listing.none"), width),
                theme.dim(),
            ));
            continue;
        }
        let selected = records.iter().position(|(at, _)| *at == listing.selected);
        let first = selected.map_or(0, |at| (at + 1).saturating_sub(room));
        for (at, record) in records.iter().skip(first).take(room) {
            if *at == listing.selected {
                chosen = Some(lines.len() as u16);
                let text = fit(&format!("▶ {mark} {}", record.label), width);
                lines.push(Line::styled(text, theme.selected()));
            } else {
                lines.push(Line::raw(fit(&format!("  {mark} {}", record.label), width)));
            }
        }
    }
    (lines, chosen)
}
