//! Delete (`d`) and undo (`u`) through `update`, on two real replicas that
//! exchange real bundle files: a deletion is a tombstone that syncs, an
//! undo is a new change whose parent is the undone one (so it syncs like
//! any edit), and an undo whose field moved on since is refused in words,
//! writing nothing.

use crate::tui_support;

use relais::app::ui::{Action, Model, Overlay, Screen, Tab, View};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, card, clock, epn_clock, keys, screen, site};

/// The lead and an EPN that trust each other, sharing one organisation
/// and one request written by the lead.
struct Pair {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    lead: PathBuf,
    epn: PathBuf,
    org: String,
    request: String,
}

fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let lead = dir.path().join("lead.db");
    let epn = dir.path().join("epn.db");
    site(&lead, "Coordination régionale", "13", "regional", "Léa");
    site(&epn, "EPN de Digne", "04", "epn", "Camille");
    let (epn_card, lead_card) = (card(&epn), card(&lead));
    let mut l = App::open(&lead, Config::default(), clock()).unwrap();
    l.enrol_card(&epn_card, false).unwrap();
    let mut e = App::open(&epn, Config::default(), epn_clock()).unwrap();
    e.enrol_card(&lead_card, true).unwrap();
    let org = l
        .add(
            Kind::Org,
            &[
                a("name", "Médiathèque de Digne"),
                a("kind", "public_body"),
                a("departement", "04"),
            ],
        )
        .unwrap();
    let request = l
        .add(
            Kind::Request,
            &[
                a("title", "Carte des lieux de lecture"),
                a("organisation", &org),
                a("departement", "04"),
            ],
        )
        .unwrap();
    let pair = Pair {
        dir: dir.path().to_path_buf(),
        _dir: dir,
        lead,
        epn,
        org,
        request,
    };
    exchange(&mut l, &mut e, &pair.dir, "first");
    pair
}

fn site_id(app: &App) -> String {
    app.test_store().require_identity().unwrap().site
}

/// `from` writes a bundle for `to` as a real file; `to` imports it.
fn exchange(from: &mut App, to: &mut App, dir: &Path, name: &str) {
    let path = dir.join(format!("{name}.rb"));
    let addressee = site_id(to);
    from.export_bundle(Some(&addressee), false, &path, &mut |_| {})
        .unwrap();
    to.import_bundle(&path, &mut |_| {}).unwrap();
}

fn changes(app: &App) -> u64 {
    app.test_store().change_count().unwrap()
}

fn org_deleted(app: &App, id: &str) -> bool {
    app.show(Kind::Org, id).unwrap().deleted
}

fn open_tab(path: &Path, screen: Screen) -> Model {
    let mut model = Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    keys(
        &mut model,
        &[Action::Screen(Tab::Records(screen).index() as u8)],
    );
    model
}

fn notice(model: &Model) -> (String, bool) {
    let notice = model.notice.as_ref().expect("a status line");
    (notice.message.render(Lang::Fr), notice.error)
}

fn model_app(model: &mut Model) -> &mut App {
    model.app.as_mut().unwrap()
}

#[test]
fn delete_then_undo_restores_the_record_and_both_sync_as_changes() {
    let p = pair();
    let mut model = open_tab(&p.lead, Screen::Orgs);
    let before = changes(model_app(&mut model));

    // `d` asks first, naming the record; Esc leaves it alone.
    keys(&mut model, &[Action::Delete]);
    let Overlay::Confirm(question) = &model.overlay else {
        panic!("no confirmation: {:?}", model.overlay)
    };
    let text = question.question.render(Lang::Fr);
    assert!(
        text.contains("« Médiathèque de Digne » (Organisation)"),
        "{text}"
    );
    insta::assert_snapshot!("delete_confirmation_fr", screen(&model));
    keys(&mut model, &[Action::No]);
    assert!(!org_deleted(model_app(&mut model), &p.org));

    keys(&mut model, &[Action::Delete, Action::Yes]);
    assert!(org_deleted(model_app(&mut model), &p.org));
    assert_eq!(changes(model_app(&mut model)), before + 1, "one tombstone");
    assert_eq!(model.list().total, 0, "gone from the list");
    let (said, error) = notice(&model);
    assert!(
        !error && said.contains("« Médiathèque de Digne » supprimé"),
        "{said}"
    );

    // The deletion reaches the EPN through a real bundle.
    let mut epn = App::open(&p.epn, Config::default(), epn_clock()).unwrap();
    exchange(model_app(&mut model), &mut epn, &p.dir, "deleted");
    assert!(org_deleted(&epn, &p.org));

    // `u` brings it back: a new change on `deleted` whose parent is the
    // deletion, and the status line says so in words.
    keys(&mut model, &[Action::Undo]);
    let (said, error) = notice(&model);
    assert!(!error, "{said}");
    assert_eq!(
        said,
        "Annulé : la suppression de « Médiathèque de Digne » ; la fiche est rétablie."
    );
    let app = model_app(&mut model);
    assert!(!org_deleted(app, &p.org));
    assert_eq!(changes(app), before + 2, "the deletion and its undo");
    let log = app.test_store().all_changes().unwrap();
    let tombstone = log
        .iter()
        .find(|c| c.record == p.org && c.field == "deleted" && c.value.as_deref() == Some("1"))
        .unwrap();
    let restore = log
        .iter()
        .find(|c| c.record == p.org && c.field == "deleted" && c.value.as_deref() == Some("0"))
        .unwrap();
    assert_eq!(restore.parents, vec![tombstone.id.clone()]);
    assert_eq!(model.list().total, 1, "back in the list");

    // The undo syncs like any edit: the EPN has the record back, and both
    // replicas hold the same state.
    exchange(model_app(&mut model), &mut epn, &p.dir, "undone");
    assert!(!org_deleted(&epn, &p.org));
    assert_eq!(
        epn.test_store().digest().unwrap(),
        model_app(&mut model).test_store().digest().unwrap()
    );
    assert!(epn.conflicts().unwrap().is_empty());

    // Nothing left to undo: said in words, nothing written.
    keys(&mut model, &[Action::Undo]);
    let (said, error) = notice(&model);
    assert!(error && said.starts_with("Rien à annuler"), "{said}");
    assert_eq!(changes(model_app(&mut model)), before + 2);
}

