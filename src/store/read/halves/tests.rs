//! Listings cut in two (`halves`) against the same listings read whole, on
//! database files: accented, tied and long-prefixed titles, dated time
//! entries with their developers' labels, failures, a writer at work.

use super::*;
use crate::domain::clock::FixedClock;
use crate::store::{BUSY_TIMEOUT, LocalIdentity, OpenMode};
use std::sync::Arc;

/// A database file holding a request per title (with a skill every
/// third one, and the fifth deleted), and a time entry per date.
fn store_with(dir: &Path, titles: &[String], dates: &[&str]) -> Store {
    let clock = Arc::new(FixedClock::new(1_780_000_000_000));
    let mut store =
        Store::open(&dir.join("relais.db"), OpenMode::CreateIfMissing, clock).expect("store");
    store
        .set_identity(&LocalIdentity::test_epn())
        .expect("identity");
    let mut writer = store.writer("test").expect("writer");
    for (index, title) in titles.iter().enumerate() {
        let id = writer.create(Kind::Request);
        let mut fields = vec![("title", title.clone())];
        if index % 3 == 0 {
            fields.push(("skill.web", "1".to_string()));
        }
        writer
            .insert_new(Kind::Request, &id, &fields)
            .expect("insert");
        if index == 4 {
            writer.delete(Kind::Request, &id).expect("delete");
        }
    }
    let developers: Vec<String> = ["Zoé", "Ana"]
        .iter()
        .map(|name| {
            let id = writer.create(Kind::Developer);
            let fields = [("name", name.to_string())];
            writer
                .insert_new(Kind::Developer, &id, &fields)
                .expect("insert");
            id
        })
        .collect();
    for (index, date) in dates.iter().enumerate() {
        let id = writer.create(Kind::Time);
        let fields = [
            ("date", date.to_string()),
            ("hours", "2".to_string()),
            ("developer", developers[index % 2].clone()),
        ];
        writer.insert_new(Kind::Time, &id, &fields).expect("insert");
    }
    writer.commit().expect("commit");
    store
}

/// Both halves as `in_halves` hands them, cutting from two records.
fn halves_of(store: &Store, kind: Kind) -> (Vec<Record>, Vec<Record>) {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let every: Vec<&str> = kind.scalar_fields().map(|field| field.name).collect();
    store
        .in_halves::<StoreError>(
            (kind, Sets::Read, &every, &[]),
            2,
            |_, record, _| {
                first.push(record);
                Ok(())
            },
            |_, record, _| {
                second.push(record);
                Ok(())
            },
        )
        .expect("listed");
    (first, second)
}

/// Time entries' dates, two of them equal, not in order.
const DATES: [&str; 5] = [
    "2026-03-01",
    "2025-12-31",
    "2026-03-01",
    "2026-01-15",
    "2024-07-04",
];

fn titles() -> Vec<String> {
    let words = [
        "École",
        "zone",
        "Écomusée",
        "atelier",
        "Îlot",
        "carte",
        "Carte",
    ];
    let long = "Atelier de co-création : une carte partagée des ";
    (0..60)
        .map(|index| match index % 4 {
            0 => format!("{} {index}", words[index % words.len()]),
            1 => words[index % words.len()].to_string(),
            2 => format!("{long}{index}"),
            _ => format!("{long}{}", 60 - index),
        })
        .collect()
}

#[test]
fn the_two_halves_are_the_listing_cut_in_two() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &titles(), &DATES);
    for kind in [Kind::Request, Kind::Time] {
        let whole = store.list(kind).expect("list");
        let (first, second) = halves_of(&store, kind);
        assert!(!first.is_empty() && !second.is_empty(), "{kind:?} not cut");
        assert_eq!([first, second].concat(), whole, "{kind:?}");
    }
    let whole = store.list(Kind::Request).expect("list");
    assert_eq!(whole.len(), 59);
    assert!(whole.iter().any(|record| !record.sets.is_empty()));
}

