//! Socket options applied to a server socket after bind, before listen:
//! PHP 8.6's keepalive options and rsock's own tuning options.
//!
//! PHP's master branch (8.6; read in true-async/php-src, which tracks it:
//! `main/streams/xp_socket.c` at 020b854e, `main/network.c` at 080acb06,
//! and php/php-src's `ext/standard/tests/network/so_keepalive*.phpt`,
//! `so_reuseaddr.phpt`, UPGRADING "PHP 8.6") reads, for tcp servers only
//! (its "TCP" is every transport that is neither udp nor unix, so the TLS
//! ones too):
//! - `socket.so_keepalive` with `zend_is_true`, setting `SO_KEEPALIVE`;
//! - `socket.tcp_keepidle` / `tcp_keepintvl` / `tcp_keepcnt` with
//!   `zval_get_long`, cast to a C `int`, each set when present (whether or
//!   not `so_keepalive` is), with `TCP_KEEPIDLE` / `TCP_KEEPINTVL` /
//!   `TCP_KEEPCNT`;
//! - `socket.so_reuseaddr`: absent or truthy keeps the `SO_REUSEADDR` every
//!   server gets, falsy leaves it off (tcp and udp; see
//!   [`super::listener::BindOptions`]).
//!
//! All are read when the server is created and set on the listening socket
//! before `bind(2)`; a value the kernel refuses (0, negative, too large) is
//! ignored without a word, as PHP ignores `setsockopt`'s result. Linux
//! hands them to every accepted tcp connection (as it does
//! `TCP_USER_TIMEOUT` and the buffer sizes; see the
//! `accepted_connections_inherit` test), so tcp needs no per-connection
//! step (PHP's only accept-time one re-applies the idle time on macOS). A
//! unix connection inherits no buffer size: [`SockOpts::apply_accepted`].
//!
//! rsock's own options (`rsock.*`) are checked instead: a value out of the
//! range below fails `stream_socket_server()` with
//! [`Error::InvalidOption`], and a kernel refusal fails it too.

use std::os::fd::RawFd;

use super::{
    endpoint::Transport,
    error::{Error, Result, Syscall},
    sys,
};

/// The options of this module, read from the stream context once, when the
/// server is created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SockOpts {
    /// `socket.so_keepalive` (tcp): `SO_KEEPALIVE` on.
    pub keepalive: bool,
    /// `socket.tcp_keepidle` (tcp): seconds idle before the first probe.
    pub keepidle: Option<i32>,
    /// `socket.tcp_keepintvl` (tcp): seconds between probes.
    pub keepintvl: Option<i32>,
    /// `socket.tcp_keepcnt` (tcp): probes before the connection is dropped.
    pub keepcnt: Option<i32>,
    /// `rsock.tcp_defer_accept` (tcp): seconds a connection may wait for
    /// its first data before it is accepted anyway.
    pub defer_accept: Option<i32>,
    /// `rsock.tcp_fastopen` (tcp): the TCP Fast Open queue length.
    pub fastopen: Option<i32>,
    /// `rsock.tcp_user_timeout` (tcp): milliseconds sent data may stay
    /// unacknowledged before the connection is dropped.
    pub user_timeout: Option<i32>,
    /// `rsock.so_rcvbuf` (every transport): requested receive buffer bytes.
    pub rcvbuf: Option<i32>,
    /// `rsock.so_sndbuf` (every transport): requested send buffer bytes.
    pub sndbuf: Option<i32>,
}

/// One of rsock's own numeric options: its name under `rsock` and the
/// values it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RsockOption {
    /// The key under the context's `rsock` group.
    pub name: &'static str,
    /// The smallest value taken.
    pub min: i64,
    /// What the value means, for the error text: `expected {expected}`.
    pub expected: &'static str,
}

