//! The one pipeline that `dossier build`, `dossier check`, the serve engine and the tests run:
//!
//! ```text
//! read ─> parse ─> resolve ─> prepare ─> render pages ─┬─> link check ─> sink
//!                                        side files ───┘
//! ```
//!
//! The input is read by the caller ([`InputFiles`]: from disk, or changed in memory by the serve
//! engine). [`Pipeline::run`] then parses and resolves it ([`Pipeline::check`] stops there),
//! builds the shared summaries and compiles the templates, renders every page in parallel
//! while the files beside the pages (exports, search index, static files) are made
//! meanwhile, and checks every internal link. Each file goes to the [`Sink`] as soon as it is
//! made: the staging folder for `build` (pages are never all in memory at once), memory for
//! `serve` and the tests, nowhere for `check`. Every problem of a stage is collected before the
//! run stops.
//!
//! With [`Caches`] (the serve engine) a run reuses what an earlier run made from the same
//! inputs: parsed files, resolved sources, compiled templates, pages whose neighbourhood or
//! context is unchanged, claims' exports, and the link check of pages a change cannot have
//! broken. The files it gives the sink are the same.

mod pages;
mod side_files;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::caches::{Caches, Outcome, PageCache, PageMemo, RenderedPage, TemplateCache};
use super::disk_cache::{BuildCache, CachedGroup, CachedPage};
use super::keys::{self, Neighbourhoods};
use super::sink::Sink;
use super::{BuildError, CheckOptions, Checked, coverage_diagnostics};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::history;
use crate::linkcheck::{self, CheckedPage, PageLinks};
use crate::load::{self, FileContent, InputFiles};
use crate::model::{self, ClaimId, Dossier};
use crate::render::exports::{ClaimParts, Emit, ExportCache, Release};
use crate::render::{self, PageKind, PagePlan, Prepared, RenderOptions, Renderer};
use crate::write::{PreviousOutput, WriteError};

use pages::{page_source_file, read_back_links};
use side_files::SideFiles;

/// What a run makes and how strictly it checks.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Base URL override.
    pub render: RenderOptions,
    /// Coverage warnings, warnings as errors.
    pub check: CheckOptions,
}

/// The pipeline over one dossier's input files.
pub struct Pipeline<'i> {
    input: &'i InputFiles,
    options: PipelineOptions,
    /// Source files parsed by an earlier run ([`load::ParseCache`]), and whether to return this
    /// run's ([`Output::parse_cache`]).
    parse_cache: (Option<&'i load::ParseCache>, bool),
    /// With the serve engine's caches: the paths of the export files the site this run
    /// continues holds, when they are left for later ([`Pipeline::deferring_release`]).
    carried_release: Option<&'i [String]>,
    /// Takes this run's parse cache as soon as the dossier is resolved (instead of
    /// [`Output::parse_cache`]), so that it is not held while the site is made.
    parse_cache_receiver: Option<&'i dyn ParseCacheReceiver>,
}

/// What takes a run's parse cache once the dossier is resolved
/// ([`Pipeline::handing_parse_cache_to`]).
pub(super) trait ParseCacheReceiver: Sync {
    /// Takes the parse cache.
    fn receive(&self, cache: load::ParseCache);
}

/// The export files of a run with the serve engine's caches ([`Output::release`]).
pub enum ServeRelease {
    /// Made with the pages: the paths of every export file.
    Made(Vec<String>),
    /// Left for later ([`Pipeline::deferring_release`]): what they are made from.
    Deferred(DeferredRelease),
}

/// What the export files left for later are made from, with the run's resolved dossier
/// ([`crate::render::exports::release_files_from`]): all of them are made then, also those
/// made with the pages (see `early`).
pub struct DeferredRelease {
    /// Every claim's export parts.
    pub parts: ClaimParts,
    /// The corrections log the pages were made with.
    pub history: Option<Arc<history::History>>,
    /// The site's pages (the sitemap lists them).
    pub pages: Vec<PagePlan>,
    /// The export files made with the pages, sorted: the files joined from the claims' parts
    /// when a page links to one the site did not hold yet (a source or topic added, a base URL
    /// set); none otherwise.
    pub early: Vec<String>,
}

