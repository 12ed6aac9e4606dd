//! The figures and review items kept current by triggers (schema v14) equal
//! a from-scratch recount after random operations on several replicas:
//! records of every kind the figures read created, edited (départements,
//! statuses, dates, hours, references, breakdown and skill elements, some
//! values no validation would accept), deleted and restored; conflicts
//! resolved; developers and organisations merged; developers erased; and
//! each replica's changes imported by the others in random orders and parts.
//!
//! After every step, on the replica that changed: every kept table equals its
//! `recount_*` view (`Store::kept_figures_mismatches`, what `relais check`
//! runs), the year's figures read from the counters (`Store::year_figures`,
//! what the dashboard and `relais report` show) equal those recounted from
//! the kind tables (`Store::recount_year_figures`), and so do the review
//! items. `RELAIS_PROPTEST_CASES=1000 cargo test --test suite counters::` runs more
//! cases.

use crate::replica_support;

use proptest::prelude::*;
use relais::app::merge::merge_records;
use relais::domain::{DELETED_FIELD, Kind};
use relais::store::{Store, YearFigures};
use replica_support::{
    Replica, apply_logged, config, create, failed, logged, migrated_golden, pick, sent_part,
    set_deleted, write,
};

/// Replicas 0, 1 and 2 of `replica_support::SITES`.
const REPLICAS: usize = 3;

/// The kinds the figures and review items read.
const KINDS: [Kind; 6] = [
    Kind::Org,
    Kind::Request,
    Kind::Developer,
    Kind::Workshop,
    Kind::Time,
    Kind::Deliverable,
];

/// A field's possible values: `None` writes an empty value.
enum Values {
    Text(&'static [Option<&'static str>]),
    /// A record of this kind from the pool, a missing id, or none.
    Ref(Kind),
}

const DEPARTEMENTS: &[Option<&str>] = &[Some("13"), Some("84"), None];

/// Small value spaces, so that groups collide and move often; dates out of
/// any year, and numbers that are not numbers, as merged data may hold.
fn fields(kind: Kind) -> &'static [(&'static str, Values)] {
    use Values::{Ref, Text};
    match kind {
        Kind::Org => &[
            (
                "siret",
                Text(&[Some("11111111111111"), Some("22222222222222"), None]),
            ),
            ("kind", Text(&[Some("association"), Some("commune")])),
            ("departement", Text(DEPARTEMENTS)),
        ],
        Kind::Request => &[
            ("departement", Text(DEPARTEMENTS)),
            (
                "status",
                Text(&[Some("new"), Some("delivered"), Some("abandoned"), None]),
            ),
            ("category", Text(&[Some("data"), Some("map")])),
            (
                "received_on",
                Text(&[
                    Some("2026-02-03"),
                    Some("2025-12-30"),
                    Some("2026-13-40"),
                    Some("2026"),
                    None,
                ]),
            ),
            (
                "delivered_on",
                Text(&[Some("2026-05-01"), Some("2027-01-02"), Some("soon")]),
            ),
            ("organisation", Ref(Kind::Org)),
            ("skill.web", Text(&[Some("1"), None])),
        ],
        Kind::Developer => &[
            ("departement", Text(DEPARTEMENTS)),
            (
                "availability",
                Text(&[Some("10"), Some("2.5"), Some("x"), None]),
            ),
            ("skill.web", Text(&[Some("2"), None])),
            ("skill.gis", Text(&[Some("1"), None])),
        ],
        Kind::Workshop => &[
            (
                "date",
                Text(&[Some("2026-04-01"), Some("2025-06-01"), None]),
            ),
            ("request", Ref(Kind::Request)),
            ("kind", Text(&[Some("initiation"), Some("hackathon")])),
            ("participants", Text(&[Some("3"), Some("2.5"), Some("x")])),
            ("duration", Text(&[Some("1.5"), Some("2")])),
            ("breakdown.women", Text(&[Some("2"), Some("1.5"), None])),
            ("breakdown.men", Text(&[Some("4"), Some("many"), None])),
        ],
        Kind::Time => &[
            ("developer", Ref(Kind::Developer)),
            ("request", Ref(Kind::Request)),
            (
                "date",
                Text(&[Some("2026-03-01"), Some("2026-11-30"), Some("2025-01-01")]),
            ),
            ("hours", Text(&[Some("1.5"), Some("0.25"), Some("x")])),
        ],
        Kind::Deliverable => &[
            ("request", Ref(Kind::Request)),
            ("kind", Text(&[Some("data"), Some("map")])),
            ("licence", Text(&[Some("cc-by"), Some("odbl"), None])),
            (
                "published_on",
                Text(&[Some("2026-07-01"), Some("2025-07-01")]),
            ),
        ],
        _ => &[],
    }
}

