//! Article text: splitting a seed file into body paragraphs, leaving out what is not body
//! (bylines, "You May Also Like", image captions), and finding sentences for coverage checks.

use std::ops::Range;

use crate::load::schema::ParagraphMode;

/// Lines longer than this mark a file written one paragraph per line.
const LONG_LINE: usize = 150;

/// The byte ranges of every line of `text` (without the line break).
pub fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        ranges.push(start..start + content.len());
        start = end;
    }
    ranges
}

/// The 0-based, end-exclusive line range an `exclude` entry's `lines: 3` or `lines: 3-5` means
/// in an article of `line_count` lines, or what is wrong with it.
pub fn parse_lines(text: &str, line_count: usize) -> Result<Range<usize>, LinesError> {
    let bad = || LinesError::NotLines(text.to_owned());
    let (first, last) = match text.split_once('-') {
        Some((a, b)) => (
            a.trim().parse::<usize>().map_err(|_| bad())?,
            b.trim().parse::<usize>().map_err(|_| bad())?,
        ),
        None => {
            let n = text.trim().parse::<usize>().map_err(|_| bad())?;
            (n, n)
        }
    };
    if first == 0 || first > last {
        return Err(bad());
    }
    if last > line_count {
        return Err(LinesError::PastEnd(last));
    }
    Ok(first - 1..last)
}

/// What is wrong with the `lines:` of an `exclude` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinesError {
    /// Not `3` or `3-5`.
    NotLines(String),
    /// A line past the end of the article.
    PastEnd(usize),
}

impl LinesError {
    /// The problem in `language`.
    pub fn describe(&self, language: crate::diagnostic::Language) -> String {
        match self {
            LinesError::NotLines(text) => crate::say!(
                language,
                "`{text}` is not a line number or a range of lines",
                "`{text}` ist keine Zeilennummer und kein Zeilenbereich"
            ),
            LinesError::PastEnd(line) => crate::say!(
                language,
                "line {line} is past the end of the article",
                "Zeile {line} liegt hinter dem Ende des Artikels"
            ),
        }
    }
}

/// `lines` or `blank-lines`: what `auto` means for `text` (`lines` when it has long lines).
pub fn effective_mode(text: &str, mode: ParagraphMode) -> ParagraphMode {
    match mode {
        ParagraphMode::Auto if line_ranges(text).iter().any(|l| l.len() > LONG_LINE) => ParagraphMode::Lines,
        ParagraphMode::Auto => ParagraphMode::BlankLines,
        other => other,
    }
}

/// Splits `text` into paragraphs, leaving out `excluded` lines (0-based line indices) and
/// `cuts` (byte ranges). Paragraph ranges are trimmed of surrounding whitespace, non-empty,
/// sorted and non-overlapping.
pub fn paragraphs(
    text: &str,
    mode: ParagraphMode,
    excluded_lines: &[Range<usize>],
    cuts: &[Range<usize>],
) -> Vec<Range<usize>> {
    let lines = line_ranges(text);
    let is_excluded = |index: usize| excluded_lines.iter().any(|r| r.contains(&index));
    let mode = effective_mode(text, mode);
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (index, line) in lines.iter().enumerate() {
        let blank = text[line.clone()].trim().is_empty();
        if blank || is_excluded(index) || mode == ParagraphMode::Lines {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            if !blank && !is_excluded(index) {
                blocks.push(line.clone());
            }
            continue;
        }
        current = Some(match current {
            Some(block) => block.start..line.end,
            None => line.clone(),
        });
    }
    blocks.extend(current);

    let mut pieces = Vec::new();
    for block in blocks {
        let mut rest = vec![block];
        for cut in cuts {
            rest = rest
                .into_iter()
                .flat_map(|piece| {
                    if cut.end <= piece.start || cut.start >= piece.end {
                        vec![piece]
                    } else {
                        vec![
                            piece.start..cut.start.max(piece.start),
                            cut.end.min(piece.end)..piece.end,
                        ]
                    }
                })
                .collect();
        }
        pieces.extend(rest.into_iter().filter_map(|piece| trim(text, piece)));
    }
    pieces
}

fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = text.get(range.clone())?;
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    (start < end).then_some(start..end)
}

