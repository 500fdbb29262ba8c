//! rsock's load generator: drives a TCP server on loopback and prints one JSON
//! report on stdout. Every mode is bounded in count and time and stops by
//! itself. Single-threaded (tokio current_thread), so on a small machine it
//! leaves the other cores to the server under test.
//!
//! ```text
//! loadgen echo    --addr 127.0.0.1:PORT [--conns 50] [--size 64] [--duration 5] [--count N]
//! loadgen connect --addr ... [--concurrency 50] [--duration 5] [--count N]
//! loadgen burst   --addr ... [--conns 2000] [--timeout 15]
//! loadgen hold    --addr ... [--conns 1000] [--size 64] [--idle-ms 500]
//! loadgen mixed   --addr ... [--idle 900] [--active 50] [--size 64] [--duration 5]
//! loadgen bulk    --addr ... [--bytes 1073741824] [--chunk 262144]
//! loadgen tls     --addr ... [--concurrency 16] [--count 2000] [--size 64] [--duration 60] [--tls12]
//! common: [--timeout S] per operation, [--max-time S] whole run,
//!         [--setup-concurrency 16] connections being opened (connect + one greeting round trip) at once,
//!         [--pid PID] the server's pid, to sample its memory while connections are held
//! ```
//!
//! Servers it expects: echo/hold/mixed an echo server; connect/burst a server
//! that reads one byte, writes one byte and closes; bulk a sink that answers
//! `OK <bytes>\n` after the client shuts down its side; tls a TLS echo server
//! (`tls_server.php`): every connection is a full handshake (no session is
//! ever offered for resumption, no client certificate, the server's
//! certificate is not verified), then one `size`-byte echo, then the client
//! closes (close_notify + FIN). TLS 1.3 only by default, `--tls12`: TLS 1.2 only.

use std::{
    collections::BTreeMap,
    io,
    net::SocketAddr,
    pin::Pin,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use crate::{Latency, procfs, raise_nofile};
use openssl::ssl::{
    ErrorCode, Ssl, SslContext, SslMethod, SslSessionCacheMode, SslVerifyMode, SslVersion,
};
use serde::Serialize;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    time::timeout,
};
use tokio_openssl::SslStream;

const USAGE: &str = "usage: loadgen echo|connect|burst|hold|mixed|bulk|tls --addr 127.0.0.1:PORT [options] (see the source header)";

#[derive(Debug, Clone, Serialize)]
struct Args {
    mode: String,
    addr: Option<SocketAddr>,
    conns: usize,
    size: usize,
    duration_s: f64,
    count: u64,
    concurrency: usize,
    idle: usize,
    active: usize,
    bytes: u64,
    chunk: usize,
    timeout_s: f64,
    max_time_s: f64,
    setup_concurrency: usize,
    idle_ms: u64,
    pid: Option<u32>,
    /// tls: TLS 1.2 instead of TLS 1.3.
    tls12: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
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
    if !(a.duration_s > 0.0 && a.timeout_s > 0.0 && a.max_time_s > 0.0) {
        return Err("--duration, --timeout and --max-time must be > 0".into());
    }
    Ok(a)
}

/// Errors by kind (`ECONNREFUSED`, `timeout(connect)`, ...).
#[derive(Debug, Default, Clone, Serialize)]
struct Errors(BTreeMap<String, u64>);

impl Errors {
    fn add(&mut self, kind: impl Into<String>) {
        *self.0.entry(kind.into()).or_insert(0) += 1;
    }
    fn merge(&mut self, other: Errors) {
        for (k, v) in other.0 {
            *self.0.entry(k).or_insert(0) += v;
        }
    }
    fn total(&self) -> u64 {
        self.0.values().sum()
    }
}

