//! A topic's page: per measure, a table of the figures reported (one row per origin, with the
//! articles and places that report it) and a bar chart; then the claims without a figure.

use crate::model::{ClaimId, Dossier, MeasureId, SourceId, TopicId};
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::summary::{first_words, measure_range};
use crate::render::{PageType, Prepared, chart, format, i18n, markdown, provenance};

use super::claim::chain;
use super::inputs::{EntityHashes, Key};

/// What topic `index`'s page reads (see [`page`]), added to `key`: the topic and its claims
/// (with their constraint violations and independent origins), every source and origin (its
/// tables name the articles and origins of its figures), and the claims of other topics that
/// support its claims (named beside its figures).
pub(super) fn key(hashes: &EntityHashes, dossier: &Dossier, index: TopicId, key: &mut Key) {
    key.extend([Some(3), hashes.topic(index), hashes.topic_members(index)]);
    key.extend([Some(hashes.all_sources), Some(hashes.all_origins)]);
    if let Some(topic) = dossier.topics.get(index.index()) {
        for &c in &topic.claims {
            for origin in &dossier.claims[c].independent_origins {
                key.extend(origin.claims.iter().map(|&e| hashes.claim(e)));
            }
        }
    }
}

/// The context of topic `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: TopicId, path: &str) -> TopicPage {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let topic = &dossier.topics[index];
    // Each measure's rows and bars first; the charts after, once the scale of each unit is
    // known from every measure of the topic.
    let mut measures = Vec::new();
    let mut drawn: Vec<MeasureBars> = Vec::new();
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
            let mut drawn_quantity: Option<&crate::model::Quantity> = None;
            for &c in members {
                if let Some(q) = &dossier.claims[c].quantity {
                    let text = format::figure(lang, q);
                    if !figures.contains(&text) {
                        figures.push(text);
                    }
                    if drawn_quantity.is_none_or(|d| d.wording.is_some() && q.wording.is_none()) {
                        drawn_quantity = Some(q);
                    }
                }
            }
            let Some(quantity) = drawn_quantity else { continue };
            let figure = figures.join(" / ");
            let chain_steps = chain(prepared, first);
            let articles = reporting_articles(prepared, members);
            let mut sources: Vec<SourceId> = Vec::new();
            for &c in members {
                if !sources.contains(&dossier.claims[c].source) {
                    sources.push(dossier.claims[c].source);
                }
            }
            bars.push(DrawnBar {
                unit: quantity.unit.clone(),
                whole: quantity.low.fract() == 0.0 && quantity.high.fract() == 0.0,
                bar: chart::Bar {
                    label: bar_label(prepared, &chain_steps, &sources),
                    value_text: format::figure(lang, quantity),
                    low: quantity.low,
                    high: quantity.high,
                    mark: chart::Mark::of(quantity),
                    reading: quantity.wording.is_some(),
                },
                sources,
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
                independence: provenance::independence(prepared, first),
            });
        }
        let range = measure_range(dossier, lang, index, m);
        drawn.push(MeasureBars {
            measure: measures.len(),
            bars,
        });
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
            charts: Vec::new(),
        });
    }
    let overview = charts(prepared, &topic.title, &drawn, &mut measures);
    let unquantified = topic
        .claims
        .iter()
        .filter(|&&c| dossier.claims[c].quantity.is_none())
        .map(|&c| prepared.claims[c.index()].clone())
        .collect();
    let (graph_svg_html, graph_list_html) = provenance::graph(
        prepared,
        &topic.claims,
        "provenance-graph",
        &crate::render::root_from(path),
    );
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
        overview,
        unquantified,
        claim_count: topic.claims.len(),
        violations: provenance::violations(prepared, index, None),
        graph_svg_html,
        graph_list_html,
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

/// One bar of a measure, with what its chart needs to know.
struct DrawnBar {
    /// The unit of its figure: bars of one unit share a scale.
    unit: Option<String>,
    /// Its figure is a whole number (the axis then has no fractional ticks).
    whole: bool,
    bar: chart::Bar,
    /// The articles that report it.
    sources: Vec<SourceId>,
}

/// The bars of one measure (index into the page's measures).
struct MeasureBars {
    measure: usize,
    bars: Vec<DrawnBar>,
}

