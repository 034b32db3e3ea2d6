//! Render: the resolved dossier to HTML pages, with Tera templates.
//!
//! [`plan`] lists every page of the site with its output path. [`Prepared`] holds what many
//! pages show (a summary per claim, source, topic and origin), built once per build.
//! [`Renderer`] owns the compiled templates (built-in defaults from [`embedded`], overridden by
//! the dossier's own `templates/`) and renders one page at a time; pages are independent, so
//! the caller renders them in parallel. Pure: no disk access.

pub mod chart;
pub mod context;
pub mod corrections;
pub mod dataset;
pub mod embedded;
pub mod exports;
pub mod format;
pub mod i18n;
pub mod markdown;
mod pages;
pub mod quotes;
pub mod search;
pub mod structured;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{FileContent, InputFiles, STATIC_DIR, TEMPLATES_DIR};
use crate::model::{ClaimId, Dossier, Language, OriginId, SourceId, TopicId};
use context::*;

/// How many other claims of the same topic a claim page lists.
pub const SAME_TOPIC_LIMIT: usize = 8;

/// Sources and origins the index shows (the newest sources, the most cited origins); the
/// overviews list them all.
pub const INDEX_ENTRIES: usize = 10;

/// Entries per page of an overview (`claims/`, `sources/`, …): a dossier of 100,000 claims gets
/// 1,000 pages of claims instead of one page that no browser opens gladly and every edit
/// re-renders.
pub const LIST_PAGE_SIZE: usize = 100;

/// The kind of a page and the entity it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `index.html`.
    Index,
    /// `claims/ID/index.html`.
    Claim(ClaimId),
    /// `sources/ID/index.html`.
    Source(SourceId),
    /// `topics/ID/index.html`.
    Topic(TopicId),
    /// `origins/ID/index.html`.
    Origin(OriginId),
    /// `SLUG/index.html`.
    Markdown(usize),
    /// `claims/index.html` and the other overviews; the number is the page of the overview
    /// (0: `claims/index.html`, 1: `claims/page/2/index.html`, …), each of
    /// [`LIST_PAGE_SIZE`] entries.
    List(Section, usize),
    /// `404.html`.
    NotFound,
    /// `corrections/index.html`: every correction, newest first.
    Corrections,
}

/// The four entity sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Claims.
    Claims,
    /// Sources.
    Sources,
    /// Topics.
    Topics,
    /// Origins.
    Origins,
}

impl Section {
    /// Entities of this section in `dossier`.
    pub fn len(self, dossier: &Dossier) -> usize {
        match self {
            Section::Claims => dossier.claims.len(),
            Section::Sources => dossier.sources.len(),
            Section::Topics => dossier.topics.len(),
            Section::Origins => dossier.origins.len(),
        }
    }

    /// Pages of the section's overview (at least one, which may say it is empty).
    pub fn list_pages(self, dossier: &Dossier) -> usize {
        self.len(dossier).div_ceil(LIST_PAGE_SIZE).max(1)
    }

    /// The root-relative URL of page `number` (0-based) of the section's overview.
    pub fn list_url(self, number: usize) -> String {
        match number {
            0 => format!("{}/", self.dir()),
            n => format!("{}/page/{}/", self.dir(), n + 1),
        }
    }

    /// URL folder name.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Claims => "claims",
            Section::Sources => "sources",
            Section::Topics => "topics",
            Section::Origins => "origins",
        }
    }
}

/// A page to render: where it goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PagePlan {
    /// Output path relative to the output folder, `/`-separated.
    pub path: String,
    /// What it shows.
    pub kind: PageKind,
}

