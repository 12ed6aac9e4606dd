//! The scriptable command line: parses arguments (clap), runs the use case,
//! prints the result as text or JSON, and maps failures to exit codes:
//! 0 success, 1 refused or failed, 2 usage error, 3 bundle refused.
//! The only place, with `main`, where `anyhow` is used.

mod admin;
mod args;
mod conflicts;
mod help;
mod output;
mod privacy;
mod publish;
mod purge;
mod records;
mod report;
mod search;
mod state;
mod sync;

pub use help::fields_help;

use crate::app::{App, AppError, Config};
use crate::domain::clock::{Clock, FixedClock};
use crate::i18n::{self, Lang, Message};
use anyhow::Context;
use args::{Cli, Command};
use clap::{CommandFactory, FromArgMatches};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// A failure already put into words, with the exit code it deserves.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_BUNDLE_REFUSED: u8 = 3;

/// Everything a command needs: language, settings, paths and clock.
pub struct Ctx {
    pub lang: Lang,
    pub config: Config,
    pub db: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub no_mouse: bool,
    /// The configuration file (its directory may hold `keymap.toml`).
    pub config_path: PathBuf,
}

impl Ctx {
    pub fn fail(&self, message: Message) -> anyhow::Error {
        anyhow::Error::new(Failure {
            code: EXIT_FAILED,
            message: message.render(self.lang),
        })
    }

    /// A use case's error, with exit code 3 when a bundle was refused.
    pub fn app_error(&self, err: AppError) -> anyhow::Error {
        let code = if err.is_bundle_refusal() {
            EXIT_BUNDLE_REFUSED
        } else {
            EXIT_FAILED
        };
        anyhow::Error::new(Failure {
            code,
            message: err.message().render(self.lang),
        })
    }

    pub fn open(&self) -> anyhow::Result<App> {
        App::open(&self.db, self.config.clone(), self.clock.clone())
            .map_err(|err| self.app_error(err))
    }

    pub fn say(&self, message: Message) -> String {
        message.render(self.lang)
    }
}

/// The clock: the system's, or a fixed one from `RELAIS_NOW` (tests, demos).
fn clock_from_env() -> Arc<dyn Clock> {
    match std::env::var("RELAIS_NOW")
        .ok()
        .and_then(|text| FixedClock::parse(&text))
    {
        Some(fixed) => Arc::new(fixed),
        None => Arc::new(crate::app::SystemClock),
    }
}

/// `--lang` is needed before parsing, to translate the help itself.
fn lang_from_argv(args: &[String]) -> Option<String> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
        if arg == "--lang" {
            return iter.next().cloned();
        }
    }
    None
}

