//! `m` on an organisation's or developer's detail: choose the record to
//! merge into it — any of its look-alikes (↑/↓ in the prompt) or any other
//! record of the kind by name or id — then confirm, the question naming
//! both records and how many of each kind of record will be re-pointed.

use super::super::dialog::{Confirm, ConfirmAction, Prompt, PromptPurpose};
use super::super::{Model, Overlay};
use super::app;
use super::records::open_detail;
use crate::app::AppResult;
use crate::app::merge::{KindCount, LookAlike, MergePreview};
use crate::domain::Kind;
use crate::i18n::{Message, tr};
use crate::store::Record;

/// Opens the choice of the record to merge into `record` (its look-alikes
/// offered first); with none, a notice says so.
pub(super) fn ask(model: &mut Model, record: &Record) -> AppResult<()> {
    if !crate::search::merge::MERGEABLE.contains(&record.kind) {
        return Ok(());
    }
    let found = app(model)?.look_alikes_of(record.kind, &record.id)?;
    if found.is_empty() {
        model.say(Message::new("tui.notice.no_look_alike"));
        return Ok(());
    }
    let lang = model.lang;
    let candidates: Vec<(String, String)> = found
        .iter()
        .map(|other| (choice_label(lang, other), other.id.clone()))
        .collect();
    let first = candidates.first().map_or("", |(label, _)| label.as_str());
    let mut prompt = Prompt::new(
        PromptPurpose::MergeWith {
            kind: record.kind,
            keep: record.id.clone(),
            candidates: candidates.clone(),
        },
        "merge.tui.pick_title",
        first,
    );
    prompt.detail = Some(Message::new("merge.tui.pick_detail").arg("keep", record.label()));
    prompt.suggestions = candidates.into_iter().map(|(label, _)| label).collect();
    model.overlay = Overlay::Prompt(prompt);
    Ok(())
}

/// A look-alike as the prompt lists it: name, id's end, reasons.
fn choice_label(lang: crate::i18n::Lang, other: &LookAlike) -> String {
    let reasons: Vec<&str> = other
        .reasons
        .iter()
        .map(|reason| tr(lang, reason.message_key()))
        .collect();
    let short = crate::store::short_id(&other.id);
    format!("{} · {short} ({})", other.name, reasons.join(", "))
}

/// Enter in the prompt: a listed look-alike, or a name or id of the kind;
/// the confirmation follows (a refusal stays under the prompt's line).
pub(super) fn chosen(
    model: &mut Model,
    kind: Kind,
    keep: &str,
    candidates: &[(String, String)],
    text: &str,
) -> AppResult<()> {
    let other = candidates
        .iter()
        .find(|(label, _)| label == text)
        .map_or(text, |(_, id)| id.as_str());
    let preview = app(model)?.merge_preview(kind, keep, other)?;
    model.overlay = Overlay::Confirm(Confirm {
        question: question(&preview),
        action: ConfirmAction::Merge {
            kind,
            keep: preview.keep.clone(),
            other: preview.other.clone(),
        },
    });
    Ok(())
}

/// "Merge « other » into « keep »? Re-pointed: 1 request, 0 workshops…"
fn question(preview: &MergePreview) -> Message {
    let key = match preview.kind {
        Kind::Developer => "merge.tui.confirm_developer",
        _ => "merge.tui.confirm_org",
    };
    let count_of = |kind: Kind| {
        preview
            .repointed_by_kind
            .iter()
            .find(|count| count.kind == kind)
            .map_or(0, |count: &KindCount| count.count)
    };
    let mut message = Message::new(key)
        .arg("other", &preview.other_name)
        .arg("keep", &preview.keep_name)
        .arg("filled", preview.filled);
    for (name, kind, counted) in [
        ("request", Kind::Request, "merge.refs.request"),
        ("workshop", Kind::Workshop, "merge.refs.workshop"),
        ("time", Kind::Time, "merge.refs.time"),
    ] {
        let n = i64::try_from(count_of(kind)).unwrap_or(i64::MAX);
        message = message.arg_message(name, Message::new(counted).count(n));
    }
    message
}

/// The merge the person confirmed; the kept record's detail shows after.
pub(super) fn merge(model: &mut Model, kind: Kind, keep: &str, other: &str) -> AppResult<()> {
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let outcome = app.merge(kind, keep, other)?;
    model.invalidate();
    open_detail(model, kind, &outcome.keep)?;
    model.say(
        Message::new("tui.notice.merged")
            .arg("repointed", outcome.repointed)
            .arg("filled", outcome.filled),
    );
    Ok(())
}
