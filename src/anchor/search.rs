//! Finding a folded quote: gaps, occurrences within one paragraph, and the prefix/suffix that
//! picks one of several.

use std::ops::Range;

use super::closest::closest_for_parts;
use super::fold::{FoldedText, fold};
use super::occurrences::Occurrences;
use super::{Anchor, AnchorError, QuoteQuery};

/// Byte length of the gap marker at the start of `s` (folded), if any.
fn gap_len(s: &str) -> Option<usize> {
    fn ellipsis(t: &str) -> Option<usize> {
        if t.starts_with('…') {
            return Some('…'.len_utf8());
        }
        let dots = t.bytes().take_while(|&b| b == b'.').count();
        (dots >= 3).then_some(dots)
    }
    if let Some(n) = ellipsis(s) {
        return Some(n);
    }
    for (open, close) in [('[', ']'), ('(', ')')] {
        let Some(rest) = s.strip_prefix(open) else {
            continue;
        };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let Some(n) = ellipsis(rest) else {
            continue;
        };
        let rest = rest.get(n..).unwrap_or("");
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if let Some(rest) = rest.strip_prefix(close) {
            return Some(s.len() - rest.len());
        }
    }
    None
}

/// Fold a quote and split it at gap markers into non-empty, trimmed parts.
pub(super) fn quote_parts(quote: &str) -> Vec<String> {
    let folded = fold(quote);
    let mut parts = Vec::new();
    let mut push = |part: &str| {
        let part = part.trim_matches(' ');
        if !part.is_empty() {
            parts.push(part.to_owned());
        }
    };
    let mut part_start = 0;
    let mut i = 0;
    while let Some(rest) = folded.get(i..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        if let Some(n) = gap_len(rest) {
            push(folded.get(part_start..i).unwrap_or(""));
            i += n;
            part_start = i;
        } else {
            i += c.len_utf8();
        }
    }
    push(folded.get(part_start..).unwrap_or(""));
    parts
}

/// A match in folded coordinates.
struct Candidate {
    parts: Vec<Range<usize>>,
    paragraph: usize,
}

impl Candidate {
    fn folded_span(&self) -> Range<usize> {
        match (self.parts.first(), self.parts.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => 0..0,
        }
    }

    fn original_span(&self, text: &FoldedText) -> Range<usize> {
        text.original_range(self.folded_span())
    }

    fn to_anchor(&self, text: &FoldedText) -> Anchor {
        Anchor {
            parts: self.parts.iter().map(|r| text.original_range(r.clone())).collect(),
            paragraph: self.paragraph,
        }
    }
}

/// Index of the paragraph that contains the original range `orig`. An empty
/// `paragraphs` slice means the whole text is paragraph 0.
fn paragraph_of(paragraphs: &[Range<usize>], orig: &Range<usize>) -> Option<usize> {
    if paragraphs.is_empty() {
        return Some(0);
    }
    let idx = paragraphs.partition_point(|p| p.start <= orig.start).checked_sub(1)?;
    let p = paragraphs.get(idx)?;
    (p.start <= orig.start && orig.end <= p.end).then_some(idx)
}

/// Folded byte ranges of all paragraphs (the whole text if `paragraphs` is
/// empty), paired with their index.
pub(super) fn folded_paragraphs(text: &FoldedText, paragraphs: &[Range<usize>]) -> Vec<(usize, Range<usize>)> {
    if paragraphs.is_empty() {
        return vec![(0, 0..text.folded().len())];
    }
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (i, text.folded_range_within(p)))
        .filter(|(_, r)| r.start < r.end)
        .collect()
}

