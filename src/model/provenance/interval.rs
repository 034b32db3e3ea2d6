//! Figures and dates as intervals: what values a qualified figure allows, what days an as-of
//! date may mean.

use serde::Serialize;

use crate::load::schema::Qualifier;
use crate::model::{PartialDate, Quantity};

/// How far "about" reaches either side of a figure (10 %), and how far below it "just under"
/// ("knapp") reaches.
pub const ABOUT: f64 = 0.1;

/// The values a figure allows: `bis zu 12.000` is [0, 12.000], `mehr als 600.000` is
/// (600.000, ∞), `etwa 15.000` is [13.500, 16.500], `knapp 11.000` is [9.900, 11.000).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower end (may be −∞).
    pub low: f64,
    /// The lower end itself is excluded.
    pub low_open: bool,
    /// Upper end (may be ∞).
    pub high: f64,
    /// The upper end itself is excluded.
    pub high_open: bool,
}

impl Interval {
    /// A closed interval.
    pub fn closed(low: f64, high: f64) -> Self {
        Self {
            low,
            low_open: false,
            high,
            high_open: false,
        }
    }

    /// The values `quantity` allows, read from its qualifier (a vague wording is read through
    /// the figures and qualifier the annotator gave it: "Tausende" as `at-least 2000`).
    pub fn of(quantity: &Quantity) -> Self {
        let (low, high) = (quantity.low, quantity.high);
        // "Up to" a count starts at zero; a negative figure has no natural floor.
        let floor = if low < 0.0 { f64::NEG_INFINITY } else { 0.0 };
        let spread = |x: f64| x.abs() * ABOUT;
        match quantity.qualifier {
            None | Some(Qualifier::Exactly) => Self::closed(low, high),
            Some(Qualifier::About) => Self::closed(low - spread(low), high + spread(high)),
            Some(Qualifier::JustUnder) => Self {
                high_open: true,
                ..Self::closed(low - spread(low), high)
            },
            Some(Qualifier::UpTo) => Self::closed(floor, high),
            Some(Qualifier::LessThan) => Self {
                high_open: true,
                ..Self::closed(floor, high)
            },
            Some(Qualifier::AtLeast) => Self::closed(low, f64::INFINITY),
            Some(Qualifier::MoreThan) => Self {
                low_open: true,
                ..Self::closed(low, f64::INFINITY)
            },
        }
    }

    /// Whether some value is in both.
    pub fn overlaps(&self, other: &Interval) -> bool {
        !self.entirely_above(other) && !other.entirely_above(self)
    }

    /// Whether every value of `self` is above every value of `other`.
    pub fn entirely_above(&self, other: &Interval) -> bool {
        self.low > other.high || (self.low == other.high && (self.low_open || other.high_open))
    }

    /// Whether every value of `self` is at least every value of `other` (so `self < other`
    /// cannot hold).
    pub fn entirely_at_or_above(&self, other: &Interval) -> bool {
        self.low >= other.high
    }

    /// `self / other` when `other` is positive throughout, else `None`.
    pub fn divided_by(&self, other: &Interval) -> Option<Interval> {
        if other.low <= 0.0 || self.low < 0.0 {
            return None;
        }
        Some(Interval {
            low: self.low / other.high,
            low_open: self.low_open || other.high_open,
            high: self.high / other.low,
            high_open: self.high_open || other.low_open,
        })
    }

    /// Both ends multiplied by a positive `factor`.
    pub fn scaled(&self, factor: f64) -> Interval {
        Interval {
            low: self.low * factor,
            high: self.high * factor,
            ..*self
        }
    }
}

/// The days an as-of date may mean, first and last (inclusive), as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DateWindow {
    /// First day.
    pub first: (i32, u8, u8),
    /// Last day.
    pub last: (i32, u8, u8),
}

impl DateWindow {
    /// The window of `date` (`2024-11` is 1 to 30 November).
    pub fn of(date: &PartialDate) -> Self {
        Self {
            first: date.first_day(),
            last: date.last_day(),
        }
    }

    /// Whether the two share a day.
    pub fn overlaps(&self, other: &DateWindow) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MeasureId;

    fn figure(value: f64, qualifier: Option<Qualifier>) -> Quantity {
        Quantity {
            low: value,
            high: value,
            is_range: false,
            qualifier,
            wording: None,
            unit: None,
            unit_singular: None,
            measure: MeasureId::new(0),
        }
    }

    #[test]
    fn qualifiers_read_as_intervals() {
        let up_to = Interval::of(&figure(12_000.0, Some(Qualifier::UpTo)));
        assert_eq!((up_to.low, up_to.high), (0.0, 12_000.0));
        let about = Interval::of(&figure(15_000.0, Some(Qualifier::About)));
        assert_eq!((about.low, about.high), (13_500.0, 16_500.0));
        assert!(about.entirely_above(&up_to));
        let more = Interval::of(&figure(600_000.0, Some(Qualifier::MoreThan)));
        assert!(more.low_open && more.high.is_infinite());
        let exactly = Interval::of(&figure(600_000.0, None));
        assert!(more.entirely_above(&exactly), "more than 600,000 excludes 600,000");
        let knapp = Interval::of(&figure(11_000.0, Some(Qualifier::JustUnder)));
        assert!(knapp.overlaps(&Interval::closed(10_000.0, 10_000.0)));
        assert!(
            !knapp.overlaps(&Interval::closed(11_000.0, 11_000.0)),
            "knapp 11.000 is below 11.000"
        );
    }

    #[test]
    fn month_windows_overlap_their_days() {
        let month = DateWindow::of(&PartialDate::parse("2024-11").unwrap());
        let day = DateWindow::of(&PartialDate::parse("2024-11-30").unwrap());
        let next = DateWindow::of(&PartialDate::parse("2024-12-01").unwrap());
        assert!(month.overlaps(&day));
        assert!(!month.overlaps(&next));
    }
}
