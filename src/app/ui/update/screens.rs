//! The dashboard and the skills map (with its drill-down to the people and
//! its gap panel).

use super::super::home::TodoTarget;
use super::super::retention::ReviewList;
use super::super::{Action, Model, Screen, Tab};
use super::records::open_detail;
use super::{app, global};
use crate::app::AppResult;
use crate::domain::Kind;

pub(super) fn home(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    if action == Action::Export {
        return super::report::open(model);
    }
    if model.home.review.is_some() || action == Action::Privacy {
        return retention_review(model, action);
    }
    let home = &mut model.home;
    match action {
        Action::Up => home.step(false),
        Action::Down => home.step(true),
        Action::Top => home.selected = 0,
        Action::OptionPrev => home.step_year(-1),
        Action::OptionNext => home.step_year(1),
        Action::Refresh => home.invalidate(),
        Action::Backup => super::backup::start_backup(model)?,
        Action::Budget => super::hours::new_budget_line(model)?,
        Action::Open => {
            if let Some(target) = model.home.target() {
                open_todo(model, target)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Enter on a line of "À traiter": the list it counts, filtered the same way.
fn open_todo(model: &mut Model, target: TodoTarget) -> AppResult<()> {
    match target {
        TodoTarget::Backup => super::backup::start_backup(model)?,
        TodoTarget::Requests(query) => {
            super::go_to_tab(model, Tab::Records(Screen::Requests))?;
            model.show_filtered(query)?;
        }
        TodoTarget::Conflicts => super::go_to_tab(model, Tab::Conflicts)?,
        TodoTarget::Sync => super::go_to_tab(model, Tab::Sync)?,
        TodoTarget::Privacy => return retention_review(model, Action::Privacy),
    }
    Ok(())
}

/// The list of people due under the retention period, over the dashboard.
fn retention_review(model: &mut Model, action: Action) -> AppResult<()> {
    let Some(review) = &mut model.home.review else {
        if action == Action::Privacy {
            model.home.review = Some(ReviewList::load(app(model)?)?);
        }
        return Ok(());
    };
    match action {
        Action::Back | Action::Privacy => model.home.review = None,
        Action::Up => review.step(false),
        Action::Down => review.step(true),
        Action::Top => review.selected = 0,
        Action::Open => {
            if let Some(person) = review.current() {
                let id = person.id.clone();
                open_detail(model, Kind::Developer, &id)?;
            }
        }
        _ => {}
    }
    Ok(())
}

pub(super) fn skills(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    let width = model.size.0;
    if let Some(gap) = &mut model.skills.gap {
        match action {
            Action::Back => model.skills.gap = None,
            Action::Up => gap.step(-1),
            Action::Down => gap.step(1),
            Action::Top => gap.selected = 0,
            Action::Bottom => gap.step(isize::MAX / 2),
            Action::Open => {
                if let Some((kind, id)) = gap.target() {
                    let id = id.to_string();
                    open_detail(model, kind, &id)?;
                }
            }
            _ => {}
        }
        return Ok(());
    }
    if let Some(drill) = &mut model.skills.drill {
        match action {
            Action::Back => model.skills.drill = None,
            Action::Up => drill.selected = drill.selected.saturating_sub(1),
            Action::Down => {
                drill.selected = (drill.selected + 1).min(drill.people.len().saturating_sub(1))
            }
            Action::Open => {
                if let Some(person) = drill.people.get(drill.selected) {
                    let id = person.id.clone();
                    open_detail(model, Kind::Developer, &id)?;
                }
            }
            _ => {}
        }
        return Ok(());
    }
    let skills = &mut model.skills;
    match action {
        Action::Up => skills.step(-1, 0, width),
        Action::Down => skills.step(1, 0, width),
        Action::OptionPrev => skills.step(0, -1, width),
        Action::OptionNext => skills.step(0, 1, width),
        Action::Top => skills.step(-(skills.row as isize), 0, width),
        Action::Bottom => skills.step(isize::MAX / 2, 0, width),
        Action::Refresh => skills.grid = None,
        Action::Open => {
            let Some(grid) = &model.skills.grid else {
                return Ok(());
            };
            let (row, col) = (model.skills.row, model.skills.col);
            // A gap lists who asks and who nearby could help; any other
            // cell, the people it counts.
            if let Some(gap) = super::super::skills::gap(app(model)?, grid, row, col)? {
                model.skills.gap = Some(gap);
                return Ok(());
            }
            let drill = super::super::skills::drill(app(model)?, grid, row, col)?;
            model.skills.drill = drill;
        }
        _ => {}
    }
    Ok(())
}
