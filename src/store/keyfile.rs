//! The site's private keys, in files beside the database readable by their
//! owner only: the signing key (`relais.db.key`) and the age identity that
//! decrypts bundles (`relais.db.age`, age's standard identity file). They
//! never enter the database or a bundle.

use super::StoreError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `relais.db` → `relais.db.key`.
pub fn key_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".key");
    database.with_file_name(name)
}

/// `relais.db` → `relais.db.age`: the age identity (`AGE-SECRET-KEY-1…`).
pub fn age_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".age");
    database.with_file_name(name)
}

/// Largest key file read back (an age identity file is about 200 bytes).
const MAX_KEY_FILE: u64 = 4096;

/// Writes the 32 secret bytes as hex, mode 0600; refuses to overwrite.
pub fn write_secret(path: &Path, secret: &[u8; 32]) -> Result<(), StoreError> {
    let text: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
    write_private(path, &format!("{text}\n"))
}

/// Writes a new key file, mode 0600, synced; refuses to overwrite.
pub fn write_private(path: &Path, text: &str) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))?;
    file.write_all(text.as_bytes())
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))?;
    file.sync_all()
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))
}

/// Reads a key file's text; `None` when there is none.
pub fn read_private(path: &Path) -> Result<Option<String>, StoreError> {
    use std::io::Read;
    let io = |err| StoreError::Io(path.to_path_buf(), err);
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(io(err)),
    };
    let mut text = String::new();
    file.take(MAX_KEY_FILE)
        .read_to_string(&mut text)
        .map_err(io)?;
    Ok(Some(text))
}

/// Reads the secret back.
pub fn read_secret(path: &Path) -> Result<[u8; 32], StoreError> {
    let text =
        std::fs::read_to_string(path).map_err(|err| StoreError::Io(path.to_path_buf(), err))?;
    let text = text.trim();
    let bad = || {
        StoreError::Io(
            path.to_path_buf(),
            std::io::Error::new(std::io::ErrorKind::InvalidData, "not a Relais key"),
        )
    };
    if text.len() != 64 {
        return Err(bad());
    }
    let mut secret = [0u8; 32];
    for (index, byte) in secret.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).map_err(|_| bad())?;
    }
    Ok(secret)
}
