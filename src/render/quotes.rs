//! Article paragraphs as HTML with the annotated quotes highlighted.
//!
//! Quotes may overlap (two claims on one sentence). The paragraph is cut at every quote
//! boundary; each piece covered by at least one quote becomes one `<mark>` (a link when the
//! page links quotes to their claims), so the HTML stays well nested whatever the overlaps.

use std::ops::Range;

use crate::render::markdown::escape_into;

/// A quote part to highlight: a byte range of the article text and the claim it belongs to.
#[derive(Debug, Clone)]
pub struct Highlight<'a> {
    /// Byte range in the article text.
    pub range: Range<usize>,
    /// The claim's id (for the `data-claim` attribute and the first piece's anchor id).
    pub claim_id: &'a str,
    /// Where the mark links to, if anywhere.
    pub href: Option<String>,
    /// Whether this is the first part of the claim's quote (gets the `id="q-CLAIM"` anchor).
    pub first: bool,
}

/// The paragraph `paragraph` of `text`, escaped, with `highlights` marked. Line breaks inside
/// the paragraph become `<br>`.
pub fn paragraph_html(text: &str, paragraph: Range<usize>, highlights: &[Highlight<'_>]) -> String {
    let mut cuts: Vec<usize> = vec![paragraph.start, paragraph.end];
    for highlight in highlights {
        cuts.push(highlight.range.start.clamp(paragraph.start, paragraph.end));
        cuts.push(highlight.range.end.clamp(paragraph.start, paragraph.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(paragraph.len() * 5 / 4);
    for window in cuts.windows(2) {
        let piece = window[0]..window[1];
        let Some(piece_text) = text.get(piece.clone()) else {
            continue;
        };
        let covering: Vec<&Highlight<'_>> = highlights
            .iter()
            .filter(|h| h.range.start <= piece.start && piece.end <= h.range.end)
            .collect();
        if covering.is_empty() {
            push_text(piece_text, &mut out);
            continue;
        }
        // The innermost (shortest) quote decides the link.
        let main = covering
            .iter()
            .min_by_key(|h| (h.range.len(), h.claim_id))
            .copied()
            .unwrap_or(covering[0]);
        let ids: Vec<&str> = covering.iter().map(|h| h.claim_id).collect();
        let anchor = covering
            .iter()
            .find(|h| h.first && h.range.start == piece.start)
            .map(|h| format!(" id=\"q-{}\"", h.claim_id))
            .unwrap_or_default();
        out.push_str(&format!(
            "<mark class=\"quote\"{anchor} data-claims=\"{}\">",
            ids.join(" ")
        ));
        match &main.href {
            Some(href) => {
                out.push_str("<a href=\"");
                escape_into(href, &mut out);
                out.push_str("\">");
                push_text(piece_text, &mut out);
                out.push_str("</a>");
            }
            None => push_text(piece_text, &mut out),
        }
        out.push_str("</mark>");
    }
    out
}

fn push_text(text: &str, out: &mut String) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        escape_into(first.trim_end_matches('\r'), out);
    }
    for line in lines {
        out.push_str("<br>\n");
        escape_into(line.trim_end_matches('\r'), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark<'a>(range: Range<usize>, id: &'a str) -> Highlight<'a> {
        Highlight {
            range,
            claim_id: id,
            href: Some(format!("../../claims/{id}/")),
            first: true,
        }
    }

    #[test]
    fn marks_and_escapes() {
        let text = "Vor <b>11.000</b> Soldaten & mehr.";
        let start = text.find("11.000").unwrap();
        let html = paragraph_html(text, 0..text.len(), &[mark(start..start + 6, "a")]);
        assert_eq!(
            html,
            "Vor &lt;b&gt;<mark class=\"quote\" id=\"q-a\" data-claims=\"a\"><a href=\"../../claims/a/\">11.000</a></mark>&lt;/b&gt; Soldaten &amp; mehr."
        );
    }

    #[test]
    fn overlapping_quotes_nest_cleanly() {
        let text = "eins zwei drei vier";
        let html = paragraph_html(text, 0..text.len(), &[mark(0..14, "long"), mark(5..9, "short")]);
        assert_eq!(html.matches("<mark").count(), 3);
        assert_eq!(html.matches("</mark>").count(), 3);
        assert!(
            html.contains("data-claims=\"long short\"><a href=\"../../claims/short/\">zwei</a>"),
            "{html}"
        );
        assert!(html.ends_with(" vier"));
    }

    #[test]
    fn line_breaks_become_br() {
        let text = "a\nb";
        assert_eq!(paragraph_html(text, 0..3, &[]), "a<br>\nb");
    }
}
