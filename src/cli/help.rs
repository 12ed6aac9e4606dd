//! Help in the reader's language: clap's command tree gets its texts from the
//! `cli.*` keys of the catalogs, and `add KIND --help` / `set KIND --help`
//! list the kind's fields with the values they accept.

use crate::domain::schema::{Element, ElementValue, FieldDef, FieldType, Kind};
use crate::domain::vocab::Vocab;
use crate::i18n::{self, Lang};
use clap::Command;

/// Where the translated command tree is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `--help` in a terminal: what clap adds after an argument's help is
    /// said in the reader's language (`facts_in_words`), headings take the
    /// language's colon.
    Terminal,
    /// The manual page: clap_mangen lists environment variables, defaults
    /// and possible values its own way (`admin::french_roff` translates
    /// them), and its headings have no colon.
    Manual,
}

/// Attaches translated texts to every command and argument that has one.
pub fn localise(command: Command, lang: Lang, target: Target) -> Command {
    let mut command = command
        .about(i18n::tr(lang, "cli.about").to_string())
        .after_help(i18n::tr(lang, "cli.after_help").to_string())
        .long_version(long_version(lang));
    // Building adds clap's own `--help` and `--version` to every command, so
    // that their texts can be translated too.
    command.build();
    localise_tree(command, "", lang, target)
}

/// `relais --version`: the version, the commit, SQLite and bundle formats.
fn long_version(lang: Lang) -> String {
    let about = crate::app::about::about();
    let reads: Vec<String> = about.reads.iter().map(u16::to_string).collect();
    crate::i18n::Message::new("cli.version")
        .arg("version", about.version)
        .arg("commit", about.commit)
        .arg("sqlite", about.sqlite)
        .arg("reads", reads.join(", "))
        .arg("writes", about.writes)
        .render(lang)
}

fn localise_tree(mut command: Command, path: &str, lang: Lang, target: Target) -> Command {
    // clap's own headings ("Usage:", "Options:"…) in the reader's language.
    command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            i18n::tr(lang, "cli.heading.usage")
        ))
        .subcommand_help_heading(heading(lang, "cli.heading.commands", target))
        .subcommand_value_name(i18n::tr(lang, "cli.value.COMMAND").to_string());
    let args: Vec<(String, bool)> = command
        .get_arguments()
        .map(|arg| (arg.get_id().to_string(), arg.is_positional()))
        .collect();
    for (order, (id, positional)) in args.iter().enumerate() {
        let key = if *positional {
            "cli.heading.arguments"
        } else {
            "cli.heading.options"
        };
        let heading = heading(lang, key, target);
        // Listed as declared: the command's own options, then the global
        // ones, then help (clap would interleave them by their rank in
        // their own command, and sort arguments by name).
        command = command.mut_arg(id, |arg| arg.help_heading(heading).display_order(order));
    }
    let ids: Vec<String> = args.into_iter().map(|(id, _)| id).collect();
    for id in &ids {
        command = command.mut_arg(id, |arg| value_names(arg, lang));
    }
    for id in ids {
        let specific = format!("cli.arg.{path}.{id}");
        let general = format!("cli.arg.{id}");
        let key = if i18n::has(lang, &specific) {
            specific
        } else {
            general
        };
        if i18n::has(lang, &key) {
            let text = i18n::catalog(lang)[&key].clone();
            command = command.mut_arg(&id, |arg| arg.help(text));
        }
        if target == Target::Terminal {
            command = command.mut_arg(&id, |arg| facts_in_words(arg, lang));
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        let key = format!("cli.cmd.{sub_path}");
        // A kind under `add` or `set` is named as the screens name one
        // record (`request  Demande`) unless the catalog says more.
        let kind_one = Kind::from_name(&name).map(|kind| format!("tui.kind_one.{}", kind.name()));
        let about = [Some(key), kind_one]
            .into_iter()
            .flatten()
            .find(|key| i18n::has(lang, key))
            .map(|key| i18n::catalog(lang)[&key].clone());
        let kind_help = match (path, Kind::from_name(&name)) {
            ("add" | "set", Some(kind)) => Some(fields_help(kind, lang)),
            _ => None,
        };
        let child_path = sub_path.clone();
        command = command.mut_subcommand(&name, move |mut sub| {
            if let Some(about) = about {
                sub = sub.about(about);
            }
            if let Some(fields) = kind_help {
                sub = sub.after_help(fields);
            }
            localise_tree(sub, &child_path, lang, target)
        });
    }
    command
}

