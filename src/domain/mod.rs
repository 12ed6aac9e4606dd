//! Pure types and rules of Relais: kinds of records and their fields,
//! vocabularies, validation, request statuses, changes, clocks and the merge
//! rule. No I/O, no SQL, no terminal here.

pub mod budget;
pub mod change;
pub mod clock;
pub mod escape;
pub mod geo;
pub mod hlc;
pub mod merge;
pub mod naming;
pub mod near;
pub mod purge;
pub mod review;
pub mod schema;
pub mod status;
pub mod text;
pub mod trust;
pub mod validate;
pub mod vocab;

pub use budget::BudgetCategory;
pub use change::{Change, ChangeId, SiteId};
pub use hlc::Stamp;
pub use review::{ConflictReason, ReviewReason};
pub use schema::{DELETED_FIELD, Kind};
pub use trust::{SiteRole, TrustStatus};
pub use vocab::Vocab;
