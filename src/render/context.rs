//! The data each template sees: one serialisable struct per page kind, built from the
//! [`Dossier`](crate::model::Dossier) with every display string already formatted for the UI
//! language (figures, dates, labels) and every internal URL already relative to the page.
//!
//! Templates only lay these out; they never compute. Every string here is plain text and is
//! escaped by Tera, except fields ending in `_html`, which the renderer built from escaped
//! parts (Markdown, highlighted article text, SVG charts).
//!
//! [`Site`] is the same for every page and sits in Tera's global context as `site`. Every
//! `url`/`path` field is relative to the site root (`claims/nk-11000/`); templates prefix it with
//! `page.root`, the way from the current page to the root. So a summary of a claim is built once
//! and shared by every page that lists it.

use serde::Serialize;

/// What every page has.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// Dossier title.
    pub title: String,
    /// Dossier description as HTML (from Markdown).
    pub description_html: String,
    /// Dossier description as plain text (meta tags).
    pub description_text: String,
    /// UI language tag (`de`, `en`).
    pub lang: String,
    /// Absolute base URL ending in `/`, or empty when none is configured.
    pub base_url: String,
    /// Publisher.
    pub organization_name: String,
    /// Publisher website.
    pub organization_url: Option<String>,
    /// The licence of content and data, if declared.
    pub license: Option<crate::model::License>,
    /// Navigation entries: topics, sources, origins, claims, then the Markdown pages with `nav`.
    pub nav: Vec<NavLink>,
    /// The UI strings for the language (see `render::i18n`).
    pub t: std::collections::BTreeMap<&'static str, &'static str>,
}

/// A link in the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Label.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// The section it leads to; the page whose `page.section` equals it marks it current.
    pub section: String,
}

/// What every page has about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// The type of page: `index`, `claim`, `source`, `topic`, `origin`, `page`, `not_found`,
    /// `list` in the templates.
    pub kind: crate::render::PageType,
    /// The navigation section it belongs to (`index`, `topics`, `sources`, `origins`,
    /// `claims`, or a Markdown page's slug).
    pub section: String,
    /// `<title>` and `<h1>`.
    pub title: String,
    /// Meta description (plain text).
    pub description: String,
    /// Relative path from this page to the site root (`""`, `"../../"`); for the 404 page the
    /// absolute base path, as it is served at any depth.
    pub root: String,
    /// Canonical absolute URL, when a base URL is configured.
    pub canonical_url: Option<String>,
    /// The image a shared link shows (`og:image`), when the page has one and a base URL is
    /// configured (claim pages: their share image).
    pub image: Option<PageImage>,
}

/// An image for link previews: absolute URL, size in pixels and text alternative.
#[derive(Debug, Clone, Serialize)]
pub struct PageImage {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What it shows, in words.
    pub alt: String,
}

/// What a page says about itself, for [`Prepared::meta`](crate::render::Prepared::meta) to
/// complete into its [`PageMeta`] once its path is known.
pub(crate) struct PageAbout<'a> {
    /// The type of page.
    pub kind: crate::render::PageType,
    /// The navigation section it belongs to (see [`PageMeta::section`]).
    pub section: &'a str,
    /// `<title>` and `<h1>`.
    pub title: String,
    /// Meta description (plain text).
    pub description: String,
}

/// A verdict as shown on badges.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    /// Id (used as CSS class suffix `verdict-ID`).
    pub id: String,
    /// Label.
    pub label: String,
    /// 1 = best.
    pub rank: usize,
    /// Number of verdicts on the scale.
    pub scale_size: usize,
}

impl VerdictView {
    /// Its place on the scale from 0 (best) to 4 (worst): the badges' `data-tone`, as the
    /// `verdict_badge` component computes it.
    pub fn tone(&self) -> u8 {
        if self.scale_size < 2 {
            return 0;
        }
        let tone = (self.rank.saturating_sub(1) * 4) as f64 / (self.scale_size - 1) as f64;
        tone.round().clamp(0.0, 4.0) as u8
    }
}

