//! Constraints between the measures of a topic, as declared in `topics.yaml`:
//!
//! - an order, `an-der-front <= entsandt <= geplant` (also `<`, `>=`, `>`; one direction per
//!   line): every pair of the chain, so `an-der-front <= geplant` too;
//! - a ratio, `share = part / whole`: the share's figure must be the quotient of the other two
//!   (times 100 when the share's unit is per cent).
//!
//! A constraint is checked over figures whose as-of dates may mean a common day (a claim without
//! `as_of` stands at its article's publication date), each figure read as an [`Interval`]: it is
//! broken only when no values the qualifiers allow could satisfy it. A violation is
//! *acknowledged* when two of its claims are linked by `contradicts`, or a note of one of them
//! names another by id.

use crate::diagnostic::Language;
use crate::say;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::interval::{DateWindow, Interval};
use crate::load::schema::Relation;
use crate::model::{Claim, ClaimId, Dossier, MeasureId, Topic, TopicId};

/// A declared constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Constraint {
    /// As written, with single spaces.
    pub text: String,
    /// What it says.
    pub kind: ConstraintKind,
}

/// What a constraint says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ConstraintKind {
    /// Every pair of an ordered chain, lower measure first.
    Order(Vec<OrderPair>),
    /// `share = part / whole`.
    Ratio {
        /// The share.
        share: MeasureId,
        /// The part.
        part: MeasureId,
        /// The whole.
        whole: MeasureId,
        /// The share is in per cent: compare with 100 × part / whole.
        percent: bool,
    },
}

/// `lower <= upper` (or `<` when strict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OrderPair {
    /// The smaller measure.
    pub lower: MeasureId,
    /// The larger measure.
    pub upper: MeasureId,
    /// `<` rather than `<=`.
    pub strict: bool,
}

/// Figures that break a constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Index into the topic's constraints.
    pub constraint: usize,
    /// The claims: `[lower, upper]` for an order, `[share, part, whole]` for a ratio.
    pub claims: Vec<ClaimId>,
    /// A `contradicts` link between two of them or a note of one naming another acknowledges it.
    pub acknowledged: bool,
}

/// Why a constraint's text cannot be read: the message, its help, and the character offset in
/// the text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Character offset in the constraint's text.
    pub at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
    Div,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Name(String),
    Op(Op),
}

/// How a constraint is written, in `language`.
fn shape_help(language: Language) -> String {
    language
        .pick(
            "write an order like `an-der-front <= entsandt <= geplant` (also <, >=, >) or a ratio like `share = part / whole`, using the topic's measure ids",
            "Schreiben Sie eine Reihenfolge wie `an-der-front <= entsandt <= geplant` (auch <, >=, >) oder ein Verhältnis wie `share = part / whole`, mit den Kennungen der Messgrößen des Themas",
        )
        .to_owned()
}

fn tokens(text: &str, language: Language) -> Result<Vec<(Token, usize)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '-' || chars[i] == '_') {
                i += 1;
            }
            out.push((Token::Name(chars[start..i].iter().collect()), start));
        } else {
            let next = chars.get(i + 1).copied();
            let (op, len) = match (c, next) {
                ('<', Some('=')) | ('≤', _) => (Op::Le, if c == '<' { 2 } else { 1 }),
                ('>', Some('=')) | ('≥', _) => (Op::Ge, if c == '>' { 2 } else { 1 }),
                ('<', _) => (Op::Lt, 1),
                ('>', _) => (Op::Gt, 1),
                ('=', Some('=')) => (Op::Eq, 2),
                ('=', _) => (Op::Eq, 1),
                ('/', _) => (Op::Div, 1),
                _ => {
                    return Err(ParseError {
                        message: say!(
                            language,
                            "`{c}` has no meaning in a constraint",
                            "`{c}` hat in einer Bedingung keine Bedeutung"
                        ),
                        help: shape_help(language),
                        at: i,
                    });
                }
            };
            out.push((Token::Op(op), i));
            i += len;
        }
    }
    Ok(out)
}

