//! The provenance phase (see [`crate::model::provenance`]): constraints read from
//! `topics.yaml`, then, over the resolved dossier, the independent origins of every claim, the
//! verdict rules, the constraint violations and the suggested links, each reported where the
//! annotator fixes it.

use std::collections::HashMap;

use super::Resolver;
use crate::diagnostic::{Diagnostic, Language, Position};
use crate::load::schema::{self, Relation};
use crate::load::{Parsed, ParsedDossier};
use crate::model::figure;
use crate::model::provenance::{ConstraintKind, constraints, independence, suggestions};
use crate::model::types::{Dossier, Topic};
use crate::model::{ClaimId, TopicId};
use crate::say;

/// Where each claim was written, by claim index.
pub(super) type ClaimLocations<'a, 'f> = &'a [(&'f Parsed<schema::SourceFile>, &'f schema::ClaimFile)];

impl Resolver<'_> {
    /// Reads the `constraints:` of `raw` (topic `topic`, measures resolved), reporting each one
    /// that cannot be read at the word it trips on.
    pub(super) fn topic_constraints(
        &mut self,
        file: &Parsed<Vec<schema::TopicFile>>,
        raw: &schema::TopicFile,
        topic: &mut Topic,
    ) {
        for text in &raw.constraints {
            match constraints::parse(&text.value, topic, self.language) {
                Ok(constraint) => topic.constraints.push(constraint),
                Err(error) => {
                    let at = scalar_char_position(&file.text, text, error.at);
                    let (constraint, id, problem) = (text.value.trim(), &topic.id, &error.message);
                    let message = say!(
                        self.language,
                        "constraint `{constraint}` of topic `{id}`: {problem}",
                        "Bedingung `{constraint}` von Thema `{id}`: {problem}"
                    );
                    let diagnostic = Diagnostic::error(&file.path, at, message).with_help(error.help);
                    self.push_in(file, diagnostic);
                }
            }
        }
    }

    /// Independent origins, verdict rules, constraint violations and suggestions over `dossier`
    /// (`resolved`: the ids of its claims; `parsed`: the files read, whose texts the warnings
    /// read).
    pub(super) fn provenance(
        &mut self,
        dossier: &mut Dossier,
        locations: ClaimLocations<'_, '_>,
        resolved: &HashMap<&str, ClaimId>,
        parsed: &ParsedDossier,
    ) {
        independence::compute(&mut dossier.claims);
        self.verdict_rules(dossier, locations, resolved);
        for t in 0..dossier.topics.len() {
            let violations = constraints::evaluate(dossier, TopicId::new(t));
            dossier.topics[t].violations = violations;
        }
        self.unacknowledged_violations(dossier, locations);
        self.suggestions(dossier, locations, parsed);
    }

    fn verdict_rules(
        &mut self,
        dossier: &Dossier,
        locations: ClaimLocations<'_, '_>,
        resolved: &HashMap<&str, ClaimId>,
    ) {
        let language = self.language;
        for (claim, (file, raw)) in dossier.claims.iter().zip(locations) {
            let verdict = &dossier.config.verdicts[claim.verdict];
            let Some(required) = verdict.required_origins else {
                continue;
            };
            // A claim it names is in a file with its own error (or names no claim: an error
            // too): its origins cannot be counted until that is fixed, and a count without them
            // would report a rule broken that may hold.
            if raw
                .related
                .iter()
                .any(|r| !resolved.contains_key(r.claim.value.as_str()))
            {
                continue;
            }
            let found = claim.independent_origins.len();
            if claim.basis.is_some() || found >= required as usize {
                continue;
            }
            let names: Vec<String> = claim
                .independent_origins
                .iter()
                .map(|o| origin_text(dossier, o.claims[0], language))
                .collect();
            let (id, verdict_id, names) = (&claim.id, &verdict.id, names.join("; "));
            let message = match (language, found) {
                (Language::En, 1) => format!(
                    "claim `{id}` is rated `{verdict_id}`, which requires {required} independent origins, but 1 stands behind it ({names})"
                ),
                (Language::En, _) => format!(
                    "claim `{id}` is rated `{verdict_id}`, which requires {required} independent origins, but {found} stand behind it ({names})"
                ),
                (Language::De, 1) => format!(
                    "Behauptung `{id}` ist mit `{verdict_id}` bewertet, das {required} unabhängige Ursprünge verlangt, aber nur 1 steht dahinter ({names})"
                ),
                (Language::De, _) => format!(
                    "Behauptung `{id}` ist mit `{verdict_id}` bewertet, das {required} unabhängige Ursprünge verlangt, aber {found} stehen dahinter ({names})"
                ),
            };
            let help = say!(
                language,
                "link a claim of another origin that backs it (`supports`, declared on that claim), name what the verdict rests on instead (`basis: calendar` or `basis: arithmetic`), or choose the verdict the evidence allows",
                "Verknüpfen Sie eine Behauptung eines anderen Ursprungs, die sie stützt (`supports`, an jener Behauptung angegeben), nennen Sie stattdessen, worauf die Bewertung beruht (`basis: calendar` oder `basis: arithmetic`), oder wählen Sie die Bewertung, die die Belege erlauben"
            );
            self.error(*file, &raw.verdict, message, help);
        }
    }

    fn unacknowledged_violations(&mut self, dossier: &Dossier, locations: ClaimLocations<'_, '_>) {
        let language = self.language;
        for topic in &dossier.topics {
            for violation in topic.violations.iter().filter(|v| !v.acknowledged) {
                let constraint = &topic.constraints[violation.constraint];
                let figures: Vec<String> = violation
                    .claims
                    .iter()
                    .map(|&c| {
                        let claim = &dossier.claims[c];
                        let quantity = claim.quantity.as_ref().expect("violations are between figures");
                        let (id, figure, measure) = (
                            &claim.id,
                            figure::figure(language, quantity),
                            &topic.measures[quantity.measure].id,
                        );
                        say!(
                            language,
                            "`{id}` gives {figure} for `{measure}`",
                            "`{id}` nennt {figure} für `{measure}`"
                        )
                    })
                    .collect();
                let (topic_id, text, figures) = (&topic.id, &constraint.text, figures.join(", "));
                let [first, second, ..] = violation.claims[..] else {
                    continue;
                };
                let (file, raw) = locations[first.index()];
                let message = match (language, &constraint.kind) {
                    (Language::En, ConstraintKind::Order(_)) => format!(
                        "figures of topic `{topic_id}` cannot both be true under its constraint `{text}`: {figures}"
                    ),
                    (Language::En, ConstraintKind::Ratio { .. }) => {
                        format!("figures of topic `{topic_id}` do not fit its constraint `{text}`: {figures}")
                    }
                    (Language::De, ConstraintKind::Order(_)) => format!(
                        "Zahlen von Thema `{topic_id}` können unter seiner Bedingung `{text}` nicht beide stimmen: {figures}"
                    ),
                    (Language::De, ConstraintKind::Ratio { .. }) => {
                        format!("Zahlen von Thema `{topic_id}` passen nicht zu seiner Bedingung `{text}`: {figures}")
                    }
                };
                let (a, b) = (&dossier.claims[first].id, &dossier.claims[second].id);
                let help = say!(
                    language,
                    "if the figures really contradict each other, add to the `related:` list of `{a}`:\n    - {{ claim: {b}, relation: contradicts }}\nor say so in its note (naming `{b}`); if they count different things or times, correct the measure, the `as_of` or the constraint in content/topics.yaml",
                    "widersprechen sich die Zahlen wirklich, ergänzen Sie in der `related:`-Liste von `{a}`:\n    - {{ claim: {b}, relation: contradicts }}\noder sagen Sie es in ihrer Notiz (mit `{b}`); zählen sie verschiedene Dinge oder Zeitpunkte, korrigieren Sie die Messgröße, das `as_of` oder die Bedingung in content/topics.yaml"
                );
                self.warning(file, &raw.id, message, help);
            }
        }
    }

    /// The suggested links as warnings, in claim order; with a memo (`serve`), each set's
    /// warnings are worded again only when the set or a text they read changed
    /// ([`suggestions::Worded`]).
    fn suggestions(&mut self, dossier: &Dossier, locations: ClaimLocations<'_, '_>, parsed: &ParsedDossier) {
        let language = self.language;
        let Some(mut memo) = self.suggestion_memo.take() else {
            for suggestion in suggestions::find(dossier) {
                let warning = suggestion_warning(dossier, locations, language, &suggestion);
                self.diagnostics.push(warning);
            }
            return;
        };
        let references = [
            parsed.config.as_ref().map(|f| &f.text),
            parsed.topics.as_ref().map(|f| &f.text),
            parsed.origins.as_ref().map(|f| &f.text),
        ];
        let sets = suggestions::find_sets(dossier, &mut memo);
        // Per warning: its claim, whether it is a `contradicts`, its set and its place there.
        let mut order: Vec<(ClaimId, bool, usize, usize)> = Vec::new();
        let mut worded = Vec::with_capacity(sets.len());
        for set in sets.iter().filter(|set| !set.is_empty()) {
            let files = || {
                set.members.iter().map(|&c| {
                    let (file, _) = locations[c.index()];
                    (file.path.as_str(), &file.text)
                })
            };
            let made = memo.worded(
                set.key,
                |kept| kept.fits(language, &references, files()),
                || {
                    let diagnostics = set
                        .suggestions()
                        .map(|suggestion| suggestion_warning(dossier, locations, language, &suggestion))
                        .collect();
                    suggestions::Worded::new(language, &references, files(), diagnostics)
                },
            );
            for (place, suggestion) in set.suggestions().enumerate() {
                let contradicts = suggestion.relation != Relation::SameOrigin;
                order.push((suggestion.claim, contradicts, worded.len(), place));
            }
            worded.push(made);
        }
        self.suggestion_memo = Some(memo);
        order.sort_unstable();
        for (_, _, set, place) in order {
            self.diagnostics.push(worded[set].diagnostics[place].clone());
        }
    }
}

