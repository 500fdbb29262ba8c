//! tls mode: full TLS handshakes (no resumption, no client certificate, the
//! server's certificate not verified), each followed by one echo and the
//! client's close, on `concurrency` workers up to `count` connections.

use std::{
    io,
    net::SocketAddr,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use openssl::ssl::{
    ErrorCode, Ssl, SslContext, SslMethod, SslSessionCacheMode, SslVerifyMode, SslVersion,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use tokio_openssl::SslStream;

use super::{
    args::Args,
    errors::{Errors, io_kind},
    report::{Report, finish},
};
use crate::Latency;

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

/// One successful TLS connection: its timings (ns) and what was negotiated.
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

/// Runs tls mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    fn args(addr: SocketAddr, extra: &str) -> Args {
        parse_args(
            format!("tls --addr {addr} --concurrency 2 --count 6 --timeout 5 {extra}")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn full_handshakes_then_echo() {
        let addr = testserver::tls_echo();
        let mut r = Report::default();
        run(&args(addr, ""), &mut r).await;
        assert_eq!((r.unit, r.ops, r.errors), ("handshake", 6, 0));
        assert_eq!(r.tls_version.as_deref(), Some("TLSv1.3"));
        assert!(r.tls_cipher.is_some());
        assert_eq!(r.echo_latency.unwrap().count, 6);
        assert_eq!(r.connect_latency.unwrap().count, 6);
        assert!(r.note.is_none());
        let mut r = Report::default();
        run(&args(addr, "--tls12"), &mut r).await;
        assert_eq!((r.ops, r.tls_version.as_deref()), (6, Some("TLSv1.2")));
    }

    #[tokio::test]
    async fn handshake_failures_named() {
        let mut r = Report::default();
        run(&args(testserver::closed(), ""), &mut r).await;
        assert_eq!((r.ops, r.errors), (0, 6));
        assert_eq!(
            serde_json::to_string(&r.error_kinds).unwrap(),
            r#"{"ECONNREFUSED(connect)":6}"#
        );
        // A plain TCP server: it reads a byte of the ClientHello, answers a
        // byte that is no TLS record, closes.
        let mut r = Report::default();
        run(&args(testserver::one_byte(), ""), &mut r).await;
        assert_eq!((r.ops, r.errors), (0, 6));
        let kinds = serde_json::to_value(&r.error_kinds).unwrap();
        for kind in kinds.as_object().unwrap().keys() {
            assert!(kind.ends_with("(handshake)"), "{kind}");
        }
    }

    #[tokio::test]
    async fn stopped_by_duration() {
        // Handshakes that time out after 0.2 s: the 0.3 s are over long
        // before the count.
        let mut r = Report::default();
        run(
            &args(
                testserver::silent(),
                "--duration 0.3 --timeout 0.2 --count 1000",
            ),
            &mut r,
        )
        .await;
        assert_eq!(r.ops, 0);
        let note = r.note.unwrap();
        assert!((2..1000).contains(&r.errors), "{}", r.errors);
        assert_eq!(
            note,
            format!(
                "stopped by --duration 0.3 s after {} of 1000 connections",
                r.errors
            )
        );
        assert_eq!(
            serde_json::to_string(&r.error_kinds).unwrap(),
            format!(r#"{{"timeout(handshake)":{}}}"#, r.errors)
        );
    }
}
