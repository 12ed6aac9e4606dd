//! The kinds named on the command line: every record kind, the kinds
//! `relais search` looks into, and those duplicates are merged in.

use crate::domain::Kind;
use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Site,
    #[value(alias = "organisation", alias = "orga")]
    Org,
    #[value(alias = "demande")]
    Request,
    #[value(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer,
    #[value(alias = "atelier")]
    Workshop,
    #[value(alias = "temps")]
    Time,
    Budget,
    #[value(alias = "livrable")]
    Deliverable,
    #[value(alias = "lieu")]
    Place,
}

impl KindArg {
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Site => Kind::Site,
            KindArg::Org => Kind::Org,
            KindArg::Request => Kind::Request,
            KindArg::Developer => Kind::Developer,
            KindArg::Workshop => Kind::Workshop,
            KindArg::Time => Kind::Time,
            KindArg::Budget => Kind::Budget,
            KindArg::Deliverable => Kind::Deliverable,
            KindArg::Place => Kind::Place,
        }
    }
}

/// The kinds `relais search` looks into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SearchKind {
    #[value(alias = "demande")]
    Request,
    #[value(alias = "organisation", alias = "orga")]
    Org,
    #[value(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer,
    #[value(alias = "atelier")]
    Workshop,
    #[value(alias = "livrable")]
    Deliverable,
}

impl SearchKind {
    pub fn kind(self) -> Kind {
        match self {
            SearchKind::Request => Kind::Request,
            SearchKind::Org => Kind::Org,
            SearchKind::Developer => Kind::Developer,
            SearchKind::Workshop => Kind::Workshop,
            SearchKind::Deliverable => Kind::Deliverable,
        }
    }
}

/// The kinds duplicates are looked for in, and merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MergeKind {
    #[value(alias = "organisation", alias = "orga")]
    Org,
    #[value(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer,
}

impl MergeKind {
    pub fn kind(self) -> Kind {
        match self {
            MergeKind::Org => Kind::Org,
            MergeKind::Developer => Kind::Developer,
        }
    }
}
