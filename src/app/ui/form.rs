//! Forms: the setup screen and the create/edit forms of each kind. A form is
//! a list of fields, each a free text or a picker (a closed list filtered by
//! what is typed: départements, vocabularies, other records). Saving turns
//! the fields into `FIELD=VALUE` assignments for the use cases; a refused
//! value comes back as a message shown next to its field.

use super::Action;
use super::form_fields::{
    as_written, commune_options, form_fields, hint_for, options_for, set_text,
};
use super::picker::PickOption;
use super::picker::Picker;
use super::text_input::TextInput;
use crate::app::edit::Assignment;
use crate::domain::schema::{FieldType, Kind};
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, tr};
use crate::store::Record;
use std::collections::HashMap;

/// What saving a form does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormPurpose {
    /// First run: create this installation's identity.
    Setup,
    Create(Kind),
    Edit(Kind, String),
    /// A developer's consents (`super::consent`): their id, name and the
    /// consents recorded when the form opened.
    Consent {
        id: String,
        name: String,
        current: Vec<crate::app::privacy::ConsentEntry>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Text(TextInput),
    Pick(Picker),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    pub name: &'static str,
    /// Catalog key of the label.
    pub label_key: String,
    /// Catalog key of a hint on the expected format, if any.
    pub hint_key: Option<&'static str>,
    pub required: bool,
    pub input: Input,
    pub original: String,
    pub error: Option<Message>,
}

impl FormField {
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(text) => text.as_str().trim().to_string(),
            Input::Pick(picker) => picker.value(),
        }
    }

    fn changed(&self) -> bool {
        self.value() != self.original
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormState {
    pub purpose: FormPurpose,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// A message about the whole form (not tied to one field).
    pub error: Option<Message>,
    /// The record the form was opened from (hours logged on a request, a
    /// deliverable of a request): its detail shows again after saving.
    pub origin: Option<Origin>,
    /// A new request's département follows its organisation's (these,
    /// by organisation id) until the person picks one themselves.
    pub departement_of: Option<HashMap<String, String>>,
}

/// The record a form was opened from, with its name for the title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub kind: Kind,
    pub id: String,
    pub label: String,
}

impl FormState {
    /// A create (`record` is `None`) or edit form for `kind`.
    pub fn for_record(
        kind: Kind,
        record: Option<&Record>,
        lang: Lang,
        refs: &mut dyn FnMut(Kind) -> Vec<(String, String)>,
        names: &mut dyn FnMut(Kind, &str) -> String,
        defaults: &[(&str, String)],
    ) -> FormState {
        let fields = form_fields(kind)
            .iter()
            .filter_map(|name| kind.field(name))
            .map(|def| {
                let original = match record {
                    Some(record) if def.set.is_some() => set_text(record, def.name, names),
                    Some(record) => record.get(def.name).unwrap_or("").to_string(),
                    None => defaults
                        .iter()
                        .find(|(name, _)| *name == def.name)
                        .map(|(_, value)| value.clone())
                        .unwrap_or_default(),
                };
                let original = match def.set {
                    None => as_written(def.ty, lang, original),
                    Some(_) => original,
                };
                let input = match def.set {
                    Some(_) => Input::Text(TextInput::new(&original)),
                    None => match options_for(def.ty, lang, refs) {
                        Some(options) => Input::Pick(Picker::new(options, &original)),
                        None => Input::Text(TextInput::new(&original)),
                    },
                };
                FormField {
                    name: def.name,
                    label_key: format!("field.{}", def.name),
                    hint_key: hint_for(def.ty, def.set),
                    required: def.required,
                    // A new record's defaults count as input only if changed.
                    original,
                    input,
                    error: None,
                }
            })
            .collect();
        let mut form = FormState {
            purpose: match record {
                Some(record) => FormPurpose::Edit(kind, record.id.clone()),
                None => FormPurpose::Create(kind),
            },
            fields,
            focus: 0,
            error: None,
            origin: None,
            departement_of: None,
        };
        form.refresh_communes(true);
        form
    }

    /// Limits the commune list to the chosen département (`initial`: when
    /// the form opens, with the record's commune). A commune of another
    /// département is dropped; a code unknown to the PACA list (an older or
    /// imported record) is kept as it is.
    fn refresh_communes(&mut self, initial: bool) {
        let departement = self.value("departement");
        let Some(field) = self.fields.iter_mut().find(|f| f.name == "commune") else {
            return;
        };
        let Input::Pick(picker) = &field.input else {
            return;
        };
        let current = match picker.value() {
            value if value.is_empty() && initial => field.original.clone(),
            value => value,
        };
        let mut options = commune_options(&departement);
        if !current.is_empty() && crate::domain::geo::commune(&current).is_none() {
            options.push(PickOption::new(current.clone(), current.clone()));
        }
        field.input = Input::Pick(Picker::new(options, &current));
    }