/// The listing the text `list` reads (a few columns, the labels of
/// referenced records joined), cut in two, gives each half's visitor the
/// records and labels the whole listing gives, and a store that reads.
#[test]
fn the_halves_of_a_listing_of_columns_carry_their_labels() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &[], &DATES);
    let listing = (
        Kind::Time,
        Sets::Skip,
        &["date", "developer"][..],
        &["developer"][..],
    );
    let mut whole = Vec::new();
    store
        .for_each_record_columns::<StoreError>(
            Kind::Time,
            Sets::Skip,
            listing.2,
            listing.3,
            |record, labels| {
                whole.push((record, labels.to_vec()));
                Ok(())
            },
        )
        .expect("listed");
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let visit = |half: &mut Vec<_>, store: &Store, record: Record, labels: &[Option<String>]| {
        let known = store.record(Kind::Time, &record.id)?.is_some();
        half.push((record, labels.to_vec()));
        assert!(known, "the half's store reads the record");
        Ok::<_, StoreError>(())
    };
    store
        .in_halves(
            listing,
            2,
            |store, record, labels| visit(&mut first, store, record, labels),
            |store, record, labels| visit(&mut second, store, record, labels),
        )
        .expect("listed");
    assert!(!first.is_empty() && !second.is_empty());
    assert_eq!([first, second].concat(), whole);
    let names: Vec<_> = whole
        .iter()
        .map(|(_, labels)| labels[0].as_deref())
        .collect();
    assert_eq!(names.iter().filter(|name| **name == Some("Zoé")).count(), 3);
}

#[test]
fn equal_labels_all_go_to_the_second_half() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &vec!["Carte".to_string(); 12], &[]);
    let (first, second) = halves_of(&store, Kind::Request);
    assert!(first.is_empty());
    assert_eq!(second, store.list(Kind::Request).expect("list"));
}

#[test]
fn a_record_with_no_label_keeps_the_listing_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = store_with(dir.path(), &titles(), &[]);
    let mut writer = store.writer("test").expect("writer");
    let id = writer.create(Kind::Request);
    let fields = [("status", "new".to_string())];
    writer
        .insert_new(Kind::Request, &id, &fields)
        .expect("insert");
    writer.commit().expect("commit");
    let (first, second) = halves_of(&store, Kind::Request);
    assert!(second.is_empty());
    assert_eq!(first, store.list(Kind::Request).expect("list"));
    assert_eq!(
        first.first().map(|record| record.id.as_str()),
        Some(id.as_str())
    );
}

#[test]
fn a_failing_half_stops_the_other_and_its_error_is_the_result() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &titles(), &[]);
    for failing in [FIRST_FAILED, SECOND_FAILED] {
        let visitor = |me: u8| {
            move |_: &Store, _: Record, _: &[Option<String>]| match me == failing {
                true => Err(StoreError::ShortId(format!("half {me}"))),
                false => Ok(()),
            }
        };
        let listing = (Kind::Request, Sets::Read, &["title"][..], &[][..]);
        let result = store.in_halves(listing, 2, visitor(1), visitor(2));
        match result {
            Err(StoreError::ShortId(half)) => assert_eq!(half, format!("half {failing}")),
            other => panic!("half {failing}: {other:?}"),
        }
    }
}

/// While another program writes (its transaction holds the lock), the
/// listing is read whole at once rather than after the lock's timeout.
#[test]
fn a_writer_at_work_leaves_the_listing_whole_and_without_a_wait() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &titles(), &[]);
    let writer = rusqlite::Connection::open(dir.path().join("relais.db")).expect("writer");
    writer.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let started = std::time::Instant::now();
    let (first, second) = halves_of(&store, Kind::Request);
    assert!(
        started.elapsed() < BUSY_TIMEOUT / 2,
        "{:?}",
        started.elapsed()
    );
    assert!(second.is_empty());
    assert_eq!(first, store.list(Kind::Request).expect("list"));
    writer.execute_batch("ROLLBACK").expect("unlock");
    assert!(store.halves(Kind::Request, 2).expect("halves").is_some());
}

#[test]
fn a_short_listing_or_a_database_in_memory_is_not_cut() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store_with(dir.path(), &titles(), &[]);
    assert!(store.halves(Kind::Request, 60).expect("halves").is_none());
    assert!(store.halves(Kind::Request, 59).expect("halves").is_some());
    let memory =
        Store::open_in_memory(Arc::new(FixedClock::new(1_780_000_000_000))).expect("store");
    assert!(memory.halves(Kind::Request, 0).expect("halves").is_none());
}
