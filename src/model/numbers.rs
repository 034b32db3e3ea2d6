//! Reading the numbers of a quote the way its article writes them, so a figure can be checked
//! against its quote (see [`super::lint`]).
//!
//! Digits are read with the separators of the source's `language`: German (and the other
//! languages that write a decimal comma) groups thousands with `.`, spaces or apostrophes and
//! writes decimals with `,` (`1.523` = 1523, `700 000` = 700000, `1,3` = 1.3); English groups
//! with `,` or spaces and writes decimals with `.` (`1,523` = 1523, `1.3` = 1.3). For a language
//! of neither kind, digits with one separator are read both ways. A thousands group must have
//! exactly three digits, so dates like `24.02.2022` stay three numbers. A scale word after the
//! digits multiplies them (`1,3 Millionen`, `2,5 Mrd.`, `1.3 million`, `10k`); German and English
//! number words are read too (`zwei`, `zwölf`, `dreihundert`, `Dutzend`, `two hundred`, `a
//! dozen`). Plural words of vague size (`Tausende`, `dozens`) are not numbers: they are a
//! figure's `wording`.

use std::ops::Range;

/// How an article writes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberStyle {
    /// Which mark separates decimals.
    decimal: DecimalMark,
    /// Which language's number words and scale words are read.
    words: Words,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DecimalMark {
    /// `1.523,5`
    Comma,
    /// `1,523.5`
    Point,
    /// Not known: read both ways.
    Either,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Words {
    German,
    English,
    None,
}

/// Languages (primary subtags) that write a decimal comma.
const DECIMAL_COMMA: &[&str] = &[
    "de", "fr", "es", "it", "nl", "pt", "pl", "ru", "uk", "be", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "ro", "hu",
    "sv", "da", "nb", "nn", "no", "fi", "et", "lv", "lt", "el", "tr", "id", "vi", "ka", "az", "kk", "ca", "gl", "eu",
    "is", "lb", "rm",
];

/// Languages (primary subtags) that write a decimal point.
const DECIMAL_POINT: &[&str] = &[
    "en", "zh", "ja", "ko", "he", "th", "hi", "ga", "mt", "cy", "ms", "tl", "ur", "bn", "ta", "ar", "fa",
];

impl NumberStyle {
    /// The style of a BCP 47 language tag (`de`, `de-AT`, `en-GB`, ...), by its primary language.
    pub fn for_language(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let decimal = if DECIMAL_COMMA.contains(&primary.as_str()) {
            DecimalMark::Comma
        } else if DECIMAL_POINT.contains(&primary.as_str()) {
            DecimalMark::Point
        } else {
            DecimalMark::Either
        };
        let words = match primary.as_str() {
            "de" => Words::German,
            "en" => Words::English,
            _ => Words::None,
        };
        Self { decimal, words }
    }

    /// How the style reads digits, for messages.
    pub fn describe(self, language: crate::diagnostic::Language) -> &'static str {
        match self.decimal {
            DecimalMark::Comma => language.pick(
                "a dot groups thousands, a comma marks decimals",
                "ein Punkt gliedert Tausender, ein Komma trennt Dezimalstellen",
            ),
            DecimalMark::Point => language.pick(
                "a comma groups thousands, a point marks decimals",
                "ein Komma gliedert Tausender, ein Punkt trennt Dezimalstellen",
            ),
            DecimalMark::Either => language.pick(
                "a dot or a comma may group thousands or mark decimals",
                "Punkt und Komma können Tausender gliedern oder Dezimalstellen trennen",
            ),
        }
    }

    /// True when the style reads `.` as a thousands separator (German and its like).
    pub fn groups_with_point(self) -> bool {
        self.decimal == DecimalMark::Comma
    }
}

/// A number as a quote writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenNumber {
    /// The words as written, e.g. `1,3 Millionen` or `zwei`.
    pub written: String,
    /// Where in the text (byte range).
    pub span: Range<usize>,
    /// What it means, e.g. 1300000.
    pub value: f64,
    /// The number before its scale word (1.3 for `1,3 Millionen`), when there is one: a figure
    /// whose unit carries the scale (`Mio. Soldaten`) is written so.
    pub unscaled: Option<f64>,
    /// An indefinite article that may mean one (`eines Tages`, `a day`): it matches a figure
    /// of 1 but is not listed as a number of the quote.
    pub article: bool,
}

