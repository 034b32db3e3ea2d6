//! Integration tests: one binary, fixture dossiers in temp dirs, the real `dossier` binary.

mod authoring_errors;
mod build;
mod check;
mod crash;
mod dates;
mod errors;
mod example;
mod figures;
mod fixture;
mod hostile;
mod hostile_files;
mod hostile_held;
mod hostile_inputs;
mod hostile_web;
mod lint;
mod publish;
mod reader_claim;
mod relations;
#[path = "../support/rng.rs"]
#[allow(dead_code, reason = "each test binary uses a part of the shared helper")]
mod rng;
mod scaffold;
mod scale;
mod schema;
