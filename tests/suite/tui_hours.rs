//! Hours, deliverables and budget lines written from the terminal UI,
//! driven through `update(Action)` on a real store and drawn at 80×24 in
//! French: `t` logs hours on a request or a developer (then their detail
//! shows them), `l` records a deliverable of a request and its edit form
//! writes a change, `B` lets the lead write and edit a budget line and
//! refuses an EPN in words, and a form with four bad fields reports all
//! four at once, each next to its field.

use crate::tui_support;

use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, FormPurpose, Model, Screen, Tab, View, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, buffer_text, clock, drawn};

/// An EPN (or the lead, `role`) with an organisation, two developers, a
/// request estimated at 40 h and a workshop.
fn fixture(role: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    let site = InitRequest {
        name: if role == "epn" {
            "EPN de Digne"
        } else {
            "Coordination régionale"
        },
        departement: "04",
        role,
        author: Some("Camille"),
    };
    init(&path, clock(), &site).expect("init");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let pnr = app
        .add(
            Kind::Org,
            &[
                a("name", "Parc naturel régional du Verdon"),
                a("kind", "pnr"),
            ],
        )
        .expect("org");
    for name in ["Zoé Martin", "Yanis Benali"] {
        app.add(Kind::Developer, &[a("name", name), a("departement", "04")])
            .expect("developer");
    }
    app.add(
        Kind::Request,
        &[
            a("title", "Valoriser les données patrimoniales"),
            a("organisation", &pnr),
            a("category", "map"),
            a("licence", "ODbL-1.0"),
            a("estimated_hours", "40"),
        ],
    )
    .expect("request");
    (dir, path)
}

fn open_app(path: &Path) -> App {
    App::open(path, Config::default(), clock()).expect("open")
}

fn model(path: &Path, tab: u8) -> Model {
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    update(&mut model, Action::Screen(tab));
    model
}

/// The screen as text at 80×24, temp paths left out.
fn render(model: &Model) -> String {
    buffer_text(drawn(model, (80, 24), false).backend().buffer())
}

fn keys(model: &mut Model, actions: &[Action]) {
    for action in actions {
        update(model, *action);
    }
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

/// Moves the focus of the open form to the field `name`.
fn focus(model: &mut Model, name: &str) {
    for _ in 0..20 {
        match &model.view {
            View::Form(form) if form.fields[form.focus].name == name => return,
            View::Form(_) => update(model, Action::NextField),
            other => panic!("no form: {other:?}"),
        }
    }
    panic!("no field {name}");
}

fn form_purpose(model: &Model) -> FormPurpose {
    match &model.view {
        View::Form(form) => form.purpose.clone(),
        other => panic!("no form: {other:?}"),
    }
}

fn detail_label(model: &Model) -> String {
    match &model.view {
        View::Detail(detail) => detail.record.label().to_string(),
        other => panic!("no detail: {other:?}"),
    }
}

fn request_detail(path: &Path) -> Model {
    let mut model = model(path, Tab::Records(Screen::Requests).index() as u8);
    update(&mut model, Action::Open);
    assert_eq!(detail_label(&model), "Valoriser les données patrimoniales");
    model
}

#[test]
fn hours_logged_from_a_request_show_on_it_against_the_estimate() {
    let (_dir, path) = fixture("epn");
    let mut model = request_detail(&path);
    update(&mut model, Action::LogHours);
    assert_eq!(form_purpose(&model), FormPurpose::Create(Kind::Time));
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    let names: Vec<&str> = form.fields.iter().map(|field| field.name).collect();
    assert_eq!(names, ["developer", "request", "date", "hours", "note"]);
    assert_eq!(form.value("date"), "26/11/2026", "today by default");
    insta::assert_snapshot!("log_hours_form_fr", render(&model));
    // The developer is picked by name; hours take a decimal comma.
    type_text(&mut model, "zoé");
    focus(&mut model, "hours");
    type_text(&mut model, "3,5");
    focus(&mut model, "note");
    type_text(&mut model, "maquette");
    update(&mut model, Action::Save);
    assert_eq!(detail_label(&model), "Valoriser les données patrimoniales");
    let screen = render(&model);
    assert!(
        screen.contains("Heures") && screen.contains("3,5 h passées sur 40 h estimées"),
        "{screen}"
    );
    assert!(
        screen.contains("26/11/2026 · Zoé Martin · 3,5 h · maquette"),
        "the entry in words, no id:\n{screen}"
    );
    insta::assert_snapshot!("request_with_hours_fr", screen);
    let app = open_app(&path);
    let entries = app.list(Kind::Time).expect("entries");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.get("hours"), Some("3.5"));
    assert_eq!(entry.get("date"), Some("2026-11-26"));
    let request = app.list(Kind::Request).expect("requests")[0].id.clone();
    assert_eq!(entry.get("request"), Some(request.as_str()));
    let zoe = app
        .list(Kind::Developer)
        .expect("developers")
        .into_iter()
        .find(|d| d.label() == "Zoé Martin")
        .expect("Zoé");
    assert_eq!(entry.get("developer"), Some(zoe.id.as_str()));
}

