//! Pickers: a closed list (départements, vocabularies, other records)
//! narrowed by what is typed, accents and case ignored; ←/→ move among the
//! matches and an exact code or label wins.

use super::Action;
use super::text_input::TextInput;
use crate::search::fold;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickOption {
    pub value: String,
    pub label: String,
    key: String,
}

impl PickOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> PickOption {
        let value = value.into();
        let label = label.into();
        let key = fold(&format!("{value} {label}"));
        PickOption { value, label, key }
    }
}

/// A closed list narrowed by typing; ←/→ move among the matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub options: Vec<PickOption>,
    pub query: TextInput,
    /// Indexes of the options matching `query`.
    pub matches: Vec<usize>,
    /// The chosen option, if any.
    pub current: Option<usize>,
}

impl Picker {
    pub fn new(options: Vec<PickOption>, value: &str) -> Picker {
        let current = options.iter().position(|option| option.value == value);
        let matches = (0..options.len()).collect();
        Picker {
            options,
            query: TextInput::default(),
            matches,
            current,
        }
    }

    fn refilter(&mut self) {
        let query = fold(self.query.as_str().trim());
        self.matches = self
            .options
            .iter()
            .enumerate()
            .filter(|(_, option)| query.is_empty() || option.key.contains(&query))
            .map(|(index, _)| index)
            .collect();
        // Prefer an exact code or label match (typing `04` picks 04).
        let exact = self.matches.iter().copied().find(|&index| {
            let option = &self.options[index];
            fold(&option.value) == query || fold(&option.label) == query
        });
        self.current = exact.or_else(|| self.matches.first().copied());
        if query.is_empty() && self.query.as_str().is_empty() {
            self.current = None;
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.edit(Action::Type(c));
    }

    pub fn backspace(&mut self) {
        self.edit(Action::DeleteBack);
    }

    /// Edits the query with the line editor (←/→ excepted: they choose
    /// among the matches); the list narrows to what it now says.
    pub fn edit(&mut self, action: Action) -> Option<bool> {
        if matches!(action, Action::OptionPrev | Action::OptionNext) {
            return None;
        }
        let changed = self.query.edit(action)?;
        if changed {
            self.refilter();
        }
        Some(changed)
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.matches = (0..self.options.len()).collect();
        self.current = None;
    }

    /// Moves to the next (`step` 1) or previous (`step` -1) match.
    pub fn step(&mut self, step: isize) {
        if self.matches.is_empty() {
            return;
        }
        let at = self
            .current
            .and_then(|current| self.matches.iter().position(|&m| m == current));
        let len = self.matches.len() as isize;
        let next = match at {
            None if step > 0 => 0,
            None => len - 1,
            Some(at) => (at as isize + step).rem_euclid(len),
        };
        self.current = Some(self.matches[next as usize]);
    }

    pub fn value(&self) -> String {
        self.current
            .and_then(|index| self.options.get(index))
            .map(|option| option.value.clone())
            .unwrap_or_default()
    }

    pub fn label(&self) -> Option<&str> {
        self.current
            .and_then(|index| self.options.get(index))
            .map(|option| option.label.as_str())
    }
}
