//! Integration tests: one binary, fixture dossiers in temp dirs, the real `dossier` binary.

mod build;
mod crash;
mod errors;
mod example;
mod fixture;
mod hostile;
mod hostile_web;
mod publish;
mod scaffold;
mod scale;