/// A request with one developer: `t` starts with them, the focus on the
/// hours; with two, the person is picked.
#[test]
fn hours_on_a_request_with_one_developer_start_with_them() {
    let (_dir, path) = fixture("epn");
    let mut app = open_app(&path);
    let request = app.list(Kind::Request).expect("requests")[0].id.clone();
    app.set(Kind::Request, &request, &[a("developers", "Zoé Martin")])
        .expect("assigned");
    let mut model = request_detail(&path);
    update(&mut model, Action::LogHours);
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(form.fields[form.focus].name, "hours");
    assert!(
        render(&model).contains("‹ Zoé Martin ›"),
        "{}",
        render(&model)
    );
    type_text(&mut model, "2");
    update(&mut model, Action::Save);
    assert!(
        render(&model).contains("Zoé Martin · 2 h"),
        "{}",
        render(&model)
    );

    app.set(
        Kind::Request,
        &request,
        &[a("developers", "Zoé Martin, Yanis Benali")],
    )
    .expect("two");
    // The detail read again, with both.
    keys(&mut model, &[Action::Back, Action::Open, Action::LogHours]);
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(form.fields[form.focus].name, "developer");
    assert_eq!(form.value("developer"), "");
}

#[test]
fn hours_logged_on_a_developer_show_this_month_and_this_year() {
    let (_dir, path) = fixture("epn");
    let mut app = open_app(&path);
    let zoe = app
        .list(Kind::Developer)
        .expect("developers")
        .into_iter()
        .find(|d| d.label() == "Zoé Martin")
        .expect("Zoé");
    // Earlier this year: counted in the year, not the month.
    app.add(
        Kind::Time,
        &[
            a("developer", &zoe.id),
            a("date", "2026-03-02"),
            a("hours", "7"),
        ],
    )
    .expect("time");
    // The same month a year before: neither this month nor this year.
    app.add(
        Kind::Time,
        &[
            a("developer", &zoe.id),
            a("date", "2025-11-20"),
            a("hours", "4"),
        ],
    )
    .expect("time");
    drop(app);
    let mut model = model(&path, Tab::Records(Screen::Developers).index() as u8);
    // The table is sorted by name: Yanis, then Zoé.
    keys(&mut model, &[Action::Down, Action::Open]);
    assert_eq!(detail_label(&model), "Zoé Martin");
    update(&mut model, Action::LogHours);
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(
        form.value("developer"),
        zoe.id,
        "the developer is prefilled"
    );
    assert_eq!(form.fields[form.focus].name, "hours", "hours come first");
    type_text(&mut model, "2.5");
    update(&mut model, Action::Save);
    assert_eq!(detail_label(&model), "Zoé Martin");
    let screen = render(&model);
    assert!(
        screen.contains("2,5 h ce mois · 9,5 h cette année"),
        "{screen}"
    );
}

