//! Build: the one [`Pipeline`] (load → model → render → link check → a [`Sink`]) and the
//! commands over it: [`build`] (into the staging folder), [`check_site`] (into nothing),
//! [`site_in_memory`] (tests); the serve engine runs it with [`Caches`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::history::History;
use crate::load::{self, InputFiles};
use crate::model::Dossier;
use crate::render::{self, RenderOptions};
use crate::write::{self, WriteError};

mod caches;
mod coverage;
mod disk_cache;
mod keys;
mod last_build;
mod pipeline;
mod sink;

pub use caches::Caches;
pub use coverage::{
    COVERAGE_WARNINGS_PER_SOURCE, Coverage, CoverageGap, CoverageSummary, coverage, coverage_diagnostics, coverage_gaps,
};
pub use disk_cache::{BuildCache, CacheScope};
pub use keys::template_closure_hashes;
pub use last_build::RecordedCheck;
pub use pipeline::{CacheRun, DeferredRelease, Output, Pipeline, PipelineOptions, ServeRelease};
pub use sink::{MemorySink, NullSink, Sink, StagingSink};
pub use write::SiteFiles;

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
    /// Whether pages recorded unchanged in the build cache beside the output are kept rather
    /// than rendered (the cache is written either way).
    pub use_cache: bool,
}

impl BuildOptions {
    /// What the output depends on besides the dossier: the build cache is kept per scope.
    pub fn cache_scope(&self) -> CacheScope {
        CacheScope {
            base_url: self.base_url.clone(),
            follow_outside_links: self.read.follow_outside_links,
        }
    }
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

impl From<Diagnostics> for BuildError {
    fn from(diagnostics: Diagnostics) -> Self {
        Self::Content(diagnostics)
    }
}

/// A sink that cannot fail did (memory, nothing): reported as a problem, never a panic.
pub fn output_problem(error: &WriteError) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error("", None, format!("internal error: {error}")));
    diagnostics
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered by this build (the others were kept, unchanged, from the last output).
    pub rendered: usize,
    /// Pages whose contexts this build built: the rendered ones, and those whose inputs
    /// changed but whose context came out as before (the others were kept by their
    /// neighbourhood key alone).
    pub looked_at: usize,
    /// Files in the output (pages and static files).
    pub files: usize,
    /// Files new or different from the output folder this build replaced.
    pub changed: usize,
    /// Files the replaced output folder had and the site no longer has.
    pub deleted: usize,
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
    /// How many sentences with a figure or quotation the claims cover.
    pub coverage: CoverageSummary,
    /// Wall time.
    pub duration: Duration,
}

/// The checked dossier, or every problem found.
pub struct Checked {
    /// The resolved dossier, when there are no errors.
    pub dossier: Option<Dossier>,
    /// All problems, sorted.
    pub diagnostics: Diagnostics,
    /// The corrections log from the dossier's git history (`None`: none was found).
    pub history: Option<Arc<History>>,
    /// Why there is no corrections log, when there is none (to be said once).
    pub history_note: Option<String>,
    /// The parse cache of this run, when asked for ([`Pipeline::with_parse_cache`]).
    pub parse_cache: Option<load::ParseCache>,
}

/// How thoroughly to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Report sentences with figures or quotations that no claim covers.
    pub coverage: bool,
    /// Treat warnings as errors.
    pub strict: bool,
}

/// Parses and resolves the dossier in `input`: the pipeline's first stages
/// ([`Pipeline::check`]), for tests and tools that need the resolved dossier.
pub fn check(input: &InputFiles, options: CheckOptions) -> Checked {
    let options = PipelineOptions {
        render: RenderOptions::default(),
        check: options,
    };
    Pipeline::new(input, options).check()
}

/// The whole site of the dossier in `input`, in memory, exactly as `dossier build` writes it
/// (the pipeline into a [`MemorySink`]), or every problem that would fail the build.
pub fn site_in_memory(input: &InputFiles, options: &RenderOptions) -> Result<SiteFiles, Diagnostics> {
    let options = PipelineOptions {
        render: options.clone(),
        check: CheckOptions::default(),
    };
    let mut sink = MemorySink::new();
    match Pipeline::new(input, options).run(None, &mut sink) {
        Ok(_) => Ok(sink.into_files()),
        Err(BuildError::Content(diagnostics)) => Err(diagnostics),
        Err(BuildError::Output(error)) => Err(output_problem(&error)),
    }
}

