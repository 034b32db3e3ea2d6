//! The provenance phase (see [`crate::model::provenance`]): constraints read from
//! `topics.yaml`, then, over the resolved dossier, the independent origins of every claim, the
//! verdict rules, the constraint violations and the suggested links, each reported where the
//! annotator fixes it.

use super::Resolver;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::Parsed;
use crate::load::schema::{self, Qualifier, Relation};
use crate::model::provenance::{ConstraintKind, constraints, independence, suggestions};
use crate::model::types::{Dossier, Quantity, Topic};
use crate::model::{ClaimId, TopicId};

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
            match constraints::parse(&text.value, topic) {
                Ok(constraint) => topic.constraints.push(constraint),
                Err(error) => {
                    let at = scalar_char_position(&file.text, text, error.at);
                    let message = format!(
                        "constraint `{}` of topic `{}`: {}",
                        text.value.trim(),
                        topic.id,
                        error.message
                    );
                    let diagnostic = Diagnostic::error(&file.path, at, message).with_help(error.help);
                    self.push_in(file, diagnostic);
                }
            }
        }
    }

    /// Independent origins, verdict rules, constraint violations and suggestions over `dossier`.
    pub(super) fn provenance(&mut self, dossier: &mut Dossier, locations: ClaimLocations<'_, '_>) {
        independence::compute(&mut dossier.claims);
        self.verdict_rules(dossier, locations);
        for t in 0..dossier.topics.len() {
            let violations = constraints::evaluate(dossier, TopicId::new(t));
            dossier.topics[t].violations = violations;
        }
        self.unacknowledged_violations(dossier, locations);
        self.suggestions(dossier, locations);
    }

    fn verdict_rules(&mut self, dossier: &Dossier, locations: ClaimLocations<'_, '_>) {
        for (claim, (file, raw)) in dossier.claims.iter().zip(locations) {
            let verdict = &dossier.config.verdicts[claim.verdict];
            let Some(required) = verdict.required_origins else {
                continue;
            };
            let found = claim.independent_origins.len();
            if claim.basis.is_some() || found >= required as usize {
                continue;
            }
            let names: Vec<String> = claim
                .independent_origins
                .iter()
                .map(|o| origin_text(dossier, o.claims[0]))
                .collect();
            let message = format!(
                "claim `{}` is rated `{}`, which requires {required} independent origins, but {found} {} behind it ({})",
                claim.id,
                verdict.id,
                if found == 1 { "stands" } else { "stand" },
                names.join("; ")
            );
            let help = "link a claim of another origin that backs it (`supports`, declared on that claim), name what the verdict rests on instead (`basis: calendar` or `basis: arithmetic`), or choose the verdict the evidence allows";
            self.error(*file, &raw.verdict, message, help);
        }
    }

    fn unacknowledged_violations(&mut self, dossier: &Dossier, locations: ClaimLocations<'_, '_>) {
        for topic in &dossier.topics {
            for violation in topic.violations.iter().filter(|v| !v.acknowledged) {
                let constraint = &topic.constraints[violation.constraint];
                let figures: Vec<String> = violation
                    .claims
                    .iter()
                    .map(|&c| {
                        let claim = &dossier.claims[c];
                        let quantity = claim.quantity.as_ref().expect("violations are between figures");
                        format!(
                            "`{}` gives {} for `{}`",
                            claim.id,
                            figure_text(quantity),
                            topic.measures[quantity.measure].id
                        )
                    })
                    .collect();
                let what = match constraint.kind {
                    ConstraintKind::Order(_) => "cannot both be true under",
                    ConstraintKind::Ratio { .. } => "do not fit",
                };
                let [first, second, ..] = violation.claims[..] else {
                    continue;
                };
                let (file, raw) = locations[first.index()];
                let message = format!(
                    "figures of topic `{}` {what} its constraint `{}`: {}",
                    topic.id,
                    constraint.text,
                    figures.join(", ")
                );
                let help = format!(
                    "if the figures really contradict each other, add to the `related:` list of `{}`:\n    - {{ claim: {}, relation: contradicts }}\nor say so in its note (naming `{}`); if they count different things or times, correct the measure, the `as_of` or the constraint in content/topics.yaml",
                    dossier.claims[first].id, dossier.claims[second].id, dossier.claims[second].id
                );
                self.warning(file, &raw.id, message, help);
            }
        }
    }

    fn suggestions(&mut self, dossier: &Dossier, locations: ClaimLocations<'_, '_>) {
        for suggestion in suggestions::find(dossier) {
            let claim = &dossier.claims[suggestion.claim];
            let other = &dossier.claims[suggestion.other];
            let (file, raw) = locations[suggestion.claim.index()];
            let quantity =
                |c: &crate::model::Claim| figure_text(c.quantity.as_ref().expect("suggestions are between figures"));
            let more = match suggestion.more {
                0 => String::new(),
                1 => " (and 1 more claim)".to_owned(),
                n => format!(" (and {n} more claims)"),
            };
            let (message, why) = match suggestion.relation {
                Relation::SameOrigin => (
                    format!(
                        "claim `{}` ({}, {}) {} `{}` ({}, {}) of another article{more}",
                        claim.id,
                        quantity(claim),
                        origin_text(dossier, suggestion.claim),
                        suggestions::SAME_ORIGIN_WORDS,
                        other.id,
                        quantity(other),
                        origin_text(dossier, suggestion.other)
                    ),
                    "if both go back to one report (the topic table then counts it once)",
                ),
                _ => (
                    format!(
                        "claim `{}` ({}) and `{}` ({}) count the same at overlapping dates {}{more}",
                        claim.id,
                        quantity(claim),
                        other.id,
                        quantity(other),
                        suggestions::CONTRADICTS_WORDS
                    ),
                    "if they contradict each other (if they count different things or times, correct the measure, the figure or the `as_of` instead)",
                ),
            };
            let help = format!(
                "{why}, add to the `related:` list of `{}`:\n    - {{ claim: {}, relation: {} }}",
                claim.id,
                other.id,
                schema_relation(suggestion.relation)
            );
            self.warning(file, &raw.id, message, help);
        }
    }
}

