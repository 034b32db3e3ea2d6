//! Helpers for the `serve` tests: a random dossier that stays valid under random edits, clean
//! builds to compare with, the `dossier serve` process, and tiny HTTP and WebSocket clients
//! over loopback (so the tests need no extra crates).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for the server to show an edit.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `probe` until it returns `Some`, or panics with `what` after `deadline`.
pub fn poll_until<T>(deadline: Duration, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        if started.elapsed() > deadline {
            panic!("timed out after {deadline:?} waiting for {what}");
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

#[path = "../support/rng.rs"]
mod rng;
pub use rng::Rng;

/// A claim of the model.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    /// The figure in its sentence; unique in the dossier, so quotes always anchor.
    pub number: usize,
    pub statement: String,
    pub topic: usize,
    pub origin: Option<usize>,
    pub verdict: usize,
    pub related: Option<String>,
}

/// A source of the model: its YAML file stem and its claims.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub file_stem: String,
    pub title: String,
    pub claims: Vec<Claim>,
}

/// A dossier that random edits keep valid (unless an edit breaks it on purpose).
#[derive(Debug, Clone)]
pub struct Model {
    pub title: String,
    pub language: &'static str,
    pub topics: Vec<(String, String)>,
    pub origins: Vec<(String, String)>,
    pub sources: Vec<Source>,
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, String>,
    pub pages: BTreeMap<String, (String, String)>,
    /// A file written with broken content instead of the model's.
    pub broken: Option<(String, String)>,
    next: usize,
}

impl Model {
    /// Two sources, three topics, two origins, a handful of claims.
    pub fn small() -> Self {
        let mut model = Self {
            title: "Serve test dossier".into(),
            language: "en",
            topics: vec![
                ("troops".into(), "Troops".into()),
                ("losses".into(), "Losses".into()),
                ("plans".into(), "Plans".into()),
            ],
            origins: vec![
                ("ministry".into(), "The Ministry".into()),
                ("agency".into(), "The Agency".into()),
            ],
            sources: Vec::new(),
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
            pages: BTreeMap::new(),
            broken: None,
            next: 100,
        };
        for s in 0..2 {
            let id = format!("source-{s}");
            let mut source = Source {
                id: id.clone(),
                file_stem: id.clone(),
                title: format!("Article {s}"),
                claims: Vec::new(),
            };
            for _ in 0..4 {
                let claim = model.new_claim();
                source.claims.push(claim);
            }
            model.sources.push(source);
        }
        model.sources[0].claims[1].related = Some(model.sources[0].claims[0].id.clone());
        model
            .pages
            .insert("about".into(), ("About".into(), "This dossier is *made up*.".into()));
        model
    }

    pub fn new_claim(&mut self) -> Claim {
        self.next += 1;
        let n = self.next;
        Claim {
            id: format!("claim-{n}"),
            number: 1000 + n * 7,
            statement: format!("Statement number {n}."),
            topic: n % self.topics.len().max(1),
            origin: (!n.is_multiple_of(3)).then_some(n % self.origins.len().max(1)),
            verdict: n % 3,
            related: None,
        }
    }