/// The charts of a topic page: one scale per unit, from zero to above the largest figure of
/// that unit in any measure. A unit that two or more measures share gets one overview chart
/// (returned), its bars grouped by measure; a unit of one measure only gets a chart in that
/// measure's section (added to `measures`).
fn charts(
    prepared: &Prepared<'_>,
    topic_title: &str,
    drawn: &[MeasureBars],
    measures: &mut [MeasureView],
) -> Vec<ChartView> {
    let lang = prepared.lang;
    // Units in order of first appearance, each with its measures.
    let mut units: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for (d, measure) in drawn.iter().enumerate() {
        for bar in &measure.bars {
            let unit = bar.unit.as_deref();
            match units.iter_mut().find(|(u, _)| *u == unit) {
                Some((_, members)) if members.contains(&d) => {}
                Some((_, members)) => members.push(d),
                None => units.push((unit, vec![d])),
            }
        }
    }
    let mut overview = Vec::new();
    for (unit, members) in &units {
        let of_unit = |d: usize| drawn[d].bars.iter().filter(move |b| b.unit.as_deref() == *unit);
        let all = || members.iter().flat_map(|&d| of_unit(d));
        let largest = all().map(|b| b.bar.high.max(b.bar.low)).fold(0.0, f64::max);
        let scale = chart::Scale::nice(largest, all().all(|b| b.whole));
        let summary = i18n::text(lang, ui_key!("chart_summary"))
            .replace("{max}", &format::compact(lang, scale.max))
            .replace("{unit}", unit.unwrap_or_default())
            .trim_end()
            .to_owned();
        let shared = members.len() > 1;
        {
            let part = members;
            let groups: Vec<chart::Group> = part
                .iter()
                .map(|&d| chart::Group {
                    heading: shared.then(|| measures[drawn[d].measure].label.clone()),
                    measure: Some(measures[drawn[d].measure].id.clone()),
                    bars: of_unit(d).map(|b| b.bar.clone()).collect(),
                })
                .collect();
            let mut sources: Vec<SourceId> = Vec::new();
            for source in part.iter().flat_map(|&d| of_unit(d)).flat_map(|b| &b.sources) {
                if !sources.contains(source) {
                    sources.push(*source);
                }
            }
            let (id, title) = if shared {
                let heading = match unit {
                    Some(unit) => format!("{} ({unit})", i18n::text(lang, ui_key!("chart_overview"))),
                    None => i18n::text(lang, ui_key!("chart_overview")).to_owned(),
                };
                (format!("chart-overview-{}", overview.len() + 1), heading)
            } else {
                let measure = &measures[drawn[part[0]].measure];
                let n = measure.charts.len();
                let id = if n == 0 {
                    format!("chart-{}", measure.id)
                } else {
                    format!("chart-{}-{}", measure.id, n + 1)
                };
                (id, format!("{topic_title} – {}", measure.label))
            };
            let spec = chart::Chart {
                id: &id,
                title: &title,
                summary: &summary,
                unit: *unit,
                lang,
                scale,
                groups: &groups,
                legend: chart::Legend {
                    interval: i18n::text(lang, ui_key!("chart_legend_ceiling")),
                    floor: i18n::text(lang, ui_key!("chart_legend_floor")),
                    reading: i18n::text(lang, ui_key!("chart_legend_reading")),
                },
            };
            let view = ChartView {
                svg_wide: chart::svg(&spec, chart::Layout::Wide),
                svg_narrow: chart::svg(&spec, chart::Layout::Narrow),
                id,
                heading: if shared { title.clone() } else { String::new() },
                sources: sources
                    .iter()
                    .map(|s| {
                        let summary = &prepared.sources[s.index()];
                        ChartSource {
                            title: summary.title.clone(),
                            url: summary.url.clone(),
                            language: summary.language.clone(),
                        }
                    })
                    .collect(),
                tables: part
                    .iter()
                    .map(|&d| {
                        let measure = &measures[drawn[d].measure];
                        ChartTable {
                            id: measure.id.clone(),
                            label: measure.label.clone(),
                        }
                    })
                    .collect(),
            };
            if shared {
                overview.push(view);
            } else {
                measures[drawn[part[0]].measure].charts.push(view);
            }
        }
    }
    overview
}

/// A bar's label: its origin chain, then the outlets that are named (an unnamed outlet says
/// nothing and would crowd the label).
fn bar_label(prepared: &Prepared<'_>, chain_steps: &[ChainStep], sources: &[SourceId]) -> String {
    let names: Vec<&str> = chain_steps[..chain_steps.len().saturating_sub(1)]
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut outlets: Vec<&str> = Vec::new();
    for s in sources {
        let summary = &prepared.sources[s.index()];
        if summary.outlet_named && !outlets.contains(&summary.outlet.as_str()) {
            outlets.push(&summary.outlet);
        }
    }
    let chain = names.join(" → ");
    if outlets.is_empty() {
        chain
    } else {
        format!("{chain} ({})", outlets.join(", "))
    }
}
