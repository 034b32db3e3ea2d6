//! Load: read a dossier folder into memory and parse its files.
//!
//! Two steps, so the rest of the pipeline is pure:
//! - [`InputFiles::read`] walks the dossier folder (the only disk access) and keeps every
//!   relevant file as text, keyed by its path relative to the root (`content/sources/a.yaml`).
//!   `serve` updates single entries when the watcher reports a change.
//! - [`parse`] turns those texts into typed [`schema`] values, reporting every YAML error with
//!   its file, line and column. It does not check references; [`crate::model`] does.

mod disk;
pub mod parse_cache;
pub mod schema;
pub mod shape;
mod yaml_errors;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Language, Position};
use crate::say;
use disk::{Confinement, FileRead};
pub use disk::{MAX_WALKED_PATHS, ReadFailure, ReadOptions, Refusal, read_regular_file};
pub use parse_cache::ParseCache;
use schema::{ConfigFile, OriginFile, PageFrontMatter, SourceFile, TopicFile};
pub use shape::FileKind;

/// The config file, at the dossier root.
pub const CONFIG_FILE: &str = "dossier.yaml";
/// Topics, one YAML list.
pub const TOPICS_FILE: &str = "content/topics.yaml";
/// Origins, one YAML list.
pub const ORIGINS_FILE: &str = "content/origins.yaml";
/// Folder of source files (one article and its claims each).
pub const SOURCES_DIR: &str = "content/sources/";
/// Folder of Markdown pages.
pub const PAGES_DIR: &str = "content/pages/";
/// Folder of article texts.
pub const SEEDS_DIR: &str = "seeds/";
/// Folder of template overrides.
pub const TEMPLATES_DIR: &str = "templates/";
/// Folder of static files copied to the output.
pub const STATIC_DIR: &str = "static/";

/// The folders (relative to the root) whose files make up a dossier.
pub const WATCHED_DIRS: [&str; 4] = ["content", "seeds", "templates", "static"];

/// Largest input file read, in bytes; bigger files are reported, not read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One input file as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// UTF-8 text (a leading byte-order mark removed).
    Text(Arc<str>),
    /// Bytes that are not needed as text (static files), or text that is not UTF-8.
    Bytes(Arc<[u8]>),
}

/// Every input file of a dossier, keyed by its path relative to the root, with `/` separators.
#[derive(Debug, Clone, Default)]
pub struct InputFiles {
    /// The dossier root on disk (for messages and for copying nothing else).
    pub root: PathBuf,
    /// The files.
    pub files: BTreeMap<String, FileContent>,
    /// Problems met while reading (unreadable files, loops, links leading out of the dossier,
    /// special files, non-UTF-8 text).
    pub read_errors: Vec<Diagnostic>,
    /// What may be read (see [`disk`]).
    confinement: Confinement,
    /// The UI language `dossier.yaml` asks for, read whenever that file is set (English while
    /// it is missing or its `language:` cannot be read): the language of every message.
    language: Language,
}

