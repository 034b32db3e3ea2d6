//! Writes a generated dossier for benchmarks and experiments:
//!
//! ```sh
//! cargo run --release --example generate -- --sources 1000 --seed 1 OUT_DIR
//! ```
//!
//! `OUT_DIR` must be new or empty. The same flags always give the same files; see
//! `dossier::generate` for what a generated dossier contains.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::generate::{GenerateOptions, write_dossier};

/// Generate a large, valid dossier.
#[derive(Debug, Parser)]
struct Args {
    /// Number of sources (articles); each has ten claims.
    #[arg(long, default_value_t = 1000)]
    sources: usize,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the dossier into (new or empty).
    out_dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let options = GenerateOptions {
        sources: args.sources,
        seed: args.seed,
    };
    match write_dossier(&args.out_dir, &options) {
        Ok(summary) => {
            println!(
                "Generated {} sources, {} claims, {} topics (largest: {} claims), {} origins, {} pages: \
                 {} files, {:.1} MB in {:.2} s -> {}",
                summary.sources,
                summary.claims,
                summary.topics,
                summary.largest_topic,
                summary.origins,
                summary.pages,
                summary.files,
                summary.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64(),
                args.out_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", args.out_dir.display());
            ExitCode::FAILURE
        }
    }
}