/// Every place where all `parts` occur in order within one paragraph.
///
/// For gapped quotes each occurrence of the first part is completed with the
/// earliest occurrences of the following parts; of several completions ending
/// in the same last part only the tightest (latest first part) is kept.
fn find_candidates(text: &FoldedText, paragraphs: &[Range<usize>], parts: &[String]) -> Vec<Candidate> {
    let hay = text.folded();
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = Vec::new();
    // The later parts' occurrences, each walked once: the position searched from never goes
    // back (the first part's occurrences come in order, so does the earliest completion).
    let mut later: Vec<Occurrences<'_>> = rest.iter().map(|part| Occurrences::new(hay, part)).collect();
    // A paragraph in which a later part was not found after some occurrence
    // of the first part: later occurrences there cannot succeed either.
    let mut failed_paragraph = None;
    let mut firsts = Occurrences::new(hay, first);
    while let Some(a) = firsts.step() {
        let first_range = a..a + first.len();
        let Some(paragraph) = paragraph_of(paragraphs, &text.original_range(first_range.clone())) else {
            continue;
        };
        if failed_paragraph == Some(paragraph) {
            continue;
        }
        let limit = match paragraphs.get(paragraph) {
            Some(p) => text.folded_range_within(p).end,
            None => hay.len(),
        };
        let mut ranges = Vec::with_capacity(parts.len());
        let mut cursor = first_range.end;
        ranges.push(first_range);
        let mut complete = true;
        for (part, occurrences) in rest.iter().zip(later.iter_mut()) {
            // Occurrences sorted by start are sorted by end too: if the first one after the
            // cursor ends past the paragraph, every later one does.
            match occurrences.at_or_after(cursor) {
                Some(s) if s + part.len() <= limit => {
                    cursor = s + part.len();
                    ranges.push(s..cursor);
                }
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            failed_paragraph = Some(paragraph);
            continue;
        }
        let candidate = Candidate {
            parts: ranges,
            paragraph,
        };
        if !rest.is_empty()
            && let Some(prev) = out.last_mut()
            && prev.parts.last() == candidate.parts.last()
        {
            *prev = candidate;
            continue;
        }
        out.push(candidate);
    }
    out
}

/// Which candidates the folded text around agrees with the folded prefix/suffix: the prefix
/// must end right before the match (or before the one space there), the suffix start right
/// after it (or after the one space). Candidates come in order of their start and of their
/// end, so each context's occurrences are walked once.
fn context_matches(hay: &str, candidates: &[Candidate], prefix: Option<&str>, suffix: Option<&str>) -> Vec<bool> {
    let mut prefixes = prefix.map(|p| (p.len(), Occurrences::new(hay, p)));
    let mut suffixes = suffix.map(|s| Occurrences::new(hay, s));
    let bytes = hay.as_bytes();
    candidates
        .iter()
        .map(|candidate| {
            let span = candidate.folded_span();
            let prefix_ok = prefixes.as_mut().is_none_or(|(len, occurrences)| {
                let end = if span.start > 0 && bytes.get(span.start - 1) == Some(&b' ') {
                    span.start - 1
                } else {
                    span.start
                };
                end.checked_sub(*len).is_some_and(|start| occurrences.starts_at(start))
            });
            let suffix_ok = suffixes.as_mut().is_none_or(|occurrences| {
                let start = if bytes.get(span.end) == Some(&b' ') {
                    span.end + 1
                } else {
                    span.end
                };
                occurrences.starts_at(start)
            });
            prefix_ok && suffix_ok
        })
        .collect()
}

/// Find `query.quote` in `text`, within one of `paragraphs` (original byte
/// ranges, sorted and non-overlapping; an empty slice means the whole text is
/// one paragraph, reported as index 0).
pub fn anchor(text: &FoldedText, paragraphs: &[Range<usize>], query: &QuoteQuery<'_>) -> Result<Anchor, AnchorError> {
    let parts = quote_parts(query.quote);
    if parts.is_empty() {
        return Err(AnchorError::EmptyQuote);
    }
    let candidates = find_candidates(text, paragraphs, &parts);
    if candidates.is_empty() {
        return Err(AnchorError::NotFound {
            closest: closest_for_parts(text, paragraphs, &parts),
        });
    }
    let prefix = query.prefix.map(fold).filter(|p| !p.is_empty());
    let suffix = query.suffix.map(fold).filter(|s| !s.is_empty());
    let spans = |cands: &[&Candidate]| -> Vec<Range<usize>> { cands.iter().map(|c| c.original_span(text)).collect() };
    let all: Vec<&Candidate> = candidates.iter().collect();
    if prefix.is_none() && suffix.is_none() {
        return match all.as_slice() {
            [only] => Ok(only.to_anchor(text)),
            _ => Err(AnchorError::Ambiguous {
                candidates: spans(&all),
            }),
        };
    }
    let agrees = context_matches(text.folded(), &candidates, prefix.as_deref(), suffix.as_deref());
    let matching: Vec<&Candidate> = candidates
        .iter()
        .zip(agrees)
        .filter_map(|(c, ok)| ok.then_some(c))
        .collect();
    match matching.as_slice() {
        [only] => Ok(only.to_anchor(text)),
        [] => Err(AnchorError::ContextMismatch {
            candidates: spans(&all),
        }),
        _ => Err(AnchorError::Ambiguous {
            candidates: spans(&matching),
        }),
    }
}

#[cfg(test)]
// Reversed and single-element ranges are deliberate test inputs here.
#[allow(clippy::reversed_empty_ranges, clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use crate::anchor::LISTED_CANDIDATES;
    use crate::anchor::closest::{closest_for_parts, closest_passage};
    use crate::anchor::test_support::{ALPHABET, Rng, found, paragraphs, query, random_text, run};

    #[test]
    fn german_quotes_match_straight_quotes() {
        let text = "Sie sagte: „Wir schaffen das“, und ging.";
        assert_eq!(found(text, "\"Wir schaffen das\""), "„Wir schaffen das“");
        assert_eq!(found(text, "'Wir schaffen das'"), "„Wir schaffen das“");
    }

    #[test]
    fn single_german_quotes_and_guillemets() {
        let text = "Er nannte es ‚absurd‘ und «völlig überzogen».";
        assert_eq!(found(text, "'absurd'"), "‚absurd‘");
        assert_eq!(found(text, "\"völlig überzogen\""), "«völlig überzogen»");
        assert_eq!(found(text, "„völlig überzogen“"), "«völlig überzogen»");
    }

    #[test]
    fn no_break_space_in_article() {
        let text = "Es geht um 11.000\u{00A0}Soldaten aus Nordkorea.";
        assert_eq!(found(text, "11.000 Soldaten"), "11.000\u{00A0}Soldaten");
    }

    #[test]
    fn soft_hyphen_in_article() {
        let text = "Die Sol\u{00AD}daten kämpfen.";
        assert_eq!(found(text, "Soldaten"), "Sol\u{00AD}daten");
        assert_eq!(found(text, "Die Soldaten kämpfen"), "Die Sol\u{00AD}daten kämpfen");
    }

    #[test]
    fn zero_width_space_in_article() {
        let text = "Das Kreml\u{200B}-\u{200B}Statement kam spät.";
        assert_eq!(found(text, "Kreml-Statement"), "Kreml\u{200B}-\u{200B}Statement");
    }

    #[test]
    fn quote_spanning_line_break() {
        let text = "Der Kreml will den Krieg\nmilitärisch beenden.";
        assert_eq!(found(text, "Krieg militärisch"), "Krieg\nmilitärisch");
        assert_eq!(found(text, "  Krieg \n militärisch "), "Krieg\nmilitärisch");
    }

    #[test]
    fn dashes_match_hyphen() {
        let text = "50.000 Truppen – Russen und Nordkoreaner — stehen bereit.";
        assert_eq!(
            found(text, "Truppen - Russen und Nordkoreaner - stehen"),
            "Truppen – Russen und Nordkoreaner — stehen"
        );
        assert_eq!(found("Kim Jong‑un", "Kim Jong-un"), "Kim Jong‑un");
    }

    #[test]
    fn ellipsis_gaps_match_in_order_within_paragraph() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg an der Front gewinnen.";
        for quote in [
            "Putin wolle keine … an der Front gewinnen",
            "Putin wolle keine […] an der Front gewinnen",
            "Putin wolle keine ... an der Front gewinnen",
            "Putin wolle keine [...] an der Front gewinnen",
            "Putin wolle keine(…)an der Front gewinnen",
            "Putin wolle keine…an der Front gewinnen",
        ] {
            let a = run(text, &query(quote)).unwrap();
            assert_eq!(a.parts.len(), 2, "{quote}");
            assert_eq!(&text[a.parts[0].clone()], "Putin wolle keine");
            assert_eq!(&text[a.parts[1].clone()], "an der Front gewinnen");
            assert_eq!(&text[a.span()], &text[..text.len() - 1]);
            assert_eq!(a.paragraph, 0);
        }
        // Three parts.
        let a = run(text, &query("Putin … Diplomatie … Front")).unwrap();
        let parts: Vec<&str> = a.parts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["Putin", "Diplomatie", "Front"]);
        // Markers at start and end are ignored.
        let a = run(text, &query("… keine Diplomatie […]")).unwrap();
        assert_eq!(a.parts.len(), 1);
        assert_eq!(&text[a.span()], "keine Diplomatie");
    }

    #[test]
    fn ellipsis_gap_does_not_cross_paragraphs() {
        let text = "Erster Absatz endet hier.\n\nZweiter Absatz beginnt hier.";
        let err = run(text, &query("Erster Absatz … Zweiter Absatz")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
        // Within the second paragraph it works, and reports paragraph 1.
        let a = run(text, &query("Zweiter … hier")).unwrap();
        assert_eq!(a.paragraph, 1);
        assert_eq!(&text[a.span()], "Zweiter Absatz beginnt hier");
    }

    #[test]
    fn plain_quote_across_paragraphs_is_not_found() {
        let text = "Erster Absatz endet hier.\n\nZweiter Absatz beginnt hier.";
        let err = run(text, &query("endet hier. Zweiter Absatz")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { closest: Some(_) }), "{err:?}");
        // Without paragraph information the whole text is one paragraph.
        let ft = FoldedText::new(text);
        let a = anchor(&ft, &[], &query("endet hier. Zweiter Absatz")).unwrap();
        assert_eq!(&text[a.span()], "endet hier.\n\nZweiter Absatz");
        assert_eq!(a.paragraph, 0);
    }

    #[test]
    fn gap_parts_out_of_order_do_not_match() {
        let text = "Putin wolle keine Diplomatie.";
        let err = run(text, &query("Diplomatie … Putin")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
        // Parts must not overlap either.
        let err = run("abc", &query("abc … bc")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
    }

    #[test]
    fn gapped_quote_prefers_tightest_completion() {
        let text = "Putin sagt, Putin wolle Krieg.";
        let a = run(text, &query("Putin … Krieg")).unwrap();
        assert_eq!(&text[a.span()], "Putin wolle Krieg");
    }

    #[test]
    fn ambiguous_quote_lists_all_candidates() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        let err = run(text, &query("Putin wolle")).unwrap_err();
        assert_eq!(
            err,
            AnchorError::Ambiguous {
                candidates: vec![0..11, 30..41]
            }
        );
        let msg = err.describe(text);
        assert!(msg.contains("2 times"), "{msg}");
        assert!(msg.contains("„Putin wolle“, „Putin wolle“"), "{msg}");
    }

    #[test]
    fn overlapping_occurrences_are_ambiguous() {
        let err = run("ha ha ha", &query("ha ha")).unwrap_err();
        assert_eq!(
            err,
            AnchorError::Ambiguous {
                candidates: vec![0..5, 3..8]
            }
        );
    }

    #[test]
    fn prefix_and_suffix_pick_one() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        let with_prefix = QuoteQuery {
            quote: "Putin wolle",
            prefix: Some("Diplomatie. "),
            suffix: None,
        };
        assert_eq!(run(text, &with_prefix).unwrap().span(), 30..41);
        let with_suffix = QuoteQuery {
            quote: "Putin wolle",
            prefix: None,
            suffix: Some("keine"),
        };
        assert_eq!(run(text, &with_suffix).unwrap().span(), 0..11);
        // Prefix directly adjacent (no space) and folded the same way.
        let text2 = "„Krieg“ sagt er. Dann: „Krieg“ sagt sie.";
        let q = QuoteQuery {
            quote: "Krieg",
            prefix: Some("Dann: \""),
            suffix: Some("\" sagt"),
        };
        let a = run(text2, &q).unwrap();
        assert_eq!(
            a.span(),
            text2.rfind("Krieg").unwrap()..text2.rfind("Krieg").unwrap() + 5
        );
        // A prefix that matches both keeps it ambiguous, listing the rest.
        let three = "x Putin. y Putin. y Putin.";
        let q = QuoteQuery {
            quote: "Putin",
            prefix: Some("y"),
            suffix: None,
        };
        assert_eq!(
            run(three, &q).unwrap_err(),
            AnchorError::Ambiguous {
                candidates: vec![11..16, 20..25]
            }
        );
        // An empty prefix is treated as absent.
        let q = QuoteQuery {
            quote: "keine",
            prefix: Some("  "),
            suffix: Some(""),
        };
        assert_eq!(&text[run(text, &q).unwrap().span()], "keine");
    }

    #[test]
    fn context_mismatch() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        // Unique quote, wrong prefix.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Selenskyj wolle"),
            suffix: None,
        };
        assert_eq!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch {
                candidates: vec![12..28]
            }
        );
        // Unique quote, right prefix, wrong suffix.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Putin wolle"),
            suffix: Some("Frieden"),
        };
        assert!(matches!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch { .. }
        ));
        // Ambiguous quote, context matching none: all candidates listed.
        let q = QuoteQuery {
            quote: "Putin wolle",
            prefix: None,
            suffix: Some("Frieden"),
        };
        assert_eq!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch {
                candidates: vec![0..11, 30..41]
            }
        );
        // The correct context passes.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Putin wolle"),
            suffix: Some(". Putin"),
        };
        assert_eq!(run(text, &q).unwrap().span(), 12..28);
    }

    #[test]
    fn empty_quotes() {
        let text = "Irgendein Text … mit Ellipse.";
        for quote in [
            "",
            "   ",
            "\n\u{00A0}\t",
            "…",
            " […] ",
            "...",
            "\u{00AD}\u{200B}",
            "… [...] …",
        ] {
            assert_eq!(run(text, &query(quote)), Err(AnchorError::EmptyQuote), "{quote:?}");
        }
    }

    #[test]
    fn case_sensitive() {
        let text = "Der Kreml schweigt.";
        assert!(matches!(
            run(text, &query("der kreml")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn multibyte_chars_around_matches() {
        let text = "ßäöü😀„Größe“😀üöäß";
        let a = run(text, &query("\"Größe\"")).unwrap();
        assert_eq!(&text[a.span()], "„Größe“");
        assert!(text.is_char_boundary(a.span().start) && text.is_char_boundary(a.span().end));
        assert!(matches!(run(text, &query("😀")), Err(AnchorError::Ambiguous { .. })));
        let a = run("ä😀ö", &query("😀")).unwrap();
        assert_eq!(a.span(), 2..6);
        assert_eq!(
            found("Maß\u{00AD}stab für Öl", "Maßstab für Öl"),
            "Maß\u{00AD}stab für Öl"
        );
    }

    #[test]
    fn quote_at_start_and_end_of_text() {
        let text = "„Anfang“ des Textes und sein Ende.";
        let a = run(text, &query("\"Anfang\"")).unwrap();
        assert_eq!(a.span(), 0..text.find(" des").unwrap());
        let a = run(text, &query("sein Ende.")).unwrap();
        assert_eq!(a.span().end, text.len());
        assert_eq!(&text[a.span()], "sein Ende.");
        let a = run(text, &query(text)).unwrap();
        assert_eq!(a.span(), 0..text.len());
    }

    #[test]
    fn weird_paragraph_input_does_not_panic() {
        let text = "Ein Text mit „Zitat“ und – Strich.";
        let ft = FoldedText::new(text);
        let weird = [
            vec![50..10, 0..3],
            vec![0..1000],
            vec![5..5, 5..5, 2..1],
            vec![usize::MAX - 1..usize::MAX],
        ];
        for paras in &weird {
            for quote in ["Zitat", "Text … Strich", "nichts da", "t"] {
                let _ = anchor(&ft, paras, &query(quote));
                let _ = closest_passage(&ft, paras, quote);
            }
        }
        let a = anchor(&ft, &[0..1000], &query("\"Zitat\"")).unwrap();
        assert_eq!(&text[a.span()], "„Zitat“");
    }

    #[test]
    fn property_random_queries_never_panic() {
        let mut rng = Rng::new(42);
        let extra = ['…', '.', '[', ']', '(', ')', '😀', 'ß'];
        for _ in 0..300 {
            let len = rng.below(40);
            let mut text = random_text(&mut rng, len);
            if rng.below(2) == 0 {
                text.push(extra[rng.below(extra.len())]);
            }
            let quote: String = (0..rng.below(8))
                .map(|_| {
                    if rng.below(3) == 0 {
                        extra[rng.below(extra.len())]
                    } else {
                        ALPHABET[rng.below(ALPHABET.len())]
                    }
                })
                .collect();
            let ft = FoldedText::new(&text);
            let paras = vec![
                rng.below(len + 2)..rng.below(len + 2),
                rng.below(len + 2)..rng.below(len + 2),
            ];
            let q = QuoteQuery {
                quote: &quote,
                prefix: Some("a"),
                suffix: None,
            };
            let results = [anchor(&ft, &paras, &q), anchor(&ft, &paragraphs(&text), &query(&quote))];
            for r in results {
                match r {
                    Ok(a) => {
                        for part in &a.parts {
                            assert!(text.get(part.clone()).is_some());
                        }
                    }
                    Err(e) => {
                        let _ = e.describe(&text);
                    }
                }
            }
            let _ = ft.original_range(rng.below(len + 3)..rng.below(len + 3));
        }
    }

    /// The search as it was before it walked each part's occurrences once: from every
    /// occurrence of the first part, a fresh search for each later part (quadratic on long
    /// paragraphs, but plainly right). The fast search must agree with it on everything.
    fn reference_anchor(
        text: &FoldedText,
        paragraphs: &[Range<usize>],
        q: &QuoteQuery<'_>,
    ) -> Result<Anchor, AnchorError> {
        let parts = quote_parts(q.quote);
        let Some((first, rest)) = parts.split_first() else {
            return Err(AnchorError::EmptyQuote);
        };
        let hay = text.folded();
        let mut candidates: Vec<Candidate> = Vec::new();
        let step = first.chars().next().map_or(1, char::len_utf8);
        let mut pos = 0;
        while let Some(found) = hay.get(pos..).and_then(|h| h.find(first.as_str())) {
            let a = pos + found;
            pos = a + step;
            let first_range = a..a + first.len();
            let Some(paragraph) = paragraph_of(paragraphs, &text.original_range(first_range.clone())) else {
                continue;
            };
            let limit = paragraphs
                .get(paragraph)
                .map_or(hay.len(), |p| text.folded_range_within(p).end);
            let mut ranges = vec![first_range.clone()];
            let mut cursor = first_range.end;
            let complete = rest.iter().all(
                |part| match hay.get(cursor..limit).and_then(|h| h.find(part.as_str())) {
                    Some(i) => {
                        ranges.push(cursor + i..cursor + i + part.len());
                        cursor += i + part.len();
                        true
                    }
                    None => false,
                },
            );
            if !complete {
                continue;
            }
            let candidate = Candidate {
                parts: ranges,
                paragraph,
            };
            match candidates.last_mut() {
                Some(prev) if !rest.is_empty() && prev.parts.last() == candidate.parts.last() => *prev = candidate,
                _ => candidates.push(candidate),
            }
        }
        if candidates.is_empty() {
            return Err(AnchorError::NotFound {
                closest: closest_for_parts(text, paragraphs, &parts),
            });
        }
        let prefix = q.prefix.map(fold).filter(|p| !p.is_empty());
        let suffix = q.suffix.map(fold).filter(|s| !s.is_empty());
        let agrees = |c: &Candidate| {
            let span = c.folded_span();
            let before = hay.get(..span.start).unwrap_or("");
            let before = before.strip_suffix(' ').unwrap_or(before);
            let after = hay.get(span.end..).unwrap_or("");
            let after = after.strip_prefix(' ').unwrap_or(after);
            prefix.as_deref().is_none_or(|p| before.ends_with(p))
                && suffix.as_deref().is_none_or(|s| after.starts_with(s))
        };
        let spans = |cands: &[&Candidate]| cands.iter().map(|c| c.original_span(text)).collect::<Vec<_>>();
        let all: Vec<&Candidate> = candidates.iter().collect();
        let matching: Vec<&Candidate> = if prefix.is_none() && suffix.is_none() {
            all.clone()
        } else {
            candidates.iter().filter(|c| agrees(c)).collect()
        };
        match matching.as_slice() {
            [only] => Ok(only.to_anchor(text)),
            [] => Err(AnchorError::ContextMismatch {
                candidates: spans(&all),
            }),
            _ => Err(AnchorError::Ambiguous {
                candidates: spans(&matching),
            }),
        }
    }

    #[test]
    fn property_walking_occurrences_once_agrees_with_searching_from_each() {
        let mut rng = Rng::new(0x0cc0);
        // Few letters, so parts occur often, overlap and repeat; gaps and context from the
        // same letters.
        let letters = ['a', 'b', ' ', '\n', '"', '–'];
        let pick = |rng: &mut Rng, max: usize| -> String {
            let len = 1 + rng.below(max);
            (0..len).map(|_| letters[rng.below(letters.len())]).collect()
        };
        for round in 0..3000 {
            let mut text = pick(&mut rng, 60);
            if round % 3 == 0 {
                text = text.replace("\n", "\n\n");
            }
            let gaps = rng.below(3);
            let mut quote = pick(&mut rng, 3);
            for _ in 0..gaps {
                quote.push_str([" … ", "[...]", " (…) "][rng.below(3)]);
                quote.push_str(&pick(&mut rng, 3));
            }
            let prefix = (rng.below(3) == 0).then(|| pick(&mut rng, 3));
            let suffix = (rng.below(3) == 0).then(|| pick(&mut rng, 3));
            let q = QuoteQuery {
                quote: &quote,
                prefix: prefix.as_deref(),
                suffix: suffix.as_deref(),
            };
            let ft = FoldedText::new(&text);
            for paras in [paragraphs(&text), Vec::new()] {
                assert_eq!(
                    anchor(&ft, &paras, &q),
                    reference_anchor(&ft, &paras, &q),
                    "{text:?} / {q:?} / {paras:?}"
                );
            }
        }
    }

    #[test]
    fn gapped_ambiguous_and_mismatched_quotes_on_a_long_paragraph() {
        // The outside test's inputs, small: one paragraph of `lorem ipsum`, then the end.
        let text = format!("{}UNIQUEEND here.", "lorem ipsum ".repeat(2000));
        let ft = FoldedText::new(&text);
        let a = anchor(&ft, &[], &query("lorem … UNIQUEEND")).unwrap();
        assert_eq!(&text[a.span()], "lorem ipsum UNIQUEEND");
        assert_eq!(a.parts.len(), 2);
        let Err(AnchorError::Ambiguous { candidates }) = anchor(&ft, &[], &query("lorem ipsum")) else {
            panic!("ambiguous expected");
        };
        assert_eq!(candidates.len(), 2000);
        assert_eq!(candidates[1999], 12 * 1999..12 * 1999 + 11);
        let wrong = QuoteQuery {
            quote: "lorem ipsum",
            prefix: Some("found nowhere"),
            suffix: None,
        };
        let err = anchor(&ft, &[], &wrong).unwrap_err();
        assert!(matches!(&err, AnchorError::ContextMismatch { candidates } if candidates.len() == 2000));
        // The message lists a few places, not two thousand.
        let msg = err.describe(&text);
        assert!(msg.ends_with("… and 1995 more"), "{msg}");
        assert_eq!(msg.matches("„lorem ipsum“").count(), LISTED_CANDIDATES, "{msg}");
        // The right context picks the last one.
        let right = QuoteQuery {
            quote: "lorem ipsum",
            prefix: None,
            suffix: Some("UNIQUEEND"),
        };
        assert_eq!(anchor(&ft, &[], &right).unwrap().span(), 12 * 1999..12 * 1999 + 11);
        // A gapped quote whose end is nowhere: not found, with the closest passage.
        assert!(matches!(
            anchor(&ft, &[], &query("lorem … NOSUCHEND")),
            Err(AnchorError::NotFound { .. })
        ));
    }
}
