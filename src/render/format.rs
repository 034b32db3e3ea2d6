//! Figures and dates formatted for the UI language: `1.300.000` or `1,3 Mio.` in German,
//! `1,300,000` or `1.3 million` in English; `18. November 2024` or `18 November 2024`.

use crate::load::schema::Qualifier;
use crate::model::{Language, PartialDate, Quantity};
use crate::render::i18n;

/// A number with the language's digit grouping and decimal mark, at most two decimals.
pub fn number(lang: Language, value: f64) -> String {
    let (group, decimal) = match lang {
        Language::De => ('.', ','),
        Language::En => (',', '.'),
    };
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let fraction = ((rounded - whole) * 100.0).round() as u64;
    let digits = format!("{whole:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if fraction > 0 {
        out.push(decimal);
        let fraction = format!("{fraction:02}");
        out.push_str(fraction.trim_end_matches('0'));
    }
    if negative && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// A compact figure: millions as `1,3 Mio.` / `1.3 million` when that loses nothing, else the
/// full number.
pub fn compact(lang: Language, value: f64) -> String {
    let millions = value / 1_000_000.0;
    let exact_to_tenth = ((millions * 10.0).round() - millions * 10.0).abs() < 1e-9;
    if value.abs() >= 1_000_000.0 && exact_to_tenth {
        let short = number(lang, (millions * 10.0).round() / 10.0);
        match lang {
            Language::De => format!("{short} Mio."),
            Language::En => format!("{short} million"),
        }
    } else {
        number(lang, value)
    }
}

/// The number part of a quantity: `11.000` or `10.000–12.000`.
pub fn quantity_number(lang: Language, quantity: &Quantity) -> String {
    if quantity.is_range {
        format!("{}–{}", compact(lang, quantity.low), compact(lang, quantity.high))
    } else {
        compact(lang, quantity.low)
    }
}

/// The whole figure: qualifier, number, unit: `etwa 11.000 Soldaten`.
pub fn quantity_text(lang: Language, quantity: &Quantity) -> String {
    let mut parts = Vec::new();
    let qualifier = i18n::qualifier_label(lang, quantity.qualifier);
    if !qualifier.is_empty() {
        parts.push(qualifier.to_owned());
    }
    parts.push(quantity_number(lang, quantity));
    if let Some(unit) = &quantity.unit {
        parts.push(unit.clone());
    }
    parts.join(" ")
}

/// The qualifier as text (empty for exact figures).
pub fn qualifier(lang: Language, qualifier: Qualifier) -> String {
    i18n::qualifier_label(lang, qualifier).to_owned()
}

/// A date as precise as known: `18. November 2024`, `November 2024`, `2024`.
pub fn date(lang: Language, date: &PartialDate) -> String {
    match (date.month, date.day) {
        (Some(month), Some(day)) => match lang {
            Language::De => format!("{day}. {} {}", i18n::month_name(lang, month), date.year),
            Language::En => format!("{day} {} {}", i18n::month_name(lang, month), date.year),
        },
        (Some(month), None) => format!("{} {}", i18n::month_name(lang, month), date.year),
        _ => date.year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers() {
        assert_eq!(number(Language::De, 1_300_000.0), "1.300.000");
        assert_eq!(number(Language::De, 11_000.0), "11.000");
        assert_eq!(number(Language::De, 1_000.0), "1.000");
        assert_eq!(number(Language::De, 120.0), "120");
        assert_eq!(number(Language::De, 2.5), "2,5");
        assert_eq!(number(Language::De, 0.0), "0");
        assert_eq!(compact(Language::De, 1_300_000.0), "1,3 Mio.");
        assert_eq!(compact(Language::De, 1_600_000.0), "1,6 Mio.");
        assert_eq!(compact(Language::De, 1_234_567.0), "1.234.567");
        assert_eq!(compact(Language::De, 500_000.0), "500.000");
    }

    #[test]
    fn english_numbers() {
        assert_eq!(number(Language::En, 1_300_000.0), "1,300,000");
        assert_eq!(number(Language::En, 2.25), "2.25");
        assert_eq!(compact(Language::En, 1_300_000.0), "1.3 million");
    }

    #[test]
    fn dates_by_precision() {
        let day = PartialDate::parse("2024-11-18").unwrap();
        assert_eq!(date(Language::De, &day), "18. November 2024");
        assert_eq!(date(Language::En, &day), "18 November 2024");
        assert_eq!(date(Language::De, &PartialDate::parse("2024-03").unwrap()), "März 2024");
        assert_eq!(date(Language::De, &PartialDate::parse("2024").unwrap()), "2024");
    }
}
