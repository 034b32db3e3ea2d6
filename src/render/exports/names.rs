//! Where the export files go: the names [`super::files`] gives them, [`paths`] lists them without
//! making them (for `check`), and [`files_key`], the key of everything they are made from.

use super::*;

/// Where the export files go: the names [`files`] gives them and [`paths`] lists.
pub(super) const CLAIMS_CSV: &str = "claims.csv";

pub(super) const CLAIMS_JSON: &str = "claims.json";

pub(super) const ANNOTATIONS: &str = "annotations.jsonld";

pub(super) const ROBOTS: &str = "robots.txt";

pub(super) const SITEMAP: &str = "sitemap.xml";

pub(super) const FEED: &str = "feed.xml";

pub(super) const CORRECTIONS: &str = "corrections.xml";

/// The data release: the SQLite database, the workbook, the German CSV, the descriptor.
pub(super) const RELEASE: [&str; 4] = ["dossier.sqlite", "claims.xlsx", "claims.de.csv", "datapackage.json"];

/// The claims of topic `id` as CSV.
pub(super) fn topic_csv_path(id: &str) -> String {
    format!("topics/{id}/claims.csv")
}

/// The content format's JSON Schema `name`.
pub(super) fn schema_path(name: &str) -> String {
    format!("schema/{name}")
}

/// The key of everything [`files`] makes its files from: what every claim's exports see (the
/// configuration, the corrections log, the base URL, the language), every claim, source, topic
/// and origin in order, and the pages (the sitemap lists them). Every file of the group is made
/// from all claims at once, so one key covers the group. `None` when a part could not be hashed.
pub fn files_key(hashes: &EntityHashes, dossier: &Dossier, pages: &[PagePlan]) -> Option<u64> {
    use crate::model::{OriginId, SourceId, TopicId};
    use std::hash::{Hash, Hasher};
    let mut listed = std::hash::DefaultHasher::new();
    for page in pages {
        (&page.path, page.kind.is_page()).hash(&mut listed);
    }
    let mut key = Key::new([Some(hashes.exports_global()), Some(listed.finish())]);
    key.extend((0..dossier.claims.len()).map(|c| hashes.claim(ClaimId::new(c))));
    key.extend((0..dossier.sources.len()).map(|s| hashes.source(SourceId::new(s))));
    key.extend((0..dossier.topics.len()).map(|t| hashes.topic(TopicId::new(t))));
    key.extend((0..dossier.origins.len()).map(|o| hashes.origin(OriginId::new(o))));
    key.finish()
}

/// The paths of every file [`files`] makes for the same dossier and pages, without making
/// any of them: `dossier check` needs the names for the link check, never the bytes. Only the
/// search index's term shards depend on the claims' words (see [`crate::render::search::paths`]).
pub fn paths(prepared: &Prepared<'_>) -> Vec<String> {
    let mut paths = paths_but_search(prepared);
    paths.extend(crate::render::search::paths(prepared));
    paths
}

/// The paths of every file [`files`] makes but the search index's, from the names of the
/// entities alone (no claim's words are read): the export files pages link to. `serve` leaves
/// them to the step after the pages (see [`files_for_serve`]) only while the site already holds
/// every one of them, so that a page never links to a file the site lacks.
pub fn paths_but_search(prepared: &Prepared<'_>) -> Vec<String> {
    let dossier = prepared.dossier;
    let mut paths: Vec<String> = [CLAIMS_CSV, CLAIMS_JSON].map(str::to_owned).into();
    paths.extend(dossier.topics.iter().map(|topic| topic_csv_path(&topic.id)));
    paths.extend(RELEASE.map(str::to_owned));
    paths.push(ANNOTATIONS.to_owned());
    paths.push(ROBOTS.to_owned());
    paths.extend(
        crate::load::shape::schema_files()
            .into_iter()
            .map(|(name, _)| schema_path(name)),
    );
    if prepared.base_url.is_some() {
        paths.extend([SITEMAP, FEED, CORRECTIONS].map(str::to_owned));
    }
    paths.extend(dossier.sources.iter().map(|source| article_text_url(&source.id)));
    paths
}
