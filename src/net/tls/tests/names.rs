//! PHP crypto methods to protocol versions, ALPN lists, error lines.

use super::*;

#[test]
fn versions_follow_php_crypto_methods() {
    use SslVersion as V;
    assert_eq!(method::TLS_ANY, 120);
    assert_eq!(method::ANY, 126);
    // The catch-alls: TLS 1.2 and 1.3 only.
    let modern = (V::TLS1_2, V::TLS1_3);
    assert_eq!(versions(120), modern);
    assert_eq!(versions(126), modern);
    assert_eq!(versions(120 | method::CLIENT), modern);
    // Versions by name, as a range from the lowest to the highest.
    assert_eq!(versions(method::TLS1_0), (V::TLS1, V::TLS1));
    assert_eq!(
        versions(method::TLS1_0 | method::TLS1_2),
        (V::TLS1, V::TLS1_2)
    );
    assert_eq!(versions(method::TLS1_3), (V::TLS1_3, V::TLS1_3));
    assert_eq!(versions(method::TLS1_2 | method::TLS1_3), modern);
    assert_eq!(
        versions(method::TLS1_1 | method::TLS1_2 | method::TLS1_3),
        (V::TLS1_1, V::TLS1_3)
    );
    // SSLv3 does not exist in OpenSSL 3: as no bit at all.
    assert_eq!(versions(method::SSLV3), (V::TLS1_3, V::TLS1_3));
    // No version bits: TLS 1.3 alone, as PHP's min/max fall back to it.
    let only13 = (V::TLS1_3, V::TLS1_3);
    assert_eq!(versions(0), only13);
    assert_eq!(versions(method::SSLV2), only13);
    assert_eq!(versions(method::SSLV2 | method::CLIENT), only13);
}

#[test]
fn alpn_wire_is_length_prefixed() {
    assert_eq!(alpn_wire(b"h2,http/1.1"), b"\x02h2\x08http/1.1");
    assert_eq!(alpn_wire(b"h2"), b"\x02h2");
    // Empty names are skipped, and so are names too long for one byte.
    assert_eq!(alpn_wire(b",h2,,x,"), b"\x02h2\x01x");
    let long = vec![b'a'; 256];
    let mut list = long.clone();
    list.extend_from_slice(b",h2");
    assert_eq!(alpn_wire(&list), b"\x02h2");
    let max = vec![b'b'; 255];
    let wire = alpn_wire(&max);
    assert_eq!(wire[0], 255);
    assert_eq!(&wire[1..], &max[..]);
    assert!(alpn_wire(b"").is_empty());
}

#[test]
fn alpn_select_takes_the_servers_preference() {
    let client = alpn_wire(b"http/1.1,h2");
    let pick = alpn_select(&alpn_wire(b"h2,http/1.1"), &client);
    assert_eq!(pick, Some(&b"h2"[..]));
    let pick = alpn_select(&alpn_wire(b"http/1.1,h2"), &client);
    assert_eq!(pick, Some(&b"http/1.1"[..]));
    // The answer is a slice of the client's list.
    let pick = alpn_select(&alpn_wire(b"h2"), &client).unwrap();
    assert_eq!(pick.as_ptr(), client[10..].as_ptr());
    // No overlap (a prefix is not a match): no protocol.
    assert_eq!(alpn_select(&alpn_wire(b"h3,spdy/3"), &client), None);
    assert_eq!(alpn_select(&alpn_wire(b"h2"), b"\x03h2c"), None);
    assert_eq!(alpn_select(&alpn_wire(b"h2"), b""), None);
    assert_eq!(alpn_select(b"", &client), None);
}

#[test]
fn alpn_select_survives_malformed_client_lists() {
    let server = alpn_wire(b"h2,http/1.1");
    // A length running past the end, a zero length, a lone length byte.
    for bad in [
        &b"\x05h2"[..],
        b"\xffh2",
        b"\x00",
        b"\x08",
        b"\x00\x00\x00",
        b"\x02h",
    ] {
        assert_eq!(alpn_select(&server, bad), None, "{bad:?}");
    }
    // Names before the damage still count.
    assert_eq!(alpn_select(&server, b"\x02h2\x09http"), Some(&b"h2"[..]));
    assert_eq!(alpn_select(&server, b"\x00\x02h2"), Some(&b"h2"[..]));
}

#[test]
fn error_lines_format_like_err_error_string_n() {
    // A failed call leaves OpenSSL's error queue for ErrorStack::get().
    let err = X509::from_pem(b"-----BEGIN CERTIFICATE-----\nnot base64!\n").unwrap_err();
    let lines = error_lines(&err);
    assert!(!lines.is_empty());
    for l in &lines {
        let rest = l.strip_prefix("error:").unwrap_or_else(|| panic!("{l}"));
        let (code, rest) = rest.split_once(':').unwrap();
        assert_eq!(code.len(), 8, "{l}");
        assert!(
            code.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()),
            "{l}"
        );
        assert!(rest.contains("::"), "{l}");
    }
}
