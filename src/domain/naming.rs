//! How a word a person types designates one thing among labelled ones: a
//! record by its name (`Zoé`), a vocabulary term by its label in either
//! language (`cartographie` → `gis`). Accents and case never matter; the
//! same exact → prefix → substring rule serves the TUI forms and the CLI.

use super::text::fold;

/// What a typed name designates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameMatch {
    /// The id of the one thing meant.
    One(String),
    None,
    /// Several things could be meant: their labels, sorted.
    Many(Vec<String>),
}

/// Whether an `(id, folded label)` pair matches, at one step of the rule.
type LabelTest<'a> = dyn Fn(&str, &str) -> bool + 'a;

/// Matches `name` against `(id, label)` pairs of records: an exact label (or
/// the end of an id, 6 characters or more) first, then a label starting with
/// the name, then a label containing it. The first step that finds
/// something decides.
pub fn match_name(labels: &[(String, String)], name: &str) -> NameMatch {
    let id_end = name.trim().to_ascii_lowercase();
    let by_id = |id: &str| id_end.chars().count() >= 6 && id.ends_with(&id_end);
    match_steps(labels, name, &by_id)
}

/// Matches `name` against `(slug, label)` pairs of a vocabulary, where one
/// slug may appear with several labels (its slug, French and English).
pub fn match_term(labels: &[(String, String)], name: &str) -> NameMatch {
    match_steps(labels, name, &|_| false)
}

fn match_steps(labels: &[(String, String)], name: &str, by_id: &dyn Fn(&str) -> bool) -> NameMatch {
    let key = fold(name.trim());
    if key.is_empty() {
        return NameMatch::None;
    }
    let steps: [&LabelTest; 3] = [
        &|id, label| label == key || by_id(id),
        &|_, label| label.starts_with(&key),
        &|_, label| label.contains(&key),
    ];
    for step in steps {
        let mut found: Vec<&(String, String)> = Vec::new();
        for pair in labels.iter().filter(|(id, label)| step(id, &fold(label))) {
            if !found.iter().any(|(id, _)| *id == pair.0) {
                found.push(pair);
            }
        }
        match found.as_slice() {
            [] => continue,
            [(id, _)] => return NameMatch::One(id.clone()),
            many => {
                let mut names: Vec<String> = many.iter().map(|(_, label)| label.clone()).collect();
                names.sort_by_cached_key(|label| fold(label));
                return NameMatch::Many(names);
            }
        }
    }
    NameMatch::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<(String, String)> {
        [
            ("01aaaaaaaa", "Zoé Martin"),
            ("01bbbbbbbb", "Zoé Blanc"),
            ("01cccccccc", "Yanis Benali"),
            ("01dddddddd", "Anne Marie"),
            ("01eeeeeeee", "Anne Marie Durand"),
        ]
        .iter()
        .map(|(id, label)| (id.to_string(), label.to_string()))
        .collect()
    }

    #[test]
    fn an_exact_name_then_a_unique_prefix_then_a_unique_substring() {
        let people = people();
        let one = |id: &str| NameMatch::One(id.to_string());
        assert_eq!(match_name(&people, "zoe martin"), one("01aaaaaaaa"));
        assert_eq!(match_name(&people, "Yan"), one("01cccccccc"));
        assert_eq!(match_name(&people, "benali"), one("01cccccccc"));
        assert_eq!(match_name(&people, "Blanc"), one("01bbbbbbbb"));
        // An exact name wins over a longer one starting with it.
        assert_eq!(match_name(&people, "Anne Marie"), one("01dddddddd"));
        assert_eq!(match_name(&people, "bbbbbbbb"), one("01bbbbbbbb"));
        assert_eq!(match_name(&people, "Paul"), NameMatch::None);
        assert_eq!(match_name(&people, " "), NameMatch::None);
    }

    #[test]
    fn several_matches_are_listed_in_order() {
        let people = people();
        assert_eq!(
            match_name(&people, "Zoé"),
            NameMatch::Many(vec!["Zoé Blanc".into(), "Zoé Martin".into()])
        );
        assert_eq!(
            match_name(&people, "mar"),
            NameMatch::Many(vec![
                "Anne Marie".into(),
                "Anne Marie Durand".into(),
                "Zoé Martin".into()
            ])
        );
    }
}
