//! The scenario table: what each benchmark runs (server script, loadgen mode
//! and arguments, time cap), the full list and the `--quick` subset.

use serde::Serialize;

/// What a scenario measures; decides the loadgen mode's meaning, the
/// table's rows and the unit CPU time is divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Echo,
    Connect,
    Burst,
    Bulk,
    Hold,
    Mixed,
    Tls,
}

/// One benchmark: a server script on both implementations under one loadgen mode.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Scenario {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) kind: Kind,
    /// A file in benches/php/, or a path from the checkout's root (`examples/workers.php`).
    pub(crate) script: &'static str,
    /// The address the server script is given to listen on (its argv[1]).
    pub(crate) listen: &'static str,
    /// Arguments after the address (workers: the number of workers).
    pub(crate) server_args: Vec<String>,
    pub(crate) mode: &'static str,
    pub(crate) args: Vec<String>,
    /// Connections held idle (hold: RSS per idle connection).
    pub(crate) held: u64,
    /// A run fails when loadgen reports any error (not for burst, where errors are a result).
    pub(crate) errors_fail: bool,
    /// Hard cap on one loadgen process, seconds.
    pub(crate) cap_s: f64,
    pub(crate) note: Option<String>,
}

fn sc(
    id: &str,
    title: &str,
    kind: Kind,
    script: &'static str,
    mode: &'static str,
    args: &[&str],
    cap_s: f64,
) -> Scenario {
    Scenario {
        id: id.into(),
        title: title.into(),
        kind,
        script,
        listen: "tcp://127.0.0.1:0",
        server_args: Vec::new(),
        mode,
        args: args.iter().map(|s| s.to_string()).collect(),
        held: 0,
        errors_fail: kind != Kind::Burst,
        cap_s,
        note: None,
    }
}

/// The multi-process example the `workers-N` scenarios run (path from the root).
const WORKERS: &str = "examples/workers.php";

