//! Text laid out in terminal columns: its width, cut to fit with `…`,
//! wrapped at spaces (French quotation marks kept with their word), and
//! the label separator of each language.

use crate::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// How many terminal columns `text` takes (`é` one, `🦀` two).
pub fn columns(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to `width` display columns, with an ellipsis when cut (a
/// wide character that would straddle the edge goes whole; no space is
/// left before the ellipsis): the listings' `present::truncate`, so that
/// the screens and the command line cut alike.
pub fn fit(text: &str, width: usize) -> String {
    crate::app::present::truncate(text, width)
}

/// Splits `text` into lines of at most `width` display columns, at
/// spaces (never inside « … »'s spaces: see `glued`); a word longer than
/// a line is cut with `…`. A dash standing as a word where the line
/// breaks is left out: the break separates, and a line that ends or
/// starts with a dash reads as cut. (Not `·`: the skills legend shows it
/// as a sign.)
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut separator: Option<String> = None;
    for word in glued(text.split_whitespace()) {
        if SEPARATORS.contains(&word.as_str()) && !line.is_empty() {
            separator = Some(word);
            continue;
        }
        let before = separator.take();
        let joined = match &before {
            Some(separator) => format!("{separator} {word}"),
            None => word.clone(),
        };
        let needed = if line.is_empty() {
            columns(&word)
        } else {
            columns(&line) + 1 + columns(&joined)
        };
        let word = if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            word
        } else {
            joined
        };
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
        if columns(&line) > width {
            lines.push(fit(&line, width));
            line.clear();
        }
    }
    if let Some(separator) = separator {
        line.push(' ');
        line.push_str(&separator);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Words that only separate the parts of a line.
const SEPARATORS: [&str; 1] = ["—"];

/// `wrap`, at most `rows` lines (at least one): a text that needs more ends
/// its last line with `…`. A text that fits is kept as it is, spaces and all.
pub fn wrap_within(text: &str, width: usize, rows: usize) -> Vec<String> {
    if columns(text) <= width && !text.contains('\n') {
        return vec![text.to_string()];
    }
    let mut lines = wrap(text, width);
    let rows = rows.max(1);
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} …"), width);
        }
    }
    lines
}

/// The words a line may be broken between: `words` as they are, except
/// that French typography's spaces do not break, as if they were
/// non-breaking: « with the word after it, » (or », ».) with the word
/// before it, and so are the double marks `:` `;` `?` `!` that French sets
/// off with a space. A line then never ends with « nor starts with », `:`
/// or `;`. A count stays with the word it counts (`(1 modification)`,
/// `0 demande`), as a non-breaking space would keep it in print, a count
/// with the label it answers (`déjà importés : 1`), and a change's arrow
/// with both its values (`12 → 14`).
pub fn glued<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut glued: Vec<String> = Vec::new();
    let mut opened = false;
    for word in words {
        let closes = word.starts_with(['»', ':', ';', '?', '!', '→'])
            || (is_count(word) && glued.last().is_some_and(|last| last.ends_with(':')));
        match glued.last_mut() {
            Some(last) if opened || (closes && !last.is_empty()) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => glued.push(word.to_string()),
        }
        opened = word.ends_with(['«', '→']) || is_count(word);
    }
    glued
}

/// A whole number standing as a word, maybe after an opening bracket.
fn is_count(word: &str) -> bool {
    let digits = word.trim_start_matches('(');
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The label separator: `Titre : …` in French, `Title: …` in English.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
}
