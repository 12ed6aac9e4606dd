//! Every integration test of Relais, in one test binary: one crate to check
//! and link instead of sixty-seven (CI built them all twice over), and the
//! tests of every file share the cores as they run. Each module is one
//! subject (its own `//!` says which); the `*_support` modules are the
//! set-ups several subjects share. Run one subject with
//! `cargo test --test suite convergence::`.

// A failed unwrap here is a failing test, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app_support;
mod cli_support;
mod opendata_support;
mod region_support;
mod replica_support;
mod sync_support;
mod tmux_support;
mod tui_support;

mod cli;
mod compact_log;
mod conflicts_words;
mod convergence;
mod counters;
mod crypt;
mod defaults_cli;
mod digest_incremental;
mod figures;
mod hostile;
mod import_batch;
mod import_bulk;
mod import_journal;
mod import_many;
mod install;
mod kept_dashboard;
mod list_labels;
mod list_merged;
mod map;
mod merge_cli;
mod merge_counts;
mod merge_figures;
mod merge_refs;
mod one_door;
mod open_cost;
mod opendata;
mod places;
mod privacy;
mod purge;
mod report;
mod report_document;
mod search;
mod search_cli;
mod search_props;
mod search_speed;
mod size_schema;
mod store;
mod streaming_golden;
mod suggest;
mod sync_cli;
mod sync_convergence;
mod sync_faults;
mod sync_migration;
mod sync_rotation;
mod tidy;
mod tmux_sync;
mod trigger_plans;
mod tui_backup;
mod tui_editing;
mod tui_footer;
mod tui_gaps;
mod tui_help;
mod tui_hours;
mod tui_jobs;
mod tui_keys;
mod tui_merge;
mod tui_report_export;
mod tui_screens;
mod tui_search_building;
mod tui_search_results;
mod tui_startup;
mod tui_suggest;
mod tui_sync;
mod tui_sync_folder;
mod tui_tabs;
mod tui_tmux;
mod tui_undo;
mod words_cli;