impl WrittenNumber {
    /// Whether `figure` is this number (or its unscaled part); a sign is the annotator's
    /// (`minus 5 Prozent`, `−5 %`).
    pub fn matches(&self, figure: f64) -> bool {
        let figure = figure.abs();
        same(self.value, figure) || self.unscaled.is_some_and(|u| same(u, figure))
    }

    /// `1.523 (= 1523)`, or just `1523` when the text is already the plain value.
    pub fn describe(&self) -> String {
        let plain = plain(self.value);
        if self.written == plain {
            plain
        } else {
            format!("{} (= {plain})", self.written)
        }
    }
}

/// Two figures are equal up to rounding in the last bits. A number too large for `f64` (a quote
/// may write 400 digits, or `hundred` 200 times) is infinite and equal to nothing, else its
/// tolerance, infinite too, would let it match every figure.
pub fn same(a: f64, b: f64) -> bool {
    a.is_finite() && b.is_finite() && (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A figure as it is written in YAML: `1523`, `1.3`, `1300000`.
pub fn plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Every number in `text`, in text order, read in `style`.
pub fn read(text: &str, style: NumberStyle) -> Vec<WrittenNumber> {
    let mut found = Vec::new();
    let marks: &[DecimalMark] = match style.decimal {
        DecimalMark::Either => &[DecimalMark::Comma, DecimalMark::Point],
        DecimalMark::Comma => &[DecimalMark::Comma],
        DecimalMark::Point => &[DecimalMark::Point],
    };
    for &mark in marks {
        digits(text, mark, style.words, &mut found);
    }
    words(text, style.words, &mut found);
    found.sort_by_key(|a| (a.span.start, a.span.end));
    found.dedup_by(|a, b| a.span == b.span && same(a.value, b.value));
    found
}

/// Characters that group thousands in some style (besides `.` and `,`).
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// Numbers written with digits.
fn digits(text: &str, mark: DecimalMark, words: Words, found: &mut Vec<WrittenNumber>) {
    let (decimal, group) = match mark {
        DecimalMark::Point => ('.', ','),
        _ => (',', '.'),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_digit()) {
            at += 1;
            continue;
        }
        let (end, value) = one_number(text, at, decimal, group);
        let (end, value, unscaled) = match scale_after(text, end, words) {
            Some((scale_end, factor)) => (scale_end, value * factor, Some(value)),
            None => (end, value, None),
        };
        let end = percent_after(text, end).unwrap_or(end);
        found.push(WrittenNumber {
            written: text[at..end].to_owned(),
            span: at..end,
            value,
            unscaled,
            article: false,
        });
        at = end.max(at + 1);
    }
}

/// The longest number starting at `start` (a digit): its end and value.
fn one_number(text: &str, start: usize, decimal: char, group: char) -> (usize, f64) {
    let run = |from: usize| -> usize { from + text[from..].bytes().take_while(u8::is_ascii_digit).count() };
    let first_end = run(start);
    let mut integer: String = text[start..first_end].to_owned();
    let mut end = first_end;
    // Thousands groups: one separator kind, exactly three digits each, after at most three.
    let mut separator: Option<char> = None;
    if first_end - start <= 3 {
        while let Some(c) = text[end..].chars().next() {
            let is_group = c == group || is_space_group(c);
            if !is_group || separator.is_some_and(|s| s != c) {
                break;
            }
            let digits_start = end + c.len_utf8();
            let digits_end = run(digits_start);
            let next_is_digit = text[digits_end..].starts_with(|d: char| d.is_ascii_digit());
            if digits_end - digits_start != 3 || next_is_digit {
                break;
            }
            separator = Some(c);
            integer.push_str(&text[digits_start..digits_end]);
            end = digits_end;
        }
    }
    // Decimals.
    let mut number = integer;
    if text[end..].starts_with(decimal) {
        let digits_start = end + decimal.len_utf8();
        let digits_end = run(digits_start);
        if digits_end > digits_start {
            number.push('.');
            number.push_str(&text[digits_start..digits_end]);
            end = digits_end;
        }
    }
    (end, number.parse().unwrap_or(0.0))
}

/// Scale words: (word, factor), matched case-insensitively as whole words.
const GERMAN_SCALES: &[(&str, f64)] = &[
    ("tausend", 1e3),
    ("tsd.", 1e3),
    ("tsd", 1e3),
    ("millionen", 1e6),
    ("million", 1e6),
    ("mio.", 1e6),
    ("mio", 1e6),
    ("milliarden", 1e9),
    ("milliarde", 1e9),
    ("mrd.", 1e9),
    ("mrd", 1e9),
    ("billionen", 1e12),
    ("billion", 1e12),
    ("dutzend", 12.0),
];

const ENGLISH_SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("millions", 1e6),
    ("million", 1e6),
    ("mn", 1e6),
    ("billions", 1e9),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("dozen", 12.0),
];