/// The serve engine's caches, and what the site holds of the earlier run's export files when
/// they may be left for later ([`Pipeline::deferring_release`]).
struct ServeExports<'a> {
    cache: &'a mut ExportCache,
    keys: &'a [Option<u64>],
    carried: Option<&'a [String]>,
}

/// What a successful run made.
pub struct Output {
    /// The resolved dossier.
    pub dossier: Dossier,
    /// Warnings (errors fail the run).
    pub diagnostics: Diagnostics,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered by this run, sorted (with caches, the others kept their bytes).
    pub rendered: Vec<String>,
    /// Pages whose contexts this run built: those rendered, and those whose neighbourhood
    /// key changed (or that have none) but whose context came out as before. With caches, the
    /// other pages were kept by their key alone.
    pub looked_at: usize,
    /// Wall time of each stage, in order, for benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
    /// Why there is no corrections log, when there is none (to be said once).
    pub history_note: Option<String>,
    /// The parse cache of this run, when asked for ([`Pipeline::with_parse_cache`]).
    pub parse_cache: Option<load::ParseCache>,
    /// With the serve engine's caches: the data release, made or left for later.
    pub release: Option<ServeRelease>,
    /// The paths of the files beside the pages (exports, search index, static files), sorted:
    /// those given to the sink, or with a sink that discards files, those a build would write.
    pub others: Vec<String>,
}

/// A page made by the render stage.
struct PageDone {
    /// Its links and ids (empty for a page the build cache kept: see `links_known`).
    links: Arc<PageLinks>,
    /// Whether `links` are the page's (a page kept by the build cache is not read back unless
    /// the link check needs it).
    links_known: bool,
    outcome: Outcome,
    /// Whether its context was built (or its image drawn): not kept by its key alone.
    looked_at: bool,
    /// What a run with caches keeps of it.
    cached: Option<RenderedPage>,
    /// What the build cache records of it.
    record: Option<CachedPage>,
}

/// A run with the build cache ([`BuildCache`]): the last good build's record and the output
/// folder it describes, from which pages whose keys are unchanged are kept.
pub struct CacheRun<'c> {
    /// The last good build's record (`None`: there is none, or it was not trusted).
    pub previous: Option<&'c BuildCache>,
    /// The output folder of that build.
    pub output: &'c PreviousOutput,
}

/// What the page stage needs of a run with the build cache.
struct DiskMemo<'a> {
    run: &'a CacheRun<'a>,
    neighbourhoods: &'a Neighbourhoods,
    template_hashes: &'a HashMap<String, u64>,
    site_hash: u64,
    /// The links of a kept page until it is read back.
    unknown_links: Arc<PageLinks>,
    /// The key of what the exports are made from (`None`: not known; they are made).
    exports_key: Option<u64>,
    /// The key of what the static files are made from.
    static_key: u64,
}

impl DiskMemo<'_> {
    /// What the last good build recorded of the page or image at `path`.
    fn recorded(&self, path: &str) -> Option<CachedPage> {
        self.run.previous?.pages.get(path).copied()
    }
}

/// How a run makes its pages: plainly, with the serve engine's caches, or with the build cache.
enum Mode<'c> {
    Plain,
    Memory(&'c mut TemplateCache, &'c mut PageCache, &'c mut ExportCache),
    Disk(&'c CacheRun<'c>, &'c mut BuildCache),
}

enum Failure {
    Content(Diagnostic),
    Output(WriteError),
}

/// The resolved dossier and its corrections log, what the stages after resolve start from.
struct Resolved<'a> {
    dossier: &'a Dossier,
    history: Option<Arc<crate::history::History>>,
}

/// What the page stage needs, shared by every page.
struct PageStage<'a> {
    dossier: &'a Dossier,
    prepared: &'a Prepared<'a>,
    renderer: &'a Renderer,
    memo: Option<PageMemo<'a>>,
    disk: Option<DiskMemo<'a>>,
    /// The links of a kept page until it is read back (serve engine).
    unknown_links: Arc<PageLinks>,
}