#[test]
fn a_deliverable_is_created_from_its_request_and_its_edit_writes_a_change() {
    let (_dir, path) = fixture("epn");
    let mut model = request_detail(&path);
    update(&mut model, Action::Deliverable);
    assert_eq!(form_purpose(&model), FormPurpose::Create(Kind::Deliverable));
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(form.value("licence"), "ODbL-1.0", "the request's licence");
    type_text(&mut model, "Carte du patrimoine");
    focus(&mut model, "url");
    type_text(&mut model, "https://carto.pnr-verdon.example/patrimoine");
    focus(&mut model, "licence");
    type_text(&mut model, "etalab");
    focus(&mut model, "published_on");
    type_text(&mut model, "20/11/2026");
    insta::assert_snapshot!("deliverable_form_fr", render(&model));
    update(&mut model, Action::Save);
    assert_eq!(detail_label(&model), "Valoriser les données patrimoniales");
    let screen = render(&model);
    // The licence by its short name, not its code.
    assert!(screen.contains("Carte du patrimoine"), "{screen}");
    assert!(screen.contains("· Licence Ouverte 2.0"), "{screen}");
    assert!(!screen.contains("etalab-2.0"), "{screen}");
    let app = open_app(&path);
    let deliverables = app.list(Kind::Deliverable).expect("deliverables");
    assert_eq!(deliverables.len(), 1);
    let deliverable = deliverables[0].clone();
    assert_eq!(deliverable.get("licence"), Some("etalab-2.0"));
    assert_eq!(deliverable.get("published_on"), Some("2026-11-20"));
    assert_eq!(deliverable.get("kind"), Some("map"));
    drop(app);

    // Open it from the request and edit it: the form has its fields, and
    // saving writes the change.
    let at = match &model.view {
        View::Detail(detail) => detail
            .lines
            .iter()
            .position(|line| {
                line.target()
                    .is_some_and(|(kind, _)| kind == Kind::Deliverable)
            })
            .expect("deliverable line"),
        _ => panic!("no detail"),
    };
    if let View::Detail(detail) = &mut model.view {
        detail.selected = Some(at);
    }
    keys(&mut model, &[Action::Open, Action::Edit]);
    assert_eq!(
        form_purpose(&model),
        FormPurpose::Edit(Kind::Deliverable, deliverable.id.clone())
    );
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(form.fields.len(), 6, "the edit form is not empty");
    assert_eq!(form.value("title"), "Carte du patrimoine");
    // The stored ISO date is shown as the French form asks for it.
    assert_eq!(form.value("published_on"), "20/11/2026");
    insta::assert_snapshot!("deliverable_edit_form_fr", render(&model));
    update(&mut model, Action::ClearField);
    type_text(&mut model, "Carte sensible du patrimoine");
    update(&mut model, Action::Save);
    assert_eq!(detail_label(&model), "Carte sensible du patrimoine");
    let app = open_app(&path);
    let (record, history) = app
        .history(Kind::Deliverable, &deliverable.id)
        .expect("history");
    assert_eq!(record.get("title"), Some("Carte sensible du patrimoine"));
    assert!(
        history.iter().any(|entry| entry.field == "title"
            && entry.new.as_deref() == Some("Carte sensible du patrimoine")),
        "the edit is a change: {history:?}"
    );
}

