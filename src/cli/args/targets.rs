//! What `relais add` and `relais set` are given: a kind, an id for `set`,
//! and `FIELD=VALUE` assignments (with `--force` picked out wherever it is).

use crate::domain::Kind;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct Assignments {
    #[arg(value_name = "FIELD=VALUE", allow_hyphen_values = true)]
    pub assignments: Vec<String>,
    /// Save an organisation or developer that looks like an existing one.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct IdAssignments {
    pub id: String,
    #[arg(
        value_name = "FIELD=VALUE",
        allow_hyphen_values = true,
        required = true
    )]
    pub assignments: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum AddTarget {
    Site(Assignments),
    #[command(alias = "organisation", alias = "orga")]
    Org(Assignments),
    #[command(alias = "demande")]
    Request(Assignments),
    #[command(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer(Assignments),
    #[command(alias = "atelier")]
    Workshop(Assignments),
    #[command(alias = "temps")]
    Time(Assignments),
    Budget(Assignments),
    #[command(alias = "livrable")]
    Deliverable(Assignments),
    #[command(alias = "lieu")]
    Place(Assignments),
}

impl AddTarget {
    /// The kind, the assignments, and whether `--force` was given. Once the
    /// first assignment is read, clap takes every later word as one (they
    /// may start with a hyphen), so a trailing `--force` is picked out here.
    pub fn split(&self) -> (Kind, Vec<String>, bool) {
        let (kind, args) = match self {
            AddTarget::Site(a) => (Kind::Site, a),
            AddTarget::Org(a) => (Kind::Org, a),
            AddTarget::Request(a) => (Kind::Request, a),
            AddTarget::Developer(a) => (Kind::Developer, a),
            AddTarget::Workshop(a) => (Kind::Workshop, a),
            AddTarget::Time(a) => (Kind::Time, a),
            AddTarget::Budget(a) => (Kind::Budget, a),
            AddTarget::Deliverable(a) => (Kind::Deliverable, a),
            AddTarget::Place(a) => (Kind::Place, a),
        };
        let trailing = args.assignments.iter().any(|text| text == "--force");
        let assignments = args
            .assignments
            .iter()
            .filter(|text| *text != "--force")
            .cloned()
            .collect();
        (kind, assignments, args.force || trailing)
    }
}

#[derive(Debug, Subcommand)]
pub enum SetTarget {
    Site(IdAssignments),
    #[command(alias = "organisation", alias = "orga")]
    Org(IdAssignments),
    #[command(alias = "demande")]
    Request(IdAssignments),
    #[command(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer(IdAssignments),
    #[command(alias = "atelier")]
    Workshop(IdAssignments),
    #[command(alias = "temps")]
    Time(IdAssignments),
    Budget(IdAssignments),
    #[command(alias = "livrable")]
    Deliverable(IdAssignments),
    #[command(alias = "lieu")]
    Place(IdAssignments),
}

impl SetTarget {
    pub fn split(&self) -> (Kind, &str, &[String]) {
        let (kind, args) = match self {
            SetTarget::Site(a) => (Kind::Site, a),
            SetTarget::Org(a) => (Kind::Org, a),
            SetTarget::Request(a) => (Kind::Request, a),
            SetTarget::Developer(a) => (Kind::Developer, a),
            SetTarget::Workshop(a) => (Kind::Workshop, a),
            SetTarget::Time(a) => (Kind::Time, a),
            SetTarget::Budget(a) => (Kind::Budget, a),
            SetTarget::Deliverable(a) => (Kind::Deliverable, a),
            SetTarget::Place(a) => (Kind::Place, a),
        };
        (kind, &args.id, &args.assignments)
    }
}