/// Builds the dossier at `options.root` into `options.output`: reads it, runs the
/// [`Pipeline`] into the staging folder, and swaps that in.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    write::check_output_location(&options.root, &options.output, &load::WATCHED_DIRS)?;
    let input = InputFiles::read_with(&options.root, options.read);
    let pipeline_options = PipelineOptions {
        render: RenderOptions {
            base_url: options.base_url.clone(),
        },
        check: CheckOptions {
            coverage: false,
            strict: options.strict,
        },
    };
    // The build cache: read before anything is written, written after the swap (it then
    // describes the output in place; a build that fails keeps the old cache and output).
    let cache_folder = write::cache_folder(&options.output);
    let scope = options.cache_scope();
    // Exactly the inputs of the last good build, whose output is still in place: its report,
    // nothing made or written.
    let inputs = last_build::fingerprint(&input);
    if options.use_cache
        && let Some(inputs) = &inputs
        && let Some(report) = last_build::replay_build((&cache_folder, &scope), inputs, &options.output, options.strict)
    {
        return Ok(BuildReport {
            duration: started.elapsed(),
            ..report
        });
    }
    let previous = match options.use_cache {
        true => BuildCache::read_from(&cache_folder, &scope),
        false => None,
    };
    let previous_output = match previous {
        Some(_) => write::PreviousOutput::read(&options.output),
        None => write::PreviousOutput::default(),
    };
    let run = CacheRun {
        previous: previous.as_ref(),
        output: &previous_output,
    };
    // The parse cache is keyed by the files' content alone: `--no-cache` does not read it,
    // but every build writes it.
    let parse_cache = match options.use_cache {
        true => read_parse_cache(&cache_folder),
        false => None,
    };
    let mut sink = StagingSink::new(&options.output);
    // This run's parse cache leaves memory once parsed (a temporary file beside the output),
    // so that it is not held while the site is made.
    let spool = ParseCacheSpool::beside(&options.output);
    let pipeline = Pipeline::new(&input, pipeline_options)
        .with_parse_cache(parse_cache.as_ref(), true)
        .handing_parse_cache_to(&spool);
    let (mut output, mut record) = pipeline.run_with_build_cache(&run, &mut sink)?;
    drop(parse_cache);
    let write_report = sink.finish()?;
    let mut diagnostics = std::mem::take(&mut output.diagnostics);
    let dossier = &output.dossier;
    let base_url = options.base_url.as_deref().or(dossier.config.base_url.as_deref());
    let mut build_notes = 0;
    if let Some(warning) = render::exports::skipped_without_base_url(base_url) {
        diagnostics.push(warning);
        build_notes += 1;
    }
    let mut report = BuildReport {
        pages: output.pages,
        rendered: output.rendered.len(),
        looked_at: output.looked_at,
        files: write_report.files,
        changed: write_report.changed,
        deleted: write_report.deleted,
        claims: dossier.claims.len(),
        sources: dossier.sources.len(),
        topics: dossier.topics.len(),
        origins: dossier.origins.len(),
        diagnostics,
        history_note: output.history_note,
        coverage: CoverageSummary::of(dossier),
        duration: Duration::ZERO,
    };
    // What the next build or `check` of the same inputs replays.
    if let Some(inputs) = inputs {
        let recording = last_build::Recording {
            inputs,
            report: &report,
            build_notes,
            coverage: coverage(dossier),
            coverage_warnings: coverage_diagnostics(dossier),
            manifest: write_report.manifest,
        };
        record.last_build = last_build::LastBuild::of(recording).to_line();
    }
    // The dossier is done with: its memory is free for the caches' bytes (the parse cache was
    // handed to the spool once parsed, so it is not in `output`).
    drop(output.dossier);
    let written = record
        .write_into(&cache_folder, &scope)
        .and_then(|()| spool.write_into(&cache_folder));
    if let Err(error) = written {
        // The site is built; only the next build's shortcut is lost.
        report.diagnostics.push(
            Diagnostic::warning("", None, format!("the build cache could not be written: {error}"))
                .with_help("the next build renders every page; remove whatever is in the way of that file"),
        );
    }
    report.duration = started.elapsed();
    Ok(report)
}

/// The file in the cache folder that holds the parse cache ([`load::ParseCache`]).
const PARSE_CACHE_FILE: &str = "parsed";

