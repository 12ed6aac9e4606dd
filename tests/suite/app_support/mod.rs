//! The use cases driven without an interface: a site made by `init` in a
//! temporary folder and opened as an `App` on the tests' day
//! (2026-11-26), and records added from field–value pairs. Shared by the
//! search, suggestion, report, map and figures tests.

use relais::app::identity::{InitRequest, init};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::FixedClock;
use std::sync::Arc;

/// A regional site « EPN » in `departement`, author Anne, opened.
pub fn regional_app(departement: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let clock = Arc::new(FixedClock::parse("2026-11-26").unwrap());
    let site = InitRequest {
        name: "EPN",
        departement,
        role: "regional",
        author: Some("Anne"),
    };
    init(&path, clock.clone(), &site).unwrap();
    let app = App::open(&path, Config::default(), clock).unwrap();
    (dir, app)
}

pub fn assignments(pairs: &[(&str, &str)]) -> Vec<Assignment> {
    pairs
        .iter()
        .map(|(field, value)| Assignment::new(field, value))
        .collect()
}

/// Adds a record of `kind` with `pairs`; returns its id.
pub fn add(app: &mut App, kind: Kind, pairs: &[(&str, &str)]) -> String {
    app.add(kind, &assignments(pairs)).unwrap()
}
