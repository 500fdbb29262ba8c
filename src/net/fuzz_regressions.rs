//! Inputs from the corpora of the fuzz targets in `fuzz/` (and the limits
//! the targets check), each with the exact result it must give. Bytes are
//! as the fuzzer kept them; a comment names the target. When a parser
//! changes on purpose, run the targets again and update these rows.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use socket2::SockAddr;

use super::{
    Error, Transport, addr,
    endpoint::{UNIX_ABSTRACT_MAX, UNIX_PATH_MAX, parse_inet, parse_unix, split_scheme},
    sys,
    tls::{alpn_select, alpn_wire, sni_matches},
};

/// What `parse_inet` makes of an address, in a form a table can hold.
#[derive(Debug, PartialEq)]
enum Inet {
    /// Host and port (`None`: `port()` fails with `InvalidPort`).
    Ok(String, Option<u16>),
    /// `Error::Address`
    NoPort,
    /// `Error::Ipv6Address`
    Ipv6,
    /// `Error::NulInHost`
    Nul,
}

fn inet(name: &[u8]) -> Inet {
    match parse_inet(name) {
        Ok(ep) => {
            assert_eq!(ep.address, name);
            match ep.port() {
                Ok(p) => assert_eq!(Some(p), ep.port),
                Err(Error::InvalidPort(a)) => assert_eq!((a.as_slice(), ep.port), (name, None)),
                Err(e) => panic!("{e:?}"),
            }
            Inet::Ok(ep.host, ep.port)
        }
        Err(Error::Address(a)) => {
            assert_eq!(a, name);
            Inet::NoPort
        }
        Err(Error::Ipv6Address(a)) => {
            assert_eq!(a, name);
            Inet::Ipv6
        }
        Err(Error::NulInHost) => Inet::Nul,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn schemes() {
    // (endpoint target) address, scheme, rest
    let rows: &[(&[u8], &[u8], &[u8])] = &[
        (b"[://", b"tcp", b"[://"),
        (b"x://h:", b"tcp", b"x://h:"),
        (b"ud://", b"ud", b""),
        (b"unix://", b"unix", b""),
        (b"ud+g://c", b"ud+g", b"c"),
        (b"cp://::", b"cp", b"::"),
        (b"tzp://.", b"tzp", b"."),
        (b"|\x0c//:5", b"tcp", b"|\x0c//:5"),
        (b"tc0...7=I:1", b"tcp", b"tc0...7=I:1"),
        (
            b"tcp1//126..1\x06\x06\x06\x06:8",
            b"tcp",
            b"tcp1//126..1\x06\x06\x06\x06:8",
        ),
        (b"udg://\x00", b"udg", b"\x00"),
        (
            b"dg://\x00abStradg://\x00act",
            b"dg",
            b"\x00abStradg://\x00act",
        ),
        (
            b"uDg://ab\x00\x02\x00\xfb\xb6c\nt",
            b"uDg",
            b"ab\x00\x02\x00\xfb\xb6c\nt",
        ),
        (b"ud://[fe80::1%eth0]:3", b"ud", b"[fe80::1%eth0]:3"),
    ];
    for &(address, scheme, rest) in rows {
        assert_eq!(split_scheme(address), (scheme, rest), "{address:?}");
    }
    // Scheme names are case-sensitive: `uDg` is no transport.
    assert_eq!(Transport::from_scheme(b"uDg"), None);
    assert_eq!(Transport::from_scheme(b"ud+g"), None);
}

#[test]
fn inet_addresses() {
    use Inet::{Ipv6, NoPort, Nul};
    let ok = |host: &str, port| Inet::Ok(host.into(), port);
    // (endpoint target)
    let rows: &[(&[u8], Inet)] = &[
        // Brackets: the host is up to the first `]`, which must be followed by `:`.
        (b"[]:", ok("", None)),
        (b"[]:800000", ok("", None)),
        (b"[[]:5", ok("[", Some(5))),
        (b"[::]:8", ok("::", Some(8))),
        (b"[::1]:800", ok("::1", Some(800))),
        (b"[:ocalhos:]:8000", ok(":ocalhos:", Some(8000))),
        (b"[:80ocalho0st:0:1]:0", ok(":80ocalho0st:0:1", Some(0))),
        (b"[fe80::1%eth0]:3", ok("fe80::1%eth0", Some(3))),
        (b"[\xf5]:", ok("\u{fffd}", None)),
        (
            b"[\xf5\xff\xff\xff]:",
            ok("\u{fffd}\u{fffd}\u{fffd}\u{fffd}", None),
        ),
        (
            b"[c0000000000000000\n\n\n\n\n\n\n\n\n\n\n\ns:1]:",
            ok("c0000000000000000\n\n\n\n\n\n\n\n\n\n\n\ns:1", None),
        ),
        (b"[u", Ipv6),
        (b"[::1]I", Ipv6),
        (b"[[::1:8", Ipv6),
        (b"[:\xf6[:", Ipv6),
        (b"[::6IIII6II", Ipv6),
        (b"[", NoPort),
        // Plain: the host ends at the first colon, never the last byte.
        (b"h", NoPort),
        (b"h:", NoPort),
        (b"..", NoPort),
        (b":3", ok("", Some(3))),
        (b":\x13", ok("", None)),
        (b"x:/", ok("x", None)),
        (b"x:/h/", ok("x", None)),
        (b"x://h:", ok("x", None)),
        (b"::", ok("", None)),
        (b"]:000", ok("]", Some(0))),
        (b"0l]:53", ok("0l]", Some(53))),
        (b":6.", ok("", None)),
        (b":800%", ok("", None)),
        (b"\xd6:6/#", ok("\u{fffd}", Some(6))),
        (b"\xf3:0", ok("\u{fffd}", Some(0))),
        (b":555x6=35#", ok("", None)),
        (b"h4\x00", Nul),
        (b"\x00", Nul),
        // Ports: digits up to an optional `/`, any number of leading zeros,
        // a value of at most 65535.
        (b":65535", ok("", Some(65535))),
        (b":000", ok("", Some(0))),
        (b"os8:0008", ok("os8", Some(8))),
        (b"\xff:0825", ok("\u{fffd}", Some(825))),
        (b":000008000", ok("", Some(8000))),
        (b"localhost:0000080/x", ok("localhost", Some(80))),
        (b":000000000000000000000000000000000", ok("", Some(0))),
        (b":800000", ok("", None)),
        (b":00000000080008000", ok("", None)),
        (b":00000000000000000004001181671845/", ok("", None)),
        (b":99999999999999999999", ok("", None)),
        (b":99990000000000000004003012203954768", ok("", None)),
    ];
    for (name, want) in rows {
        assert_eq!(&inet(name), want, "{name:?}");
    }
}

#[test]
fn unix_names() {
    // (endpoint and unix_path targets) name, bytes kept, truncated
    let path = |n: usize| vec![b'a'; n];
    let abs = |n: usize| [&[0u8][..], &vec![b'a'; n - 1]].concat();
    let rows: Vec<(Vec<u8>, Vec<u8>, bool)> = vec![
        (b"\x00".to_vec(), b"\x00".to_vec(), false),
        (b"\x00t".to_vec(), b"\x00t".to_vec(), false),
        (b"/a\x00".to_vec(), b"/a\x00".to_vec(), false),
        (b"/a\x07b".to_vec(), b"/a\x07b".to_vec(), false),
        (
            b"\x00ab\x00\x02".to_vec(),
            b"\x00ab\x00\x02".to_vec(),
            false,
        ),
        (Vec::new(), Vec::new(), false),
        (path(UNIX_PATH_MAX), path(UNIX_PATH_MAX), false),
        (path(UNIX_PATH_MAX + 1), path(UNIX_PATH_MAX), true),
        (abs(UNIX_PATH_MAX + 1), abs(UNIX_ABSTRACT_MAX), false),
        (abs(UNIX_ABSTRACT_MAX + 1), abs(UNIX_ABSTRACT_MAX), true),
    ];
    for (name, bytes, truncated) in rows {
        let p = parse_unix(&name);
        assert_eq!((&p.bytes, p.truncated), (&bytes, truncated), "{name:?}");
        // Whatever is kept fits `sun_path`.
        let sa = sys::unix_sockaddr(&p.bytes).unwrap();
        assert_eq!(
            sa.len() as usize,
            std::mem::offset_of!(libc::sockaddr_un, sun_path) + bytes.len()
        );
    }
}

/// The address the kernel reports for a socket bound to `bound`: a path
/// up to its first NUL, with the terminator; an abstract name as bound.
fn reported(bound: &[u8]) -> SockAddr {
    if bound.first().is_some_and(|&c| c != 0) {
        let end = bound.iter().position(|&c| c == 0).unwrap_or(bound.len());
        sys::unix_sockaddr(&[&bound[..end], b"\0"].concat()).unwrap()
    } else {
        sys::unix_sockaddr(bound).unwrap()
    }
}

#[test]
fn unix_address_text() {
    // (unix_path target) bound name, the text PHP shows
    let rows: &[(&[u8], &[u8])] = &[
        (b"", b""),
        (b"\x00", b"\x00"),
        (b"\x00t", b"\x00t"),
        (b"\x00a\x00b", b"\x00a\x00b"),
        (b"/a\x00", b"/a"),
        (b"/a\x07b", b"/a\x07b"),
        (b"?/>", b"?/>"),
        (b"/tmp/x.c\xeb", b"/tmp/x.c\xeb"),
    ];
    for &(bound, text) in rows {
        assert_eq!(addr::text(&reported(bound)), text, "{bound:?}");
    }
    let long = parse_unix(&[&[0u8][..], &[b'z'; 200]].concat());
    assert_eq!(addr::text(&reported(&long.bytes)), long.bytes);
    assert_eq!(long.bytes.len(), UNIX_ABSTRACT_MAX);
}

#[test]
fn inet_address_text_reads_back() {
    // (inet_text target) the address, its text; the text parses back
    let v6 = |s: &str, port, scope| {
        SocketAddr::V6(SocketAddrV6::new(s.parse().unwrap(), port, 0, scope))
    };
    let rows: &[(SocketAddr, &str)] = &[
        (
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 1)),
            "0.0.0.0:1",
        ),
        (
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(29, 0, 0, 31), 16384)),
            "29.0.0.31:16384",
        ),
        (
            SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 0)),
            "[::1]:80",
        ),
        (v6("11f:6000::", 0, 0), "[11f:6000::]:0"),
        (
            v6("6363:6336:3636:3636:3636:6363:6300:0", 0, 0),
            "[6363:6336:3636:3636:3636:6363:6300:0]:0",
        ),
        (v6("::ffff:1.2.3.4", 65535, 0), "[::ffff:1.2.3.4]:65535"),
        // The scope id is not shown.
        (v6("fe80::1", 8000, 3), "[fe80::1]:8000"),
    ];
    for &(sa, text) in rows {
        assert_eq!(addr::text(&SockAddr::from(sa)), text.as_bytes());
        assert_eq!(
            split_scheme(text.as_bytes()),
            (&b"tcp"[..], text.as_bytes())
        );
        let ep = parse_inet(text.as_bytes()).unwrap();
        assert_eq!(ep.port().unwrap(), sa.port(), "{text}");
        assert_eq!(
            ep.host.parse::<std::net::IpAddr>().unwrap(),
            sa.ip(),
            "{text}"
        );
    }
}

