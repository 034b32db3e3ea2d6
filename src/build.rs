//! Build: the whole pipeline, load → model → render → write, as the `build` and `check`
//! commands and the preview server use it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Positions};
use crate::linkcheck::{self, CheckedPage};
use crate::load::{self, InputFiles, ParsedDossier};
use crate::model::{self, Dossier};
use crate::render::exports::ExportCache;
use crate::render::{self, OutputFile, PagePlan, Prepared, RenderOptions, Renderer};
use crate::write::{self, Staging, WriteError, WriteReport};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The dossier folder.
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Overrides the configured base URL.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// How the dossier's folder is read (links out of it).
    pub read: load::ReadOptions,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors; nothing was written.
    #[error("the dossier has {} error(s)", .0.error_count())]
    Content(Diagnostics),
    /// The output could not be written; the previous output is untouched.
    #[error(transparent)]
    Output(#[from] WriteError),
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages rendered.
    pub pages: usize,
    /// Files in the output (pages and static files).
    pub files: usize,
    /// Files whose content changed.
    pub written: usize,
    /// Claims.
    pub claims: usize,
    /// Sources.
    pub sources: usize,
    /// Topics.
    pub topics: usize,
    /// Origins.
    pub origins: usize,
    /// Warnings (errors would have failed the build).
    pub diagnostics: Diagnostics,
    /// Why there is no corrections log, when there is none (said once).
    pub history_note: Option<String>,
    /// Wall time.
    pub duration: Duration,
}

/// The checked dossier, or every problem found.
pub struct Checked {
    /// The resolved dossier, when there are no errors.
    pub dossier: Option<Dossier>,
    /// All problems, sorted.
    pub diagnostics: Diagnostics,
}

/// How thoroughly to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Report sentences with figures or quotations that no claim covers.
    pub coverage: bool,
    /// Treat warnings as errors.
    pub strict: bool,
}

/// Parses and resolves the dossier in `input`.
pub fn check(input: &InputFiles, options: CheckOptions) -> Checked {
    let mut diagnostics = Diagnostics::new();
    let parsed = load::parse(input, &mut diagnostics);
    check_parsed(input, &parsed, diagnostics, options, None)
}

/// Resolves a dossier already parsed from `input` (`diagnostics` holds the parse's problems):
/// the second half of [`check`], for `serve`, which parses incrementally and keeps resolved
/// sources in `cache` (see [`model::resolve_cached`]).
pub fn check_parsed(
    input: &InputFiles,
    parsed: &ParsedDossier,
    mut diagnostics: Diagnostics,
    options: CheckOptions,
    cache: Option<&mut model::SourceCache>,
) -> Checked {
    let dossier = match cache {
        Some(cache) => model::resolve_cached(parsed, input, &mut diagnostics, cache),
        None => model::resolve(parsed, input, &mut diagnostics),
    };
    if let (true, Some(dossier)) = (options.coverage, &dossier) {
        diagnostics.extend(coverage_diagnostics(dossier));
    }
    if options.strict {
        diagnostics.promote_warnings();
    }
    diagnostics.sort();
    let dossier = if diagnostics.has_errors() { None } else { dossier };
    Checked { dossier, diagnostics }
}

/// A fully rendered site, in memory: every page and static file.
pub struct RenderedSite {
    /// Output files, sorted by path.
    pub files: Vec<OutputFile>,
    /// Number of pages among them.
    pub pages: usize,
}

