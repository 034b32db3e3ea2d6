//! Fuzz target: article parsing. The first byte picks the paragraph mode and the next bytes
//! exclusions and cuts; the rest is the article. Checks the documented invariants of
//! `model::article::paragraphs` (trimmed, non-empty, sorted, non-overlapping, on character
//! boundaries) and that sentences stay inside their paragraph.

#![no_main]

use dossier::load::schema::ParagraphMode;
use dossier::model::article::{line_ranges, paragraphs, sentences};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let (head, body) = data.split_at(5);
    let text = String::from_utf8_lossy(body);
    let text = text.as_ref();
    let mode = match head[0] % 3 {
        0 => ParagraphMode::Auto,
        1 => ParagraphMode::Lines,
        _ => ParagraphMode::BlankLines,
    };
    let lines = line_ranges(text).len();
    let excluded: Vec<std::ops::Range<usize>> = if lines > 0 && head[1] % 2 == 1 {
        let first = usize::from(head[2]) % lines;
        vec![first..(first + usize::from(head[3] % 4)).min(lines)]
    } else {
        Vec::new()
    };
    // Cuts at arbitrary byte offsets, possibly inside a character or reversed.
    let len = text.len().max(1);
    let start = usize::from(head[3]) * 7 % len;
    let cuts = vec![start..start + usize::from(head[4])];
    let found = paragraphs(text, mode, &excluded, &cuts);
    let mut previous_end = 0;
    for paragraph in &found {
        assert!(paragraph.start < paragraph.end, "empty paragraph {paragraph:?}");
        assert!(paragraph.start >= previous_end, "unsorted or overlapping: {found:?}");
        let slice = text.get(paragraph.clone()).expect("paragraph on character boundaries");
        assert_eq!(slice, slice.trim(), "paragraph not trimmed");
        previous_end = paragraph.end;
        for sentence in sentences(text, paragraph.clone()) {
            assert!(
                sentence.start >= paragraph.start && sentence.end <= paragraph.end && sentence.start <= sentence.end,
                "sentence {sentence:?} outside paragraph {paragraph:?}"
            );
            assert!(text.get(sentence).is_some(), "sentence off character boundaries");
        }
    }
    // Sentences of an arbitrary (possibly invalid) range never panic.
    let _ = sentences(text, start..start + usize::from(head[4]));
});
