//! Tests of the acceptor over real loopback sockets (the parser's tests
//! are in `parse_tests`). No sleeps: each test waits for an event it can
//! observe (a connection handed over, a peer's EOF, a drop report), with a
//! bounded deadline.

use std::{
    io::{ErrorKind, Read, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    os::fd::{AsRawFd, RawFd},
    time::{Duration, Instant},
};

use socket2::SockAddr;

use super::{Accepted, Acceptor, AllowList, Command, Config, DropReason, Dropped};
use crate::net::{Outcome, sys};

const LONG: Duration = Duration::from_secs(10);

fn listener() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.set_nonblocking(true).unwrap();
    let a = l.local_addr().unwrap();
    (l, a)
}

fn cfg(timeout: Duration, max_pending: usize) -> Config {
    Config {
        allow: AllowList::loopback(),
        header_timeout: timeout,
        max_pending,
    }
}

fn start(l: &TcpListener, c: Config) -> Acceptor {
    Acceptor::start(l.as_raw_fd(), c).unwrap()
}

fn connect(addr: SocketAddr, first: &[u8]) -> TcpStream {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(LONG)).unwrap();
    if !first.is_empty() {
        c.write_all(first).unwrap();
    }
    c
}

fn accept(a: &Acceptor) -> Accepted {
    match a.accept(Some(LONG)) {
        Outcome::Ready(c) => c,
        other => panic!("no connection: {other:?}"),
    }
}

fn readable(fd: RawFd) -> bool {
    sys::poll(fd, sys::Interest::Read, Some(Duration::ZERO)).unwrap() != 0
}

/// Reads `n` bytes from an accepted (non-blocking) connection.
fn read_app(c: &Accepted, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 256];
    while out.len() < n {
        sys::poll(c.fd.as_raw_fd(), sys::Interest::Read, Some(LONG)).unwrap();
        match sys::recv(c.fd.as_raw_fd(), &mut buf, 0) {
            Ok(0) => break,
            Ok(k) => out.extend_from_slice(&buf[..k]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => panic!("{e}"),
        }
    }
    out
}

/// The client's side of a drop: end of file or reset, within `LONG`.
fn sees_close(c: &mut TcpStream) {
    let mut buf = [0u8; 64];
    match c.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        other => panic!("the client was not dropped: {other:?}"),
    }
}

/// The drop reports, waiting (bounded) until there are `n`. Reports are
/// queued before the connection is closed, so once a client saw its close
/// this returns at once.
fn drops(a: &Acceptor, n: usize) -> Vec<Dropped> {
    let deadline = Instant::now() + LONG;
    let mut out = Vec::new();
    while out.len() < n && Instant::now() < deadline {
        out.extend(a.take_drops());
        if out.len() < n {
            std::thread::yield_now();
        }
    }
    out
}

fn from(c: &TcpStream) -> Option<SockAddr> {
    Some(SockAddr::from(c.local_addr().unwrap()))
}

#[test]
fn v1_header_with_data_in_the_same_write() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let c = connect(
        addr,
        b"PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nHELLO\n",
    );
    let got = accept(&a);
    assert_eq!(got.header.version, 1);
    assert_eq!(got.header.source, Some("192.0.2.1:56324".parse().unwrap()));
    assert_eq!(
        got.header.destination,
        Some("198.51.100.2:443".parse().unwrap())
    );
    assert_eq!(got.peer, from(&c).unwrap(), "the socket's own peer");
    assert!(sys::is_nonblocking(got.fd.as_raw_fd()).unwrap());
    assert_eq!(read_app(&got, 6), b"HELLO\n");
    assert!(a.take_drops().is_empty());
}

#[test]
fn v2_header_with_tlvs_and_data() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let mut h = super::v2::SIGNATURE.to_vec();
    h.extend_from_slice(&[0x21, 0x21, 0, 36 + 7]);
    h.extend_from_slice(
        &"2001:db8::7"
            .parse::<std::net::Ipv6Addr>()
            .unwrap()
            .octets(),
    );
    h.extend_from_slice(&std::net::Ipv6Addr::LOCALHOST.octets());
    h.extend_from_slice(&[0x30, 0x39, 0x01, 0xbb]);
    h.extend_from_slice(&[0x01, 0, 4, b'h', b't', b'x', b'2']);
    h.extend_from_slice(b"\r\n\r\n\0\r\nQUIT\n app bytes that look like a header");
    let _c = connect(addr, &h);
    let got = accept(&a);
    assert_eq!(got.header.version, 2);
    assert_eq!(got.header.command, Command::Proxy);
    assert_eq!(
        got.header.source,
        Some("[2001:db8::7]:12345".parse().unwrap())
    );
    assert_eq!(got.header.tlvs.alpn.as_deref(), Some(&b"htx2"[..]));
    let rest = &h[16 + 43..];
    assert_eq!(read_app(&got, rest.len()), rest);
}

