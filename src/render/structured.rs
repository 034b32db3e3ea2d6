//! Machine-readable facts about a claim: the schema.org `ClaimReview` a claim page embeds as
//! JSON-LD, the schema.org ratings of the verdict scale, and Text Fragment links (`URL#:~:text=…`)
//! that open an original article at the quoted passage.
//!
//! Everything is built with `serde_json` from the model, so strings from articles and YAML are
//! JSON-escaped; the claim page embeds it with [`crate::render::escape::json_in_script`], which
//! also escapes `<`, `>` and `&` so the JSON can sit inside a `<script>` element without ending it.

use serde_json::{Value, json};

use crate::load::schema::OriginKind;
use crate::model::{ClaimId, Dossier, PartialDate, SourceId, VerdictId};

/// The schema.org rating bounds of a scale: the highest and the lowest declared `rating`
/// (`None` when no verdict is on the truth scale).
pub fn rating_bounds(dossier: &Dossier) -> Option<(i64, i64)> {
    let ratings = dossier.config.verdicts.iter().filter_map(|v| v.rating);
    Some((ratings.clone().max()?, ratings.min()?))
}

/// The schema.org `Rating` of a verdict: its label as `alternateName` (and `name`), and, for
/// a verdict on the truth scale, its `ratingValue` with the scale's `bestRating` and
/// `worstRating`. A verdict rated `none` gets no number: it says nothing about truth.
pub fn review_rating(dossier: &Dossier, verdict: VerdictId) -> Value {
    let verdict = &dossier.config.verdicts[verdict];
    let mut rating = json!({
        "@type": "Rating",
        "alternateName": verdict.label,
        "name": verdict.label,
    });
    if let (Some(value), Some((best, worst))) = (verdict.rating, rating_bounds(dossier)) {
        rating["ratingValue"] = json!(value);
        rating["bestRating"] = json!(best);
        rating["worstRating"] = json!(worst);
    }
    rating
}

/// A date as schema.org expects it: ISO 8601 as precise as known (`2024-11-18`, `2024-11`, `2024`).
fn iso(date: &PartialDate) -> String {
    date.iso()
}

/// Of `sources`, the one that certainly appeared first: its date is the same as, or wholly
/// before, every other one's. `None` when partial dates leave it open (`2024-11` and
/// `2024-11-05`), so no article is called the first that may not be.
pub fn first_appearance(dossier: &Dossier, sources: &[SourceId]) -> Option<SourceId> {
    let date = |s: SourceId| &dossier.sources[s].published;
    sources.iter().copied().find(|&candidate| {
        sources.iter().all(|&other| {
            let (a, b) = (date(candidate), date(other));
            a == b || a.last_day() < b.first_day()
        })
    })
}

/// The article a claim appeared in, as a schema.org `CreativeWork`.
fn appearance(dossier: &Dossier, source: SourceId) -> Value {
    let source = &dossier.sources[source];
    let mut appearance = json!({
        "@type": "CreativeWork",
        "headline": source.title,
        "datePublished": iso(&source.published),
        "inLanguage": source.language,
    });
    if let Some(outlet) = &source.outlet {
        appearance["publisher"] = json!({ "@type": "Organization", "name": outlet });
    }
    if let Some(article_url) = &source.url {
        appearance["url"] = json!(article_url);
    }
    if let Some(author) = &source.author {
        appearance["author"] = json!({ "@type": "Person", "name": author });
    }
    appearance
}