/// Every page of the site, in a stable order.
pub fn plan(dossier: &Dossier) -> Vec<PagePlan> {
    let mut pages = Vec::with_capacity(
        dossier.claims.len() + dossier.sources.len() + dossier.topics.len() + dossier.origins.len() + 16,
    );
    pages.push(PagePlan {
        path: "index.html".into(),
        kind: PageKind::Index,
    });
    pages.push(PagePlan {
        path: "404.html".into(),
        kind: PageKind::NotFound,
    });
    pages.push(PagePlan {
        path: "corrections/index.html".into(),
        kind: PageKind::Corrections,
    });
    for section in [Section::Claims, Section::Sources, Section::Topics, Section::Origins] {
        for number in 0..section.list_pages(dossier) {
            pages.push(PagePlan {
                path: format!("{}index.html", section.list_url(number)),
                kind: PageKind::List(section, number),
            });
        }
    }
    for (i, page) in dossier.pages.iter().enumerate() {
        pages.push(PagePlan {
            path: format!("{}/index.html", page.slug),
            kind: PageKind::Markdown(i),
        });
    }
    for (i, claim) in dossier.claims.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("claims", &claim.id),
            kind: PageKind::Claim(i),
        });
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("sources", &source.id),
            kind: PageKind::Source(i),
        });
    }
    for (i, topic) in dossier.topics.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("topics", &topic.id),
            kind: PageKind::Topic(i),
        });
    }
    for (i, origin) in dossier.origins.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("origins", &origin.id),
            kind: PageKind::Origin(i),
        });
    }
    pages
}

fn entity_path(dir: &str, id: &str) -> String {
    format!("{dir}/{id}/index.html")
}

/// The root-relative URL of an entity page.
pub fn entity_url(dir: &str, id: &str) -> String {
    format!("{dir}/{id}/")
}

/// The way from a page at `path` back to the site root: `""` or `"../../"`.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Options that are not part of the dossier's content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides the config's base URL (already normalised, ending in `/`).
    pub base_url: Option<String>,
    /// The corrections found in the dossier's git history (`None`: none was found).
    pub history: Option<std::sync::Arc<crate::history::History>>,
}

/// Summaries shared by many pages, built once per build.
pub struct Prepared<'d> {
    /// The dossier.
    pub dossier: &'d Dossier,
    /// UI language.
    pub lang: Language,
    /// One per claim.
    pub claims: Vec<ClaimSummary>,
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
    /// The corrections log from the git history (empty when none was found).
    pub history: std::sync::Arc<crate::history::History>,
}

