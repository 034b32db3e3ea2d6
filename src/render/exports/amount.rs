//! A figure's number as the data files write it: a whole number without a fraction (`50000`,
//! not `50000.0`), any other number as it is (`0.5`).

use serde::{Deserialize, Serialize};

/// The largest whole number a `f64` holds exactly (2^53).
const EXACT_WHOLE: f64 = 9_007_199_254_740_992.0;

/// A number of a figure, written as an integer when it is whole.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Amount(pub f64);

impl Amount {
    /// The number as an integer, when it is whole and exactly representable.
    pub fn whole(self) -> Option<i64> {
        let value = self.0;
        (value.fract() == 0.0 && value.abs() <= EXACT_WHOLE).then_some(value as i64)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.whole() {
            Some(whole) => serializer.serialize_i64(whole),
            None => serializer.serialize_f64(self.0),
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.whole() {
            Some(whole) => write!(f, "{whole}"),
            None => write!(f, "{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_amounts_are_written_as_integers_and_fractions_kept() {
        assert_eq!(serde_json::to_string(&Amount(50000.0)).unwrap(), "50000");
        assert_eq!(serde_json::to_string(&Amount(-3.0)).unwrap(), "-3");
        assert_eq!(serde_json::to_string(&Amount(0.5)).unwrap(), "0.5");
        assert_eq!(Amount(2_000_000.0).to_string(), "2000000");
        assert_eq!(Amount(1.25).to_string(), "1.25");
        assert_eq!(Amount(1e300).whole(), None);
    }
}
