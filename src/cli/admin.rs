//! Looking after an installation: `backup`, `compact`, `restore`, `config`, shell
//! `completions` and the manual page. Each calls `app` and prints its outcome.

use super::args::{Cli, ConfigAction};
use super::help::Target;
use super::output::{json_or_sentence, label_width, pad, print_json};
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
    let sentence = Message::new("backup.done")
        .arg("path", done.path.display())
        .arg_number("changes", done.changes)
        .arg_number("bytes", done.bytes);
    json_or_sentence(ctx, json, &done, sentence)
}

pub fn compact(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let done = app.compact().map_err(|err| ctx.app_error(err))?;
    let sentence = Message::new("compact.done")
        .arg("path", done.path.display())
        .arg_number("before", done.bytes_before)
        .arg_number("after", done.bytes_after)
        .count(i64::try_from(done.free_bytes_reclaimed).unwrap_or(i64::MAX));
    json_or_sentence(ctx, json, &done, sentence)
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
                // An empty value reads as a dash, not as nothing.
                let value = match setting.value.is_empty() {
                    true => "—",
                    false => setting.value.as_str(),
                };
                text.push_str(&format!(
                    "  {} = {value}{origin}\n",
                    pad(setting.key.name(), width),
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

/// The command tree with its texts in the reader's language, for `target`.
fn command(lang: Lang, target: Target) -> clap::Command {
    super::help::localise(Cli::command(), lang, target)
}

pub fn completions(ctx: &Ctx, shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut buffer = Vec::new();
    clap_complete::generate(
        shell,
        &mut command(ctx.lang, Target::Terminal),
        "relais",
        &mut buffer,
    );
    out(&String::from_utf8_lossy(&buffer))?;
    Ok(ExitCode::SUCCESS)
}

/// Section headings clap_mangen writes in English, in French. Headings it
/// takes from the command (the translated "Commandes") are only put in
/// capitals, as man pages write them.
const FRENCH_HEADINGS: [(&str, &str); 8] = [
    ("NAME", "NOM"),
    ("SYNOPSIS", "SYNOPSIS"),
    ("DESCRIPTION", "DESCRIPTION"),
    ("OPTIONS", "OPTIONS"),
    ("SUBCOMMANDS", "COMMANDES"),
    ("EXTRA", "REMARQUES"),
    ("VERSION", "VERSION"),
    ("AUTHORS", "AUTEURS"),
];

/// The phrases clap_mangen writes in English inside the sections, as they
/// appear in its roff (`\ ` keeps a French space before the colon on
/// its line), in French.
const FRENCH_PHRASES: [(&str, &str); 6] = [
    (
        "May also be specified with the ",
        "Peut aussi être donné par la variable d\\*(Aqenvironnement ",
    ),
    (" environment variable. ", ". "),
    ("\\fIPossible values:\\fR", "\\fIValeurs possibles\\ :\\fR"),
    ("[default: ", "[par défaut\\ : "),
    ("[aliases: ", "[alias\\ : "),
    ("[possible values: ", "[valeurs possibles\\ : "),
];

/// The manual page's roff with clap_mangen's English made French: its
/// section headings, then its phrases.
fn french_roff(roff: &str) -> String {
    let mut text: String = roff
        .lines()
        .map(|line| match line.strip_prefix(".SH ") {
            Some(heading) => {
                let french = FRENCH_HEADINGS
                    .iter()
                    .find(|(english, _)| *english == heading)
                    .map_or_else(|| heading.to_uppercase(), |(_, french)| french.to_string());
                format!(".SH {french}\n")
            }
            None => format!("{line}\n"),
        })
        .collect();
    for (english, french) in FRENCH_PHRASES {
        text = text.replace(english, french);
    }
    text
}

/// Section headings in capitals (clap_mangen keeps the case of the
/// command's own headings, "Commands").
fn capital_headings(roff: &str) -> String {
    roff.lines()
        .map(|line| match line.strip_prefix(".SH ") {
            Some(heading) => format!(".SH {}\n", heading.to_uppercase()),
            None => format!("{line}\n"),
        })
        .collect()
}

/// The `.TH` line written again: clap_mangen leaves out the empty date
/// instead of quoting it, so `man` took the version for the date and the
/// manual's name for the source, and wrote "General Commands Manual" in
/// English at the top of the page.
fn title_line(roff: &str, manual: &str) -> String {
    let manual: String = manual
        .chars()
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let title = format!(
        ".TH RELAIS 1 \"\" \"relais {}\" \"{manual}\"",
        env!("CARGO_PKG_VERSION")
    );
    roff.lines()
        .map(|line| {
            if line.starts_with(".TH ") {
                format!("{title}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

pub fn manpage(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let man = clap_mangen::Man::new(command(ctx.lang, Target::Manual))
        .title("RELAIS")
        .section("1")
        .manual(ctx.say(Message::new("cli.manual")));
    let mut buffer = Vec::new();
    man.render(&mut buffer)?;
    let roff = title_line(
        &String::from_utf8_lossy(&buffer),
        &ctx.say(Message::new("cli.manual")),
    );
    let text = match ctx.lang {
        Lang::Fr => french_roff(&roff),
        Lang::En => capital_headings(&roff),
    };
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_word_clap_mangen_writes_is_made_french() {
        let roff = ".SH NAME\nrelais\n.SH Commandes\n.SH EXTRA\n\
            May also be specified with the \\fBRELAIS_DB\\fR environment variable. \n\
            \\fIPossible values:\\fR\n[default: 7] [aliases: ls] [possible values: fr, en]\n";
        let french = french_roff(roff);
        assert_eq!(
            french,
            ".SH NOM\nrelais\n.SH COMMANDES\n.SH REMARQUES\n\
             Peut aussi être donné par la variable d\\*(Aqenvironnement \\fBRELAIS_DB\\fR. \n\
             \\fIValeurs possibles\\ :\\fR\n[par défaut\\ : 7] [alias\\ : ls] \
             [valeurs possibles\\ : fr, en]\n"
        );
        assert_eq!(capital_headings(".SH Commands\nx\n"), ".SH COMMANDS\nx\n");
        assert_eq!(
            title_line(
                ".TH RELAIS 1  \"relais 0.1.0\" \"M\"\n.SH NAME\n",
                "Manuel de \"Relais\""
            ),
            format!(
                ".TH RELAIS 1 \"\" \"relais {}\" \"Manuel de Relais\"\n.SH NAME\n",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