    /// The files of the dossier, by path relative to the root.
    pub fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert(
            "dossier.yaml".to_owned(),
            format!(
                "title: \"{}\"\ndescription: \"A dossier for the serve tests.\"\nlanguage: {}\norganization:\n  name: \"Test desk\"\nreviewed: 2024-12-01\nverdicts:\n  - id: confirmed\n    label: \"Confirmed\"\n    explanation: \"Two origins agree.\"\n    rating: 2\n  - id: unverified\n    label: \"Unverified\"\n    explanation: \"Nothing confirms it.\"\n    rating: none\n  - id: wrong\n    label: \"Wrong\"\n    explanation: \"The dossier **refutes** it.\"\n    rating: 1\n",
                self.title, self.language
            ),
        );
        let mut topics = String::new();
        for (id, title) in &self.topics {
            topics.push_str(&format!("- id: {id}\n  title: \"{title}\"\n  question: \"How many?\"\n  unit: \"soldiers\"\n  measures:\n    - id: count\n      label: \"Count\"\n"));
        }
        files.insert("content/topics.yaml".into(), topics);
        let mut origins = String::new();
        for (id, name) in &self.origins {
            origins.push_str(&format!("- id: {id}\n  name: \"{name}\"\n  kind: government\n"));
        }
        files.insert("content/origins.yaml".into(), origins);
        for source in &self.sources {
            let mut seed = format!("{}\n\n", source.title);
            let mut yaml = format!(
                "id: {}\nfile: seeds/{}.txt\ntitle: \"{}\"\noutlet: \"Test Times\"\npublished: 2024-11-18\nlanguage: en\nexclude:\n  - lines: 1\n    reason: headline\nclaims:\n",
                source.id, source.id, source.title
            );
            if source.claims.is_empty() {
                yaml.push_str("  []\n");
                seed.push_str("Nothing to see.\n");
            }
            for claim in &source.claims {
                seed.push_str(&format!(
                    "Officials said that {} soldiers had arrived at the front on Monday.\n\n",
                    claim.number
                ));
                yaml.push_str(&format!(
                    "  - id: {}\n    quote: \"{} soldiers had arrived\"\n    statement: \"{}\"\n    topic: {}\n    origin: {}\n    verdict: {}\n    quantity:\n      value: {}\n      measure: count\n",
                    claim.id,
                    claim.number,
                    claim.statement,
                    self.topics[claim.topic].0,
                    claim.origin.map_or("article".to_owned(), |o| self.origins[o].0.clone()),
                    ["confirmed", "unverified", "wrong"][claim.verdict],
                    claim.number
                ));
                if let Some(related) = &claim.related {
                    yaml.push_str(&format!(
                        "    related:\n      - claim: {related}\n        relation: supports\n"
                    ));
                }
            }
            files.insert(format!("seeds/{}.txt", source.id), seed);
            files.insert(format!("content/sources/{}.yaml", source.file_stem), yaml);
        }
        for (stem, (title, body)) in &self.pages {
            files.insert(
                format!("content/pages/{stem}.md"),
                format!("---\ntitle: \"{title}\"\nnav: 1\n---\n{body}\n"),
            );
        }
        for (name, text) in &self.templates {
            files.insert(format!("templates/{name}"), text.clone());
        }
        for (name, text) in &self.statics {
            files.insert(format!("static/{name}"), text.clone());
        }
        if let Some((path, text)) = &self.broken {
            files.insert(path.clone(), text.clone());
        }
        files
    }

    /// Writes the model to `root`: only files whose content differs, and removes files the
    /// model no longer has (and folders left empty). Returns the paths touched.
    pub fn sync(&self, root: &Path) -> Vec<PathBuf> {
        self.sync_with(root, |path, text| save(path, text, Save::InPlace))
    }

    /// Like [`Model::sync`], writing each changed file with `write(path, text)` (the folder
    /// exists by then).
    pub fn sync_with(&self, root: &Path, mut write: impl FnMut(&Path, &str)) -> Vec<PathBuf> {
        let files = self.files();
        let mut touched = Vec::new();
        for (key, text) in &files {
            let path = root.join(key);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                write(&path, text);
                touched.push(path);
            }
        }
        for dir in ["content", "seeds", "templates", "static"] {
            let dir_path = root.join(dir);
            if !dir_path.exists() {
                continue;
            }
            let existing: Vec<PathBuf> = walkdir::WalkDir::new(&dir_path)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            for path in existing {
                let key = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                if !files.contains_key(&key) {
                    std::fs::remove_file(&path).unwrap();
                    touched.push(path);
                }
            }
            // Remove folders left empty, deepest first.
            let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(&dir_path)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_dir())
                .map(|e| e.into_path())
                .collect();
            dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
            for dir in dirs {
                if dir != dir_path && std::fs::remove_dir(&dir).is_ok() {
                    touched.push(dir);
                }
            }
        }
        touched
    }

    /// One random edit; returns what it did.
    pub fn random_edit(&mut self, rng: &mut Rng, step: usize) -> String {
        if self.broken.take().is_some() {
            return "fix the broken file".into();
        }
        let choice = rng.below(100);
        let claim_count: usize = self.sources.iter().map(|s| s.claims.len()).sum();
        match choice {
            0..=19 if claim_count > 0 => {
                let (s, c) = self.pick_claim(rng);
                self.sources[s].claims[c].statement = format!("Statement edited at step {step}.");
                format!("change the statement of {}", self.sources[s].claims[c].id)
            }
            20..=26 if claim_count > 0 => {
                let (s, c) = self.pick_claim(rng);
                let claim = &mut self.sources[s].claims[c];
                claim.verdict = (claim.verdict + 1) % 3;
                claim.topic = rng.below(self.topics.len());
                format!("change verdict and topic of {}", claim.id)
            }
            27..=36 => {
                let s = rng.below(self.sources.len());
                let mut claim = self.new_claim();
                // `supports` needs a second origin: never the new claim's own (nor, for claims
                // without one, any other claim that names none).
                let ids: Vec<String> = self
                    .sources
                    .iter()
                    .flat_map(|s| s.claims.iter())
                    .filter(|c| c.origin.is_some() && c.origin != claim.origin)
                    .map(|c| c.id.clone())
                    .collect();
                if !ids.is_empty() && rng.chance(50) {
                    claim.related = Some(ids[rng.below(ids.len())].clone());
                }
                let id = claim.id.clone();
                if rng.chance(50) {
                    // Before every other claim of the dossier: every claim's index shifts.
                    let first = self.first_source();
                    self.sources[first].claims.insert(0, claim);
                    format!("add claim {id} at the start")
                } else {
                    self.sources[s].claims.push(claim);
                    format!("add claim {id}")
                }
            }
            37..=43 if claim_count > 1 => {
                let (s, c, at) = match self.first_claim() {
                    Some((s, c)) if rng.chance(50) => (s, c, " at the start"),
                    _ => {
                        let (s, c) = self.pick_claim(rng);
                        (s, c, "")
                    }
                };
                let removed = self.sources[s].claims.remove(c);
                self.unlink(&removed.id, None);
                format!("delete claim {}{at}", removed.id)
            }
            44..=49 if claim_count > 0 => {
                let (s, c) = self.pick_claim(rng);
                self.next += 1;
                let new_id = format!("claim-{}-renamed", self.next);
                let old_id = std::mem::replace(&mut self.sources[s].claims[c].id, new_id.clone());
                self.unlink(&old_id, Some(&new_id));
                format!("rename claim {old_id} to {new_id}")
            }
            50..=54 => {
                let s = rng.below(self.sources.len());
                self.sources[s].title = format!("Article retitled at step {step}");
                format!("retitle source {}", self.sources[s].id)
            }
            55..=58 => {
                self.next += 1;
                // Half of them sort before every other source.
                let (prefix, at) = if rng.chance(50) {
                    ("aa-", " at the start")
                } else {
                    ("", "")
                };
                let id = format!("{prefix}source-{}", self.next);
                let mut source = Source {
                    id: id.clone(),
                    file_stem: id.clone(),
                    title: format!("Article {}", self.next),
                    claims: Vec::new(),
                };
                for _ in 0..rng.below(3) + 1 {
                    let claim = self.new_claim();
                    source.claims.push(claim);
                }
                self.sources.push(source);
                format!("add source {id}{at}")
            }
            59..=61 if self.sources.len() > 1 => {
                let (s, at) = if rng.chance(50) {
                    (self.first_source(), " at the start")
                } else {
                    (rng.below(self.sources.len()), "")
                };
                let removed = self.sources.remove(s);
                for claim in &removed.claims {
                    self.unlink(&claim.id, None);
                }
                format!("delete source {}{at}", removed.id)
            }
            62..=64 => {
                let s = rng.below(self.sources.len());
                self.next += 1;
                self.sources[s].file_stem = format!("moved-{}", self.next);
                format!("rename the file of source {}", self.sources[s].id)
            }
            65..=67 => {
                self.next += 1;
                self.topics
                    .push((format!("topic-{}", self.next), format!("Topic {}", self.next)));
                "add a topic".into()
            }
            68..=70 => {
                let t = rng.below(self.topics.len());
                self.topics[t].1 = format!("Topic retitled at step {step}");
                format!("retitle topic {}", self.topics[t].0)
            }
            71..=72 if self.topics.len() > 1 => {
                let t = rng.below(self.topics.len());
                let removed = self.topics.remove(t);
                for claim in self.sources.iter_mut().flat_map(|s| s.claims.iter_mut()) {
                    if claim.topic == t {
                        claim.topic = 0;
                    } else if claim.topic > t {
                        claim.topic -= 1;
                    }
                }
                format!("delete topic {}", removed.0)
            }
            73..=75 => {
                let o = rng.below(self.origins.len());
                self.origins[o].1 = format!("Origin renamed at step {step}");
                format!("rename origin {}", self.origins[o].0)
            }
            76..=81 => {
                let name = [
                    "claim.html",
                    "source.html",
                    "base.html",
                    "topic.html",
                    "index.html",
                    "list.html",
                ][rng.below(6)];
                if self.templates.contains_key(name) && rng.chance(40) {
                    self.templates.remove(name);
                    format!("remove the override of {name}")
                } else {
                    self.templates.insert(name.to_owned(), edited_template(name, step));
                    format!("override {name}")
                }
            }
            82..=83 => {
                self.templates
                    .insert("unused.html".to_owned(), format!("<p>unused {step}</p>"));
                "change an unused template".into()
            }
            84..=87 => {
                let name = ["style.css", "extra.css", "img/logo.svg"][rng.below(3)];
                if self.statics.contains_key(name) && rng.chance(40) {
                    self.statics.remove(name);
                    format!("delete static/{name}")
                } else {
                    self.statics.insert(name.to_owned(), format!("/* static {step} */\n"));
                    format!("write static/{name}")
                }
            }
            88..=89 => {
                if rng.chance(50) {
                    self.title = format!("Serve test dossier, step {step}");
                    "change the title".into()
                } else {
                    self.language = if self.language == "en" { "de" } else { "en" };
                    "switch the language".into()
                }
            }
            90..=93 => {
                let stem = ["about", "method", "faq"][rng.below(3)];
                if self.pages.contains_key(stem) && rng.chance(40) {
                    self.pages.remove(stem);
                    format!("delete page {stem}")
                } else {
                    self.pages.insert(
                        stem.to_owned(),
                        (format!("Page {stem}"), format!("Body written at step {step}.")),
                    );
                    format!("write page {stem}")
                }
            }
            _ => {
                let s = rng.below(self.sources.len());
                let path = format!("content/sources/{}.yaml", self.sources[s].file_stem);
                self.broken = Some((path.clone(), "id: [unclosed\nclaims: {\n".into()));
                format!("break {path}")
            }
        }
    }

    /// The source that comes first in the dossier (sources are in id order).
    fn first_source(&self) -> usize {
        (0..self.sources.len())
            .min_by(|&a, &b| self.sources[a].id.cmp(&self.sources[b].id))
            .unwrap_or(0)
    }

    /// The first claim of the dossier, as (source, claim), if the first source has claims.
    fn first_claim(&self) -> Option<(usize, usize)> {
        let first = self.first_source();
        self.sources
            .get(first)
            .filter(|s| !s.claims.is_empty())
            .map(|_| (first, 0))
    }

    fn pick_claim(&self, rng: &mut Rng) -> (usize, usize) {
        let with_claims: Vec<usize> = (0..self.sources.len())
            .filter(|&s| !self.sources[s].claims.is_empty())
            .collect();
        let s = with_claims[rng.below(with_claims.len())];
        (s, rng.below(self.sources[s].claims.len()))
    }

    /// Drops or renames links to a claim id.
    fn unlink(&mut self, old: &str, new: Option<&str>) {
        for claim in self.sources.iter_mut().flat_map(|s| s.claims.iter_mut()) {
            if claim.related.as_deref() == Some(old) {
                claim.related = new.map(str::to_owned);
            }
        }
    }
}