/// Scales written straight after the digits, with no space: `10k`, `£2m`, `$3bn`.
const ENGLISH_SUFFIXES: &[(&str, f64)] = &[("k", 1e3), ("m", 1e6), ("bn", 1e9)];

fn scales(words: Words) -> &'static [(&'static str, f64)] {
    match words {
        Words::German => GERMAN_SCALES,
        Words::English => ENGLISH_SCALES,
        Words::None => &[],
    }
}

/// A scale word after `end` (after spaces): where it ends and its factor.
fn scale_after(text: &str, end: usize, words: Words) -> Option<(usize, f64)> {
    let rest = &text[end..];
    if words == Words::English {
        for &(suffix, factor) in ENGLISH_SUFFIXES {
            if let Some(after) = word_prefix(rest, suffix) {
                return Some((end + after, factor));
            }
        }
    }
    let spaces = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace()).len();
    if spaces == 0 {
        return None;
    }
    let rest = &rest[spaces..];
    scales(words)
        .iter()
        .find_map(|&(word, factor)| word_prefix(rest, word).map(|after| (end + spaces + after, factor)))
}

/// If `text` starts with `word` (ASCII case-insensitive) as a whole word, its length.
fn word_prefix(text: &str, word: &str) -> Option<usize> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let whole = word.ends_with('.') || !text[word.len()..].starts_with(|c: char| c.is_alphanumeric());
    whole.then_some(word.len())
}

/// `%`, `Prozent`, `percent` or `per cent` after `end`: where it ends.
fn percent_after(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let spaces = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace()).len();
    let rest = &rest[spaces..];
    if rest.starts_with('%') {
        return Some(end + spaces + 1);
    }
    if spaces == 0 {
        return None;
    }
    ["prozent", "percent", "per cent"]
        .iter()
        .find_map(|word| word_prefix(rest, word).map(|after| end + spaces + after))
}

/// A word of the text: its byte range and lower-case form.
struct Word {
    span: Range<usize>,
    lower: String,
}

