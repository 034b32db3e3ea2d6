//! Hostile inputs of 10 MB each (the outside security test's findings F4, F5, F6): one
//! `dossier build` (or `check`) per input, timed, with its peak memory.
//!
//! ```sh
//! cargo bench --bench hostile                              # every input, 10 MB
//! cargo bench --bench hostile -- --mb 1 --only gapped      # one input, smaller
//! cargo bench --bench hostile -- --timeout 120 --limit-mib 4096
//! cargo bench --bench hostile -- --bin OLD/dossier             # another build, for a before figure
//! ```
//!
//! The inputs are generated at bench time in a `dossier init` scaffold under Cargo's target
//! temp folder (`--work DIR` to change):
//!
//! - `gapped`: one paragraph `lorem ipsum ` × N, then `UNIQUEEND here.`; quote
//!   `lorem … UNIQUEEND` (anchors).
//! - `ambiguous`: the same article; quote `lorem ipsum` (an error: it occurs N times).
//! - `mismatched`: the same article; quote `lorem ipsum` with a `prefix:` found nowhere.
//! - `not-found`: an article of short paragraphs; a 20,000-character quote of varied letters
//!   found nowhere (the closest-passage search).
//! - `bash`: a page with one fenced `bash` block of `"\` repeated on one line.
//! - `bash-blocks`: a page of `bash` blocks just inside the highlighting budget (64 KiB, lines
//!   of 500 bytes of `"\`): the most highlighting work per byte the budget lets through.
//! - `bash-notes`: the same code spread over claims' notes, each note within the budget.
//! - `claims`: one paragraph of 10 MB holding 1,000 claims' quotes.
//! - `uncovered`: one line of `Es waren 7 Panzer. ` repeated, no claims: a coverage warning
//!   for every sentence (`dossier check`, not `build`: only `check` reports coverage).
//! - `exports`: 2,000 claims, one per paragraph of filler (the exports' character offsets).
//! - `claim-warnings`: 18,000 claims (about the most the YAML node budget lets through) whose
//!   statements are too long without a `summary`: a warning each in one YAML file (`check`).
//!
//! Each build runs the release `dossier` binary as a child process in its own process group,
//! under `ulimit -v` (`--limit-mib`, default 4096) and killed after `--timeout` seconds
//! (default 60). Peak memory is the child's maximum resident set size from `/usr/bin/time`.

use std::fmt::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

struct Options {
    mb: usize,
    only: Option<String>,
    timeout: Duration,
    limit_mib: u64,
    work: PathBuf,
    /// The `dossier` binary to run (`--bin PATH`, e.g. an older build for a before/after figure).
    bin: PathBuf,
}

fn parse_args() -> Options {
    let mut options = Options {
        mb: 10,
        only: None,
        timeout: Duration::from_secs(60),
        limit_mib: 4096,
        work: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-bench"),
        bin: PathBuf::from(DOSSIER),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mb" => options.mb = args.next().and_then(|n| n.parse().ok()).expect("--mb N"),
            "--only" => options.only = args.next(),
            "--timeout" => {
                options.timeout = Duration::from_secs(args.next().and_then(|n| n.parse().ok()).expect("--timeout S"));
            }
            "--limit-mib" => options.limit_mib = args.next().and_then(|n| n.parse().ok()).expect("--limit-mib N"),
            "--work" => options.work = PathBuf::from(args.next().expect("--work DIR")),
            "--bin" => options.bin = PathBuf::from(args.next().expect("--bin PATH")),
            // `cargo bench` passes `--bench`; ignore what is not ours.
            _ => {}
        }
    }
    options
}

/// What one build did.
struct Measured {
    time: Duration,
    /// User and system CPU time (the machine may be shared: wall time then overstates).
    cpu: Option<Duration>,
    max_rss_kib: Option<u64>,
    /// `None` when killed after the timeout.
    exit: Option<i32>,
    /// Bytes the build printed (stdout and stderr).
    stderr_bytes: usize,
}

/// The `dossier` command an input is run with: `check` for the coverage warnings, else `build`.
fn subcommand(name: &str) -> &'static str {
    if matches!(name, "uncovered" | "claim-warnings") {
        "check"
    } else {
        "build"
    }
}