/// How a file is saved, as editors do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    /// Truncate and write in place.
    InPlace,
    /// Write a temp file in the same folder, then rename it over the file (atomic save).
    RenameOver,
    /// Delete the file, then create it again.
    DeleteAndCreate,
    /// vim with `backupcopy=no`: swap file, the `4913` probe, the file renamed to a `~` backup,
    /// a new file written, the backup and the swap file deleted.
    Vim,
}

impl Save {
    pub const ALL: [Save; 4] = [Save::InPlace, Save::RenameOver, Save::DeleteAndCreate, Save::Vim];
}

/// Writes `text` to `path` (whose folder exists) the way `how` says.
pub fn save(path: &Path, text: &str, how: Save) {
    let folder = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match how {
        Save::InPlace => std::fs::write(path, text).unwrap(),
        Save::RenameOver => {
            let temp = folder.join(format!(".{name}.tmp"));
            std::fs::write(&temp, text).unwrap();
            std::fs::rename(&temp, path).unwrap();
        }
        Save::DeleteAndCreate => {
            let _ = std::fs::remove_file(path);
            std::fs::write(path, text).unwrap();
        }
        Save::Vim => {
            let swap = folder.join(format!(".{name}.swp"));
            std::fs::write(&swap, "vim swap").unwrap();
            let probe = folder.join("4913");
            std::fs::write(&probe, "").unwrap();
            std::fs::remove_file(&probe).unwrap();
            let backup = folder.join(format!("{name}~"));
            let had_file = std::fs::rename(path, &backup).is_ok();
            std::fs::write(path, text).unwrap();
            if had_file {
                std::fs::remove_file(&backup).unwrap();
            }
            std::fs::remove_file(&swap).unwrap();
        }
    }
}

