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
