//! The last good build, replayed: the build cache ([`super::BuildCache`]) also records a
//! fingerprint of everything that build's site and messages were made from and what it
//! reported. A build whose inputs have exactly that fingerprint, into an output folder that still
//! holds exactly what that build wrote ([`PreviousOutput::is_whole`]), would make the same site
//! and say the same: it reports the recorded messages and writes nothing. `check` on the same
//! inputs reports what a full check would (the same messages, with the coverage warnings the
//! build recorded for it), without parsing anything.
//!
//! What the fingerprint covers: every file the load read (by path, kind and SHA-256 of its
//! content, so `templates/` and `static/` too), what could not be read, the dossier folder's
//! absolute path and the commit the corrections log is read from ([`history::git::head_key`]).
//! The program, the format, `--base-url` and `--follow-outside-links` are in the cache's first
//! line; `--strict` is weighed when replaying (a strict run after a build with warnings is run
//! in full, and fails as it must). Nothing else is read by a build: no environment variable, no
//! clock.

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::coverage::{Coverage, CoverageSummary};
use super::disk_cache::BuildCache;
use super::{BuildReport, CacheScope, CheckOptions};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity};
use crate::history;
use crate::load::{FileContent, InputFiles};
use crate::write::{self, PreviousOutput};

/// What the inputs of a run are, as a hex SHA-256 of all of them (see the module
/// documentation); `None` when the corrections log's commit cannot be told (a repository
/// without commits or one `gix` cannot read): such a run is never replayed.
pub(super) fn fingerprint(input: &InputFiles) -> Option<String> {
    let root = write::absolute(&input.root);
    let history = match root.join(".git").exists() {
        true => history::git::head_key(&root)?,
        false => "no repository".to_owned(),
    };
    let files: Vec<(&String, &FileContent)> = input.files.iter().collect();
    let digests: Vec<(u8, [u8; 32])> = files
        .par_iter()
        .map(|(_, content)| match content {
            FileContent::Text(text) => (b't', Sha256::digest(text.as_bytes()).into()),
            FileContent::Bytes(bytes) => (b'b', Sha256::digest(bytes).into()),
        })
        .collect();
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(b"dossier inputs 1");
    field(root.to_string_lossy().as_bytes());
    field(history.as_bytes());
    for ((path, _), (kind, digest)) in files.iter().zip(&digests) {
        field(path.as_bytes());
        field(&[*kind]);
        field(digest);
    }
    for problem in &input.read_errors {
        field(format!("{problem:?}").as_bytes());
    }
    let digest = hasher.finalize();
    Some(digest.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// What a good build recorded of its inputs and its report, and what `check` would add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct LastBuild {
    /// The inputs' [`fingerprint`].
    inputs: String,
    /// The hash of the manifest of the output it left ([`write::Manifest::hash`]).
    manifest: u64,
    /// Pages and files in the site.
    pages: usize,
    files: usize,
    /// Claims, sources, topics, origins.
    counts: [usize; 4],
    /// Per source: id, sentences covered, sentences needing a claim.
    coverage: Vec<(String, usize, usize)>,
    /// Why there is no corrections log, when there is none.
    history_note: Option<String>,
    /// The pipeline's warnings (the same for `build` and `check`).
    diagnostics: Vec<StoredDiagnostic>,
    /// The warnings `build` adds after the pipeline.
    build_notes: Vec<StoredDiagnostic>,
    /// The coverage warnings `check` adds (not `build`).
    coverage_warnings: Vec<StoredDiagnostic>,
}

/// What a build reported, and what the record of it is made from beside the report.
pub(super) struct Recording<'a> {
    /// The inputs' [`fingerprint`].
    pub(super) inputs: String,
    /// The report (its warnings: the pipeline's, then `build_notes` of them).
    pub(super) report: &'a BuildReport,
    /// How many of the report's warnings came after the pipeline's.
    pub(super) build_notes: usize,
    /// Per source coverage.
    pub(super) coverage: Vec<Coverage>,
    /// The coverage warnings `check` would add.
    pub(super) coverage_warnings: Diagnostics,
    /// The manifest hash of the output the build left.
    pub(super) manifest: u64,
}