fn io_kind(stage: &str, e: &io::Error) -> String {
    let name = match e.raw_os_error() {
        Some(libc::ECONNREFUSED) => "ECONNREFUSED".to_string(),
        Some(libc::ECONNRESET) => "ECONNRESET".to_string(),
        Some(libc::EPIPE) => "EPIPE".to_string(),
        Some(libc::ETIMEDOUT) => "ETIMEDOUT".to_string(),
        Some(libc::EADDRNOTAVAIL) => "EADDRNOTAVAIL".to_string(),
        Some(libc::EMFILE) => "EMFILE".to_string(),
        Some(libc::ENFILE) => "ENFILE".to_string(),
        Some(code) => format!("errno {code}"),
        None if e.kind() == io::ErrorKind::UnexpectedEof => "eof".to_string(),
        None => format!("{:?}", e.kind()),
    };
    format!("{name}({stage})")
}

#[derive(Debug, Default, Serialize)]
struct Report {
    tool: &'static str,
    mode: String,
    /// "ok": everything planned was done without errors; "incomplete": errors
    /// or the time cap.
    status: &'static str,
    note: Option<String>,
    params: Option<Args>,
    /// What `ops` counts: "msg", "conn", "ping", "byte", "handshake" (tls: a
    /// connection whose handshake and echo both succeeded).
    unit: &'static str,
    ops: u64,
    elapsed_s: f64,
    /// ops per second over `elapsed_s`.
    rate: f64,
    /// tls: connect start to handshake done (TCP connect included).
    latency: Option<Latency>,
    connect_latency: Option<Latency>,
    /// tls: the echo round trip after the handshake.
    echo_latency: Option<Latency>,
    /// tls: the negotiated protocol and cipher (of the first connection that completed).
    tls_version: Option<String>,
    tls_cipher: Option<String>,
    /// burst: `latency`/`connect_latency` over every attempt, failed ones
    /// counted at the time loadgen gave up on them (connect: when the connect
    /// completed, if it did).
    latency_all: Option<Latency>,
    connect_latency_all: Option<Latency>,
    bytes: Option<u64>,
    errors: u64,
    error_kinds: Errors,
    /// Connections opened before the measured phase (hold, mixed, echo), and how long that took.
    connected: u64,
    setup_s: f64,
    /// The server's VmRSS/VmHWM (--pid) while every connection was open (hold, mixed).
    server_rss_kb: Option<u64>,
    server_hwm_kb: Option<u64>,
    nofile: (u64, u64),
}

async fn connect(addr: SocketAddr, to: Duration, nodelay: bool) -> Result<TcpStream, String> {
    match timeout(to, TcpStream::connect(addr)).await {
        Err(_) => Err("timeout(connect)".into()),
        Ok(Err(e)) => Err(io_kind("connect", &e)),
        Ok(Ok(s)) => {
            if nodelay {
                let _ = s.set_nodelay(true);
            }
            Ok(s)
        }
    }
}

/// Opens `n` echo connections, at most `concurrency` in flight, and greets
/// each with one `size`-byte round trip, so that every returned connection has
/// been accepted and served once (and the server's accept queue never holds
/// more than `concurrency` connections: the backlog is the burst's subject).
async fn open_many(
    addr: SocketAddr,
    n: usize,
    concurrency: usize,
    to: Duration,
    size: usize,
) -> (Vec<TcpStream>, Errors) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency.min(n) {
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut streams = Vec::new();
            let mut errors = Errors::default();
            let msg = vec![b'h'; size];
            let mut buf = vec![0u8; size];
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let mut s = match connect(addr, to, true).await {
                    Ok(s) => s,
                    Err(k) => {
                        errors.add(k);
                        continue;
                    }
                };
                match round_trip(&mut s, &msg, &mut buf, to).await {
                    Ok(()) => streams.push(s),
                    Err(k) => errors.add(k.replace("echo", "greeting")),
                }
            }
            (streams, errors)
        }));
    }
    let mut all = Vec::with_capacity(n);
    let mut errors = Errors::default();
    for w in workers {
        match w.await {
            Ok((s, e)) => {
                all.extend(s);
                errors.merge(e);
            }
            Err(_) => errors.add("task panicked"),
        }
    }
    (all, errors)
}

