//! Suggested developers in a request's detail, through `update(Action)` on a
//! real store and `TestBackend` at 80×24 in French: the detail lists the
//! best developers with their reasons in words, ↓ picks one, `a` assigns
//! them (a qualified request becomes assigned, the change is in the log),
//! and `a` says in words why it cannot when it cannot.

use crate::tui_support;

use relais::app::ui::{Action, DetailLine, Model, Screen, Tab, View};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, clock, keys, screen, site};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    request: String,
    zoe: String,
}

/// A request of a town hall of the 04 wanting web, qualified; Zoé (04, web 3), Paul in a
/// neighbouring département (05, web 2) and Yanis further away (13, web 1).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let developer = |app: &mut App, name: &str, departement: &str, skills: &str| {
        app.add(
            Kind::Developer,
            &[
                a("name", name),
                a("departement", departement),
                a("skills", skills),
                a("availability", "12"),
            ],
        )
        .expect("developer")
    };
    let zoe = developer(&mut app, "Zoé Martin", "04", "web:3");
    developer(&mut app, "Paul Girard", "05", "web:2");
    developer(&mut app, "Yanis Benali", "13", "web:1");
    let org = app
        .add(
            Kind::Org,
            &[
                a("name", "Mairie de Digne"),
                a("kind", "commune"),
                a("departement", "04"),
            ],
        )
        .expect("org");
    let request = app
        .add(
            Kind::Request,
            &[
                a("title", "Carte des fontaines"),
                a("organisation", &org),
                a("departement", "04"),
                a("skills", "web"),
            ],
        )
        .expect("request");
    app.set(Kind::Request, &request, &[a("status", "qualified")])
        .expect("qualified");
    Fixture {
        _dir: dir,
        path,
        request,
        zoe,
    }
}

/// Opens the request's detail from the Demandes tab (its suggestions computed).
fn open_request(path: &Path, request: &str) -> Model {
    let mut model = tui_support::open(path, Lang::Fr);
    let tab = Tab::Records(Screen::Requests).index() as u8;
    keys(&mut model, &[Action::Screen(tab)]);
    let row = (0..10)
        .find(|&index| {
            model
                .list()
                .row(index)
                .is_some_and(|record| record.id == request)
        })
        .expect("listed");
    keys(&mut model, &[Action::Select(row), Action::Open]);
    model
}