impl<'d> Prepared<'d> {
    /// Builds the summaries.
    pub fn new(dossier: &'d Dossier, options: &RenderOptions) -> Self {
        use rayon::prelude::*;
        let lang = dossier.config.language;
        let base_url = options.base_url.clone().or_else(|| dossier.config.base_url.clone());
        let claims = (0..dossier.claims.len())
            .into_par_iter()
            .map(|c| claim_summary(dossier, lang, c))
            .collect();
        let sources = dossier.sources.iter().map(|s| source_summary(lang, s)).collect();
        let topics = (0..dossier.topics.len())
            .map(|t| topic_summary(dossier, lang, t))
            .collect();
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
            .map(|v| markdown::to_html(&v.explanation))
            .collect();
        let mut origin_group_sources: HashMap<ClaimId, Vec<SourceId>> = HashMap::new();
        for claim in &dossier.claims {
            let sources = origin_group_sources.entry(claim.origin_group).or_default();
            if !sources.contains(&claim.source) {
                sources.push(claim.source);
            }
        }
        Self {
            history: options.history.clone().unwrap_or_default(),
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

    fn meta(&self, kind: &'static str, section: &str, path: &str, title: String, description: String) -> PageMeta {
        let root = if kind == "not_found" {
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
                .filter(|_| kind != "not_found")
                .map(|base| format!("{base}{canonical_path}")),
        }
    }

    /// The summaries of the `limit` newest sources (by publication date, then id).
    fn newest_sources(&self, limit: usize) -> Vec<SourceSummary> {
        let sources = &self.dossier.sources;
        let mut order: Vec<SourceId> = (0..sources.len()).collect();
        order.sort_by(|&a, &b| sources[b].published.cmp(&sources[a].published).then(a.cmp(&b)));
        order.into_iter().take(limit).map(|s| self.sources[s].clone()).collect()
    }

    /// The summaries of the `limit` origins with the most claims (ties in dossier order).
    fn most_cited_origins(&self, limit: usize) -> Vec<OriginSummary> {
        let mut order: Vec<OriginId> = (0..self.origins.len()).collect();
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
            title: t.get("nav_topics").copied().unwrap_or("Topics").to_owned(),
            url: "topics/".into(),
            section: "topics".into(),
        },
        NavLink {
            title: t.get("nav_sources").copied().unwrap_or("Sources").to_owned(),
            url: "sources/".into(),
            section: "sources".into(),
        },
        NavLink {
            title: t.get("nav_origins").copied().unwrap_or("Origins").to_owned(),
            url: "origins/".into(),
            section: "origins".into(),
        },
        NavLink {
            title: t.get("nav_claims").copied().unwrap_or("Claims").to_owned(),
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

fn verdict_view(dossier: &Dossier, verdict: usize) -> VerdictView {
    let v = &dossier.config.verdicts[verdict];
    VerdictView {
        id: v.id.clone(),
        label: v.label.clone(),
        rank: verdict + 1,
        scale_size: dossier.config.verdicts.len(),
    }
}

fn origin_name(dossier: &Dossier, lang: Language, claim: &crate::model::Claim) -> String {
    match claim.origin {
        Some(origin) => dossier.origins[origin].name.clone(),
        None => i18n::text(lang, "origin_article").to_owned(),
    }
}

/// A source's outlet as shown on its own (in a list, after a headline): its name, or
/// "Medium nicht genannt" / "outlet not named" when the article names none.
pub fn outlet_label(lang: Language, source: &crate::model::Source) -> String {
    match &source.outlet {
        Some(outlet) => outlet.clone(),
        None => i18n::text(lang, "outlet_not_named").to_owned(),
    }
}

fn claim_summary(dossier: &Dossier, lang: Language, index: ClaimId) -> ClaimSummary {
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let topic = &dossier.topics[claim.topic];
    ClaimSummary {
        id: claim.id.clone(),
        url: entity_url("claims", &claim.id),
        statement: claim.statement.clone(),
        summary: claim.summary.clone(),
        verdict: verdict_view(dossier, claim.verdict),
        figure: claim.quantity.as_ref().map(|q| format::figure(lang, q)),
        source_title: source.title.clone(),
        source_language: source.language.clone(),
        source_outlet: outlet_label(lang, source),
        source_url: entity_url("sources", &source.id),
        published: format::date(lang, &source.published),
        topic_title: topic.title.clone(),
        topic_url: entity_url("topics", &topic.id),
        origin_name: origin_name(dossier, lang, claim),
    }
}

fn source_summary(lang: Language, source: &crate::model::Source) -> SourceSummary {
    SourceSummary {
        id: source.id.clone(),
        url: entity_url("sources", &source.id),
        title: source.title.clone(),
        language: source.language.clone(),
        outlet: outlet_label(lang, source),
        outlet_named: source.outlet.is_some(),
        published: format::date(lang, &source.published),
        published_iso: source.published.iso(),
        claim_count: source.claims.len(),
    }
}

fn topic_summary(dossier: &Dossier, lang: Language, index: TopicId) -> TopicSummary {
    let topic = &dossier.topics[index];
    let spreads = topic
        .measures
        .iter()
        .enumerate()
        .filter_map(|(m, measure)| {
            measure_range(dossier, lang, index, m).map(|range| format!("{}: {}", measure.label, range.text))
        })
        .collect();
    TopicSummary {
        id: topic.id.clone(),
        url: entity_url("topics", &topic.id),
        title: topic.title.clone(),
        question: topic.question.clone(),
        claim_count: topic.claims.len(),
        spreads,
    }
}

/// The range line of a measure's figures (see [`format::range`]).
fn measure_range(dossier: &Dossier, lang: Language, topic: TopicId, measure: usize) -> Option<format::FigureRange> {
    format::range(
        lang,
        dossier
            .claims_with_measure(topic, measure)
            .filter_map(|claim| claim.quantity.as_ref()),
    )
}

/// A user template with its file, for messages.
#[derive(Debug, Clone)]
struct TemplateSource {
    text: String,
    file: Option<String>,
}

/// The compiled templates, ready to render pages.
pub struct Renderer {
    tera: tera::Tera,
    templates: BTreeMap<String, TemplateSource>,
}

/// An output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl Renderer {
    /// Compiles the built-in templates, overridden by the dossier's `templates/*.html`.
    pub fn new(input: &InputFiles, site: &Site) -> Result<Self, Diagnostics> {
        let mut templates: BTreeMap<String, TemplateSource> = embedded::TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_owned(),
                    TemplateSource {
                        text: (*text).to_owned(),
                        file: None,
                    },
                )
            })
            .collect();
        let mut diagnostics = Diagnostics::new();
        for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
            let Some(name) = key.strip_prefix(TEMPLATES_DIR) else {
                break;
            };
            match content {
                FileContent::Text(text) => {
                    templates.insert(
                        name.to_owned(),
                        TemplateSource {
                            text: text.to_string(),
                            file: Some(key.clone()),
                        },
                    );
                }
                FileContent::Bytes(_) => diagnostics
                    .push(Diagnostic::error(key, None, "template is not UTF-8 text").with_help("save it as UTF-8")),
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        let pairs: Vec<(&str, &str)> = templates
            .iter()
            .map(|(name, t)| (name.as_str(), t.text.as_str()))
            .collect();
        if let Err(error) = tera.add_raw_templates(pairs) {
            diagnostics.push(template_diagnostic(&error, &templates));
        }
        for required in [
            "index.html",
            "claim.html",
            "source.html",
            "topic.html",
            "origin.html",
            "page.html",
            "list.html",
            "404.html",
        ] {
            if !templates.contains_key(required) {
                diagnostics.push(Diagnostic::error(
                    format!("{TEMPLATES_DIR}{required}"),
                    None,
                    format!("template `{required}` is missing"),
                ));
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        tera.global_context().insert("site", site);
        Ok(Self { tera, templates })
    }

    /// Renders one page.
    pub fn render(&self, prepared: &Prepared<'_>, page: &PagePlan) -> Result<String, Diagnostic> {
        let (template, data) = page_context(prepared, page);
        self.render_data(&page.path, template, &data)
    }

    /// Renders the page at `path` from its template and context, as [`page_context`] gives them.
    pub fn render_data(&self, path: &str, template: &str, data: &PageData) -> Result<String, Diagnostic> {
        let context = to_context(data).map_err(|e| Diagnostic::error(path, None, e))?;
        self.tera.render(template, &context).map_err(|error| {
            let mut diagnostic = template_diagnostic(&error, &self.templates);
            diagnostic.message = format!("{} (rendering {path})", diagnostic.message);
            diagnostic
        })
    }
}

/// The text of every template [`Renderer::new`] compiles, by name: the built-in ones, overridden
/// by the dossier's `templates/` files (those that are not UTF-8 are left out; the renderer
/// reports them).
pub fn template_texts(input: &InputFiles) -> BTreeMap<String, &str> {
    let mut texts: BTreeMap<String, &str> = embedded::TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), *text))
        .collect();
    for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
        let Some(name) = key.strip_prefix(TEMPLATES_DIR) else {
            break;
        };
        if let FileContent::Text(text) = content {
            texts.insert(name.to_owned(), text);
        }
    }
    texts
}

