//! The dashboard's counts kept by schema v17's triggers equal a recount from
//! scratch after random operations on two replicas: requests created with
//! statuses and départements, time entries and workshops written for
//! developers, facilitators added and removed, dates changed, records
//! deleted, restored and erased, conflicts resolved, and each replica's
//! changes imported by the other in random orders and parts.
//!
//! After every step, on the replica that changed: the kept tables equal
//! their `recount_*` views (`Store::kept_dashboard_mismatches`, what
//! `relais check` runs), the kept count of new requests equals the requests
//! list's count with the same filters (`Store::browse_count`, what the
//! dashboard read before), and every developer's latest hours and workshop
//! (`Store::person_activities`, the retention review) equal a scan of the
//! time entries and workshops. `RELAIS_PROPTEST_CASES=1000 cargo test --test
//! suite kept_dashboard::` runs more cases.

use crate::replica_support;

use proptest::prelude::*;
use relais::domain::clock::FixedClock;
use relais::domain::{DELETED_FIELD, Kind};
use relais::store::{BrowseQuery, OpenMode, Store};
use replica_support::{
    Replica, apply_logged, config, create as create_record, failed, identity, logged,
    migrated_golden, pick, sent_part, set_deleted, write,
};
use std::sync::Arc;

/// Replicas 0 and 1 of `replica_support::SITES`.
const REPLICAS: usize = 2;

const KINDS: [Kind; 4] = [Kind::Request, Kind::Developer, Kind::Workshop, Kind::Time];

const DEPARTEMENTS: &[Option<&str>] = &[Some("13"), Some("84"), Some(""), None];
const STATUSES: &[Option<&str>] = &[Some("new"), Some("qualified"), Some("delivered"), None];
const DATES: &[Option<&str>] = &[
    Some("2026-03-01"),
    Some("2021-11-30"),
    Some("2026-13-40"),
    Some("soon"),
    None,
];

/// The fields each kind is written with: `(field, what a value is)`.
#[derive(Clone, Copy)]
enum Values {
    Text(&'static [Option<&'static str>]),
    /// A developer of the pool, a missing one, or none.
    Developer,
    /// `facilitator.<developer>`: a flag set or removed.
    Facilitator,
}

fn fields(kind: Kind) -> &'static [(&'static str, Values)] {
    match kind {
        Kind::Request => &[
            ("status", Values::Text(STATUSES)),
            ("departement", Values::Text(DEPARTEMENTS)),
        ],
        Kind::Developer => &[("departement", Values::Text(DEPARTEMENTS))],
        Kind::Workshop => &[
            ("date", Values::Text(DATES)),
            ("facilitator", Values::Facilitator),
            ("facilitator", Values::Facilitator),
        ],
        Kind::Time => &[
            ("developer", Values::Developer),
            ("date", Values::Text(DATES)),
        ],
        _ => &[],
    }
}

/// A developer id never created: the kept rows follow ids, not records.
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
    Resolve {
        site: usize,
        record: usize,
        value: usize,
    },
    Purge {
        site: usize,
        record: usize,
    },
    Sync {
        from: usize,
        mode: u8,
        seed: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let site = 0..REPLICAS;
    prop_oneof![
        4 => (site.clone(), 0..KINDS.len(), any::<u64>())
            .prop_map(|(site, kind, seed)| Op::Create { site, kind, seed }),
        8 => (site.clone(), 0..12usize, 0..4usize, 0..8usize)
            .prop_map(|(site, record, field, value)| Op::Edit { site, record, field, value }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Delete { site, record }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Undelete { site, record }),
        1 => (site.clone(), 0..12usize, 0..6usize)
            .prop_map(|(site, record, value)| Op::Resolve { site, record, value }),
        1 => (site.clone(), 0..12usize).prop_map(|(site, record)| Op::Purge { site, record }),
        3 => (site, 0u8..3, any::<u64>()).prop_map(|(from, mode, seed)| Op::Sync { from, mode, seed }),
    ]
}

fn developers(pool: &[(Kind, String)]) -> Vec<&String> {
    pool.iter()
        .filter(|(kind, _)| *kind == Kind::Developer)
        .map(|(_, id)| id)
        .collect()
}

fn developer_of(pool: &[(Kind, String)], index: usize) -> Option<String> {
    let of_kind = developers(pool);
    match index % 3 {
        0 => Some(MISSING.to_string()),
        1 if !of_kind.is_empty() => Some(of_kind[index % of_kind.len()].clone()),
        _ => None,
    }
}

