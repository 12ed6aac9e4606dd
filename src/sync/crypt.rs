//! The encrypted envelope around a bundle file: the signed, compressed
//! bundle is encrypted whole with age (<https://age-encryption.org/v1>), to
//! the addressees' X25519 recipients or to a passphrase (scrypt). The inner
//! bundle is untouched, so its signature and every check still apply after
//! decryption, and a standard `age -d -i IDENTITY` gives back the plain bundle.
//!
//! Decryption streams: age authenticates 64 KiB chunks, the bundle reader
//! above keeps its own bounds, and the age header is refused beyond
//! `MAX_AGE_HEADER` bytes before age parses it, so a hostile file makes us
//! allocate no more than a plain bundle does (plus scrypt's memory, bounded
//! by `SCRYPT_WORK_FACTOR`).

use super::error::SyncError;
use age::secrecy::{ExposeSecret, SecretString};
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::str::FromStr;

mod error;

pub use error::CryptError;

pub use age::x25519::{Identity, Recipient};

/// The first bytes of an age file (binary format).
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// The first bytes of an ASCII-armored age file.
const ARMOR_MAGIC: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
/// Largest age header accepted: a bundle for a whole region's sites needs
/// a few KiB (about 150 bytes a recipient).
pub const MAX_AGE_HEADER: u64 = 64 * 1024;
/// scrypt's cost (2^18: about 256 MiB and half a second), used to encrypt
/// and the most accepted to decrypt, so a hostile file cannot ask for more.
pub const SCRYPT_WORK_FACTOR: u8 = 18;
/// Buffer of the file under the decryptor.
const READ_BUFFER: usize = 256 * 1024;

/// How a bundle file is wrapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Envelope {
    /// A plain bundle (or anything else: the bundle reader decides).
    Plain,
    /// Encrypted to X25519 recipients.
    Recipients,
    /// Encrypted to a passphrase.
    Passphrase,
}

/// What a bundle is encrypted to.
pub enum Lock {
    Recipients(Vec<Recipient>),
    Passphrase(SecretString),
}

/// File keys a passphrase opened: stanza arguments, stanza body, file key.
type Opened = std::sync::Mutex<Vec<(Vec<String>, Vec<u8>, [u8; 16])>>;

/// What this site may decrypt with: its identity (when it has one) and a
/// passphrase (when one was given).
#[derive(Default)]
pub struct Keys {
    pub identity: Option<Identity>,
    pub passphrase: Option<SecretString>,
    /// File keys a passphrase opened, by stanza: reading a bundle takes
    /// several passes, and scrypt (about half a second and 256 MiB) is paid
    /// once per file rather than once per pass.
    opened: Opened,
}

/// A passphrase identity that remembers the file keys it opened in `Keys`.
struct Remembering<'k> {
    inner: age::scrypt::Identity,
    opened: &'k Opened,
}

impl age::Identity for Remembering<'_> {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        let known = self.opened.lock().ok().and_then(|opened| {
            opened
                .iter()
                .find(|(args, body, _)| *args == stanza.args && *body == stanza.body)
                .map(|(_, _, key)| *key)
        });
        if let Some(key) = known {
            return Some(Ok(age_core::format::FileKey::new(Box::new(key))));
        }
        let result = self.inner.unwrap_stanza(stanza)?;
        if let (Ok(key), Ok(mut opened)) = (&result, self.opened.lock()) {
            opened.push((
                stanza.args.clone(),
                stanza.body.clone(),
                *key.expose_secret(),
            ));
        }
        Some(result)
    }
}

impl Keys {
    pub fn new(identity: Option<Identity>, passphrase: Option<SecretString>) -> Keys {
        Keys {
            identity,
            passphrase,
            opened: Default::default(),
        }
    }

    /// This site's recipient (`age1…`), for messages; `?` without identity.
    pub fn recipient(&self) -> String {
        self.identity
            .as_ref()
            .map(|identity| identity.to_public().to_string())
            .unwrap_or_else(|| "?".to_string())
    }
}

/// Parses a recipient (`age1…`), as carried by site cards.
pub fn parse_recipient(text: &str) -> Result<Recipient, CryptError> {
    Recipient::from_str(text.trim()).map_err(|_| CryptError::BadRecipient(text.to_string()))
}

