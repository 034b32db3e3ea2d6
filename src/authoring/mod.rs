//! Authoring help: `dossier add-claim SOURCE "exact words"` and the claim stub every
//! coverage warning of `check` offers.
//!
//! [`add_claim`] finds the source, anchors the words in its article's body like a claim's
//! quote (the closest passage when they are not there), and appends a claim stub to the end of
//! the source's `claims:` list by editing the file's text (comments and layout stay). The stub
//! ([`stub`]) has a fresh id made from the words, the figure read from them, the topic and
//! origin guessed from the claims around it, and `TODO` in the fields only the annotator can
//! fill (verdict, note), which `check` reports at their lines until they are filled.

mod figure;
mod insert;
pub mod stub;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::diagnostic::{Diagnostics, Position, closest_name};
use crate::load::schema::SourceFile;
use crate::load::{self, FileContent, InputFiles, Parsed, SOURCES_DIR};
use crate::model::article;

pub use figure::{Figure, FigureValue, read_figure};
pub use insert::{InsertError, append_claim};
pub use stub::{ClaimStub, add_claim_command};

/// What to add: `dossier add-claim SOURCE "WORDS" [--prefix P] [--suffix S]`.
#[derive(Debug, Clone, Copy)]
pub struct ClaimRequest<'a> {
    /// The source: its id, or its file (`content/sources/x.yaml`).
    pub source: &'a str,
    /// The exact words of the article.
    pub quote: &'a str,
    /// Text right before the words, to pick one of several places.
    pub prefix: Option<&'a str>,
    /// Text right after the words.
    pub suffix: Option<&'a str>,
}

/// A claim stub appended to a source file (not yet written: the caller writes `text`).
#[derive(Debug, Clone)]
pub struct AddedClaim {
    /// The source file, relative to the root.
    pub file: String,
    /// The file's text as read.
    pub original: String,
    /// The file's new text.
    pub text: String,
    /// The new claim.
    pub stub: ClaimStub,
    /// 1-based line of the new entry's `- id:`.
    pub line: usize,
}

/// Why no claim could be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddClaimError {
    /// No source has that id or file.
    #[error("there is no source `{wanted}`{}", match closest { Some(c) => format!("; did you mean `{c}`?"), None => format!(" (sources: {})", known.join(", ")) })]
    UnknownSource {
        /// What was asked for.
        wanted: String,
        /// The closest source id.
        closest: Option<String>,
        /// Every source id.
        known: Vec<String>,
    },
    /// The source file has problems that stop it from being read.
    #[error("{file} has errors; fix them first (`dossier check` lists them)")]
    SourceBroken {
        /// The source file.
        file: String,
    },
    /// The article is not there.
    #[error("the article {seed} of {file} cannot be read")]
    NoArticle {
        /// The source file.
        file: String,
        /// Its `file:`.
        seed: String,
    },
    /// The words are empty.
    #[error("the words to quote are empty: copy them from the article")]
    EmptyQuote,
    /// The words are not in the article's body.
    #[error("these words are not in the body of {seed}{}", match closest { Some((at, text)) => format!("; the closest passage ({seed}:{}:{}) is:\n  \"{text}\"", at.line, at.column), None => String::new() })]
    NotFound {
        /// The article.
        seed: String,
        /// The closest passage and where it starts.
        closest: Option<(Position, String)>,
    },
    /// The words occur more than once.
    #[error("these words occur {} times in {seed} (at {}); pass --prefix or --suffix with the words around the one you mean", places.len(), places.iter().take(anchor::LISTED_CANDIDATES).map(|p| format!("{}:{}", p.line, p.column)).collect::<Vec<_>>().join(", "))]
    Ambiguous {
        /// The article.
        seed: String,
        /// Where they occur.
        places: Vec<Position>,
    },
    /// `--prefix`/`--suffix` match none of the places.
    #[error("the words are in {seed}, but --prefix/--suffix do not match the text around them")]
    ContextMismatch {
        /// The article.
        seed: String,
    },
    /// The file could not be edited safely.
    #[error("{file}: {problem}")]
    CannotEdit {
        /// The source file.
        file: String,
        /// Why.
        problem: String,
    },
}