/// Renders every page of `dossier` (in parallel) and the static files.
pub fn render_site(
    input: &InputFiles,
    dossier: &Dossier,
    options: &RenderOptions,
) -> Result<RenderedSite, Diagnostics> {
    let prepared = Prepared::new(dossier, options);
    let renderer = Renderer::new(input, &prepared.site)?;
    let plan = render::plan(dossier);
    let results: Vec<Result<(OutputFile, CheckedPage), Diagnostic>> = plan
        .par_iter()
        .map(|page| {
            renderer.render(&prepared, page).map(|html| {
                let links = checked_page(dossier, page, &html);
                let file = OutputFile {
                    path: page.path.clone(),
                    bytes: html.into_bytes(),
                };
                (file, links)
            })
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut files = Vec::with_capacity(results.len() + 4);
    let mut checked = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((file, links)) => {
                files.push(file);
                checked.push(links);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    let pages = files.len();
    files.extend(site_files(input, &prepared, &plan, &checked)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite { files, pages })
}

/// Builds the dossier at `options.root` into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    write::check_output_location(&options.root, &options.output)?;
    let input = InputFiles::read_with(&options.root, options.read);
    let checked = check(
        &input,
        CheckOptions {
            coverage: false,
            strict: options.strict,
        },
    );
    let Some(dossier) = checked.dossier else {
        return Err(BuildError::Content(checked.diagnostics));
    };
    let mut diagnostics = checked.diagnostics;
    let (history, history_note) = crate::history::for_build(&options.root, &dossier, options.strict, &mut diagnostics);
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(BuildError::Content(diagnostics));
    }
    let render_options = RenderOptions {
        base_url: options.base_url.clone(),
        history,
    };
    let (pages, write_report) = render_and_write(&input, &dossier, &render_options, &options.output)?;
    let base_url = render_options
        .base_url
        .as_deref()
        .or(dossier.config.base_url.as_deref());
    if let Some(warning) = render::exports::skipped_without_base_url(base_url) {
        diagnostics.push(warning);
    }
    Ok(BuildReport {
        pages,
        files: write_report.files,
        written: write_report.written,
        claims: dossier.claims.len(),
        sources: dossier.sources.len(),
        topics: dossier.topics.len(),
        origins: dossier.origins.len(),
        diagnostics,
        history_note,
        duration: started.elapsed(),
    })
}

/// Renders pages in parallel straight into a staging folder, then swaps it in. Pages are not
/// all kept in memory at once.
fn render_and_write(
    input: &InputFiles,
    dossier: &Dossier,
    options: &RenderOptions,
    output: &Path,
) -> Result<(usize, WriteReport), BuildError> {
    let prepared = Prepared::new(dossier, options);
    let renderer = Renderer::new(input, &prepared.site).map_err(BuildError::Content)?;
    let plan: Vec<PagePlan> = render::plan(dossier);
    let staging = Staging::begin(output)?;
    // The files beside the pages (exports, search index) do not depend on the pages: make them
    // meanwhile, so that long serial work overlaps the parallel rendering instead of following it,
    // and write them to the staging folder as soon as they are made (a failed build discards it),
    // keeping only their paths for the link check: at 100,000 claims they are hundreds of
    // megabytes that need not wait in memory for the last page.
    let (results, other): (Vec<Result<CheckedPage, Failure>>, _) = rayon::join(
        || {
            plan.par_iter()
                .map(|page| {
                    let html = renderer.render(&prepared, page).map_err(Failure::Content)?;
                    let links = checked_page(dossier, page, &html);
                    staging.write(&page.path, html.as_bytes()).map_err(Failure::Output)?;
                    Ok(links)
                })
                .collect()
        },
        || -> Result<(Vec<String>, Diagnostics), WriteError> {
            let (files, diagnostics) = other_files(input, &prepared, &plan);
            let mut paths = Vec::with_capacity(files.len());
            for file in files {
                staging.write(&file.path, &file.bytes)?;
                paths.push(file.path);
            }
            Ok((paths, diagnostics))
        },
    );
    let mut diagnostics = Diagnostics::new();
    let mut checked = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Err(Failure::Content(diagnostic)) => diagnostics.push(diagnostic),
            Err(Failure::Output(error)) => return Err(error.into()),
            Ok(links) => checked.push(links),
        }
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(BuildError::Content(diagnostics));
    }
    let (other_paths, mut diagnostics) = other?;
    let paths = other_paths.iter().map(String::as_str);
    for problem in link_problems(input, &prepared, &plan, &checked, paths, |_| true) {
        diagnostics.push(problem);
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(BuildError::Content(diagnostics));
    }
    Ok((plan.len(), staging.finish()?))
}

/// The file a page's content comes from when a user wrote it (a Markdown page), for messages.
pub fn page_source_file(dossier: &Dossier, page: &PagePlan) -> Option<String> {
    match page.kind {
        render::PageKind::Markdown(index) => dossier.pages.get(index).map(|p| p.file.clone()),
        _ => None,
    }
}

/// The links and ids of a rendered page, for the link check; a Markdown page names its file.
pub fn checked_page(dossier: &Dossier, page: &PagePlan, html: &str) -> CheckedPage {
    CheckedPage {
        path: page.path.clone(),
        source_file: page_source_file(dossier, page),
        links: std::sync::Arc::new(linkcheck::extract(html)),
    }
}

/// The files beside the pages (data exports, feed, sitemap, then static files), after checking
/// every internal link of the pages against the whole output.
pub fn site_files(
    input: &InputFiles,
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    checked: &[CheckedPage],
) -> Result<Vec<OutputFile>, Diagnostics> {
    checked_site_files(
        input,
        prepared,
        plan,
        checked,
        other_files(input, prepared, plan),
        |_| true,
    )
}

/// [`site_files`] with the files beside the pages already made by [`other_files`], checking
/// the links of the pages for which `wanted` is true (the others' ids still count).
pub fn checked_site_files(
    input: &InputFiles,
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    checked: &[CheckedPage],
    (files, mut diagnostics): (Vec<OutputFile>, Diagnostics),
    wanted: impl Fn(&CheckedPage) -> bool,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let paths = files.iter().map(|file| file.path.as_str());
    for problem in link_problems(input, prepared, plan, checked, paths, wanted) {
        diagnostics.push(problem);
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    Ok(files)
}

/// The broken internal links of the pages `wanted` selects, against every page of `plan`, the
/// other output files (`other_paths`) and every page's ids.
fn link_problems<'p>(
    input: &InputFiles,
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    checked: &[CheckedPage],
    other_paths: impl Iterator<Item = &'p str>,
    wanted: impl Fn(&CheckedPage) -> bool,
) -> Vec<Diagnostic> {
    let paths: std::collections::BTreeSet<String> = plan
        .iter()
        .map(|page| page.path.clone())
        .chain(other_paths.map(str::to_owned))
        .collect();
    let source_text = |file: &str| match input.files.get(file) {
        Some(crate::load::FileContent::Text(text)) => Some(&**text),
        _ => None,
    };
    linkcheck::check_some(checked, wanted, &paths, &prepared.base_path(), source_text)
}

