//! Which peers may send a PROXY header (`proxy_from`): IPv4 and IPv6
//! addresses and CIDR networks. A header from anyone else would let them
//! claim any client address, so their connections are dropped unread.

use std::{
    fmt,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
};

use socket2::SockAddr;

/// One network: the address (host bits cleared) and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Net {
    V4(u32, u8),
    V6(u128, u8),
}

impl Net {
    fn contains(self, ip: IpAddr) -> bool {
        match (self, ip) {
            (Net::V4(net, bits), IpAddr::V4(ip)) => u32::from(ip) & mask32(bits) == net,
            (Net::V6(net, bits), IpAddr::V6(ip)) => u128::from(ip) & mask128(bits) == net,
            _ => false,
        }
    }
}

fn mask32(bits: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0)
}

fn mask128(bits: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0)
}

/// The peers allowed to send a PROXY header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList {
    nets: Vec<Net>,
}

/// An entry of `proxy_from` that is not an IP address or CIDR network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry {
    /// The entry as given.
    pub entry: Vec<u8>,
}

impl fmt::Display for BadEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid proxy_from entry \"{}\" (expected an IP address or CIDR)",
            String::from_utf8_lossy(&self.entry)
        )
    }
}

impl std::error::Error for BadEntry {}

impl AllowList {
    /// The default: this host only (`127.0.0.0/8`, `::1`, and
    /// `::ffff:127.0.0.0/104`, loopback as an IPv4-mapped IPv6 peer).
    pub fn loopback() -> Self {
        AllowList {
            nets: vec![
                Net::V4(u32::from(Ipv4Addr::new(127, 0, 0, 0)), 8),
                Net::V6(u128::from(Ipv6Addr::LOCALHOST), 128),
                Net::V6(
                    u128::from(Ipv4Addr::new(127, 0, 0, 0).to_ipv6_mapped()),
                    104,
                ),
            ],
        }
    }

    /// Parses entries such as `10.0.0.0/8`, `::1`, `192.0.2.7`,
    /// `2001:db8::/32` (no spaces, no brackets; host bits of a network are
    /// ignored). The first bad entry is the error.
    pub fn parse(entries: &[&[u8]]) -> Result<Self, BadEntry> {
        let nets = entries
            .iter()
            .map(|e| net(e).ok_or_else(|| BadEntry { entry: e.to_vec() }))
            .collect::<Result<_, _>>()?;
        Ok(AllowList { nets })
    }

    /// Whether `peer` may send a header. IPv4-mapped IPv6 peers
    /// (`::ffff:a.b.c.d`, a dual-stack listener) match IPv4 entries too;
    /// non-IP peers (unix sockets) are local and always allowed.
    pub fn allows(&self, peer: &SockAddr) -> bool {
        let ip = match peer.as_socket() {
            None => return true,
            Some(SocketAddr::V4(a)) => IpAddr::V4(*a.ip()),
            Some(SocketAddr::V6(a)) => IpAddr::V6(*a.ip()),
        };
        let mapped = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        self.nets
            .iter()
            .any(|n| n.contains(ip) || mapped.is_some_and(|m| n.contains(m)))
    }
}

/// One entry: `ip` or `ip/bits`.
fn net(entry: &[u8]) -> Option<Net> {
    let text = std::str::from_utf8(entry).ok()?;
    let (ip, bits) = match text.split_once('/') {
        Some((ip, bits)) => {
            // Digits only (no sign, no spaces), at most 3 of them.
            if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (ip, Some(bits.parse::<u8>().ok()?))
        }
        None => (text, None),
    };
    match ip.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => {
            let bits = bits.unwrap_or(32);
            (bits <= 32).then(|| Net::V4(u32::from(v4) & mask32(bits), bits))
        }
        IpAddr::V6(v6) => {
            let bits = bits.unwrap_or(128);
            (bits <= 128).then(|| Net::V6(u128::from(v6) & mask128(bits), bits))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(s: &str) -> SockAddr {
        SockAddr::from(s.parse::<SocketAddr>().unwrap())
    }

    fn list(entries: &[&str]) -> AllowList {
        let e: Vec<&[u8]> = entries.iter().map(|s| s.as_bytes()).collect();
        AllowList::parse(&e).unwrap()
    }

    #[test]
    fn loopback_default() {
        let l = AllowList::loopback();
        for ok in [
            "127.0.0.1:1",
            "127.255.255.254:2",
            "[::1]:3",
            "[::ffff:127.0.0.1]:4",
        ] {
            assert!(l.allows(&peer(ok)), "{ok}");
        }
        for no in [
            "10.0.0.1:1",
            "128.0.0.1:1",
            "[::2]:1",
            "[::ffff:10.0.0.1]:1",
            "[::127.0.0.1]:1",
        ] {
            assert!(!l.allows(&peer(no)), "{no}");
        }
        assert!(l.allows(&SockAddr::unix("/tmp/x.sock").unwrap()));
    }

    #[test]
    fn networks() {
        let l = list(&["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1"]);
        let cases = [
            ("10.0.0.0:1", true),
            ("10.255.255.255:1", true),
            ("11.0.0.0:1", false),
            ("192.0.2.7:1", true),
            ("192.0.2.8:1", false),
            ("[::ffff:10.9.8.7]:1", true),
            ("[::ffff:192.0.2.7]:1", true),
            ("[2001:db8:ffff::1]:1", true),
            ("[2001:db9::]:1", false),
            ("[::1]:1", true),
            ("127.0.0.1:1", false),
        ];
        for (p, want) in cases {
            assert_eq!(l.allows(&peer(p)), want, "{p}");
        }
        // Host bits of a network are ignored; /32 and /128 are one host.
        let l = list(&["10.1.2.3/8", "192.0.2.1/32", "2001:db8::5/128"]);
        assert!(l.allows(&peer("10.200.0.1:1")));
        assert!(l.allows(&peer("192.0.2.1:1")) && !l.allows(&peer("192.0.2.2:1")));
        assert!(l.allows(&peer("[2001:db8::5]:1")) && !l.allows(&peer("[2001:db8::6]:1")));
        // /0: every peer of the family (mapped peers are IPv4 too).
        let v4 = list(&["0.0.0.0/0"]);
        assert!(v4.allows(&peer("203.0.113.9:1")) && v4.allows(&peer("[::ffff:1.2.3.4]:1")));
        assert!(!v4.allows(&peer("[2001:db8::1]:1")));
        let v6 = list(&["::/0"]);
        assert!(v6.allows(&peer("[2001:db8::1]:1")) && !v6.allows(&peer("1.2.3.4:1")));
        // An empty list allows no IP peer.
        assert!(!list(&[]).allows(&peer("127.0.0.1:1")));
    }

    #[test]
    fn bad_entries() {
        for bad in [
            &b""[..],
            b"10.0.0.0/33",
            b"::/129",
            b"10.0.0.0/",
            b"10.0.0.0/-1",
            b"10.0.0.0/+8",
            b"10.0.0.0/0008",
            b"10.0.0.0/8/8",
            b"localhost",
            b"[::1]",
            b" 10.0.0.1",
            b"10.0.0.1 ",
            b"1.2.3",
            b"1.2.3.4:80",
            b"\xff",
            b"10.0.0.1\0",
        ] {
            let err = AllowList::parse(&[b"127.0.0.1", bad]).unwrap_err();
            assert_eq!(err.entry, bad);
        }
        let err = AllowList::parse(&[b"nope"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid proxy_from entry \"nope\" (expected an IP address or CIDR)"
        );
    }
}
