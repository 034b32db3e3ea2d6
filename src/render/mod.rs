//! Render: the resolved dossier to HTML pages, with Tera templates, and the files beside them.
//!
//! Where things are: [`plan`](mod@plan) lists every page with its output path ([`PageKind`],
//! [`PageType`]); [`Prepared`] (`summary.rs`) holds what many pages show, built once per build;
//! [`pages`] has one module per page kind, each building its page's [`context`]; [`Renderer`]
//! (`engine.rs`) owns the compiled templates (built-in defaults from [`embedded`], overridden by
//! the dossier's own `templates/`) and renders one page at a time, mapping Tera's errors to
//! diagnostics (`tera_errors.rs`); pages are independent, so the caller renders them in
//! parallel. [`escape`] is the one escaper, [`exports`] and [`search`] make the files beside the
//! pages. Pure: no disk access.

pub mod chart;
pub mod context;
pub mod corrections;
pub mod dataset;
pub mod embedded;
mod engine;
pub mod escape;
pub mod exports;
pub mod format;
pub mod graph;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod plan;
pub mod provenance;
pub mod quotes;
pub mod search;
pub mod share;
pub mod structured;
mod summary;
#[cfg(test)]
mod template_tests;
mod tera_errors;

pub use engine::{Renderer, static_files, template_texts};
pub use pages::{
    EntityHashes, INDEX_ENTRIES, PageData, SAME_TOPIC_LIMIT, TextHashes, hash_value, page_context, page_key,
};
pub use plan::{LIST_PAGE_SIZE, PageKind, PagePlan, PageType, Section, article_text_url, entity_url, plan, root_from};
pub use summary::{Prepared, RenderOptions, outlet_label};

/// An output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// SHA-256 of a text, lowercase hex: what the source page shows of its article and what the
/// exports record, so that a reader can check the article text (`article.txt`) they got.
pub use crate::model::sha256_hex;
