//! The home page, findings first: the claims per verdict (each count linked to its verdict's
//! page), the `highlights:` of `dossier.yaml`, the claims of every verdict marked
//! `finding: true`; then every topic, the newest sources and the most cited origins.

use super::inputs::{EntityHashes, Key};
use super::{INDEX_ENTRIES, INDEX_FINDINGS};
use crate::model::VerdictId;
use crate::render::context::*;
use crate::render::plan::verdict_url;
use crate::render::summary::verdict_view;
use crate::render::{PageType, Prepared, dataset};

/// What `index.html` reads (see [`page`]), added to `key`: every source, origin and topic
/// (it picks the newest and the most cited), the number of claims per verdict, and every claim
/// (highlights and findings are among them).
pub(super) fn key(hashes: &EntityHashes, key: &mut Key) {
    key.extend([
        Some(6),
        Some(hashes.all_claims),
        Some(hashes.all_sources),
        Some(hashes.all_origins),
        Some(hashes.all_topics),
        Some(hashes.verdict_counts),
        Some(hashes.counts),
    ]);
}

/// The context of `index.html`.
pub(super) fn page(prepared: &Prepared<'_>, path: &str) -> IndexPage {
    let dossier = prepared.dossier;
    let total = dossier.claims.len();
    let verdicts = prepared
        .claims_by_verdict
        .iter()
        .enumerate()
        .map(|(v, claims)| VerdictCount {
            verdict: verdict_view(dossier, VerdictId::new(v)),
            explanation_html: prepared.verdict_explanations_html[v].clone(),
            count: claims.len(),
            url: verdict_url(&dossier.config.verdicts[v].id, 0),
            percent: super::verdict::percent(claims.len(), total),
        })
        .collect();
    let findings = prepared
        .claims_by_verdict
        .iter()
        .enumerate()
        .filter(|&(v, claims)| dossier.config.verdicts[v].finding && !claims.is_empty())
        .map(|(v, claims)| FindingGroup {
            verdict: verdict_view(dossier, VerdictId::new(v)),
            count: claims.len(),
            url: verdict_url(&dossier.config.verdicts[v].id, 0),
            claims: claims
                .iter()
                .take(INDEX_FINDINGS)
                .map(|&c| prepared.claim(c).clone())
                .collect(),
        })
        .collect();
    let highlights = dossier
        .config
        .highlights
        .iter()
        .map(|&c| prepared.claim(c).clone())
        .collect();
    IndexPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Index,
                section: "index",
                title: dossier.config.title.clone(),
                description: prepared.site.description_text.clone(),
            },
        ),
        topics: prepared.topics.clone(),
        sources: prepared.newest_sources(INDEX_ENTRIES),
        origins: prepared.most_cited_origins(INDEX_ENTRIES),
        verdicts,
        highlights,
        findings,
        dataset_html: dataset::json_ld_html(prepared),
        counts: Counts {
            claims: dossier.claims.len(),
            sources: dossier.sources.len(),
            topics: dossier.topics.len(),
            origins: dossier.origins.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{CheckOptions, check};
    use crate::generate::{GenerateOptions, input_files};
    use crate::render::pages::{PageData, page_context};
    use crate::render::{PageKind, PagePlan, RenderOptions, Renderer};

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