/// The static files: built-in defaults, the highlighting stylesheet, and the dossier's own
/// `static/` files (which override defaults of the same name), all under `static/`.
pub fn static_files(input: &InputFiles) -> Vec<OutputFile> {
    let mut files: BTreeMap<String, Vec<u8>> = embedded::STATIC_FILES
        .iter()
        .map(|(name, bytes)| (format!("{STATIC_DIR}{name}"), bytes.to_vec()))
        .collect();
    files.insert(
        format!("{STATIC_DIR}highlight.css"),
        markdown::highlight_css().into_bytes(),
    );
    for (key, content) in input.files.range(STATIC_DIR.to_owned()..) {
        if !key.starts_with(STATIC_DIR) {
            break;
        }
        let bytes = match content {
            FileContent::Text(text) => text.as_bytes().to_vec(),
            FileContent::Bytes(bytes) => bytes.to_vec(),
        };
        files.insert(key.clone(), bytes);
    }
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

fn template_diagnostic(error: &tera::Error, templates: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    // Walk to the innermost error that carries a template location.
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut located: Option<&tera::ReportError> = None;
    let mut messages = Vec::new();
    while let Some(e) = current {
        if let Some(tera_error) = e.downcast_ref::<tera::Error>() {
            match tera_error.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                    located = Some(report);
                    messages.push(report.message().to_owned());
                }
                other => messages.push(other.to_string()),
            }
        } else {
            messages.push(e.to_string());
        }
        current = e.source();
    }
    let message = messages.last().cloned().unwrap_or_else(|| error.to_string());
    match located {
        Some(report) => {
            let name = report.filename().to_owned();
            let source = templates.get(&name);
            let file = source
                .and_then(|s| s.file.clone())
                .unwrap_or_else(|| format!("{TEMPLATES_DIR}{name} (built-in)"));
            let span = report.span();
            let position = Position::new(span.start_line as u32, span.start_col as u32 + 1);
            let mut diagnostic =
                Diagnostic::error(file, Some(position), format!("template error: {}", report.message()))
                    .with_help("fix the template; Tera 2 syntax: https://keats.github.io/tera/");
            if let Some(source) = source {
                diagnostic = diagnostic.with_source(&source.text);
            }
            diagnostic
        }
        None => match parse_report(&message) {
            // Some load errors arrive as a rendered report: "error: MSG\n --> NAME:LINE:COL\n...".
            Some((name, line, column, text)) => {
                let source = templates.get(&name);
                let file = source
                    .and_then(|s| s.file.clone())
                    .unwrap_or_else(|| format!("{TEMPLATES_DIR}{name} (built-in)"));
                let mut diagnostic = Diagnostic::error(
                    file,
                    Some(Position::new(line, column)),
                    format!("template error: {text}"),
                )
                .with_help("fix the template; Tera 2 syntax: https://keats.github.io/tera/");
                if let Some(source) = source {
                    diagnostic = diagnostic.with_source(&source.text);
                }
                diagnostic
            }
            None => Diagnostic::error(
                TEMPLATES_DIR.trim_end_matches('/'),
                None,
                format!("template error: {message}"),
            )
            .with_help("check the templates' names, `extends` and `include` statements"),
        },
    }
}