/// A built-in template with a visible change inside its first block (or after `<body>`).
pub fn edited_template(name: &str, step: usize) -> String {
    let builtin = dossier::render::embedded::TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| (*text).to_owned())
        .unwrap_or_else(|| panic!("no built-in template {name}"));
    let marker = format!("<p class=\"edit\">edit {step}</p>");
    let at = builtin
        .find("{% block ")
        .and_then(|start| builtin[start..].find("%}").map(|end| start + end + 2))
        .or_else(|| {
            builtin
                .find("<body")
                .and_then(|start| builtin[start..].find('>').map(|end| start + end + 1))
        })
        .unwrap_or(0);
    format!("{}{marker}{}", &builtin[..at], &builtin[at..])
}

/// A build that failed: what `dossier build` printed.
#[derive(Debug, Clone)]
pub struct BuildFailed {
    /// The problems as printed (the diagnostics, without the summary lines after them).
    pub diagnostics: String,
}

impl BuildFailed {
    /// The problems, as `Diagnostics::render` gives them.
    pub fn render(&self) -> String {
        self.diagnostics.clone()
    }

    /// The location of the first problem (`file:line:column`).
    pub fn first_location(&self) -> String {
        self.diagnostics
            .lines()
            .find_map(|line| line.strip_prefix("  --> "))
            .unwrap_or_default()
            .to_owned()
    }
}

