//! `dossier verify`: is every quote still in its article?
//!
//! For each source, the article text is hashed (SHA-256) and compared with the hash the source
//! keeps (`text_sha256:` in its YAML) or, with `--against DIR`, the fresh copy of the article in
//! `DIR` is compared with the dossier's. When the text changed, every quote of the source is
//! re-anchored in the new text ([`reanchor`]) and reported as unchanged, moved, changed (with a
//! word diff) or gone. The earlier text the quotes are compared from is the dossier's article
//! (`--against`), else the committed version with the recorded hash (or, without a recorded
//! hash, the version at `HEAD`) when the dossier is a git repository.
//!
//! Only the dossier's files are read (through [`InputFiles`]), its git repository when the
//! root is one, and the folder given with `--against`, confined like the dossier
//! ([`crate::load::read_text_below`]). Nothing is printed: the report is data.

pub mod reanchor;

use std::path::Path;

use crate::anchor::QuoteQuery;
use crate::diagnostic::{Diagnostic, Diagnostics, Language, Position};
use crate::load::{self, InputFiles, Parsed, ReadOptions, schema::SourceFile};
use crate::say;
use reanchor::{Outcome, Version};

/// What `verify` compares with.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyOptions<'a> {
    /// A folder with fresh copies of the articles (same file names as in `seeds/`, or the
    /// paths the sources name).
    pub against: Option<&'a Path>,
    /// How `against` is read (links out of it are refused unless allowed).
    pub read: ReadOptions,
}

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One per source, in path order.
    pub sources: Vec<SourceReport>,
    /// Files that could not be read or parsed.
    pub problems: Diagnostics,
}

impl Report {
    /// Whether a quote changed or is gone (`verify` exits with 1).
    pub fn failed(&self) -> bool {
        self.quotes()
            .any(|quote| matches!(quote.status, QuoteStatus::Changed { .. } | QuoteStatus::Gone))
    }

    /// Every quote's report.
    pub fn quotes(&self) -> impl Iterator<Item = &QuoteReport> {
        self.sources.iter().flat_map(|source| &source.quotes)
    }
}

/// One source: its article's text and its quotes.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// The source's YAML file.
    pub annotation_file: String,
    /// Where its `file:` is written.
    pub position: Position,
    /// The article (`seeds/…`).
    pub article: String,
    /// Whether the text still hashes the same.
    pub text: TextState,
    /// The quotes, in file order (none when the text could not be read).
    pub quotes: Vec<QuoteReport>,
}

/// What became of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextState {
    /// It hashes as before.
    Same {
        /// Its SHA-256.
        sha256: String,
        /// What it was compared with.
        compared: Earlier,
    },
    /// Its hash differs.
    Changed {
        /// The SHA-256 before (recorded, or of the dossier's copy).
        before: String,
        /// The SHA-256 now.
        now: String,
        /// The text the quotes' old places are in.
        compared: Earlier,
    },
    /// The source records no hash (`text_sha256:`).
    Unrecorded {
        /// The SHA-256 now (to record).
        now: String,
        /// The text the quotes' old places are in.
        compared: Earlier,
    },
    /// `--against`: no fresh copy of the article (the paths looked for).
    NoCopy(Vec<String>),
    /// The article could not be read (the problem is in [`Report::problems`]).
    Unreadable,
}

/// The earlier text the quotes are compared from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Earlier {
    /// The recorded hash (the text is the same, so nothing to compare).
    Recorded,
    /// The dossier's article (`--against`), compared with the fresh copy at this path.
    Dossier(String),
    /// The version in this commit (hex id).
    Commit(String),
    /// None found: the quotes' words are looked for, their places not compared.
    Unknown,
}

/// One quote.
#[derive(Debug, Clone)]
pub struct QuoteReport {
    /// The claim's id.
    pub claim: String,
    /// The source YAML.
    pub file: String,
    /// Where its `quote:` is written.
    pub position: Position,
    /// What became of it.
    pub status: QuoteStatus,
}