/// Reads `error: MSG` and ` --> NAME:LINE:COL` out of a report Tera rendered as text.
fn parse_report(report: &str) -> Option<(String, u32, u32, String)> {
    let mut lines = report.lines();
    let text = lines.next()?.trim().trim_start_matches("error: ").to_owned();
    let location = lines.find_map(|line| line.trim().strip_prefix("--> "))?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_owned();
    Some((name, line, column, text))
}

fn to_context<T: Serialize>(value: &T) -> Result<tera::Context, String> {
    tera::Context::from_serialize(value).map_err(|e| format!("cannot build the page context: {e}"))
}

/// The context one page's template sees, as one of the structs of [`context`]. Serialisable, so
/// that `serve` can fingerprint it and render only pages whose context changed.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant, reason = "short-lived: one per page being rendered")]
pub enum PageData {
    /// `index.html`.
    Index(IndexPage),
    /// `404.html`.
    NotFound(NotFoundPage),
    /// The overviews.
    List(ListPage),
    /// A Markdown page.
    Markdown(MarkdownPage),
    /// A claim page.
    Claim(ClaimPage),
    /// A source page.
    Source(SourcePage),
    /// A topic page.
    Topic(TopicPage),
    /// An origin page.
    Origin(OriginPage),
    /// The corrections page.
    Corrections(CorrectionsPage),
}

