//! Integration tests: one binary, fixture dossiers in temp dirs, the real `dossier` binary.

mod add_source;
mod authoring;
mod authoring_check;
mod authoring_errors;
mod authoring_small;
mod build;
mod build_cache;
mod check;
mod corrections;
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
mod parse_cache;
mod provenance;
mod publish;
mod reader_claim;
mod reader_index;
mod reader_topic;
mod relations;
mod release;
#[path = "../support/rng.rs"]
#[allow(dead_code, reason = "each test binary uses a part of the shared helper")]
mod rng;
mod scaffold;
mod scale;
mod schema;
mod timeline;
mod verify;