/// What became of a quote (places are line and column in the article).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteStatus {
    /// The same words at the same place.
    Unchanged,
    /// The same words at another place.
    Moved {
        /// Where they were.
        from: Position,
        /// Where they are.
        to: Position,
    },
    /// The words are there; no earlier text to compare their place with.
    Present {
        /// Where they are.
        at: Position,
    },
    /// Other words at the quote's place.
    Changed {
        /// Where the passage is.
        at: Position,
        /// `[-removed-]{+added+}` word diff.
        diff: String,
    },
    /// Nothing like the quote in the new text.
    Gone,
}

/// Verifies the dossier read into `input`.
pub fn verify(input: &InputFiles, options: &VerifyOptions<'_>) -> Report {
    let mut problems = Diagnostics::new();
    let parsed = load::parse(input, &mut problems);
    // Only the sources matter; a problem elsewhere (a topic, a page) does not stop the check.
    let mut report = Report::default();
    for source in &parsed.sources {
        report
            .sources
            .push(verify_source(input, source, options, &mut problems));
    }
    problems.sort();
    report.problems = problems;
    report
}

/// One source.
fn verify_source(
    input: &InputFiles,
    source: &Parsed<SourceFile>,
    options: &VerifyOptions<'_>,
    problems: &mut Diagnostics,
) -> SourceReport {
    let raw = &source.value;
    let position = Position::from(&raw.file.referenced);
    let mut report = SourceReport {
        annotation_file: source.path.clone(),
        position,
        article: raw.file.value.clone(),
        text: TextState::Unreadable,
        quotes: Vec::new(),
    };
    let language = input.language();
    let located = |message: String, help: String| {
        Diagnostic::error(&source.path, Some(position), message)
            .with_help(help)
            .with_source_lines(&source.text, &source.lines)
    };
    let Some(key) = crate::model::normalize_seed_path(&raw.file.value) else {
        let file = &raw.file.value;
        problems.push(located(
            say!(
                language,
                "article file `{file}` is not inside seeds/",
                "die Artikeldatei `{file}` liegt nicht in seeds/"
            ),
            say!(
                language,
                "write the article's path as `seeds/NAME.txt`",
                "Schreiben Sie den Pfad des Artikels als `seeds/NAME.txt`"
            ),
        ));
        return report;
    };
    report.article = key.clone();
    let Some(current) = input.text(&key) else {
        problems.push(located(
            say!(
                language,
                "article file `{key}` does not exist or could not be read",
                "die Artikeldatei `{key}` gibt es nicht, oder sie konnte nicht gelesen werden"
            ),
            say!(
                language,
                "run `dossier check` for the details",
                "Einzelheiten zeigt `dossier check`"
            ),
        ));
        return report;
    };
    let current: &str = current;
    let now = sha256_hex(current);
    // The new text and the earlier one (with what the earlier one is).
    let (new_text, earlier): (String, Option<(Earlier, String)>) = match options.against {
        Some(folder) => {
            let Some((path, fresh)) = fresh_copy(
                Against {
                    folder,
                    read: options.read,
                    language,
                },
                &key,
                problems,
                &mut report,
            ) else {
                return report;
            };
            if let Some(recorded) = raw
                .text_sha256
                .as_ref()
                .map(|r| r.value.as_str())
                .filter(|r| !r.trim().eq_ignore_ascii_case(&now))
            {
                let (recorded, now) = (short(recorded), short(&now));
                problems.push(
                    Diagnostic::warning(
                        &source.path,
                        Some(position),
                        say!(
                            language,
                            "`{key}` no longer hashes as recorded (text_sha256 {recorded}, now {now}): the dossier's own copy changed",
                            "`{key}` hat nicht mehr den eingetragenen Hash (text_sha256 {recorded}, jetzt {now}): Die Kopie im Dossier hat sich geändert"
                        ),
                    )
                    .with_help(say!(
                        language,
                        "run `dossier verify` without --against to see what changed in it",
                        "`dossier verify` ohne --against zeigt, was sich darin geändert hat"
                    )),
                );
            }
            let fresh_hash = sha256_hex(&fresh);
            report.text = if fresh_hash == now {
                TextState::Same {
                    sha256: now.clone(),
                    compared: Earlier::Dossier(path.clone()),
                }
            } else {
                TextState::Changed {
                    before: now.clone(),
                    now: fresh_hash,
                    compared: Earlier::Dossier(path.clone()),
                }
            };
            (fresh, Some((Earlier::Dossier(path), current.to_owned())))
        }
        None => {
            let recorded = raw.text_sha256.as_ref().map(|r| r.value.trim().to_ascii_lowercase());
            let earlier = match &recorded {
                Some(recorded) if *recorded == now => Some((Earlier::Recorded, current.to_owned())),
                Some(recorded) => crate::history::git::version_with_sha256(&input.root, &key, recorded)
                    .map(|(commit, text)| (Earlier::Commit(commit), text)),
                None => crate::history::git::version_at_head(&input.root, &key)
                    .map(|(commit, text)| (Earlier::Commit(commit), text)),
            };
            let compared = earlier.as_ref().map_or(Earlier::Unknown, |(e, _)| e.clone());
            report.text = match recorded {
                Some(recorded) if recorded == now => TextState::Same { sha256: now, compared },
                Some(recorded) => TextState::Changed {
                    before: recorded,
                    now,
                    compared,
                },
                None => TextState::Unrecorded { now, compared },
            };
            (current.to_owned(), earlier)
        }
    };
    let new = Version::new(&new_text, raw.paragraphs);
    let old = earlier
        .as_ref()
        .map(|(_, text)| Version::annotated(text, raw.paragraphs, &raw.exclude));
    for claim in &raw.claims {
        let query = QuoteQuery {
            quote: &claim.quote.value,
            prefix: claim.prefix.as_deref(),
            suffix: claim.suffix.as_deref(),
        };
        let old_place = old.as_ref().and_then(|old| {
            crate::anchor::anchor(&old.folded, &old.paragraphs, &query)
                .ok()
                .map(|found| (old, found.span()))
        });
        let at = |range: &std::ops::Range<usize>| Position::of_offset(&new_text, range.start);
        let status = match reanchor::reanchor(&query, old_place.clone(), &new) {
            Outcome::Unchanged(_) => QuoteStatus::Unchanged,
            Outcome::Moved { from, to } => QuoteStatus::Moved {
                from: old_place
                    .as_ref()
                    .map_or_else(Position::default, |(old, _)| Position::of_offset(old.text, from.start)),
                to: at(&to),
            },
            Outcome::Present(to) => QuoteStatus::Present { at: at(&to) },
            Outcome::Changed { to, diff } => QuoteStatus::Changed { at: at(&to), diff },
            Outcome::Gone => QuoteStatus::Gone,
        };
        report.quotes.push(QuoteReport {
            claim: claim.id.value.clone(),
            file: source.path.clone(),
            position: Position::from(&claim.quote.referenced),
            status,
        });
    }
    report
}

