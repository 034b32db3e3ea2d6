//! Publication dates as news pages write them, in German and English: `18. November 2024`,
//! `18.11.2024`, `November 4, 2024 8:36 AM`, `Nov. 4, 2024`, `4 Nov 2024`, ISO 8601
//! (`2024-11-18`, `2024-11-18T08:31:00+01:00`) and, without a day, `November 2024`.
//!
//! [`find_date`] reads one line; which line of an article is its dateline is decided in
//! [`super::guess`].

use crate::model::PartialDate;

/// Month names and their usual abbreviations, German and English, lowercase.
const MONTHS: [(&str, u8); 38] = [
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("jan", 1),
    ("februar", 2),
    ("february", 2),
    ("feb", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("dez", 12),
    ("dec", 12),
];

/// A date written in `line`, the first one found, as precise as the line gives it; `None` when
/// the line holds none or only an impossible one (`31.02.2024`).
pub fn find_date(line: &str) -> Option<PartialDate> {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '(' | ')' | '/'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '.' | ':' | ';' | '–' | '-'))
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = numeric_date(word) {
            return Some(date);
        }
        let Some(month) = month_of(word) else { continue };
        if let Some(date) = named_month_date(&words, i, month) {
            return Some(date);
        }
    }
    None
}

/// `18.11.2024`, `2024-11-18`, `2024-11-18T08:31:00Z`, `2024-11`.
fn numeric_date(word: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = word.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let digits = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
        if digits(d, 2) && digits(m, 2) && y.len() == 4 && digits(y, 4) {
            return PartialDate::parse(&format!("{y}-{m:0>2}-{d:0>2}")).ok();
        }
        return None;
    }
    let bytes = word.as_bytes();
    if bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' {
        // ISO 8601: the date part, before a time (`T08:31`).
        let date = word.split(['t', ' ']).next().unwrap_or(word);
        return PartialDate::parse(date).ok();
    }
    None
}

/// The month a word names, if it does.
fn month_of(word: &str) -> Option<u8> {
    MONTHS.iter().find(|(name, _)| *name == word).map(|&(_, month)| month)
}

/// A date around the month name at `words[i]`: `18 November 2024` (day first), `November 4
/// 2024` (month first) or `November 2024`.
fn named_month_date(words: &[String], i: usize, month: u8) -> Option<PartialDate> {
    let day_at = |at: Option<usize>| {
        at.and_then(|at| words.get(at))
            .filter(|d| d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
    };
    let year_at = |at: usize| {
        words
            .get(at)
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    };
    let exact = |year: &str, day: &str| PartialDate::parse(&format!("{year}-{month:02}-{day:0>2}")).ok();
    if let (Some(day), Some(year)) = (day_at(i.checked_sub(1)), year_at(i + 1)) {
        return exact(year, day);
    }
    if let (Some(day), Some(year)) = (day_at(Some(i + 1)), year_at(i + 2)) {
        return exact(year, day);
    }
    let year = year_at(i + 1)?;
    PartialDate::parse(&format!("{year}-{month:02}")).ok()
}

#[cfg(test)]
mod tests {
    use super::find_date;

    fn date(line: &str) -> Option<String> {
        find_date(line).map(|d| d.iso())
    }

    #[test]
    fn german_forms() {
        assert_eq!(date("18. November 2024").as_deref(), Some("2024-11-18"));
        assert_eq!(date("Stand: 18.11.2024, 08:31 Uhr").as_deref(), Some("2024-11-18"));
        assert_eq!(date("Veröffentlicht am 4. Nov. 2024").as_deref(), Some("2024-11-04"));
        assert_eq!(date("3. März 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(date("26. November, 2024").as_deref(), Some("2024-11-26"));
        assert_eq!(date("1.2.2024").as_deref(), Some("2024-02-01"));
    }

    #[test]
    fn english_forms() {
        assert_eq!(date("November 4, 2024 8:36 AM").as_deref(), Some("2024-11-04"));
        assert_eq!(date("Nov. 4, 2024").as_deref(), Some("2024-11-04"));
        assert_eq!(
            date("Updated Dec 12, 2024 at 10:15 a.m.").as_deref(),
            Some("2024-12-12")
        );
        assert_eq!(date("  • 04 November 2024").as_deref(), Some("2024-11-04"));
        assert_eq!(date("Monday, 18 November 2024").as_deref(), Some("2024-11-18"));
        assert_eq!(date("Published: September 30, 2024").as_deref(), Some("2024-09-30"));
    }

    #[test]
    fn iso_8601() {
        assert_eq!(date("2024-11-18").as_deref(), Some("2024-11-18"));
        assert_eq!(date("2024-11-18T08:31:00+01:00").as_deref(), Some("2024-11-18"));
        assert_eq!(date("date 2024-11").as_deref(), Some("2024-11"));
    }

    #[test]
    fn month_without_day_and_no_date() {
        assert_eq!(date("November 2024").as_deref(), Some("2024-11"));
        assert_eq!(date("Keine Zahl hier"), None);
        assert_eq!(date("May we say so"), None, "a month word alone is no date");
        assert_eq!(date("31.02.2024"), None, "impossible dates are not guessed");
        assert_eq!(date("Seite 1.2.3"), None);
    }
}
