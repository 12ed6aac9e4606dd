//! Which record a person means when they give an id, the end of one, or a
//! name (`developer=Zoé`, `relais show developer zoe`): the CLI and the
//! forms share one rule — an id first, then exact name → unique prefix →
//! unique part, and an ambiguous name lists its candidates.

use super::error::{AppError, AppResult};
use crate::domain::Kind;
use crate::domain::naming::{NameMatch, match_name};
use crate::i18n::Message;
use crate::store::{Record, Store, StoreError};

/// How many candidates an ambiguous name lists before "…".
const LISTED: usize = 5;

/// The id of the record of `kind` that `text` designates.
pub fn resolve_record(store: &Store, kind: Kind, text: &str) -> AppResult<String> {
    let text = text.trim();
    let id_like = text
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    let by_id = if id_like && text.len() >= 6 {
        Some(store.resolve_id(kind, text))
    } else {
        None
    };
    match by_id {
        Some(Ok(id)) => return Ok(id),
        // Several ids end so: more of the id is the answer, not a name.
        Some(Err(err @ crate::store::StoreError::AmbiguousId { .. })) => return Err(err.into()),
        _ => {}
    }
    match match_name(&store.labels(kind)?, text) {
        NameMatch::One(id) => Ok(id),
        NameMatch::Many(names) => {
            let mut listed = names.iter().take(LISTED).cloned().collect::<Vec<_>>();
            if names.len() > LISTED {
                listed.push("…".to_string());
            }
            Err(AppError::refused(
                Message::new("error.id.ambiguous_name")
                    .arg("name", text)
                    .arg("matches", listed.join(", ")),
            ))
        }
        // A word that could be an id gets the id's advice (too short, unknown).
        NameMatch::None if id_like => Err(store.resolve_id(kind, text).err().map_or_else(
            || AppError::refused(Message::new("error.id.short").arg("id", text)),
            AppError::from,
        )),
        NameMatch::None => {
            let key = format!("tui.kind_one.{}", kind.name());
            let what = |lang| crate::i18n::tr(lang, &key).to_string();
            Err(AppError::refused(
                Message::new("error.id.unknown_name")
                    .arg("kind", kind.name())
                    .arg_localized(
                        "what",
                        what(crate::i18n::Lang::Fr),
                        what(crate::i18n::Lang::En),
                    )
                    .arg("name", text),
            ))
        }
    }
}

/// The live record `text` designates; a deleted one is refused (edits and
/// merges never act on a tombstone).
pub fn live_record(store: &Store, kind: Kind, text: &str) -> AppResult<Record> {
    let id = resolve_record(store, kind, text)?;
    let record = store
        .record(kind, &id)?
        .ok_or_else(|| StoreError::UnknownId {
            kind: kind.name(),
            id: text.to_string(),
        })?;
    if record.deleted {
        return Err(StoreError::Deleted {
            kind: kind.name(),
            id: record.short_id().to_string(),
        }
        .into());
    }
    Ok(record)
}