fn measure(root: &Path, subcommand: &str, options: &Options) -> Measured {
    let rss_file = root.join(".rss");
    let _ = std::fs::remove_file(&rss_file);
    let script = format!(
        "ulimit -v {}; exec /usr/bin/time -f \"%U %S %M\" -o \"$1\" \"$2\" {subcommand} --root \"$3\" >&2",
        options.limit_mib * 1024
    );
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(&rss_file)
        .arg(&options.bin)
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0);
    let started = Instant::now();
    let mut child = command.spawn().expect("run sh");
    let stderr_pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = 0usize;
        if let Some(mut pipe) = stderr_pipe {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = std::io::Read::read(&mut pipe, &mut buffer) {
                if n == 0 {
                    break;
                }
                bytes += n;
            }
        }
        bytes
    });
    let exit = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status.code().unwrap_or(-1));
        }
        if started.elapsed() > options.timeout {
            // The whole group: sh became /usr/bin/time, whose child is dossier.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let time = started.elapsed();
    let stderr_bytes = reader.join().unwrap_or_default();
    // "user system maxrss" on the last line (earlier ones: "Command exited with non-zero status").
    let figures: Vec<f64> = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| {
            t.lines()
                .last()
                .map(|l| l.split_whitespace().filter_map(|f| f.parse().ok()).collect())
        })
        .unwrap_or_default();
    let (cpu, max_rss_kib) = match figures.as_slice() {
        [user, system, rss] => (Some(Duration::from_secs_f64(user + system)), Some(*rss as u64)),
        _ => (None, None),
    };
    Measured {
        time,
        cpu,
        max_rss_kib,
        exit,
        stderr_bytes,
    }
}

/// A fresh `dossier init` scaffold in `work/name`, with the example source removed.
fn scaffold(work: &Path, name: &str) -> PathBuf {
    let root = work.join(name);
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove old input");
    }
    std::fs::create_dir_all(work).expect("work folder");
    let status = Command::new(DOSSIER)
        .arg("init")
        .arg(&root)
        .stdout(Stdio::null())
        .status()
        .expect("dossier init");
    assert!(status.success(), "dossier init failed");
    let _ = std::fs::remove_file(root.join("content/sources/example.yaml"));
    let _ = std::fs::remove_file(root.join("seeds/example.txt"));
    root
}

/// A YAML double-quoted string.
fn yaml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn claim_yaml(id: &str, quote: &str, prefix: Option<&str>) -> String {
    let mut out = format!(
        "  - id: {id}\n    quote: {}\n    statement: \"A claim.\"\n    topic: troop-numbers\n    origin: article\n    verdict: unproven\n",
        yaml(quote)
    );
    if let Some(prefix) = prefix {
        let _ = writeln!(out, "    prefix: {}", yaml(prefix));
    }
    out
}

fn write_source(root: &Path, article: &str, claims: &str) {
    std::fs::write(root.join("seeds/hostile.txt"), article).expect("seed");
    let yaml = format!(
        "id: hostile\nfile: seeds/hostile.txt\ntitle: \"Hostile\"\noutlet: \"Outlet\"\npublished: 2024-11-18\nlanguage: en\nclaims:\n{claims}"
    );
    std::fs::write(root.join("content/sources/hostile.yaml"), yaml).expect("source yaml");
}

/// `lorem ipsum ` repeated to about `bytes`, then `UNIQUEEND here.`: one paragraph.
fn lorem_article(bytes: usize) -> String {
    let mut text = "lorem ipsum ".repeat(bytes / 12);
    text.push_str("UNIQUEEND here.\n");
    text
}

