//! Small pure text helpers every layer shares: accent folding for matching
//! (one character for one character, so match positions stay valid in the
//! original text) and lower-case hexadecimal for ids, keys and hashes.

/// Folds one character: lower case, accents removed, one char for one char.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => 'o',
        'æ' => 'a',
        '’' | '‘' => '\'',
        '·' => '.',
        other => other,
    }
}

/// The search key of a text: every character folded.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case_one_char_for_one() {
        assert_eq!(fold("Écomusée Œuvre"), "ecomusee ouvre");
        assert_eq!(fold("Écomusée").chars().count(), "Écomusée".chars().count());
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
