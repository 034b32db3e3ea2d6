//! What the pages show of [`crate::model::provenance`]: the independent origins behind a figure
//! or claim, and the figures that break a topic's constraints, in the reader's language and
//! through the one figure formatter ([`format::figure`]).

use serde::Serialize;

use crate::model::provenance::{ConstraintKind, Interval, Violation};
use crate::model::{Claim, ClaimId, Dossier, Language, Topic, TopicId};
use crate::render::context::ClaimSummary;
use crate::render::i18n::ui_key;
use crate::render::{Prepared, format};

/// The independent origins behind a figure row or a claim.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndependenceView {
    /// How many ("1 unabhängiger Ursprung", "2 independent origins" in the templates).
    pub count: usize,
    /// The origins that support it besides its own, each with the claims it does so in.
    pub supporting: Vec<SupportingOrigin>,
}

/// An origin that backs a claim by a `supports` link.
#[derive(Debug, Clone, Serialize)]
pub struct SupportingOrigin {
    /// Its chain in words ("Südkoreanischer Geheimdienst", "NATO → Reuters").
    pub name: String,
    /// The supporting claims.
    pub claims: Vec<ClaimSummary>,
}

/// Figures that break one of a topic's constraints.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationView {
    /// "etwa 15.000 Soldaten (An der Front im Einsatz), aber bis zu 12.000 Soldaten (Geplante
    /// Gesamtzahl)".
    pub text: String,
    /// The constraint with the measures' labels: "An der Front im Einsatz ≤ Geplante Gesamtzahl".
    pub rule: String,
    /// The dossier marks it (a `contradicts` link or a note).
    pub acknowledged: bool,
    /// The claims involved.
    pub claims: Vec<ClaimSummary>,
}

/// The independence of `claim` (the same for every claim of its same-origin group).
pub fn independence(prepared: &Prepared<'_>, claim: &Claim) -> IndependenceView {
    let origins = &claim.independent_origins;
    IndependenceView {
        count: origins.len(),
        supporting: origins
            .iter()
            .filter(|o| !o.own)
            .map(|o| SupportingOrigin {
                name: chain_text(prepared, &prepared.dossier.claims[o.claims[0]]),
                claims: o.claims.iter().map(|&c| prepared.claim(c).clone()).collect(),
            })
            .collect(),
    }
}

/// The tallest graph drawn, in rows (boxes, or edges passing a column): a taller one would be
/// thousands of pixels high, and its list says the same.
pub const MOST_GRAPH_ROWS: usize = 120;

/// The provenance graph of `claims` as (SVG, nested lists) for a page at `root`; the SVG is
/// empty when the graph is taller than [`MOST_GRAPH_ROWS`] (the page shows the list alone).
pub fn graph(prepared: &Prepared<'_>, claims: &[ClaimId], id: &str, root: &str) -> (String, String) {
    if claims.is_empty() {
        return (String::new(), String::new());
    }
    let title = prepared.text(ui_key!("provenance_graph"));
    let graph = crate::render::graph::Graph::new(
        prepared.dossier,
        claims,
        crate::render::graph::Labels {
            article_itself: prepared.text(ui_key!("origin_article")),
            title,
            via: prepared.text(ui_key!("chain_via")),
            back_edge: prepared.text(ui_key!("provenance_graph_back")),
        },
    );
    let svg = if graph.rows() > MOST_GRAPH_ROWS {
        String::new()
    } else {
        graph.svg(id, title)
    };
    (svg, graph.list_html(root))
}

/// The claims a claim's graph shows: those of its independent origins (its own group first).
pub fn evidence(claim: &Claim) -> Vec<ClaimId> {
    let mut claims: Vec<ClaimId> = claim
        .independent_origins
        .iter()
        .flat_map(|o| o.claims.iter().copied())
        .collect();
    claims.sort_unstable();
    claims.dedup();
    claims
}

/// A claim's origin chain in words: "NATO → Reuters", or "der Artikel selbst".
pub fn chain_text(prepared: &Prepared<'_>, claim: &Claim) -> String {
    let dossier = prepared.dossier;
    let mut names = vec![match claim.origin {
        Some(origin) => dossier.origins[origin].name.clone(),
        None => prepared.text(ui_key!("origin_article")).to_owned(),
    }];
    names.extend(claim.via.iter().map(|&v| dossier.origins[v].name.clone()));
    names.join(" → ")
}

