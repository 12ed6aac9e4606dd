//! Writing a bundle: the changes the addressee has not acknowledged (or all
//! of them), streamed from the log through zstd into a temporary payload
//! file while being hashed; then header, signature and payload go to a
//! second temporary file which is synced, renamed into place and read back
//! and verified before success is reported. An encrypted export (`crypt`)
//! encrypts the whole file as it is written, after compression and signature.

use super::crypt::{Keys, Lock, Sealing};
use super::error::SyncError;
use super::format::{ANY, Header, encode_logged, hex, write_all, write_preamble};
use super::reader::scan;
use crate::domain::{SiteId, Stamp};
use crate::store::{Store, StoreError, check_shape};
use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// zstd level: fast, and well below the import's own cost.
const LEVEL: i32 = 3;

/// What to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportRequest {
    /// The addressee; `None`: this EPN's lead if it knows one, else anyone.
    pub to: Option<SiteId>,
    /// Everything held, whatever the addressee acknowledged.
    pub full: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub bundle_id: String,
    pub addressee: String,
    pub full: bool,
    pub change_count: u64,
    pub bytes: u64,
}

/// Hashes and counts what is written through it.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    count: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `dir/.name.suffix`: a temporary file beside the target, so that the
/// final rename stays on one file system.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{suffix}.{}", std::process::id()))
}

