//! The synchronisation screen: choosing a site, asking for a path (export,
//! import, a folder to sync with, a site card to read or write), previewing
//! a bundle or a folder, running the import in the background and reporting
//! its end, syncing with a folder, revoking a site after a confirmation.

use super::super::dialog::{Confirm, ConfirmAction, Prompt, PromptPurpose};
use super::super::jobs::{JobKind, Work};
use super::super::sync::{PendingCard, bundle_path, expand_home};
use super::super::{Action, Model, Overlay};
use super::{app, global};
use crate::app::sync_ops::{self, SummaryLine, path_message};
use crate::app::{AppError, AppResult};
use crate::domain::SiteRole;
use crate::i18n::Message;
use std::path::{Path, PathBuf};

pub(super) fn sync(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    let state = &mut model.sync;
    let count = state.trust.as_ref().map_or(0, Vec::len);
    match action {
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(count.saturating_sub(1)),
        Action::Refresh => state.trust = None,
        Action::Back => {
            state.preview = None;
            state.folder_plan = None;
            state.summary.clear();
            if model.jobs.is_running(JobKind::Import) || model.jobs.is_running(JobKind::Export) {
                // Both commit as they go (see `JobKind::cancellable`).
                return Err(AppError::refused(Message::new("tui.jobs.runs_to_end")));
            }
        }
        Action::Export => export_prompt(model)?,
        Action::Backup => super::backup::start_backup(model)?,
        Action::Restore => super::backup::restore_prompt(model)?,
        Action::Import => import_prompt(model)?,
        Action::SyncFolder => folder_prompt(model),
        Action::ExportCard => card_prompt(model)?,
        Action::Enrol => {
            let mut prompt = Prompt::new(PromptPurpose::CardPath, "tui.sync.enrol_title", "");
            prompt.suggestions = model
                .sync
                .media
                .iter()
                .map(|dir| format!("{}/", dir.display()))
                .collect();
            model.overlay = Overlay::Prompt(prompt);
        }
        Action::Revoke => {
            if !state.regional {
                return Err(AppError::refused(Message::new("tui.sync.lead_only")));
            }
            let Some(row) = state.selected_site() else {
                return Ok(());
            };
            model.overlay = Overlay::Confirm(Confirm {
                question: Message::new("tui.sync.confirm_revoke").arg("site", &row.name),
                action: ConfirmAction::Revoke,
            });
        }
        _ => {}
    }
    Ok(())
}

/// Asks for the bundle to import, suggesting those on removable media and
/// beside the database; never this site's own (nor pre-filled with one:
/// Enter on an untouched prompt must not import what this site wrote).
fn import_prompt(model: &mut Model) -> AppResult<()> {
    let mut dirs = model.sync.media.clone();
    if let Some(dir) = model.db_path.parent() {
        dirs.push(dir.to_path_buf());
    }
    let app = app(model)?;
    let suggestions = sync_ops::bundles_in(&dirs)
        .into_iter()
        .filter(|path| !app.is_own_bundle(path))
        .map(|path| path.display().to_string())
        .collect();
    let mut prompt = Prompt::new(PromptPurpose::ImportPath, "tui.sync.import_title", "");
    // An empty line alone does not say what to type.
    prompt.detail = Some(Message::new("tui.sync.import_detail"));
    prompt.suggestions = suggestions;
    model.overlay = Overlay::Prompt(prompt);
    Ok(())
}

/// Asks for the folder to sync with: removable media first, the first one
/// in the line; else an empty line to type (Tab completes).
fn folder_prompt(model: &mut Model) {
    let media: Vec<String> = model
        .sync
        .media
        .iter()
        .map(|dir| format!("{}/", dir.display()))
        .collect();
    let first = media.first().cloned().unwrap_or_default();
    let mut prompt = Prompt::new(PromptPurpose::FolderPath, "syncfolder.tui.title", &first);
    prompt.detail = Some(Message::new(if media.is_empty() {
        "syncfolder.tui.no_media"
    } else {
        "syncfolder.tui.detail"
    }));
    prompt.suggestions = media;
    model.sync.summary.clear();
    model.overlay = Overlay::Prompt(prompt);
}

