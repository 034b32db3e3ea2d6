//! The sources phase: every `content/sources/*.yaml` with its article. Ids are checked in
//! order (a duplicate depends on what came before); then each source is resolved on its own and
//! in parallel (article text, exclusions, anchors, coverage: see [`super::anchors`]), reusing
//! the [`SourceCache`] where nothing it was made from changed.

use crate::say;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::Resolver;
use crate::anchor::FoldedText;
use crate::diagnostic::{Diagnostics, closest_name};
use crate::load::schema;
use crate::load::{FileContent, Parsed, SEEDS_DIR};
use crate::model::cache::SourceCache;
use crate::model::ids::SourceId;
use crate::model::types::Source;
use crate::model::{PartialDate, article, lint};

/// A claim whose quote was found: where.
pub(crate) struct AnchoredClaim<'a> {
    /// Its annotation.
    pub claim: &'a schema::ClaimFile,
    /// Its index in its file's `claims:`.
    pub index: usize,
    /// Byte ranges of the quote in the article.
    pub parts: Vec<Range<usize>>,
    /// The paragraph holding it.
    pub paragraph: usize,
}

/// An anchored claim with the source it belongs to, ready for the claims phase.
pub(super) struct SourceClaim<'f> {
    /// Index of its source.
    pub source: SourceId,
    /// Its source's annotation file.
    pub file: &'f Parsed<schema::SourceFile>,
    /// The claim and where its quote is.
    pub anchored: AnchoredClaim<'f>,
}

/// A source file with what resolving it found: its problems, and the source with its anchored
/// claims when it resolved.
pub(crate) type SourceOutcome<'f> = (
    &'f Parsed<schema::SourceFile>,
    Diagnostics,
    Option<(Source, Vec<AnchoredClaim<'f>>)>,
);

