//! What this build of Relais is: its version, the commit it was built from,
//! the SQLite library inside it and the bundle formats it reads and writes
//! (`relais --version`, the help screen, bug reports).

use crate::store::Store;
use crate::sync::format::FORMAT_VERSION;
use serde::Serialize;

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
