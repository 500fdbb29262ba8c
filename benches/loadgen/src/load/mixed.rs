//! mixed mode: `idle` connections held open while `active` ones echo.

use std::time::{Duration, Instant};

use super::{
    args::Args,
    conn::open_many,
    echo::echo_phase,
    report::{Report, finish, sample_server},
};

/// Runs mixed mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    fn args(addr: std::net::SocketAddr) -> Args {
        parse_args(
            format!("mixed --addr {addr} --idle 4 --active 2 --count 10 --timeout 1")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn idle_held_while_active_echo() {
        let mut r = Report::default();
        run(&args(testserver::echo()), &mut r).await;
        assert_eq!((r.unit, r.connected, r.ops, r.errors), ("msg", 6, 10, 0));
    }

    #[tokio::test]
    async fn no_measurement_without_every_connection() {
        let mut r = Report::default();
        run(&args(testserver::closed()), &mut r).await;
        assert_eq!((r.connected, r.ops, r.errors, r.elapsed_s), (0, 0, 6, 0.0));
    }
}