/// One request/response: writes `msg`, reads as many bytes back.
async fn round_trip(
    s: &mut TcpStream,
    msg: &[u8],
    buf: &mut [u8],
    to: Duration,
) -> Result<(), String> {
    match timeout(to, async {
        s.write_all(msg).await.map_err(|e| io_kind("write", &e))?;
        s.read_exact(buf).await.map_err(|e| io_kind("read", &e))?;
        Ok::<(), String>(())
    })
    .await
    {
        Err(_) => Err("timeout(echo)".to_string()),
        Ok(r) => r,
    }
}

struct EchoOut {
    samples: Vec<u64>,
    errors: Errors,
}

/// Echo round trips on each stream until `deadline` or until `budget` round trips were issued.
async fn echo_phase(
    streams: Vec<TcpStream>,
    size: usize,
    deadline: Instant,
    budget: u64,
    to: Duration,
) -> (EchoOut, Vec<TcpStream>) {
    let issued = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for mut s in streams {
        let issued = issued.clone();
        tasks.push(tokio::spawn(async move {
            let msg = vec![b'x'; size];
            let mut buf = vec![0u8; size];
            let mut samples = Vec::with_capacity(4096);
            let mut errors = Errors::default();
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < budget {
                let t0 = Instant::now();
                match round_trip(&mut s, &msg, &mut buf, to).await {
                    Ok(()) => samples.push(t0.elapsed().as_nanos() as u64),
                    Err(k) => {
                        errors.add(k);
                        break;
                    }
                }
            }
            (samples, errors, s)
        }));
    }
    let mut out = EchoOut {
        samples: Vec::new(),
        errors: Errors::default(),
    };
    let mut kept = Vec::new();
    for t in tasks {
        match t.await {
            Ok((samples, errors, s)) => {
                out.samples.extend(samples);
                out.errors.merge(errors);
                kept.push(s);
            }
            Err(_) => out.errors.add("task panicked"),
        }
    }
    (out, kept)
}

/// A failed [`one_shot`]: what went wrong, when the connect completed (if it
/// did) and when loadgen gave up, in nanoseconds since the start.
struct ShotError {
    kind: String,
    connected: Option<u64>,
    gave_up: u64,
}

/// connect, write one byte, read one byte, read to EOF (the server closes first).
/// Returns (connect latency, reply latency) in nanoseconds.
async fn one_shot(addr: SocketAddr, to: Duration) -> Result<(u64, u64), ShotError> {
    let t0 = Instant::now();
    let ns = move || t0.elapsed().as_nanos() as u64;
    let fail = |kind: String, connected: Option<u64>| ShotError {
        kind,
        connected,
        gave_up: ns(),
    };
    let deadline = tokio::time::Instant::from_std(t0 + to);
    let mut s = match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
        Err(_) => return Err(fail("timeout(connect)".into(), None)),
        Ok(Err(e)) => return Err(fail(io_kind("connect", &e), None)),
        Ok(Ok(s)) => s,
    };
    let connected = ns();
    let r = tokio::time::timeout_at(deadline, async {
        s.write_all(b"x").await.map_err(|e| io_kind("write", &e))?;
        let mut b = [0u8; 1];
        s.read_exact(&mut b)
            .await
            .map_err(|e| io_kind("read", &e))?;
        let replied = ns();
        let mut rest = [0u8; 16];
        match s.read(&mut rest).await {
            Ok(0) => Ok(replied),
            Ok(_) => Err("unexpected data".to_string()),
            Err(e) => Err(io_kind("read-eof", &e)),
        }
    })
    .await;
    match r {
        Err(_) => Err(fail("timeout(reply)".into(), Some(connected))),
        Ok(Err(k)) => Err(fail(k, Some(connected))),
        Ok(Ok(replied)) => Ok((connected, replied)),
    }
}

