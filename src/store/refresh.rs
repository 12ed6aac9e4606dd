//! The re-derivation an import does at each flush: the records whose
//! fields it touched, each once, from the log (their heads, then their row)
//! or, for a record new to the log, from the changes it holds (`fresh`).
//! In a large window those are derived on a helper thread (`derivations`).

mod derivations;

use super::StoreError;
use super::fresh::{self, Derivation, Slot};
use super::heads::{Values, load_record_versions, load_versions, owner_kind};
use super::materialise::{ConflictDelta, Materialiser};
use super::purge;
use crate::domain::Kind;
use crate::domain::merge::Version;
use derivations::with_derivations;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashSet};

/// What a flush does with one touched record.
enum Step {
    /// The next derivation of the records new to the log.
    Derive,
    /// Re-derive from the log, for these touched fields (repeats allowed).
    FromLog(Vec<String>),
}

/// Re-derives the records the window touched, in id order, each once: the
/// touched fields' heads read, its row written, then its deletion state; a
/// record new to the log derives from the changes the window holds, with
/// no read. A record named under several kinds is rebuilt whole under its
/// owner kind; a purged one derives from its marker.
pub(super) fn flush(
    conn: &Connection,
    materialiser: &mut Materialiser,
    window: &mut fresh::Window,
    purged: &HashSet<String>,
) -> Result<ConflictDelta, StoreError> {
    let mut steps = Vec::new();
    let mut held = Vec::new();
    for (record, slot) in window.drain() {
        let step = match slot {
            Slot::Fresh(fresh) if fresh.changes.is_empty() => continue,
            Slot::Fresh(fresh) if !purged.contains(&record) => {
                held.push(fresh);
                Step::Derive
            }
            Slot::Fresh(fresh) => Step::FromLog(fresh.fields()),
            Slot::Logged(fields) if fields.is_empty() => continue,
            Slot::Logged(fields) => Step::FromLog(fields),
        };
        steps.push((record, step));
    }
    let delta = with_derivations(held, |derivations| {
        let mut delta = ConflictDelta::default();
        for (record, step) in steps {
            let mut fields = match step {
                Step::Derive => match derivations.next()? {
                    Derivation::Derived(derived) => {
                        delta += fresh::write_derived(conn, materialiser, &record, &derived)?;
                        derivations.written(derived);
                        continue;
                    }
                    Derivation::FromLog(fields) => fields,
                },
                Step::FromLog(fields) => fields,
            };
            fields.sort_unstable();
            fields.dedup();
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            delta += refresh_one(conn, materialiser, &record, &fields, purged)?;
            // Record refreshed: its row, elements and conflicts are final
            // for this batch, and each touched record passes here exactly
            // once per flush. A per-record derived figure (a digest, a
            // counter) is kept current from here.
        }
        Ok(delta)
    })?;
    materialiser.flush_digest(conn)?;
    Ok(delta)
}

/// Re-derives one touched record (see `flush`).
fn refresh_one(
    conn: &Connection,
    materialiser: &mut Materialiser,
    record: &str,
    fields: &[&str],
    purged: &HashSet<String>,
) -> Result<ConflictDelta, StoreError> {
    if purged.contains(record) {
        purge::materialise_purged(conn, materialiser, record)?;
        return Ok(ConflictDelta::default());
    }
    match owner_kind(conn, record)? {
        Some((kind, true)) => materialiser.rebuild_record(conn, kind, record),
        Some((kind, false)) => {
            let versions = touched_versions(conn, kind, record, fields)?;
            let mut delta = materialiser.refresh_record(conn, kind, record, &versions)?;
            delta += materialiser.refresh_deletion(conn, kind, record)?;
            Ok(delta)
        }
        None => Ok(ConflictDelta::default()),
    }
}

/// The heads of the touched `fields` of a record: one query for the whole
/// record when several are touched (a new record: all of them), one for
/// the field otherwise. A touched field with no live version maps to none.
fn touched_versions(
    conn: &Connection,
    kind: Kind,
    record: &str,
    fields: &[&str],
) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    if let [field] = fields {
        let versions = load_versions(conn, kind, record, field)?;
        return Ok(BTreeMap::from([(field.to_string(), versions)]));
    }
    let mut all = load_record_versions(conn, kind, record, Values::Compact)?;
    all.retain(|field, _| fields.contains(&field.as_str()));
    for field in fields {
        all.entry(field.to_string()).or_default();
    }
    Ok(all)
}