fn config_path_from_argv(args: &[String]) -> PathBuf {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(value) = arg.strip_prefix("--config=") {
            return PathBuf::from(value);
        }
        if arg == "--config"
            && let Some(value) = iter.next()
        {
            return PathBuf::from(value);
        }
    }
    std::env::var_os("RELAIS_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(crate::app::config::default_config_path)
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let config_path = config_path_from_argv(&args);
    let env = |name: &str| std::env::var(name).ok();
    let (config, config_error) = match Config::load(&config_path) {
        Ok(config) => (config, None),
        Err(message) => (Config::default(), Some(message)),
    };
    let lang = Lang::detect(
        lang_from_argv(&args).as_deref(),
        config.lang.as_deref(),
        &env,
    );
    if let Some(message) = config_error {
        eprintln!("relais: {}", message.render(lang));
        return ExitCode::from(EXIT_FAILED);
    }
    // Translating every command's help costs milliseconds (the whole
    // tree): only done when clap has something to print (help, version, a
    // usage error). The texts do not change what parses.
    let parsed = Cli::command().try_get_matches_from(&args).or_else(|_| {
        help::localise(Cli::command(), lang, help::Target::Terminal).try_get_matches_from(&args)
    });
    let matches = match parsed {
        Ok(matches) => matches,
        Err(err) => {
            // --help and --version print and succeed; anything else is usage (2).
            if !err.use_stderr() {
                let _ = err.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("relais: {}", usage_message(&err, &args).render(lang));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => {
            eprintln!("relais: {}", usage_message(&err, &args).render(lang));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let ctx = Ctx {
        lang,
        config,
        db: cli
            .db
            .clone()
            .unwrap_or_else(crate::app::config::default_database_path),
        clock: clock_from_env(),
        no_mouse: cli.no_mouse,
        config_path: config_path.clone(),
    };
    match run(&ctx, cli) {
        Ok(code) => code,
        Err(err) => report(&ctx, &err),
    }
}

/// The help to point to after a usage error: `relais`, followed by the
/// subcommands given before the mistake (`relais add request --help`).
fn help_hint(args: &[String]) -> String {
    let mut command = Cli::command();
    let mut path = vec!["relais".to_string()];
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        if matches!(arg.as_str(), "--db" | "--config" | "--lang") {
            iter.next();
            continue;
        }
        if arg.starts_with('-') {
            continue;
        }
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            break;
        };
        path.push(arg.clone());
        command = sub;
    }
    path.push("--help".into());
    path.join(" ")
}

/// A command-line usage error as one translated line that says where to look.
fn usage_message(err: &clap::Error, args: &[String]) -> Message {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| {
        err.get(kind)
            .map(|value| value.to_string())
            .unwrap_or_default()
    };
    // clap's own guess at what was meant (`lsit` → `list`): its likeliest,
    // the last of its list.
    let suggested = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        Some(ContextValue::Strings(values)) => values.last().cloned(),
        _ => None,
    };
    let help = help_hint(args);
    match err.kind() {
        ErrorKind::InvalidSubcommand => match suggested(ContextKind::SuggestedSubcommand) {
            Some(near) => Message::new("error.usage.unknown_command_near").arg("near", near),
            None => Message::new("error.usage.unknown_command"),
        }
        .arg("name", context(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => Message::new("error.usage.unknown_argument")
            .arg("name", context(ContextKind::InvalidArg)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let allowed = context(ContextKind::ValidValue);
            let near = suggested(ContextKind::SuggestedValue);
            let key = match (allowed.is_empty(), &near) {
                (true, _) => "error.usage.invalid_value_free",
                (false, Some(_)) => "error.usage.invalid_value_near",
                (false, None) => "error.usage.invalid_value",
            };
            Message::new(key)
                .arg("near", near.unwrap_or_default())
                .arg("value", context(ContextKind::InvalidValue))
                .arg("arg", context(ContextKind::InvalidArg))
                .arg("allowed", allowed)
        }
        ErrorKind::MissingRequiredArgument | ErrorKind::TooFewValues => {
            Message::new("error.usage.missing").arg("args", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Message::new("error.usage.missing_command")
        }
        _ => {
            let text = err.kind().as_str().unwrap_or("usage error").to_string();
            Message::new("error.usage.other").arg("error", text)
        }
    }
    .arg("help", help)
}

/// Prints an error as one line (with its cause chain) and picks the exit code.
fn report(ctx: &Ctx, err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    if let Some(failure) = err.downcast_ref::<Failure>() {
        eprintln!("relais: {}", failure.message);
        return ExitCode::from(failure.code);
    }
    let chain: Vec<String> = err.chain().map(|cause| cause.to_string()).collect();
    eprintln!("relais: {}", chain.join(": "));
    let _ = ctx;
    ExitCode::from(EXIT_FAILED)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(ctx: &Ctx, cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        return records::no_command(ctx);
    };
    match command {
        Command::Init(init) => records::init(ctx, &init),
        Command::Add { target } => {
            let (kind, assignments, force) = target.split();
            records::add(ctx, kind, &assignments, force)
        }
        Command::Set { target } => {
            let (kind, id, assignments) = target.split();
            records::set(ctx, kind, id, assignments)
        }
        Command::Rm { kind, id } => records::remove(ctx, kind.kind(), &id),
        Command::List { kind, json } => records::list(ctx, kind.kind(), json),
        Command::Show { kind, id, json } => records::show(ctx, kind.kind(), &id, json),
        Command::History { kind, id, json } => records::history(ctx, kind.kind(), &id, json),
        Command::Status { json } => state::status(ctx, json),
        Command::Check => state::check(ctx),
        Command::Demo { seed, scale } => state::demo(ctx, seed, scale),
        Command::Conflicts { json } => conflicts::conflicts(ctx, json),
        Command::Resolve(resolve) => conflicts::resolve(ctx, &resolve),
        Command::Report {
            year,
            departement,
            format,
            out,
            json,
        } => {
            let format = if json {
                Some("json")
            } else {
                format.as_deref()
            };
            report::report(ctx, (year, departement.as_deref()), format, out.as_deref())
        }
        Command::Identity { action } => sync::identity(ctx, action),
        Command::Trust(trust) => sync::trust(ctx, &trust),
        Command::Revoke { site } => sync::revoke(ctx, &site),
        Command::Export(export) => sync::export(ctx, &export),
        Command::Verify { file, json } => sync::verify(ctx, &file, json),
        Command::Import { files, json } => sync::import(ctx, &files, json),
        Command::Sync { dir, json } => sync::sync_folder(ctx, &dir, json),
        Command::Purge(purge) => purge::purge(ctx, &purge),
        Command::Backup { out, json } => admin::backup(ctx, out.as_deref(), json),
        Command::Compact { json } => admin::compact(ctx, json),
        Command::Restore { file, json } => admin::restore(ctx, &file, json),
        Command::Config { action } => admin::config(ctx, action),
        Command::Completions { shell } => admin::completions(ctx, shell),
        Command::Search {
            query,
            kind,
            limit,
            json,
        } => search::search(ctx, &query.join(" "), kind.map(|k| k.kind()), limit, json),
        Command::Suggest {
            request,
            limit,
            json,
        } => search::suggest(ctx, &request, limit, json),
        Command::Assign {
            request,
            developer,
            json,
        } => search::assign(ctx, &request, &developer, json),
        Command::Skills { departement, json } => search::skills(ctx, departement.as_deref(), json),
        Command::Duplicates { kind, json } => search::duplicates(ctx, kind.map(|k| k.kind()), json),
        Command::Merge {
            kind,
            keep,
            other,
            json,
        } => search::merge(ctx, kind.kind(), &keep, &other, json),
        Command::Manpage => admin::manpage(ctx),
        Command::Publish { what } => publish::publish(ctx, &what),
        Command::Sites { action } => publish::sites(ctx, &action),
        Command::Privacy { action } => privacy::privacy(ctx, &action),
    }
}

/// Writes to stdout, turning a closed pipe into a quiet success upstream.
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).context("stdout")?;
    stdout.flush().context("stdout")?;
    Ok(())
}

/// Progress on stderr, only when a person is watching.
pub fn progress_line(ctx: &Ctx, message: Message) {
    if std::io::stderr().is_terminal() {
        eprint!("{CLEAR_LINE}{}", i18n::fill(&message.render(ctx.lang), &[]));
    }
}

/// Back to the start of the terminal's line, erasing it: a shorter line
/// leaves nothing of the one before.
pub const CLEAR_LINE: &str = "\r\x1b[K";
