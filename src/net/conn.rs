//! Accept, receive and send on a borrowed descriptor with PHP's blocking
//! and timeout rules. [`drive`] is the one place that decides between
//! "ready", "would block", "timed out" and "failed": it tries the call
//! first and polls only when the kernel says it would block (PHP polls
//! before every blocking read and every accept).

use std::{
    io,
    os::fd::{OwnedFd, RawFd},
    time::{Duration, Instant},
};

use socket2::SockAddr;

use super::{
    outcome::Outcome,
    php_version::PhpVersion,
    sys::{self, Interest},
};

/// How long an operation may wait for readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// A non-blocking stream: never wait.
    Never,
    /// Wait up to the duration; `None` waits forever.
    AtMost(Option<Duration>),
}

impl Wait {
    /// When a wait that starts now must end (`None`: never, or no wait).
    pub fn deadline(self) -> Option<Instant> {
        match self {
            Wait::Never => None,
            Wait::AtMost(t) => deadline_for(t),
        }
    }
}

/// A `struct timeval` timeout as PHP's poll helpers read it
/// (`php_tvtoto`): whole milliseconds, `sec * 1000 + usec / 1000`
/// (truncated toward zero, in a C `int`); a negative `sec`, one past
/// `(INT_MAX - 1000) / 1000`, or a negative total waits forever. So
/// `(0, -1)` is no wait at all and `(-1, 999999)` is forever, as in PHP.
pub fn php_timeout(sec: i64, usec: i64) -> Option<Duration> {
    const MAX_SEC: i64 = (i32::MAX as i64 - 1000) / 1000;
    if !(0..=MAX_SEC).contains(&sec) {
        return None;
    }
    let ms = (sec * 1000).wrapping_add(usec / 1000) as i32;
    u64::try_from(ms).ok().map(Duration::from_millis)
}

/// How a read of a blocking socket stream waits, by `php_sockop_read` of
/// the PHP given: up to the stream's timeout as [`php_timeout`] reads it,
/// except that from PHP 8.3
/// ([`PhpVersion::socket_read_skips_needless_wait`]) it does not wait at
/// all when the timeout is exactly `(0, 0)` (which `stream_set_timeout`
/// also makes of `(-1, 1000000)`, carrying the microseconds over) or when
/// the same read already took bytes from PHP's buffer. Not waiting, the
/// read takes what the socket holds and never times out.
pub fn socket_read_wait(php: PhpVersion, sec: i64, usec: i64, has_buffered_data: bool) -> Wait {
    let needless = has_buffered_data || (sec == 0 && usec == 0);
    if needless && php.socket_read_skips_needless_wait() {
        Wait::Never
    } else {
        Wait::AtMost(php_timeout(sec, usec))
    }
}

/// A TLS stream's timeout as ext/openssl reads it: there is one only when
/// `sec > 0`, or `sec == 0` and `usec != 0` (so `(0, 0)` and any negative
/// `sec` mean none), and it counts in microseconds; a total at or below
/// zero has run out at once.
pub fn php_tls_timeout(sec: i64, usec: i64) -> Option<Duration> {
    if sec > 0 || (sec == 0 && usec != 0) {
        let micros = i128::from(sec) * 1_000_000 + i128::from(usec);
        Some(Duration::from_micros(
            u64::try_from(micros.max(0)).unwrap_or(u64::MAX),
        ))
    } else {
        None
    }
}

/// How a read of a blocking TLS stream waits, by `php_openssl_sockop_io`
/// of the PHP given: up to the stream's timeout as [`php_tls_timeout`]
/// reads it, except that from PHP 8.4.24
/// ([`PhpVersion::tls_read_skips_wait_when_buffered`]) a read that already
/// took bytes from PHP's buffer does not wait for more.
pub fn tls_read_wait(php: PhpVersion, sec: i64, usec: i64, has_buffered_data: bool) -> Wait {
    if has_buffered_data && php.tls_read_skips_wait_when_buffered() {
        Wait::Never
    } else {
        Wait::AtMost(php_tls_timeout(sec, usec))
    }
}