/// The template name and the context of one page: what [`Renderer::render`] renders.
pub fn page_context(prepared: &Prepared<'_>, page: &PagePlan) -> (&'static str, PageData) {
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let t = &prepared.site.t;
    let text = |key: &str| t.get(key).copied().unwrap_or(key).to_owned();
    let path = page.path.as_str();
    match page.kind {
        PageKind::Index => {
            let mut counts: Vec<usize> = vec![0; dossier.config.verdicts.len()];
            for claim in &dossier.claims {
                counts[claim.verdict] += 1;
            }
            let verdicts = counts
                .iter()
                .enumerate()
                .map(|(v, &count)| VerdictCount {
                    verdict: verdict_view(dossier, v),
                    explanation_html: markdown::to_html(&dossier.config.verdicts[v].explanation),
                    count,
                })
                .collect();
            let context = IndexPage {
                page: prepared.meta(
                    "index",
                    "index",
                    path,
                    dossier.config.title.clone(),
                    prepared.site.description_text.clone(),
                ),
                topics: prepared.topics.clone(),
                sources: prepared.newest_sources(INDEX_ENTRIES),
                origins: prepared.most_cited_origins(INDEX_ENTRIES),
                verdicts,
                dataset_html: dataset::json_ld_html(prepared),
                counts: Counts {
                    claims: dossier.claims.len(),
                    sources: dossier.sources.len(),
                    topics: dossier.topics.len(),
                    origins: dossier.origins.len(),
                },
            };
            ("index.html", PageData::Index(context))
        }
        PageKind::Corrections => {
            let context = CorrectionsPage {
                page: prepared.meta(
                    "corrections",
                    "corrections",
                    path,
                    text("corrections_title"),
                    text("corrections_intro"),
                ),
                entries: corrections::all(prepared),
                has_feed: prepared.base_url.is_some(),
            };
            ("corrections.html", PageData::Corrections(context))
        }
        PageKind::NotFound => {
            let context = NotFoundPage {
                page: prepared.meta("not_found", "", path, text("not_found_title"), text("not_found_text")),
            };
            ("404.html", PageData::NotFound(context))
        }
        PageKind::List(section, number) => {
            let total = section.len(dossier);
            let range = (number * LIST_PAGE_SIZE).min(total)..((number + 1) * LIST_PAGE_SIZE).min(total);
            let (title, claims, sources, topics, origins) = match section {
                Section::Claims => (
                    text("nav_claims"),
                    prepared.claims[range].to_vec(),
                    vec![],
                    vec![],
                    vec![],
                ),
                Section::Sources => (
                    text("nav_sources"),
                    vec![],
                    prepared.sources[range].to_vec(),
                    vec![],
                    vec![],
                ),
                Section::Topics => (
                    text("nav_topics"),
                    vec![],
                    vec![],
                    prepared.topics[range].to_vec(),
                    vec![],
                ),
                Section::Origins => (
                    text("nav_origins"),
                    vec![],
                    vec![],
                    vec![],
                    prepared.origins[range].to_vec(),
                ),
            };
            let pagination = Pagination::new(section, number, section.list_pages(dossier));
            let title = match &pagination {
                Some(pagination) if number > 0 => format!(
                    "{title} ({})",
                    text("pagination_status")
                        .replace("{n}", &pagination.number.to_string())
                        .replace("{total}", &pagination.count.to_string())
                ),
                _ => title,
            };
            let description = format!("{title} – {}", dossier.config.title);
            let context = ListPage {
                page: prepared.meta("list", section.dir(), path, title, description),
                total,
                pagination,
                claims,
                sources,
                topics,
                origins,
            };
            ("list.html", PageData::List(context))
        }
        PageKind::Markdown(index) => {
            let markdown_page = &dossier.pages[index];
            let description = markdown_page
                .description
                .clone()
                .unwrap_or_else(|| first_words(&markdown::to_text(&markdown_page.body)));
            let context = MarkdownPage {
                page: prepared.meta(
                    "page",
                    &markdown_page.slug,
                    path,
                    markdown_page.title.clone(),
                    description,
                ),
                body_html: markdown::to_html(&markdown_page.body),
                verdict_scale: if markdown_page.verdict_scale {
                    verdict_ratings(dossier, lang)
                } else {
                    Vec::new()
                },
                rating_bounds: structured::rating_bounds(dossier).map(|(best, worst)| RatingBounds { best, worst }),
            };
            ("page.html", PageData::Markdown(context))
        }
        PageKind::Claim(index) => ("claim.html", PageData::Claim(pages::claim_page(prepared, index, path))),
        PageKind::Source(index) => (
            "source.html",
            PageData::Source(pages::source_page(prepared, index, path)),
        ),
        PageKind::Topic(index) => ("topic.html", PageData::Topic(pages::topic_page(prepared, index, path))),
        PageKind::Origin(index) => {
            let origin = &dossier.origins[index];
            let context = OriginPage {
                page: prepared.meta(
                    "origin",
                    "origins",
                    path,
                    origin.name.clone(),
                    first_words(&origin.description),
                ),
                kind: i18n::origin_kind(lang, origin.kind).to_owned(),
                description: origin.description.clone(),
                claims: origin.claims.iter().map(|&c| prepared.claims[c].clone()).collect(),
                relayed: origin.relayed.iter().map(|&c| prepared.claims[c].clone()).collect(),
            };
            ("origin.html", PageData::Origin(context))
        }
    }
}

