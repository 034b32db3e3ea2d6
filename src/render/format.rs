//! Figures and dates formatted for the UI language: `1.300.000` or `1,3 Mio.` in German,
//! `1,300,000` or `1.3 million` in English; `18. November 2024` or `18 November 2024`.

use crate::model::{Language, PartialDate, Quantity};
use crate::render::i18n;

// The one figure formatter lives in the model, so that messages about figures write them as
// the pages do.
pub use crate::model::figure::{compact, figure, number, qualifier, quantity_number, unit};

/// How the content files spell a value of a schema enum (`same-origin`, `think-tank`,
/// `about`): the id exports and templates use.
pub fn schema_id<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What a range line says: one value, the spread of several, or (when the only figures are
/// readings of vague words) those figures listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    /// One distinct figure ("Wert").
    Value,
    /// Two or more distinct figures: the lowest and the highest ("Spanne").
    Spread,
    /// Only readings of vague words, listed as such ("Angaben").
    Readings,
}

/// The range line of a set of figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRange {
    /// Which label it takes.
    pub kind: RangeKind,
    /// The figures, each written by [`figure`].
    pub text: String,
}

impl FigureRange {
    /// The i18n key of the line's label (`Spanne`, `Wert`, `Angaben`).
    pub fn label_key(&self) -> i18n::Key {
        match self.kind {
            RangeKind::Value => i18n::ui_key!("range_value"),
            RangeKind::Spread => i18n::ui_key!("range"),
            RangeKind::Readings => i18n::ui_key!("range_readings"),
        }
    }
}

/// Range lines by their keys (see [`RangeMemo`]).
pub(crate) type RangeLines = Vec<(u64, Option<FigureRange>)>;

/// Range lines remembered between runs (the serve engine's), each by what it is made from:
/// the language and the figures, in order ([`format::range`](range) reads nothing else). A
/// topic's range line is made again only when one of its figures changed; the others are
/// taken as they were instead of writing every figure of 100,000 claims again.
#[derive(Debug, Default)]
pub struct RangeMemo {
    pub(super) by_figures: std::collections::HashMap<u64, Option<FigureRange>>,
}

impl RangeMemo {
    /// The range line of `quantities` in `lang` (as [`range`] makes it): remembered when the
    /// last run had a line of the same figures, else made. `seen` receives it by its key.
    pub(crate) fn range(&self, lang: Language, quantities: &[&Quantity], seen: &mut RangeLines) -> Option<FigureRange> {
        let Some(key) = crate::render::hash_value(&(lang, quantities)) else {
            return range(lang, quantities.iter().copied());
        };
        let line = match self.by_figures.get(&key) {
            Some(line) => line.clone(),
            None => range(lang, quantities.iter().copied()),
        };
        seen.push((key, line.clone()));
        line
    }

    /// Remembers exactly the lines `seen` (this run's), forgetting the others.
    pub(crate) fn keep_only(&mut self, seen: RangeLines) {
        self.by_figures = seen.into_iter().collect();
    }

    /// How many lines are remembered.
    pub fn len(&self) -> usize {
        self.by_figures.len()
    }

    /// Whether no line is remembered.
    pub fn is_empty(&self) -> bool {
        self.by_figures.is_empty()
    }
}