/// `rsock.tcp_defer_accept`
pub const TCP_DEFER_ACCEPT: RsockOption = RsockOption {
    name: "tcp_defer_accept",
    min: 0,
    expected: "a number of seconds from 0 to 2147483647",
};
/// `rsock.tcp_fastopen`
pub const TCP_FASTOPEN: RsockOption = RsockOption {
    name: "tcp_fastopen",
    min: 0,
    expected: "a queue length from 0 to 2147483647",
};
/// `rsock.tcp_user_timeout`
pub const TCP_USER_TIMEOUT: RsockOption = RsockOption {
    name: "tcp_user_timeout",
    min: 0,
    expected: "a number of milliseconds from 0 to 2147483647",
};
/// `rsock.so_rcvbuf`
pub const SO_RCVBUF: RsockOption = RsockOption {
    name: "so_rcvbuf",
    min: 1,
    expected: "a number of bytes from 1 to 2147483647",
};
/// `rsock.so_sndbuf`
pub const SO_SNDBUF: RsockOption = RsockOption {
    name: "so_sndbuf",
    min: 1,
    expected: "a number of bytes from 1 to 2147483647",
};

impl RsockOption {
    /// `value` if it is in range, else the error naming the option, the
    /// value as given (`shown`) and what was expected.
    pub fn check(self, value: Option<i64>, shown: impl FnOnce() -> String) -> Result<i32> {
        match value {
            Some(v) if v >= self.min => i32::try_from(v).map_err(|_| self.invalid(shown())),
            _ => Err(self.invalid(shown())),
        }
    }

    fn invalid(self, value: String) -> Error {
        Error::InvalidOption {
            name: self.name,
            value,
            expected: self.expected,
        }
    }
}

/// PHP's `(int)` of a `zend_long`: the low 32 bits, as C's conversion
/// does on every platform PHP runs on.
pub fn c_int(v: i64) -> i32 {
    v as i32
}

