//! Routing: every page of the site with its output path ([`plan`]), the kinds of pages and the
//! URL policy of entity pages (`claims/ID/`, overviews in pages of [`LIST_PAGE_SIZE`]).

use serde::Serialize;

use crate::model::{ClaimId, Dossier, OriginId, PageId, SourceId, TopicId, VerdictId};

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
    Markdown(PageId),
    /// `claims/index.html` and the other overviews; the number is the page of the overview
    /// (0: `claims/index.html`, 1: `claims/page/2/index.html`, …), each of
    /// [`LIST_PAGE_SIZE`] entries.
    List(Section, usize),
    /// `claims/verdict/ID/index.html`: the claims of one verdict, like an overview in pages of
    /// [`LIST_PAGE_SIZE`] (1: `claims/verdict/ID/page/2/index.html`, …).
    Verdict(VerdictId, usize),
    /// `404.html`.
    NotFound,
    /// `corrections/index.html`: every correction, newest first.
    Corrections,
    /// `claims/ID/share.png`: the claim's share image, drawn rather than rendered from a
    /// template (see [`crate::render::share`]); planned only with a base URL, since link
    /// previews need its absolute address.
    ShareImage(ClaimId),
}

impl PageKind {
    /// Whether this is an HTML page (not an image the pipeline draws beside the pages).
    pub fn is_page(self) -> bool {
        !matches!(self, PageKind::ShareImage(_))
    }

    /// The type of the page: its template and the `page.kind` templates see.
    pub fn page_type(self) -> PageType {
        match self {
            PageKind::Index => PageType::Index,
            // An image has no template; it belongs to its claim's page.
            PageKind::Claim(_) | PageKind::ShareImage(_) => PageType::Claim,
            PageKind::Source(_) => PageType::Source,
            PageKind::Topic(_) => PageType::Topic,
            PageKind::Origin(_) => PageType::Origin,
            PageKind::Markdown(_) => PageType::Markdown,
            PageKind::List(..) => PageType::List,
            PageKind::Verdict(..) => PageType::Verdict,
            PageKind::NotFound => PageType::NotFound,
            PageKind::Corrections => PageType::Corrections,
        }
    }
}

/// The type of a page, without the entity it shows: which page template renders it, and what
/// the templates see as `page.kind` (`index`, `claim`, `source`, `topic`, `origin`, `page`,
/// `list`, `verdict`, `not_found`, `corrections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// The home page.
    Index,
    /// A claim's page.
    Claim,
    /// A source's page.
    Source,
    /// A topic's page.
    Topic,
    /// An origin's page.
    Origin,
    /// A Markdown page.
    #[serde(rename = "page")]
    Markdown,
    /// A page of an overview.
    List,
    /// A page of the claims of one verdict.
    Verdict,
    /// The page for unknown addresses.
    NotFound,
    /// The corrections log.
    Corrections,
}

impl PageType {
    /// Every page type: the page templates a theme must have.
    pub const ALL: [PageType; 10] = [
        PageType::Index,
        PageType::Claim,
        PageType::Source,
        PageType::Topic,
        PageType::Origin,
        PageType::Markdown,
        PageType::List,
        PageType::Verdict,
        PageType::NotFound,
        PageType::Corrections,
    ];

    /// The name of the template that renders pages of this type.
    pub fn template(self) -> &'static str {
        match self {
            PageType::Index => "index.html",
            PageType::Claim => "claim.html",
            PageType::Source => "source.html",
            PageType::Topic => "topic.html",
            PageType::Origin => "origin.html",
            PageType::Markdown => "page.html",
            PageType::List => "list.html",
            PageType::Verdict => "verdict.html",
            PageType::NotFound => "404.html",
            PageType::Corrections => "corrections.html",
        }
    }
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
    for (v, count) in verdict_counts(dossier).into_iter().enumerate() {
        let verdict = VerdictId::new(v);
        for number in 0..count.div_ceil(LIST_PAGE_SIZE).max(1) {
            pages.push(PagePlan {
                path: format!(
                    "{}index.html",
                    verdict_url(&dossier.config.verdicts[verdict].id, number)
                ),
                kind: PageKind::Verdict(verdict, number),
            });
        }
    }
    for (i, page) in dossier.pages.iter().enumerate() {
        pages.push(PagePlan {
            path: format!("{}/index.html", page.slug),
            kind: PageKind::Markdown(PageId::new(i)),
        });
    }
    for (i, claim) in dossier.claims.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("claims", &claim.id),
            kind: PageKind::Claim(ClaimId::new(i)),
        });
    }
    for (i, source) in dossier.sources.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("sources", &source.id),
            kind: PageKind::Source(SourceId::new(i)),
        });
    }
    for (i, topic) in dossier.topics.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("topics", &topic.id),
            kind: PageKind::Topic(TopicId::new(i)),
        });
    }
    for (i, origin) in dossier.origins.iter().enumerate() {
        pages.push(PagePlan {
            path: entity_path("origins", &origin.id),
            kind: PageKind::Origin(OriginId::new(i)),
        });
    }
    pages
}

/// The number of claims of each verdict of the scale, in scale order.
pub fn verdict_counts(dossier: &Dossier) -> Vec<usize> {
    let mut counts = vec![0; dossier.config.verdicts.len()];
    for claim in &dossier.claims {
        if let Some(count) = counts.get_mut(claim.verdict.index()) {
            *count += 1;
        }
    }
    counts
}

/// The root-relative URL of page `number` (0-based) of the claims of the verdict with id
/// `verdict_id`: `claims/verdict/ID/`, then `claims/verdict/ID/page/2/`, …
pub fn verdict_url(verdict_id: &str, number: usize) -> String {
    match number {
        0 => format!("claims/verdict/{verdict_id}/"),
        n => format!("claims/verdict/{verdict_id}/page/{}/", n + 1),
    }
}

/// The share images of every claim, in claim order: the files [`plan`] leaves out, which a site
/// with a base URL adds after the pages.
pub fn share_images(dossier: &Dossier) -> Vec<PagePlan> {
    dossier
        .claims
        .iter()
        .enumerate()
        .map(|(i, claim)| PagePlan {
            path: share_image_path(&claim.id),
            kind: PageKind::ShareImage(ClaimId::new(i)),
        })
        .collect()
}

/// Where claim `id`'s share image goes (root-relative).
pub fn share_image_path(id: &str) -> String {
    format!("claims/{id}/{}", crate::render::share::FILE_NAME)
}

pub(crate) fn entity_path(dir: &str, id: &str) -> String {
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

/// Where a source's article text is published (root-relative): the exact bytes the source
/// page's SHA-256 is of, which `annotations.jsonld`'s selectors point into.
pub fn article_text_url(source_id: &str) -> String {
    format!("sources/{source_id}/article.txt")
}
