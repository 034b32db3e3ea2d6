//! Build: the one [`Pipeline`] (load → model → render → link check → a [`Sink`]) and the
//! commands over it: [`build`] (into the staging folder), [`check_site`] (into nothing),
//! [`site_in_memory`] (tests); the serve engine runs it with [`Caches`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics, Positions};
use crate::history::History;
use crate::load::{self, InputFiles};
use crate::model::Dossier;
use crate::render::{self, RenderOptions};
use crate::write::{self, WriteError};

mod caches;
mod keys;
mod pipeline;
mod sink;

pub use caches::Caches;
pub use keys::template_closure_hashes;
pub use pipeline::{Output, Pipeline, PipelineOptions};
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
    /// The corrections log from the dossier's git history (`None`: none was found).
    pub history: Option<Arc<History>>,
    /// Why there is no corrections log, when there is none (to be said once).
    pub history_note: Option<String>,
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
    let mut sink = StagingSink::new(&options.output);
    let output = Pipeline::new(&input, pipeline_options).run(None, &mut sink)?;
    let write_report = sink.finish()?;
    let dossier = &output.dossier;
    let mut diagnostics = output.diagnostics;
    let base_url = options.base_url.as_deref().or(dossier.config.base_url.as_deref());
    if let Some(warning) = render::exports::skipped_without_base_url(base_url) {
        diagnostics.push(warning);
    }
    Ok(BuildReport {
        pages: output.pages,
        files: write_report.files,
        written: write_report.written,
        claims: dossier.claims.len(),
        sources: dossier.sources.len(),
        topics: dossier.topics.len(),
        origins: dossier.origins.len(),
        diagnostics,
        history_note: output.history_note,
        duration: started.elapsed(),
    })
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
