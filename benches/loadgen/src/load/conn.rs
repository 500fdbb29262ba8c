//! TCP connections the modes share: connecting, opening many at once (each
//! greeted with one round trip), and one echo round trip.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    time::timeout,
};

use super::errors::{Errors, io_kind};

/// Connects to `addr` within `to` (with TCP_NODELAY if `nodelay`).
pub(crate) async fn connect(
    addr: SocketAddr,
    to: Duration,
    nodelay: bool,
) -> Result<TcpStream, String> {
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
pub(crate) async fn open_many(
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
pub(crate) async fn round_trip(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testserver;

    const TO: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn open_many_greets_each_connection() {
        let addr = testserver::echo();
        let (mut streams, errors) = open_many(addr, 5, 2, TO, 8).await;
        assert_eq!((streams.len(), errors.total()), (5, 0));
        let mut buf = [0u8; 3];
        round_trip(&mut streams[4], b"abc", &mut buf, TO)
            .await
            .unwrap();
        assert_eq!(&buf, b"abc");
    }

    #[tokio::test]
    async fn refused_and_unanswered() {
        let (streams, errors) = open_many(testserver::closed(), 3, 2, TO, 8).await;
        assert!(streams.is_empty());
        assert_eq!(
            serde_json::to_string(&errors).unwrap(),
            r#"{"ECONNREFUSED(connect)":3}"#
        );
        // Accepted, never answered: the greeting times out.
        let (streams, errors) =
            open_many(testserver::silent(), 2, 2, Duration::from_millis(200), 8).await;
        assert!(streams.is_empty());
        assert_eq!(
            serde_json::to_string(&errors).unwrap(),
            r#"{"timeout(greeting)":2}"#
        );
    }
}