/// A heading as clap writes it in a terminal, followed by its colon:
/// French sets a (no-break) space before it.
fn heading(lang: Lang, key: &str, target: Target) -> String {
    let text = i18n::tr(lang, key);
    match (lang, target) {
        (Lang::Fr, Target::Terminal) => format!("{text}\u{a0}"),
        _ => text.to_string(),
    }
}

/// What clap adds after an argument's help in English (`[env: …]`,
/// `[default: …]`, `[possible values: …]`), said in the reader's language
/// instead: clap's own are hidden. Possible values are not listed where
/// the help already names some of them.
fn facts_in_words(arg: clap::Arg, lang: Lang) -> clap::Arg {
    let mut facts = Vec::new();
    if let Some(name) = arg.get_env() {
        let name = name.to_string_lossy();
        facts.push(i18n::t(lang, "cli.fact.env", &[("name", &name)]));
    }
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() {
        let values = defaults.join(", ");
        facts.push(i18n::t(lang, "cli.fact.default", &[("values", &values)]));
    }
    let help = arg
        .get_help()
        .map(|help| help.to_string())
        .unwrap_or_default();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    // A help that names values in its words is the better account (`csv
    // or json`, where GeoJSON is refused with its reason).
    let named = possible.iter().any(|value| names_word(&help, value));
    if takes_values && !possible.is_empty() && !named {
        let values = possible.join(", ");
        facts.push(i18n::t(lang, "cli.fact.possible", &[("values", &values)]));
    }
    let arg = arg
        .hide_env(true)
        .hide_default_value(true)
        .hide_possible_values(true);
    if facts.is_empty() {
        return arg;
    }
    let text = [help]
        .into_iter()
        .filter(|help| !help.is_empty())
        .chain(facts)
        .collect::<Vec<_>>()
        .join(" ");
    arg.help(text)
}

/// Whether `word` stands alone in `text` (not inside a longer word).
fn names_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .any(|part| part == word)
}

/// The placeholders of an argument's values (`<PATH>`) in the reader's
/// language (`cli.value.PATH`), for the help and the manual page. An
/// argument without a placeholder of its own takes its name's (`--year`:
/// `YEAR`), as clap would show it.
fn value_names(arg: clap::Arg, lang: Lang) -> clap::Arg {
    let own: Vec<String> = arg
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .map(|name| name.to_string())
        .collect();
    let own = match own.is_empty() && arg.get_action().takes_values() {
        true => vec![arg.get_id().as_str().to_uppercase()],
        false => own,
    };
    let names: Vec<String> = own
        .iter()
        .map(|name| {
            let key = format!("cli.value.{name}");
            if i18n::has(lang, &key) {
                i18n::tr(lang, &key).to_string()
            } else {
                name.to_string()
            }
        })
        .collect();
    if names.is_empty() {
        arg
    } else {
        arg.value_names(names)
    }
}

fn allowed(vocab: Vocab) -> String {
    vocab.slugs().join(", ")
}