fn is_would_block(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

/// Time left until `deadline` (`None`: no limit).
fn left(deadline: Option<Instant>) -> Option<Duration> {
    deadline.map(|d| d.saturating_duration_since(Instant::now()))
}

fn deadline_for(timeout: Option<Duration>) -> Option<Instant> {
    // A wait too long to represent is a wait forever.
    timeout.and_then(|t| Instant::now().checked_add(t))
}

/// Runs `op` (a non-blocking call) until it is ready, waiting for
/// `interest` as `wait` allows. Interrupted calls and waits are resumed
/// with the time that is left.
pub fn drive<T>(
    fd: RawFd,
    interest: Interest,
    wait: Wait,
    mut op: impl FnMut() -> io::Result<T>,
) -> Outcome<T> {
    let deadline = wait.deadline();
    loop {
        match op() {
            Ok(v) => return Outcome::Ready(v),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if is_would_block(&e) => {}
            Err(e) => return Outcome::Failed(e),
        }
        if wait == Wait::Never {
            return Outcome::WouldBlock;
        }
        match wait_until(fd, interest, deadline) {
            Ok(true) => {}
            Ok(false) => return Outcome::TimedOut,
            Err(e) => return Outcome::Failed(e),
        }
    }
}

/// Waits for `interest` on `fd` until `deadline` (`None`: forever),
/// resuming after signals: true when ready, false when the time ran out.
pub fn wait_until(fd: RawFd, interest: Interest, deadline: Option<Instant>) -> io::Result<bool> {
    loop {
        match sys::poll(fd, interest, left(deadline)) {
            Ok(0) => return Ok(false),
            Ok(_) => return Ok(true),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Receives into `buf` (`extra` adds `MSG_PEEK`/`MSG_OOB`).
pub fn recv(fd: RawFd, buf: &mut [u8], extra: i32, wait: Wait) -> Outcome<usize> {
    drive(fd, Interest::Read, wait, || {
        sys::recv(fd, buf, extra | libc::MSG_DONTWAIT)
    })
}

/// Sends `buf` (`extra` adds `MSG_OOB`). `SIGPIPE` is never raised: a
/// closed peer is an `EPIPE` error.
pub fn send(fd: RawFd, buf: &[u8], extra: i32, wait: Wait) -> Outcome<usize> {
    drive(fd, Interest::Write, wait, || {
        sys::send(fd, buf, extra | libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL)
    })
}

/// Accepts one connection, waiting up to `timeout` (`None`: forever)
/// whatever the stream's blocking mode, as `stream_socket_accept` does.
///
/// On a non-blocking descriptor `accept4` is tried first and the wait
/// happens only if nothing is pending; on a blocking one (which `accept4`
/// would block on) it waits first, as PHP does. A signal interrupts the
/// wait (PHP reports it rather than resuming). The new descriptor is
/// close-on-exec and blocking.
pub fn accept(
    fd: RawFd,
    timeout: Option<Duration>,
    fd_nonblocking: bool,
) -> Outcome<(OwnedFd, SockAddr)> {
    // A socket that cannot accept (unbound, datagram) fails only after the
    // wait below, as in PHP, which polls first.
    if fd_nonblocking && let Ok(v) = sys::accept(fd) {
        return Outcome::Ready(v);
    }
    let deadline = deadline_for(timeout);
    loop {
        let revents = match sys::poll(fd, Interest::Read, left(deadline)) {
            Ok(0) => return Outcome::TimedOut,
            Ok(r) => r,
            Err(e) => return Outcome::Failed(e),
        };
        match sys::accept(fd) {
            Ok(v) => return Outcome::Ready(v),
            Err(e) if fd_nonblocking && is_would_block(&e) => {
                // Readable but nothing to accept. A hang-up or error means
                // the listener is shut down: a blocking accept, as PHP's,
                // fails with EINVAL there. Otherwise another process took
                // the connection: wait for the next one while time is left.
                if revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    return Outcome::Failed(io::Error::from_raw_os_error(libc::EINVAL));
                }
                if left(deadline) == Some(Duration::ZERO) {
                    return Outcome::TimedOut;
                }
            }
            Err(e) => return Outcome::Failed(e),
        }
    }
}

/// Receives one message and the sender's address (`recvfrom`), waiting
/// only as the descriptor's own mode does, as PHP (a signal interrupts it).
pub fn recv_from(fd: RawFd, buf: &mut [u8], extra: i32) -> io::Result<(usize, SockAddr)> {
    sys::recv_from(fd, buf, extra)
}

/// Whether the connection is still alive, as `feof()` asks: after waiting
/// up to `wait` for readiness (not ready: alive), a peek that sees an
/// orderly shutdown or a hard error (a reset, a listener) means dead.
pub fn is_alive(fd: RawFd, wait: Duration) -> bool {
    if !matches!(sys::poll(fd, Interest::ReadOrUrgent, Some(wait)), Ok(r) if r != 0) {
        return true;
    }
    let mut b = [0u8; 1];
    match sys::recv(fd, &mut b, libc::MSG_PEEK | libc::MSG_DONTWAIT) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => is_would_block(&e) || e.raw_os_error() == Some(libc::EMSGSIZE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::test_util::pair;
    use std::{
        io::{Read, Write},
        net::{TcpListener, TcpStream},
        os::fd::AsRawFd,
    };

    #[test]
    fn recv_ready_wouldblock_timeout_eof() {
        let (mut c, s) = pair();
        let fd = s.as_raw_fd();
        let mut buf = [0u8; 16];
        assert!(matches!(
            recv(fd, &mut buf, 0, Wait::Never),
            Outcome::WouldBlock
        ));
        let t = Instant::now();
        let ms = Duration::from_millis(50);
        assert!(matches!(
            recv(fd, &mut buf, 0, Wait::AtMost(Some(ms))),
            Outcome::TimedOut
        ));
        assert!(t.elapsed() >= ms);
        c.write_all(b"hello").unwrap();
        match recv(fd, &mut buf, libc::MSG_PEEK, Wait::AtMost(None)) {
            Outcome::Ready(5) => assert_eq!(&buf[..5], b"hello"),
            o => panic!("{o:?}"),
        }
        assert!(matches!(
            recv(fd, &mut buf, 0, Wait::Never),
            Outcome::Ready(5)
        ));
        drop(c);
        assert!(matches!(
            recv(fd, &mut buf, 0, Wait::AtMost(None)),
            Outcome::Ready(0)
        ));
    }

    #[test]
    fn php_timeouts_are_whole_milliseconds() {
        let ms = |m| Some(Duration::from_millis(m));
        assert_eq!(php_timeout(1, 0), ms(1000));
        assert_eq!(php_timeout(0, 500_000), ms(500));
        assert_eq!(php_timeout(0, 999), ms(0));
        // Truncated toward zero: a total above -1 ms is no wait at all.
        assert_eq!(php_timeout(0, -1), ms(0));
        assert_eq!(php_timeout(0, -999), ms(0));
        assert_eq!(php_timeout(1, -999_999), ms(1));
        // Forever: a negative total, a negative second, or past INT_MAX ms.
        assert_eq!(php_timeout(0, -1000), None);
        assert_eq!(php_timeout(-1, 0), None);
        assert_eq!(php_timeout(-1, 999_999), None);
        assert_eq!(php_timeout(-4_294_967, 0), None);
        assert_eq!(php_timeout(2_147_482, 0), ms(2_147_482_000));
        assert_eq!(php_timeout(2_147_483, 0), None);
        assert_eq!(php_timeout(4_294_968, 0), None);
        assert_eq!(php_timeout(i64::MIN, 0), None);
        assert_eq!(php_timeout(i64::MAX, i64::MAX), None);
    }

    #[test]
    fn socket_reads_wait_as_the_php_given() {
        let (php82, php84) = (PhpVersion::new(80236), PhpVersion::new(80427));
        let ms = |m| Wait::AtMost(Some(Duration::from_millis(m)));
        // (sec, usec, bytes already taken from PHP's buffer, 8.2, 8.3+)
        let rows = [
            (1, 0, false, ms(1000), ms(1000)),
            (1, 0, true, ms(1000), Wait::Never),
            (0, 0, false, ms(0), Wait::Never),
            // Not exactly zero: both poll with a timeout of 0 ms.
            (0, 999, false, ms(0), ms(0)),
            (0, -1, false, ms(0), ms(0)),
            // Forever, unless the read already has bytes.
            (-1, 0, false, Wait::AtMost(None), Wait::AtMost(None)),
            (-1, 0, true, Wait::AtMost(None), Wait::Never),
        ];
        for (sec, usec, buffered, old, new) in rows {
            let got = |php| socket_read_wait(php, sec, usec, buffered);
            assert_eq!(
                (got(php82), got(php84)),
                (old, new),
                "{sec}, {usec}, {buffered}"
            );
        }
    }

    #[test]
    fn tls_reads_wait_as_the_php_given() {
        let (php82, php84) = (PhpVersion::new(80236), PhpVersion::new(80427));
        let s = |n| Wait::AtMost(Some(Duration::from_secs(n)));
        // (sec, usec, bytes already taken from PHP's buffer, 8.2, 8.4.24+)
        let rows = [
            (1, 0, false, s(1), s(1)),
            (1, 0, true, s(1), Wait::Never),
            // No timeout at all for ext/openssl, unless the read has bytes.
            (0, 0, false, Wait::AtMost(None), Wait::AtMost(None)),
            (0, 0, true, Wait::AtMost(None), Wait::Never),
        ];
        for (sec, usec, buffered, old, new) in rows {
            let got = |php| tls_read_wait(php, sec, usec, buffered);
            assert_eq!(
                (got(php82), got(php84)),
                (old, new),
                "{sec}, {usec}, {buffered}"
            );
        }
    }

    #[test]
    fn php_tls_timeouts_follow_ext_openssl() {
        let us = |u| Some(Duration::from_micros(u));
        assert_eq!(php_tls_timeout(1, 0), us(1_000_000));
        assert_eq!(php_tls_timeout(0, 1), us(1));
        // Ran out already.
        assert_eq!(php_tls_timeout(0, -1), us(0));
        assert_eq!(php_tls_timeout(1, -2_000_000), us(0));
        // No timeout at all.
        assert_eq!(php_tls_timeout(0, 0), None);
        assert_eq!(php_tls_timeout(-1, 5), None);
        assert_eq!(php_tls_timeout(i64::MIN, i64::MIN), None);
        assert_eq!(php_tls_timeout(i64::MAX, i64::MAX), us(u64::MAX));
    }

    #[test]
    fn send_until_full_then_timeout() {
        let (c, s) = pair();
        let fd = s.as_raw_fd();
        let chunk = vec![7u8; 1 << 16];
        let mut total = 0;
        let ms = Duration::from_millis(30);
        loop {
            match send(fd, &chunk, 0, Wait::AtMost(Some(ms))) {
                Outcome::Ready(n) => total += n,
                Outcome::TimedOut => break,
                o => panic!("{o:?}"),
            }
            assert!(total < 1 << 30, "peer never filled up");
        }
        assert!(total > 0);
        // Without waiting, the full buffer says "would block" (the kernel
        // may still free a little room right after the timeout: take it).
        let mut extra = 0;
        loop {
            match send(fd, &chunk, 0, Wait::Never) {
                Outcome::WouldBlock => break,
                Outcome::Ready(n) => extra += n,
                o => panic!("{o:?}"),
            }
            assert!(extra < 1 << 24, "a full buffer kept taking data");
        }
        drop(c);
    }

    #[test]
    fn send_to_closed_peer_is_an_error_not_a_signal() {
        let (c, s) = pair();
        drop(c);
        let fd = s.as_raw_fd();
        let mut failed = None;
        for _ in 0..100 {
            if let Outcome::Failed(e) = send(fd, b"x", 0, Wait::AtMost(None)) {
                failed = e.raw_os_error();
                break;
            }
        }
        assert!(matches!(failed, Some(libc::EPIPE | libc::ECONNRESET)));
    }

    #[test]
    fn accept_with_timeout_and_peer() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let fd = l.as_raw_fd();
        let ms = Duration::from_millis(40);
        assert!(matches!(accept(fd, Some(ms), true), Outcome::TimedOut));
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        match accept(fd, Some(Duration::from_secs(5)), true) {
            Outcome::Ready((conn, peer)) => {
                assert_eq!(peer.as_socket().unwrap(), c.local_addr().unwrap());
                assert!(!sys::is_nonblocking(conn.as_raw_fd()).unwrap());
                // SAFETY-free check of close-on-exec through fcntl.
                let mut s = TcpStream::from(conn);
                (&c).write_all(b"x").unwrap();
                let mut b = [0u8; 1];
                s.read_exact(&mut b).unwrap();
            }
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn accept_on_datagram_socket_waits_then_times_out() {
        let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let ms = Duration::from_millis(30);
        let t = Instant::now();
        assert!(matches!(
            accept(u.as_raw_fd(), Some(ms), false),
            Outcome::TimedOut
        ));
        assert!(t.elapsed() >= ms);
    }

    #[test]
    fn liveness() {
        let (c, s) = pair();
        let fd = s.as_raw_fd();
        assert!(is_alive(fd, Duration::ZERO));
        (&c).write_all(b"x").unwrap();
        assert!(is_alive(fd, Duration::from_millis(10)));
        drop(c);
        let mut b = [0u8; 1];
        (&s).read_exact(&mut b).unwrap();
        assert!(!is_alive(fd, Duration::ZERO), "orderly shutdown");
        // A reset (SO_LINGER 0) is dead at the first look.
        let (c, s) = pair();
        socket2::SockRef::from(&c)
            .set_linger(Some(Duration::ZERO))
            .unwrap();
        drop(c);
        assert!(!is_alive(s.as_raw_fd(), Duration::from_secs(2)), "reset");
        // A listener with a connection pending: readable, but no stream.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        assert!(is_alive(l.as_raw_fd(), Duration::ZERO), "nothing pending");
        let _c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        assert!(!is_alive(l.as_raw_fd(), Duration::from_secs(2)), "pending");
    }

    #[test]
    fn accept_on_a_shut_down_listener_fails_at_once() {
        let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
        let path = std::env::temp_dir().join(format!("rsock-conn-{}.sock", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let unix = std::os::unix::net::UnixListener::bind(&path).unwrap();
        for fd in [tcp.as_raw_fd(), unix.as_raw_fd()] {
            sys::set_nonblocking(fd, true).unwrap();
            sys::shutdown(fd, libc::SHUT_RDWR).unwrap();
            let t = Instant::now();
            for timeout in [Some(Duration::ZERO), Some(Duration::from_secs(5))] {
                match accept(fd, timeout, true) {
                    Outcome::Failed(e) => assert_eq!(e.raw_os_error(), Some(libc::EINVAL)),
                    o => panic!("{o:?}"),
                }
            }
            assert!(t.elapsed() < Duration::from_secs(2));
        }
        std::fs::remove_file(&path).unwrap();
    }
}
