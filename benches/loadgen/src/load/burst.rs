//! burst mode: `conns` one-shot connections all started at once (the
//! listen backlog's test); latencies also over the attempts that failed.

use std::time::{Duration, Instant};

use super::{
    args::Args,
    connect::{Exchange, one_shot},
    errors::Errors,
    report::{Report, finish},
};
use crate::Latency;

/// Runs burst mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
    r.unit = "conn";
    let addr = a.addr.expect("checked");
    let to = Duration::from_secs_f64(a.timeout_s);
    let ex = Exchange::of(a);
    let t0 = Instant::now();
    // All at once: every task starts its connect in the runtime's first pass.
    let tasks: Vec<_> = (0..a.conns)
        .map(|_| tokio::spawn(one_shot(addr, to, ex.clone())))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    fn args(addr: std::net::SocketAddr) -> Args {
        parse_args(
            format!("burst --addr {addr} --conns 30 --timeout 5")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn all_answered() {
        let mut r = Report::default();
        run(&args(testserver::one_byte()), &mut r).await;
        assert_eq!((r.unit, r.ops, r.errors), ("conn", 30, 0));
        assert_eq!(r.latency_all.unwrap().count, 30);
        assert_eq!(r.connect_latency_all.unwrap().count, 30);
    }

    #[tokio::test]
    async fn failures_still_counted_in_the_all_latencies() {
        let mut r = Report::default();
        run(&args(testserver::closed()), &mut r).await;
        assert_eq!((r.ops, r.errors), (0, 30));
        assert!(r.latency.is_none() && r.connect_latency.is_none());
        assert_eq!(r.latency_all.unwrap().count, 30);
        assert_eq!(r.connect_latency_all.unwrap().count, 30);
    }
}
