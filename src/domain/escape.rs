//! Escaping control characters before text from outside reaches a terminal:
//! a name or value merged from another site (or read from a refused bundle)
//! must never move the cursor, recolour the screen or rewrite the title.

/// Whether `c` must not reach a terminal raw: C0 and C1 controls, DEL, and
/// the bidirectional overrides and isolates that reorder what is shown.
fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` is printable ASCII only (most cells of a listing): no
/// escape, and one terminal column per byte.
pub fn printable_ascii(text: &str) -> bool {
    text.bytes().all(|byte| (0x20..0x7f).contains(&byte))
}

/// Whether `text` holds a character `is_dangerous` names: printable ASCII
/// is checked byte by byte, the rest by character.
fn has_dangerous(text: &str) -> bool {
    !printable_ascii(text) && text.chars().any(is_dangerous)
}

/// `text` with every control character written as a visible escape
/// (`\x1b`, `\n`, `\u{202e}`); text without one is returned unchanged.
pub fn escape_control(text: &str) -> String {
    if !has_dangerous(text) {
        return text.to_string();
    }
    escape_each(text)
}

/// `escape_control` of text the caller owns: text without a control
/// character (nearly all) is handed back as it is, without a copy.
pub fn escaped(text: String) -> String {
    if !has_dangerous(&text) {
        return text;
    }
    escape_each(&text)
}

/// `text` with each dangerous character written as its escape.
fn escape_each(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_dangerous(c) && u32::from(c) <= 0xff => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_escapes_and_plain_text_is_untouched() {
        assert_eq!(escape_control("EPN Digne é"), "EPN Digne é");
        assert_eq!(
            escape_control("a\u{1b}]0;pwned\u{7}b"),
            "a\\x1b]0;pwned\\x07b"
        );
        assert_eq!(escape_control("x\ny\u{9b}"), "x\\ny\\x9b");
        assert_eq!(escape_control("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(escape_control("\u{7f}"), "\\x7f");
    }

    #[test]
    fn the_ascii_shortcut_finds_what_the_character_check_finds() {
        let every = (0..0x3000u32).filter_map(char::from_u32);
        for c in every {
            for text in [format!("{c}"), format!("abc{c}"), format!("é{c}z")] {
                assert_eq!(
                    has_dangerous(&text),
                    text.chars().any(is_dangerous),
                    "{:x}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn owned_text_is_escaped_the_same_and_kept_when_clean() {
        for text in [
            "EPN Digne é",
            "a\u{1b}]0;pwned\u{7}b",
            "x\ny\u{9b}",
            "\u{202e}abc",
            "",
        ] {
            assert_eq!(escaped(text.to_string()), escape_control(text));
        }
        let clean = String::from("Atelier cartographie");
        let at = clean.as_ptr();
        let kept = escaped(clean);
        assert_eq!(kept.as_ptr(), at);
    }
}
