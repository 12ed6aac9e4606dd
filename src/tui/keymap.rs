//! Key bindings as data: `assets/keymap.toml` (built in), overridden by a
//! user's `keymap.toml`. `resolve` is a pure function from a key and the
//! current context to an action; the footer and the help overlay list the
//! same bindings, so they never lie.

use crate::app::ui::registry::CONTEXTS;
use crate::app::ui::{Action, Context};
use crate::i18n::{Lang, tr};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// The section that applies wherever no text is typed; each context's own
/// section is named in its `registry` row.
pub const GLOBAL: &str = "global";

/// Whether `name` is a section of the keymap file.
fn known_section(name: &str) -> bool {
    name == GLOBAL || CONTEXTS.iter().any(|spec| spec.section == name)
}

/// A key with its modifiers, normalised (Shift is part of the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub fn from_event(event: KeyEvent) -> Chord {
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match event.code {
            // Some terminals send Ctrl-letters as upper case.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Chord { code, mods }
    }

    /// Parses `q`, `G`, `ctrl-s`, `f1`, `pagedown`, `backtab`…
    pub fn parse(text: &str) -> Option<Chord> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(after) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = after;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            other => {
                let mut chars = other.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    (Some('f'), Some(_)) => {
                        KeyCode::F(other[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                    }
                    _ => return None,
                }
            }
        };
        Some(Chord { code, mods })
    }

    /// How the key is written in the footer and the help.
    pub fn display(&self, lang: Lang) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str(tr(lang, "tui.key.space")),
            KeyCode::Char(c) => out.push(c),
            KeyCode::Enter => out.push_str(tr(lang, "tui.key.enter")),
            KeyCode::Esc => out.push_str(tr(lang, "tui.key.esc")),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str(tr(lang, "tui.key.backtab")),
            KeyCode::Backspace => out.push('⌫'),
            KeyCode::Delete => out.push_str(tr(lang, "tui.key.delete")),
            KeyCode::Up => out.push('↑'),
            KeyCode::Down => out.push('↓'),
            KeyCode::Left => out.push('←'),
            KeyCode::Right => out.push('→'),
            KeyCode::PageUp => out.push_str(tr(lang, "tui.key.pageup")),
            KeyCode::PageDown => out.push_str(tr(lang, "tui.key.pagedown")),
            KeyCode::Home => out.push_str(tr(lang, "tui.key.home")),
            KeyCode::End => out.push_str(tr(lang, "tui.key.end")),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

/// Bindings per section, in the order of `action::NAMED` (toml tables do
/// not keep the file order).
#[derive(Clone, Debug)]
pub struct Keymap {
    sections: Sections,
}

/// A problem in a keymap file, said in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapError(pub String);

/// Bindings of each section: action and its keys.
type Sections = HashMap<String, Vec<(Action, Vec<Chord>)>>;