fn suggested(model: &Model) -> Vec<String> {
    let View::Detail(detail) = &model.view else {
        panic!("a detail is open");
    };
    detail
        .lines
        .iter()
        .filter_map(|line| match line {
            DetailLine::Suggestion { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// ↓ until the cursor is on a suggested developer.
fn down_to_suggestion(model: &mut Model) {
    for _ in 0..20 {
        if let View::Detail(detail) = &model.view
            && detail.selected_suggestion().is_some()
        {
            return;
        }
        keys(model, &[Action::Down]);
    }
    panic!("no suggestion reached");
}

fn notice(model: &Model) -> String {
    model
        .notice
        .as_ref()
        .map(|notice| notice.message.render(Lang::Fr))
        .unwrap_or_default()
}

#[test]
fn the_detail_suggests_developers_with_their_reasons_in_words() {
    let fixture = fixture();
    let model = open_request(&fixture.path, &fixture.request);
    assert_eq!(
        suggested(&model),
        ["Zoé Martin", "Paul Girard", "Yanis Benali"],
        "skill and territory first"
    );
    let text = screen(&model);
    insta::assert_snapshot!("request_suggestions_fr_80x24", text);
    assert!(text.contains("Développeur·ses suggéré·es"), "{text}");
    assert!(
        text.contains("web (3/3), même département, 12 h disponibles ce mois"),
        "{text}"
    );
    assert!(text.contains("département voisin"), "{text}");
}

#[test]
fn a_on_a_suggestion_assigns_the_developer_and_the_request_becomes_assigned() {
    let fixture = fixture();
    let mut model = open_request(&fixture.path, &fixture.request);
    down_to_suggestion(&mut model);
    let View::Detail(detail) = &model.view else {
        panic!("a detail is open");
    };
    assert_eq!(
        detail.selected_suggestion().map(|(id, _)| id.to_string()),
        Some(fixture.zoe.clone())
    );
    let text = screen(&model);
    assert!(
        text.contains("a attribuer au développeur"),
        "footer:\n{text}"
    );

    keys(&mut model, &[Action::Assign]);
    assert_eq!(
        notice(&model),
        "« Carte des fontaines » est attribuée à Zoé Martin et passe à « Attribuée »."
    );
    let text = screen(&model);
    insta::assert_snapshot!("request_assigned_fr_80x24", text);
    assert!(text.contains("Attribuée"), "{text}");
    assert!(
        !suggested(&model).contains(&"Zoé Martin".to_string()),
        "an assigned developer is no longer suggested"
    );

    let app = App::open(&fixture.path, Config::default(), clock()).expect("open");
    let (record, log) = app
        .history(Kind::Request, &fixture.request)
        .expect("history");
    assert_eq!(record.get("status"), Some("assigned"));
    assert!(record.sets["developers"].contains_key(&fixture.zoe));
    assert!(
        log.iter()
            .any(|entry| entry.field == format!("developer.{}", fixture.zoe)),
        "the assignment is a change in the log: {log:?}"
    );
    assert!(
        log.iter()
            .any(|entry| entry.field == "status" && entry.new.as_deref() == Some("assigned")),
        "{log:?}"
    );
}

#[test]
fn a_says_why_not_when_the_request_is_under_way_or_no_developer_is_chosen() {
    let fixture = fixture();
    let mut app = App::open(&fixture.path, Config::default(), clock()).expect("open");
    // The cursor starts on the organisation, not on a suggestion.
    let mut model = open_request(&fixture.path, &fixture.request);
    keys(&mut model, &[Action::Assign]);
    assert_eq!(
        notice(&model),
        "Placez d'abord le curseur sur une des personnes suggérées."
    );

    app.set(
        Kind::Request,
        &fixture.request,
        &[a("status", "assigned"), a("developers", &fixture.zoe)],
    )
    .expect("assigned");
    app.set(
        Kind::Request,
        &fixture.request,
        &[a("status", "in_progress")],
    )
    .expect("in progress");
    let mut model = open_request(&fixture.path, &fixture.request);
    down_to_suggestion(&mut model);
    keys(&mut model, &[Action::Assign]);
    assert_eq!(
        notice(&model),
        "Cette demande est « En cours » : on n'attribue que des demandes nouvelles ou qualifiées."
    );
    let record = app.show(Kind::Request, &fixture.request).expect("request");
    let assigned: Vec<&String> = record.sets["developers"].keys().collect();
    assert_eq!(assigned, vec![&fixture.zoe], "nothing more assigned");
}

/// A delivered or abandoned request needs nobody: its detail suggests no
/// one (it listed developers under « Développeur·ses suggéré·es » as if
/// the work were still to give); reopened, it suggests them again.
#[test]
fn a_closed_request_suggests_nobody_until_it_is_reopened() {
    let fixture = fixture();
    let mut app = App::open(&fixture.path, Config::default(), clock()).expect("open");
    app.set(
        Kind::Request,
        &fixture.request,
        &[
            a("status", "abandoned"),
            a("status_reason", "Plus de budget"),
        ],
    )
    .expect("abandoned");
    let model = open_request(&fixture.path, &fixture.request);
    let text = screen(&model);
    assert!(suggested(&model).is_empty(), "{text}");
    assert!(!text.contains("suggéré"), "{text}");
    assert!(text.contains("Abandonnée"), "{text}");

    app.set(
        Kind::Request,
        &fixture.request,
        &[
            a("status", "qualified"),
            a("status_reason", "Budget trouvé"),
        ],
    )
    .expect("reopened");
    let model = open_request(&fixture.path, &fixture.request);
    assert_eq!(suggested(&model).len(), 3, "{}", screen(&model));
}

/// A developer who follows no request: the detail's load line says so,
/// and no empty « Demandes suivies » heading hangs under it.
#[test]
fn a_developer_without_requests_has_no_empty_heading() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    let tab = Tab::Records(Screen::Developers).index() as u8;
    keys(
        &mut model,
        &[Action::Screen(tab), Action::Select(0), Action::Open],
    );
    let text = screen(&model);
    assert!(text.contains("Paul Girard"), "{text}");
    assert!(text.contains("0 demande en cours"), "{text}");
    assert!(!text.contains("Demandes suivies"), "{text}");
    // Once assigned, the heading is there with the request under it.
    let mut app = App::open(&fixture.path, Config::default(), clock()).expect("open");
    app.set(
        Kind::Request,
        &fixture.request,
        &[a("developers", "Paul Girard")],
    )
    .expect("assigned");
    keys(&mut model, &[Action::Back, Action::Select(0), Action::Open]);
    let text = screen(&model);
    assert!(text.contains("Demandes suivies"), "{text}");
    assert!(text.contains("Carte des fontaines"), "{text}");
}
