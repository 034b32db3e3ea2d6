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
use crate::write::{PreviousOutput, WriteError, content_hash};

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
    /// With the serve engine's caches: the paths of the data release files the site this run
    /// continues holds, when the data release is left for later ([`Pipeline::deferring_release`]).
    carried_release: Option<&'i [String]>,
}

/// The data release of a run with the serve engine's caches ([`Output::release`]).
pub enum ServeRelease {
    /// Made with the pages: the paths of its files.
    Made(Vec<String>),
    /// Left for later ([`Pipeline::deferring_release`]): what it is made from.
    Deferred(DeferredRelease),
}

/// What the data release left for later is made from, with the run's resolved dossier
/// ([`crate::render::exports::release_files_from`]).
pub struct DeferredRelease {
    /// Every claim's export parts.
    pub parts: ClaimParts,
    /// The corrections log the pages were made with.
    pub history: Option<Arc<history::History>>,
}

/// The serve engine's caches, and whether the data release is made (`false`) or left for later.
struct ServeExports<'a> {
    cache: &'a mut ExportCache,
    keys: &'a [Option<u64>],
    defer: bool,
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

/// A group of files beside the pages made together from the same inputs: kept as a whole by
/// the build cache while its key holds.
#[derive(Debug, Clone, Copy)]
enum SideGroup {
    /// The data exports, the search index and the crawlers' files (`render::exports`).
    Exports,
    /// The static files (`render::static_files`).
    Static,
}

impl SideGroup {
    /// Its name in the build cache.
    fn name(self) -> &'static str {
        match self {
            Self::Exports => "exports",
            Self::Static => "static",
        }
    }
}

