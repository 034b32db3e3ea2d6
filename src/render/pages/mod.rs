//! One module per page kind, each building its page's context (one of the structs of
//! [`context`](crate::render::context)) from the shared summaries of [`Prepared`];
//! [`page_context`] picks the builder for a [`PagePlan`]. Beside each builder (`page`), its
//! page kind's cache key (`key`) lists what the builder reads, in the terms of [`EntityHashes`];
//! [`page_key`] picks the key for a [`PagePlan`].

mod claim;
mod corrections;
mod index;
mod inputs;
mod list;
mod markdown_page;
mod not_found;
mod origin;
mod source;
mod topic;
mod value_hash;
mod verdict;

use serde::Serialize;

use crate::model::Dossier;
use crate::render::context::*;
use crate::render::{PageKind, PagePlan, Prepared};

pub(crate) use inputs::Key;
pub use inputs::{EntityHashes, TextHashes};
use value_hash::hash_bytes;
pub use value_hash::hash_value;

/// How many other claims of the same topic a claim page lists.
pub const SAME_TOPIC_LIMIT: usize = 8;

/// Sources and origins the index shows (the newest sources, the most cited origins); the
/// overviews list them all.
pub const INDEX_ENTRIES: usize = 10;

/// Claims per finding verdict the index lists; the verdict's page lists them all.
pub const INDEX_FINDINGS: usize = 10;

/// The context one page's template sees, as one of the structs of [`context`](crate::render::context). Serialisable, so
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
    /// A page of the claims of one verdict.
    Verdict(VerdictPage),
    /// The corrections page.
    Corrections(CorrectionsPage),
}

/// The template name and the context of one page: what
/// [`Renderer::render`](crate::render::Renderer::render) renders. The template is the page
/// type's ([`PageType::template`](crate::render::PageType::template)).
pub fn page_context(prepared: &Prepared<'_>, page: &PagePlan) -> (&'static str, PageData) {
    let path = page.path.as_str();
    let data = match page.kind {
        PageKind::Index => PageData::Index(index::page(prepared, path)),
        PageKind::NotFound => PageData::NotFound(not_found::page(prepared, path)),
        PageKind::List(section, number) => PageData::List(list::page(prepared, section, number, path)),
        PageKind::Verdict(verdict, number) => PageData::Verdict(verdict::page(prepared, verdict, number, path)),
        PageKind::Markdown(index) => PageData::Markdown(markdown_page::page(prepared, index, path)),
        // A share image has no context of its own (the pipeline draws it); asked anyway, it
        // gets its claim's page's.
        PageKind::Claim(index) | PageKind::ShareImage(index) => PageData::Claim(claim::page(prepared, index, path)),
        PageKind::Source(index) => PageData::Source(source::page(prepared, index, path)),
        PageKind::Topic(index) => PageData::Topic(topic::page(prepared, index, path)),
        PageKind::Origin(index) => PageData::Origin(origin::page(prepared, index, path)),
        PageKind::Corrections => PageData::Corrections(corrections::page(prepared, path)),
    };
    (page.kind.page_type().template(), data)
}

/// The cache key of `page`'s neighbourhood in the dossier: what every page sees, its path, and
/// what its kind's builder reads (each kind's `key`, beside its `page`). Unchanged, the page's
/// context is unchanged. `None` for Markdown pages and the 404 page, which always build their
/// context (they are few and small), and when a part cannot be hashed.
pub fn page_key(hashes: &EntityHashes, dossier: &Dossier, page: &PagePlan) -> Option<u64> {
    // A share image is drawn, not rendered by a template: it starts from its own global hash.
    let global = match page.kind {
        PageKind::ShareImage(_) => hashes.share_global,
        _ => hashes.global,
    };
    let mut key = Key::new([Some(global), Some(hash_bytes(page.path.as_bytes()))]);
    match page.kind {
        PageKind::Claim(c) => claim::key(hashes, dossier, c, &mut key)?,
        PageKind::Source(s) => source::key(hashes, dossier, s, &mut key)?,
        PageKind::Topic(t) => topic::key(hashes, dossier, t, &mut key),
        PageKind::Origin(o) => origin::key(hashes, o, &mut key),
        PageKind::List(section, number) => list::key(hashes, section, number, &mut key),
        PageKind::Verdict(verdict, number) => verdict::key(hashes, verdict, number, &mut key),
        PageKind::Index => index::key(hashes, &mut key),
        PageKind::ShareImage(c) => crate::render::share::key(hashes, dossier, c, &mut key)?,
        PageKind::Markdown(_) | PageKind::NotFound | PageKind::Corrections => return None,
    }
    key.finish()
}