/// The longest header accepted (a v2 length field of `V2_MAX_BODY`) fits
/// one message of the ready channel, whose send buffer is the kernel's
/// smallest (a unix datagram must fit in it).
#[test]
fn the_longest_header_fits_the_ready_channel() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let body = super::V2_MAX_BODY;
    let mut h = super::v2::SIGNATURE.to_vec();
    h.extend_from_slice(&[0x21, 0x11]);
    h.extend_from_slice(&u16::try_from(body).unwrap().to_be_bytes());
    h.extend_from_slice(&[192, 0, 2, 1, 192, 0, 2, 2, 0, 1, 0, 2]);
    // One NOOP TLV fills the rest.
    let noop = body - 12 - 3;
    h.push(0x04);
    h.extend_from_slice(&u16::try_from(noop).unwrap().to_be_bytes());
    h.resize(16 + body, b'n');
    h.extend_from_slice(b"data");
    let _c = connect(addr, &h);
    let got = accept(&a);
    assert_eq!(got.header.source, Some("192.0.2.1:1".parse().unwrap()));
    assert_eq!(read_app(&got, 4), b"data");
    assert!(a.take_drops().is_empty());
}

#[test]
fn a_slow_header_does_not_hold_back_a_later_one() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let line = b"PROXY TCP4 10.0.0.1 10.0.0.2 1111 80\r\n";
    let mut slow = connect(addr, b"");
    for &b in &line[..line.len() - 1] {
        slow.write_all(&[b]).unwrap();
    }
    assert!(!readable(a.ready_fd()), "an incomplete header is not ready");
    let _fast = connect(addr, b"PROXY TCP4 10.0.0.9 10.0.0.2 2222 80\r\n");
    let first = accept(&a);
    assert_eq!(first.header.source, Some("10.0.0.9:2222".parse().unwrap()));
    assert!(!readable(a.ready_fd()));
    slow.write_all(b"\n").unwrap();
    let second = accept(&a);
    assert_eq!(second.header.source, Some("10.0.0.1:1111".parse().unwrap()));
}

#[test]
fn a_silent_client_is_dropped_after_the_timeout() {
    let (l, addr) = listener();
    let timeout = Duration::from_millis(200);
    let a = start(&l, cfg(timeout, 8));
    let t0 = Instant::now();
    let mut c = connect(addr, b"PROXY TCP4 1.2");
    sees_close(&mut c);
    let waited = t0.elapsed();
    assert!(waited >= timeout, "dropped after {waited:?}");
    assert!(waited < LONG);
    let d = drops(&a, 1);
    assert_eq!(
        d,
        [Dropped {
            from: from(&c),
            reason: DropReason::TimedOut
        }]
    );
    assert!(!readable(a.ready_fd()));
}

#[test]
fn garbage_is_dropped_at_once() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let t0 = Instant::now();
    let mut c = connect(addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    sees_close(&mut c);
    assert!(t0.elapsed() < LONG / 2, "not waiting for the timeout");
    let d = drops(&a, 1);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].from, from(&c));
    assert_eq!(
        d[0].to_string(),
        format!(
            "dropped a connection from {}: malformed PROXY header (not a PROXY header)",
            c.local_addr().unwrap()
        )
    );
    // A v2 signature gone wrong half-way, and an EOF mid-header.
    let mut c = connect(addr, b"\r\n\r\n\0\r\nQUIX");
    sees_close(&mut c);
    let mut c2 = connect(addr, b"PROXY TCP4 ");
    c2.shutdown(std::net::Shutdown::Write).unwrap();
    sees_close(&mut c2);
    let reasons: Vec<_> = drops(&a, 2)
        .into_iter()
        .map(|d| d.reason.to_string())
        .collect();
    assert!(
        reasons.contains(&"malformed PROXY header (bad v2 signature)".to_string()),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"closed before a complete PROXY header".to_string()),
        "{reasons:?}"
    );
    assert!(!readable(a.ready_fd()));
}