/// Asks where to write this site's card: removable media first, else
/// beside the database.
fn card_prompt(model: &mut Model) -> AppResult<()> {
    let name = format!(
        "carte-{}.json",
        crate::sync::export::name_part(&app(model)?.own_name()?)
    );
    let mut places: Vec<PathBuf> = model.sync.media.clone();
    if let Some(dir) = model.db_path.parent() {
        places.push(dir.to_path_buf());
    }
    let suggestions: Vec<String> = places
        .iter()
        .map(|dir| dir.join(&name).display().to_string())
        .collect();
    let first = suggestions.first().cloned().unwrap_or(name);
    let mut prompt = Prompt::new(PromptPurpose::CardOut, "syncfolder.tui.card_title", &first);
    prompt.suggestions = suggestions;
    model.overlay = Overlay::Prompt(prompt);
    Ok(())
}

/// Asks where to write a bundle: for the lead's selected site, or (an EPN)
/// for its lead; removable media first among the suggestions.
fn export_prompt(model: &mut Model) -> AppResult<()> {
    let app = app(model)?;
    let to = if model.sync.regional {
        model.sync.selected_site()
    } else {
        None
    };
    if model.sync.regional && to.is_none() {
        // With no site at all there is nothing to pick in the list.
        let none = model.sync.trust.as_ref().is_some_and(Vec::is_empty);
        let key = if none {
            "tui.sync.enrol_first"
        } else {
            "tui.sync.pick_site"
        };
        return Err(AppError::refused(Message::new(key)));
    }
    let mut places: Vec<PathBuf> = model.sync.media.clone();
    if let Some(dir) = model.db_path.parent() {
        places.push(dir.to_path_buf());
    }
    if places.is_empty() {
        places.push(PathBuf::from("."));
    }
    let lang = model.lang;
    let suggestions = places
        .iter()
        .map(|dir| bundle_path(app, lang, to, dir).map(|path| path.display().to_string()))
        .collect::<AppResult<Vec<String>>>()?;
    let mut prompt = Prompt::new(
        PromptPurpose::ExportPath,
        "tui.sync.export_title",
        suggestions.first().map(String::as_str).unwrap_or_default(),
    );
    prompt.detail = Some(match to {
        Some(row) => Message::new("tui.sync.export_for").arg("site", &row.name),
        None => Message::new("tui.sync.export_for_lead"),
    });
    // Encrypted by default when the bundle goes to removable media (a lost
    // USB stick); Tab switches.
    prompt.encrypt = Some(
        suggestions
            .first()
            .is_some_and(|first| sync_ops::on_removable_media(Path::new(first))),
    );
    prompt.suggestions = suggestions;
    model.overlay = Overlay::Prompt(prompt);
    Ok(())
}

/// What Enter in a path prompt does.
pub(super) fn submit_path(model: &mut Model, purpose: &PromptPurpose, text: &str) -> AppResult<()> {
    let path = expand_home(text);
    match purpose {
        PromptPurpose::ExportPath => {
            let to = if model.sync.regional {
                model.sync.selected_site().map(|row| row.site.clone())
            } else {
                None
            };
            if model.jobs.is_running(JobKind::Export) || model.jobs.is_running(JobKind::Import) {
                return Err(AppError::refused(Message::new("tui.sync.busy")));
            }
            let encrypt =
                matches!(&model.overlay, Overlay::Prompt(prompt) if prompt.encrypt == Some(true));
            // A full export takes a while: it runs in the background, its
            // count of changes written shown meanwhile.
            model.overlay = Overlay::None;
            model.sync.summary.clear();
            model.say(path_message("tui.sync.exporting", &path));
            model.start_job(Work::Export { to, path, encrypt });
        }
        PromptPurpose::ImportPath => {
            let preview = app(model)?.preview_bundle(&path).map_err(in_screen_words)?;
            let question = if preview.already_imported {
                Message::new("tui.sync.confirm_replay")
            } else {
                Message::new("tui.sync.confirm_import").count(preview.new_changes as i64)
            };
            model.sync.preview = Some(preview);
            model.sync.summary.clear();
            model.overlay = Overlay::Confirm(Confirm {
                question,
                action: ConfirmAction::Import,
            });
        }
        PromptPurpose::CardPath => {
            // Read the card, show who it names and its fingerprint, and ask:
            // a card never makes itself trusted, nor a lead.
            let card = app(model)?.read_card(&path)?;
            let key = if card.role == SiteRole::Regional {
                "tui.sync.confirm_enrol_lead"
            } else {
                "tui.sync.confirm_enrol"
            };
            model.overlay = Overlay::Confirm(Confirm {
                question: Message::new(key)
                    .arg("site", &card.name)
                    .arg("fingerprint", &card.fingerprint),
                action: ConfirmAction::Enrol,
            });
            model.sync.pending_card = Some(PendingCard { path, card });
        }
        PromptPurpose::RestorePath => super::backup::confirm_restore(model, path)?,
        PromptPurpose::FolderPath => {
            let plan = app(model)?
                .plan_folder_sync(&path)
                .map_err(in_screen_words)?;
            model.overlay = Overlay::Confirm(Confirm {
                question: plan.question(),
                action: ConfirmAction::SyncFolder,
            });
            model.sync.summary.clear();
            model.sync.folder_plan = Some(plan);
        }
        PromptPurpose::CardOut => {
            let card = app(model)?.export_card(&path)?;
            model.overlay = Overlay::None;
            model.sync.summary = vec![SummaryLine::done(card.handover())];
        }
        PromptPurpose::ResolveValue | PromptPurpose::MergeWith { .. } => {}
    }
    Ok(())
}

