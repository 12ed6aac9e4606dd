//! Relais: a local-first terminal application for a regional network of
//! public digital spaces (EPN) and citizen developers.
//!
//! Layers depend one way: `domain` ← `store` ← `sync`/`search`/`report` ←
//! `app` ← `tui`/`cli`. See `docs/ARCHITECTURE.md`.

pub mod app;
pub mod cli;
pub mod domain;
pub mod i18n;
pub mod report;
pub mod search;
pub mod store;
pub mod sync;
pub mod tui;
