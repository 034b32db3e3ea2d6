//! The summaries many pages share ([`Prepared`]): one per claim, source, topic and origin, the
//! site-wide context and the verdict explanations, built once per build and cloned into each
//! page's context.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::history::History;
use crate::model::{ClaimId, Dossier, Language, MeasureId, SourceId, TopicId, VerdictId};
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::plan::{PageType, entity_url, root_from};
use crate::render::{format, i18n, markdown};

/// Options that are not part of the dossier's content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides the config's base URL (already normalised, ending in `/`).
    pub base_url: Option<String>,
}

/// Summaries shared by many pages, built once per build.
pub struct Prepared<'d> {
    /// The dossier.
    pub dossier: &'d Dossier,
    /// UI language.
    pub lang: Language,
    /// One per claim, each made when first read ([`Prepared::claim`]): a run that keeps a page
    /// by its neighbourhood key never makes the summaries it would show.
    claims: Vec<OnceLock<ClaimSummary>>,
    /// One per source.
    pub sources: Vec<SourceSummary>,
    /// One per topic.
    pub topics: Vec<TopicSummary>,
    /// One per origin.
    pub origins: Vec<OriginSummary>,
    /// The site-wide context.
    pub site: Site,
    /// Absolute base URL, if any.
    pub base_url: Option<String>,
    /// The explanation of each verdict as HTML, rendered once rather than on every claim page.
    pub verdict_explanations_html: Vec<String>,
    /// The sources of each same-origin group (by [`crate::model::Claim::origin_group`]), each
    /// once, in dossier order: where a claim of the group appeared.
    pub origin_group_sources: HashMap<ClaimId, Vec<SourceId>>,
    /// The claims of each verdict of the scale, in dossier order (the pages per verdict).
    pub claims_by_verdict: Vec<Vec<ClaimId>>,
    /// The corrections log from the dossier's git history (empty when none was found).
    pub history: Arc<History>,
}

impl<'d> Prepared<'d> {
    /// Builds the summaries.
    pub fn new(dossier: &'d Dossier, options: &RenderOptions) -> Self {
        Self::remembering(dossier, options, None)
    }

    /// [`Prepared::new`], taking the topics' range lines that `ranges` remembers from an
    /// earlier run where their figures are the same (see [`format::RangeMemo`]); `ranges` then
    /// remembers this run's. Without `ranges`, every line is made.
    pub fn remembering(dossier: &'d Dossier, options: &RenderOptions, ranges: Option<&mut format::RangeMemo>) -> Self {
        use rayon::prelude::*;
        let lang = dossier.config.language;
        let base_url = options.base_url.clone().or_else(|| dossier.config.base_url.clone());
        let claims = (0..dossier.claims.len()).map(|_| OnceLock::new()).collect();
        let sources = dossier.sources.iter().map(|s| source_summary(lang, s)).collect();
        // Each topic's range lines read the figures of every claim of it: the topics side by side.
        let memo = ranges.as_deref();
        let (topics, seen): (Vec<TopicSummary>, Vec<format::RangeLines>) = (0..dossier.topics.len())
            .into_par_iter()
            .map(|t| topic_summary(dossier, lang, TopicId::new(t), memo))
            .unzip();
        if let Some(ranges) = ranges {
            ranges.keep_only(seen.into_iter().flatten().collect());
        }
        let origins = dossier
            .origins
            .iter()
            .map(|o| OriginSummary {
                id: o.id.clone(),
                url: entity_url("origins", &o.id),
                name: o.name.clone(),
                kind: i18n::origin_kind(lang, o.kind).to_owned(),
                claim_count: o.claims.len(),
                relayed_count: o.relayed.len(),
            })
            .collect();
        let site = site(dossier, lang, base_url.as_deref());
        let verdict_explanations_html = dossier
            .config
            .verdicts
            .iter()
            .map(|v| {
                markdown::to_html_at(
                    &v.explanation,
                    &root_from(&crate::render::plan::entity_path("claims", "x")),
                )
            })
            .collect();
        let mut origin_group_sources: HashMap<ClaimId, Vec<SourceId>> = HashMap::new();
        for claim in &dossier.claims {
            let sources = origin_group_sources.entry(claim.origin_group).or_default();
            if !sources.contains(&claim.source) {
                sources.push(claim.source);
            }
        }
        let mut claims_by_verdict: Vec<Vec<ClaimId>> = vec![Vec::new(); dossier.config.verdicts.len()];
        for (c, claim) in dossier.claims.iter().enumerate() {
            if let Some(list) = claims_by_verdict.get_mut(claim.verdict.index()) {
                list.push(ClaimId::new(c));
            }
        }
        Self {
            claims_by_verdict,
            history: Arc::default(),
            origin_group_sources,
            dossier,
            lang,
            claims,
            sources,
            topics,
            origins,
            site,
            base_url,
            verdict_explanations_html,
        }
    }