/// The files beside the pages as made (or kept, or named) by [`Pipeline::side_files`].
struct SideFiles {
    /// An export that failed, a static file that collides with another.
    problems: Diagnostics,
    /// Every file's path (or the write that failed).
    paths: Result<Vec<String>, WriteError>,
    /// What the build cache records of each group whose inputs had a key.
    groups: BTreeMap<String, CachedGroup>,
    /// With the serve engine's caches: the data release.
    release: Option<ServeRelease>,
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
        }
    }

    /// With the serve engine's caches ([`Pipeline::run`]), leaves the data release (see
    /// [`crate::render::exports::Release`]) out of the sink, to be made later from
    /// [`Output::release`]; the site this run continues holds its files at `carried` (the
    /// engine carries them over until then), and the link check counts them as present.
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
        let checked = self.parse_and_resolve(parse_and_sources);
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
        mode: Mode<'_>,
        sink: &mut dyn Sink,
        phases: &mut Phases,
    ) -> Result<SitePages, BuildError> {
        let dossier = resolved.dossier;
        let history = resolved.history.clone();
        let prepared = Prepared::new(dossier, &self.options.render).with_history(resolved.history);
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
        let site_hash = keys::hash_json(&prepared.site).unwrap_or(0);
        let (renderer, template_hashes) = templates.update(self.input, &prepared.site, (templates_key, site_hash))?;
        phases.end("prepare");
        sink.begin()?;
        let sink: &dyn Sink = sink;
        let neighbourhoods = Neighbourhoods::new(dossier, &prepared, site_hash ^ templates_key.rotate_left(17));
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
            defer: self.carried_release.is_some(),
        };
        let mut made = self.make_files(&stage, &plan, Some(serve_exports), sink)?;
        if let Some(carried) = self.carried_release {
            made.others.extend(carried.iter().cloned());
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
            Some(ServeRelease::Deferred(deferred)) => {
                Some(ServeRelease::Deferred(DeferredRelease { history, ..deferred }))
            }
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
        let site_hash = keys::hash_json(&prepared.site).unwrap_or(0);
        let templates = keys::hash_json(&texts).unwrap_or(0);
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

    /// The files beside the pages (data exports, feed, sitemap, search index, then static
    /// files), given to `sink`; their paths, and the problems of an export that failed or of a
    /// static file that collides with another (kept when a write fails). With the build cache
    /// a group whose key is the recorded one is kept from the last output; a sink that
    /// discards files (`check`) gets none of them made, only their paths.
    fn side_files(
        &self,
        stage: &PageStage<'_>,
        plan: &[PagePlan],
        exports: Option<ServeExports<'_>>,
        sink: &dyn Sink,
    ) -> SideFiles {
        let prepared = stage.prepared;
        let disk = stage.disk.as_ref();
        let mut side = SideFiles {
            problems: Diagnostics::new(),
            paths: Ok(Vec::new()),
            groups: BTreeMap::new(),
            release: None,
        };
        // Each export file goes to the sink as soon as it is made (their bytes together are
        // several times the dossier's size: never held all at once).
        let exports = match exports {
            // The serve engine's: in two groups, the data release possibly left for later.
            Some(serve) => serve_exports(prepared, plan, serve, sink).map(|(paths, release)| {
                side.release = Some(release);
                (paths, None)
            }),
            None => side_group(
                (SideGroup::Exports, disk.and_then(|disk| disk.exports_key)),
                disk,
                sink,
                |emit| render::exports::write_files(prepared, plan, None, emit),
                || render::exports::paths(prepared),
            ),
        };
        let statics = side_group(
            (SideGroup::Static, disk.map(|disk| disk.static_key)),
            disk,
            sink,
            |emit| {
                let mut paths = Vec::new();
                for file in render::static_files(self.input) {
                    if let Err(error) = emit(&file.path, &file.bytes) {
                        return Ok(Err(error));
                    }
                    paths.push(file.path);
                }
                Ok(Ok(paths))
            },
            || {
                render::static_files(self.input)
                    .into_iter()
                    .map(|file| file.path)
                    .collect()
            },
        );
        let mut paths = Vec::new();
        for (group, done) in [(SideGroup::Exports, exports), (SideGroup::Static, statics)] {
            match done {
                Ok((group_paths, record)) => {
                    if let SideGroup::Static = group {
                        for problem in folder_collisions(&group_paths) {
                            side.problems.push(problem);
                        }
                    }
                    if let Some(record) = record {
                        side.groups.insert(group.name().to_owned(), record);
                    }
                    paths.extend(group_paths);
                }
                Err(Failure::Content(problem)) => side.problems.push(problem),
                Err(Failure::Output(error)) => {
                    side.paths = Err(error);
                    return side;
                }
            }
        }
        side.paths = Ok(paths);
        side
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

impl PageStage<'_> {
    /// Makes one page (or, with caches, keeps it when its inputs are unchanged) and gives it to
    /// `sink`.
    fn page(&self, page: &PagePlan, sink: &dyn Sink) -> Result<PageDone, Failure> {
        if let PageKind::ShareImage(claim) = page.kind {
            return self.image(page, claim, sink);
        }
        if let Some(disk) = &self.disk {
            return self.page_with_build_cache(disk, page, sink);
        }
        let Some(memo) = &self.memo else {
            let html = self.renderer.render(self.prepared, page).map_err(Failure::Content)?;
            let links = Arc::new(linkcheck::extract(&html));
            sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
            return Ok(PageDone {
                links,
                links_known: true,
                outcome: Outcome::RenderedWithNewLinks,
                looked_at: true,
                cached: None,
                record: None,
            });
        };
        let kept = |cached: RenderedPage, looked_at: bool| -> Result<Option<PageDone>, Failure> {
            // Taken from the last site as it is, when that site still has it.
            let taken = sink
                .keep_unchanged(&page.path, cached.content)
                .map_err(Failure::Output)?;
            Ok(taken.then(|| PageDone {
                links: self.unknown_links.clone(),
                links_known: false,
                outcome: Outcome::Kept,
                looked_at,
                cached: Some(cached),
                record: None,
            }))
        };
        let (input_key, by_key) = memo.by_key(self.dossier, page);
        if let Some(done) = by_key.map(|cached| kept(cached, false)).transpose()?.flatten() {
            return Ok(done);
        }
        let (template, data) = render::page_context(self.prepared, page);
        let (fingerprint, by_fingerprint) = memo.by_fingerprint(page, input_key, (template, &data));
        if let Some(done) = by_fingerprint.map(|cached| kept(cached, true)).transpose()?.flatten() {
            return Ok(done);
        }
        let html = self
            .renderer
            .render_data(&page.path, template, &data)
            .map_err(Failure::Content)?;
        let links = linkcheck::extract(&html);
        let (cached, outcome) = memo.rendered(page, (input_key, fingerprint), html.as_bytes(), &links);
        sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
        Ok(PageDone {
            links: Arc::new(links),
            links_known: true,
            outcome,
            looked_at: true,
            cached: Some(cached),
            record: None,
        })
    }

    /// Makes one page with the build cache: kept (taken from the last output by `sink`) when
    /// its neighbourhood key or its fingerprint is the one recorded and the output still holds
    /// its bytes; rendered otherwise.
    fn page_with_build_cache(
        &self,
        disk: &DiskMemo<'_>,
        page: &PagePlan,
        sink: &dyn Sink,
    ) -> Result<PageDone, Failure> {
        let output = disk.run.output;
        let old = disk
            .run
            .previous
            .and_then(|previous| previous.pages.get(&page.path))
            .copied();
        let kept = |record: CachedPage, looked_at: bool| PageDone {
            links: disk.unknown_links.clone(),
            links_known: false,
            outcome: Outcome::Kept,
            looked_at,
            cached: None,
            record: Some(record),
        };
        let input_key = disk.neighbourhoods.page_key(self.dossier, page);
        // What the output still holds (a sink that discards files needs no bytes: it keeps
        // on the record's word, see `NullSink::keep`).
        let held = match sink.discards() {
            true => old,
            false => old.filter(|old| output.holds(&page.path, old.content)),
        };
        if let (Some(old), Some(key)) = (held, input_key)
            && old.input_key == Some(key)
            && (sink.discards() || output.holds(&page.path, old.content))
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(kept(old, false));
        }
        let (template, data) = render::page_context(self.prepared, page);
        let fingerprint = keys::page_fingerprint(disk.site_hash, disk.template_hashes.get(template).copied(), &data);
        if let (Some(old), Some(print)) = (held, fingerprint)
            && old.fingerprint == Some(print)
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(kept(CachedPage { input_key, ..old }, true));
        }
        let html = self
            .renderer
            .render_data(&page.path, template, &data)
            .map_err(Failure::Content)?;
        let links = linkcheck::extract(&html);
        let record = CachedPage::of(input_key, fingerprint, &html, &links);
        sink.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
        let outcome = match old {
            Some(old) if (old.links, old.ids) == (record.links, record.ids) => Outcome::Rendered,
            Some(old) if old.ids != record.ids => Outcome::RenderedWithNewIds,
            _ => Outcome::RenderedWithNewLinks,
        };
        Ok(PageDone {
            links: Arc::new(links),
            links_known: true,
            outcome,
            looked_at: true,
            cached: None,
            record: Some(record),
        })
    }
}

