//! hold mode: open `conns` connections, leave them idle, then ping all of
//! them at once; the server's memory is sampled with every one open.

use std::time::{Duration, Instant};

use super::{
    args::Args,
    conn::{open_many, round_trip},
    report::{Report, finish, sample_server},
};

/// Runs hold mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    #[tokio::test]
    async fn pings_every_held_connection() {
        let addr = testserver::echo();
        let pid = std::process::id();
        let a = parse_args(
            format!("hold --addr {addr} --conns 5 --idle-ms 10 --pid {pid}")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap();
        let mut r = Report::default();
        run(&a, &mut r).await;
        assert_eq!((r.unit, r.connected, r.ops, r.errors), ("ping", 5, 5, 0));
        assert!(
            r.server_rss_kb.unwrap() > 0,
            "sampled with the connections open"
        );
    }
}
