//! Creating bound (and listening) sockets with PHP's options.

use std::{fs, net::SocketAddr, os::fd::AsRawFd, sync::OnceLock};

use socket2::{Domain, SockAddr, Socket, Type};

use super::{
    endpoint::{InetEndpoint, Transport, UnixPath},
    error::{Error, Result, Syscall},
    sys,
};

/// Socket options from the stream context's `socket` group that apply at
/// bind time. `SO_REUSEADDR` is set unless `socket.so_reuseaddr` is falsy,
/// as PHP 8.6 does (earlier PHPs always set it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindOptions {
    /// `SO_REUSEADDR`: on unless `socket.so_reuseaddr` is set and falsy.
    pub reuseaddr: bool,
    /// `socket.so_reuseport`
    pub reuseport: bool,
    /// `socket.ipv6_v6only`: `None` leaves the system default.
    pub ipv6_v6only: Option<bool>,
    /// `socket.so_broadcast` (udp only)
    pub broadcast: bool,
}

impl Default for BindOptions {
    fn default() -> Self {
        BindOptions {
            reuseaddr: true,
            reuseport: false,
            ipv6_v6only: None,
            broadcast: false,
        }
    }
}

fn socket_type(transport: Transport) -> Type {
    if transport.is_datagram() {
        Type::DGRAM
    } else {
        Type::STREAM
    }
}

/// Whether the system can make IPv6 sockets; probed once, as PHP does, to
/// choose the families name resolution may return.
fn has_ipv6() -> bool {
    static PROBE: OnceLock<bool> = OnceLock::new();
    *PROBE.get_or_init(|| Socket::new(Domain::IPV6, Type::DGRAM, None).is_ok())
}

/// Resolves `host` to the addresses to try, in resolver order.
pub fn resolve(host: &str, transport: Transport) -> Result<Vec<SocketAddr>> {
    let socktype = if transport.is_datagram() {
        libc::SOCK_DGRAM
    } else {
        libc::SOCK_STREAM
    };
    sys::getaddrinfo(host, socktype, has_ipv6()).map_err(|reason| Error::Resolve {
        host: host.to_owned(),
        reason,
    })
}

