//! A claim's page: its quote in its paragraph, its chain of origins, its verdict and its
//! relations to other claims.

use crate::model::{ClaimId, Dossier};
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::summary::first_words;
use crate::render::{
    PageType, Prepared, corrections, entity_url, escape, format, i18n, markdown, provenance, quotes, root_from,
    structured,
};

use super::SAME_TOPIC_LIMIT;
use super::inputs::{EntityHashes, Key};

/// The chain of a claim: its origin, the origins that relayed it, the outlet.
pub(super) fn chain(prepared: &Prepared<'_>, claim: &crate::model::Claim) -> Vec<ChainStep> {
    let dossier = prepared.dossier;
    let role = |key| prepared.text(key).to_owned();
    let mut steps = Vec::new();
    match claim.origin {
        Some(origin) => {
            let origin = &dossier.origins[origin];
            steps.push(ChainStep {
                name: origin.name.clone(),
                url: Some(entity_url("origins", &origin.id)),
                role: role(ui_key!("chain_origin")),
            });
        }
        None => steps.push(ChainStep {
            name: role(ui_key!("origin_article")),
            url: None,
            role: role(ui_key!("chain_origin")),
        }),
    }
    for &via in &claim.via {
        let origin = &dossier.origins[via];
        steps.push(ChainStep {
            name: origin.name.clone(),
            url: Some(entity_url("origins", &origin.id)),
            role: role(ui_key!("chain_via")),
        });
    }
    let source = &dossier.sources[claim.source];
    // "veröffentlicht von NAME"; without a name, the whole phrase is the link text
    // ("veröffentlicht in einem nicht genannten Medium"), so no sentence reads "von Medium …".
    steps.push(match &source.outlet {
        Some(outlet) => ChainStep {
            name: outlet.clone(),
            url: Some(entity_url("sources", &source.id)),
            role: role(ui_key!("chain_outlet")),
        },
        None => ChainStep {
            name: role(ui_key!("chain_outlet_not_named")),
            url: Some(entity_url("sources", &source.id)),
            role: String::new(),
        },
    });
    steps
}

/// What claim `index`'s page reads (see [`page`]), added to `key`: the claim; its source and
/// the source's claims; its topic and the topic's claims; its origins and their claims; the
/// claims it links; and the sources of its same-origin group (its `ClaimReview`'s appearances).
pub(super) fn key(hashes: &EntityHashes, dossier: &Dossier, index: ClaimId, key: &mut Key) -> Option<()> {
    let claim = dossier.claims.get(index.index())?;
    key.extend([Some(1), hashes.claim(index)]);
    key.extend([hashes.source(claim.source), hashes.source_members(claim.source)]);
    key.extend([hashes.topic(claim.topic), hashes.topic_members(claim.topic)]);
    for &origin in claim.origin.iter().chain(&claim.via) {
        key.extend([hashes.origin(origin), hashes.origin_members(origin)]);
    }
    key.extend(claim.links.iter().map(|link| hashes.claim(link.claim)));
    key.push(hashes.group_sources.get(&claim.origin_group).copied());
    // The independent origins it names: the supporting claims and their chains.
    for origin in &claim.independent_origins {
        for &c in &origin.claims {
            key.push(hashes.claim(c));
            let other = &dossier.claims[c];
            for &o in other.origin.iter().chain(&other.via) {
                key.push(hashes.origin(o));
            }
        }
    }
    Some(())
}