impl InputFiles {
    /// An empty set for `root` (tests fill `files` directly).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self::with_options(root.into(), ReadOptions::default())
    }

    fn with_options(root: PathBuf, options: ReadOptions) -> Self {
        Self {
            confinement: Confinement::new(&root, options),
            root,
            ..Self::default()
        }
    }

    /// Adds or replaces a text file (used by tests and by the watcher).
    pub fn insert_text(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_owned(), FileContent::Text(Arc::from(text)));
        if path == CONFIG_FILE {
            self.language = ui_language(text);
        }
    }

    /// The language of messages about this dossier: the UI language `dossier.yaml` asks for,
    /// English when it cannot be read.
    pub fn language(&self) -> Language {
        self.language
    }

    /// How this set was read (for reading it again the same way).
    pub fn options(&self) -> ReadOptions {
        self.confinement.options()
    }

    /// Reads the config and every file under the watched folders, confined to the root (see
    /// [`ReadOptions`]).
    pub fn read(root: &Path) -> Self {
        Self::read_with(root, ReadOptions::default())
    }

    /// [`InputFiles::read`] with other [`ReadOptions`].
    pub fn read_with(root: &Path, options: ReadOptions) -> Self {
        use rayon::prelude::*;
        let mut input = Self::with_options(root.to_path_buf(), options);
        // Walk serially, read the files in parallel, then take them in walk order: the same
        // result as reloading one path after the other.
        let mut paths = vec![root.join(CONFIG_FILE)];
        for dir in WATCHED_DIRS {
            let dir_path = root.join(dir);
            match disk::check_folder(&dir_path, &input.confinement) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(refusal) => {
                    input.refuse(dir.to_owned(), &refusal);
                    continue;
                }
            }
            let walk = disk::walk(&dir_path, &input.confinement);
            input.walk_problems(walk.problems);
            paths.extend(walk.paths);
        }
        let reads: Vec<Option<(String, FileRead)>> = paths
            .par_iter()
            .map(|path| {
                input
                    .key_for(path)
                    .map(|key| (key, FileRead::of(path, &input.confinement, false)))
            })
            .collect();
        for (path, read) in paths.iter().zip(reads) {
            if let Some((key, read)) = read {
                input.apply_read(path, key, read);
            }
        }
        input
    }

    /// Re-reads one path after a change: updates, adds or removes its entry. Paths outside the
    /// dossier's files (editor swap files, the output folder) are ignored. Returns whether the
    /// path belongs to the dossier.
    pub fn reload_path(&mut self, path: &Path) -> bool {
        let Some(key) = self.key_for(path) else { return false };
        // The watcher may name any path: check every link on the way, not only its own.
        let read = FileRead::of(path, &self.confinement, true);
        self.apply_read(path, key, read);
        true
    }

    /// Takes what [`FileRead::of`] found at `path` (whose key is `key`) into the set.
    fn apply_read(&mut self, path: &Path, key: String, read: FileRead) {
        self.read_errors.retain(|d| d.file != key);
        // A file where a watched folder belongs is not part of the dossier (as in `read`).
        let read = match read {
            FileRead::Folder | FileRead::Refused(Refusal::Outside(_) | Refusal::System(_) | Refusal::Loop(_)) => read,
            _ if WATCHED_DIRS.contains(&key.as_str()) => FileRead::Gone,
            other => other,
        };
        match read {
            FileRead::TooLarge(len) => {
                self.files.remove(&key);
                self.read_errors.push(too_large(&key, len, self.language));
            }
            FileRead::Bytes(bytes) => {
                let content = decode(&key, bytes);
                if key == CONFIG_FILE {
                    self.language = match &content {
                        FileContent::Text(text) => ui_language(text),
                        _ => Language::En,
                    };
                }
                self.files.insert(key, content);
            }
            FileRead::Failed(error) => {
                self.files.remove(&key);
                self.read_errors.push(cannot_read(&key, &error, self.language));
            }
            FileRead::Refused(refusal) => {
                self.forget(&key);
                self.refuse(key, &refusal);
            }
            FileRead::Folder => {
                // A folder: re-read everything below it (a folder was created or moved in).
                self.forget(&key);
                let walk = disk::walk(path, &self.confinement);
                self.walk_problems(walk.problems);
                for file in walk.paths {
                    let Some(file_key) = self.key_for(&file) else { continue };
                    match FileRead::of(&file, &self.confinement, false) {
                        // Became a folder since the walk: the watcher will name it.
                        FileRead::Folder => {}
                        read => self.apply_read(&file, file_key, read),
                    }
                }
            }
            FileRead::Gone => self.forget(&key),
        }
    }

    /// Forgets `key` and everything below it, with their problems.
    fn forget(&mut self, key: &str) {
        if key == CONFIG_FILE {
            self.language = Language::En;
        }
        let prefix = format!("{key}/");
        self.files.retain(|k, _| k != key && !k.starts_with(&prefix));
        self.read_errors
            .retain(|d| d.file != key && !d.file.starts_with(&prefix));
    }

    /// Records that the path `key` is not read, and why.
    fn refuse(&mut self, key: String, refusal: &Refusal) {
        let (message, help) = refusal.describe(self.language);
        self.read_errors
            .push(Diagnostic::error(key, None, message).with_help(help));
    }

    /// Records the problems of a walk, at their paths relative to the root.
    fn walk_problems(&mut self, problems: Vec<disk::WalkProblem>) {
        for problem in problems {
            let path = problem.path();
            let (message, help) = problem.describe(self.language);
            let file = crate::diagnostic::display_path(&self.root, path);
            self.read_errors.retain(|d| d.file != file);
            self.read_errors
                .push(Diagnostic::error(file, None, message).with_help(help));
        }
    }

    /// The key of a path on disk, or `None` when it is not one of the dossier's files.
    pub fn key_for(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let mut parts = Vec::new();
        for component in relative.components() {
            match component {
                std::path::Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
                _ => return None,
            }
        }
        let key = parts.join("/");
        let first = parts.first()?;
        let in_dossier = key == CONFIG_FILE || WATCHED_DIRS.contains(&first.as_str());
        let name = parts.last()?;
        (in_dossier && !is_editor_temp(name)).then_some(key)
    }

    /// The text of a file, if it is present and text.
    pub fn text(&self, key: &str) -> Option<&Arc<str>> {
        match self.files.get(key) {
            Some(FileContent::Text(text)) => Some(text),
            _ => None,
        }
    }
}