/// The field name and value that `values` writes for `index`.
fn write_of(
    pool: &[(Kind, String)],
    field: &str,
    values: Values,
    index: usize,
) -> Option<(String, Option<String>)> {
    match values {
        Values::Text(options) => Some((
            field.to_string(),
            options[index % options.len()].map(str::to_string),
        )),
        Values::Developer => Some((field.to_string(), developer_of(pool, index))),
        Values::Facilitator => {
            let developer = developer_of(pool, index / 2)?;
            let flag = index.is_multiple_of(2).then(|| "1".to_string());
            Some((format!("facilitator.{developer}"), flag))
        }
    }
}

/// Each developer's latest hours and workshop, scanned as the retention
/// review did before schema v17.
fn scanned_activity(store: &Store) -> Vec<(String, Option<String>, Option<String>)> {
    let mut activity = Vec::new();
    for person in store.person_activities().expect("activities") {
        let hours = store
            .person_hours(&person.id)
            .expect("hours")
            .into_iter()
            .filter_map(|entry| entry.date)
            .max();
        let workshop = store
            .person_workshops(&person.id)
            .expect("workshops")
            .into_iter()
            .filter_map(|link| link.detail)
            .max();
        activity.push((person.id, hours, workshop));
    }
    activity
}

fn kept_activity(store: &Store) -> Vec<(String, Option<String>, Option<String>)> {
    store
        .person_activities()
        .expect("activities")
        .into_iter()
        .map(|person| (person.id, person.last_hours, person.last_workshop))
        .collect()
}

fn new_requests(store: &Store, departement: Option<&str>) -> u64 {
    let mut query = BrowseQuery::new(Kind::Request);
    query.filters.push(("status", "new".to_string()));
    if let Some(code) = departement {
        query.filters.push(("departement", code.to_string()));
    }
    store.browse_count(&query).expect("count") as u64
}

fn assert_recounted(store: &Store, context: &str) -> Result<(), TestCaseError> {
    let mismatched = store.kept_dashboard_mismatches().expect("recount");
    prop_assert!(
        mismatched.is_empty(),
        "{}: kept tables differ: {:?}",
        context,
        mismatched
    );
    for departement in [None, Some("13"), Some("84"), Some("")] {
        prop_assert_eq!(
            store
                .kept_request_count("new", departement)
                .expect("kept count"),
            new_requests(store, departement),
            "{}: new requests in {:?}",
            context,
            departement
        );
    }
    prop_assert_eq!(
        kept_activity(store),
        scanned_activity(store),
        "{}: latest activities",
        context
    );
    Ok(())
}