/// A clean build of the dossier at `root`: the files the real `dossier build` binary writes
/// (into a new temporary folder), read back from disk; or, when it fails (exit 1), the problems
/// it printed.
/// The printed problems with the labels `Diagnostics::render` writes: a German dossier's are
/// printed with `Fehler:`, `Warnung:` and `= Hinweis:` (the messages themselves are German in
/// both).
fn english_labels(printed: &str) -> String {
    printed
        .split_inclusive('\n')
        .map(|line| {
            if let Some(rest) = line.strip_prefix("Fehler: ") {
                format!("error: {rest}")
            } else if let Some(rest) = line.strip_prefix("Warnung: ") {
                format!("warning: {rest}")
            } else if let Some((indent, rest)) = line
                .split_once("= Hinweis: ")
                .filter(|(indent, _)| indent.trim().is_empty())
            {
                format!("{indent}= help: {rest}")
            } else {
                line.to_owned()
            }
        })
        .collect()
}

pub fn clean_build(root: &Path, base_url: Option<&str>) -> Result<BTreeMap<String, Vec<u8>>, BuildFailed> {
    OutputFolder::new().build(root, base_url)
}

/// One output folder that `dossier build` writes into again and again, as a user's `public/`:
/// from the second build on, the build takes the path a user's rebuilds take (the previous
/// output reused as staging, unchanged files skipped by its manifest, stale files removed, the
/// folders swapped).
pub struct OutputFolder {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Default for OutputFolder {
    fn default() -> Self {
        Self::new()
    }
}

impl OutputFolder {
    /// A folder no build has written yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site");
        Self { _dir: dir, path }
    }

