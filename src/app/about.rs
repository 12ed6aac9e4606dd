//! What this build of Relais is: its version, the commit it was built from,
//! the SQLite library inside it and the bundle formats it reads and writes
//! (`relais --version`, the help screen, bug reports), and where an
//! installation keeps its files.

use crate::store::Store;
use crate::sync::format::FORMAT_VERSION;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Facts about this build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct About {
    pub version: &'static str,
    /// The git commit, or `unknown` when built outside a git checkout.
    pub commit: &'static str,
    pub sqlite: &'static str,
    /// Bundle format versions this build imports.
    pub reads: Vec<u16>,
    /// The bundle format version this build writes.
    pub writes: u16,
}

pub fn about() -> About {
    About {
        version: env!("CARGO_PKG_VERSION"),
        commit: option_env!("RELAIS_COMMIT").unwrap_or("unknown"),
        sqlite: Store::sqlite_version(),
        reads: (1..=FORMAT_VERSION).collect(),
        writes: FORMAT_VERSION,
    }
}

/// Where this installation keeps its things (the help screen says it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Files {
    pub database: PathBuf,
    pub config: PathBuf,
    /// The folder `relais backup` writes to by default.
    pub backups: PathBuf,
}

impl Files {
    pub fn new(database: &Path, config: &Path) -> Files {
        let backups = super::backup::default_backup_path(database, 0)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Files {
            database: database.to_path_buf(),
            config: config.to_path_buf(),
            backups,
        }
    }
}
