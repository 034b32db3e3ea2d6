//! The claims phase: every anchored claim's id (unique across the dossier), its references
//! (topic, measure, origin, intermediaries, verdict), dates and figure; then the reverse links
//! (claims per source, topic and origin) and the warnings that look at claims together.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde_saphyr::Spanned;

use super::origins::OriginTable;
use super::sources::SourceClaim;
use super::topics::TopicTable;
use super::{AnchoredClaim, Resolver, inherited_singular, position};
use crate::diagnostic::{Language, Named, hint};
use crate::load::Parsed;
use crate::load::schema;
use crate::model::claim_cache::{ClaimAt, ClaimRecord};
use crate::model::ids::{ClaimId, SourceId, TopicId, VerdictId};
use crate::model::types::{ARTICLE_ORIGIN, Claim, Config, Correction, Origin, Quantity, Source, Topic};
use crate::model::{PartialDate, lint};
use crate::say;

/// What claims refer to by id: topics (with their measures), origins and verdicts.
pub(super) struct References<'a> {
    pub topics: &'a TopicTable,
    pub origins: &'a OriginTable,
    /// Verdict id → index into the scale.
    pub verdict_ids: HashMap<&'a str, VerdictId>,
    /// The dossier's review date, for claims whose source gives none.
    pub reviewed: Option<PartialDate>,
}

impl<'a> References<'a> {
    pub(super) fn new(config: &'a Config, topics: &'a TopicTable, origins: &'a OriginTable) -> Self {
        let verdict_ids = config
            .verdicts
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), VerdictId::new(i)))
            .collect();
        References {
            topics,
            origins,
            verdict_ids,
            reviewed: config.reviewed,
        }
    }
}

/// The claims as resolved, with where each was written.
pub(super) struct ClaimTable<'f> {
    /// Claims, in source order, then text order.
    pub claims: Vec<Claim>,
    /// Claim id → index (ids borrowed from the parsed files: no copy per claim and run).
    pub ids: HashMap<&'f str, ClaimId>,
    /// Per claim: its file and its annotation.
    pub locations: Vec<(&'f Parsed<schema::SourceFile>, &'f schema::ClaimFile)>,
    /// Per claim: its index in its file's `claims:`.
    pub indexes: Vec<usize>,
}

/// One anchored claim to resolve, with the source it was annotated in.
struct ClaimInput<'a> {
    file: &'a Parsed<schema::SourceFile>,
    claim: &'a schema::ClaimFile,
    source: SourceId,
    parts: Vec<Range<usize>>,
    paragraph: usize,
    refs: &'a References<'a>,
    /// The review date its source gives, else the dossier's.
    default_reviewed: Option<PartialDate>,
}

/// The ids of the claims declared in a file that are not in `resolved`: those dropped for their
/// own errors (links to them are not reported again). Every lookup asks `resolved` first, so
/// this set stands for all declared ids without holding the resolved ones (a few ids, not one
/// entry per claim of the dossier on every run).
pub(super) fn dropped_ids<'f>(
    files: &'f [Parsed<schema::SourceFile>],
    resolved: &HashMap<&str, ClaimId>,
) -> HashSet<&'f str> {
    files
        .iter()
        .flat_map(|f| f.value.claims.iter().map(|c| c.id.value.as_str()))
        .filter(|id| !resolved.contains_key(id))
        .collect()
}

/// Fills in the reverse links: each source's, topic's and origin's claims (a source's in the
/// order of their quotes in its text), and the claims each origin relayed.
pub(super) fn attach(claims: &[Claim], sources: &mut [Source], topics: &mut [Topic], origins: &mut [Origin]) {
    for (index, claim) in claims.iter().enumerate() {
        let index = ClaimId::new(index);
        sources[claim.source].claims.push(index);
        topics[claim.topic].claims.push(index);
        if let Some(origin) = claim.origin {
            origins[origin].claims.push(index);
        }
        for &via in &claim.via {
            // Claims come in index order, so a repeat can only be this claim's own.
            if origins[via].relayed.last() != Some(&index) {
                origins[via].relayed.push(index);
            }
        }
    }
    for source in sources {
        source
            .claims
            .sort_by_key(|&c| (claims[c].quote_parts.first().map_or(0, |r| r.start), c));
    }
}