#[test]
fn a_source_not_allowed_is_dropped_unread() {
    let (l, addr) = listener();
    let mut c = cfg(LONG, 8);
    c.allow = AllowList::parse(&[b"10.0.0.0/8", b"::1"]).unwrap();
    let a = start(&l, c);
    let mut c = connect(addr, b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
    sees_close(&mut c);
    assert_eq!(
        drops(&a, 1),
        [Dropped {
            from: from(&c),
            reason: DropReason::NotAllowed
        }]
    );
    assert!(!readable(a.ready_fd()));
}

#[test]
fn max_pending_drops_the_oldest() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 2));
    let mut first = connect(addr, b"PROXY ");
    let _second = connect(addr, b"PROXY ");
    let third = connect(addr, b"PROXY TCP4 1.1.1.1 2.2.2.2 3 4");
    sees_close(&mut first);
    assert_eq!(
        drops(&a, 1),
        [Dropped {
            from: from(&first),
            reason: DropReason::TooManyPending
        }]
    );
    // The newest still completes.
    (&third).write_all(b"\r\n").unwrap();
    assert_eq!(accept(&a).header.source, Some("1.1.1.1:3".parse().unwrap()));
}

#[test]
fn ready_fd_is_readable_iff_a_connection_is_queued() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    assert!(!readable(a.ready_fd()));
    assert!(matches!(a.accept(Some(Duration::ZERO)), Outcome::TimedOut));
    let t0 = Instant::now();
    assert!(matches!(
        a.accept(Some(Duration::from_millis(50))),
        Outcome::TimedOut
    ));
    assert!(t0.elapsed() >= Duration::from_millis(50));
    let _c = connect(addr, b"PROXY UNKNOWN\r\n");
    assert_ne!(
        sys::poll(a.ready_fd(), sys::Interest::Read, Some(LONG)).unwrap(),
        0
    );
    let got = match a.accept(Some(Duration::ZERO)) {
        Outcome::Ready(c) => c,
        other => panic!("{other:?}"),
    };
    assert_eq!(got.header.command, Command::Local);
    assert!(!readable(a.ready_fd()));
    assert!(matches!(a.accept(Some(Duration::ZERO)), Outcome::TimedOut));
}

#[test]
fn backpressure_loses_no_connection() {
    let (l, addr) = listener();
    // A tiny ready channel: it fills after a few connections, the thread
    // stops accepting, and the rest wait in the kernel's backlog.
    let a = Acceptor::start_with(l.as_raw_fd(), cfg(LONG, 8), Some(1)).unwrap();
    let n = 60;
    let clients: Vec<TcpStream> = (0..n)
        .map(|i| {
            connect(
                addr,
                format!("PROXY TCP4 10.0.0.1 10.0.0.2 {i} 80\r\n").as_bytes(),
            )
        })
        .collect();
    let mut seen = vec![false; n];
    for _ in 0..n {
        let got = accept(&a);
        let port = usize::from(got.header.source.unwrap().port());
        assert!(!seen[port], "{port} twice");
        seen[port] = true;
    }
    assert!(seen.iter().all(|&s| s));
    assert!(a.take_drops().is_empty());
    drop(clients);
}

#[test]
fn drop_joins_promptly_and_closes_what_it_held() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let mut pending = connect(addr, b"PROXY TCP4 ");
    let _queued = connect(addr, b"PROXY UNKNOWN\r\n");
    // Wait until the queued one is handed over (so both were accepted).
    assert_ne!(
        sys::poll(a.ready_fd(), sys::Interest::Read, Some(LONG)).unwrap(),
        0
    );
    let t0 = Instant::now();
    drop(a);
    assert!(
        t0.elapsed() < Duration::from_secs(1),
        "join took {:?}",
        t0.elapsed()
    );
    sees_close(&mut pending);
    // The listener is borrowed: still open and listening.
    let _later = connect(addr, b"");
    assert!(l.accept().is_ok());
}