/// A refusal that tells what to do with command-line words, told with this
/// screen's actions instead (the site id left out: the name and the
/// fingerprint are what a person checks).
fn in_screen_words(err: AppError) -> AppError {
    let message = err.message();
    if message.key != "error.bundle.unknown_sender" {
        return err;
    }
    let arg = |name: &str| {
        message
            .args
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let words = Message::new("syncfolder.tui.unknown_sender")
        .arg("name", arg("name"))
        .arg("fingerprint", arg("fingerprint"));
    err.with_message(words)
}

/// Syncs with the folder whose plan was shown (after the confirmation):
/// imports, then writes this site's bundles there; what it did stays on
/// the screen.
pub(super) fn sync_folder(model: &mut Model) -> AppResult<()> {
    let Some(plan) = model.sync.folder_plan.take() else {
        return Ok(());
    };
    if model.jobs.is_running(JobKind::Import) || model.jobs.is_running(JobKind::Export) {
        return Err(AppError::refused(Message::new("tui.sync.busy")));
    }
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let done = app.sync_folder(&plan, model.lang, &mut |_| {})?;
    model.sync.preview = None;
    model.sync.summary = done.summary();
    model.invalidate();
    model.say(Message::new("syncfolder.tui.done"));
    Ok(())
}

/// Starts importing the previewed bundle in the background.
pub(super) fn start_import(model: &mut Model) -> AppResult<()> {
    let Some(preview) = &model.sync.preview else {
        return Ok(());
    };
    if model.jobs.is_running(JobKind::Import) || model.jobs.is_running(JobKind::Export) {
        return Err(AppError::refused(Message::new("tui.sync.busy")));
    }
    let (path, total) = (preview.path.clone(), preview.change_count);
    model.say(path_message("tui.sync.importing", &path));
    model.start_job(Work::Import { path, total });
    Ok(())
}

/// An import or an export ended well: its summary, and fresh figures.
pub(super) fn finished(model: &mut Model, kind: JobKind, lines: Vec<SummaryLine>) {
    model.sync.preview = None;
    model.sync.summary = lines;
    model.invalidate();
    if kind == JobKind::Import {
        model.say(Message::new("tui.sync.import_done"));
    }
}

/// Trusts the card shown (after the confirmation); a card that says it is
/// the regional lead is trusted as the lead, the person having seen so.
pub(super) fn enrol(model: &mut Model) -> AppResult<()> {
    let Some(pending) = model.sync.pending_card.take() else {
        return Ok(());
    };
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let as_lead = pending.card.role == SiteRole::Regional;
    let outcome = app.enrol_card(&pending.path, as_lead)?;
    let key = if outcome.enrolled {
        "tui.sync.enrolled"
    } else {
        "tui.sync.trusted"
    };
    model.sync.summary = vec![SummaryLine::done(
        Message::new(key)
            .arg("site", &outcome.name)
            .arg("fingerprint", &outcome.fingerprint),
    )];
    model.invalidate();
    Ok(())
}

/// Revokes the selected site (after the confirmation).
pub(super) fn revoke(model: &mut Model) -> AppResult<()> {
    let Some(row) = model.sync.selected_site().cloned() else {
        return Ok(());
    };
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let outcome = app.revoke_site(&row.site)?;
    model.sync.summary = vec![SummaryLine::done(
        Message::new("tui.sync.revoked")
            .arg("site", &row.name)
            .arg("seq", outcome.revoked_after.unwrap_or(0)),
    )];
    model.invalidate();
    Ok(())
}
