//! A small dossier in a temporary folder, with helpers to edit it, run the `dossier` binary on
//! it and read its output as parsed HTML.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

/// The article of the fixture: two paragraphs, German quotation marks, a no-break space.
pub const ARTICLE: &str = "Titelzeile des Artikels\n\nDer Machthaber hat seinen „Freund“ bereits mit knapp 11.000 Soldaten unterstützt. Bloomberg berichtet, dass Nordkorea bis zu 100.000\u{a0}Soldaten entsenden könnte.\n\nDie Armee ist laut Putin 1,6 Millionen Mann stark. Laut der „New York Post“ hatte Russland etwa 500.000 aktive Soldaten.\n";

/// A second article carrying the same Bloomberg figure.
pub const SECOND_ARTICLE: &str = "Nordkorea erwägt, bis zu 100.000 Soldaten zu entsenden, schreibt Bloomberg.\n";

pub const CONFIG: &str = r#"title: "Test-Dossier"
description: "Ein *kleines* Dossier."
language: de
base_url: "https://example.org/dossier/"
organization:
  name: "Testredaktion"
  url: "https://example.org/"
reviewed: 2024-11-25
verdicts:
  - id: belegt
    label: "Belegt"
    explanation: "Durch mehrere Quellen gedeckt."
    rating: 2
  - id: unbelegt
    label: "Unbelegt"
    explanation: "Nicht überprüfbar."
    rating: none
  - id: falsch
    label: "Falsch"
    explanation: "Widerlegt."
    rating: 1
"#;

pub const TOPICS: &str = r#"- id: nk-truppen
  title: "Nordkoreanische Truppen in Russland"
  question: "Wie viele nordkoreanische Soldaten sind in Russland?"
  unit: "Soldaten"
  description: "Zahlen zu **entsandten** und geplanten Truppen."
  measures:
    - id: entsandt
      label: "Entsandt"
    - id: geplant
      label: "Geplant (Obergrenze)"
- id: ru-staerke
  title: "Russische Truppenstärke"
  question: "Wie groß ist Russlands Armee?"
  unit: "Soldaten"
  measures:
    - id: aktiv
      label: "Aktive Soldaten"
"#;

pub const ORIGINS: &str = r#"- id: bloomberg
  name: "Bloomberg"
  kind: media
  description: "US-Nachrichtenagentur."
- id: putin
  name: "Wladimir Putin"
  kind: person
  description: "Russischer Präsident."
- id: ny-post
  name: "New York Post"
  kind: media
"#;

pub const SOURCE_A: &str = r#"id: artikel-a
file: seeds/a.txt
title: "Nordkorea schickt Soldaten"
outlet: "Testblatt"
published: 2024-11-18
url: "https://example.com/a"
language: de
exclude:
  - lines: 1
    reason: "Titelzeile"
claims:
  - id: nk-11000
    quote: "mit knapp 11.000 Soldaten unterstützt"
    statement: "Nordkorea hat Russland mit knapp 11.000 Soldaten unterstützt."
    topic: nk-truppen
    quantity: { value: 11000, qualifier: about, measure: entsandt }
    as_of: 2024-11
    origin: article
    verdict: belegt
    conclusion: "Andere Berichte des Dossiers nennen dieselbe Zahl."
    note: "Deckt sich mit *anderen* Berichten."
  - id: nk-100000-a
    quote: "dass Nordkorea bis zu 100.000 Soldaten entsenden könnte"
    statement: "Nordkorea könnte bis zu 100.000 Soldaten entsenden."
    topic: nk-truppen
    quantity: { value: 100000, qualifier: up-to, measure: geplant }
    origin: bloomberg
    verdict: unbelegt
    conclusion: "Nur Bloomberg nennt die Zahl, und nur als Möglichkeit."
    related:
      - claim: nk-100000-b
        relation: same-origin
  - id: ru-putin
    quote: "laut Putin 1,6 Millionen Mann stark"
    statement: "Russlands Armee ist laut Putin 1,6 Millionen Mann stark."
    topic: ru-staerke
    quantity: { value: 1600000, measure: aktiv }
    as_of: 2024-11
    origin: putin
    verdict: unbelegt
    conclusion: "Nur Putin nennt die Zahl; die New York Post nennt eine andere."
    related:
      - claim: ru-nypost
        relation: contradicts
  - id: ru-nypost
    quote: "hatte Russland etwa 500.000 aktive Soldaten"
    statement: "Russland hatte etwa 500.000 aktive Soldaten."
    topic: ru-staerke
    quantity: { value: 500000, qualifier: about, measure: aktiv }
    origin: ny-post
    verdict: falsch
    conclusion: "Die Zahl widerspricht den übrigen Angaben des Dossiers."
"#;

pub const SOURCE_B: &str = r#"id: artikel-b
file: seeds/b.txt
title: "Bloomberg: bis zu 100.000"
outlet: "Zweitblatt"
published: 2024-11
language: de
claims:
  - id: nk-100000-b
    quote: "bis zu 100.000 Soldaten zu entsenden"
    statement: "Nordkorea erwägt, bis zu 100.000 Soldaten zu entsenden."
    topic: nk-truppen
    quantity: { value: 100000, qualifier: up-to, measure: geplant }
    origin: bloomberg
    verdict: unbelegt
    conclusion: "Nur Bloomberg nennt die Zahl, und nur als Erwägung."
"#;

