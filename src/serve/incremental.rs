//! The incremental engine behind `dossier serve`: keeps a dossier's input files and its rendered
//! site in memory, and after a change redoes only what the change can affect.
//!
//! API: [`Engine::new`] reads a dossier; [`Engine::reload_paths`] re-reads the paths a watcher
//! reported and says which input files really changed; [`Engine::rebuild`] brings the site up
//! to date and reports what it did ([`Rebuild`]: pages rendered, files changed and removed), or
//! returns every problem while the last good site ([`Engine::files`]) stays.
//!
//! A rebuild:
//! 1. re-parses only the files that changed ([`load::parse_file`]), then resolves the dossier
//!    ([`build::check_parsed`]), reusing every source whose annotation file and article are
//!    unchanged ([`crate::model::SourceCache`]), and builds the shared summaries ([`Prepared`]);
//! 2. for entity pages, the index and each page of an overview computes a cheap key of what the
//!    page shows ([`Neighbourhoods`]); a page whose key is unchanged keeps its bytes without even
//!    building its context;
//! 3. for the other pages (and keyed pages whose key changed) builds the context
//!    ([`render::page_context`]) and fingerprints it together with the site-wide context and the
//!    texts of the templates the page's template can reach (`extends`, `include`, components); a
//!    page whose fingerprint is unchanged keeps its bytes, the others are rendered;
//! 4. makes the files beside the pages ([`build::other_files_cached`]: exports, feed, sitemap,
//!    search index, static files), keeping each claim's part of the exports while its key is
//!    unchanged ([`ExportCache`]);
//! 5. link-checks only the pages a change can have broken ([`build::checked_site_files`]): those
//!    whose links or ids changed, and those that link to a file that went away or whose ids
//!    changed (each page keeps the hashes of the files it links to). The others passed last time
//!    and still pass.
//!
//! Keys hash entities whole, indices included: adding or deleting a claim shifts the indices of
//! the claims after it, so such an edit re-renders much more than it shows (correct, not minimal).
//!
//! So a changed claim re-renders exactly the pages that show something of it, a changed
//! template the pages that use it, a config change everything. The result is byte-identical to
//! [`crate::build::render_site`] on the same input, and fails exactly when it fails: both render
//! through [`Renderer::render_data`]. `tests/serve.rs` checks this against clean builds after
//! long random sequences of edits.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::build::{self, CheckOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::{self, CheckedPage, PageLinks};
use crate::load::{self, FileContent, InputFiles, ParsedDossier, ParsedFile, TEMPLATES_DIR};
use crate::model::{ClaimId, Dossier, SourceCache};
use crate::render::exports::ExportCache;
use crate::render::{self, LIST_PAGE_SIZE, PageData, PageKind, PagePlan, Prepared, RenderOptions, Renderer, Section};

/// A rendered site in memory: output path (`claims/x/index.html`) → contents.
pub type SiteFiles = BTreeMap<String, Arc<[u8]>>;

/// What one successful [`Engine::rebuild`] did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Wall time of the rebuild.
    pub duration: Duration,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered this time, sorted (the others kept their bytes).
    pub rendered: Vec<String>,
    /// Output files that are new or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// How many of `changed` are pages (the rest are static files).
    pub changed_pages: usize,
    /// Output files that no longer exist, sorted.
    pub removed: Vec<String>,
    /// Files in the site.
    pub files: usize,
    /// Warnings (a rebuild with errors fails instead).
    pub diagnostics: Diagnostics,
    /// Claims in the dossier.
    pub claims: usize,
    /// Sources in the dossier.
    pub sources: usize,
    /// Wall time of each step, in order (`parse and resolve`, `prepare`, `neighbourhoods`,
    /// `pages`, `other files`, `link check`, `compare`), for benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
}

