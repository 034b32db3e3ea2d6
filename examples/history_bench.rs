//! What reading the corrections log costs a rebuild: `history::git::read` (every commit of
//! the dossier's git history, the source files each one changed) against
//! `history::git::head_key` (what the serve engine's cache compares instead).
//!
//! ```text
//! cargo run --release --example history_bench                # the dossier in the current folder
//! cargo run --release --example history_bench -- DIR 50      # another dossier, 50 runs
//! ```
//!
//! The dossier folder must be the top folder of a git repository (else there is no log).

use std::time::{Duration, Instant};

use dossier::history::git;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let runs: usize = match args.next() {
        Some(runs) => runs.parse().map_err(|e| format!("runs: {e}"))?,
        None => 20,
    };
    let runs = runs.max(1);
    let history = git::read(&root).map_err(|e| e.to_string())?;
    let commits = history
        .changes
        .iter()
        .map(|c| c.commit.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let (mut read, mut key) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        let again = git::read(&root).map_err(|e| e.to_string())?;
        read.push(started.elapsed());
        assert_eq!(again, history, "the same commits give the same log");
        let started = Instant::now();
        let head = git::head_key(&root);
        key.push(started.elapsed());
        assert!(head.is_some(), "a repository has a HEAD key");
    }
    println!(
        "{}: {} corrections in {commits} commits; median of {runs} runs: read {:.2} ms, HEAD key {:.3} ms",
        root.display(),
        history.changes.len(),
        median(read).as_secs_f64() * 1e3,
        median(key).as_secs_f64() * 1e3,
    );
    Ok(())
}
