//! The SQLite store: opening and migrating the database file, the change log,
//! and the tables derived from it. This is the only module that uses rusqlite.
//!
//! Every write is a field-level change appended to the log in the same
//! transaction as the derived tables are updated (`write`); changes from other
//! sites enter through one batch entry point (`apply`).

mod affinity;
mod apply;
mod backup;
mod browse;
mod bulk;
mod bulk_settings;
mod bulk_text;
mod check;
mod check_parts;
mod codec;
mod compact;
mod dashboard;
mod derive;
mod digest;
mod digest_check;
mod digest_kept;
mod error;
mod fresh;
mod heads;
mod kept_dashboard;
mod key_order;
pub mod keyfile;
mod keys;
mod label_index;
mod log;
mod materialise;
mod merged;
mod migrate;
mod peers;
mod privacy;
mod publish;
mod purge;
mod read;
mod refresh;
mod search;
mod sql;
mod stats;
mod stats_check;
mod stats_kept;
mod stats_orgs;
mod stats_report;
mod stats_year;
mod template;
mod touched;
mod vector;
mod write;

pub use apply::{ApplyOptions, ApplyStep, FailPoint, check_shape};
pub use apply::{ApplyReport, ChangeSource, LoggedSource};
pub use browse::{BrowseQuery, HoursOn};
pub use bulk::BulkMode;
pub use check::CheckReport;
pub use compact::FileSize;
pub use dashboard::{SkewedSite, SkilledDeveloper};
pub use error::{StoreError, is_disk_full};
/// The schema version this build writes (`PRAGMA user_version`).
pub use migrate::LATEST as SCHEMA_VERSION;
pub use peers::{Receipt, SiteEntry, TrustedCard};
pub use privacy::{PersonActivity, PersonHours, PersonLink};
pub use publish::{CatalogueRow, WorkshopCount};
pub use purge::{PurgeAct, PurgeOutcome};
pub use read::{ConflictEntry, ConflictHead, HistoryEntry, Record, Sets, VectorEntry, short_id};
pub use search::{BodyWord, DeveloperRow, TextRow, WantingRequest, body_index};
pub use sql::order_key;
pub use stats::{AreaFigures, ReviewItem, SkillCell};
pub use stats_report::{AreaDetails, BudgetLine, DeveloperHours, KindFigures, RecordHours};
pub use stats_year::{AreaYear, YearFigures};
pub use write::Writer;

use crate::domain::SiteId;
use crate::domain::clock::Clock;
use crate::domain::hlc::Stamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// This installation's identity, kept in the database's `meta` table (and
/// never synced: other sites learn of us through our site record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalIdentity {
    pub site: SiteId,
    pub name: String,
    pub departement: String,
    pub role: String,
}

#[cfg(test)]
impl LocalIdentity {
    /// The EPN the store's unit tests write as.
    pub(crate) fn test_epn() -> LocalIdentity {
        LocalIdentity {
            site: "0123456789abcdef".into(),
            name: "EPN".into(),
            departement: "04".into(),
            role: "epn".into(),
        }
    }
}

/// SQLite's plan of `sql` on `conn`, one step per line, for the store's
/// unit tests (a plan does not depend on the values bound: each parameter
/// is bound to NULL).
#[cfg(test)]
pub(crate) fn query_plan(conn: &Connection, sql: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .map_err(StoreError::sqlite)?;
    let unbound = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
    stmt.query_map(rusqlite::params_from_iter(unbound), |row| {
        row.get::<_, String>(3)
    })
    .and_then(|steps| steps.collect())
    .map_err(StoreError::sqlite)
}

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
}

/// Whether `open` may create a missing database file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    CreateIfMissing,
    MustExist,
}