impl Rebuild {
    /// True when the site's files are exactly as before.
    pub fn is_unchanged(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// A page as last rendered.
struct RenderedPage {
    /// The hash of the page's neighbourhood in the dossier, when it has one (see
    /// [`Neighbourhoods`]); unchanged, the page is kept without even building its context.
    input_key: Option<u64>,
    /// The hash of the page's context and templates.
    fingerprint: u64,
    bytes: Arc<[u8]>,
    /// Its links and ids, for the link check.
    links: Arc<PageLinks>,
    /// The output files it links to, as [`linkcheck::path_hash`]es: which pages to check
    /// again when a file goes away or changes its ids.
    targets: Arc<[u64]>,
}

/// The compiled templates, kept while templates and the site-wide context are unchanged.
struct CachedRenderer {
    templates_key: u64,
    site_hash: u64,
    renderer: Renderer,
}

/// Per-template hashes of the template and everything it can reach.
struct TemplateHashes {
    templates_key: u64,
    by_name: HashMap<String, u64>,
}

/// The input files parsed, re-parsed file by file as they change.
#[derive(Default)]
struct ParseCache {
    parsed: ParsedDossier,
    /// The parse problems of each file.
    diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Keys to parse again.
    stale: BTreeSet<String>,
    /// Whether everything must be parsed again.
    all_stale: bool,
}

impl ParseCache {
    fn update(&mut self, input: &InputFiles) {
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
    }
}

/// The incremental engine: input files, the last good site, and what is needed to tell which
/// pages a change affects.
pub struct Engine {
    input: InputFiles,
    render_options: RenderOptions,
    parse: ParseCache,
    built: bool,
    pages: HashMap<String, RenderedPage>,
    /// The files beside the pages (exports, static files), as last built.
    others: SiteFiles,
    files: Arc<SiteFiles>,
    base_path: String,
    renderer: Option<CachedRenderer>,
    template_hashes: Option<TemplateHashes>,
    /// Each claim's part of the export files, by the claim's export key.
    exports: ExportCache,
    /// Sources as last resolved, by annotation file.
    sources: SourceCache,
}

impl Engine {
    /// Reads the dossier at `root`. Nothing is built until [`Engine::rebuild`].
    pub fn new(root: &Path, render_options: RenderOptions) -> Self {
        Self::with_input(InputFiles::read(root), render_options)
    }

    /// An engine over input files already in memory.
    pub fn with_input(input: InputFiles, render_options: RenderOptions) -> Self {
        Self {
            input,
            render_options,
            parse: ParseCache {
                all_stale: true,
                ..ParseCache::default()
            },
            built: false,
            pages: HashMap::new(),
            others: SiteFiles::new(),
            files: Arc::new(SiteFiles::new()),
            base_path: "/".to_owned(),
            renderer: None,
            template_hashes: None,
            exports: ExportCache::default(),
            sources: SourceCache::default(),
        }
    }

    /// The input files as the engine sees them.
    pub fn input(&self) -> &InputFiles {
        &self.input
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.input.root
    }

    /// Re-reads `paths` from disk after the watcher reported them (files or folders, created,
    /// changed, renamed or deleted; paths outside the dossier's files and editor temp files are
    /// ignored). Returns the input keys whose content actually changed: empty when a save wrote
    /// the same bytes, or only temp files moved, in which case no rebuild is needed.
    pub fn reload_paths<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<String> {
        let mut changed = BTreeSet::new();
        for path in paths {
            let path = path.as_ref();
            let Some(key) = self.input.key_for(path) else { continue };
            let before = self.entries_under(&key);
            self.input.reload_path(path);
            let after = self.entries_under(&key);
            changed.extend(
                before
                    .keys()
                    .chain(after.keys())
                    .filter(|k| before.get(*k) != after.get(*k))
                    .cloned(),
            );
        }
        self.parse.stale.extend(changed.iter().cloned());
        changed.into_iter().collect()
    }

    /// Re-reads the whole dossier (after the watcher lost track, e.g. an event queue overflow).
    /// Returns the keys that changed.
    pub fn reload_all(&mut self) -> Vec<String> {
        let fresh = InputFiles::read_with(&self.input.root, self.input.options());
        let mut changed = BTreeSet::new();
        for (key, content) in &fresh.files {
            if self.input.files.get(key) != Some(content) {
                changed.insert(key.clone());
            }
        }
        for key in self.input.files.keys() {
            if !fresh.files.contains_key(key) {
                changed.insert(key.clone());
            }
        }
        if fresh.read_errors != self.input.read_errors {
            changed.extend(
                fresh
                    .read_errors
                    .iter()
                    .chain(&self.input.read_errors)
                    .map(|d| d.file.clone()),
            );
        }
        self.input = fresh;
        self.parse.all_stale = true;
        changed.into_iter().collect()
    }

    /// Sets one input file's text in memory (tests and benchmarks; the server reads from disk).
    pub fn set_text(&mut self, key: &str, text: &str) {
        self.input.insert_text(key, text);
        self.parse.stale.insert(key.to_owned());
    }

    /// Removes one input file in memory (tests and benchmarks).
    pub fn remove_file(&mut self, key: &str) {
        self.input.files.remove(key);
        self.parse.stale.insert(key.to_owned());
    }

    /// The last good site; empty before the first successful rebuild.
    pub fn files(&self) -> &Arc<SiteFiles> {
        &self.files
    }

    /// Whether a rebuild has succeeded yet.
    pub fn has_site(&self) -> bool {
        self.built
    }

    /// The absolute path the site is served under (`/`, or the path of the base URL), as of the
    /// last good build.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Rebuilds the site from the current input. On success the new site replaces the last
    /// good one; on failure the last good site stays and every problem is returned, exactly as
    /// a clean build would report them.
    pub fn rebuild(&mut self) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let mut phases = Phases::new(started);
        self.parse.update(&self.input);
        let mut diagnostics = Diagnostics::new();
        load::input_diagnostics(&self.input, &mut diagnostics);
        for problems in self.parse.diagnostics.values() {
            for problem in problems {
                diagnostics.push(problem.clone());
            }
        }
        let options = CheckOptions {
            coverage: false,
            strict: false,
        };
        let checked = build::check_parsed(
            &self.input,
            &self.parse.parsed,
            diagnostics,
            options,
            Some(&mut self.sources),
        );
        let Some(dossier) = checked.dossier else {
            return Err(checked.diagnostics);
        };
        phases.end("parse and resolve");
        let prepared = Prepared::new(&dossier, &self.render_options);

        let templates_key = templates_key(&self.input);
        let site_hash = hash_json(&prepared.site).unwrap_or(0);
        let renderer_is_current = self
            .renderer
            .as_ref()
            .is_some_and(|cached| cached.templates_key == templates_key && cached.site_hash == site_hash);
        if !renderer_is_current {
            self.renderer = None;
            let renderer = Renderer::new(&self.input, &prepared.site)?;
            self.renderer = Some(CachedRenderer {
                templates_key,
                site_hash,
                renderer,
            });
        }
        if self
            .template_hashes
            .as_ref()
            .is_none_or(|hashes| hashes.templates_key != templates_key)
        {
            let texts = render::template_texts(&self.input);
            self.template_hashes = Some(TemplateHashes {
                templates_key,
                by_name: template_closure_hashes(&texts),
            });
        }
        let (Some(cached), Some(template_hashes)) = (&self.renderer, &self.template_hashes) else {
            return Err(internal_error("the templates were not compiled"));
        };

        let plan = render::plan(&dossier);
        phases.end("prepare");
        let neighbourhoods = Neighbourhoods::new(&dossier, &prepared, site_hash ^ templates_key.rotate_left(17));
        phases.end("neighbourhoods");
        let previous = &self.pages;
        let base_path = prepared.base_path();
        let outcomes: Vec<Result<(RenderedPage, Outcome), Diagnostic>> = plan
            .par_iter()
            .map(|page| {
                let input_key = neighbourhoods.page_key(&dossier, page);
                let old = previous.get(&page.path);
                if let (Some(key), Some(old)) = (input_key, old)
                    && old.input_key == Some(key)
                {
                    let kept = RenderedPage {
                        input_key,
                        fingerprint: old.fingerprint,
                        bytes: old.bytes.clone(),
                        links: old.links.clone(),
                        targets: old.targets.clone(),
                    };
                    return Ok((kept, Outcome::Kept));
                }
                let (template, data) = render::page_context(&prepared, page);
                let fingerprint = page_fingerprint(site_hash, template_hashes.by_name.get(template).copied(), &data);
                if let (Some(fingerprint), Some(old)) = (fingerprint, old)
                    && old.fingerprint == fingerprint
                {
                    let kept = RenderedPage {
                        input_key,
                        fingerprint,
                        bytes: old.bytes.clone(),
                        links: old.links.clone(),
                        targets: old.targets.clone(),
                    };
                    return Ok((kept, Outcome::Kept));
                }
                let html = cached.renderer.render_data(&page.path, template, &data)?;
                let links = build::checked_page(&dossier, page, &html).links;
                let (outcome, links, targets) = match old {
                    Some(old) if *old.links == *links => (Outcome::Rendered, old.links.clone(), old.targets.clone()),
                    _ => {
                        let targets = linkcheck::target_hashes(&page.path, &links, &base_path).into();
                        let outcome = match old {
                            Some(old) if old.links.ids != links.ids => Outcome::RenderedWithNewIds,
                            _ => Outcome::RenderedWithNewLinks,
                        };
                        (outcome, links, targets)
                    }
                };
                let bytes = match old {
                    Some(old) if *old.bytes == *html.as_bytes() => old.bytes.clone(),
                    _ => Arc::from(html.into_bytes()),
                };
                // A page whose context did not serialise gets no fingerprint and no input key,
                // so it is rendered every time (and the renderer reports the problem).
                let input_key = fingerprint.and(input_key);
                Ok((
                    RenderedPage {
                        input_key,
                        fingerprint: fingerprint.unwrap_or(UNFINGERPRINTED),
                        bytes,
                        links,
                        targets,
                    },
                    outcome,
                ))
            })
            .collect();

        let mut diagnostics = Diagnostics::new();
        let mut pages = HashMap::with_capacity(outcomes.len());
        let mut rendered = Vec::new();
        // Pages whose links or ids changed: checked again; the files that changed ids: pages
        // that link to them are checked again too.
        let mut to_check: HashSet<String> = HashSet::new();
        let mut affected: HashSet<u64> = HashSet::new();
        for (page, outcome) in plan.iter().zip(outcomes) {
            match outcome {
                Ok((rendered_page, outcome)) => {
                    if outcome != Outcome::Kept {
                        rendered.push(page.path.clone());
                    }
                    if matches!(outcome, Outcome::RenderedWithNewLinks | Outcome::RenderedWithNewIds) {
                        to_check.insert(page.path.clone());
                    }
                    if outcome == Outcome::RenderedWithNewIds {
                        affected.insert(linkcheck::path_hash(&page.path));
                    }
                    pages.insert(page.path.clone(), rendered_page);
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(diagnostics);
        }
        phases.end("pages");
        // Exports, feed, sitemap and static files, then the link check. The last good build's
        // check passed, so a link can only be broken now on a page whose links changed, or one
        // that links to a file that went away or whose ids changed (new files cannot break a
        // link): only those pages are checked, against every file and every page's ids.
        let export_keys: Vec<Option<u64>> = (0..dossier.claims.len())
            .map(|c| neighbourhoods.claim_export_key(&dossier, c))
            .collect();
        let (other_files, export_problems) =
            build::other_files_cached(&self.input, &prepared, &plan, Some((&mut self.exports, &export_keys)));
        phases.end("other files");
        let other_paths: HashSet<&str> = other_files.iter().map(|file| file.path.as_str()).collect();
        let gone = self
            .pages
            .keys()
            .filter(|path| !pages.contains_key(*path))
            .chain(self.others.keys().filter(|path| !other_paths.contains(path.as_str())));
        affected.extend(gone.map(|path| linkcheck::path_hash(path)));
        let check_all = !self.built || self.base_path != base_path;
        if self.built && self.base_path != base_path {
            // Targets resolved under another base path may be wrong: resolve them all again
            // (on a first build every page was just rendered, its targets already resolved).
            for (path, page) in &mut pages {
                page.targets = linkcheck::target_hashes(path, &page.links, &base_path).into();
            }
        } else if !affected.is_empty() {
            for (path, page) in &pages {
                if page.targets.iter().any(|target| affected.contains(target)) {
                    to_check.insert(path.clone());
                }
            }
        }
        let other_files = if !check_all && to_check.is_empty() && export_problems.is_empty() {
            other_files
        } else {
            let checked_pages: Vec<CheckedPage> = plan
                .iter()
                .map(|page| CheckedPage {
                    path: page.path.clone(),
                    source_file: build::page_source_file(&dossier, page),
                    links: pages.get(&page.path).map(|p| p.links.clone()).unwrap_or_default(),
                })
                .collect();
            build::checked_site_files(
                &self.input,
                &prepared,
                &plan,
                &checked_pages,
                (other_files, export_problems),
                |page| check_all || to_check.contains(&page.path),
            )?
        };
        phases.end("link check");
        let others: SiteFiles = other_files
            .into_iter()
            .map(|file| {
                let bytes = match self.others.get(&file.path) {
                    Some(old) if **old == *file.bytes => old.clone(),
                    _ => Arc::from(file.bytes),
                };
                (file.path, bytes)
            })
            .collect();

        // Pages first, then the other files over them: the order a build writes them in.
        let mut files: SiteFiles = pages
            .iter()
            .map(|(path, page)| (path.clone(), page.bytes.clone()))
            .collect();
        files.extend(others.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
        let changed: Vec<String> = files
            .iter()
            .filter(|(path, bytes)| {
                self.files
                    .get(*path)
                    .is_none_or(|old| !Arc::ptr_eq(old, bytes) && **old != ***bytes)
            })
            .map(|(path, _)| path.clone())
            .collect();
        let removed: Vec<String> = self
            .files
            .keys()
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        let changed_pages = changed
            .iter()
            .filter(|path| pages.contains_key(*path) && !others.contains_key(*path))
            .count();
        rendered.sort();
        phases.end("compare");

        let report = Rebuild {
            duration: started.elapsed(),
            pages: plan.len(),
            rendered,
            changed,
            changed_pages,
            removed,
            files: files.len(),
            diagnostics: checked.diagnostics,
            claims: dossier.claims.len(),
            sources: dossier.sources.len(),
            phases: phases.done,
        };
        self.base_path = base_path;
        let old = (
            std::mem::replace(&mut self.pages, pages),
            std::mem::replace(&mut self.others, others),
            std::mem::replace(&mut self.files, Arc::new(files)),
        );
        // Freeing the last site's tables and this rebuild's dossier and plan (tens of thousands
        // of entries each) is left to another thread: it is not on the way from a save to the
        // reloaded page.
        drop(prepared);
        rayon::spawn(move || drop((old, dossier, plan, neighbourhoods)));
        self.built = true;
        Ok(report)
    }

    /// The input entries at `key` and below it (a folder), with the read errors for them.
    fn entries_under(&self, key: &str) -> BTreeMap<String, Entry> {
        let prefix = format!("{key}/");
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        if let Some(content) = self.input.files.get(key) {
            entries.insert(key.to_owned(), Entry::File(content.clone()));
        }
        // Keys below the folder sort together, right from `key/`.
        for (k, content) in self.input.files.range(prefix.clone()..) {
            if !k.starts_with(&prefix) {
                break;
            }
            entries.insert(k.clone(), Entry::File(content.clone()));
        }
        for error in &self.input.read_errors {
            if error.file == key || error.file.starts_with(&prefix) {
                entries.insert(error.file.clone(), Entry::Unreadable(error.message.clone()));
            }
        }
        entries
    }
}

/// Cheap keys of each page's neighbourhood in the dossier, so that pages far from a change are
/// kept without building their contexts (which, for 10,000 claims, would take longer than
/// rendering the few pages that changed).
///
/// A page's key hashes everything its context can read, at the level of whole entities: for a
/// claim page, the claim (with its summary), its source and the source's claims, its topic and
/// the topic's claims, its origins and their claims, and the claims it links; plus what every
/// page sees (site, config, templates, counts). Entities are hashed whole, so a context that
/// starts to show another field of them stays covered; a context that starts to read *other*
/// entities must be matched here (the random-edit tests compare against clean builds). The
/// index and each page of an overview hash the summaries they list; Markdown pages and the 404
/// page have no key and always build their context (they are few and small).
struct Neighbourhoods {
    global: u64,
    /// What every claim's exports see of the dossier as a whole (configuration, base URL).
    exports_global: u64,
    claims: Vec<u64>,
    sources: Vec<u64>,
    source_members: Vec<u64>,
    topics: Vec<u64>,
    topic_members: Vec<u64>,
    origins: Vec<u64>,
    origin_members: Vec<u64>,
    /// Per same-origin group (by its first claim): its sources, which every claim page of the
    /// group lists as appearances in its `ClaimReview`.
    group_sources: HashMap<ClaimId, u64>,
    all_sources: u64,
    all_origins: u64,
    all_topics: u64,
    verdict_counts: u64,
}

impl Neighbourhoods {
    fn new(dossier: &Dossier, prepared: &Prepared<'_>, site_and_templates: u64) -> Self {
        let claims: Vec<u64> = (0..dossier.claims.len())
            .into_par_iter()
            .map(|c| hash_all(&[hash_json(&dossier.claims[c]), hash_json(&prepared.claims[c])]))
            .collect();
        let sources: Vec<u64> = (0..dossier.sources.len())
            .into_par_iter()
            .map(|s| {
                let text = hash_bytes(dossier.sources[s].text.as_bytes());
                hash_all(&[
                    hash_json(&dossier.sources[s]),
                    hash_json(&prepared.sources[s]),
                    Some(text),
                ])
            })
            .collect();
        let topics: Vec<u64> = (0..dossier.topics.len())
            .map(|t| hash_all(&[hash_json(&dossier.topics[t]), hash_json(&prepared.topics[t])]))
            .collect();
        let origins: Vec<u64> = (0..dossier.origins.len())
            .map(|o| hash_all(&[hash_json(&dossier.origins[o]), hash_json(&prepared.origins[o])]))
            .collect();
        let members = |list: &[ClaimId]| hash_all(&list.iter().map(|&c| Some(claims[c])).collect::<Vec<_>>());
        let source_members = dossier.sources.iter().map(|s| members(&s.claims)).collect();
        let topic_members = dossier.topics.iter().map(|t| members(&t.claims)).collect();
        let origin_members = dossier
            .origins
            .iter()
            .map(|o| hash_all(&[Some(members(&o.claims)), Some(members(&o.relayed))]))
            .collect();
        let group_sources = prepared
            .origin_group_sources
            .iter()
            .map(|(&group, members)| {
                let parts: Vec<Option<u64>> = members.iter().map(|&s| sources.get(s).copied()).collect();
                (group, hash_all(&parts))
            })
            .collect();
        let global = hash_all(&[
            Some(site_and_templates),
            hash_json(&dossier.config),
            hash_json(&dossier.pages),
            hash_json(&prepared.base_url),
            hash_json(&prepared.lang),
            Some(dossier.claims.len() as u64),
            Some(dossier.sources.len() as u64),
            Some(dossier.topics.len() as u64),
            Some(dossier.origins.len() as u64),
        ]);
        let exports_global = hash_all(&[
            hash_json(&dossier.config),
            hash_json(&prepared.base_url),
            hash_json(&prepared.lang),
        ]);
        let all_sources = hash_all(&sources.iter().copied().map(Some).collect::<Vec<_>>());
        let all_origins = hash_all(&origins.iter().copied().map(Some).collect::<Vec<_>>());
        let all_topics = hash_all(&topics.iter().copied().map(Some).collect::<Vec<_>>());
        let mut counts = vec![0u64; dossier.config.verdicts.len()];
        for claim in &dossier.claims {
            if let Some(count) = counts.get_mut(claim.verdict) {
                *count += 1;
            }
        }
        let verdict_counts = hash_all(&counts.into_iter().map(Some).collect::<Vec<_>>());
        Self {
            global,
            exports_global,
            claims,
            sources,
            source_members,
            topics,
            topic_members,
            origins,
            origin_members,
            group_sources,
            all_sources,
            all_origins,
            all_topics,
            verdict_counts,
        }
    }

    /// The key of what a claim's exports show (`render::exports::ClaimExport`): the claim, its
    /// source, topic, origins and the claims it links, the configuration and the base URL.
    /// `None` when a part could not be hashed: the claim's exports are then made anew.
    fn claim_export_key(&self, dossier: &Dossier, c: ClaimId) -> Option<u64> {
        let claim = &dossier.claims[c];
        let mut parts = vec![
            Some(self.exports_global),
            self.claims.get(c).copied(),
            self.sources.get(claim.source).copied(),
            self.topics.get(claim.topic).copied(),
        ];
        parts.extend(
            claim
                .origin
                .iter()
                .chain(&claim.via)
                .map(|o| self.origins.get(*o).copied()),
        );
        parts.extend(claim.links.iter().map(|link| self.claims.get(link.claim).copied()));
        parts.iter().all(Option::is_some).then(|| hash_all(&parts))
    }

    /// The key of a page's neighbourhood: for entity pages, the index and the pages of the
    /// overviews; `None` for the others (and when a part cannot be hashed).
    fn page_key(&self, dossier: &Dossier, page: &PagePlan) -> Option<u64> {
        let mut parts: Vec<Option<u64>> = vec![Some(self.global), Some(hash_bytes(page.path.as_bytes()))];
        match page.kind {
            PageKind::Claim(c) => {
                let claim = dossier.claims.get(c)?;
                parts.extend([Some(1), self.claims.get(c).copied()]);
                parts.extend([
                    self.sources.get(claim.source).copied(),
                    self.source_members.get(claim.source).copied(),
                ]);
                parts.extend([
                    self.topics.get(claim.topic).copied(),
                    self.topic_members.get(claim.topic).copied(),
                ]);
                for origin in claim.origin.iter().chain(&claim.via) {
                    parts.extend([
                        self.origins.get(*origin).copied(),
                        self.origin_members.get(*origin).copied(),
                    ]);
                }
                parts.extend(claim.links.iter().map(|link| self.claims.get(link.claim).copied()));
                parts.push(self.group_sources.get(&claim.origin_group).copied());
            }
            PageKind::Source(s) => {
                let source = dossier.sources.get(s)?;
                parts.extend([
                    Some(2),
                    self.sources.get(s).copied(),
                    self.source_members.get(s).copied(),
                ]);
                for &c in &source.claims {
                    let claim = dossier.claims.get(c)?;
                    parts.push(self.topics.get(claim.topic).copied());
                    parts.extend(
                        claim
                            .origin
                            .iter()
                            .chain(&claim.via)
                            .map(|o| self.origins.get(*o).copied()),
                    );
                }
            }
            PageKind::Topic(t) => {
                parts.extend([Some(3), self.topics.get(t).copied(), self.topic_members.get(t).copied()]);
                parts.extend([Some(self.all_sources), Some(self.all_origins)]);
            }
            PageKind::Origin(o) => {
                parts.extend([
                    Some(4),
                    self.origins.get(o).copied(),
                    self.origin_members.get(o).copied(),
                ]);
            }
            PageKind::List(section, number) => {
                let hashes = match section {
                    Section::Claims => &self.claims,
                    Section::Sources => &self.sources,
                    Section::Topics => &self.topics,
                    Section::Origins => &self.origins,
                };
                let start = (number * LIST_PAGE_SIZE).min(hashes.len());
                let end = (start + LIST_PAGE_SIZE).min(hashes.len());
                parts.extend([Some(5), Some(number as u64)]);
                parts.extend(hashes[start..end].iter().copied().map(Some));
            }
            PageKind::Index => parts.extend([
                Some(6),
                Some(self.all_sources),
                Some(self.all_origins),
                Some(self.all_topics),
                Some(self.verdict_counts),
            ]),
            PageKind::Markdown(_) | PageKind::NotFound | PageKind::Corrections => return None,
        }
        // A part that could not be hashed makes the page build its context.
        parts.iter().all(Option::is_some).then(|| hash_all(&parts))
    }
}

/// One hash of several (a missing one counts as a distinct value).
fn hash_all(parts: &[Option<u64>]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// The wall time of each step of a rebuild.
struct Phases {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Phases {
    fn new(started: Instant) -> Self {
        Self {
            last: started,
            done: Vec::new(),
        }
    }

    /// Ends the step named `name`, which began where the previous one ended.
    fn end(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }
}

/// What became of a page in a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Its neighbourhood or its context is unchanged: the bytes are kept.
    Kept,
    /// Rendered again; its links and ids are as before.
    Rendered,
    /// Rendered again, with other links than before, the same ids (or new).
    RenderedWithNewLinks,
    /// Rendered again, with other ids than before (links to it may break).
    RenderedWithNewIds,
}

/// What an input key holds, for telling whether a reload changed anything.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File(FileContent),
    Unreadable(String),
}

/// Stored for pages whose context cannot be fingerprinted; such pages are always rendered.
const UNFINGERPRINTED: u64 = 0;

fn internal_error(message: &str) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error(
        TEMPLATES_DIR.trim_end_matches('/'),
        None,
        format!("internal error: {message}"),
    ));
    diagnostics
}

/// A page's fingerprint, or `None` when its context cannot be serialised (it is then rendered,
/// and the renderer reports the problem).
fn page_fingerprint(site_hash: u64, template_hash: Option<u64>, data: &PageData) -> Option<u64> {
    let context_hash = hash_json(data)?;
    let mut hasher = std::hash::DefaultHasher::new();
    (site_hash, template_hash, context_hash).hash(&mut hasher);
    // Never collide with the marker of pages that have no fingerprint.
    Some(hasher.finish().max(1))
}

/// A hasher fed through `io::Write`, so values are hashed as they are serialised.
struct HashWriter(std::hash::DefaultHasher);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hash of `value`'s JSON form.
fn hash_json<T: Serialize>(value: &T) -> Option<u64> {
    let mut writer = std::io::BufWriter::with_capacity(16 * 1024, HashWriter(std::hash::DefaultHasher::new()));
    serde_json::to_writer(&mut writer, value).ok()?;
    let writer = writer.into_inner().ok()?;
    Some(writer.0.finish())
}

/// The hash of every file under `templates/`, as stored (text or bytes).
fn templates_key(input: &InputFiles) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
        if !key.starts_with(TEMPLATES_DIR) {
            break;
        }
        key.hash(&mut hasher);
        match content {
            FileContent::Text(text) => (0u8, text.as_bytes()).hash(&mut hasher),
            FileContent::Bytes(bytes) => (1u8, &bytes[..]).hash(&mut hasher),
        }
    }
    hasher.finish()
}

