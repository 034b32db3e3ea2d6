//! A topic's page: per measure, a table of the figures reported (one row per origin, with the
//! articles and places that report it) and a bar chart; then the claims without a figure.

use crate::model::provenance::independence::{ChainLink, chain_links};
use crate::model::{ClaimId, Dossier, MeasureId, PartialDate, SourceId, TopicId};
use crate::render::chart::timeline;
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
        let mut dated = Vec::new();
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
            dated.push(DatedFigure {
                row: rows.len(),
                as_of: first.as_of,
                origin: chain_links(first)[0],
                point: timeline::Point {
                    value_text: format::figure(lang, quantity),
                    low: quantity.low,
                    high: quantity.high,
                    mark: chart::Mark::of(quantity),
                    reading: quantity.wording.is_some(),
                    as_of: first.as_of.unwrap_or(PartialDate {
                        year: 1970,
                        month: None,
                        day: None,
                    }),
                },
                url: prepared.claim(members[0]).url.clone(),
                origin_text: provenance::chain_text(prepared, first),
            });
            rows.push(TableRow {
                figure,
                as_of: first.as_of.as_ref().map(|d| format::date(lang, d)).unwrap_or_default(),
                as_of_iso: first.as_of.as_ref().map(|d| d.iso()).unwrap_or_default(),
                chain: chain_steps[..chain_steps.len().saturating_sub(1)].to_vec(),
                reports: members.iter().map(|&c| prepared.claim(c).clone()).collect(),
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
            dated,
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
            timeline: None,
            rows_by_as_of: Vec::new(),
        });
    }
    let overview = charts(prepared, &topic.title, &drawn, &mut measures);
    for measure in &drawn {
        let view = timeline_view(prepared, measure, &measures[measure.measure]);
        measures[measure.measure].timeline = view;
    }
    for measure in &drawn {
        let view = &mut measures[measure.measure];
        view.rows_by_as_of = by_as_of(measure, &view.rows);
    }
    let by_as_of = measures.iter().any(|m| !m.rows_by_as_of.is_empty());
    let unquantified = topic
        .claims
        .iter()
        .filter(|&&c| dossier.claims[c].quantity.is_none())
        .map(|&c| prepared.claim(c).clone())
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
        by_as_of,
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
                places: places.into_iter().map(|c| prepared.claim(c).clone()).collect(),
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

/// The bars of one measure (index into the page's measures), and its figures for the timeline.
struct MeasureBars {
    measure: usize,
    bars: Vec<DrawnBar>,
    dated: Vec<DatedFigure>,
}

/// One row's figure with its as-of date and origin, for the timeline and the as-of ordering.
struct DatedFigure {
    /// Index into the measure's rows.
    row: usize,
    as_of: Option<PartialDate>,
    /// The series: the first link of its chain.
    origin: ChainLink,
    /// The figure as drawn (its date is meaningful only when `as_of` is set).
    point: timeline::Point,
    /// The first claim's page.
    url: String,
    /// "NATO → Reuters".
    origin_text: String,
}

/// The value axis of `unit` on this topic page: from zero to above the largest figure of that
/// unit in any measure.
fn unit_scale(drawn: &[MeasureBars], unit: Option<&str>) -> chart::Scale {
    let all = || drawn.iter().flat_map(|d| &d.bars).filter(|b| b.unit.as_deref() == unit);
    let largest = all().map(|b| b.bar.high.max(b.bar.low)).fold(0.0, f64::max);
    chart::Scale::nice(largest, all().all(|b| b.whole))
}

/// A series' name: the origin, or for an article that names none, which article.
fn series_label(prepared: &Prepared<'_>, origin: ChainLink) -> String {
    match origin {
        ChainLink::Named(o) => prepared.dossier.origins[o].name.clone(),
        ChainLink::Article(s) => {
            let summary = &prepared.sources[s.index()];
            let which = if summary.outlet_named {
                &summary.outlet
            } else {
                &summary.title
            };
            format!("{} ({which})", prepared.text(ui_key!("origin_article")))
        }
    }
}

