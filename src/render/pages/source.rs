//! A source's page: the article with every quoted passage marked, its data and its claims.

use crate::model::{Dossier, SourceId};
use crate::render::context::*;
use crate::render::summary::{first_words, outlet_label};
use crate::render::{PageType, Prepared, article_text_url, entity_url, format, quotes, root_from, sha256_hex};

use super::inputs::{EntityHashes, Key};

/// What source `index`'s page reads (see [`page`]), added to `key`: the source and its claims,
/// and the topic and origins of each of its claims.
pub(super) fn key(hashes: &EntityHashes, dossier: &Dossier, index: SourceId, key: &mut Key) -> Option<()> {
    let source = dossier.sources.get(index.index())?;
    key.extend([Some(2), hashes.source(index), hashes.source_members(index)]);
    for &c in &source.claims {
        let claim = dossier.claims.get(c.index())?;
        key.push(hashes.topic(claim.topic));
        key.extend(claim.origin.iter().chain(&claim.via).map(|&o| hashes.origin(o)));
    }
    Some(())
}

/// The context of source `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: SourceId, path: &str) -> SourcePage {
    let dossier = prepared.dossier;
    let source = &dossier.sources[index];
    let root = root_from(path);
    // Highlights per paragraph, from the source's claims.
    let mut by_paragraph: Vec<Vec<quotes::Highlight<'_>>> = vec![Vec::new(); source.paragraphs.len()];
    for &c in &source.claims {
        let claim = &dossier.claims[c];
        let href = format!("{root}{}", entity_url("claims", &claim.id));
        let verdict = &prepared.claim(c).verdict;
        let last = claim.quote_parts.len().saturating_sub(1);
        for (i, part) in claim.quote_parts.iter().enumerate() {
            if let Some(list) = by_paragraph.get_mut(claim.paragraph) {
                list.push(quotes::Highlight {
                    range: part.clone(),
                    claim_id: &claim.id,
                    href: Some(href.clone()),
                    first: i == 0,
                    verdict: Some(quotes::QuoteVerdict {
                        id: &verdict.id,
                        label: &verdict.label,
                        tone: verdict.tone(),
                        last: i == last,
                    }),
                });
            }
        }
    }
    let paragraphs = source
        .paragraphs
        .iter()
        .zip(&by_paragraph)
        .enumerate()
        .map(|(i, (range, highlights))| ParagraphView {
            id: format!("p{}", i + 1),
            html: quotes::paragraph_html(&source.text, range.clone(), highlights),
        })
        .collect();
    let sha256 = sha256_hex(&source.text);
    let description = first_words(&format!(
        "{} – {}, {}",
        source.title,
        outlet_label(prepared.lang, source),
        format::date(prepared.lang, &source.published)
    ));
    SourcePage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Source,
                section: "sources",
                title: source.title.clone(),
                description,
            },
        ),
        source: SourceView {
            summary: prepared.sources[index.index()].clone(),
            author: source.author.clone(),
            original_url: source.url.clone(),
            archive_url: source.archive_url.clone(),
            language: source.language.clone(),
            file: source.file.clone(),
            text_url: article_text_url(&source.id),
            sha256,
        },
        paragraphs,
        claims: source.claims.iter().map(|&c| prepared.claim(c).clone()).collect(),
    }
}
