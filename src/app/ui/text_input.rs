//! A one-line text being typed, with a caret: typing inserts at the caret,
//! ←/→ Home/End move it, Backspace/Delete remove around it, Ctrl-w removes
//! the previous word. The caret counts characters, never bytes, so `é`, `œ`
//! or `·` are never split; `window` gives the part shown in a narrow field
//! with the caret always visible.

/// A text and a caret (a character index, `0..=len`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    caret: usize,
}

impl TextInput {
    /// A text with the caret at its end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            caret: text.chars().count(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The caret, in characters from the start.
    pub fn caret(&self) -> usize {
        self.caret
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// The byte offset of a character index (the end if past it).
    fn byte_at(&self, index: usize) -> usize {
        self.text
            .char_indices()
            .nth(index)
            .map_or(self.text.len(), |(at, _)| at)
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.caret);
        self.text.insert(at, c);
        self.caret += 1;
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.len();
    }

    /// Removes the characters between two character indexes.
    fn remove(&mut self, from: usize, to: usize) {
        let (start, end) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(start..end, "");
        self.caret = from;
    }

    /// Backspace: the character before the caret.
    pub fn delete_back(&mut self) {
        if self.caret > 0 {
            self.remove(self.caret - 1, self.caret);
        }
    }

    /// Delete: the character after the caret.
    pub fn delete_forward(&mut self) {
        if self.caret < self.len() {
            let caret = self.caret;
            self.remove(caret, caret + 1);
        }
    }

    /// Ctrl-w: the word before the caret and the spaces after it (a comma
    /// or another punctuation mark ends a word, as in `Zoé, Yanis`).
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut from = self.caret.min(chars.len());
        while from > 0 && chars[from - 1].is_whitespace() {
            from -= 1;
        }
        if from > 0 && !chars[from - 1].is_alphanumeric() {
            from -= 1;
        } else {
            while from > 0 && chars[from - 1].is_alphanumeric() {
                from -= 1;
            }
        }
        let caret = self.caret;
        self.remove(from, caret);
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    /// What a field `width` characters wide shows, and the caret's column
    /// in it. A long text scrolls so that the caret stays visible; `…`
    /// marks text cut on either side.
    pub fn window(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        let chars: Vec<char> = self.text.chars().collect();
        // The caret may sit after the last character: keep a column for it.
        let first = (self.caret + 1).saturating_sub(width);
        let mut shown: Vec<char> = chars.iter().skip(first).take(width).copied().collect();
        let column = self.caret - first;
        if first > 0 && column > 0 {
            shown[0] = '…';
        }
        if first + width < chars.len() && column + 1 < width {
            shown[width - 1] = '…';
        }
        (shown.into_iter().collect(), column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug)]
    enum Key {
        Type(char),
        Left,
        Right,
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
        TextInput {
            text: marked.replace('|', ""),
            caret,
        }
    }

    fn show(input: &TextInput) -> String {
        let mut out: String = input.text.chars().take(input.caret).collect();
        out.push('|');
        out.extend(input.text.chars().skip(input.caret));
        out
    }

    /// Key-sequence cases in the helix style: `(before, keys, after)`.
    fn check(cases: &[(&str, &[Key], &str)]) {
        for (before, keys, after) in cases {
            let mut input = parse(before);
            for key in *keys {
                match key {
                    Type(c) => input.insert(*c),
                    Left => input.left(),
                    Right => input.right(),
                    Home => input.home(),
                    End => input.end(),
                    Back => input.delete_back(),
                    Delete => input.delete_forward(),
                    Word => input.delete_word(),
                    Clear => input.clear(),
                }
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
        ]);
    }

    #[test]
    fn ctrl_w_removes_the_previous_word() {
        check(&[
            ("Zoé Martin|", &[Word], "Zoé |"),
            ("Zoé Martin  |", &[Word], "Zoé |"),
            ("Zoé, Yanis|", &[Word, Word], "Zoé|"),
            ("Zoé Martin|", &[Word, Word], "|"),
            ("Zoé Ma|rtin", &[Word], "Zoé |rtin"),
            ("|abc", &[Word], "|abc"),
        ]);
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
}
