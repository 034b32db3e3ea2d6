//! Fuzz target: the whole build in memory. Fields (separated by U+0001): a source YAML, its
//! article (`seeds/x.txt`), a Markdown page and the topics file (when not empty). Runs
//! `build::check` and, for a dossier without errors, `build::render_site`; output paths must
//! be plain relative paths.

#![no_main]

#[path = "common/mod.rs"]
mod common;

use dossier::build::{CheckOptions, check, render_site};
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
    let Some(dossier) = checked.dossier else { return };
    let Ok(site) = render_site(&input, &dossier, &RenderOptions::default()) else {
        return;
    };
    for file in &site.files {
        assert!(
            !file.path.is_empty()
                && !file.path.starts_with('/')
                && file
                    .path
                    .split('/')
                    .all(|part| !part.is_empty() && part != "." && part != "..")
                && !file.path.contains(['\\', '\0']),
            "bad output path {:?}",
            file.path
        );
    }
});