/// Creates a file readable by its owner only (a bundle carries the same
/// personal data as the 0600 database), replacing a leftover of ours.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` only applies to new files: a leftover keeps its old mode.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Removes the temporaries an export of `out` left behind when it was
/// killed (`.NAME.payload.PID`, `.NAME.tmp.PID` whose process is gone).
pub fn clean_stale_temporaries(out: &Path) {
    let Some(name) = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
    else {
        return;
    };
    let dir = match out.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = ["payload.", "tmp."]
            .iter()
            .find_map(|kind| rest.strip_prefix(kind))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process still runs (Linux: `/proc/PID`; elsewhere assumed
/// alive, so that nothing another export is writing gets removed).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes temporary files however the export ends.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The addressee and what it is assumed to hold.
fn plan(
    store: &Store,
    request: &ExportRequest,
) -> Result<(String, BTreeMap<SiteId, u64>), SyncError> {
    if request.full {
        let to = request.to.clone().unwrap_or_else(|| ANY.to_string());
        return Ok((to, BTreeMap::new()));
    }
    let to = match &request.to {
        Some(site) => {
            if !crate::domain::change::is_site_id(site) {
                return Err(SyncError::BadSiteId(site.clone()));
            }
            Some(site.clone())
        }
        None => store
            .trusted_cards()?
            .into_iter()
            .find(|card| card.role == "regional" && !card.revoked)
            .map(|card| card.site),
    };
    match to {
        Some(site) => {
            let assumed = store.peer_ack(&site)?;
            Ok((site, assumed))
        }
        None => Ok((ANY.to_string(), BTreeMap::new())),
    }
}

/// Writes a bundle to `out`. `progress` gets the number of changes written.
pub fn export(
    store: &Store,
    key: &SigningKey,
    request: &ExportRequest,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary, SyncError> {
    export_sealed(store, key, request, out, None, progress)
}

/// An export encrypted to `lock`, read back with `keys` (so the lock must
/// include this site's own recipient, or be the passphrase in `keys`).
pub struct Seal<'a> {
    pub lock: &'a Lock,
    pub keys: &'a Keys,
}

/// Writes a bundle to `out`, encrypted whole when `seal` is given.
pub fn export_sealed(
    store: &Store,
    key: &SigningKey,
    request: &ExportRequest,
    out: &Path,
    seal: Option<Seal<'_>>,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary, SyncError> {
    let identity = store.require_identity()?;
    if out.is_dir() {
        return Err(SyncError::IsDirectory(out.to_path_buf()));
    }
    let (addressee, assumed) = plan(store, request)?;
    // An EPN sends only its own changes; a lead relays everyone's.
    let own = [identity.site.clone()];
    let only: Option<&[SiteId]> = if identity.role == "regional" {
        None
    } else {
        Some(&own)
    };
    // The compressed payload is not encrypted yet: when the bundle will be,
    // it waits beside the database (which holds the same data), never on
    // the removable medium the bundle goes to.
    let payload_path = match &seal {
        Some(_) => sibling(store.path(), "payload"),
        None => sibling(out, "payload"),
    };
    let bundle_path = sibling(out, "tmp");
    let _cleanup = Cleanup(vec![payload_path.clone(), bundle_path.clone()]);
    // Failures on the temporaries are reported on the file asked for: the
    // person never sees the hidden names.
    let io = |_temporary: &Path| {
        let path = out.to_path_buf();
        move |err: std::io::Error| SyncError::Io(path.clone(), err)
    };
    clean_stale_temporaries(out);
    let payload_file = create_private(&payload_path).map_err(io(&payload_path))?;
    let hashing = HashingWriter {
        inner: BufWriter::new(payload_file),
        hasher: Sha256::new(),
        count: 0,
    };
    let mut encoder =
        zstd::stream::write::Encoder::new(hashing, LEVEL).map_err(io(&payload_path))?;
    let mut contains: BTreeMap<SiteId, u64> = BTreeMap::new();
    let mut raw_bytes = 0u64;
    let mut buf = Vec::with_capacity(1024);
    let count = store.for_each_logged_since(&assumed, only, &mut |logged| {
        buf.clear();
        encode_logged(&logged, &mut buf);
        let change = logged.change;
        raw_bytes += buf.len() as u64;
        encoder
            .write_all(&buf)
            .map_err(|err| StoreError::Io(out.to_path_buf(), err))?;
        let seq = contains.entry(change.id.site).or_insert(0);
        *seq = (*seq).max(change.id.seq);
        Ok(())
    })?;
    progress(count);
    let mut hashing = encoder.finish().map_err(io(&payload_path))?;
    hashing.flush().map_err(io(&payload_path))?;
    let payload_hash = hex(&hashing.hasher.finalize());
    let payload_bytes = hashing.count;
    drop(hashing.inner);
    let now_ms = store.now_ms();
    let ack: BTreeMap<SiteId, u64> = store
        .vector()?
        .into_iter()
        .map(|entry| (entry.site, entry.contiguous))
        .collect();
    let sender_name = store
        .site_entry(&identity.site)?
        .map(|entry| entry.name)
        .unwrap_or_else(|| identity.name.clone());
    let header = Header {
        bundle_id: uuid::Uuid::now_v7().to_string(),
        sender: identity.site.clone(),
        sender_name,
        sender_key: hex(key.verifying_key().as_bytes()),
        addressee: addressee.clone(),
        full: assumed.is_empty(),
        created_stamp: Stamp::from_parts(now_ms, 0).0,
        created_wall_ms: now_ms,
        assumed,
        contains,
        ack,
        change_count: count,
        payload_bytes,
        payload_raw_bytes: raw_bytes,
        payload_hash,
    };
    let preamble = write_preamble(&header, key)?;
    {
        let file = create_private(&bundle_path).map_err(io(&bundle_path))?;
        let mut writer = Sealing::new(BufWriter::new(file), seal.as_ref().map(|seal| seal.lock))
            .map_err(io(&bundle_path))?;
        write_all(&mut writer, &preamble, &bundle_path)?;
        let mut payload = File::open(&payload_path).map_err(io(&payload_path))?;
        std::io::copy(&mut payload, &mut writer).map_err(io(&bundle_path))?;
        let file = writer
            .finish()
            .map_err(io(&bundle_path))?
            .into_inner()
            .map_err(|err| SyncError::Io(out.to_path_buf(), err.into_error()))?;
        file.sync_all().map_err(io(&bundle_path))?;
    }
    std::fs::rename(&bundle_path, out).map_err(io(out))?;
    if let Some(dir) = out.parent().filter(|dir| !dir.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    // Read back what landed on disk before saying it is done.
    let keys = Keys::default();
    let verified = read_back(out, key, seal.as_ref().map_or(&keys, |seal| seal.keys))?;
    if verified != header {
        return Err(SyncError::ChangedDuringImport);
    }
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(ExportSummary {
        path: out.to_path_buf(),
        bundle_id: header.bundle_id,
        addressee,
        full: header.full,
        change_count: count,
        bytes,
    })
}

fn read_back(path: &Path, key: &SigningKey, keys: &Keys) -> Result<Header, SyncError> {
    let mut reader = super::crypt::open(path, keys)?;
    let preamble = super::format::read_preamble(&mut reader)?;
    preamble.verify(&key.verifying_key())?;
    // Every change as a peer will check it: a site never writes a bundle
    // its peers refuse.
    scan(reader, &preamble.header, &mut |index, change| {
        check_shape(change).map_err(|err| match err {
            StoreError::MalformedChange { reason, .. } => SyncError::BadChange { index, reason },
            other => SyncError::Store(other),
        })
    })?;
    Ok(preamble.header)
}

/// A name's part of a bundle file name: folded to ASCII letters, digits and
/// dashes (`EPN de Digne` → `epn-de-digne`), `site` when nothing is left.
pub fn name_part(name: &str) -> String {
    let mut out = String::new();
    for c in crate::domain::text::fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "site".to_string()
    } else {
        out.to_string()
    }
}

/// The first free `dir/relais-<from>-<to_word>-<to>-<date>-<n>.rb` (n from
/// 1; `to_word` is the reader's word for "to", `vers` in French): the
/// sender's name in it keeps two sites' bundles apart in one folder, and a
/// second export the same day takes the next `n` instead of overwriting.
/// Nothing reads the name back (a folder's bundles are told apart by their
/// header), so the word may differ between sites.
pub fn numbered_bundle_path(
    dir: &Path,
    from: &str,
    to_word: &str,
    to: &str,
    date: &str,
) -> PathBuf {
    let stem = format!(
        "relais-{}-{}-{}-{date}",
        name_part(from),
        name_part(to_word),
        name_part(to)
    );
    let mut n: u32 = 1;
    loop {
        let path = dir.join(format!("{stem}-{n}.rb"));
        if !path.exists() || n == u32::MAX {
            return path;
        }
        n += 1;
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;

    #[test]
    fn names_carry_both_sites_and_never_reuse_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = numbered_bundle_path(
            dir.path(),
            "EPN de Digne",
            "to",
            "Coordination régionale",
            "2026-11-30",
        );
        assert_eq!(
            first.file_name().and_then(|n| n.to_str()),
            Some("relais-epn-de-digne-to-coordination-regionale-2026-11-30-1.rb")
        );
        std::fs::write(&first, b"x").expect("write");
        let second = numbered_bundle_path(
            dir.path(),
            "EPN de Digne",
            "to",
            "Coordination régionale",
            "2026-11-30",
        );
        assert!(
            second.display().to_string().ends_with("-2.rb"),
            "{second:?}"
        );
        let other = numbered_bundle_path(
            dir.path(),
            "EPN de Gap",
            "vers",
            "Coordination régionale",
            "2026-11-30",
        );
        assert_eq!(
            other.file_name().and_then(|n| n.to_str()),
            Some("relais-epn-de-gap-vers-coordination-regionale-2026-11-30-1.rb")
        );
        assert_eq!(name_part("  ?? "), "site");
    }
}