/// Editor swap, backup and temporary files, which are never part of a dossier.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == ".DS_Store"
        || (name.starts_with('.') && name.ends_with(".kate-swp"))
}

fn decode(key: &str, bytes: Vec<u8>) -> FileContent {
    let is_text = key == CONFIG_FILE
        || key.starts_with("content/")
        || key.starts_with(SEEDS_DIR)
        || key.starts_with(TEMPLATES_DIR);
    if !is_text {
        return FileContent::Bytes(Arc::from(bytes));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            FileContent::Text(Arc::from(text))
        }
        Err(error) => FileContent::Bytes(Arc::from(error.into_bytes())),
    }
}

/// "file is too large": the error about a file past [`MAX_FILE_BYTES`].
fn too_large(file: &str, len: u64, language: Language) -> Diagnostic {
    let (len, most) = (
        language.count(usize::try_from(len).unwrap_or(usize::MAX)),
        language.count(MAX_FILE_BYTES as usize),
    );
    Diagnostic::error(
        file,
        None,
        say!(
            language,
            "file is too large ({len} bytes)",
            "die Datei ist zu groß ({len} Byte)"
        ),
    )
    .with_help(say!(
        language,
        "input files are limited to {most} bytes",
        "Eingabedateien dürfen höchstens {most} Byte groß sein"
    ))
}

/// "cannot read": a file the system would not give (its error is the system's words).
fn cannot_read(file: &str, error: &std::io::Error, language: Language) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        say!(language, "cannot read: {error}", "kann nicht gelesen werden: {error}"),
    )
}

/// "not UTF-8": a text file in another encoding.
fn not_utf8(file: &str, language: Language) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        say!(language, "the file is not UTF-8 text", "die Datei ist kein UTF-8-Text"),
    )
    .with_help(say!(
        language,
        "save the file as UTF-8",
        "Speichern Sie die Datei als UTF-8"
    ))
}