/// Splits a paragraph into sentences (byte ranges of `text`): ends at `.`, `!`, `?` or `:` followed
/// by whitespace and an upper-case letter, digit or opening quote; a closing quote after the
/// punctuation stays with the sentence. Ordinals ("24. Februar", "4. November"), abbreviations
/// ("Dr.", "Nr.", "bzw.", "U.S.", "z. B.", single initials) and abbreviations followed by lower
/// case do not end a sentence; a full stop with no space before a capitalised word
/// ("werden.Für") does.
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let Some(body) = text.get(paragraph.clone()) else {
        return Vec::new();
    };
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut result = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '“' | '”' | '"' | '«' | '»' | '‘' | '’' | ')') {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let previous_is_digit = i > 0 && chars[i - 1].1.is_ascii_digit();
            let boundary = next > end
                && next < chars.len()
                && (chars[next].1.is_uppercase() || matches!(chars[next].1, '„' | '“' | '"' | '«' | '‚'))
                && !(c == '.' && previous_is_digit && next_word_is_month(body, chars[next].0))
                && !(c == '.' && end == i + 1 && is_abbreviation(&chars[..i]));
            // Two sentences run together by a lost space ("werden.Für").
            let fused = c == '.'
                && next == end
                && end == i + 1
                && i >= 2
                && chars[i - 1].1.is_lowercase()
                && chars[i - 2].1.is_lowercase()
                && chars.get(end).is_some_and(|&(_, n)| n.is_uppercase())
                && chars.get(end + 1).is_some_and(|&(_, n)| n.is_lowercase());
            if fused {
                let end_byte = chars[end].0;
                result.push(paragraph.start + start..paragraph.start + end_byte);
                start = end_byte;
                i = end;
                continue;
            }
            if boundary {
                let end_byte = chars.get(end).map_or(body.len(), |&(b, _)| b);
                result.push(paragraph.start + start..paragraph.start + end_byte);
                start = chars[next].0;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    if start < body.len() {
        result.push(paragraph.start + start..paragraph.end);
    }
    result.into_iter().filter_map(|r| trim(text, r)).collect()
}

/// Abbreviations whose full stop ends no sentence (before a capital: "Dr. Müller", "Nr. 5",
/// "bzw. Russland", "U.S. Army", "z. B. Kursk").
const ABBREVIATIONS: &[&str] = &[
    "Dr", "Prof", "Nr", "bzw", "vgl", "ca", "Mio", "Mrd", "Abs", "Art", "Hr", "Fr", "St", "Str", "sog", "ggf", "inkl",
    "Mr", "Mrs", "Ms", "Jr", "Sr", "Gen", "Lt", "Col", "Sgt", "Capt", "Gov", "Sen", "Rep", "No", "vs", "approx",
];

/// Whether the word that ends right before a full stop (the last word of `before`) is an
/// abbreviation: one listed, a single letter ("z.", "B.", "J. Smith"), or letters with dots
/// inside ("U.S", "z.B", "u.a").
fn is_abbreviation(before: &[(usize, char)]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | '„' | '“' | '"' | '«'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1
        || (word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2))
        || ABBREVIATIONS.contains(&word.as_str())
}

fn next_word_is_month(body: &str, at: usize) -> bool {
    let rest = &body[at..];
    super::date::GERMAN_MONTHS.iter().any(|m| rest.starts_with(m))
}

/// Whether a sentence carries a figure or a quotation, which a complete annotation covers.
pub fn needs_claim(sentence: &str) -> bool {
    const NUMBER_WORDS: [&str; 16] = [
        "Tausend", "tausend", "Hundert", "hundert", "Million", "Milliard", "zwei", "drei", "vier", "fünf", "zehn",
        "zwölf", "zwanzig", "dreißig", "fünfzig", "Dutzend",
    ];
    sentence
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '„' | '“' | '”' | '«' | '»' | '"'))
        || NUMBER_WORDS.iter().any(|w| sentence.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::single_range_in_vec_init)]
    fn one(range: Range<usize>) -> Vec<Range<usize>> {
        vec![range]
    }

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn blank_line_paragraphs_join_wrapped_lines() {
        let text = "Erste Zeile\nzweite Zeile\n\nZweiter Absatz\n";
        let paragraphs = paragraphs(text, ParagraphMode::Auto, &[], &[]);
        assert_eq!(
            texts(text, &paragraphs),
            ["Erste Zeile\nzweite Zeile", "Zweiter Absatz"]
        );
    }

    #[test]
    fn line_mode_and_exclusions() {
        let text = "Titel\nPost image\nErster Absatz.\r\nZweiter Absatz.\n";
        let paragraphs = paragraphs(text, ParagraphMode::Lines, &one(1..2), &[]);
        assert_eq!(texts(text, &paragraphs), ["Titel", "Erster Absatz.", "Zweiter Absatz."]);
    }

    #[test]
    fn cuts_remove_a_fused_date() {
        let text = " date 2024-11 Die Kämpfe dauern an.\n";
        let cut = text.find("date 2024-11").unwrap();
        let paragraphs = paragraphs(text, ParagraphMode::Lines, &[], &one(cut..cut + "date 2024-11".len()));
        assert_eq!(texts(text, &paragraphs), ["Die Kämpfe dauern an."]);
    }

    #[test]
    fn sentences_respect_ordinals_and_quotes() {
        let text = "Am 24. Februar 2022 begann es. „Wir kämpfen“, sagte er. Dann: Ruhe!";
        let sentences = sentences(text, 0..text.len());
        assert_eq!(
            texts(text, &sentences),
            [
                "Am 24. Februar 2022 begann es.",
                "„Wir kämpfen“, sagte er.",
                "Dann: Ruhe!"
            ]
        );
    }

    #[test]
    fn sentences_know_abbreviations_dates_and_fused_sentences() {
        let text = "Die U.S. Army und Dr. Müller, z. B. Nr. 5 bzw. Kursk, am 4. November. Donald J. Trump sprach. Es endet werden.Für alle.";
        let sentences = sentences(text, 0..text.len());
        assert_eq!(
            texts(text, &sentences),
            [
                "Die U.S. Army und Dr. Müller, z. B. Nr. 5 bzw. Kursk, am 4. November.",
                "Donald J. Trump sprach.",
                "Es endet werden.",
                "Für alle."
            ]
        );
        let english = "The U.S. said 500 troops. Mr. Smith agreed.";
        assert_eq!(
            texts(english, &super::sentences(english, 0..english.len())),
            ["The U.S. said 500 troops.", "Mr. Smith agreed."]
        );
    }

    #[test]
    fn figures_and_quotations_need_claims() {
        assert!(needs_claim("He said \"we won\" today."), "ASCII quotes count");
        assert!(needs_claim("Es sind 11.000 Soldaten."));
        assert!(needs_claim("Er sprach von „Befreiung“."));
        assert!(needs_claim("Tausend Tage lang."));
        assert!(!needs_claim("Die Lage bleibt unklar."));
    }
}