/// A reference to nothing this test ever creates: always dangling.
const MISSING: &str = "0190a000-0000-7000-8000-000000000000";

#[derive(Clone, Debug)]
enum Op {
    Create {
        site: usize,
        kind: usize,
        seed: u64,
    },
    Edit {
        site: usize,
        record: usize,
        field: usize,
        value: usize,
    },
    Delete {
        site: usize,
        record: usize,
    },
    Undelete {
        site: usize,
        record: usize,
    },
    /// Resolves a field in conflict (the first), keeping a value or the deletion.
    Resolve {
        site: usize,
        record: usize,
        value: usize,
    },
    Merge {
        site: usize,
        org: bool,
        keep: usize,
        other: usize,
    },
    Purge {
        site: usize,
        record: usize,
    },
    Sync {
        from: usize,
        to: usize,
        mode: u8,
        seed: u64,
    },
    Tick {
        site: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let site = 0..REPLICAS;
    prop_oneof![
        4 => (site.clone(), 0..KINDS.len(), any::<u64>())
            .prop_map(|(site, kind, seed)| Op::Create { site, kind, seed }),
        8 => (site.clone(), 0..12usize, 0..8usize, 0..6usize)
            .prop_map(|(site, record, field, value)| Op::Edit { site, record, field, value }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Delete { site, record }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Undelete { site, record }),
        1 => (site.clone(), 0..12usize, 0..6usize)
            .prop_map(|(site, record, value)| Op::Resolve { site, record, value }),
        1 => (site.clone(), any::<bool>(), 0..12usize, 0..12usize)
            .prop_map(|(site, org, keep, other)| Op::Merge { site, org, keep, other }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Purge { site, record }),
        4 => (site.clone(), site.clone(), 0u8..3, any::<u64>())
            .prop_map(|(from, to, mode, seed)| Op::Sync { from, to, mode, seed }),
        1 => site.prop_map(|site| Op::Tick { site }),
    ]
}

/// The value `index` of a field, a reference picked from the pool.
fn value_of(pool: &[(Kind, String)], values: &Values, index: usize) -> Option<String> {
    match values {
        Values::Text(options) => options[index % options.len()].map(str::to_string),
        Values::Ref(kind) => {
            let of_kind: Vec<&String> = pool
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, id)| id)
                .collect();
            match index % 3 {
                0 => Some(MISSING.to_string()),
                1 if !of_kind.is_empty() => Some(of_kind[index % of_kind.len()].clone()),
                _ => None,
            }
        }
    }
}

/// The live records of `kind` this replica holds, in pool order.
fn live(pool: &[(Kind, String)], store: &Store, kind: Kind) -> Vec<String> {
    pool.iter()
        .filter(|(k, _)| *k == kind)
        .filter(|(_, id)| !store.is_purged(id).expect("purged"))
        .filter(|(_, id)| {
            store
                .record(kind, id)
                .expect("record")
                .is_some_and(|record| !record.deleted)
        })
        .map(|(_, id)| id.clone())
        .collect()
}

/// The figures with the delivery days in order (the recount reads them in
/// no particular order; only their median is shown).
fn comparable(mut figures: YearFigures) -> YearFigures {
    let areas = figures.departements.values_mut();
    for (area, _) in areas.chain([&mut figures.region, &mut figures.without_departement]) {
        area.delivery_days.sort_unstable();
    }
    figures
}

fn review(store: &Store, recount: bool) -> Vec<(String, String, String, String)> {
    let items = if recount {
        store.recount_review_items(1000)
    } else {
        store.review_items(1000)
    };
    let mut items: Vec<_> = items
        .expect("review items")
        .into_iter()
        .map(|item| {
            (
                item.reason.to_string(),
                item.kind.to_string(),
                item.record,
                item.detail,
            )
        })
        .collect();
    items.sort();
    items
}

