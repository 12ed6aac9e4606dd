//! The rights of the people Relais holds data about, as use cases: the
//! right of access (everything held about one person, as one document),
//! consents per purpose (given, withdrawn) and the retention review (who is
//! due for anonymisation or purge, and why). The processing register is in
//! `privacy/register.rs`.
//!
//! Consents are two set fields of the developer (`consents`, when given;
//! `consents_withdrawn`, when withdrawn) rather than a record kind: they
//! sync, merge and are erased with the person, and need no tab or table.

pub mod register;

use super::edit::{Assignment, Op};
use super::present::{RecordJson, rfc3339};
use super::ui::form_fields::{NameMatch, match_name};
use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::domain::validate::{Invalid, parse_date};
use crate::domain::vocab::Vocab;
use crate::i18n::Message;
use crate::store::{PersonActivity, PersonLink, short_id};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;
use std::io::Write as _;
use std::path::Path;

/// Candidates named in a refusal, at most.
const CANDIDATES_SHOWN: usize = 5;

/// Everything held about one person (`relais privacy export`).
#[derive(Clone, Debug, Serialize)]
pub struct AccessExport {
    /// When the export was made (`YYYY-MM-DD`).
    pub exported_on: String,
    /// The site that answered the request.
    pub exported_by: String,
    /// The developer record as it stands (every field, sets as objects).
    pub person: serde_json::Value,
    pub deleted: bool,
    /// Every logged change of the record, oldest first.
    pub history: Vec<AccessChange>,
    pub consents: Vec<ConsentEntry>,
    pub hours: Vec<AccessHours>,
    pub total_hours: f64,
    pub workshops: Vec<AccessLink>,
    pub requests: Vec<AccessLink>,
}

/// One change of the person's record: what, when, by whom, from where.
#[derive(Clone, Debug, Serialize)]
pub struct AccessChange {
    /// `site:seq`.
    pub change: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// When it was written (RFC 3339, UTC).
    pub at: String,
    /// The operator who wrote it.
    pub author: String,
    /// The site it was written at (its name when known, else its id).
    pub site: String,
}

/// One purpose a person consented to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentEntry {
    /// A slug of the `consent` vocabulary.
    pub purpose: String,
    pub given: Option<String>,
    pub withdrawn: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AccessHours {
    pub id: String,
    pub date: Option<String>,
    pub hours: f64,
    pub request: Option<String>,
    pub workshop: Option<String>,
    pub note: Option<String>,
}

/// A workshop facilitated (`detail`: its date) or a request assigned
/// (`detail`: its status).
#[derive(Clone, Debug, Serialize)]
pub struct AccessLink {
    pub id: String,
    pub title: Option<String>,
    pub detail: Option<String>,
}

impl From<PersonLink> for AccessLink {
    fn from(link: PersonLink) -> AccessLink {
        AccessLink {
            id: link.id,
            title: link.label,
            detail: link.detail,
        }
    }
}

/// Why a person is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueReason {
    /// No activity for longer than the retention period: anonymise or purge.
    Inactive,
    /// Removed or merged into another record, yet its values are still
    /// held in the log: purge.
    Removed,
}

impl DueReason {
    pub fn message_key(self) -> &'static str {
        match self {
            DueReason::Inactive => "privacy.review.reason.inactive",
            DueReason::Removed => "privacy.review.reason.removed",
        }
    }
}

/// A person due for anonymisation or purge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuePerson {
    pub id: String,
    pub name: String,
    /// The latest of the record's changes, hours logged and workshops.
    pub last_activity: Option<String>,
    pub reason: DueReason,
}

/// `relais privacy review`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetentionReview {
    pub today: String,
    pub retention_years: u32,
    /// Activity before this date is past the retention period.
    pub cutoff: String,
    pub due: Vec<DuePerson>,
}

/// The date of a wall-clock time (UTC).
fn date_of(ms: i64) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(|time| time.date_naive())
}

/// The latest activity of a person: their record's last change, the last
/// hours logged, the last workshop facilitated.
fn last_activity(person: &PersonActivity) -> Option<NaiveDate> {
    let change = person.last_change_ms.and_then(date_of);
    let hours = person.last_hours.as_deref().and_then(parse_date);
    let workshop = person.last_workshop.as_deref().and_then(parse_date);
    [change, hours, workshop].into_iter().flatten().max()
}

