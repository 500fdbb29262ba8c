//! What an inherited descriptor is: the transport is read from the socket
//! itself (`SO_DOMAIN`, `SO_TYPE`, `SO_PROTOCOL`), and only a socket rsock
//! could have made as a server is taken: a listening stream socket, or a
//! bound datagram socket.

use std::os::fd::RawFd;

use super::InheritError;
use crate::net::{Transport, addr, sys};

fn option(fd: RawFd, name: i32) -> Result<i32, InheritError> {
    sys::int_option(fd, libc::SOL_SOCKET, name).map_err(|e| InheritError::Inspect(fd, e))
}

/// The transport of the server socket `fd`, or why it is not one.
pub fn inspect(fd: RawFd) -> Result<Transport, InheritError> {
    match sys::is_socket(fd) {
        Err(e) => return Err(InheritError::NotOpen(fd, e)),
        Ok(false) => return Err(InheritError::NotSocket(fd)),
        Ok(true) => {}
    }
    let domain = option(fd, libc::SO_DOMAIN)?;
    let kind = option(fd, libc::SO_TYPE)?;
    let inet = match domain {
        libc::AF_INET | libc::AF_INET6 => true,
        libc::AF_UNIX => false,
        other => return Err(InheritError::Family(fd, other)),
    };
    let transport = match (kind, inet) {
        (libc::SOCK_STREAM, true) => Transport::Tcp,
        (libc::SOCK_DGRAM, true) => Transport::Udp,
        (libc::SOCK_STREAM, false) => Transport::Unix,
        (libc::SOCK_DGRAM, false) => Transport::Udg,
        (other, _) => return Err(InheritError::Type(fd, other)),
    };
    if inet {
        let want = if transport == Transport::Tcp {
            libc::IPPROTO_TCP
        } else {
            libc::IPPROTO_UDP
        };
        let protocol = option(fd, libc::SO_PROTOCOL)?;
        if protocol != want {
            return Err(InheritError::Protocol(fd, protocol));
        }
    }
    if transport.is_datagram() {
        let name = sys::socket_name(fd, false).map_err(|e| InheritError::Inspect(fd, e))?;
        let bound = match name.as_socket() {
            Some(a) => a.port() != 0,
            None => !addr::text(&name).is_empty(),
        };
        if !bound {
            return Err(InheritError::NotBound(fd));
        }
    } else if option(fd, libc::SO_ACCEPTCONN)? == 0 {
        return Err(InheritError::NotListening(fd));
    }
    Ok(transport)
}

#[cfg(test)]
mod tests {
    use super::*;
    use socket2::{Domain, Protocol, SockAddr, Socket, Type};
    use std::{net::SocketAddr, os::fd::AsRawFd};

    fn local(port: u16) -> SockAddr {
        SockAddr::from(SocketAddr::from(([127, 0, 0, 1], port)))
    }

    #[test]
    fn servers_of_each_transport() {
        let tcp = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        tcp.bind(&local(0)).unwrap();
        tcp.listen(4).unwrap();
        assert_eq!(inspect(tcp.as_raw_fd()).unwrap(), Transport::Tcp);
        if let Ok(v6) = Socket::new(Domain::IPV6, Type::STREAM, None)
            && v6
                .bind(&SockAddr::from(SocketAddr::from(([0u16; 8], 0))))
                .is_ok()
        {
            v6.listen(4).unwrap();
            assert_eq!(inspect(v6.as_raw_fd()).unwrap(), Transport::Tcp);
        }
        let udp = Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
        udp.bind(&local(0)).unwrap();
        assert_eq!(inspect(udp.as_raw_fd()).unwrap(), Transport::Udp);

        let name = format!("\0rsock-inspect-{}", std::process::id());
        let unix = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
        unix.bind(&sys::unix_sockaddr(name.as_bytes()).unwrap())
            .unwrap();
        unix.listen(4).unwrap();
        assert_eq!(inspect(unix.as_raw_fd()).unwrap(), Transport::Unix);
        let udg = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
        udg.bind(&sys::unix_sockaddr(format!("{name}-g").as_bytes()).unwrap())
            .unwrap();
        assert_eq!(inspect(udg.as_raw_fd()).unwrap(), Transport::Udg);
    }

    #[test]
    fn refusals() {
        let text = |fd| inspect(fd).unwrap_err().to_string();
        // Bound but not listening; connected (an accepted-side socket).
        let tcp = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        tcp.bind(&local(0)).unwrap();
        let fd = tcp.as_raw_fd();
        assert_eq!(
            text(fd),
            format!("descriptor {fd} is a stream socket that is not listening")
        );
        let (client, _server) = crate::net::test_util::pair();
        assert!(matches!(
            inspect(client.as_raw_fd()),
            Err(InheritError::NotListening(_))
        ));
        // Datagram sockets must be bound.
        for domain in [Domain::IPV4, Domain::UNIX] {
            let s = Socket::new(domain, Type::DGRAM, None).unwrap();
            let fd = s.as_raw_fd();
            assert_eq!(
                text(fd),
                format!("descriptor {fd} is a datagram socket that is not bound")
            );
        }
        // Not a socket, not open.
        let file = std::fs::File::open("/dev/null").unwrap();
        let fd = file.as_raw_fd();
        assert_eq!(text(fd), format!("descriptor {fd} is not a socket"));
        let e = inspect(-1).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EBADF));
        assert_eq!(
            e.to_string(),
            "descriptor -1 is not open (Bad file descriptor)"
        );
        // Other types and families.
        let seq = Socket::new(Domain::UNIX, Type::SEQPACKET, None).unwrap();
        assert!(matches!(
            inspect(seq.as_raw_fd()),
            Err(InheritError::Type(_, libc::SOCK_SEQPACKET))
        ));
        if let Ok(nl) = Socket::new(Domain::from(libc::AF_NETLINK), Type::DGRAM, None) {
            assert!(matches!(
                inspect(nl.as_raw_fd()),
                Err(InheritError::Family(_, libc::AF_NETLINK))
            ));
        }
        if let Ok(sctp) = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::from(132))) {
            assert!(matches!(
                inspect(sctp.as_raw_fd()),
                Err(InheritError::Protocol(_, 132))
            ));
        }
    }
}