/// Reads back (`read`: from the last output, or the serve engine's last site) the links and ids
/// of the kept pages the link check needs: all (`wanted` is `None`), or those a checked page
/// links to with a fragment.
fn read_back_links(
    site: &SiteStage<'_>,
    made: &mut Made<'_>,
    wanted: Option<&std::collections::HashSet<String>>,
    read: &(dyn Fn(&PagePlan, &PageDone) -> Option<Vec<u8>> + Sync),
) -> Result<(), BuildError> {
    let Some(wanted) = wanted else {
        let all: std::collections::HashSet<&str> = site.plan.iter().map(|page| page.path.as_str()).collect();
        return read_pages(site, made, &all, read);
    };
    // The checked pages themselves first (the serve engine checks kept pages again when a file
    // they link to went away), then the pages they link to with a fragment.
    let checked: std::collections::HashSet<&str> = wanted.iter().map(String::as_str).collect();
    read_pages(site, made, &checked, read)?;
    let base_path = site.prepared.base_path();
    let mut targets = std::collections::HashSet::new();
    for (page, done) in site.plan.iter().zip(&made.pages) {
        if !wanted.contains(&page.path) {
            continue;
        }
        for link in &done.links.links {
            if let linkcheck::Target::Internal {
                path,
                fragment: Some(_),
            } = linkcheck::resolve(&page.path, link, &base_path)
            {
                targets.insert(path);
            }
        }
    }
    let needed: std::collections::HashSet<&str> = site
        .plan
        .iter()
        .map(|page| page.path.as_str())
        .filter(|path| targets.contains(*path))
        .collect();
    read_pages(site, made, &needed, read)
}