/// Binds a tcp or udp socket to the first resolved address that accepts it.
pub fn bind_inet(ep: &InetEndpoint, transport: Transport, opts: &BindOptions) -> Result<Socket> {
    let addrs = resolve(&ep.host, transport)?;
    let port = ep.port()?;
    let mut last = None;
    for mut addr in addrs {
        addr.set_port(port);
        match bind_one(addr, transport, opts) {
            Ok(sock) => return Ok(sock),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or(Error::Os {
        call: Syscall::Bind,
        source: std::io::Error::from_raw_os_error(libc::EADDRNOTAVAIL),
    }))
}

fn bind_one(addr: SocketAddr, transport: Transport, opts: &BindOptions) -> Result<Socket> {
    let os = |call| move |source| Error::Os { call, source };
    let sock = Socket::new(Domain::for_address(addr), socket_type(transport), None)
        .map_err(os(Syscall::Socket))?;
    if opts.reuseaddr {
        sock.set_reuse_address(true)
            .map_err(os(Syscall::SetOption))?;
    }
    if let (Some(only), true) = (opts.ipv6_v6only, addr.is_ipv6()) {
        sock.set_only_v6(only).map_err(os(Syscall::SetOption))?;
    }
    if opts.reuseport {
        sock.set_reuse_port(true).map_err(os(Syscall::SetOption))?;
    }
    if opts.broadcast && transport == Transport::Udp {
        sock.set_broadcast(true).map_err(os(Syscall::SetOption))?;
    }
    sock.bind(&SockAddr::from(addr))
        .map_err(os(Syscall::Bind))?;
    Ok(sock)
}

/// Binds a unix stream (`unix`) or datagram (`udg`) socket to `path`.
pub fn bind_unix(path: &UnixPath, transport: Transport) -> Result<Socket> {
    let sock = unix_socket(transport)?;
    bind_unix_socket(&sock, path)?;
    Ok(sock)
}

/// A new unix socket of `transport`'s type, not bound yet.
pub fn unix_socket(transport: Transport) -> Result<Socket> {
    Socket::new(Domain::UNIX, socket_type(transport), None).map_err(|source| Error::Os {
        call: Syscall::Socket,
        source,
    })
}

/// `bind(2)` of a unix socket to `path`.
pub fn bind_unix_socket(sock: &Socket, path: &UnixPath) -> Result<()> {
    let os = |source| Error::Os {
        call: Syscall::Bind,
        source,
    };
    let addr = sys::unix_sockaddr(&path.bytes).map_err(os)?;
    sock.bind(&addr).map_err(os)
}

/// `listen(2)` on a bound stream socket.
pub fn listen(sock: &Socket, backlog: i32) -> Result<()> {
    sys::listen(sock.as_raw_fd(), backlog).map_err(|source| Error::Os {
        call: Syscall::Listen,
        source,
    })
}

/// The system's accept-queue limit (`net.core.somaxconn`), 511 if it
/// cannot be read.
pub fn system_backlog() -> i32 {
    fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(511)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::{addr, endpoint::parse_unix};
    use std::net::TcpStream;

    fn ep(host: &str, port: u16) -> InetEndpoint {
        InetEndpoint {
            host: host.into(),
            port: Some(port),
            address: format!("{host}:{port}").into_bytes(),
        }
    }

    fn local_text(s: &Socket) -> String {
        String::from_utf8(addr::text(&s.local_addr().unwrap())).unwrap()
    }

    #[test]
    fn tcp_bind_listen_and_connect() {
        let s = bind_inet(&ep("127.0.0.1", 0), Transport::Tcp, &BindOptions::default()).unwrap();
        listen(&s, 16).unwrap();
        assert!(s.reuse_address().unwrap(), "SO_REUSEADDR is always on");
        let port = s.local_addr().unwrap().as_socket().unwrap().port();
        assert_ne!(port, 0);
        TcpStream::connect(("127.0.0.1", port)).unwrap();
        assert!(local_text(&s).starts_with("127.0.0.1:"));
    }

    #[test]
    fn busy_port_reports_eaddrinuse() {
        let a = bind_inet(&ep("127.0.0.1", 0), Transport::Tcp, &BindOptions::default()).unwrap();
        listen(&a, 1).unwrap();
        let port = a.local_addr().unwrap().as_socket().unwrap().port();
        let err = bind_inet(
            &ep("127.0.0.1", port),
            Transport::Tcp,
            &BindOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EADDRINUSE));
        assert!(matches!(
            err,
            Error::Os {
                call: Syscall::Bind,
                ..
            }
        ));
    }

    #[test]
    fn options_are_applied() {
        // One line per option: set through BindOptions, read back.
        let opts = BindOptions {
            reuseport: true,
            ..Default::default()
        };
        let s = bind_inet(&ep("127.0.0.1", 0), Transport::Tcp, &opts).unwrap();
        assert!(s.reuse_port().unwrap());
        let opts = BindOptions {
            broadcast: true,
            ..Default::default()
        };
        let u = bind_inet(&ep("127.0.0.1", 0), Transport::Udp, &opts).unwrap();
        assert!(u.broadcast().unwrap());
        assert_eq!(u.r#type().unwrap(), Type::DGRAM);
        let opts = BindOptions {
            reuseaddr: false,
            ..Default::default()
        };
        for t in [Transport::Tcp, Transport::Udp] {
            let s = bind_inet(&ep("127.0.0.1", 0), t, &opts).unwrap();
            assert!(!s.reuse_address().unwrap(), "{t:?}");
        }
        if has_ipv6() {
            for only in [true, false] {
                let opts = BindOptions {
                    ipv6_v6only: Some(only),
                    ..Default::default()
                };
                // Linux forces V6ONLY on a socket bound to a specific v6 address.
                if let Ok(s) = bind_inet(&ep("::", 0), Transport::Tcp, &opts) {
                    assert_eq!(s.only_v6().unwrap(), only);
                }
            }
        }
    }

    #[test]
    fn two_reuseport_servers_share_a_port() {
        let opts = BindOptions {
            reuseport: true,
            ..Default::default()
        };
        let a = bind_inet(&ep("127.0.0.1", 0), Transport::Tcp, &opts).unwrap();
        listen(&a, 1).unwrap();
        let port = a.local_addr().unwrap().as_socket().unwrap().port();
        let b = bind_inet(&ep("127.0.0.1", port), Transport::Tcp, &opts).unwrap();
        listen(&b, 1).unwrap();
    }

    #[test]
    fn invalid_port_is_reported_after_the_host_resolves() {
        let bad = |host: &str| InetEndpoint {
            host: host.into(),
            port: None,
            address: b"x".to_vec(),
        };
        let opts = BindOptions::default();
        let err = bind_inet(&bad("127.0.0.1"), Transport::Tcp, &opts).unwrap_err();
        assert!(matches!(err, Error::InvalidPort(_)));
        let err = bind_inet(&bad("nosuchhost.invalid"), Transport::Tcp, &opts).unwrap_err();
        assert!(matches!(err, Error::Resolve { .. }));
    }

    #[test]
    fn unresolvable_host() {
        let err = bind_inet(
            &ep("nosuchhost.invalid", 0),
            Transport::Tcp,
            &BindOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Resolve { ref host, .. } if host == "nosuchhost.invalid"));
        assert_eq!(err.raw_os_error(), None);
    }

    #[test]
    fn unix_and_udg() {
        let dir = std::env::temp_dir().join(format!("rsock-core-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.sock");
        let up = parse_unix(path.as_os_str().as_encoded_bytes());
        let s = bind_unix(&up, Transport::Unix).unwrap();
        listen(&s, 4).unwrap();
        assert_eq!(local_text(&s), path.to_str().unwrap());
        let err = bind_unix(&up, Transport::Unix).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EADDRINUSE));
        let missing = parse_unix(b"/nonexistent-rsock-dir/x.sock");
        let err = bind_unix(&missing, Transport::Udg).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
        let g = bind_unix(
            &parse_unix(dir.join("g.sock").as_os_str().as_encoded_bytes()),
            Transport::Udg,
        )
        .unwrap();
        assert_eq!(g.r#type().unwrap(), Type::DGRAM);
        // A datagram socket cannot listen: the real reason comes back.
        let err = listen(&g, 1).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EOPNOTSUPP));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn abstract_unix_name() {
        let name = format!("\0rsock-core-{}", std::process::id());
        let s = bind_unix(&parse_unix(name.as_bytes()), Transport::Unix).unwrap();
        assert_eq!(addr::text(&s.local_addr().unwrap()), name.as_bytes());
    }

    #[test]
    fn system_backlog_is_positive() {
        assert!(system_backlog() > 0);
    }
}
