//! Forms: typing, moving between fields, saving a record or the first-run
//! setup, and showing refused values next to their field.

use super::super::dialog::{Confirm, ConfirmAction};
use super::super::form::{FormPurpose, FormState};
use super::super::form_fields::{NameMatch, match_name};
use super::super::{Action, Model, Overlay, View};
use super::records::open_detail;
use super::{app, back_to_tab, request_quit};
use crate::app::identity::{self, InitRequest};
use crate::app::{App, AppError, AppResult, Assignment};
use crate::domain::Kind;
use crate::domain::schema::Element;
use crate::domain::validate;
use crate::i18n::Message;
use crate::store::StoreError;

pub(super) fn form(model: &mut Model, action: Action) -> AppResult<()> {
    if action == Action::Quit {
        request_quit(model);
        return Ok(());
    }
    let (View::Form(form) | View::Setup(form)) = &mut model.view else {
        return Ok(());
    };
    // ←/→ first: they move the caret in a text, choose in a list.
    if matches!(action, Action::OptionNext | Action::OptionPrev) {
        form.step_option(if action == Action::OptionNext { 1 } else { -1 });
        return Ok(());
    }
    if form.edit(action) {
        return Ok(());
    }
    match action {
        Action::NextField | Action::Down => form.move_focus(1),
        Action::PrevField | Action::Up => form.move_focus(-1),
        Action::Open if form.focus + 1 < form.fields.len() => form.move_focus(1),
        Action::Open | Action::Save => return save_form(model, false),
        Action::Back => {
            if form.purpose == FormPurpose::Setup {
                request_quit(model);
            } else if form.dirty() {
                model.overlay = Overlay::Confirm(Confirm {
                    question: Message::new("tui.confirm.discard"),
                    action: ConfirmAction::DiscardForm,
                });
            } else {
                close_form(model)?;
            }
        }
        _ => {}
    }
    Ok(())
}

pub(super) fn close_form(model: &mut Model) -> AppResult<()> {
    let target = match &model.view {
        View::Form(form) => match &form.purpose {
            FormPurpose::Edit(kind, id) => Some((*kind, id.clone())),
            FormPurpose::Consent { id, .. } => Some((Kind::Developer, id.clone())),
            // A form opened on a record goes back to it.
            _ => super::hours::return_to(form),
        },
        _ => None,
    };
    match target {
        Some((kind, id)) => open_detail(model, kind, &id),
        None => back_to_tab(model),
    }
}

/// Replaces names typed in a reference set (`developers`, `facilitators`)
/// by the ids they name (`Zoé` is enough when she is the only Zoé); an
/// unknown or ambiguous name is refused at its field, naming the
/// candidates. Every refused field is returned, in the assignments' order.
fn resolve_names(
    model: &Model,
    kind: Kind,
    assignments: &mut [Assignment],
) -> AppResult<Vec<(String, Message)>> {
    let store = &app(model)?.store;
    let mut refused = Vec::new();
    for assignment in assignments.iter_mut() {
        let Some(Element::Ref(target)) = kind
            .field(&assignment.field)
            .and_then(|def| def.set)
            .map(|set| set.element)
        else {
            continue;
        };
        let labels = store.labels(target)?;
        let mut ids = Vec::new();
        for name in assignment
            .value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match match_name(&labels, name) {
                NameMatch::One(id) => ids.push(id),
                NameMatch::None => {
                    refused.push((
                        assignment.field.clone(),
                        Message::new("tui.error.unknown_name").arg("name", name),
                    ));
                    break;
                }
                NameMatch::Many(names) => {
                    let mut listed = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                    if names.len() > 3 {
                        listed.push('…');
                    }
                    refused.push((
                        assignment.field.clone(),
                        Message::new("tui.error.ambiguous_name")
                            .arg("name", name)
                            .arg("matches", listed),
                    ));
                    break;
                }
            }
        }
        assignment.value = ids.join(",");
    }
    Ok(refused)
}

/// Every problem of the form's values at once, in field order: values
/// their type refuses, then names that match no one or several people.
fn form_problems(
    model: &Model,
    form: &FormState,
    kind: Kind,
    assignments: &mut [Assignment],
) -> AppResult<Vec<(String, Message)>> {
    let values = form.values_to_check();
    let typed: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let mut problems: Vec<(String, Message)> = validate::check_all(kind, &typed)
        .into_iter()
        .map(|invalid| (invalid.field, invalid.message))
        .collect();
    for (field, message) in resolve_names(model, kind, assignments)? {
        if !problems.iter().any(|(known, _)| *known == field) {
            problems.push((field, message));
        }
    }
    let position = |field: &str| form.fields.iter().position(|f| f.name == field);
    problems.sort_by_key(|(field, _)| position(field).unwrap_or(usize::MAX));
    Ok(problems)
}

/// Saves the open form without asking about look-alikes again (the
/// person said yes to saving it anyway).
pub(super) fn save_anyway(model: &mut Model) -> AppResult<()> {
    save_form(model, true)
}