/// Every scenario in table order, or the `--quick` subset with shorter runs.
pub(crate) fn scenarios(quick: bool) -> Vec<Scenario> {
    let echo = "echo_server.php";
    let lp = "loop_server.php";
    let ac = "accept_close.php";
    let tls = "tls_server.php";
    let d = if quick { "2" } else { "4" };
    // Full handshakes (no resumption), each followed by one 64 B echo; bounded
    // by the count (--duration only stops a run that is far too slow).
    let tls_args = [
        "--concurrency",
        "16",
        "--count",
        if quick { "500" } else { "2000" },
        "--size",
        "64",
        "--timeout",
        "10",
        "--duration",
        "60",
    ];
    // examples/workers.php: connect, `quit\n`, `bye\n`, the server closes.
    let workers_args = [
        "--concurrency",
        "16",
        "--duration",
        d,
        "--timeout",
        "10",
        "--request",
        "quit\n",
        "--reply-bytes",
        "4",
    ];
    let mut v = vec![
        sc(
            "echo-1",
            "echo 64 B, 1 conn",
            Kind::Echo,
            echo,
            "echo",
            &["--conns", "1", "--size", "64", "--duration", d],
            60.0,
        ),
        sc(
            "echo-50",
            "echo 64 B, 50 conns",
            Kind::Echo,
            echo,
            "echo",
            &["--conns", "50", "--size", "64", "--duration", d],
            60.0,
        ),
        sc(
            "echo-500",
            "echo 64 B, 500 conns",
            Kind::Echo,
            echo,
            "echo",
            &["--conns", "500", "--size", "64", "--duration", d],
            90.0,
        ),
        sc(
            "connect-50",
            "connect, concurrency 50",
            Kind::Connect,
            ac,
            "connect",
            &["--concurrency", "50", "--duration", d, "--timeout", "10"],
            60.0,
        ),
        sc(
            "burst-2000",
            "burst of 2,000 connects",
            Kind::Burst,
            ac,
            "burst",
            &["--conns", "2000", "--timeout", "15"],
            60.0,
        ),
        sc(
            "bulk-1g",
            "bulk 1 GiB, 1 conn",
            Kind::Bulk,
            "bulk_sink.php",
            "bulk",
            &[
                "--bytes",
                "1073741824",
                "--chunk",
                "262144",
                "--timeout",
                "30",
            ],
            90.0,
        ),
        sc(
            "hold-1000",
            "hold 1,000 idle",
            Kind::Hold,
            echo,
            "hold",
            &["--conns", "1000", "--size", "64", "--timeout", "10"],
            90.0,
        ),
        sc(
            "mixed-900-50",
            "mixed 900 idle + 50 active",
            Kind::Mixed,
            echo,
            "mixed",
            &[
                "--idle",
                "900",
                "--active",
                "50",
                "--size",
                "64",
                "--duration",
                d,
            ],
            120.0,
        ),
        sc(
            "hold-10000",
            "hold 10,000 idle",
            Kind::Hold,
            echo,
            "hold",
            &["--conns", "10000", "--size", "64", "--timeout", "10"],
            180.0,
        ),
        sc(
            "mixed-10000-50",
            "mixed 10,000 idle + 50 active",
            Kind::Mixed,
            echo,
            "mixed",
            &[
                "--idle",
                "10000",
                "--active",
                "50",
                "--size",
                "64",
                "--duration",
                d,
            ],
            180.0,
        ),
        sc(
            "loop-1000-50",
            "event loop, 1,000 idle + 50 active",
            Kind::Mixed,
            lp,
            "mixed",
            &[
                "--idle",
                "1000",
                "--active",
                "50",
                "--size",
                "64",
                "--duration",
                d,
            ],
            120.0,
        ),
        sc(
            "loop-10000-50",
            "event loop, 10,000 idle + 50 active",
            Kind::Mixed,
            lp,
            "mixed",
            &[
                "--idle",
                "10000",
                "--active",
                "50",
                "--size",
                "64",
                "--duration",
                d,
            ],
            180.0,
        ),
        sc(
            "loop-19000-50",
            "event loop, 19,000 idle + 50 active",
            Kind::Mixed,
            lp,
            "mixed",
            &[
                "--idle",
                "19000",
                "--active",
                "50",
                "--size",
                "64",
                "--duration",
                d,
            ],
            300.0,
        ),
        sc(
            "hold-19000",
            "event loop, hold 19,000 idle",
            Kind::Hold,
            lp,
            "hold",
            &["--conns", "19000", "--size", "64", "--timeout", "10"],
            300.0,
        ),
        sc(
            "tls-handshakes",
            "TLS 1.3 handshakes, tcp:// + enable_crypto, 16 at once",
            Kind::Tls,
            tls,
            "tls",
            &tls_args,
            90.0,
        ),
        sc(
            "tls-handshakes-ssl",
            "TLS 1.3 handshakes, ssl:// accept, 16 at once",
            Kind::Tls,
            tls,
            "tls",
            &tls_args,
            90.0,
        ),
        sc(
            "workers-1",
            "workers.php, 1 worker: connect, 1 line, close; 16 at once",
            Kind::Connect,
            WORKERS,
            "connect",
            &workers_args,
            60.0,
        ),
        sc(
            "workers-2",
            "workers.php, 2 workers: connect, 1 line, close; 16 at once",
            Kind::Connect,
            WORKERS,
            "connect",
            &workers_args,
            60.0,
        ),
    ];
    for s in &mut v {
        if s.kind == Kind::Hold {
            s.held = arg_value(&s.args, "--conns").unwrap_or(0);
        }
        if s.id.contains("10000") || s.id.contains("19000") {
            s.note = Some("needs more than 1,024 descriptors: beyond stream_select()'s FD_SETSIZE on native PHP".into());
        }
        if s.kind == Kind::Tls {
            s.note = Some("TLS 1.3 only, server certificate self-signed ECDSA P-256 (generated at server start), no client certificate, every connection a full handshake; 16 clients at once stay below native's listen backlog (32)".into());
        }
        if s.id == "tls-handshakes-ssl" {
            s.listen = "ssl://127.0.0.1:0";
        }
        if let Some(n) = s.id.strip_prefix("workers-") {
            s.server_args = vec![n.to_string()];
            s.note = Some("examples/workers.php: a master and N forked workers, each listening on the port with so_reuseport; server CPU and RSS are summed over the master and its workers; 16 clients at once stay below native's listen backlog (32)".into());
        }
    }
    if quick {
        let keep = [
            "echo-50",
            "connect-50",
            "burst-2000",
            "bulk-1g",
            "hold-1000",
            "tls-handshakes",
        ];
        v.retain(|s| keep.contains(&s.id.as_str()));
        for s in &mut v {
            if s.id == "bulk-1g" {
                s.id = "bulk-256m".into();
                s.title = "bulk 256 MiB, 1 conn".into();
                s.args = vec![
                    "--bytes".into(),
                    "268435456".into(),
                    "--chunk".into(),
                    "262144".into(),
                    "--timeout".into(),
                    "30".into(),
                ];
            }
            if s.id == "burst-2000" {
                // Native's SYN-retry stalls can leave connections unanswered past 15 s:
                // the quick run waits 5 s and counts the rest as errors.
                s.args = vec![
                    "--conns".into(),
                    "2000".into(),
                    "--timeout".into(),
                    "5".into(),
                ];
            }
        }
    }
    v
}

/// The number after `key` in a loadgen argument list.
pub(crate) fn arg_value(args: &[String], key: &str) -> Option<u64> {
    let i = args.iter().position(|a| a == key)?;
    args.get(i + 1)?.parse().ok()
}