/// The violations of topic `topic`, or only those involving `claim`.
pub fn violations(prepared: &Prepared<'_>, topic: TopicId, claim: Option<ClaimId>) -> Vec<ViolationView> {
    let topic = &prepared.dossier.topics[topic];
    topic
        .violations
        .iter()
        .filter(|v| claim.is_none_or(|c| v.claims.contains(&c)))
        .map(|v| violation_view(prepared, topic, v))
        .collect()
}

fn violation_view(prepared: &Prepared<'_>, topic: &Topic, violation: &Violation) -> ViolationView {
    let dossier: &Dossier = prepared.dossier;
    let lang = prepared.lang;
    let but = prepared.text(ui_key!("violation_but"));
    let figure = |c: ClaimId| {
        let quantity = dossier.claims[c]
            .quantity
            .as_ref()
            .expect("violations are between figures");
        format!(
            "{} ({})",
            format::figure(lang, quantity),
            topic.measures[quantity.measure].label
        )
    };
    let constraint = &topic.constraints[violation.constraint];
    let text = match (&constraint.kind, &violation.claims[..]) {
        (ConstraintKind::Order(_), [low, high]) => format!("{}, {but} {}", figure(*low), figure(*high)),
        (ConstraintKind::Ratio { percent, .. }, [share, part, whole]) => {
            let quantity = |c: ClaimId| dossier.claims[c].quantity.as_ref().expect("figures");
            let ratio = Interval::of(quantity(*part))
                .divided_by(&Interval::of(quantity(*whole)))
                .map(|r| if *percent { r.scaled(100.0) } else { r });
            let ratio = ratio.map_or_else(String::new, |r| {
                let end = |x: f64| {
                    if x.is_finite() {
                        format::number(lang, (x * 10.0).round() / 10.0)
                    } else {
                        "∞".to_owned()
                    }
                };
                if r.low == r.high {
                    end(r.low)
                } else {
                    format!("{}–{}", end(r.low), end(r.high))
                }
            });
            format!(
                "{}, {but} {} ÷ {} = {ratio}{}",
                figure(*share),
                figure(*part),
                figure(*whole),
                if *percent { " %" } else { "" }
            )
        }
        _ => String::new(),
    };
    // The pair of an order that is broken, else the whole constraint.
    let rule = match (&constraint.kind, &violation.claims[..]) {
        (ConstraintKind::Order(pairs), [low, high]) => {
            let measure = |c: ClaimId| dossier.claims[c].quantity.as_ref().map(|q| q.measure);
            pairs
                .iter()
                .find(|p| Some(p.lower) == measure(*low) && Some(p.upper) == measure(*high))
                .map(|p| {
                    let op = if p.strict { "<" } else { "<=" };
                    let text = format!("{} {op} {}", topic.measures[p.lower].id, topic.measures[p.upper].id);
                    rule_text(lang, topic, &text)
                })
        }
        _ => None,
    }
    .unwrap_or_else(|| rule_text(lang, topic, &constraint.text));
    ViolationView {
        text,
        rule,
        acknowledged: violation.acknowledged,
        claims: violation.claims.iter().map(|&c| prepared.claim(c).clone()).collect(),
    }
}

/// A constraint as written, with measure ids replaced by their labels (quoted in the reader's
/// language) and operators as symbols.
fn rule_text(lang: Language, topic: &Topic, text: &str) -> String {
    let (open, close) = match lang {
        Language::De => ("„", "“"),
        Language::En => ("“", "”"),
    };
    text.split(' ')
        .map(|token| match token {
            "<=" => "≤".to_owned(),
            ">=" => "≥".to_owned(),
            "/" => "÷".to_owned(),
            "<" | ">" | "=" => token.to_owned(),
            id => topic
                .measures
                .iter()
                .find(|m| m.id == id)
                .map_or_else(|| id.to_owned(), |m| format!("{open}{}{close}", m.label)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
