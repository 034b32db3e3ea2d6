//! The data exports and the search index of a generated dossier: the time to make them from
//! scratch, and after one claim's statement changed with the parts of the other claims kept
//! (what `dossier serve` does on an edit).
//!
//! ```text
//! cargo run --release --example exports_bench -- --sources 1000 --runs 5
//! ```

use std::time::{Duration, Instant};

use dossier::generate::{GenerateOptions, input_files};
use dossier::render::exports::{self, ExportCache};
use dossier::render::{EntityHashes, Prepared, RenderOptions};

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let mut sources = 1000;
    let mut runs = 5;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--sources" => sources = value.parse().map_err(|e| format!("--sources: {e}"))?,
            "--runs" => runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let root = std::path::Path::new("/nonexistent-dossier");
    let (mut input, summary) = input_files(root, &GenerateOptions { sources, seed: 1 });
    let options = RenderOptions {
        base_url: Some("https://example.org/".into()),
    };
    let source_key = input
        .files
        .keys()
        .find(|key| key.starts_with("content/sources/") && key.ends_with(".yaml"))
        .cloned()
        .ok_or("no source file")?;
    let original = input.text(&source_key).ok_or("source not text")?.to_owned();
    println!("{} sources, {} claims", summary.sources, summary.claims);
    let mut cache = ExportCache::default();
    let mut full = Vec::new();
    let mut patched = Vec::new();
    for run in 0..=runs {
        let edited = edit_first_statement(&original, run).ok_or("no statement line")?;
        input.insert_text(&source_key, &edited);
        let checked = dossier::build::check(&input, Default::default());
        let dossier = checked.dossier.ok_or_else(|| checked.diagnostics.render())?;
        let prepared = Prepared::new(&dossier, &options);
        let plan = dossier::render::plan(&dossier);
        let hashes = EntityHashes::new(&dossier, &prepared, 0);
        let keys: Vec<Option<u64>> = (0..dossier.claims.len())
            .map(|c| exports::ClaimExport::key(&hashes, &dossier, dossier::model::ClaimId::new(c)))
            .collect();
        let started = Instant::now();
        let files = exports::files(&prepared, &plan).map_err(|d| d.message.clone())?;
        let fresh = started.elapsed();
        let started = Instant::now();
        let again = exports::files_cached(&prepared, &plan, &keys, &mut cache).map_err(|d| d.message.clone())?;
        let cached = started.elapsed();
        assert_eq!(files.len(), again.len());
        if run > 0 {
            full.push(fresh);
            patched.push(cached);
        }
    }
    println!("from scratch: median {}", ms(median(&mut full)));
    println!("one claim changed, parts kept: median {}", ms(median(&mut patched)));
    Ok(())
}

fn edit_first_statement(text: &str, run: usize) -> Option<String> {
    let at = text.find("statement:")?;
    let end = at + text[at..].find('\n')?;
    Some(format!(
        "{}statement: Edited statement number {run}.{}",
        &text[..at],
        &text[end..]
    ))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
