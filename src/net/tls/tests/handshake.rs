//! Handshakes: versions, cipher order, ALPN, blocking and non-blocking, timeouts and failures.

use super::*;

#[test]
fn handshake_tls13_blocking() {
    let (mut s, _tcp, h) = start_connected(|c| {
        let v = c.ssl().version_str().to_string();
        (c, v)
    });
    handshake_ok(&mut s);
    // Server preference: OpenSSL's default TLS 1.3 order starts with AES-256.
    assert_cipher(&s, "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256);
    assert_eq!(s.info().alpn_protocol, None);
    let (_c, v) = h.join().unwrap();
    assert_eq!(v, "TLSv1.3");
    // The server asked for a client certificate (verify_peer unset) and
    // the client had none to send.
    assert!(s.peer_cert_pem().is_none());
    assert!(s.peer_chain_pem().is_empty());
    assert_eq!(s.peer_verified(), Ok(()));
}

#[test]
fn handshake_tls12_uses_phps_cipher_order() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    let mut b = pki.client();
    b.set_max_proto_version(Some(SslVersion::TLS1_2)).unwrap();
    let conn = b.build();
    let (mut s, _tcp, h) = start(&ctx, move |tcp| connect(conn, "localhost", tcp));
    handshake_ok(&mut s);
    // The first ECDSA suite in DEFAULT_CIPHERS (an EC certificate).
    assert_cipher(&s, "TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256", 128);
    let c = h.join().unwrap();
    assert_eq!(
        c.ssl().current_cipher().unwrap().name(),
        "ECDHE-ECDSA-AES128-GCM-SHA256"
    );
}

#[test]
fn handshake_refuses_versions_outside_the_method() {
    let pki = Pki::new();
    // TLS 1.3 only: a TLS 1.2 client fails.
    let ctx = build(&ServerConfig {
        method: method::TLS1_3,
        ..pki.server()
    })
    .unwrap();
    let mut b = pki.client();
    b.set_max_proto_version(Some(SslVersion::TLS1_2)).unwrap();
    let conn = b.build();
    let (mut s, _tcp, h) = start(&ctx, move |tcp| conn.connect("localhost", tcp).is_err());
    let lines = ssl_lines(s.handshake(UP));
    assert!(
        lines.iter().any(|l| l.contains("unsupported protocol")),
        "{lines:?}"
    );
    assert!(h.join().unwrap(), "the client must fail too");
}

#[test]
fn handshake_alpn_agrees_on_the_servers_choice() {
    let pki = Pki::new();
    let ctx = build(&ServerConfig {
        alpn_protocols: Some(b"h2,http/1.1".to_vec()),
        ..pki.server()
    })
    .unwrap();
    let offer = |protos: &'static [u8]| {
        let mut b = pki.client();
        b.set_alpn_protos(protos).unwrap();
        let conn = b.build();
        let (mut s, _tcp, h) = start(&ctx, move |tcp| {
            let c = connect(conn, "localhost", tcp);
            let p = c.ssl().selected_alpn_protocol().map(<[u8]>::to_vec);
            (c, p)
        });
        handshake_ok(&mut s);
        let (_c, client_saw) = h.join().unwrap();
        let server_saw = s.info().alpn_protocol;
        assert_eq!(server_saw, client_saw);
        server_saw
    };
    assert_eq!(offer(b"\x08http/1.1\x02h2"), Some(b"h2".to_vec()));
    assert_eq!(offer(b"\x08http/1.1"), Some(b"http/1.1".to_vec()));
    // No overlap: the handshake still succeeds, without ALPN.
    assert_eq!(offer(b"\x06spdy/1"), None);
}