    /// Runs `dossier build` of the dossier at `root` into this folder: the files it holds
    /// afterwards, read back from disk; or, when the build fails (exit 1), the problems it
    /// printed, after checking that the folder is as the last good build left it.
    pub fn build(&self, root: &Path, base_url: Option<&str>) -> Result<BTreeMap<String, Vec<u8>>, BuildFailed> {
        let before = self.path.exists().then(|| read_tree(&self.path));
        let result = build_into(root, base_url, &self.path);
        if result.is_err() {
            let after = self.path.exists().then(|| read_tree(&self.path));
            assert!(before == after, "a failed build left the previous output untouched");
        }
        result
    }
}

/// `dossier build` of the dossier at `root` into `output`, as [`clean_build`] reports it.
fn build_into(root: &Path, base_url: Option<&str>, output: &Path) -> Result<BTreeMap<String, Vec<u8>>, BuildFailed> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command.arg("build").arg("--root").arg(root).arg("--output").arg(output);
    if let Some(url) = base_url {
        command.args(["--base-url", url]);
    }
    let run = command.output().expect("run dossier build");
    match run.status.code() {
        Some(0) => Ok(read_tree(output)),
        Some(1) => {
            let stderr = String::from_utf8(run.stderr).expect("UTF-8 messages");
            // `print_diagnostics`: the problems, a line of counts, then the build's last word.
            let cut = stderr
                .rfind("\n\n")
                .filter(|&at| {
                    let rest = &stderr[at + 2..];
                    [" error(s), ", " Fehler, "].iter().any(|words| {
                        rest.split_once(words)
                            .is_some_and(|(n, _)| n.replace('.', "").parse::<usize>().is_ok())
                    })
                })
                .unwrap_or_else(|| panic!("unexpected output of a failed build:\n{stderr}"));
            Err(BuildFailed {
                diagnostics: english_labels(&stderr[..=cut]),
            })
        }
        _ => panic!(
            "dossier build: {}\n{}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        ),
    }
}

/// Every file under `dir` except the marker, by relative path. A file that vanishes between
/// the walk and the read (a live server's temporary file, renamed into place meanwhile) is left
/// out: callers poll until the folder settles.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let bytes = match std::fs::read(e.path()) {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
                Err(error) => panic!("{}: {error}", e.path().display()),
            };
            Some((
                e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"),
                bytes,
            ))
        })
        .filter(|(key, _)| key != dossier::write::MARKER)
        .collect()
}

