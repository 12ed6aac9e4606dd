//! The log's dictionaries (`log_site`, `log_author`, `log_name`, and
//! `record_key` since v25): the codes a writing transaction gives to site
//! ids, authors, kinds, fields and records.

use crate::domain::Kind;
use crate::store::StoreError;
use foldhash::HashMap;
use rusqlite::{Connection, OptionalExtension};

/// A dictionary of the log.
#[derive(Clone, Copy)]
enum Dictionary {
    Site,
    Author,
    Name,
}

impl Dictionary {
    fn select(self) -> &'static str {
        match self {
            Dictionary::Site => "SELECT code FROM log_site WHERE id = ?1",
            Dictionary::Author => "SELECT code FROM log_author WHERE name = ?1",
            Dictionary::Name => "SELECT code FROM log_name WHERE name = ?1",
        }
    }

    fn insert(self) -> &'static str {
        match self {
            Dictionary::Site => "INSERT INTO log_site(id) VALUES (?1)",
            Dictionary::Author => "INSERT INTO log_author(name) VALUES (?1)",
            Dictionary::Name => "INSERT INTO log_name(name) VALUES (?1)",
        }
    }
}

/// Words remembered per dictionary: field names grow with the members of
/// sets (`developer.<id>`: 3,428 names in a 1 M-change demo log, 393 in a
/// 100 k one), and an import's memory must not grow with its size. A full
/// cache starts again empty; a forgotten word costs one lookup.
const CODES_CAP: usize = 1_024;

/// The codes of one writing transaction, remembered as they are looked up
/// or given. Never kept beyond the transaction: a code given in a
/// transaction that rolls back may later be given to another word.
#[derive(Default)]
pub(in crate::store) struct Codes {
    sites: HashMap<String, i64>,
    authors: HashMap<String, i64>,
    names: HashMap<String, i64>,
    /// The last site and author coded: a bundle's changes come in runs of
    /// one site and one author, told apart from the last without hashing.
    last_site: Option<(String, i64)>,
    last_author: Option<(String, i64)>,
    /// The kinds' names' codes, by position in `Kind::ALL`.
    kinds: [Option<i64>; Kind::ALL.len()],
    /// The last record's key: a record's changes come together (one edit,
    /// or a bundle's run of one record), so one entry saves most look-ups
    /// at no memory cost. `None` beside a record: it has no key yet
    /// (`know_record`).
    last_record: Option<(String, Option<i64>)>,
}

impl Codes {
    fn code(
        &mut self,
        conn: &Connection,
        dictionary: Dictionary,
        word: &str,
    ) -> Result<i64, StoreError> {
        let cache = match dictionary {
            Dictionary::Site => &mut self.sites,
            Dictionary::Author => &mut self.authors,
            Dictionary::Name => &mut self.names,
        };
        if let Some(code) = cache.get(word) {
            return Ok(*code);
        }
        let found: Option<i64> = conn
            .prepare_cached(dictionary.select())
            .and_then(|mut stmt| stmt.query_row([word], |row| row.get(0)).optional())
            .map_err(StoreError::sqlite)?;
        let code = match found {
            Some(code) => code,
            None => {
                conn.prepare_cached(dictionary.insert())
                    .and_then(|mut stmt| stmt.execute([word]))
                    .map_err(StoreError::sqlite)?;
                conn.last_insert_rowid()
            }
        };
        if cache.len() >= CODES_CAP {
            cache.clear();
        }
        cache.insert(word.to_string(), code);
        Ok(code)
    }

    pub(in crate::store) fn site(
        &mut self,
        conn: &Connection,
        site: &str,
    ) -> Result<i64, StoreError> {
        self.code_in_runs(conn, Dictionary::Site, site, |codes| &mut codes.last_site)
    }

    pub(in crate::store) fn author(
        &mut self,
        conn: &Connection,
        author: &str,
    ) -> Result<i64, StoreError> {
        self.code_in_runs(conn, Dictionary::Author, author, |codes| {
            &mut codes.last_author
        })
    }

    /// `code` for words that come in runs, the last one (in `last`) told
    /// apart without hashing.
    fn code_in_runs(
        &mut self,
        conn: &Connection,
        dictionary: Dictionary,
        word: &str,
        last: fn(&mut Codes) -> &mut Option<(String, i64)>,
    ) -> Result<i64, StoreError> {
        if let Some((known, code)) = last(self).as_ref()
            && known == word
        {
            return Ok(*code);
        }
        let code = self.code(conn, dictionary, word)?;
        *last(self) = Some((word.to_string(), code));
        Ok(code)
    }

    /// The code of a kind's name (the names' dictionary, remembered by kind).
    pub(in crate::store) fn kind(
        &mut self,
        conn: &Connection,
        kind: Kind,
    ) -> Result<i64, StoreError> {
        if let Some(Some(code)) = self.kinds.get(kind.position()) {
            return Ok(*code);
        }
        let code = self.code(conn, Dictionary::Name, kind.name())?;
        if let Some(remembered) = self.kinds.get_mut(kind.position()) {
            *remembered = Some(code);
        }
        Ok(code)
    }

    pub(in crate::store) fn name(
        &mut self,
        conn: &Connection,
        name: &str,
    ) -> Result<i64, StoreError> {
        self.code(conn, Dictionary::Name, name)
    }

    /// The key of `record` in `record_key`, given to it now if it had none.
    pub(in crate::store) fn record(
        &mut self,
        conn: &Connection,
        record: &str,
    ) -> Result<i64, StoreError> {
        let key = match &self.last_record {
            Some((last, Some(key))) if last == record => return Ok(*key),
            // Looked up just before (`know_record`): no key; one more look-up
            // would only find nothing again.
            Some((last, None)) if last == record => crate::store::keys::give(conn, record)?,
            _ => crate::store::keys::ensure(conn, record)?,
        };
        self.last_record = Some((record.to_string(), Some(key)));
        Ok(key)
    }

    /// Remembers `record`'s key as the caller just looked it up (`None`:
    /// it has none yet), so that logging its change does not look again.
    pub(in crate::store) fn know_record(&mut self, record: &str, key: Option<i64>) {
        self.last_record = Some((record.to_string(), key));
    }
}