/// The parse cache in the cache folder `dir`, if the folder is to be trusted and the cache
/// whole and made by this program; `None` otherwise (then every file is parsed).
fn read_parse_cache(dir: &std::path::Path) -> Option<load::ParseCache> {
    if !matches!(write::trusted_cache_folder(dir), Ok(true)) {
        return None;
    }
    let file = dir.join(PARSE_CACHE_FILE);
    if !std::fs::symlink_metadata(&file).ok()?.is_file() {
        return None;
    }
    load::ParseCache::from_vec(std::fs::read(&file).ok()?)
}

/// Writes the parse cache into the cache folder `dir` (a new file renamed over the old one).
fn write_parse_cache(dir: &std::path::Path, cache: &load::ParseCache) -> Result<(), WriteError> {
    write::prepare_cache_folder(dir)?;
    let file = dir.join(PARSE_CACHE_FILE);
    write::replace_file_with(&file, false, |out| cache.write_to(out)).map_err(write::io(&file))
}

/// Where a build puts its parse cache ([`load::ParseCache`]) between parsing and the end of the
/// build: a temporary file without a name (gone with the process however it ends) beside the
/// output, so that its bytes (~230 MB at 100,000 claims) are not held in memory while the
/// site is made; in memory when no such file can be made.
struct ParseCacheSpool {
    folder: PathBuf,
    spooled: std::sync::Mutex<Spooled>,
}

/// What a [`ParseCacheSpool`] holds.
enum Spooled {
    Nothing,
    File(std::fs::File),
    Memory(load::ParseCache),
}

impl ParseCacheSpool {
    /// A spool in the folder that holds the output folder `output`.
    fn beside(output: &std::path::Path) -> Self {
        let output = write::absolute(output);
        Self {
            folder: output.parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/")),
            spooled: std::sync::Mutex::new(Spooled::Nothing),
        }
    }

    /// Takes this run's parse cache: into a temporary file, or kept in memory when that file
    /// cannot be made or written.
    fn put(&self, cache: load::ParseCache) {
        let spooled = tempfile::tempfile_in(&self.folder)
            .and_then(|mut file| {
                let mut buffered = std::io::BufWriter::new(&mut file);
                cache.write_to(&mut buffered)?;
                std::io::Write::flush(&mut buffered)?;
                drop(buffered);
                Ok(file)
            })
            .map_or(Spooled::Memory(cache), Spooled::File);
        *self.spooled.lock().unwrap_or_else(|e| e.into_inner()) = spooled;
    }

    /// Writes the parse cache it took into the cache folder `dir` (nothing when it took none).
    fn write_into(self, dir: &std::path::Path) -> Result<(), WriteError> {
        match self.spooled.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Spooled::Nothing => Ok(()),
            Spooled::Memory(cache) => write_parse_cache(dir, &cache),
            Spooled::File(mut file) => {
                write::prepare_cache_folder(dir)?;
                let target = dir.join(PARSE_CACHE_FILE);
                write::replace_file_with(&target, false, |out| {
                    std::io::Seek::rewind(&mut file)?;
                    std::io::copy(&mut file, out).map(drop)
                })
                .map_err(write::io(&target))
            }
        }
    }
}

impl pipeline::ParseCacheReceiver for ParseCacheSpool {
    fn receive(&self, cache: load::ParseCache) {
        self.put(cache);
    }
}

/// What `dossier check` found: the resolved dossier and the warnings.
pub struct CheckReport {
    /// The resolved dossier.
    pub dossier: Dossier,
    /// Warnings (errors fail the check).
    pub diagnostics: Diagnostics,
    /// Why there is no corrections log, when there is none (said once).
    pub history_note: Option<String>,
}

/// [`check_site`] with the build cache of the output folder `output` (`ROOT/public` for
/// `dossier check`): pages recorded there whose keys are unchanged, and which that folder still
/// holds, are not rendered again; their links are checked only where a change can have broken
/// them. `scope` is what the check makes the site under (no `--base-url`). Writes nothing.
pub fn check_site_with_cache(
    input: &InputFiles,
    options: CheckOptions,
    (output, scope): (&std::path::Path, &CacheScope),
) -> Result<CheckReport, Diagnostics> {
    let previous = BuildCache::read_from(&write::cache_folder(output), scope);
    let previous_output = match previous {
        Some(_) => write::PreviousOutput::read(output),
        None => write::PreviousOutput::default(),
    };
    let run = CacheRun {
        previous: previous.as_ref(),
        output: &previous_output,
    };
    let options = PipelineOptions {
        render: RenderOptions {
            base_url: scope.base_url.clone(),
        },
        check: options,
    };
    // The parse cache of that build too; `check` writes nothing, so it never updates it (a
    // file edited since that build is parsed on every check until the next build).
    let parse_cache = read_parse_cache(&write::cache_folder(output));
    let pipeline = Pipeline::new(input, options).with_parse_cache(parse_cache.as_ref(), false);
    match pipeline.run_with_build_cache(&run, &mut NullSink) {
        Ok((output, _)) => Ok(CheckReport {
            dossier: output.dossier,
            diagnostics: output.diagnostics,
            history_note: output.history_note,
        }),
        Err(BuildError::Content(diagnostics)) => Err(diagnostics),
        Err(BuildError::Output(error)) => Err(output_problem(&error)),
    }
}

