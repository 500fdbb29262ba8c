//! Tests of [`super::parse`]: every v1 and v2 form, each malformed case,
//! truncation at every offset, TLVs and CRC32C.

use std::net::SocketAddr;

use super::{
    Command, Header, Malformed, Parse, SslInfo, Tlvs, crc32c,
    header::Kind,
    parse,
    v2::{MAX_BODY, SIGNATURE},
};

fn sa(s: &str) -> Option<SocketAddr> {
    Some(s.parse().unwrap())
}

fn complete(buf: &[u8]) -> (Header, usize) {
    match parse(buf) {
        Parse::Complete { header, len } => (header, len),
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(buf)),
    }
}

fn reason(buf: &[u8]) -> Kind {
    match parse(buf) {
        Parse::Invalid(Malformed(k)) => k,
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(buf)),
    }
}

/// Every proper prefix of `h` is `Incomplete`, with a `max_more` that
/// never reaches past the header (exact for v2 past its fixed part); `h`
/// itself and `h` followed by data are `Complete` with `h`'s length.
fn truncations(h: &[u8]) {
    for k in 0..h.len() {
        match parse(&h[..k]) {
            Parse::Incomplete { max_more } => {
                assert!(max_more >= 1, "offset {k}");
                assert!(
                    k + max_more <= h.len(),
                    "offset {k}: {max_more} passes the end"
                );
                if h[0] == b'\r' && k >= 16 {
                    assert_eq!(k + max_more, h.len(), "offset {k}");
                }
            }
            other => panic!("offset {k} of {h:?}: {other:?}"),
        }
    }
    assert_eq!(complete(h).1, h.len());
    let mut more = h.to_vec();
    more.extend_from_slice(b"GET / HTTP/1.1\r\n\r\n\r\n\r\n\0\r\nQUIT\n");
    assert_eq!(complete(&more).1, h.len());
}

const V1_VALID: &[&str] = &[
    "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n",
    "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n",
    "PROXY TCP6 2001:db8::1 ::1 1 8080\r\n",
    "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 ::ffff:1.2.3.4 65535 0\r\n",
    "PROXY UNKNOWN\r\n",
    "PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n",
    "PROXY UNKNOWN \r odd but up to the CRLF\r\n",
];

#[test]
fn v1_forms() {
    let (h, len) = complete(b"PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nGET /");
    assert_eq!(len, 45);
    assert_eq!(
        h,
        Header {
            version: 1,
            command: Command::Proxy,
            source: sa("192.0.2.1:56324"),
            destination: sa("198.51.100.2:443"),
            tlvs: Tlvs::default(),
        }
    );
    let (h, _) = complete(b"PROXY TCP6 2001:db8::1 ::1 1 8080\r\n");
    assert_eq!(h.source, sa("[2001:db8::1]:1"));
    assert_eq!(h.destination, sa("[::1]:8080"));
    for unknown in [
        &b"PROXY UNKNOWN\r\n"[..],
        b"PROXY UNKNOWN 1.2.3.4 x\r\nrest",
    ] {
        let (h, _) = complete(unknown);
        assert_eq!(
            (h.version, h.command, h.source, h.destination),
            (1, Command::Local, None, None)
        );
    }
    // The longest line (107 bytes) is fine.
    let mut long = b"PROXY UNKNOWN ".to_vec();
    long.resize(105, b'x');
    long.extend_from_slice(b"\r\n");
    assert_eq!(complete(&long).1, 107);
}

#[test]
fn v1_truncated_at_every_offset() {
    for h in V1_VALID {
        truncations(h.as_bytes());
    }
}