#[test]
fn alpn_wire_lists() {
    // (alpn target) `alpn_protocols`, its wire format
    let rows: &[(&[u8], &[u8])] = &[
        (b"H,", b"\x01H"),
        (b",,,", b""),
        (b",\x00", b""),
        (b"\x00\x00", b""),
        (b"h2\x00", b"\x02h2"),
        (b"\x00\x02", b""),
        (b",h,,\x00", b"\x01h"),
        (b"\x03h\x04\x00", b"\x03\x03h\x04"),
        (b"\xff,\xfeh,2", b"\x01\xff\x02\xfeh\x012"),
        (b"2,h,,x,\xff", b"\x012\x01h\x01x\x01\xff"),
        (b"\x01\x08", b"\x02\x01\x08"),
    ];
    for &(list, wire) in rows {
        assert_eq!(alpn_wire(list), wire, "{list:?}");
    }
    // 255 bytes is the longest name; a longer one is left out.
    let name = vec![b'p'; 255];
    let list = [&name[..], b",", &[b'q'; 256][..], b",h2"].concat();
    assert_eq!(alpn_wire(&list), [&[255u8][..], &name, b"\x02h2"].concat());
}

#[test]
fn alpn_choices() {
    // (alpn target) server wire list, client wire list, the offset of the
    // chosen entry in the client's list
    let server = |list: &[u8]| alpn_wire(list);
    let rows: Vec<(Vec<u8>, &[u8], Option<usize>)> = vec![
        (server(b"9"), b"\x01c", None),
        (server(b"9"), b"\x02\x01c", None),
        (server(b"\xff,\x03,h2"), b"h2", None),
        (server(b"\xff,\x03,h2"), b"\x02h2", Some(1)),
        (server(b"\x01\x08"), b"\x02\x00,", None),
        (server(b"\x03h\x04\x00"), b"\x03h\x04\x00\x00\x12", None),
        (server(b"\x03]t\xff"), b"\x03]t\xff\xfft", None),
        (server(b"x,r"), b"\x00\x02", None),
        (server(b"2,1"), b"\x01,\x01W", None),
        (server(b"h,x"), b"\x01.\x01x", Some(3)),
        // The first offer of the server's first shared name.
        (
            server(b"h2,http/1.1"),
            b"\x08http/1.1\x02h2\x02h2",
            Some(10),
        ),
        (server(b"h2"), b"\x00\x02h2", Some(2)),
        // No empty name is ever agreed on: the server's list has none.
        (server(b","), b"\x00", None),
        (server(b""), b"\x02h2", None),
    ];
    for (server, client, at) in rows {
        let got = alpn_select(&server, client);
        let want = at.map(|i| &client[i..i + usize::from(client[i - 1])]);
        assert_eq!(got, want, "{server:?} {client:?}");
        if let (Some(g), Some(i)) = (got, at) {
            assert_eq!(
                g.as_ptr(),
                client[i..].as_ptr(),
                "a slice of the client's list"
            );
        }
    }
    // Malformed server lists (raw, as the fuzzer also feeds them) compare
    // whole entries; the client's list is read up to its first bad entry.
    let client = b"\x03h\x04\x00\x00\x12";
    assert_eq!(alpn_select(b"\x03h\x04\x00", client), Some(&client[1..4]));
    let client = b"\x03]t\xff\xfft";
    assert_eq!(alpn_select(b"\x03]t\xff", client), Some(&client[1..4]));
    assert_eq!(alpn_select(b"\x01\x08", b"\x02\x00,"), None);
}