/// Where [`fresh_copy`] looks, and the language of its messages.
#[derive(Clone, Copy)]
struct Against<'a> {
    folder: &'a Path,
    read: ReadOptions,
    language: Language,
}

/// The fresh copy of the article `key` (`seeds/NAME`) in `folder`: `folder/seeds/NAME`, else
/// `folder/NAME`. Its path as shown, and its text; `None` (with the report's state set) when
/// there is none or it cannot be read.
fn fresh_copy(
    against: Against<'_>,
    key: &str,
    problems: &mut Diagnostics,
    report: &mut SourceReport,
) -> Option<(String, String)> {
    let Against { folder, read, language } = against;
    let name = key.strip_prefix(load::SEEDS_DIR).unwrap_or(key);
    let mut looked_for = Vec::new();
    for relative in [key, name] {
        let shown = folder.join(relative).display().to_string();
        match load::read_text_below(folder, relative, &shown, read, language) {
            Ok(Some(text)) => return Some((shown, text)),
            Ok(None) => looked_for.push(shown),
            Err(problem) => {
                problems.push(problem);
                report.text = TextState::Unreadable;
                return None;
            }
        }
    }
    report.text = TextState::NoCopy(looked_for);
    None
}

use crate::model::sha256_hex;

/// The first 12 hex digits of a hash, for messages.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
