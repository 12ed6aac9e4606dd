//! Work done in the background, as a person sees it: a job that fails says
//! so on the screen that waited for it (with the key that asks again),
//! never a "computing…" that lasts for ever nor a search that silently
//! finds nothing; asking again after the cause is gone works.

use crate::tui_support;

use relais::app::ui::jobs::JobKind;
use relais::app::ui::{Action, Overlay, settle, update};
use relais::i18n::Lang;
use tui_support::{network, open, screen};

#[test]
fn a_failing_background_job_shows_on_screen_and_r_tries_again() {
    let net = network();
    let mut model = open(&net.lead, Lang::En);
    // The open connection keeps the real file; each background job opens
    // the path anew and finds there something that is not a database.
    let kept = net.dir.path().join("kept.db");
    std::fs::rename(&net.lead, &kept).expect("rename");
    std::fs::write(&net.lead, b"this is not a Relais database").expect("write");
    update(&mut model, Action::Tick);
    settle(&mut model);
    assert!(!model.jobs.is_running(JobKind::Dashboard), "it is over");
    assert!(!model.pending(), "a failure waits to be asked again");
    let text = screen(&model);
    assert!(text.contains("✗ Computing the figures failed:"), "{text}");
    assert!(text.contains("r: try again"), "{text}");
    assert!(!text.contains("Computing the figures…"), "{text}");

    // The search index failed the same way: the box says so.
    update(&mut model, Action::Search);
    assert!(matches!(model.overlay, Overlay::Search(_)));
    let text = screen(&model);
    assert!(
        text.contains("✗ Building the search index failed:"),
        "{text}"
    );

    // The cause gone, `r` computes the figures again.
    update(&mut model, Action::Back);
    std::fs::remove_file(&net.lead).expect("remove");
    std::fs::rename(&kept, &net.lead).expect("rename back");
    update(&mut model, Action::Refresh);
    settle(&mut model);
    assert!(model.home.dashboard.is_some(), "{}", screen(&model));
    assert!(!screen(&model).contains('✗'));
}