/// Whether (and why) a person is due, given the cutoff date.
fn due_reason(person: &PersonActivity, cutoff: NaiveDate) -> Option<DueReason> {
    if person.deleted {
        return Some(DueReason::Removed);
    }
    match last_activity(person) {
        Some(last) if last >= cutoff => None,
        _ => Some(DueReason::Inactive),
    }
}

impl App {
    /// The developer a person designates by id (or its last 6 characters)
    /// or by name: an exact name, else a unique start, else a unique part;
    /// several matches are refused, naming them with their ids. Removed
    /// people are found too: their data is still held.
    pub fn find_person(&self, text: &str) -> AppResult<String> {
        let people = self.store.person_names()?;
        match match_name(&people, text) {
            NameMatch::One(id) => Ok(id),
            NameMatch::None => Err(AppError::refused(
                Message::new("privacy.error.unknown_person").arg("name", text.trim()),
            )),
            NameMatch::Many(names) => {
                let mut listed: Vec<String> = people
                    .iter()
                    .filter(|(_, name)| names.contains(name))
                    .map(|(id, name)| format!("{name} ({})", short_id(id)))
                    .collect();
                listed.sort();
                let more = listed.len() > CANDIDATES_SHOWN;
                listed.truncate(CANDIDATES_SHOWN);
                let mut candidates = listed.join(", ");
                if more {
                    candidates.push_str(", …");
                }
                Err(AppError::refused(
                    Message::new("privacy.error.ambiguous_person")
                        .arg("name", text.trim())
                        .arg("candidates", candidates),
                ))
            }
        }
    }

    /// Everything held about one person (the right of access).
    pub fn privacy_export(&self, person: &str) -> AppResult<AccessExport> {
        let id = self.find_person(person)?;
        let record = self.show(Kind::Developer, &id)?;
        let sites = self.store.site_names()?;
        let site_name = |site: &str| {
            sites
                .iter()
                .find(|(id, _)| id == site)
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| site.to_string())
        };
        let history = self
            .store
            .history(&record.id)?
            .into_iter()
            .map(|entry| AccessChange {
                change: entry.change.to_string(),
                field: entry.field,
                old: entry.old,
                new: entry.new,
                at: rfc3339(entry.wall_ms),
                author: entry.author,
                site: site_name(entry.change.site.as_str()),
            })
            .collect();
        let hours: Vec<AccessHours> = self
            .store
            .person_hours(&record.id)?
            .into_iter()
            .map(|entry| AccessHours {
                id: entry.id,
                date: entry.date,
                hours: entry.hours,
                request: entry.request,
                workshop: entry.workshop,
                note: entry.note,
            })
            .collect();
        let total_hours = hours.iter().map(|entry| entry.hours).sum();
        let person = serde_json::to_value(RecordJson {
            record: &record,
            conflicts: None,
        })
        .map_err(|err| {
            AppError::refused(Message::new("error.internal").arg("what", err.to_string()))
        })?;
        let identity = self.require_site()?;
        Ok(AccessExport {
            exported_on: self.today().to_string(),
            exported_by: identity.name,
            person,
            deleted: record.deleted,
            history,
            consents: consents_of(&record),
            hours,
            total_hours,
            workshops: self
                .store
                .person_workshops(&record.id)?
                .into_iter()
                .map(AccessLink::from)
                .collect(),
            requests: self
                .store
                .person_requests(&record.id)?
                .into_iter()
                .map(AccessLink::from)
                .collect(),
        })
    }

    /// People due for anonymisation or purge under the retention period.
    pub fn privacy_review(&self) -> AppResult<RetentionReview> {
        let today = self.today();
        let years = self.config.retention_years();
        let cutoff = today
            .checked_sub_months(Months::new(years.saturating_mul(12)))
            .unwrap_or(NaiveDate::MIN);
        let due = self
            .store
            .person_activities_for_review(&cutoff.to_string())?
            .into_iter()
            .filter_map(|person| {
                let reason = due_reason(&person, cutoff)?;
                Some(DuePerson {
                    last_activity: last_activity(&person).map(|date| date.to_string()),
                    id: person.id,
                    name: person.name.unwrap_or_default(),
                    reason,
                })
            })
            .collect();
        Ok(RetentionReview {
            today: today.to_string(),
            retention_years: years,
            cutoff: cutoff.to_string(),
            due,
        })
    }

    /// The consents of one person, one entry per purpose ever given.
    pub fn consents(&self, person: &str) -> AppResult<Vec<ConsentEntry>> {
        let id = self.find_person(person)?;
        Ok(consents_of(&self.show(Kind::Developer, &id)?))
    }

    /// Records when a person gave and withdrew consent to one purpose; an
    /// empty date clears it. Returns the number of changes written.
    pub fn set_consent(
        &mut self,
        person: &str,
        purpose: &str,
        given: &str,
        withdrawn: &str,
    ) -> AppResult<usize> {
        let purpose = purpose.trim();
        if !Vocab::Consent.contains(purpose) {
            return Err(Invalid::new(
                "purpose",
                Message::new("error.value.vocab")
                    .arg("field", "purpose")
                    .arg("value", purpose)
                    .arg("allowed", Vocab::Consent.slugs().join(", ")),
            )
            .into());
        }
        let date = |field: &str, text: &str| -> AppResult<Option<NaiveDate>> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            parse_date(text).map(Some).ok_or_else(|| {
                Invalid::new(field, Message::new("privacy.error.date").arg("value", text)).into()
            })
        };
        let given = date("given", given)?;
        let withdrawn = date("withdrawn", withdrawn)?;
        match (given, withdrawn) {
            (None, Some(_)) => {
                return Err(Invalid::new(
                    "withdrawn",
                    Message::new("privacy.error.withdrawn_without_given"),
                )
                .into());
            }
            (Some(given), Some(withdrawn)) if withdrawn < given => {
                return Err(Invalid::new(
                    "withdrawn",
                    Message::new("privacy.error.withdrawn_before_given"),
                )
                .into());
            }
            _ => {}
        }
        let assignment = |field: &str, date: Option<NaiveDate>| match date {
            Some(date) => Assignment {
                field: field.into(),
                op: Op::Add,
                value: format!("{purpose}:{date}"),
            },
            None => Assignment {
                field: field.into(),
                op: Op::Remove,
                value: purpose.into(),
            },
        };
        let id = self.find_person(person)?;
        let (_, written) = self.set(
            Kind::Developer,
            &id,
            &[
                assignment("consents", given),
                assignment("consents_withdrawn", withdrawn),
            ],
        )?;
        Ok(written)
    }
}

