//! A run's metrics: what the table and the JSON summary use, taken from
//! loadgen's report and the server's counters (per-unit CPU, RSS per
//! held connection, ...).

use serde_json::Value;

use super::{
    run::Run,
    scenarios::{Kind, Scenario},
};

/// Fills `run.metrics` from loadgen's report `rep` and the server's counters.
pub(crate) fn metrics(s: &Scenario, run: &mut Run, rep: &Value) {
    let m = &mut run.metrics;
    let f = |v: &Value| v.as_f64();
    let ops = rep["ops"].as_f64().unwrap_or(0.0);
    if let Some(rate) = f(&rep["rate"]) {
        m.insert(
            "throughput",
            if s.kind == Kind::Bulk {
                rate / 1048576.0
            } else {
                rate
            },
        );
    }
    for (key, src) in [
        ("p50_us", "p50_us"),
        ("p99_us", "p99_us"),
        ("max_us", "max_us"),
    ] {
        if let Some(v) = f(&rep["latency"][src]) {
            m.insert(key, v);
        }
    }
    for (key, src) in [("connect_p99_us", "p99_us"), ("connect_max_us", "max_us")] {
        if let Some(v) = f(&rep["connect_latency"][src]) {
            m.insert(key, v);
        }
    }
    // tls: the echo after the handshake (p50_us/p99_us/max_us are the handshake's).
    if let Some(v) = f(&rep["echo_latency"]["p99_us"]) {
        m.insert("echo_p99_us", v);
    }
    // burst: over every attempt, unanswered ones counted at the time loadgen gave up.
    for (key, obj, src) in [
        ("all_p50_us", "latency_all", "p50_us"),
        ("all_p99_us", "latency_all", "p99_us"),
        ("all_max_us", "latency_all", "max_us"),
        ("all_connect_p99_us", "connect_latency_all", "p99_us"),
        ("all_connect_max_us", "connect_latency_all", "max_us"),
    ] {
        if let Some(v) = f(&rep[obj][src]) {
            m.insert(key, v);
        }
    }
    m.insert("errors", rep["errors"].as_f64().unwrap_or(0.0));
    // loadgen is one thread: near 1.0 it, not the server, set the pace.
    if let Some(el) = f(&rep["elapsed_s"])
        && el > 0.0
    {
        m.insert("loadgen_busy", run.loadgen_cpu_s / el);
    }
    if let Some(v) = f(&rep["setup_s"]) {
        m.insert("setup_s", v);
    }
    // CPU per unit of work: per message (echo, mixed), per connection (connect,
    // burst, hold: every held connection was opened, greeted, pinged and closed), per MiB (bulk),
    // per completed handshake (tls: the connection's echo and close included).
    let units = match s.kind {
        Kind::Bulk => ops / 1048576.0,
        Kind::Hold => s.held as f64,
        _ => ops,
    };
    if let Some(cpu) = run.server.cpu_s
        && units > 0.0
    {
        m.insert("cpu_per_op_us", cpu * 1e6 / units);
    }
    if let Some(h) = run.server.hwm_kb {
        m.insert("peak_rss_kb", h as f64);
    }
    if s.kind == Kind::Hold
        && let (Some(before), Some(held)) =
            (run.server.rss_before_kb, rep["server_rss_kb"].as_u64())
        && s.held > 0
    {
        m.insert(
            "rss_per_conn_kb",
            (held as f64 - before as f64) / s.held as f64,
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::runner::{
        rows::rows_for,
        scenarios::scenarios,
        testutil::{ok_run, scenario},
    };

    fn with(s: &Scenario, cpu_s: Option<f64>, rep: &Value) -> Run {
        let mut run = ok_run(s, "rsock", &[]);
        run.server.cpu_s = cpu_s;
        run.loadgen_cpu_s = 1.0;
        metrics(s, &mut run, rep);
        run
    }

    #[test]
    fn echo_per_message() {
        let s = scenario("echo-50");
        let rep = json!({
            "ops": 1000, "rate": 500.0, "elapsed_s": 2.0, "errors": 0,
            "latency": {"p50_us": 10.0, "p99_us": 20.0, "max_us": 30.0},
        });
        let mut run = ok_run(&s, "rsock", &[]);
        run.server.cpu_s = Some(0.01);
        run.server.hwm_kb = Some(2048);
        run.loadgen_cpu_s = 1.0;
        metrics(&s, &mut run, &rep);
        let m = &run.metrics;
        assert_eq!(m["throughput"], 500.0);
        assert_eq!((m["p50_us"], m["p99_us"], m["max_us"]), (10.0, 20.0, 30.0));
        assert_eq!(m["errors"], 0.0);
        assert_eq!(m["loadgen_busy"], 0.5);
        assert!((m["cpu_per_op_us"] - 10.0).abs() < 1e-9);
        assert_eq!(m["peak_rss_kb"], 2048.0);
        assert_eq!(m.len(), 8);
    }

    #[test]
    fn bulk_in_mib() {
        let s = scenario("bulk-1g");
        let rep = json!({"ops": 50 * 1048576, "rate": 100.0 * 1048576.0, "elapsed_s": 0.5});
        let m = with(&s, Some(0.5), &rep).metrics;
        assert_eq!(m["throughput"], 100.0);
        assert!(
            (m["cpu_per_op_us"] - 10_000.0).abs() < 1e-6,
            "0.5 s over 50 MiB"
        );
    }

    #[test]
    fn hold_per_held_connection() {
        let s = scenario("hold-1000");
        let rep = json!({"ops": 990, "server_rss_kb": 30_000, "elapsed_s": 0.0});
        let mut run = ok_run(&s, "native", &[]);
        run.server.cpu_s = Some(0.1);
        run.server.rss_before_kb = Some(10_000);
        metrics(&s, &mut run, &rep);
        let m = &run.metrics;
        assert_eq!(m["rss_per_conn_kb"], 20.0);
        assert!(
            (m["cpu_per_op_us"] - 100.0).abs() < 1e-9,
            "divided by the 1,000 held, not the pings"
        );
        assert!(!m.contains_key("loadgen_busy"), "no load phase");
    }

    #[test]
    fn burst_and_tls_extras() {
        let rep = json!({
            "ops": 10,
            "connect_latency": {"p99_us": 1.0, "max_us": 2.0},
            "latency_all": {"p50_us": 3.0, "p99_us": 4.0, "max_us": 5.0},
            "connect_latency_all": {"p99_us": 6.0, "max_us": 7.0},
            "echo_latency": {"p99_us": 8.0},
            "setup_s": 0.25,
        });
        let m = with(&scenario("burst-2000"), None, &rep).metrics;
        let got: Vec<f64> = [
            "connect_p99_us",
            "connect_max_us",
            "all_p50_us",
            "all_p99_us",
            "all_max_us",
            "all_connect_p99_us",
            "all_connect_max_us",
            "echo_p99_us",
            "setup_s",
        ]
        .iter()
        .map(|k| m[k])
        .collect();
        assert_eq!(got, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 0.25]);
        assert!(!m.contains_key("cpu_per_op_us"), "no server CPU time");
    }

    #[test]
    fn every_table_row_has_a_metric() {
        let latency = json!({"p50_us": 1.0, "p99_us": 2.0, "max_us": 3.0});
        let rep = json!({
            "ops": 100, "rate": 10.0, "elapsed_s": 1.0, "errors": 0, "server_rss_kb": 9000,
            "latency": latency, "connect_latency": latency, "latency_all": latency,
            "connect_latency_all": latency, "echo_latency": latency,
        });
        for s in scenarios(false) {
            let mut run = ok_run(&s, "rsock", &[]);
            run.server.cpu_s = Some(0.1);
            run.server.hwm_kb = Some(9000);
            run.server.rss_before_kb = Some(1000);
            metrics(&s, &mut run, &rep);
            for row in rows_for(&s) {
                assert!(run.metrics.contains_key(row.key), "{}: {}", s.id, row.key);
            }
        }
    }
}