fn finish(r: &mut Report, samples: Vec<u64>, errors: Errors) {
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

fn sample_server(r: &mut Report, pid: Option<u32>) {
    if let Some(pid) = pid {
        r.server_rss_kb = procfs::status_kb(pid, "VmRSS");
        r.server_hwm_kb = procfs::status_kb(pid, "VmHWM");
    }
}

async fn run_echo(a: &Args, r: &mut Report) {
    r.unit = "msg";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t = Instant::now();
    let (streams, mut errors) = open_many(addr, a.conns, a.setup_concurrency, to, a.size).await;
    r.connected = streams.len() as u64;
    r.setup_s = t.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.duration_s);
    let (out, _streams) = echo_phase(streams, a.size, deadline, a.count, to).await;
    r.elapsed_s = t0.elapsed().as_secs_f64();
    errors.merge(out.errors);
    finish(r, out.samples, errors);
}

async fn run_mixed(a: &Args, r: &mut Report) {
    r.unit = "msg";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t = Instant::now();
    let (idle, mut errors) = open_many(addr, a.idle, a.setup_concurrency, to, a.size).await;
    let (active, e2) = open_many(addr, a.active, a.setup_concurrency, to, a.size).await;
    errors.merge(e2);
    r.connected = (idle.len() + active.len()) as u64;
    r.setup_s = t.elapsed().as_secs_f64();
    if errors.total() > 0 {
        // The server could not take every connection: no point measuring.
        r.elapsed_s = 0.0;
        finish(r, Vec::new(), errors);
        return;
    }
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.duration_s);
    let (out, _active) = echo_phase(active, a.size, deadline, a.count, to).await;
    r.elapsed_s = t0.elapsed().as_secs_f64();
    sample_server(r, a.pid);
    errors.merge(out.errors);
    finish(r, out.samples, errors);
    drop(idle);
}

async fn run_hold(a: &Args, r: &mut Report) {
    r.unit = "ping";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t = Instant::now();
    let (streams, mut errors) = open_many(addr, a.conns, a.setup_concurrency, to, a.size).await;
    r.connected = streams.len() as u64;
    r.setup_s = t.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(a.idle_ms)).await;
    // Ping every connection at once.
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for mut s in streams {
        let size = a.size;
        tasks.push(tokio::spawn(async move {
            let msg = vec![b'p'; size];
            let mut buf = vec![0u8; size];
            let t = Instant::now();
            let res = round_trip(&mut s, &msg, &mut buf, to).await;
            (res.map(|()| t.elapsed().as_nanos() as u64), s)
        }));
    }
    let mut samples = Vec::new();
    let mut kept = Vec::new();
    for t in tasks {
        match t.await {
            Ok((Ok(ns), s)) => {
                samples.push(ns);
                kept.push(s);
            }
            Ok((Err(k), s)) => {
                errors.add(k);
                kept.push(s);
            }
            Err(_) => errors.add("task panicked"),
        }
    }
    r.elapsed_s = t0.elapsed().as_secs_f64();
    // Every connection is open, accepted and has been served once.
    sample_server(r, a.pid);
    finish(r, samples, errors);
    drop(kept);
}

async fn run_connect(a: &Args, r: &mut Report) {
    r.unit = "conn";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.duration_s);
    let issued = Arc::new(AtomicU64::new(0));
    let budget = a.count;
    let mut workers = Vec::new();
    for _ in 0..a.concurrency {
        let issued = issued.clone();
        workers.push(tokio::spawn(async move {
            let (mut conn, mut reply, mut errors) = (Vec::new(), Vec::new(), Errors::default());
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < budget {
                match one_shot(addr, to).await {
                    Ok((c, rep)) => {
                        conn.push(c);
                        reply.push(rep);
                    }
                    Err(e) => errors.add(e.kind),
                }
            }
            (conn, reply, errors)
        }));
    }
    let (mut conn, mut reply, mut errors) = (Vec::new(), Vec::new(), Errors::default());
    for w in workers {
        match w.await {
            Ok((c, rep, e)) => {
                conn.extend(c);
                reply.extend(rep);
                errors.merge(e);
            }
            Err(_) => errors.add("task panicked"),
        }
    }
    r.elapsed_s = t0.elapsed().as_secs_f64();
    r.connect_latency = Latency::from_nanos(conn);
    finish(r, reply, errors);
}

