//! What every Markdown field is checked for (see [`crate::model::markdown`]): script and data
//! URLs are errors, code over the highlighting budget a warning, and a cross-reference
//! (`claim:ID`, `source:ID`, `topic:ID`, `origin:ID`) to nothing an error at the reference.

use std::collections::{HashMap, HashSet};

use super::{Resolver, locate};
use crate::diagnostic::suggest::hint;
use crate::diagnostic::{Diagnostic, Position};
use crate::diagnostic::{Language, Named};
use crate::load::Parsed;
use crate::model::markdown::{self, CrossRefKind};
use crate::model::{ClaimId, Origin, Source, Topic};
use crate::say;

/// A cross-reference read from a Markdown field, to check once every entity is known: the
/// error it becomes if it names nothing (located at the reference, message still empty).
#[derive(Debug, Clone)]
pub(in crate::model) struct PendingRef {
    kind: CrossRefKind,
    id: String,
    what: String,
    diagnostic: Diagnostic,
}

/// The ids a cross-reference may name.
pub(super) struct Known<'a> {
    pub claims: &'a HashMap<&'a str, ClaimId>,
    /// Claims declared in a file but not in `claims` (a reference to a claim with its own
    /// error is not reported again).
    pub declared: &'a HashSet<&'a str>,
    pub sources: &'a [Source],
    /// Sources of files that did not parse (their own error says so).
    pub unparsed_sources: &'a HashSet<&'a str>,
    pub topics: &'a [Topic],
    pub origins: &'a [Origin],
}

impl Known<'_> {
    fn ids(&self, kind: CrossRefKind) -> Vec<&str> {
        match kind {
            CrossRefKind::Claim => self.claims.keys().copied().collect(),
            CrossRefKind::Source => self.sources.iter().map(|s| s.id.as_str()).collect(),
            CrossRefKind::Topic => self.topics.iter().map(|t| t.id.as_str()).collect(),
            CrossRefKind::Origin => self.origins.iter().map(|o| o.id.as_str()).collect(),
        }
    }

    fn contains(&self, kind: CrossRefKind, id: &str) -> bool {
        match kind {
            CrossRefKind::Claim => self.claims.contains_key(id) || self.declared.contains(id),
            CrossRefKind::Source => self.sources.iter().any(|s| s.id == id) || self.unparsed_sources.contains(id),
            CrossRefKind::Topic => self.topics.iter().any(|t| t.id == id),
            CrossRefKind::Origin => self.origins.iter().any(|o| o.id == id),
        }
    }
}

/// Where the entities of a kind are defined, for the help of a reference to none (in German
/// in the dative, after "in").
fn defined_in(kind: CrossRefKind, language: Language) -> &'static str {
    match kind {
        CrossRefKind::Claim => language.pick(
            "the `claims:` of content/sources/*.yaml",
            "den `claims:` von content/sources/*.yaml",
        ),
        CrossRefKind::Source => language.pick(
            "content/sources/*.yaml (their `id:`)",
            "content/sources/*.yaml (ihre `id:`)",
        ),
        CrossRefKind::Topic => "content/topics.yaml",
        CrossRefKind::Origin => "content/origins.yaml",
    }
}

/// What a reference of a kind names, for [`hint`].
fn named(kind: CrossRefKind) -> Named {
    match kind {
        CrossRefKind::Claim => Named::Claim,
        CrossRefKind::Source => Named::Source,
        CrossRefKind::Topic => Named::Topic,
        CrossRefKind::Origin => Named::Origin,
    }
}

/// Where `needle` occurs in `text` from the start of line `from` on (else anywhere), and the
/// byte offset after it.
fn locate_from(text: &str, needle: &str, from: usize) -> Option<(Position, usize)> {
    let at = text
        .get(from..)?
        .find(needle)
        .map(|i| i + from)
        .or_else(|| text.find(needle))?;
    Some((Position::of_offset(text, at), at + needle.len()))
}

/// The byte offset where 1-based line `line` of `text` starts (the end when there are fewer).
fn line_start(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(at, _)| at + 1)
}

