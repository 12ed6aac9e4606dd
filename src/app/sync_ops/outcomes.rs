//! What export, verify, preview and import hand back, and an import's
//! outcome put into words once, each line with its severity.

use crate::app::crypt::Sealed;
use crate::domain::Kind;
use crate::i18n::Message;
use crate::sync;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A bundle written and read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub file: PathBuf,
    pub bundle_id: String,
    /// The addressee's site id, or `*` for anyone.
    pub addressee: String,
    pub full: bool,
    pub changes: u64,
    pub bytes: u64,
    /// How it was encrypted (`crypt`).
    pub sealed: Sealed,
}

impl Exported {
    /// The line saying how the bundle was encrypted, if it was.
    pub fn sealed_line(&self) -> Option<Message> {
        match &self.sealed {
            Sealed::None => None,
            Sealed::Sites { names } => {
                Some(Message::new("crypt.export.sites").arg("names", names.join(", ")))
            }
            Sealed::Passphrase => Some(Message::new("crypt.export.passphrase")),
        }
    }

    /// Whether the bundle is for any site rather than a named one.
    pub fn for_anyone(&self) -> bool {
        self.addressee == sync::format::ANY
    }
}

/// What a bundle holds, checked without writing anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifiedBundle {
    pub file: PathBuf,
    pub valid: bool,
    pub bundle_id: String,
    pub sender: String,
    pub sender_name: String,
    pub fingerprint: String,
    pub addressee: String,
    pub full: bool,
    /// When the sender wrote it (RFC 3339).
    pub created: String,
    #[serde(skip)]
    pub created_ms: i64,
    pub changes: u64,
    pub payload_bytes: u64,
    pub payload_raw_bytes: u64,
    pub assumed: BTreeMap<String, u64>,
    pub contains: BTreeMap<String, u64>,
    pub ack: BTreeMap<String, u64>,
    pub already_imported: bool,
}

impl VerifiedBundle {
    /// Whether the bundle is for any site rather than a named one.
    pub fn for_anyone(&self) -> bool {
        self.addressee == sync::format::ANY
    }
}

/// What a bundle would bring, found without writing anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPreview {
    pub path: PathBuf,
    pub sender: String,
    pub sender_name: String,
    pub full: bool,
    pub created_wall_ms: i64,
    pub change_count: u64,
    pub bytes: u64,
    /// Origin sites (named when known) and the highest seq of each.
    pub contains: Vec<(String, u64)>,
    /// Changes not held here yet, and how many records of each kind they touch.
    pub new_changes: u64,
    pub new_by_kind: Vec<(Kind, u64)>,
    pub already_imported: bool,
}

/// How a line of an outcome should be shown (a warning is never drawn with ✓).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Done,
    Notice,
    Warning,
}

/// One line of an outcome, in no language yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryLine {
    pub severity: Severity,
    pub message: Message,
}

impl SummaryLine {
    /// A line saying something was done.
    pub fn done(message: Message) -> SummaryLine {
        SummaryLine {
            severity: Severity::Done,
            message,
        }
    }
}

/// What importing one bundle did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub file: PathBuf,
    pub bundle_id: String,
    pub sender: String,
    pub sender_name: String,
    /// Seen before: nothing was done.
    pub replay: bool,
    pub new_changes: usize,
    pub duplicate_changes: usize,
    pub records_touched: usize,
    pub new_conflicts: usize,
    pub resolved_conflicts: usize,
    /// Origin sites whose stamps were more than a day ahead of this clock.
    pub skewed_sites: BTreeSet<String>,
    /// The same sites by name, for people.
    #[serde(skip)]
    pub skewed_names: Vec<String>,
    /// Changes of revoked sites beyond their cut-off, left out.
    pub cut_off: u64,
}

impl Imported {
    /// The outcome in words, short enough for one line of an 80-column
    /// screen: what was done, the conflicts, then each warning.
    pub fn summary(&self) -> Vec<SummaryLine> {
        if self.replay {
            return vec![SummaryLine {
                severity: Severity::Notice,
                message: Message::new("sync.import.replay")
                    .arg("id", &self.bundle_id)
                    .arg("name", &self.sender_name),
            }];
        }
        let mut lines = vec![
            SummaryLine::done(
                Message::new("sync.import.done")
                    .count(self.new_changes as i64)
                    .arg("name", &self.sender_name)
                    .arg_number("duplicates", self.duplicate_changes)
                    .arg_number("records", self.records_touched),
            ),
            SummaryLine {
                severity: Severity::Notice,
                message: Message::new("sync.import.conflicts")
                    .arg_number("new", self.new_conflicts)
                    .arg_number("resolved", self.resolved_conflicts),
            },
        ];
        lines.extend(self.skewed_names.iter().map(|site| SummaryLine {
            severity: Severity::Warning,
            message: Message::new("sync.import.skew").arg("site", site),
        }));
        if self.cut_off > 0 {
            lines.push(SummaryLine {
                severity: Severity::Warning,
                message: Message::new("sync.import.cut_off").count(self.cut_off as i64),
            });
        }
        lines
    }
}
