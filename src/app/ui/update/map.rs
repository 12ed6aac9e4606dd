//! *Carte*: arrows move the cursor between communes, Enter lists what is
//! there and then opens the record chosen in the listing; `p` opens the
//! list of the directory's places (*Lieux*), a record table like the
//! others, that Esc closes again.

use super::super::map::Direction;
use super::super::{Action, Model, Screen};
use super::records::open_detail;
use super::{app, back_to_tab, global};
use crate::app::AppResult;

pub(super) fn map(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    if let Some(listing) = &mut model.map.listing
        && matches!(action, Action::Up | Action::Down)
    {
        listing.step(if action == Action::Up { -1 } else { 1 });
        return Ok(());
    }
    if let Some(direction) = direction(action) {
        model.map.step(direction);
        return Ok(());
    }
    match action {
        Action::Places => open_places(model)?,
        Action::Refresh => model.map.invalidate(),
        Action::Back => model.map.close(),
        Action::Open => match &model.map.listing {
            Some(listing) => {
                if let Some(record) = listing.selected_record().cloned() {
                    open_detail(model, record.kind, &record.id)?;
                }
            }
            None => {
                app(model)?;
                if let Some(app) = model.app.as_ref() {
                    model.map.open(app)?;
                }
            }
        },
        _ => {}
    }
    Ok(())
}

/// Where an arrow moves the cursor on the map (in an open listing, ↑/↓
/// choose a record instead; ←/→ still move, closing it).
fn direction(action: Action) -> Option<Direction> {
    match action {
        Action::Up => Some(Direction::Up),
        Action::Down => Some(Direction::Down),
        Action::OptionPrev => Some(Direction::Left),
        Action::OptionNext => Some(Direction::Right),
        _ => None,
    }
}

/// Shows the list of places over the map (Esc comes back).
pub(super) fn open_places(model: &mut Model) -> AppResult<()> {
    model.map.places_open = true;
    model.screen = Screen::Places;
    back_to_tab(model)
}

/// Esc in the list of places: back to the map.
pub(super) fn close_places(model: &mut Model) -> AppResult<()> {
    model.map.places_open = false;
    back_to_tab(model)
}
