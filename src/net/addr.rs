//! Socket addresses as PHP shows them: `1.2.3.4:80`, `[::1]:80`, a unix
//! path, or an abstract name (leading NUL kept).

use std::{net::SocketAddr, os::unix::ffi::OsStrExt};

use socket2::SockAddr;

/// The text PHP gives for `addr` (`stream_socket_get_name`, `$peer`,
/// `stream_socket_recvfrom`'s address). An unnamed unix socket reads as
/// empty, where PHP reads uninitialised bytes.
pub fn text(addr: &SockAddr) -> Vec<u8> {
    match addr.as_socket() {
        Some(SocketAddr::V4(v4)) => format!("{}:{}", v4.ip(), v4.port()).into_bytes(),
        Some(SocketAddr::V6(v6)) => format!("[{}]:{}", v6.ip(), v6.port()).into_bytes(),
        None => {
            if let Some(path) = addr.as_pathname() {
                let bytes = path.as_os_str().as_bytes();
                let end = bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len());
                bytes[..end].to_vec()
            } else if let Some(name) = addr.as_abstract_namespace() {
                let mut v = Vec::with_capacity(name.len() + 1);
                v.push(0);
                v.extend_from_slice(name);
                v
            } else {
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};

    #[test]
    fn inet_text() {
        let v4 = SockAddr::from(SocketAddr::from((Ipv4Addr::LOCALHOST, 8000)));
        assert_eq!(text(&v4), b"127.0.0.1:8000");
        let v6 = SockAddr::from(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 3));
        assert_eq!(text(&v6), b"[::1]:80");
    }

    #[test]
    fn unix_text() {
        let p = SockAddr::unix("/tmp/a.sock").unwrap();
        assert_eq!(text(&p), b"/tmp/a.sock");
        let abs = super::super::sys::unix_sockaddr(b"\0name").unwrap();
        assert_eq!(text(&abs), b"\0name");
        let unnamed = super::super::sys::unix_sockaddr(b"").unwrap();
        assert_eq!(text(&unnamed), b"");
    }
}
