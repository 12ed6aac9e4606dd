//! The kept state digest (issue 13 item 4) and `check` (item 5): the digest
//! `status` reads (one row, maintained as changes are applied) equals the
//! digest recomputed from the tables after random edits, imports,
//! resolutions, deletions, purges and merges; `check` catches a tampered kept
//! digest, kind row, element or conflict and names it; `status` shows the
//! kept digest.

use crate::cli_support;
use crate::replica_support;

use cli_support::Env;
use proptest::prelude::*;
use relais::app::merge::merge_records;
use relais::domain::{DELETED_FIELD, Kind};
use relais::store::Store;
use replica_support::{Replica, apply_logged, create, logged, migrated_golden, write};

const DEVELOPER_FIELDS: [&str; 5] = ["name", "availability", "skill.web", "skill.ux", "email"];
const REQUEST_FIELDS: [&str; 5] = ["title", "estimated_hours", "skill.web", "status", "need"];
/// Texts and numbers, so that NUMERIC columns store integers, reals and text.
const VALUES: [&str; 5] = ["a", "1", "2.5", "3.0e+2", "b"];

#[derive(Clone, Debug)]
enum Op {
    Create {
        site: usize,
        developer: bool,
        value: usize,
    },
    Edit {
        site: usize,
        record: usize,
        field: usize,
        value: Option<usize>,
    },
    Delete {
        site: usize,
        record: usize,
    },
    Resolve {
        site: usize,
        value: usize,
    },
    Import {
        from: usize,
    },
    Purge {
        site: usize,
        record: usize,
    },
    Merge {
        site: usize,
        keep: usize,
        other: usize,
    },
    Tick {
        site: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, any::<bool>(), 0..5usize)
            .prop_map(|(site, developer, value)| Op::Create { site, developer, value }),
        6 => (0..2usize, 0..8usize, 0..5usize, proptest::option::weighted(0.8, 0..5usize))
            .prop_map(|(site, record, field, value)| Op::Edit { site, record, field, value }),
        1 => (0..2usize, 0..8usize).prop_map(|(site, record)| Op::Delete { site, record }),
        2 => (0..2usize, 0..5usize).prop_map(|(site, value)| Op::Resolve { site, value }),
        3 => (0..2usize).prop_map(|from| Op::Import { from }),
        1 => (0..2usize, 0..8usize).prop_map(|(site, record)| Op::Purge { site, record }),
        1 => (0..2usize, 0..8usize, 0..8usize)
            .prop_map(|(site, keep, other)| Op::Merge { site, keep, other }),
        1 => (0..2usize).prop_map(|site| Op::Tick { site }),
    ]
}

fn fields_of(kind: Kind) -> &'static [&'static str; 5] {
    if kind == Kind::Developer {
        &DEVELOPER_FIELDS
    } else {
        &REQUEST_FIELDS
    }
}

/// A record of the pool this replica holds and that is not erased.
fn pick(pool: &[(Kind, String)], store: &Store, index: usize) -> Option<(Kind, String)> {
    let held: Vec<&(Kind, String)> = pool
        .iter()
        .filter(|(kind, id)| store.record(*kind, id).ok().flatten().is_some())
        .filter(|(_, id)| !store.is_purged(id).unwrap())
        .collect();
    if held.is_empty() {
        return None;
    }
    held.get(index % held.len()).map(|entry| (*entry).clone())
}

fn assert_kept_equals_recomputed(store: &mut Store, context: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        store.digest().unwrap(),
        store.digest_from_scratch().unwrap(),
        "{}",
        context
    );
    let report = store.check().unwrap();
    prop_assert!(report.is_ok(), "{context}: {report:?}");
    Ok(())
}