#[test]
fn handshake_nonblocking_is_driven_by_poll() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    let conn = pki.client().build();
    let (go, wait_go) = mpsc::channel::<()>();
    let (mut s, tcp, h) = start(&ctx, move |tcp| {
        wait_go.recv().unwrap();
        connect(conn, "localhost", tcp)
    });
    // The client has not sent anything yet.
    assert!(matches!(s.handshake(Wait::Never), Outcome::WouldBlock));
    assert!(matches!(s.handshake(Wait::Never), Outcome::WouldBlock));
    go.send(()).unwrap();
    let deadline = Instant::now() + LIMIT;
    loop {
        match s.handshake(Wait::Never) {
            Outcome::Ready(()) => break,
            Outcome::WouldBlock => {
                let left = deadline.saturating_duration_since(Instant::now());
                assert!(!left.is_zero(), "the handshake never finished");
                // Loopback writes of a handshake flight never fill the
                // socket: the server only ever waits to read.
                sys::poll(tcp.as_raw_fd(), Interest::Read, Some(left)).unwrap();
            }
            o => panic!("{o:?}"),
        }
    }
    // (How many waits it took is not asserted: on two cores the client may
    // answer the server's flight before the same call reads its Finished.)
    assert_eq!(s.info().protocol, "TLSv1.3");
    let mut c = h.join().unwrap();
    // And data flows both ways afterwards.
    c.write_all(b"ping").unwrap();
    let mut buf = [0u8; 16];
    let n = read_some(&mut s, &mut buf);
    assert_eq!(&buf[..n], b"ping");
    write_all(&mut s, b"pong", Wait::Never);
    let mut got = [0u8; 4];
    c.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"pong");
}

#[test]
fn handshake_times_out_on_a_silent_client() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    let (c, tcp) = pair();
    let mut s = Session::new(&ctx, tcp.as_raw_fd()).unwrap();
    let wait = Duration::from_millis(200);
    let t = Instant::now();
    assert!(matches!(
        s.handshake(Wait::AtMost(Some(wait))),
        Outcome::TimedOut
    ));
    let took = t.elapsed();
    assert!(took >= wait, "{took:?}");
    // ... and not much longer (poll is precise to a few milliseconds).
    assert!(took < wait + Duration::from_millis(250), "{took:?}");
    assert!(matches!(s.handshake(Wait::Never), Outcome::WouldBlock));
    drop(c);
    // The client went away without a word.
    assert!(matches!(s.handshake(UP), Outcome::Failed(_)));
}

#[test]
fn handshake_with_plain_http_fails_with_openssls_reason() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    let (mut c, tcp) = pair();
    c.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut s = Session::new(&ctx, tcp.as_raw_fd()).unwrap();
    match s.handshake(UP) {
        Outcome::Failed(Failure::Ssl {
            code,
            lines,
            no_shared_cipher,
        }) => {
            assert_eq!(code, ErrorCode::SSL.as_raw());
            assert!(!no_shared_cipher);
            let line = lines
                .iter()
                .find(|l| l.ends_with(":SSL routines::http request"))
                .unwrap_or_else(|| panic!("{lines:?}"));
            let hex = line
                .strip_prefix("error:")
                .and_then(|r| r.split(':').next())
                .unwrap();
            assert_eq!(hex.len(), 8, "{line}");
            assert!(u32::from_str_radix(hex, 16).is_ok(), "{line}");
            if openssl::version::number() >= 0x3000_0000 {
                assert_eq!(line, "error:0A00009C:SSL routines::http request");
            }
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn handshake_without_a_shared_cipher_says_so() {
    let pki = Pki::new();
    // RSA-only TLS 1.2 suites with an EC certificate.
    let ctx = build(&ServerConfig {
        method: method::TLS1_2,
        ciphers: Some("ECDHE-RSA-AES128-GCM-SHA256".into()),
        ..pki.server()
    })
    .unwrap();
    let conn = pki.client().build();
    let (mut s, _tcp, h) = start(&ctx, move |tcp| conn.connect("localhost", tcp).is_err());
    match s.handshake(UP) {
        Outcome::Failed(Failure::Ssl {
            lines,
            no_shared_cipher,
            ..
        }) => {
            assert!(no_shared_cipher, "{lines:?}");
            assert!(lines[0].ends_with("::no shared cipher"), "{lines:?}");
        }
        o => panic!("{o:?}"),
    }
    assert!(h.join().unwrap());
}
