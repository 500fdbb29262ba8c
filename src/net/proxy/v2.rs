//! PROXY protocol v2: a 16-byte fixed part (signature, version and
//! command, family and transport, length of the rest), the addresses of
//! the family, then TLVs ([`super::tlv`]). The length field is capped at
//! [`MAX_BODY`] (4096 bytes; the spec allows 65535, proxies send a few
//! hundred), so a pending connection never needs more than 4112 bytes.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};

use super::{
    header::{Command, Header, Kind, Parse, Tlvs, invalid},
    tlv,
};

/// The 12-byte signature.
pub const SIGNATURE: [u8; 12] = *b"\r\n\r\n\0\r\nQUIT\n";
/// Signature, version/command, family, length.
pub const FIXED_LEN: usize = 16;
/// The largest length field accepted (addresses and TLVs).
pub const MAX_BODY: usize = 4096;

const AF_UNSPEC: u8 = 0x0;
const AF_INET: u8 = 0x1;
const AF_INET6: u8 = 0x2;
const AF_UNIX: u8 = 0x3;

/// The bytes of the address block for the family byte's high nibble.
fn address_len(family: u8) -> usize {
    match family {
        AF_INET => 12,
        AF_INET6 => 36,
        AF_UNIX => 216,
        _ => 0,
    }
}

/// Parses a buffer starting with `\r` as a v2 header (see [`super::parse`]).
pub fn parse(buf: &[u8]) -> Parse {
    let n = buf.len().min(SIGNATURE.len());
    if buf[..n] != SIGNATURE[..n] {
        return invalid(Kind::V2Signature);
    }
    let mut command = Command::Local;
    if let Some(&ver_cmd) = buf.get(12) {
        if ver_cmd >> 4 != 2 {
            return invalid(Kind::V2Version);
        }
        command = match ver_cmd & 0xf {
            0 => Command::Local,
            1 => Command::Proxy,
            _ => return invalid(Kind::V2Command),
        };
    }
    let mut family = AF_UNSPEC;
    if let Some(&fam) = buf.get(13) {
        // Transport: 0 UNSPEC, 1 STREAM, 2 DGRAM; UNSPEC goes with UNSPEC only.
        family = fam >> 4;
        let transport = fam & 0xf;
        let valid = match family {
            AF_UNSPEC => transport == 0,
            AF_INET | AF_INET6 | AF_UNIX => transport == 1 || transport == 2,
            _ => false,
        };
        if !valid {
            return invalid(Kind::V2Family);
        }
    }
    if buf.len() < FIXED_LEN {
        return Parse::Incomplete {
            max_more: FIXED_LEN - buf.len(),
        };
    }
    let body = usize::from(u16::from_be_bytes([buf[14], buf[15]]));
    if body > MAX_BODY {
        return invalid(Kind::V2TooLong);
    }
    let addr_len = address_len(family);
    if command == Command::Proxy && body < addr_len {
        return invalid(Kind::V2ShortAddress);
    }
    let total = FIXED_LEN + body;
    if buf.len() < total {
        return Parse::Incomplete {
            max_more: total - buf.len(),
        };
    }
    let whole = &buf[..total];
    let mut header = Header {
        version: 2,
        command,
        source: None,
        destination: None,
        tlvs: Tlvs::default(),
    };
    // LOCAL: the receiver discards the rest, family and addresses included.
    // UNSPEC: nothing to read either (no address block to skip).
    if command == Command::Proxy && family != AF_UNSPEC {
        let a = &whole[FIXED_LEN..FIXED_LEN + addr_len];
        (header.source, header.destination) = addresses(family, a);
        header.tlvs = match tlv::parse(whole, FIXED_LEN + addr_len) {
            Ok(t) => t,
            Err(kind) => return invalid(kind),
        };
    }
    Parse::Complete { header, len: total }
}

/// Source and destination of an address block (`None` for `AF_UNIX`).
fn addresses(family: u8, a: &[u8]) -> (Option<SocketAddr>, Option<SocketAddr>) {
    let port = |at: usize| u16::from_be_bytes([a[at], a[at + 1]]);
    match family {
        AF_INET => {
            let ip = |at: usize| Ipv4Addr::new(a[at], a[at + 1], a[at + 2], a[at + 3]);
            (
                Some(SocketAddr::new(ip(0).into(), port(8))),
                Some(SocketAddr::new(ip(4).into(), port(10))),
            )
        }
        AF_INET6 => {
            let ip = |at: usize| {
                let mut o = [0u8; 16];
                o.copy_from_slice(&a[at..at + 16]);
                Ipv6Addr::from(o)
            };
            (
                Some(SocketAddr::new(ip(0).into(), port(32))),
                Some(SocketAddr::new(ip(16).into(), port(34))),
            )
        }
        _ => (None, None),
    }
}