/// The text of the file `relative` (a `/`-separated path) below `root`, a folder the user named
/// beside the dossier (`verify --against DIR`), read like the dossier's own files: never a path
/// leaving `root` (`..`, an absolute path, a link out of it unless `options` allow it), never
/// `/proc`, `/sys` or `/dev`, only a regular file, the size bounded; a byte order mark dropped
/// as for the articles in `seeds/`. `Ok(None)`: there is no such file. The error is located at
/// `display` (how messages name the file) and in `language`.
pub fn read_text_below(
    root: &Path,
    relative: &str,
    display: &str,
    options: ReadOptions,
    language: Language,
) -> Result<Option<String>, Diagnostic> {
    let parts: Vec<&str> = relative
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    if relative.starts_with('/')
        || parts
            .iter()
            .any(|part| *part == ".." || part.contains(['\\', ':', '\0']))
    {
        return Ok(None);
    }
    let confinement = Confinement::new(root, options);
    let path = parts.iter().fold(root.to_path_buf(), |path, part| path.join(part));
    match FileRead::of(&path, &confinement, true) {
        FileRead::Bytes(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                Ok(Some(text))
            }
            Err(_) => Err(not_utf8(display, language)),
        },
        FileRead::Gone | FileRead::Folder => Ok(None),
        FileRead::TooLarge(len) => Err(too_large(display, len, language)),
        FileRead::Failed(error) => Err(cannot_read(display, &error, language)),
        FileRead::Refused(refusal) => {
            let (message, help) = refusal.describe(language);
            Err(Diagnostic::error(display, None, message).with_help(help))
        }
    }
}

/// A parsed file: its path, its text (for messages) and its value.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// Path relative to the root.
    pub path: String,
    /// The file's text.
    pub text: Arc<str>,
    /// Where its lines start, for messages ([`Diagnostic::with_source_lines`]).
    pub lines: crate::diagnostic::LineStarts,
    /// What it says.
    pub value: T,
}

/// A Markdown page: front matter and body.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// The front matter.
    pub front: PageFrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// Line of the body's first line in the file (for messages).
    pub body_line: u32,
}

/// Everything a dossier's files say, parsed but not yet checked against each other.
#[derive(Debug, Clone, Default)]
pub struct ParsedDossier {
    /// `dossier.yaml`, if it parsed.
    pub config: Option<Parsed<ConfigFile>>,
    /// One per `content/sources/*.yaml`, in path order.
    pub sources: Vec<Parsed<SourceFile>>,
    /// `content/topics.yaml`.
    pub topics: Option<Parsed<Vec<TopicFile>>>,
    /// `content/origins.yaml`.
    pub origins: Option<Parsed<Vec<OriginFile>>>,
    /// One per `content/pages/*.md`, in path order.
    pub pages: Vec<Parsed<PageFile>>,
    /// Claim ids declared in source files that did not parse, by file: they exist for the
    /// annotator, so links to them are not reported as missing.
    pub unparsed_claims: BTreeMap<String, Vec<String>>,
    /// The source id each source file that did not parse declares (when it can be read), by
    /// file: links to it are not reported as missing either.
    pub unparsed_sources: BTreeMap<String, String>,
}

/// Parses every content file in `input`. Problems are added to `diagnostics`; files that fail
/// to parse are left out of the result.
pub fn parse(input: &InputFiles, diagnostics: &mut Diagnostics) -> ParsedDossier {
    use rayon::prelude::*;
    input_diagnostics(input, diagnostics);
    // Files parse independently, so in parallel; results and problems are then taken in path
    // order, as a serial loop would have produced them.
    let keys: Vec<&String> = input.files.keys().collect();
    let files: Vec<(ParsedFile, Diagnostics)> = keys
        .par_iter()
        .map(|key| {
            let mut found = Diagnostics::new();
            let file = parse_file(input, key, &mut found);
            (file, found)
        })
        .collect();
    let mut parsed = ParsedDossier::default();
    for (key, (file, found)) in keys.into_iter().zip(files) {
        diagnostics.extend(found);
        parsed.set(key, file);
    }
    parsed
}

/// The UI language a `dossier.yaml` text asks for (`language: de` or `en`), read on its own so
/// that it is known even when the file as a whole does not parse; English when the field
/// cannot be read.
pub fn ui_language(config_text: &str) -> Language {
    stated_ui_language(config_text).unwrap_or_default()
}

