//! rsock's load generator: drives a TCP server on loopback and prints one JSON
//! report on stdout. Every mode is bounded in count and time and stops by
//! itself. Single-threaded (tokio current_thread), so on a small machine it
//! leaves the other cores to the server under test.
//!
//! ```text
//! loadgen echo    --addr 127.0.0.1:PORT [--conns 50] [--size 64] [--duration 5] [--count N]
//! loadgen connect --addr ... [--concurrency 50] [--duration 5] [--count N] [--request x] [--reply-bytes 1]
//! loadgen burst   --addr ... [--conns 2000] [--timeout 15] [--request x] [--reply-bytes 1]
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
//! that reads one byte, writes one byte and closes (or, with `--request` and
//! `--reply-bytes`, answers that request with that many bytes and closes:
//! `--request 'quit\n' --reply-bytes 4` for examples/workers.php); bulk a sink that answers
//! `OK <bytes>\n` after the client shuts down its side; tls a TLS echo server
//! (`tls_server.php`): every connection is a full handshake (no session is
//! ever offered for resumption, no client certificate, the server's
//! certificate is not verified), then one `size`-byte echo, then the client
//! closes (close_notify + FIN). TLS 1.3 only by default, `--tls12`: TLS 1.2 only.

use std::{process::ExitCode, time::Duration};

use tokio::time::timeout;

use crate::raise_nofile;

mod args;
mod bulk;
mod burst;
mod conn;
mod connect;
mod echo;
mod errors;
mod hold;
mod mixed;
mod report;
#[cfg(test)]
mod testserver;
mod tls;

use args::{USAGE, parse_args};
use report::{Report, finished_status};

/// `loadgen`'s entry point: runs one mode and prints its JSON report.
pub fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
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
                "echo" => echo::run(&args, &mut report).await,
                "connect" => connect::run(&args, &mut report).await,
                "burst" => burst::run(&args, &mut report).await,
                "hold" => hold::run(&args, &mut report).await,
                "mixed" => mixed::run(&args, &mut report).await,
                "bulk" => bulk::run(&args, &mut report).await,
                "tls" => tls::run(&args, &mut report).await,
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
            report.status = finished_status(&args, &report);
        }
    }
    println!("{}", serde_json::to_string(&report).expect("serializable"));
    ExitCode::SUCCESS
}
