//! Help in the reader's language: clap's command tree gets its texts from the
//! `cli.*` keys of the catalogs, and `add KIND --help` / `set KIND --help`
//! list the kind's fields with the values they accept.

use crate::domain::schema::{Element, ElementValue, FieldDef, FieldType, Kind};
use crate::domain::vocab::Vocab;
use crate::i18n::{self, Lang};
use clap::Command;

/// Attaches translated texts to every command and argument that has one.
pub fn localise(command: Command, lang: Lang) -> Command {
    let mut command = command
        .about(i18n::tr(lang, "cli.about").to_string())
        .after_help(i18n::tr(lang, "cli.after_help").to_string())
        .long_version(long_version(lang));
    // Building adds clap's own `--help` and `--version` to every command, so
    // that their texts can be translated too.
    command.build();
    localise_tree(command, "", lang)
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

fn localise_tree(mut command: Command, path: &str, lang: Lang) -> Command {
    // clap's own headings ("Usage:", "Options:"…) in the reader's language.
    command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            i18n::tr(lang, "cli.heading.usage")
        ))
        .subcommand_help_heading(i18n::tr(lang, "cli.heading.commands").to_string());
    let args: Vec<(String, bool)> = command
        .get_arguments()
        .map(|arg| (arg.get_id().to_string(), arg.is_positional()))
        .collect();
    for (id, positional) in &args {
        let heading = if *positional {
            "cli.heading.arguments"
        } else {
            "cli.heading.options"
        };
        let heading = i18n::tr(lang, heading).to_string();
        command = command.mut_arg(id, |arg| arg.help_heading(heading));
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
            command = command.mut_arg(id, |arg| arg.help(text));
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
        let about = i18n::has(lang, &key).then(|| i18n::catalog(lang)[&key].clone());
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
            localise_tree(sub, &child_path, lang)
        });
    }
    command
}

/// The placeholders of an argument's values (`<PATH>`) in the reader's
/// language (`cli.value.PATH`), for the help and the manual page.
fn value_names(arg: clap::Arg, lang: Lang) -> clap::Arg {
    let names: Vec<String> = arg
        .get_value_names()
        .unwrap_or_default()
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