#[test]
fn sni_hosts() {
    // (sni target) host, name, match as given, match as the servername
    // callback calls it (both ASCII lower-cased)
    let rows: &[(&str, &str, bool, bool)] = &[
        ("", "", true, true),
        (":i", "", false, false),
        ("*.", "", false, false),
        ("*.", "*.", true, true),
        ("*.", "x.", true, true),
        ("*.", ".", false, false),
        ("*.", "x.\0", false, false),
        ("*.", "x..", false, false),
        ("*..", "", false, false),
        ("*..", "a..", true, true),
        ("*.x", "*.x", true, true),
        ("*.E", "4.e", false, true),
        ("*.T", "\u{fffd}\u{fffd}t", false, false),
        ("*.S", "*..s", false, false),
        ("*.w.tE", "\0.w.te", false, true),
        ("*.w.test", "x.w.test", true, true),
        ("*.w.test", "w.test", false, false),
        ("*.w.test", "x.y.w.test", false, false),
        ("A.Test", "a.test", false, true),
        // Only ASCII case is folded.
        ("*.\u{c9}", "x.\u{e9}", false, false),
        ("*.\u{fffd}\u{fffd}", "", false, false),
    ];
    for &(host, name, raw, lowered) in rows {
        assert_eq!(sni_matches(host, name), raw, "{host:?} {name:?}");
        let (h, n) = (host.to_ascii_lowercase(), name.to_ascii_lowercase());
        assert_eq!(
            sni_matches(&h, &n),
            lowered,
            "{host:?} {name:?} lower-cased"
        );
        assert!(sni_matches(host, host) && sni_matches(name, name));
    }
}