/// Reads back the links and ids of the pages in `needed` whose links are not known.
fn read_pages(
    site: &SiteStage<'_>,
    made: &mut Made<'_>,
    needed: &std::collections::HashSet<&str>,
    read: &(dyn Fn(&PagePlan, &PageDone) -> Option<Vec<u8>> + Sync),
) -> Result<(), BuildError> {
    let read: Vec<Result<(), String>> = site
        .plan
        .par_iter()
        .zip(made.pages.par_iter_mut())
        .filter(|(page, done)| !done.links_known && needed.contains(page.path.as_str()))
        .map(|(page, done)| {
            let bytes = read(page, done).ok_or_else(|| page.path.clone())?;
            done.links = Arc::new(linkcheck::extract(&String::from_utf8_lossy(&bytes)));
            done.links_known = true;
            Ok(())
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    for path in read.into_iter().filter_map(Result::err) {
        diagnostics.push(
            Diagnostic::error(
                "",
                None,
                format!("{path} changed in the output folder while the site was being built"),
            )
            .with_help("build again; do not edit the output folder, it is replaced by every build"),
        );
    }
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    Ok(())
}

impl PageStage<'_> {
    /// Draws claim `claim`'s share image (or, with caches, keeps it while its key holds) and
    /// gives it to `sink`. It has no links or ids.
    fn image(&self, page: &PagePlan, claim: ClaimId, sink: &dyn Sink) -> Result<PageDone, Failure> {
        let draw = || {
            render::share::claim_png(self.prepared, claim)
                .map_err(|problem| Failure::Content(Diagnostic::error(page.path.as_str(), None, problem)))
        };
        if let Some(disk) = &self.disk {
            return self.image_with_build_cache(disk, page, draw, sink);
        }
        let Some(memo) = &self.memo else {
            sink.write(&page.path, &draw()?).map_err(Failure::Output)?;
            return Ok(PageDone {
                links: Arc::new(PageLinks::default()),
                links_known: true,
                outcome: Outcome::RenderedWithNewLinks,
                looked_at: true,
                cached: None,
                record: None,
            });
        };
        let (input_key, kept) = memo.by_key(self.dossier, page);
        let links = Arc::new(PageLinks::default());
        if let Some(kept) = kept
            && sink.keep_unchanged(&page.path, kept.content).map_err(Failure::Output)?
        {
            return Ok(PageDone {
                links,
                links_known: true,
                outcome: Outcome::Kept,
                looked_at: false,
                cached: Some(kept),
                record: None,
            });
        }
        // The key is the image's fingerprint too: it covers all the image shows.
        let png = draw()?;
        let (cached, outcome) = memo.rendered(page, (input_key, input_key), &png, &links);
        sink.write(&page.path, &png).map_err(Failure::Output)?;
        Ok(PageDone {
            links,
            links_known: true,
            outcome,
            looked_at: true,
            cached: Some(cached),
            record: None,
        })
    }

    /// A share image with the build cache: kept while its key (all the image shows) is the
    /// recorded one and the output still holds its bytes, else drawn. An image has no links.
    fn image_with_build_cache(
        &self,
        disk: &DiskMemo<'_>,
        page: &PagePlan,
        draw: impl Fn() -> Result<Vec<u8>, Failure>,
        sink: &dyn Sink,
    ) -> Result<PageDone, Failure> {
        let output = disk.run.output;
        let old = disk
            .run
            .previous
            .and_then(|previous| previous.pages.get(&page.path))
            .copied();
        let input_key = disk.neighbourhoods.page_key(self.dossier, page);
        let done = |outcome: Outcome, record| PageDone {
            links: Arc::new(PageLinks::default()),
            links_known: true,
            outcome,
            looked_at: outcome != Outcome::Kept,
            cached: None,
            record: Some(record),
        };
        if let (Some(old), Some(key)) = (old, input_key)
            && old.input_key == Some(key)
            && (sink.discards() || output.holds(&page.path, old.content))
            && sink.keep(&page.path, old.content, output).map_err(Failure::Output)?
        {
            return Ok(done(Outcome::Kept, old));
        }
        let png = draw()?;
        let record = CachedPage::of_bytes(input_key, &png);
        sink.write(&page.path, &png).map_err(Failure::Output)?;
        Ok(done(Outcome::Rendered, record))
    }
}

/// The file a page's content comes from when a user wrote it (a Markdown page), for messages.
fn page_source_file(dossier: &Dossier, page: &PagePlan) -> Option<String> {
    match page.kind {
        PageKind::Markdown(index) => dossier.pages.get(index.index()).map(|p| p.file.clone()),
        _ => None,
    }
}

/// One group of side files (`group`: which, and the key of its inputs when known), given to
/// `sink`: with the build cache (`disk`) and the key recorded there, kept from the last output
/// while it holds every file of the group; named by `name` alone when `sink` discards files;
/// else made by `make`. Its paths, and what the build cache records of it (when it has a key).
fn side_group(
    (group, key): (SideGroup, Option<u64>),
    disk: Option<&DiskMemo<'_>>,
    sink: &dyn Sink,
    make: impl FnOnce(&Emit<'_, WriteError>) -> Result<Result<Vec<String>, WriteError>, Diagnostic>,
    name: impl FnOnce() -> Vec<String>,
) -> Result<(Vec<String>, Option<CachedGroup>), Failure> {
    let recorded = disk.zip(key).and_then(|(disk, key)| {
        let recorded = disk.run.previous?.groups.get(group.name())?;
        (recorded.key == key).then_some((disk.run.output, recorded))
    });
    if let Some((output, recorded)) = recorded {
        let paths = || recorded.files.iter().map(|(path, _)| path.clone()).collect();
        if sink.discards() {
            // Made from the same inputs as recorded: the same files.
            return Ok((paths(), Some(recorded.clone())));
        }
        if recorded
            .files
            .iter()
            .all(|(path, content)| output.holds(path, *content))
        {
            let mut kept = true;
            for (path, content) in &recorded.files {
                kept = sink.keep(path, *content, output).map_err(Failure::Output)?;
                if !kept {
                    break;
                }
            }
            if kept {
                return Ok((paths(), Some(recorded.clone())));
            }
        }
    }
    if sink.discards() {
        return Ok((name(), None));
    }
    // Each file goes to the sink as `make` makes it; only its content hash is kept.
    let hashes = std::sync::Mutex::new(Vec::new());
    let emit = |path: &str, bytes: &[u8]| {
        sink.write(path, bytes)?;
        if key.is_some() {
            let hash = content_hash(bytes);
            hashes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_owned(), hash));
        }
        Ok(())
    };
    let paths = make(&emit).map_err(Failure::Content)?.map_err(Failure::Output)?;
    let record = key.map(|key| {
        let mut files = hashes.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort();
        CachedGroup { key, files }
    });
    Ok((paths, record))
}

