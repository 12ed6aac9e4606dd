//! Looking after an installation: `backup`, `restore`, `config`, shell
//! `completions` and the manual page. Each calls `app` and prints its outcome.

use super::args::{Cli, ConfigAction};
use super::output::{label_width, pad, print_json};
use super::{Ctx, out};
use crate::app::backup;
use crate::app::settings::ConfigKey;
use crate::i18n::{Lang, Message};
use clap::CommandFactory;
use std::path::Path;
use std::process::ExitCode;

pub fn backup(ctx: &Ctx, out_path: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let done = app.backup(out_path).map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&done)?;
        return Ok(ExitCode::SUCCESS);
    }
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("backup.done")
                .arg("path", done.path.display())
                .arg("changes", done.changes)
                .arg("bytes", done.bytes)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn restore(ctx: &Ctx, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let author = ctx.config.author.clone().unwrap_or_default();
    let restored = backup::restore(&ctx.db, file, ctx.clock.clone(), &author)
        .map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&restored)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut lines = vec![
        Message::new("restore.done")
            .arg("from", file.display())
            .arg("path", restored.database.display()),
        Message::new("restore.new_site")
            .arg("old", &restored.old_site)
            .arg("new", &restored.new_site),
    ];
    if let Some(aside) = &restored.set_aside {
        lines.push(Message::new("restore.set_aside").arg("path", aside.display()));
    }
    lines.push(Message::new("restore.next"));
    let text: String = lines
        .into_iter()
        .map(|line| format!("{}\n", ctx.say(line)))
        .collect();
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn config(ctx: &Ctx, action: ConfigAction) -> anyhow::Result<ExitCode> {
    match action {
        ConfigAction::Path => {
            out(&format!("{}\n", ctx.config_path.display()))?;
        }
        ConfigAction::Show { json } => {
            let settings = ctx.config.settings();
            if json {
                print_json(&settings)?;
                return Ok(ExitCode::SUCCESS);
            }
            let width = label_width(settings.iter().map(|s| s.key.name()));
            let mut text = format!(
                "{}\n",
                ctx.say(Message::new("config.file").arg("path", ctx.config_path.display()))
            );
            for setting in &settings {
                let origin = if setting.set {
                    String::new()
                } else {
                    format!("  ({})", ctx.say(Message::new("config.default")))
                };
                text.push_str(&format!(
                    "  {} = {}{origin}\n",
                    pad(setting.key.name(), width),
                    setting.value
                ));
            }
            out(&text)?;
        }
        ConfigAction::Set { key, value } => {
            let key = ConfigKey::parse(&key).map_err(|err| ctx.app_error(err))?;
            let mut config = ctx.config.clone();
            config.set(key, &value).map_err(|err| ctx.app_error(err))?;
            config
                .save(&ctx.config_path)
                .map_err(|err| ctx.app_error(err))?;
            let now = config
                .settings()
                .into_iter()
                .find(|setting| setting.key == key)
                .map(|setting| setting.value)
                .unwrap_or_default();
            out(&format!(
                "{}\n",
                ctx.say(
                    Message::new("config.saved")
                        .arg("key", key.name())
                        .arg("value", now)
                        .arg("path", ctx.config_path.display())
                )
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The command tree with its texts in the reader's language.
fn command(lang: Lang) -> clap::Command {
    super::help::localise(Cli::command(), lang)
}

pub fn completions(ctx: &Ctx, shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command(ctx.lang), "relais", &mut buffer);
    out(&String::from_utf8_lossy(&buffer))?;
    Ok(ExitCode::SUCCESS)
}

/// Section headings of the manual page that clap_mangen writes in English.
const FRENCH_HEADINGS: [(&str, &str); 4] = [
    (".SH NAME", ".SH NOM"),
    (".SH SUBCOMMANDS", ".SH COMMANDES"),
    (".SH EXTRA", ".SH VOIR AUSSI"),
    (".SH VERSION", ".SH VERSION"),
];

pub fn manpage(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let man = clap_mangen::Man::new(command(ctx.lang))
        .title("RELAIS")
        .section("1")
        .manual(ctx.say(Message::new("cli.manual")));
    let mut buffer = Vec::new();
    man.render(&mut buffer)?;
    let mut text = String::from_utf8_lossy(&buffer).into_owned();
    if ctx.lang == Lang::Fr {
        text = text
            .lines()
            .map(|line| {
                FRENCH_HEADINGS
                    .iter()
                    .find(|(english, _)| line == *english)
                    .map_or(line, |(_, french)| french)
            })
            .collect::<Vec<_>>()
            .join("\n");
        text.push('\n');
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