    /// The same summaries with the corrections log read from the git history (`None`: no
    /// history was found, so no correction is shown).
    pub fn with_history(mut self, history: Option<Arc<History>>) -> Self {
        self.history = history.unwrap_or_default();
        self
    }

    /// The summary of claim `c` (made on first read).
    ///
    /// # Panics
    /// When the dossier has no claim `c`, as indexing does.
    pub fn claim(&self, c: ClaimId) -> &ClaimSummary {
        self.claim_checked(c)
            .unwrap_or_else(|| panic!("no claim {} in a dossier of {}", c.index(), self.claims.len()))
    }

    /// The summary of claim `c`, `None` when the dossier has no claim `c`.
    pub fn claim_checked(&self, c: ClaimId) -> Option<&ClaimSummary> {
        let cell = self.claims.get(c.index())?;
        Some(cell.get_or_init(|| claim_summary(self.dossier, self.lang, c)))
    }

    /// One UI string in the dossier's language (see [`i18n::text`]).
    pub(crate) fn text(&self, key: i18n::Key) -> &'static str {
        i18n::text(self.lang, key)
    }

    /// What the page at `path` has about itself: what it says (`about`), and where it stands.
    pub(crate) fn meta(&self, path: &str, about: PageAbout<'_>) -> PageMeta {
        let PageAbout {
            kind,
            section,
            title,
            description,
        } = about;
        let root = if kind == PageType::NotFound {
            self.base_path()
        } else {
            root_from(path)
        };
        let canonical_path = path.strip_suffix("index.html").unwrap_or(path);
        PageMeta {
            kind,
            section: section.to_owned(),
            title,
            description,
            root,
            canonical_url: self
                .base_url
                .as_ref()
                .filter(|_| kind != PageType::NotFound)
                .map(|base| format!("{base}{canonical_path}")),
            image: None,
        }
    }

    /// The summaries of the `limit` newest sources (by publication date, then id).
    pub(crate) fn newest_sources(&self, limit: usize) -> Vec<SourceSummary> {
        let sources = &self.dossier.sources;
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by(|&a, &b| sources[b].published.cmp(&sources[a].published).then(a.cmp(&b)));
        order.into_iter().take(limit).map(|s| self.sources[s].clone()).collect()
    }

    /// The summaries of the `limit` origins with the most claims (ties in dossier order).
    pub(crate) fn most_cited_origins(&self, limit: usize) -> Vec<OriginSummary> {
        let mut order: Vec<usize> = (0..self.origins.len()).collect();
        order.sort_by(|&a, &b| {
            self.origins[b]
                .claim_count
                .cmp(&self.origins[a].claim_count)
                .then(a.cmp(&b))
        });
        order.into_iter().take(limit).map(|o| self.origins[o].clone()).collect()
    }

    /// The absolute path of the site root on its host (`/` or `/dossier/`).
    pub fn base_path(&self) -> String {
        // `model::base_url` refuses every path that could start with `//` or hold a backslash.
        self.base_url
            .as_deref()
            .map_or("/", crate::model::base_url::path_of)
            .to_owned()
    }
}

fn site(dossier: &Dossier, lang: Language, base_url: Option<&str>) -> Site {
    let t = i18n::strings(lang);
    let mut nav = vec![
        NavLink {
            title: i18n::text(lang, ui_key!("nav_topics")).to_owned(),
            url: "topics/".into(),
            section: "topics".into(),
        },
        NavLink {
            title: i18n::text(lang, ui_key!("nav_sources")).to_owned(),
            url: "sources/".into(),
            section: "sources".into(),
        },
        NavLink {
            title: i18n::text(lang, ui_key!("nav_origins")).to_owned(),
            url: "origins/".into(),
            section: "origins".into(),
        },
        NavLink {
            title: i18n::text(lang, ui_key!("nav_claims")).to_owned(),
            url: "claims/".into(),
            section: "claims".into(),
        },
    ];
    for page in dossier.pages.iter().filter(|p| p.nav.is_some()) {
        nav.push(NavLink {
            title: page.title.clone(),
            url: format!("{}/", page.slug),
            section: page.slug.clone(),
        });
    }
    Site {
        title: dossier.config.title.clone(),
        description_html: markdown::to_html(&dossier.config.description),
        description_text: markdown::to_text(&dossier.config.description),
        lang: lang.tag().to_owned(),
        base_url: base_url.unwrap_or("").to_owned(),
        organization_name: dossier.config.organization_name.clone(),
        organization_url: dossier.config.organization_url.clone(),
        license: dossier.config.license.clone(),
        nav,
        t,
    }
}