fn fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Runs `f` in a forked child (whose descriptor table no other test
/// thread touches) and says whether it returned true.
fn in_child(f: impl FnOnce() -> bool) -> bool {
    // SAFETY: the child runs `f` (its own sockets and threads only) and
    // leaves with `_exit`, never returning into the test harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(false);
        // SAFETY: ends the child without running the harness's code.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    let mut status = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
}

#[test]
fn drop_leaves_no_descriptor_open() {
    let ok = in_child(|| {
        let before = fd_count();
        {
            let (l, addr) = listener();
            let a = start(&l, cfg(LONG, 8));
            let _pending = connect(addr, b"PROXY TCP4 ");
            let mut garbage = connect(addr, b"garbage");
            let _taken = connect(addr, b"PROXY UNKNOWN\r\n");
            let _queued = connect(addr, b"PROXY UNKNOWN\r\n");
            drop(accept(&a));
            sees_close(&mut garbage);
            if drops(&a, 1).len() != 1
                || !sys::poll(a.ready_fd(), sys::Interest::Read, Some(LONG)).is_ok_and(|r| r != 0)
            {
                return false;
            }
            let t0 = Instant::now();
            drop(a);
            if t0.elapsed() > Duration::from_secs(1) {
                return false;
            }
        }
        fd_count() == before
    });
    assert!(ok, "every descriptor closed (counted in a child process)");
}

/// A forked child gives up its copies (at the fork; `forsake` and `Drop`
/// then close nothing more); the
/// parent's thread keeps serving, and a connection it drops reaches EOF at
/// the client, which it would not if the child still held a copy.
fn fork_keeps_the_parent_working(explicit: bool) {
    use std::os::unix::net::UnixStream;
    let (l, addr) = listener();
    let a = start(&l, cfg(Duration::from_millis(300), 8));
    let mut pending = connect(addr, b"PROXY TCP4 ");
    let _c = connect(addr, b"PROXY UNKNOWN\r\n");
    drop(accept(&a)); // so `pending` was accepted before it
    let (mut parent_end, mut child_end) = UnixStream::pair().unwrap();
    parent_end.set_read_timeout(Some(LONG)).unwrap();
    // SAFETY: the child only closes descriptors, counts them, talks over
    // its socket and leaves with `_exit`.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        drop(parent_end);
        let ready = a.ready_fd();
        let before = fd_count();
        if explicit {
            a.forsake();
        } else {
            drop(a);
        }
        // The fork handler closed them all (its own three and the
        // thread's three: two channel ends, `pending`) before this code
        // ran: nothing is left to close, and nothing is closed twice.
        let diff = before - fd_count();
        let closed = diff == 0 && sys::is_nonblocking(ready).is_err();
        let _ = child_end.write_all(&[u8::from(closed)]);
        let _ = child_end.read(&mut [0]); // until the parent is done
        // SAFETY: ends the child without running the harness's code.
        unsafe { libc::_exit(0) };
    }
    drop(child_end);
    let mut closed = [0u8];
    parent_end.read_exact(&mut closed).unwrap();
    sees_close(&mut pending);
    let d = drops(&a, 1);
    let _later = connect(addr, b"PROXY TCP4 9.9.9.9 8.8.8.8 9 8\r\n");
    let later = accept(&a);
    drop(parent_end);
    let mut status = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(closed[0], 1, "the child closed its copies");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].reason, DropReason::TimedOut);
    assert_eq!(later.header.source, Some("9.9.9.9:9".parse().unwrap()));
}

#[test]
fn a_forked_child_forsakes() {
    fork_keeps_the_parent_working(true);
}

#[test]
fn dropping_in_a_forked_child_forsakes() {
    fork_keeps_the_parent_working(false);
}

#[test]
fn a_listener_made_blocking_still_works_and_stops() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    l.set_nonblocking(false).unwrap();
    let clients: Vec<TcpStream> = (0..5)
        .map(|i| {
            connect(
                addr,
                format!("PROXY TCP4 10.0.0.1 10.0.0.2 {i} 80\r\n").as_bytes(),
            )
        })
        .collect();
    for _ in 0..5 {
        accept(&a);
    }
    // Made non-blocking again by the thread (see "The listener").
    assert!(sys::is_nonblocking(l.as_raw_fd()).unwrap());
    let t0 = Instant::now();
    drop(a);
    assert!(t0.elapsed() < Duration::from_secs(1));
    drop(clients);
}

#[test]
fn a_v2_header_dribbled_byte_by_byte_keeps_the_data() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    let mut h = super::v2::SIGNATURE.to_vec();
    h.extend_from_slice(&[0x21, 0x11, 0, 12 + 5]);
    h.extend_from_slice(&[192, 0, 2, 1, 192, 0, 2, 2, 0, 80, 1, 187]);
    h.extend_from_slice(&[0x04, 0, 2, 0, 0]);
    let mut c = connect(addr, b"");
    for &b in &h[..h.len() - 1] {
        c.write_all(&[b]).unwrap();
    }
    assert!(!readable(a.ready_fd()));
    c.write_all(&[h[h.len() - 1], b'!', b'?']).unwrap();
    let got = accept(&a);
    assert_eq!(got.header.source, Some("192.0.2.1:80".parse().unwrap()));
    assert_eq!(read_app(&got, 2), b"!?");
}