/// For each template, a hash of its text and the texts of every template it can reach.
///
/// Tera resolves `extends` and `include` by literal name, and components by name from whichever
/// template defines them; so a template reaches another if its text contains the other's name,
/// or the name of a component the other defines. That over-approximates (a name in a comment
/// counts too), which only ever re-renders a page more than needed.
pub fn template_closure_hashes(texts: &BTreeMap<String, &str>) -> HashMap<String, u64> {
    let names: Vec<&String> = texts.keys().collect();
    let components: Vec<Vec<String>> = names.iter().map(|name| defined_components(texts[*name])).collect();
    let direct: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            let text = texts[*name];
            (0..names.len())
                .filter(|&other| {
                    names[other] != *name
                        && (text.contains(names[other].as_str())
                            || components[other].iter().any(|c| contains_word(text, c)))
                })
                .collect()
        })
        .collect();
    let mut hashes = HashMap::with_capacity(names.len());
    for (start, name) in names.iter().enumerate() {
        let mut reached = BTreeSet::from([start]);
        let mut stack = vec![start];
        while let Some(current) = stack.pop() {
            for &next in &direct[current] {
                if reached.insert(next) {
                    stack.push(next);
                }
            }
        }
        let mut hasher = std::hash::DefaultHasher::new();
        for index in reached {
            (names[index], texts[names[index]]).hash(&mut hasher);
        }
        hashes.insert((*name).clone(), hasher.finish());
    }
    hashes
}