impl LastBuild {
    /// The record of a good build.
    pub(super) fn of(recording: Recording<'_>) -> Self {
        let report = recording.report;
        let all: Vec<StoredDiagnostic> = report.diagnostics.iter().map(StoredDiagnostic::from).collect();
        let (diagnostics, build_notes) = all.split_at(all.len().saturating_sub(recording.build_notes));
        Self {
            inputs: recording.inputs,
            manifest: recording.manifest,
            pages: report.pages,
            files: report.files,
            counts: [report.claims, report.sources, report.topics, report.origins],
            coverage: recording
                .coverage
                .into_iter()
                .map(|source| (source.source, source.covered, source.total))
                .collect(),
            history_note: report.history_note.clone(),
            diagnostics: diagnostics.to_vec(),
            build_notes: build_notes.to_vec(),
            coverage_warnings: recording.coverage_warnings.iter().map(StoredDiagnostic::from).collect(),
        }
    }

    /// The record as one line of JSON (for the build cache).
    pub(super) fn to_line(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    /// The record in one line of JSON, if it is one.
    pub(super) fn from_line(line: &str) -> Option<Self> {
        serde_json::from_str(line).ok()
    }

    /// The record in the build cache folder `dir` made under `scope`, if its inputs are
    /// `inputs`.
    fn matching(dir: &Path, scope: &CacheScope, inputs: &str) -> Option<Self> {
        let last = Self::from_line(&BuildCache::read_last_build(dir, scope)?)?;
        (last.inputs == inputs).then_some(last)
    }

    fn pipeline_diagnostics(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        for stored in &self.diagnostics {
            diagnostics.push(stored.to_diagnostic());
        }
        diagnostics
    }
}

/// A build of inputs with fingerprint `inputs` replayed from the record in the cache folder
/// `dir`, if that build had exactly these inputs, `strict` would not fail it, and `output` still
/// holds exactly what it wrote: the report it gave (nothing rendered, written or removed).
pub(super) fn replay_build(
    (dir, scope): (&Path, &CacheScope),
    inputs: &str,
    output: &Path,
    strict: bool,
) -> Option<BuildReport> {
    let last = LastBuild::matching(dir, scope, inputs)?;
    if strict && !last.diagnostics.is_empty() {
        return None;
    }
    let previous = PreviousOutput::read(output);
    if previous.manifest_hash() != last.manifest || !previous.is_whole() {
        return None;
    }
    let mut diagnostics = last.pipeline_diagnostics();
    for stored in &last.build_notes {
        diagnostics.push(stored.to_diagnostic());
    }
    let [claims, sources, topics, origins] = last.counts;
    Some(BuildReport {
        pages: last.pages,
        rendered: 0,
        looked_at: 0,
        files: last.files,
        changed: 0,
        deleted: 0,
        claims,
        sources,
        topics,
        origins,
        diagnostics,
        history_note: last.history_note,
        coverage: summary(&last.coverage),
        duration: std::time::Duration::ZERO,
    })
}

/// What `dossier check` reports, taken from the record of the last build.
#[derive(Debug, Clone)]
pub struct RecordedCheck {
    /// Warnings (the recorded check had no errors), as a full check gives them.
    pub diagnostics: Diagnostics,
    /// Why there is no corrections log, when there is none.
    pub history_note: Option<String>,
    /// Claims, sources, topics, origins.
    pub counts: [usize; 4],
    /// Coverage per source, in source order.
    pub coverage: Vec<Coverage>,
}

/// `check` of inputs with fingerprint `inputs` answered from the record in the cache folder
/// `dir`, if the build recorded there had exactly these inputs and `options` would not turn its
/// warnings into errors: what a full check reports.
pub(super) fn replay_check(
    (dir, scope): (&Path, &CacheScope),
    inputs: &str,
    options: CheckOptions,
) -> Option<RecordedCheck> {
    let last = LastBuild::matching(dir, scope, inputs)?;
    let mut diagnostics = last.pipeline_diagnostics();
    if options.coverage {
        for stored in &last.coverage_warnings {
            diagnostics.push(stored.to_diagnostic());
        }
    }
    if options.strict && !diagnostics.is_empty() {
        return None;
    }
    // As the pipeline sorts them: the coverage warnings among the others.
    diagnostics.sort();
    Some(RecordedCheck {
        diagnostics,
        history_note: last.history_note,
        counts: last.counts,
        coverage: last
            .coverage
            .into_iter()
            .map(|(source, covered, total)| Coverage { source, covered, total })
            .collect(),
    })
}

fn summary(coverage: &[(String, usize, usize)]) -> CoverageSummary {
    coverage
        .iter()
        .fold(CoverageSummary::default(), |sum, (_, covered, total)| CoverageSummary {
            total: sum.total + total,
            covered: sum.covered + covered,
            sources_with_gaps: sum.sources_with_gaps + usize::from(covered < total),
        })
}

/// A [`Diagnostic`] as the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StoredDiagnostic {
    error: bool,
    file: String,
    position: Option<(u32, u32)>,
    message: String,
    help: Option<String>,
    line_text: Option<String>,
    marker: Option<u32>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(diagnostic: &Diagnostic) -> Self {
        Self {
            error: diagnostic.severity == Severity::Error,
            file: diagnostic.file.clone(),
            position: diagnostic.position.map(|at| (at.line, at.column)),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            line_text: diagnostic.line_text.clone(),
            marker: diagnostic.marker,
        }
    }
}

