//! Address parsing with PHP's rules: optional `scheme://`, `host:port`,
//! `[IPv6]:port`, unix paths. Ports are validated where PHP is lenient.

use super::error::{Error, Result};

/// The transports the core serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `tcp://` (also an address with no scheme)
    Tcp,
    /// `udp://`
    Udp,
    /// `unix://`: stream socket on a path
    Unix,
    /// `udg://`: datagram socket on a path
    Udg,
}

impl Transport {
    /// Every served transport, in the order they are listed to users.
    pub const ALL: [Transport; 4] = [
        Transport::Tcp,
        Transport::Udp,
        Transport::Unix,
        Transport::Udg,
    ];

    /// The transport registered under `scheme` (case-sensitive, as PHP's).
    pub fn from_scheme(scheme: &[u8]) -> Option<Self> {
        match scheme {
            b"tcp" => Some(Transport::Tcp),
            b"udp" => Some(Transport::Udp),
            b"unix" => Some(Transport::Unix),
            b"udg" => Some(Transport::Udg),
            _ => None,
        }
    }

    /// The scheme name.
    pub fn scheme(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Unix => "unix",
            Transport::Udg => "udg",
        }
    }

    /// Datagram transports (no listen/accept).
    pub fn is_datagram(self) -> bool {
        matches!(self, Transport::Udp | Transport::Udg)
    }

    /// Transports addressed by a filesystem path or abstract name.
    pub fn is_local(self) -> bool {
        matches!(self, Transport::Unix | Transport::Udg)
    }
}

/// Splits `scheme://rest` the way PHP does: the scheme is a run of
/// alphanumerics, `+`, `-` and `.` of at least two characters. Without one
/// the whole address is the rest and the scheme is `tcp`.
pub fn split_scheme(address: &[u8]) -> (&[u8], &[u8]) {
    let n = address
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    if n > 1 && address[n..].starts_with(b"://") {
        (&address[..n], &address[n + 3..])
    } else {
        (b"tcp", address)
    }
}

/// A host and port to bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InetEndpoint {
    /// Host name or literal address, without IPv6 brackets.
    pub host: String,
    /// The port, 0 for an ephemeral one; `None` if it is not a number from
    /// 0 to 65535. That is reported after the host is resolved, so that an
    /// address PHP rejects for its host fails exactly as in PHP.
    pub port: Option<u16>,
    /// The address as given (for the error text).
    pub address: Vec<u8>,
}

impl InetEndpoint {
    /// The port, or the error for an invalid one.
    pub fn port(&self) -> Result<u16> {
        self.port
            .ok_or_else(|| Error::InvalidPort(self.address.clone()))
    }
}

/// Parses `host:port` or `[v6]:port` (the part after the scheme).
///
/// The host ends at the first colon, as in PHP; unlike PHP, the port must be
/// a decimal number from 0 to 65535 (PHP turns `abc` into 0 and `70000` into
/// 4464), optionally followed by a `/path` that is ignored.
pub fn parse_inet(name: &[u8]) -> Result<InetEndpoint> {
    if name.contains(&0) {
        return Err(Error::NulInHost);
    }
    let (host, port) = if name.len() > 1 && name[0] == b'[' {
        let close = name[1..name.len() - 1].iter().position(|&c| c == b']');
        match close.map(|i| i + 1) {
            Some(i) if name[i + 1] == b':' => (&name[1..i], &name[i + 2..]),
            _ => return Err(Error::Ipv6Address(name.to_vec())),
        }
    } else {
        // The last byte is never taken as the separator: `host:` has no port.
        let search = &name[..name.len().saturating_sub(1)];
        match search.iter().position(|&c| c == b':') {
            Some(i) => (&name[..i], &name[i + 1..]),
            None => return Err(Error::Address(name.to_vec())),
        }
    };
    Ok(InetEndpoint {
        host: String::from_utf8_lossy(host).into_owned(),
        port: parse_port(port),
        address: name.to_vec(),
    })
}

