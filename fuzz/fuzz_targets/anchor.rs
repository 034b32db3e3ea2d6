//! Fuzz target: quote folding and anchoring. Input fields (separated by U+0001): article,
//! quote, prefix, suffix. Every anchor found must lie inside the article, on character
//! boundaries, in order, in an existing paragraph; errors must describe themselves.

#![no_main]

#[path = "common/mod.rs"]
mod common;

use dossier::anchor::{AnchorError, FoldedText, QuoteQuery, anchor, closest_passage, fold};
use dossier::load::schema::ParagraphMode;
use dossier::model::article::paragraphs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [text, quote, prefix, suffix] = common::fields::<4>(data);
    let folded = FoldedText::new(&text);
    assert!(folded.original_len() <= text.len());
    let _ = fold(&quote);
    // Arbitrary folded ranges map back into the text.
    let flen = folded.folded().len();
    for range in [0..flen, flen / 3..flen / 2, flen..flen + 5, 7..3] {
        let original = folded.original_range(range);
        assert!(
            original.start <= original.end && original.end <= text.len(),
            "{original:?}"
        );
    }
    let by_blank_lines = paragraphs(&text, ParagraphMode::BlankLines, &[], &[]);
    let whole: Vec<std::ops::Range<usize>> = Vec::new();
    for paras in [&by_blank_lines, &whole] {
        let query = QuoteQuery {
            quote: &quote,
            prefix: (!prefix.is_empty()).then_some(prefix.as_str()),
            suffix: (!suffix.is_empty()).then_some(suffix.as_str()),
        };
        match anchor(&folded, paras, &query) {
            Ok(found) => {
                let mut previous_end = 0;
                for part in &found.parts {
                    assert!(part.start <= part.end && part.end <= text.len(), "{part:?}");
                    assert!(part.start >= previous_end, "parts out of order: {:?}", found.parts);
                    assert!(text.get(part.clone()).is_some(), "part off character boundaries");
                    previous_end = part.end;
                }
                assert!(paras.is_empty() || found.paragraph < paras.len());
                let span = found.span();
                assert!(text.get(span).is_some());
            }
            Err(error) => {
                let _ = error.describe(&text);
                match &error {
                    AnchorError::NotFound { closest: Some(range) } => {
                        assert!(text.get(range.clone()).is_some(), "closest off the text: {range:?}");
                    }
                    AnchorError::Ambiguous { candidates } => {
                        assert!(candidates.iter().all(|r| text.get(r.clone()).is_some()));
                    }
                    _ => {}
                }
            }
        }
        if let Some(range) = closest_passage(&folded, paras, &quote) {
            assert!(text.get(range).is_some());
        }
    }
});