/// The differences between two sites, for failure messages.
pub fn describe_difference(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = Vec::new();
    for (path, bytes) in expected {
        match actual.get(path) {
            None => out.push(format!("missing {path}")),
            Some(other) if other != bytes => out.push(format!("differs {path}")),
            _ => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        out.push(format!("extra {path}"));
    }
    out.join(", ")
}

/// The injected live-reload snippet removed from served HTML.
pub fn strip_live_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let start_tag = "<script type=\"application/json\" id=\"dossier-live-state\">";
    let end_tag = "<script src=\"/__dossier/live.js\"></script>";
    match (text.find(start_tag), text.find(end_tag)) {
        (Some(start), Some(end)) if end > start => {
            let mut out = html[..start].to_vec();
            out.extend_from_slice(&html[end + end_tag.len()..]);
            out
        }
        _ => html.to_vec(),
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; `path` is sent as is (no normalisation).
pub fn http(address: &str, method: &str, path: &str) -> std::io::Result<Response> {
    http_with_headers(address, method, path, &format!("Host: {address}\r\n"))
}

/// One HTTP/1.1 request with the given header lines (each ending in CRLF).
pub fn http_with_headers(address: &str, method: &str, path: &str, headers: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(stream, "{method} {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers = lines
        .filter_map(|line| {
            line.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    Ok(Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// A WebSocket client, just enough to read the server's text messages.
pub struct WebSocketClient {
    stream: TcpStream,
}

impl WebSocketClient {
    pub fn connect(address: &str, path: &str) -> std::io::Result<Self> {
        let mut stream = TcpStream::connect(address)?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )?;
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte)?;
            head.push(byte[0]);
        }
        if !head.starts_with(b"HTTP/1.1 101") {
            return Err(std::io::Error::other(format!(
                "no upgrade: {}",
                String::from_utf8_lossy(&head)
            )));
        }
        Ok(Self { stream })
    }

    /// Sends one text message in a single masked frame, as a browser does.
    pub fn send_text(&mut self, text: &str) -> std::io::Result<()> {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= usize::from(u16::MAX) => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x12u8, 0x34, 0x56, 0x78];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame)
    }

    /// Whether the server closes the connection (a close frame or the end of the stream)
    /// within `timeout`; other messages are skipped.
    pub fn closed_within(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            if self
                .stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .is_err()
            {
                return true;
            }
            match self.stream.read(&mut buffer) {
                Ok(0) => return true,
                Ok(n) => {
                    received.extend_from_slice(&buffer[..n]);
                    // A close frame from the server: unmasked, opcode 8.
                    if frame_opcodes(&received).contains(&8) {
                        return true;
                    }
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return false;
                }
                Err(_) => return true,
            }
        }
    }

    /// The next text message, or `None` when the connection closes or `timeout` passes.
    pub fn next_text(&mut self, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            self.stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .ok()?;
            let mut header = [0u8; 2];
            self.stream.read_exact(&mut header).ok()?;
            let opcode = header[0] & 0x0f;
            let masked = header[1] & 0x80 != 0;
            let mut length = u64::from(header[1] & 0x7f);
            if length == 126 {
                let mut extended = [0u8; 2];
                self.stream.read_exact(&mut extended).ok()?;
                length = u64::from(u16::from_be_bytes(extended));
            } else if length == 127 {
                let mut extended = [0u8; 8];
                self.stream.read_exact(&mut extended).ok()?;
                length = u64::from_be_bytes(extended);
            }
            let mut mask = [0u8; 4];
            if masked {
                self.stream.read_exact(&mut mask).ok()?;
            }
            let mut payload = vec![0u8; usize::try_from(length).ok()?];
            self.stream.read_exact(&mut payload).ok()?;
            if masked {
                for (i, byte) in payload.iter_mut().enumerate() {
                    *byte ^= mask[i % 4];
                }
            }
            match opcode {
                1 => return String::from_utf8(payload).ok(),
                8 => return None,
                _ => {}
            }
        }
    }
}

/// The opcodes of the complete unmasked frames at the start of `bytes`.
fn frame_opcodes(bytes: &[u8]) -> Vec<u8> {
    let mut opcodes = Vec::new();
    let mut at = 0;
    while at + 2 <= bytes.len() {
        let (mut length, mut header) = (u64::from(bytes[at + 1] & 0x7f), 2);
        if length == 126 && at + 4 <= bytes.len() {
            length = u64::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            header = 4;
        } else if length == 127 && at + 10 <= bytes.len() {
            length = u64::from_be_bytes(bytes[at + 2..at + 10].try_into().unwrap());
            header = 10;
        } else if length >= 126 {
            break;
        }
        let end = at + header + usize::try_from(length).unwrap_or(usize::MAX - at - header);
        if end > bytes.len() {
            break;
        }
        opcodes.push(bytes[at] & 0x0f);
        at = end;
    }
    opcodes
}