/// The UI language `dossier.yaml`'s text asks for, read on its own (so it is known even when
/// the rest of the file is broken); `None` when its `language:` cannot be read.
pub fn stated_ui_language(config_text: &str) -> Option<Language> {
    /// `dossier.yaml` with only the field wanted here (others are allowed).
    #[derive(serde::Deserialize)]
    struct LanguageOnly {
        language: String,
    }
    parse_yaml::<LanguageOnly>(config_text)
        .ok()
        .and_then(|config| Language::from_tag(&config.language))
}

/// The UI language of the dossier at `root` (its `dossier.yaml`, read as the dossier's own files
/// are), for commands that report before or without reading the whole dossier; English when it
/// cannot be read.
pub fn ui_language_in(root: &Path, options: ReadOptions) -> Language {
    match read_text_below(root, CONFIG_FILE, CONFIG_FILE, options, Language::En) {
        Ok(Some(text)) => ui_language(&text),
        _ => Language::En,
    }
}

/// [`parse`], taking each source file whose text is in `cache` (see [`ParseCache`]) from there
/// instead of parsing it. With `record`, also returns the cache of this run: every source file
/// that parsed without a problem (the others are never cached, so their problems are always
/// found anew). The result and the problems are exactly [`parse`]'s.
pub fn parse_cached(
    input: &InputFiles,
    diagnostics: &mut Diagnostics,
    cache: Option<&ParseCache>,
    record: bool,
) -> (ParsedDossier, Option<ParseCache>) {
    use rayon::prelude::*;
    type Encoded<'c> = Option<(parse_cache::ContentKey, std::borrow::Cow<'c, [u8]>)>;
    input_diagnostics(input, diagnostics);
    let keys: Vec<&String> = input.files.keys().collect();
    let files: Vec<(ParsedFile, Diagnostics, Encoded<'_>)> = keys
        .par_iter()
        .map(|key| {
            let mut found = Diagnostics::new();
            let source_text = input.text(key).filter(|_| is_source_file(key));
            let content_key = source_text
                .filter(|_| cache.is_some() || record)
                .map(|text| parse_cache::source_key(text));
            if let (Some(cache), Some(text), Some(content_key)) = (cache, source_text, content_key)
                && let Some((value, bytes)) = cache.source(&content_key)
            {
                let file = ParsedFile::Source(Parsed {
                    path: (*key).clone(),
                    text: text.clone(),
                    lines: crate::diagnostic::LineStarts::new(),
                    value,
                });
                let encoded = record.then_some((content_key, std::borrow::Cow::Borrowed(bytes)));
                return (file, found, encoded);
            }
            let file = parse_file(input, key, &mut found);
            let encoded = match (&file, content_key) {
                (ParsedFile::Source(source), Some(content_key)) if record && found.is_empty() => {
                    parse_cache::encode_source(&source.value).map(|bytes| (content_key, std::borrow::Cow::Owned(bytes)))
                }
                _ => None,
            };
            (file, found, encoded)
        })
        .collect();
    let mut parsed = ParsedDossier::default();
    let entries: usize = files
        .iter()
        .filter_map(|(_, _, encoded)| encoded.as_ref().map(|(_, bytes)| bytes.len()))
        .sum();
    let mut new_cache = record.then(|| ParseCache::with_capacity(entries));
    for (key, (file, found, encoded)) in keys.into_iter().zip(files) {
        diagnostics.extend(found);
        parsed.set(key, file);
        if let (Some(new_cache), Some((content_key, bytes))) = (new_cache.as_mut(), encoded) {
            new_cache.insert(content_key, &bytes);
        }
    }
    (parsed, new_cache)
}

/// Whether `key` is a source file (`content/sources/*.yaml`), as [`parse_file`] tells.
fn is_source_file(key: &str) -> bool {
    let file_name = key.rsplit('/').next().unwrap_or(key);
    key.starts_with(SOURCES_DIR) && !file_name.starts_with('.') && (key.ends_with(".yaml") || key.ends_with(".yml"))
}

