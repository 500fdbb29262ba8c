//! Other work on the machine: waiting for it to be quiet before a run, when
//! a steady run is repeated, and the background check the reports end with
//! (CPU that neither the server nor loadgen used during the load).

use std::{
    thread,
    time::{Duration, Instant},
};

use super::{run::Run, scenarios::Scenario, scenarios::is_steady};
use crate::procfs;

/// A steady run repeats when others used more than this many cores during its load.
pub(crate) const RETRY_OTHER_CORES: f64 = 0.3;
pub(crate) const MAX_ATTEMPTS: u32 = 3;

/// Waits (up to 2 minutes) until the machine uses under 0.15 cores over
/// half a second; returns the seconds waited.
pub(crate) fn wait_quiet() -> f64 {
    let t = Instant::now();
    let mut said = false;
    loop {
        let (Some(a), t0) = (procfs::system_busy_ticks(), Instant::now()) else {
            return 0.0;
        };
        thread::sleep(Duration::from_millis(500));
        let Some(b) = procfs::system_busy_ticks() else {
            return 0.0;
        };
        let cores = (b - a) as f64 / procfs::clk_tck() as f64 / t0.elapsed().as_secs_f64();
        if cores < 0.15 || t.elapsed() > Duration::from_secs(120) {
            if said {
                eprintln!("          quiet after {:.0} s", t.elapsed().as_secs_f64());
            }
            return t.elapsed().as_secs_f64() - 0.5;
        }
        if !said {
            eprintln!(
                "          the machine is busy ({cores:.2} cores in use), waiting for quiet (at most 2 min)"
            );
            said = true;
        }
    }
}
/// CPU that neither the server nor loadgen used while the load ran: other
/// processes on the machine would skew the numbers. Counted over the
/// echo, mixed and bulk runs only: connection churn (connect, burst, hold)
/// leaves kernel timer/softirq work that no process is charged for.
pub(crate) struct Background {
    /// Seconds of load over the steady runs.
    pub(crate) load_s: f64,
    /// CPU seconds others used during them.
    pub(crate) other_s: f64,
    /// The most cores others used in one steady run (of over half a second).
    pub(crate) other_max: f64,
    /// Runs that were repeated because others used the CPU.
    pub(crate) repeated: usize,
    /// Seconds spent waiting for a quiet machine, all runs.
    pub(crate) waited: f64,
}

impl Background {
    /// The background check over `runs` of the scenarios in `list`.
    pub(crate) fn of(list: &[Scenario], runs: &[Run]) -> Background {
        let steady = |r: &&Run| list.iter().any(|s| s.id == r.scenario && is_steady(s));
        let load_s: f64 = runs.iter().filter(steady).map(|r| r.load_s).sum();
        let other_s: f64 = runs
            .iter()
            .filter(steady)
            .filter_map(|r| r.other_cpu_s)
            .sum();
        let other_max = runs
            .iter()
            .filter(steady)
            .filter(|r| r.load_s > 0.5)
            .filter_map(|r| r.other_cpu_s.map(|o| o / r.load_s))
            .fold(0.0_f64, f64::max);
        Background {
            load_s,
            other_s,
            other_max,
            repeated: runs.iter().filter(|r| r.attempts > 1).count(),
            waited: runs.iter().map(|r| r.waited_for_quiet_s.max(0.0)).sum(),
        }
    }

    /// Cores others used on average during the steady runs' load.
    pub(crate) fn average_cores(&self) -> f64 {
        if self.load_s > 0.0 {
            self.other_s / self.load_s
        } else {
            0.0
        }
    }

    /// The sentences that end the Markdown notes (and go to stderr).
    pub(crate) fn text(&self) -> String {
        let background = format!(
            "Background check: CPU used on the machine by neither the server nor loadgen during the echo/mixed/bulk runs: {:.2} cores on average, {:.2} at most in one run.",
            self.average_cores(),
            self.other_max
        );
        format!(
            "{background} Runs wait for a quiet machine (under 0.15 cores busy) first; {} steady run(s) were repeated because others used over {RETRY_OTHER_CORES} cores during the load; {:.0} s spent waiting.",
            self.repeated, self.waited
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::testutil::{ok_run, scenario};

    fn run(id: &str, load_s: f64, other: Option<f64>) -> Run {
        let mut r = ok_run(&scenario(id), "native", &[]);
        r.load_s = load_s;
        r.other_cpu_s = other;
        r
    }

    #[test]
    fn counts_steady_runs_only() {
        let list = [
            scenario("echo-50"),
            scenario("bulk-1g"),
            scenario("connect-50"),
        ];
        let mut runs = vec![
            run("echo-50", 2.0, Some(0.2)),
            run("bulk-1g", 1.0, Some(0.6)),
            run("connect-50", 5.0, Some(3.0)),
            run("echo-50", 0.4, Some(0.3)),
            run("echo-50", 1.0, None),
            // Not in the list: not counted.
            run("mixed-900-50", 9.0, Some(9.0)),
        ];
        runs[1].attempts = 2;
        runs[0].waited_for_quiet_s = 4.0;
        runs[2].waited_for_quiet_s = -0.01;
        let bg = Background::of(&list, &runs);
        assert_eq!(bg.load_s, 4.4);
        assert!((bg.other_s - 1.1).abs() < 1e-12);
        assert!((bg.average_cores() - 1.1 / 4.4).abs() < 1e-12);
        assert_eq!(bg.other_max, 0.6, "the 0.4 s run is too short to count");
        assert_eq!((bg.repeated, bg.waited), (1, 4.0));
        assert_eq!(
            bg.text(),
            "Background check: CPU used on the machine by neither the server nor loadgen during the echo/mixed/bulk runs: 0.25 cores on average, 0.60 at most in one run. Runs wait for a quiet machine (under 0.15 cores busy) first; 1 steady run(s) were repeated because others used over 0.3 cores during the load; 4 s spent waiting."
        );
    }

    #[test]
    fn nothing_steady() {
        let bg = Background::of(
            &[scenario("connect-50")],
            &[run("connect-50", 5.0, Some(3.0))],
        );
        assert_eq!(
            (bg.load_s, bg.average_cores(), bg.other_max),
            (0.0, 0.0, 0.0)
        );
    }
}