/// A new identity as age's standard identity file (what `age-keygen`
/// writes): comments, then the `AGE-SECRET-KEY-1…` line.
pub fn new_identity_file(created: &str) -> (Identity, SecretString) {
    let identity = Identity::generate();
    let text = format!(
        "# created: {created}\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    );
    (identity, SecretString::from(text))
}

/// Reads the identity out of an identity file's text (the first
/// `AGE-SECRET-KEY-1` line; comments and blank lines skipped).
pub fn parse_identity_file(text: &str, path: &Path) -> Result<Identity, CryptError> {
    text.lines()
        .map(str::trim)
        .find(|line| line.starts_with("AGE-SECRET-KEY-1"))
        .and_then(|line| Identity::from_str(line).ok())
        .ok_or_else(|| CryptError::BadIdentity(path.display().to_string()))
}

/// How `path` is wrapped, from its first bytes; an age header longer than
/// `MAX_AGE_HEADER` is refused here, before age reads it.
pub fn envelope_of(path: &Path) -> Result<Envelope, SyncError> {
    let file = File::open(path).map_err(|err| SyncError::Io(path.to_path_buf(), err))?;
    let mut head = Vec::new();
    file.take(MAX_AGE_HEADER)
        .read_to_end(&mut head)
        .map_err(|err| SyncError::Io(path.to_path_buf(), err))?;
    if head.starts_with(ARMOR_MAGIC) {
        return Err(CryptError::Armored.into());
    }
    if !head.starts_with(AGE_MAGIC) {
        return Ok(Envelope::Plain);
    }
    // The header ends with the MAC line `--- …\n`.
    let end = head
        .windows(5)
        .position(|window| window == b"\n--- ")
        .filter(|at| head[at + 1..].contains(&b'\n'))
        .ok_or_else(|| CryptError::BadEnvelope("header too long or unfinished".into()))?;
    // A passphrase file has exactly one scrypt stanza (age's own rule).
    let scrypt = head[..end]
        .split(|byte| *byte == b'\n')
        .any(|line| line.starts_with(b"-> scrypt "));
    Ok(if scrypt {
        Envelope::Passphrase
    } else {
        Envelope::Recipients
    })
}

/// What the keys are called in messages: this site's recipient, or "passphrase".
fn expected(envelope: Envelope, keys: &Keys) -> String {
    match envelope {
        Envelope::Passphrase => "passphrase".to_string(),
        _ => keys.recipient(),
    }
}

/// The refusal for altered ciphertext.
fn tampered(envelope: Envelope, expected: &str) -> CryptError {
    match envelope {
        Envelope::Passphrase => CryptError::TamperedPassphrase,
        _ => CryptError::Tampered {
            recipient: expected.to_string(),
        },
    }
}

/// Turns an authentication failure of the stream into a clear reason (a
/// file altered between the authentication pass and a later read).
struct Authenticated<R> {
    inner: R,
    error: String,
}

impl<R: Read> Read for Authenticated<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).map_err(|err| {
            if err.kind() == std::io::ErrorKind::InvalidData {
                std::io::Error::new(std::io::ErrorKind::InvalidData, self.error.clone())
            } else {
                err
            }
        })
    }
}

/// Opens a bundle file for reading, decrypting it when it is encrypted.
/// An encrypted file is first authenticated whole (decrypted to nowhere,
/// 64 KiB at a time), so that altered ciphertext is refused as such before
/// the bundle reader sees a byte of it.
pub fn open(path: &Path, keys: &Keys) -> Result<Box<dyn Read + Send>, SyncError> {
    let envelope = envelope_of(path)?;
    if envelope == Envelope::Plain {
        let file = File::open(path).map_err(|err| SyncError::Io(path.to_path_buf(), err))?;
        return Ok(Box::new(BufReader::with_capacity(READ_BUFFER, file)));
    }
    let expected = expected(envelope, keys);
    let mut stream = decrypting(path, envelope, keys, &expected)?;
    std::io::copy(&mut stream, &mut std::io::sink()).map_err(|err| match err.kind() {
        std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        std::io::ErrorKind::InvalidData => tampered(envelope, &expected).into(),
        _ => SyncError::Io(path.to_path_buf(), err),
    })?;
    let stream = decrypting(path, envelope, keys, &expected)?;
    Ok(Box::new(Authenticated {
        inner: stream,
        error: tampered(envelope, &expected).to_string(),
    }))
}

