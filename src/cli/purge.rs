//! `relais purge KIND ID [--yes]` and `relais purge --audit`: erasure of a
//! person, confirmed by naming them, and the list of purges done.

use super::output::{columns, format_time, json_or_sentence, kind_label, print_json};
use super::{Ctx, EXIT_FAILED, out};
use crate::app::short_id;
use crate::domain::Kind;
use crate::i18n::Message;
use clap::{Args, ValueEnum};
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// The kinds that hold personal data and can be purged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PurgeKind {
    #[value(
        alias = "développeur",
        alias = "developpeur",
        alias = "développeuse",
        alias = "developpeuse"
    )]
    Developer,
    #[value(alias = "organisation", alias = "orga")]
    Org,
}

impl PurgeKind {
    pub fn kind(self) -> Kind {
        match self {
            PurgeKind::Developer => Kind::Developer,
            PurgeKind::Org => Kind::Org,
        }
    }
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[arg(value_name = "KIND", required_unless_present = "audit")]
    pub kind: Option<PurgeKind>,
    #[arg(value_name = "ID", required_unless_present = "audit")]
    pub id: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// List the purges done (who, when, which record).
    #[arg(long, conflicts_with_all = ["kind", "id", "yes"])]
    pub audit: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn purge(ctx: &Ctx, args: &PurgeArgs) -> anyhow::Result<ExitCode> {
    let (Some(kind), Some(id)) = (args.kind, args.id.as_deref()) else {
        return audit(ctx, args.json);
    };
    let kind = kind.kind();
    let mut app = ctx.open()?;
    let target = app
        .purge_target(kind, id)
        .map_err(|err| ctx.app_error(err))?;
    if !args.yes && !confirmed(ctx, kind, &target.id, &target.label)? {
        eprintln!("relais: {}", ctx.say(Message::new("purge.cancelled")));
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    let done = app.purge(kind, id).map_err(|err| ctx.app_error(err))?;
    let sentence = Message::new("purge.done")
        .arg("kind", kind.name())
        .arg("id", short_id(&done.id))
        .count(i64::try_from(done.erased_changes).unwrap_or(i64::MAX));
    json_or_sentence(ctx, args.json, &done, sentence)
}

/// Asks on the terminal, naming the person; only « oui » / « yes » goes on.
fn confirmed(ctx: &Ctx, kind: Kind, id: &str, label: &str) -> anyhow::Result<bool> {
    let question = ctx.say(
        Message::new("purge.confirm")
            .arg("name", label)
            .arg("kind", kind.name())
            .arg("id", short_id(id)),
    );
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{question} ")?;
    stderr.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_lowercase();
    Ok(matches!(answer.as_str(), "oui" | "o" | "yes" | "y"))
}

fn audit(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let acts = app.purge_audit().map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&acts)?;
        return Ok(ExitCode::SUCCESS);
    }
    if acts.is_empty() {
        out(&format!("{}\n", ctx.say(Message::new("purge.audit.none"))))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![vec![
        ctx.say(Message::new("purge.audit.when")),
        ctx.say(Message::new("purge.audit.who")),
        ctx.say(Message::new("purge.audit.site")),
        ctx.say(Message::new("purge.audit.record")),
    ]];
    for act in &acts {
        let kind = Kind::from_name(&act.kind)
            .map(|kind| kind_label(ctx.lang, kind))
            .unwrap_or_else(|| act.kind.clone());
        rows.push(vec![
            format_time(ctx.lang, act.wall_ms),
            act.author.clone(),
            act.site_name.clone().unwrap_or_else(|| act.site.clone()),
            format!("{kind} {}", short_id(&act.record)),
        ]);
    }
    out(&columns(&rows))?;
    Ok(ExitCode::SUCCESS)
}
