//! Scattered matches (`rank.rs`'s last resort, titles and names only): the
//! query's letters in order anywhere in the field, kept when they spell an
//! abbreviation (runs that each start a word: `pnrv` for "Parc naturel
//! régional du Verdon") or come mostly in runs, and dropped when they are
//! letters picked one by one across unrelated words.

/// The most a scattered match's quality adds to its class.
pub(super) const SCATTERED_MAX: u32 = 50;

/// The query's letters as runs that each start a word of the field (an
/// abbreviation: `pnrv` for "Parc naturel régional du Verdon", `cdsen` for
/// "Carte des sentiers"), found by a search that prefers continuing the
/// current run and backs off to the next word start. Failed states are
/// remembered, so the work is bounded by query length × field length.
pub(super) fn word_start_alignment(letters: &[char], chars: &[char]) -> Option<Vec<usize>> {
    fn walk(
        letters: &[char],
        chars: &[char],
        from: usize,
        at: usize,
        failed: &mut std::collections::HashSet<(usize, usize)>,
        path: &mut Vec<usize>,
    ) -> bool {
        if from == letters.len() {
            return true;
        }
        if failed.contains(&(from, at)) {
            return false;
        }
        // Continue the current run.
        if from > 0 && chars.get(at) == Some(&letters[from]) {
            path.push(at);
            if walk(letters, chars, from + 1, at + 1, failed, path) {
                return true;
            }
            path.pop();
        }
        // Or start a run at a later word start.
        for start in at..chars.len() {
            let word_start = start == 0 || !chars[start - 1].is_alphanumeric();
            if word_start && chars[start] == letters[from] {
                path.push(start);
                if walk(letters, chars, from + 1, start + 1, failed, path) {
                    return true;
                }
                path.pop();
            }
        }
        failed.insert((from, at));
        false
    }
    let mut path = Vec::with_capacity(letters.len());
    let mut failed = std::collections::HashSet::new();
    walk(letters, chars, 0, 0, &mut failed, &mut path).then_some(path)
}

/// Runs of consecutive matched characters; a run is weak when it is shorter
/// than three characters and does not start a word. One weak run is
/// tolerated (a letter skipped), and at most a quarter of the letters may
/// sit in weak runs: beyond that the letters are picked across unrelated
/// words. Tuned on the demo's titles: `verdon` against "Indexer les
/// initiatives européennes de la région" has four weak runs.
pub fn scattered_is_meaningful(chars: &[char], positions: &[usize]) -> bool {
    let mut weak_runs = 0usize;
    let mut weak_letters = 0usize;
    let mut index = 0;
    while index < positions.len() {
        let start = positions[index];
        let mut end = index + 1;
        while end < positions.len() && positions[end] == positions[end - 1] + 1 {
            end += 1;
        }
        let length = end - index;
        let at_word_start = start == 0
            || chars
                .get(start - 1)
                .is_some_and(|before| !before.is_alphanumeric());
        if length < 3 && !at_word_start {
            weak_runs += 1;
            weak_letters += length;
        }
        index = end;
    }
    weak_runs <= 1 && weak_letters * 4 <= positions.len()
}