/// `dossier check` of `input` answered from the record of the last build into the output
/// folder `output` under `scope` (see [`check_site_with_cache`]), when that build's inputs were
/// exactly these: what a full check reports, with nothing parsed. `None`: check in full.
pub fn check_recorded(
    input: &InputFiles,
    options: CheckOptions,
    (output, scope): (&std::path::Path, &CacheScope),
) -> Option<RecordedCheck> {
    let inputs = last_build::fingerprint(input)?;
    last_build::replay_check((&write::cache_folder(output), scope), &inputs, options)
}

/// `dossier check`: the whole pipeline into a [`NullSink`], so it fails exactly where a build
/// would (content, templates, links), with coverage warnings too, and writes nothing.
pub fn check_site(input: &InputFiles, options: CheckOptions) -> Result<CheckReport, Diagnostics> {
    let options = PipelineOptions {
        render: RenderOptions::default(),
        check: options,
    };
    match Pipeline::new(input, options).run(None, &mut NullSink) {
        Ok(output) => Ok(CheckReport {
            dossier: output.dossier,
            diagnostics: output.diagnostics,
            history_note: output.history_note,
        }),
        Err(BuildError::Content(diagnostics)) => Err(diagnostics),
        Err(BuildError::Output(error)) => Err(output_problem(&error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, input_files};

    /// A sink that discards the site and notes, when the site is begun, whether `spool` has
    /// taken the parse cache already.
    struct Watching<'a> {
        spool: &'a ParseCacheSpool,
        spooled_at_begin: Option<bool>,
    }

    impl Sink for Watching<'_> {
        fn begin(&mut self) -> Result<(), WriteError> {
            let spooled = self.spool.spooled.lock().unwrap_or_else(|e| e.into_inner());
            self.spooled_at_begin = Some(matches!(*spooled, Spooled::File(_)));
            Ok(())
        }

        fn discards(&self) -> bool {
            true
        }

        fn write(&self, _path: &str, _bytes: &[u8]) -> Result<(), WriteError> {
            Ok(())
        }
    }

    /// The parse cache of a build leaves memory (into a file) before the site is made, and
    /// the cache folder then receives exactly the bytes of the cache a run returns in memory.
    #[test]
    fn the_parse_cache_is_spooled_before_the_site_is_made_and_written_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let (input, _) = input_files(&tmp.path().join("dossier"), &GenerateOptions { sources: 4, seed: 1 });
        let in_memory = Pipeline::new(&input, PipelineOptions::default())
            .with_parse_cache(None, true)
            .check()
            .parse_cache
            .expect("a run that records its parse cache returns it");
        assert_eq!(in_memory.len(), 4, "every source file parsed cleanly");

        let spool = ParseCacheSpool::beside(&tmp.path().join("public"));
        let mut sink = Watching {
            spool: &spool,
            spooled_at_begin: None,
        };
        let run = Pipeline::new(&input, PipelineOptions::default())
            .with_parse_cache(None, true)
            .handing_parse_cache_to(&spool)
            .run(None, &mut sink);
        assert_eq!(sink.spooled_at_begin, Some(true), "in its file before the first page");
        if let Ok(output) = run {
            assert!(output.parse_cache.is_none(), "handed over, not returned");
        }

        let cache_folder = write::cache_folder(&tmp.path().join("public"));
        spool.write_into(&cache_folder).unwrap();
        let written = std::fs::read(cache_folder.join(PARSE_CACHE_FILE)).unwrap();
        assert_eq!(written, in_memory.to_bytes());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers,
            [std::ffi::OsString::from(".public.cache")],
            "no file left beside it"
        );
    }
}