/// The problems of the input as a whole, which [`parse`] reports besides those of each file:
/// unreadable files and a missing `dossier.yaml`.
pub fn input_diagnostics(input: &InputFiles, diagnostics: &mut Diagnostics) {
    for error in &input.read_errors {
        diagnostics.push(error.clone());
    }
    if !input.files.contains_key(CONFIG_FILE) {
        // Without dossier.yaml there is no UI language: English.
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, None, "the dossier has no dossier.yaml").with_help(
                "run `dossier init DIR` to create a new dossier, or pass `--root` with the dossier's folder",
            ),
        );
    }
}

/// What one input file contributes to a [`ParsedDossier`].
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "short-lived: moved into the ParsedDossier at once"
)]
pub enum ParsedFile {
    /// `dossier.yaml`.
    Config(Parsed<ConfigFile>),
    /// `content/topics.yaml`.
    Topics(Parsed<Vec<TopicFile>>),
    /// `content/origins.yaml`.
    Origins(Parsed<Vec<OriginFile>>),
    /// A source file.
    Source(Parsed<SourceFile>),
    /// A Markdown page.
    Page(Parsed<PageFile>),
    /// Nothing: not a content file, or it did not parse (the problem is in the diagnostics).
    Nothing,
    /// A source file that did not parse, with the ids it declares.
    Unparsed {
        /// Ids under `claims:` that could be read.
        declared_claims: Vec<String>,
        /// Its own `id:`, when it could be read.
        declared_source: Option<String>,
    },
}

/// Parses the input file `key`, as [`parse`] does for each file (so `serve` can re-parse only
/// the files that changed).
pub fn parse_file(input: &InputFiles, key: &str, diagnostics: &mut Diagnostics) -> ParsedFile {
    let or_nothing = |parsed: Option<ParsedFile>| parsed.unwrap_or(ParsedFile::Nothing);
    if key == CONFIG_FILE {
        return or_nothing(parse_yaml_file(input, key, FileKind::Config, diagnostics).map(ParsedFile::Config));
    }
    if key == TOPICS_FILE {
        return or_nothing(parse_yaml_file(input, key, FileKind::Topics, diagnostics).map(ParsedFile::Topics));
    }
    if key == ORIGINS_FILE {
        return or_nothing(parse_yaml_file(input, key, FileKind::Origins, diagnostics).map(ParsedFile::Origins));
    }
    if !key.starts_with("content/") {
        return ParsedFile::Nothing;
    }
    let file_name = key.rsplit('/').next().unwrap_or(key);
    if file_name.starts_with('.') {
        return ParsedFile::Nothing;
    }
    if key.starts_with(SOURCES_DIR) && (key.ends_with(".yaml") || key.ends_with(".yml")) {
        match parse_yaml_file(input, key, FileKind::Source, diagnostics) {
            Some(source) => ParsedFile::Source(source),
            None => {
                // Claims of a file that does not parse still exist for the annotator: links to
                // them from other files are not reported as missing.
                let text = input.text(key);
                ParsedFile::Unparsed {
                    declared_claims: text.map(|text| shape::declared_claim_ids(text)).unwrap_or_default(),
                    declared_source: text.and_then(|text| shape::declared_source_id(text)),
                }
            }
        }
    } else if key.starts_with(PAGES_DIR) && key.ends_with(".md") {
        or_nothing(parse_page(input, key, diagnostics).map(ParsedFile::Page))
    } else {
        diagnostics.push(
            Diagnostic::warning(
                key,
                None,
                say!(
                    input.language(),
                    "this file is not part of the content format and is ignored",
                    "diese Datei gehört nicht zum Inhaltsformat und wird übergangen"
                ),
            )
            .with_help(say!(
                input.language(),
                "sources go in content/sources/*.yaml, pages in content/pages/*.md; topics and origins in content/topics.yaml and content/origins.yaml",
                "Quellen gehören nach content/sources/*.yaml, Seiten nach content/pages/*.md, Themen und Ursprünge nach content/topics.yaml und content/origins.yaml"
            )),
        );
        ParsedFile::Nothing
    }
}

