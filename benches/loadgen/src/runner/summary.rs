//! A scenario's summary: native's and rsock's medians side by side, each
//! row's text cells and its rsock/native ratio (what the JSON's `summary`,
//! the Markdown table and the chart show).

use serde::Serialize;

use super::{
    report::format::{Fmt, fmt_value},
    rows::rows_for,
    run::Run,
    scenarios::Scenario,
    stats::{Side, side},
};

/// One row of the summary: both medians, as numbers and as text, and their ratio.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RowOut {
    pub(crate) metric: &'static str,
    pub(crate) label: String,
    pub(crate) higher_is_better: bool,
    pub(crate) native: Option<f64>,
    pub(crate) rsock: Option<f64>,
    pub(crate) native_text: String,
    pub(crate) rsock_text: String,
    pub(crate) ratio: Option<f64>,
}

/// One scenario's summary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScenarioOut {
    pub(crate) scenario: Scenario,
    pub(crate) native: Side,
    pub(crate) rsock: Side,
    pub(crate) rows: Vec<RowOut>,
}

/// A failure as a table cell: its first part, at most 60 characters.
fn short_failure(f: &str) -> String {
    let f = f.split("; ").next().unwrap_or(f);
    if f == "FD_SETSIZE" {
        return "failed (FD_SETSIZE)".into();
    }
    let mut t: String = f.chars().take(60).collect();
    if t.len() < f.len() {
        t.push('…');
    }
    format!("failed ({t})")
}

/// The median of `key` formatted (noting failed runs), else why there is none.
fn cell(side: &Side, key: &str, fmt: Fmt) -> (Option<f64>, String) {
    match side.medians.get(key) {
        Some(&v) => {
            let mut t = fmt_value(v, fmt);
            if side.ok_runs < side.runs {
                t.push_str(&format!(" ({}/{} runs ok)", side.ok_runs, side.runs));
            }
            (Some(v), t)
        }
        None => (
            None,
            side.failure
                .as_deref()
                .map(short_failure)
                .unwrap_or_else(|| "n/a".into()),
        ),
    }
}

/// Summarizes `s` over its runs among `runs`.
pub(crate) fn summarize(s: &Scenario, runs: &[Run]) -> ScenarioOut {
    let mine: Vec<&Run> = runs.iter().filter(|r| r.scenario == s.id).collect();
    let native = side(
        &mine
            .iter()
            .copied()
            .filter(|r| r.implementation == "native")
            .collect::<Vec<_>>(),
    );
    let rsock = side(
        &mine
            .iter()
            .copied()
            .filter(|r| r.implementation == "rsock")
            .collect::<Vec<_>>(),
    );
    let rows = rows_for(s)
        .into_iter()
        .map(|row| {
            let (n, nt) = cell(&native, row.key, row.fmt);
            let (r, rt) = cell(&rsock, row.key, row.fmt);
            let ratio = match (n, r) {
                (Some(n), Some(r)) if n > 0.0 => Some(r / n),
                _ => None,
            };
            RowOut {
                metric: row.key,
                label: row.label,
                higher_is_better: row.higher_better,
                native: n,
                rsock: r,
                native_text: nt,
                rsock_text: rt,
                ratio,
            }
        })
        .collect();
    ScenarioOut {
        scenario: s.clone(),
        native,
        rsock,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::testutil::{failed_run, ok_run, out, scenario};

    #[test]
    fn failure_cells_are_short() {
        assert_eq!(short_failure("FD_SETSIZE"), "failed (FD_SETSIZE)");
        assert_eq!(
            short_failure("FD_SETSIZE; FD_SETSIZE"),
            "failed (FD_SETSIZE)"
        );
        assert_eq!(
            short_failure("3 errors (ECONNREFUSED(connect): 3); server log: x"),
            "failed (3 errors (ECONNREFUSED(connect): 3))"
        );
        let long = "é".repeat(70);
        assert_eq!(
            short_failure(&long),
            format!("failed ({}…)", "é".repeat(60))
        );
        let sixty = "x".repeat(60);
        assert_eq!(short_failure(&sixty), format!("failed ({sixty})"));
    }

    #[test]
    fn rows_with_ratio_rsock_over_native() {
        let s = scenario("echo-50");
        let o = out(
            &s,
            &[
                ("throughput", 1000.0),
                ("p99_us", 200.0),
                ("peak_rss_kb", 0.0),
            ],
            &[
                ("throughput", 2500.0),
                ("p99_us", 100.0),
                ("peak_rss_kb", 0.0),
            ],
        );
        let keys: Vec<&str> = o.rows.iter().map(|r| r.metric).collect();
        assert_eq!(
            keys,
            ["throughput", "p99_us", "cpu_per_op_us", "peak_rss_kb"]
        );
        let t = &o.rows[0];
        assert_eq!(
            (t.native, t.rsock, t.ratio),
            (Some(1000.0), Some(2500.0), Some(2.5))
        );
        assert_eq!(
            (t.native_text.as_str(), t.rsock_text.as_str()),
            ("1,000 msg/s", "2,500 msg/s")
        );
        assert!(t.higher_is_better);
        assert_eq!(o.rows[1].ratio, Some(0.5));
        assert!(!o.rows[1].higher_is_better);
        // No metric on either side.
        let cpu = &o.rows[2];
        assert_eq!((cpu.native, cpu.ratio), (None, None));
        assert_eq!(
            (cpu.native_text.as_str(), cpu.rsock_text.as_str()),
            ("n/a", "n/a")
        );
        // No ratio over a zero.
        assert_eq!((o.rows[3].native, o.rows[3].ratio), (Some(0.0), None));
    }

    #[test]
    fn cells_note_failed_runs() {
        let s = scenario("hold-10000");
        let runs = [
            ok_run(&s, "native", &[("p99_us", 1500.0)]),
            failed_run(&s, "native", "FD_SETSIZE"),
            failed_run(&s, "rsock", "loadgen exceeded 195 s"),
            ok_run(&scenario("echo-50"), "rsock", &[("p99_us", 1.0)]),
        ];
        let o = summarize(&s, &runs);
        assert_eq!(o.native.runs, 2);
        assert_eq!(o.rsock.runs, 1, "another scenario's runs are not counted");
        let p99 = &o.rows[0];
        assert_eq!(p99.metric, "p99_us");
        assert_eq!(p99.native_text, "1.50 ms (1/2 runs ok)");
        assert_eq!(p99.rsock_text, "failed (loadgen exceeded 195 s)");
        assert_eq!(p99.ratio, None);
    }
}