async fn run_burst(a: &Args, r: &mut Report) {
    r.unit = "conn";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t0 = Instant::now();
    // All at once: every task starts its connect in the runtime's first pass.
    let tasks: Vec<_> = (0..a.conns)
        .map(|_| tokio::spawn(one_shot(addr, to)))
        .collect();
    let (mut conn, mut reply, mut errors) = (Vec::new(), Vec::new(), Errors::default());
    // Latencies over every attempt: an unanswered connection counts with the
    // time loadgen gave up on it (a lower bound), so failures are not left out.
    let (mut conn_all, mut reply_all) = (Vec::new(), Vec::new());
    for t in tasks {
        match t.await {
            Ok(Ok((c, rep))) => {
                conn.push(c);
                reply.push(rep);
                conn_all.push(c);
                reply_all.push(rep);
            }
            Ok(Err(e)) => {
                conn_all.push(e.connected.unwrap_or(e.gave_up));
                reply_all.push(e.gave_up);
                errors.add(e.kind);
            }
            Err(_) => errors.add("task panicked"),
        }
    }
    r.elapsed_s = t0.elapsed().as_secs_f64();
    r.connect_latency = Latency::from_nanos(conn);
    r.connect_latency_all = Latency::from_nanos(conn_all);
    r.latency_all = Latency::from_nanos(reply_all);
    finish(r, reply, errors);
}

async fn run_bulk(a: &Args, r: &mut Report) {
    r.unit = "byte";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let mut errors = Errors::default();
    let t0 = Instant::now();
    let result: Result<u64, String> = async {
        let mut s = connect(addr, to, false).await?;
        let buf: Vec<u8> = (0..a.chunk).map(|i| (i % 251) as u8).collect();
        let mut left = a.bytes;
        while left > 0 {
            let n = left.min(buf.len() as u64) as usize;
            match timeout(to, s.write_all(&buf[..n])).await {
                Err(_) => return Err("timeout(write)".into()),
                Ok(Err(e)) => return Err(io_kind("write", &e)),
                Ok(Ok(())) => {}
            }
            left -= n as u64;
        }
        s.shutdown().await.map_err(|e| io_kind("shutdown", &e))?;
        let mut ack = Vec::new();
        match timeout(to, s.read_to_end(&mut ack)).await {
            Err(_) => return Err("timeout(ack)".into()),
            Ok(Err(e)) => return Err(io_kind("ack", &e)),
            Ok(Ok(_)) => {}
        }
        let text = String::from_utf8_lossy(&ack);
        let got: u64 = text
            .trim()
            .strip_prefix("OK ")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("bad ack {:?}", text.trim()))?;
        Ok(got)
    }
    .await;
    r.elapsed_s = t0.elapsed().as_secs_f64();
    match result {
        Ok(got) if got == a.bytes => {
            r.bytes = Some(got);
            r.ops = got;
        }
        Ok(got) => {
            r.bytes = Some(got);
            r.ops = got;
            errors.add(format!("ack says {got} bytes, sent {}", a.bytes));
        }
        Err(k) => errors.add(k),
    }
    r.rate = if r.elapsed_s > 0.0 {
        r.ops as f64 / r.elapsed_s
    } else {
        0.0
    };
    r.errors = errors.total();
    r.error_kinds = errors;
}

/// The client side of every TLS connection: no certificate verification (the
/// server's is self-signed), no client session cache (so nothing is ever
/// offered for resumption: every handshake is a full one), exactly TLS 1.3
/// (or 1.2), OpenSSL's default cipher suites and groups.
fn tls_context(tls12: bool) -> Result<SslContext, String> {
    let version = if tls12 {
        SslVersion::TLS1_2
    } else {
        SslVersion::TLS1_3
    };
    let mut b = SslContext::builder(SslMethod::tls_client()).map_err(|e| e.to_string())?;
    b.set_verify(SslVerifyMode::NONE);
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    b.set_min_proto_version(Some(version))
        .map_err(|e| e.to_string())?;
    b.set_max_proto_version(Some(version))
        .map_err(|e| e.to_string())?;
    Ok(b.build())
}

