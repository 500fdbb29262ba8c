//! One run: a fresh server on one implementation, loadgen against it, the
//! server's counters around the load, and whether the run succeeded.

use std::{
    collections::BTreeMap,
    thread,
    time::{Duration, Instant},
};

use serde::Serialize;
use serde_json::Value;

use super::{
    cli::Config,
    loadgen,
    metrics::metrics,
    process::kill,
    scenarios::Scenario,
    server::{self, remove_cert_dir, stderr_tail, wait_idle},
};
use crate::procfs;

/// The server's side of a run: its counters around the load.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct ServerStats {
    pub(crate) pid: u32,
    /// Every process of the server (its own pid, then its workers'); the
    /// counters below are sums over them.
    pub(crate) pids: Vec<u32>,
    /// utime+stime over the load from /proc/PID/stat (clock ticks) ...
    pub(crate) cpu_ticks: Option<u64>,
    pub(crate) cpu_s_stat: Option<f64>,
    /// ... and the same counter in ns (clock_getcpuclockid), used for the table.
    pub(crate) cpu_s: Option<f64>,
    pub(crate) rss_before_kb: Option<u64>,
    pub(crate) hwm_kb: Option<u64>,
    pub(crate) exit_code: Option<i32>,
    pub(crate) ready_line: String,
}

/// One run as the JSON's `runs[]` records it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Run {
    pub(crate) scenario: String,
    pub(crate) implementation: &'static str,
    pub(crate) round: usize,
    pub(crate) ok: bool,
    pub(crate) failure: Option<String>,
    pub(crate) metrics: BTreeMap<&'static str, f64>,
    pub(crate) server: ServerStats,
    pub(crate) wall_s: f64,
    /// Load phase: seconds, busy CPU seconds of the whole machine, of
    /// loadgen, and what neither the server nor loadgen used (other
    /// processes, kernel threads): a check that nothing else ran.
    pub(crate) load_s: f64,
    /// How many times the run was made (a steady run that shared the CPU is repeated).
    pub(crate) attempts: u32,
    /// Seconds spent before the run waiting for the machine to be quiet.
    pub(crate) waited_for_quiet_s: f64,
    pub(crate) machine_busy_s: Option<f64>,
    pub(crate) loadgen_cpu_s: f64,
    pub(crate) other_cpu_s: Option<f64>,
    pub(crate) loadgen: Option<Value>,
}

impl Run {
    /// A run of `s` on `imp` not made yet: not ok, no metrics, one attempt.
    pub(crate) fn new(s: &Scenario, imp: &'static str, round: usize) -> Run {
        Run {
            scenario: s.id.clone(),
            implementation: imp,
            round,
            ok: false,
            failure: None,
            metrics: BTreeMap::new(),
            server: ServerStats::default(),
            wall_s: 0.0,
            load_s: 0.0,
            attempts: 1,
            waited_for_quiet_s: 0.0,
            machine_busy_s: None,
            loadgen_cpu_s: 0.0,
            other_cpu_s: None,
            loadgen: None,
        }
    }
}

/// Runs scenario `s` once on `imp`: `Err` when the run could not be made at
/// all (the server did not start or is the wrong implementation), else the
/// run, failed or not.
pub(crate) fn run_once(
    cfg: &Config,
    s: &Scenario,
    imp: &'static str,
    round: usize,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut run = Run::new(s, imp, round);
    let mut server = server::start(cfg, s, imp, round)?;
    let pid = server.pid;
    let pids = server.pids();
    run.server.pid = pid;
    run.server.pids = pids.clone();
    run.server.ready_line = server.ready.clone();
    let addr = server.addr();
    let cpu_ticks = || procfs::sum_over(&pids, procfs::cpu_ticks);
    let cpu_ns = || procfs::sum_over(&pids, procfs::cpu_ns);
    let status_kb = |key| procfs::sum_over(&pids, |p| procfs::status_kb(p, key));

    thread::sleep(Duration::from_millis(150));
    let (cpu0, ns0) = (cpu_ticks(), cpu_ns());
    let (busy0, load0) = (procfs::system_busy_ticks(), Instant::now());
    run.server.rss_before_kb = status_kb("VmRSS");

    let lg = match loadgen::run(cfg, s, pid, &addr) {
        Ok(lg) => lg,
        Err(e) => {
            // No load, no figures: stop the server before reporting.
            kill(&mut server.child);
            remove_cert_dir(&server.field("certdir="));
            return Err(e);
        }
    };
    run.loadgen_cpu_s = lg.cpu_s;

    // The load is over: let the server finish handling the closes, then read its counters.
    let alive = matches!(server.child.try_wait(), Ok(None));
    if alive {
        wait_idle(&pids, Duration::from_secs(5));
        run.server.hwm_kb = status_kb("VmHWM");
        if let (Some(a), Some(b)) = (ns0, cpu_ns()) {
            run.server.cpu_s = Some((b - a) as f64 / 1e9);
        }
        if let (Some(a), Some(b)) = (cpu0, cpu_ticks()) {
            run.server.cpu_ticks = Some(b - a);
            run.server.cpu_s_stat = Some((b - a) as f64 / procfs::clk_tck() as f64);
        }
        if run.server.cpu_s.is_none() {
            run.server.cpu_s = run.server.cpu_s_stat;
        }
    }
    run.load_s = load0.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (busy0, procfs::system_busy_ticks()) {
        let busy = (b - a) as f64 / procfs::clk_tck() as f64;
        run.machine_busy_s = Some(busy);
        if let Some(server) = run.server.cpu_s {
            run.other_cpu_s = Some(busy - server - run.loadgen_cpu_s);
        }
    }
    let exit = kill(&mut server.child);
    run.server.exit_code = exit;
    remove_cert_dir(&server.field("certdir="));
    let tail = stderr_tail(&server.log);

    let report: Option<Value> = serde_json::from_slice(&lg.stdout).ok();
    run.loadgen = report.clone();
    run.wall_s = started.elapsed().as_secs_f64();

    if !alive {
        run.failure = Some(server_failure(exit, &tail));
        return Ok(run);
    }
    let Some(rep) = report else {
        run.failure = Some(match lg.status {
            None => format!("loadgen exceeded {} s", s.cap_s + 15.0),
            Some(st) => format!("loadgen failed ({st}): {}", lg.stderr.trim()),
        });
        return Ok(run);
    };
    metrics(s, &mut run, &rep);
    if let Some(failure) = loadgen_failure(s, &rep, &tail) {
        run.failure = Some(failure);
        return Ok(run);
    }
    run.ok = true;
    Ok(run)
}

