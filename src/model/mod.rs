//! Model: the resolved, validated dossier.
//!
//! [`resolve`] takes the parsed files and checks everything against everything: ids are unique
//! and URL-safe, every reference (topic, measure, origin, verdict, related claim, seed file)
//! exists, dates are real dates, and every quote is anchored to a span of its article. The
//! result, [`Dossier`], holds entities in `Vec`s and refers between them by index, with the
//! reverse links (claims per source, topic and origin) already computed, so rendering never
//! searches. Problems become [`Diagnostic`](crate::diagnostic::Diagnostic)s with file, line and
//! column; resolution goes on after a problem so that one run reports them all. Pure: no disk
//! access.
//!
//! Where things are: the entities in `types`, their ids and what an id may be in `ids`, the
//! phases of resolution in `resolve/` (one file per kind of entity), the cache `serve` keeps
//! between rebuilds in `cache`; dates, articles, Markdown fields, base URLs, numbers and the
//! content lint in their own modules.

pub mod article;
pub mod base_url;
pub mod date;
pub mod figure;
pub mod lint;
pub mod markdown;
pub mod numbers;
pub mod provenance;

mod cache;
mod claim_cache;
mod ids;
mod resolve;
mod text_scans;
mod types;
mod union_find;

pub use cache::SourceCache;
pub use date::PartialDate;
pub use ids::{
    ClaimId, IdNames, MeasureId, OriginId, PageId, SourceId, TopicId, VerdictId, is_url_safe_id, suggest_id,
    windows_reserved_name,
};
pub use lint::sha256_hex;
pub use resolve::{RESERVED_SLUGS, normalize_seed_path, parse_lines, resolve, resolve_cached};
pub use text_scans::{MarkdownScan, TextScans};
pub use types::{
    ARTICLE_ORIGIN, Claim, Config, Correction, Dossier, Language, License, Link, Measure, Origin, Page, Quantity,
    Source, Topic, Verdict,
};