/// A claim as listed on other pages.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimSummary {
    /// Id.
    pub id: String,
    /// URL (root-relative) of its page.
    pub url: String,
    /// Our statement.
    pub statement: String,
    /// Short summary.
    pub summary: String,
    /// Verdict.
    pub verdict: VerdictView,
    /// The figure as text, e.g. "knapp 11.000 Soldaten", if any.
    pub figure: Option<String>,
    /// Source headline.
    pub source_title: String,
    /// The source's short name ("Artikel 004"), if given.
    pub source_label: Option<String>,
    /// Language of the source article (`lang` of its headline and quote).
    pub source_language: String,
    /// Source outlet, or "Medium nicht genannt" / "outlet not named".
    pub source_outlet: String,
    /// URL (root-relative) of the source page.
    pub source_url: String,
    /// Publication date of the source, formatted.
    pub published: String,
    /// Topic title.
    pub topic_title: String,
    /// URL (root-relative) of the topic page.
    pub topic_url: String,
    /// Origin as text ("Bloomberg", or "the article itself").
    pub origin_name: String,
}

/// One step of an origin chain: origin, intermediaries, outlet.
#[derive(Debug, Clone, Serialize)]
pub struct ChainStep {
    /// Name.
    pub name: String,
    /// URL (root-relative) of the origin page (none for the outlet or "the article itself").
    pub url: Option<String>,
    /// Role label: origin, via, outlet; empty when `name` says it all ("published in an outlet
    /// not named").
    pub role: String,
}

/// A related claim with the relation as text.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// `contradicts`, `supports`, `same-origin`, `updates` (CSS hook).
    pub relation: String,
    /// The relation as a phrase, read from this claim ("supports", "is supported by").
    pub label: String,
    /// The other claim.
    pub claim: ClaimSummary,
}

/// A source article as listed.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// Id.
    pub id: String,
    /// URL (root-relative).
    pub url: String,
    /// Headline.
    pub title: String,
    /// Short name the notes use ("Artikel 004"), if given.
    pub label: Option<String>,
    /// Language of the article (`lang` of its headline).
    pub language: String,
    /// Outlet, or "Medium nicht genannt" / "outlet not named".
    pub outlet: String,
    /// Whether the article names its outlet (else `outlet` is the label for "not named").
    pub outlet_named: bool,
    /// Date, formatted.
    pub published: String,
    /// ISO date (for `<time datetime>`).
    pub published_iso: String,
    /// Number of claims.
    pub claim_count: usize,
}

/// A topic as listed on the index.
#[derive(Debug, Clone, Serialize)]
pub struct TopicSummary {
    /// Id.
    pub id: String,
    /// URL (root-relative).
    pub url: String,
    /// Title.
    pub title: String,
    /// Question.
    pub question: String,
    /// Number of claims.
    pub claim_count: usize,
    /// Spread of the figures per measure, e.g. "Aktive Soldaten: 500.000 – 1,6 Mio.".
    pub spreads: Vec<String>,
}

/// An origin as listed.
#[derive(Debug, Clone, Serialize)]
pub struct OriginSummary {
    /// Id.
    pub id: String,
    /// URL (root-relative).
    pub url: String,
    /// Name.
    pub name: String,
    /// Kind as text.
    pub kind: String,
    /// Claims attributed.
    pub claim_count: usize,
    /// Claims it passed on as an intermediary (`via`).
    pub relayed_count: usize,
}

/// `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct IndexPage {
    /// This page.
    pub page: PageMeta,
    /// Topics with counts and spreads.
    pub topics: Vec<TopicSummary>,
    /// The newest sources, at most [`super::INDEX_ENTRIES`] (`counts.sources` says how many
    /// there are).
    pub sources: Vec<SourceSummary>,
    /// The most cited origins, at most [`super::INDEX_ENTRIES`].
    pub origins: Vec<OriginSummary>,
    /// Verdicts with the number of claims each, each linked to its page.
    pub verdicts: Vec<VerdictCount>,
    /// The claims `highlights:` in `dossier.yaml` names, in its order; shown first.
    pub highlights: Vec<ClaimSummary>,
    /// Per verdict marked `finding: true` that has claims: its first claims.
    pub findings: Vec<FindingGroup>,
    /// The schema.org `Dataset` of the data release (JSON-LD, escaped for `<script>`).
    pub dataset_html: String,
    /// Totals.
    pub counts: Counts,
}