/// Reads one constraint of `topic`. `percent` says whether a measure's unit is per cent. Errors
/// are in `language`.
pub fn parse(text: &str, topic: &Topic, language: Language) -> Result<Constraint, ParseError> {
    let tokens = tokens(text, language)?;
    let end = text.chars().count();
    let measure = |name: &str, at: usize| -> Result<MeasureId, ParseError> {
        match topic.measures.iter().position(|m| m.id == name) {
            Some(m) => Ok(MeasureId::new(m)),
            None => {
                let known: Vec<&str> = topic.measures.iter().map(|m| m.id.as_str()).collect();
                let id = &topic.id;
                let place = say!(language, "topic `{id}`", "Thema `{id}`");
                Err(ParseError {
                    message: say!(
                        language,
                        "topic `{id}` has no measure `{name}`",
                        "Thema `{id}` hat keine Messgröße `{name}`"
                    ),
                    help: crate::diagnostic::hint(language, crate::diagnostic::Named::Measure, name, &known, &place),
                    at,
                })
            }
        }
    };
    let shape = |at: usize, message: String| ParseError {
        message,
        help: shape_help(language),
        at,
    };
    // Names at even positions, operators at odd ones.
    let mut names: Vec<(MeasureId, usize)> = Vec::new();
    let mut ops: Vec<(Op, usize)> = Vec::new();
    for (position, (token, at)) in tokens.iter().enumerate() {
        match (token, position % 2) {
            (Token::Name(name), 0) => names.push((measure(name, *at)?, *at)),
            (Token::Op(op), 1) => ops.push((*op, *at)),
            (Token::Name(name), _) => {
                return Err(shape(
                    *at,
                    say!(
                        language,
                        "`{name}` follows a measure without an operator between them",
                        "`{name}` folgt auf eine Messgröße ohne Operator dazwischen"
                    ),
                ));
            }
            (Token::Op(_), _) => {
                return Err(shape(
                    *at,
                    say!(
                        language,
                        "an operator needs a measure on each side",
                        "ein Operator braucht auf jeder Seite eine Messgröße"
                    ),
                ));
            }
        }
    }
    if names.len() < 2 || names.len() == ops.len() {
        let at = tokens.last().map_or(end, |(_, at)| *at);
        return Err(shape(
            at,
            say!(
                language,
                "a constraint relates at least two measures, with an operator between each two",
                "eine Bedingung verbindet mindestens zwei Messgrößen, mit einem Operator zwischen je zweien"
            ),
        ));
    }
    let mut seen = HashSet::new();
    for &(m, at) in &names {
        if !seen.insert(m) {
            let id = &topic.measures[m].id;
            return Err(shape(
                at,
                say!(
                    language,
                    "measure `{id}` appears twice",
                    "die Messgröße `{id}` kommt zweimal vor"
                ),
            ));
        }
    }
    let normalised = tokens
        .iter()
        .map(|(t, _)| match t {
            Token::Name(n) => n.clone(),
            Token::Op(op) => match op {
                Op::Le => "<=",
                Op::Lt => "<",
                Op::Ge => ">=",
                Op::Gt => ">",
                Op::Eq => "=",
                Op::Div => "/",
            }
            .to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    if ops.iter().any(|(op, _)| matches!(op, Op::Eq | Op::Div)) {
        return match (names.as_slice(), ops.as_slice()) {
            ([(share, _), (part, _), (whole, _)], [(Op::Eq, _), (Op::Div, _)]) => {
                let unit = topic.measures[*share].unit.as_deref().unwrap_or("");
                let percent = unit.contains('%')
                    || unit.to_lowercase().contains("prozent")
                    || unit.to_lowercase().contains("percent");
                Ok(Constraint {
                    text: normalised,
                    kind: ConstraintKind::Ratio {
                        share: *share,
                        part: *part,
                        whole: *whole,
                        percent,
                    },
                })
            }
            _ => Err(shape(
                ops[0].1,
                say!(
                    language,
                    "a ratio is written `share = part / whole`, with three measures",
                    "ein Verhältnis wird `share = part / whole` geschrieben, mit drei Messgrößen"
                ),
            )),
        };
    }
    let ascending = matches!(ops[0].0, Op::Le | Op::Lt);
    if let Some(&(_, at)) = ops.iter().find(|(op, _)| matches!(op, Op::Le | Op::Lt) != ascending) {
        return Err(shape(
            at,
            say!(
                language,
                "the chain mixes `<` and `>`: write it in one direction",
                "die Kette mischt `<` und `>`: Schreiben Sie sie in einer Richtung"
            ),
        ));
    }
    let mut pairs = Vec::new();
    for i in 0..names.len() {
        for j in i + 1..names.len() {
            let strict = ops[i..j].iter().any(|(op, _)| matches!(op, Op::Lt | Op::Gt));
            let (lower, upper) = if ascending {
                (names[i].0, names[j].0)
            } else {
                (names[j].0, names[i].0)
            };
            pairs.push(OrderPair { lower, upper, strict });
        }
    }
    Ok(Constraint {
        text: normalised,
        kind: ConstraintKind::Order(pairs),
    })
}

/// A figure of a topic: its claim, its interval and its as-of window.
struct Figure {
    claim: ClaimId,
    group: ClaimId,
    interval: Interval,
    window: DateWindow,
}

/// The as-of window of a claim: its `as_of`, else its article's publication date.
pub fn as_of_window(dossier_sources: &[crate::model::Source], claim: &Claim) -> DateWindow {
    DateWindow::of(claim.as_of.as_ref().unwrap_or(&dossier_sources[claim.source].published))
}

/// The violations of topic `topic`'s constraints in `dossier` (each pair of same-origin groups
/// once).
pub fn evaluate(dossier: &Dossier, topic: TopicId) -> Vec<Violation> {
    let topic_model = &dossier.topics[topic];
    if topic_model.constraints.is_empty() {
        return Vec::new();
    }
    let mut by_measure: HashMap<MeasureId, Vec<Figure>> = HashMap::new();
    for &c in &topic_model.claims {
        let claim = &dossier.claims[c];
        if let Some(quantity) = &claim.quantity {
            by_measure.entry(quantity.measure).or_default().push(Figure {
                claim: c,
                group: claim.origin_group,
                interval: Interval::of(quantity),
                window: as_of_window(&dossier.sources, claim),
            });
        }
    }
    let none = Vec::new();
    let figures = |m: MeasureId| by_measure.get(&m).unwrap_or(&none);
    let mut violations = Vec::new();
    for (index, constraint) in topic_model.constraints.iter().enumerate() {
        let mut seen: HashSet<Vec<ClaimId>> = HashSet::new();
        let mut push = |claims: Vec<ClaimId>, groups: Vec<ClaimId>| {
            if seen.insert(groups) {
                violations.push(Violation {
                    constraint: index,
                    acknowledged: acknowledged(dossier, &claims),
                    claims,
                });
            }
        };
        match &constraint.kind {
            ConstraintKind::Order(pairs) => {
                for pair in pairs {
                    for low in figures(pair.lower) {
                        for high in figures(pair.upper) {
                            if !low.window.overlaps(&high.window) {
                                continue;
                            }
                            let broken = if pair.strict {
                                low.interval.entirely_at_or_above(&high.interval)
                            } else {
                                low.interval.entirely_above(&high.interval)
                            };
                            if broken {
                                push(vec![low.claim, high.claim], vec![low.group, high.group]);
                            }
                        }
                    }
                }
            }
            ConstraintKind::Ratio {
                share,
                part,
                whole,
                percent,
            } => {
                for s in figures(*share) {
                    for p in figures(*part) {
                        if !s.window.overlaps(&p.window) {
                            continue;
                        }
                        for w in figures(*whole) {
                            if !w.window.overlaps(&s.window) || !w.window.overlaps(&p.window) {
                                continue;
                            }
                            let Some(ratio) = p.interval.divided_by(&w.interval) else {
                                continue;
                            };
                            let ratio = if *percent { ratio.scaled(100.0) } else { ratio };
                            if !ratio.overlaps(&s.interval) {
                                push(vec![s.claim, p.claim, w.claim], vec![s.group, p.group, w.group]);
                            }
                        }
                    }
                }
            }
        }
    }
    violations
}

/// Whether two of `claims` are linked by `contradicts`, or a note of one names another by id.
pub fn acknowledged(dossier: &Dossier, claims: &[ClaimId]) -> bool {
    claims.iter().any(|&a| {
        let claim = &dossier.claims[a];
        claims.iter().filter(|&&b| b != a).any(|&b| {
            claim
                .links
                .iter()
                .any(|l| l.relation == Relation::Contradicts && l.claim == b)
                || claim
                    .note
                    .as_deref()
                    .is_some_and(|note| names_claim(note, &dossier.claims[b].id))
        })
    })
}

/// Whether `note` names the claim `id` as a whole word (a `claim:ID` link or the bare id).
fn names_claim(note: &str, id: &str) -> bool {
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    note.match_indices(id).any(|(at, _)| {
        let before = note[..at].chars().next_back();
        let after = note[at + id.len()..].chars().next();
        before.is_none_or(|c| !is_id_char(c)) && after.is_none_or(|c| !is_id_char(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measure;

    fn topic() -> Topic {
        let measure = |id: &str, unit: Option<&str>| Measure {
            id: id.to_owned(),
            label: id.to_owned(),
            unit: unit.map(str::to_owned),
            unit_singular: None,
            description: None,
        };
        Topic {
            id: "t".into(),
            title: "T".into(),
            question: "?".into(),
            unit: None,
            unit_singular: None,
            description: String::new(),
            measures: vec![
                measure("front", None),
                measure("sent", None),
                measure("planned", None),
                measure("share", Some("%")),
            ],
            claims: Vec::new(),
            constraints: Vec::new(),
            violations: Vec::new(),
        }
    }

    #[test]
    fn a_chain_gives_every_pair() {
        let parsed = parse("front <= sent<planned", &topic(), Language::En).unwrap();
        assert_eq!(parsed.text, "front <= sent < planned");
        let ConstraintKind::Order(pairs) = parsed.kind else {
            panic!()
        };
        let pairs: Vec<(usize, usize, bool)> = pairs
            .iter()
            .map(|p| (p.lower.index(), p.upper.index(), p.strict))
            .collect();
        assert_eq!(pairs, [(0, 1, false), (0, 2, true), (1, 2, true)]);
        let ConstraintKind::Order(down) = parse("planned >= front", &topic(), Language::En).unwrap().kind else {
            panic!()
        };
        assert_eq!((down[0].lower.index(), down[0].upper.index()), (0, 2));
    }

    #[test]
    fn a_ratio_knows_per_cent() {
        let parsed = parse("share = front / planned", &topic(), Language::En).unwrap();
        assert!(matches!(parsed.kind, ConstraintKind::Ratio { percent: true, .. }));
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let error = parse("front <= sentt", &topic(), Language::En).unwrap_err();
        assert_eq!(error.at, 9);
        assert!(error.help.contains("did you mean `sent`"), "{}", error.help);
        assert_eq!(
            parse("front <= sent >= planned", &topic(), Language::En)
                .unwrap_err()
                .at,
            14
        );
        assert_eq!(parse("front <= front", &topic(), Language::En).unwrap_err().at, 9);
        assert_eq!(parse("front sent", &topic(), Language::En).unwrap_err().at, 6);
        assert_eq!(parse("front <=", &topic(), Language::En).unwrap_err().at, 6);
        assert_eq!(parse("front + sent", &topic(), Language::En).unwrap_err().at, 6);
        assert!(parse("share = front", &topic(), Language::En).is_err());
    }

    #[test]
    fn notes_name_claims_as_whole_words() {
        assert!(names_claim("siehe [x](claim:nk-15000-front).", "nk-15000-front"));
        assert!(!names_claim("nk-15000-frontal", "nk-15000-front"));
    }
}
