//! What loading a dossier costs, step by step: reading its files, parsing them (YAML into the
//! typed schema), resolving the model, and parse and resolve together as `check` and `build` run
//! them (coverage and the corrections log included).
//!
//! ```text
//! cargo run --release --example generate -- --sources 1000 --seed 1 DIR
//! cargo run --release --example parse_bench -- DIR [RUNS]
//! ```
//!
//! Prints the median of RUNS (default 5) runs of each step, in milliseconds, and the parse with
//! the parse cache (`load::ParseCache`) of an earlier parse of the same files: making it (the
//! cold build's extra work), reading its bytes, and parsing with every source file in it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier::build::{Pipeline, PipelineOptions};
use dossier::diagnostic::Diagnostics;
use dossier::load::{self, InputFiles};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: parse_bench DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5).max(1);
    let (mut read, mut parse, mut resolve, mut check) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut record, mut load_cache, mut cached) = (Vec::new(), Vec::new(), Vec::new());
    let mut cache_bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let input = InputFiles::read(&root);
        read.push(started.elapsed());

        let started = Instant::now();
        let mut diagnostics = Diagnostics::new();
        let parsed = load::parse(&input, &mut diagnostics);
        parse.push(started.elapsed());

        let started = Instant::now();
        let dossier = dossier::model::resolve(&parsed, &input, &mut diagnostics);
        resolve.push(started.elapsed());
        assert!(dossier.is_some(), "the dossier has errors:\n{}", diagnostics.render());

        let started = Instant::now();
        let (_, made) = load::parse_cached(&input, &mut Diagnostics::new(), None, true);
        record.push(started.elapsed());
        let bytes = made.expect("asked for").to_bytes();
        cache_bytes = bytes.len();

        let started = Instant::now();
        let cache = load::ParseCache::from_bytes(&bytes).expect("reads back");
        load_cache.push(started.elapsed());

        let started = Instant::now();
        let mut cached_diagnostics = Diagnostics::new();
        let (from_cache, _) = load::parse_cached(&input, &mut cached_diagnostics, Some(&cache), false);
        cached.push(started.elapsed());
        assert_eq!(from_cache.sources.len(), parsed.sources.len());
        for (cached, fresh) in from_cache.sources.iter().zip(&parsed.sources) {
            let same = cached.path == fresh.path && format!("{:?}", cached.value) == format!("{:?}", fresh.value);
            assert!(same, "{}: the cached parse differs from the fresh one", fresh.path);
        }

        let started = Instant::now();
        let checked = Pipeline::new(&input, PipelineOptions::default()).check();
        check.push(started.elapsed());
        assert!(checked.dossier.is_some());
    }
    println!("read {:.1} ms", median(read));
    println!("parse {:.1} ms", median(parse));
    println!("resolve {:.1} ms", median(resolve));
    println!("parse and resolve (check's first stages) {:.1} ms", median(check));
    println!("parse, making the parse cache {:.1} ms", median(record));
    println!(
        "parse cache: {cache_bytes} bytes, read from bytes in {:.1} ms",
        median(load_cache)
    );
    println!("parse with every source in the cache {:.1} ms", median(cached));
}
