//! Builders for the runner's tests: runs with given metrics, summaries and a
//! machine, without starting anything.

use super::{
    machine::Machine,
    run::Run,
    scenarios::{Scenario, scenarios},
    summary::{ScenarioOut, summarize},
};

/// The full table's scenario `id`.
pub(crate) fn scenario(id: &str) -> Scenario {
    scenarios(false).into_iter().find(|s| s.id == id).unwrap()
}

/// A successful run of `s` on `imp` with `metrics`.
pub(crate) fn ok_run(s: &Scenario, imp: &'static str, metrics: &[(&'static str, f64)]) -> Run {
    let mut run = Run::new(s, imp, 1);
    run.ok = true;
    run.metrics = metrics.iter().copied().collect();
    run
}

/// A run of `s` on `imp` that failed with `failure`.
pub(crate) fn failed_run(s: &Scenario, imp: &'static str, failure: &str) -> Run {
    let mut run = Run::new(s, imp, 1);
    run.failure = Some(failure.into());
    run
}

/// `s` summarized over one run per side with these metrics.
pub(crate) fn out(
    s: &Scenario,
    native: &[(&'static str, f64)],
    rsock: &[(&'static str, f64)],
) -> ScenarioOut {
    summarize(s, &[ok_run(s, "native", native), ok_run(s, "rsock", rsock)])
}

pub(crate) fn machine() -> Machine {
    Machine {
        nproc: 2,
        cpu_model: "Test CPU".into(),
        kernel: "6.1.0".into(),
        php_version: "8.3.0".into(),
        rsock_version: "0.1.0".into(),
        rsock_commit: "abc1234".into(),
        somaxconn: "4096".into(),
    }
}
