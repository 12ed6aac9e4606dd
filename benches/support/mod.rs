//! What the terminal benchmarks share: a fixed clock, drawing one frame into
//! ratatui's `TestBackend`, and the median of repeated timings.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use relais::app::ui::Model;
use relais::domain::clock::{Clock, FixedClock};
use relais::tui::keymap::Keymap;
use relais::tui::theme::Theme;
use relais::tui::view::{ViewCtx, draw};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse("2026-11-26").expect("date"))
}

pub fn frame(model: &Model, terminal: &mut Terminal<TestBackend>, keymap: &Keymap) {
    let ctx = ViewCtx {
        keymap,
        theme: Theme { color: true },
    };
    terminal.draw(|f| draw(f, model, &ctx)).expect("draw");
}

/// Median of `runs` timings of `work`.
pub fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