/// The warning of one suggested link, at the id of the claim it belongs on.
fn suggestion_warning(
    dossier: &Dossier,
    locations: ClaimLocations<'_, '_>,
    language: Language,
    suggestion: &suggestions::Suggestion,
) -> Diagnostic {
    let claim = &dossier.claims[suggestion.claim];
    let other = &dossier.claims[suggestion.other];
    let (file, raw) = locations[suggestion.claim.index()];
    let quantity = |c: &crate::model::Claim| {
        figure::figure(language, c.quantity.as_ref().expect("suggestions are between figures"))
    };
    let more = match (language, suggestion.more) {
        (_, 0) => String::new(),
        (Language::En, 1) => " (and 1 more claim)".to_owned(),
        (Language::En, n) => format!(" (and {} more claims)", language.count(n)),
        (Language::De, 1) => " (und 1 weitere Behauptung)".to_owned(),
        (Language::De, n) => format!(" (und {} weitere Behauptungen)", language.count(n)),
    };
    let (id, other_id) = (&claim.id, &other.id);
    let (figure, other_figure) = (quantity(claim), quantity(other));
    let (message, help) = match suggestion.relation {
        Relation::SameOrigin => {
            let (origin, other_origin) = (
                origin_text(dossier, suggestion.claim, language),
                origin_text(dossier, suggestion.other, language),
            );
            let words = suggestions::same_origin_words(language);
            (
                say!(
                    language,
                    "claim `{id}` ({figure}, {origin}) {words} `{other_id}` ({other_figure}, {other_origin}) of another article{more}",
                    "Behauptung `{id}` ({figure}, {origin}) {words} `{other_id}` ({other_figure}, {other_origin}) aus einem anderen Artikel{more}"
                ),
                say!(
                    language,
                    "if both go back to one report (the topic table then counts it once), add to the `related:` list of `{id}`:\n    - {{ claim: {other_id}, relation: same-origin }}",
                    "gehen beide auf eine Meldung zurück (die Thementabelle zählt sie dann einmal), ergänzen Sie in der `related:`-Liste von `{id}`:\n    - {{ claim: {other_id}, relation: same-origin }}"
                ),
            )
        }
        _ => {
            let words = suggestions::contradicts_words(language);
            (
                say!(
                    language,
                    "claim `{id}` ({figure}) and `{other_id}` ({other_figure}) count the same at overlapping dates {words}{more}",
                    "Behauptung `{id}` ({figure}) und `{other_id}` ({other_figure}) zählen dasselbe zu sich überschneidenden Zeitpunkten, {words}{more}"
                ),
                say!(
                    language,
                    "if they contradict each other (if they count different things or times, correct the measure, the figure or the `as_of` instead), add to the `related:` list of `{id}`:\n    - {{ claim: {other_id}, relation: contradicts }}",
                    "widersprechen sie sich (zählen sie verschiedene Dinge oder Zeitpunkte, korrigieren Sie stattdessen die Messgröße, die Zahl oder das `as_of`), ergänzen Sie in der `related:`-Liste von `{id}`:\n    - {{ claim: {other_id}, relation: contradicts }}"
                ),
            )
        }
    };
    Diagnostic::warning(&file.path, super::position(&raw.id), message)
        .with_help(help)
        .with_source_lines(&file.text, &file.lines)
}

