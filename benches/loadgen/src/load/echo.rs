//! echo mode: open `conns` connections, then echo round trips on all of
//! them until `duration` or `count`; the echo phase is shared with mixed.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::net::TcpStream;

use super::{
    args::Args,
    conn::{open_many, round_trip},
    errors::Errors,
    report::{Report, finish},
};

/// What an echo phase measured: round-trip times (ns) and errors.
pub(crate) struct EchoOut {
    pub(crate) samples: Vec<u64>,
    pub(crate) errors: Errors,
}

/// Echo round trips on each stream until `deadline` or until `budget` round trips were issued.
pub(crate) async fn echo_phase(
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

/// Runs echo mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    #[tokio::test]
    async fn budget_of_round_trips_over_all_connections() {
        let addr = testserver::echo();
        let a = parse_args(
            format!("echo --addr {addr} --conns 3 --size 16 --count 50")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap();
        let mut r = Report::default();
        run(&a, &mut r).await;
        assert_eq!((r.unit, r.connected, r.ops, r.errors), ("msg", 3, 50, 0));
        assert_eq!(r.latency.unwrap().count, 50);
    }
}
