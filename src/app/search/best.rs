//! The best hits of a search kept as they are offered: ranked by score,
//! title and id, the ones that cannot make the cut only counted.

use super::SearchHit;

/// Hits in rank order: best score first, then by title, then by id.
pub(super) fn by_rank(a: &SearchHit, b: &SearchHit) -> std::cmp::Ordering {
    rank_order((a.score, &a.title, &a.id), (b.score, &b.title, &b.id))
}

fn rank_order(a: (u32, &str, &str), b: (u32, &str, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(b.2))
}

/// The best `limit` hits offered, and how many were offered: a hit that
/// ranks after the worst one kept at the last trim is only counted, before
/// its title and snippet are copied (a query like `marau` matches tens of
/// thousands of records; 20 are shown).
pub(super) struct Best {
    limit: usize,
    pub(super) hits: Vec<SearchHit>,
    /// Hits offered (kept or not).
    pub(super) seen: usize,
    /// (score, title, id) of the worst hit kept at the last trim.
    floor: Option<(u32, String, String)>,
}

impl Best {
    pub(super) fn new(limit: usize) -> Best {
        Best {
            limit,
            hits: Vec::new(),
            seen: 0,
            floor: None,
        }
    }

    /// Counts a hit; whether it may be among the best (then `keep` it).
    pub(super) fn admits(&mut self, score: u32, title: &str, id: &str) -> bool {
        self.seen += 1;
        self.limit > 0
            && self.floor.as_ref().is_none_or(|(s, t, i)| {
                rank_order((score, title, id), (*s, t, i)) == std::cmp::Ordering::Less
            })
    }

    pub(super) fn keep(&mut self, hit: SearchHit) {
        self.hits.push(hit);
        if self.hits.len() >= self.limit.saturating_mul(2).max(64) {
            self.trim();
        }
    }

    /// Keeps the best `limit` hits and remembers the worst of them.
    pub(super) fn trim(&mut self) {
        if self.limit == 0 {
            self.hits.clear();
            return;
        }
        if self.hits.len() > self.limit {
            self.hits.select_nth_unstable_by(self.limit - 1, by_rank);
            self.hits.truncate(self.limit);
        }
        if self.hits.len() == self.limit {
            self.floor = self
                .hits
                .iter()
                .max_by(|a, b| by_rank(a, b))
                .map(|hit| (hit.score, hit.title.clone(), hit.id.clone()));
        }
    }
}