/// The dossier, its summaries and its pages: what a run's later stages share.
struct SiteStage<'a> {
    dossier: &'a Dossier,
    prepared: &'a Prepared<'a>,
    plan: &'a [PagePlan],
}

/// The pages of a site made: how many, which were rendered, how many were looked at (see
/// [`Output::looked_at`]).
struct SitePages {
    pages: usize,
    rendered: Vec<String>,
    looked_at: usize,
    release: Option<ServeRelease>,
    others: Vec<String>,
}

impl SitePages {
    fn of(pages: usize, mut rendered: Vec<String>, made: &Made<'_>) -> Self {
        rendered.sort();
        let mut others = made.others.clone();
        others.sort();
        Self {
            pages,
            rendered,
            looked_at: made.pages.iter().filter(|done| done.looked_at).count(),
            release: None,
            others,
        }
    }
}

/// The pages and the files beside them, as made.
struct Made<'a> {
    plan: &'a [PagePlan],
    pages: Vec<PageDone>,
    others: Vec<String>,
    /// What the build cache records of the groups of side files.
    groups: BTreeMap<String, CachedGroup>,
    /// The side files' problems, reported with the link check's.
    problems: Diagnostics,
    /// With the serve engine's caches: the data release.
    release: Option<ServeRelease>,
}

impl<'i> Pipeline<'i> {
    /// A pipeline over `input`.
    pub fn new(input: &'i InputFiles, options: PipelineOptions) -> Self {
        Self {
            input,
            options,
            parse_cache: (None, false),
            carried_release: None,
            parse_cache_receiver: None,
        }
    }

    /// With the serve engine's caches ([`Pipeline::run`]), leaves the export files out of the
    /// sink, to be made later from [`Output::release`]; the site this run continues holds the
    /// earlier run's at `carried` (the engine carries them over until then). The files joined
    /// from the claims' parts are made with the pages when a page could link to one of them
    /// that `carried` lacks (a new source's article text, a new topic's CSV, the feed of a new
    /// base URL): a page never links to a file the site does not hold. The link check counts
    /// this run's export files as present (the search index: the carried one).
    pub fn deferring_release(mut self, carried: &'i [String]) -> Self {
        self.carried_release = Some(carried);
        self
    }

    /// Takes the source files of `cache` whose text is unchanged instead of parsing them; with
    /// `record`, [`Output::parse_cache`] holds this run's cache (for the next run).
    pub fn with_parse_cache(mut self, cache: Option<&'i load::ParseCache>, record: bool) -> Self {
        self.parse_cache = (cache, record);
        self
    }

    /// Hands this run's parse cache (see [`Pipeline::with_parse_cache`]) to `receiver` as soon
    /// as the dossier is resolved, instead of returning it in [`Output::parse_cache`].
    pub(super) fn handing_parse_cache_to(mut self, receiver: &'i dyn ParseCacheReceiver) -> Self {
        self.parse_cache_receiver = Some(receiver);
        self
    }

    /// Parses and resolves the dossier: the first stages, all that is needed to know whether
    /// the content itself is sound (coverage and strictness as the options say).
    pub fn check(&self) -> Checked {
        self.parse_and_resolve(None)
    }

    /// Runs every stage, giving each output file to `sink`. On failure every problem of the
    /// failing stage is returned (with the warnings of the earlier ones) and `sink` holds an
    /// incomplete site (the caller discards it); `caches` keep only what is keyed by its
    /// inputs, so they stay good for the next run.
    pub fn run(&self, caches: Option<&mut Caches>, sink: &mut dyn Sink) -> Result<Output, BuildError> {
        match caches {
            Some(caches) => {
                let Caches {
                    parse,
                    sources,
                    templates,
                    pages,
                    exports,
                    history,
                } = caches;
                self.run_in(
                    Some((parse, sources, history)),
                    Mode::Memory(templates, pages, exports),
                    sink,
                )
            }
            None => self.run_in(None, Mode::Plain, sink),
        }
    }

