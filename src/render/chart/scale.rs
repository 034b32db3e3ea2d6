//! The value axis of a chart: from zero to a round number above the largest value, in round
//! steps (1, 2, 2.5 or 5 times a power of ten), at most five of them.

/// A linear axis from 0 to `max` with a tick every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The end of the axis: a multiple of `step`, at least the largest value.
    pub max: f64,
    /// The distance between two ticks.
    pub step: f64,
}

/// At most this many steps between 0 and the end of the axis.
const MAX_STEPS: f64 = 5.0;

impl Scale {
    /// The axis for values up to `largest`. `whole` keeps the step at 1 or more (counts of
    /// soldiers or days have no ticks at 0,2); a largest value of 0 or less, or one that is not
    /// finite, gives the axis 0 to 1.
    pub fn nice(largest: f64, whole: bool) -> Self {
        let largest = if largest.is_finite() && largest > 0.0 {
            largest
        } else {
            1.0
        };
        let magnitude = 10_f64.powf((largest / MAX_STEPS).log10().floor());
        let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|step| largest / step <= MAX_STEPS + 1e-9)
            .unwrap_or(10.0 * magnitude);
        if whole && step < 1.0 {
            step = 1.0;
        }
        let steps = (largest / step - 1e-9).ceil().max(1.0);
        Self {
            max: steps * step,
            step,
        }
    }

    /// The tick values, 0 first, `max` last.
    pub fn ticks(&self) -> Vec<f64> {
        let steps = (self.max / self.step).round() as usize;
        (0..=steps).map(|i| i as f64 * self.step).collect()
    }

    /// Where `value` lies on an axis `length` long (clamped to the axis).
    pub fn position(&self, value: f64, length: f64) -> f64 {
        if !value.is_finite() || value <= 0.0 {
            return 0.0;
        }
        (value.min(self.max) / self.max) * length
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ends_and_steps_at_most_five() {
        let cases = [
            (15_000.0, 15_000.0, 5_000.0),
            (12_000.0, 12_500.0, 2_500.0),
            (11_000.0, 12_500.0, 2_500.0),
            (1_600_000.0, 2_000_000.0, 500_000.0),
            (100_000.0, 100_000.0, 20_000.0),
            (7_000.0, 8_000.0, 2_000.0),
            (20.0, 20.0, 5.0),
            (610.0, 800.0, 200.0),
            (82.0, 100.0, 20.0),
        ];
        for (largest, max, step) in cases {
            let scale = Scale::nice(largest, true);
            assert_eq!((scale.max, scale.step), (max, step), "{largest}");
            assert!(scale.ticks().len() <= 6, "{largest}: {:?}", scale.ticks());
            assert_eq!(scale.ticks().last(), Some(&max));
        }
    }

    #[test]
    fn whole_counts_have_no_fractional_ticks_and_nothing_divides_by_zero() {
        assert_eq!(Scale::nice(1.0, true), Scale { max: 1.0, step: 1.0 });
        assert_eq!(Scale::nice(1.0, false).step, 0.2);
        for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let scale = Scale::nice(bad, true);
            assert_eq!(scale.max, 1.0);
            assert_eq!(scale.position(bad, 100.0), 0.0);
        }
        let scale = Scale::nice(15_000.0, true);
        assert_eq!(scale.position(7_500.0, 300.0), 150.0);
        assert_eq!(scale.position(30_000.0, 300.0), 300.0, "clamped");
    }
}
