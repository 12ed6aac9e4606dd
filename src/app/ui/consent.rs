//! The consent form, opened from a developer's detail: a purpose (from the
//! `consent` vocabulary), the date it was given, the date it was withdrawn.
//! Choosing another purpose shows that purpose's dates; saving writes them
//! through `App::set_consent`.

use super::form::{FormField, FormPurpose, FormState, Input};
use super::form_fields::options_for;
use super::picker::Picker;
use super::text_input::TextInput;
use crate::app::privacy::{ConsentEntry, consents_of};
use crate::domain::schema::FieldType;
use crate::domain::vocab::Vocab;
use crate::i18n::Lang;
use crate::store::Record;

/// The consent form for a developer record, on its first purpose (the
/// first one the person gave, else the vocabulary's first).
pub fn form(record: &Record, lang: Lang) -> FormState {
    let current = consents_of(record);
    let options = options_for(FieldType::Vocab(Vocab::Consent), lang, &mut |_| Vec::new())
        .unwrap_or_default();
    let purpose = current
        .first()
        .map(|entry| entry.purpose.clone())
        .or_else(|| options.first().map(|option| option.value.clone()))
        .unwrap_or_default();
    let date = |name: &'static str, label: &str| FormField {
        name,
        label_key: label.to_string(),
        hint_key: Some("tui.hint.date"),
        required: false,
        input: Input::Text(TextInput::default()),
        original: String::new(),
        error: None,
    };
    let mut form = FormState {
        purpose: FormPurpose::Consent {
            id: record.id.clone(),
            name: record.label().to_string(),
            current,
        },
        fields: vec![
            FormField {
                name: "purpose",
                label_key: "privacy.tui.purpose".into(),
                hint_key: Some("tui.hint.pick"),
                required: true,
                input: Input::Pick(Picker::new(options, &purpose)),
                original: purpose.clone(),
                error: None,
            },
            date("given", "privacy.tui.given"),
            date("withdrawn", "privacy.tui.withdrawn"),
        ],
        focus: 0,
        error: None,
        origin: None,
        departement_of: None,
    };
    show_dates(&mut form);
    form
}

/// Fills the date fields with what is recorded for the chosen purpose.
pub fn show_dates(form: &mut FormState) {
    let FormPurpose::Consent { current, .. } = &form.purpose else {
        return;
    };
    let purpose = form.value("purpose");
    let entry = current.iter().find(|entry| entry.purpose == purpose);
    let dates: [(&str, Option<String>); 2] = [
        ("given", entry.and_then(|e: &ConsentEntry| e.given.clone())),
        ("withdrawn", entry.and_then(|e| e.withdrawn.clone())),
    ];
    for (name, value) in dates {
        if let Some(field) = form.fields.iter_mut().find(|f| f.name == name) {
            let value = value.unwrap_or_default();
            field.input = Input::Text(TextInput::new(&value));
            field.original = value;
            field.error = None;
        }
    }
    // Another purpose is a new question, not unsaved input.
    if let Some(field) = form.fields.iter_mut().find(|f| f.name == "purpose") {
        field.original = purpose;
    }
}
