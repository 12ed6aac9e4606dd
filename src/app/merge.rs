//! Duplicates and merges (`relais duplicates`, `relais merge`, the look-alike
//! check before an organisation or developer is added, the TUI's merge).
//!
//! A merge is nothing but ordinary changes, so it syncs and converges like
//! any edit: every live reference to the other record is re-pointed at the
//! kept one, the kept one takes the values it lacked, and the other one gets
//! `merged_into` and a tombstone. A site that concurrently edits the other
//! record sees an edit-versus-deletion conflict, as for any deletion.
//!
//! Two kinds of reference are deliberately *not* re-pointed by changes, and
//! are read through `merged_into` instead (`store::merged`, `App::show`):
//! - references held by **deleted** records: any change written to a
//!   tombstone is an edit its deletion never saw, so re-pointing them would
//!   put an edit-versus-deletion conflict on every one of them for people to
//!   review; read through `merged_into`, a deleted request that is restored
//!   later names the kept record all the same;
//! - references made on another site while the merge was made (they arrive
//!   after it): re-pointing them on import would be a change competing with
//!   any concurrent edit of the same field (a conflict), written by whichever
//!   replica saw them first; read through `merged_into`, every replica holding
//!   the same changes shows the same reference without writing anything.
use super::edit::{self, Assignment};
use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::search::duplicates::{self, Candidate, Reason};
use crate::search::merge::{MERGEABLE, MERGED_INTO, Reference, Values, fill_ins, references_to};
use crate::store::{Record, Store};
use serde::Serialize;

/// Why two records look like one, as the interfaces see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same SIRET or RNA number.
    SameIdentifier,
    SameEmail,
    /// A very similar name in the same département.
    SimilarName,
}

impl DuplicateReason {
    /// The catalog key of the reason in words.
    pub fn message_key(self) -> &'static str {
        match self {
            DuplicateReason::SameIdentifier => "duplicates.reason.same_identifier",
            DuplicateReason::SameEmail => "duplicates.reason.same_email",
            DuplicateReason::SimilarName => "duplicates.reason.similar_name",
        }
    }
}

impl From<Reason> for DuplicateReason {
    fn from(reason: Reason) -> Self {
        match reason {
            Reason::SameIdentifier => DuplicateReason::SameIdentifier,
            Reason::SameEmail => DuplicateReason::SameEmail,
            Reason::SimilarName => DuplicateReason::SimilarName,
        }
    }
}

/// A record named in a duplicate pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LookAlike {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    pub reasons: Vec<DuplicateReason>,
}

/// Two live records that look like one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub first: LookAlike,
    pub second: LookAlike,
    pub reasons: Vec<DuplicateReason>,
}

/// `relais duplicates`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuplicatesOutcome {
    pub pairs: Vec<DuplicatePair>,
}

/// What a merge wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeOutcome {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub keep: String,
    pub other: String,
    /// Records whose reference to `other` now names `keep`.
    pub repointed: usize,
    /// The same, per kind of referencing record.
    pub repointed_by_kind: Vec<KindCount>,
    /// Values `keep` took over from `other`.
    pub filled: usize,
    /// Changes written in all.
    pub changes: usize,
}

/// A number of records of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct KindCount {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub count: usize,
}

/// What a merge would write, shown before it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergePreview {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub keep: String,
    pub keep_name: String,
    pub other: String,
    pub other_name: String,
    /// Live records whose reference to `other` will name `keep`, per kind.
    pub repointed_by_kind: Vec<KindCount>,
    /// Values `keep` will take over from `other`.
    pub filled: usize,
}

fn kind_name<S: serde::Serializer>(kind: &Kind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.name())
}

/// The fields duplicate detection reads: name, identifier, e-mail, département.
fn candidate_fields(kind: Kind) -> Option<[Option<&'static str>; 4]> {
    match kind {
        Kind::Org => Some([
            Some("name"),
            Some("siret"),
            Some("contact"),
            Some("departement"),
        ]),
        Kind::Developer => Some([Some("name"), None, Some("email"), Some("departement")]),
        _ => None,
    }
}

fn refuse_kind(kind: Kind) -> AppError {
    let kinds: Vec<&str> = MERGEABLE.iter().map(|kind| kind.name()).collect();
    AppError::refused(
        Message::new("duplicates.kind")
            .arg("kind", kind.name())
            .arg("kinds", kinds.join(", ")),
    )
}

/// Every live record of `kind` as duplicate detection sees it.
fn candidates(store: &Store, kind: Kind) -> AppResult<Vec<Candidate>> {
    let fields = candidate_fields(kind).ok_or_else(|| refuse_kind(kind))?;
    let asked: Vec<&str> = fields.iter().flatten().copied().collect();
    let rows = store.text_rows(kind, &asked)?;
    let position =
        |slot: usize| fields[slot].and_then(|field| asked.iter().position(|name| *name == field));
    let [name, identifier, email, departement] = [0, 1, 2, 3].map(position);
    Ok(rows
        .into_iter()
        .map(|row| {
            let text =
                |index: Option<usize>| index.and_then(|i| row.texts.get(i).cloned().flatten());
            Candidate {
                name: text(name).unwrap_or_default(),
                identifier: text(identifier),
                email: text(email),
                departement: text(departement),
                id: row.id,
            }
        })
        .collect())
}