/// `corrections/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionsPage {
    /// This page.
    pub page: PageMeta,
    /// Every correction, newest first.
    pub entries: Vec<super::corrections::CorrectionEntry>,
    /// Whether `corrections.xml` is written (it needs a base URL).
    pub has_feed: bool,
}

/// A verdict and how many claims have it.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictCount {
    /// Verdict.
    pub verdict: VerdictView,
    /// Its explanation as HTML.
    pub explanation_html: String,
    /// Claims with it.
    pub count: usize,
    /// Root-relative URL of the page of its claims.
    pub url: String,
    /// Its share of all claims in percent, rounded (for the width of a bar; the count is the text).
    pub percent: usize,
}

/// The claims of one verdict marked `finding: true`, as the index lists them.
#[derive(Debug, Clone, Serialize)]
pub struct FindingGroup {
    /// Verdict.
    pub verdict: VerdictView,
    /// Claims with it in all.
    pub count: usize,
    /// Root-relative URL of the page of all its claims.
    pub url: String,
    /// The first of them (at most [`super::pages::INDEX_FINDINGS`]).
    pub claims: Vec<ClaimSummary>,
}

/// A verdict's entry in a tally: how many of the claims shown have it, and where they are.
#[derive(Debug, Clone, Serialize)]
pub struct TallyEntry {
    /// Verdict.
    pub verdict: VerdictView,
    /// Claims with it.
    pub count: usize,
    /// Their share in percent, rounded (for the width of a bar; the count is the text).
    pub percent: usize,
    /// Where they are listed (a root-relative URL or `#ID` on the same page); none for 0.
    pub url: Option<String>,
    /// Whether this is the verdict of the page being shown.
    pub current: bool,
}

/// A topic as a way into the claims: its title, page and number of claims.
#[derive(Debug, Clone, Serialize)]
pub struct TopicLink {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Its claims.
    pub count: usize,
}

/// The ways into the claims shown above every page of claims: by verdict, by topic, by origin.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimFilters {
    /// Every verdict of the scale with its number of claims and page.
    pub verdicts: Vec<TallyEntry>,
    /// Every topic with its number of claims.
    pub topics: Vec<TopicLink>,
    /// Origins in all (their overview lists each with its claims).
    pub origins: usize,
    /// Claims in all.
    pub claims: usize,
    /// Whether the page shown is the overview of all claims.
    pub all_current: bool,
}

/// The claims of an origin that have one verdict.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictGroup {
    /// Verdict (its group is the target `#verdict-ID`).
    pub verdict: VerdictView,
    /// The claims.
    pub claims: Vec<ClaimSummary>,
}

/// Totals for the index.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Claims.
    pub claims: usize,
    /// Sources.
    pub sources: usize,
    /// Topics.
    pub topics: usize,
    /// Origins.
    pub origins: usize,
}

/// Source details.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Summary fields.
    #[serde(flatten)]
    pub summary: SourceSummary,
    /// Author, if known.
    pub author: Option<String>,
    /// Original URL.
    pub original_url: Option<String>,
    /// Archive URL.
    pub archive_url: Option<String>,
    /// Language of the article text.
    pub language: String,
    /// The seed file.
    pub file: String,
    /// URL (root-relative) of the published article text: the bytes `sha256` is of.
    pub text_url: String,
    /// SHA-256 of the article file, hex.
    pub sha256: String,
}

/// A paragraph of article text with quotes highlighted.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    /// Anchor id, `p1`, `p2`, ...
    pub id: String,
    /// Escaped text with `<mark>` links around quotes.
    pub html: String,
}

/// `sources/ID/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct SourcePage {
    /// This page.
    pub page: PageMeta,
    /// The source.
    pub source: SourceView,
    /// Body paragraphs.
    pub paragraphs: Vec<ParagraphView>,
    /// Its claims, in text order.
    pub claims: Vec<ClaimSummary>,
}

