//! The order of the runs: per scenario, round by round, native then rsock
//! (a fresh server each time), each after the machine has gone quiet, a
//! steady run repeated when others shared the CPU; one progress line per run.

use std::{thread, time::Duration};

use super::{
    cli::Config,
    quiet::{MAX_ATTEMPTS, RETRY_OTHER_CORES, wait_quiet},
    run::{Run, run_once},
    scenarios::{Scenario, is_steady},
};

/// The implementations, in the order each round runs them.
const IMPLS: [&str; 2] = ["native", "rsock"];

/// How many runs [`run_all`] makes (repeats not counted).
pub(crate) fn total_runs(cfg: &Config, list: &[Scenario]) -> usize {
    IMPLS.len() * cfg.rounds * list.len()
}

/// Runs every scenario of `list` `cfg.rounds` times on each implementation;
/// `Err` (naming the run) as soon as one cannot be made at all.
pub(crate) fn run_all(cfg: &Config, list: &[Scenario]) -> Result<Vec<Run>, String> {
    let mut runs: Vec<Run> = Vec::new();
    let mut n = 0;
    let total = total_runs(cfg, list);
    for s in list {
        for round in 1..=cfg.rounds {
            for imp in IMPLS {
                n += 1;
                // Other work on the machine skews every number: wait for quiet
                // before a run, and repeat a steady run that shared the CPU.
                let mut attempt = 0;
                let result = loop {
                    attempt += 1;
                    let waited = wait_quiet();
                    let r = run_once(cfg, s, imp, round);
                    let busy = match &r {
                        Ok(run) if is_steady(s) && run.load_s > 0.5 => {
                            run.other_cpu_s.map(|o| o / run.load_s).unwrap_or(0.0)
                        }
                        _ => 0.0,
                    };
                    if busy > RETRY_OTHER_CORES && attempt < MAX_ATTEMPTS {
                        eprintln!(
                            "          {} {imp} round {round}: {busy:.2} cores used by others during the load, running it again",
                            s.id
                        );
                        thread::sleep(Duration::from_millis(300));
                        continue;
                    }
                    break r.map(|mut run| {
                        run.attempts = attempt;
                        run.waited_for_quiet_s = waited;
                        run
                    });
                };
                match result {
                    Ok(run) => {
                        let m = &run.metrics;
                        let show = |k: &str| {
                            m.get(k)
                                .map(|v| format!("{v:.1}"))
                                .unwrap_or_else(|| "-".into())
                        };
                        eprintln!(
                            "[{n:>3}/{total}] {:18} {imp:6} round {round}: {} throughput={} p99_us={} cpu_per_op_us={} peak_rss_kb={} errors={} ({:.1} s)",
                            s.id,
                            if run.ok { "ok" } else { "FAILED" },
                            show("throughput"),
                            show("p99_us"),
                            show("cpu_per_op_us"),
                            show("peak_rss_kb"),
                            show("errors"),
                            run.wall_s
                        );
                        if let Some(f) = &run.failure {
                            eprintln!("          {f}");
                        }
                        runs.push(run);
                    }
                    Err(e) => return Err(format!("{} ({imp}): {e}", s.id)),
                }
                thread::sleep(Duration::from_millis(300));
            }
        }
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::{cli::parse_args, scenarios::scenarios};

    #[test]
    fn two_runs_per_round_and_scenario() {
        let cfg = parse_args(["--rounds", "3"].map(String::from)).unwrap();
        assert_eq!(total_runs(&cfg, &scenarios(true)), 2 * 3 * 6);
    }
}
