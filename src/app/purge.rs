//! Erasure (GDPR): purging a person's record, whatever the interface
//! (`relais purge KIND ID`, the lead's `P` on a detail). The rights are
//! decided here once: the regional lead (coordinateur) may purge any record,
//! an EPN only records its own site created. The act is audited by the
//! marker itself (site, operator, when, record and kind; never the values),
//! listed by `relais purge --audit`.

use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::domain::purge::purgeable;
use crate::i18n::Message;
use crate::store::{PurgeAct, StoreError, short_id};
use serde::Serialize;

/// What a purge is about to erase: shown in the confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurgeTarget {
    pub kind: Kind,
    pub id: String,
    /// The name the person confirms (empty when the record has none).
    pub label: String,
}

/// What a purge did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PurgeDone {
    /// The kind's name (`developer`, `org`).
    pub kind: &'static str,
    pub id: String,
    /// The marker's change id (`site:seq`).
    pub marker: String,
    /// Logged changes whose values were erased.
    pub erased_changes: u64,
}

impl App {
    /// Checks that this operator may purge the record and names it.
    /// Refused: a kind without personal data, an unknown or already purged
    /// record, another site's record on an EPN.
    pub fn purge_target(&self, kind: Kind, id_text: &str) -> AppResult<PurgeTarget> {
        let identity = self.require_site()?;
        if !purgeable(kind) {
            return Err(AppError::refused(
                Message::new("error.purge.kind").arg("kind", kind.name()),
            ));
        }
        let id = super::refs::resolve_record(&self.store, kind, id_text)?;
        if self.store.is_purged(&id)? {
            return Err(StoreError::Purged {
                kind: kind.name(),
                id: short_id(&id).to_string(),
            }
            .into());
        }
        let record = self
            .store
            .record(kind, &id)?
            .ok_or_else(|| StoreError::UnknownId {
                kind: kind.name(),
                id: id_text.to_string(),
            })?;
        let lead = identity.role == "regional";
        let origin = self.store.record_origin(&id)?;
        if !lead && origin.as_deref() != Some(identity.site.as_str()) {
            return Err(AppError::refused(
                Message::new("error.purge.not_yours")
                    .arg("kind", kind.name())
                    .arg("id", short_id(&id))
                    .arg("site", origin.unwrap_or_default()),
            ));
        }
        Ok(PurgeTarget {
            kind,
            id,
            label: record.label().to_string(),
        })
    }

    /// Purges a record (after `purge_target` said it may be, and the
    /// person confirmed): its values leave every table, the log and the
    /// WAL; the marker travels in the next bundles.
    pub fn purge(&mut self, kind: Kind, id_text: &str) -> AppResult<PurgeDone> {
        let target = self.purge_target(kind, id_text)?;
        let author = self.author();
        let outcome = self.store.purge(kind, &target.id, &author)?;
        Ok(PurgeDone {
            kind: kind.name(),
            id: outcome.record,
            marker: outcome.marker.to_string(),
            erased_changes: outcome.stubbed,
        })
    }

    /// Every purge known here, oldest first (the audit: who, when, which
    /// record; never the erased values).
    pub fn purge_audit(&self) -> AppResult<Vec<PurgeAct>> {
        Ok(self.store.purge_acts()?)
    }

    /// Whether this operator's interface offers to purge records of `kind`:
    /// on the lead, for the kinds holding personal data.
    pub fn may_purge(&self, kind: Kind) -> bool {
        purgeable(kind)
            && self
                .store
                .require_identity()
                .is_ok_and(|identity| identity.role == "regional")
    }

    /// Whether a record was purged (interfaces show "personne effacée").
    pub fn is_purged(&self, id: &str) -> AppResult<bool> {
        Ok(self.store.is_purged(id)?)
    }
}
