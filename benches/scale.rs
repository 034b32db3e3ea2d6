//! Build at scale: cold and warm builds, `check`, incremental rebuilds and peak memory for
//! generated dossiers of 100, 1,000 and 10,000 sources, next to the time `cp -r` needs to copy
//! the produced site (the floor no generator can beat).
//!
//! ```sh
//! cargo bench --bench scale                                  # 100, 1,000 and 10,000 sources
//! cargo bench --bench scale -- --sizes 100,1000 --runs 5     # fewer sizes, more runs
//! ```
//!
//! Builds run the release `dossier` binary as a child process, timed by wall clock; peak memory
//! is the child's maximum resident set size (from `/usr/bin/time` when installed, else sampled
//! from `/proc`). Each figure is the median of `--runs` runs; the copy floor is measured right
//! after each cold build, so the ratio compares runs under the same machine load. Warm builds
//! run with `--no-cache` (every page rendered) and with the build cache. Incremental
//! rebuilds are measured twice: as a `dossier build` after the edit (with the build cache:
//! renders what changed, rewrites only changed files) and through the incremental engine of `dossier serve`
//! (`serve::incremental::Engine`, in a child process of this binary so its memory is its own).
//!
//! Work folders live under Cargo's target temp folder (`--work DIR` to change); generated
//! dossiers are kept for the next run, output trees are removed after each size (untimed).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier::generate::{GenerateOptions, generate};
use dossier::render::RenderOptions;
use dossier::serve::incremental::Engine;

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
    work: PathBuf,
    engine: bool,
}

fn parse_args() -> Options {
    let mut options = Options {
        sizes: vec![100, 1000, 10_000],
        runs: 3,
        seed: 1,
        work: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale-bench"),
        engine: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                options.sizes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse().expect("--sizes 100,1000"))
                    .collect();
            }
            "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--seed" => options.seed = args.next().and_then(|n| n.parse().ok()).expect("--seed N"),
            "--work" => options.work = PathBuf::from(args.next().expect("--work DIR")),
            "--no-engine" => options.engine = false,
            "--engine-child" => {
                // Internal: run the engine scenario in this process (see `engine_scenario`).
                let root = PathBuf::from(args.next().expect("root"));
                let source = args.next().expect("source file");
                engine_scenario(&root, &source);
                std::process::exit(0);
            }
            // `cargo bench` passes `--bench`; ignore what is not ours.
            _ => {}
        }
    }
    options
}

/// One timed run of a child process.
struct Measured {
    time: Duration,
    /// Peak resident memory in KiB, when known.
    max_rss_kib: Option<u64>,
    stdout: String,
}