/// How the content files spell a relation.
fn schema_relation(relation: Relation) -> &'static str {
    match relation {
        Relation::Contradicts => "contradicts",
        Relation::Supports => "supports",
        Relation::SameOrigin => "same-origin",
        Relation::Updates => "updates",
    }
}

/// A claim's origin chain in words, for messages: "NATO via Reuters", "the article itself
/// (source `a`)".
fn origin_text(dossier: &Dossier, c: ClaimId) -> String {
    let claim = &dossier.claims[c];
    let mut text = match claim.origin {
        Some(origin) => dossier.origins[origin].name.clone(),
        None => format!("the article itself (source `{}`)", dossier.sources[claim.source].id),
    };
    for &via in &claim.via {
        text.push_str(&format!(" via {}", dossier.origins[via].name));
    }
    text
}

/// A figure as the annotator wrote it, for messages: "up-to 12000", "10000–12000".
fn figure_text(quantity: &Quantity) -> String {
    let number = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    };
    let value = if quantity.is_range {
        format!("{}–{}", number(quantity.low), number(quantity.high))
    } else {
        number(quantity.low)
    };
    let qualifier = match quantity.qualifier {
        None => "",
        Some(Qualifier::Exactly) => "exactly ",
        Some(Qualifier::About) => "about ",
        Some(Qualifier::JustUnder) => "just under ",
        Some(Qualifier::UpTo) => "up to ",
        Some(Qualifier::MoreThan) => "more than ",
        Some(Qualifier::AtLeast) => "at least ",
        Some(Qualifier::LessThan) => "less than ",
    };
    match &quantity.wording {
        Some(words) => format!("\"{words}\" ({qualifier}{value})"),
        None => format!("{qualifier}{value}"),
    }
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
