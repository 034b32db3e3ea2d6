//! The overviews (`claims/`, `sources/`, `topics/`, `origins/`), in pages of
//! [`LIST_PAGE_SIZE`] entries; the claims' overview leads with the ways into them by verdict,
//! topic and origin.

use crate::model::ClaimId;
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::{LIST_PAGE_SIZE, PageType, Prepared, Section};

use super::inputs::{EntityHashes, Key};

/// What page `number` of `section`'s overview reads (see [`page`]), added to `key`: the
/// entities it lists.
pub(super) fn key(hashes: &EntityHashes, section: Section, number: usize, key: &mut Key) {
    let listed = match section {
        Section::Claims => &hashes.claims,
        Section::Sources => &hashes.sources,
        Section::Topics => &hashes.topics,
        Section::Origins => &hashes.origins,
    };
    let start = (number * LIST_PAGE_SIZE).min(listed.len());
    let end = (start + LIST_PAGE_SIZE).min(listed.len());
    // The number of entities: the pagination.
    key.extend([Some(5), Some(number as u64), Some(hashes.counts)]);
    key.extend(listed[start..end].iter().copied().map(Some));
    if section == Section::Claims {
        // The ways into the claims (see `verdict::filters`).
        key.extend([Some(hashes.verdict_counts), Some(hashes.all_topics)]);
    }
}

/// The context of page `number` (0-based) of `section`'s overview.
pub(super) fn page(prepared: &Prepared<'_>, section: Section, number: usize, path: &str) -> ListPage {
    let dossier = prepared.dossier;
    let text = |key| prepared.text(key).to_owned();
    let total = section.len(dossier);
    let range = (number * LIST_PAGE_SIZE).min(total)..((number + 1) * LIST_PAGE_SIZE).min(total);
    let (title, claims, sources, topics, origins) = match section {
        Section::Claims => (
            text(ui_key!("nav_claims")),
            range.map(|c| prepared.claim(ClaimId::new(c)).clone()).collect(),
            vec![],
            vec![],
            vec![],
        ),
        Section::Sources => (
            text(ui_key!("nav_sources")),
            vec![],
            prepared.sources[range].to_vec(),
            vec![],
            vec![],
        ),
        Section::Topics => (
            text(ui_key!("nav_topics")),
            vec![],
            vec![],
            prepared.topics[range].to_vec(),
            vec![],
        ),
        Section::Origins => (
            text(ui_key!("nav_origins")),
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
            text(ui_key!("pagination_status"))
                .replace("{n}", &pagination.number.to_string())
                .replace("{total}", &pagination.count.to_string())
        ),
        _ => title,
    };
    let description = format!("{title} – {}", dossier.config.title);
    ListPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::List,
                section: section.dir(),
                title,
                description,
            },
        ),
        total,
        pagination,
        claims,
        sources,
        topics,
        origins,
        filters: (section == Section::Claims).then(|| super::verdict::filters(prepared, None)),
    }
}
