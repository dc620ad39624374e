//! Medians and tails of a series of samples.

use serde::Serialize;

/// A series' size, median, 95th percentile and largest value.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Stats {
    /// Samples taken.
    pub n: usize,
    /// Their median.
    pub median: f64,
    /// Their 95th percentile.
    pub p95: f64,
    /// The largest.
    pub max: f64,
}

impl Stats {
    /// Of `samples` (all zero when there are none).
    pub fn of(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[index.min(samples.len() - 1)]
        };
        Self {
            n: samples.len(),
            median: at(0.5),
            p95: at(0.95),
            max: at(1.0),
        }
    }

    /// One table row: name, median, p95, max.
    pub fn row(&self, name: &str) -> String {
        format!(
            "{name:<34} {:>8.1} {:>8.1} {:>8.1}",
            self.median, self.p95, self.max
        )
    }
}

/// The median of `values`, if any (the middle one; for traces, where a mean would let one
/// garbage-collected round move the result).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}