/// The figure of a claim, spelled out.
#[derive(Debug, Clone, Serialize)]
pub struct QuantityView {
    /// Whole figure as text: "knapp 11.000 Soldaten".
    pub text: String,
    /// Just the number(s): "11.000" or "10.000–12.000".
    pub number: String,
    /// Qualifier as text ("knapp"), empty when the source gives none.
    pub qualifier: String,
    /// Unit, in the number the figure needs ("Tag" for 1).
    pub unit: Option<String>,
    /// The source's own words for a vague quantity ("Tausende"); `text` then shows the number
    /// as the dossier's reading of them.
    pub wording: Option<String>,
    /// Measure label.
    pub measure: String,
}

/// `claims/ID/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimPage {
    /// This page.
    pub page: PageMeta,
    /// Its corrections, newest first ("Geändert am …").
    pub changes: Vec<super::corrections::ChangeView>,
    /// The claim as listed elsewhere (statement, verdict, source, topic).
    pub claim: ClaimSummary,
    /// The verdict's reason in one sentence, shown under the verdict.
    pub conclusion: Option<String>,
    /// Whether this claim or a linked one has a figure: the box of linked claims compares
    /// figures ("Die Angaben im Vergleich") rather than listing related claims.
    pub figures_compared: bool,
    /// The quote as written by the annotator.
    pub quote: String,
    /// The paragraph holding the quote, with the quote highlighted.
    pub paragraph_html: String,
    /// Language of the article text (`lang` of the quote).
    pub source_language: String,
    /// URL (root-relative) of that paragraph on the source page.
    pub paragraph_url: String,
    /// Figure.
    pub quantity: Option<QuantityView>,
    /// Date the claim refers to, formatted.
    pub as_of: Option<String>,
    /// ISO form of `as_of`.
    pub as_of_iso: Option<String>,
    /// When the claim was reviewed, formatted; none when no date is given anywhere.
    pub reviewed: Option<String>,
    /// The words before `reviewed`, fitting its precision ("Geprüft am" a day, "Geprüft im" a
    /// month, "Geprüft" a year).
    pub reviewed_label: Option<String>,
    /// ISO form of `reviewed`.
    pub reviewed_iso: Option<String>,
    /// Origin → via → outlet.
    pub chain: Vec<ChainStep>,
    /// The verdict's explanation from the scale, HTML.
    pub verdict_explanation_html: String,
    /// The note, HTML.
    pub note_html: Option<String>,
    /// Related claims.
    pub links: Vec<LinkView>,
    /// Other claims on the same topic (at most a handful; the topic page has all).
    pub same_topic: Vec<ClaimSummary>,
    /// Number of other claims on the topic.
    pub same_topic_total: usize,
    /// The schema.org `ClaimReview` as JSON for a `<script type="application/ld+json">`
    /// (`<`, `>`, `&` escaped as `\u003c`…).
    pub structured_data_html: String,
    /// The original article opened at the quoted passage (a Text Fragment link), when its URL is
    /// known (and http or https).
    pub original_passage_url: Option<String>,
    /// The original article's URL as given (printed beside the passage link).
    pub original_url: Option<String>,
    /// The independent origins behind the claim (those of its same-origin group).
    pub independence: IndependenceView,
    /// Figures of its topic that break a constraint together with this claim's figure.
    pub violations: Vec<ViolationView>,
    /// The provenance graph of the claim and the claims behind it, SVG (escaped by
    /// `render::graph`).
    pub graph_svg_html: String,
    /// The same graph as nested lists, HTML.
    pub graph_list_html: String,
}

pub use super::provenance::{IndependenceView, SupportingOrigin, ViolationView};

/// A row of a comparison table: one origin group's figure.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// The figure(s) of the group, each whole (qualifier, number, unit, the source's words for a
    /// vague quantity), separated by " / ".
    pub figure: String,
    /// Date the figure refers to.
    pub as_of: String,
    /// ISO date or empty.
    pub as_of_iso: String,
    /// Origin chain as text steps.
    pub chain: Vec<ChainStep>,
    /// Every mention of this figure from this origin: the claims of the group.
    pub reports: Vec<ClaimSummary>,
    /// The same claims by article, in order of first appearance: a report is an article, and
    /// a mention within it is a place (passage).
    pub articles: Vec<ReportingArticle>,
    /// Number of articles reporting it.
    pub article_count: usize,
    /// Number of places (passages) mentioning it, across those articles (≥ `article_count`).
    pub place_count: usize,
    /// The independent origins behind the figure (its own and those that support it).
    pub independence: IndependenceView,
}