pub(crate) fn verdict_view(dossier: &Dossier, verdict: VerdictId) -> VerdictView {
    let v = &dossier.config.verdicts[verdict];
    VerdictView {
        id: v.id.clone(),
        label: v.label.clone(),
        rank: verdict.index() + 1,
        scale_size: dossier.config.verdicts.len(),
    }
}

/// A source's outlet as shown on its own (in a list, after a headline): its name, or
/// "Medium nicht genannt" / "outlet not named" when the article names none.
pub fn outlet_label(lang: Language, source: &crate::model::Source) -> String {
    match &source.outlet {
        Some(outlet) => outlet.clone(),
        None => i18n::text(lang, ui_key!("outlet_not_named")).to_owned(),
    }
}

/// A claim's origin as shown: its name, or "der Artikel selbst" / "the article itself" when the
/// claim names none (the summary and the search index read it alike).
pub(crate) fn origin_label(lang: Language, origin_name: Option<&str>) -> &str {
    origin_name.unwrap_or_else(|| i18n::text(lang, ui_key!("origin_article")))
}

/// What a claim's summary shows of its source, made from the source alone (with the language).
#[derive(Serialize)]
pub(crate) struct SourceShown<'a> {
    id: &'a str,
    title: &'a str,
    label: Option<&'a str>,
    language: &'a str,
    outlet: Option<&'a str>,
    published: &'a crate::model::PartialDate,
}

impl<'a> SourceShown<'a> {
    pub(crate) fn of(source: &'a crate::model::Source) -> Self {
        Self {
            id: &source.id,
            title: &source.title,
            label: source.label.as_deref(),
            language: &source.language,
            outlet: source.outlet.as_deref(),
            published: &source.published,
        }
    }
}

/// What a claim's summary shows of its topic, made from the topic alone.
#[derive(Serialize)]
pub(crate) struct TopicShown<'a> {
    id: &'a str,
    title: &'a str,
}

impl<'a> TopicShown<'a> {
    pub(crate) fn of(topic: &'a crate::model::Topic) -> Self {
        Self {
            id: &topic.id,
            title: &topic.title,
        }
    }
}

/// What a claim's summary shows of its origin (with the language, when it has none).
#[derive(Serialize)]
pub(crate) struct OriginShown<'a> {
    name: &'a str,
}

impl<'a> OriginShown<'a> {
    pub(crate) fn of(origin: &'a crate::model::Origin) -> Self {
        Self { name: &origin.name }
    }
}

/// A claim's summary, made from the claim, the configuration (its verdict), the language and
/// what [`SourceShown`], [`TopicShown`] and [`OriginShown`] take of its source, topic and
/// origin, and nothing else: so the hashes of those (see `render::pages::inputs`) cover it.
fn claim_summary(dossier: &Dossier, lang: Language, index: ClaimId) -> ClaimSummary {
    let claim = &dossier.claims[index];
    let source = SourceShown::of(&dossier.sources[claim.source]);
    let topic = TopicShown::of(&dossier.topics[claim.topic]);
    let origin = claim.origin.map(|o| OriginShown::of(&dossier.origins[o]));
    ClaimSummary {
        id: claim.id.clone(),
        url: entity_url("claims", &claim.id),
        statement: claim.statement.clone(),
        summary: claim.summary.clone(),
        verdict: verdict_view(dossier, claim.verdict),
        figure: claim.quantity.as_ref().map(|q| format::figure(lang, q)),
        source_title: source.title.to_owned(),
        source_label: source.label.map(str::to_owned),
        source_language: source.language.to_owned(),
        source_outlet: match source.outlet {
            Some(outlet) => outlet.to_owned(),
            None => i18n::text(lang, ui_key!("outlet_not_named")).to_owned(),
        },
        source_url: entity_url("sources", source.id),
        published: format::date(lang, source.published),
        topic_title: topic.title.to_owned(),
        topic_url: entity_url("topics", topic.id),
        origin_name: origin_label(lang, origin.map(|origin| origin.name)).to_owned(),
    }
}

fn source_summary(lang: Language, source: &crate::model::Source) -> SourceSummary {
    SourceSummary {
        id: source.id.clone(),
        url: entity_url("sources", &source.id),
        title: source.title.clone(),
        label: source.label.clone(),
        language: source.language.clone(),
        outlet: outlet_label(lang, source),
        outlet_named: source.outlet.is_some(),
        published: format::date(lang, &source.published),
        published_iso: source.published.iso(),
        claim_count: source.claims.len(),
    }
}