/// The verdict scale with the declared rating of each verdict, in the order of the scale.
fn verdict_ratings(dossier: &Dossier, lang: Language) -> Vec<VerdictRating> {
    (0..dossier.config.verdicts.len())
        .map(|v| {
            let rating = dossier.config.verdicts[v].rating;
            VerdictRating {
                verdict: verdict_view(dossier, v),
                rating_value: rating,
                rating_text: rating.map_or_else(|| i18n::text(lang, "rating_none").to_owned(), |r| r.to_string()),
                explanation_html: markdown::to_html(&dossier.config.verdicts[v].explanation),
            }
        })
        .collect()
}

fn first_words(text: &str) -> String {
    const LIMIT: usize = 160;
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LIMIT {
        text
    } else {
        format!("{}…", text.chars().take(LIMIT - 1).collect::<String>().trim_end())
    }
}

/// Where a source's article text is published (root-relative): the exact bytes the source
/// page's SHA-256 is of, which `annotations.jsonld`'s selectors point into.
pub fn article_text_url(source_id: &str) -> String {
    format!("sources/{source_id}/article.txt")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{CheckOptions, check};
    use crate::generate::{GenerateOptions, input_files};

    /// At scale the index shows the newest sources and the most cited origins, with a link to
    /// all of them; the overviews list everything, page by page.
    #[test]
    fn the_index_shows_the_newest_sources_and_the_most_cited_origins() {
        let (input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 15, seed: 2 },
        );
        let dossier = check(&input, CheckOptions::default()).dossier.expect("valid");
        let prepared = Prepared::new(&dossier, &RenderOptions::default());
        let index = PagePlan {
            path: "index.html".into(),
            kind: PageKind::Index,
        };
        let (_, PageData::Index(context)) = page_context(&prepared, &index) else {
            panic!("the index's context");
        };
        assert_eq!(context.sources.len(), INDEX_ENTRIES);
        assert_eq!(context.counts.sources, 15);
        let dates: Vec<&str> = context.sources.iter().map(|s| s.published_iso.as_str()).collect();
        let mut newest_first = dates.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, newest_first, "newest first");
        let newest = dossier.sources.iter().map(|s| s.published).max().expect("sources");
        assert_eq!(context.sources[0].published_iso, newest.iso());
        let counts: Vec<usize> = context.origins.iter().map(|o| o.claim_count).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most cited first: {counts:?}");
        let most = dossier.origins.iter().map(|o| o.claims.len()).max().expect("origins");
        assert_eq!(counts[0], most);

        let renderer = Renderer::new(&input, &prepared.site).expect("templates");
        let html = renderer.render(&prepared, &index).expect("renders");
        let page = scraper::Html::parse_document(&html);
        let all_sources = scraper::Selector::parse("section p.more a[href='sources/']").expect("selector");
        let texts: Vec<String> = page.select(&all_sources).map(|a| a.text().collect()).collect();
        assert!(
            texts.iter().any(|t| t.contains("15")),
            "a link to all 15 sources: {texts:?}"
        );
    }
}
