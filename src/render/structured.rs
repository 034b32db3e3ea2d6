//! Machine-readable facts about a claim: the schema.org `ClaimReview` a claim page embeds as
//! JSON-LD, the rating values of the verdict scale, and Text Fragment links (`URL#:~:text=…`)
//! that open an original article at the quoted passage.
//!
//! Everything is built with `serde_json` from the model, so strings from articles and YAML are
//! JSON-escaped; [`script_html`] additionally escapes `<`, `>` and `&` so the JSON can sit inside
//! a `<script>` element without ending it.

use serde_json::{Value, json};

use crate::load::schema::OriginKind;
use crate::model::{ClaimId, Dossier, PartialDate};

/// The schema.org rating of a verdict: the best verdict (rank 1) rates `scale_size`, the worst 1.
pub fn rating_value(rank: usize, scale_size: usize) -> usize {
    scale_size + 1 - rank
}

/// A date as schema.org expects it: ISO 8601 as precise as known (`2024-11-18`, `2024-11`, `2024`).
fn iso(date: &PartialDate) -> String {
    date.iso()
}

/// The `ClaimReview` of one claim. `url` is the claim page's canonical URL (none without a base
/// URL).
pub fn claim_review(dossier: &Dossier, index: ClaimId, url: Option<&str>) -> Value {
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let verdict = &dossier.config.verdicts[claim.verdict];
    let scale_size = dossier.config.verdicts.len();
    let claim_author = match claim.origin {
        Some(origin) => {
            let origin = &dossier.origins[origin];
            let kind = if origin.kind == OriginKind::Person {
                "Person"
            } else {
                "Organization"
            };
            json!({ "@type": kind, "name": origin.name })
        }
        None => json!({ "@type": "Organization", "name": source.outlet }),
    };
    let mut appearance = json!({
        "@type": "CreativeWork",
        "headline": source.title,
        "publisher": { "@type": "Organization", "name": source.outlet },
        "datePublished": iso(&source.published),
        "inLanguage": source.language,
    });
    if let Some(article_url) = &source.url {
        appearance["url"] = json!(article_url);
    }
    if let Some(author) = &source.author {
        appearance["author"] = json!({ "@type": "Person", "name": author });
    }
    let mut item_reviewed = json!({
        "@type": "Claim",
        "author": claim_author,
        "appearance": appearance,
        "firstAppearance": appearance,
    });
    if let Some(as_of) = &claim.as_of {
        item_reviewed["datePublished"] = json!(iso(as_of));
    } else {
        item_reviewed["datePublished"] = json!(iso(&source.published));
    }
    let mut publisher = json!({ "@type": "Organization", "name": dossier.config.organization_name });
    if let Some(org_url) = &dossier.config.organization_url {
        publisher["url"] = json!(org_url);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.summary,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating_value(claim.verdict + 1, scale_size),
            "bestRating": scale_size,
            "worstRating": 1,
            "alternateName": verdict.label,
        },
        "itemReviewed": item_reviewed,
        "author": publisher,
        "datePublished": iso(&source.published),
        "inLanguage": source.language,
    });
    if let Some(url) = url {
        review["url"] = json!(url);
    }
    review
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` become `\u003c`,
/// `\u003e`, `\u0026`, so no text can close the element or open a comment.
pub fn script_html(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a Text Fragment term: everything but ASCII letters, digits and `._~` is
/// encoded as UTF-8 bytes, which covers the characters the spec reserves (`&`, `,`, `-`).
pub fn encode_fragment_term(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
    fn ratings_run_from_scale_size_down_to_one() {
        assert_eq!(rating_value(1, 6), 6);
        assert_eq!(rating_value(6, 6), 1);
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let html = script_html(&json!({ "a": "</script><!-- & >" }));
        assert!(!html.contains('<') && !html.contains('>') && !html.contains('&'));
        let back: Value = serde_json::from_str(&html).unwrap();
        assert_eq!(back["a"], "</script><!-- & >");
    }

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
