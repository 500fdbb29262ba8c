//! Client certificates: verify_peer, allow_self_signed, verify_depth, CAs.

use super::*;

/// A client presenting `cert` (and `chain`) for `key`; returns whether its
/// side of the connection worked (the handshake, then reading "ok").
fn client_with_cert(
    pki: &Pki,
    id: Option<(&X509, &PKey<Private>)>,
    chain: &[&X509],
) -> impl FnOnce(TcpStream) -> Result<Client, String> + Send + 'static {
    let mut b = pki.client();
    if let Some((cert, key)) = id {
        b.set_certificate(cert).unwrap();
        b.set_private_key(key).unwrap();
    }
    for c in chain {
        b.add_extra_chain_cert((*c).clone()).unwrap();
    }
    let conn = b.build();
    move |tcp| {
        let mut c = conn.connect("localhost", tcp).map_err(|e| e.to_string())?;
        // With TLS 1.3 the client finishes before the server has checked
        // its certificate: a rejection shows on the first read.
        let mut ok = [0u8; 2];
        c.read_exact(&mut ok).map_err(|e| e.to_string())?;
        assert_eq!(&ok, b"ok");
        Ok(c)
    }
}

/// Serves `client` (a [`client_with_cert`]) with `ctx`, which must accept
/// it: `check` looks at the session after the handshake, then the client
/// gets its "ok".
fn accepted(
    ctx: &SslContext,
    client: impl FnOnce(TcpStream) -> Result<Client, String> + Send + 'static,
    check: impl FnOnce(&Session),
) {
    let (mut s, _tcp, h) = start(ctx, client);
    handshake_ok(&mut s);
    check(&s);
    write_all(&mut s, b"ok", UP);
    h.join().unwrap().unwrap();
}

/// Serves `client` (a [`client_with_cert`]) with `ctx`, which must refuse
/// its certificate: the handshake fails verifying it, and the client fails
/// too. Returns the session's verification error.
fn refused(
    ctx: &SslContext,
    client: impl FnOnce(TcpStream) -> Result<Client, String> + Send + 'static,
) -> (i32, String) {
    let (mut s, tcp, h) = start(ctx, client);
    let lines = ssl_lines(s.handshake(UP));
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("::certificate verify failed")),
        "{lines:?}"
    );
    let verified = s.peer_verified().unwrap_err();
    drop(s);
    drop(tcp);
    assert!(h.join().unwrap().is_err(), "the client must be refused");
    verified
}

#[test]
fn client_cert_signed_by_the_ca_is_verified() {
    let pki = Pki::new();
    let ctx = build(&verifying(&pki)).unwrap();
    let id = (&pki.client_cert, &pki.client_key);
    let client = client_with_cert(&pki, Some(id), &[&pki.ca_cert]);
    accepted(&ctx, client, |s| {
        assert_eq!(s.peer_verified(), Ok(()));
        let pem = s.peer_cert_pem().expect("the client's certificate");
        assert_eq!(pem, pki.client_cert.to_pem().unwrap());
        // The chain as sent, without the leaf.
        assert_eq!(s.peer_chain_pem(), vec![pki.ca_cert.to_pem().unwrap()]);
    });
}

#[test]
fn no_client_cert_is_fine_without_verify_peer() {
    let pki = Pki::new();
    for verify_peer in [None, Some(false)] {
        let ctx = build(&ServerConfig {
            verify_peer,
            cafile: Some(pki.ca.clone()),
            ..pki.server()
        })
        .unwrap();
        accepted(&ctx, client_with_cert(&pki, None, &[]), |s| {
            assert_eq!(s.peer_cert_pem(), None);
            assert!(s.peer_chain_pem().is_empty());
            assert_eq!(s.peer_verified(), Ok(()));
        });
    }
}

#[test]
fn verify_peer_true_without_a_client_cert_is_left_to_the_caller() {
    // As PHP: SSL_VERIFY_PEER without FAIL_IF_NO_PEER_CERT. The handshake
    // succeeds and the caller refuses a missing certificate (PHP's
    // "Could not get peer certificate").
    let pki = Pki::new();
    let ctx = build(&verifying(&pki)).unwrap();
    accepted(&ctx, client_with_cert(&pki, None, &[]), |s| {
        assert_eq!(s.peer_cert_pem(), None);
        assert_eq!(s.peer_verified(), Ok(()));
    });
}

#[test]
fn verify_peer_false_does_not_ask_for_a_certificate() {
    let pki = Pki::new();
    let ctx = build(&ServerConfig {
        verify_peer: Some(false),
        ..pki.server()
    })
    .unwrap();
    // A client that has a certificate sends it only when asked.
    let id = (&pki.client_cert, &pki.client_key);
    accepted(&ctx, client_with_cert(&pki, Some(id), &[]), |s| {
        assert_eq!(s.peer_cert_pem(), None);
    });
}

#[test]
fn self_signed_client_cert_needs_allow_self_signed() {
    let pki = Pki::new();
    let key = ec_key();
    let cert = issue("stranger", Kind::Client, &[], &key, None);
    let stranger = || client_with_cert(&pki, Some((&cert, &key)), &[]);
    // Rejected.
    let ctx = build(&verifying(&pki)).unwrap();
    let (code, why) = refused(&ctx, stranger());
    assert_eq!(code, 18, "{why}");
    // Accepted with allow_self_signed (it stays unverified).
    let ctx = build(&ServerConfig {
        allow_self_signed: true,
        ..verifying(&pki)
    })
    .unwrap();
    accepted(&ctx, stranger(), |s| {
        assert_eq!(
            s.peer_cert_pem().unwrap(),
            cert.to_pem().unwrap(),
            "the self-signed certificate"
        );
        assert_eq!(s.peer_verified().unwrap_err().0, 18);
    });
}

#[test]
fn client_cert_from_another_ca_is_rejected() {
    let pki = Pki::new();
    let other = Pki::new();
    let ctx = build(&verifying(&pki)).unwrap();
    let id = (&other.client_cert, &other.client_key);
    refused(&ctx, client_with_cert(&pki, Some(id), &[]));
}

#[test]
fn verify_depth_limits_the_client_chain() {
    let pki = Pki::new();
    let id = (&pki.client_cert, &pki.client_key);
    // Depth 0: the CA (at depth 1) is too deep.
    let ctx = build(&ServerConfig {
        verify_depth: 0,
        ..verifying(&pki)
    })
    .unwrap();
    let (code, why) = refused(&ctx, client_with_cert(&pki, Some(id), &[]));
    assert_eq!(code, 22, "{why}");
    // Depth 1 is enough for a CA-signed certificate.
    let ctx = build(&ServerConfig {
        verify_depth: 1,
        ..verifying(&pki)
    })
    .unwrap();
    accepted(&ctx, client_with_cert(&pki, Some(id), &[]), |s| {
        assert_eq!(s.peer_verified(), Ok(()));
    });
}