fn look_alike(candidate: &Candidate, reasons: &[Reason]) -> LookAlike {
    LookAlike {
        id: candidate.id.clone(),
        name: candidate.name.clone(),
        departement: candidate.departement.clone(),
        reasons: reasons.iter().copied().map(DuplicateReason::from).collect(),
    }
}

impl App {
    /// Likely duplicate pairs among organisations and developers (or one kind).
    pub fn duplicates(&self, kind: Option<Kind>) -> AppResult<DuplicatesOutcome> {
        let kinds: Vec<Kind> = match kind {
            Some(kind) if MERGEABLE.contains(&kind) => vec![kind],
            Some(kind) => return Err(refuse_kind(kind)),
            None => MERGEABLE.to_vec(),
        };
        let mut pairs = Vec::new();
        for kind in kinds {
            let candidates = candidates(&self.store, kind)?;
            for pair in duplicates::pairs(&candidates) {
                pairs.push(DuplicatePair {
                    kind,
                    first: look_alike(&candidates[pair.a], &[]),
                    second: look_alike(&candidates[pair.b], &[]),
                    reasons: pair
                        .reasons
                        .into_iter()
                        .map(DuplicateReason::from)
                        .collect(),
                });
            }
        }
        Ok(pairs_in_reading_order(pairs))
    }

    /// The existing records a new organisation or developer with these
    /// values looks like (nothing for other kinds). The values are checked
    /// as `add` would check them, so a refusal reads the same.
    pub fn look_alikes(&self, kind: Kind, assignments: &[Assignment]) -> AppResult<Vec<LookAlike>> {
        let Some(fields) = candidate_fields(kind) else {
            return Ok(Vec::new());
        };
        let writes = edit::plan(&self.store, kind, None, assignments, self.today())?;
        let value = |slot: usize| {
            fields[slot].and_then(|field| {
                writes
                    .iter()
                    .find(|(name, _)| name == field)
                    .and_then(|(_, value)| value.clone())
            })
        };
        let new = Candidate {
            id: String::new(),
            name: value(0).unwrap_or_default(),
            identifier: value(1),
            email: value(2),
            departement: value(3),
        };
        let existing = candidates(&self.store, kind)?;
        Ok(duplicates::look_alikes(&new, &existing)
            .into_iter()
            .map(|(index, reasons)| look_alike(&existing[index], &reasons))
            .collect())
    }

    /// The live records an existing one looks like (itself left out).
    pub fn look_alikes_of(&self, kind: Kind, id: &str) -> AppResult<Vec<LookAlike>> {
        if candidate_fields(kind).is_none() {
            return Ok(Vec::new());
        }
        let mut existing = candidates(&self.store, kind)?;
        let Some(position) = existing.iter().position(|candidate| candidate.id == id) else {
            return Ok(Vec::new());
        };
        let record = existing.remove(position);
        Ok(duplicates::look_alikes(&record, &existing)
            .into_iter()
            .map(|(index, reasons)| look_alike(&existing[index], &reasons))
            .collect())
    }

    /// Merges `other` into `keep` (ids or their tails).
    pub fn merge(&mut self, kind: Kind, keep: &str, other: &str) -> AppResult<MergeOutcome> {
        self.require_site()?;
        let author = self.author();
        merge_records(&mut self.store, &author, kind, keep, other)
    }
}

/// Pairs sorted by kind then by the first record's name.
fn pairs_in_reading_order(mut pairs: Vec<DuplicatePair>) -> DuplicatesOutcome {
    pairs.sort_by(|a, b| {
        (a.kind, &a.first.name, &a.second.name).cmp(&(b.kind, &b.first.name, &b.second.name))
    });
    DuplicatesOutcome { pairs }
}

/// The live record of `kind` that `text` (an id, its end, or a name)
/// designates, or a refusal saying why not in the clearest words there are.
fn live(store: &Store, kind: Kind, text: &str) -> AppResult<Record> {
    super::refs::live_record(store, kind, text)
        .map_err(|err| explain_refusal(store, kind, text).unwrap_or(err))
}