/// The files beside the pages without the link check: data exports, feed, sitemap, then
/// static files, and the problem of an export that failed.
pub fn other_files(input: &InputFiles, prepared: &Prepared<'_>, plan: &[PagePlan]) -> (Vec<OutputFile>, Diagnostics) {
    other_files_cached(input, prepared, plan, None)
}

/// [`other_files`], reusing what `cache` keeps of claims whose key is unchanged (see
/// [`render::exports::files_cached`]); for `serve`.
pub fn other_files_cached(
    input: &InputFiles,
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    cache: Option<(&mut ExportCache, &[Option<u64>])>,
) -> (Vec<OutputFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let exports = match cache {
        Some((cache, keys)) => render::exports::files_cached(prepared, plan, keys, cache),
        None => render::exports::files(prepared, plan),
    };
    let mut files = match exports {
        Ok(files) => files,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            Vec::new()
        }
    };
    let statics = render::static_files(input);
    for problem in folder_collisions(&statics) {
        diagnostics.push(problem);
    }
    files.extend(statics);
    (files, diagnostics)
}

/// A file of `static/` inside a folder whose name is a file the build makes (e.g.
/// `static/highlight.css/x.css`): the writer would replace one by the other, so one of them
/// would be missing from the site without a word.
fn folder_collisions(files: &[OutputFile]) -> Vec<Diagnostic> {
    let paths: std::collections::BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
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

enum Failure {
    Content(Diagnostic),
    Output(WriteError),
}

/// Coverage of one source: sentences with a figure or quotation, and how many a claim covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Source id.
    pub source: String,
    /// Sentences that need a claim and have one (or are excused in `unannotated`).
    pub covered: usize,
    /// Sentences that need a claim.
    pub total: usize,
}

/// Coverage per source, in source order.
pub fn coverage(dossier: &Dossier) -> Vec<Coverage> {
    dossier
        .sources
        .iter()
        .map(|source| Coverage {
            source: source.id.clone(),
            covered: source.sentences_needing_claims - source.uncovered.len(),
            total: source.sentences_needing_claims,
        })
        .collect()
}

/// Coverage warnings shown one by one per source; the rest of a source's uncovered sentences
/// are one summary warning (coverage is advice, and an article of a hundred thousand figures
/// without a claim would otherwise print a hundred thousand blocks).
pub const COVERAGE_WARNINGS_PER_SOURCE: usize = 50;

/// A warning for each sentence with a figure or quotation that no claim covers: the first
/// [`COVERAGE_WARNINGS_PER_SOURCE`] of a source one by one, then one warning for the rest of it.
pub fn coverage_diagnostics(dossier: &Dossier) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for source in &dossier.sources {
        let help = format!(
            "add a claim whose quote covers it to {}, or list it under `unannotated:` there with a one-line reason",
            source.annotation_file
        );
        // The sentences are in text order: their positions cost one pass over the text.
        let mut positions = Positions::new(&source.text);
        for sentence in source.uncovered.iter().take(COVERAGE_WARNINGS_PER_SOURCE) {
            let position = positions.of_offset(sentence.start);
            let excerpt = one_line_excerpt(&source.text[sentence.clone()], 120);
            diagnostics.push(
                Diagnostic::warning(
                    &source.file,
                    Some(position),
                    format!("sentence with a figure or quotation is not covered by any claim: \"{excerpt}\""),
                )
                .with_source_at(&source.text, sentence.start)
                .with_help(help.clone()),
            );
        }
        let rest = source.uncovered.len().saturating_sub(COVERAGE_WARNINGS_PER_SOURCE);
        if let Some(first) = source.uncovered.get(COVERAGE_WARNINGS_PER_SOURCE) {
            let position = positions.of_offset(first.start);
            let sentences = if rest == 1 { "sentence" } else { "sentences" };
            diagnostics.push(
                Diagnostic::warning(
                    &source.file,
                    Some(position),
                    format!(
                        "… and {rest} more {sentences} with a figure or quotation not covered by any claim in {}, the first of them here",
                        source.file
                    ),
                )
                .with_source_at(&source.text, first.start)
                .with_help(format!(
                    "{help}; `dossier check` lists the first {COVERAGE_WARNINGS_PER_SOURCE} of a source one by one"
                )),
            );
        }
    }
    diagnostics
}

/// `text` on one line (runs of white space as one space), at most `limit` characters, with `…`
/// where it is cut. Reads only as much of `text` as it shows.
fn one_line_excerpt(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        for c in (count > 0).then_some(' ').into_iter().chain(word.chars()) {
            if count == limit {
                out.pop();
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}