/// An article that reports a table row's figure, with the places in it that do.
#[derive(Debug, Clone, Serialize)]
pub struct ReportingArticle {
    /// Headline.
    pub title: String,
    /// Language of the article (`lang` of its headline).
    pub language: String,
    /// Outlet.
    pub outlet: String,
    /// Publication date, formatted.
    pub published: String,
    /// URL (root-relative) of the source page.
    pub url: String,
    /// The row's claims in this article, in text order.
    pub places: Vec<ClaimSummary>,
}

/// A measure's block on a topic page.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    /// Id (anchor `measure-ID`).
    pub id: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The range line's label: "Spanne" for two or more figures, "Wert" for one.
    pub range_label: String,
    /// The range line: lowest and highest reported figure, each whole, e.g.
    /// "etwa 500.000 Soldaten – 1,6 Mio. Soldaten"; empty without figures.
    pub range: String,
    /// Rows.
    pub rows: Vec<TableRow>,
    /// The charts of this measure's figures whose unit no other measure of the topic shares
    /// (those that share one are in the topic's [`TopicPage::overview`]); usually one or none.
    pub charts: Vec<ChartView>,
    /// Its figures over time, when at least one has an as-of date.
    pub timeline: Option<TimelineView>,
    /// The same rows ordered by as-of date (earliest first, undated last): the table's second
    /// ordering, without JavaScript. Empty unless two of its rows have a date. One measure at a
    /// time: figures of different measures count different things.
    pub rows_by_as_of: Vec<TableRow>,
}

/// A measure's figures over time: the chart in both layouts and, as text, its key (each origin
/// with its figures by date, the latest marked) and the figures it cannot place.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// Unique on the page (`timeline-MEASURE`).
    pub id: String,
    /// "Zeitverlauf: Bereits nach Russland entsandt".
    pub heading: String,
    /// The SVG for screens 42rem and wider.
    pub svg_wide: String,
    /// The SVG for phones.
    pub svg_narrow: String,
    /// One entry per origin, in the chart's order.
    pub series: Vec<TimelineSeries>,
    /// Figures without an as-of date (not drawn).
    pub undated: Vec<TimelineEntry>,
}

/// One origin of a timeline with its figures.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineSeries {
    /// The origin's name.
    pub label: String,
    /// Its marker as a small SVG (escaped by `render::chart::timeline`).
    pub swatch_html: String,
    /// Its figures, by date.
    pub entries: Vec<TimelineEntry>,
}

/// One figure of a timeline's key.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// The as-of date, formatted; empty when not stated.
    pub as_of: String,
    /// ISO date or empty.
    pub as_of_iso: String,
    /// The whole figure (the one figure formatter's text).
    pub figure: String,
    /// The latest figure of its origin.
    pub latest: bool,
    /// Its origin chain in words (for figures listed without their series).
    pub origin: String,
    /// Root-relative URL of the first claim that reports it.
    pub url: String,
}

/// A bar chart of a topic page, in both layouts (the page shows one by a media query), with
/// its source line.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique on the page (`chart-overview-1`, `chart-MEASURE`).
    pub id: String,
    /// Heading of an overview chart ("Alle Angaben auf einer Skala (Soldaten)").
    pub heading: String,
    /// The SVG with labels beside the bars.
    pub svg_wide: String,
    /// The SVG with labels above the bars, for phones.
    pub svg_narrow: String,
    /// The articles its figures come from, each once.
    pub sources: Vec<ChartSource>,
    /// The measures it draws, whose tables give its figures as text.
    pub tables: Vec<ChartTable>,
}

/// An article a chart's figures come from.
#[derive(Debug, Clone, Serialize)]
pub struct ChartSource {
    /// Headline.
    pub title: String,
    /// Root-relative URL of the source page.
    pub url: String,
    /// Language of the headline.
    pub language: String,
}