/// Whether `s` is a numeric string by PHP 8's rules (leading and trailing
/// whitespace allowed, then an integer or a float), so that `"abc"` is not
/// silently taken as 0 for an rsock option.
pub fn is_numeric(s: &[u8]) -> bool {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let start = s.iter().position(|c| !ws(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    let mut t = &s[start..end];
    if let [b'+' | b'-', rest @ ..] = t {
        t = rest;
    }
    let digits = |t: &[u8]| t.iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(t);
    t = &t[int..];
    let mut frac = 0;
    if let [b'.', rest @ ..] = t {
        frac = digits(rest);
        t = &rest[frac..];
    }
    if int + frac == 0 {
        return false;
    }
    if let [b'e' | b'E', rest @ ..] = t {
        let rest = match rest {
            [b'+' | b'-', r @ ..] => r,
            r => r,
        };
        let exp = digits(rest);
        if exp == 0 {
            return false;
        }
        t = &rest[exp..];
    }
    t.is_empty()
}

impl SockOpts {
    /// Whether any option is set (nothing to do otherwise).
    pub fn is_empty(&self) -> bool {
        *self == SockOpts::default()
    }

    /// Applies the options to a bound server socket before `listen(2)`,
    /// where the kernel needs them: the buffers before the handshake fixes
    /// the window scale, `TCP_DEFER_ACCEPT` and `TCP_FASTOPEN` on the
    /// listener itself, the rest inherited by each accepted connection.
    /// Options that do not apply to `transport` are ignored.
    pub fn apply_before_listen(&self, fd: RawFd, transport: Transport) -> Result<()> {
        let set = |level, name, value: Option<i32>| match value {
            Some(v) => sys::set_int_option(fd, level, name, v).map_err(|source| Error::Os {
                call: Syscall::SetOption,
                source,
            }),
            None => Ok(()),
        };
        set(libc::SOL_SOCKET, libc::SO_RCVBUF, self.rcvbuf)?;
        set(libc::SOL_SOCKET, libc::SO_SNDBUF, self.sndbuf)?;
        if transport != Transport::Tcp {
            return Ok(());
        }
        // PHP's options: the kernel's answer is ignored, as PHP ignores it.
        let quiet = |level, name, value: Option<i32>| {
            if let Some(v) = value {
                let _ = sys::set_int_option(fd, level, name, v);
            }
        };
        quiet(
            libc::SOL_SOCKET,
            libc::SO_KEEPALIVE,
            self.keepalive.then_some(1),
        );
        quiet(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, self.keepidle);
        quiet(libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, self.keepintvl);
        quiet(libc::IPPROTO_TCP, libc::TCP_KEEPCNT, self.keepcnt);
        set(libc::IPPROTO_TCP, libc::TCP_USER_TIMEOUT, self.user_timeout)?;
        set(libc::IPPROTO_TCP, libc::TCP_DEFER_ACCEPT, self.defer_accept)?;
        set(libc::IPPROTO_TCP, libc::TCP_FASTOPEN, self.fastopen)
    }

    /// Applies to an accepted connection what it does not inherit from its
    /// listener: on Linux only a unix connection's buffer sizes. Best
    /// effort, as `tcp_nodelay` is: the values were taken by the listener.
    pub fn apply_accepted(&self, fd: RawFd, transport: Transport) {
        if transport != Transport::Unix {
            return;
        }
        for (name, value) in [
            (libc::SO_RCVBUF, self.rcvbuf),
            (libc::SO_SNDBUF, self.sndbuf),
        ] {
            if let Some(v) = value {
                let _ = sys::set_int_option(fd, libc::SOL_SOCKET, name, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{
        io::Write,
        net::{TcpListener, TcpStream},
        os::fd::AsRawFd,
        time::Duration,
    };

    use socket2::{Domain, SockRef, Socket, Type};

    fn bound(transport: Transport) -> Socket {
        let (domain, ty) = match transport {
            Transport::Udp => (Domain::IPV4, Type::DGRAM),
            Transport::Unix => (Domain::UNIX, Type::STREAM),
            _ => (Domain::IPV4, Type::STREAM),
        };
        let s = Socket::new(domain, ty, None).unwrap();
        if domain == Domain::IPV4 {
            s.bind(
                &"127.0.0.1:0"
                    .parse::<std::net::SocketAddr>()
                    .unwrap()
                    .into(),
            )
            .unwrap();
        }
        s
    }

    fn int(s: &Socket, level: i32, name: i32) -> i32 {
        sys::int_option(s.as_raw_fd(), level, name).unwrap()
    }

    /// Every option, set through `SockOpts` on a listener, read back.
    #[test]
    fn each_option_is_applied() {
        let tcp = |f: fn(&mut SockOpts)| {
            let mut o = SockOpts::default();
            f(&mut o);
            let s = bound(Transport::Tcp);
            o.apply_before_listen(s.as_raw_fd(), Transport::Tcp)
                .unwrap();
            s
        };
        type Row = (fn(&mut SockOpts), fn(&Socket) -> i64, i64);
        let rows: &[Row] = &[
            (|o| o.keepalive = true, |s| s.keepalive().unwrap() as i64, 1),
            (
                |o| o.keepidle = Some(61),
                |s| SockRef::from(s).tcp_keepalive_time().unwrap().as_secs() as i64,
                61,
            ),
            (
                |o| o.keepintvl = Some(11),
                |s| SockRef::from(s).tcp_keepalive_interval().unwrap().as_secs() as i64,
                11,
            ),
            (
                |o| o.keepcnt = Some(7),
                |s| SockRef::from(s).tcp_keepalive_retries().unwrap() as i64,
                7,
            ),
            (
                |o| o.user_timeout = Some(12345),
                |s| s.tcp_user_timeout().unwrap().unwrap().as_millis() as i64,
                12345,
            ),
            (
                |o| o.fastopen = Some(17),
                |s| int(s, libc::IPPROTO_TCP, libc::TCP_FASTOPEN) as i64,
                17,
            ),
            // The kernel keeps SYN-ACK retransmissions: 1, 3, 7, 15 s...
            (
                |o| o.defer_accept = Some(3),
                |s| int(s, libc::IPPROTO_TCP, libc::TCP_DEFER_ACCEPT) as i64,
                3,
            ),
            // Linux doubles what it is asked for (bookkeeping overhead).
            (
                |o| o.rcvbuf = Some(50000),
                |s| s.recv_buffer_size().unwrap() as i64,
                100000,
            ),
            (
                |o| o.sndbuf = Some(60000),
                |s| s.send_buffer_size().unwrap() as i64,
                120000,
            ),
        ];
        for (i, (set, get, want)) in rows.iter().enumerate() {
            assert_eq!(get(&tcp(*set)), *want, "row {i}");
        }
    }

    #[test]
    fn keepalive_stays_off_by_default() {
        let s = bound(Transport::Tcp);
        SockOpts::default()
            .apply_before_listen(s.as_raw_fd(), Transport::Tcp)
            .unwrap();
        assert!(!s.keepalive().unwrap());
    }

    /// Linux copies these from the listener to each accepted connection:
    /// the reason there is no per-connection step.
    #[test]
    fn accepted_connections_inherit() {
        let o = SockOpts {
            keepalive: true,
            keepidle: Some(61),
            keepintvl: Some(11),
            keepcnt: Some(7),
            user_timeout: Some(12345),
            rcvbuf: Some(50000),
            sndbuf: Some(60000),
            ..Default::default()
        };
        let s = bound(Transport::Tcp);
        o.apply_before_listen(s.as_raw_fd(), Transport::Tcp)
            .unwrap();
        s.listen(4).unwrap();
        let l = TcpListener::from(s);
        let _c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (a, _) = l.accept().unwrap();
        let a = SockRef::from(&a);
        assert!(a.keepalive().unwrap());
        assert_eq!(a.tcp_keepalive_time().unwrap(), Duration::from_secs(61));
        assert_eq!(a.tcp_keepalive_interval().unwrap(), Duration::from_secs(11));
        assert_eq!(a.tcp_keepalive_retries().unwrap(), 7);
        assert_eq!(
            a.tcp_user_timeout().unwrap(),
            Some(Duration::from_millis(12345))
        );
        assert_eq!(a.recv_buffer_size().unwrap(), 100000);
        assert_eq!(a.send_buffer_size().unwrap(), 120000);
    }

    /// A unix connection does not inherit its listener's buffer sizes;
    /// `apply_accepted` gives them, and leaves tcp connections alone.
    #[test]
    fn unix_connections_get_the_buffers_at_accept() {
        use std::os::unix::net::{UnixListener, UnixStream};
        let dir = std::env::temp_dir().join(format!("rsock-sockopt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.sock");
        let l = UnixListener::bind(&path).unwrap();
        let o = SockOpts {
            rcvbuf: Some(50000),
            sndbuf: Some(60000),
            ..Default::default()
        };
        o.apply_before_listen(l.as_raw_fd(), Transport::Unix)
            .unwrap();
        let _c = UnixStream::connect(&path).unwrap();
        let (a, _) = l.accept().unwrap();
        let a = SockRef::from(&a);
        assert_ne!(a.recv_buffer_size().unwrap(), 100000, "not inherited");
        o.apply_accepted(a.as_raw_fd(), Transport::Unix);
        assert_eq!(a.recv_buffer_size().unwrap(), 100000);
        assert_eq!(a.send_buffer_size().unwrap(), 120000);
        let (_c, t) = crate::net::test_util::pair();
        let before = SockRef::from(&t).recv_buffer_size().unwrap();
        o.apply_accepted(t.as_raw_fd(), Transport::Tcp);
        assert_eq!(SockRef::from(&t).recv_buffer_size().unwrap(), before);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// With `TCP_DEFER_ACCEPT`, a connection that has sent nothing is not
    /// accepted; its first byte makes it acceptable.
    #[test]
    fn defer_accept_waits_for_data() {
        let o = SockOpts {
            defer_accept: Some(5),
            ..Default::default()
        };
        let s = bound(Transport::Tcp);
        o.apply_before_listen(s.as_raw_fd(), Transport::Tcp)
            .unwrap();
        s.listen(4).unwrap();
        let l = TcpListener::from(s);
        let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let fd = l.as_raw_fd();
        let short = Some(Duration::from_millis(200));
        assert_eq!(sys::poll(fd, sys::Interest::Read, short).unwrap(), 0);
        c.write_all(b"x").unwrap();
        let long = Some(Duration::from_secs(5));
        assert_ne!(sys::poll(fd, sys::Interest::Read, long).unwrap(), 0);
    }

    #[test]
    fn tcp_options_are_ignored_elsewhere_buffers_are_not() {
        let o = SockOpts {
            keepalive: true,
            user_timeout: Some(1000),
            defer_accept: Some(1),
            fastopen: Some(1),
            rcvbuf: Some(50000),
            ..Default::default()
        };
        for t in [Transport::Udp, Transport::Unix] {
            let s = bound(t);
            o.apply_before_listen(s.as_raw_fd(), t).unwrap();
            assert!(!s.keepalive().unwrap(), "{t:?}");
            assert_eq!(s.recv_buffer_size().unwrap(), 100000, "{t:?}");
        }
    }

    /// PHP's keepalive values the kernel refuses are ignored, not errors.
    #[test]
    fn refused_keepalive_values_are_ignored() {
        let s = bound(Transport::Tcp);
        let before = SockRef::from(&s).tcp_keepalive_time().unwrap();
        for v in [0, -1, 1 << 20] {
            let o = SockOpts {
                keepidle: Some(v),
                keepintvl: Some(v),
                keepcnt: Some(v),
                ..Default::default()
            };
            o.apply_before_listen(s.as_raw_fd(), Transport::Tcp)
                .unwrap();
        }
        assert_eq!(SockRef::from(&s).tcp_keepalive_time().unwrap(), before);
    }

    #[test]
    fn rsock_values_are_checked() {
        let shown = |v: i64| move || v.to_string();
        assert_eq!(TCP_FASTOPEN.check(Some(0), shown(0)).unwrap(), 0);
        assert_eq!(SO_RCVBUF.check(Some(1), shown(1)).unwrap(), 1);
        assert_eq!(
            TCP_USER_TIMEOUT
                .check(Some(i64::from(i32::MAX)), shown(0))
                .unwrap(),
            i32::MAX
        );
        for (opt, v) in [
            (TCP_FASTOPEN, -1),
            (TCP_DEFER_ACCEPT, -5),
            (SO_RCVBUF, 0),
            (SO_SNDBUF, 1 << 31),
            (TCP_USER_TIMEOUT, i64::MIN),
        ] {
            let e = opt.check(Some(v), shown(v)).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "invalid rsock option {}: {v} (expected {})",
                    opt.name, opt.expected
                )
            );
            assert_eq!(e.raw_os_error(), None);
        }
        let e = TCP_FASTOPEN.check(None, || "\"abc\"".into()).unwrap_err();
        assert!(e.to_string().contains(": \"abc\" (expected a queue length"));
    }

    #[test]
    fn c_int_truncates_as_c_does() {
        assert_eq!(c_int(60), 60);
        assert_eq!(c_int((1 << 32) + 60), 60);
        assert_eq!(c_int(-1), -1);
    }

    #[test]
    fn numeric_strings() {
        for yes in [
            "0", " 12", "12 ", "-3", "+4", "1.5", ".5", "5.", "1e3", "\t7\n", "1E-2",
        ] {
            assert!(is_numeric(yes.as_bytes()), "{yes:?}");
        }
        for no in [
            "", " ", "abc", "12abc", "1e", "--1", ".", "0x1A", "1 2", "e5",
        ] {
            assert!(!is_numeric(no.as_bytes()), "{no:?}");
        }
    }
}
