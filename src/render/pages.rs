//! The views of the claim, source and topic pages, built from [`Prepared`]'s shared summaries
//! by [`super::page_context`]: a claim's quote in its paragraph, its chain of origins and its
//! relations; a source's article with every quote marked; a topic's measures, table rows (one
//! origin, its articles, their places) and charts.

use super::*;

fn chain(prepared: &Prepared<'_>, claim: &crate::model::Claim) -> Vec<ChainStep> {
    let dossier = prepared.dossier;
    let t = &prepared.site.t;
    let role = |key: &str| t.get(key).copied().unwrap_or(key).to_owned();
    let mut steps = Vec::new();
    match claim.origin {
        Some(origin) => {
            let origin = &dossier.origins[origin];
            steps.push(ChainStep {
                name: origin.name.clone(),
                url: Some(entity_url("origins", &origin.id)),
                role: role("chain_origin"),
            });
        }
        None => steps.push(ChainStep {
            name: role("origin_article"),
            url: None,
            role: role("chain_origin"),
        }),
    }
    for &via in &claim.via {
        let origin = &dossier.origins[via];
        steps.push(ChainStep {
            name: origin.name.clone(),
            url: Some(entity_url("origins", &origin.id)),
            role: role("chain_via"),
        });
    }
    let source = &dossier.sources[claim.source];
    // "veröffentlicht von NAME"; without a name, the whole phrase is the link text
    // ("veröffentlicht in einem nicht genannten Medium"), so no sentence reads "von Medium …".
    steps.push(match &source.outlet {
        Some(outlet) => ChainStep {
            name: outlet.clone(),
            url: Some(entity_url("sources", &source.id)),
            role: role("chain_outlet"),
        },
        None => ChainStep {
            name: role("chain_outlet_not_named"),
            url: Some(entity_url("sources", &source.id)),
            role: String::new(),
        },
    });
    steps
}

pub(super) fn claim_page(prepared: &Prepared<'_>, index: ClaimId, path: &str) -> ClaimPage {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let topic = &dossier.topics[claim.topic];
    let paragraph = source.paragraphs.get(claim.paragraph).cloned().unwrap_or(0..0);
    let changes = super::corrections::claim_changes(prepared, index);
    let highlights: Vec<quotes::Highlight<'_>> = claim
        .quote_parts
        .iter()
        .enumerate()
        .map(|(i, part)| quotes::Highlight {
            range: part.clone(),
            claim_id: &claim.id,
            href: None,
            first: i == 0,
        })
        .collect();
    let links = claim
        .links
        .iter()
        .map(|link| LinkView {
            relation: relation_id(link.relation),
            label: i18n::relation_label(lang, link.relation, link.incoming, link.mutual).to_owned(),
            claim: prepared.claims[link.claim].clone(),
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
    // The figure leads the description, so shortening it never loses the figure.
    let description = match &quantity {
        Some(q) => format!("{} – {} – {}", q.text, claim.statement, source.title),
        None => format!("{} – {}", claim.statement, source.title),
    };
    ClaimPage {
        page: prepared.meta(
            "claim",
            "claims",
            path,
            claim.statement.clone(),
            first_words(&description),
        ),
        claim: prepared.claims[index].clone(),
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
                (Some(_), Some(_)) => "reviewed_day",
                (Some(_), None) => "reviewed_month",
                _ => "reviewed_year",
            };
            i18n::text(lang, key).to_owned()
        }),
        reviewed_iso: claim.reviewed.as_ref().map(|d| d.iso()),
        chain: chain(prepared, claim),
        verdict_explanation_html: prepared.verdict_explanations_html[claim.verdict].clone(),
        note_html: claim.note.as_deref().map(markdown::to_html),
        links,
        same_topic: others
            .take(SAME_TOPIC_LIMIT)
            .map(|c| prepared.claims[c].clone())
            .collect(),
        same_topic_total: others_total,
        structured_data_html: structured::script_html(&{
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
            if let Some(modified) = changes.first() {
                review["dateModified"] = serde_json::json!(modified.date_iso);
            }
            review
        }),
        changes,
        original_passage_url: structured::original_passage_url(dossier, index),
        original_url: source.url.clone(),
    }
}

