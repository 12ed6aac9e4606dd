//! Suggestions on a small hand-built region, one test per rule, then the
//! assignment of a suggestion and the skills map's gaps.

use crate::app_support;

use app_support::{add, regional_app};
use relais::app::{App, Assignment};
use relais::domain::Kind;
use relais::i18n::Lang;

fn developer(app: &mut App, name: &str, departement: &str, skills: &str, hours: &str) -> String {
    add(
        app,
        Kind::Developer,
        &[
            ("name", name),
            ("departement", departement),
            ("skills", skills),
            ("availability", hours),
        ],
    )
}

/// A request in the Hautes-Alpes (05, whose only PACA neighbour is 04).
fn request(app: &mut App) -> String {
    add(
        app,
        Kind::Request,
        &[
            ("title", "Carte des refuges"),
            ("departement", "05"),
            ("skills", "web,dataviz"),
        ],
    )
}

fn order(app: &App, request: &str) -> Vec<String> {
    app.suggest(request, 10, Lang::Fr)
        .unwrap()
        .suggestions
        .into_iter()
        .map(|item| item.name)
        .collect()
}

#[test]
fn covering_one_more_wanted_skill_beats_being_in_the_same_departement() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    developer(&mut app, "Locale", "05", "web:1", "10");
    developer(&mut app, "Complète", "13", "web:1,dataviz:1", "10");
    assert_eq!(order(&app, &request), ["Complète", "Locale"]);
}

#[test]
fn territory_breaks_ties_same_then_neighbour_then_region() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    developer(&mut app, "Région", "13", "web:2", "10");
    developer(&mut app, "Voisine", "04", "web:2", "10");
    developer(&mut app, "Locale", "05", "web:2", "10");
    assert_eq!(order(&app, &request), ["Locale", "Voisine", "Région"]);
    // Territory also outweighs one level of skill.
    developer(&mut app, "Experte lointaine", "13", "web:3", "10");
    assert_eq!(order(&app, &request)[..2], ["Locale", "Voisine"]);
}

#[test]
fn load_lowers_the_score() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    let busy = developer(&mut app, "Occupée", "05", "web:2", "20");
    developer(&mut app, "Libre", "05", "web:2", "20");
    assert_eq!(
        order(&app, &request),
        ["Libre", "Occupée"],
        "names tie-break first"
    );
    let other = add(
        &mut app,
        Kind::Request,
        &[("title", "Autre"), ("departement", "05")],
    );
    app.assign(&other, &busy).unwrap();
    add(
        &mut app,
        Kind::Time,
        &[
            ("developer", &busy),
            ("date", "2026-11-20"),
            ("hours", "12"),
        ],
    );
    let outcome = app.suggest(&request, 10, Lang::Fr).unwrap();
    let busy_item = &outcome.suggestions[1];
    assert_eq!(busy_item.name, "Occupée");
    assert_eq!(busy_item.open_assignments, 1);
    assert!((busy_item.free_hours - 8.0).abs() < 1e-9);
    assert!(outcome.suggestions[0].score > busy_item.score);
}

#[test]
fn an_unavailable_developer_comes_last_whatever_their_skills() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    developer(&mut app, "Experte absente", "05", "web:3,dataviz:3", "0");
    developer(&mut app, "Débutante", "13", "web:1", "2");
    assert_eq!(order(&app, &request), ["Débutante", "Experte absente"]);
}

#[test]
fn each_score_is_explained_in_words() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    developer(&mut app, "Zoé", "05", "web:3,dataviz:2", "12");
    let outcome = app.suggest(&request, 10, Lang::Fr).unwrap();
    assert_eq!(
        outcome.suggestions[0].explanation,
        "Développement web (3/3), Visualisation de données (2/3), même département, 12 h disponibles ce mois"
    );
    let outcome = app.suggest(&request, 10, Lang::En).unwrap();
    assert_eq!(
        outcome.suggestions[0].explanation,
        "Web development (3/3), Data visualisation (2/3), same département, 12 h available this month"
    );
}

#[test]
fn assigning_a_suggestion_moves_a_qualified_request_and_leaves_the_list() {
    let (_dir, mut app) = regional_app("05");
    let request = request(&mut app);
    app.set(
        Kind::Request,
        &request,
        &[Assignment::new("status", "qualified")],
    )
    .unwrap();
    let zoe = developer(&mut app, "Zoé", "05", "web:3", "12");
    let outcome = app.assign(&request, &zoe).unwrap();
    assert!(outcome.status_changed);
    let record = app.show(Kind::Request, &request).unwrap();
    assert_eq!(record.get("status"), Some("assigned"));
    assert!(record.sets["developers"].contains_key(&zoe));
    assert!(order(&app, &request).is_empty(), "already assigned");
}

#[test]
fn an_unknown_request_is_a_clear_error() {
    let (_dir, app) = regional_app("05");
    let err = app.suggest("zzzzzzzz", 5, Lang::En).unwrap_err();
    assert!(err.message().render(Lang::En).contains("zzzzzzzz"));
}

#[test]
fn the_skills_map_shows_gaps_and_who_could_help_nearby() {
    let (_dir, mut app) = regional_app("05");
    let wanting = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "SIG des alpages"),
            ("departement", "05"),
            ("skills", "gis"),
        ],
    );
    developer(&mut app, "Absente", "05", "gis:3", "0");
    let near = developer(&mut app, "Voisine", "04", "gis:2", "6");
    developer(&mut app, "Lointaine", "06", "gis:3", "6");
    let map = app.skills_map(None).unwrap();
    let gaps: Vec<(&str, &str)> = map
        .gaps()
        .map(|cell| (cell.departement.as_str(), cell.skill.as_str()))
        .collect();
    assert_eq!(gaps, [("05", "gis")]);
    let cell = map
        .cells
        .iter()
        .find(|cell| cell.departement == "05" && cell.skill == "gis")
        .unwrap();
    assert_eq!(
        cell.developers.len(),
        1,
        "the unavailable one is listed, not counted"
    );
    let detail = app.skill_gap("05", "gis").unwrap();
    assert_eq!(detail.requests.len(), 1);
    assert_eq!(detail.requests[0].id, wanting);
    let nearby: Vec<&str> = detail.nearby.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(nearby, [near.as_str()], "06 does not border 05");
    assert_eq!(app.skills_map(Some("04")).unwrap().gaps().count(), 0);
}
