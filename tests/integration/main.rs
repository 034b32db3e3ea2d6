//! Integration tests: one binary, fixture dossiers in temp dirs, the real `dossier` binary.

mod build;
mod errors;
mod fixture;
mod scaffold;
