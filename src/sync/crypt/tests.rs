//! The envelope's own tests: round trips to recipients and passphrases,
//! refusals, tampering, and recipients parsed.

use super::*;

fn sealed(lock: &Lock, plain: &[u8]) -> Vec<u8> {
    let mut sealing = Sealing::new(Vec::new(), Some(lock)).unwrap();
    sealing.write_all(plain).unwrap();
    sealing.finish().unwrap()
}

fn opened(bytes: &[u8], keys: &Keys) -> Result<Vec<u8>, SyncError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.rb");
    std::fs::write(&path, bytes).unwrap();
    let mut out = Vec::new();
    open(&path, keys)?
        .read_to_end(&mut out)
        .map_err(|err| SyncError::Damaged(err.to_string()))?;
    Ok(out)
}

#[test]
fn recipients_and_passphrases_round_trip_and_refuse_the_wrong_key() {
    let (ours, _) = new_identity_file("today");
    let (theirs, _) = new_identity_file("today");
    let plain = vec![42u8; 200_000];
    let bytes = sealed(&Lock::Recipients(vec![ours.to_public()]), &plain);
    let keys = Keys::new(Some(ours), None);
    assert_eq!(opened(&bytes, &keys).unwrap(), plain);
    let wrong = Keys::new(Some(theirs), None);
    assert!(matches!(
        opened(&bytes, &wrong),
        Err(SyncError::Crypt(CryptError::NotForThisSite { .. }))
    ));
    let mut altered = bytes.clone();
    let at = altered.len() - 100;
    altered[at] ^= 1;
    assert!(matches!(
        opened(&altered, &keys),
        Err(SyncError::Crypt(CryptError::Tampered { .. }))
    ));

    let lock = Lock::Passphrase(SecretString::from("correct horse".to_string()));
    let bytes = sealed(&lock, &plain);
    let with = |text: &str| Keys::new(None, Some(SecretString::from(text.to_string())));
    assert_eq!(opened(&bytes, &with("correct horse")).unwrap(), plain);
    assert!(matches!(
        opened(&bytes, &with("wrong")),
        Err(SyncError::Crypt(CryptError::WrongPassphrase))
    ));
    assert!(matches!(
        opened(&bytes, &Keys::default()),
        Err(SyncError::Crypt(CryptError::NeedPassphrase))
    ));
}

#[test]
fn an_endless_header_is_refused_before_age_reads_it() {
    let mut bytes = AGE_MAGIC.to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 100_000));
    assert!(matches!(
        opened(&bytes, &Keys::default()),
        Err(SyncError::Crypt(CryptError::BadEnvelope(_)))
    ));
    assert_eq!(opened(b"RELAIS..", &Keys::default()).unwrap(), b"RELAIS..");
}

#[test]
fn identity_files_are_in_age_standard_format() {
    let (identity, text) = new_identity_file("2026-11-30");
    let text = text.expose_secret();
    assert!(text.contains("# public key: age1"));
    let parsed = parse_identity_file(text, Path::new("x")).unwrap();
    assert_eq!(
        parsed.to_public().to_string(),
        identity.to_public().to_string()
    );
    assert!(parse_recipient(&identity.to_public().to_string()).is_ok());
    assert!(parse_recipient("age1nope").is_err());
}