fn parse_sections(text: &str) -> Result<Sections, KeymapError> {
    let table: toml::Table = text
        .parse()
        .map_err(|err: toml::de::Error| KeymapError(err.message().to_string()))?;
    let mut sections = HashMap::new();
    for (section, value) in table {
        if !known_section(&section) {
            return Err(KeymapError(format!("[{section}]")));
        }
        let Some(actions) = value.as_table() else {
            return Err(KeymapError(format!("[{section}]")));
        };
        let mut bindings = Vec::new();
        for (name, keys) in actions {
            let action =
                Action::from_name(name).ok_or_else(|| KeymapError(format!("{section}.{name}")))?;
            let keys = keys
                .as_array()
                .ok_or_else(|| KeymapError(format!("{section}.{name}")))?
                .iter()
                .map(|key| {
                    key.as_str()
                        .and_then(Chord::parse)
                        .ok_or_else(|| KeymapError(format!("{section}.{name} = {key}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            bindings.push((action, keys));
        }
        // toml tables do not keep file order: keep a stable, documented one.
        bindings.sort_by_key(|(action, _)| {
            crate::app::ui::action::NAMED
                .iter()
                .position(|(_, named)| named == action)
                .unwrap_or(usize::MAX)
        });
        sections.insert(section, bindings);
    }
    Ok(sections)
}

impl Keymap {
    /// The built-in keymap.
    pub fn builtin() -> Keymap {
        // The built-in file is checked by a test; an empty map is the fallback.
        Keymap {
            sections: parse_sections(DEFAULT_KEYMAP).unwrap_or_default(),
        }
    }

    /// The built-in keymap with a user's file laid over it: each action the
    /// user lists takes exactly the keys given.
    pub fn with_user_file(text: &str) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap::builtin();
        for (section, bindings) in parse_sections(text)? {
            let entry = keymap.sections.entry(section).or_default();
            for (action, keys) in bindings {
                entry.retain(|(existing, _)| *existing != action);
                entry.push((action, keys));
            }
        }
        Ok(keymap)
    }

    fn section(&self, name: &str) -> &[(Action, Vec<Chord>)] {
        self.sections.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The action a key does in a context; a printable key in a text
    /// context types itself.
    pub fn resolve(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let chord = Chord::from_event(event);
        let find = |section: &str| {
            self.section(section)
                .iter()
                .find(|(_, keys)| keys.contains(&chord))
                .map(|(action, _)| *action)
        };
        if let Some(action) = find(context.section()) {
            return Some(action);
        }
        if context.types_text() {
            return match chord.code {
                KeyCode::Char(c)
                    if !chord
                        .mods
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    Some(Action::Type(c))
                }
                _ => None,
            };
        }
        find(GLOBAL)
    }

    /// Every binding that applies in a context: its own, then the global ones.
    pub fn bindings(&self, context: Context) -> Vec<(Action, &[Chord])> {
        let mut out: Vec<(Action, &[Chord])> = self
            .section(context.section())
            .iter()
            .map(|(action, keys)| (*action, keys.as_slice()))
            .collect();
        if !context.types_text() {
            for (action, keys) in self.section(GLOBAL) {
                if !out.iter().any(|(known, _)| known == action) {
                    out.push((*action, keys.as_slice()));
                }
            }
        }
        out
    }

    /// The bindings of a context's own section (the help lists the global
    /// ones once, under their own heading).
    pub fn own_bindings(&self, context: Context) -> Vec<(Action, &[Chord])> {
        self.section(context.section())
            .iter()
            .map(|(action, keys)| (*action, keys.as_slice()))
            .collect()
    }

    /// The bindings that work wherever no text is typed.
    pub fn global_bindings(&self) -> Vec<(Action, &[Chord])> {
        self.section(GLOBAL)
            .iter()
            .map(|(action, keys)| (*action, keys.as_slice()))
            .collect()
    }

    /// The key shown for an action in a context: the first bound, except
    /// where the reader's word has its own bound key (« o oui », not « y oui »).
    pub fn first_key(&self, context: Context, action: Action, lang: Lang) -> Option<String> {
        let keys = self
            .bindings(context)
            .into_iter()
            .find(|(known, _)| *known == action)?
            .1;
        let spoken = SPOKEN_KEYS
            .iter()
            .find(|(known, in_lang, _)| *known == action && *in_lang == lang)
            .and_then(|(_, _, letter)| {
                keys.iter()
                    .find(|key| key.code == KeyCode::Char(*letter) && key.mods.is_empty())
            });
        spoken.or(keys.first()).map(|key| key.display(lang))
    }
}

/// Answers whose key is the first letter of the word in a language, shown
/// in that language when the keymap binds it.
const SPOKEN_KEYS: &[(Action, Lang, char)] = &[(Action::Yes, Lang::Fr, 'o')];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> KeyEvent {
        let chord = Chord::parse(text).expect(text);
        KeyEvent::new(chord.code, chord.mods)
    }

    /// `(context, key, expected action)`, like helix's key-sequence tests.
    fn check(cases: &[(Context, &str, Option<Action>)]) {
        let keymap = Keymap::builtin();
        for (context, text, expected) in cases {
            assert_eq!(
                keymap.resolve(*context, key(text)),
                *expected,
                "{context:?} {text}"
            );
        }
    }

    #[test]
    fn the_builtin_keymap_parses_and_binds_every_section() {
        parse_sections(DEFAULT_KEYMAP).expect("assets/keymap.toml");
        let keymap = Keymap::builtin();
        for name in CONTEXTS.iter().map(|spec| spec.section).chain([GLOBAL]) {
            assert!(!keymap.section(name).is_empty(), "[{name}] is empty");
        }
    }

    #[test]
    fn browse_keys_act_and_vim_keys_are_alternatives() {
        use Action::*;
        use Context::Browse;
        check(&[
            (Browse, "down", Some(Down)),
            (Browse, "j", Some(Down)),
            (Browse, "k", Some(Up)),
            (Browse, "G", Some(Bottom)),
            (Browse, "enter", Some(Open)),
            (Browse, "q", Some(Quit)),
            (Browse, "/", Some(Search)),
            (Browse, "f1", Some(Help)),
            (Browse, "tab", Some(NextScreen)),
            (Browse, "3", Some(Screen(2))),
            (Browse, "z", None),
        ]);
    }

    #[test]
    fn in_a_text_field_letters_type_and_esc_leaves() {
        use Action::*;
        check(&[
            (Context::Form, "q", Some(Type('q'))),
            (Context::Form, "j", Some(Type('j'))),
            (Context::Form, "/", Some(Type('/'))),
            (Context::Form, "esc", Some(Back)),
            (Context::Form, "ctrl-s", Some(Save)),
            (Context::Form, "ctrl-c", Some(Quit)),
            (Context::Form, "left", Some(OptionPrev)),
            (Context::Form, "home", Some(LineStart)),
            (Context::Form, "ctrl-a", Some(LineStart)),
            (Context::Form, "ctrl-e", Some(LineEnd)),
            (Context::Form, "delete", Some(DeleteForward)),
            (Context::Form, "ctrl-w", Some(DeleteWord)),
            (Context::Search, "?", Some(Type('?'))),
            (Context::Search, "enter", Some(Open)),
            (Context::StatusDialog, "n", Some(Type('n'))),
            (Context::Confirm, "o", Some(Yes)),
            (Context::Confirm, "esc", Some(No)),
            (Context::Help, "q", Some(Back)),
        ]);
    }

    #[test]
    fn shift_is_part_of_the_character_and_ctrl_letters_fold() {
        let keymap = Keymap::builtin();
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.resolve(Context::Browse, shifted),
            Some(Action::Bottom)
        );
        let upper_ctrl = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.resolve(Context::Form, upper_ctrl),
            Some(Action::Save)
        );
    }

    #[test]
    fn a_user_file_replaces_the_keys_of_the_actions_it_lists() {
        let keymap = Keymap::with_user_file("[browse]\nnew = [\"a\"]\n").expect("valid");
        assert_eq!(keymap.resolve(Context::Browse, key("a")), Some(Action::New));
        assert_eq!(keymap.resolve(Context::Browse, key("n")), None);
        assert_eq!(
            keymap.resolve(Context::Browse, key("e")),
            Some(Action::Edit)
        );
        assert!(Keymap::with_user_file("[browse]\nfly = [\"a\"]\n").is_err());
        assert!(Keymap::with_user_file("[browse]\nnew = [\"hyper-a\"]\n").is_err());
    }

    #[test]
    fn the_footer_shows_the_first_bound_key() {
        let keymap = Keymap::builtin();
        assert_eq!(
            keymap
                .first_key(Context::Browse, Action::Quit, Lang::Fr)
                .as_deref(),
            Some("q")
        );
        assert_eq!(
            keymap
                .first_key(Context::Form, Action::Save, Lang::Fr)
                .as_deref(),
            Some("Ctrl-s")
        );
        assert_eq!(
            keymap.first_key(Context::Form, Action::Search, Lang::Fr),
            None
        );
    }
}