impl Resolver<'_> {
    /// Resolves the anchored claims in order: ids unique across the dossier, references found.
    pub(super) fn claims<'f>(
        &mut self,
        anchored: Vec<SourceClaim<'f>>,
        sources: &[Source],
        refs: &References<'_>,
    ) -> ClaimTable<'f> {
        let mut table = ClaimTable {
            claims: Vec::with_capacity(anchored.len()),
            ids: HashMap::with_capacity(anchored.len()),
            locations: Vec::with_capacity(anchored.len()),
            indexes: Vec::with_capacity(anchored.len()),
        };
        for SourceClaim {
            source,
            file,
            anchored:
                AnchoredClaim {
                    claim,
                    index,
                    parts,
                    paragraph,
                },
        } in anchored
        {
            if let Some(&other) = table.ids.get(claim.id.value.as_str()) {
                let (first_file, first_claim) = table.locations[other.index()];
                let (id, first) = (&claim.id.value, super::place(&first_file.path, &first_claim.id));
                let language = self.language;
                let message = say!(
                    language,
                    "duplicate claim id `{id}`: first used at {first}",
                    "doppelte Behauptungs-Kennung `{id}`: zuerst verwendet in {first}"
                );
                self.error(
                    file,
                    &claim.id,
                    message,
                    say!(
                        language,
                        "claim ids must be unique across the whole dossier",
                        "Kennungen von Behauptungen müssen im ganzen Dossier eindeutig sein"
                    ),
                );
                continue;
            }
            let at = ClaimAt {
                path: &file.path,
                yaml: &file.text,
                article: &sources[source].text,
                index,
            };
            let input = ClaimInput {
                file,
                claim,
                source,
                parts,
                paragraph,
                refs,
                default_reviewed: sources[source].reviewed.or(refs.reviewed),
            };
            let Some(resolved) = self.claim_kept_or_made(&at, input) else {
                continue;
            };
            table.ids.insert(&claim.id.value, ClaimId::new(table.claims.len()));
            table.locations.push((file, claim));
            table.indexes.push(index);
            table.claims.push(resolved);
        }
        table
    }

    /// [`Resolver::claim`], or what it gave before for the same texts (its problems and
    /// cross-references reported again), from the claim cache; recorded there when made.
    fn claim_kept_or_made(&mut self, at: &ClaimAt<'_>, input: ClaimInput<'_>) -> Option<Claim> {
        let source = input.source;
        if let Some(record) = self.claim_cache.as_mut().and_then(|cache| cache.recorded(at)) {
            for diagnostic in &record.resolution {
                self.diagnostics.push(diagnostic.clone());
            }
            self.cross_refs.extend(record.cross_refs.iter().cloned());
            // The one thing of a claim that another file's edit changes: its source's index.
            return record.claim.clone().map(|claim| Claim { source, ..claim });
        }
        if self.claim_cache.is_none() {
            return self.claim(input);
        }
        let outer = std::mem::take(&mut *self.diagnostics);
        let refs_before = self.cross_refs.len();
        let claim = self.claim(input);
        let found = std::mem::replace(&mut *self.diagnostics, outer);
        let record = ClaimRecord {
            claim: claim.clone(),
            resolution: found.iter().cloned().collect(),
            cross_refs: self.cross_refs[refs_before..].to_vec(),
            lint: None,
        };
        self.diagnostics.extend(found);
        if let Some(cache) = self.claim_cache.as_mut() {
            cache.insert(at, record);
        }
        claim
    }

    /// The warnings and lint that look at resolved claims (with their links) together.
    pub(super) fn claim_warnings(&mut self, table: &ClaimTable<'_>, sources: &[Source]) {
        self.warn_unreviewed(&table.claims, &table.locations);
        for ((claim, (file, raw)), &index) in table.claims.iter().zip(&table.locations).zip(&table.indexes) {
            let source = &sources[claim.source];
            let at = ClaimAt {
                path: &file.path,
                yaml: &file.text,
                article: &source.text,
                index,
            };
            let kept = self
                .claim_cache
                .as_mut()
                .and_then(|cache| cache.get_mut(&at))
                .and_then(|record| record.lint.as_ref());
            if let Some(lint) = kept {
                for diagnostic in lint {
                    self.diagnostics.push(diagnostic.clone());
                }
                continue;
            }
            let recording = self.claim_cache.is_some();
            let outer = recording.then(|| std::mem::take(&mut *self.diagnostics));
            lint::claim(
                (file, raw),
                claim,
                source,
                lint::Lint {
                    diagnostics: self.diagnostics,
                    language: self.language,
                    scans: &mut self.scans,
                },
            );
            if let Some(outer) = outer {
                let found = std::mem::replace(&mut *self.diagnostics, outer);
                if let Some(record) = self.claim_cache.as_mut().and_then(|cache| cache.get_mut(&at)) {
                    record.lint = Some(found.iter().cloned().collect());
                }
                self.diagnostics.extend(found);
            }
        }
    }

    fn claim(&mut self, input: ClaimInput<'_>) -> Option<Claim> {
        let ClaimInput { file, claim, .. } = input;
        let language = self.language;
        let id = &claim.id.value;
        let mut ok = self.check_id(file, &claim.id, language.pick("claim", "Behauptung"));
        if let Some(note) = &claim.note {
            let what = say!(language, "the note of claim `{id}`", "die Notiz von Behauptung `{id}`");
            self.markdown_urls(file, note, position(&claim.id), &what);
        }
        let topic = input.refs.topics.ids.get(&claim.topic.value).copied();
        // A `TODO` placeholder is reported by the lint at the same place, with the choices.
        if topic.is_none() && !is_placeholder(&claim.topic.value) {
            let known: Vec<&str> = input.refs.topics.ids.keys().map(String::as_str).collect();
            let wrong = &claim.topic.value;
            let help = hint(language, Named::Topic, wrong, &known, "content/topics.yaml");
            let message = say!(
                language,
                "claim `{id}`: unknown topic `{wrong}`",
                "Behauptung `{id}`: unbekanntes Thema `{wrong}`"
            );
            self.error(file, &claim.topic, message, help);
        }
        ok &= topic.is_some();
        let origin = if claim.origin.value == ARTICLE_ORIGIN {
            None
        } else {
            let found = input.refs.origins.ids.get(&claim.origin.value).copied();
            if found.is_none() {
                let known: Vec<&str> = input.refs.origins.ids.keys().map(String::as_str).collect();
                let wrong = &claim.origin.value;
                let hint = hint(language, Named::Origin, wrong, &known, "content/origins.yaml");
                let help = say!(
                    language,
                    "{hint}; write `origin: article` when the article names no origin",
                    "{hint}; schreiben Sie `origin: article`, wenn der Artikel keinen Ursprung nennt"
                );
                let message = say!(
                    language,
                    "claim `{id}`: unknown origin `{wrong}`",
                    "Behauptung `{id}`: unbekannter Ursprung `{wrong}`"
                );
                self.error(file, &claim.origin, message, help);
                ok = false;
            }
            found
        };
        let mut via = Vec::new();
        for step in &claim.via {
            match input.refs.origins.ids.get(&step.value) {
                Some(&id) => via.push(id),
                None => {
                    let known: Vec<&str> = input.refs.origins.ids.keys().map(String::as_str).collect();
                    let wrong = &step.value;
                    let help = hint(language, Named::Origin, wrong, &known, "content/origins.yaml");
                    let message = say!(
                        language,
                        "claim `{id}`: unknown intermediary `{wrong}`",
                        "Behauptung `{id}`: unbekannte Zwischenstation `{wrong}`"
                    );
                    self.error(file, step, message, help);
                    ok = false;
                }
            }
        }
        let verdict = input.refs.verdict_ids.get(claim.verdict.value.as_str()).copied();
        if verdict.is_none() && !is_placeholder(&claim.verdict.value) {
            let known: Vec<&str> = input.refs.verdict_ids.keys().copied().collect();
            let wrong = &claim.verdict.value;
            let help = hint(
                language,
                Named::Verdict,
                wrong,
                &known,
                language.pick("the `verdicts` of dossier.yaml", "den `verdicts` von dossier.yaml"),
            );
            let message = say!(
                language,
                "claim `{id}`: unknown verdict `{wrong}`",
                "Behauptung `{id}`: unbekannte Bewertung `{wrong}`"
            );
            self.error(file, &claim.verdict, message, help);
        }
        ok &= verdict.is_some();
        let reviewed = match &claim.reviewed {
            Some(date) => {
                let parsed = self.date(file, date);
                ok &= parsed.is_some();
                parsed
            }
            None => input.default_reviewed,
        };
        let as_of = match &claim.as_of {
            Some(date) => {
                let parsed = self.date(file, date);
                ok &= parsed.is_some();
                parsed
            }
            None => None,
        };
        let mut corrections = Vec::with_capacity(claim.corrections.len());
        for correction in &claim.corrections {
            let what = say!(
                language,
                "the reason of a correction of claim `{id}`",
                "die Begründung einer Korrektur von Behauptung `{id}`"
            );
            self.markdown_urls(file, &correction.reason, position(&correction.date), &what);
            match self.date(file, &correction.date) {
                Some(date) => corrections.push(Correction {
                    date,
                    reason: correction.reason.clone(),
                }),
                None => ok = false,
            }
        }
        let quantity = match (&claim.quantity, topic) {
            (Some(quantity), Some(topic)) => {
                let parsed = self.quantity(&input, quantity, topic);
                ok &= parsed.is_some();
                parsed
            }
            _ => None,
        };
        if claim.statement.trim().is_empty() {
            self.error(
                file,
                &claim.id,
                say!(
                    language,
                    "claim `{id}` has an empty statement",
                    "Behauptung `{id}` hat eine leere Aussage (`statement`)"
                ),
                say!(
                    language,
                    "say in one sentence what the quote asserts",
                    "Sagen Sie in einem Satz, was das Zitat behauptet"
                ),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let summary = claim
            .summary
            .clone()
            .unwrap_or_else(|| derive_summary(&claim.statement));
        Some(Claim {
            id: claim.id.value.clone(),
            source: input.source,
            quote: claim.quote.value.clone(),
            quote_parts: input.parts,
            paragraph: input.paragraph,
            statement: claim.statement.trim().to_owned(),
            summary,
            topic: topic?,
            quantity,
            as_of,
            reviewed,
            origin,
            via,
            verdict: verdict?,
            note: claim.note.clone(),
            conclusion: claim
                .conclusion
                .as_deref()
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|c| !c.is_empty()),
            links: Vec::new(),
            corrections,
            origin_group: ClaimId::default(),
            basis: claim.basis.as_ref().map(|b| b.value),
            independent_origins: Vec::new(),
        })
    }

    fn quantity(
        &mut self,
        input: &ClaimInput<'_>,
        quantity: &schema::QuantityFile,
        topic: TopicId,
    ) -> Option<Quantity> {
        let ClaimInput { file, claim, .. } = *input;
        let measure = input.refs.topics.measure_ids[topic.index()]
            .get(&quantity.measure.value)
            .copied();
        let topic_model = &input.refs.topics.topics[topic];
        let language = self.language;
        let (id, topic_id) = (&claim.id.value, &topic_model.id);
        if measure.is_none() && !is_placeholder(&quantity.measure.value) {
            let known: Vec<&str> = topic_model.measures.iter().map(|m| m.id.as_str()).collect();
            let wrong = &quantity.measure.value;
            let help = if known.is_empty() {
                say!(
                    language,
                    "topic `{topic_id}` defines no measures; add them under its `measures:` in content/topics.yaml",
                    "Thema `{topic_id}` hat keine Messgrößen; ergänzen Sie sie unter seinen `measures:` in content/topics.yaml"
                )
            } else {
                let place = say!(language, "topic `{topic_id}`", "Thema `{topic_id}`");
                hint(language, Named::Measure, wrong, &known, &place)
            };
            let message = say!(
                language,
                "claim `{id}`: topic `{topic_id}` has no measure `{wrong}`",
                "Behauptung `{id}`: Thema `{topic_id}` hat keine Messgröße `{wrong}`"
            );
            self.error(file, &quantity.measure, message, help);
        }
        let finite = |n: &Spanned<f64>| n.value.is_finite();
        let (low, high, is_range) = match (&quantity.value, &quantity.min, &quantity.max) {
            (Some(value), None, None) if finite(value) => (value.value, value.value, false),
            (None, Some(min), Some(max)) if finite(min) && finite(max) && min.value <= max.value => {
                (min.value, max.value, true)
            }
            (None, Some(min), Some(max)) if finite(min) && finite(max) => {
                let (low, high) = (min.value, max.value);
                let message = say!(
                    language,
                    "claim `{id}`: range minimum {low} is above its maximum {high}",
                    "Behauptung `{id}`: das Minimum {low} der Spanne liegt über ihrem Maximum {high}"
                );
                let help = say!(language, "swap `min` and `max`", "Vertauschen Sie `min` und `max`");
                self.error(file, min, message, help);
                return None;
            }
            _ => {
                self.error(
                    file,
                    &quantity.measure,
                    say!(
                        language,
                        "claim `{id}`: a quantity needs either `value` or both `min` and `max`",
                        "Behauptung `{id}`: eine Menge braucht entweder `value` oder sowohl `min` als auch `max`"
                    ),
                    say!(
                        language,
                        "write `value: 11000`, or `min: 10000` and `max: 12000`",
                        "Schreiben Sie `value: 11000`, oder `min: 10000` und `max: 12000`"
                    ),
                );
                return None;
            }
        };
        let wording = match &quantity.wording {
            Some(words) if words.value.trim().is_empty() => {
                self.error(
                    file,
                    words,
                    say!(
                        language,
                        "claim `{id}`: `wording` is empty",
                        "Behauptung `{id}`: `wording` ist leer"
                    ),
                    say!(
                        language,
                        "write the source's own words for the quantity (`wording: \"Tausende\"`), or leave `wording` out",
                        "Schreiben Sie die eigenen Worte der Quelle für die Menge (`wording: \"Tausende\"`), oder lassen Sie `wording` weg"
                    ),
                );
                None
            }
            Some(words) => Some(words.value.trim().to_owned()),
            None => None,
        };
        let measure = measure?;
        let measure_model = &topic_model.measures[measure];
        Some(Quantity {
            low,
            high,
            is_range,
            qualifier: quantity.qualifier,
            wording,
            unit: quantity.unit.clone().or_else(|| measure_model.unit.clone()),
            unit_singular: inherited_singular(&quantity.unit, &quantity.unit_singular, &measure_model.unit_singular),
            measure,
        })
    }

    /// One warning per source file whose claims have no review date from anywhere (claim,
    /// source, dossier): their `ClaimReview` has no `datePublished` and the feed leaves them out.
    fn warn_unreviewed(&mut self, claims: &[Claim], locations: &[(&Parsed<schema::SourceFile>, &schema::ClaimFile)]) {
        // Claims come in source order, so one file's claims are neighbours.
        let mut by_file: Vec<(&Parsed<schema::SourceFile>, Vec<&str>)> = Vec::new();
        for (claim, (file, _)) in claims.iter().zip(locations) {
            if claim.reviewed.is_some() {
                continue;
            }
            match by_file.last_mut().filter(|(f, _)| std::ptr::eq(*f, *file)) {
                Some((_, ids)) => ids.push(&claim.id),
                None => by_file.push((file, vec![&claim.id])),
            }
        }
        let language = self.language;
        for (file, ids) in by_file {
            let shown = ids
                .iter()
                .take(3)
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if ids.len() > 3 {
                let n = language.count(ids.len() - 3);
                say!(language, " and {n} more", " und {n} weitere")
            } else {
                String::new()
            };
            let n = language.count(ids.len());
            let message = match (language, ids.len()) {
                (Language::En, 1) => format!(
                    "no review date for 1 claim ({shown}): the published ClaimReview has no date, and the feed leaves it out"
                ),
                (Language::En, _) => format!(
                    "no review date for {n} claims ({shown}{more}): the published ClaimReview has no date, and the feed leaves them out"
                ),
                (Language::De, 1) => format!(
                    "kein Prüfdatum für 1 Behauptung ({shown}): Der veröffentlichte ClaimReview hat kein Datum, und der Feed lässt sie aus"
                ),
                (Language::De, _) => format!(
                    "kein Prüfdatum für {n} Behauptungen ({shown}{more}): Der veröffentlichte ClaimReview hat kein Datum, und der Feed lässt sie aus"
                ),
            };
            let help = say!(
                language,
                "write the day the claims were checked as `reviewed: 2024-11-18`: on a claim, on this source (for all its claims) or in dossier.yaml (for the whole dossier)",
                "Tragen Sie den Tag der Prüfung als `reviewed: 2024-11-18` ein: bei einer Behauptung, bei dieser Quelle (für alle ihre Behauptungen) oder in dossier.yaml (für das ganze Dossier)"
            );
            self.warning(file, &file.value.id, message, help);
        }
    }
}