/// A measure table a chart draws.
#[derive(Debug, Clone, Serialize)]
pub struct ChartTable {
    /// Measure id (the table's caption is `measure-ID-caption`).
    pub id: String,
    /// Measure label.
    pub label: String,
}

/// `topics/ID/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TopicPage {
    /// This page.
    pub page: PageMeta,
    /// The question the table answers.
    pub question: String,
    /// Default unit.
    pub unit: Option<String>,
    /// Description, HTML.
    pub description_html: String,
    /// One block per measure with figures.
    pub measures: Vec<MeasureView>,
    /// Whether a measure has its rows in a second ordering by as-of date
    /// ([`MeasureView::rows_by_as_of`]): the page then has a section of those tables.
    pub by_as_of: bool,
    /// One chart per unit that two or more measures share: their figures on one scale,
    /// grouped by measure.
    pub overview: Vec<ChartView>,
    /// Claims without a figure.
    pub unquantified: Vec<ClaimSummary>,
    /// Number of claims.
    pub claim_count: usize,
    /// Figures that break the topic's constraints.
    pub violations: Vec<ViolationView>,
    /// The provenance graph of its claims, SVG (escaped by `render::graph`).
    pub graph_svg_html: String,
    /// The same graph as nested lists, HTML (escaped by `render::graph`).
    pub graph_list_html: String,
}

/// `origins/ID/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct OriginPage {
    /// This page.
    pub page: PageMeta,
    /// Kind as text.
    pub kind: String,
    /// Description.
    pub description: String,
    /// Claims attributed to the origin.
    pub claims: Vec<ClaimSummary>,
    /// Its scorecard: per verdict of the scale, how many of its attributed claims have it,
    /// linked to their group.
    pub tally: Vec<TallyEntry>,
    /// Its attributed claims, grouped by verdict in scale order (verdicts without claims left out).
    pub groups: Vec<VerdictGroup>,
    /// Claims it passed on as an intermediary.
    pub relayed: Vec<ClaimSummary>,
}

/// A Markdown page.
#[derive(Debug, Clone, Serialize)]
pub struct MarkdownPage {
    /// This page.
    pub page: PageMeta,
    /// Body, HTML.
    pub body_html: String,
    /// The verdict scale with its schema.org ratings, when the front matter says
    /// `verdict_scale: true` (empty otherwise); shown after the body.
    pub verdict_scale: Vec<VerdictRating>,
    /// The highest and lowest rating of the scale, when any verdict has one.
    pub rating_bounds: Option<RatingBounds>,
}

/// The best and the worst rating on the truth scale.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RatingBounds {
    /// `bestRating`: the highest rating.
    pub best: i64,
    /// `worstRating`: the lowest rating.
    pub worst: i64,
}

/// A verdict with the rating the `ClaimReview` of its claims carries.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictRating {
    /// Verdict.
    pub verdict: VerdictView,
    /// schema.org `ratingValue`: the verdict's declared `rating`; none for `rating: none`.
    pub rating_value: Option<i64>,
    /// The rating as shown: the number, or "keine" / "none".
    pub rating_text: String,
    /// Its explanation, HTML.
    pub explanation_html: String,
}

/// Lists: `claims/`, `sources/`, `topics/`, `origins/` index pages.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    /// This page.
    pub page: PageMeta,
    /// Entries of the section in all (this page shows some of them).
    pub total: usize,
    /// Links to the other pages of the overview, when it has more than one.
    pub pagination: Option<Pagination>,
    /// Claims (on `claims/`).
    pub claims: Vec<ClaimSummary>,
    /// Sources (on `sources/`).
    pub sources: Vec<SourceSummary>,
    /// Topics (on `topics/`).
    pub topics: Vec<TopicSummary>,
    /// Origins (on `origins/`).
    pub origins: Vec<OriginSummary>,
    /// The ways into the claims by verdict, topic and origin (on `claims/`).
    pub filters: Option<ClaimFilters>,
}

