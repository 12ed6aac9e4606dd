//! Backup and restore from the terminal UI. A backup runs as a background
//! job (the copy of a large database takes a moment) and its outcome, with
//! the file's place, shows on the synchronisation screen. A restore asks for
//! the file, then for a "yes" after saying in words what happens (the
//! database is replaced, the installation gets a new site identity, the
//! coordinateur enrols its new card), closes every connection, restores
//! through `app::backup::restore` and opens the database again — the old
//! one, untouched, when the file was not a Relais backup.

use super::super::dialog::{Confirm, ConfirmAction, Prompt, PromptPurpose};
use super::super::jobs::{JobKind, Work};
use super::super::{Model, Overlay, Tab};
use super::{app, go_to_tab};
use crate::app::backup::{self, BackedUp, Restored};
use crate::app::sync_ops::{Severity, SummaryLine};
use crate::app::{AppError, AppResult};
use crate::i18n::Message;
use std::path::{Path, PathBuf};

/// Work that writes the database or copies it: one at a time.
const WRITERS: [JobKind; 3] = [JobKind::Backup, JobKind::Import, JobKind::Export];

fn refuse_if_busy(model: &Model) -> AppResult<()> {
    if WRITERS.iter().any(|kind| model.jobs.is_running(*kind)) {
        return Err(AppError::refused(Message::new("tui.backup.busy")));
    }
    Ok(())
}

/// Starts a backup in the background and shows the synchronisation
/// screen, where its progress and then the file's place are shown.
pub(super) fn start_backup(model: &mut Model) -> AppResult<()> {
    app(model)?;
    refuse_if_busy(model)?;
    go_to_tab(model, Tab::Sync)?;
    model.sync.summary.clear();
    model.sync.preview = None;
    model.start_job(Work::Backup);
    model.say(Message::new("tui.backup.running"));
    Ok(())
}

/// A backup ended well: where it is, and what to do with it.
pub(super) fn backed_up(model: &mut Model, done: BackedUp) -> AppResult<()> {
    model.sync.summary = vec![
        SummaryLine::done(
            Message::new("tui.backup.done")
                .count(done.changes as i64)
                .arg("path", done.path.display()),
        ),
        SummaryLine {
            severity: Severity::Notice,
            message: Message::new("tui.backup.keep_elsewhere"),
        },
    ];
    // The job wrote when the backup was made, through its own connection:
    // everything shown is read again (the dashboard's reminder goes), and
    // that write is not "a change made by another program".
    model.absorb_outside_changes()?;
    model.say(Message::new("tui.backup.done_short"));
    Ok(())
}

/// Asks for the backup to restore, the newest ones beside the database
/// offered first.
pub(super) fn restore_prompt(model: &mut Model) -> AppResult<()> {
    app(model)?;
    refuse_if_busy(model)?;
    let suggestions: Vec<String> = backup::backups_beside(&model.db_path)
        .into_iter()
        .map(|path| path.display().to_string())
        .collect();
    let mut prompt = Prompt::new(
        PromptPurpose::RestorePath,
        "tui.restore.title",
        suggestions.first().map(String::as_str).unwrap_or(""),
    );
    prompt.detail = Some(Message::new("tui.restore.detail"));
    prompt.suggestions = suggestions;
    model.overlay = Overlay::Prompt(prompt);
    Ok(())
}

/// The file is named: say what a restore does, and ask.
pub(super) fn confirm_restore(model: &mut Model, path: PathBuf) -> AppResult<()> {
    if !path.is_file() {
        return Err(AppError::refused(
            Message::new("backup.not_found").arg("path", path.display()),
        ));
    }
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("tui.restore.confirm").arg("path", path.display()),
        action: ConfirmAction::Restore,
    });
    model.sync.pending_restore = Some(path);
    Ok(())
}

/// Restores the file named (after the "yes"), then opens the database
/// again, whatever happened, and says what comes next.
pub(super) fn restore(model: &mut Model) -> AppResult<()> {
    let Some(from) = model.sync.pending_restore.take() else {
        return Ok(());
    };
    refuse_if_busy(model)?;
    let author = model.config.author.clone().unwrap_or_default();
    // The file is renamed away and another put in its place: no
    // connection may stay open on it (SQLite finds a database's journal by
    // its name, and a late close would clean up the new one's).
    model.close_database();
    let restored = backup::restore(&model.db_path, &from, model.clock.clone(), &author);
    // The restored database, or the old one untouched after a refusal.
    let reopened = model.reopen();
    let restored = restored?;
    reopened?;
    go_to_tab(model, Tab::Sync)?;
    model.sync.summary = restored_lines(model, &restored);
    model.say(Message::new("tui.restore.done_short"));
    Ok(())
}

/// What the restore did, the new identity and the one card exchange left.
fn restored_lines(model: &Model, restored: &Restored) -> Vec<SummaryLine> {
    let notice = |message| SummaryLine {
        severity: Severity::Notice,
        message,
    };
    let mut lines = vec![SummaryLine::done(
        Message::new("tui.restore.done").arg("from", restored.from.display()),
    )];
    let card_path = card_path(&model.db_path, &restored.new_site);
    // The card is written for the person (a failure is not the restore's:
    // the way to write it by hand is given instead).
    let card = model.app.as_ref().map(|app| app.export_card(&card_path));
    let fingerprint = match &card {
        Some(Ok(card)) => card.fingerprint.clone(),
        _ => "—".to_string(),
    };
    lines.push(notice(
        Message::new("tui.restore.new_site")
            .arg("new", &restored.new_site)
            .arg("fingerprint", fingerprint)
            .arg("old", &restored.old_site),
    ));
    if let Some(aside) = &restored.set_aside {
        lines.push(notice(
            Message::new("restore.set_aside").arg("path", aside.display()),
        ));
    }
    let next = match card {
        Some(Ok(card)) => Message::new("tui.restore.card").arg("path", card.path.display()),
        _ => Message::new("restore.next"),
    };
    lines.push(SummaryLine {
        severity: Severity::Warning,
        message: next,
    });
    lines
}

/// `carte-<site>.json` beside the database.
fn card_path(database: &Path, site: &str) -> PathBuf {
    let folder = database
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    folder.join(format!("carte-{site}.json"))
}