/// The timeline of one measure: one series per origin (in order of first appearance), drawn
/// when at least one figure has an as-of date.
fn timeline_view(prepared: &Prepared<'_>, measure: &MeasureBars, view: &MeasureView) -> Option<TimelineView> {
    let lang = prepared.lang;
    if measure.dated.iter().all(|d| d.as_of.is_none()) {
        return None;
    }
    let mut series: Vec<(ChainLink, timeline::Series, Vec<&DatedFigure>)> = Vec::new();
    let mut undated = Vec::new();
    for figure in &measure.dated {
        let Some(as_of) = figure.as_of else {
            undated.push(TimelineEntry {
                as_of: String::new(),
                as_of_iso: String::new(),
                figure: figure.point.value_text.clone(),
                latest: false,
                origin: figure.origin_text.clone(),
                url: figure.url.clone(),
            });
            continue;
        };
        let at = match series.iter().position(|(o, _, _)| *o == figure.origin) {
            Some(at) => at,
            None => {
                series.push((
                    figure.origin,
                    timeline::Series {
                        label: series_label(prepared, figure.origin),
                        points: Vec::new(),
                    },
                    Vec::new(),
                ));
                series.len() - 1
            }
        };
        let point = timeline::Point {
            as_of,
            ..figure.point.clone()
        };
        series[at].1.points.push(point);
        series[at].2.push(figure);
    }
    // Each series' figures by date.
    for (_, s, figures) in &mut series {
        let mut order: Vec<usize> = (0..s.points.len()).collect();
        order.sort_by_key(|&i| (s.points[i].as_of.first_day(), s.points[i].as_of.last_day()));
        s.points = order.iter().map(|&i| s.points[i].clone()).collect();
        *figures = order.iter().map(|&i| figures[i]).collect();
    }
    // The unit of the measure's figures (a measure's figures share one in practice; the first
    // one's otherwise, as the range line).
    let unit = measure.bars.first().and_then(|b| b.unit.clone());
    // The measure's own axis from zero: a timeline follows one measure through time, and a
    // scenario of another measure (100.000) would flatten it.
    let largest = measure
        .bars
        .iter()
        .map(|b| b.bar.high.max(b.bar.low))
        .fold(0.0, f64::max);
    let scale = chart::Scale::nice(largest, measure.bars.iter().all(|b| b.whole));
    let title = i18n::text(lang, ui_key!("timeline_heading")).replace("{measure}", &view.label);
    let summary = i18n::text(lang, ui_key!("timeline_summary"))
        .replace("{max}", &format::compact(lang, scale.max))
        .replace("{unit}", unit.as_deref().unwrap_or_default())
        .trim_end()
        .to_owned();
    let all: Vec<timeline::Series> = series.iter().map(|(_, s, _)| s.clone()).collect();
    let id = format!("timeline-{}", view.id);
    let spec = timeline::Timeline {
        id: &id,
        title: &title,
        summary: &summary,
        unit: unit.as_deref(),
        lang,
        scale,
        series: &all,
        legend: timeline::Legend {
            interval: i18n::text(lang, ui_key!("chart_legend_ceiling")),
            floor: i18n::text(lang, ui_key!("timeline_legend_floor")),
            reading: i18n::text(lang, ui_key!("timeline_legend_reading")),
            latest: i18n::text(lang, ui_key!("timeline_legend_latest")),
            latest_mark: i18n::text(lang, ui_key!("timeline_latest")),
            span: i18n::text(lang, ui_key!("timeline_legend_span")),
        },
    };
    Some(TimelineView {
        svg_wide: timeline::svg(&spec, chart::Layout::Wide),
        svg_narrow: timeline::svg(&spec, chart::Layout::Narrow),
        heading: title.clone(),
        series: series
            .iter()
            .enumerate()
            .map(|(i, (_, s, figures))| TimelineSeries {
                label: s.label.clone(),
                swatch_html: timeline::marker_svg(i),
                entries: s
                    .points
                    .iter()
                    .zip(timeline::latest(s))
                    .zip(figures)
                    .map(|((p, latest), figure)| TimelineEntry {
                        as_of: format::date(lang, &p.as_of),
                        as_of_iso: p.as_of.iso(),
                        figure: p.value_text.clone(),
                        latest,
                        origin: figure.origin_text.clone(),
                        url: figure.url.clone(),
                    })
                    .collect(),
            })
            .collect(),
        undated,
        id,
    })
}

/// A measure's rows ordered by as-of date (the first day it may mean, then the last; undated
/// rows last; ties in the table's order). Empty unless two rows have a date.
fn by_as_of(drawn: &MeasureBars, rows: &[TableRow]) -> Vec<TableRow> {
    let mut dated: Vec<(Option<_>, usize)> = drawn
        .dated
        .iter()
        .map(|f| (f.as_of.map(|a| (a.first_day(), a.last_day())), f.row))
        .collect();
    if dated.iter().filter(|(as_of, _)| as_of.is_some()).count() < 2 {
        return Vec::new();
    }
    dated.sort_by_key(|(as_of, _)| (as_of.is_none(), *as_of));
    dated.into_iter().map(|(_, row)| rows[row].clone()).collect()
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
        let scale = unit_scale(drawn, *unit);
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
