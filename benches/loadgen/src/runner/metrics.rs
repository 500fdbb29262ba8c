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