/// The decrypted stream of an encrypted bundle file.
fn decrypting(
    path: &Path,
    envelope: Envelope,
    keys: &Keys,
    expected: &str,
) -> Result<age::stream::StreamReader<BufReader<File>>, SyncError> {
    let file = File::open(path).map_err(|err| SyncError::Io(path.to_path_buf(), err))?;
    let buffered = BufReader::with_capacity(READ_BUFFER, file);
    let decryptor = age::Decryptor::new_buffered(buffered)
        .map_err(|err| decrypt_error(err, envelope, expected))?;
    match envelope {
        Envelope::Passphrase => {
            let passphrase = keys.passphrase.clone().ok_or(CryptError::NeedPassphrase)?;
            let mut inner = age::scrypt::Identity::new(passphrase);
            inner.set_max_work_factor(SCRYPT_WORK_FACTOR);
            let identity = Remembering {
                inner,
                opened: &keys.opened,
            };
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))
        }
        _ => {
            let identity = keys
                .identity
                .as_ref()
                .ok_or_else(|| CryptError::NotForThisSite {
                    recipient: expected.to_string(),
                })?;
            decryptor.decrypt(std::iter::once(identity as &dyn age::Identity))
        }
    }
    .map_err(|err| decrypt_error(err, envelope, expected))
}

fn decrypt_error(err: age::DecryptError, envelope: Envelope, expected: &str) -> SyncError {
    use age::DecryptError as E;
    let wrong_key = || match envelope {
        Envelope::Passphrase => CryptError::WrongPassphrase,
        _ => CryptError::NotForThisSite {
            recipient: expected.to_string(),
        },
    };
    let err = match err {
        E::NoMatchingKeys | E::KeyDecryptionFailed => wrong_key(),
        // scrypt's wrapped key does not open: the passphrase is wrong.
        E::DecryptionFailed if envelope == Envelope::Passphrase => wrong_key(),
        // The file starts with age v1's magic: a header that does not parse
        // was damaged or altered, like one whose MAC does not match.
        E::DecryptionFailed | E::InvalidMac | E::InvalidHeader | E::UnknownFormat => {
            tampered(envelope, expected)
        }
        E::ExcessiveWork { required, .. } => CryptError::ExcessiveWork(required),
        E::Io(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
            return SyncError::Truncated;
        }
        other => CryptError::BadEnvelope(other.to_string()),
    };
    err.into()
}

/// A writer that encrypts what goes through it, or passes it on.
pub enum Sealing<W: Write> {
    Plain(W),
    Age(Box<age::stream::StreamWriter<W>>),
}

impl<W: Write> Sealing<W> {
    /// Writes the age header now when `lock` is given.
    pub fn new(inner: W, lock: Option<&Lock>) -> std::io::Result<Self> {
        let Some(lock) = lock else {
            return Ok(Sealing::Plain(inner));
        };
        let encryptor = match lock {
            Lock::Recipients(recipients) => age::Encryptor::with_recipients(
                recipients
                    .iter()
                    .map(|recipient| recipient as &dyn age::Recipient),
            )
            .map_err(std::io::Error::other)?,
            Lock::Passphrase(passphrase) => {
                let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
                recipient.set_work_factor(SCRYPT_WORK_FACTOR);
                age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .map_err(std::io::Error::other)?
            }
        };
        Ok(Sealing::Age(Box::new(encryptor.wrap_output(inner)?)))
    }

    /// Ends the encryption (the last chunk) and gives the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        match self {
            Sealing::Plain(inner) => Ok(inner),
            Sealing::Age(stream) => stream.finish(),
        }
    }
}

impl<W: Write> Write for Sealing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sealing::Plain(inner) => inner.write(buf),
            Sealing::Age(stream) => stream.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sealing::Plain(inner) => inner.flush(),
            Sealing::Age(stream) => stream.flush(),
        }
    }
}

#[cfg(test)]
mod tests;