/// `unexpected eof while reading(handshake)`, `ECONNRESET(handshake)`, ...
fn tls_kind(stage: &str, e: &openssl::ssl::Error) -> String {
    if let Some(io) = e.io_error() {
        return io_kind(stage, io);
    }
    if let Some(stack) = e.ssl_error() {
        let reason = stack
            .errors()
            .first()
            .and_then(|x| x.reason())
            .unwrap_or("unknown");
        return format!("tls {reason}({stage})");
    }
    if e.code() == ErrorCode::SYSCALL || e.code() == ErrorCode::ZERO_RETURN {
        return format!("eof({stage})");
    }
    format!("tls error {}({stage})", e.code().as_raw())
}

/// io_kind for SslStream's reads and writes (their io::Error may wrap an ssl::Error).
fn tls_io_kind(stage: &str, e: &io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<openssl::ssl::Error>())
    {
        Some(ssl) => tls_kind(stage, ssl),
        None => io_kind(stage, e),
    }
}

struct TlsShot {
    connect_ns: u64,
    handshake_ns: u64,
    echo_ns: u64,
    version: String,
    cipher: String,
}

/// One TLS connection: connect, full handshake, one echo of `size` bytes
/// (checked), close_notify and FIN. Everything within `to`.
async fn tls_shot(
    addr: SocketAddr,
    ctx: &SslContext,
    size: usize,
    to: Duration,
) -> Result<TlsShot, String> {
    let t0 = Instant::now();
    let ns = move || t0.elapsed().as_nanos() as u64;
    let deadline = tokio::time::Instant::from_std(t0 + to);
    let tcp = match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
        Err(_) => return Err("timeout(connect)".into()),
        Ok(Err(e)) => return Err(io_kind("connect", &e)),
        Ok(Ok(s)) => s,
    };
    let _ = tcp.set_nodelay(true);
    let connect_ns = ns();
    let ssl = Ssl::new(ctx).map_err(|e| format!("tls setup: {e}"))?;
    let mut s = SslStream::new(ssl, tcp).map_err(|e| format!("tls setup: {e}"))?;
    match tokio::time::timeout_at(deadline, Pin::new(&mut s).connect()).await {
        Err(_) => return Err("timeout(handshake)".into()),
        Ok(Err(e)) => return Err(tls_kind("handshake", &e)),
        Ok(Ok(())) => {}
    }
    let handshake_ns = ns();
    if s.ssl().session_reused() {
        return Err("session resumed (not a full handshake)".into());
    }
    let msg: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let mut buf = vec![0u8; size];
    let echo = tokio::time::timeout_at(deadline, async {
        s.write_all(&msg)
            .await
            .map_err(|e| tls_io_kind("write", &e))?;
        s.read_exact(&mut buf)
            .await
            .map_err(|e| tls_io_kind("read", &e))?;
        Ok::<(), String>(())
    })
    .await;
    match echo {
        Err(_) => return Err("timeout(echo)".into()),
        Ok(Err(k)) => return Err(k),
        Ok(Ok(())) if buf != msg => return Err("echo differs".into()),
        Ok(Ok(())) => {}
    }
    let echo_ns = ns() - handshake_ns;
    let version = s.ssl().version_str().to_string();
    let cipher = s
        .ssl()
        .current_cipher()
        .map(|c| c.name().to_string())
        .unwrap_or_default();
    // The client closes (close_notify, then FIN); the server closes after it.
    // Whatever happens here is not the handshake's business.
    let _ = tokio::time::timeout_at(deadline, s.shutdown()).await;
    Ok(TlsShot {
        connect_ns,
        handshake_ns,
        echo_ns,
        version,
        cipher,
    })
}