fn has_gnu_time() -> bool {
    Path::new("/usr/bin/time").exists()
        && Command::new("/usr/bin/time")
            .args(["-f", "%M", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Runs `program args`, timing it and recording its peak memory.
fn measure(program: &str, args: &[&str], work: &Path) -> Measured {
    let rss_file = work.join(".rss");
    let _ = std::fs::remove_file(&rss_file);
    let gnu_time = has_gnu_time();
    let mut command = if gnu_time {
        let mut command = Command::new("/usr/bin/time");
        command.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(program);
        command
    } else {
        Command::new(program)
    };
    command.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let mut sampled: Option<u64> = None;
    let stdout_pipe = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stdout_pipe {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let stderr_pipe = child.stderr.take();
    let error_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr_pipe {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if !gnu_time && let Some(hwm) = vm_hwm_kib(child.id()) {
            sampled = Some(sampled.map_or(hwm, |s| s.max(hwm)));
        }
        std::thread::sleep(Duration::from_millis(if gnu_time { 2 } else { 5 }));
    };
    let time = started.elapsed();
    let stdout = reader.join().unwrap_or_default();
    let stderr = error_reader.join().unwrap_or_default();
    assert!(status.success(), "{program} {args:?} failed:\n{stdout}\n{stderr}");
    let max_rss_kib = if gnu_time {
        std::fs::read_to_string(&rss_file)
            .ok()
            .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
    } else {
        sampled
    };
    Measured {
        time,
        max_rss_kib,
        stdout,
    }
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn sync() {
    let _ = Command::new("sync").status();
}

fn remove(path: &Path) {
    if path.exists() {
        let _ = std::fs::remove_dir_all(path);
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// The number after the first of `after` in a build's summary line, in either language, with
/// its thousands separators ("11.608" in a German dossier).
fn count_after(stdout: &str, after: &[&str]) -> Option<usize> {
    let rest = after.iter().find_map(|words| stdout.split(words).nth(1))?;
    rest.split(' ').next()?.replace([',', '.'], "").parse().ok()
}

/// The pages a build rendered (the others were kept by the build cache): "Built 11,608 pages
/// (3 rendered …" or "11.608 Seiten erstellt (3 gerendert …" → 3.
fn rendered_pages(stdout: &str) -> Option<usize> {
    count_after(stdout, &[" pages (", " Seiten erstellt ("])
}

/// Removes an output folder and what lives beside it (staging folder, build cache).
fn remove_output(work: &Path, name: &str) {
    remove(&work.join(name));
    remove(&work.join(format!(".{name}.staging")));
    remove(&work.join(format!(".{name}.cache")));
}

/// The files a build changed: "(…; 11,610 files, 3 changed, …" → 3.
fn changed_files(stdout: &str) -> Option<usize> {
    count_after(stdout, &[" files, ", " Dateien, "])
}

fn machine() -> String {
    let run = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_default();
    let memory = run("free", &["-h"])
        .lines()
        .find(|l| l.starts_with("Mem:"))
        .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_owned())
        .unwrap_or_default();
    format!(
        "nproc {}, CPU {cpu}, memory {memory}, load average {}",
        run("nproc", &[]),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    )
}

/// The dossier of `sources` sources, generated once and kept while the generator makes the same
/// files: the stamp holds a SHA-256 of what it makes, so a dossier left by an older generator is
/// made again rather than measured.
fn dossier_root(options: &Options, sources: usize) -> PathBuf {
    let root = options.work.join(format!("dossier-{sources}-seed{}", options.seed));
    let stamp = options
        .work
        .join(format!("dossier-{sources}-seed{}.complete", options.seed));
    let pristine = options
        .work
        .join(format!("dossier-{sources}-seed{}.edited-source", options.seed));
    let started = Instant::now();
    let generated = generate(&GenerateOptions {
        sources,
        seed: options.seed,
    });
    let fingerprint = generated_fingerprint(&generated.files);
    let stamped = std::fs::read_to_string(&stamp).unwrap_or_default();
    if stamped.lines().next() == Some(fingerprint.as_str()) && pristine.exists() {
        // Undo what an interrupted run may have left: the edited source and the template.
        std::fs::copy(&pristine, root.join(edited_source(sources))).expect("restore the edited source");
        remove(&root.join("templates"));
        return root;
    }
    remove(&root);
    generated.write_to(&root).expect("generate");
    std::fs::copy(root.join(edited_source(sources)), &pristine).expect("keep the edited source");
    let summary = &generated.summary;
    std::fs::write(&stamp, format!("{fingerprint}\n{summary:?}\n")).expect("stamp");
    eprintln!(
        "generated {} sources, {} claims ({} files, {:.0} MB) in {:.1} s",
        summary.sources,
        summary.claims,
        summary.files,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    root
}

/// A SHA-256 of every generated file's path and text, in hex.
fn generated_fingerprint(files: &std::collections::BTreeMap<String, String>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for (path, text) in files {
        for part in [path.as_bytes(), text.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The source file edited by the incremental scenarios: one in the middle of the dossier.
fn edited_source(sources: usize) -> String {
    format!("content/sources/{:05}.yaml", sources / 2)
}

fn edit_claim(text: &str) -> String {
    text.replacen("    statement: \"", "    statement: \"Geändert: ", 1)
}

fn edited_template() -> String {
    let original = dossier::render::embedded::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "claim.html")
        .map(|(_, text)| *text)
        .expect("built-in claim.html");
    // Inside the last block: a child template may hold nothing outside its blocks.
    match original.rfind("{% endblock") {
        Some(at) => format!("{}<p class=\"edited\">edited</p>\n{}", &original[..at], &original[at..]),
        None => format!("{original}\n<!-- edited -->\n"),
    }
}

struct Row {
    label: String,
    value: String,
}

fn row(rows: &mut Vec<Row>, label: impl Into<String>, value: impl Into<String>) {
    let row = Row {
        label: label.into(),
        value: value.into(),
    };
    eprintln!("  {}: {}", row.label, row.value);
    rows.push(row);
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

fn bench_size(options: &Options, sources: usize) -> (Vec<Row>, f64) {
    let root = dossier_root(options, sources);
    let root_arg = root.to_string_lossy().into_owned();
    let mut rows = Vec::new();
    eprintln!("== {sources} sources ({})", machine());

    // Cold builds (fresh output folder), each followed by `cp -r` of what it produced.
    let mut cold = Vec::new();
    let mut copy = Vec::new();
    let mut ratios = Vec::new();
    let mut cold_rss = Vec::new();
    let mut files = String::new();
    let outputs: Vec<PathBuf> = (0..options.runs)
        .map(|r| options.work.join(format!("out-{sources}-{r}")))
        .collect();
    for (r, output) in outputs.iter().enumerate() {
        let copy_target = options.work.join(format!("copy-{sources}-{r}"));
        remove_output(&options.work, &format!("out-{sources}-{r}"));
        remove(&copy_target);
        sync();
        let run = measure(
            DOSSIER,
            &["build", "--root", &root_arg, "--output", &output.to_string_lossy()],
            &options.work,
        );
        files = run
            .stdout
            .lines()
            .find(|line| line.contains(" pages (") || line.contains(" Seiten erstellt ("))
            .unwrap_or("")
            .to_owned();
        sync();
        let started = Instant::now();
        let status = Command::new("cp")
            .arg("-r")
            .arg(output)
            .arg(&copy_target)
            .status()
            .expect("cp");
        assert!(status.success());
        let copied = started.elapsed();
        sync();
        remove(&copy_target);
        sync();
        cold.push(secs(run.time));
        copy.push(secs(copied));
        ratios.push(secs(run.time) / secs(copied));
        cold_rss.push(run.max_rss_kib.unwrap_or(0) as f64);
    }
    let cold_median = median(&mut cold);
    row(&mut rows, "site", files);
    row(
        &mut rows,
        "cold build (fresh output folder)",
        format!("{cold_median:.2} s"),
    );
    row(
        &mut rows,
        "copy floor (`cp -r` of the output)",
        format!("{:.2} s", median(&mut copy)),
    );
    row(
        &mut rows,
        "cold build / copy (median of per-run ratios)",
        format!("{:.2}", median(&mut ratios)),
    );
    row(&mut rows, "peak memory, build", mib(Some(median(&mut cold_rss) as u64)));

    // Warm builds into the first output: the second build fills a fresh staging folder, later
    // ones reuse the previous tree and rewrite nothing.
    let output = &outputs[0];
    for extra in &outputs[1..] {
        remove(extra);
    }
    let build_args = ["build", "--root", &root_arg, "--output", &output.to_string_lossy()];
    sync();
    let second = measure(DOSSIER, &build_args, &options.work);
    row(
        &mut rows,
        "second build (output exists, no staging folder yet)",
        format!("{:.2} s", secs(second.time)),
    );
    let mut no_cache_args = build_args.to_vec();
    no_cache_args.push("--no-cache");
    let mut warm = Vec::new();
    for _ in 0..options.runs {
        sync();
        let run = measure(DOSSIER, &no_cache_args, &options.work);
        assert_eq!(changed_files(&run.stdout), Some(0), "{}", run.stdout);
        warm.push(secs(run.time));
    }
    row(
        &mut rows,
        "warm build, `--no-cache` (every page rendered, 0 files written)",
        format!("{:.2} s", median(&mut warm)),
    );
    let mut warm = Vec::new();
    let mut warm_rendered = 0;
    for _ in 0..options.runs {
        sync();
        let run = measure(DOSSIER, &build_args, &options.work);
        assert_eq!(changed_files(&run.stdout), Some(0), "{}", run.stdout);
        warm_rendered = rendered_pages(&run.stdout).unwrap_or(usize::MAX);
        warm.push(secs(run.time));
    }
    row(
        &mut rows,
        "warm build with the build cache (nothing changed)",
        format!("{:.2} s ({warm_rendered} pages rendered)", median(&mut warm)),
    );

    // check.
    let mut check = Vec::new();
    let mut check_rss = Vec::new();
    for _ in 0..options.runs {
        let run = measure(DOSSIER, &["check", "--root", &root_arg], &options.work);
        check.push(secs(run.time));
        check_rss.push(run.max_rss_kib.unwrap_or(0) as f64);
    }
    row(&mut rows, "check", format!("{:.2} s", median(&mut check)));
    row(
        &mut rows,
        "peak memory, check",
        mib(Some(median(&mut check_rss) as u64)),
    );
    // check with the build cache of a build into ROOT/public (built untimed).
    let public = root.join("public").to_string_lossy().into_owned();
    let built = measure(
        DOSSIER,
        &["build", "--root", &root_arg, "--output", &public],
        &options.work,
    );
    assert!(rendered_pages(&built.stdout).is_some(), "{}", built.stdout);
    let mut check = Vec::new();
    for _ in 0..options.runs {
        let run = measure(DOSSIER, &["check", "--root", &root_arg], &options.work);
        check.push(secs(run.time));
    }
    row(
        &mut rows,
        "check with the build cache of ROOT/public (nothing changed)",
        format!("{:.2} s", median(&mut check)),
    );
    // check after one claim changed: the same edit as the incremental build's below.
    let edited_path = root.join(edited_source(sources));
    let unedited = std::fs::read_to_string(&edited_path).expect("source file");
    std::fs::write(&edited_path, edit_claim(&unedited)).expect("edit");
    sync();
    let run = measure(DOSSIER, &["check", "--root", &root_arg], &options.work);
    std::fs::write(&edited_path, &unedited).expect("restore");
    row(
        &mut rows,
        "check after editing one claim, with the build cache of ROOT/public",
        format!("{:.2} s", secs(run.time)),
    );
    remove_output(&root, "public");

    // Incremental, through `dossier build`: edit one claim, then one template.
    let source_key = edited_source(sources);
    let source_path = root.join(&source_key);
    let original = std::fs::read_to_string(&source_path).expect("source file");
    std::fs::write(&source_path, edit_claim(&original)).expect("edit");
    sync();
    let run = measure(DOSSIER, &build_args, &options.work);
    row(
        &mut rows,
        "`dossier build` after editing one claim, with the build cache",
        format!(
            "{:.2} s ({} files written, {} pages rendered)",
            secs(run.time),
            changed_files(&run.stdout).unwrap_or(0),
            rendered_pages(&run.stdout).unwrap_or(0)
        ),
    );
    std::fs::write(&source_path, &original).expect("restore");
    let template_path = root.join("templates/claim.html");
    std::fs::create_dir_all(root.join("templates")).expect("templates/");
    std::fs::write(&template_path, edited_template()).expect("template");
    sync();
    let run = measure(DOSSIER, &build_args, &options.work);
    row(
        &mut rows,
        "`dossier build` after editing one template (claim.html), with the build cache",
        format!(
            "{:.2} s ({} files written, {} pages rendered)",
            secs(run.time),
            changed_files(&run.stdout).unwrap_or(0),
            rendered_pages(&run.stdout).unwrap_or(0)
        ),
    );
    remove(&root.join("templates"));

    // Incremental, through the serve engine, in a child process.
    if options.engine {
        let me = std::env::current_exe().expect("bench binary");
        let run = measure(
            &me.to_string_lossy(),
            &["--engine-child", &root_arg, &source_key],
            &options.work,
        );
        for line in run.stdout.lines() {
            if let Some((label, value)) = line.split_once('\t') {
                row(&mut rows, label, value);
            }
        }
        row(&mut rows, "peak memory, serve engine", mib(run.max_rss_kib));
    }

    // Clean up (untimed): output trees and staging folders.
    for r in 0..options.runs {
        remove_output(&options.work, &format!("out-{sources}-{r}"));
    }
    sync();
    (rows, cold_median)
}

/// The output folder the engine keeps as `dossier serve` does: each good site written (the
/// changed files), then read from the folder, so the engine holds bytes only of what changed.
struct ServedFolder {
    folder: PathBuf,
    mirror: Option<dossier::write::OutputDir>,
}

impl ServedFolder {
    fn store(&mut self, engine: &mut Engine, report: &dossier::serve::incremental::Rebuild) {
        match &mut self.mirror {
            Some(mirror) => {
                mirror
                    .apply(engine.files(), &report.changed, &report.removed)
                    .expect("output folder updated");
            }
            None => {
                let (mirror, _) = dossier::write::OutputDir::replace_all(&self.folder, engine.files())
                    .expect("output folder written");
                self.mirror = Some(mirror);
            }
        }
        engine.stored_in(&self.folder);
    }
}

/// The resident memory of this process now (Linux), for the engine's steady state.
fn resident_now() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    mib(kib)
}

/// Child mode: the incremental engine of `dossier serve` on the dossier at `root`, with an
/// output folder beside it kept as `serve` keeps it. Prints `label<TAB>value` lines.
fn engine_scenario(root: &Path, source_key: &str) {
    let folder = root.with_file_name(format!(
        "{}-served",
        root.file_name().map_or("dossier".into(), |name| name.to_string_lossy())
    ));
    let mut served = ServedFolder { folder, mirror: None };
    let started = Instant::now();
    let mut engine = Engine::new(root, RenderOptions::default());
    let first = engine.rebuild().expect("initial build");
    served.store(&mut engine, &first);
    println!(
        "serve engine: first build (in memory)\t{:.2} s ({} pages)",
        secs(started.elapsed()),
        first.pages
    );
    // One claim's statement edited, five times over (each time differently); the median.
    let original = engine.input().text(source_key).expect("source file").to_string();
    let mut edits = Vec::new();
    for run in 0..5 {
        let edited = original.replacen("    statement: \"", &format!("    statement: \"Geändert ({run}): "), 1);
        engine.set_text(source_key, &edited);
        let edit = engine.rebuild().expect("rebuild after claim edit");
        served.store(&mut engine, &edit);
        edits.push(edit);
    }
    edits.sort_by_key(|edit| edit.duration);
    let edit = &edits[edits.len() / 2];
    println!(
        "serve engine: rebuild after editing one claim (median of 5)\t{:.3} s ({} pages rendered, {} changed)",
        secs(edit.duration),
        edit.rendered.len(),
        edit.changed_pages
    );
    let steps: Vec<String> = edit
        .phases
        .iter()
        .map(|(name, time)| format!("{name} {:.0} ms", secs(*time) * 1000.0))
        .collect();
    println!("serve engine: its steps\t{}", steps.join(", "));
    println!("serve engine: resident after the edits\t{}", resident_now());
    engine.set_text(source_key, &original);
    let restored = engine.rebuild().expect("rebuild after restoring the claim");
    served.store(&mut engine, &restored);
    engine.set_text("templates/claim.html", &edited_template());
    let template = engine.rebuild().expect("rebuild after template edit");
    served.store(&mut engine, &template);
    println!(
        "serve engine: rebuild after editing one template (claim.html)\t{:.2} s ({} pages rendered, {} changed)",
        secs(template.duration),
        template.rendered.len(),
        template.changed_pages
    );
    let unchanged = engine.rebuild().expect("rebuild without change");
    println!(
        "serve engine: rebuild without change\t{:.3} s ({} pages rendered)",
        secs(unchanged.duration),
        unchanged.rendered.len()
    );
    let _ = std::fs::remove_dir_all(&served.folder);
    if let (Some(parent), Some(name)) = (served.folder.parent(), served.folder.file_name()) {
        let _ = std::fs::remove_dir_all(parent.join(format!(".{}.staging", name.to_string_lossy())));
    }
}

/// The allocator of the `dossier` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let options = parse_args();
    std::fs::create_dir_all(&options.work).expect("work folder");
    println!("machine: {}", machine());
    let mut results = Vec::new();
    for &sources in &options.sizes {
        let (rows, cold) = bench_size(&options, sources);
        results.push((sources, rows, cold));
    }
    println!("machine at the end: {}", machine());
    println!();
    print!("| measure |");
    for (sources, ..) in &results {
        print!(" {sources} sources |");
    }
    println!();
    print!("|---|");
    for _ in &results {
        print!("---|");
    }
    println!();
    if let Some((_, first_rows, _)) = results.first() {
        for (i, first) in first_rows.iter().enumerate() {
            print!("| {} |", first.label);
            for (_, rows, _) in &results {
                print!(" {} |", rows.get(i).map_or("", |r| r.value.as_str()));
            }
            println!();
        }
    }
    for pair in results.windows(2) {
        let (small, _, small_time) = &pair[0];
        let (large, _, large_time) = &pair[1];
        println!(
            "\ncold build, {large} vs {small} sources: {:.2}x the time for {:.0}x the content",
            large_time / small_time,
            *large as f64 / *small as f64
        );
    }
}
