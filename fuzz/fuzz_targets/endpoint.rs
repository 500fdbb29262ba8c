//! A whole `stream_socket_server()` address, as PHP hands it over:
//! `split_scheme`, then `parse_inet` + `InetEndpoint::port` and `parse_unix`
//! on the rest, each checked against the rules their docs state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsock::net::{
    Error, Transport,
    endpoint::{
        InetEndpoint, UNIX_ABSTRACT_MAX, UNIX_PATH_MAX, UnixPath, parse_inet, parse_unix,
        split_scheme,
    },
};

fn is_scheme_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.'
}

/// The port the text stands for under rsock's rules, computed another way:
/// ASCII digits (any number of leading zeros) before an optional `/`, with
/// a value of at most 65535.
fn expected_port(text: &[u8]) -> Option<u16> {
    let digits = match text.iter().position(|&c| c == b'/') {
        Some(i) => &text[..i],
        None => text,
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(c - b'0'));
    }
    u16::try_from(value).ok()
}

fn check_scheme(address: &[u8]) -> &[u8] {
    let (scheme, rest) = split_scheme(address);
    let run = address.iter().take_while(|&&c| is_scheme_char(c)).count();
    let has_scheme = run >= 2 && address[run..].starts_with(b"://");
    if has_scheme {
        assert_eq!(
            scheme,
            &address[..run],
            "the scheme is the whole leading run"
        );
        assert_eq!(rest, &address[run + 3..]);
        assert_eq!(scheme.len() + 3 + rest.len(), address.len());
    } else {
        assert_eq!(scheme, b"tcp", "no scheme means tcp");
        assert_eq!(rest, address, "no scheme: the rest is everything");
    }
    // Transports round-trip through their scheme names.
    if let Some(t) = Transport::from_scheme(scheme) {
        assert_eq!(t.scheme().as_bytes(), scheme);
        assert!(Transport::ALL.contains(&t));
    }
    rest
}

/// `host` as the parser must have produced it from the raw bytes.
fn assert_host(ep: &InetEndpoint, raw: &[u8]) {
    assert_eq!(ep.host, String::from_utf8_lossy(raw));
}

fn check_inet(name: &[u8]) {
    let parsed = parse_inet(name);
    if name.contains(&0) {
        assert!(matches!(parsed, Err(Error::NulInHost)), "{parsed:?}");
        return;
    }
    let ep = match parsed {
        Ok(ep) => ep,
        Err(Error::Ipv6Address(a)) => {
            assert_eq!(a, name);
            assert!(name.len() > 1 && name[0] == b'[');
            // `[` ... `]:` with the `]` not last must have parsed.
            let inner = &name[1..name.len() - 1];
            if let Some(i) = inner.iter().position(|&c| c == b']') {
                assert_ne!(name[i + 2], b':', "a `]:` was there");
            }
            return;
        }
        Err(Error::Address(a)) => {
            assert_eq!(a, name);
            assert!(name.len() <= 1 || name[0] != b'[');
            // No colon before the last byte.
            assert!(!name[..name.len().saturating_sub(1)].contains(&b':'));
            return;
        }
        Err(e) => panic!("unexpected error {e:?} for {name:?}"),
    };
    assert_eq!(ep.address, name, "the address is kept as given");

    // Where the host and port text came from.
    let (host_raw, port_text) = if name.len() > 1 && name[0] == b'[' {
        let close = 1 + name[1..].iter().position(|&c| c == b']').unwrap();
        assert!(close < name.len() - 1);
        assert_eq!(name[close + 1], b':');
        (&name[1..close], &name[close + 2..])
    } else {
        let colon = name.iter().position(|&c| c == b':').unwrap();
        assert!(colon + 1 < name.len(), "`host:` is never an endpoint");
        (&name[..colon], &name[colon + 1..])
    };
    assert_host(&ep, host_raw);
    assert!(!port_text.is_empty() || name[0] == b'[');

    let want = expected_port(port_text);
    assert_eq!(ep.port, want, "port of {name:?}");
    match ep.port() {
        Ok(p) => assert_eq!(Some(p), want),
        Err(Error::InvalidPort(a)) => {
            assert!(want.is_none());
            assert_eq!(a, name);
        }
        Err(e) => panic!("port(): {e:?}"),
    }

    // Written back canonically, host and port parse to the same endpoint.
    if let (Some(port), Ok(host)) = (ep.port, std::str::from_utf8(host_raw)) {
        let text = if host.contains(':') || host.starts_with('[') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let again = parse_inet(text.as_bytes()).expect("canonical form parses");
        assert_eq!(again.host, host);
        assert_eq!(again.port, Some(port));
    }
}

fn check_unix(name: &[u8]) {
    let p = parse_unix(name);
    // A path keeps 107 bytes (room for its NUL), an abstract name (leading
    // NUL, kept) all 108 of `sun_path`.
    let abstract_name = name.first() == Some(&0);
    let max = if abstract_name {
        UNIX_ABSTRACT_MAX
    } else {
        UNIX_PATH_MAX
    };
    assert_eq!(p.max_len(), max);
    assert!(p.bytes.len() <= max);
    assert_eq!(p.truncated, name.len() > max);
    assert_eq!(p.bytes, &name[..name.len().min(max)]);
    if !p.truncated {
        assert_eq!(p.bytes, name);
    }
    assert_eq!(p.bytes.first() == Some(&0), abstract_name);
    // Parsing what was kept changes nothing.
    assert_eq!(
        parse_unix(&p.bytes),
        UnixPath {
            bytes: p.bytes.clone(),
            truncated: false
        }
    );
}

fuzz_target!(|address: &[u8]| {
    let rest = check_scheme(address);
    // Both parsers must cope with any rest, whatever the transport.
    check_inet(rest);
    check_unix(rest);
    if rest.len() != address.len() {
        // The no-scheme reading too.
        check_inet(address);
    }
});