#[test]
fn the_lead_writes_and_edits_a_budget_line() {
    let (_dir, path) = fixture("regional");
    let mut model = model(&path, Tab::Home.index() as u8);
    update(&mut model, Action::Budget);
    assert_eq!(form_purpose(&model), FormPurpose::Create(Kind::Budget));
    let View::Form(form) = &model.view else {
        panic!("no form")
    };
    assert_eq!(form.value("year"), "2026", "this year by default");
    assert_eq!(form.fields[form.focus].name, "label");
    type_text(&mut model, "Salaires");
    focus(&mut model, "amount");
    type_text(&mut model, "150 000");
    focus(&mut model, "category");
    type_text(&mut model, "salaires");
    update(&mut model, Action::Save);
    let View::Detail(detail) = &model.view else {
        panic!("no detail: {:?}", model.view)
    };
    let id = detail.record.id.clone();
    assert_eq!(detail.record.get("amount"), Some("150000"));
    // A second line: the first is listed on it, and opens to be edited.
    update(&mut model, Action::Budget);
    type_text(&mut model, "Matériel");
    focus(&mut model, "amount");
    type_text(&mut model, "30000");
    update(&mut model, Action::Save);
    let screen = render(&model);
    assert!(screen.contains("Salaires · 150 000 €"), "{screen}");
    insta::assert_snapshot!("budget_line_fr", screen);
    let at = match &model.view {
        View::Detail(detail) => detail
            .lines
            .iter()
            .position(|line| line.target().is_some_and(|(_, target)| target == id))
            .expect("the other line"),
        _ => panic!("no detail"),
    };
    if let View::Detail(detail) = &mut model.view {
        detail.selected = Some(at);
    }
    keys(&mut model, &[Action::Open, Action::Edit]);
    assert_eq!(
        form_purpose(&model),
        FormPurpose::Edit(Kind::Budget, id.clone())
    );
    focus(&mut model, "amount");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "160000");
    update(&mut model, Action::Save);
    let app = open_app(&path);
    let line = app.show(Kind::Budget, &id).expect("line");
    assert_eq!(line.get("amount"), Some("160000"));
    assert_eq!(line.get("label"), Some("Salaires"));
}

#[test]
fn an_epn_is_told_in_words_that_the_lead_writes_the_budget() {
    let (_dir, path) = fixture("epn");
    let mut model = model(&path, Tab::Home.index() as u8);
    update(&mut model, Action::Budget);
    assert!(
        !matches!(model.view, View::Form(_)),
        "no budget form on an EPN"
    );
    let screen = render(&model);
    assert!(
        screen.contains("Seul le coordinateur régional modifie les lignes du budget"),
        "{screen}"
    );
    assert!(
        open_app(&path)
            .list(Kind::Budget)
            .expect("lines")
            .is_empty()
    );
}

#[test]
fn a_form_with_four_bad_fields_reports_all_four_at_once_in_field_order() {
    let (_dir, path) = fixture("epn");
    let mut model = model(&path, Tab::Records(Screen::Workshops).index() as u8);
    update(&mut model, Action::New);
    // The title is left empty (it is required).
    focus(&mut model, "date");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "31/02/2026");
    focus(&mut model, "duration");
    type_text(&mut model, "deux heures");
    focus(&mut model, "participants");
    type_text(&mut model, "-4");
    update(&mut model, Action::Save);
    let View::Form(form) = &model.view else {
        panic!("the form stays open: {:?}", model.view)
    };
    let refused: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter_map(|field| field.error.as_ref().map(|error| (field.name, error.key)))
        .collect();
    assert_eq!(
        refused,
        [
            ("title", "error.edit.required"),
            ("date", "error.value.date_day"),
            ("duration", "error.value.number"),
            ("participants", "error.value.negative"),
        ]
    );
    assert_eq!(
        form.fields[form.focus].name, "title",
        "the first takes the focus"
    );
    let screen = render(&model);
    insta::assert_snapshot!("four_bad_fields_fr", screen);
    assert!(
        open_app(&path)
            .list(Kind::Workshop)
            .expect("workshops")
            .is_empty()
    );
    // Fixing them all saves at once.
    focus(&mut model, "title");
    type_text(&mut model, "Atelier carte sensible");
    focus(&mut model, "date");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "28/02/2026");
    focus(&mut model, "duration");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "2,5");
    focus(&mut model, "participants");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "12");
    update(&mut model, Action::Save);
    assert_eq!(detail_label(&model), "Atelier carte sensible");
}