/// What one field accepts, in words.
pub fn describe_field(def: &FieldDef, lang: Lang) -> String {
    if let Some(set) = def.set {
        let elements = match set.element {
            Element::Vocab(vocab) => allowed(vocab),
            Element::Ref(kind) => i18n::t(lang, "help.type.ref", &[("kind", &kind.name())]),
        };
        let key = match set.value {
            ElementValue::Flag => "help.set.flag",
            ElementValue::Level => "help.set.level",
            ElementValue::Date => "help.set.date",
            ElementValue::Count => "help.set.count",
        };
        return i18n::t(lang, key, &[("elements", &elements)]);
    }
    match def.ty {
        FieldType::Text => i18n::tr(lang, "help.type.text").to_string(),
        FieldType::LongText => i18n::tr(lang, "help.type.long_text").to_string(),
        FieldType::Departement => i18n::tr(lang, "help.type.departement").to_string(),
        FieldType::Commune => i18n::tr(lang, "help.type.commune").to_string(),
        FieldType::Vocab(vocab) => {
            i18n::t(lang, "help.type.one_of", &[("allowed", &allowed(vocab))])
        }
        FieldType::Status => i18n::t(
            lang,
            "help.type.status",
            &[("allowed", &allowed(Vocab::Status))],
        ),
        FieldType::Licence => i18n::t(
            lang,
            "help.type.one_of",
            &[("allowed", &allowed(Vocab::Licence))],
        ),
        FieldType::Date => i18n::tr(lang, "help.type.date").to_string(),
        FieldType::Hours => i18n::tr(lang, "help.type.hours").to_string(),
        FieldType::Latitude => i18n::tr(lang, "help.type.latitude").to_string(),
        FieldType::Longitude => i18n::tr(lang, "help.type.longitude").to_string(),
        FieldType::Count | FieldType::Seq => i18n::tr(lang, "help.type.count").to_string(),
        FieldType::Amount => i18n::tr(lang, "help.type.amount").to_string(),
        FieldType::Year => i18n::tr(lang, "help.type.year").to_string(),
        FieldType::Ref(kind) => i18n::t(lang, "help.type.ref", &[("kind", &kind.name())]),
        FieldType::Url => i18n::tr(lang, "help.type.url").to_string(),
        FieldType::Contact => i18n::tr(lang, "help.type.contact").to_string(),
        FieldType::Siret => i18n::tr(lang, "help.type.siret").to_string(),
        FieldType::PublicKey => i18n::tr(lang, "help.type.public_key").to_string(),
    }
}

/// Lines of the help are kept under clap's maximum width, so that clap does
/// not re-wrap them and break the columns.
const HELP_WIDTH: usize = 96;

/// Wraps `text` into lines of at most `width` characters, breaking at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines
            .last_mut()
            .map(|line| line.chars().count())
            .unwrap_or(0);
        if current > 0 && current + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// The fields of a kind, one per line, required ones marked with `*`.