/// echo, mixed and bulk: no connection churn, so any CPU neither server
/// nor loadgen used is someone else's.
pub(crate) fn is_steady(s: &Scenario) -> bool {
    matches!(s.kind, Kind::Echo | Kind::Mixed | Kind::Bulk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[Scenario]) -> Vec<&str> {
        v.iter().map(|s| s.id.as_str()).collect()
    }

    fn find<'a>(v: &'a [Scenario], id: &str) -> &'a Scenario {
        v.iter().find(|s| s.id == id).unwrap()
    }

    #[test]
    fn full_table_in_order() {
        let v = scenarios(false);
        assert_eq!(
            ids(&v),
            [
                "echo-1",
                "echo-50",
                "echo-500",
                "connect-50",
                "burst-2000",
                "bulk-1g",
                "hold-1000",
                "mixed-900-50",
                "hold-10000",
                "mixed-10000-50",
                "loop-1000-50",
                "loop-10000-50",
                "loop-19000-50",
                "hold-19000",
                "tls-handshakes",
                "tls-handshakes-ssl",
                "workers-1",
                "workers-2",
            ]
        );
        assert_eq!(arg_value(&find(&v, "echo-50").args, "--duration"), Some(4));
        assert_eq!(
            arg_value(&find(&v, "bulk-1g").args, "--bytes"),
            Some(1 << 30)
        );
        assert_eq!(
            arg_value(&find(&v, "tls-handshakes").args, "--count"),
            Some(2000)
        );
    }

    #[test]
    fn quick_subset_is_shorter() {
        let v = scenarios(true);
        assert_eq!(
            ids(&v),
            [
                "echo-50",
                "connect-50",
                "burst-2000",
                "bulk-256m",
                "hold-1000",
                "tls-handshakes",
            ]
        );
        assert_eq!(arg_value(&find(&v, "echo-50").args, "--duration"), Some(2));
        let bulk = find(&v, "bulk-256m");
        assert_eq!(bulk.title, "bulk 256 MiB, 1 conn");
        assert_eq!(arg_value(&bulk.args, "--bytes"), Some(256 << 20));
        assert_eq!(
            arg_value(&find(&v, "burst-2000").args, "--timeout"),
            Some(5)
        );
        assert_eq!(
            arg_value(&find(&v, "tls-handshakes").args, "--count"),
            Some(500)
        );
    }

    #[test]
    fn derived_fields() {
        for s in scenarios(false) {
            assert_eq!(s.errors_fail, s.kind != Kind::Burst, "{}", s.id);
            let held = if s.kind == Kind::Hold {
                arg_value(&s.args, "--conns").unwrap()
            } else {
                0
            };
            assert_eq!(s.held, held, "{}", s.id);
            let listen = if s.id == "tls-handshakes-ssl" {
                "ssl://127.0.0.1:0"
            } else {
                "tcp://127.0.0.1:0"
            };
            assert_eq!(s.listen, listen, "{}", s.id);
            let noted = s.id.contains("10000")
                || s.id.contains("19000")
                || s.kind == Kind::Tls
                || s.id.starts_with("workers-");
            assert_eq!(s.note.is_some(), noted, "{}", s.id);
            if !s.id.starts_with("workers-") {
                assert!(s.server_args.is_empty(), "{}", s.id);
            }
        }
        let v = scenarios(false);
        assert_eq!(find(&v, "hold-10000").held, 10_000);
        let lp = find(&v, "loop-19000-50");
        assert_eq!(lp.script, "loop_server.php");
        assert_eq!(arg_value(&lp.args, "--idle"), Some(19_000));
        assert!(
            find(&v, "mixed-10000-50")
                .note
                .as_deref()
                .unwrap()
                .contains("FD_SETSIZE")
        );
    }

    #[test]
    fn workers_run_the_example_with_1_and_2_workers() {
        let v = scenarios(false);
        for (id, n) in [("workers-1", "1"), ("workers-2", "2")] {
            let s = find(&v, id);
            assert_eq!(
                (s.kind, s.script, s.mode),
                (Kind::Connect, WORKERS, "connect")
            );
            assert_eq!(s.server_args, [n]);
            assert_eq!(arg_value(&s.args, "--concurrency"), Some(16));
            assert_eq!(arg_value(&s.args, "--reply-bytes"), Some(4));
            let i = s.args.iter().position(|a| a == "--request").unwrap();
            assert_eq!(s.args[i + 1], "quit\n");
        }
        assert!(!ids(&scenarios(true)).contains(&"workers-2"));
    }

    #[test]
    fn arg_value_reads_the_number_after_the_key() {
        let args: Vec<String> = ["--conns", "50", "--size", "x", "--timeout"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(arg_value(&args, "--conns"), Some(50));
        assert_eq!(arg_value(&args, "--size"), None);
        assert_eq!(arg_value(&args, "--timeout"), None);
        assert_eq!(arg_value(&args, "--bytes"), None);
    }

    #[test]
    fn steady_kinds() {
        let steady: Vec<_> = scenarios(false)
            .into_iter()
            .filter(is_steady)
            .map(|s| s.id)
            .collect();
        assert_eq!(
            steady,
            [
                "echo-1",
                "echo-50",
                "echo-500",
                "bulk-1g",
                "mixed-900-50",
                "mixed-10000-50",
                "loop-1000-50",
                "loop-10000-50",
                "loop-19000-50"
            ]
        );
    }
}
