//! Creating this installation's identity: a random site id, an ed25519 key
//! pair whose private half stays in a 0600 file beside the database, and the
//! site's own record (how other sites learn of it).

use super::error::{AppError, AppResult};
use crate::domain::clock::Clock;
use crate::domain::schema::Kind;
use crate::domain::validate;
use crate::i18n::Message;
use crate::store::{LocalIdentity, OpenMode, Store, keyfile};
use ed25519_dalek::SigningKey;
use std::path::Path;
use std::sync::Arc;

pub struct InitRequest<'a> {
    pub name: &'a str,
    pub departement: &'a str,
    /// `epn` or `regional`.
    pub role: &'a str,
    pub author: Option<&'a str>,
}

fn random_bytes<const N: usize>() -> AppResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| AppError::refused(Message::new("error.init.random").arg("error", err)))?;
    Ok(bytes)
}

pub use crate::domain::text::hex;

/// Creates (or opens an empty) database and gives it an identity.
pub fn init(
    path: &Path,
    clock: Arc<dyn Clock>,
    request: &InitRequest<'_>,
) -> AppResult<LocalIdentity> {
    let name = validate::validate_scalar(
        Kind::Site.field("name").ok_or_else(missing_schema)?,
        request.name,
    )?;
    let departement = validate::validate_scalar(
        Kind::Site.field("departement").ok_or_else(missing_schema)?,
        request.departement,
    )?;
    let role = validate::validate_scalar(
        Kind::Site.field("role").ok_or_else(missing_schema)?,
        request.role,
    )?;
    let key_path = keyfile::key_path(path);
    // Check before creating anything, so a refused init leaves no file behind.
    // An empty file (`touch`, or `sqlite3` opening the path) holds nothing to
    // keep: init may turn it into a database, as `store::open` says.
    let empty_file = path
        .metadata()
        .is_ok_and(|meta| meta.is_file() && meta.len() == 0);
    if path.exists() && !empty_file {
        let store = Store::open(path, OpenMode::MustExist, clock.clone())?;
        if store.identity()?.is_some() {
            return Err(crate::store::StoreError::AlreadyInitialised(path.to_path_buf()).into());
        }
    }
    if key_path.exists() {
        return Err(AppError::refused(
            Message::new("error.init.key_exists").arg("path", key_path.display()),
        ));
    }
    let mut store = Store::open(path, OpenMode::CreateIfMissing, clock)?;
    let identity = LocalIdentity {
        site: String::new(),
        name,
        departement,
        role,
    };
    if let Some(author) = request.author.map(str::trim).filter(|a| !a.is_empty()) {
        store.set_local_setting("author", author)?;
    }
    let author = request.author.unwrap_or("").trim().to_string();
    let identity = new_identity(&mut store, &key_path, identity, &author)?;
    // The age identity that decrypts bundles sent here (`crypt`).
    let today = store.clock().today().format("%Y-%m-%d").to_string();
    super::crypt::site_identity(path, &today)?;
    Ok(identity)
}

/// Gives `store` a fresh site id and key pair (the key written at
/// `key_path`, which must not exist) and writes the site's own record, so
/// other sites learn of it. Used by `init` and by `restore`.
pub(super) fn new_identity(
    store: &mut Store,
    key_path: &Path,
    identity: LocalIdentity,
    author: &str,
) -> AppResult<LocalIdentity> {
    let site = hex(&random_bytes::<8>()?);
    let signing = SigningKey::from_bytes(&random_bytes::<32>()?);
    let public_key = hex(signing.verifying_key().as_bytes());
    keyfile::write_secret(key_path, &signing.to_bytes())?;
    let identity = LocalIdentity { site, ..identity };
    store.set_identity(&identity)?;
    let today = store.clock().today().format("%Y-%m-%d").to_string();
    let mut writer = store.writer(author)?;
    writer.create_with_id(Kind::Site, &identity.site);
    let mut fields = vec![
        ("name", identity.name.clone()),
        ("departement", identity.departement.clone()),
        ("role", identity.role.clone()),
        ("public_key", public_key),
    ];
    if identity.role == "regional" {
        fields.push(("enrolled_on", today));
    }
    writer.insert_new(Kind::Site, &identity.site, &fields)?;
    writer.commit()?;
    Ok(identity)
}

fn missing_schema() -> AppError {
    AppError::refused(Message::new("error.internal").arg("what", "site schema"))
}
