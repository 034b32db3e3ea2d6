//! dossier: a static-site generator for fact-check dossiers.
//!
//! Data flows one way: [`load`] (read and parse files) → [`model`] (resolve and validate,
//! anchor quotes with [`anchor`]) → [`render`] (Tera templates, Markdown, charts) → [`write`]
//! (output folder, swapped in atomically). [`build`] runs the pipeline; problems are
//! [`diagnostic::Diagnostic`]s with file, line and column. See `ARCHITECTURE.md`.

// The library never prints (the binary reports) and exports only what it means to.
#![warn(clippy::print_stdout, clippy::print_stderr, unreachable_pub)]

pub mod anchor;
pub mod build;
pub mod diagnostic;
#[cfg(any(test, feature = "testkit"))]
pub mod generate;
pub mod history;
#[cfg(test)]
mod layering;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod percent;
pub mod render;
pub mod scaffold;
pub mod serve;
/// The one random number generator of the tests (shared with the integration tests).
#[cfg(test)]
#[allow(dead_code, unreachable_pub, reason = "shared file: not every test uses every method")]
#[path = "../tests/support/rng.rs"]
mod test_rng;
pub mod write;