pub fn fields_help(kind: Kind, lang: Lang) -> String {
    let width = kind
        .fields()
        .iter()
        .map(|def| def.name.len())
        .max()
        .unwrap_or(0)
        + 2;
    let indent = width + 3;
    let mut out = format!(
        "{}\n",
        i18n::t(lang, "help.fields_of", &[("kind", &kind.name())])
    );
    for def in kind.fields() {
        let marker = if def.required { "*" } else { " " };
        let lines = wrap(&describe_field(def, lang), HELP_WIDTH - indent);
        for (index, line) in lines.iter().enumerate() {
            if index == 0 {
                out.push_str(&format!("  {marker}{:<width$}{line}\n", def.name));
            } else {
                out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
            }
        }
    }
    for line in wrap(i18n::tr(lang, "help.fields_footer"), HELP_WIDTH) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command's help, by its path, with lines joined (clap wraps).
    fn every_help(lang: Lang) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let top = localise(super::super::args::Cli::command(), lang, Target::Terminal);
        let mut stack = vec![("relais".to_string(), top)];
        while let Some((path, mut command)) = stack.pop() {
            let text = command.render_help().to_string();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for sub in command.get_subcommands() {
                stack.push((format!("{path} {}", sub.get_name()), sub.clone()));
            }
            out.push((path, text));
        }
        out
    }

    fn help_of(lang: Lang, bin_name: &str) -> String {
        every_help(lang)
            .into_iter()
            .find(|(name, _)| name == bin_name)
            .map(|(_, text)| text)
            .unwrap_or_default()
    }

    /// The placeholders (`<FICHIER>`, `[TYPE]`) a help shows.
    fn placeholders(text: &str) -> Vec<&str> {
        text.split(['<', '['])
            .skip(1)
            .filter_map(|rest| rest.split_once(['>', ']']).map(|(inside, _)| inside))
            .filter(|inside| {
                !inside.is_empty()
                    && inside
                        .chars()
                        .all(|c| c.is_uppercase() || c == '_' || c == ':')
            })
            .collect()
    }

    #[test]
    fn french_help_keeps_nothing_of_clap_s_english() {
        let helps = every_help(Lang::Fr);
        assert!(helps.len() > 60, "every command: {}", helps.len());
        let french_names: Vec<&str> = i18n::catalog(Lang::Fr)
            .iter()
            .filter(|(key, _)| key.starts_with("cli.value."))
            .map(|(_, value)| value.as_str())
            .collect();
        let english = [
            "[env:",
            "[default:",
            "[possible values:",
            "Usage:",
            "Print help",
            "Commandes:",
            "Options:",
            "Arguments:",
        ];
        for (name, text) in helps {
            for word in english {
                assert!(!text.contains(word), "{name}: {word} in {text}");
            }
            for placeholder in placeholders(&text) {
                // `[OPTIONS]` is French too; `SITE:SEQ` spells a format.
                let known = french_names.contains(&placeholder)
                    || matches!(placeholder, "OPTIONS" | "SITE:SEQ");
                assert!(known, "{name}: <{placeholder}> has no French name");
            }
        }
    }

    /// Every command a help lists says what it does (`relais add --help`
    /// listed its kinds with nothing beside them).
    #[test]
    fn every_command_is_described_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let top = localise(super::super::args::Cli::command(), lang, Target::Terminal);
            let mut stack = vec![top];
            while let Some(command) = stack.pop() {
                for sub in command.get_subcommands() {
                    let about = sub.get_about().map(|about| about.to_string());
                    assert!(
                        about.is_some_and(|about| !about.trim().is_empty()),
                        "{lang:?}: {} {} has no description",
                        command.get_name(),
                        sub.get_name()
                    );
                    stack.push(sub.clone());
                }
            }
        }
        assert!(help_of(Lang::Fr, "relais add").contains("request Demande"));
    }

    #[test]
    fn env_defaults_and_choices_are_said_in_each_language() {
        let top = help_of(Lang::Fr, "relais");
        assert!(top.contains("[variable : RELAIS_DB]"), "{top}");
        assert!(top.contains("Commandes : init"), "{top}");
        let search = help_of(Lang::Fr, "relais search");
        assert!(search.contains("[défaut : 20]"), "{search}");
        assert!(search.contains("[valeurs possibles : request,"), "{search}");
        assert!(help_of(Lang::En, "relais").contains("[env: RELAIS_DB]"));
        // A help that names the values in words keeps them to itself.
        let skills = help_of(Lang::En, "relais publish skills");
        assert!(skills.contains("csv or json [default: csv]"), "{skills}");
        assert!(!skills.contains("geojson"), "{skills}");
    }

    #[test]
    fn own_options_come_first_and_arguments_in_usage_order() {
        let report = help_of(Lang::En, "relais report");
        let at = |text: &str, word: &str| text.find(word).unwrap_or(usize::MAX);
        assert!(at(&report, "--year") < at(&report, "--db"), "{report}");
        assert!(at(&report, "--json") < at(&report, "--config"), "{report}");
        let merge = help_of(Lang::En, "relais merge");
        let listed = &merge[at(&merge, "Arguments:")..];
        assert!(
            at(listed, "<KIND>") < at(listed, "<KEEP>")
                && at(listed, "<KEEP>") < at(listed, "<OTHER>"),
            "{merge}"
        );
    }
}