#[test]
fn v1_malformed() {
    let cases: &[(&str, Kind)] = &[
        ("GET / HTTP/1.1\r\n", Kind::NotProxy),
        ("PROXZ", Kind::V1Signature),
        ("PROXY\r\n", Kind::V1Signature),
        ("PROXY TCP5", Kind::V1Protocol),
        ("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", Kind::V1Protocol),
        ("PROXY UNKNOWNX\r\n", Kind::V1Protocol),
        ("PROXY TCP4\r\n", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", Kind::V1Syntax),
        ("PROXY TCP4  1.2.3.4", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", Kind::V1Syntax),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 \r\n", Kind::V1Syntax),
        ("PROXY TCP4 ::1", Kind::V1Address),
        ("PROXY TCP4 1.2.3.4.5.6.7.8.9.1", Kind::V1Address),
        ("PROXY TCP4 256.1.1.1 ", Kind::V1Address),
        ("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", Kind::V1Address),
        ("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", Kind::V1Address),
        ("PROXY TCP6 ::g", Kind::V1Address),
        ("PROXY TCP6 [::1]", Kind::V1Address),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 65536", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 01", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 +1", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 -1", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1a", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 123456", Kind::V1Port),
        ("PROXY TCP4 1.2.3.4 5.6.7.8 1 99999", Kind::V1Port),
    ];
    for (input, kind) in cases {
        assert_eq!(reason(input.as_bytes()), *kind, "{input:?}");
    }
    // No CRLF within 107 bytes, found as soon as it cannot fit.
    let mut long = b"PROXY UNKNOWN ".to_vec();
    long.resize(106, b'x');
    assert_eq!(reason(&long), Kind::V1TooLong);
    long.truncate(105);
    assert!(matches!(parse(&long), Parse::Incomplete { max_more: 2 }));
    long.push(b'\r');
    assert!(matches!(parse(&long), Parse::Incomplete { max_more: 1 }));
    long.push(b'x');
    assert_eq!(reason(&long), Kind::V1TooLong);
}

/// A v2 header: `cmd` (0 LOCAL, 1 PROXY), family byte, address block,
/// TLVs (already encoded).
fn v2(cmd: u8, fam: u8, addrs: &[u8], tlvs: &[u8]) -> Vec<u8> {
    let mut h = SIGNATURE.to_vec();
    h.push(0x20 | cmd);
    h.push(fam);
    let len = (addrs.len() + tlvs.len()) as u16;
    h.extend_from_slice(&len.to_be_bytes());
    h.extend_from_slice(addrs);
    h.extend_from_slice(tlvs);
    h
}

fn tlv(kind: u8, value: &[u8]) -> Vec<u8> {
    let mut t = vec![kind];
    t.extend_from_slice(&(value.len() as u16).to_be_bytes());
    t.extend_from_slice(value);
    t
}

const TCP4_ADDRS: [u8; 12] = [192, 0, 2, 1, 198, 51, 100, 2, 0xdc, 0x04, 0x01, 0xbb];

fn tcp6_addrs() -> Vec<u8> {
    let mut a = "2001:db8::1"
        .parse::<std::net::Ipv6Addr>()
        .unwrap()
        .octets()
        .to_vec();
    a.extend_from_slice(&std::net::Ipv6Addr::LOCALHOST.octets());
    a.extend_from_slice(&[0, 1, 0x1f, 0x90]);
    a
}

/// Sets the CRC32C TLV (which must be the last 7 bytes) right.
fn with_crc(mut h: Vec<u8>) -> Vec<u8> {
    let at = h.len() - 4;
    h[at..].copy_from_slice(&[0; 4]);
    let sum = crc32c(&h);
    h[at..].copy_from_slice(&sum.to_be_bytes());
    h
}