#[test]
fn a_unix_listener_allows_its_local_peers() {
    use std::os::unix::net::{UnixListener, UnixStream};
    let dir = std::env::temp_dir().join(format!("rsock-proxy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.sock");
    let _ = std::fs::remove_file(&path);
    let l = UnixListener::bind(&path).unwrap();
    l.set_nonblocking(true).unwrap();
    let a = Acceptor::start(l.as_raw_fd(), cfg(LONG, 8)).unwrap();
    let mut c = UnixStream::connect(&path).unwrap();
    c.write_all(b"PROXY TCP6 ::1 ::2 3 4\r\nx").unwrap();
    let got = accept(&a);
    assert_eq!(got.header.source, Some("[::1]:3".parse().unwrap()));
    assert_eq!(
        crate::net::addr::text(&got.peer),
        b"",
        "an unnamed unix peer"
    );
    assert_eq!(read_app(&got, 1), b"x");
    drop(a);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_thread_blocks_every_signal() {
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    // Once it has handed a connection over, it runs (and has its name).
    let _c = connect(addr, b"PROXY UNKNOWN\r\n");
    accept(&a);
    let mask = |task: &std::path::Path| -> Option<u64> {
        let status = std::fs::read_to_string(task.join("status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("SigBlk:"))?;
        u64::from_str_radix(line["SigBlk:".len()..].trim(), 16).ok()
    };
    let mut threads = 0;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim() != "rsock-proxy" {
            continue;
        }
        if let Some(m) = mask(&task.path()) {
            threads += 1;
            for sig in [
                libc::SIGINT,
                libc::SIGTERM,
                libc::SIGCHLD,
                libc::SIGALRM,
                libc::SIGPROF,
                libc::SIGUSR1,
                libc::SIGHUP,
            ] {
                assert_ne!(
                    m & (1 << (sig - 1)),
                    0,
                    "signal {sig} blocked in the thread"
                );
            }
        }
    }
    assert!(threads >= 1);
    // The starting thread's mask is back as it was.
    let here = std::fs::read_to_string("/proc/thread-self/status").unwrap();
    let line = here.lines().find(|l| l.starts_with("SigBlk:")).unwrap();
    let m = u64::from_str_radix(line["SigBlk:".len()..].trim(), 16).unwrap();
    assert_eq!(m & (1 << (libc::SIGTERM - 1)), 0);
    drop(a);
}

#[test]
fn start_refuses_what_is_not_a_listener() {
    let (c, _s) = crate::net::test_util::pair();
    let err = Acceptor::start(c.as_raw_fd(), cfg(LONG, 8)).err().unwrap();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    let f = std::fs::File::open("/proc/self/status").unwrap();
    let err = Acceptor::start(f.as_raw_fd(), cfg(LONG, 8)).err().unwrap();
    assert_eq!(err.raw_os_error(), Some(libc::ENOTSOCK));
}

/// A flood of drops overflows the drop channel: the reports that did not
/// fit are counted, and every drop is accounted for, one by one or in the
/// summary, which comes last.
#[test]
fn drops_beyond_the_channel_are_summed_up() {
    const N: usize = 1500;
    let (l, addr) = listener();
    let a = start(&l, cfg(LONG, 8));
    for _ in 0..N {
        let mut c = connect(addr, b"GARBAGE\r\n");
        sees_close(&mut c);
    }
    let deadline = Instant::now() + LONG;
    let (mut single, mut summed) = (0u64, 0u64);
    let mut summaries = 0;
    while single + summed < N as u64 && Instant::now() < deadline {
        let d = a.take_drops();
        for (i, x) in d.iter().enumerate() {
            match x.reason {
                DropReason::Unreported(n) => {
                    assert_eq!(i, d.len() - 1, "the summary comes last");
                    assert_eq!(
                        x.to_string(),
                        format!(
                            "dropped {n} more connection{} (not reported one by one: too many drops between two accepts)",
                            if n == 1 { "" } else { "s" }
                        )
                    );
                    summed += n;
                    summaries += 1;
                }
                _ => single += 1,
            }
        }
        std::thread::yield_now();
    }
    assert_eq!(single + summed, N as u64);
    assert!(summaries >= 1, "{N} drops overflow the channel");
}
