//! PROXY protocol headers: `proxy::parse` on any bytes (v1 text, v2
//! binary, or garbage), as the acceptor thread calls it on the bytes a
//! connection has sent so far.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsock::net::proxy::{Command, MAX_LEN, Parse, V1_MAX_LEN, parse};

const V2_SIG: &[u8] = b"\r\n\r\n\0\r\nQUIT\n";

/// The v2 total length the fixed part announces (an independent read).
fn v2_total(buf: &[u8]) -> Option<usize> {
    (buf.len() >= 16 && buf.starts_with(V2_SIG))
        .then(|| 16 + usize::from(u16::from_be_bytes([buf[14], buf[15]])))
}

fn check(buf: &[u8]) {
    match parse(buf) {
        Parse::Incomplete { max_more } => {
            assert!(max_more >= 1);
            assert!(buf.len() + max_more <= MAX_LEN);
            if let Some(total) = v2_total(buf) {
                assert_eq!(buf.len() + max_more, total, "v2: exactly the rest");
            }
            if buf.first() == Some(&b'P') {
                assert!(buf.len() + max_more <= V1_MAX_LEN);
                assert!(!buf.contains(&b'\n'), "a v1 line ends at its LF");
            }
        }
        Parse::Complete { header, len } => {
            assert!(len <= buf.len() && len <= MAX_LEN);
            let head = &buf[..len];
            // The bytes after the header do not matter.
            assert_eq!(
                parse(head),
                Parse::Complete {
                    header: header.clone(),
                    len
                }
            );
            // Its prefixes are incomplete and never let a reader pass its end.
            for k in [0, 1, len / 2, len - 1] {
                match parse(&head[..k]) {
                    Parse::Incomplete { max_more } => assert!(k + max_more <= len, "{k}"),
                    other => panic!("prefix {k} of a header: {other:?}"),
                }
            }
            match header.version {
                1 => {
                    assert!(head.starts_with(b"PROXY ") && head.ends_with(b"\r\n"));
                    assert!(len <= V1_MAX_LEN);
                    assert_eq!(head.iter().filter(|&&c| c == b'\n').count(), 1);
                    assert_eq!(header.tlvs, Default::default());
                    if header.command == Command::Proxy {
                        let (s, d) = (header.source.unwrap(), header.destination.unwrap());
                        assert_eq!(s.is_ipv4(), d.is_ipv4());
                        let proto = if s.is_ipv4() { "TCP4" } else { "TCP6" };
                        assert!(head.starts_with(format!("PROXY {proto} ").as_bytes()));
                        // Written back canonically, it reads the same.
                        let line = format!(
                            "PROXY {proto} {} {} {} {}\r\n",
                            s.ip(),
                            d.ip(),
                            s.port(),
                            d.port()
                        );
                        assert_eq!(
                            parse(line.as_bytes()),
                            Parse::Complete {
                                header: header.clone(),
                                len: line.len()
                            }
                        );
                    } else {
                        assert!(head.starts_with(b"PROXY UNKNOWN"));
                        assert!(header.source.is_none() && header.destination.is_none());
                    }
                }
                2 => {
                    assert_eq!(v2_total(head), Some(len));
                    let cmd = head[12] & 0xf;
                    assert_eq!(head[12] >> 4, 2);
                    assert_eq!(header.command == Command::Proxy, cmd == 1);
                    if cmd == 1 && head[13] >> 4 == 1 {
                        let s = header.source.unwrap();
                        assert_eq!(
                            s.ip().to_string(),
                            format!("{}.{}.{}.{}", head[16], head[17], head[18], head[19])
                        );
                        assert_eq!(s.port(), u16::from_be_bytes([head[24], head[25]]));
                    }
                    if cmd == 0 || head[13] >> 4 != 1 && head[13] >> 4 != 2 {
                        assert!(header.source.is_none() && header.destination.is_none());
                    }
                }
                v => panic!("version {v}"),
            }
        }
        Parse::Invalid(m) => {
            assert!(!m.to_string().is_empty());
            // Refused once, refused whatever follows.
            for tail in [&b"\r\n"[..], &[0u8; 20], b" 1 2\r\n"] {
                let mut more = buf.to_vec();
                more.extend_from_slice(tail);
                assert!(matches!(parse(&more), Parse::Invalid(_)), "{tail:?}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    // The same bytes behind each signature, to reach deep paths quickly.
    for sig in [&b"PROXY "[..], V2_SIG] {
        let mut d = sig.to_vec();
        d.extend_from_slice(data);
        check(&d);
    }
});