/// The `ClaimReview` of one claim. `url` is the claim page's canonical URL (none without a base
/// URL); `group_sources` are the sources of the claim's same-origin group (its own among them),
/// every one an appearance of the claim.
pub fn claim_review(dossier: &Dossier, index: ClaimId, url: Option<&str>, group_sources: &[SourceId]) -> Value {
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let claim_author = match claim.origin {
        // "Ungenannte Medien" is the dossier's label for sources nobody named, not an author.
        Some(origin) if dossier.origins[origin].unnamed => None,
        Some(origin) => {
            let origin = &dossier.origins[origin];
            let kind = if origin.kind == OriginKind::Person {
                "Person"
            } else {
                "Organization"
            };
            Some(json!({ "@type": kind, "name": origin.name }))
        }
        // The article itself is the origin: its outlet, when it is named.
        None => source
            .outlet
            .as_ref()
            .map(|outlet| json!({ "@type": "Organization", "name": outlet })),
    };
    let mut sources: Vec<SourceId> = group_sources.to_vec();
    if !sources.contains(&claim.source) {
        sources.push(claim.source);
    }
    sources.sort_by(|&a, &b| {
        (&dossier.sources[a].published, &dossier.sources[a].id)
            .cmp(&(&dossier.sources[b].published, &dossier.sources[b].id))
    });
    sources.dedup();
    let appearances: Vec<Value> = sources.iter().map(|&s| appearance(dossier, s)).collect();
    let mut item_reviewed = json!({
        "@type": "Claim",
        "appearance": appearances,
        // The date of the article the claim was annotated in; never `as_of` (what the figure
        // refers to is not when the claim was made).
        "datePublished": iso(&source.published),
    });
    if let Some(author) = claim_author {
        item_reviewed["author"] = author;
    }
    if let Some(first) = first_appearance(dossier, &sources) {
        item_reviewed["firstAppearance"] = appearance(dossier, first);
    }
    let mut publisher = json!({ "@type": "Organization", "name": dossier.config.organization_name });
    if let Some(org_url) = &dossier.config.organization_url {
        publisher["url"] = json!(org_url);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.summary,
        "reviewRating": review_rating(dossier, claim.verdict),
        "itemReviewed": item_reviewed,
        "author": publisher,
        "inLanguage": source.language,
    });
    // The review's own date; without one anywhere, none is claimed (`check` warns).
    if let Some(reviewed) = &claim.reviewed {
        review["datePublished"] = json!(iso(reviewed));
    }
    if let Some(url) = url {
        review["url"] = json!(url);
    }
    review
}

/// Percent-encodes a Text Fragment term: everything but ASCII letters, digits and `._~` is
/// encoded as UTF-8 bytes, which covers the characters the spec reserves (`&`, `,`, `-`).
pub fn encode_fragment_term(text: &str) -> String {
    /// Everything but ASCII letters, digits and `._~`.
    const TERM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, TERM).to_string()
}

/// Words from the start (`textStart`) and the end (`textEnd`) of a long quote.
const FRAGMENT_EDGE_WORDS: usize = 5;
/// A quote of more words than this is linked as `textStart,textEnd`.
const FRAGMENT_MAX_WORDS: usize = 12;

/// `url#:~:text=…` for the passage `passage` of the article (whitespace is collapsed); a long
/// passage becomes `textStart,textEnd`. An existing fragment of `url` is dropped.
pub fn text_fragment_url(url: &str, passage: &str) -> String {
    let base = url.split_once('#').map_or(url, |(before, _)| before);
    let words: Vec<&str> = passage.split_whitespace().collect();
    let directive = if words.len() > FRAGMENT_MAX_WORDS {
        format!(
            "{},{}",
            encode_fragment_term(&words[..FRAGMENT_EDGE_WORDS].join(" ")),
            encode_fragment_term(&words[words.len() - FRAGMENT_EDGE_WORDS..].join(" "))
        )
    } else {
        encode_fragment_term(&words.join(" "))
    };
    format!("{base}#:~:text={directive}")
}

/// The Text Fragment link to a claim's quote in its original article, when the URL is known.
pub fn original_passage_url(dossier: &Dossier, index: ClaimId) -> Option<String> {
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let url = source
        .url
        .as_deref()
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))?;
    let start = claim.quote_parts.first()?.start;
    let end = claim.quote_parts.last()?.end;
    let passage = source.text.get(start..end)?;
    Some(text_fragment_url(url, passage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fragments_encode_reserved_characters_and_split_long_quotes() {
        assert_eq!(
            text_fragment_url("https://e.org/a#top", "knapp 11.000 Soldaten, Nord-Korea & mehr"),
            "https://e.org/a#:~:text=knapp%2011.000%20Soldaten%2C%20Nord%2DKorea%20%26%20mehr"
        );
        let long = "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn";
        assert_eq!(
            text_fragment_url("https://e.org/a", long),
            "https://e.org/a#:~:text=eins%20zwei%20drei%20vier%20f%C3%BCnf,zehn%20elf%20zw%C3%B6lf%20dreizehn%20vierzehn"
        );
    }
}