impl Resolver<'_> {
    /// Resolves the sources, in id order, with duplicate ids reported. Returns them with every
    /// anchored claim and the index of its source.
    pub(super) fn sources<'f>(
        &mut self,
        files: &'f [Parsed<schema::SourceFile>],
        cache: Option<&mut SourceCache>,
    ) -> (Vec<Source>, Vec<SourceClaim<'f>>) {
        let mut sorted: Vec<&Parsed<schema::SourceFile>> = files.iter().collect();
        sorted.sort_by(|a, b| (&a.value.id.value, &a.path).cmp(&(&b.value.id.value, &b.path)));
        // Every file's problems are kept apart and merged back in file order, as a serial loop
        // would have reported them.
        let checked_ids = self.source_ids(sorted);
        let input = self.input;
        let cached_sources = cache.as_deref();
        let resolved: Vec<SourceOutcome<'f>> = {
            use rayon::prelude::*;
            checked_ids
                .into_par_iter()
                .map(|(file, mut found, resolve)| {
                    if resolve
                        && found.is_empty()
                        && let Some(source) = cached_sources.and_then(|cache| cache.get(file, input))
                    {
                        return (file, found, Some(source));
                    }
                    let source = resolve.then(|| Resolver::new(&mut found, input).source(file)).flatten();
                    (file, found, source)
                })
                .collect()
        };
        if let Some(cache) = cache {
            cache.keep_clean(&resolved);
        }
        let mut sources = Vec::new();
        let mut anchored_claims = Vec::new();
        for (file, found, source) in resolved {
            self.diagnostics.extend(found);
            let Some((source, anchored)) = source else {
                continue;
            };
            let source_id = SourceId::new(sources.len());
            anchored_claims.extend(anchored.into_iter().map(|anchored| SourceClaim {
                source: source_id,
                file,
                anchored,
            }));
            sources.push(source);
        }
        (sources, anchored_claims)
    }

    /// Each source file (in id order) with the problems of its id, and whether to resolve it:
    /// its id is URL-safe and not taken by a file before it.
    fn source_ids<'f>(
        &mut self,
        sorted: Vec<&'f Parsed<schema::SourceFile>>,
    ) -> Vec<(&'f Parsed<schema::SourceFile>, Diagnostics, bool)> {
        let mut seen: HashMap<&str, String> = HashMap::new();
        let mut checked = Vec::new();
        for file in sorted {
            let mut found = Diagnostics::new();
            let mut resolver = Resolver::new(&mut found, self.input);
            let id = &file.value.id;
            let language = resolver.language;
            let id_ok = resolver.check_id(file, id, language.pick("source", "Quelle"));
            let resolve = match seen.get(id.value.as_str()) {
                Some(first) => {
                    let value = &id.value;
                    let message = say!(
                        language,
                        "duplicate source id `{value}`: first used at {first}",
                        "doppelte Quellen-Kennung `{value}`: zuerst verwendet in {first}"
                    );
                    let help = say!(
                        language,
                        "give every source its own id",
                        "Geben Sie jeder Quelle eine eigene Kennung"
                    );
                    resolver.error(file, id, message, help);
                    false
                }
                None => {
                    seen.insert(&id.value, super::place(&file.path, id));
                    id_ok
                }
            };
            checked.push((file, found, resolve));
        }
        checked
    }

    /// Resolves a source: its seed file, paragraphs, exclusions, and the anchors of its claims.
    fn source<'f>(&mut self, file: &'f Parsed<schema::SourceFile>) -> Option<(Source, Vec<AnchoredClaim<'f>>)> {
        let raw = &file.value;
        let published = self.date(file, &raw.published);
        let reviewed = raw.reviewed.as_ref().and_then(|date| self.date(file, date));
        let (seed_key, text) = self.article_text(file)?;
        lint::recorded_hash(file, &seed_key, &text, self.diagnostics, self.language);
        let folded = FoldedText::new(&text);
        let exclusions = self.exclusions(file, &text, &folded, &seed_key);
        let paragraphs = article::paragraphs(&text, raw.paragraphs, &exclusions.lines, &exclusions.cuts);
        let article = lint::Article {
            file,
            text: &text,
            folded: &folded,
            excluded: &exclusions.parts,
            seed: &seed_key,
        };
        let anchored = self.anchor_claims(&article, &paragraphs);
        let coverage = self.coverage(&article, &paragraphs, &anchored);
        let url = raw.url.as_ref().and_then(|u| self.url(file, u));
        let archive_url = raw.archive_url.as_ref().and_then(|u| self.url(file, u));
        let snapshot = raw.snapshot.as_ref().and_then(|path| self.snapshot(file, path));
        Some((
            Source {
                id: raw.id.value.clone(),
                annotation_file: file.path.clone(),
                file: seed_key,
                title: raw.title.clone(),
                label: raw
                    .label
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
                outlet: raw
                    .outlet
                    .as_deref()
                    .map(str::trim)
                    .filter(|outlet| !outlet.is_empty())
                    .map(str::to_owned),
                reviewed,
                author: raw.author.clone(),
                published: published.unwrap_or(PartialDate {
                    year: 0,
                    month: None,
                    day: None,
                }),
                url,
                archive_url,
                snapshot,
                language: raw.language.value.clone(),
                text,
                paragraphs,
                claims: Vec::new(),
                uncovered: coverage.uncovered,
                sentences_needing_claims: coverage.needing,
            },
            anchored,
        ))
    }

    /// A source's snapshot file: a file of `seeds/` that was read.
    fn snapshot<F>(&mut self, file: &Parsed<F>, path: &serde_saphyr::Spanned<String>) -> Option<String> {
        let language = self.language;
        match normalize_seed_path(&path.value) {
            Some(key) if self.input.files.contains_key(&key) => Some(key),
            Some(key) => {
                self.error(
                    file,
                    path,
                    say!(
                        language,
                        "snapshot file `{key}` does not exist",
                        "die Snapshot-Datei `{key}` gibt es nicht"
                    ),
                    say!(
                        language,
                        "save the page (HTML or PDF) into seeds/ and write its path as `seeds/NAME.pdf`",
                        "Speichern Sie die Seite (HTML oder PDF) in seeds/, und schreiben Sie ihren Pfad als `seeds/NAME.pdf`"
                    ),
                );
                None
            }
            None => {
                let value = &path.value;
                self.error(
                    file,
                    path,
                    say!(
                        language,
                        "snapshot file `{value}` is not inside seeds/",
                        "die Snapshot-Datei `{value}` liegt nicht in seeds/"
                    ),
                    say!(
                        language,
                        "keep snapshots beside the article texts in seeds/ and write the path as `seeds/NAME.pdf`",
                        "Legen Sie Snapshots neben die Artikeltexte in seeds/, und schreiben Sie den Pfad als `seeds/NAME.pdf`"
                    ),
                );
                None
            }
        }
    }

    /// The article a source names in `file:`, as its key among the input files and its text;
    /// `None` (with an error) when it is outside `seeds/`, unreadable, missing or not UTF-8.
    fn article_text(&mut self, file: &Parsed<schema::SourceFile>) -> Option<(String, Arc<str>)> {
        let raw = &file.value;
        let language = self.language;
        let Some(key) = normalize_seed_path(&raw.file.value) else {
            let value = &raw.file.value;
            self.error(
                file,
                &raw.file,
                say!(
                    language,
                    "article file `{value}` is not inside seeds/",
                    "die Artikeldatei `{value}` liegt nicht in seeds/"
                ),
                say!(
                    language,
                    "put the article's text file in the dossier's seeds/ folder and write its path as `seeds/NAME.txt`",
                    "Legen Sie die Textdatei des Artikels in den Ordner seeds/ des Dossiers, und schreiben Sie ihren Pfad als `seeds/NAME.txt`"
                ),
            );
            return None;
        };
        match self.input.files.get(&key) {
            None if self.input.read_errors.iter().any(|d| d.file == key) => {
                let message = say!(
                    language,
                    "article file `{key}` could not be read",
                    "die Artikeldatei `{key}` konnte nicht gelesen werden"
                );
                let help = say!(
                    language,
                    "see the error reported for {key}",
                    "siehe den Fehler, der für {key} gemeldet wird"
                );
                self.error(file, &raw.file, message, help);
                None
            }
            None => {
                let known: Vec<&str> = self
                    .input
                    .files
                    .keys()
                    .filter(|k| k.starts_with(SEEDS_DIR))
                    .map(String::as_str)
                    .collect();
                let help = match closest_name(&key, &known) {
                    Some(name) => say!(language, "did you mean `{name}`?", "Meinten Sie `{name}`?"),
                    None => say!(
                        language,
                        "add the article's text file to seeds/ (`dossier add-source FILE` does it)",
                        "Legen Sie die Textdatei des Artikels in seeds/ ab (`dossier add-source DATEI` erledigt das)"
                    ),
                };
                let message = say!(
                    language,
                    "article file `{key}` does not exist",
                    "die Artikeldatei `{key}` gibt es nicht"
                );
                self.error(file, &raw.file, message, help);
                None
            }
            Some(FileContent::Bytes(_)) => {
                self.error(
                    file,
                    &raw.file,
                    say!(
                        language,
                        "article file `{key}` is not UTF-8 text",
                        "die Artikeldatei `{key}` ist kein UTF-8-Text"
                    ),
                    say!(
                        language,
                        "convert the file to UTF-8",
                        "Speichern Sie die Datei als UTF-8"
                    ),
                );
                None
            }
            Some(FileContent::Text(text)) => {
                let text = text.clone();
                Some((key, text))
            }
        }
    }
}

/// `seeds/x.txt` (or `./seeds/x.txt`) as a key of the input files; `None` when the path leaves
/// `seeds/` or is absolute.
pub fn normalize_seed_path(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains('\0') || part.contains(':') => return None,
            part => parts.push(part),
        }
    }
    if path.starts_with('/') || path.starts_with('\\') || parts.len() < 2 || parts[0] != SEEDS_DIR.trim_end_matches('/')
    {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_paths_stay_inside_seeds() {
        assert_eq!(normalize_seed_path("seeds/a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(normalize_seed_path("./seeds//a.txt").as_deref(), Some("seeds/a.txt"));
        for bad in [
            "../seeds/a.txt",
            "/etc/passwd",
            "seeds/../dossier.yaml",
            "content/a.txt",
            "seeds",
            "C:/seeds/a",
        ] {
            assert_eq!(normalize_seed_path(bad), None, "{bad}");
        }
    }
}
