//! Figures formatted for a language: `1.300.000` or `1,3 Mio.` in German, `1,300,000` or
//! `1.3 million` in English, with the qualifier's words (`knapp 11.000 Soldaten`). The one
//! formatter of figures: pages, charts, exports (through `render::format`) and messages.

use crate::load::schema::Qualifier;
use crate::model::{Language, Quantity};

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

/// The unit in the number the figure needs: the singular for exactly 1 (when one is given),
/// else the unit as written.
pub fn unit(quantity: &Quantity) -> Option<&str> {
    let one = !quantity.is_range && quantity.low == 1.0;
    match (&quantity.unit, &quantity.unit_singular) {
        (Some(_), Some(singular)) if one => Some(singular),
        (Some(unit), _) => Some(unit),
        (None, _) => None,
    }
}

/// A claim's figure, the one way it is written everywhere (pages, charts, search, feed, data):
/// qualifier, number or range, unit in the right number: `knapp 11.000 Soldaten`, `bis zu 1 Tag`.
/// A vague quantity shows the source's words first and the dossier's reading after them:
/// `Tausende (gelesen als mindestens 2.000 Soldaten)`.
pub fn figure(lang: Language, quantity: &Quantity) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let qualifier = qualifier(lang, quantity.qualifier);
    if !qualifier.is_empty() {
        parts.push(&qualifier);
    }
    let number = quantity_number(lang, quantity);
    parts.push(&number);
    parts.extend(unit(quantity));
    let reported = parts.join(" ");
    match &quantity.wording {
        Some(words) => format!("{words} ({} {reported})", lang.pick("read as", "gelesen als")),
        None => reported,
    }
}

/// The qualifier as text; empty when the source gives none.
pub fn qualifier(lang: Language, qualifier: Option<Qualifier>) -> String {
    qualifier.map_or("", |q| qualifier_label(lang, q)).to_owned()
}

/// The qualifier written before a figure.
pub fn qualifier_label(lang: Language, qualifier: Qualifier) -> &'static str {
    match (lang, qualifier) {
        (Language::De, Qualifier::Exactly) => "genau",
        (Language::En, Qualifier::Exactly) => "exactly",
        (Language::De, Qualifier::About) => "etwa",
        (Language::De, Qualifier::JustUnder) => "knapp",
        (Language::En, Qualifier::JustUnder) => "just under",
        (Language::De, Qualifier::UpTo) => "bis zu",
        (Language::De, Qualifier::MoreThan) => "mehr als",
        (Language::De, Qualifier::AtLeast) => "mindestens",
        (Language::De, Qualifier::LessThan) => "weniger als",
        (Language::En, Qualifier::About) => "about",
        (Language::En, Qualifier::UpTo) => "up to",
        (Language::En, Qualifier::MoreThan) => "more than",
        (Language::En, Qualifier::AtLeast) => "at least",
        (Language::En, Qualifier::LessThan) => "less than",
    }
}