impl ParsedDossier {
    /// Puts what the file `key` contributes in its place (sources and pages stay in path
    /// order), replacing what it contributed before.
    pub fn set(&mut self, key: &str, file: ParsedFile) {
        self.unparsed_claims.remove(key);
        self.unparsed_sources.remove(key);
        match key {
            CONFIG_FILE => self.config = None,
            TOPICS_FILE => self.topics = None,
            ORIGINS_FILE => self.origins = None,
            _ => {
                if let Ok(at) = self.sources.binary_search_by(|s| s.path.as_str().cmp(key)) {
                    self.sources.remove(at);
                }
                if let Ok(at) = self.pages.binary_search_by(|p| p.path.as_str().cmp(key)) {
                    self.pages.remove(at);
                }
            }
        }
        match file {
            ParsedFile::Config(config) => self.config = Some(config),
            ParsedFile::Topics(topics) => self.topics = Some(topics),
            ParsedFile::Origins(origins) => self.origins = Some(origins),
            ParsedFile::Source(source) => {
                let at = self.sources.partition_point(|s| s.path.as_str() < key);
                self.sources.insert(at, source);
            }
            ParsedFile::Page(page) => {
                let at = self.pages.partition_point(|p| p.path.as_str() < key);
                self.pages.insert(at, page);
            }
            ParsedFile::Unparsed {
                declared_claims,
                declared_source,
            } => {
                self.unparsed_claims.insert(key.to_owned(), declared_claims);
                if let Some(id) = declared_source {
                    self.unparsed_sources.insert(key.to_owned(), id);
                }
            }
            ParsedFile::Nothing => {}
        }
    }
}

fn text_or_report<'a>(input: &'a InputFiles, key: &str, diagnostics: &mut Diagnostics) -> Option<&'a Arc<str>> {
    match input.files.get(key)? {
        FileContent::Text(text) => Some(text),
        FileContent::Bytes(_) => {
            diagnostics.push(not_utf8(key, input.language()));
            None
        }
    }
}

fn parse_yaml_file<T: serde::de::DeserializeOwned>(
    input: &InputFiles,
    key: &str,
    kind: FileKind,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let text = text_or_report(input, key, diagnostics)?;
    match parse_yaml::<T>(text) {
        Ok(value) => Some(Parsed {
            path: key.to_owned(),
            text: text.clone(),
            lines: crate::diagnostic::LineStarts::new(),
            value,
        }),
        Err(error) => {
            for diagnostic in yaml_problems(
                &YamlText {
                    key,
                    text,
                    kind,
                    line_offset: 0,
                    language: input.language(),
                },
                &error,
            ) {
                diagnostics.push(diagnostic);
            }
            None
        }
    }
}

/// Parses YAML text into `T` with the crate's default safety budget (alias bombs, depth).
pub fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    if text.trim().is_empty() {
        // An empty document is `null`, which gives a confusing message. An empty list file is
        // an empty list; an empty mapping file reports its first missing field.
        return serde_saphyr::from_str::<T>("{}\n")
            .or_else(|error| serde_saphyr::from_str::<T>("[]\n").map_err(|_| error));
    }
    serde_saphyr::from_str::<T>(text)
}

/// A YAML text being read, for messages about it.
#[derive(Debug, Clone, Copy)]
pub struct YamlText<'a> {
    /// The file's key.
    pub key: &'a str,
    /// The YAML text (for a page: its front matter).
    pub text: &'a str,
    /// What the file is.
    pub kind: FileKind,
    /// Lines before the text in its file (front matter inside a page).
    pub line_offset: u32,
    /// The language of the messages.
    pub language: Language,
}

