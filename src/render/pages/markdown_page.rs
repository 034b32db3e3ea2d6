//! A page written in Markdown (`content/pages/SLUG.md` → `SLUG/`), optionally with the verdict
//! scale and its ratings.

use crate::model::{Dossier, Language};
use crate::render::context::*;
use crate::render::i18n::ui_key;
use crate::render::summary::{first_words, verdict_view};
use crate::render::{PageType, Prepared, i18n, markdown, structured};

/// The context of Markdown page `index`.
pub(super) fn page(prepared: &Prepared<'_>, index: crate::model::PageId, path: &str) -> MarkdownPage {
    let dossier = prepared.dossier;
    let markdown_page = &dossier.pages[index];
    let description = markdown_page
        .description
        .clone()
        .unwrap_or_else(|| first_words(&markdown::to_text(&markdown_page.body)));
    MarkdownPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Markdown,
                section: &markdown_page.slug,
                title: markdown_page.title.clone(),
                description,
            },
        ),
        body_html: markdown::to_html_at(&markdown_page.body, &crate::render::root_from(path)),
        verdict_scale: if markdown_page.verdict_scale {
            verdict_ratings(dossier, prepared.lang, &crate::render::root_from(path))
        } else {
            Vec::new()
        },
        rating_bounds: structured::rating_bounds(dossier).map(|(best, worst)| RatingBounds { best, worst }),
    }
}

/// The verdict scale with the declared rating of each verdict, in the order of the scale.
fn verdict_ratings(dossier: &Dossier, lang: Language, root: &str) -> Vec<VerdictRating> {
    (0..dossier.config.verdicts.len())
        .map(|v| {
            let rating = dossier.config.verdicts[v].rating;
            VerdictRating {
                verdict: verdict_view(dossier, crate::model::VerdictId::new(v)),
                rating_value: rating,
                rating_text: rating.map_or_else(
                    || i18n::text(lang, ui_key!("rating_none")).to_owned(),
                    |r| r.to_string(),
                ),
                explanation_html: markdown::to_html_at(&dossier.config.verdicts[v].explanation, root),
            }
        })
        .collect()
}
