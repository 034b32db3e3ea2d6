//! Rebuild latency of `dossier serve`'s incremental engine: the time from "a claim's YAML was
//! saved" to "the new pages are in memory, ready to serve" (`serve` publishes them then), and
//! to "the data release is made too" (SQLite, XLSX, German CSV, search index: `serve` makes it
//! after publishing the pages, see `serve::release`), for one changed claim statement.
//!
//! ```text
//! cargo run --release --example serve_bench                       # generated, 1,000 sources (10,000 claims)
//! cargo run --release --example serve_bench -- --sources 100      # generated, smaller
//! cargo run --release --example serve_bench -- --root .           # an existing dossier
//! cargo run --release --example serve_bench -- --root . --file content/sources/05000.yaml
//!                                                  # also the sixth claim of that source file
//! ```
//!
//! The generated dossier is `dossier::generate`'s (the one `benches/scale.rs` and the scaling
//! test use): ten claims per source, realistic articles, ~100 topics, ~500 origins. Each run
//! rewrites one source file on disk with one claim's statement changed (runs 250 ms apart), then
//! times `Engine::reload_paths` + `Engine::rebuild_pages` (pages published), then the data
//! release job and `Engine::publish_release` (everything published), and reports the medians of
//! both and of each step the engine reports (`Rebuild::phases`, then `data release`). An
//! existing dossier is copied to a temp folder first.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::generate::{GenerateOptions, write_dossier};
use dossier::render::RenderOptions;
use dossier::serve::incremental::Engine;

struct Arguments {
    sources: usize,
    runs: usize,
    root: Option<PathBuf>,
    /// With `--root`: a second source file (relative to the root) whose sixth claim is edited.
    file: Option<String>,
}

fn parse_arguments() -> Result<Arguments, String> {
    let mut arguments = Arguments {
        sources: 1000,
        runs: 20,
        root: None,
        file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--sources" => arguments.sources = value()?.parse().map_err(|e| format!("--sources: {e}"))?,
            "--runs" => arguments.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--root" => arguments.root = Some(PathBuf::from(value()?)),
            "--file" => arguments.file = Some(value()?),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(arguments)
}

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let arguments = parse_arguments()?;
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = temp.path().join("dossier");
    let (label, edited_file) = match &arguments.root {
        Some(source) => {
            copy_dossier(source, &root).map_err(|e| e.to_string())?;
            (
                format!("dossier at {}", source.display()),
                first_source_file(&root).ok_or("the dossier has no content/sources/*.yaml")?,
            )
        }
        None => {
            let options = GenerateOptions {
                sources: arguments.sources,
                seed: 1,
            };
            let summary = write_dossier(&root, &options).map_err(|e| e.to_string())?;
            (
                format!(
                    "generated dossier, {} sources, {} claims",
                    summary.sources, summary.claims
                ),
                first_source_file(&root).ok_or("the generated dossier has no sources")?,
            )
        }
    };

    let started = Instant::now();
    let mut engine = Engine::new(&root, RenderOptions::default());
    let first = engine.rebuild().map_err(|d| d.render())?;
    let first_build = started.elapsed();
    println!(
        "{label}: {} pages, {} files; first build (read + full render) {}",
        first.pages,
        first.files,
        ms(first_build)
    );

    let mut edits = vec![("first claim of the first source", edited_file.clone(), 0)];
    if arguments.root.is_none() && arguments.sources >= 10 {
        edits.push((
            "a claim in the middle",
            root.join(format!("content/sources/{:05}.yaml", arguments.sources / 2)),
            5,
        ));
    }
    if let (Some(_), Some(file)) = (&arguments.root, &arguments.file) {
        edits.push(("a claim of the file given", root.join(file), 5));
    }
    for (what, file, claim_index) in edits {
        let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let mut timings = Vec::with_capacity(arguments.runs);
        let mut to_pages = Vec::with_capacity(arguments.runs);
        let mut phases: Vec<(&'static str, Vec<Duration>)> = Vec::new();
        let mut last = (0, 0);
        for run in 0..arguments.runs {
            // Saves a quarter of a second apart (an annotator saves far less often): what the
            // last rebuild left to free in the background is done by then, as in real use.
            std::thread::sleep(Duration::from_millis(250));
            let edited = edit_statement(&original, claim_index, run).ok_or("no such `statement:` line")?;
            std::fs::write(&file, edited).map_err(|e| e.to_string())?;
            let started = Instant::now();
            let changed = engine.reload_paths(&[&file]);
            let mut report = engine.rebuild_pages().map_err(|d| d.render())?;
            to_pages.push(started.elapsed());
            let job = engine.release_job().ok_or("no data release due after a rebuild")?;
            let released = engine
                .publish_release(job.run())
                .map_err(|d| d.render())?
                .ok_or("the data release was not published")?;
            timings.push(started.elapsed());
            report.phases.push(("data release", released.duration));
            report.changed.extend(released.changed);
            last = (report.rendered.len(), report.changed.len());
            for (step, (name, time)) in report.phases.iter().enumerate() {
                if phases.len() <= step {
                    phases.push((name, Vec::new()));
                }
                phases[step].1.push(*time);
            }
            assert!(
                !changed.is_empty() && !report.changed.is_empty(),
                "the edit must change the site"
            );
        }
        std::fs::write(&file, &original).map_err(|e| e.to_string())?;
        engine.reload_paths(&[&file]);
        engine.rebuild().map_err(|d| d.render())?;
        timings.sort();
        to_pages.sort();
        let pages_median = to_pages[to_pages.len() / 2];
        let pages_max = to_pages[to_pages.len() - 1];
        let median = timings[timings.len() / 2];
        let p90 = timings[(timings.len() * 9 / 10).min(timings.len() - 1)];
        let max = timings[timings.len() - 1];
        println!(
            "statement of {what} changed, {} runs: pages published: median {}, max {}; everything published: median {}, p90 {}, max {} ({} pages rendered, {} files changed)",
            timings.len(),
            ms(pages_median),
            ms(pages_max),
            ms(median),
            ms(p90),
            ms(max),
            last.0,
            last.1
        );
        let steps: Vec<String> = phases
            .iter_mut()
            .map(|(name, times)| {
                times.sort();
                format!("{name} {}", ms(times[times.len() / 2]))
            })
            .collect();
        println!("  median per step: {}", steps.join(", "));
    }
    Ok(())
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Changes the `index`th `statement:` line of a source file, differently for every run.
fn edit_statement(text: &str, index: usize, run: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut done = false;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let is_statement = line.trim_start().starts_with("statement:");
        if is_statement && !done && seen < index {
            seen += 1;
            out.push_str(line);
        } else if !done && is_statement {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!("{indent}statement: \"Edited statement, run {run}.\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}

fn first_source_file(root: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/sources"))
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
        .collect();
    files.sort();
    files.into_iter().next()
}

fn copy_dossier(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    std::fs::copy(from.join("dossier.yaml"), to.join("dossier.yaml"))?;
    for dir in ["content", "seeds", "templates", "static"] {
        let source = from.join(dir);
        if !source.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&source).into_iter().flatten() {
            let Ok(relative) = entry.path().strip_prefix(from) else {
                continue;
            };
            let target = to.join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)?;
            } else {
                std::fs::copy(entry.path(), &target)?;
            }
        }
    }
    Ok(())
}
