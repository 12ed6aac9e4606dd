//! The one line editor of the terminal UI: form fields, the search box,
//! prompts, the status reason and picker queries all type through it. The
//! editing itself is the `tui-input` crate's (used without its terminal
//! features, so it fits in `app`): a caret, moves by character and by word
//! over whole graphemes, Delete, Ctrl-w. What is added here is the mapping
//! from the UI's actions, and `window`, which measures in display columns
//! (`unicode-width`): `é` takes one column, `🦀` two, a combining accent
//! none.

use super::Action;
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthStr;

/// A text and a caret.
#[derive(Clone, Debug, Default)]
pub struct TextInput {
    input: Input,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &TextInput) -> bool {
        self.as_str() == other.as_str() && self.caret() == other.caret()
    }
}

impl Eq for TextInput {}

impl TextInput {
    /// A text with the caret at its end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            input: Input::new(text.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        self.input.value()
    }

    /// The caret, in characters (code points) from the start.
    pub fn caret(&self) -> usize {
        self.input.cursor()
    }

    /// The caret, in display columns from the start.
    pub fn caret_column(&self) -> usize {
        self.input.visual_cursor()
    }

    /// The text's width in display columns.
    pub fn width(&self) -> usize {
        self.as_str().width()
    }

    fn apply(&mut self, request: InputRequest) {
        self.input.handle(request);
    }

    pub fn insert(&mut self, c: char) {
        self.apply(InputRequest::InsertChar(c));
    }

    /// Pasted text goes in at the caret; line breaks and tabs become spaces
    /// (every field is one line).
    pub fn paste(&mut self, text: &str) {
        for c in one_line(text).chars() {
            self.insert(c);
        }
    }

    pub fn left(&mut self) {
        self.apply(InputRequest::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.apply(InputRequest::GoToNextChar);
    }

    pub fn word_left(&mut self) {
        self.apply(InputRequest::GoToPrevWord);
    }

    pub fn word_right(&mut self) {
        self.apply(InputRequest::GoToNextWord);
    }

    pub fn home(&mut self) {
        self.apply(InputRequest::GoToStart);
    }

    pub fn end(&mut self) {
        self.apply(InputRequest::GoToEnd);
    }

    /// Backspace: the character before the caret.
    pub fn delete_back(&mut self) {
        self.apply(InputRequest::DeletePrevChar);
    }

    /// Delete: the character after the caret.
    pub fn delete_forward(&mut self) {
        self.apply(InputRequest::DeleteNextChar);
    }

    /// Ctrl-w: back to the start of the word before the caret (punctuation
    /// and spaces between go with it).
    pub fn delete_word(&mut self) {
        self.apply(InputRequest::DeletePrevWord);
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// Replaces the whole text, the caret at its end.
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    /// Carries out a text-editing action. `None` when the action is not
    /// one (the caller handles it), else whether the text changed.
    pub fn edit(&mut self, action: Action) -> Option<bool> {
        let before = self.as_str().len();
        match action {
            Action::Type(c) => self.insert(c),
            Action::DeleteBack => self.delete_back(),
            Action::DeleteForward => self.delete_forward(),
            Action::DeleteWord => self.delete_word(),
            Action::ClearField => self.clear(),
            Action::LineStart => self.home(),
            Action::LineEnd => self.end(),
            Action::OptionPrev => self.left(),
            Action::OptionNext => self.right(),
            Action::WordPrev => self.word_left(),
            Action::WordNext => self.word_right(),
            _ => return None,
        }
        // Deleting always shortens; inserting always lengthens.
        Some(self.as_str().len() != before)
    }

    /// What a field `width` columns wide shows, and the caret's column in
    /// it. A long text scrolls so that the caret stays visible; `…` marks
    /// text cut on either side. Widths are display columns, so a wide
    /// character is never cut in half.
    pub fn window(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        let pieces = pieces(self.as_str());
        let caret = self.caret_column();
        // The caret may sit after the last character: keep a column for it.
        let mut skipped = 0;
        let mut first = 0;
        while caret.saturating_sub(skipped) >= width && first < pieces.len() {
            skipped += pieces[first].1;
            first += 1;
        }
        let column = caret.saturating_sub(skipped);
        let mut shown: Vec<(String, usize)> = Vec::new();
        let mut used = 0;
        let mut rest = pieces[first..].iter();
        for (text, cols) in rest.by_ref() {
            if used + cols > width {
                break;
            }
            used += cols;
            shown.push((text.clone(), *cols));
        }
        let cut_right = first + shown.len() < pieces.len();
        if first > 0
            && column > 0
            && let Some(piece) = shown.first_mut()
        {
            *piece = (ellipsis(piece.1), piece.1);
        }
        let last_start = used.saturating_sub(shown.last().map_or(0, |piece| piece.1));
        if cut_right
            && column < last_start
            && let Some(piece) = shown.last_mut()
        {
            *piece = (ellipsis(piece.1), piece.1);
        }
        let text = shown.into_iter().map(|(text, _)| text).collect();
        (text, column)
    }
}

/// Pasted text as one line: line breaks and tabs become spaces, other
/// control characters go.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '\r')
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The text in pieces that are drawn as one (a character with the
/// zero-width marks that follow it), with their widths.
fn pieces(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for c in text.chars() {
        let mut buffer = [0u8; 4];
        let alone: &str = c.encode_utf8(&mut buffer);
        match out.last_mut() {
            Some(last) if alone.width() == 0 || last.0.ends_with('\u{200d}') => {
                last.0.push(c);
                last.1 = last.0.as_str().width();
            }
            _ => out.push((alone.to_string(), alone.width())),
        }
    }
    out
}

/// `…` padded to `width` columns (it replaces a piece that wide).
fn ellipsis(width: usize) -> String {
    let mut out = String::from("…");
    for _ in 1..width {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug)]
    enum Key {
        Type(char),
        Left,
        Right,
        WordLeft,
        WordRight,
        Home,
        End,
        Back,
        Delete,
        Word,
        Clear,
    }
    use Key::*;

    /// `|` marks the caret in the before and after texts.
    fn parse(marked: &str) -> TextInput {
        let caret = marked.chars().position(|c| c == '|').expect("caret");
        let mut input = TextInput::new(&marked.replace('|', ""));
        input.home();
        for _ in 0..caret {
            input.right();
        }
        input
    }

    fn show(input: &TextInput) -> String {
        let mut out: String = input.as_str().chars().take(input.caret()).collect();
        out.push('|');
        out.extend(input.as_str().chars().skip(input.caret()));
        out
    }

    /// Key-sequence cases in the helix style: `(before, keys, after)`.
    fn check(cases: &[(&str, &[Key], &str)]) {
        for (before, keys, after) in cases {
            let mut input = parse(before);
            for key in *keys {
                let action = match key {
                    Type(c) => Action::Type(*c),
                    Left => Action::OptionPrev,
                    Right => Action::OptionNext,
                    WordLeft => Action::WordPrev,
                    WordRight => Action::WordNext,
                    Home => Action::LineStart,
                    End => Action::LineEnd,
                    Back => Action::DeleteBack,
                    Delete => Action::DeleteForward,
                    Word => Action::DeleteWord,
                    Clear => Action::ClearField,
                };
                assert!(input.edit(action).is_some(), "{action:?}");
            }
            assert_eq!(show(&input), *after, "{before} {keys:?}");
        }
    }

    #[test]
    fn the_caret_moves_and_typing_inserts_at_it() {
        check(&[
            ("Carte|", &[Left, Left, Type('x')], "Carx|te"),
            ("|", &[Type('a'), Type('b')], "ab|"),
            ("abc|", &[Home, Type('>')], ">|abc"),
            ("|abc", &[End, Type('!')], "abc!|"),
            ("ab|", &[Right, Right], "ab|"),
            ("|ab", &[Left], "|ab"),
            ("Zo|", &[Type('é'), Type(' '), Type('M')], "Zoé M|"),
        ]);
    }

    #[test]
    fn word_moves_stop_at_the_start_of_each_word() {
        check(&[
            ("Zoé Martin|", &[WordLeft], "Zoé |Martin"),
            ("Zoé Martin|", &[WordLeft, WordLeft], "|Zoé Martin"),
            ("|Zoé Martin", &[WordRight], "Zoé |Martin"),
            ("|Zoé, Yanis", &[WordRight], "Zoé, |Yanis"),
            (
                "Écomusée du Pays|",
                &[WordLeft, WordLeft, Type('x')],
                "Écomusée x|du Pays",
            ),
        ]);
    }

    #[test]
    fn deleting_around_the_caret_never_splits_a_character() {
        check(&[
            ("Carte|", &[Left, Back], "Car|e"),
            ("Carte|", &[Home, Delete], "|arte"),
            ("Écomusée|", &[Left, Back], "Écomus|e"),
            ("É|comusée", &[Back], "|comusée"),
            ("|Écomusée", &[Delete], "|comusée"),
            (
                "Œuvre · à faire|",
                &[Home, Right, Delete],
                "Œ|vre · à faire",
            ),
            ("a·b|", &[Left, Back], "a|b"),
            ("|", &[Back, Delete], "|"),
            ("abc|", &[Clear], "|"),
            ("🦀🦀|", &[Back], "🦀|"),
        ]);
    }

    #[test]
    fn ctrl_w_removes_the_previous_word() {
        check(&[
            ("Zoé Martin|", &[Word], "Zoé |"),
            ("Zoé Martin  |", &[Word], "Zoé |"),
            ("Zoé, Yanis|", &[Word], "Zoé, |"),
            ("Zoé, Yanis|", &[Word, Word], "|"),
            ("Zoé Martin|", &[Word, Word], "|"),
            ("Zoé Ma|rtin", &[Word], "Zoé |rtin"),
            ("|abc", &[Word], "|abc"),
        ]);
    }

    #[test]
    fn a_decomposed_accent_is_one_character_for_the_caret() {
        // `e` + U+0301: two code points, one grapheme, one column.
        let mut input = TextInput::new("Ce\u{301}line");
        input.home();
        input.right();
        input.right();
        assert_eq!(input.caret(), 3);
        assert_eq!(input.caret_column(), 2);
        input.delete_back();
        assert_eq!(input.as_str(), "Cline");
    }

    #[test]
    fn columns_are_display_widths_not_characters() {
        let crab = TextInput::new("ab🦀");
        assert_eq!(crab.caret(), 3);
        assert_eq!(crab.caret_column(), 4);
        assert_eq!(crab.width(), 4);
        assert_eq!(TextInput::new("Écomusée").caret_column(), 8);
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_caret_visible() {
        let mut input = TextInput::new("abcdefghij");
        assert_eq!(input.window(20), ("abcdefghij".to_string(), 10));
        assert_eq!(input.window(5), ("…hij".to_string(), 4));
        input.home();
        assert_eq!(input.window(5), ("abcd…".to_string(), 0));
        input.right();
        input.right();
        assert_eq!(input.window(5), ("abcd…".to_string(), 2));
        let accents = TextInput::new("éééééé");
        assert_eq!(accents.window(4), ("…éé".to_string(), 3));
        assert_eq!(TextInput::new("abc").window(0), (String::new(), 0));
    }

    #[test]
    fn a_wide_character_is_never_cut_in_half() {
        // Five crabs take ten columns; a six-column field shows two whole
        // ones after the `…` and keeps a column for the caret.
        let crabs = TextInput::new("🦀🦀🦀🦀🦀");
        let (text, column) = crabs.window(6);
        assert_eq!(column, 4);
        assert_eq!(text, "… 🦀");
        assert!(text.width() <= 6);
        let mut start = TextInput::new("🦀🦀🦀🦀🦀");
        start.home();
        let (text, column) = start.window(5);
        assert_eq!((text.as_str(), column), ("🦀… ", 0));
    }

    #[test]
    fn pasting_puts_one_line_at_the_caret() {
        let mut input = TextInput::new("Zoé");
        input.home();
        input.paste("Mme\r\n\t");
        assert_eq!(show(&input), "Mme  |Zoé");
    }
}
