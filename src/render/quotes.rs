//! Article paragraphs as HTML with the annotated quotes highlighted.
//!
//! Quotes may overlap (two claims on one sentence). The paragraph is cut at every quote
//! boundary; each piece covered by at least one quote becomes one `<mark>` (a link when the
//! page links quotes to their claims), so the HTML stays well nested whatever the overlaps.

use std::ops::Range;

use crate::render::escape;

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
    /// The claim's verdict, shown as a badge after the quote's last part (source pages), and
    /// the tone its mark is tinted with.
    pub verdict: Option<QuoteVerdict<'a>>,
}

/// The verdict a highlighted quote carries on a source page.
#[derive(Debug, Clone, Copy)]
pub struct QuoteVerdict<'a> {
    /// The verdict's id (class `verdict-ID`).
    pub id: &'a str,
    /// Its label, written after the quote.
    pub label: &'a str,
    /// Its place on the scale, 0 (best) to 4 (worst), as the badges' `data-tone`.
    pub tone: u8,
    /// Whether this highlight is the quote's last part (the badge follows it).
    pub last: bool,
}

/// The paragraph `paragraph` of `text`, escaped, with `highlights` marked. Line breaks inside
/// the paragraph become `<br>`.
///
/// One sweep over the cuts: the quotes covering a piece are those started and not yet ended
/// there, so the work is the output's size (plus sorting), however many quotes the paragraph
/// holds.
pub fn paragraph_html(text: &str, paragraph: Range<usize>, highlights: &[Highlight<'_>]) -> String {
    let mut cuts: Vec<usize> = vec![paragraph.start, paragraph.end];
    for highlight in highlights {
        cuts.push(highlight.range.start.clamp(paragraph.start, paragraph.end));
        cuts.push(highlight.range.end.clamp(paragraph.start, paragraph.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut by_start: Vec<usize> = (0..highlights.len()).collect();
    by_start.sort_by_key(|&i| highlights[i].range.start);
    let mut next = 0;
    // Indices of the highlights covering the current piece, in the order given.
    let mut active: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(paragraph.len() * 5 / 4);
    for window in cuts.windows(2) {
        let piece = window[0]..window[1];
        while let Some(&i) = by_start.get(next)
            && highlights[i].range.start <= piece.start
        {
            active.push(i);
            next += 1;
        }
        // Every cut lies on a highlight's clamped end, so a highlight reaching past the
        // piece's start reaches to its end as well.
        active.retain(|&i| highlights[i].range.end > piece.start);
        active.sort_unstable();
        let Some(piece_text) = text.get(piece.clone()) else {
            continue;
        };
        let covering: Vec<&Highlight<'_>> = active.iter().map(|&i| &highlights[i]).collect();
        push_piece(piece_text, piece.start, &covering, &mut out);
        for highlight in &covering {
            if let Some(verdict) = highlight.verdict
                && verdict.last
                && highlight.range.end.clamp(paragraph.start, paragraph.end) == piece.end
            {
                push_verdict(verdict, &mut out);
            }
        }
    }
    out
}

/// The verdict badge after a quote: its label as text, so it is read and seen alike.
fn push_verdict(verdict: QuoteVerdict<'_>, out: &mut String) {
    out.push_str("<span class=\"verdict quote-verdict verdict-");
    escape::html_into(verdict.id, out);
    out.push_str(&format!("\" data-tone=\"{}\">", verdict.tone));
    escape::html_into(verdict.label, out);
    out.push_str("</span>");
}

/// One piece of a paragraph, escaped: plain text when no quote covers it, else a `<mark>`
/// naming every covering claim, linked to the innermost (shortest) quote's claim, and carrying
/// the `q-CLAIM` anchor where a claim's quote begins.
fn push_piece(piece_text: &str, piece_start: usize, covering: &[&Highlight<'_>], out: &mut String) {
    let Some(main) = covering.iter().min_by_key(|h| (h.range.len(), h.claim_id)) else {
        push_text(piece_text, out);
        return;
    };
    let ids: Vec<&str> = covering.iter().map(|h| h.claim_id).collect();
    // Every quote starting here gets its anchor: the first on the mark, any other (a quote
    // with the same start as another) on an empty element just before it.
    let mut starting = covering.iter().filter(|h| h.first && h.range.start == piece_start);
    let anchor = starting
        .next()
        .map(|h| format!(" id=\"q-{}\"", h.claim_id))
        .unwrap_or_default();
    for other in starting {
        out.push_str("<span id=\"q-");
        escape::html_into(other.claim_id, out);
        out.push_str("\"></span>");
    }
    let tone = main
        .verdict
        .map(|v| format!(" data-tone=\"{}\"", v.tone))
        .unwrap_or_default();
    out.push_str(&format!(
        "<mark class=\"quote\"{anchor}{tone} data-claims=\"{}\">",
        ids.join(" ")
    ));
    match &main.href {
        Some(href) => {
            out.push_str("<a href=\"");
            escape::html_into(href, out);
            out.push_str("\">");
            push_text(piece_text, out);
            out.push_str("</a>");
        }
        None => push_text(piece_text, out),
    }
    out.push_str("</mark>");
}

/// The longest paragraph (in bytes) a claim page shows whole.
pub const WHOLE_PARAGRAPH_MAX: usize = 2_000;

/// The most context (in bytes) a claim page shows on either side of its quote when the
/// paragraph is longer than [`WHOLE_PARAGRAPH_MAX`].
pub const CONTEXT_MAX: usize = 400;

/// The part of a paragraph a claim page shows: the paragraph itself when it is short, else the
/// quote with the sentence(s) around it, at most [`CONTEXT_MAX`] bytes on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteWindow {
    /// Byte range of the article text shown.
    pub range: Range<usize>,
    /// Whether text of the paragraph before the window is left out.
    pub cut_before: bool,
    /// Whether text of the paragraph after the window is left out.
    pub cut_after: bool,
}

/// The window of `paragraph` around `quote` (the byte range from the quote's first part's start
/// to its last part's end) that a claim page shows. A 50 MB paragraph would otherwise be copied
/// onto the page of every claim it holds.
pub fn quote_window(text: &str, paragraph: Range<usize>, quote: Range<usize>) -> QuoteWindow {
    let paragraph = floor_boundary(text, paragraph.start)..floor_boundary(text, paragraph.end.max(paragraph.start));
    if paragraph.end.saturating_sub(paragraph.start) <= WHOLE_PARAGRAPH_MAX {
        return QuoteWindow {
            range: paragraph,
            cut_before: false,
            cut_after: false,
        };
    }
    let quote_start = floor_boundary(text, quote.start.clamp(paragraph.start, paragraph.end));
    let quote_end = ceil_boundary(text, quote.end.clamp(quote_start, paragraph.end)).min(paragraph.end);

    // Before: from the start of the quote's sentence, or a word start within reach.
    let reach = ceil_boundary(text, quote_start.saturating_sub(CONTEXT_MAX).max(paragraph.start));
    let before = &text[reach..quote_start];
    let start = if let Some(end) = last_sentence_end(before) {
        reach + end
    } else if reach == paragraph.start {
        reach
    } else {
        // A word start: after the first whitespace, if there is one before the quote.
        before.find(char::is_whitespace).map_or(reach, |i| reach + i)
    };
    let start = start + (text[start..quote_start].len() - text[start..quote_start].trim_start().len());

    // After: to the end of the quote's sentence, or a word end within reach.
    let reach = floor_boundary(text, (quote_end + CONTEXT_MAX).min(paragraph.end));
    // A quote ending in a full stop ends its sentence.
    let from = text[quote_start..quote_end]
        .char_indices()
        .next_back()
        .map_or(quote_end, |(i, _)| quote_start + i);
    let after = &text[from..reach];
    let end = if let Some(end) = first_sentence_end(after, from + after.len() == paragraph.end) {
        from + end
    } else if reach == paragraph.end {
        reach
    } else {
        text[quote_end..reach]
            .rfind(char::is_whitespace)
            .map_or(reach, |i| quote_end + i)
    }
    .max(quote_end);
    let end = end - (text[quote_end..end].len() - text[quote_end..end].trim_end().len());
    QuoteWindow {
        range: start..end,
        cut_before: start > paragraph.start,
        cut_after: end < paragraph.end,
    }
}

/// The HTML a claim page shows of its paragraph: [`quote_window`] with `highlights` marked and
/// `…` where the paragraph goes on.
pub fn quote_window_html(text: &str, paragraph: Range<usize>, highlights: &[Highlight<'_>]) -> String {
    let quote = match (
        highlights.iter().map(|h| h.range.start).min(),
        highlights.iter().map(|h| h.range.end).max(),
    ) {
        (Some(start), Some(end)) => start..end,
        _ => paragraph.start..paragraph.start,
    };
    let window = quote_window(text, paragraph, quote);
    let mut out = String::new();
    if window.cut_before {
        out.push_str("… ");
    }
    out.push_str(&paragraph_html(text, window.range, highlights));
    if window.cut_after {
        out.push_str(" …");
    }
    out
}

/// Whether `c` ends a sentence when whitespace follows.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Byte offset just after the last sentence end (a `.`, `!`, `?` or `…` followed by
/// whitespace) in `text`.
fn last_sentence_end(text: &str) -> Option<usize> {
    let mut after_is_space = false;
    for (i, c) in text.char_indices().rev() {
        if after_is_space && ends_sentence(c) {
            return Some(i + c.len_utf8());
        }
        after_is_space = c.is_whitespace();
    }
    None
}

/// Byte offset just after the first sentence end in `text` (one at its very end counts when
/// `at_paragraph_end`).
fn first_sentence_end(text: &str, at_paragraph_end: bool) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if ends_sentence(c) {
            match chars.peek() {
                Some((_, next)) if next.is_whitespace() => return Some(i + c.len_utf8()),
                None if at_paragraph_end => return Some(i + c.len_utf8()),
                _ => {}
            }
        }
    }
    None
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn push_text(text: &str, out: &mut String) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        escape::html_into(first.trim_end_matches('\r'), out);
    }
    for line in lines {
        out.push_str("<br>\n");
        escape::html_into(line.trim_end_matches('\r'), out);
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
            verdict: None,
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
    fn quotes_starting_at_one_place_each_get_their_anchor() {
        // Two claims on one sentence, one quote a prefix of the other: links to either claim's
        // place in the article (`#q-ID`) must land.
        let text = "bis zu 12.000 Soldaten geplant";
        let html = paragraph_html(
            text,
            0..text.len(),
            &[mark(0..text.len(), "long"), mark(0..13, "short")],
        );
        assert!(html.contains("id=\"q-long\""), "{html}");
        assert!(html.contains("id=\"q-short\""), "{html}");
        assert_eq!(html.matches("id=\"q-").count(), 2, "{html}");
    }

    #[test]
    fn line_breaks_become_br() {
        let text = "a\nb";
        assert_eq!(paragraph_html(text, 0..3, &[]), "a<br>\nb");
    }

    /// The paragraph as it was marked before the sweep: every highlight tested for every
    /// piece (quadratic in the claims of a paragraph, but plainly right).
    fn reference_html(text: &str, paragraph: Range<usize>, highlights: &[Highlight<'_>]) -> String {
        let mut cuts: Vec<usize> = vec![paragraph.start, paragraph.end];
        for h in highlights {
            cuts.push(h.range.start.clamp(paragraph.start, paragraph.end));
            cuts.push(h.range.end.clamp(paragraph.start, paragraph.end));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        for window in cuts.windows(2) {
            let piece = window[0]..window[1];
            let Some(piece_text) = text.get(piece.clone()) else {
                continue;
            };
            let covering: Vec<&Highlight<'_>> = highlights
                .iter()
                .filter(|h| h.range.start <= piece.start && piece.end <= h.range.end)
                .collect();
            push_piece(piece_text, piece.start, &covering, &mut out);
        }
        out
    }

    #[test]
    fn sweep_marks_like_testing_every_highlight_for_every_piece() {
        let text = "eins zwei drei\nvier fünf sechs sieben acht neun zehn";
        let ids = ["a", "b", "c", "d", "e", "f", "g"];
        let mut rng = crate::test_rng::Rng::new(7);
        let mut below = |n: usize| rng.below(n);
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for _ in 0..2000 {
            let highlights: Vec<Highlight<'_>> = (0..below(7))
                .map(|i| {
                    let (a, b) = (bounds[below(bounds.len())], bounds[below(bounds.len())]);
                    Highlight {
                        range: a.min(b)..a.max(b),
                        claim_id: ids[below(ids.len())],
                        href: (i % 2 == 0).then(|| format!("../{i}/")),
                        first: below(2) == 0,
                        verdict: None,
                    }
                })
                .collect();
            let (a, b) = (bounds[below(bounds.len())], bounds[below(bounds.len())]);
            for paragraph in [0..text.len(), a.min(b)..a.max(b)] {
                assert_eq!(
                    paragraph_html(text, paragraph.clone(), &highlights),
                    reference_html(text, paragraph.clone(), &highlights),
                    "{paragraph:?} {highlights:?}"
                );
            }
        }
    }

    #[test]
    fn short_paragraph_is_its_own_window() {
        let text = "Kurz. Der Kreml sagt 12.000. Ende.";
        let window = quote_window(text, 0..text.len(), 6..20);
        assert_eq!(
            window,
            QuoteWindow {
                range: 0..text.len(),
                cut_before: false,
                cut_after: false
            }
        );
    }

    #[test]
    fn long_paragraph_window_is_the_quotes_sentence() {
        let filler = "Ein Satz ohne Belang. ".repeat(200);
        let text = format!("{filler}Der Kreml sagt, es seien 12.000 Soldaten. {filler}");
        let start = text.find("es seien").unwrap();
        let window = quote_window(&text, 0..text.len(), start..start + 24);
        assert_eq!(&text[window.range.clone()], "Der Kreml sagt, es seien 12.000 Soldaten.");
        assert!(window.cut_before && window.cut_after);
        // A quote that ends its sentence, and one that starts the paragraph.
        let end = start + text[start..].find(" Ein Satz ohne Belang. Ein").unwrap();
        let window = quote_window(&text, 0..text.len(), start..end);
        assert_eq!(&text[window.range], "Der Kreml sagt, es seien 12.000 Soldaten.");
        let window = quote_window(&text, 0..text.len(), 0..8);
        assert_eq!(&text[window.range.clone()], "Ein Satz ohne Belang.");
        assert!(!window.cut_before && window.cut_after);
        // Two sentences when the quote spans them.
        let two = text.find("Belang. Der Kreml").unwrap();
        let window = quote_window(&text, 0..text.len(), two..start);
        assert_eq!(
            &text[window.range],
            "Ein Satz ohne Belang. Der Kreml sagt, es seien 12.000 Soldaten."
        );
    }

    #[test]
    // Reversed ranges are deliberate test inputs here.
    #[allow(clippy::reversed_empty_ranges)]
    fn window_without_sentence_ends_is_bounded_at_word_edges() {
        let words = "wort ".repeat(2000);
        let text = format!("{words}ÄÖÜ-Zitat 😀 {words}");
        let start = text.find("ÄÖÜ").unwrap();
        let end = text.find(" 😀").unwrap() + " 😀".len();
        let window = quote_window(&text, 0..text.len(), start..end);
        let shown = &text[window.range.clone()];
        assert!(shown.starts_with("wort ") && shown.ends_with(" wort"), "{shown}");
        assert!(shown.contains("ÄÖÜ-Zitat 😀"));
        assert!(shown.len() <= end - start + 2 * CONTEXT_MAX, "{}", shown.len());
        assert!(window.cut_before && window.cut_after);
        // The HTML carries the marks.
        let html = quote_window_html(&text, 0..text.len(), &[mark(start..end, "z")]);
        assert!(html.starts_with("… wort") && html.ends_with("wort …"), "{html}");
        // Odd ranges never panic, whatever their bytes.
        for (p, q) in [
            (0..text.len(), 1..3),
            (3..text.len() - 2, 0..text.len()),
            (5..1, 9..2),
            (0..usize::MAX, start..start),
        ] {
            let _ = quote_window(&text, p.clone(), q.clone());
            let _ = quote_window_html(&text, p, &[mark(q, "x")]);
        }
    }
}
