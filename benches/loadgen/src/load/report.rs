//! The JSON report loadgen prints: what was done, how fast, latencies,
//! errors by kind, and the server's memory when sampled.

use serde::Serialize;

use super::{args::Args, errors::Errors};
use crate::{Latency, procfs};

/// The report (printed as one line of JSON).
#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    pub(crate) tool: &'static str,
    pub(crate) mode: String,
    /// "ok": everything planned was done without errors; "incomplete": errors
    /// or the time cap.
    pub(crate) status: &'static str,
    pub(crate) note: Option<String>,
    pub(crate) params: Option<Args>,
    /// What `ops` counts: "msg", "conn", "ping", "byte", "handshake" (tls: a
    /// connection whose handshake and echo both succeeded).
    pub(crate) unit: &'static str,
    pub(crate) ops: u64,
    pub(crate) elapsed_s: f64,
    /// ops per second over `elapsed_s`.
    pub(crate) rate: f64,
    /// tls: connect start to handshake done (TCP connect included).
    pub(crate) latency: Option<Latency>,
    pub(crate) connect_latency: Option<Latency>,
    /// tls: the echo round trip after the handshake.
    pub(crate) echo_latency: Option<Latency>,
    /// tls: the negotiated protocol and cipher (of the first connection that completed).
    pub(crate) tls_version: Option<String>,
    pub(crate) tls_cipher: Option<String>,
    /// burst: `latency`/`connect_latency` over every attempt, failed ones
    /// counted at the time loadgen gave up on them (connect: when the connect
    /// completed, if it did).
    pub(crate) latency_all: Option<Latency>,
    pub(crate) connect_latency_all: Option<Latency>,
    pub(crate) bytes: Option<u64>,
    pub(crate) errors: u64,
    pub(crate) error_kinds: Errors,
    /// Connections opened before the measured phase (hold, mixed, echo), and how long that took.
    pub(crate) connected: u64,
    pub(crate) setup_s: f64,
    /// The server's VmRSS/VmHWM (--pid) while every connection was open (hold, mixed).
    pub(crate) server_rss_kb: Option<u64>,
    pub(crate) server_hwm_kb: Option<u64>,
    pub(crate) nofile: (u64, u64),
}

/// Fills the report from the measured operations' latencies (ns) and the errors.
pub(crate) fn finish(r: &mut Report, samples: Vec<u64>, errors: Errors) {
    r.ops = samples.len() as u64;
    r.rate = if r.elapsed_s > 0.0 {
        r.ops as f64 / r.elapsed_s
    } else {
        0.0
    };
    r.latency = Latency::from_nanos(samples);
    r.errors = errors.total();
    r.error_kinds = errors;
}

/// The status of a mode that ran to its end: "ok" when there were no
/// errors and everything planned was done, else "incomplete".
pub(crate) fn finished_status(a: &Args, r: &Report) -> &'static str {
    let planned_all = match a.mode.as_str() {
        "hold" => r.ops == a.conns as u64,
        "burst" => r.ops == a.conns as u64,
        "bulk" => r.bytes == Some(a.bytes),
        "mixed" => r.connected == (a.idle + a.active) as u64 && r.ops > 0,
        "tls" => r.ops > 0 && r.note.is_none(),
        _ => r.ops > 0,
    };
    if r.errors == 0 && planned_all {
        "ok"
    } else {
        "incomplete"
    }
}

/// Samples the server's VmRSS and VmHWM (when `--pid` was given).
pub(crate) fn sample_server(r: &mut Report, pid: Option<u32>) {
    if let Some(pid) = pid {
        r.server_rss_kb = procfs::status_kb(pid, "VmRSS");
        r.server_hwm_kb = procfs::status_kb(pid, "VmHWM");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::args::parse_args;

    fn args(line: &str) -> Args {
        parse_args(line.split_whitespace().map(String::from)).unwrap()
    }

    #[test]
    fn finish_counts_and_rates() {
        let mut r = Report {
            elapsed_s: 2.0,
            ..Report::default()
        };
        let mut errors = Errors::default();
        errors.add("EPIPE(write)");
        finish(&mut r, vec![3000, 1000, 2000], errors);
        assert_eq!((r.ops, r.rate, r.errors), (3, 1.5, 1));
        assert_eq!(r.latency.as_ref().unwrap().p50_us, 2.0);
        assert_eq!(r.error_kinds.total(), 1);
        let mut idle = Report::default();
        finish(&mut idle, Vec::new(), Errors::default());
        assert_eq!((idle.ops, idle.rate, idle.errors), (0, 0.0, 0));
        assert!(idle.latency.is_none());
    }

    #[test]
    fn ok_only_when_all_planned_was_done() {
        let status = |line: &str, set: &dyn Fn(&mut Report)| {
            let mut r = Report::default();
            set(&mut r);
            finished_status(&args(line), &r)
        };
        let hold = "hold --addr 127.0.0.1:9 --conns 10";
        assert_eq!(status(hold, &|r| r.ops = 10), "ok");
        assert_eq!(status(hold, &|r| r.ops = 9), "incomplete");
        let burst = "burst --addr 127.0.0.1:9 --conns 10";
        assert_eq!(status(burst, &|r| r.ops = 10), "ok");
        assert_eq!(status(burst, &|r| r.ops = 9), "incomplete");
        let bulk = "bulk --addr 127.0.0.1:9 --bytes 100";
        assert_eq!(status(bulk, &|r| r.bytes = Some(100)), "ok");
        assert_eq!(status(bulk, &|r| r.bytes = Some(99)), "incomplete");
        let mixed = "mixed --addr 127.0.0.1:9 --idle 3 --active 2";
        assert_eq!(status(mixed, &|r| (r.connected, r.ops) = (5, 1)), "ok");
        assert_eq!(
            status(mixed, &|r| (r.connected, r.ops) = (4, 1)),
            "incomplete"
        );
        assert_eq!(
            status(mixed, &|r| (r.connected, r.ops) = (5, 0)),
            "incomplete"
        );
        let tls = "tls --addr 127.0.0.1:9";
        assert_eq!(status(tls, &|r| r.ops = 1), "ok");
        assert_eq!(
            status(tls, &|r| (r.ops, r.note) = (1, Some("stopped".into()))),
            "incomplete"
        );
        let echo = "echo --addr 127.0.0.1:9";
        assert_eq!(status(echo, &|r| r.ops = 1), "ok");
        assert_eq!(status(echo, &|r| r.ops = 0), "incomplete");
        assert_eq!(status(echo, &|r| (r.ops, r.errors) = (5, 1)), "incomplete");
    }

    #[test]
    fn server_sampled_only_with_a_pid() {
        let mut r = Report::default();
        sample_server(&mut r, None);
        assert!(r.server_rss_kb.is_none() && r.server_hwm_kb.is_none());
        sample_server(&mut r, Some(std::process::id()));
        assert!(r.server_rss_kb.unwrap() > 0 && r.server_hwm_kb.unwrap() > 0);
    }
}