/// Builds the named input of about `bytes` bytes and returns its root and a short description.
fn input(work: &Path, name: &str, bytes: usize) -> (PathBuf, &'static str) {
    let root = scaffold(work, name);
    let description = match name {
        "gapped" => {
            write_source(
                &root,
                &lorem_article(bytes),
                &claim_yaml("gap", "lorem … UNIQUEEND", None),
            );
            "quote `lorem … UNIQUEEND` in one paragraph of `lorem ipsum `"
        }
        "ambiguous" => {
            write_source(&root, &lorem_article(bytes), &claim_yaml("amb", "lorem ipsum", None));
            "quote `lorem ipsum`, found N times (error)"
        }
        "mismatched" => {
            write_source(
                &root,
                &lorem_article(bytes),
                &claim_yaml("mis", "lorem ipsum", Some("found nowhere")),
            );
            "quote `lorem ipsum` with a wrong `prefix:` (error)"
        }
        "not-found" => {
            let mut article = String::with_capacity(bytes + 64);
            let mut i = 0u64;
            while article.len() < bytes {
                let _ = write!(article, "Sentence {i} here.\n\n");
                i += 1;
            }
            // 20,000 characters over a wide alphabet: thousands of distinct bigrams.
            let mut state = 1u64;
            let quote: String = (0..20_000)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    char::from_u32(0x4E00 + ((state >> 33) % 2000) as u32).unwrap_or('x')
                })
                .collect();
            write_source(&root, &article, &claim_yaml("nf", &quote, None));
            "20,000-character quote found nowhere in short paragraphs (error, closest passage)"
        }
        "bash" => {
            let page = format!(
                "---\ntitle: \"Bash\"\n---\n\n```bash\n{}\n```\n",
                "\"\\".repeat(bytes / 2)
            );
            std::fs::write(root.join("content/pages/bash.md"), page).expect("page");
            "a page with one ```bash block of `\"\\` on one line"
        }
        "bash-blocks" => {
            // Just inside the highlighting budget: blocks under 64 KiB of 500-byte lines.
            let line = "\"\\".repeat(250);
            let block = format!("```bash\n{}```\n\n", format!("{line}\n").repeat(130));
            let page = format!("---\ntitle: \"Bash\"\n---\n\n{}", block.repeat(bytes / block.len()));
            std::fs::write(root.join("content/pages/bash.md"), page).expect("page");
            "a page of ```bash blocks just inside the highlighting budget"
        }
        "bash-notes" => {
            // The same code spread over claims' notes: each note within the budget.
            let line = "\"\\".repeat(250);
            let code = format!("{line}\n").repeat(130);
            let count = bytes / code.len();
            let mut article = String::new();
            let mut claims = String::new();
            for i in 0..count {
                let _ = write!(article, "marker{i:05}x ");
                claims.push_str(&claim_yaml(&format!("c{i}"), &format!("marker{i:05}x"), None));
                claims.push_str("    note: |\n      ```bash\n");
                for code_line in code.lines() {
                    let _ = writeln!(claims, "      {code_line}");
                }
                claims.push_str("      ```\n");
            }
            article.push_str("end.\n");
            write_source(&root, &article, &claims);
            "claims whose notes hold ```bash blocks just inside the budget"
        }
        "claims" => {
            let count = 1000;
            let mut article = String::with_capacity(bytes + 64);
            let filler = "lorem ipsum ".repeat(bytes / count / 12);
            let mut claims = String::new();
            for i in 0..count {
                article.push_str(&filler);
                let _ = write!(article, "marker{i:05}x ");
                claims.push_str(&claim_yaml(&format!("c{i}"), &format!("marker{i:05}x"), None));
            }
            article.push_str("end.\n");
            write_source(&root, &article, &claims);
            "one paragraph holding 1,000 claims' quotes"
        }
        "uncovered" => {
            let sentence = "Es waren 7 Panzer. ";
            let mut article = sentence.repeat(bytes / sentence.len());
            article.push('\n');
            write_source(&root, &article, "  []\n");
            "one line of `Es waren 7 Panzer. `, no claims (`check`: a coverage warning each)"
        }
        "exports" => {
            let count = 2000;
            let mut article = String::with_capacity(bytes + 64);
            let filler = "lorem ipsum ".repeat(bytes / count / 12);
            let mut claims = String::new();
            for i in 0..count {
                let _ = write!(article, "{filler}marker{i:05}x.\n\n");
                claims.push_str(&claim_yaml(&format!("c{i}"), &format!("marker{i:05}x"), None));
            }
            write_source(&root, &article, &claims);
            "2,000 claims, one per paragraph (exports' character offsets)"
        }
        "claim-warnings" => {
            let count = 18_000;
            let padding = "x".repeat((bytes / count).saturating_sub(200));
            let mut article = String::new();
            let mut claims = String::new();
            for i in 0..count {
                let _ = write!(article, "marker{i:05}x ");
                claims.push_str(
                    &claim_yaml(&format!("c{i}"), &format!("marker{i:05}x"), None)
                        .replace("\"A claim.\"", &format!("\"A claim {padding}.\"")),
                );
            }
            article.push_str("end.\n");
            write_source(&root, &article, &claims);
            "18,000 claims in one YAML file, a warning each (`check`)"
        }
        other => panic!("unknown input {other}"),
    };
    (root, description)
}

const INPUTS: [&str; 11] = [
    "gapped",
    "ambiguous",
    "mismatched",
    "not-found",
    "bash",
    "bash-blocks",
    "bash-notes",
    "claims",
    "uncovered",
    "exports",
    "claim-warnings",
];

fn main() {
    let options = parse_args();
    let bytes = options.mb * 1_000_000;
    println!(
        "hostile inputs of {} MB, timeout {} s, ulimit -v {} MiB",
        options.mb,
        options.timeout.as_secs(),
        options.limit_mib
    );
    println!("| input | what | wall time | CPU time | peak memory | exit | messages |");
    println!("|---|---|---|---|---|---|---|");
    for name in INPUTS {
        if options
            .only
            .as_deref()
            .is_some_and(|only| !only.split(',').any(|o| o == name))
        {
            continue;
        }
        let (root, description) = input(&options.work, name, bytes);
        let run = measure(&root, subcommand(name), &options);
        let time = match run.exit {
            Some(_) => format!("{:.2} s", run.time.as_secs_f64()),
            None => format!("killed after {} s", options.timeout.as_secs()),
        };
        let memory = run
            .max_rss_kib
            .map_or_else(|| "–".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
        let exit = run.exit.map_or_else(|| "killed".to_owned(), |c| c.to_string());
        let cpu = run
            .cpu
            .map_or_else(|| "–".to_owned(), |c| format!("{:.2} s", c.as_secs_f64()));
        println!(
            "| {name} | {description} | {time} | {cpu} | {memory} | {exit} | {:.1} KB |",
            run.stderr_bytes as f64 / 1000.0
        );
        if std::env::var_os("HOSTILE_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&root);
        }
    }
}
