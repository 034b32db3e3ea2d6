//! Provenance: who really stands behind a figure, and which figures cannot all be true.
//!
//! - [`independence`]: the independent origins behind each claim. A claim's evidence is its
//!   same-origin group (one origin repeated, however many articles) and the claims that
//!   `support` any claim of that group. Two of these count as one origin when they share a link
//!   of their chains (the `origin`, the article for `origin: article`, any `via`) or belong to
//!   one same-origin group. A verdict may require a number of them (`requires:` in
//!   `dossier.yaml`), or a `basis:` (calendar, arithmetic) on the claim instead.
//! - [`constraints`]: how a topic's measures relate (`an-der-front <= entsandt <= geplant`,
//!   `share = part / whole`), parsed from `topics.yaml` and evaluated over the figures of
//!   overlapping as-of dates, each figure read as an [`Interval`] of the values its qualifier
//!   allows.
//! - [`suggestions`]: links the annotation probably misses (a `same-origin` or a `contradicts`),
//!   found by the same intervals; `check` shows each as a warning with the line to paste.
//!
//! Pure functions over the resolved claims; [`super::resolve`] reports what they find.

pub mod constraints;
pub mod independence;
pub mod interval;
pub mod suggestions;

pub use constraints::{Constraint, ConstraintKind, OrderPair, Violation};
pub use independence::IndependentOrigin;
pub use interval::{DateWindow, Interval};
