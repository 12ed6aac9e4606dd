//! The version vector's entries as an import moves them. Each site's count
//! and highest seq follow from what its entry held and what the batch
//! inserted; its contiguous prefix from the run of seqs by which the batch
//! extended it, then from the log past that run only (what earlier batches
//! left beyond a gap). Counting every logged change of each site the batch
//! touched read the whole log once more at the end of a region's first
//! import.

use super::StoreError;
use super::apply::sql_seq;
use crate::domain::SiteId;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// One site's entry, as held and as the batch moves it.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    /// Seqs 1..=contiguous are all in the log (from the entry held, then
    /// extended by each inserted seq that came next).
    contiguous: u64,
    max_seq: u64,
    changes: u64,
}

/// The entries of the sites a batch inserted changes of.
#[derive(Default)]
pub(super) struct VectorMoves {
    sites: BTreeMap<SiteId, Entry>,
}

impl VectorMoves {
    /// Notes a change of `site` inserted into the log (not a duplicate).
    pub(super) fn inserted(
        &mut self,
        conn: &Connection,
        site: &str,
        seq: u64,
    ) -> Result<(), StoreError> {
        let entry = match self.sites.get_mut(site) {
            Some(entry) => entry,
            None => {
                let held = held(conn, site)?;
                self.sites.entry(site.to_string()).or_insert(held)
            }
        };
        if seq == entry.contiguous.saturating_add(1) {
            entry.contiguous = seq;
        }
        entry.max_seq = entry.max_seq.max(seq);
        entry.changes = entry.changes.saturating_add(1);
        Ok(())
    }

    /// Writes every moved entry, its contiguous prefix carried on through
    /// the seqs the log held past it.
    pub(super) fn write(self, conn: &Connection) -> Result<(), StoreError> {
        for (site, entry) in self.sites {
            let contiguous = contiguous_from(conn, &site, entry.contiguous)?;
            conn.execute(
                "INSERT OR REPLACE INTO vector(site, contiguous, max_seq, changes) VALUES (?1, ?2, ?3, ?4)",
                params![
                    site,
                    sql_seq(contiguous)?,
                    sql_seq(entry.max_seq)?,
                    sql_seq(entry.changes)?
                ],
            )
            .map_err(StoreError::sqlite)?;
        }
        Ok(())
    }
}

/// The entry the vector holds for `site` (zeros: none yet).
fn held(conn: &Connection, site: &str) -> Result<Entry, StoreError> {
    let row: Option<(i64, i64, i64)> = conn
        .query_row(
            "SELECT contiguous, max_seq, changes FROM vector WHERE site = ?1",
            [site],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()
        .map_err(StoreError::sqlite)?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(
        row.map_or(Entry::default(), |(contiguous, max_seq, changes)| Entry {
            contiguous: count(contiguous),
            max_seq: count(max_seq),
            changes: count(changes),
        }),
    )
}

/// `from` carried on through the seqs of `site` that follow it in the log.
fn contiguous_from(conn: &Connection, site: &str, from: u64) -> Result<u64, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq FROM changes
             WHERE site = (SELECT code FROM log_site WHERE id = ?1) AND seq > ?2 ORDER BY seq",
        )
        .map_err(StoreError::sqlite)?;
    let mut rows = stmt
        .query(params![site, sql_seq(from)?])
        .map_err(StoreError::sqlite)?;
    let mut contiguous = from;
    while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
        let seq: i64 = row.get(0).map_err(StoreError::sqlite)?;
        if u64::try_from(seq).ok() != contiguous.checked_add(1) {
            break;
        }
        contiguous = contiguous.saturating_add(1);
    }
    Ok(contiguous)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vector and a log of one site holding `seqs`, as an import finds them.
    fn store_with(seqs: &[i64], entry: (i64, i64, i64)) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE vector (site TEXT PRIMARY KEY, contiguous INTEGER, max_seq INTEGER, changes INTEGER);
             CREATE TABLE log_site (code INTEGER PRIMARY KEY, id TEXT UNIQUE);
             CREATE TABLE changes (site INTEGER, seq INTEGER, PRIMARY KEY (site, seq)) WITHOUT ROWID;
             INSERT INTO log_site(code, id) VALUES (1, 'a');",
        )
        .unwrap();
        for seq in seqs {
            conn.execute("INSERT INTO changes(site, seq) VALUES (1, ?1)", [seq])
                .unwrap();
        }
        conn.execute(
            "INSERT INTO vector VALUES ('a', ?1, ?2, ?3)",
            [entry.0, entry.1, entry.2],
        )
        .unwrap();
        conn
    }

    fn entry(conn: &Connection) -> (i64, i64, i64) {
        conn.query_row(
            "SELECT contiguous, max_seq, changes FROM vector WHERE site = 'a'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap()
    }

    /// Inserts `batch` into the log as an import would, then writes the entry.
    fn import(conn: &Connection, batch: &[i64]) {
        let mut moves = VectorMoves::default();
        for seq in batch {
            conn.execute("INSERT INTO changes(site, seq) VALUES (1, ?1)", [seq])
                .unwrap();
            moves.inserted(conn, "a", *seq as u64).unwrap();
        }
        moves.write(conn).unwrap();
    }

    #[test]
    fn a_batch_in_order_extends_the_prefix_without_reading_it_back() {
        let conn = store_with(&[1, 2], (2, 2, 2));
        import(&conn, &[3, 4, 5]);
        assert_eq!(entry(&conn), (5, 5, 5));
    }

    #[test]
    fn a_gap_filled_later_joins_what_the_log_held_past_it() {
        // 1, 2 then 4, 5 held (a gap at 3); then 3 arrives, out of order
        // with 7 which leaves a new gap at 6.
        let conn = store_with(&[1, 2, 4, 5], (2, 5, 4));
        import(&conn, &[7, 3]);
        assert_eq!(entry(&conn), (5, 7, 6));
        import(&conn, &[6]);
        assert_eq!(entry(&conn), (7, 7, 7));
    }

    #[test]
    fn a_first_batch_out_of_order_still_finds_its_prefix() {
        let conn = store_with(&[], (0, 0, 0));
        conn.execute("DELETE FROM vector", []).unwrap();
        import(&conn, &[3, 1, 2, 5]);
        assert_eq!(entry(&conn), (3, 5, 4));
    }
}
