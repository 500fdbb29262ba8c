//! Latency summaries: nearest-rank p50/p99, max and mean of a run's samples,
//! as loadgen reports them.

use serde::{Deserialize, Serialize};

/// p50/p99/max of a set of latencies, in microseconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Latency {
    pub count: u64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

impl Latency {
    /// Nearest-rank percentiles over latencies in nanoseconds; `None` when empty.
    pub fn from_nanos(mut samples: Vec<u64>) -> Option<Latency> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let n = samples.len();
        let rank = |p: f64| -> f64 {
            let idx = ((p / 100.0) * n as f64).ceil() as usize;
            samples[idx.clamp(1, n) - 1] as f64 / 1000.0
        };
        let sum: u128 = samples.iter().map(|&s| u128::from(s)).sum();
        Some(Latency {
            count: n as u64,
            p50_us: rank(50.0),
            p99_us: rank(99.0),
            max_us: samples[n - 1] as f64 / 1000.0,
            mean_us: (sum as f64 / n as f64) / 1000.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let l = Latency::from_nanos((1..=100).map(|i| i * 1000).collect()).unwrap();
        assert_eq!(l.p50_us, 50.0);
        assert_eq!(l.p99_us, 99.0);
        assert_eq!(l.max_us, 100.0);
        assert_eq!(l.count, 100);
        let one = Latency::from_nanos(vec![7000]).unwrap();
        assert_eq!((one.p50_us, one.p99_us, one.max_us), (7.0, 7.0, 7.0));
        assert!(Latency::from_nanos(vec![]).is_none());
    }
}
