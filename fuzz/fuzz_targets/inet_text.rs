//! `addr::text` for inet addresses (what `stream_socket_get_name()` and
//! `$peer` show), read back with the address parser: the text PHP prints
//! for a socket must be an address rsock accepts for the same host and port.
#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use libfuzzer_sys::fuzz_target;
use rsock::net::{
    addr,
    endpoint::{parse_inet, split_scheme},
};
use socket2::SockAddr;

/// Input: a tag byte (odd: IPv6), the address bytes, the port (big endian),
/// then for IPv6 the scope id and flow info (missing bytes read as 0).
fn decode(data: &[u8]) -> Option<SocketAddr> {
    let (&tag, rest) = data.split_first()?;
    let mut buf = [0u8; 26];
    let n = rest.len().min(buf.len());
    buf[..n].copy_from_slice(&rest[..n]);
    let word = |i: usize| u32::from_be_bytes(buf[i..i + 4].try_into().unwrap());
    Some(if tag & 1 == 0 {
        let ip = Ipv4Addr::from(word(0));
        let port = u16::from_be_bytes([buf[4], buf[5]]);
        SocketAddr::V4(SocketAddrV4::new(ip, port))
    } else {
        let ip = Ipv6Addr::from(<[u8; 16]>::try_from(&buf[..16]).unwrap());
        let port = u16::from_be_bytes([buf[16], buf[17]]);
        SocketAddr::V6(SocketAddrV6::new(ip, port, word(22), word(18)))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(sa) = decode(data) else { return };
    let text = addr::text(&SockAddr::from(sa));

    // The exact form: `a.b.c.d:port` / `[v6]:port`, no scope or flow info.
    let want = match sa {
        SocketAddr::V4(v4) => format!("{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
    };
    assert_eq!(text, want.as_bytes());

    // It is not mistaken for a `scheme://` address...
    assert_eq!(split_scheme(&text), (&b"tcp"[..], &text[..]));
    // ...and parses back to the same host and port.
    let ep = parse_inet(&text).expect("shown addresses parse");
    assert_eq!(ep.port().ok(), Some(sa.port()));
    let ip: IpAddr = ep.host.parse().expect("the host is a literal address");
    assert_eq!(ip, sa.ip());
    // With a scheme in front too.
    let with_scheme = [&b"tcp://"[..], &text].concat();
    let (scheme, rest) = split_scheme(&with_scheme);
    assert_eq!((scheme, rest), (&b"tcp"[..], &text[..]));
});
