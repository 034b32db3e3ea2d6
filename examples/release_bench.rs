//! The data release of a dossier, file by file: `dossier.sqlite`, `claims.xlsx`,
//! `claims.de.csv`, the search index (each made alone, one after the other), and the whole
//! release job of `dossier serve` (every export file made from the claims' kept parts, as
//! `render::exports::release_files_from` makes it after an edit, its files side by side).
//!
//! ```text
//! cargo run --release --example release_bench -- --sources 1000 --runs 3
//! cargo run --release --example release_bench -- --root DIR --runs 3
//! ```

use std::time::{Duration, Instant};

use dossier::generate::{GenerateOptions, input_files};
use dossier::load::InputFiles;
use dossier::render::exports::{self, ClaimRecord, ClaimRecords, ExportCache, Later, Release};
use dossier::render::{Prepared, RenderOptions};

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let mut sources = 1000;
    let mut runs = 3;
    let mut root = None;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--sources" => sources = value.parse().map_err(|e| format!("--sources: {e}"))?,
            "--runs" => runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            "--root" => root = Some(std::path::PathBuf::from(value)),
            // One step only (for a profiler): sqlite, xlsx, german, search or job.
            "--only" => only = Some(value),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let input = match &root {
        Some(root) => InputFiles::read(root),
        None => {
            input_files(
                std::path::Path::new("/nonexistent-dossier"),
                &GenerateOptions { sources, seed: 1 },
            )
            .0
        }
    };
    let checked = dossier::build::check(&input, Default::default());
    let dossier = checked.dossier.ok_or_else(|| checked.diagnostics.render())?;
    drop(input);
    println!("{} sources, {} claims", dossier.sources.len(), dossier.claims.len());
    let options = RenderOptions {
        base_url: Some("https://example.org/".into()),
    };
    let plan = dossier::render::plan(&dossier);
    let parts = {
        let prepared = Prepared::new(&dossier, &options);
        let keys = vec![None; dossier.claims.len()];
        let made = exports::files_for_serve(
            &prepared,
            &plan,
            (&keys, &mut ExportCache::default()),
            Later::Everything,
        )
        .map_err(|d| d.message.clone())?;
        match made.release {
            Release::Deferred(parts) => parts,
            Release::Made(_) => return Err("the release was not deferred".into()),
        }
    };
    let records: Vec<ClaimRecord> = {
        let prepared = Prepared::new(&dossier, &options);
        let files = exports::files(&prepared, &plan).map_err(|d| d.message.clone())?;
        let json = files.iter().find(|f| f.path == "claims.json").ok_or("no claims.json")?;
        serde_json::from_slice(&json.bytes).map_err(|e| e.to_string())?
    };
    let records: Vec<&ClaimRecord> = records.iter().collect();
    let records = ClaimRecords::kept(&records);
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let steps: [(&str, &dyn Fn() -> usize); 5] = [
        ("sqlite", &|| {
            let prepared = Prepared::new(&dossier, &options);
            let mut out = Vec::new();
            exports::sqlite::write_database(&prepared, &records, Some(scratch.path()), &mut out).expect("database");
            out.len()
        }),
        ("xlsx", &|| {
            let prepared = Prepared::new(&dossier, &options);
            let mut out = Vec::new();
            exports::xlsx::write_workbook(&prepared, &records, Some(scratch.path()), &mut out).expect("workbook");
            out.len()
        }),
        ("german", &|| {
            let mut out = Vec::new();
            exports::datapackage::write_german_csv(&records, &mut out).expect("csv");
            out.len()
        }),
        ("search", &|| {
            // As the release job: a fresh `Prepared`, the claims' terms kept.
            let prepared = Prepared::new(&dossier, &options);
            let terms: Vec<dossier::render::search::Terms> = (0..dossier.claims.len())
                .map(|c| dossier::render::search::claim_terms(&prepared, dossier::model::ClaimId::new(c)))
                .collect();
            let terms: Vec<&_> = terms.iter().collect();
            let started = Instant::now();
            let files = dossier::render::search::files(&prepared, &terms);
            eprintln!("  (search files alone {})", ms(started.elapsed()));
            files.iter().map(|f| f.bytes.len()).sum()
        }),
        ("job", &|| {
            let prepared = Prepared::new(&dossier, &options);
            let files = exports::release_files_from(&prepared, &plan, &parts, &|| false)
                .expect("not cancelled")
                .expect("files");
            files.iter().map(|f| f.bytes.len()).sum()
        }),
    ];
    for (name, step) in steps {
        if only.as_deref().is_some_and(|only| only != name) {
            continue;
        }
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            bytes = step();
            times.push(started.elapsed());
        }
        println!("{name}: median {} ({bytes} bytes)", ms(median(&mut times)));
    }
    Ok(())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