#[test]
fn v2_forms() {
    let (h, len) = complete(&v2(1, 0x11, &TCP4_ADDRS, &[]));
    assert_eq!(len, 28);
    assert_eq!(
        (h.version, h.command, h.source, h.destination),
        (
            2,
            Command::Proxy,
            sa("192.0.2.1:56324"),
            sa("198.51.100.2:443")
        )
    );
    let (h, _) = complete(&v2(1, 0x12, &TCP4_ADDRS, &[]));
    assert_eq!(h.source, sa("192.0.2.1:56324"), "UDP4");
    for fam in [0x21, 0x22] {
        let (h, len) = complete(&v2(1, fam, &tcp6_addrs(), &[]));
        assert_eq!(len, 52);
        assert_eq!(h.source, sa("[2001:db8::1]:1"));
        assert_eq!(h.destination, sa("[::1]:8080"));
    }
    for fam in [0x31, 0x32] {
        let (h, len) = complete(&v2(1, fam, &[b'/'; 216], &[]));
        assert_eq!(
            (len, h.command, h.source, h.destination),
            (232, Command::Proxy, None, None)
        );
    }
    let (h, len) = complete(&v2(1, 0x00, &[], &[]));
    assert_eq!((len, h.command, h.source), (16, Command::Proxy, None));
    // LOCAL: addresses (even a short block) and TLVs are ignored.
    let (h, len) = complete(&v2(0, 0x11, &TCP4_ADDRS, &tlv(0x01, b"h2")));
    assert_eq!(
        (len, h.command, h.source, h.tlvs),
        (33, Command::Local, None, Tlvs::default())
    );
    assert_eq!(
        complete(&v2(0, 0x11, &[1, 2], &[])).0.command,
        Command::Local
    );
    assert_eq!(complete(&v2(0, 0x00, &[], &[])).1, 16);
    // The largest body accepted.
    let big = v2(
        1,
        0x11,
        &TCP4_ADDRS,
        &tlv(0x04, &vec![0; MAX_BODY - 12 - 3]),
    );
    assert_eq!(complete(&big).1, 16 + MAX_BODY);
}

#[test]
fn v2_tlvs() {
    let mut ssl = vec![0x07, 0, 0, 0, 0];
    ssl.extend(tlv(0x21, b"TLSv1.3"));
    ssl.extend(tlv(0x22, b"client.example"));
    ssl.extend(tlv(0x23, b"TLS_AES_128_GCM_SHA256"));
    ssl.extend(tlv(0x24, b"SHA256"));
    ssl.extend(tlv(0x25, b"RSA2048"));
    ssl.extend(tlv(0x99, b"skipped"));
    let mut tlvs = tlv(0x01, b"h2");
    tlvs.extend(tlv(0x02, b"example.com"));
    tlvs.extend(tlv(0x04, b"\0\0\0"));
    tlvs.extend(tlv(0x05, &[7; 128]));
    tlvs.extend(tlv(0x20, &ssl));
    tlvs.extend(tlv(0x30, b"netns"));
    tlvs.extend(tlv(0xe0, b"custom"));
    tlvs.extend(tlv(0x01, b"second alpn is ignored"));
    tlvs.extend(tlv(0x03, &[0; 4]));
    let h = with_crc(v2(1, 0x11, &TCP4_ADDRS, &tlvs));
    let (header, len) = complete(&h);
    assert_eq!(len, h.len());
    assert_eq!(
        header.tlvs,
        Tlvs {
            alpn: Some(b"h2".to_vec()),
            authority: Some(b"example.com".to_vec()),
            unique_id: Some(vec![7; 128]),
            ssl: Some(SslInfo {
                client: 7,
                verified: true,
                version: Some(b"TLSv1.3".to_vec()),
                cipher: Some(b"TLS_AES_128_GCM_SHA256".to_vec()),
                cn: Some(b"client.example".to_vec()),
                sig_alg: Some(b"SHA256".to_vec()),
                key_alg: Some(b"RSA2048".to_vec()),
            }),
        }
    );
    truncations(&h);
    // Not verified; no sub-TLVs.
    let h = v2(1, 0x21, &tcp6_addrs(), &tlv(0x20, &[1, 0, 0, 0, 1]));
    let ssl = complete(&h).0.tlvs.ssl.unwrap();
    assert_eq!((ssl.client, ssl.verified, ssl.version), (1, false, None));
}

