//! A topic's page: per measure, a table of the figures reported (one row per origin, with the
//! articles and places that report it) and a bar chart; then the claims without a figure.

use crate::model::{ClaimId, MeasureId, SourceId, TopicId};
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::summary::{first_words, measure_range};
use crate::render::{PageType, Prepared, chart, format, i18n, markdown};

use super::claim::chain;
use super::inputs::{EntityHashes, Key};

/// What topic `index`'s page reads (see [`page`]), added to `key`: the topic and its claims,
/// and every source and origin (its tables name the articles and origins of its figures).
pub(super) fn key(hashes: &EntityHashes, index: TopicId, key: &mut Key) {
    key.extend([Some(3), hashes.topic(index), hashes.topic_members(index)]);
    key.extend([Some(hashes.all_sources), Some(hashes.all_origins)]);
}

/// The context of topic `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: TopicId, path: &str) -> TopicPage {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let topic = &dossier.topics[index];
    let mut measures = Vec::new();
    for (m, measure) in topic.measures.iter().enumerate() {
        let m = MeasureId::new(m);
        // Rows: one per origin group, in order of first appearance.
        let mut groups: Vec<(ClaimId, Vec<ClaimId>)> = Vec::new();
        // Where each origin group's row is, so a topic with thousands of claims is not quadratic.
        let mut row_of: std::collections::HashMap<ClaimId, usize> = std::collections::HashMap::new();
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
                reports: members.iter().map(|&c| prepared.claims[c.index()].clone()).collect(),
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
                    ceiling: i18n::text(lang, ui_key!("chart_legend_ceiling")),
                    reading: i18n::text(lang, ui_key!("chart_legend_reading")),
                },
            ),
        });
    }
    let unquantified = topic
        .claims
        .iter()
        .filter(|&&c| dossier.claims[c].quantity.is_none())
        .map(|&c| prepared.claims[c.index()].clone())
        .collect();
    TopicPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Topic,
                section: "topics",
                title: topic.title.clone(),
                description: first_words(&format!("{} {}", topic.question, markdown::to_text(&topic.description))),
            },
        ),
        question: topic.question.clone(),
        unit: topic.unit.clone(),
        description_html: markdown::to_html_at(&topic.description, &crate::render::root_from(path)),
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
            let summary = &prepared.sources[s.index()];
            ReportingArticle {
                title: summary.title.clone(),
                language: summary.language.clone(),
                outlet: summary.outlet.clone(),
                published: summary.published.clone(),
                url: summary.url.clone(),
                places: places.into_iter().map(|c| prepared.claims[c.index()].clone()).collect(),
            }
        })
        .collect()
}