pub const METHODIK: &str = "---\ntitle: \"Methodik\"\nnav: 1\n---\n# Wie wir prüfen\n\n| Urteil | Bedeutung |\n|---|---|\n| Belegt | gedeckt |\n";

/// A dossier folder in a temp dir.
pub struct Fixture {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A run that must fail with content errors (exit 1) and no panic; returns stderr.
    pub fn fails(&self) -> &str {
        assert_eq!(
            self.code, 1,
            "expected content errors:\n{}\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        &self.stderr
    }

    /// A run that must be a usage error (exit 2) with a message and no panic; returns stderr.
    pub fn usage_error(&self) -> &str {
        assert_eq!(
            self.code, 2,
            "expected a usage error:\n{}\n{}",
            self.stdout, self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        &self.stderr
    }

    /// A run that must succeed.
    pub fn succeeds(&self) {
        assert_eq!(self.code, 0, "expected success:\n{}\n{}", self.stdout, self.stderr);
    }
}

/// Every entry below `dir`, by relative path: a file's bytes, a symbolic link's target (links
/// are not followed), `<dir>` for a folder. Two calls compare equal when nothing was created,
/// changed or removed.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|entry| {
            let key = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let value = if entry.path_is_symlink() {
                std::fs::read_link(entry.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else if entry.file_type().is_file() {
                std::fs::read(entry.path()).unwrap()
            } else {
                b"<dir>".to_vec()
            };
            (key, value)
        })
        .collect()
}

impl Fixture {
    /// The full, valid fixture dossier.
    /// The fixture with `language: en`: its messages are English (the fixture is German).
    pub fn english() -> Self {
        let fixture = Self::new();
        fixture.edit("dossier.yaml", "language: de", "language: en");
        fixture
    }

    pub fn new() -> Self {
        let fixture = Self::empty();
        fixture.write("dossier.yaml", CONFIG);
        fixture.write("content/topics.yaml", TOPICS);
        fixture.write("content/origins.yaml", ORIGINS);
        fixture.write("content/sources/a.yaml", SOURCE_A);
        fixture.write("content/sources/b.yaml", SOURCE_B);
        fixture.write("content/pages/methodik.md", METHODIK);
        fixture.write("seeds/a.txt", ARTICLE);
        fixture.write("seeds/b.txt", SECOND_ARTICLE);
        fixture
    }

    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `git ARGS` in the dossier as a test user without signing, dated `date` (author and
    /// committer) when given; panics when git fails.
    pub fn git(&self, args: &[&str], date: Option<&str>) {
        let mut command = Command::new("git");
        command
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.root());
        if let Some(date) = date {
            command.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        }
        let status = command.status().expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Replaces `from` by `to` in a file, asserting `from` is there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// `dossier ARGS`, with `--root` pointing at the fixture for `build` and `check`.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command.args(args);
        if args.first().is_some_and(|a| *a == "build" || *a == "check") && !args.contains(&"--root") {
            command.arg("--root").arg(self.root());
        }
        command
    }

    /// Runs `dossier ARGS` with `--root` pointing at the fixture.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("run dossier");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `dossier ARGS` like [`Fixture::run`], in `cwd` with `env` added and no stdin, and
    /// kills it after 60 s: a hang is a failure, not a stuck test run.
    pub fn run_bounded(&self, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        command.current_dir(cwd).envs(env.iter().copied());
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run dossier");
        let started = Instant::now();
        // Read the pipes on threads so a chatty child cannot block on a full pipe.
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        };
        let out = read(Box::new(child.stdout.take().expect("piped stdout")));
        let err = read(Box::new(child.stderr.take().expect("piped stderr")));
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for dossier") {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                child.kill().expect("kill dossier");
                panic!("dossier {args:?} hung for 60 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Run {
            code: status.code().unwrap_or(-1),
            stdout: out.join().expect("stdout reader"),
            stderr: err.join().expect("stderr reader"),
        }
    }

    /// Builds into `public/`, asserting success.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// A page of the output, parsed.
    pub fn page(&self, relative: &str) -> Page {
        Page {
            html: Html::parse_document(&self.read(&format!("public/{relative}"))),
            path: relative.to_owned(),
        }
    }
}

/// A parsed output page.
pub struct Page {
    pub html: Html,
    pub path: String,
}

impl Page {
    /// Texts of all elements matching `css`, whitespace-normalised.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.html
            .select(&selector)
            .map(|e| normalize(&e.text().collect::<String>()))
            .collect()
    }

    /// Text of the single element matching `css`.
    pub fn text(&self, css: &str) -> String {
        let texts = self.texts(css);
        assert_eq!(texts.len(), 1, "{}: expected one `{css}`, found {texts:?}", self.path);
        texts.into_iter().next().unwrap_or_default()
    }

    /// Values of `attr` on elements matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.html
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    /// Every internal link target (href not starting with a scheme or `#`), resolved against
    /// the page's folder to a path in the output.
    pub fn internal_links(&self) -> Vec<String> {
        self.attrs("a[href]", "href")
            .into_iter()
            .filter(|h| !h.contains("://") && !h.starts_with('#') && !h.starts_with("mailto:"))
            .map(|h| resolve(&self.path, &h))
            .collect()
    }
}

/// Resolves a relative href from the page at `page` to an output file path.
pub fn resolve(page: &str, href: &str) -> String {
    let (path, _fragment) = href.split_once('#').unwrap_or((href, ""));
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') || path.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    joined
}

pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
