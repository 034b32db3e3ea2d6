//! Fuzz target: the whole build in memory. Fields (separated by U+0001): a source YAML, its
//! article (`seeds/x.txt`), a Markdown page and the topics file (when not empty). Runs
//! `build::check` and, for a dossier without errors, `build::site_in_memory` (the build
//! pipeline into memory); output paths must
//! be plain relative paths.

#![no_main]

#[path = "common/mod.rs"]
mod common;

use dossier::build::{CheckOptions, check, site_in_memory};
use dossier::render::RenderOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [source, article, page, topics] = common::fields::<4>(data);
    let mut input = common::dossier();
    input.insert_text("content/sources/x.yaml", &source);
    input.insert_text("seeds/x.txt", &article);
    input.insert_text("content/pages/x.md", &page);
    if !topics.is_empty() {
        input.insert_text("content/topics.yaml", &topics);
    }
    let checked = check(
        &input,
        CheckOptions {
            coverage: true,
            strict: false,
        },
    );
    if checked.dossier.is_none() {
        return;
    }
    let Ok(site) = site_in_memory(&input, &RenderOptions::default()) else {
        return;
    };
    for path in site.keys() {
        assert!(
            !path.is_empty()
                && !path.starts_with('/')
                && path
                    .split('/')
                    .all(|part| !part.is_empty() && part != "." && part != "..")
                && !path.contains(['\\', '\0']),
            "bad output path {path:?}"
        );
    }
});
