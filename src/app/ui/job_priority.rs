//! The priority each kind of job thread runs at (Linux: a nice value per
//! thread, inherited by the threads it starts). The figures a screen shows
//! "computing" for run at the UI thread's own priority, since the person is
//! waiting for them; other jobs run below it, so that they never delay a
//! keystroke's answer on a busy machine; the search index's builder runs
//! lowest. Every job still uses every idle core.

use super::jobs::JobKind;

/// The nice value of job threads nobody is looking at: the scheduler then
/// gives a waking UI thread the core at once (a nice-10 thread weighs a
/// tenth of a nice-0).
pub(super) const BACKGROUND_NICE: i32 = 10;

/// The nice value of the figures a screen shows "computing" for (the
/// dashboard, the skills map, the map, the conflicts): the person waits for
/// them. At nice 10 another program's two busy threads left them a tenth of
/// a core on a 2-core machine (the dashboard at 100 k: 383 ms from opening
/// instead of 47; at nice 0, 76 ms); a waking UI thread still preempts them
/// (it sleeps between keys, so the scheduler owes it time: a key costs the
/// same 0.5 ms either way, `benches/dashboard.rs`).
pub(super) const AWAITED_NICE: i32 = 0;

/// The nice value of the search index's builder, started with the
/// dashboard at start-up: a nice-15 thread weighs about a third of a
/// nice-10 one, so on a busy machine the other jobs get most of what is
/// left to them, and the index (which nobody waits for: `/` matches the
/// labels read so far) the rest.
pub(super) const INDEX_NICE: i32 = 15;

/// The nice value a job of `kind` runs at.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn nice(kind: JobKind) -> i32 {
    match kind {
        JobKind::SearchIndex => INDEX_NICE,
        JobKind::Dashboard | JobKind::Skills | JobKind::Map | JobKind::Conflicts => AWAITED_NICE,
        _ => BACKGROUND_NICE,
    }
}

/// Sets the calling thread to `kind`'s priority. Elsewhere than on Linux,
/// or if refused (a sandbox), the job runs at the normal priority.
#[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
pub(super) fn set_for(kind: JobKind) {
    #[cfg(target_os = "linux")]
    {
        let thread = rustix::thread::gettid();
        let _ = rustix::process::setpriority_process(Some(thread), nice(kind));
    }
}