    /// Runs every stage as [`Pipeline::run`] does, keeping the pages of the last good build
    /// whose keys are unchanged (while `cache.output` still holds them); the files given to
    /// `sink` are the same. Also returns the record of this run, for the next one.
    pub fn run_with_build_cache(
        &self,
        cache: &CacheRun<'_>,
        sink: &mut dyn Sink,
    ) -> Result<(Output, BuildCache), BuildError> {
        let mut record = BuildCache::default();
        let output = self.run_in(None, Mode::Disk(cache, &mut record), sink)?;
        Ok((output, record))
    }

    fn run_in(
        &self,
        parse_and_sources: Option<(
            &mut super::caches::ParseCache,
            &mut model::SourceCache,
            &mut history::HistoryCache,
        )>,
        mode: Mode<'_>,
        sink: &mut dyn Sink,
    ) -> Result<Output, BuildError> {
        let mut phases = Phases::new();
        let mut checked = self.parse_and_resolve(parse_and_sources);
        if let (Some(receiver), Some(cache)) = (self.parse_cache_receiver, checked.parse_cache.take()) {
            receiver.receive(cache);
        }
        let Some(dossier) = checked.dossier else {
            return Err(BuildError::Content(checked.diagnostics));
        };
        phases.end("parse and resolve");
        let resolved = Resolved {
            dossier: &dossier,
            history: checked.history,
        };
        match self.make_site(resolved, mode, sink, &mut phases) {
            Ok(SitePages {
                pages,
                rendered,
                looked_at,
                release,
                others,
            }) => Ok(Output {
                dossier,
                diagnostics: checked.diagnostics,
                pages,
                rendered,
                looked_at,
                phases: phases.done,
                history_note: checked.history_note,
                parse_cache: checked.parse_cache,
                release,
                others,
            }),
            Err(BuildError::Content(mut problems)) => {
                // A later stage failed: its problems come with the warnings of the first ones.
                problems.extend(checked.diagnostics);
                problems.sort();
                Err(BuildError::Content(problems))
            }
            Err(error) => Err(error),
        }
    }

