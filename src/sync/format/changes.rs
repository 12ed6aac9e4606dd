//! One change in a bundle's payload, byte by byte: encoded with its length
//! prefix (a stub with its flag and content hash), decoded with every read
//! bounds-checked.

use super::{OLDEST_FORMAT_VERSION, STUB_FLAG};
use crate::domain::purge::Logged;
use crate::domain::{Change, ChangeId, Kind, Stamp};

fn put_u16_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let len = bytes.len().min(u16::MAX as usize);
    out.extend_from_slice(&(len as u16).to_le_bytes());
    out.extend_from_slice(&bytes[..len]);
}

fn put_u32_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Appends one change: u32 LE body length, then the body (see docs/sync.md).
/// Encodes whatever it is given, so tests can build hostile bundles.
pub fn encode_change(change: &Change, out: &mut Vec<u8>) {
    encode_body(change, None, out);
}

/// Appends one logged change (v2): a stub is written with value flag 2 and
/// its original content hash, and no author.
pub fn encode_logged(logged: &Logged, out: &mut Vec<u8>) {
    encode_body(&logged.change, logged.stub.as_ref(), out);
}

fn encode_body(change: &Change, stub: Option<&[u8; 32]>, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0u8; 4]);
    put_u16_str(out, &change.id.site);
    out.extend_from_slice(&change.id.seq.to_le_bytes());
    put_u16_str(out, &change.record);
    put_u16_str(out, change.kind.name());
    put_u16_str(out, &change.field);
    match (stub, &change.value) {
        (Some(hash), _) => {
            out.push(STUB_FLAG);
            out.extend_from_slice(hash);
        }
        (None, Some(value)) => {
            out.push(1);
            put_u32_str(out, value);
        }
        (None, None) => out.push(0),
    }
    out.extend_from_slice(&change.stamp.0.to_le_bytes());
    out.extend_from_slice(&change.wall_ms.to_le_bytes());
    put_u16_str(out, if stub.is_some() { "" } else { &change.author });
    put_u32_str(out, &ChangeId::join(&change.parents));
    let body = (out.len() - start - 4) as u32;
    out[start..start + 4].copy_from_slice(&body.to_le_bytes());
}

/// A cursor over one change's body; every read is bounds-checked.
struct Body<'a> {
    bytes: &'a [u8],
}

impl<'a> Body<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.bytes.len() < n {
            return Err("change body too short".into());
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(buf))
    }

    /// The next `len` bytes as text, borrowed: names that are only looked
    /// up (the kind) or parsed (the parents) cost no allocation.
    fn str_with(&mut self, len: usize) -> Result<&'a str, String> {
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| "text is not UTF-8".to_string())
    }

    fn str16(&mut self) -> Result<&'a str, String> {
        let mut buf = [0u8; 2];
        buf.copy_from_slice(self.take(2)?);
        self.str_with(u16::from_le_bytes(buf) as usize)
    }

    fn str32(&mut self) -> Result<&'a str, String> {
        let mut buf = [0u8; 4];
        buf.copy_from_slice(self.take(4)?);
        self.str_with(u32::from_le_bytes(buf) as usize)
    }
}

/// Decodes one change body of format v1 (without its length prefix).
pub fn decode_change(bytes: &[u8]) -> Result<Change, String> {
    decode_logged(bytes, OLDEST_FORMAT_VERSION).map(|logged| logged.change)
}

/// Decodes one change body of format `version`: from version 2, a body may
/// be a stub (value flag 2, the original content hash, an empty author).
pub fn decode_logged(bytes: &[u8], version: u16) -> Result<Logged, String> {
    let mut logged = blank_logged();
    decode_logged_into(bytes, version, &mut logged)?;
    Ok(logged)
}

/// A slot for `decode_logged_into`: every field is written by the decoding.
pub fn blank_logged() -> Logged {
    Logged {
        change: Change {
            id: ChangeId::new(String::new(), 0),
            record: String::new(),
            kind: Kind::ALL[0],
            field: String::new(),
            value: None,
            stamp: Stamp(0),
            wall_ms: 0,
            author: String::new(),
            parents: Vec::new(),
        },
        stub: None,
    }
}

/// Text copied into a string whose buffer is reused.
fn set(target: &mut String, text: &str) {
    target.clear();
    target.push_str(text);
}

/// As `decode_logged`, into `logged`, whose strings keep their buffers: a
/// scan that only looks at each change (the verifying pass) allocates
/// nothing per change. On an error, `logged` holds a mix of two changes.
pub fn decode_logged_into(bytes: &[u8], version: u16, logged: &mut Logged) -> Result<(), String> {
    let mut body = Body { bytes };
    let change = &mut logged.change;
    set(&mut change.id.site, body.str16()?);
    change.id.seq = body.u64()?;
    set(&mut change.record, body.str16()?);
    let kind_name = body.str16()?;
    change.kind =
        Kind::from_name(kind_name).ok_or_else(|| format!("unknown kind {kind_name:.40}"))?;
    set(&mut change.field, body.str16()?);
    logged.stub = None;
    match body.take(1)?[0] {
        0 => change.value = None,
        1 => {
            let text = body.str32()?;
            match change.value.as_mut() {
                Some(value) => set(value, text),
                None => change.value = Some(text.to_owned()),
            }
        }
        STUB_FLAG if version >= 2 => {
            let mut hash = [0u8; 32];
            hash.copy_from_slice(body.take(32)?);
            logged.stub = Some(hash);
            change.value = None;
        }
        _ => return Err("bad value flag".into()),
    }
    change.stamp = Stamp(body.u64()?);
    change.wall_ms = i64::from_le_bytes(body.u64()?.to_le_bytes());
    set(&mut change.author, body.str16()?);
    change.parents = ChangeId::split(body.str32()?).ok_or("bad parents")?;
    if !body.bytes.is_empty() {
        return Err("trailing bytes in change".into());
    }
    if logged.stub.is_some() && !change.author.is_empty() {
        return Err("a stub names no author".into());
    }
    Ok(())
}
