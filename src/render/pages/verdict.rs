//! The claims of one verdict (`claims/verdict/ID/`, in pages of [`LIST_PAGE_SIZE`]), and the
//! ways into the claims every page of claims shows above its list ([`filters`]): each verdict
//! with its count and page, each topic, the origins.

use crate::model::VerdictId;
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::plan::verdict_url;
use crate::render::summary::verdict_view;
use crate::render::{LIST_PAGE_SIZE, PageType, Prepared};

use super::inputs::{EntityHashes, Key};

/// What page `number` of verdict `verdict`'s claims reads (see [`page`]), added to `key`: the
/// claims it lists and, for [`filters`], the number of claims per verdict and every topic.
pub(super) fn key(hashes: &EntityHashes, verdict: VerdictId, number: usize, key: &mut Key) {
    let listed = hashes.verdict_members(verdict);
    let start = (number * LIST_PAGE_SIZE).min(listed.len());
    let end = (start + LIST_PAGE_SIZE).min(listed.len());
    key.extend([
        Some(7),
        Some(verdict.index() as u64),
        Some(number as u64),
        Some(hashes.verdict_counts),
        Some(hashes.all_topics),
        // The number of claims and origins it states.
        Some(hashes.counts),
    ]);
    key.extend(listed[start..end].iter().copied().map(Some));
}

/// The context of page `number` (0-based) of the claims of verdict `verdict`.
pub(super) fn page(prepared: &Prepared<'_>, verdict: VerdictId, number: usize, path: &str) -> VerdictPage {
    let dossier = prepared.dossier;
    let view = verdict_view(dossier, verdict);
    let members = &prepared.claims_by_verdict[verdict.index()];
    let total = members.len();
    let range = (number * LIST_PAGE_SIZE).min(total)..((number + 1) * LIST_PAGE_SIZE).min(total);
    let pages = total.div_ceil(LIST_PAGE_SIZE).max(1);
    let pagination = Pagination::with_urls(number, pages, |n| verdict_url(&view.id, n));
    let mut title = prepared
        .text(ui_key!("verdict_page_title"))
        .replace("{verdict}", &view.label);
    if let Some(pagination) = pagination.as_ref().filter(|_| number > 0) {
        let status = prepared
            .text(ui_key!("pagination_status"))
            .replace("{n}", &pagination.number.to_string())
            .replace("{total}", &pagination.count.to_string());
        title = format!("{title} ({status})");
    }
    let description = format!("{title} – {}", dossier.config.title);
    VerdictPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Verdict,
                section: "claims",
                title,
                description,
            },
        ),
        explanation_html: prepared.verdict_explanations_html[verdict.index()].clone(),
        verdict: view,
        total,
        pagination,
        claims: members[range].iter().map(|&c| prepared.claim(c).clone()).collect(),
        filters: filters(prepared, Some(verdict)),
    }
}

/// The ways into the claims: every verdict (its count, linked to its page; `current` marked),
/// every topic with its count, the number of origins.
pub(super) fn filters(prepared: &Prepared<'_>, current: Option<VerdictId>) -> ClaimFilters {
    let dossier = prepared.dossier;
    let counts: Vec<usize> = prepared.claims_by_verdict.iter().map(Vec::len).collect();
    ClaimFilters {
        verdicts: tally(
            prepared,
            &counts,
            |v| Some(verdict_url(&dossier.config.verdicts[v].id, 0)),
            current,
        ),
        topics: prepared
            .topics
            .iter()
            .map(|t| TopicLink {
                title: t.title.clone(),
                url: t.url.clone(),
                count: t.claim_count,
            })
            .collect(),
        origins: dossier.origins.len(),
        claims: dossier.claims.len(),
        all_current: current.is_none(),
    }
}

/// A tally of `counts` (claims per verdict, in scale order): each verdict's count, its share and,
/// where it has claims, the link `url` gives.
pub(super) fn tally(
    prepared: &Prepared<'_>,
    counts: &[usize],
    url: impl Fn(VerdictId) -> Option<String>,
    current: Option<VerdictId>,
) -> Vec<TallyEntry> {
    let total: usize = counts.iter().sum();
    counts
        .iter()
        .enumerate()
        .map(|(v, &count)| {
            let verdict = VerdictId::new(v);
            TallyEntry {
                verdict: verdict_view(prepared.dossier, verdict),
                count,
                percent: percent(count, total),
                url: if count > 0 { url(verdict) } else { None },
                current: current == Some(verdict),
            }
        })
        .collect()
}

/// `part` of `total` in whole percent, rounded half up; 0 of 0 is 0.
pub(super) fn percent(part: usize, total: usize) -> usize {
    if total == 0 {
        0
    } else {
        (part * 200 + total) / (total * 2)
    }
}