impl Resolver<'_> {
    /// Script and data URLs in a Markdown field are errors (rendering would only drop them),
    /// located at the URL in the file when it is written there literally.
    pub(super) fn markdown_urls<F>(&mut self, file: &Parsed<F>, text: &str, fallback: Option<Position>, what: &str) {
        // An error each, each searched for in the file: a text of many such links is listed
        // in part and counted, so the report stays linear in the file's size.
        const LISTED: usize = 20;
        let scan = self.scans.markdown(text);
        let urls = &scan.unsafe_urls;
        for url in urls.iter().take(LISTED) {
            self.unsafe_url(file, url, fallback, what);
        }
        if let Some(first) = urls.get(LISTED) {
            let language = self.language;
            let more = urls.len() - LISTED;
            let message = match (language, more) {
                (Language::En, 1) => format!("{what} has 1 more script or data URL from here on"),
                (Language::En, _) => format!("{what} has {more} more script or data URLs from here on"),
                (Language::De, 1) => format!("{what} enthält ab hier 1 weitere Script- oder Data-URL"),
                (Language::De, _) => format!("{what} enthält ab hier {more} weitere Script- oder Data-URLs"),
            };
            self.diagnostics.push(
                Diagnostic::error(&file.path, locate(&file.text, first).or(fallback), message)
                .with_help(say!(
                    language,
                    "the first {LISTED} are listed one by one; link to an http(s) address or a relative path",
                    "die ersten {LISTED} werden einzeln aufgeführt; verlinken Sie eine http(s)-Adresse oder einen relativen Pfad"
                ))
                .with_source(&file.text),
            );
        }
        self.unhighlighted_code(file, &scan.plain_code_blocks, fallback, what);
        self.collect_cross_refs(file, &scan.cross_refs, fallback, what);
    }

    /// Keeps the cross-references `targets` of a field of `file` (one that starts at or after
    /// `fallback`) for [`Resolver::check_cross_refs`], each located at its target in the file.
    fn collect_cross_refs<F>(&mut self, file: &Parsed<F>, targets: &[String], fallback: Option<Position>, what: &str) {
        let mut cursor = fallback.map_or(0, |p| line_start(&file.text, p.line));
        for target in targets {
            let Some(found) = markdown::cross_ref(target) else {
                continue;
            };
            let at = match locate_from(&file.text, target, cursor) {
                Some((position, after)) => {
                    cursor = after;
                    Some(position)
                }
                None => fallback,
            };
            self.cross_refs.push(PendingRef {
                kind: found.kind,
                id: found.id.to_owned(),
                what: what.to_owned(),
                diagnostic: Diagnostic::error(&file.path, at, String::new()).with_source_lines(&file.text, &file.lines),
            });
        }
    }

    /// Every cross-reference kept by [`Resolver::markdown_urls`] that names no entity of its
    /// kind becomes an error at the reference, with the closest id as a hint.
    pub(super) fn check_cross_refs(&mut self, known: Known<'_>) {
        for pending in std::mem::take(&mut self.cross_refs) {
            if known.contains(pending.kind, &pending.id) {
                continue;
            }
            let language = self.language;
            let name = pending.kind.name();
            let (what, id) = (&pending.what, &pending.id);
            let defined = defined_in(pending.kind, language);
            let mut diagnostic = pending.diagnostic;
            diagnostic.message = if pending.id.is_empty() {
                say!(
                    language,
                    "{what} links to `{name}:` without an id",
                    "{what} verlinkt `{name}:` ohne Kennung"
                )
            } else {
                say!(
                    language,
                    "{what} links to {name} `{id}`, which does not exist",
                    "{what} verlinkt `{name}:{id}`, aber das gibt es nicht"
                )
            };
            let help = if pending.id.is_empty() {
                say!(
                    language,
                    "write the {name}'s id after the colon, e.g. `[text]({name}:ID)`; {name}s are defined in {defined}",
                    "Schreiben Sie die Kennung hinter den Doppelpunkt, z. B. `[Text]({name}:ID)`; sie werden in {defined} definiert"
                )
            } else {
                hint(language, named(pending.kind), id, &known.ids(pending.kind), defined)
            };
            self.diagnostics.push(diagnostic.with_help(help));
        }
    }

    /// One warning for the code blocks of a text over the highlighting budget (none if there
    /// are none), at the first one's first line of code when it is found in the file as
    /// written; the ones after it are counted (a warning each, with the search for each in the
    /// file, made a text of a million small blocks take hours).
    fn unhighlighted_code<F>(
        &mut self,
        file: &Parsed<F>,
        blocks: &[markdown::PlainCodeBlock],
        fallback: Option<Position>,
        what: &str,
    ) {
        use markdown::{HIGHLIGHT_MAX_BYTES, HIGHLIGHT_MAX_LINE_BYTES};
        let Some((block, after)) = blocks.split_first() else {
            return;
        };
        let more = after.len();
        let probe: String = block.first_line.chars().take(60).collect();
        let at = (!probe.trim().is_empty())
            .then(|| file.text.find(&probe))
            .flatten()
            .map(|offset| Position::of_offset(&file.text, offset))
            .or(fallback);
        let lang = if block.lang.is_empty() {
            String::new()
        } else {
            format!("`{}` ", block.lang)
        };
        let shown_lang: String = lang.chars().take(40).collect();
        let language = self.language;
        let line = block.line;
        let rest = match (language, more) {
            (_, 0) => String::new(),
            (Language::En, 1) => "; so is the code block after it".to_owned(),
            (Language::En, n) => format!("; so are the {n} code blocks after it"),
            (Language::De, 1) => "; ebenso der Codeblock danach".to_owned(),
            (Language::De, n) => format!("; ebenso die {n} Codeblöcke danach"),
        };
        let kilobytes = HIGHLIGHT_MAX_BYTES / 1024;
        self.diagnostics.push(
            Diagnostic::warning(
                &file.path,
                at,
                say!(
                    language,
                    "{what}: the {shown_lang}code block on line {line} of its text is shown as plain text, not coloured: it is over the size budget{rest}",
                    "{what}: der {shown_lang}Codeblock in Zeile {line} ihres Texts erscheint als einfacher Text, nicht farbig: Er ist größer als erlaubt{rest}"
                ),
            )
            .with_help(say!(
                language,
                "code is coloured up to {kilobytes} KB per page, note or description, in lines of up to {HIGHLIGHT_MAX_LINE_BYTES} bytes; shorten the code or its lines, or leave it plain",
                "Code wird bis {kilobytes} KB je Seite, Notiz oder Beschreibung eingefärbt, in Zeilen bis {HIGHLIGHT_MAX_LINE_BYTES} Byte; kürzen Sie den Code oder seine Zeilen, oder lassen Sie ihn schlicht"
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }

    fn unsafe_url<F>(&mut self, file: &Parsed<F>, url: &str, fallback: Option<Position>, what: &str) {
        let shown: String = url.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::error(
                &file.path,
                locate(&file.text, url).or(fallback),
                say!(
                    self.language,
                    "{what} links to `{shown}`: script and data URLs are not allowed",
                    "{what} verlinkt `{shown}`: Script- und Data-URLs sind nicht erlaubt"
                ),
            )
            .with_help(say!(
                self.language,
                "link to an http(s) address or a relative path",
                "Verlinken Sie eine http(s)-Adresse oder einen relativen Pfad"
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }
}
