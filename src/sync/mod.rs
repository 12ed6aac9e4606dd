//! Sync bundles: the files sites exchange. Format v1 (`format`), streaming
//! payload reader (`reader`), site cards and trust (`card`, `trust`), export
//! and two-pass import (`export`, `import`, its reading ahead `ahead`), key rotation (`rotation`), the
//! encrypted envelope (`crypt`). Uses `store` and `domain` only;
//! the bundle format is documented in `docs/sync.md`.

mod ahead;
pub mod card;
pub mod crypt;
mod error;
pub mod export;
pub mod format;
pub mod import;
mod inflate;
pub mod reader;
pub mod rotation;
pub mod trust;

pub use card::{SiteCard, fingerprint};
pub use error::SyncError;
pub use export::{ExportRequest, ExportSummary, export};
pub use import::{ImportOptions, ImportOutcome, Verified, import, verify};
pub use trust::{RevokeOutcome, TrustEntry, TrustOptions, TrustOutcome, TrustStatus};

use std::path::Path;

/// Reads and checks a bundle from any byte source, without trust or
/// signature: what the fuzz target and the byte-level property tests drive.
pub fn parse_untrusted(mut source: &mut dyn std::io::Read) -> Result<u64, SyncError> {
    let preamble = format::read_preamble(&mut source)?;
    let summary = reader::scan(source, &preamble.header, &mut |_, change| {
        crate::store::check_shape(change).map_err(SyncError::Store)
    })?;
    Ok(summary.count)
}

/// Loads the signing key kept beside a database.
pub fn signing_key(database: &Path) -> Result<ed25519_dalek::SigningKey, SyncError> {
    let path = crate::store::keyfile::key_path(database);
    let secret = crate::store::keyfile::read_secret(&path).map_err(|_| SyncError::NoKey(path))?;
    Ok(ed25519_dalek::SigningKey::from_bytes(&secret))
}
