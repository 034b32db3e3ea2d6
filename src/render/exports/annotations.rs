//! `annotations.jsonld`: every quote as a W3C Web Annotation over the published article text.

use super::*;

/// Code points of context kept before and after a quote in a `TextQuoteSelector`.
pub(super) const SELECTOR_CONTEXT: usize = 32;

/// Every quote as a W3C Web Annotation, one JSON-LD `AnnotationCollection` of `total` items:
/// the text before its items' array and after it ([`tables::write_annotations`] writes the
/// items between).
pub(super) fn annotations_wrapper(prepared: &Prepared<'_>, total: usize) -> (String, String) {
    let dossier = prepared.dossier;
    // The items go where this placeholder is: a number, which no text of the dossier can turn
    // into (strings are quoted, their quotes escaped).
    const ITEMS: u64 = u64::MAX;
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": public_url(prepared, "annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": dossier.config.title,
        "total": total,
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": ITEMS,
        },
    });
    let wrapper = serde_json::to_string_pretty(&collection).unwrap_or_default();
    let placeholder = format!("\"items\": {ITEMS}");
    let (head, tail) = wrapper.split_once(&placeholder).unwrap_or((&wrapper, ""));
    (format!("{head}\"items\": "), format!("{tail}\n"))
}

pub(super) fn annotation(
    prepared: &Prepared<'_>,
    index: ClaimId,
    (code_start, code_end): (usize, usize),
) -> serde_json::Value {
    let dossier = prepared.dossier;
    let claim = &dossier.claims[index];
    let source: &Source = &dossier.sources[claim.source];
    let text: &str = &source.text;
    let (start, end) = passage_bytes(dossier, index);
    let exact = &text[start..end];
    let prefix: String = {
        let before: Vec<char> = text[..start].chars().rev().take(SELECTOR_CONTEXT).collect();
        before.into_iter().rev().collect()
    };
    let suffix: String = text[end..].chars().take(SELECTOR_CONTEXT).collect();
    // The selectors count in the published article text, so that is the target's source; the
    // web page the text comes from (the original, else the dossier's source page) is its scope.
    let source_page = public_url(prepared, &entity_url("sources", &source.id));
    let mut text_resource = json!({
        "id": public_url(prepared, &article_text_url(&source.id)),
        "type": "Text",
        "format": "text/plain",
        "language": source.language,
    });
    if let Some(original) = &source.url {
        text_resource["via"] = json!(original);
    }
    let scope = source.url.clone().unwrap_or(source_page);
    let claim_url = public_url(prepared, &entity_url("claims", &claim.id));
    let verdict = &dossier.config.verdicts[claim.verdict];
    json!({
        "id": format!("{claim_url}#annotation"),
        "type": "Annotation",
        "motivation": "assessing",
        "creator": { "type": "Organization", "name": dossier.config.organization_name },
        "body": [
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": claim.statement,
                "format": "text/plain",
                "language": prepared.site.lang,
            },
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": verdict.label,
                "format": "text/plain",
                "language": prepared.site.lang,
            },
            { "id": claim_url, "type": "Text", "format": "text/html", "purpose": "commenting" },
        ],
        "target": {
            "type": "SpecificResource",
            "source": text_resource,
            "scope": scope,
            "selector": [
                { "type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix },
                {
                    "type": "TextPositionSelector",
                    "start": code_start,
                    "end": code_end,
                },
            ],
        },
    })
}
