//! The known word a mistyped one most likely meant (`hours` for
//! `estimated_hours`, `titel` for `title`), so that a refusal can name it.

/// Below this Jaro-Winkler similarity two spellings are not offered as
/// one another.
const CLOSE_ENOUGH: f64 = 0.85;

/// The candidate `typed` most likely meant: the one that holds it whole
/// (a word left out, three letters at least), else the closest in spelling
/// when close enough; `None` when nothing is near or `typed` is itself a
/// candidate.
pub fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if candidates.iter().any(|candidate| *candidate == typed) {
        return None;
    }
    let holding = candidates
        .iter()
        .filter(|candidate| typed.chars().count() >= 3 && candidate.contains(&typed))
        .min_by_key(|candidate| candidate.len());
    if let Some(candidate) = holding {
        return Some(candidate);
    }
    candidates
        .iter()
        .map(|candidate| (strsim::jaro_winkler(&typed, candidate), *candidate))
        .filter(|(score, _)| *score >= CLOSE_ENOUGH)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    const FIELDS: [&str; 5] = [
        "title",
        "need",
        "estimated_hours",
        "status",
        "status_reason",
    ];

    #[test]
    fn a_word_left_out_or_mistyped_finds_its_field() {
        assert_eq!(nearest("hours", FIELDS), Some("estimated_hours"));
        assert_eq!(nearest("titel", FIELDS), Some("title"));
        assert_eq!(nearest("Title", FIELDS), None, "itself, in capitals");
        assert_eq!(nearest("reason", FIELDS), Some("status_reason"));
        // The shortest that holds it: `status`, not `status_reason`.
        assert_eq!(nearest("stat", FIELDS), Some("status"));
    }

    #[test]
    fn nothing_near_names_nothing() {
        assert_eq!(nearest("budget", FIELDS), None);
        assert_eq!(nearest("x", FIELDS), None);
        assert_eq!(nearest("", FIELDS), None);
        assert_eq!(nearest("title", FIELDS), None);
    }
}
