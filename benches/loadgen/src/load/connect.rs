//! connect mode: connections one after another on `concurrency` workers,
//! each one request/reply exchange (default: one byte each way) the server
//! ends by closing; the one-shot connection is shared with burst.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use super::{
    args::Args,
    errors::{Errors, io_kind},
    report::{Report, finish},
};
use crate::Latency;

/// A failed [`one_shot`]: what went wrong, when the connect completed (if it
/// did) and when loadgen gave up, in nanoseconds since the start.
#[derive(Debug)]
pub(crate) struct ShotError {
    pub(crate) kind: String,
    pub(crate) connected: Option<u64>,
    pub(crate) gave_up: u64,
}

/// What a one-shot connection sends, and how many bytes of reply it reads
/// before it expects the server's close.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) request: Arc<[u8]>,
    pub(crate) reply_bytes: usize,
}

impl Exchange {
    /// `--request` and `--reply-bytes` of `a`.
    pub(crate) fn of(a: &Args) -> Exchange {
        Exchange {
            request: a.request.as_bytes().into(),
            reply_bytes: a.reply_bytes,
        }
    }
}

/// connect, write the request, read the reply, read to EOF (the server closes first).
/// Returns (connect latency, reply latency) in nanoseconds.
pub(crate) async fn one_shot(
    addr: SocketAddr,
    to: Duration,
    ex: Exchange,
) -> Result<(u64, u64), ShotError> {
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
        s.write_all(&ex.request)
            .await
            .map_err(|e| io_kind("write", &e))?;
        let mut b = vec![0u8; ex.reply_bytes];
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

/// Runs connect mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
    r.unit = "conn";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(a.duration_s);
    let issued = Arc::new(AtomicU64::new(0));
    let budget = a.count;
    let ex = Exchange::of(a);
    let mut workers = Vec::new();
    for _ in 0..a.concurrency {
        let issued = issued.clone();
        let ex = ex.clone();
        workers.push(tokio::spawn(async move {
            let (mut conn, mut reply, mut errors) = (Vec::new(), Vec::new(), Errors::default());
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < budget {
                match one_shot(addr, to, ex.clone()).await {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    const TO: Duration = Duration::from_secs(5);

    fn ex(request: &str, reply_bytes: usize) -> Exchange {
        Exchange {
            request: request.as_bytes().into(),
            reply_bytes,
        }
    }

    #[tokio::test]
    async fn one_shot_outcomes() {
        let (connected, replied) = one_shot(testserver::one_byte(), TO, ex("x", 1))
            .await
            .unwrap();
        assert!(0 < connected && connected <= replied);
        let refused = one_shot(testserver::closed(), TO, ex("x", 1))
            .await
            .unwrap_err();
        assert_eq!(
            (refused.kind.as_str(), refused.connected),
            ("ECONNREFUSED(connect)", None)
        );
        // The echo server answers but never closes.
        let open = one_shot(testserver::echo(), Duration::from_millis(200), ex("x", 1))
            .await
            .unwrap_err();
        assert_eq!(open.kind, "timeout(reply)");
        assert!(open.connected.unwrap() <= open.gave_up);
        assert!(open.gave_up >= 200_000_000);
    }

    #[tokio::test]
    async fn one_shot_line_exchange() {
        // workers.php's part: `quit\n` is answered `bye\n`, then the server closes.
        let addr = testserver::line_quit();
        assert!(one_shot(addr, TO, ex("quit\n", 4)).await.is_ok());
        let short = one_shot(addr, TO, ex("quit\n", 3)).await.unwrap_err();
        assert_eq!(short.kind, "unexpected data");
        let long = one_shot(addr, TO, ex("quit\n", 5)).await.unwrap_err();
        assert_eq!(long.kind, "eof(read)");
    }

    #[tokio::test]
    async fn run_counts_connections() {
        let addr = testserver::one_byte();
        let a = parse_args(
            format!("connect --addr {addr} --concurrency 4 --count 20")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap();
        let mut r = Report::default();
        run(&a, &mut r).await;
        assert_eq!((r.unit, r.ops, r.errors), ("conn", 20, 0));
        assert_eq!(r.connect_latency.unwrap().count, 20);
        assert_eq!(r.latency.unwrap().count, 20);
        assert!(r.rate > 0.0);
    }
}
