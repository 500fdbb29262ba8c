//! SNI: certificates picked by host name, wildcards, errors.

use super::*;

/// The CN of the certificate a client sees, connecting with `sni` (or
/// without SNI).
fn served_cn(pki: &Pki, ctx: &SslContext, sni: Option<&'static str>) -> String {
    let conn = pki.client().build();
    let (mut s, _tcp, h) = start(ctx, move |tcp| {
        let mut cfg = conn.configure().unwrap();
        // Only the name is under test; the CA is still checked.
        cfg.set_verify_hostname(false);
        if sni.is_none() {
            cfg.set_use_server_name_indication(false);
        }
        let c = cfg
            .connect(sni.unwrap_or("ignored"), tcp)
            .unwrap_or_else(|e| panic!("client handshake: {e}"));
        let cn = cn_of(&c.ssl().peer_certificate().unwrap());
        (c, cn)
    });
    handshake_ok(&mut s);
    h.join().unwrap().1
}

/// An SNI entry for `host`: a new CA-signed certificate named `cn` for the
/// name `san`, and its key, in one file.
fn sni_cert(pki: &Pki, host: &str, cn: &str, san: &str) -> SniCert {
    let f = pki.leaf_file(&format!("{cn}.pem"), cn, &[san]);
    SniCert {
        host: host.into(),
        cert: f.clone(),
        key: f,
    }
}

#[test]
fn sni_picks_the_certificate_by_name() {
    let pki = Pki::new();
    let cfg = ServerConfig {
        sni_certs: vec![
            sni_cert(&pki, "a.test", "a.test", "a.test"),
            sni_cert(&pki, "B.Test", "b.test", "b.test"),
        ],
        ..pki.server()
    };
    let ctx = build(&cfg).unwrap();
    assert_eq!(served_cn(&pki, &ctx, Some("b.test")), "b.test");
    assert_eq!(served_cn(&pki, &ctx, Some("a.test")), "a.test");
    // Names compare without case.
    assert_eq!(served_cn(&pki, &ctx, Some("A.TEST")), "a.test");
    // No SNI, or an unknown name: the default certificate.
    assert_eq!(served_cn(&pki, &ctx, None), "localhost");
    assert_eq!(served_cn(&pki, &ctx, Some("c.test")), "localhost");
    // With hostname verification on, b.test verifies as b.test.
    let conn = pki.client().build();
    let (mut s, _tcp, h) = start(&ctx, move |tcp| connect(conn, "b.test", tcp));
    handshake_ok(&mut s);
    h.join().unwrap();
    // SNI_enabled off: always the default certificate.
    let off = build(&ServerConfig {
        sni_enabled: false,
        ..cfg
    })
    .unwrap();
    assert_eq!(served_cn(&pki, &off, Some("b.test")), "localhost");
}

#[test]
fn sni_matches_exact_names_and_one_label_wildcards() {
    assert!(sni_matches("a.test", "a.test"));
    assert!(!sni_matches("a.test", "b.test"));
    assert!(!sni_matches("a.test", "x.a.test"));
    assert!(sni_matches("*.w.test", "x.w.test"));
    assert!(!sni_matches("*.w.test", "w.test"));
    assert!(!sni_matches("*.w.test", ".w.test"));
    assert!(!sni_matches("*.w.test", "x.y.w.test"));
    assert!(!sni_matches("*.w.test", "x.w.test.evil"));
}

#[test]
fn sni_wildcard_host_picks_its_certificate() {
    let pki = Pki::new();
    let ctx = build(&ServerConfig {
        sni_certs: vec![sni_cert(&pki, "*.W.test", "w.test", "*.w.test")],
        ..pki.server()
    })
    .unwrap();
    assert_eq!(served_cn(&pki, &ctx, Some("x.w.test")), "w.test");
    assert_eq!(served_cn(&pki, &ctx, Some("w.test")), "localhost");
    assert_eq!(served_cn(&pki, &ctx, Some("x.y.w.test")), "localhost");
}

#[test]
fn sni_cert_errors_name_the_file() {
    let pki = Pki::new();
    let missing = pki.dir.path("sni.pem");
    let cfg = ServerConfig {
        sni_certs: vec![SniCert {
            host: "a.test".into(),
            cert: missing.clone(),
            key: missing.clone(),
        }],
        ..pki.server()
    };
    build_error(&cfg, &[&shown(&missing)]);
    // Not loaded at all with SNI off.
    build(&ServerConfig {
        sni_enabled: false,
        ..cfg
    })
    .unwrap();
}

#[test]
fn sni_context_still_verifies_client_certs() {
    let pki = Pki::new();
    let ctx = build(&ServerConfig {
        sni_certs: vec![sni_cert(&pki, "b.test", "b.test", "b.test")],
        ..verifying(&pki)
    })
    .unwrap();
    let shake = |id: (&X509, &PKey<Private>)| {
        let mut b = pki.client();
        b.set_certificate(id.0).unwrap();
        b.set_private_key(id.1).unwrap();
        let conn = b.build();
        // SNI b.test (and b.test's certificate checked by the client).
        let (mut s, tcp, h) = start(&ctx, move |tcp| {
            let mut c = conn.connect("b.test", tcp).map_err(|e| e.to_string())?;
            let cn = cn_of(&c.ssl().peer_certificate().unwrap());
            let mut ok = [0u8; 2];
            c.read_exact(&mut ok).map_err(|e| e.to_string())?;
            Ok::<_, String>((c, cn))
        });
        let o = s.handshake(UP);
        let verified = s.peer_verified();
        if matches!(o, Outcome::Ready(())) {
            write_all(&mut s, b"ok", UP);
        }
        drop(s);
        drop(tcp);
        (o, verified, h.join().unwrap())
    };
    let (o, verified, client) = shake((&pki.client_cert, &pki.client_key));
    assert!(matches!(o, Outcome::Ready(())), "{o:?}");
    assert_eq!(verified, Ok(()));
    assert_eq!(client.unwrap().1, "b.test");
    let key = ec_key();
    let stranger = issue("stranger", Kind::Client, &[], &key, None);
    let (o, verified, client) = shake((&stranger, &key));
    assert!(matches!(o, Outcome::Failed(Failure::Ssl { .. })), "{o:?}");
    assert_eq!(verified.unwrap_err().0, 18);
    assert!(client.is_err());
}