/// Writes a file that holds personal data: created readable by its owner
/// only (0600), written beside and renamed into place, so that a failure
/// never leaves half a file.
pub fn write_private(path: &Path, bytes: &[u8]) -> AppResult<()> {
    let io = |err| AppError::from(crate::store::StoreError::Io(path.to_path_buf(), err));
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    let temp = path.with_file_name(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io(err));
    }
    std::fs::rename(&temp, path).map_err(io)
}

/// The consents of a developer record, by purpose.
pub fn consents_of(record: &crate::store::Record) -> Vec<ConsentEntry> {
    let given = record.sets.get("consents");
    let withdrawn = record.sets.get("consents_withdrawn");
    let mut purposes: Vec<&String> = given
        .into_iter()
        .chain(withdrawn)
        .flat_map(|set| set.keys())
        .collect();
    purposes.sort();
    purposes.dedup();
    purposes
        .into_iter()
        .map(|purpose| ConsentEntry {
            purpose: purpose.clone(),
            given: given.and_then(|set| set.get(purpose)).cloned(),
            withdrawn: withdrawn.and_then(|set| set.get(purpose)).cloned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(change: &str, hours: Option<&str>, workshop: Option<&str>) -> PersonActivity {
        let ms = NaiveDate::parse_from_str(change, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(12, 0, 0))
            .map(|time| time.and_utc().timestamp_millis());
        PersonActivity {
            id: "01abcdefgh".into(),
            name: Some("Zoé".into()),
            deleted: false,
            last_change_ms: ms,
            last_hours: hours.map(String::from),
            last_workshop: workshop.map(String::from),
        }
    }

    #[test]
    fn the_latest_activity_of_any_kind_decides() {
        let cutoff = NaiveDate::from_ymd_opt(2023, 11, 26).unwrap_or_default();
        let old = person("2022-01-10", Some("2023-01-05"), None);
        assert_eq!(due_reason(&old, cutoff), Some(DueReason::Inactive));
        let workshop = person("2022-01-10", Some("2023-01-05"), Some("2024-02-01"));
        assert_eq!(due_reason(&workshop, cutoff), None);
        assert_eq!(
            last_activity(&workshop).map(|d| d.to_string()).as_deref(),
            Some("2024-02-01")
        );
        let removed = PersonActivity {
            deleted: true,
            ..person("2026-01-10", None, None)
        };
        assert_eq!(due_reason(&removed, cutoff), Some(DueReason::Removed));
    }
}
