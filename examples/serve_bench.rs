//! Rebuild latency of `dossier serve`'s incremental engine: the time from "a claim's YAML was
//! saved" to "the new site is in memory, ready to serve", for one changed claim statement.
//!
//! ```text
//! cargo run --release --example serve_bench                       # generated, 10,000 claims
//! cargo run --release --example serve_bench -- --claims 1000      # generated, smaller
//! cargo run --release --example serve_bench -- --root .           # an existing dossier
//! cargo run --release --example serve_bench -- --write DIR        # only write the generated dossier
//! ```
//!
//! The generated dossier is deterministic: `claims / 10` sources of 10 claims each, every quote
//! anchored in its article, 20 topics, 50 origins, links between neighbouring claims. Each run
//! rewrites one source file on disk with one claim's statement changed, then times
//! `Engine::reload_paths` + `Engine::rebuild`. An existing dossier is copied to a temp folder
//! first; the first claim's statement of its first source is the one edited.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::render::RenderOptions;
use dossier::serve::incremental::Engine;

struct Arguments {
    claims: usize,
    runs: usize,
    root: Option<PathBuf>,
    write: Option<PathBuf>,
}

fn parse_arguments() -> Result<Arguments, String> {
    let mut arguments = Arguments {
        claims: 10_000,
        runs: 20,
        root: None,
        write: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--claims" => arguments.claims = value()?.parse().map_err(|e| format!("--claims: {e}"))?,
            "--runs" => arguments.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--root" => arguments.root = Some(PathBuf::from(value()?)),
            "--write" => arguments.write = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(arguments)
}

fn main() -> Result<(), String> {
    let arguments = parse_arguments()?;
    if let Some(dir) = &arguments.write {
        write_generated(dir, arguments.claims).map_err(|e| e.to_string())?;
        println!("wrote a dossier of {} claims to {}", arguments.claims, dir.display());
        return Ok(());
    }
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
            write_generated(&root, arguments.claims).map_err(|e| e.to_string())?;
            (
                format!("generated dossier, {} claims", arguments.claims),
                root.join("content/sources/s0000.yaml"),
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
    if arguments.root.is_none() && arguments.claims >= 1000 {
        // The first claim of a topic is listed on every claim page of that topic ("same topic"),
        // so editing it re-renders hundreds of pages; a claim further down re-renders a handful.
        let middle = arguments.claims.div_ceil(CLAIMS_PER_SOURCE) / 2;
        edits[0].0 = "a claim listed on every page of its topic (worst case)";
        edits.push((
            "a claim in the middle (typical)",
            root.join(format!("content/sources/s{middle:04}.yaml")),
            5,
        ));
    }
    for (what, file, claim_index) in edits {
        let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let mut timings = Vec::with_capacity(arguments.runs);
        let mut last = (0, 0);
        for run in 0..arguments.runs {
            let edited = edit_statement(&original, claim_index, run).ok_or("no such `statement:` line")?;
            std::fs::write(&file, edited).map_err(|e| e.to_string())?;
            let started = Instant::now();
            let changed = engine.reload_paths(&[&file]);
            let report = engine.rebuild().map_err(|d| d.render())?;
            timings.push(started.elapsed());
            last = (report.rendered.len(), report.changed.len());
            assert!(
                !changed.is_empty() && !report.changed.is_empty(),
                "the edit must change the site"
            );
        }
        std::fs::write(&file, &original).map_err(|e| e.to_string())?;
        engine.reload_paths(&[&file]);
        engine.rebuild().map_err(|d| d.render())?;
        timings.sort();
        let median = timings[timings.len() / 2];
        let p90 = timings[(timings.len() * 9 / 10).min(timings.len() - 1)];
        let max = timings[timings.len() - 1];
        println!(
            "statement of {what} changed, {} runs: median {}, p90 {}, max {} ({} pages rendered, {} files changed)",
            timings.len(),
            ms(median),
            ms(p90),
            ms(max),
            last.0,
            last.1
        );
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

const TOPICS: usize = 20;
const ORIGINS: usize = 50;
const CLAIMS_PER_SOURCE: usize = 10;

/// Writes a deterministic dossier of `claims` claims (rounded up to whole sources of 10).
fn write_generated(root: &Path, claims: usize) -> std::io::Result<()> {
    let sources = claims.div_ceil(CLAIMS_PER_SOURCE).max(1);
    std::fs::create_dir_all(root.join("content/sources"))?;
    std::fs::create_dir_all(root.join("seeds"))?;
    std::fs::write(
        root.join("dossier.yaml"),
        "title: \"Generated dossier\"\ndescription: \"A generated dossier for benchmarks.\"\nlanguage: en\norganization:\n  name: \"Bench\"\nverdicts:\n  - id: confirmed\n    label: \"Confirmed\"\n    explanation: \"Two independent origins agree.\"\n  - id: unverified\n    label: \"Unverified\"\n    explanation: \"Nothing in the dossier confirms or refutes it.\"\n  - id: wrong\n    label: \"Wrong\"\n    explanation: \"The dossier refutes it.\"\n",
    )?;
    let mut topics = String::new();
    for t in 0..TOPICS {
        topics.push_str(&format!(
            "- id: t{t:02}\n  title: \"Topic {t}\"\n  question: \"How many soldiers are in sector group {t}?\"\n  unit: \"soldiers\"\n  measures:\n    - id: deployed\n      label: \"Deployed\"\n"
        ));
    }
    std::fs::write(root.join("content/topics.yaml"), topics)?;
    let mut origins = String::new();
    for o in 0..ORIGINS {
        origins.push_str(&format!(
            "- id: o{o:02}\n  name: \"Origin {o}\"\n  kind: government\n  description: \"Ministry number {o}.\"\n"
        ));
    }
    std::fs::write(root.join("content/origins.yaml"), origins)?;
    for s in 0..sources {
        let mut seed = format!("Report {s}\n\n");
        let mut yaml = format!(
            "id: s{s:04}\nfile: seeds/s{s:04}.txt\ntitle: \"Report {s} on the deployment\"\noutlet: \"Outlet {}\"\npublished: 2024-11-{:02}\nlanguage: en\nexclude:\n  - lines: 1\n    reason: headline\nclaims:\n",
            s % 37,
            1 + s % 28
        );
        for c in 0..CLAIMS_PER_SOURCE {
            let number = 1000 + (s * 37 + c * 101) % 9000;
            seed.push_str(&format!(
                "Officials in district {s} said on Monday that {number} soldiers had been deployed to sector {c}. The statement could not be verified independently.\n\n"
            ));
            let id = format!("c{s:04}-{c}");
            let verdict = ["confirmed", "unverified", "wrong"][(s + c) % 3];
            yaml.push_str(&format!(
                "  - id: {id}\n    quote: \"{number} soldiers had been deployed to sector {c}\"\n    statement: \"Officials said that {number} soldiers were deployed to sector {c} of district {s}.\"\n    topic: t{:02}\n    origin: o{:02}\n    verdict: {verdict}\n    quantity:\n      value: {number}\n      measure: deployed\n",
                (s + c) % TOPICS,
                (s * 7 + c) % ORIGINS
            ));
            if c > 0 {
                yaml.push_str(&format!(
                    "    related:\n      - claim: c{s:04}-{}\n        relation: supports\n",
                    c - 1
                ));
            }
        }
        std::fs::write(root.join(format!("seeds/s{s:04}.txt")), seed)?;
        std::fs::write(root.join(format!("content/sources/s{s:04}.yaml")), yaml)?;
    }
    Ok(())
}