impl StoredDiagnostic {
    fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: if self.error { Severity::Error } else { Severity::Warning },
            file: self.file.clone(),
            position: self.position.map(|(line, column)| Position { line, column }),
            message: self.message.clone(),
            help: self.help.clone(),
            line_text: self.line_text.clone(),
            marker: self.marker,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::warning(
                "content/sources/a.yaml",
                Some(Position { line: 3, column: 7 }),
                "odd \"x\"\nnext",
            )
            .with_help("fix it")
            .with_source("a\nb\n  key: value\n"),
        );
        diagnostics.push(Diagnostic::warning("", None, "no base URL"));
        let report = BuildReport {
            pages: 3,
            rendered: 3,
            looked_at: 3,
            files: 5,
            changed: 5,
            deleted: 0,
            claims: 1,
            sources: 2,
            topics: 3,
            origins: 4,
            diagnostics,
            history_note: Some("no git".into()),
            coverage: CoverageSummary::default(),
            duration: std::time::Duration::ZERO,
        };
        let record = LastBuild::of(Recording {
            inputs: "ab".into(),
            report: &report,
            build_notes: 1,
            coverage: vec![Coverage {
                source: "a".into(),
                covered: 1,
                total: 2,
            }],
            coverage_warnings: Diagnostics::new(),
            manifest: 9,
        });
        assert_eq!(record.diagnostics.len(), 1);
        assert_eq!(record.build_notes.len(), 1);
        let line = record.to_line().unwrap();
        assert!(!line.contains('\n'), "one line");
        let read = LastBuild::from_line(&line).unwrap();
        assert_eq!(read, record);
        let mut back = read.pipeline_diagnostics();
        back.push(read.build_notes[0].to_diagnostic());
        assert_eq!(back, report.diagnostics, "every field of every diagnostic");
        assert_eq!(
            summary(&read.coverage),
            CoverageSummary {
                total: 2,
                covered: 1,
                sources_with_gaps: 1
            }
        );
    }
}