/// The range line of `quantities`: the lowest and the highest reported figure, each with its
/// qualifier and unit (`bis zu 70.000 Soldaten – 100.000 Soldaten`); a single figure when there is
/// only one. A reading of vague words ("Tausende") is never a range end: it is left out, and shown
/// with its words only when there is nothing else. `None` for no figures.
pub fn range<'a>(lang: Language, quantities: impl IntoIterator<Item = &'a Quantity>) -> Option<FigureRange> {
    let mut reported: Vec<&Quantity> = Vec::new();
    let mut readings: Vec<&Quantity> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for quantity in quantities {
        let text = figure(lang, quantity);
        if !seen.insert(text.clone()) {
            continue;
        }
        if quantity.wording.is_some() {
            readings.push(quantity);
        } else {
            reported.push(quantity);
        }
    }
    match reported.len() {
        0 if readings.is_empty() => None,
        0 => {
            readings.sort_by(|a, b| a.low.total_cmp(&b.low).then(a.high.total_cmp(&b.high)));
            let texts: Vec<String> = readings.iter().map(|q| figure(lang, q)).collect();
            Some(FigureRange {
                kind: if texts.len() == 1 {
                    RangeKind::Value
                } else {
                    RangeKind::Readings
                },
                text: texts.join(" / "),
            })
        }
        1 => Some(FigureRange {
            kind: RangeKind::Value,
            text: figure(lang, reported[0]),
        }),
        _ => {
            let lowest = reported
                .iter()
                .min_by(|a, b| a.low.total_cmp(&b.low).then(a.high.total_cmp(&b.high)))
                .copied()?;
            let highest = reported
                .iter()
                .max_by(|a, b| a.high.total_cmp(&b.high).then(a.low.total_cmp(&b.low)))
                .copied()?;
            let high_text = figure(lang, highest);
            let text = if std::ptr::eq(lowest, highest) || figure(lang, lowest) == high_text {
                high_text
            } else if lowest.qualifier.is_none() && unit(lowest) == unit(highest) {
                // "500.000 – 1,6 Mio. Soldaten": the unit once, where nothing can misread it.
                format!("{} – {high_text}", quantity_number(lang, lowest))
            } else {
                format!("{} – {high_text}", figure(lang, lowest))
            };
            Some(FigureRange {
                kind: RangeKind::Spread,
                text,
            })
        }
    }
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
    use crate::load::schema::Qualifier;

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

    fn quantity(low: f64, high: f64, qualifier: Option<Qualifier>, unit: &str) -> Quantity {
        Quantity {
            low,
            high,
            is_range: low != high,
            qualifier,
            wording: None,
            unit: (!unit.is_empty()).then(|| unit.to_owned()),
            unit_singular: None,
            measure: crate::model::MeasureId::new(0),
        }
    }

    fn days(value: f64, qualifier: Option<Qualifier>) -> Quantity {
        Quantity {
            unit_singular: Some("Tag".into()),
            ..quantity(value, value, qualifier, "Tage")
        }
    }

    #[test]
    fn every_qualifier_is_written_before_the_number_and_the_unit_after_it() {
        use Language::{De, En};
        let cases = [
            (None, "11.000 Soldaten", "11,000 soldiers"),
            (
                Some(Qualifier::Exactly),
                "genau 11.000 Soldaten",
                "exactly 11,000 soldiers",
            ),
            (Some(Qualifier::About), "etwa 11.000 Soldaten", "about 11,000 soldiers"),
            (
                Some(Qualifier::JustUnder),
                "knapp 11.000 Soldaten",
                "just under 11,000 soldiers",
            ),
            (Some(Qualifier::UpTo), "bis zu 11.000 Soldaten", "up to 11,000 soldiers"),
            (
                Some(Qualifier::MoreThan),
                "mehr als 11.000 Soldaten",
                "more than 11,000 soldiers",
            ),
            (
                Some(Qualifier::AtLeast),
                "mindestens 11.000 Soldaten",
                "at least 11,000 soldiers",
            ),
            (
                Some(Qualifier::LessThan),
                "weniger als 11.000 Soldaten",
                "less than 11,000 soldiers",
            ),
        ];
        for (qualifier, de, en) in cases {
            assert_eq!(figure(De, &quantity(11_000.0, 11_000.0, qualifier, "Soldaten")), de);
            assert_eq!(figure(En, &quantity(11_000.0, 11_000.0, qualifier, "soldiers")), en);
        }
        assert_eq!(
            figure(De, &quantity(20.0, 20.0, Some(Qualifier::UpTo), "%")),
            "bis zu 20 %"
        );
        assert_eq!(figure(De, &quantity(610.0, 610.0, None, "")), "610");
    }

    #[test]
    fn units_agree_in_number() {
        assert_eq!(figure(Language::De, &days(1.0, Some(Qualifier::UpTo))), "bis zu 1 Tag");
        assert_eq!(figure(Language::De, &days(1.0, None)), "1 Tag");
        assert_eq!(figure(Language::De, &days(2.0, None)), "2 Tage");
        assert_eq!(figure(Language::De, &days(1.5, None)), "1,5 Tage");
        assert_eq!(
            figure(Language::De, &days(1000.0, Some(Qualifier::MoreThan))),
            "mehr als 1.000 Tage"
        );
        let range = Quantity {
            unit_singular: Some("Tag".into()),
            ..quantity(1.0, 3.0, None, "Tage")
        };
        assert_eq!(figure(Language::De, &range), "1–3 Tage", "a range from 1 is plural");
        // Without a singular the unit stays as written.
        assert_eq!(figure(Language::De, &quantity(1.0, 1.0, None, "%")), "1 %");
        let english = Quantity {
            unit_singular: Some("day".into()),
            ..quantity(1.0, 1.0, Some(Qualifier::UpTo), "days")
        };
        assert_eq!(figure(Language::En, &english), "up to 1 day");
    }

    #[test]
    fn ranges_and_compact_millions() {
        let range = quantity(10_000.0, 12_000.0, Some(Qualifier::About), "Soldaten");
        assert_eq!(figure(Language::De, &range), "etwa 10.000–12.000 Soldaten");
        assert_eq!(figure(Language::En, &range), "about 10,000–12,000 Soldaten");
        let millions = quantity(1_300_000.0, 1_300_000.0, Some(Qualifier::JustUnder), "Soldaten");
        assert_eq!(figure(Language::De, &millions), "knapp 1,3 Mio. Soldaten");
        let english = quantity(1_300_000.0, 1_300_000.0, Some(Qualifier::JustUnder), "soldiers");
        assert_eq!(figure(Language::En, &english), "just under 1.3 million soldiers");
        let wide = quantity(500_000.0, 1_600_000.0, None, "Soldaten");
        assert_eq!(figure(Language::De, &wide), "500.000–1,6 Mio. Soldaten");
        let odd = quantity(1_234_567.0, 1_234_567.0, None, "");
        assert_eq!(
            figure(Language::De, &odd),
            "1.234.567",
            "millions only when nothing is lost"
        );
    }

    #[test]
    fn vague_words_come_first_and_the_number_is_their_reading() {
        let thousands = Quantity {
            wording: Some("Tausende".into()),
            ..quantity(2_000.0, 2_000.0, Some(Qualifier::AtLeast), "Soldaten")
        };
        assert_eq!(
            figure(Language::De, &thousands),
            "Tausende (gelesen als mindestens 2.000 Soldaten)"
        );
        let english = Quantity {
            wording: Some("thousands".into()),
            ..quantity(2_000.0, 2_000.0, Some(Qualifier::AtLeast), "")
        };
        assert_eq!(figure(Language::En, &english), "thousands (read as at least 2,000)");
    }

    #[test]
    fn the_range_line_has_qualified_ends_and_never_a_reading_as_an_end() {
        let de = Language::De;
        let q = |v: f64, qualifier| quantity(v, v, qualifier, "Soldaten");
        let one = [q(70_000.0, Some(Qualifier::UpTo))];
        let line = range(de, &one).expect("a figure");
        assert_eq!(
            (line.kind, line.text.as_str()),
            (RangeKind::Value, "bis zu 70.000 Soldaten")
        );
        assert_eq!(line.label_key(), i18n::key("range_value"));
        // The same figure twice is still one value.
        let twice = [q(7_000.0, None), q(7_000.0, None)];
        assert_eq!(range(de, &twice).expect("figures").kind, RangeKind::Value);
        let spread = [
            q(11_000.0, Some(Qualifier::JustUnder)),
            q(12_000.0, Some(Qualifier::UpTo)),
            q(10_000.0, None),
        ];
        let line = range(de, &spread).expect("figures");
        assert_eq!(
            (line.kind, line.text.as_str()),
            (RangeKind::Spread, "10.000 – bis zu 12.000 Soldaten")
        );
        assert_eq!(line.label_key(), i18n::key("range"));
        let qualified_low = [
            q(500_000.0, Some(Qualifier::About)),
            q(1_300_000.0, Some(Qualifier::About)),
        ];
        assert_eq!(
            range(de, &qualified_low).expect("figures").text,
            "etwa 500.000 Soldaten – etwa 1,3 Mio. Soldaten"
        );
        let reading = Quantity {
            wording: Some("Tausende".into()),
            ..q(2_000.0, Some(Qualifier::AtLeast))
        };
        let with_reading = [reading.clone(), q(11_000.0, Some(Qualifier::JustUnder))];
        let line = range(de, &with_reading).expect("figures");
        assert_eq!(
            (line.kind, line.text.as_str()),
            (RangeKind::Value, "knapp 11.000 Soldaten")
        );
        let only_readings = [reading.clone()];
        assert_eq!(
            range(de, &only_readings).expect("a reading").text,
            "Tausende (gelesen als mindestens 2.000 Soldaten)"
        );
        let readings = [
            Quantity {
                wording: Some("Zehntausende".into()),
                ..q(20_000.0, Some(Qualifier::AtLeast))
            },
            reading,
        ];
        let line = range(de, &readings).expect("readings");
        assert_eq!(line.kind, RangeKind::Readings);
        assert_eq!(
            line.text,
            "Tausende (gelesen als mindestens 2.000 Soldaten) / Zehntausende (gelesen als mindestens 20.000 Soldaten)",
            "smallest first"
        );
        assert!(range(de, &[]).is_none());
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
