//! Partial calendar dates: `2024-11-18`, `2024-11` or `2024`, validated against the calendar.

use std::fmt;

/// The German month names, January first: shown in German dates and recognised in articles
/// (`am 19. November` does not end a sentence).
pub const GERMAN_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// The English month names, January first: shown in English dates.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// 1–12, if known.
    pub month: Option<u8>,
    /// 1–31, if known (only with a month).
    pub day: Option<u8>,
}

/// Why a date string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the shape YYYY, YYYY-MM or YYYY-MM-DD.
    #[error("`{0}` is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")]
    Shape(String),
    /// Month outside 1–12.
    #[error("month {0} does not exist")]
    Month(u32),
    /// Day outside the month.
    #[error("{year}-{month:02} has no day {day}")]
    Day {
        /// Year.
        year: i32,
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
}

impl DateError {
    /// The problem in `language` (the English one is its `Display`).
    pub fn describe(&self, language: crate::diagnostic::Language) -> String {
        match (language, self) {
            (crate::diagnostic::Language::En, _) => self.to_string(),
            (_, DateError::Shape(text)) => {
                format!("`{text}` ist kein Datum der Form JJJJ-MM-TT, JJJJ-MM oder JJJJ")
            }
            (_, DateError::Month(month)) => format!("einen Monat {month} gibt es nicht"),
            (_, DateError::Day { year, month, day }) => format!("{year}-{month:02} hat keinen {day}. Tag"),
        }
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks it against the calendar.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let shape = || DateError::Shape(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| shape())
            } else {
                Err(shape())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return Err(shape()),
        };
        let year = i32::try_from(year).map_err(|_| shape())?;
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::Month(month));
            }
            if let Some(day) = day
                && (day == 0 || day > days_in_month(year, month))
            {
                return Err(DateError::Day { year, month, day });
            }
        }
        Ok(Self {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// ISO 8601 text as precise as known: `2024-11-18`, `2024-11` or `2024`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// The first day the date may mean, as (year, month, day): `2024-11` from (2024, 11, 1).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date may mean, as (year, month, day): `2024-11` to (2024, 11, 30).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self
            .day
            .unwrap_or_else(|| days_in_month(self.year, u32::from(month)) as u8);
        (self.year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_days_of_a_period() {
        let date = |t: &str| PartialDate::parse(t).unwrap();
        assert_eq!(
            (date("2024").first_day(), date("2024").last_day()),
            ((2024, 1, 1), (2024, 12, 31))
        );
        assert_eq!(date("2024-02").last_day(), (2024, 2, 29));
        assert_eq!(date("2023-02").last_day(), (2023, 2, 28));
        assert_eq!(date("2024-11").last_day(), (2024, 11, 30));
        let day = date("2024-11-18");
        assert_eq!((day.first_day(), day.last_day()), ((2024, 11, 18), (2024, 11, 18)));
    }

    #[test]
    fn parses_all_precisions() {
        assert_eq!(PartialDate::parse("2024").unwrap().iso(), "2024");
        assert_eq!(PartialDate::parse("2024-11").unwrap().iso(), "2024-11");
        assert_eq!(PartialDate::parse("2024-11-18").unwrap().iso(), "2024-11-18");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(PartialDate::parse("2024-13"), Err(DateError::Month(13)));
        assert_eq!(
            PartialDate::parse("2023-02-29"),
            Err(DateError::Day {
                year: 2023,
                month: 2,
                day: 29
            })
        );
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(matches!(PartialDate::parse("18.11.2024"), Err(DateError::Shape(_))));
        assert!(matches!(PartialDate::parse("2024-1-5"), Err(DateError::Shape(_))));
        assert!(matches!(PartialDate::parse(""), Err(DateError::Shape(_))));
    }
}
