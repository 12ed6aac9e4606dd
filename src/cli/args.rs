//! The command-line grammar (clap). Help texts come from the translation
//! catalogs (`cli.*` keys), attached in `help.rs`, so they follow `--lang`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
mod kinds;
mod targets;

pub use kinds::{KindArg, MergeKind, SearchKind};
pub use targets::{AddTarget, SetTarget};

#[derive(Debug, Parser)]
#[command(
    name = "relais",
    version,
    disable_help_subcommand = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Database file.
    #[arg(long, global = true, env = "RELAIS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file.
    #[arg(long, global = true, env = "RELAIS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of messages.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Do not capture the mouse in the terminal UI.
    #[arg(long, global = true)]
    pub no_mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(InitArgs),
    Add {
        #[command(subcommand)]
        target: AddTarget,
    },
    Set {
        #[command(subcommand)]
        target: SetTarget,
    },
    Rm {
        kind: KindArg,
        id: String,
    },
    List {
        kind: KindArg,
        #[arg(long)]
        json: bool,
    },
    Show {
        kind: KindArg,
        id: String,
        #[arg(long)]
        json: bool,
    },
    History {
        kind: KindArg,
        id: String,
        #[arg(long)]
        json: bool,
    },
    Status {
        #[arg(long)]
        json: bool,
    },
    Check,
    Demo {
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long, value_name = "N")]
        scale: Option<usize>,
    },
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    Report {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_name = "CODE")]
        departement: Option<String>,
        #[arg(long, value_name = "FORMAT", value_parser = ["text", "md", "html", "csv", "xlsx", "json"])]
        format: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
    Resolve(ResolveArgs),
    Identity {
        #[command(subcommand)]
        action: IdentityAction,
    },
    Trust(TrustArgs),
    Revoke {
        #[arg(value_name = "SITE_ID")]
        site: String,
    },
    Export(ExportArgs),
    Verify {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Import {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    Sync {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Purge(super::purge::PurgeArgs),
    Backup {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    Compact {
        #[arg(long)]
        json: bool,
    },
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    Search {
        #[arg(value_name = "QUERY", required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long, value_name = "KIND")]
        kind: Option<SearchKind>,
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    Suggest {
        #[arg(value_name = "REQUEST")]
        request: String,
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    Assign {
        #[arg(value_name = "REQUEST")]
        request: String,
        #[arg(value_name = "DEVELOPER")]
        developer: String,
        #[arg(long)]
        json: bool,
    },
    Skills {
        #[arg(long, value_name = "CODE")]
        departement: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Duplicates {
        #[arg(long, value_name = "KIND")]
        kind: Option<MergeKind>,
        #[arg(long)]
        json: bool,
    },
    Merge {
        #[arg(value_name = "KIND")]
        kind: MergeKind,
        #[arg(value_name = "KEEP")]
        keep: String,
        #[arg(value_name = "OTHER")]
        other: String,
        #[arg(long)]
        json: bool,
    },
    /// The manual page (roff) in the chosen language, for packagers.
    #[command(hide = true)]
    Manpage,
    Publish {
        #[command(subcommand)]
        what: PublishWhat,
    },
    Sites {
        #[command(subcommand)]
        action: SitesAction,
    },
    Privacy {
        #[command(subcommand)]
        action: PrivacyAction,
    },
}

/// `relais privacy export|review|register`.
#[derive(Debug, Subcommand)]
pub enum PrivacyAction {
    Export {
        #[arg(value_name = "PERSON")]
        person: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    Review {
        #[arg(long)]
        json: bool,
    },
    Register {
        #[arg(long, value_enum, default_value = "md")]
        format: RegisterFormatArg,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormatArg {
    Md,
    Html,
}

/// What `relais publish` writes.
#[derive(Debug, Subcommand)]
pub enum PublishWhat {
    Catalogue(PublishArgs),
    Skills(PublishArgs),
    Workshops(PublishArgs),
    Site {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, requires = "out")]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
    Geojson,
}

/// The places directory: `relais sites import|export`.
#[derive(Debug, Subcommand)]
pub enum SitesAction {
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    Export {
        #[arg(long, value_enum, default_value = "lamednum")]
        format: DirectoryFormatArg,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, requires = "out")]
        json: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DirectoryFormatArg {
    Lamednum,
    Geojson,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    Show {
        #[arg(long)]
        json: bool,
    },
    Path,
    Set {
        #[arg(value_name = "KEY")]
        key: String,
        #[arg(value_name = "VALUE", allow_hyphen_values = true)]
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum IdentityAction {
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    Rotate {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    Accept {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["file", "list"]))]
pub struct TrustArgs {
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[arg(long)]
    pub list: bool,
    /// Trust the card as the regional lead (after checking its fingerprint).
    #[arg(long, conflicts_with = "list")]
    pub as_lead: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[arg(long, value_name = "SITE_ID", conflicts_with = "full")]
    pub to: Option<String>,
    #[arg(long)]
    pub full: bool,
    #[arg(long, conflicts_with = "passphrase")]
    pub encrypt: bool,
    #[arg(long)]
    pub passphrase: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long, value_name = "CODE")]
    pub departement: String,
    #[arg(long, default_value = "epn", value_parser = ["epn", "regional"])]
    pub role: String,
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("choice").required(true).args(["value", "keep"]))]
pub struct ResolveArgs {
    pub kind: KindArg,
    pub id: String,
    pub field: String,
    #[arg(long)]
    pub value: Option<String>,
    #[arg(long, value_name = "SITE:SEQ")]
    pub keep: Option<String>,
}
