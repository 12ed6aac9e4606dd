//! The translation layer: every word a person reads goes through here.
//!
//! Catalogs are TOML files embedded from `assets/i18n/`; keys are dotted paths
//! (`error.unknown_field`). Messages carry named arguments (`{field}`) so that
//! lower layers can describe a problem without knowing the reader's language.
//! French is chosen under a French locale, English otherwise.

mod catalog;
mod format;

pub use catalog::{EN_SOURCES, FR_SOURCES, catalog};
pub use format::{
    format_amount, format_count, format_date, format_degrees, format_hours, format_number,
    format_percent,
};

use std::fmt;

/// The languages Relais speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Fr,
    #[default]
    En,
}

impl Lang {
    /// Parses `fr`, `fr_FR.UTF-8`, `en-GB`…; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("fr") {
            Some(Lang::Fr)
        } else if tag.starts_with("en") || tag == "c" || tag == "posix" || tag.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the language from, in order: an explicit choice (`--lang`), the
    /// configuration, then the POSIX locale variables. English is the fallback.
    pub fn detect(
        explicit: Option<&str>,
        configured: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Lang {
        if let Some(lang) = explicit.and_then(Lang::from_tag) {
            return lang;
        }
        if let Some(lang) = configured.and_then(Lang::from_tag) {
            return lang;
        }
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            let Some(value) = env(var).filter(|v| !v.is_empty()) else {
                continue;
            };
            // LANGUAGE is a colon-separated preference list.
            let first = value.split(':').next().unwrap_or_default();
            return Lang::from_tag(first).unwrap_or(Lang::En);
        }
        Lang::En
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// The text for `key`, or the key itself when missing (a test forbids that).
pub fn tr(lang: Lang, key: &str) -> &str {
    match catalog(lang).get(key) {
        Some(text) => text.as_str(),
        None => key_fallback(key),
    }
}

fn key_fallback(key: &str) -> &str {
    key
}

/// Whether a catalog holds `key` (used for optional texts such as CLI help).
pub fn has(lang: Lang, key: &str) -> bool {
    catalog(lang).contains_key(key)
}

/// Chooses `key.one` or `key.other`. French counts 0 and 1 as singular,
/// English only 1.
pub fn plural_key(lang: Lang, key: &str, n: i64) -> String {
    let singular = match lang {
        Lang::Fr => n.abs() <= 1,
        Lang::En => n.abs() == 1,
    };
    format!("{key}.{}", if singular { "one" } else { "other" })
}

/// Replaces `{name}` placeholders with the given arguments.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(arg, _)| *arg == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message in no language yet: a catalog key and its arguments. Lower layers
/// return these; the interface renders them in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// When set, the key is plural-aware and this argument picks the form.
    pub count: Option<i64>,
    /// Arguments rendered in the reader's language: messages themselves (a
    /// refusal's reason inside "file X: reason"), or texts given in both
    /// languages (a field's label, a vocabulary term's label).
    pub nested: Vec<(&'static str, Nested)>,
}

/// An argument whose text depends on the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Nested {
    Message(Message),
    /// The French text, then the English one.
    Both(String, String),
}

