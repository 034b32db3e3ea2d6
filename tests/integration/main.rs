//! Integration tests: one binary, fixture dossiers in temp dirs, the real `dossier` binary.

mod authoring_errors;
mod build;
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
mod relations;
mod scaffold;
mod scale;
mod schema;