/// The context of claim `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: ClaimId, path: &str) -> ClaimPage {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let topic = &dossier.topics[claim.topic];
    let paragraph = source.paragraphs.get(claim.paragraph).cloned().unwrap_or(0..0);
    let changes = corrections::claim_changes(prepared, index, &root_from(path));
    let highlights: Vec<quotes::Highlight<'_>> = claim
        .quote_parts
        .iter()
        .enumerate()
        .map(|(i, part)| quotes::Highlight {
            range: part.clone(),
            claim_id: &claim.id,
            href: None,
            first: i == 0,
            verdict: None,
        })
        .collect();
    let links: Vec<LinkView> = claim
        .links
        .iter()
        .map(|link| LinkView {
            relation: format::schema_id(link.relation),
            label: i18n::relation_label(lang, link.relation, link.incoming, link.mutual).to_owned(),
            claim: prepared.claim(link.claim).clone(),
        })
        .collect();
    // The first few other claims of the topic, without copying all of them: a topic may hold
    // thousands, and every one of its claim pages lists some.
    let others = topic.claims.iter().copied().filter(|&c| c != index);
    // (Topic claims are in index order.)
    let others_total = topic.claims.len() - usize::from(topic.claims.binary_search(&index).is_ok());
    let quantity = claim.quantity.as_ref().map(|q| QuantityView {
        text: format::figure(lang, q),
        number: format::quantity_number(lang, q),
        qualifier: format::qualifier(lang, q.qualifier),
        unit: format::unit(q).map(str::to_owned),
        wording: q.wording.clone(),
        measure: topic.measures[q.measure].label.clone(),
    });
    // The verdict leads title and description (what a shared link shows first), then the
    // figure and the conclusion, so shortening never loses them.
    let verdict = &dossier.config.verdicts[claim.verdict.index()].label;
    let description = match (&claim.conclusion, &quantity) {
        (Some(conclusion), Some(q)) => format!("{verdict}: {} – {conclusion} – {}", q.text, claim.statement),
        (Some(conclusion), None) => format!("{verdict}: {conclusion} – {}", claim.statement),
        (None, Some(q)) => format!("{verdict}: {} – {} – {}", q.text, claim.statement, source.title),
        (None, None) => format!("{verdict}: {} – {}", claim.statement, source.title),
    };
    let (graph_svg_html, graph_list_html) = provenance::graph(
        prepared,
        &provenance::evidence(claim),
        "provenance-graph",
        &root_from(path),
    );
    let mut page = prepared.meta(
        path,
        PageAbout {
            kind: PageType::Claim,
            section: "claims",
            title: format!("{verdict}: {}", claim.summary),
            description: first_words(&description),
        },
    );
    page.image = crate::render::share::claim_image(prepared, index);
    ClaimPage {
        page,
        claim: prepared.claim(index).clone(),
        conclusion: claim.conclusion.clone(),
        figures_compared: !links.is_empty()
            && (claim.quantity.is_some() || links.iter().any(|l| l.claim.figure.is_some())),
        quote: claim.quote.clone(),
        paragraph_html: quotes::quote_window_html(&source.text, paragraph, &highlights),
        source_language: source.language.clone(),
        paragraph_url: format!("{}#p{}", entity_url("sources", &source.id), claim.paragraph + 1),
        quantity,
        as_of: claim.as_of.as_ref().map(|d| format::date(lang, d)),
        as_of_iso: claim.as_of.as_ref().map(|d| d.iso()),
        reviewed: claim.reviewed.as_ref().map(|d| format::date(lang, d)),
        reviewed_label: claim.reviewed.as_ref().map(|d| {
            let key = match (d.month, d.day) {
                (Some(_), Some(_)) => ui_key!("reviewed_day"),
                (Some(_), None) => ui_key!("reviewed_month"),
                _ => ui_key!("reviewed_year"),
            };
            i18n::text(lang, key).to_owned()
        }),
        reviewed_iso: claim.reviewed.as_ref().map(|d| d.iso()),
        chain: chain(prepared, claim),
        verdict_explanation_html: prepared.verdict_explanations_html[claim.verdict.index()].clone(),
        note_html: claim
            .note
            .as_deref()
            .map(|note| markdown::to_html_at(note, &root_from(path))),
        links,
        same_topic: others
            .take(SAME_TOPIC_LIMIT)
            .map(|c| prepared.claim(c).clone())
            .collect(),
        same_topic_total: others_total,
        structured_data_html: escape::json_in_script(&{
            let mut review = structured::claim_review(
                dossier,
                index,
                prepared
                    .base_url
                    .as_ref()
                    .map(|base| format!("{base}{}", entity_url("claims", &claim.id)))
                    .as_deref(),
                prepared
                    .origin_group_sources
                    .get(&claim.origin_group)
                    .map_or(&[][..], Vec::as_slice),
            );
            // The newest correction is when the review last changed.
            if let Some(modified) = changes.first() {
                review["dateModified"] = serde_json::json!(modified.date_iso);
            }
            review
        }),
        changes,
        original_passage_url: structured::original_passage_url(dossier, index),
        original_url: source.url.clone(),
        independence: provenance::independence(prepared, claim),
        violations: provenance::violations(prepared, claim.topic, Some(index)),
        graph_svg_html,
        graph_list_html,
    }
}
