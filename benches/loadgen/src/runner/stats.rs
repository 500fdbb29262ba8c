//! Statistics over the runs: medians per metric for each implementation,
//! over the runs that succeeded.

use std::collections::BTreeMap;

use serde::Serialize;

use super::run::Run;

/// The median; `None` for no values.
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// One implementation's runs of a scenario.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Side {
    pub(crate) runs: usize,
    pub(crate) ok_runs: usize,
    pub(crate) failure: Option<String>,
    pub(crate) medians: BTreeMap<&'static str, f64>,
}

/// Medians of every metric over the runs that succeeded, and the failures
/// of the others (a failure repeated by the next run said once).
pub(crate) fn side(runs: &[&Run]) -> Side {
    let ok: Vec<&&Run> = runs.iter().filter(|r| r.ok).collect();
    let mut keys: Vec<&'static str> = ok.iter().flat_map(|r| r.metrics.keys().copied()).collect();
    keys.sort();
    keys.dedup();
    let medians = keys
        .into_iter()
        .filter_map(|k| {
            median(
                ok.iter()
                    .filter_map(|r| r.metrics.get(k).copied())
                    .collect(),
            )
            .map(|m| (k, m))
        })
        .collect();
    let mut failures: Vec<String> = runs.iter().filter_map(|r| r.failure.clone()).collect();
    failures.dedup();
    Side {
        runs: runs.len(),
        ok_runs: ok.len(),
        failure: if failures.is_empty() {
            None
        } else {
            Some(failures.join("; "))
        },
        medians,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::testutil::{failed_run, ok_run, scenario};

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![4.0]), Some(4.0));
        assert_eq!(median(vec![9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(vec![10.0, 1.0, 3.0, 7.0]), Some(5.0));
        assert_eq!(median(vec![-1.0, -3.0]), Some(-2.0));
    }

    #[test]
    fn side_takes_medians_over_ok_runs_only() {
        let s = scenario("echo-50");
        let runs = [
            ok_run(&s, "native", &[("throughput", 100.0), ("p99_us", 50.0)]),
            ok_run(&s, "native", &[("throughput", 300.0)]),
            ok_run(&s, "native", &[("throughput", 200.0), ("p99_us", 70.0)]),
            failed_run(&s, "native", "FD_SETSIZE"),
            failed_run(&s, "native", "FD_SETSIZE"),
            failed_run(&s, "native", "server exited"),
        ];
        let side = side(&runs.iter().collect::<Vec<_>>());
        assert_eq!((side.runs, side.ok_runs), (6, 3));
        assert_eq!(side.medians.get("throughput"), Some(&200.0));
        assert_eq!(side.medians.get("p99_us"), Some(&60.0));
        assert_eq!(side.medians.len(), 2);
        assert_eq!(side.failure.as_deref(), Some("FD_SETSIZE; server exited"));
    }

    #[test]
    fn side_without_runs_that_worked() {
        let s = scenario("hold-10000");
        let runs = [failed_run(&s, "native", "FD_SETSIZE")];
        let side = side(&runs.iter().collect::<Vec<_>>());
        assert_eq!((side.runs, side.ok_runs), (1, 0));
        assert!(side.medians.is_empty());
        let none = super::side(&[]);
        assert!(none.failure.is_none() && none.medians.is_empty());
    }
}
