//! The messages from the acceptor thread to PHP's thread. Both channels
//! are `socketpair(AF_UNIX, SOCK_SEQPACKET)`: one message per event, the
//! boundaries kept by the kernel.
//!
//! - ready: one message per complete connection, its descriptor attached
//!   (`SCM_RIGHTS`): the peer address, then the header's own bytes (parsed
//!   again on receipt: the wire form is the serialization, already
//!   bounded and validated).
//! - drops: one message per dropped connection: the peer address, the
//!   [`DropReason`] code and its detail byte.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use socket2::SockAddr;

use super::{Malformed, acceptor::DropReason};

const NONE: u8 = 0;
const UNIX: u8 = 1;
const V4: u8 = 4;
const V6: u8 = 6;

/// Appends `addr` (an IP or unix path address; anything else as "none").
pub fn put_addr(addr: Option<&SockAddr>, out: &mut Vec<u8>) {
    match addr.and_then(SockAddr::as_socket) {
        Some(SocketAddr::V4(a)) => {
            out.push(V4);
            out.extend_from_slice(&a.ip().octets());
            out.extend_from_slice(&a.port().to_be_bytes());
        }
        Some(SocketAddr::V6(a)) => {
            out.push(V6);
            out.extend_from_slice(&a.ip().octets());
            out.extend_from_slice(&a.port().to_be_bytes());
            out.extend_from_slice(&a.flowinfo().to_be_bytes());
            out.extend_from_slice(&a.scope_id().to_be_bytes());
        }
        None => {
            use std::os::unix::ffi::OsStrExt;
            match addr.and_then(SockAddr::as_pathname) {
                Some(p) if p.as_os_str().len() <= usize::from(u8::MAX) => {
                    let bytes = p.as_os_str().as_bytes();
                    out.push(UNIX);
                    out.push(bytes.len() as u8);
                    out.extend_from_slice(bytes);
                }
                _ => out.push(NONE),
            }
        }
    }
}

/// Reads an address written by [`put_addr`]: it and the bytes after it.
pub fn take_addr(buf: &[u8]) -> Option<(Option<SockAddr>, &[u8])> {
    let (&tag, rest) = buf.split_first()?;
    match tag {
        NONE => Some((None, rest)),
        V4 => {
            let (a, rest) = split(rest, 6)?;
            let ip = Ipv4Addr::new(a[0], a[1], a[2], a[3]);
            let port = u16::from_be_bytes([a[4], a[5]]);
            Some((Some(SocketAddrV4::new(ip, port).into()), rest))
        }
        V6 => {
            let (a, rest) = split(rest, 26)?;
            let mut o = [0u8; 16];
            o.copy_from_slice(&a[..16]);
            let port = u16::from_be_bytes([a[16], a[17]]);
            let flow = u32::from_be_bytes([a[18], a[19], a[20], a[21]]);
            let scope = u32::from_be_bytes([a[22], a[23], a[24], a[25]]);
            let v6 = SocketAddrV6::new(Ipv6Addr::from(o), port, flow, scope);
            Some((Some(v6.into()), rest))
        }
        UNIX => {
            let (&len, rest) = rest.split_first()?;
            let (path, rest) = split(rest, usize::from(len))?;
            let addr = SockAddr::unix(std::ffi::OsStr::from_bytes(path)).ok();
            use std::os::unix::ffi::OsStrExt;
            Some((addr, rest))
        }
        _ => None,
    }
}

fn split(buf: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    (buf.len() >= n).then(|| buf.split_at(n))
}

/// The ready message for a connection from `peer` whose header is `header`.
pub fn ready_message(peer: &SockAddr, header: &[u8], out: &mut Vec<u8>) {
    out.clear();
    put_addr(Some(peer), out);
    out.extend_from_slice(header);
}

/// The drop message for a connection from `from` dropped for `reason`.
pub fn drop_message(from: Option<&SockAddr>, reason: &DropReason) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    put_addr(from, &mut out);
    let (code, detail): (u8, i32) = match reason {
        DropReason::NotAllowed => (0, 0),
        DropReason::Malformed(m) => (1, i32::from(m.code())),
        DropReason::TimedOut => (2, 0),
        DropReason::Closed => (3, 0),
        DropReason::TooManyPending => (4, 0),
        DropReason::Failed(errno) => (5, *errno),
        // Never sent (a local sum); as the count it is, saturated.
        DropReason::Unreported(n) => (6, i32::try_from(*n).unwrap_or(i32::MAX)),
    };
    out.push(code);
    out.extend_from_slice(&detail.to_be_bytes());
    out
}

/// Reads a message written by [`drop_message`].
pub fn read_drop(msg: &[u8]) -> Option<(Option<SockAddr>, DropReason)> {
    let (from, rest) = take_addr(msg)?;
    let (&code, rest) = rest.split_first()?;
    let d: [u8; 4] = rest.try_into().ok()?;
    let detail = i32::from_be_bytes(d);
    let reason = match code {
        0 => DropReason::NotAllowed,
        1 => DropReason::Malformed(Malformed::from_code(u8::try_from(detail).ok()?)?),
        2 => DropReason::TimedOut,
        3 => DropReason::Closed,
        4 => DropReason::TooManyPending,
        5 => DropReason::Failed(detail),
        6 => DropReason::Unreported(u64::try_from(detail).ok()?),
        _ => return None,
    };
    Some((from, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        let v6 = SocketAddrV6::new("2001:db8::1".parse().unwrap(), 443, 7, 9);
        for addr in [
            Some(SockAddr::from(
                "192.0.2.1:80".parse::<SocketAddr>().unwrap(),
            )),
            Some(SockAddr::from(v6)),
            Some(SockAddr::unix("/tmp/p.sock").unwrap()),
            None,
        ] {
            let mut out = Vec::new();
            put_addr(addr.as_ref(), &mut out);
            out.extend_from_slice(b"tail");
            let (back, rest) = take_addr(&out).unwrap();
            assert_eq!(back, addr);
            assert_eq!(rest, b"tail");
        }
        assert!(take_addr(&[V6, 1, 2]).is_none());
        assert!(take_addr(&[9]).is_none());
    }

    #[test]
    fn drops_round_trip() {
        let from = SockAddr::from("10.0.0.9:4242".parse::<SocketAddr>().unwrap());
        let malformed = match crate::net::proxy::parse(b"\r\n\r\n\0\r\nQUIX") {
            crate::net::proxy::Parse::Invalid(m) => m,
            _ => unreachable!(),
        };
        for reason in [
            DropReason::NotAllowed,
            DropReason::Malformed(malformed),
            DropReason::TimedOut,
            DropReason::Closed,
            DropReason::TooManyPending,
            DropReason::Failed(libc::ETOOMANYREFS),
        ] {
            let msg = drop_message(Some(&from), &reason);
            assert_eq!(read_drop(&msg), Some((Some(from.clone()), reason)));
        }
        let d = crate::net::proxy::Dropped {
            from: Some(from),
            reason: DropReason::Malformed(malformed),
        };
        assert_eq!(
            d.to_string(),
            "dropped a connection from 10.0.0.9:4242: malformed PROXY header (bad v2 signature)"
        );
    }
}
