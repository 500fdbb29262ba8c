//! loadgen's command line: the mode, its options and their defaults
//! (some depend on the mode), and the checks on them.

use std::net::SocketAddr;

use serde::Serialize;

/// The usage line printed after a command-line error.
pub(crate) const USAGE: &str = "usage: loadgen echo|connect|burst|hold|mixed|bulk|tls --addr 127.0.0.1:PORT [options] (see the source header)";

/// The options (the report's `params`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Args {
    pub(crate) mode: String,
    pub(crate) addr: Option<SocketAddr>,
    pub(crate) conns: usize,
    pub(crate) size: usize,
    pub(crate) duration_s: f64,
    pub(crate) count: u64,
    pub(crate) concurrency: usize,
    pub(crate) idle: usize,
    pub(crate) active: usize,
    pub(crate) bytes: u64,
    pub(crate) chunk: usize,
    pub(crate) timeout_s: f64,
    pub(crate) max_time_s: f64,
    pub(crate) setup_concurrency: usize,
    pub(crate) idle_ms: u64,
    pub(crate) pid: Option<u32>,
    /// tls: TLS 1.2 instead of TLS 1.3.
    pub(crate) tls12: bool,
    /// connect, burst: the bytes each connection sends (`\n` in the value is a newline) ...
    pub(crate) request: String,
    /// ... and how many bytes it reads back before the server's close.
    pub(crate) reply_bytes: usize,
}