fn derive_summary(statement: &str) -> String {
    const LIMIT: usize = 75;
    let statement = statement.trim().trim_end_matches('.');
    if statement.chars().count() <= LIMIT {
        return statement.to_owned();
    }
    let mut cut = String::new();
    for word in statement.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > LIMIT - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut}…")
}

/// A value that is the `TODO` placeholder `add-source` and `add-claim` write: the lint reports
/// it (an error), so it is not reported again as an unknown reference.
fn is_placeholder(value: &str) -> bool {
    value.trim() == "TODO"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claim dropped for its own error is named by another claim's `related:` and by
    /// `highlights:`: only its own error is reported (the dropped ids are known apart from the
    /// resolved ones), and a resolved claim named the same way is found (no error at all).
    #[test]
    fn links_to_a_claim_with_its_own_error_report_only_that_error() {
        let (mut input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 3, seed: 4 },
        );
        let text = |input: &crate::load::InputFiles, key: &str| input.text(key).expect("text").to_string();
        let (first, second) = ("content/sources/00000.yaml", "content/sources/00001.yaml");
        let first_text = text(&input, first);
        let first_id = first_text
            .lines()
            .find_map(|line| line.strip_prefix("  - id: "))
            .expect("a claim")
            .to_owned();
        let second_text = text(&input, second);
        let entry = format!("      - {{ claim: {first_id}, relation: contradicts }}");
        let linked = if second_text.contains("\n    related:\n") {
            // A claim that links already: one more entry in its list.
            second_text.replacen("\n    related:\n", &format!("\n    related:\n{entry}\n"), 1)
        } else {
            let linking = second_text
                .lines()
                .find(|line| line.starts_with("  - id: "))
                .expect("a claim")
                .to_owned();
            second_text.replacen(&linking, &format!("{linking}\n    related:\n{entry}"), 1)
        };
        input.insert_text(second, &linked);
        let config = text(&input, "dossier.yaml");
        input.insert_text(
            "dossier.yaml",
            &format!("{}\nhighlights:\n  - {first_id}\n", config.trim_end()),
        );
        let errors = |input: &crate::load::InputFiles| {
            let mut problems = crate::diagnostic::Diagnostics::new();
            let parsed = crate::load::parse(input, &mut problems);
            crate::model::resolve(&parsed, input, &mut problems);
            problems
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(errors(&input), Vec::<String>::new(), "a resolved claim is found");

        let topic_line = first_text
            .lines()
            .find(|line| line.starts_with("    topic: "))
            .expect("a topic")
            .to_owned();
        input.insert_text(first, &first_text.replacen(&topic_line, "    topic: gibt-es-nicht", 1));
        let found = errors(&input);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("gibt-es-nicht") && found[0].contains(&first_id),
            "{found:?}"
        );
    }

    #[test]
    fn summaries_are_short() {
        let long = "Nordkorea hat nach Angaben von Bloomberg bis zu 100.000 Soldaten zur Unterstützung Russlands an die Front geschickt.";
        let summary = derive_summary(long);
        assert!(summary.chars().count() <= 75, "{summary}");
        assert!(summary.ends_with('…'));
        assert_eq!(derive_summary("Kurz."), "Kurz");
    }
}