    /// The stages after resolve: compiles the templates (before the sink is touched, so a
    /// broken template fails before anything is written), renders the pages and makes the
    /// side files into `sink`, and checks the links. The pages in the site and the ones
    /// rendered.
    fn make_site(
        &self,
        resolved: Resolved<'_>,
        mut mode: Mode<'_>,
        sink: &mut dyn Sink,
        phases: &mut Phases,
    ) -> Result<SitePages, BuildError> {
        let dossier = resolved.dossier;
        let history = resolved.history.clone();
        let ranges = match &mut mode {
            Mode::Memory(_, page_cache, _) => Some(&mut page_cache.ranges),
            _ => None,
        };
        let prepared = Prepared::remembering(dossier, &self.options.render, ranges).with_history(resolved.history);
        let mut plan = render::plan(dossier);
        if prepared.base_url.is_some() && dossier.config.share_images {
            // Link previews need an image's absolute address: without a base URL there are none.
            plan.extend(render::plan::share_images(dossier));
        }
        let pages_in_site = plan.iter().filter(|page| page.kind.is_page()).count();
        let base_path = prepared.base_path();
        let (templates, page_cache, exports) = match mode {
            Mode::Memory(templates, page_cache, exports) => (templates, page_cache, exports),
            Mode::Disk(run, record) => {
                let site = SiteStage {
                    dossier,
                    prepared: &prepared,
                    plan: &plan,
                };
                return self.make_site_with_build_cache(&site, (run, record), sink, phases);
            }
            Mode::Plain => {
                let renderer = Renderer::new(self.input, &prepared.site)?;
                phases.end("prepare");
                sink.begin()?;
                let sink: &dyn Sink = sink;
                let stage = PageStage {
                    dossier,
                    prepared: &prepared,
                    renderer: &renderer,
                    memo: None,
                    disk: None,
                    unknown_links: Arc::default(),
                };
                let made = self.make_files(&stage, &plan, None, sink)?;
                phases.end("pages and other files");
                self.link_check(&stage, &made, None)?;
                phases.end("link check");
                let rendered: Vec<String> = plan.iter().map(|page| page.path.clone()).collect();
                return Ok(SitePages::of(pages_in_site, rendered, &made));
            }
        };
        let templates_key = keys::templates_key(self.input);
        let site_hash = keys::hash_value(&prepared.site).unwrap_or(0);
        let (renderer, template_hashes) = templates.update(self.input, &prepared.site, (templates_key, site_hash))?;
        phases.end("prepare");
        sink.begin()?;
        let sink: &dyn Sink = sink;
        let neighbourhoods = Neighbourhoods::remembering(
            dossier,
            &prepared,
            site_hash ^ templates_key.rotate_left(17),
            &mut page_cache.texts,
        );
        let export_keys: Vec<Option<u64>> = (0..dossier.claims.len())
            .map(|c| neighbourhoods.claim_export_key(dossier, ClaimId::new(c)))
            .collect();
        phases.end("neighbourhoods");
        let stage = PageStage {
            dossier,
            prepared: &prepared,
            renderer,
            memo: Some(PageMemo {
                previous: &page_cache.pages,
                neighbourhoods: &neighbourhoods,
                template_hashes,
                site_hash,
                base_path: &base_path,
                same_base_path: page_cache.built_under(&base_path),
            }),
            disk: None,
            unknown_links: Arc::default(),
        };
        let serve_exports = ServeExports {
            cache: exports,
            keys: &export_keys,
            carried: self.carried_release,
        };
        let mut made = self.make_files(&stage, &plan, Some(serve_exports), sink)?;
        if let Some(carried) = self.carried_release {
            // The files left for later, by name (the search index's: the carried ones).
            let mut others: std::collections::BTreeSet<String> = made.others.drain(..).collect();
            others.extend(render::exports::paths_but_search(&prepared));
            others.extend(carried.iter().filter(|path| path.starts_with("search/")).cloned());
            made.others = others.into_iter().collect();
        }
        phases.end("pages and other files");
        let mut new_pages: HashMap<String, RenderedPage> = HashMap::with_capacity(plan.len());
        let mut outcomes = Vec::with_capacity(plan.len());
        let mut rendered = Vec::new();
        for (page, done) in plan.iter().zip(&made.pages) {
            outcomes.push((page.path.as_str(), done.outcome));
            if done.outcome != Outcome::Kept {
                rendered.push(page.path.clone());
            }
            if let Some(cached) = &done.cached {
                new_pages.insert(page.path.clone(), cached.clone());
            }
        }
        let wanted = page_cache.to_check(&new_pages, &outcomes, &made.others, &base_path);
        // Kept pages' links are not kept: read back (from the last site) those the check needs.
        let site = SiteStage {
            dossier,
            prepared: &prepared,
            plan: &plan,
        };
        let read = |page: &PagePlan, done: &PageDone| {
            let content = done.cached.as_ref().map(|cached| cached.content)?;
            sink.read_previous(&page.path, content)
        };
        read_back_links(&site, &mut made, wanted.as_ref(), &read)?;
        self.link_check(&stage, &made, wanted.as_ref())?;
        phases.end("link check");
        page_cache.commit(new_pages, &made.others, base_path);
        let mut pages = SitePages::of(pages_in_site, rendered, &made);
        pages.release = match made.release.take() {
            Some(ServeRelease::Deferred(deferred)) => Some(ServeRelease::Deferred(DeferredRelease {
                history,
                pages: plan,
                ..deferred
            })),
            release => release,
        };
        Ok(pages)
    }