/// Names of the components a template defines: `{% component NAME(...) %}`.
fn defined_components(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let tag = rest.trim_start_matches(['-', '+', '~']).trim_start();
        if let Some(after) = tag.strip_prefix("component")
            && after.starts_with(char::is_whitespace)
        {
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// Whether `word` occurs in `text` not as part of a longer identifier.
fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_definitions_are_found() {
        let text = "{% component badge(verdict) %}x{% endcomponent %}\n{%- component claim_list(claims) -%}{% endcomponent %}{% if component %}";
        assert_eq!(defined_components(text), ["badge", "claim_list"]);
    }

    #[test]
    fn words_are_whole() {
        assert!(contains_word("{{<badge verdict=v />}}", "badge"));
        assert!(!contains_word("{{ badges }}", "badge"));
        assert!(!contains_word("{{ my_badge }}", "badge"));
    }

    #[test]
    fn a_template_hash_covers_what_it_reaches_and_nothing_else() {
        let base = "<html>{% block body %}{% endblock %}</html>";
        let components = "{% component badge(v) %}<b>{{ v }}</b>{% endcomponent %}";
        let claim = "{% extends \"base.html\" %}{% block body %}{{<badge v=1 />}}{% endblock %}";
        let list = "{% extends \"base.html\" %}{% block body %}list{% endblock %}";
        let texts =
            |base: &'static str, components: &'static str, claim: &'static str| -> BTreeMap<String, &'static str> {
                BTreeMap::from([
                    ("base.html".to_owned(), base),
                    ("components.html".to_owned(), components),
                    ("claim.html".to_owned(), claim),
                    ("list.html".to_owned(), list),
                ])
            };
        let before = template_closure_hashes(&texts(base, components, claim));
        let component_changed = template_closure_hashes(&texts(
            base,
            "{% component badge(v) %}<i>{{ v }}</i>{% endcomponent %}",
            claim,
        ));
        assert_ne!(
            before["claim.html"], component_changed["claim.html"],
            "claim.html uses the component"
        );
        assert_eq!(
            before["list.html"], component_changed["list.html"],
            "list.html does not"
        );
        let base_changed = template_closure_hashes(&texts(
            "<html lang=x>{% block body %}{% endblock %}</html>",
            components,
            claim,
        ));
        assert_ne!(before["list.html"], base_changed["list.html"]);
        assert_ne!(before["claim.html"], base_changed["claim.html"]);
        assert_eq!(before["components.html"], base_changed["components.html"]);
    }
}