/// Every problem of a YAML text that did not deserialise (`error` is serde's first one): the
/// shape check's list when it finds any ([`shape`]), else `error` in plain words.
pub fn yaml_problems(file: &YamlText<'_>, error: &serde_saphyr::Error) -> Vec<Diagnostic> {
    let YamlText {
        key,
        text,
        line_offset,
        language,
        ..
    } = *file;
    if yaml_errors::is_budget(error) {
        return vec![yaml_diagnostic(file, error)];
    }
    let body = if text.trim().is_empty() { "{}\n" } else { text };
    match shape::Tree::read(body) {
        Ok(tree) if tree.too_deep => {}
        Ok(tree) => {
            let found = shape::check(file, &tree);
            if !found.is_empty() {
                return found;
            }
        }
        Err(scan) => {
            let explained = yaml_errors::scan_error(&scan, text, language);
            let position = Position::new(
                u32::try_from(scan.marker().line()).unwrap_or(u32::MAX) + line_offset,
                explained
                    .column
                    .unwrap_or_else(|| u32::try_from(scan.marker().col() + 1).unwrap_or(u32::MAX)),
            );
            let mut diagnostic = Diagnostic::error(key, Some(position), explained.message).with_source(text);
            if let Some(help) = explained.help {
                diagnostic = diagnostic.with_help(help);
            }
            return vec![diagnostic];
        }
    }
    vec![yaml_diagnostic(file, error)]
}

/// A YAML error as a diagnostic, in the annotator's words and the file's language.
pub fn yaml_diagnostic(file: &YamlText<'_>, error: &serde_saphyr::Error) -> Diagnostic {
    let YamlText {
        key,
        text,
        line_offset,
        language,
        ..
    } = *file;
    let position = error.location().map(|location| {
        let position = Position::from(&location);
        Position::new(position.line + line_offset, position.column)
    });
    let explained = yaml_errors::deserialize_error(error, text, language);
    let mut diagnostic = Diagnostic::error(key, position, explained.message).with_source(text);
    if let Some(help) = explained.help {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

fn parse_page(input: &InputFiles, key: &str, diagnostics: &mut Diagnostics) -> Option<Parsed<PageFile>> {
    let text = text_or_report(input, key, diagnostics)?;
    let normalized = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = normalized.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        diagnostics.push(
            Diagnostic::error(
                key,
                Some(Position::new(1, 1)),
                say!(
                    input.language(),
                    "page has no front matter",
                    "die Seite hat kein Front Matter"
                ),
            )
            .with_source(text)
            .with_help(say!(
                input.language(),
                "start the file with a `---` line, a `title: ...` line and another `---` line",
                "Beginnen Sie die Datei mit einer Zeile `---`, einer Zeile `title: ...` und einer weiteren Zeile `---`"
            )),
        );
        return None;
    }
    let mut front = String::new();
    let mut consumed = first.len();
    let mut line_number = 1u32;
    let mut closed = false;
    for line in lines.by_ref() {
        consumed += line.len();
        line_number += 1;
        if line.trim_end() == "---" {
            closed = true;
            break;
        }
        front.push_str(line);
    }
    if !closed {
        diagnostics.push(
            Diagnostic::error(
                key,
                Some(Position::new(1, 1)),
                say!(
                    input.language(),
                    "front matter is not closed",
                    "das Front Matter wird nicht geschlossen"
                ),
            )
            .with_source(text)
            .with_help(say!(
                input.language(),
                "end the front matter with a line of `---`",
                "Beenden Sie das Front Matter mit einer Zeile `---`"
            )),
        );
        return None;
    }
    match parse_yaml::<PageFrontMatter>(&front) {
        Ok(front) => Some(Parsed {
            path: key.to_owned(),
            text: text.clone(),
            lines: crate::diagnostic::LineStarts::new(),
            value: PageFile {
                front,
                body: normalized[consumed..].to_owned(),
                body_line: line_number + 1,
            },
        }),
        Err(error) => {
            for diagnostic in yaml_problems(
                &YamlText {
                    key,
                    text: &front,
                    kind: FileKind::Page,
                    line_offset: 1,
                    language: input.language(),
                },
                &error,
            ) {
                diagnostics.push(diagnostic.with_source(text));
            }
            None
        }
    }
}