    /// The stages after resolve with the build cache: pages whose keys are unchanged are kept
    /// from the last output, the rest rendered; the side files are made anew. The link check
    /// covers the pages with other links or ids than recorded, or all when a file went away or
    /// a page's ids changed (a kept page's links are then read back from the output). `record`
    /// receives this run's record.
    fn make_site_with_build_cache(
        &self,
        site: &SiteStage<'_>,
        (run, record): (&CacheRun<'_>, &mut BuildCache),
        sink: &mut dyn Sink,
        phases: &mut Phases,
    ) -> Result<SitePages, BuildError> {
        let (dossier, prepared, plan) = (site.dossier, site.prepared, site.plan);
        let renderer = Renderer::new(self.input, &prepared.site)?;
        let texts = render::template_texts(self.input);
        let template_hashes = keys::template_closure_hashes(&texts);
        let site_hash = keys::hash_value(&prepared.site).unwrap_or(0);
        let templates = keys::hash_value(&texts).unwrap_or(0);
        phases.end("prepare");
        sink.begin()?;
        let sink: &dyn Sink = sink;
        let neighbourhoods = Neighbourhoods::new(dossier, prepared, site_hash ^ templates.rotate_left(17));
        phases.end("neighbourhoods");
        let stage = PageStage {
            dossier,
            prepared,
            renderer: &renderer,
            memo: None,
            disk: Some(DiskMemo {
                run,
                neighbourhoods: &neighbourhoods,
                template_hashes: &template_hashes,
                site_hash,
                unknown_links: Arc::new(PageLinks::default()),
                exports_key: neighbourhoods.exports_key(dossier, plan),
                static_key: keys::static_files_key(self.input),
            }),
            unknown_links: Arc::default(),
        };
        let mut made = self.make_files(&stage, plan, None, sink)?;
        phases.end("pages and other files");
        let mut rendered = Vec::new();
        let mut to_check = std::collections::HashSet::new();
        let mut affected = false;
        for (page, done) in plan.iter().zip(&made.pages) {
            if let Some(page_record) = done.record {
                record.pages.insert(page.path.clone(), page_record);
            }
            match done.outcome {
                Outcome::Kept => continue,
                Outcome::Rendered => {}
                Outcome::RenderedWithNewLinks => {
                    to_check.insert(page.path.clone());
                }
                Outcome::RenderedWithNewIds => {
                    to_check.insert(page.path.clone());
                    affected = true;
                }
            }
            rendered.push(page.path.clone());
        }
        record.others = made.others.iter().cloned().collect();
        record.groups = std::mem::take(&mut made.groups);
        // No record: every page was rendered and is checked. A file gone or a page with other
        // ids: a kept page may link to it, so every page is checked.
        let wanted = run.previous.and_then(|previous| {
            let gone = previous.pages.keys().any(|path| !record.pages.contains_key(path))
                || previous.others.iter().any(|path| !record.others.contains(path));
            (!gone && !affected).then_some(to_check)
        });
        let discards = sink.discards();
        let read = |page: &PagePlan, done: &PageDone| {
            let content = done.record.map(|record| record.content).unwrap_or_default();
            run.output.read_file(&page.path, content).or_else(|| {
                // A sink that discards files keeps pages on the record's word alone (see
                // `NullSink::keep`): one the output no longer holds is rendered for its links
                // (its key is unchanged, so these are the bytes a build would make).
                discards.then(|| stage.renderer.render(prepared, page).ok().map(String::into_bytes))?
            })
        };
        read_back_links(site, &mut made, wanted.as_ref(), &read)?;
        self.link_check(&stage, &made, wanted.as_ref())?;
        phases.end("link check");
        let pages_in_site = plan.iter().filter(|page| page.kind.is_page()).count();
        Ok(SitePages::of(pages_in_site, rendered, &made))
    }

    /// Parse and resolve, with the parse and source caches when given.
    fn parse_and_resolve(
        &self,
        caches: Option<(
            &mut super::caches::ParseCache,
            &mut model::SourceCache,
            &mut history::HistoryCache,
        )>,
    ) -> Checked {
        let input = self.input;
        let mut diagnostics;
        let mut parse_cache = None;
        let (dossier, history_cache) = match caches {
            None => {
                diagnostics = Diagnostics::new();
                let (cache, record) = self.parse_cache;
                let parsed;
                (parsed, parse_cache) = load::parse_cached(input, &mut diagnostics, cache, record);
                (model::resolve(&parsed, input, &mut diagnostics), None)
            }
            Some((parse, sources, history)) => {
                if parse.switch_language(input.language()) {
                    *sources = model::SourceCache::default();
                }
                diagnostics = parse.update(input);
                (
                    model::resolve_cached(&parse.parsed, input, &mut diagnostics, sources),
                    Some(history),
                )
            }
        };
        if let (true, Some(dossier)) = (self.options.check.coverage, &dossier) {
            diagnostics.extend(coverage_diagnostics(dossier));
        }
        // The corrections log, and a warning for each changed verdict no correction explains
        // (an error with `strict`, below).
        let (history, history_note) = match &dossier {
            Some(dossier) => history::for_build(&input.root, dossier, history_cache, &mut diagnostics),
            None => (None, None),
        };
        if self.options.check.strict {
            diagnostics.promote_warnings();
        }
        diagnostics.sort();
        let dossier = if diagnostics.has_errors() { None } else { dossier };
        Checked {
            dossier,
            diagnostics,
            history,
            history_note,
            parse_cache,
        }
    }

    /// Renders every page (in parallel) while the files beside the pages are made: long serial
    /// work overlaps the parallel rendering instead of following it. Each file goes to `sink`
    /// at once and only the pages' links are kept. Fails with every page's problem.
    fn make_files<'p>(
        &self,
        stage: &PageStage<'_>,
        plan: &'p [PagePlan],
        exports: Option<ServeExports<'_>>,
        sink: &dyn Sink,
    ) -> Result<Made<'p>, BuildError> {
        let (results, others) = rayon::join(
            || -> Vec<Result<PageDone, Failure>> { plan.par_iter().map(|page| stage.page(page, sink)).collect() },
            || self.side_files(stage, plan, exports, sink),
        );
        let mut diagnostics = Diagnostics::new();
        let mut write_error: Option<WriteError> = None;
        let mut pages = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(done) => pages.push(done),
                Err(Failure::Content(diagnostic)) => diagnostics.push(diagnostic),
                Err(Failure::Output(error)) => {
                    write_error.get_or_insert(error);
                }
            }
        }
        let SideFiles {
            problems,
            paths: others,
            groups,
            release,
        } = others;
        diagnostics.extend(problems);
        let others = others.unwrap_or_else(|error| {
            write_error.get_or_insert(error);
            Vec::new()
        });
        if diagnostics.has_errors() {
            // Every problem at once: the pages', the side files', and a failed write's.
            if let Some(error) = write_error {
                diagnostics.push(Diagnostic::error(
                    "",
                    None,
                    format!("the output could not be written: {error}"),
                ));
            }
            diagnostics.sort();
            return Err(BuildError::Content(diagnostics));
        }
        if let Some(error) = write_error {
            return Err(error.into());
        }
        let problems = diagnostics;
        Ok(Made {
            plan,
            pages,
            others,
            groups,
            problems,
            release,
        })
    }

    /// Checks the internal links of the pages `wanted` names (`None`: every page) against every
    /// output file and every page's ids; fails with the broken ones and the side files'
    /// problems, all at once.
    fn link_check(
        &self,
        stage: &PageStage<'_>,
        made: &Made<'_>,
        wanted: Option<&std::collections::HashSet<String>>,
    ) -> Result<(), BuildError> {
        if wanted.is_some_and(|wanted| wanted.is_empty()) && !made.problems.has_errors() {
            return Ok(());
        }
        let mut diagnostics = made.problems.clone();
        let checked: Vec<CheckedPage> = made
            .plan
            .iter()
            .zip(&made.pages)
            .map(|(page, done)| CheckedPage {
                path: page.path.clone(),
                source_file: page_source_file(stage.dossier, page),
                links: done.links.clone(),
            })
            .collect();
        let paths: std::collections::BTreeSet<String> = made
            .plan
            .iter()
            .map(|page| page.path.clone())
            .chain(made.others.iter().cloned())
            .collect();
        let source_text = |file: &str| match self.input.files.get(file) {
            Some(FileContent::Text(text)) => Some(&**text),
            _ => None,
        };
        let wanted = |page: &CheckedPage| wanted.is_none_or(|wanted| wanted.contains(&page.path));
        let base_path = stage.prepared.base_path();
        for problem in linkcheck::check_some(&checked, wanted, &paths, &base_path, source_text) {
            diagnostics.push(problem);
        }
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(BuildError::Content(diagnostics));
        }
        Ok(())
    }
}

/// The wall time of each stage of a run.
pub(crate) struct Phases {
    last: Instant,
    pub(crate) done: Vec<(&'static str, Duration)>,
}

impl Phases {
    fn new() -> Self {
        Self {
            last: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Ends the stage named `name`, which began where the previous one ended.
    fn end(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }
}