/// Parses the command line (`args` without the program name): the mode,
/// then options; defaults filled in.
pub(crate) fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let mode = it.next().ok_or("missing mode")?;
    let mut a = Args {
        mode,
        addr: None,
        conns: 0,
        size: 64,
        duration_s: 5.0,
        count: u64::MAX,
        concurrency: 50,
        idle: 900,
        active: 50,
        bytes: 1 << 30,
        chunk: 256 << 10,
        timeout_s: 10.0,
        max_time_s: 120.0,
        setup_concurrency: 16,
        idle_ms: 500,
        pid: None,
        tls12: false,
        request: "x".into(),
        reply_bytes: 1,
    };
    let (mut seen_count, mut seen_duration, mut seen_concurrency) = (false, false, false);
    while let Some(key) = it.next() {
        if key == "--tls12" {
            a.tls12 = true;
            continue;
        }
        seen_count |= key == "--count";
        seen_duration |= key == "--duration";
        seen_concurrency |= key == "--concurrency";
        let value = it.next().ok_or_else(|| format!("{key} needs a value"))?;
        let bad = || format!("bad value for {key}: {value}");
        match key.as_str() {
            "--addr" => a.addr = Some(value.parse().map_err(|_| format!("bad --addr {value}"))?),
            "--conns" => a.conns = value.parse().map_err(|_| bad())?,
            "--size" => a.size = value.parse().map_err(|_| bad())?,
            "--duration" => a.duration_s = value.parse().map_err(|_| bad())?,
            "--count" => a.count = value.parse().map_err(|_| bad())?,
            "--concurrency" => a.concurrency = value.parse().map_err(|_| bad())?,
            "--idle" => a.idle = value.parse().map_err(|_| bad())?,
            "--active" => a.active = value.parse().map_err(|_| bad())?,
            "--bytes" => a.bytes = value.parse().map_err(|_| bad())?,
            "--chunk" => a.chunk = value.parse().map_err(|_| bad())?,
            "--timeout" => a.timeout_s = value.parse().map_err(|_| bad())?,
            "--max-time" => a.max_time_s = value.parse().map_err(|_| bad())?,
            "--setup-concurrency" => a.setup_concurrency = value.parse().map_err(|_| bad())?,
            "--idle-ms" => a.idle_ms = value.parse().map_err(|_| bad())?,
            "--pid" => a.pid = Some(value.parse().map_err(|_| bad())?),
            "--request" => a.request = value.replace("\\n", "\n"),
            "--reply-bytes" => a.reply_bytes = value.parse().map_err(|_| bad())?,
            _ => return Err(format!("unknown option {key}")),
        }
    }
    if a.conns == 0 {
        a.conns = match a.mode.as_str() {
            "burst" => 2000,
            "hold" => 1000,
            _ => 50,
        };
    }
    if a.mode == "tls" {
        // Bounded by count; the duration only stops a run that is far too slow.
        if !seen_count {
            a.count = 2000;
        }
        if !seen_duration {
            a.duration_s = 60.0;
        }
        if !seen_concurrency {
            a.concurrency = 16;
        }
    }
    let addr = a.addr.ok_or("--addr is required")?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "{addr} is not a loopback address; loadgen only drives loopback"
        ));
    }
    if a.size == 0 || a.chunk == 0 || a.concurrency == 0 || a.setup_concurrency == 0 {
        return Err("--size, --chunk, --concurrency and --setup-concurrency must be > 0".into());
    }
    if a.request.is_empty() || a.reply_bytes == 0 {
        return Err("--request must not be empty and --reply-bytes must be > 0".into());
    }
    if !(a.duration_s > 0.0 && a.timeout_s > 0.0 && a.max_time_s > 0.0) {
        return Err("--duration, --timeout and --max-time must be > 0".into());
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &str) -> Result<Args, String> {
        parse_args(args.split_whitespace().map(String::from))
    }

    #[test]
    fn defaults() {
        let a = parse("echo --addr 127.0.0.1:9").unwrap();
        assert_eq!(a.addr, Some("127.0.0.1:9".parse().unwrap()));
        assert_eq!(
            (a.conns, a.size, a.duration_s, a.count),
            (50, 64, 5.0, u64::MAX)
        );
        assert_eq!((a.concurrency, a.idle, a.active), (50, 900, 50));
        assert_eq!((a.bytes, a.chunk), (1 << 30, 256 << 10));
        assert_eq!((a.timeout_s, a.max_time_s), (10.0, 120.0));
        assert_eq!(
            (a.setup_concurrency, a.idle_ms, a.pid, a.tls12),
            (16, 500, None, false)
        );
        assert_eq!((a.request.as_str(), a.reply_bytes), ("x", 1));
    }

    #[test]
    fn request_and_reply() {
        let a = parse("connect --addr 127.0.0.1:9 --request quit\\n --reply-bytes 4").unwrap();
        assert_eq!((a.request.as_str(), a.reply_bytes), ("quit\n", 4));
        let real_newline = parse_args(
            ["connect", "--addr", "127.0.0.1:9", "--request", "quit\n"].map(String::from),
        )
        .unwrap();
        assert_eq!(real_newline.request, "quit\n");
        for bad in ["--reply-bytes 0", "--request \"\""] {
            let e = parse_args(
                format!("connect --addr 127.0.0.1:9 {bad}")
                    .split_whitespace()
                    .map(|w| w.trim_matches('"').to_string()),
            )
            .err();
            assert_eq!(
                e.as_deref(),
                Some("--request must not be empty and --reply-bytes must be > 0"),
                "{bad}"
            );
        }
    }

    #[test]
    fn conns_default_by_mode() {
        let conns = |mode: &str| parse(&format!("{mode} --addr 127.0.0.1:9")).unwrap().conns;
        assert_eq!(conns("burst"), 2000);
        assert_eq!(conns("hold"), 1000);
        assert_eq!(conns("connect"), 50);
        assert_eq!(parse("hold --addr 127.0.0.1:9 --conns 7").unwrap().conns, 7);
    }

    #[test]
    fn tls_bounded_by_count() {
        let a = parse("tls --addr 127.0.0.1:9").unwrap();
        assert_eq!((a.count, a.duration_s, a.concurrency), (2000, 60.0, 16));
        let a =
            parse("tls --addr 127.0.0.1:9 --count 5 --duration 2 --concurrency 3 --tls12").unwrap();
        assert_eq!(
            (a.count, a.duration_s, a.concurrency, a.tls12),
            (5, 2.0, 3, true)
        );
    }

    #[test]
    fn every_option() {
        let a = parse(
            "mixed --addr [::1]:9 --conns 1 --size 2 --duration 3.5 --count 4 --concurrency 5 \
             --idle 6 --active 7 --bytes 8 --chunk 9 --timeout 10.5 --max-time 11 \
             --setup-concurrency 12 --idle-ms 13 --pid 14",
        )
        .unwrap();
        assert_eq!(a.mode, "mixed");
        assert_eq!(
            (a.conns, a.size, a.duration_s, a.count, a.concurrency),
            (1, 2, 3.5, 4, 5)
        );
        assert_eq!((a.idle, a.active, a.bytes, a.chunk), (6, 7, 8, 9));
        assert_eq!(
            (a.timeout_s, a.max_time_s, a.setup_concurrency),
            (10.5, 11.0, 12)
        );
        assert_eq!((a.idle_ms, a.pid), (13, Some(14)));
    }

    #[test]
    fn errors() {
        let err = |args: &str| parse(args).err().unwrap();
        assert_eq!(err(""), "missing mode");
        assert_eq!(err("echo"), "--addr is required");
        assert_eq!(err("echo --addr nope"), "bad --addr nope");
        assert_eq!(
            err("echo --addr 10.0.0.1:9"),
            "10.0.0.1:9 is not a loopback address; loadgen only drives loopback"
        );
        assert_eq!(
            err("echo --addr 127.0.0.1:9 --conns"),
            "--conns needs a value"
        );
        assert_eq!(
            err("echo --addr 127.0.0.1:9 --conns x"),
            "bad value for --conns: x"
        );
        assert_eq!(err("echo --frob 1"), "unknown option --frob");
        for zero in [
            "--size 0",
            "--chunk 0",
            "--concurrency 0",
            "--setup-concurrency 0",
        ] {
            assert_eq!(
                err(&format!("echo --addr 127.0.0.1:9 {zero}")),
                "--size, --chunk, --concurrency and --setup-concurrency must be > 0"
            );
        }
        for zero in ["--duration 0", "--timeout -1", "--max-time 0"] {
            assert_eq!(
                err(&format!("echo --addr 127.0.0.1:9 {zero}")),
                "--duration, --timeout and --max-time must be > 0"
            );
        }
        // The mode is checked where it is run, not here.
        assert!(parse("nope --addr 127.0.0.1:9").is_ok());
    }
}