fn apply(replicas: &mut [Replica], op: &Op, pool: &mut Vec<(Kind, String)>) {
    match *op {
        Op::Create {
            site,
            developer,
            value,
        } => {
            let kind = if developer {
                Kind::Developer
            } else {
                Kind::Request
            };
            let label = if developer { "name" } else { "title" };
            let fields = [
                (label, VALUES[value].to_string()),
                ("skill.web", "2".into()),
            ];
            pool.push((
                kind,
                create(&mut replicas[site].store, "Anne", kind, &fields),
            ));
        }
        Op::Edit {
            site,
            record,
            field,
            value,
        } => {
            let store = &mut replicas[site].store;
            let Some((kind, id)) = pick(pool, store, record) else {
                return;
            };
            write(store, "Anne", |writer| {
                writer.set(kind, &id, fields_of(kind)[field], value.map(|v| VALUES[v]))
            });
        }
        Op::Delete { site, record } => {
            let store = &mut replicas[site].store;
            let Some((kind, id)) = pick(pool, store, record) else {
                return;
            };
            write(store, "Anne", |writer| writer.delete(kind, &id));
        }
        Op::Resolve { site, value } => {
            let store = &mut replicas[site].store;
            let Some(entry) = store.conflicts().unwrap().into_iter().next() else {
                return;
            };
            if store.is_purged(&entry.record).unwrap() {
                return;
            }
            let value = if entry.field == DELETED_FIELD {
                Some("0")
            } else {
                Some(VALUES[value])
            };
            write(store, "Anne", |writer| {
                writer.resolve(entry.kind, &entry.record, &entry.field, value)
            });
        }
        Op::Import { from } => {
            let changes = logged(&replicas[from].store);
            apply_logged(&mut replicas[1 - from].store, changes).unwrap();
        }
        Op::Purge { site, record } => {
            let store = &mut replicas[site].store;
            let Some((kind, id)) = pick(pool, store, record) else {
                return;
            };
            if kind == Kind::Developer {
                store.purge(kind, &id, "Anne").unwrap();
            }
        }
        Op::Merge { site, keep, other } => {
            let store = &mut replicas[site].store;
            let (Some((k1, keep)), Some((k2, other))) =
                (pick(pool, store, keep), pick(pool, store, other))
            else {
                return;
            };
            if k1 == Kind::Developer && k2 == Kind::Developer && keep != other {
                // Refusals (a deleted record…) change nothing: fine here.
                let _ = merge_records(store, "Anne", Kind::Developer, &keep, &other);
            }
        }
        Op::Tick { site } => replicas[site].clock.advance(60_000),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_kept_digest_equals_the_recomputed_one_after_random_operations(
        ops in proptest::collection::vec(op(), 1..30)
    ) {
        let mut replicas = vec![Replica::in_departement(0, "04"), Replica::in_departement(1, "04")];
        let mut pool = Vec::new();
        for (step, op) in ops.iter().enumerate() {
            apply(&mut replicas, op, &mut pool);
            for (index, replica) in replicas.iter_mut().enumerate() {
                assert_kept_equals_recomputed(
                    &mut replica.store,
                    &format!("step {step} {op:?}, replica {index}"),
                )?;
            }
        }
        // Both hold everything: same digest.
        apply(&mut replicas, &Op::Import { from: 0 }, &mut pool);
        apply(&mut replicas, &Op::Import { from: 1 }, &mut pool);
        prop_assert_eq!(replicas[0].store.digest().unwrap(), replicas[1].store.digest().unwrap());
    }
}

/// `relais check` that must fail: exit 1; returns stdout and stderr.
fn check_fails(env: &Env) -> String {
    let output = env.cmd(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "check should fail");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn tamper(env: &Env, sql: &str) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(sql).unwrap();
}

/// A site with a developer (skills are set elements) and an organisation.
fn site_with_records() -> (Env, String, String) {
    let env = Env::new();
    let developer = env.ok(&[
        "add",
        "developer",
        "name=Ada",
        "skills=web:3",
        "availability=2.5",
    ]);
    let org = env.ok(&["add", "org", "name=Juste"]);
    env.ok(&["check"]);
    (env, developer, org)
}

#[test]
fn a_tampered_kept_record_digest_is_named_by_check() {
    let (env, developer, _) = site_with_records();
    tamper(
        &env,
        &format!(
            "UPDATE record_digest SET digest = zeroblob(32)
             WHERE key = (SELECT rowid FROM developer WHERE id = '{developer}')"
        ),
    );
    let message = check_fails(&env);
    assert!(
        message.contains(&format!("record_digest ({developer})")),
        "{message}"
    );
}

#[test]
fn a_tampered_kind_row_is_named_by_check() {
    let (env, _, org) = site_with_records();
    tamper(
        &env,
        &format!("UPDATE org SET name = 'Falsifiée' WHERE id = '{org}'"),
    );
    let message = check_fails(&env);
    assert!(message.contains(&format!("org ({org})")), "{message}");
}

#[test]
fn a_tampered_number_type_is_caught() {
    // 2.5 stored as text instead of a real: same shown value, other state.
    let (env, developer, _) = site_with_records();
    tamper(
        &env,
        &format!(
            "UPDATE developer SET availability = CAST('2.5' AS BLOB) WHERE id = '{developer}'"
        ),
    );
    let message = check_fails(&env);
    assert!(
        message.contains(&format!("developer ({developer})")),
        "{message}"
    );
}

#[test]
fn a_tampered_element_is_named_by_check() {
    let (env, developer, _) = site_with_records();
    tamper(
        &env,
        &format!(
            "UPDATE element SET value = '1'
             WHERE key = (SELECT rowid FROM developer WHERE id = '{developer}')"
        ),
    );
    let message = check_fails(&env);
    assert!(
        message.contains(&format!("element ({developer})")),
        "{message}"
    );
    // An element added to a record that has none is caught too.
    let (env, _, org) = site_with_records();
    tamper(
        &env,
        &format!(
            "INSERT INTO element(key, name, element, value)
             VALUES ((SELECT rowid FROM org WHERE id = '{org}'), 'skill', 'web', '1')"
        ),
    );
    let message = check_fails(&env);
    assert!(message.contains(&format!("element ({org})")), "{message}");
}

#[test]
fn a_tampered_conflict_is_named_by_check() {
    let (env, _, org) = site_with_records();
    tamper(
        &env,
        &format!(
            "INSERT INTO conflict(record, field, kind, reason) VALUES ('{org}', 'name', 'org', 'values')"
        ),
    );
    let message = check_fails(&env);
    assert!(message.contains(&format!("conflict ({org})")), "{message}");
}

#[test]
fn a_record_missing_from_the_tables_is_caught() {
    let (env, _, org) = site_with_records();
    tamper(&env, &format!("DELETE FROM org WHERE id = '{org}'"));
    let message = check_fails(&env);
    assert!(message.contains(&format!("org ({org})")), "{message}");
}

#[test]
fn status_reads_the_kept_digest() {
    let (env, _, _) = site_with_records();
    let kept = env.json(&["status", "--json"])["digest"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(kept.len(), 64);
    // Another total in the one-row table is what status shows (it reads the
    // row, it does not recompute), and check names the table.
    tamper(&env, "UPDATE digest_state SET total = zeroblob(32)");
    let shown = env.json(&["status", "--json"])["digest"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(shown, "0".repeat(64));
    let message = check_fails(&env);
    assert!(message.contains("digest_state"), "{message}");
    // The counts are kept too: a tampered count shows, and check names it.
    tamper(&env, "UPDATE live_count SET live = 7 WHERE kind = 'org'");
    assert_eq!(env.json(&["status", "--json"])["counts"]["org"], 7);
    let message = check_fails(&env);
    assert!(message.contains("live_count"), "{message}");
    // An edit through Relais moves the kept sum, never recomputes it whole.
    env.ok(&["add", "org", "name=Autre"]);
    assert_ne!(
        env.json(&["status", "--json"])["digest"].as_str().unwrap(),
        kept
    );
}

#[test]
fn an_existing_database_gets_its_kept_digest_when_migrated() {
    // The golden database, written at schema version 10 before the kept
    // digest existed: the migration's Rust step fills it.
    let dir = tempfile::tempdir().unwrap();
    let mut store = migrated_golden(dir.path());
    let kept = store.digest().unwrap();
    assert_ne!(kept, "0".repeat(64), "records were hashed");
    assert_eq!(kept, store.digest_from_scratch().unwrap());
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(report.changes_checked > 0);
}

/// `check` walks the records in key ranges (quantiles of the ids) on two
/// threads: a tampered row in the first range and one in the last are both
/// named, in id order.
#[test]
fn check_names_mismatches_in_the_first_and_last_key_ranges_in_order() {
    let env = Env::new();
    let mut orgs: Vec<String> = (0..24)
        .map(|n| env.ok(&["add", "org", &format!("name=Asso {n}")]))
        .collect();
    orgs.sort();
    let (first, last) = (orgs[0].clone(), orgs[orgs.len() - 1].clone());
    env.ok(&["check"]);
    tamper(
        &env,
        &format!("UPDATE org SET name = 'Falsifiée' WHERE id IN ('{first}', '{last}')"),
    );
    let message = check_fails(&env);
    let (at_first, at_last) = (
        message.find(&format!("org ({first})")),
        message.find(&format!("org ({last})")),
    );
    assert!(
        at_first.is_some() && at_last.is_some() && at_first < at_last,
        "{message}"
    );
}