async fn run_tls(a: &Args, r: &mut Report) {
    r.unit = "handshake";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let ctx = match tls_context(a.tls12) {
        Ok(c) => c,
        Err(e) => {
            let mut errors = Errors::default();
            errors.add(format!("client TLS setup: {e}"));
            finish(r, Vec::new(), errors);
            return;
        }
    };
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.duration_s);
    let issued = Arc::new(AtomicU64::new(0));
    let budget = a.count;
    let size = a.size;
    let mut workers = Vec::new();
    for _ in 0..a.concurrency {
        let (issued, ctx) = (issued.clone(), ctx.clone());
        workers.push(tokio::spawn(async move {
            let (mut conn, mut hs, mut echo) = (Vec::new(), Vec::new(), Vec::new());
            let mut errors = Errors::default();
            let mut negotiated = None;
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < budget {
                match tls_shot(addr, &ctx, size, to).await {
                    Ok(shot) => {
                        conn.push(shot.connect_ns);
                        hs.push(shot.handshake_ns);
                        echo.push(shot.echo_ns);
                        negotiated.get_or_insert((shot.version, shot.cipher));
                    }
                    Err(k) => errors.add(k),
                }
            }
            (conn, hs, echo, errors, negotiated)
        }));
    }
    let (mut conn, mut hs, mut echo, mut errors) =
        (Vec::new(), Vec::new(), Vec::new(), Errors::default());
    for w in workers {
        match w.await {
            Ok((c, h, e, errs, neg)) => {
                conn.extend(c);
                hs.extend(h);
                echo.extend(e);
                errors.merge(errs);
                if let (None, Some((v, c))) = (&r.tls_version, neg) {
                    r.tls_version = Some(v);
                    r.tls_cipher = Some(c);
                }
            }
            Err(_) => errors.add("task panicked"),
        }
    }
    r.elapsed_s = t0.elapsed().as_secs_f64();
    let issued = issued.load(Ordering::Relaxed).min(budget);
    if issued < budget {
        r.note = Some(format!(
            "stopped by --duration {} s after {issued} of {budget} connections",
            a.duration_s
        ));
    }
    r.connect_latency = Latency::from_nanos(conn);
    r.echo_latency = Latency::from_nanos(echo);
    finish(r, hs, errors);
}

/// `loadgen`'s entry point: runs one mode and prints its JSON report.
pub fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("loadgen: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut report = Report {
        tool: "rsock-bench loadgen",
        mode: args.mode.clone(),
        nofile: raise_nofile(),
        params: Some(args.clone()),
        ..Report::default()
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("loadgen: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let max = Duration::from_secs_f64(args.max_time_s);
    let timed_out = rt.block_on(async {
        let work = async {
            match args.mode.as_str() {
                "echo" => run_echo(&args, &mut report).await,
                "connect" => run_connect(&args, &mut report).await,
                "burst" => run_burst(&args, &mut report).await,
                "hold" => run_hold(&args, &mut report).await,
                "mixed" => run_mixed(&args, &mut report).await,
                "bulk" => run_bulk(&args, &mut report).await,
                "tls" => run_tls(&args, &mut report).await,
                _ => return Err(()),
            }
            Ok(())
        };
        timeout(max, work).await
    });
    // Dropping the runtime cancels whatever is still in flight.
    drop(rt);
    match timed_out {
        Ok(Err(())) => {
            eprintln!("loadgen: unknown mode {}\n{USAGE}", args.mode);
            return ExitCode::from(2);
        }
        Err(_) => {
            report.status = "incomplete";
            report.note = Some(format!("stopped by --max-time {} s", args.max_time_s));
        }
        Ok(Ok(())) => {
            let planned_all = match args.mode.as_str() {
                "hold" => report.ops == args.conns as u64,
                "burst" => report.ops == args.conns as u64,
                "bulk" => report.bytes == Some(args.bytes),
                "mixed" => report.connected == (args.idle + args.active) as u64 && report.ops > 0,
                "tls" => report.ops > 0 && report.note.is_none(),
                _ => report.ops > 0,
            };
            report.status = if report.errors == 0 && planned_all {
                "ok"
            } else {
                "incomplete"
            };
        }
    }
    println!("{}", serde_json::to_string(&report).expect("serializable"));
    ExitCode::SUCCESS
}