impl Store {
    /// Opens (and if needed creates, with mode 0600) a Relais database,
    /// migrating an older one after backing it up.
    pub fn open(path: &Path, mode: OpenMode, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        if path.is_dir() {
            return Err(StoreError::IsDirectory(path.to_path_buf()));
        }
        if !path.exists() {
            if mode == OpenMode::MustExist {
                return Err(StoreError::Missing(path.to_path_buf()));
            }
            create_private_file(path)?;
        } else if mode == OpenMode::MustExist && path.metadata().is_ok_and(|meta| meta.len() == 0) {
            // An empty file is a valid empty SQLite database, but not a
            // Relais one: only `init` may turn it into one.
            return Err(StoreError::NotRelais(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|err| StoreError::from_open(path, err))?;
        // SQLite falls back to read-only when it may not write the file; it
        // would then leave read-only `-wal`/`-shm` files that keep failing
        // after the permissions are fixed. Refuse before it reads anything.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            drop(conn);
            return Err(migrate::refuse_read_only(path));
        }
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(StoreError::sqlite)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clock,
        };
        match migrate::prepare(&mut store.conn, path) {
            Err(err) if err.is_io_failure() => store.reopen_on_full_disk(err)?,
            other => other?,
        }
        Ok(store)
    }

    /// Opening failed with an I/O error: on a full disk, SQLite cannot size
    /// the `-shm` file of a WAL database. With an exclusive lock it keeps that
    /// index in memory instead, so reading (`status`, `list`, `export` to
    /// another disk) still works; any write then fails with the clear "disk
    /// is full" message. Any other I/O failure is reported as it was.
    fn reopen_on_full_disk(&mut self, first: StoreError) -> Result<(), StoreError> {
        if !error::disk_full_near(&self.path) {
            return Err(first);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|err| StoreError::from_open(&self.path, err))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(StoreError::sqlite)?;
        conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE")
            .map_err(|_| StoreError::DiskFull(self.path.clone()))?;
        self.conn = conn;
        migrate::prepare(&mut self.conn, &self.path).map_err(|err| {
            if err.is_io_failure() {
                StoreError::DiskFull(self.path.clone())
            } else {
                err
            }
        })
    }

    /// An in-memory store (tests and re-derivation).
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(StoreError::sqlite)?;
        migrate::prepare(&mut conn, Path::new(":memory:"))?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            clock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(StoreError::sqlite)
    }

    /// This site's identity, if `init` has run.
    pub fn identity(&self) -> Result<Option<LocalIdentity>, StoreError> {
        let Some(site) = self.meta("site_id")? else {
            return Ok(None);
        };
        Ok(Some(LocalIdentity {
            site,
            name: self.meta("site_name")?.unwrap_or_default(),
            departement: self.meta("site_departement")?.unwrap_or_default(),
            role: self.meta("site_role")?.unwrap_or_default(),
        }))
    }

    /// The identity, or the error that tells the person to run `init`.
    pub fn require_identity(&self) -> Result<LocalIdentity, StoreError> {
        self.identity()?
            .ok_or_else(|| StoreError::NotInitialised(self.path.clone()))
    }

    /// Records this installation's identity. Refused if one exists already.
    pub fn set_identity(&mut self, identity: &LocalIdentity) -> Result<(), StoreError> {
        if self.identity()?.is_some() {
            return Err(StoreError::AlreadyInitialised(self.path.clone()));
        }
        let tx = self.conn.transaction().map_err(StoreError::sqlite)?;
        for (key, value) in [
            ("site_id", &identity.site),
            ("site_name", &identity.name),
            ("site_departement", &identity.departement),
            ("site_role", &identity.role),
        ] {
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                [key, value.as_str()],
            )
            .map_err(StoreError::sqlite)?;
        }
        tx.commit().map_err(StoreError::sqlite)
    }

    /// A setting of this installation only (never synced), such as the
    /// author name given at `init`.
    pub fn local_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.meta(&format!("local.{key}"))
    }

    pub fn set_local_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                [format!("local.{key}"), value.to_string()],
            )
            .map_err(StoreError::sqlite)?;
        Ok(())
    }

    /// The last stamp this replica issued or observed.
    fn clock_stamp(conn: &Connection) -> Result<Stamp, StoreError> {
        let value: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |row| {
                row.get(0)
            })
            .optional()
            .map_err(StoreError::sqlite)?;
        Ok(Stamp(value.and_then(|text| text.parse().ok()).unwrap_or(0)))
    }

    /// A number that changes whenever another connection commits (used by the
    /// TUI to refresh what it shows).
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(StoreError::sqlite)
    }
}

/// The computer's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Creates an empty file readable by its owner only.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|err| StoreError::Io(parent.to_path_buf(), err))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))
}
