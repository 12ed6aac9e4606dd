//! The site's private signing key, in a file beside the database readable by
//! its owner only. It never enters the database or a bundle.

use super::StoreError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `relais.db` → `relais.db.key`.
pub fn key_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".key");
    database.with_file_name(name)
}

/// Writes the 32 secret bytes as hex, mode 0600; refuses to overwrite.
pub fn write_secret(path: &Path, secret: &[u8; 32]) -> Result<(), StoreError> {
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
    let text: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
    file.write_all(format!("{text}\n").as_bytes())
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))?;
    file.sync_all()
        .map_err(|err| StoreError::Io(path.to_path_buf(), err))
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
