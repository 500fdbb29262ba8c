//! The Markdown report: a header line naming the machine and the run, one
//! table row per metric, then notes on how each kind of scenario is measured.

use std::fmt::Write as _;

use super::format::fmt_ratio;
use crate::runner::{
    machine::Machine,
    scenarios::{Kind, arg_value},
    summary::{RowOut, ScenarioOut},
};

/// The ratio column: `0.85×`, `=` when both are zero, else `—`.
fn ratio_text(row: &RowOut) -> String {
    match (row.ratio, row.native, row.rsock) {
        (Some(q), _, _) => fmt_ratio(q),
        // Both zero (e.g. no errors on either side).
        (None, Some(n), Some(r)) if n == 0.0 && r == 0.0 => "=".into(),
        (None, Some(_), Some(_)) => "—".into(),
        _ => "—".into(),
    }
}

/// The report: header line, table, notes (`background` ends them).
pub(crate) fn markdown(
    outs: &[ScenarioOut],
    machine: &Machine,
    rounds: usize,
    quick: bool,
    background: &str,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "{} on {} ({} cores), Linux {}, PHP {}, rsock {}; medians of {rounds} round{} (native and rsock alternating, a fresh server per run). ↑ higher is better, ↓ lower is better.\n",
        if quick {
            "`make bench-quick` (smaller subset, not for quoting)"
        } else {
            "`make bench`"
        },
        machine.cpu_model,
        machine.nproc,
        machine.kernel,
        machine.php_version,
        machine.rsock_commit,
        if rounds == 1 { "" } else { "s" },
    );
    md.push_str(
        "| Scenario | Metric | native | rsock | rsock/native |\n|---|---|---:|---:|---:|\n",
    );
    for o in outs {
        for (i, row) in o.rows.iter().enumerate() {
            let name = if i == 0 {
                o.scenario.title.as_str()
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "| {name} | {} | {} | {} | {} |",
                row.label,
                row.native_text,
                row.rsock_text,
                ratio_text(row)
            );
        }
    }
    let burst_to = outs
        .iter()
        .find(|o| o.scenario.kind == Kind::Burst)
        .and_then(|o| arg_value(&o.scenario.args, "--timeout"));
    md.push_str("\nServers: `benches/php/echo_server.php` (echo, hold, mixed), `loop_server.php` (event loop: the streams in array properties keyed by resource id, copied into each select, a listener per ready stream), `accept_close.php` (connect, burst), `bulk_sink.php` (bulk), `tls_server.php` (TLS), ");
    md.push_str("each a plain-built-ins script run unchanged on both; listen backlog is PHP's default (native 32, rsock `somaxconn`). ");
    md.push_str("Server CPU = utime+stime of the PHP process from before the load until it is idle after it, per message / connection / MiB. ");
    md.push_str("Hold: every connection is opened and greeted (one round trip, at most 16 being opened at once), left idle, then all are pinged at once; RSS per idle conn = (VmRSS with all open − VmRSS before) / N. ");
    if let Some(t) = burst_to {
        let _ = write!(
            md,
            "Burst: latencies over every attempt, an unanswered connection counted as the {t} s after which loadgen gave up (a lower bound). "
        );
    }
    if outs.iter().any(|o| o.scenario.kind == Kind::Tls) {
        md.push_str("TLS: every connection is a full TLS 1.3 handshake (no resumption, no client certificate; loadgen on OpenSSL does not verify the server's self-signed ECDSA P-256 certificate, generated at server start), then one 64 B echo, then the client closes; at most 16 connections at once, so native's backlog of 32 never drops one; handshake latency = connect start to handshake done; CPU per handshake counts the whole connection. `tcp:// + enable_crypto`: a plain listener with the `ssl` options in its context and `stream_socket_enable_crypto()` on each non-blocking accepted connection from the select loop; `ssl:// accept`: an `ssl://` listener, whose `stream_socket_accept()` does the handshake (blocking) before it returns the connection. Both set `tcp_nodelay` (else TLS 1.3's session tickets leave the echo waiting 40 ms for a delayed ACK). ");
    }
    for o in outs.iter().filter(|o| o.scenario.kind == Kind::Tls) {
        let busy: Vec<&str> = [("native", &o.native), ("rsock", &o.rsock)]
            .into_iter()
            .filter(|(_, side)| side.medians.get("loadgen_busy").is_some_and(|&b| b >= 0.9))
            .map(|(name, _)| name)
            .collect();
        if !busy.is_empty() {
            let _ = write!(
                md,
                "{}: loadgen (one thread) was busy all along on the {} side, so that rate is the client's limit, a lower bound for the server (compare CPU per handshake). ",
                o.scenario.title,
                busy.join(" and ")
            );
        }
    }
    if outs.iter().any(|o| o.scenario.script.contains("workers")) {
        md.push_str("Workers: `examples/workers.php` with 1 and 2 workers (a master and its forked workers, each listening on the port with `so_reuseport`); every connection sends `quit`, reads `bye` and is closed by the server; 16 at once, below native's backlog of 32 per worker; server CPU and RSS are summed over the master and its workers (RSS counts memory the forked processes share once per process); loadgen shares the 2 cores with the workers. ");
    }
    md.push_str("`failed (FD_SETSIZE)`: PHP's `stream_select()` warned that a descriptor is beyond FD_SETSIZE (1024) and the server stopped. ");
    md.push_str(background);
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::testutil::{machine, out, scenario};

    fn echo() -> ScenarioOut {
        out(
            &scenario("echo-50"),
            &[("throughput", 1000.0), ("p99_us", 200.0), ("errors", 0.0)],
            &[("throughput", 2500.0), ("p99_us", 100.0), ("errors", 0.0)],
        )
    }

    #[test]
    fn header_and_table() {
        let md = markdown(&[echo()], &machine(), 3, false, "Background.");
        let lines: Vec<&str> = md.lines().collect();
        assert!(lines[0].starts_with(
            "`make bench` on Test CPU (2 cores), Linux 6.1.0, PHP 8.3.0, rsock abc1234; medians of 3 rounds (native"
        ));
        assert_eq!(lines[1], "");
        assert_eq!(
            lines[2],
            "| Scenario | Metric | native | rsock | rsock/native |"
        );
        assert_eq!(lines[3], "|---|---|---:|---:|---:|");
        assert_eq!(
            lines[4],
            "| echo 64 B, 50 conns | throughput ↑ | 1,000 msg/s | 2,500 msg/s | 2.50× |"
        );
        assert_eq!(
            lines[5],
            "|  | p99 round trip ↓ | 200 µs | 100 µs | 0.50× |"
        );
        assert_eq!(lines[6], "|  | server CPU per msg ↓ | n/a | n/a | — |");
        assert!(md.ends_with(" Background.\n"));
        assert!(!md.contains("Burst:") && !md.contains("TLS:") && !md.contains("Workers:"));
    }

    #[test]
    fn note_for_workers() {
        let w = out(&scenario("workers-2"), &[], &[]);
        let md = markdown(&[w], &machine(), 3, false, "");
        assert!(md.contains("Workers: `examples/workers.php` with 1 and 2 workers"));
        assert!(md.contains("summed over the master and its workers"));
    }

    #[test]
    fn quick_and_one_round() {
        let md = markdown(&[echo()], &machine(), 1, true, "");
        assert!(md.starts_with("`make bench-quick` (smaller subset, not for quoting) on "));
        assert!(md.contains("; medians of 1 round (native"));
    }

    #[test]
    fn ratio_column() {
        let s = scenario("burst-2000");
        let o = out(&s, &[("errors", 0.0)], &[("errors", 0.0)]);
        let errors = o.rows.iter().find(|r| r.metric == "errors").unwrap();
        assert_eq!(ratio_text(errors), "=");
        let o = out(&s, &[("errors", 0.0)], &[("errors", 7.0)]);
        let errors = o.rows.iter().find(|r| r.metric == "errors").unwrap();
        assert_eq!(ratio_text(errors), "—");
        let o = out(&s, &[("errors", 4.0)], &[("errors", 1.0)]);
        let errors = o.rows.iter().find(|r| r.metric == "errors").unwrap();
        assert_eq!(ratio_text(errors), "0.25×");
        assert_eq!(ratio_text(&o.rows[0]), "—", "no value on either side");
    }

    #[test]
    fn notes_for_burst_and_tls() {
        let burst = out(&scenario("burst-2000"), &[], &[]);
        let tls = out(
            &scenario("tls-handshakes"),
            &[("loadgen_busy", 0.95)],
            &[("loadgen_busy", 0.5)],
        );
        let md = markdown(&[burst, tls], &machine(), 3, false, "");
        assert!(
            md.contains("an unanswered connection counted as the 15 s after which loadgen gave up")
        );
        assert!(md.contains("TLS: every connection is a full TLS 1.3 handshake"));
        assert!(md.contains(
            "TLS 1.3 handshakes, tcp:// + enable_crypto, 16 at once: loadgen (one thread) was busy all along on the native side, so"
        ));
    }
}
