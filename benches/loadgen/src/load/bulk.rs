//! bulk mode: `bytes` written on one connection in `chunk`-sized writes,
//! then the sink's `OK <bytes>` acknowledgement.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    time::timeout,
};

use super::{
    args::Args,
    conn::connect,
    errors::{Errors, io_kind},
    report::Report,
};

/// Runs bulk mode with `a`'s options, filling `r`.
pub(crate) async fn run(a: &Args, r: &mut Report) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{args::parse_args, testserver};

    fn args(addr: std::net::SocketAddr) -> Args {
        parse_args(
            format!("bulk --addr {addr} --bytes 1000005 --chunk 65536 --timeout 5")
                .split_whitespace()
                .map(String::from),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn acknowledged_bytes() {
        let mut r = Report::default();
        run(&args(testserver::sink(|n| format!("OK {n}\n"))), &mut r).await;
        assert_eq!(
            (r.unit, r.bytes, r.ops, r.errors),
            ("byte", Some(1_000_005), 1_000_005, 0)
        );
        assert!(r.rate > 0.0);
    }

    #[tokio::test]
    async fn wrong_or_bad_ack() {
        let mut r = Report::default();
        run(&args(testserver::sink(|_| "OK 5\n".into())), &mut r).await;
        assert_eq!((r.bytes, r.errors), (Some(5), 1));
        assert_eq!(
            serde_json::to_string(&r.error_kinds).unwrap(),
            r#"{"ack says 5 bytes, sent 1000005":1}"#
        );
        let mut r = Report::default();
        run(&args(testserver::sink(|_| "NO\n".into())), &mut r).await;
        assert_eq!((r.bytes, r.ops, r.errors), (None, 0, 1));
        assert_eq!(
            serde_json::to_string(&r.error_kinds).unwrap(),
            r#"{"bad ack \"NO\"":1}"#
        );
    }
}