/// The serve engine's export files, given to `sink`: the files joined from the claims' parts
/// and the data release, or the parts it is made from when it is left for later. Their paths
/// and the release.
fn serve_exports(
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    ServeExports { cache, keys, defer }: ServeExports<'_>,
    sink: &dyn Sink,
) -> Result<(Vec<String>, ServeRelease), Failure> {
    let made = render::exports::files_for_serve(prepared, plan, (keys, cache), defer).map_err(Failure::Content)?;
    let mut files = made.joined;
    let release = match made.release {
        Release::Made(made) => {
            let paths = made.iter().map(|file| file.path.clone()).collect();
            files.extend(made);
            ServeRelease::Made(paths)
        }
        Release::Deferred(parts) => ServeRelease::Deferred(DeferredRelease { parts, history: None }),
    };
    let mut paths = Vec::with_capacity(files.len());
    for file in files {
        sink.write(&file.path, &file.bytes).map_err(Failure::Output)?;
        paths.push(file.path);
    }
    Ok((paths, release))
}

/// A file of `static/` inside a folder whose name is a file the build makes (e.g.
/// `static/highlight.css/x.css`): the writer would replace one by the other, so one of them
/// would be missing from the site without a word.
fn folder_collisions(files: &[String]) -> Vec<Diagnostic> {
    let paths: std::collections::BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for path in &paths {
        let folder = path
            .match_indices('/')
            .map(|(at, _)| &path[..at])
            .find(|folder| paths.contains(folder));
        if let Some(folder) = folder {
            problems.push(
                Diagnostic::error(
                    *path,
                    None,
                    format!("`{folder}` is a file of the site, so it cannot also be a folder holding this file"),
                )
                .with_help(format!("rename the folder `{folder}/` in the dossier")),
            );
        }
    }
    problems
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