/// The summary of topic `index`, with its range lines taken from `memo` where it has them (and
/// the lines by their keys, for the memo's next run).
fn topic_summary(
    dossier: &Dossier,
    lang: Language,
    index: TopicId,
    memo: Option<&format::RangeMemo>,
) -> (TopicSummary, format::RangeLines) {
    let topic = &dossier.topics[index];
    let mut seen = Vec::new();
    let spreads = topic
        .measures
        .iter()
        .enumerate()
        .filter_map(|(m, measure)| {
            let range = match memo {
                Some(memo) => {
                    let quantities: Vec<&crate::model::Quantity> = dossier
                        .claims_with_measure(index, MeasureId::new(m))
                        .filter_map(|claim| claim.quantity.as_ref())
                        .collect();
                    memo.range(lang, &quantities, &mut seen)
                }
                None => measure_range(dossier, lang, index, MeasureId::new(m)),
            };
            range.map(|range| format!("{}: {}", measure.label, range.text))
        })
        .collect();
    let summary = TopicSummary {
        id: topic.id.clone(),
        url: entity_url("topics", &topic.id),
        title: topic.title.clone(),
        question: topic.question.clone(),
        claim_count: topic.claims.len(),
        spreads,
    };
    (summary, seen)
}

/// The range line of a measure's figures (see [`format::range`]).
pub(crate) fn measure_range(
    dossier: &Dossier,
    lang: Language,
    topic: TopicId,
    measure: MeasureId,
) -> Option<format::FigureRange> {
    format::range(
        lang,
        dossier
            .claims_with_measure(topic, measure)
            .filter_map(|claim| claim.quantity.as_ref()),
    )
}

pub(crate) fn first_words(text: &str) -> String {
    const LIMIT: usize = 160;
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LIMIT {
        text
    } else {
        format!("{}…", text.chars().take(LIMIT - 1).collect::<String>().trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::{Prepared, RenderOptions, claim_summary};
    use crate::build::{CheckOptions, check};
    use crate::generate::{GenerateOptions, input_files};
    use crate::model::ClaimId;

    /// No claim's summary is made before it is read; read, it is the claim's summary.
    #[test]
    fn claim_summaries_are_made_when_first_read() {
        let (input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 3, seed: 5 },
        );
        let dossier = check(&input, CheckOptions::default()).dossier.expect("valid");
        let prepared = Prepared::new(&dossier, &RenderOptions::default());
        let made = |prepared: &Prepared<'_>| prepared.claims.iter().filter(|cell| cell.get().is_some()).count();
        assert_eq!(made(&prepared), 0);
        let summary = prepared.claim(ClaimId::new(1)).clone();
        assert_eq!(made(&prepared), 1);
        let fresh = claim_summary(&dossier, dossier.config.language, ClaimId::new(1));
        assert_eq!(serde_json::to_string(&summary).ok(), serde_json::to_string(&fresh).ok());
        assert!(prepared.claim_checked(ClaimId::new(dossier.claims.len())).is_none());
    }

    /// Remembered range lines are taken where a topic's figures are the same, and made again
    /// where one changed: the topics' summaries equal those made without a memo, after an edit
    /// of a figure too.
    #[test]
    fn remembered_range_lines_are_taken_only_for_the_same_figures() {
        use crate::render::format::RangeMemo;
        let (input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 6, seed: 3 },
        );
        let dossier = check(&input, CheckOptions::default()).dossier.expect("valid");
        let options = RenderOptions::default();
        let spreads = |prepared: &Prepared<'_>| -> Vec<Vec<String>> {
            prepared.topics.iter().map(|topic| topic.spreads.clone()).collect()
        };
        let mut memo = RangeMemo::default();
        let first = spreads(&Prepared::remembering(&dossier, &options, Some(&mut memo)));
        assert_eq!(first, spreads(&Prepared::new(&dossier, &options)));
        assert!(!memo.is_empty());
        // Taken from memory while the figures are the same: a wrong remembered line shows.
        for line in memo.by_figures.values_mut().flatten() {
            line.text.push('!');
        }
        let taken = spreads(&Prepared::remembering(&dossier, &options, Some(&mut memo)));
        assert!(taken.iter().flatten().count() > 0, "some topic has figures");
        assert!(taken.iter().flatten().all(|line| line.ends_with('!')), "{taken:?}");
        for line in memo.by_figures.values_mut().flatten() {
            line.text.pop();
        }
        // A figure changed: its topic's line is made again, the others stay taken.
        let mut changed = dossier.clone();
        let claim = changed
            .claims
            .iter_mut()
            .find(|claim| claim.quantity.as_ref().is_some_and(|q| q.wording.is_none()))
            .expect("a claim with a reported figure");
        let topic = claim.topic.index();
        let quantity = claim.quantity.as_mut().expect("a figure");
        (quantity.low, quantity.high) = (9.0e12, 9.0e12);
        let remembered = spreads(&Prepared::remembering(&changed, &options, Some(&mut memo)));
        let fresh = spreads(&Prepared::new(&changed, &options));
        assert_eq!(remembered, fresh);
        assert_ne!(fresh[topic], first[topic], "the edit shows in its topic's line");
    }
}