/// Before a new organisation or developer is saved: the existing records it
/// looks like, as a question. `true` when the question is asked.
fn ask_about_look_alikes(
    model: &mut Model,
    kind: Kind,
    assignments: &[Assignment],
) -> AppResult<bool> {
    // A value `add` refuses is shown at its field by the save that follows.
    let Ok(found) = app(model)?.look_alikes(kind, assignments) else {
        return Ok(false);
    };
    if found.is_empty() {
        return Ok(false);
    }
    let lang = model.lang;
    let records: Vec<String> = found
        .iter()
        .take(3)
        .map(|record| {
            let reasons: Vec<String> = record
                .reasons
                .iter()
                .map(|reason| crate::i18n::tr(lang, reason.message_key()).to_string())
                .collect();
            format!("« {} » ({})", record.name, reasons.join(", "))
        })
        .collect();
    let mut listed = records.join(" ; ");
    if found.len() > 3 {
        listed.push_str(" …");
    }
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("tui.confirm.look_alike").arg("records", listed),
        action: ConfirmAction::SaveLookAlike,
    });
    Ok(true)
}

fn save_form(model: &mut Model, force: bool) -> AppResult<()> {
    let (View::Form(form) | View::Setup(form)) = &mut model.view else {
        return Ok(());
    };
    form.clear_errors();
    let form = form.clone();
    match &form.purpose {
        FormPurpose::Setup => save_setup(model, form),
        FormPurpose::Consent { id, .. } => save_consent(model, &form, id),
        FormPurpose::Create(kind) | FormPurpose::Edit(kind, _) => {
            let kind = *kind;
            let mut assignments = form.assignments();
            let problems = form_problems(model, &form, kind, &mut assignments)?;
            if !problems.is_empty() {
                return show_form_errors(model, problems);
            }
            if let Some(refused) = super::hours::refused_before_save(model, kind)? {
                return show_form_error(model, "", refused);
            }
            let creating = matches!(form.purpose, FormPurpose::Create(_));
            if creating && !force && ask_about_look_alikes(model, kind, &assignments)? {
                return Ok(());
            }
            let lang = model.lang;
            let Some(app) = model.app.as_mut() else {
                return Ok(());
            };
            let result = match &form.purpose {
                FormPurpose::Edit(_, id) => app.set(kind, id, &assignments).map(|(id, _)| id),
                _ => app.add(kind, &assignments),
            };
            match result {
                Ok(id) => {
                    model.invalidate();
                    match super::hours::return_to(&form) {
                        Some((origin, origin_id)) => open_detail(model, origin, &origin_id)?,
                        None => open_detail(model, kind, &id)?,
                    }
                    let kind_label =
                        crate::i18n::tr(lang, &format!("tui.kind_one.{}", kind.name())).to_string();
                    model.say(Message::new("tui.notice.saved").arg("kind", kind_label));
                    Ok(())
                }
                Err(AppError::Invalid(invalid))
                | Err(AppError::Store(StoreError::Invalid(invalid))) => {
                    show_form_error(model, &invalid.field, invalid.message)
                }
                Err(err) => {
                    let message = err.message();
                    if let View::Form(form) = &mut model.view {
                        form.error = Some(message);
                    }
                    Err(err)
                }
            }
        }
    }
}

/// Saves the consent form; a refused date shows at its field.
fn save_consent(model: &mut Model, form: &FormState, id: &str) -> AppResult<()> {
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let result = app.set_consent(
        id,
        &form.value("purpose"),
        &form.value("given"),
        &form.value("withdrawn"),
    );
    match result {
        Ok(_) => {
            model.invalidate();
            open_detail(model, Kind::Developer, id)?;
            model.say(Message::new("privacy.tui.consent_saved"));
            Ok(())
        }
        Err(AppError::Invalid(invalid)) | Err(AppError::Store(StoreError::Invalid(invalid))) => {
            show_form_error(model, &invalid.field, invalid.message)
        }
        Err(err) => Err(err),
    }
}

fn show_form_error(model: &mut Model, field: &str, message: Message) -> AppResult<()> {
    show_form_errors(model, vec![(field.to_string(), message)])
}

/// Shows every refused value next to its field, and says so below.
fn show_form_errors(model: &mut Model, problems: Vec<(String, Message)>) -> AppResult<()> {
    let lang = model.lang;
    let problems = problems
        .into_iter()
        .map(|(field, mut message)| {
            // Messages name the field by its code; a person reads its label.
            for (name, value) in message.args.iter_mut() {
                if *name == "field" {
                    *value = crate::i18n::tr(lang, &format!("field.{value}")).to_string();
                }
            }
            (field, message)
        })
        .collect();
    if let View::Form(form) | View::Setup(form) = &mut model.view {
        form.show_errors(problems);
    }
    model.notice = Some(super::super::Notice {
        message: Message::new("tui.notice.fix_fields"),
        error: true,
    });
    Ok(())
}

fn save_setup(model: &mut Model, form: FormState) -> AppResult<()> {
    let author = form.value("author");
    let request = InitRequest {
        name: &form.value("name"),
        departement: &form.value("departement"),
        role: &form.value("role"),
        author: Some(author.as_str()).filter(|a| !a.is_empty()),
    };
    match identity::init(&model.db_path, model.clock.clone(), &request) {
        Ok(_) => {}
        Err(AppError::Invalid(invalid)) | Err(AppError::Store(StoreError::Invalid(invalid))) => {
            return show_form_error(model, &invalid.field, invalid.message);
        }
        Err(err) => return Err(err),
    }
    let app = App::open(&model.db_path, model.config.clone(), model.clock.clone())?;
    model.attach(app)?;
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("tui.confirm.demo"),
        action: ConfirmAction::LoadDemo,
    });
    Ok(())
}