#[test]
fn v2_crc32c() {
    assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    let good = with_crc(v2(1, 0x11, &TCP4_ADDRS, &tlv(0x03, &[0; 4])));
    assert!(matches!(parse(&good), Parse::Complete { .. }));
    // In the addresses and the checksum (flipping a command, length or
    // type bit makes another header, valid or incomplete, without a CRC).
    for at in (16..28).chain(31..35) {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        assert!(
            matches!(parse(&bad), Parse::Invalid(_)),
            "a flipped bit at {at} is caught"
        );
    }
    let mut bad = good.clone();
    let n = bad.len();
    bad[n - 1] ^= 0xff;
    assert_eq!(reason(&bad), Kind::Crc);
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &tlv(0x03, &[0; 3]))),
        Kind::CrcLength
    );
}

#[test]
fn v2_malformed() {
    let ok = v2(1, 0x11, &TCP4_ADDRS, &[]);
    // A wrong signature byte is refused as soon as it arrives.
    for at in 1..12 {
        let mut bad = ok[..=at].to_vec();
        bad[at] ^= 0x20;
        assert_eq!(reason(&bad), Kind::V2Signature, "byte {at}");
    }
    let mut bad = ok[..13].to_vec();
    bad[12] = 0x11;
    assert_eq!(reason(&bad), Kind::V2Version);
    bad[12] = 0x22;
    assert_eq!(reason(&bad), Kind::V2Command);
    for fam in [0x01, 0x10, 0x13, 0x41, 0xff, 0x20, 0x30] {
        let mut bad = ok[..14].to_vec();
        bad[13] = fam;
        assert_eq!(reason(&bad), Kind::V2Family, "family {fam:#x}");
    }
    let mut bad = ok[..16].to_vec();
    bad[14..16].copy_from_slice(&(MAX_BODY as u16 + 1).to_be_bytes());
    assert_eq!(reason(&bad), Kind::V2TooLong);
    bad[14..16].copy_from_slice(&11u16.to_be_bytes());
    assert_eq!(reason(&bad), Kind::V2ShortAddress);
    bad[13] = 0x21;
    bad[14..16].copy_from_slice(&35u16.to_be_bytes());
    assert_eq!(reason(&bad), Kind::V2ShortAddress);
    bad[13] = 0x31;
    assert_eq!(reason(&bad), Kind::V2ShortAddress);
    // TLVs that overrun the header, at the top and inside SSL.
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &[0x01, 0x00])),
        Kind::TlvOverrun
    );
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &[0x01, 0x00, 0x03, b'h'])),
        Kind::TlvOverrun
    );
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &tlv(0x20, &[1, 0, 0, 0]))),
        Kind::Ssl
    );
    let ssl = [1, 0, 0, 0, 0, 0x21, 0, 9, b'x'];
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &tlv(0x20, &ssl))),
        Kind::TlvOverrun
    );
    assert_eq!(
        reason(&v2(1, 0x11, &TCP4_ADDRS, &tlv(0x05, &[0; 129]))),
        Kind::UniqueId
    );
}

#[test]
fn v2_truncated_at_every_offset() {
    truncations(&v2(1, 0x11, &TCP4_ADDRS, &[]));
    truncations(&v2(1, 0x21, &tcp6_addrs(), &tlv(0x01, b"http/1.1")));
    truncations(&v2(1, 0x31, &[0; 216], &[]));
    truncations(&v2(0, 0x00, &[], &[]));
    truncations(&v2(1, 0x00, &[], &[]));
}

#[test]
fn empty_and_reasons() {
    assert!(matches!(parse(b""), Parse::Incomplete { max_more } if (1..=15).contains(&max_more)));
    for code in 0..=u8::MAX {
        if let Some(m) = Malformed::from_code(code) {
            assert_eq!(m.code(), code);
            let text = m.to_string();
            assert!(!text.is_empty() && text.len() < 40, "{text}");
        }
    }
    assert_eq!(Malformed(Kind::Crc).to_string(), "bad CRC32c");
    assert_eq!(Malformed(Kind::V2Signature).to_string(), "bad v2 signature");
    assert_eq!(Malformed(Kind::V1TooLong).to_string(), "v1 line too long");
}