/// A claim's origin chain in words, for messages: "NATO via Reuters", "the article itself
/// (source `a`)"; in German "NATO über Reuters", "der Artikel selbst (Quelle `a`)".
fn origin_text(dossier: &Dossier, c: ClaimId, language: Language) -> String {
    let claim = &dossier.claims[c];
    let mut text = match claim.origin {
        Some(origin) => dossier.origins[origin].name.clone(),
        None => {
            let source = &dossier.sources[claim.source].id;
            say!(
                language,
                "the article itself (source `{source}`)",
                "der Artikel selbst (Quelle `{source}`)"
            )
        }
    };
    for &via in &claim.via {
        let name = &dossier.origins[via].name;
        text.push_str(&say!(language, " via {name}", " über {name}"));
    }
    text
}

/// The position of character `offset` of a scalar's value in `text`, the file it was read from
/// (past the opening quote of a quoted scalar); the scalar's own position when the file does not
/// hold the value there (an escape sequence before the offset).
fn scalar_char_position(text: &str, scalar: &serde_saphyr::Spanned<String>, offset: usize) -> Option<Position> {
    let fallback = super::position(scalar);
    let Some(start) = scalar.referenced.span().byte_offset() else {
        return fallback;
    };
    let Ok(start) = usize::try_from(start) else {
        return fallback;
    };
    let Some(rest) = text.get(start..) else { return fallback };
    let body = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => &rest[quote.len_utf8()..],
        _ => rest,
    };
    let prefix: String = scalar.value.chars().take(offset).collect();
    if !body.starts_with(&prefix) {
        return fallback;
    }
    let at = text.len() - body.len() + prefix.len();
    Some(Position::of_offset(text, at))
}
