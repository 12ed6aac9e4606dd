//! Indicators, skills map and review items on a real store built through the
//! use cases, with a fixed clock.

use crate::app_support;

use app_support::{assignments, regional_app};
use relais::domain::Kind;
use relais::report::{CostSettings, indicators};

#[test]
fn indicators_count_per_departement_and_for_the_region() {
    let (_dir, mut app) = regional_app("13");
    let org = app
        .add(
            Kind::Org,
            &assignments(&[("name", "PNR"), ("kind", "pnr"), ("departement", "04")]),
        )
        .unwrap();
    let dev = app
        .add(
            Kind::Developer,
            &assignments(&[
                ("name", "Léa"),
                ("departement", "04"),
                ("skills", "gis:2"),
                ("availability", "10"),
            ]),
        )
        .unwrap();
    let delivered = app
        .add(
            Kind::Request,
            &assignments(&[
                ("title", "Carte"),
                ("organisation", &org),
                ("departement", "04"),
                ("received_on", "2026-01-10"),
            ]),
        )
        .unwrap();
    for status in ["qualified", "assigned", "in_progress"] {
        // An assigned request has its developer.
        let mut change = vec![("status", status)];
        if status == "assigned" {
            change.push(("developers", dev.as_str()));
        }
        app.set(Kind::Request, &delivered, &assignments(&change))
            .unwrap();
    }
    app.set(
        Kind::Request,
        &delivered,
        &assignments(&[("status", "delivered"), ("delivered_on", "2026-03-11")]),
    )
    .unwrap();
    app.add(
        Kind::Request,
        &assignments(&[
            ("title", "Site"),
            ("departement", "13"),
            ("received_on", "2026-02-01"),
            ("skills", "mobile"),
        ]),
    )
    .unwrap();
    app.add(
        Kind::Request,
        &assignments(&[
            ("title", "Old"),
            ("departement", "13"),
            ("received_on", "2025-05-01"),
        ]),
    )
    .unwrap();
    app.add(
        Kind::Workshop,
        &assignments(&[
            ("title", "Atelier"),
            ("date", "2026-04-02"),
            ("request", &delivered),
            ("participants", "12"),
            ("duration", "3"),
        ]),
    )
    .unwrap();
    app.add(
        Kind::Time,
        &assignments(&[
            ("developer", &dev),
            ("date", "2026-02-03"),
            ("hours", "7.5"),
            ("request", &delivered),
        ]),
    )
    .unwrap();
    let costs = CostSettings {
        hourly_cost: 40.0,
        yearly_budget: 280_000.0,
    };

    let region = indicators(app.test_store(), 2026, None, costs).unwrap();
    assert_eq!(region.figures.requests_received, 2);
    assert_eq!(region.figures.requests_delivered, 1);
    assert_eq!(region.median_days_to_delivery, Some(60.0));
    assert_eq!(region.figures.workshops, 1);
    assert_eq!(region.figures.participants, 12);
    assert_eq!(region.figures.developer_hours, 7.5);
    assert_eq!(region.budget_spent, 300.0);
    assert_eq!(region.budget, 280_000.0);
    assert_eq!(region.figures.received_by_month[0], 1);
    assert_eq!(region.figures.received_by_month[1], 1);
    assert_eq!(region.figures.organisations_by_kind.get("pnr"), Some(&1));
    assert_eq!(region.figures.active_developers, 1);

    let alpes = indicators(app.test_store(), 2026, Some("04"), costs).unwrap();
    assert_eq!(alpes.figures.requests_received, 1);
    assert_eq!(alpes.figures.requests_by_status.get("delivered"), Some(&1));
    let bouches = indicators(app.test_store(), 2026, Some("13"), costs).unwrap();
    assert_eq!(bouches.figures.requests_received, 1);
    assert_eq!(bouches.figures.workshops, 0);
    let last_year = indicators(app.test_store(), 2025, None, costs).unwrap();
    assert_eq!(last_year.figures.requests_received, 1);

    // A budget line for the year replaces the configured budget.
    app.add(
        Kind::Budget,
        &assignments(&[("year", "2026"), ("amount", "150000")]),
    )
    .unwrap();
    assert_eq!(
        indicators(app.test_store(), 2026, None, costs)
            .unwrap()
            .budget,
        150_000.0
    );

    // Skills map: gis available in 04; mobile wanted in 13 with nobody there.
    let cells = app.test_store().skills_map().unwrap();
    let cell = |dep: &str, skill: &str| {
        cells
            .iter()
            .find(|c| c.departement == dep && c.skill == skill)
            .cloned()
    };
    assert_eq!(cell("04", "gis").map(|c| c.available_developers), Some(1));
    let gap = cell("13", "mobile").unwrap();
    assert_eq!(
        (gap.available_developers, gap.open_requests_wanting),
        (0, 1)
    );
}

#[test]
fn review_items_name_dangling_references_and_shared_sirets() {
    let (_dir, mut app) = regional_app("13");
    let org = app
        .add(
            Kind::Org,
            &assignments(&[("name", "A"), ("siret", "12345678900012")]),
        )
        .unwrap();
    app.add(
        Kind::Org,
        &assignments(&[("name", "B"), ("siret", "12345678900012")]),
    )
    .unwrap();
    let request = app
        .add(
            Kind::Request,
            &assignments(&[("title", "Carte"), ("organisation", &org)]),
        )
        .unwrap();
    assert_eq!(
        app.test_store()
            .review_items(50)
            .unwrap()
            .iter()
            .filter(|i| i.reason == "dangling_reference")
            .count(),
        0
    );
    app.remove(Kind::Org, &org).unwrap();
    let items = app.test_store().review_items(50).unwrap();
    let dangling: Vec<_> = items
        .iter()
        .filter(|i| i.reason == "dangling_reference")
        .collect();
    assert_eq!(dangling.len(), 1);
    assert_eq!(dangling[0].record, request);
    // The deleted organisation no longer shares its SIRET with anyone.
    assert!(items.iter().all(|i| i.reason != "duplicate_siret"));
    app.add(
        Kind::Org,
        &assignments(&[("name", "C"), ("siret", "123 456 789 00012")]),
    )
    .unwrap();
    let items = app.test_store().review_items(50).unwrap();
    assert_eq!(
        items
            .iter()
            .filter(|i| i.reason == "duplicate_siret")
            .count(),
        2
    );
}