#[test]
fn undo_of_a_status_change_from_the_detail_names_the_field_and_the_value_in_words() {
    let p = pair();
    let mut model = open_tab(&p.lead, Screen::Requests);
    keys(&mut model, &[Action::Open, Action::Status]);
    assert!(matches!(model.overlay, Overlay::Status(_)));
    // The first next status of a new request.
    keys(&mut model, &[Action::Open]);
    let app = model_app(&mut model);
    let status = app.show(Kind::Request, &p.request).unwrap();
    assert_ne!(status.get("status"), Some("new"));
    let before = changes(app);

    keys(&mut model, &[Action::Undo]);
    let (said, error) = notice(&model);
    assert!(!error, "{said}");
    assert_eq!(
        said,
        "Annulé : statut de « Carte des lieux de lecture » remis à Nouvelle."
    );
    let app = model_app(&mut model);
    let request = app.show(Kind::Request, &p.request).unwrap();
    assert_eq!(request.get("status"), Some("new"));
    assert!(changes(app) > before);
    assert!(
        matches!(model.view, View::Detail(_)),
        "the detail stays open"
    );
}

#[test]
fn undo_is_refused_in_words_when_another_site_changed_the_field_since() {
    let p = pair();
    let mut model = open_tab(&p.lead, Screen::Orgs);
    model_app(&mut model)
        .set(
            Kind::Org,
            &p.org,
            &[a("name", "Médiathèque intercommunale")],
        )
        .unwrap();
    // The EPN receives the rename, then renames again; its bundle comes back.
    let mut epn = App::open(&p.epn, Config::default(), epn_clock()).unwrap();
    exchange(model_app(&mut model), &mut epn, &p.dir, "renamed");
    epn.set(Kind::Org, &p.org, &[a("name", "Médiathèque Pierre-Gilles")])
        .unwrap();
    exchange(&mut epn, model_app(&mut model), &p.dir, "renamed-again");
    let before = changes(model_app(&mut model));
    let digest = model_app(&mut model).test_store().digest().unwrap();

    keys(&mut model, &[Action::Undo]);
    let (said, error) = notice(&model);
    assert!(error, "{said}");
    assert!(
        said.starts_with("Pas annulé : nom de « Médiathèque Pierre-Gilles » a été changé depuis par Camille (EPN de Digne) le 26/11/2026"),
        "{said}"
    );
    assert!(said.ends_with("Rien n'a été modifié."), "{said}");
    let app = model_app(&mut model);
    assert_eq!(changes(app), before, "nothing written");
    assert_eq!(app.test_store().digest().unwrap(), digest);
    assert_eq!(
        app.show(Kind::Org, &p.org).unwrap().get("name"),
        Some("Médiathèque Pierre-Gilles")
    );
}

#[test]
fn undo_of_a_creation_deletes_the_record_and_d_on_a_detail_goes_back_to_the_list() {
    let p = pair();
    let mut model = open_tab(&p.lead, Screen::Orgs);
    let created = model_app(&mut model)
        .add(
            Kind::Org,
            &[
                a("name", "Tiers-lieu de Manosque"),
                a("kind", "association"),
            ],
        )
        .unwrap();
    keys(&mut model, &[Action::Undo]);
    let (said, _) = notice(&model);
    assert_eq!(
        said,
        "Annulé : la création de « Tiers-lieu de Manosque » ; la fiche est supprimée."
    );
    assert!(org_deleted(model_app(&mut model), &created));

    // From a detail: the confirmation, then the list again.
    keys(&mut model, &[Action::Top, Action::Open]);
    assert!(matches!(model.view, View::Detail(_)));
    keys(&mut model, &[Action::Delete, Action::Yes]);
    assert!(matches!(model.view, View::Browse), "{:?}", model.view);
    assert!(org_deleted(model_app(&mut model), &p.org));
}
