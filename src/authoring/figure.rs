//! The figure of a new claim, read from its quote: the number (or range) the quote writes,
//! read as its article's language writes numbers ([`crate::model::numbers`]), and the
//! qualifier its words give it ("bis zu" → `up-to`, "knapp" → `just-under`).

use crate::load::schema::Qualifier;
use crate::model::numbers::{self, NumberStyle, WrittenNumber};

/// A figure read from a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// A single value, or the ends of a range.
    pub value: FigureValue,
    /// What the words before the number say about it; `None` for a plain number.
    pub qualifier: Option<Qualifier>,
    /// The numbers as written, for the annotator (`"bis zu 12.000"`).
    pub written: String,
    /// Further numbers of the quote that are not part of the figure.
    pub others: Vec<String>,
}

/// The number or range of a [`Figure`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureValue {
    /// One number.
    Single(f64),
    /// `min`–`max`.
    Range(f64, f64),
}

/// Words before a number and the qualifier they mean, longest first within a language so
/// "weniger als" wins over "als". Matched case-insensitively at the end of the text before
/// the number.
const QUALIFIER_WORDS: &[(&str, Qualifier)] = &[
    ("bis zu", Qualifier::UpTo),
    ("up to", Qualifier::UpTo),
    ("maximal", Qualifier::UpTo),
    ("höchstens", Qualifier::UpTo),
    ("at most", Qualifier::UpTo),
    ("mehr als", Qualifier::MoreThan),
    ("über", Qualifier::MoreThan),
    ("more than", Qualifier::MoreThan),
    ("over", Qualifier::MoreThan),
    ("mindestens", Qualifier::AtLeast),
    ("wenigstens", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("weniger als", Qualifier::LessThan),
    ("unter", Qualifier::LessThan),
    ("less than", Qualifier::LessThan),
    ("fewer than", Qualifier::LessThan),
    ("knapp", Qualifier::JustUnder),
    ("fast", Qualifier::JustUnder),
    ("beinahe", Qualifier::JustUnder),
    ("nahezu", Qualifier::JustUnder),
    ("just under", Qualifier::JustUnder),
    ("almost", Qualifier::JustUnder),
    ("nearly", Qualifier::JustUnder),
    ("rund", Qualifier::About),
    ("etwa", Qualifier::About),
    ("ungefähr", Qualifier::About),
    ("circa", Qualifier::About),
    ("ca.", Qualifier::About),
    ("zirka", Qualifier::About),
    ("schätzungsweise", Qualifier::About),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("roughly", Qualifier::About),
    ("approximately", Qualifier::About),
    ("an estimated", Qualifier::About),
    ("some", Qualifier::About),
    ("genau", Qualifier::Exactly),
    ("exakt", Qualifier::Exactly),
    ("exactly", Qualifier::Exactly),
    ("precisely", Qualifier::Exactly),
];

/// Words between two numbers that make them a range (`10.000 bis 12.000`, `between 10,000
/// and 12,000`); `and`/`und` only after `between`/`zwischen`.
const RANGE_WORDS: &[&str] = &["bis", "-", "–", "to"];
const BETWEEN: &[(&str, &str)] = &[("zwischen", "und"), ("between", "and")];

/// The figure `quote` writes in `language`, if it writes one. Years (`2024`) and days of a
/// date (`4. November`) are not figures.
pub fn read_figure(quote: &str, language: &str) -> Option<Figure> {
    let style = NumberStyle::for_language(language);
    let numbers: Vec<WrittenNumber> = numbers::read(quote, style)
        .into_iter()
        .filter(|n| !n.article && !is_date_part(quote, n))
        .collect();
    let first = numbers.first()?;
    let before = &quote[..first.span.start];
    let qualifier = qualifier_before(before);
    let (value, used, written_end) = match numbers.get(1) {
        Some(second) if is_range(before, &quote[first.span.end..second.span.start]) => (
            FigureValue::Range(first.value.min(second.value), first.value.max(second.value)),
            2,
            second.span.end,
        ),
        _ => (FigureValue::Single(first.value), 1, first.span.end),
    };
    let written_start = qualifier_start(before).unwrap_or(first.span.start);
    Some(Figure {
        value,
        qualifier: if used == 2 { None } else { qualifier },
        written: quote[written_start..written_end].trim().to_owned(),
        others: numbers[used..].iter().map(|n| n.written.clone()).collect(),
    })
}

/// The qualifier whose words end `before` (case-insensitive, at a word boundary).
fn qualifier_before(before: &str) -> Option<Qualifier> {
    qualifier_match(before).map(|(_, qualifier)| qualifier)
}

/// Where the qualifier words before a number start.
fn qualifier_start(before: &str) -> Option<usize> {
    qualifier_match(before).map(|(start, _)| start)
}

fn qualifier_match(before: &str) -> Option<(usize, Qualifier)> {
    let trimmed = before.trim_end();
    let lowered = trimmed.to_lowercase();
    // Lower-casing keeps byte lengths for the words matched here only when they are ASCII or
    // German letters, so positions are taken from the trimmed text's char count instead.
    QUALIFIER_WORDS.iter().find_map(|(words, qualifier)| {
        let start = lowered.strip_suffix(words).map(str::len)?;
        let boundary = lowered[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let chars_before = lowered[..start].chars().count();
        let byte_start = trimmed
            .char_indices()
            .nth(chars_before)
            .map_or(trimmed.len(), |(b, _)| b);
        boundary.then_some((byte_start, *qualifier))
    })
}

/// Whether the words `between` two numbers (and those `before` the first) make them a range.
fn is_range(before: &str, between: &str) -> bool {
    let between = between.trim().to_lowercase();
    if RANGE_WORDS.contains(&between.as_str()) {
        return true;
    }
    let before = before.trim_end().to_lowercase();
    BETWEEN
        .iter()
        .any(|(opening, joining)| between == *joining && before.ends_with(opening))
}

/// A year written as four plain digits, or the day of a date (`4. November`, `November 4`).
fn is_date_part(quote: &str, number: &WrittenNumber) -> bool {
    let plain_year = number.written.len() == 4
        && number.written.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..=2100.0).contains(&number.value);
    if plain_year {
        return true;
    }
    let after = quote[number.span.end..]
        .trim_start_matches('.')
        .trim_start()
        .to_lowercase();
    let before = quote[..number.span.start].trim_end().to_lowercase();
    let is_month = |word: &str| {
        use crate::model::date::{ENGLISH_MONTHS, GERMAN_MONTHS};
        GERMAN_MONTHS
            .iter()
            .chain(&ENGLISH_MONTHS)
            .any(|m| word.starts_with(&m.to_lowercase()))
    };
    number.value < 32.0
        && (is_month(&after)
            || before
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| !w.is_empty() && is_month(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(quote: &str, language: &str) -> Option<(FigureValue, Option<Qualifier>, String)> {
        read_figure(quote, language).map(|f| (f.value, f.qualifier, f.written))
    }

    #[test]
    fn german_figures_with_their_qualifiers() {
        assert_eq!(
            figure("und eine Gesamtzahl von bis zu 12.000 Soldaten", "de"),
            Some((
                FigureValue::Single(12000.0),
                Some(Qualifier::UpTo),
                "bis zu 12.000".to_owned()
            ))
        );
        assert_eq!(
            figure("bereits mit knapp 11.000 Soldaten", "de").map(|f| f.1),
            Some(Some(Qualifier::JustUnder))
        );
        assert_eq!(
            figure("von über 600.000 russischen Verlusten", "de").map(|f| (f.0, f.1)),
            Some((FigureValue::Single(600000.0), Some(Qualifier::MoreThan)))
        );
        assert_eq!(
            figure("laut Putin 1,6 Millionen Mann stark", "de").map(|f| (f.0, f.1)),
            Some((FigureValue::Single(1_600_000.0), None))
        );
        assert_eq!(
            figure("zwischen 10.000 und 12.000 Soldaten", "de").map(|f| f.0),
            Some(FigureValue::Range(10000.0, 12000.0))
        );
        assert_eq!(figure("Die Lage bleibt unklar.", "de"), None);
    }

    #[test]
    fn english_figures_and_dates_that_are_not_figures() {
        assert_eq!(
            figure("On November 4, 2024, more than 1,523 soldiers", "en").map(|f| (f.0, f.1)),
            Some((FigureValue::Single(1523.0), Some(Qualifier::MoreThan)))
        );
        assert_eq!(
            figure("Am 4. November 2024 waren es rund 500 Mann", "de").map(|f| (f.0, f.1)),
            Some((FigureValue::Single(500.0), Some(Qualifier::About)))
        );
        assert_eq!(
            figure("10,000 to 12,000 troops", "en").map(|f| f.0),
            Some(FigureValue::Range(10000.0, 12000.0))
        );
    }
}
