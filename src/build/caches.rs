//! The pipeline's optional caches, kept between runs by `dossier serve`: parsed files, resolved
//! sources, compiled templates, every page as last rendered with its keys, and each claim's
//! exports. Each value is kept with a key of what it is made from ([`super::keys`]); a run
//! reuses a value only while its key is unchanged, so a cached run writes exactly what a run
//! without caches writes.
//!
//! The link check reuses the last run's too: it passed, so a link can only be broken now on a
//! page whose links changed, or one that links to a file that went away or whose ids changed
//! (each page keeps hashes of the files it links to). Only those pages are checked again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::disk_cache::hash_of;
use super::keys::{self, Neighbourhoods};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::{self, PageLinks};
use crate::load::{self, InputFiles, ParsedDossier, ParsedFile};
use crate::model::{Dossier, SourceCache};
use crate::render::context::Site;
use crate::render::exports::ExportCache;
use crate::render::{PageData, PagePlan, Renderer};

/// Everything a pipeline run may keep for the next one (see the module comment).
pub struct Caches {
    pub(super) parse: ParseCache,
    pub(super) sources: SourceCache,
    pub(super) templates: TemplateCache,
    pub(super) pages: PageCache,
    pub(super) exports: ExportCache,
    pub(super) history: crate::history::HistoryCache,
}

impl Default for Caches {
    fn default() -> Self {
        Self::new()
    }
}

impl Caches {
    /// Empty caches: the first run does everything.
    pub fn new() -> Self {
        Self {
            parse: ParseCache {
                all_stale: true,
                ..ParseCache::default()
            },
            sources: SourceCache::default(),
            templates: TemplateCache::default(),
            pages: PageCache::default(),
            exports: ExportCache::default(),
            history: crate::history::HistoryCache::default(),
        }
    }

    /// The input file `key` changed (or appeared, or went away): it is parsed again.
    pub fn input_changed(&mut self, key: &str) {
        self.parse.stale.insert(key.to_owned());
    }

    /// Every input file may have changed: all are parsed again.
    pub fn input_replaced(&mut self) {
        self.parse.all_stale = true;
    }

    /// Whether the output file `path` is a page of the last good run.
    pub fn is_page(&self, path: &str) -> bool {
        self.pages.pages.contains_key(path)
    }

    /// The absolute path the last good run's site lives under (`/` before the first).
    pub fn base_path(&self) -> &str {
        &self.pages.base_path
    }
}

/// The input files parsed, re-parsed file by file as they change.
#[derive(Default)]
pub(super) struct ParseCache {
    pub(super) parsed: ParsedDossier,
    /// The parse problems of each file.
    diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Keys to parse again.
    stale: BTreeSet<String>,
    /// Whether everything must be parsed again.
    all_stale: bool,
    /// The language its messages are in.
    language: Option<crate::diagnostic::Language>,
}

impl ParseCache {
    /// Records that messages are now to be written in `language`; when that is another
    /// language than the cached messages', everything is parsed again and `true` says that
    /// other caches holding messages must be emptied too (`language:` edited during `serve`).
    pub(super) fn switch_language(&mut self, language: crate::diagnostic::Language) -> bool {
        let switched = self.language.is_some_and(|old| old != language);
        if switched {
            self.all_stale = true;
        }
        self.language = Some(language);
        switched
    }

    /// Parses what changed; the problems of the input, as [`load::parse`] reports them.
    pub(super) fn update(&mut self, input: &InputFiles) -> Diagnostics {
        let keys: Vec<String> = if self.all_stale {
            self.parsed = ParsedDossier::default();
            self.diagnostics.clear();
            input.files.keys().cloned().collect()
        } else {
            std::mem::take(&mut self.stale).into_iter().collect()
        };
        self.stale.clear();
        self.all_stale = false;
        let results: Vec<(String, ParsedFile, Diagnostics)> = keys
            .into_par_iter()
            .map(|key| {
                let mut diagnostics = Diagnostics::new();
                let file = if input.files.contains_key(&key) {
                    load::parse_file(input, &key, &mut diagnostics)
                } else {
                    ParsedFile::Nothing
                };
                (key, file, diagnostics)
            })
            .collect();
        for (key, file, diagnostics) in results {
            self.parsed.set(&key, file);
            if diagnostics.is_empty() {
                self.diagnostics.remove(&key);
            } else {
                self.diagnostics.insert(key, diagnostics.into_iter().collect());
            }
        }
        let mut diagnostics = Diagnostics::new();
        load::input_diagnostics(input, &mut diagnostics);
        for problem in self.diagnostics.values().flatten() {
            diagnostics.push(problem.clone());
        }
        diagnostics
    }
}