/// Why a server that exited during the run did: `FD_SETSIZE` when it said
/// so (exit code 3 or in its stderr), else its exit code and `tail`.
fn server_failure(exit: Option<i32>, tail: &str) -> String {
    if exit == Some(3) || tail.contains("FD_SETSIZE") {
        "FD_SETSIZE".to_string()
    } else {
        format!("server exited (code {exit:?}): {tail}")
    }
}

/// Why loadgen's report `rep` makes the run a failure, if it does: not
/// `ok`, and errors fail the scenario or nothing at all was done.
fn loadgen_failure(s: &Scenario, rep: &Value, tail: &str) -> Option<String> {
    let errors = rep["errors"].as_u64().unwrap_or(0);
    let status = rep["status"].as_str().unwrap_or("?");
    if status != "ok" && (s.errors_fail || rep["ops"].as_u64().unwrap_or(0) == 0) {
        let kinds = rep["error_kinds"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let note = rep["note"]
            .as_str()
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        // The server's own words (e.g. why a TLS handshake failed) go after a
        // "; ": into the JSON, not into the table's cell.
        let server_log = if tail.is_empty() {
            String::new()
        } else {
            format!("; server log: {tail}")
        };
        return Some(format!("{errors} errors ({kinds}){note}{server_log}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::runner::testutil::scenario;

    #[test]
    fn server_exits() {
        assert_eq!(server_failure(Some(3), ""), "FD_SETSIZE");
        assert_eq!(
            server_failure(
                Some(255),
                "PHP Warning: stream_select(): ... FD_SETSIZE ..."
            ),
            "FD_SETSIZE"
        );
        assert_eq!(
            server_failure(Some(255), "PHP Fatal error | x"),
            "server exited (code Some(255)): PHP Fatal error | x"
        );
        assert_eq!(server_failure(None, ""), "server exited (code None): ");
    }

    #[test]
    fn loadgen_reports_that_fail_the_run() {
        let echo = scenario("echo-50");
        assert_eq!(
            loadgen_failure(&echo, &json!({"status": "ok", "ops": 5}), "x"),
            None
        );
        let rep = json!({
            "status": "incomplete",
            "ops": 10,
            "errors": 3,
            "error_kinds": {"timeout(echo)": 1, "ECONNREFUSED(connect)": 2},
            "note": "stopped by --max-time 60 s",
        });
        assert_eq!(
            loadgen_failure(&echo, &rep, "PHP Warning | y").as_deref(),
            Some(
                "3 errors (ECONNREFUSED(connect): 2, timeout(echo): 1); stopped by --max-time 60 s; server log: PHP Warning | y"
            )
        );
        assert_eq!(
            loadgen_failure(&echo, &json!({"errors": 0}), "").as_deref(),
            Some("0 errors ()"),
            "no status is not ok"
        );
    }

    #[test]
    fn burst_errors_are_a_result() {
        let burst = scenario("burst-2000");
        let rep = json!({"status": "incomplete", "ops": 1990, "errors": 10});
        assert_eq!(loadgen_failure(&burst, &rep, ""), None);
        let none = json!({"status": "incomplete", "ops": 0, "errors": 2000,
            "error_kinds": {"timeout(connect)": 2000}});
        assert_eq!(
            loadgen_failure(&burst, &none, "").as_deref(),
            Some("2000 errors (timeout(connect): 2000)")
        );
    }
}