fn relation_id(relation: crate::load::schema::Relation) -> &'static str {
    use crate::load::schema::Relation;
    match relation {
        Relation::Contradicts => "contradicts",
        Relation::Supports => "supports",
        Relation::SameOrigin => "same-origin",
        Relation::Updates => "updates",
    }
}

pub(super) fn source_page(prepared: &Prepared<'_>, index: SourceId, path: &str) -> SourcePage {
    use sha2::Digest;
    let dossier = prepared.dossier;
    let source = &dossier.sources[index];
    let root = root_from(path);
    // Highlights per paragraph, from the source's claims.
    let mut by_paragraph: Vec<Vec<quotes::Highlight<'_>>> = vec![Vec::new(); source.paragraphs.len()];
    for &c in &source.claims {
        let claim = &dossier.claims[c];
        let href = format!("{root}{}", entity_url("claims", &claim.id));
        for (i, part) in claim.quote_parts.iter().enumerate() {
            if let Some(list) = by_paragraph.get_mut(claim.paragraph) {
                list.push(quotes::Highlight {
                    range: part.clone(),
                    claim_id: &claim.id,
                    href: Some(href.clone()),
                    first: i == 0,
                });
            }
        }
    }
    let paragraphs = source
        .paragraphs
        .iter()
        .zip(&by_paragraph)
        .enumerate()
        .map(|(i, (range, highlights))| ParagraphView {
            id: format!("p{}", i + 1),
            html: quotes::paragraph_html(&source.text, range.clone(), highlights),
        })
        .collect();
    let sha256 = sha2::Sha256::digest(source.text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let description = first_words(&format!(
        "{} – {}, {}",
        source.title,
        outlet_label(prepared.lang, source),
        format::date(prepared.lang, &source.published)
    ));
    SourcePage {
        page: prepared.meta("source", "sources", path, source.title.clone(), description),
        source: SourceView {
            summary: prepared.sources[index].clone(),
            author: source.author.clone(),
            original_url: source.url.clone(),
            archive_url: source.archive_url.clone(),
            language: source.language.clone(),
            file: source.file.clone(),
            text_url: article_text_url(&source.id),
            sha256,
        },
        paragraphs,
        claims: source.claims.iter().map(|&c| prepared.claims[c].clone()).collect(),
    }
}

pub(super) fn topic_page(prepared: &Prepared<'_>, index: TopicId, path: &str) -> TopicPage {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let topic = &dossier.topics[index];
    let mut measures = Vec::new();
    for (m, measure) in topic.measures.iter().enumerate() {
        // Rows: one per origin group, in order of first appearance.
        let mut groups: Vec<(usize, Vec<ClaimId>)> = Vec::new();
        // Where each origin group's row is, so a topic with thousands of claims is not quadratic.
        let mut row_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &c in &topic.claims {
            let claim = &dossier.claims[c];
            if claim.quantity.as_ref().is_none_or(|q| q.measure != m) {
                continue;
            }
            match row_of.get(&claim.origin_group) {
                Some(&row) => groups[row].1.push(c),
                None => {
                    row_of.insert(claim.origin_group, groups.len());
                    groups.push((claim.origin_group, vec![c]));
                }
            }
        }
        if groups.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for (_, members) in &groups {
            let first = &dossier.claims[members[0]];
            // Every distinct figure of the group, each whole (one origin may be quoted as
            // "11.000" here and "knapp 11.000" there); the bar is the first reported one.
            let mut figures: Vec<String> = Vec::new();
            let mut drawn: Option<&crate::model::Quantity> = None;
            for &c in members {
                if let Some(q) = &dossier.claims[c].quantity {
                    let text = format::figure(lang, q);
                    if !figures.contains(&text) {
                        figures.push(text);
                    }
                    if drawn.is_none_or(|d| d.wording.is_some() && q.wording.is_none()) {
                        drawn = Some(q);
                    }
                }
            }
            let Some(quantity) = drawn else { continue };
            let figure = figures.join(" / ");
            let chain_steps = chain(prepared, first);
            let chain_label: Vec<&str> = chain_steps[..chain_steps.len().saturating_sub(1)]
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let articles = reporting_articles(prepared, members);
            // Each outlet once: two articles of one unnamed outlet are not "nicht genannt, nicht
            // genannt".
            let mut outlets: Vec<&str> = Vec::new();
            for article in &articles {
                if !outlets.contains(&article.outlet.as_str()) {
                    outlets.push(&article.outlet);
                }
            }
            bars.push(chart::Bar {
                label: format!("{} ({})", chain_label.join(" → "), outlets.join(", ")),
                value_text: figure.clone(),
                low: quantity.low,
                high: quantity.high,
                ceiling: matches!(
                    quantity.qualifier,
                    Some(crate::load::schema::Qualifier::UpTo | crate::load::schema::Qualifier::LessThan)
                ),
                reading: quantity.wording.is_some(),
            });
            rows.push(TableRow {
                figure,
                as_of: first.as_of.as_ref().map(|d| format::date(lang, d)).unwrap_or_default(),
                as_of_iso: first.as_of.as_ref().map(|d| d.iso()).unwrap_or_default(),
                chain: chain_steps[..chain_steps.len().saturating_sub(1)].to_vec(),
                reports: members.iter().map(|&c| prepared.claims[c].clone()).collect(),
                article_count: articles.len(),
                place_count: members.len(),
                articles,
            });
        }
        let range = measure_range(dossier, lang, index, m);
        measures.push(MeasureView {
            id: measure.id.clone(),
            label: measure.label.clone(),
            description: measure.description.clone(),
            unit: measure.unit.clone(),
            range_label: range
                .as_ref()
                .map_or("", |r| i18n::text(lang, r.label_key()))
                .to_owned(),
            range: range.map(|r| r.text).unwrap_or_default(),
            rows,
            chart_svg: chart::bar_chart(
                &format!("chart-{}", measure.id),
                &format!("{} – {}", topic.title, measure.label),
                &bars,
                chart::Legend {
                    ceiling: i18n::text(lang, "chart_legend_ceiling"),
                    reading: i18n::text(lang, "chart_legend_reading"),
                },
            ),
        });
    }
    let unquantified = topic
        .claims
        .iter()
        .filter(|&&c| dossier.claims[c].quantity.is_none())
        .map(|&c| prepared.claims[c].clone())
        .collect();
    TopicPage {
        page: prepared.meta(
            "topic",
            "topics",
            path,
            topic.title.clone(),
            first_words(&format!("{} {}", topic.question, markdown::to_text(&topic.description))),
        ),
        question: topic.question.clone(),
        unit: topic.unit.clone(),
        description_html: markdown::to_html(&topic.description),
        measures,
        unquantified,
        claim_count: topic.claims.len(),
    }
}

/// The articles that report one table row's figure, in order of first appearance, each with the
/// row's claims in it (its places) in text order.
fn reporting_articles(prepared: &Prepared<'_>, members: &[ClaimId]) -> Vec<ReportingArticle> {
    let dossier = prepared.dossier;
    let mut by_source: Vec<(SourceId, Vec<ClaimId>)> = Vec::new();
    for &c in members {
        let source = dossier.claims[c].source;
        match by_source.iter_mut().find(|(s, _)| *s == source) {
            Some((_, places)) => places.push(c),
            None => by_source.push((source, vec![c])),
        }
    }
    by_source
        .into_iter()
        .map(|(s, mut places)| {
            places.sort_by_key(|&c| (dossier.claims[c].quote_parts.first().map_or(0, |r| r.start), c));
            let summary = &prepared.sources[s];
            ReportingArticle {
                title: summary.title.clone(),
                language: summary.language.clone(),
                outlet: summary.outlet.clone(),
                published: summary.published.clone(),
                url: summary.url.clone(),
                places: places.into_iter().map(|c| prepared.claims[c].clone()).collect(),
            }
        })
        .collect()
}