/// Adds a claim stub for `request` to its source file: the new text of the file, not written.
pub fn add_claim(input: &InputFiles, request: &ClaimRequest<'_>) -> Result<AddedClaim, AddClaimError> {
    let mut diagnostics = Diagnostics::new();
    let parsed = load::parse(input, &mut diagnostics);
    let source = find_source(input, &parsed, request.source)?;
    let raw = &source.value;
    let seed = raw.file.value.clone();
    let Some(FileContent::Text(article_text)) = input.files.get(&seed) else {
        return Err(AddClaimError::NoArticle {
            file: source.path.clone(),
            seed,
        });
    };
    let text: &str = article_text;
    let folded = FoldedText::new(text);
    let paragraphs = body_paragraphs(text, &folded, raw);
    let query = QuoteQuery {
        quote: request.quote,
        prefix: request.prefix,
        suffix: request.suffix,
    };
    let found = anchor::anchor(&folded, &paragraphs, &query).map_err(|error| match error {
        AnchorError::EmptyQuote => AddClaimError::EmptyQuote,
        AnchorError::NotFound { closest } => AddClaimError::NotFound {
            seed: seed.clone(),
            closest: closest.map(|range| (Position::of_offset(text, range.start), one_line(&text[range]))),
        },
        AnchorError::Ambiguous { candidates } => AddClaimError::Ambiguous {
            seed: seed.clone(),
            places: candidates.iter().map(|r| Position::of_offset(text, r.start)).collect(),
        },
        AnchorError::ContextMismatch { .. } => AddClaimError::ContextMismatch { seed: seed.clone() },
    })?;
    let taken = claim_ids(&parsed);
    let neighbours = neighbour_claims(&folded, &paragraphs, raw, found.paragraph);
    let stub = stub::ClaimStub::new(&stub::StubInput {
        quote: request.quote.trim(),
        prefix: request.prefix,
        suffix: request.suffix,
        sentence: sentence_around(text, &paragraphs[found.paragraph], &found.span()),
        language: &raw.language.value,
        taken: &taken,
        neighbours: &neighbours,
        parsed: &parsed,
    });
    let (new_text, line) = append_claim(&source.text, &stub.yaml()).map_err(|error| AddClaimError::CannotEdit {
        file: source.path.clone(),
        problem: error.to_string(),
    })?;
    verify(&source.path, raw, &new_text, &stub.id)?;
    Ok(AddedClaim {
        file: source.path.clone(),
        original: source.text.to_string(),
        text: new_text,
        stub,
        line,
    })
}

/// The source with id or file `wanted`.
fn find_source<'p>(
    input: &InputFiles,
    parsed: &'p load::ParsedDossier,
    wanted: &str,
) -> Result<&'p Parsed<SourceFile>, AddClaimError> {
    let as_path = wanted.trim_start_matches("./");
    if let Some(source) = parsed
        .sources
        .iter()
        .find(|s| s.value.id.value == wanted || s.path == as_path)
    {
        return Ok(source);
    }
    // A file that is there but did not parse.
    let file = if as_path.ends_with(".yaml") {
        as_path.to_owned()
    } else {
        format!("{SOURCES_DIR}{wanted}.yaml")
    };
    let unparsed = input.files.contains_key(&file)
        || input.files.iter().any(|(path, content)| {
            path.starts_with(SOURCES_DIR)
                && matches!(content, FileContent::Text(t) if t.lines().any(|l| l.trim() == format!("id: {wanted}")))
        });
    if unparsed {
        return Err(AddClaimError::SourceBroken { file });
    }
    let known: Vec<&str> = parsed.sources.iter().map(|s| s.value.id.value.as_str()).collect();
    Err(AddClaimError::UnknownSource {
        wanted: wanted.to_owned(),
        closest: closest_name(wanted, &known).map(str::to_owned),
        known: known.iter().map(|k| (*k).to_owned()).collect(),
    })
}

