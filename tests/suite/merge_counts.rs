//! Counts grouped by developer follow merges: a developer merged on one
//! replica while another assigns the other developer to a request and logs
//! hours for them. After sync, both replicas count that assignment and
//! those hours under the developer kept: suggestions' open assignments and
//! hours of the last 30 days, and the yearly report's hours per developer.

use crate::tui_support;

use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::Path;
use tui_support::{a, clock, send, site};

fn open(path: &Path) -> App {
    App::open(path, Config::default(), clock()).unwrap()
}

#[test]
fn an_assignment_and_hours_made_elsewhere_during_a_merge_count_for_the_kept_developer() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("one.db"), dir.path().join("two.db"));
    site(&first, "Coordination", "13", "regional", "Léa");
    site(&second, "EPN de Digne", "04", "epn", "Camille");
    let mut one = open(&first);
    let mut two = open(&second);
    let keep = one
        .add(
            Kind::Developer,
            &[a("name", "Zoé Martin"), a("availability", "20")],
        )
        .unwrap();
    let other = one
        .add(Kind::Developer, &[a("name", "Zoe Martin")])
        .unwrap();
    let asked = one
        .add(Kind::Request, &[a("title", "Carte des fontaines")])
        .unwrap();
    send(one.test_store(), two.test_store_mut(), &|_| false);

    // Site two assigns and logs hours for the other developer while site
    // one merges her into the kept one.
    let assigned = two
        .add(Kind::Request, &[a("title", "Inventaire des bories")])
        .unwrap();
    two.assign(&assigned, &other).unwrap();
    two.add(
        Kind::Time,
        &[
            a("developer", &other),
            a("date", "2026-11-20"),
            a("hours", "3"),
        ],
    )
    .unwrap();
    one.merge(Kind::Developer, &keep, &other).unwrap();
    send(one.test_store(), two.test_store_mut(), &|_| false);
    send(two.test_store(), one.test_store_mut(), &|_| false);

    for app in [&one, &two] {
        let suggested = app.suggest(&asked, 10, Lang::En).unwrap();
        let kept = suggested
            .suggestions
            .iter()
            .find(|s| s.id == keep)
            .expect("the kept developer is suggested");
        assert_eq!(kept.open_assignments, 1, "{kept:?}");
        assert!(
            suggested.suggestions.iter().all(|s| s.id != other),
            "the merged developer is not suggested"
        );
        let report = app.report(Some(2026), None).unwrap();
        let rows: Vec<(&str, f64)> = report
            .developers
            .iter()
            .map(|row| (row.name.as_str(), row.hours))
            .collect();
        assert_eq!(rows, vec![("Zoé Martin", 3.0)]);
    }
    // Counted once when the request names both (the assignment may be
    // refused as already made, read through the merge: either way, one).
    let _ = one.assign(&assigned, &keep);
    let suggested = one.suggest(&asked, 10, Lang::En).unwrap();
    let kept = suggested.suggestions.iter().find(|s| s.id == keep).unwrap();
    assert_eq!(kept.open_assignments, 1);
}
