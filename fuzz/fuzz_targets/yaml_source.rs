//! Fuzz target: arbitrary text as `content/sources/x.yaml` in an otherwise valid dossier,
//! through `load::parse` and `model::resolve` (via `build::check`). Must never panic; every
//! problem is a diagnostic naming a file.

#![no_main]

#[path = "common/mod.rs"]
mod common;

use dossier::build::{CheckOptions, check};
use dossier::diagnostic::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = common::dossier();
    match std::str::from_utf8(data) {
        Ok(text) => input.insert_text("content/sources/x.yaml", text),
        Err(_) => {
            input.files.insert(
                "content/sources/x.yaml".to_owned(),
                dossier::load::FileContent::Bytes(std::sync::Arc::from(data)),
            );
        }
    }
    let mut diagnostics = Diagnostics::new();
    let _ = dossier::load::parse(&input, &mut diagnostics);
    let checked = check(
        &input,
        CheckOptions {
            coverage: true,
            strict: false,
        },
    );
    for diagnostic in checked.diagnostics.iter() {
        assert!(!diagnostic.file.is_empty(), "diagnostic without a file: {diagnostic:?}");
    }
    let _ = checked.diagnostics.render();
});