/// A running `dossier serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The site's URL as printed, e.g. `http://127.0.0.1:40000/`.
    pub url: String,
    /// `host:port`.
    pub address: String,
    /// The path the site is served under (`/`, `/dossier/`).
    pub base_path: String,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `dossier serve --root ROOT --port 0 ARGS…` and waits for the URL it prints.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Self::start_with_env(root, args, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, std::ffi::OsString)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .envs(env.iter().map(|(key, value)| (*key, value)))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        collect_lines(child.stdout.take().unwrap(), stdout.clone());
        collect_lines(child.stderr.take().unwrap(), stderr.clone());
        let url = poll_until(Duration::from_secs(120), "the URL line of dossier serve", || {
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "dossier serve exited with {status}: {}",
                    stderr.lock().unwrap().join("\n")
                );
            }
            let lines = stdout.lock().unwrap();
            lines.iter().find_map(|line| {
                line.strip_prefix("Serving ")
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_owned)
            })
        });
        let after_scheme = url.strip_prefix("http://").expect("an http URL");
        let (address, path) = after_scheme.split_at(after_scheme.find('/').unwrap_or(after_scheme.len()));
        Server {
            child,
            address: address.to_owned(),
            base_path: if path.is_empty() { "/".into() } else { path.to_owned() },
            url,
            stdout,
            stderr,
        }
    }

    /// GET a path below the site's base path (`claims/x/`), or an absolute one (`/x`).
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    pub fn request(&self, method: &str, path: &str) -> Response {
        let full = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("{}{path}", self.base_path)
        };
        http(&self.address, method, &full).unwrap_or_else(|e| panic!("{method} {full}: {e}"))
    }

    /// The server's `/__dossier/status`.
    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__dossier/status").body).expect("status JSON")
    }

    /// Rebuilds finished so far.
    pub fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap_or(0)
    }

    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// The durations of the rebuilds after the first build, in milliseconds, as printed
    /// (`rebuilt in N ms: …`).
    pub fn rebuild_millis(&self) -> Vec<u64> {
        self.stdout()
            .iter()
            .filter_map(|line| {
                // "rebuilt in 12 ms: …", or in a German dossier "in 12 ms neu erstellt: …".
                let rest = line
                    .strip_prefix("rebuilt in ")
                    .or_else(|| line.strip_prefix("in ").filter(|_| line.contains(" ms neu erstellt")))?;
                rest.split(" ms").next()?.parse().ok()
            })
            .collect()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits for the exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        poll_until(Duration::from_secs(20), "dossier serve to exit", || {
            self.child.try_wait().ok().flatten()
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "--- dossier serve stdout ---\n{}\n--- stderr ---\n{}",
                self.stdout().join("\n"),
                self.stderr().join("\n")
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect_lines(stream: impl Read + Send + 'static, into: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push(line);
        }
    });
}

/// Writes a small dossier into a new temp folder and returns it.
pub fn new_dossier(model: &Model) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    model.sync(dir.path());
    dir
}

/// A copy of the example dossier of this repository (`dossier.yaml`, `content/`, `seeds/`,
/// `templates/`, `static/`) in a new temp folder.
pub fn copy_example_dossier() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(from.join("dossier.yaml"), dir.path().join("dossier.yaml")).unwrap();
    for folder in dossier::load::WATCHED_DIRS {
        let source = from.join(folder);
        for entry in walkdir::WalkDir::new(&source).into_iter().flatten() {
            let target = dir
                .path()
                .join(folder)
                .join(entry.path().strip_prefix(&source).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    dir
}

/// Replaces the text of one file.
pub fn replace_in_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}
