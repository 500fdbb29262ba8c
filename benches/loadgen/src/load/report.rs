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

/// Samples the server's VmRSS and VmHWM (when `--pid` was given).
pub(crate) fn sample_server(r: &mut Report, pid: Option<u32>) {
    if let Some(pid) = pid {
        r.server_rss_kb = procfs::status_kb(pid, "VmRSS");
        r.server_hwm_kb = procfs::status_kb(pid, "VmHWM");
    }
}
