//! Schema versions through SQLite's `user_version`, with a backup (SQLite's
//! backup API) taken before an existing file is migrated, and a refusal to
//! touch a file written by a newer Relais or by another program.

use super::StoreError;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, MAIN_DB};
use std::path::{Path, PathBuf};

/// Marks a file as a Relais database (`PRAGMA application_id`): "RLAI".
pub const APPLICATION_ID: i64 = 0x524C_4149;

/// One schema version's step: its SQL, with, where SQL alone cannot do it,
/// a Rust pass before or after it, all in the same transaction.
struct Migration {
    before: Option<RustStep>,
    sql: &'static str,
    then: Option<RustStep>,
}

/// A migration's Rust pass, run inside its transaction.
type RustStep = fn(&Connection) -> Result<(), StoreError>;

const fn sql(sql: &'static str) -> Migration {
    Migration {
        before: None,
        sql,
        then: None,
    }
}

/// Each entry migrates from version `index` to `index + 1`.
const MIGRATIONS: &[Migration] = &[
    sql(include_str!("schema.sql")),
    sql(include_str!("schema_v2.sql")),
    sql(include_str!("schema_v3.sql")),
    sql(include_str!("schema_v4.sql")),
    sql(include_str!("schema_v5.sql")),
    sql(include_str!("schema_v6.sql")),
    sql(include_str!("schema_v7.sql")),
    sql(include_str!("schema_v8.sql")),
    sql(include_str!("schema_v9.sql")),
    sql(include_str!("schema_v10.sql")),
    sql(include_str!("schema_v11_listing.sql")),
    Migration {
        before: None,
        sql: include_str!("schema_v12_compact_log.sql"),
        then: Some(super::codec::encode_legacy_parents),
    },
    sql(include_str!("schema_v13_digest.sql")),
    sql(include_str!("schema_v14_counters.sql")),
    sql(include_str!("schema_v15_search.sql")),
    sql(include_str!("schema_v16_size.sql")),
    sql(include_str!("schema_v17_dashboard.sql")),
    sql(include_str!("schema_v18_dependants.sql")),
    sql(include_str!("schema_v19_open.sql")),
    sql(include_str!("schema_v20_person_last.sql")),
    sql(include_str!("schema_v21_label_cover.sql")),
    Migration {
        before: None,
        sql: include_str!("schema_v22_record_key.sql"),
        then: Some(super::keys::migrate_to_record_keys),
    },
    Migration {
        before: Some(super::keys::key_elements),
        sql: include_str!("schema_v23_element_key.sql"),
        then: None,
    },
    Migration {
        before: None,
        sql: include_str!("schema_v24_digest_key.sql"),
        then: Some(super::keys::key_record_digests),
    },
    Migration {
        before: None,
        sql: include_str!("schema_v25_log_key.sql"),
        then: Some(super::keys::key_log),
    },
    sql(include_str!("schema_v26_time_by_date.sql")),
    Migration {
        before: None,
        sql: include_str!("schema_v27_id_index.sql"),
        then: Some(super::keys::drop_id_primary_keys),
    },
    Migration {
        before: None,
        sql: include_str!("schema_v28_id_by_key.sql"),
        then: Some(super::keys::drop_last_id_primary_keys),
    },
    Migration {
        before: Some(super::keys::key_time_references),
        sql: include_str!("schema_v29_time_keys.sql"),
        then: None,
    },
    // v30: the label indexes on folded words, built from `sql::folded`
    // (no SQL file: the expression is generated).
    Migration {
        before: None,
        sql: "",
        then: Some(super::label_index::fold_label_indexes),
    },
    sql(include_str!("schema_v31_time_label_cover.sql")),
    sql(include_str!("schema_v32_workshop_id_index.sql")),
    sql(include_str!("schema_v33_text_fill.sql")),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Checks the file is ours and current, sets the connection up and migrates
/// it; a new, empty one becomes a copy of `template`'s latest-version database.
pub fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let read_pragma = |conn: &Connection, name: &str| -> Result<i64, StoreError> {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
            .map_err(|err| StoreError::from_open(path, err))
    };
    let application_id = read_pragma(conn, "application_id")?;
    let version = read_pragma(conn, "user_version")?;
    // Every migration sets both pragmas in one transaction: a file with a
    // version but without our application id was written by another program.
    if application_id != APPLICATION_ID && (application_id != 0 || version != 0) {
        return Err(StoreError::NotRelais(path.to_path_buf()));
    }
    if version > LATEST {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: LATEST,
        });
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(|err| StoreError::from_open(path, err))?;
        if tables > 0 {
            return Err(StoreError::NotRelais(path.to_path_buf()));
        }
    }
    if conn.is_readonly(MAIN_DB).unwrap_or(false) {
        return Err(StoreError::ReadOnly(path.to_path_buf()));
    }
    // A new database is a copy of the empty one at the latest version,
    // before WAL is set (the copy writes the header the journal mode marks).
    let version = if version == 0 {
        super::template::copy_into(conn)?;
        LATEST
    } else {
        version
    };
    let journal: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(|err| StoreError::from_open(path, err))?;
    let _ = journal; // in-memory databases answer "memory"
    configure(conn)?;
    if version < LATEST {
        backup_before_migrating(conn, path, version)?;
        // Rewriting a big log sorts millions of rows (dictionaries, the
        // index): in temporary files, not in memory, while it lasts.
        conn.execute_batch("PRAGMA temp_store = FILE")
            .map_err(StoreError::sqlite)?;
        migrate(conn, version)?;
        conn.execute_batch("PRAGMA temp_store = MEMORY")
            .map_err(StoreError::sqlite)?;
    }
    Ok(())
}

