//! Search across kinds on a real store built through the use cases: folding,
//! typos, ranking (exact before typo, title before need, recent before old),
//! fields beyond titles, and the scattered-letters noise case.

use crate::app_support;

use app_support::{add, regional_app};
use relais::app::App;
use relais::app::search::{HitClass as MatchClass, SearchHit};
use relais::domain::Kind;

fn ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|hit| hit.id.as_str()).collect()
}

fn search(app: &App, query: &str) -> Vec<SearchHit> {
    app.search(query, None, 20).unwrap().hits
}

#[test]
fn accents_and_case_are_ignored_and_prefixes_match() {
    let (_dir, mut app) = regional_app("04");
    let eco = add(&mut app, Kind::Org, &[("name", "Écomusée de l'olivier")]);
    let maraudes = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Coordonner les maraudes"),
            ("received_on", "2026-10-01"),
        ],
    );
    let hits = search(&app, "ecomusee");
    assert_eq!(ids(&hits), [eco.as_str()]);
    assert_eq!(hits[0].class, MatchClass::Exact);
    assert_eq!(hits[0].positions, (0..8).collect::<Vec<_>>());
    let hits = search(&app, "MARAU");
    assert_eq!(ids(&hits), [maraudes.as_str()]);
    assert_eq!(hits[0].class, MatchClass::Prefix);
    assert_eq!(hits[0].field, "title");
}

#[test]
fn one_slip_in_a_long_word_still_matches_below_exact_matches() {
    let (_dir, mut app) = regional_app("04");
    let parc = add(
        &mut app,
        Kind::Org,
        &[("name", "Parc naturel régional du Luberon")],
    );
    for slip in ["lubreon", "luberno", "lubron"] {
        let hits = search(&app, slip);
        assert_eq!(ids(&hits), [parc.as_str()], "{slip}");
        assert_eq!(hits[0].class, MatchClass::Typo, "{slip}");
    }
    // A record whose title has the typed word exactly comes first.
    let festival = add(
        &mut app,
        Kind::Workshop,
        &[("title", "Atelier Lubreon"), ("date", "2026-01-10")],
    );
    let hits = search(&app, "lubreon");
    assert_eq!(ids(&hits), [festival.as_str(), parc.as_str()]);
    // Short words take no typo: "lubr" is not a slip of anything.
    assert!(search(&app, "lbur").is_empty());
}

#[test]
fn exact_words_in_body_text_are_found_with_their_field_and_a_snippet() {
    let (_dir, mut app) = regional_app("04");
    let need = "Le village restaure ses bories et veut signaler chaque fontaine du vieux \
                chemin muletier sur une carte que les randonneurs emportent.";
    let request = add(
        &mut app,
        Kind::Request,
        &[("title", "Carte du patrimoine rural"), ("need", need)],
    );
    for word in ["bories", "fontaine"] {
        let hits = search(&app, word);
        assert_eq!(ids(&hits), [request.as_str()], "{word}");
        assert_eq!(hits[0].field, "need");
        let snippet = hits[0].snippet.clone().unwrap();
        let shown: String = hits[0]
            .snippet_positions
            .iter()
            .map(|&p| snippet.chars().nth(p).unwrap())
            .collect();
        assert_eq!(shown, word);
    }
}

#[test]
fn organisations_are_found_by_commune_name_and_siret() {
    let (_dir, mut app) = regional_app("04");
    let org = add(
        &mut app,
        Kind::Org,
        &[
            ("name", "Écomusée de l'olivier"),
            ("commune", "04088"),
            ("siret", "W043000123"),
        ],
    );
    let hits = search(&app, "forcalquier");
    assert_eq!(ids(&hits), [org.as_str()]);
    assert_eq!(hits[0].field, "commune");
    let hits = search(&app, "w043000123");
    assert_eq!(hits[0].field, "siret");
}

#[test]
fn developers_by_skill_and_deliverables_by_licence() {
    let (_dir, mut app) = regional_app("04");
    let dev = add(
        &mut app,
        Kind::Developer,
        &[("name", "Zoé Martin"), ("skills", "dataviz:3")],
    );
    let deliverable = add(
        &mut app,
        Kind::Deliverable,
        &[("title", "Tableau de bord"), ("licence", "EUPL-1.2")],
    );
    let hits = app
        .search("dataviz", Some(Kind::Developer), 10)
        .unwrap()
        .hits;
    assert_eq!(ids(&hits), [dev.as_str()]);
    assert_eq!(hits[0].field, "skills");
    let hits = search(&app, "eupl");
    assert_eq!(ids(&hits), [deliverable.as_str()]);
    assert_eq!(hits[0].field, "licence");
}

#[test]
fn titles_come_before_body_text_and_recent_before_old() {
    let (_dir, mut app) = regional_app("04");
    let in_need = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Carte des points d'eau"),
            ("need", "Chaque fontaine du village"),
            ("received_on", "2026-11-20"),
        ],
    );
    let old = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Inventaire des fontaines"),
            ("received_on", "2024-01-10"),
        ],
    );
    let recent = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Inventaire des fontaines"),
            ("received_on", "2026-11-01"),
        ],
    );
    let hits = search(&app, "fontaine");
    assert_eq!(
        ids(&hits),
        [recent.as_str(), old.as_str(), in_need.as_str()],
        "a title's prefix before a whole word of the need; the recent first"
    );
}

#[test]
fn scattered_letters_across_unrelated_words_are_not_a_match() {
    let (_dir, mut app) = regional_app("04");
    let noise = add(
        &mut app,
        Kind::Request,
        &[("title", "Indexer les initiatives européennes de la région")],
    );
    let verdon = add(
        &mut app,
        Kind::Org,
        &[("name", "Parc naturel régional du Verdon")],
    );
    let hits = search(&app, "verdon");
    assert_eq!(ids(&hits), [verdon.as_str()]);
    assert!(!ids(&hits).contains(&noise.as_str()));
    // Letters at word starts are a meaningful abbreviation.
    let hits = search(&app, "pnrv");
    assert_eq!(ids(&hits), [verdon.as_str()]);
    assert_eq!(hits[0].class, MatchClass::Scattered);
}

#[test]
fn deleted_records_and_empty_queries_find_nothing() {
    let (_dir, mut app) = regional_app("04");
    let id = add(&mut app, Kind::Org, &[("name", "Écomusée")]);
    assert!(search(&app, "  ").is_empty());
    app.remove(Kind::Org, &id).unwrap();
    assert!(search(&app, "ecomusee").is_empty());
}