fn parse_port(text: &[u8]) -> Option<u16> {
    // A URL-style path after the port is ignored, as PHP does
    // (`tcp://127.0.0.1:8000/`, php-src bug #76136).
    let end = text.iter().position(|&c| c == b'/').unwrap_or(text.len());
    let digits = &text[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Leading zeros are allowed however many there are (`:0000000080` is
    // port 80, as in PHP); only the value must fit.
    let significant = &digits[digits.iter().take_while(|&&c| c == b'0').count()..];
    if significant.len() > 5 {
        return None;
    }
    significant
        .iter()
        .try_fold(0u32, |n, &c| Some(n * 10 + u32::from(c - b'0')))
        .and_then(|n| u16::try_from(n).ok())
}

/// Room for a path in `sockaddr_un.sun_path`, less the terminating NUL.
pub const UNIX_PATH_MAX: usize = 107;

/// Room for a Linux abstract name (leading NUL): the whole `sun_path`, as
/// it needs no terminating NUL.
pub const UNIX_ABSTRACT_MAX: usize = 108;

/// A unix socket path (or Linux abstract name, starting with NUL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnixPath {
    /// The bytes that go into `sun_path`.
    pub bytes: Vec<u8>,
    /// The given path was longer than [`UnixPath::max_len`] and was cut.
    pub truncated: bool,
}

impl UnixPath {
    /// The most bytes a name of this kind keeps: [`UNIX_ABSTRACT_MAX`] for
    /// an abstract name, [`UNIX_PATH_MAX`] for a path (as PHP on Linux).
    pub fn max_len(&self) -> usize {
        max_len(&self.bytes)
    }
}

fn max_len(name: &[u8]) -> usize {
    if name.first() == Some(&0) {
        UNIX_ABSTRACT_MAX
    } else {
        UNIX_PATH_MAX
    }
}

/// Takes the part after `unix://` or `udg://` as a path, cutting it to
/// [`UnixPath::max_len`] bytes as PHP does.
pub fn parse_unix(name: &[u8]) -> UnixPath {
    let max = max_len(name);
    UnixPath {
        bytes: name[..name.len().min(max)].to_vec(),
        truncated: name.len() > max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(host: &str, port: u16) -> (String, Option<u16>) {
        (host.into(), Some(port))
    }

    fn parse(name: &[u8]) -> Result<(String, Option<u16>)> {
        let e = parse_inet(name)?;
        e.port()?;
        Ok((e.host, e.port))
    }

    #[test]
    fn scheme_rules() {
        assert_eq!(
            split_scheme(b"tcp://1.2.3.4:5"),
            (&b"tcp"[..], &b"1.2.3.4:5"[..])
        );
        assert_eq!(
            split_scheme(b"unix:///tmp/s"),
            (&b"unix"[..], &b"/tmp/s"[..])
        );
        assert_eq!(split_scheme(b"1.2.3.4:5"), (&b"tcp"[..], &b"1.2.3.4:5"[..]));
        // One character is not a scheme: `x` is the host.
        assert_eq!(split_scheme(b"x://h:1"), (&b"tcp"[..], &b"x://h:1"[..]));
        assert_eq!(split_scheme(b"TCP://h:1"), (&b"TCP"[..], &b"h:1"[..]));
        assert_eq!(
            split_scheme(b"tls.v1+x-y://h"),
            (&b"tls.v1+x-y"[..], &b"h"[..])
        );
        assert_eq!(split_scheme(b""), (&b"tcp"[..], &b""[..]));
    }

    #[test]
    fn transports() {
        assert_eq!(Transport::from_scheme(b"udg"), Some(Transport::Udg));
        assert_eq!(Transport::from_scheme(b"TCP"), None);
        assert_eq!(Transport::from_scheme(b"ssl"), None);
        assert!(Transport::Udp.is_datagram() && !Transport::Tcp.is_datagram());
        assert!(Transport::Unix.is_local() && !Transport::Udp.is_local());
    }

    #[test]
    fn inet_addresses() {
        assert_eq!(parse(b"127.0.0.1:80").unwrap(), ep("127.0.0.1", 80));
        assert_eq!(parse(b"localhost:0").unwrap(), ep("localhost", 0));
        assert_eq!(parse(b"[::1]:65535").unwrap(), ep("::1", 65535));
        assert_eq!(parse(b":8000").unwrap(), ep("", 8000));
        // The host ends at the first colon, as in PHP.
        assert!(matches!(parse(b"::1:80"), Err(Error::InvalidPort(_))));
    }

    #[test]
    fn inet_errors() {
        assert!(matches!(parse(b"127.0.0.1"), Err(Error::Address(_))));
        assert!(matches!(parse(b"127.0.0.1:"), Err(Error::Address(_))));
        assert!(matches!(parse(b""), Err(Error::Address(_))));
        assert!(matches!(parse(b"[::1]"), Err(Error::Ipv6Address(_))));
        assert!(matches!(parse(b"[::1]x80"), Err(Error::Ipv6Address(_))));
        assert!(matches!(parse(b"[::1"), Err(Error::Ipv6Address(_))));
        assert!(matches!(parse(b"a\0b:1"), Err(Error::NulInHost)));
    }

    #[test]
    fn ports_are_validated() {
        for bad in [
            "abc", "70000", "65536", "-5", " 5", "5x", "", "+1", "999999",
        ] {
            let addr = format!("127.0.0.1:{bad}");
            if bad.is_empty() {
                continue; // `host:` is an address error, checked above
            }
            let e = parse_inet(addr.as_bytes()).unwrap();
            assert_eq!(e.host, "127.0.0.1", "the host still parses");
            match e.port() {
                Err(Error::InvalidPort(a)) => assert_eq!(a, addr.as_bytes()),
                other => panic!("{addr}: {other:?}"),
            }
        }
        assert!(matches!(parse(b"[::1]:"), Err(Error::InvalidPort(_))));
        assert!(matches!(parse(b"[::1]:abc"), Err(Error::InvalidPort(_))));
        assert_eq!(parse(b"h:00080").unwrap(), ep("h", 80));
        assert_eq!(parse(b"[::1]:1337/").unwrap(), ep("::1", 1337));
        assert_eq!(parse(b"h:80/x/y").unwrap(), ep("h", 80));
        assert!(matches!(parse(b"h:/80"), Err(Error::InvalidPort(_))));
        // Any number of leading zeros, as PHP (port 0 and port 80).
        assert_eq!(parse(b"h:000000").unwrap(), ep("h", 0));
        assert_eq!(parse(b"h:0000000080").unwrap(), ep("h", 80));
        assert_eq!(parse(b"h:00000000000000065535").unwrap(), ep("h", 65535));
        assert!(matches!(parse(b"h:065536"), Err(Error::InvalidPort(_))));
        assert!(matches!(parse(b"h:0000100000"), Err(Error::InvalidPort(_))));
    }

    #[test]
    fn unix_paths() {
        let p = parse_unix(b"/tmp/x.sock");
        assert_eq!(
            (p.bytes.as_slice(), p.truncated),
            (&b"/tmp/x.sock"[..], false)
        );
        let long = vec![b'a'; 200];
        let p = parse_unix(&long);
        assert_eq!((p.bytes.len(), p.truncated), (107, true));
        let exact = vec![b'a'; 107];
        assert!(!parse_unix(&exact).truncated);
        assert_eq!(parse_unix(b"\0abstract").bytes, b"\0abstract");
        // An abstract name may use all 108 bytes (php-src bug60106-002).
        let mut abs = vec![b'a'; 108];
        abs[0] = 0;
        let p = parse_unix(&abs);
        assert_eq!((p.bytes.len(), p.truncated, p.max_len()), (108, false, 108));
        abs.push(b'b');
        let p = parse_unix(&abs);
        assert_eq!((p.bytes.len(), p.truncated), (108, true));
    }
}
