//! The conflicts screen: moving among conflicts and review items, the side
//! by side view of one conflict, keeping a value or writing another (a
//! change whose parents are all the heads), and the one-line prompt.

use super::super::conflicts::ConflictView;
use super::super::dialog::{Prompt, PromptPurpose};
use super::super::{Action, Model, Overlay};
use super::records::open_detail;
use super::{global, request_quit};
use crate::app::{AppError, AppResult};
use crate::i18n::Message;

pub(super) fn conflicts(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    if let Some(open) = &mut model.conflicts.open {
        let choices = open.row.choices();
        match action {
            Action::Back => model.conflicts.open = None,
            Action::Up | Action::OptionPrev => open.cursor = open.cursor.saturating_sub(1),
            Action::Down | Action::OptionNext => {
                open.cursor = (open.cursor + 1).min(choices.saturating_sub(1))
            }
            Action::Keep | Action::Open => {
                // A value, or for an edit against a deletion: keep the
                // deletion, or restore the record with the changes.
                let Some((field, value)) = open.row.choice(open.cursor) else {
                    return Ok(());
                };
                return resolve(model, &field, value.as_deref());
            }
            Action::WriteValue => {
                let current = open
                    .row
                    .heads
                    .get(open.cursor)
                    .and_then(|head| head.value.clone())
                    .unwrap_or_default();
                if !open.row.is_deletion() {
                    model.overlay = Overlay::Prompt(Prompt::new(
                        PromptPurpose::ResolveValue,
                        "tui.conflicts.prompt",
                        &current,
                    ));
                }
            }
            _ => {}
        }
        return Ok(());
    }
    let state = &mut model.conflicts;
    let Some(list) = &state.list else {
        return Ok(());
    };
    let count = list.len();
    match action {
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(count.saturating_sub(1)),
        Action::Top => state.selected = 0,
        Action::Bottom => state.selected = count.saturating_sub(1),
        Action::Refresh => state.list = None,
        Action::Open | Action::Keep | Action::WriteValue => {
            let selected = state.selected;
            if let Some(row) = list.conflicts.get(selected) {
                state.open = Some(ConflictView {
                    row: row.clone(),
                    cursor: 0,
                });
            } else if let Some(item) = list.review.get(selected - list.conflicts.len())
                && let Some(kind) = item.kind
            {
                let record = item.record.clone();
                return open_detail(model, kind, &record);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Writes the resolution of the open conflict, then lists the rest.
fn resolve(model: &mut Model, field: &str, value: Option<&str>) -> AppResult<()> {
    let Some(open) = &model.conflicts.open else {
        return Ok(());
    };
    let (kind, record) = (open.row.kind, open.row.record.clone());
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    app.resolve(kind, &record, field, value)?;
    model.conflicts.open = None;
    model.invalidate();
    model.say(Message::new("tui.notice.resolved"));
    Ok(())
}

pub(super) fn prompt(model: &mut Model, action: Action) -> AppResult<()> {
    if action == Action::Quit {
        request_quit(model);
        return Ok(());
    }
    let Overlay::Prompt(prompt) = &mut model.overlay else {
        return Ok(());
    };
    match action {
        Action::Back => model.overlay = Overlay::None,
        // Writing a bundle: encrypted or not.
        Action::NextField if prompt.encrypt.is_some() => {
            prompt.encrypt = prompt.encrypt.map(|on| !on);
        }
        // A path: Tab completes it (files and folders).
        Action::NextField if prompt.purpose.is_path() => {
            crate::app::ui::sync::complete_path(prompt);
        }
        // Cycle the suggestions into the line.
        Action::Up | Action::Down if !prompt.suggestions.is_empty() => {
            let at = prompt
                .suggestions
                .iter()
                .position(|s| s == prompt.text.as_str());
            let len = prompt.suggestions.len();
            let next = match (at, action) {
                (None, _) => 0,
                (Some(at), Action::Down) => (at + 1) % len,
                (Some(at), _) => (at + len - 1) % len,
            };
            prompt.text.set(&prompt.suggestions[next]);
        }
        Action::Open | Action::Save => {
            let prompt = prompt.clone();
            let result = submit(model, &prompt);
            if let Err(err) = result {
                // Keep the prompt open with the reason under the line.
                if let Overlay::Prompt(open) = &mut model.overlay {
                    open.error = Some(err.message());
                    return Ok(());
                }
                return Err(err);
            }
        }
        other => {
            if prompt.text.edit(other).is_some() {
                prompt.error = None;
            }
        }
    }
    Ok(())
}

fn submit(model: &mut Model, prompt: &Prompt) -> AppResult<()> {
    let text = prompt.text.as_str().trim().to_string();
    match prompt.purpose {
        PromptPurpose::ResolveValue => {
            let field = match &model.conflicts.open {
                Some(open) => open.row.field.clone(),
                None => return Ok(()),
            };
            let value = (!text.is_empty()).then_some(text.as_str());
            resolve(model, &field, value)?;
            model.overlay = Overlay::None;
            Ok(())
        }
        PromptPurpose::MergeWith {
            kind,
            ref keep,
            ref candidates,
        } => super::merge::chosen(model, kind, keep, candidates, &text),
        PromptPurpose::ExportPath
        | PromptPurpose::ImportPath
        | PromptPurpose::CardPath
        | PromptPurpose::RestorePath
        | PromptPurpose::FolderPath
        | PromptPurpose::CardOut => {
            if text.is_empty() {
                return Err(AppError::refused(Message::new("tui.prompt.empty")));
            }
            super::sync::submit_path(model, &prompt.purpose, &text)
        }
    }
}
