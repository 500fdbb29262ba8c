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

/// Medians of every metric over the runs that succeeded, and the distinct
/// failures of the others.
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