/// The words of `text`: runs of letters (a hyphen ends a word: `twenty-one` is two).
fn split_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_alphabetic()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Word {
                    span: s..i,
                    lower: text[s..i].to_lowercase(),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Numbers written as words, with a following scale word.
fn words(text: &str, words: Words, found: &mut Vec<WrittenNumber>) {
    match words {
        Words::German => german_words(text, found),
        Words::English => english_words(text, found),
        Words::None => {}
    }
}

fn german_words(text: &str, found: &mut Vec<WrittenNumber>) {
    let list = split_words(text);
    let mut i = 0;
    while i < list.len() {
        let word = &list[i].lower;
        let next_scale = list
            .get(i + 1)
            .filter(|next| text[list[i].span.end..next.span.start].trim().is_empty())
            .and_then(|next| german_scale_word(&next.lower));
        let article = GERMAN_ARTICLES.contains(&word.as_str());
        let value = match german_number_word(word) {
            Some(value) => Some(value),
            None if article => Some(1.0),
            None => None,
        };
        let Some(mut value) = value else {
            i += 1;
            continue;
        };
        let start = list[i].span.start;
        let mut end = list[i].span.end;
        let mut unscaled = None;
        if let Some(factor) = next_scale {
            unscaled = Some(value);
            value *= factor;
            end = list[i + 1].span.end;
            i += 1;
        }
        let end = percent_after(text, end).unwrap_or(end);
        found.push(WrittenNumber {
            written: text[start..end].to_owned(),
            span: start..end,
            value,
            unscaled,
            // "eine Million" is a number; "eines Tages" only may mean one.
            article: article && unscaled.is_none(),
        });
        i += 1;
    }
}

const GERMAN_ARTICLES: &[&str] = &["ein", "eine", "einen", "einem", "einer", "eines"];

/// Words for a vague number: the `wording` of a figure, never a number.
const VAGUE: &[&str] = &[
    "dutzende",
    "hunderte",
    "tausende",
    "zehntausende",
    "hunderttausende",
    "millionen",
    "milliarden",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
];

/// The words of `text` that name a vague number (`Tausende`, `Millionen` with no number before
/// it, `thousands`), as written.
pub fn vague_words(text: &str, style: NumberStyle) -> Vec<&str> {
    let numbers = read(text, style);
    split_words(text)
        .into_iter()
        .filter(|w| VAGUE.contains(&w.lower.as_str()))
        .filter(|w| {
            !numbers
                .iter()
                .any(|n| n.span.start <= w.span.start && w.span.end <= n.span.end)
        })
        .map(|w| &text[w.span])
        .collect()
}

fn german_scale_word(word: &str) -> Option<f64> {
    match word {
        "million" | "millionen" => Some(1e6),
        "milliarde" | "milliarden" => Some(1e9),
        "billion" | "billionen" => Some(1e12),
        "dutzend" => Some(12.0),
        _ => None,
    }
}

const GERMAN_UNITS: &[(&str, u64)] = &[
    ("eins", 1),
    ("ein", 1),
    ("zwei", 2),
    ("drei", 3),
    ("vier", 4),
    ("fünf", 5),
    ("sechs", 6),
    ("sieben", 7),
    ("acht", 8),
    ("neun", 9),
];

const GERMAN_BELOW_TWENTY: &[(&str, u64)] = &[
    ("zehn", 10),
    ("elf", 11),
    ("zwölf", 12),
    ("dreizehn", 13),
    ("vierzehn", 14),
    ("fünfzehn", 15),
    ("sechzehn", 16),
    ("siebzehn", 17),
    ("achtzehn", 18),
    ("neunzehn", 19),
];

const GERMAN_TENS: &[(&str, u64)] = &[
    ("zwanzig", 20),
    ("dreißig", 30),
    ("dreissig", 30),
    ("vierzig", 40),
    ("fünfzig", 50),
    ("sechzig", 60),
    ("siebzig", 70),
    ("achtzig", 80),
    ("neunzig", 90),
];

/// A German number word (`zwei`, `zwölf`, `einundzwanzig`, `dreihundert`, `zehntausend`,
/// `anderthalb`, `Dutzend`), lower-case. `ein` alone is an article, not a number.
fn german_number_word(word: &str) -> Option<f64> {
    match word {
        "ein" => None,
        "dutzend" => Some(12.0),
        "anderthalb" | "eineinhalb" => Some(1.5),
        _ => {
            if let Some(whole) = word.strip_suffix("einhalb") {
                let units = lookup(GERMAN_UNITS, whole).filter(|&u| u > 1)?;
                return Some(units as f64 + 0.5);
            }
            german_below_million(word).map(|n| n as f64)
        }
    }
}

fn lookup(table: &[(&str, u64)], word: &str) -> Option<u64> {
    table.iter().find(|(w, _)| *w == word).map(|&(_, n)| n)
}

fn german_below_million(word: &str) -> Option<u64> {
    match word.split_once("tausend") {
        Some((thousands, rest)) => {
            let thousands = if thousands.is_empty() {
                1
            } else {
                german_below_thousand(thousands)?
            };
            let rest = if rest.is_empty() {
                0
            } else {
                german_below_thousand(rest.strip_prefix("und").unwrap_or(rest))?
            };
            Some(thousands * 1000 + rest)
        }
        None => german_below_thousand(word),
    }
}

fn german_below_thousand(word: &str) -> Option<u64> {
    match word.split_once("hundert") {
        Some((hundreds, rest)) => {
            let hundreds = match hundreds {
                "" => 1,
                h => lookup(GERMAN_UNITS, h)?,
            };
            let rest = if rest.is_empty() {
                0
            } else {
                german_below_hundred(rest.strip_prefix("und").unwrap_or(rest))?
            };
            Some(hundreds * 100 + rest)
        }
        None => german_below_hundred(word),
    }
}

fn german_below_hundred(word: &str) -> Option<u64> {
    if word == "null" {
        return Some(0);
    }
    if let Some(n) = lookup(GERMAN_UNITS, word)
        .or_else(|| lookup(GERMAN_BELOW_TWENTY, word))
        .or_else(|| lookup(GERMAN_TENS, word))
    {
        return Some(n);
    }
    let (units, tens) = word.split_once("und")?;
    let units = match units {
        "ein" => 1,
        u => lookup(GERMAN_UNITS, u)?,
    };
    Some(lookup(GERMAN_TENS, tens)? + units)
}

const ENGLISH_SMALL: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn english_multiplier(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(100.0),
        "dozen" => Some(12.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// English number words: runs like `two hundred thousand`, `twenty-one`, `a dozen`.
fn english_words(text: &str, found: &mut Vec<WrittenNumber>) {
    let list = split_words(text);
    let mut i = 0;
    while i < list.len() {
        let starts_with_article = matches!(list[i].lower.as_str(), "a" | "an")
            && list.get(i + 1).is_some_and(|w| english_multiplier(&w.lower).is_some());
        let first_is_number = lookup(ENGLISH_SMALL, &list[i].lower).is_some()
            || english_multiplier(&list[i].lower).is_some_and(|m| m < 1e3);
        if matches!(list[i].lower.as_str(), "a" | "an") && !starts_with_article {
            found.push(WrittenNumber {
                written: text[list[i].span.clone()].to_owned(),
                span: list[i].span.clone(),
                value: 1.0,
                unscaled: None,
                article: true,
            });
        }
        if !starts_with_article && !first_is_number {
            i += 1;
            continue;
        }
        let start = list[i].span.start;
        let mut end = list[i].span.end;
        let (mut total, mut current) = (0.0, 0.0);
        let mut j = i;
        if starts_with_article {
            current = 1.0;
            j += 1;
        }
        let mut last_scale: Option<f64> = None;
        while j < list.len() {
            let word = list[j].lower.as_str();
            if j > i
                && !text[list[j - 1].span.end..list[j].span.start]
                    .chars()
                    .all(|c| c == ' ' || c == '-')
            {
                break;
            }
            if let Some(n) = lookup(ENGLISH_SMALL, word) {
                current += n as f64;
            } else if let Some(m) = english_multiplier(word) {
                if m < 1e3 {
                    current = current.max(1.0) * m;
                } else {
                    last_scale = Some(current.max(1.0));
                    total += current.max(1.0) * m;
                    current = 0.0;
                }
            } else if word == "and"
                && list
                    .get(j + 1)
                    .is_some_and(|w| lookup(ENGLISH_SMALL, &w.lower).is_some())
            {
                // "one hundred and twenty"
            } else {
                break;
            }
            end = list[j].span.end;
            j += 1;
        }
        let value = total + current;
        // "two million" is 2 in a unit of millions, too.
        let unscaled = last_scale.filter(|_| current == 0.0 && total > 0.0);
        let end = percent_after(text, end).unwrap_or(end);
        found.push(WrittenNumber {
            written: text[start..end].to_owned(),
            span: start..end,
            value,
            unscaled,
            article: false,
        });
        i = j.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, language: &str) -> Vec<f64> {
        read(text, NumberStyle::for_language(language))
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    fn written(text: &str, language: &str) -> Vec<String> {
        read(text, NumberStyle::for_language(language))
            .into_iter()
            .map(|n| n.written)
            .collect()
    }

    #[test]
    fn numbers_too_large_for_f64_match_no_figure() {
        let digits = format!("1{} Soldaten", "0".repeat(400));
        let hundreds = format!("two{} soldiers", " hundred".repeat(200));
        for (text, language) in [
            (digits.as_str(), "de"),
            (digits.as_str(), "en"),
            (hundreds.as_str(), "en"),
        ] {
            let found = read(text, NumberStyle::for_language(language));
            assert!(!found.is_empty(), "{language}: {found:?}");
            for figure in [0.0, 1.0, 5.0, 1e300, f64::MAX] {
                assert!(
                    !found.iter().any(|n| n.matches(figure)),
                    "{language}: {figure} matched {found:?}"
                );
            }
        }
        assert!(same(1e300, 1e300) && !same(f64::INFINITY, f64::INFINITY));
    }

    #[test]
    fn german_digits_group_thousands_with_points_and_spaces() {
        assert_eq!(values("1.523 Mann", "de"), [1523.0]);
        assert_eq!(values("mit knapp 11.000 Soldaten", "de"), [11000.0]);
        assert_eq!(values("fast 700 000 Soldaten", "de"), [700000.0]);
        assert_eq!(values("fast 700\u{a0}000 Soldaten", "de"), [700000.0]);
        assert_eq!(values("fast 700\u{202f}000 Soldaten", "de"), [700000.0]);
        assert_eq!(values("20.000.000 Schuss", "de"), [20_000_000.0]);
        assert_eq!(values("1.000,5 km", "de-AT"), [1000.5]);
        assert_eq!(values("1’000 Franken", "de-CH"), [1000.0]);
    }

    #[test]
    fn german_decimals_take_a_comma() {
        assert_eq!(values("1,523", "de"), [1.523]);
        assert_eq!(values("0,5 Prozent", "de"), [0.5]);
        assert_eq!(written("0,5 Prozent", "de"), ["0,5 Prozent"]);
    }

    #[test]
    fn german_scale_words_multiply() {
        let found = read("1,3 Millionen Soldaten", NumberStyle::for_language("de"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, 1_300_000.0);
        assert_eq!(found[0].unscaled, Some(1.3));
        assert_eq!(found[0].written, "1,3 Millionen");
        assert!(found[0].matches(1_300_000.0) && found[0].matches(1.3) && found[0].matches(-1.3));
        assert!(!found[0].matches(1.4));
        assert_eq!(values("2,5 Mrd. Euro", "de"), [2.5e9]);
        assert_eq!(values("3 Mio. Menschen", "de"), [3e6]);
        assert_eq!(values("5 Tsd. Mann", "de"), [5000.0]);
    }

    #[test]
    fn german_percentages_count() {
        assert_eq!(written("20 Prozent der Truppen", "de"), ["20 Prozent"]);
        assert_eq!(values("20 Prozent der Truppen", "de"), [20.0]);
        assert_eq!(written("um 20 % gestiegen", "de"), ["20 %"]);
        assert_eq!(written("um 20% gestiegen", "de"), ["20%"]);
    }

    #[test]
    fn numbers_inside_compounds_and_dates() {
        assert_eq!(values("ihre 1000-Tage-Marke überschritten", "de"), [1000.0]);
        assert_eq!(values("am 24.02.2022", "de"), [24.0, 2.0, 2022.0]);
        assert_eq!(values("bis zu 10.000–12.000 Mann", "de"), [10000.0, 12000.0]);
        assert_eq!(values("Satzende bei 11.000.", "de"), [11000.0]);
        assert_eq!(values("im Jahr 2023 200 Soldaten", "de"), [2023.0, 200.0]);
    }

    #[test]
    fn german_number_words() {
        assert_eq!(values("zwei Brigaden", "de"), [2.0]);
        assert_eq!(values("Drei Soldaten", "de"), [3.0]);
        assert_eq!(values("zehn Tage", "de"), [10.0]);
        assert_eq!(values("zwölf Raketen", "de"), [12.0]);
        assert_eq!(values("hundert Panzer", "de"), [100.0]);
        assert_eq!(values("tausend Mann", "de"), [1000.0]);
        assert_eq!(values("dreihundert Mann", "de"), [300.0]);
        assert_eq!(values("zehntausend Mann", "de"), [10000.0]);
        assert_eq!(values("zweihunderttausend Mann", "de"), [200_000.0]);
        assert_eq!(values("einundzwanzig Tage", "de"), [21.0]);
        assert_eq!(values("ein Dutzend Generäle", "de"), [12.0]);
        assert_eq!(values("zwei Dutzend Generäle", "de"), [24.0]);
        assert_eq!(values("Dutzend", "de"), [12.0]);
        assert_eq!(values("zwei Millionen Schuss", "de"), [2e6]);
        assert_eq!(values("eine Million Schuss", "de"), [1e6]);
        assert_eq!(values("anderthalb Millionen", "de"), [1.5e6]);
    }

    #[test]
    fn vague_german_words_and_articles_are_not_numbers() {
        assert!(values("Tausende Soldaten", "de").is_empty());
        assert!(values("Hunderttausende von Munitionsstücken", "de").is_empty());
        assert!(values("Dutzende Verletzte", "de").is_empty());
        assert!(values("Millionen Schuss Munition", "de").is_empty());
        assert!(values("der zweite Tag", "de").is_empty());
        let style = NumberStyle::for_language("de");
        assert_eq!(
            vague_words(
                "Hunderttausende von Munitionsstücken, 2 Millionen Schuss, Millionen",
                style
            ),
            ["Hunderttausende", "Millionen"]
        );
        assert_eq!(
            vague_words("thousands of troops", NumberStyle::for_language("en")),
            ["thousands"]
        );
    }

    #[test]
    fn english_digits_group_thousands_with_commas() {
        assert_eq!(values("1,523 men", "en"), [1523.0]);
        assert_eq!(values("some 11,000 troops", "en"), [11000.0]);
        assert_eq!(values("1,000,000 shells", "en-GB"), [1e6]);
        assert_eq!(values("1.523 km", "en"), [1.523]);
        assert_eq!(values("700 000 troops", "en"), [700000.0]);
        assert_eq!(values("1,000.5", "en"), [1000.5]);
    }

    #[test]
    fn english_scales_and_percentages() {
        assert_eq!(values("1.3 million soldiers", "en"), [1.3e6]);
        assert_eq!(written("1.3 million soldiers", "en"), ["1.3 million"]);
        assert_eq!(values("$2.5bn in aid", "en"), [2.5e9]);
        assert_eq!(values("10k drones", "en"), [10000.0]);
        assert_eq!(values("10 km away", "en"), [10.0]);
        assert_eq!(written("20 percent of", "en"), ["20 percent"]);
        assert_eq!(written("20 per cent of", "en"), ["20 per cent"]);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(values("two brigades", "en"), [2.0]);
        assert_eq!(values("Three soldiers", "en"), [3.0]);
        assert_eq!(values("ten days", "en"), [10.0]);
        assert_eq!(values("a dozen generals", "en"), [12.0]);
        assert_eq!(values("two dozen generals", "en"), [24.0]);
        assert_eq!(values("a hundred tanks", "en"), [100.0]);
        assert_eq!(values("two hundred thousand men", "en"), [200_000.0]);
        assert_eq!(values("twenty-one days", "en"), [21.0]);
        assert_eq!(values("one hundred and twenty tanks", "en"), [120.0]);
        assert_eq!(values("two million shells", "en"), [2e6]);
        assert!(values("dozens of soldiers, thousands of shells", "en").is_empty());
    }

    #[test]
    fn articles_may_mean_one() {
        for (text, language) in [("binnen eines Tages", "de"), ("within a day", "en")] {
            let found = read(text, NumberStyle::for_language(language));
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].article && found[0].matches(1.0), "{text}");
        }
        let found = read("eine Million", NumberStyle::for_language("de"));
        assert!(!found[0].article);
    }

    #[test]
    fn unknown_languages_read_both_ways() {
        assert_eq!(values("1.523", "xx"), [1523.0, 1.523]);
        assert_eq!(values("1.523", "fr"), [1523.0]);
        assert_eq!(values("1,5", "fr"), [1.5]);
    }

    #[test]
    fn descriptions_show_the_reading() {
        let found = read("1.523", NumberStyle::for_language("de"));
        assert_eq!(found[0].describe(), "1.523 (= 1523)");
        let found = read("1523", NumberStyle::for_language("de"));
        assert_eq!(found[0].describe(), "1523");
        assert_eq!(plain(1.523), "1.523");
        assert_eq!(plain(1_300_000.0), "1300000");
    }
}
