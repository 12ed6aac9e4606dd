//! The registry's own tests: one row per context, each with its own
//! keymap section.

use super::*;

#[test]
fn every_context_has_one_row_with_its_own_section() {
    let all = [
        Context::Browse,
        Context::Detail,
        Context::History,
        Context::Form,
        Context::Search,
        Context::StatusDialog,
        Context::Confirm,
        Context::Help,
        Context::Home,
        Context::Skills,
        Context::Sync,
        Context::Conflicts,
        Context::Prompt,
        Context::Map,
        Context::ReportForm,
    ];
    assert_eq!(CONTEXTS.len(), all.len());
    for context in all {
        let rows = CONTEXTS.iter().filter(|s| s.context == context).count();
        assert_eq!(rows, 1, "{context:?}");
        assert_eq!(context.spec().context, context);
    }
    let mut sections: Vec<_> = CONTEXTS.iter().map(|s| s.section).collect();
    sections.sort_unstable();
    sections.dedup();
    assert_eq!(sections.len(), CONTEXTS.len());
}