fn create(pool: &mut Vec<(Kind, String)>, store: &mut Store, kind: Kind, seed: u64, step: usize) {
    let mut values = vec![(kind.label_field().to_string(), format!("record {step}"))];
    if kind == Kind::Time {
        values.push(("hours".to_string(), "1.5".to_string()));
    }
    for (index, (field, space)) in fields(kind).iter().enumerate() {
        let pick = (seed >> (index * 4)) as usize & 0xf;
        if let Some((name, Some(value))) = write_of(pool, field, *space, pick)
            && name != kind.label_field()
            && values.iter().all(|(known, _)| *known != name)
        {
            values.push((name, value));
        }
    }
    let fields: Vec<(&str, String)> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    pool.push((kind, create_record(store, "tester", kind, &fields)));
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut replicas: Vec<Replica> = (0..REPLICAS).map(Replica::new).collect();
    let mut pool: Vec<(Kind, String)> = Vec::new();
    for (step, op) in ops.into_iter().enumerate() {
        let context = format!("step {step} {op:?}");
        let touched = match op {
            Op::Create { site, kind, seed } => {
                create(
                    &mut pool,
                    &mut replicas[site].store,
                    KINDS[kind],
                    seed,
                    step,
                );
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
                let (field, values) = space[field % space.len()];
                let Some((name, value)) = write_of(&pool, field, values, value) else {
                    continue;
                };
                write(&mut replicas[site].store, "tester", |writer| {
                    writer.set(kind, &id, &name, value.as_deref())
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
                    Some(if value.is_multiple_of(2) { "1" } else { "0" }.to_string())
                } else {
                    fields(kind)
                        .iter()
                        .find(|(name, _)| *name == field)
                        .and_then(|(name, values)| write_of(&pool, name, *values, value))
                        .and_then(|(_, value)| value)
                };
                write(store, "tester", |writer| {
                    writer.resolve(kind, &id, &field, value.as_deref())
                });
                site
            }
            Op::Purge { site, record } => {
                let Some((kind, id)) = pick(&pool, &replicas[site].store, record) else {
                    continue;
                };
                if kind != Kind::Developer {
                    continue;
                }
                replicas[site]
                    .store
                    .purge(Kind::Developer, &id, "tester")
                    .map_err(failed(&context))?;
                site
            }
            Op::Sync { from, mode, seed } => {
                let to = 1 - from;
                let changes = sent_part(logged(&replicas[from].store), mode, seed);
                apply_logged(&mut replicas[to].store, changes).map_err(failed(&context))?;
                to
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
    fn kept_dashboard_counts_equal_a_recount(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}

/// A database written by an older version (the golden fixture, schema v10)
/// gets the kept counts filled from what it holds when it is migrated, and
/// `check` finds nothing to report.
#[test]
fn a_migrated_database_starts_with_recounted_dashboard_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = migrated_golden(dir.path());
    assert!(
        store
            .kept_dashboard_mismatches()
            .expect("recount")
            .is_empty()
    );
    for departement in [None, Some("13"), Some("84")] {
        assert_eq!(
            store.kept_request_count("new", departement).unwrap(),
            new_requests(&store, departement)
        );
    }
    assert_eq!(kept_activity(&store), scanned_activity(&store));
    let report = store.check().expect("check");
    assert!(report.is_ok(), "{report:?}");
}

/// A kept count changed behind the triggers' back is reported by `check`
/// by its table's name.
#[test]
fn check_names_a_kept_dashboard_table_that_drifted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drift.db");
    let clock = Arc::new(FixedClock::new(replica_support::START_MS));
    let mut store = Store::open(&path, OpenMode::CreateIfMissing, clock.clone()).expect("store");
    store.set_identity(&identity(0, "13")).unwrap();
    let mut pool = Vec::new();
    create(&mut pool, &mut store, Kind::Request, 0, 0);
    assert!(store.check().unwrap().is_ok());
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE kept_request_status SET n = n + 1")
        .unwrap();
    let mut store = Store::open(&path, OpenMode::MustExist, clock).expect("store");
    let report = store.check().unwrap();
    assert_eq!(report.mismatched_tables, ["kept_request_status"]);
}

/// The retention review's dates follow a facilitated workshop and hours as
/// they are written, moved and removed.
#[test]
fn latest_activities_follow_writes_and_removals() {
    let mut store = Replica::new(0).store;
    let mut writer = store.writer("tester").expect("writer");
    let developer = writer.create(Kind::Developer);
    writer
        .insert_new(Kind::Developer, &developer, &[("name", "Ada".to_string())])
        .expect("developer");
    let workshop = writer.create(Kind::Workshop);
    writer
        .insert_new(
            Kind::Workshop,
            &workshop,
            &[
                ("title", "Atelier".to_string()),
                ("date", "2025-04-01".to_string()),
                (&format!("facilitator.{developer}"), "1".to_string()),
            ],
        )
        .expect("workshop");
    let time = writer.create(Kind::Time);
    writer
        .insert_new(
            Kind::Time,
            &time,
            &[
                ("developer", developer.clone()),
                ("date", "2024-02-03".to_string()),
                ("hours", "2".to_string()),
            ],
        )
        .expect("time");
    writer.commit().expect("commit");
    let dates = |store: &Store| {
        let person = store.person_activities().unwrap().remove(0);
        (person.last_hours, person.last_workshop)
    };
    assert_eq!(
        dates(&store),
        (Some("2024-02-03".into()), Some("2025-04-01".into()))
    );
    let mut writer = store.writer("tester").expect("writer");
    writer
        .set(Kind::Workshop, &workshop, "date", Some("2026-01-02"))
        .unwrap();
    writer.delete(Kind::Time, &time).unwrap();
    writer.commit().unwrap();
    assert_eq!(dates(&store), (None, Some("2026-01-02".into())));
    let mut writer = store.writer("tester").expect("writer");
    writer
        .set(
            Kind::Workshop,
            &workshop,
            &format!("facilitator.{developer}"),
            None,
        )
        .unwrap();
    writer.commit().unwrap();
    assert_eq!(dates(&store), (None, None));
    assert!(store.kept_dashboard_mismatches().unwrap().is_empty());
}