/// `claims/verdict/ID/`: the claims of one verdict, in pages like an overview.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictPage {
    /// This page.
    pub page: PageMeta,
    /// The verdict.
    pub verdict: VerdictView,
    /// What it means, HTML.
    pub explanation_html: String,
    /// Claims with this verdict in all (this page shows some of them).
    pub total: usize,
    /// Links to the other pages, when there is more than one.
    pub pagination: Option<Pagination>,
    /// This page's claims.
    pub claims: Vec<ClaimSummary>,
    /// The ways into the claims by verdict, topic and origin.
    pub filters: ClaimFilters,
}

/// `404.html`.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundPage {
    /// This page.
    pub page: PageMeta,
}

/// The pages of an overview that has more than one: where this one is and links to the others.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub number: usize,
    /// Pages in all.
    pub count: usize,
    /// Root-relative URL of the previous page.
    pub previous: Option<String>,
    /// Root-relative URL of the next page.
    pub next: Option<String>,
    /// The page links to show: the first and last page and those near this one, with `None`
    /// where pages are left out.
    pub links: Vec<Option<PageLink>>,
}

/// A link to one page of an overview.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Its number, from 1.
    pub number: usize,
    /// Root-relative URL.
    pub url: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

impl Pagination {
    /// Pages near the current one that get a link of their own, on each side.
    const NEAR: usize = 2;

    /// Page `number` (0-based) of `count` pages of `section`'s overview; `None` for a single page.
    pub fn new(section: super::Section, number: usize, count: usize) -> Option<Self> {
        Self::with_urls(number, count, |n| section.list_url(n))
    }

    /// Page `number` (0-based) of `count` pages whose root-relative URLs `url` gives (by 0-based
    /// number); `None` for a single page.
    pub fn with_urls(number: usize, count: usize, url: impl Fn(usize) -> String) -> Option<Self> {
        if count < 2 {
            return None;
        }
        let link = |n: usize| PageLink {
            number: n + 1,
            url: url(n),
            current: n == number,
        };
        let mut shown: Vec<bool> = (0..count)
            .map(|n| n == 0 || n + 1 == count || n.abs_diff(number) <= Self::NEAR)
            .collect();
        // A gap of one page shows that page: its number is no longer than the gap mark.
        for n in 1..count.saturating_sub(1) {
            if !shown[n] && shown[n - 1] && shown[n + 1] {
                shown[n] = true;
            }
        }
        let mut links = Vec::new();
        for (n, &is_shown) in shown.iter().enumerate() {
            if is_shown {
                links.push(Some(link(n)));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Some(Self {
            number: number + 1,
            count,
            previous: number.checked_sub(1).map(&url),
            next: (number + 1 < count).then(|| url(number + 1)),
            links,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Section;

    fn numbers(pagination: &Pagination) -> Vec<Option<usize>> {
        pagination
            .links
            .iter()
            .map(|link| link.as_ref().map(|l| l.number))
            .collect()
    }

    #[test]
    fn pagination_links_the_ends_and_the_neighbourhood_and_marks_longer_gaps() {
        assert!(
            Pagination::new(Section::Claims, 0, 1).is_none(),
            "one page needs no links"
        );
        let first = Pagination::new(Section::Claims, 0, 5).expect("pages");
        assert_eq!(
            numbers(&first),
            [Some(1), Some(2), Some(3), Some(4), Some(5)],
            "a one-page gap is filled"
        );
        assert_eq!(
            (first.previous.as_deref(), first.next.as_deref()),
            (None, Some("claims/page/2/"))
        );
        let middle = Pagination::new(Section::Sources, 49, 100).expect("pages");
        assert_eq!(
            numbers(&middle),
            [
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(100)
            ]
        );
        assert_eq!(middle.previous.as_deref(), Some("sources/page/49/"));
        let last = Pagination::new(Section::Origins, 6, 7).expect("pages");
        assert_eq!(numbers(&last), [Some(1), None, Some(5), Some(6), Some(7)]);
        assert_eq!(
            (last.previous.as_deref(), last.next.as_deref()),
            (Some("origins/page/6/"), None)
        );
        assert!(last.links.last().and_then(Option::as_ref).is_some_and(|l| l.current));
    }
}