/// The article's body paragraphs as the build splits them: `exclude` entries that do not
/// resolve are left out (`check` reports them).
fn body_paragraphs(text: &str, folded: &FoldedText, raw: &SourceFile) -> Vec<Range<usize>> {
    let line_count = article::line_ranges(text).len();
    let mut lines = Vec::new();
    let mut cuts = Vec::new();
    for exclude in &raw.exclude {
        if let Some(range) = exclude
            .lines
            .as_ref()
            .and_then(|l| article::parse_lines(&l.value.0, line_count).ok())
        {
            lines.push(range);
        }
        if let Some(passage) = &exclude.text {
            let query = QuoteQuery {
                quote: &passage.value,
                prefix: None,
                suffix: None,
            };
            if let Ok(found) = anchor::anchor(folded, &[], &query) {
                cuts.push(found.span());
            }
        }
    }
    article::paragraphs(text, raw.paragraphs, &lines, &cuts)
}

/// Every claim id of the dossier, in parsed files and in files that did not parse.
fn claim_ids(parsed: &load::ParsedDossier) -> BTreeSet<String> {
    parsed
        .sources
        .iter()
        .flat_map(|s| s.value.claims.iter().map(|c| c.id.value.clone()))
        .chain(parsed.unparsed_claims.values().flatten().cloned())
        .collect()
}

/// The claims of the source whose quotes lie in paragraph `paragraph`, nearest first (for
/// guessing the new claim's topic, measure and origin).
fn neighbour_claims<'s>(
    folded: &FoldedText,
    paragraphs: &[Range<usize>],
    raw: &'s SourceFile,
    paragraph: usize,
) -> Vec<&'s load::schema::ClaimFile> {
    let mut found: Vec<(usize, &load::schema::ClaimFile)> = raw
        .claims
        .iter()
        .filter_map(|claim| {
            let query = QuoteQuery {
                quote: &claim.quote.value,
                prefix: claim.prefix.as_deref(),
                suffix: claim.suffix.as_deref(),
            };
            let anchored = anchor::anchor(folded, paragraphs, &query).ok()?;
            Some((anchored.paragraph.abs_diff(paragraph), claim))
        })
        .collect();
    found.sort_by_key(|(distance, _)| *distance);
    found.into_iter().map(|(_, claim)| claim).collect()
}

/// The sentence of `paragraph` that holds `span` (for guessing who is quoted).
fn sentence_around<'t>(text: &'t str, paragraph: &Range<usize>, span: &Range<usize>) -> &'t str {
    article::sentences(text, paragraph.clone())
        .into_iter()
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .map_or(&text[span.clone()], |s| {
            &text[s.start.min(span.start)..s.end.max(span.end)]
        })
}

/// The new text parses as a source file whose claims are the old ones plus the new one last.
fn verify(file: &str, before: &SourceFile, text: &str, id: &str) -> Result<(), AddClaimError> {
    let problem = |problem: &str| AddClaimError::CannotEdit {
        file: file.to_owned(),
        problem: format!("{problem}; the file is left as it was: add the claim by hand"),
    };
    let after: SourceFile = load::parse_yaml(text).map_err(|_| problem("the edited file would not be valid YAML"))?;
    let same_before = after.claims.len() == before.claims.len() + 1
        && before
            .claims
            .iter()
            .zip(&after.claims)
            .all(|(a, b)| a.id.value == b.id.value && a.quote.value == b.quote.value && a.note == b.note);
    if !same_before || after.claims.last().map(|c| c.id.value.as_str()) != Some(id) {
        return Err(problem("the claim could not be appended to the end of `claims:`"));
    }
    Ok(())
}

/// `text` on one line: runs of white space as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