impl Nested {
    fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Nested::Message(message), _) => message.render(lang),
            (Nested::Both(french, _), Lang::Fr) => french.clone(),
            (Nested::Both(_, english), Lang::En) => english.clone(),
        }
    }
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
            count: None,
            nested: Vec::new(),
        }
    }

    /// An argument known in both languages; the reader's one is shown.
    pub fn arg_localized(
        mut self,
        name: &'static str,
        french: impl Into<String>,
        english: impl Into<String>,
    ) -> Self {
        self.nested
            .push((name, Nested::Both(french.into(), english.into())));
        self
    }

    /// The `{field}` argument: a field's label in the reader's language
    /// (`need` → « Besoin »), or its code when it has no label.
    pub fn arg_field(self, field: &str) -> Self {
        self.arg_key("field", &format!("field.{field}"), field)
    }

    /// An argument that is a catalog key (`field.need`), rendered in the
    /// reader's language; a key missing from the catalogs shows `fallback`.
    pub fn arg_key(self, name: &'static str, key: &str, fallback: &str) -> Self {
        let pick = |lang: Lang| match catalog(lang).get(key) {
            Some(text) => text.clone(),
            None => fallback.to_string(),
        };
        self.arg_localized(name, pick(Lang::Fr), pick(Lang::En))
    }

    /// A whole number, with the reader's thousands separator (`3 135 451`,
    /// `3,135,451`).
    pub fn arg_number(self, name: &'static str, n: impl TryInto<i64>) -> Self {
        let n = n.try_into().unwrap_or(i64::MAX);
        self.arg_localized(
            name,
            format::format_count(Lang::Fr, n),
            format::format_count(Lang::En, n),
        )
    }

    /// An argument that is itself a message, rendered in the reader's language.
    pub fn arg_message(mut self, name: &'static str, message: Message) -> Self {
        self.nested.push((name, Nested::Message(message)));
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Makes the message plural-aware: `key.one` / `key.other`, with `{n}`.
    pub fn count(mut self, n: i64) -> Self {
        self.count = Some(n);
        self.args.push(("n", n.to_string()));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let mut args = self.args.clone();
        // A count reads with the language's thousands separator (3 135 451,
        // 3,135,451): region-scale counts are unreadable as bare digits.
        if let Some(n) = self.count
            && let Some(slot) = args.iter_mut().find(|(name, _)| *name == "n")
        {
            slot.1 = format::format_count(lang, n);
        }
        let template = match self.count {
            Some(n) => {
                let key = plural_key(lang, self.key, n);
                catalog(lang)
                    .get(&key)
                    .map(String::as_str)
                    .unwrap_or(self.key)
                    .to_string()
            }
            None => tr(lang, self.key).to_string(),
        };
        args.extend(
            self.nested
                .iter()
                .map(|(name, message)| (*name, message.render(lang))),
        );
        fill(&template, &args)
    }
}

/// Shorthand: the rendered text of a key with arguments.
pub fn t(lang: Lang, key: &'static str, args: &[(&'static str, &dyn fmt::Display)]) -> String {
    let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
    fill(tr(lang, key), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_numbers_read_with_the_thousands_separator() {
        let summary = Message::new("sync.import.done")
            .count(3_135_451)
            .arg("name", "Coordination")
            .arg_number("duplicates", 0usize)
            .arg_number("records", 378_054usize);
        assert_eq!(
            summary.render(Lang::En),
            "Bundle from Coordination imported: 3,135,451 new changes, 0 already known, 378,054 records touched."
        );
        assert!(
            summary
                .render(Lang::Fr)
                .contains("3 135 451 modifications nouvelles")
        );
        assert!(summary.render(Lang::Fr).contains("378 054 fiches"));
    }

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let fr = catalog(Lang::Fr);
        let en = catalog(Lang::En);
        assert!(
            fr.len() > 50,
            "French catalog failed to parse or is nearly empty"
        );
        let mut missing: Vec<String> = Vec::new();
        for key in fr.keys() {
            if !en.contains_key(key) {
                missing.push(format!("en lacks {key}"));
            }
        }
        for key in en.keys() {
            if !fr.contains_key(key) {
                missing.push(format!("fr lacks {key}"));
            }
        }
        missing.sort();
        assert!(missing.is_empty(), "untranslated messages: {missing:#?}");
    }

    #[test]
    fn catalogs_parse_as_toml() {
        for (name, source) in FR_SOURCES.iter().chain(EN_SOURCES) {
            if let Err(err) = source.parse::<toml::Table>() {
                panic!("{name}: {err}");
            }
        }
        assert_eq!(FR_SOURCES.len(), EN_SOURCES.len());
    }

    #[test]
    fn locale_detection_follows_the_documented_order() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::detect(Some("en"), Some("fr"), &env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(None, Some("fr"), &env(&[("LANG", "en_GB.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::detect(None, None, &env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::detect(None, None, &env(&[("LANGUAGE", "fr:en"), ("LANG", "C")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::detect(None, None, &env(&[("LC_ALL", "C"), ("LANG", "fr_FR")])),
            Lang::En
        );
        assert_eq!(
            Lang::detect(None, None, &env(&[("LANG", "de_DE.UTF-8")])),
            Lang::En
        );
        assert_eq!(Lang::detect(None, None, &env(&[])), Lang::En);
    }

    #[test]
    fn french_plural_counts_zero_as_singular() {
        assert_eq!(plural_key(Lang::Fr, "x", 0), "x.one");
        assert_eq!(plural_key(Lang::Fr, "x", 1), "x.one");
        assert_eq!(plural_key(Lang::Fr, "x", 2), "x.other");
        assert_eq!(plural_key(Lang::En, "x", 0), "x.other");
        assert_eq!(plural_key(Lang::En, "x", 1), "x.one");
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let args = [("a", "1".to_string())];
        assert_eq!(fill("x {a} y {b} {", &args), "x 1 y {b} {");
    }
}
