//! A request's suggested developers: their arrival from the background
//! job, and `a`, which assigns the one under the cursor through the
//! `assign` use case (a set element that syncs; a qualified request
//! becomes assigned).

use super::super::jobs::Work;
use super::super::{Model, View};
use super::{app, reload_open_record};
use crate::app::AppResult;
use crate::app::suggest::SuggestOutcome;
use crate::domain::Kind;
use crate::domain::status::Status;
use crate::domain::vocab::Vocab;
use crate::i18n::Message;

/// Starts computing the suggestions of the request whose detail opened.
pub(super) fn start(model: &mut Model, request: &str) {
    let lang = model.lang;
    model.start_job(Work::Suggest {
        request: request.to_string(),
        lang,
    });
}

/// Shows the suggestions in the detail they were computed for (open, or
/// waiting behind its history); a detail opened since keeps its own.
pub(super) fn install(model: &mut Model, outcome: &SuggestOutcome) {
    let lang = model.lang;
    if let View::Detail(state) = &mut model.view
        && state.record.id == outcome.request
    {
        state.install_suggestions(lang, outcome);
    }
    if let Some(state) = &mut model.history_return
        && state.record.id == outcome.request
    {
        state.install_suggestions(lang, outcome);
    }
}

/// `a` in a request's detail: assigns the selected suggested developer,
/// or says in words why not.
pub(super) fn assign_selected(model: &mut Model) -> AppResult<()> {
    let View::Detail(state) = &model.view else {
        return Ok(());
    };
    if state.record.kind != Kind::Request {
        return Ok(());
    }
    let Some((developer, name)) = state.selected_suggestion() else {
        model.say(Message::new("tui.match.assign.choose"));
        return Ok(());
    };
    let (developer, name) = (developer.to_string(), name.to_string());
    let record = state.record.clone();
    let status = record.get("status").and_then(Status::from_slug);
    if !matches!(status, Some(Status::New | Status::Qualified) | None) {
        let words = status
            .map(|status| Vocab::Status.label(status.slug(), model.lang).to_string())
            .unwrap_or_default();
        model.say(Message::new("tui.match.assign.not_open").arg("status", words));
        return Ok(());
    }
    let already = record
        .sets
        .get("developers")
        .is_some_and(|developers| developers.contains_key(&developer));
    if already {
        model.say(Message::new("tui.match.assign.already").arg("developer", name));
        return Ok(());
    }
    let Some(app) = model.app.as_mut() else {
        return app(model).map(|_| ());
    };
    let done = app.assign(&record.id, &developer)?;
    // Written here: everything read before is stale, the detail included.
    model.invalidate();
    model.refresh_list()?;
    reload_open_record(model)?;
    let key = if done.status_changed {
        "tui.match.assign.done_status"
    } else {
        "tui.match.assign.done"
    };
    model.say(
        Message::new(key)
            .arg("request", record.label())
            .arg("developer", name),
    );
    Ok(())
}