/// Where "unknown" or "deleted" is not the whole story: the record was
/// merged already (into whom), or the id is a record of another kind.
fn explain_refusal(store: &Store, kind: Kind, text: &str) -> Option<AppError> {
    if let Ok(id) = super::refs::resolve_record(store, kind, text)
        && let Ok(Some(record)) = store.record(kind, &id)
        && record.deleted
        && let Some(into) = record.get(MERGED_INTO)
    {
        let into = store
            .record(kind, into)
            .ok()
            .flatten()
            .map_or_else(|| into.to_string(), |kept| kept.label().to_string());
        return Some(AppError::refused(
            Message::new("merge.already")
                .arg("name", record.label())
                .arg("into", into),
        ));
    }
    Kind::ALL
        .into_iter()
        .filter(|other| *other != kind)
        .find(|other| store.resolve_id(*other, text).is_ok())
        .map(|found| {
            AppError::refused(
                Message::new("merge.across")
                    .arg("id", text.trim())
                    .arg("found", found.name())
                    .arg("kind", kind.name()),
            )
        })
}

/// What a merge will write, read from the store before any write.
struct MergePlan {
    kind: Kind,
    keep: Record,
    other: Record,
    repoint: Vec<(Reference, Vec<String>)>,
    fills: Vec<(String, String)>,
}

impl MergePlan {
    /// Re-pointed records per kind, in schema order, every referencing kind
    /// listed (zero included) so the confirmation reads the same each time.
    fn by_kind(&self) -> Vec<KindCount> {
        let mut counts: Vec<KindCount> = Vec::new();
        for (reference, ids) in &self.repoint {
            let kind = match *reference {
                Reference::Column { kind, .. } | Reference::Element { kind, .. } => kind,
            };
            match counts.iter_mut().find(|count| count.kind == kind) {
                Some(count) => count.count += ids.len(),
                None => counts.push(KindCount {
                    kind,
                    count: ids.len(),
                }),
            }
        }
        counts
    }
}

/// Checks the two records (same kind, both live, two different ones:
/// names or ids) and reads what merging them writes.
fn plan(store: &Store, kind: Kind, keep: &str, other: &str) -> AppResult<MergePlan> {
    if !MERGEABLE.contains(&kind) {
        return Err(refuse_kind(kind));
    }
    let keep = live(store, kind, keep)?;
    let other = live(store, kind, other)?;
    if keep.id == other.id {
        return Err(AppError::refused(
            Message::new("merge.same").arg("id", keep.short_id()),
        ));
    }
    let mut repoint: Vec<(Reference, Vec<String>)> = Vec::new();
    for reference in references_to(kind) {
        let ids = match reference {
            Reference::Column { kind, field } => store.referencing_ids(kind, field, &other.id)?,
            Reference::Element { kind, prefix } => store.holding_ids(kind, prefix, &other.id)?,
        };
        repoint.push((reference, ids));
    }
    fn values(record: &Record) -> Values<'_> {
        Values {
            fields: &record.fields,
            sets: &record.sets,
        }
    }
    let fills = fill_ins(kind, values(&keep), values(&other));
    Ok(MergePlan {
        kind,
        keep,
        other,
        repoint,
        fills,
    })
}

impl App {
    /// What merging `other` into `keep` would write (nothing is written):
    /// the confirmation the TUI shows before a merge.
    pub fn merge_preview(&self, kind: Kind, keep: &str, other: &str) -> AppResult<MergePreview> {
        let plan = plan(&self.store, kind, keep, other)?;
        Ok(MergePreview {
            kind: plan.kind,
            repointed_by_kind: plan.by_kind(),
            filled: plan.fills.len(),
            keep_name: plan.keep.label().to_string(),
            other_name: plan.other.label().to_string(),
            keep: plan.keep.id,
            other: plan.other.id,
        })
    }
}

/// The merge itself, on a store: what `App::merge` runs, and what the
/// convergence tests run on each replica. One transaction.
pub fn merge_records(
    store: &mut Store,
    author: &str,
    kind: Kind,
    keep: &str,
    other: &str,
) -> AppResult<MergeOutcome> {
    let plan = plan(store, kind, keep, other)?;
    let repointed_by_kind = plan.by_kind();
    let (keep, other) = (&plan.keep, &plan.other);
    let mut writer = store.writer(author)?;
    let mut repointed = 0;
    for (reference, ids) in &plan.repoint {
        for id in ids {
            match *reference {
                Reference::Column { kind, field } => {
                    writer.set(kind, id, field, Some(&keep.id))?;
                }
                Reference::Element { kind, prefix } => {
                    writer.set(kind, id, &format!("{prefix}.{}", keep.id), Some("1"))?;
                    writer.set(kind, id, &format!("{prefix}.{}", other.id), None)?;
                }
            }
            repointed += 1;
        }
    }
    for (field, value) in &plan.fills {
        writer.set(kind, &keep.id, field, Some(value))?;
    }
    writer.set(kind, &other.id, MERGED_INTO, Some(&keep.id))?;
    writer.delete(kind, &other.id)?;
    let changes = writer.commit()?;
    Ok(MergeOutcome {
        kind,
        keep: keep.id.clone(),
        other: other.id.clone(),
        repointed,
        repointed_by_kind,
        filled: plan.fills.len(),
        changes,
    })
}
