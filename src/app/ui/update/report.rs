//! The dashboard's "export the report" form: moving between its fields,
//! choosing the format, typing the year and the path, and starting the
//! report as a background job; its end says where the file is.

use super::super::jobs::{JobKind, Work};
use super::super::report_form::{ReportField, ReportForm};
use super::super::{Action, Model, Overlay};
use super::{app, request_quit};
use crate::app::report::WrittenReport;
use crate::app::{AppError, AppResult};
use crate::i18n::Message;
use std::path::{Path, PathBuf};

/// Opens the form (the dashboard's "export the report").
pub(super) fn open(model: &mut Model) -> AppResult<()> {
    app(model)?;
    model.overlay = Overlay::Report(ReportForm::new(model));
    Ok(())
}

/// What a key does in the form.
pub(super) fn form(model: &mut Model, action: Action) -> AppResult<()> {
    let lang = model.lang;
    if action == Action::Quit {
        request_quit(model);
        return Ok(());
    }
    let Overlay::Report(form) = &mut model.overlay else {
        return Ok(());
    };
    match action {
        // The job, if one runs, goes on: its end says where the file is.
        Action::Back => model.overlay = Overlay::None,
        Action::NextField => form.step_focus(true),
        Action::PrevField => form.step_focus(false),
        Action::OptionNext | Action::OptionPrev if form.focus == ReportField::Format => {
            form.step_format(lang, action == Action::OptionNext);
        }
        Action::Open | Action::Save => start(model)?,
        other => {
            let default_before = form.default_path(lang, form.format);
            let field = match form.focus {
                ReportField::Format => return Ok(()),
                ReportField::Year => &mut form.year,
                ReportField::Path => &mut form.path,
            };
            if field.edit(other).is_some() {
                form.error = None;
                // A path still at its default follows the year typed.
                if form.focus == ReportField::Year && form.path.as_str() == default_before {
                    let path = form.default_path(lang, form.format);
                    form.path.set(&path);
                }
            }
        }
    }
    Ok(())
}

/// Starts writing the report in the background (the form shows its
/// progress); a wrong year or an empty path stays in the form, explained.
fn start(model: &mut Model) -> AppResult<()> {
    let lang = model.lang;
    if model.jobs.is_running(JobKind::Report) {
        return Err(AppError::refused(Message::new("report.export.busy")));
    }
    let Overlay::Report(form) = &mut model.overlay else {
        return Ok(());
    };
    let checked = form.year().and_then(|year| {
        let path = form.path.as_str().trim();
        if path.is_empty() {
            return Err(AppError::refused(Message::new("tui.prompt.empty")));
        }
        Ok((year, expand_home(path)))
    });
    let (year, path) = match checked {
        Ok(ok) => ok,
        Err(err) => {
            form.error = Some(err.message());
            return Ok(());
        }
    };
    form.error = None;
    let format = form.format;
    model.start_job(Work::Report {
        year,
        format,
        lang,
        path,
    });
    Ok(())
}

/// The job ended well: the form closes and the status line says where the
/// report is.
pub(super) fn finished(model: &mut Model, written: &WrittenReport) {
    if matches!(model.overlay, Overlay::Report(_)) {
        model.overlay = Overlay::None;
    }
    model.say(
        Message::new("report.written")
            .arg("path", written.path.display())
            .count(written.files.len() as i64),
    );
}

/// `~/x` is the home directory's `x`.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(text),
    }
}