/// The compiled templates, kept while templates and the site-wide context are unchanged, and
/// per template a hash of it and every template it can reach.
#[derive(Default)]
pub(super) struct TemplateCache {
    renderer: Option<(u64, u64, Renderer)>,
    hashes: Option<(u64, HashMap<String, u64>)>,
}

impl TemplateCache {
    /// Compiles the templates again if `templates_key` or `site_hash` changed.
    pub(super) fn update(
        &mut self,
        input: &InputFiles,
        site: &Site,
        (templates_key, site_hash): (u64, u64),
    ) -> Result<(&Renderer, &HashMap<String, u64>), Diagnostics> {
        let renderer = match self.renderer.take() {
            Some(cached) if (cached.0, cached.1) == (templates_key, site_hash) => cached,
            _ => (templates_key, site_hash, Renderer::new(input, site)?),
        };
        let hashes = match self.hashes.take() {
            Some(cached) if cached.0 == templates_key => cached,
            _ => (
                templates_key,
                keys::template_closure_hashes(&crate::render::template_texts(input)),
            ),
        };
        let (renderer, hashes) = (self.renderer.insert(renderer), self.hashes.insert(hashes));
        Ok((&renderer.2, &hashes.1))
    }
}

/// A page as last rendered: its keys and hashes, not its bytes (those are in the site the
/// engine keeps, in memory or in the output folder).
#[derive(Clone)]
pub(super) struct RenderedPage {
    /// The hash of the page's neighbourhood in the dossier, when it has one (see
    /// [`Neighbourhoods`]); unchanged, the page is kept without even building its context.
    input_key: Option<u64>,
    /// The hash of the page's context and templates.
    fingerprint: u64,
    /// The content hash of its bytes ([`crate::write::content_hash`]).
    pub(super) content: u64,
    /// Hashes of its links and of its ids: whether a new rendering changed them.
    links: u64,
    ids: u64,
    /// The output files it links to, as [`linkcheck::path_hash`]es: which pages to check
    /// again when a file goes away or changes its ids.
    targets: Arc<[u64]>,
}

/// Stored for pages whose context cannot be fingerprinted; such pages are always rendered.
const UNFINGERPRINTED: u64 = 0;

/// What became of a page in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Its neighbourhood or its context is unchanged: the bytes are kept.
    Kept,
    /// Rendered again; its links and ids are as before.
    Rendered,
    /// Rendered again, with other links than before, the same ids (or new).
    RenderedWithNewLinks,
    /// Rendered again, with other ids than before (links to it may break).
    RenderedWithNewIds,
}

/// Every page of the last good run, and what the link check needs of that run.
pub(super) struct PageCache {
    pub(super) pages: HashMap<String, RenderedPage>,
    /// The other files' paths.
    others: HashSet<String>,
    /// The absolute path the last good run's site lives under (`/` before the first run).
    base_path: String,
    built: bool,
    /// The hash of each article text, for the neighbourhood keys (see
    /// [`crate::render::TextHashes`]).
    pub(super) texts: crate::render::TextHashes,
    /// The topics' range lines by their figures (see [`crate::render::format::RangeMemo`]).
    pub(super) ranges: crate::render::format::RangeMemo,
}

impl Default for PageCache {
    fn default() -> Self {
        Self {
            pages: HashMap::new(),
            others: HashSet::new(),
            base_path: "/".to_owned(),
            built: false,
            texts: crate::render::TextHashes::default(),
            ranges: crate::render::format::RangeMemo::default(),
        }
    }
}

impl PageCache {
    /// Keeps a successful run's pages and other files.
    pub(super) fn commit(&mut self, pages: HashMap<String, RenderedPage>, others: &[String], base_path: String) {
        // The last run's pages (as many as the site has) are freed on another thread.
        let old = std::mem::replace(&mut self.pages, pages);
        rayon::spawn(move || drop(old));
        self.others = others.iter().cloned().collect();
        self.base_path = base_path;
        self.built = true;
    }

    /// Whether the last good run's site lived under `base_path`.
    pub(super) fn built_under(&self, base_path: &str) -> bool {
        self.built && self.base_path == base_path
    }