/// The connection's settings, for every connection that writes.
pub(super) fn configure(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        // secure_delete: freed bytes are zeroed as they are freed, so an
        // erased value leaves no copy in free space (see `store::purge`).
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;",
    )
    .map_err(StoreError::sqlite)?;
    // The triggers of schema v14 are compiled into every statement that can
    // fire them (milliseconds each): an import rotates through more
    // statements than rusqlite's default 16, which must not be prepared again.
    conn.set_prepared_statement_cache_capacity(256);
    // Plans never depend on bound values here (no statistics tables). Without
    // this guarantee SQLite marks each `column = ?` term "plan again when
    // rebound", and rusqlite clears a cached statement's bindings as it takes
    // it back: every use of a cached statement was compiled again
    // (`sqlite3Reprepare`, a fifth of an import's time).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
        .map_err(StoreError::sqlite)?;
    Ok(())
}

/// Runs the migrations from `version` to the latest in one transaction,
/// which also sets the version and our application id.
pub(super) fn migrate(conn: &mut Connection, version: i64) -> Result<(), StoreError> {
    let tx = conn.transaction().map_err(StoreError::sqlite)?;
    for migration in MIGRATIONS
        .iter()
        .skip(usize::try_from(version).unwrap_or(0))
    {
        if let Some(before) = migration.before {
            before(&tx)?;
        }
        tx.execute_batch(migration.sql)
            .map_err(StoreError::sqlite)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
    }
    // The kept digests are filled by Rust (SHA-256), once their tables exist.
    super::digest_kept::build_if_absent(&tx)?;
    tx.execute_batch(&format!(
        "PRAGMA user_version = {LATEST}; PRAGMA application_id = {APPLICATION_ID};"
    ))
    .map_err(StoreError::sqlite)?;
    tx.commit().map_err(StoreError::sqlite)
}

/// Why a file that can only be opened read-only is refused, decided from
/// its header (so that SQLite never touches it): not ours, newer, or simply
/// read-only.
pub fn refuse_read_only(path: &Path) -> StoreError {
    use std::io::Read;
    let mut header = [0u8; 100];
    let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header));
    let be = |offset: usize| {
        i64::from(i32::from_be_bytes([
            header[offset],
            header[offset + 1],
            header[offset + 2],
            header[offset + 3],
        ]))
    };
    match read {
        Ok(()) if !header.starts_with(b"SQLite format 3\0") => {
            StoreError::NotRelais(path.to_path_buf())
        }
        Ok(()) => {
            let (version, application_id) = (be(60), be(68));
            if application_id != APPLICATION_ID && (application_id != 0 || version != 0) {
                StoreError::NotRelais(path.to_path_buf())
            } else if version > LATEST {
                StoreError::Newer {
                    path: path.to_path_buf(),
                    found: version,
                    known: LATEST,
                }
            } else {
                StoreError::ReadOnly(path.to_path_buf())
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            let empty = std::fs::metadata(path).is_ok_and(|meta| meta.len() == 0);
            if empty {
                StoreError::ReadOnly(path.to_path_buf())
            } else {
                StoreError::NotRelais(path.to_path_buf())
            }
        }
        Err(_) => StoreError::ReadOnly(path.to_path_buf()),
    }
}

/// Where the copy of a version-`version` database goes before migration.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.backup"));
    path.with_file_name(name)
}

fn backup_before_migrating(conn: &Connection, path: &Path, version: i64) -> Result<(), StoreError> {
    if path == Path::new(":memory:") {
        return Ok(());
    }
    let target = backup_path(path, version);
    conn.backup(MAIN_DB, &target, None::<fn(rusqlite::backup::Progress)>)
        .map_err(StoreError::sqlite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_reaches_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        prepare(&mut conn, Path::new(":memory:")).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST);
        // Preparing twice is harmless.
        prepare(&mut conn, Path::new(":memory:")).unwrap();
    }

    #[test]
    fn a_versioned_file_without_our_application_id_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 1; CREATE TABLE t(x)")
            .unwrap();
        assert!(matches!(
            prepare(&mut conn, Path::new("x.db")),
            Err(StoreError::NotRelais(_))
        ));
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
        assert!(matches!(
            prepare(&mut conn, Path::new("x.db")),
            Err(StoreError::NotRelais(_))
        ));
    }

    #[test]
    fn a_read_only_file_is_judged_from_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut header = vec![0u8; 100];
        header[..16].copy_from_slice(b"SQLite format 3\0");
        header[68..72].copy_from_slice(&(APPLICATION_ID as i32).to_be_bytes());
        header[60..64].copy_from_slice(&1i32.to_be_bytes());
        std::fs::write(&path, &header).unwrap();
        assert!(matches!(refuse_read_only(&path), StoreError::ReadOnly(_)));
        header[60..64].copy_from_slice(&99i32.to_be_bytes());
        std::fs::write(&path, &header).unwrap();
        assert!(matches!(
            refuse_read_only(&path),
            StoreError::Newer { found: 99, .. }
        ));
        header[68..72].copy_from_slice(&7i32.to_be_bytes());
        std::fs::write(&path, &header).unwrap();
        assert!(matches!(refuse_read_only(&path), StoreError::NotRelais(_)));
        std::fs::write(&path, b"hello").unwrap();
        assert!(matches!(refuse_read_only(&path), StoreError::NotRelais(_)));
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(refuse_read_only(&path), StoreError::ReadOnly(_)));
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        assert!(matches!(
            prepare(&mut conn, Path::new("x.db")),
            Err(StoreError::NotRelais(_))
        ));
    }
}