fn assert_recounted(store: &Store, context: &str) -> Result<(), TestCaseError> {
    let mismatched = store.kept_figures_mismatches().expect("recount");
    prop_assert!(
        mismatched.is_empty(),
        "{}: kept tables differ: {:?}",
        context,
        mismatched
    );
    for year in [2025, 2026] {
        prop_assert_eq!(
            comparable(store.year_figures(year).expect("kept figures")),
            comparable(store.recount_year_figures(year).expect("recount")),
            "{}: figures of {}",
            context,
            year
        );
    }
    prop_assert_eq!(
        review(store, false),
        review(store, true),
        "{}: review items",
        context
    );
    Ok(())
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut replicas: Vec<Replica> = (0..REPLICAS).map(Replica::new).collect();
    let mut pool: Vec<(Kind, String)> = Vec::new();
    for (step, op) in ops.into_iter().enumerate() {
        let context = format!("step {step} {op:?}");
        let touched = match op {
            Op::Create { site, kind, seed } => {
                let kind = KINDS[kind];
                let mut values = vec![(kind.label_field(), format!("record {step}"))];
                for (index, (field, space)) in fields(kind).iter().enumerate() {
                    let pick = (seed >> (index * 4)) as usize;
                    if let Some(value) = value_of(&pool, space, pick)
                        && *field != kind.label_field()
                    {
                        values.push((field, value));
                    }
                }
                let id = create(&mut replicas[site].store, "tester", kind, &values);
                pool.push((kind, id));
                site
            }
            Op::Edit {
                site,
                record,
                field,
                value,
            } => {
                let Some((kind, id)) = pick(&pool, &replicas[site].store, record) else {
                    continue;
                };
                let space = fields(kind);
                let (field, values) = &space[field % space.len()];
                let value = value_of(&pool, values, value);
                write(&mut replicas[site].store, "tester", |writer| {
                    writer.set(kind, &id, field, value.as_deref())
                });
                site
            }
            Op::Delete { site, record } | Op::Undelete { site, record } => {
                let Some((kind, id)) = pick(&pool, &replicas[site].store, record) else {
                    continue;
                };
                let deleted = matches!(op, Op::Delete { .. });
                write(&mut replicas[site].store, "tester", |writer| {
                    set_deleted(writer, kind, &id, deleted)
                });
                site
            }
            Op::Resolve {
                site,
                record,
                value,
            } => {
                let Some((kind, id)) = pick(&pool, &replicas[site].store, record) else {
                    continue;
                };
                let store = &mut replicas[site].store;
                let conflicting = store.conflicting_fields(&id).expect("conflicting");
                let Some(field) = conflicting.first().cloned() else {
                    continue;
                };
                let value = if field == DELETED_FIELD {
                    Some(if value % 2 == 0 { "1" } else { "0" }.to_string())
                } else {
                    fields(kind)
                        .iter()
                        .find(|(name, _)| *name == field)
                        .and_then(|(_, values)| value_of(&pool, values, value))
                };
                write(store, "tester", |writer| {
                    writer.resolve(kind, &id, &field, value.as_deref())
                });
                site
            }
            Op::Merge {
                site,
                org,
                keep,
                other,
            } => {
                let kind = if org { Kind::Org } else { Kind::Developer };
                let live = live(&pool, &replicas[site].store, kind);
                if live.len() < 2 {
                    continue;
                }
                let first = keep % live.len();
                let second = (first + 1 + other % (live.len() - 1)) % live.len();
                merge_records(
                    &mut replicas[site].store,
                    "tester",
                    kind,
                    &live[first],
                    &live[second],
                )
                .map_err(failed(&context))?;
                site
            }
            Op::Purge { site, record } => {
                let live = live(&pool, &replicas[site].store, Kind::Developer);
                if live.is_empty() {
                    continue;
                }
                let id = live[record % live.len()].clone();
                replicas[site]
                    .store
                    .purge(Kind::Developer, &id, "tester")
                    .map_err(failed(&context))?;
                site
            }
            Op::Sync {
                from,
                to,
                mode,
                seed,
            } => {
                if from == to {
                    continue;
                }
                let changes = sent_part(logged(&replicas[from].store), mode, seed);
                apply_logged(&mut replicas[to].store, changes).map_err(failed(&context))?;
                to
            }
            Op::Tick { site } => {
                replicas[site].clock.advance(90_000_000);
                continue;
            }
        };
        assert_recounted(&replicas[touched].store, &context)?;
    }
    for (index, replica) in replicas.iter().enumerate() {
        assert_recounted(&replica.store, &format!("end, replica {index}"))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn kept_figures_and_review_items_equal_a_recount(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}

/// A database written by an older version (the golden fixture, schema v10)
/// gets its counters and review items filled from what it holds when it
/// is migrated: the dashboard's figures are the recount's at once.
#[test]
fn a_migrated_database_starts_with_recounted_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = migrated_golden(dir.path());
    assert!(store.kept_figures_mismatches().expect("recount").is_empty());
    let figures = store.year_figures(2026).expect("figures");
    assert!(
        figures.region.0.requests_received > 0,
        "the fixture has requests"
    );
    assert_eq!(
        comparable(figures),
        comparable(store.recount_year_figures(2026).expect("recount"))
    );
    assert_eq!(review(&store, false), review(&store, true));
}