    /// The pages of this run whose links must be checked (`None`: all), given each page's
    /// outcome and the other files made. All when the base path changed (every page was
    /// rendered again then: the site context holds it).
    pub(super) fn to_check(
        &self,
        new: &HashMap<String, RenderedPage>,
        outcomes: &[(&str, Outcome)],
        others: &[String],
        base_path: &str,
    ) -> Option<HashSet<String>> {
        if !self.built || self.base_path != base_path {
            return None;
        }
        let mut to_check = HashSet::new();
        let mut affected = HashSet::new();
        for &(path, outcome) in outcomes {
            if matches!(outcome, Outcome::RenderedWithNewLinks | Outcome::RenderedWithNewIds) {
                to_check.insert(path.to_owned());
            }
            if outcome == Outcome::RenderedWithNewIds {
                affected.insert(linkcheck::path_hash(path));
            }
        }
        let others: HashSet<&str> = others.iter().map(String::as_str).collect();
        let gone = self
            .pages
            .keys()
            .filter(|path| !new.contains_key(*path))
            .chain(self.others.iter().filter(|path| !others.contains(path.as_str())));
        affected.extend(gone.map(|path| linkcheck::path_hash(path)));
        if !affected.is_empty() {
            for (path, page) in new.iter() {
                if page.targets.iter().any(|target| affected.contains(target)) {
                    to_check.insert(path.clone());
                }
            }
        }
        Some(to_check)
    }
}

/// What a run with caches knows about each page before rendering it.
pub(super) struct PageMemo<'a> {
    pub(super) previous: &'a HashMap<String, RenderedPage>,
    pub(super) neighbourhoods: &'a Neighbourhoods,
    pub(super) template_hashes: &'a HashMap<String, u64>,
    pub(super) site_hash: u64,
    pub(super) base_path: &'a str,
    /// Whether `base_path` is the last run's.
    pub(super) same_base_path: bool,
}

impl PageMemo<'_> {
    /// The page's neighbourhood key, and the last run's page if that key is unchanged.
    pub(super) fn by_key(&self, dossier: &Dossier, page: &PagePlan) -> (Option<u64>, Option<RenderedPage>) {
        let key = self.neighbourhoods.page_key(dossier, page);
        let kept = match (key, self.previous.get(&page.path)) {
            (Some(key), Some(old)) if old.input_key == Some(key) => Some(old.clone()),
            _ => None,
        };
        (key, kept)
    }

    /// The page's fingerprint (context and templates), and the last run's page if it is
    /// unchanged.
    pub(super) fn by_fingerprint(
        &self,
        page: &PagePlan,
        input_key: Option<u64>,
        (template, data): (&str, &PageData),
    ) -> (Option<u64>, Option<RenderedPage>) {
        let fingerprint = keys::page_fingerprint(self.site_hash, self.template_hashes.get(template).copied(), data);
        let kept = match (fingerprint, self.previous.get(&page.path)) {
            (Some(fingerprint), Some(old)) if old.fingerprint == fingerprint => Some(RenderedPage {
                input_key,
                ..old.clone()
            }),
            _ => None,
        };
        (fingerprint, kept)
    }

    /// The page (or image) just made as `bytes` with `links`, and how it differs from the last
    /// run's.
    pub(super) fn rendered(
        &self,
        page: &PagePlan,
        (input_key, fingerprint): (Option<u64>, Option<u64>),
        bytes: &[u8],
        links: &PageLinks,
    ) -> (RenderedPage, Outcome) {
        let old = self.previous.get(&page.path);
        let (links_hash, ids_hash) = (hash_of(&links.links), hash_of(&links.ids));
        let same_links = old.is_some_and(|old| (old.links, old.ids) == (links_hash, ids_hash));
        let outcome = match old {
            _ if same_links => Outcome::Rendered,
            Some(old) if old.ids != ids_hash => Outcome::RenderedWithNewIds,
            _ => Outcome::RenderedWithNewLinks,
        };
        let targets = match old {
            // Resolved under the same base path: the same links lead to the same files.
            Some(old) if same_links && self.same_base_path => old.targets.clone(),
            _ => linkcheck::target_hashes(&page.path, links, self.base_path).into(),
        };
        // A page whose context did not serialise gets no fingerprint and no input key, so it
        // is rendered every time (and the renderer reports the problem).
        let page = RenderedPage {
            input_key: fingerprint.and(input_key),
            fingerprint: fingerprint.unwrap_or(UNFINGERPRINTED),
            content: crate::write::content_hash(bytes),
            links: links_hash,
            ids: ids_hash,
            targets,
        };
        (page, outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::Caches;

    #[test]
    fn base_path_is_the_site_root_before_the_first_run() {
        assert_eq!(Caches::new().base_path(), "/");
        assert_eq!(Caches::default().base_path(), "/");
    }
}