    /// After an edit of the focused field: a new département narrows the
    /// communes offered.
    fn edited(&mut self) {
        match self.fields.get(self.focus).map(|f| f.name) {
            Some("departement") => {
                self.departement_of = None;
                self.refresh_communes(false);
            }
            Some("organisation") => self.follow_organisation(),
            Some("purpose") => super::consent::show_dates(self),
            _ => {}
        }
    }

    /// Gives the département the chosen organisation's, while it follows.
    fn follow_organisation(&mut self) {
        let organisation = self.value("organisation");
        let Some(departement) = self
            .departement_of
            .as_ref()
            .and_then(|of| of.get(&organisation))
            .cloned()
        else {
            return;
        };
        let Some(field) = self.fields.iter_mut().find(|f| f.name == "departement") else {
            return;
        };
        if let Input::Pick(picker) = &field.input {
            field.input = Input::Pick(Picker::new(picker.options.clone(), &departement));
            field.error = None;
        }
        self.refresh_communes(false);
    }

    /// The first-run form: site name, département, role, operator name.
    pub fn setup(lang: Lang, author: &str) -> FormState {
        let text = |name: &'static str, label: &str, value: &str, required: bool| FormField {
            name,
            label_key: label.to_string(),
            hint_key: None,
            required,
            input: Input::Text(TextInput::new(value)),
            original: String::new(),
            error: None,
        };
        let departement =
            options_for(FieldType::Departement, lang, &mut |_| Vec::new()).unwrap_or_default();
        let roles = options_for(FieldType::Vocab(Vocab::SiteRole), lang, &mut |_| Vec::new())
            .unwrap_or_default();
        FormState {
            purpose: FormPurpose::Setup,
            fields: vec![
                text("name", "tui.setup.name", "", true),
                FormField {
                    name: "departement",
                    label_key: "field.departement".into(),
                    hint_key: Some("tui.hint.pick"),
                    required: true,
                    input: Input::Pick(Picker::new(departement, "")),
                    original: String::new(),
                    error: None,
                },
                FormField {
                    name: "role",
                    label_key: "field.role".into(),
                    hint_key: Some("tui.hint.pick"),
                    required: true,
                    input: Input::Pick(Picker::new(roles, "epn")),
                    original: "epn".into(),
                    error: None,
                },
                text("author", "tui.setup.author", author, false),
            ],
            focus: 0,
            error: None,
            origin: None,
            departement_of: None,
        }
    }

    pub fn kind(&self) -> Option<Kind> {
        match &self.purpose {
            FormPurpose::Setup => None,
            FormPurpose::Create(kind) | FormPurpose::Edit(kind, _) => Some(*kind),
            FormPurpose::Consent { .. } => Some(Kind::Developer),
        }
    }

    /// Whether anything typed would be lost by leaving.
    pub fn dirty(&self) -> bool {
        self.fields.iter().any(FormField::changed)
    }

    pub fn value(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .map(FormField::value)
            .unwrap_or_default()
    }

    pub fn focused(&mut self) -> Option<&mut FormField> {
        self.fields.get_mut(self.focus)
    }

    pub fn move_focus(&mut self, step: isize) {
        let len = self.fields.len() as isize;
        if len > 0 {
            self.focus = (self.focus as isize + step).rem_euclid(len) as usize;
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.edit(Action::Type(c));
    }

    /// A text edit in the focused field, by the one line editor: the
    /// field's text, or a list's query. `false` when `action` is not an
    /// edit there.
    pub fn edit(&mut self, action: Action) -> bool {
        let Some(field) = self.focused() else {
            return false;
        };
        let changed = match &mut field.input {
            Input::Text(text) => text.edit(action),
            Input::Pick(picker) => picker.edit(action),
        };
        let Some(changed) = changed else {
            return false;
        };
        if changed {
            field.error = None;
            self.edited();
        }
        true
    }

    /// ←/→: the caret in a text field, the next or previous value in a list.
    pub fn step_option(&mut self, step: isize) {
        if let Some(field) = self.focused() {
            match &mut field.input {
                Input::Text(text) if step < 0 => text.left(),
                Input::Text(text) => text.right(),
                Input::Pick(picker) => {
                    field.error = None;
                    picker.step(step);
                }
            }
        }
        self.edited();
    }

    /// Puts a refused value's message next to its field (or on the form).
    pub fn show_error(&mut self, field: &str, message: Message) {
        self.show_errors(vec![(field.to_string(), message)]);
    }

    /// Starts `name` with `value` (a record's id in a list of records, a
    /// text), as a default: saving a new record writes it.
    pub fn prefill(&mut self, name: &str, value: &str) {
        let Some(field) = self.fields.iter_mut().find(|f| f.name == name) else {
            return;
        };
        field.input = match &field.input {
            Input::Pick(picker) => Input::Pick(Picker::new(picker.options.clone(), value)),
            Input::Text(_) => Input::Text(TextInput::new(value)),
        };
        field.original = value.to_string();
    }

    /// Keeps only the fields named, in their order in the form.
    pub fn keep_only(&mut self, names: &[&str]) {
        self.fields.retain(|field| names.contains(&field.name));
        self.focus = 0;
    }

    /// Puts the focus on the field `name`.
    pub fn focus_on(&mut self, name: &str) {
        if let Some(at) = self.fields.iter().position(|f| f.name == name) {
            self.focus = at;
        }
    }

    /// Puts every refused value next to its field, all at once; the first
    /// in field order takes the focus. A message for no field of the form
    /// goes on the form.
    pub fn show_errors(&mut self, errors: Vec<(String, Message)>) {
        let mut first: Option<usize> = None;
        for (field, message) in errors {
            let name = if field == "status_reason" {
                "status"
            } else {
                field.as_str()
            };
            match self.fields.iter().position(|f| f.name == name) {
                Some(at) => {
                    // One message per field: the first found.
                    let slot = &mut self.fields[at].error;
                    if slot.is_none() {
                        *slot = Some(message);
                    }
                    first = Some(first.map_or(at, |known| known.min(at)));
                }
                None => self.error = self.error.take().or(Some(message)),
            }
        }
        if let Some(at) = first {
            self.focus = at;
        }
    }

    /// The values a save checks, in field order: every field of a new
    /// record, the changed fields of an edit (a value merged from another
    /// site is never checked again).
    pub fn values_to_check(&self) -> Vec<(&'static str, String)> {
        let creating = !matches!(self.purpose, FormPurpose::Edit(..));
        self.fields
            .iter()
            .filter(|field| creating || field.changed())
            .map(|field| (field.name, field.value()))
            .collect()
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for field in &mut self.fields {
            field.error = None;
        }
    }

    /// The assignments to save: every filled field of a new record, every
    /// changed field of an edited one. Names typed in reference sets are
    /// turned into ids by `resolve_names` (which reports unknown names).
    pub fn assignments(&self) -> Vec<Assignment> {
        let creating = !matches!(self.purpose, FormPurpose::Edit(..));
        self.fields
            .iter()
            .filter(|field| {
                if creating {
                    !field.value().is_empty()
                } else {
                    field.changed()
                }
            })
            .map(|field| Assignment::new(field.name, &field.value()))
            .collect()
    }

    /// A label for the status line or a title.
    pub fn title(&self, lang: Lang) -> String {
        match &self.purpose {
            FormPurpose::Setup => tr(lang, "tui.setup.title").to_string(),
            FormPurpose::Create(kind) if self.origin.is_some() => {
                let on = self
                    .origin
                    .as_ref()
                    .map_or("", |origin| origin.label.as_str());
                let key = match kind {
                    Kind::Time => "hours.form.log_title",
                    Kind::Deliverable => "hours.form.deliverable_title",
                    _ => "tui.form.create",
                };
                Message::new(key)
                    .arg("kind", tr(lang, &format!("tui.kind_one.{}", kind.name())))
                    .arg("record", on)
                    .render(lang)
            }
            FormPurpose::Create(kind) => Message::new("tui.form.create")
                .arg("kind", tr(lang, &format!("tui.kind_one.{}", kind.name())))
                .render(lang),
            FormPurpose::Edit(kind, _) => Message::new("tui.form.edit")
                .arg("kind", tr(lang, &format!("tui.kind_one.{}", kind.name())))
                .render(lang),
            FormPurpose::Consent { name, .. } => Message::new("privacy.tui.consent_title")
                .arg("name", name)
                .render(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_filters_a_picker_and_an_exact_code_wins() {
        let mut form = FormState::setup(Lang::Fr, "");
        form.focus = 1;
        for c in "04".chars() {
            form.type_char(c);
        }
        assert_eq!(form.value("departement"), "04");
        form.edit(Action::ClearField);
        for c in "bouches".chars() {
            form.type_char(c);
        }
        assert_eq!(form.value("departement"), "13");
        form.step_option(1);
        assert_eq!(form.value("departement"), "13", "one match: stepping stays");
    }

    #[test]
    fn a_new_form_saves_filled_fields_and_an_edit_only_changes() {
        let mut form = FormState::for_record(
            Kind::Org,
            None,
            Lang::En,
            &mut |_| Vec::new(),
            &mut |_, id| id.to_string(),
            &[],
        );
        assert!(!form.dirty());
        for c in "Écomusée".chars() {
            form.type_char(c);
        }
        assert!(form.dirty());
        assert_eq!(
            form.assignments(),
            vec![Assignment::new("name", "Écomusée")]
        );
    }
}
