//! Tests of the TLS core: protocol ranges, ALPN, building contexts (and
//! their errors), the context cache, and real handshakes and data with an
//! OpenSSL client over loopback. Every key and certificate is generated
//! here, into a temporary directory that is removed at the end of each test.

use super::context::{CACHE_SIZE, os_path};
use super::*;
use crate::net::test_util::pair;
use crate::net::{
    Outcome,
    conn::Wait,
    sys::{self, Interest},
};
use openssl::{
    asn1::Asn1Time,
    bn::{BigNum, MsbOption},
    ec::{EcGroup, EcKey},
    hash::MessageDigest,
    nid::Nid,
    pkey::Private,
    rsa::Rsa,
    ssl::{SslConnector, SslConnectorBuilder, SslContextRef},
    symm::Cipher,
    x509::{
        X509, X509NameBuilder,
        extension::{
            AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage,
            SubjectAlternativeName, SubjectKeyIdentifier,
        },
    },
};
use openssl::{
    pkey::PKey,
    ssl::{ErrorCode, SslContext, SslMethod, SslVersion},
};
use std::{
    fmt,
    io::{Read, Write},
};
use std::{
    net::{IpAddr, TcpStream},
    os::{fd::AsRawFd, unix::ffi::OsStringExt},
    path::PathBuf,
    sync::{
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

mod pki;
use pki::*;

/// A path as the error messages show it.
fn shown(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

/// How long any one blocking step of a test may take.
const LIMIT: Duration = Duration::from_secs(5);
const UP: Wait = Wait::AtMost(Some(Duration::from_secs(2)));

// ---- connections ----------------------------------------------------------

/// A server session on one end of a loopback pair, and a client thread
/// running `client` on the other. The server socket is returned to be kept
/// alive as long as the session is used.
fn start<T: Send + 'static>(
    ctx: &SslContext,
    client: impl FnOnce(TcpStream) -> T + Send + 'static,
) -> (Session, TcpStream, JoinHandle<T>) {
    let (c, s) = pair();
    // The client never hangs a test: every blocking call gives up.
    c.set_read_timeout(Some(LIMIT)).unwrap();
    c.set_write_timeout(Some(LIMIT)).unwrap();
    let h = thread::spawn(move || client(c));
    let session = Session::new(ctx, s.as_raw_fd()).unwrap();
    (session, s, h)
}

type Client = openssl::ssl::SslStream<TcpStream>;

fn connect(conn: SslConnector, domain: &str, tcp: TcpStream) -> Client {
    conn.connect(domain, tcp)
        .unwrap_or_else(|e| panic!("client handshake: {e}"))
}

/// [`start`] with the server certificate of a new [`Pki`] and a client
/// that trusts its CA, connects to localhost (the handshake is the
/// server's to drive) and then runs `then`.
fn start_connected<T: Send + 'static>(
    then: impl FnOnce(Client) -> T + Send + 'static,
) -> (Session, TcpStream, JoinHandle<T>) {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    let conn = pki.client().build();
    start(&ctx, move |tcp| then(connect(conn, "localhost", tcp)))
}

/// Asserts the protocol and the cipher (of that protocol) a session agreed on.
fn assert_cipher(s: &Session, protocol: &str, cipher_name: &str, cipher_bits: i32) {
    let info = s.info();
    assert_eq!(info.protocol, protocol);
    assert_eq!(info.cipher_name, cipher_name);
    assert_eq!(info.cipher_bits, cipher_bits);
    assert_eq!(info.cipher_version, protocol);
}

fn handshake_ok(s: &mut Session) {
    match s.handshake(UP) {
        Outcome::Ready(()) => {}
        o => panic!("server handshake: {o:?}"),
    }
}

/// The error lines of a failed operation.
fn ssl_lines<T: fmt::Debug>(o: Outcome<T, Failure>) -> Vec<String> {
    match o {
        Outcome::Failed(Failure::Ssl { lines, .. }) => lines,
        o => panic!("expected an OpenSSL failure, got {o:?}"),
    }
}

/// Writes all of `data`, waiting as `wait` allows.
fn write_all(s: &mut Session, data: &[u8], wait: Wait) {
    let mut off = 0;
    while off < data.len() {
        match s.write(&data[off..], wait) {
            Outcome::Ready(n) if n > 0 => off += n,
            o => panic!("write at {off}: {o:?}"),
        }
    }
}

fn read_some(s: &mut Session, buf: &mut [u8]) -> usize {
    match s.read(buf, UP) {
        Outcome::Ready(n) => n,
        o => panic!("read: {o:?}"),
    }
}

// ---- versions and ALPN ----------------------------------------------------

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

// ---- building contexts ----------------------------------------------------

#[test]
fn build_with_a_certificate_and_key() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "localhost");
    // Without local_cert there is nothing to load (and no error).
    build(&ServerConfig::default()).unwrap();
}

#[test]
fn build_missing_cert_names_the_path_and_errno() {
    let pki = Pki::new();
    let missing = pki.dir.path("nope.pem");
    let missing_shown = shown(&missing);
    build_error(
        &local_cert(&missing),
        &[&missing_shown, "No such file or directory"],
    );
    // A missing key file (with a good certificate) is named too.
    let cfg = ServerConfig {
        local_pk: Some(missing.clone()),
        ..pki.server()
    };
    build_error(
        &cfg,
        &[
            "private key file",
            &missing_shown,
            "No such file or directory",
        ],
    );
}

#[test]
fn build_garbage_cert_is_an_error() {
    let pki = Pki::new();
    let garbage = pki.dir.write("garbage.pem", b"this is not a certificate\n");
    // A PEM block that does not decode.
    let broken = pki.dir.write(
        "broken.pem",
        b"-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n",
    );
    for bad in [&garbage, &broken] {
        let cfg = ServerConfig {
            local_cert: Some(bad.clone()),
            ..pki.server()
        };
        build_error(&cfg, &[&shown(bad), "Unable to set local cert chain file"]);
    }
    // A garbage key.
    let cfg = ServerConfig {
        local_pk: Some(garbage.clone()),
        ..pki.server()
    };
    build_error(&cfg, &["Unable to set private key file", &shown(&garbage)]);
}

#[test]
fn build_encrypted_key_needs_the_right_passphrase() {
    let pki = Pki::new();
    let enc = pki
        .server_key
        .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), b"s3cret")
        .unwrap();
    assert!(String::from_utf8_lossy(&enc).contains("ENCRYPTED PRIVATE KEY"));
    let enc = pki.dir.write("server.enc.key", &enc);
    let cfg = |pass: Option<&[u8]>| ServerConfig {
        local_pk: Some(enc.clone()),
        passphrase: pass.map(<[u8]>::to_vec),
        ..pki.server()
    };
    let enc_shown = shown(&enc);
    build_error(
        &cfg(Some(b"wrong")),
        &[
            "Unable to set private key file",
            &enc_shown,
            "wrong passphrase?",
        ],
    );
    build_error(&cfg(None), &[&enc_shown]);
    // A longer passphrase is not truncated into the right one.
    build(&cfg(Some(b"s3cret!"))).unwrap_err();
    let ctx = build(&cfg(Some(b"s3cret"))).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "localhost");
}

#[test]
fn build_key_not_matching_cert_names_both_files() {
    let pki = Pki::new();
    // Another key of the same type (EC P-256) as the certificate's, and one
    // of another type.
    let rsa = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    for (name, key) in [("other.key", ec_key()), ("rsa.key", rsa)] {
        let other = pki
            .dir
            .write(name, &key.private_key_to_pem_pkcs8().unwrap());
        let cfg = ServerConfig {
            local_pk: Some(other.clone()),
            ..pki.server()
        };
        build_error(&cfg, &["does not match", &shown(&other), &shown(&pki.cert)]);
    }
}

#[test]
fn build_weak_cert_names_the_file() {
    let pki = Pki::new();
    // A 1024-bit RSA key is below OpenSSL 3's default security level.
    let weak = PKey::from_rsa(Rsa::generate(1024).unwrap()).unwrap();
    let cert = issue("weak", Kind::Server, &["localhost"], &weak, None);
    let file = pki.dir.write("weak.pem", &pem_of(&cert, &weak));
    let e = build_error(
        &local_cert(&file),
        &["Unable to set local cert chain file", &shown(&file)],
    );
    assert!(e.ends_with("': ee key too small"), "{e}");
    // security_level 0 accepts it, as in PHP.
    build(&ServerConfig {
        security_level: Some(0),
        ..local_cert(&file)
    })
    .unwrap();
}

#[test]
fn build_cert_and_key_in_one_file() {
    let pki = Pki::new();
    let both = pki.leaf_file("both.pem", "both", &["localhost"]);
    let cfg = local_cert(&both);
    let ctx = build(&cfg).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "both");
    // The same file named twice works too.
    let cfg = ServerConfig {
        local_pk: Some(both),
        ..cfg
    };
    build(&cfg).unwrap();
}

#[test]
fn build_chain_file_adds_the_rest_as_extra_certs() {
    let pki = Pki::new();
    let (cert, key) = pki.leaf("chained", Kind::Server, &["localhost"]);
    let mut pem = cert.to_pem().unwrap();
    pem.extend(pki.ca_cert.to_pem().unwrap());
    pem.extend(key.private_key_to_pem_pkcs8().unwrap());
    let chain = pki.dir.write("chain.pem", &pem);
    let ctx = build(&local_cert(&chain)).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "chained");
    let extra: Vec<String> = ctx.extra_chain_certs().iter().map(cn_of).collect();
    assert_eq!(extra, ["rsock test CA"]);
    // A file with only a key has no certificate.
    let key_only = pki.dir.path("server.key");
    build_error(
        &local_cert(&key_only),
        &[&shown(&key_only), "no certificate found"],
    );
}

#[test]
fn build_rejects_bad_ciphers_curves_methods_and_dh() {
    let pki = Pki::new();
    build_error(
        &ServerConfig {
            ciphers: Some("NOT-A-CIPHER:ALSO-NOT".into()),
            ..pki.server()
        },
        &["Failed setting cipher list", "NOT-A-CIPHER"],
    );
    build_error(
        &ServerConfig {
            ciphersuites: Some("TLS_NOT_A_SUITE".into()),
            ..pki.server()
        },
        &["Failed setting ciphersuites"],
    );
    let e = build_error(
        &ServerConfig {
            ecdh_curve: Some("not-a-curve".into()),
            ..pki.server()
        },
        &[],
    );
    assert_eq!(e, "Invalid ecdh_curve specified");
    // No version bits: TLS 1.3 alone, as in PHP (not an error).
    build(&ServerConfig {
        method: method::SSLV2,
        ..pki.server()
    })
    .unwrap();
    // C strings, as PHP hands them to OpenSSL: a NUL ends the value, and
    // nothing here may panic (the openssl crate's &str APIs would).
    build(&ServerConfig {
        ciphers: Some("HIGH\0NOT-A-CIPHER".into()),
        ciphersuites: Some("TLS_AES_128_GCM_SHA256\0x".into()),
        ecdh_curve: Some("prime256v1\0x".into()),
        alpn_protocols: Some(b"h2\0x".to_vec()),
        ..pki.server()
    })
    .unwrap();
    let e = build_error(
        &ServerConfig {
            ciphers: Some("\0HIGH".into()),
            ..pki.server()
        },
        &[],
    );
    assert_eq!(e, "Failed setting cipher list `'");
    for cafile in [b"/no/such\0file".to_vec(), b"/no/\xff\xfe".to_vec()] {
        build_error(
            &ServerConfig {
                cafile: Some(cafile),
                ..pki.server()
            },
            &["Unable to set verify locations"],
        );
    }
    // A directory is only searched when a client certificate comes.
    build(&ServerConfig {
        capath: Some(b"/no/\xff\0dir".to_vec()),
        ..pki.server()
    })
    .unwrap();
    let dh = pki.dir.path("dh.pem");
    build_error(
        &ServerConfig {
            dh_param: Some(dh.clone()),
            ..pki.server()
        },
        &[&shown(&dh), "No such file or directory"],
    );
    let garbage = pki.dir.write("dh-garbage.pem", b"no params here");
    build_error(
        &ServerConfig {
            dh_param: Some(garbage.clone()),
            ..pki.server()
        },
        &["Invalid dh_param"],
    );
    // A path ends at a NUL byte, as PHP's C string does: the garbage file
    // is what is read, not a missing "…\0x".
    let mut with_nul = garbage.clone();
    with_nul.extend_from_slice(b"\0x");
    build_error(
        &ServerConfig {
            dh_param: Some(with_nul),
            ..pki.server()
        },
        &["Invalid dh_param"],
    );
    let cafile = pki.dir.path("no-ca.pem");
    build_error(
        &ServerConfig {
            cafile: Some(cafile.clone()),
            ..pki.server()
        },
        &["Unable to set verify locations", &shown(&cafile)],
    );
    // Good values of the same options build.
    build(&ServerConfig {
        ciphers: Some("ECDHE-ECDSA-AES128-GCM-SHA256".into()),
        ciphersuites: Some("TLS_AES_128_GCM_SHA256".into()),
        ecdh_curve: Some("prime256v1".into()),
        ..pki.server()
    })
    .unwrap();
}

// ---- the context cache ----------------------------------------------------

/// The `SSL_CTX *` behind a context (a `...Ref` is the C pointer itself).
fn ptr(ctx: &SslContext) -> *const SslContextRef {
    &**ctx
}

#[test]
fn context_is_cached_until_a_file_changes() {
    let pki = Pki::new();
    let both = pki.leaf_file("cached.pem", "first", &["localhost"]);
    let cfg = local_cert(&both);
    let a = context(&cfg).unwrap();
    let b = context(&cfg.clone()).unwrap();
    assert_eq!(ptr(&a), ptr(&b), "same config, same files: cached");
    // A different configuration is a different context.
    let other = ServerConfig {
        alpn_protocols: Some(b"h2".to_vec()),
        ..cfg.clone()
    };
    let c = context(&other).unwrap();
    assert_ne!(ptr(&a), ptr(&c));
    assert_eq!(ptr(&context(&cfg).unwrap()), ptr(&a));
    // The certificate is replaced (another size and mtime): rebuilt, with
    // the new certificate.
    let before = std::fs::metadata(os_path(&both)).unwrap().len();
    pki.leaf_file("cached.pem", "second, renewed", &["localhost"]);
    assert_ne!(std::fs::metadata(os_path(&both)).unwrap().len(), before);
    let d = context(&cfg).unwrap();
    assert_ne!(ptr(&a), ptr(&d), "a replaced file must rebuild");
    assert_eq!(cn_of(a.certificate().unwrap()), "first");
    assert_eq!(cn_of(d.certificate().unwrap()), "second, renewed");
    assert_eq!(ptr(&context(&cfg).unwrap()), ptr(&d));
    // Only the last CACHE_SIZE configurations are kept: d (kept alive here,
    // so that its address cannot be reused) is built again after eight
    // others.
    for i in 0..CACHE_SIZE {
        let other = ServerConfig {
            alpn_protocols: Some(format!("p{i}").into_bytes()),
            ..cfg.clone()
        };
        context(&other).unwrap();
    }
    assert_ne!(ptr(&context(&cfg).unwrap()), ptr(&d), "evicted");
    // A file that went bad is an error, not the stale context.
    pki.dir.write("cached.pem", b"gone bad");
    assert!(context(&cfg).is_err());
}

// ---- handshakes -----------------------------------------------------------

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

// ---- data -----------------------------------------------------------------

#[test]
fn read_write_round_trip_peek_and_pending() {
    let record: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let sent = record.clone();
    let (mut s, _tcp, h) = start_connected(move |mut c| {
        // One write: one record of 1000 bytes.
        c.write_all(&sent).unwrap();
        let mut reply = [0u8; 5];
        c.read_exact(&mut reply).unwrap();
        (c, reply)
    });
    handshake_ok(&mut s);
    assert_eq!(s.pending(), 0);
    // An empty buffer reads nothing, at once.
    assert!(matches!(s.read(&mut [], UP), Outcome::Ready(0)));
    let mut small = [0u8; 10];
    assert_eq!(read_some(&mut s, &mut small), 10);
    assert_eq!(&small[..], &record[..10]);
    assert_eq!(s.pending(), 990, "the rest of the record is buffered");
    let mut peeked = [0u8; 5];
    assert!(matches!(s.peek(&mut peeked), Outcome::Ready(5)));
    assert_eq!(&peeked[..], &record[10..15]);
    assert_eq!(s.pending(), 990, "peek does not consume");
    let mut rest = [0u8; 2000];
    assert_eq!(read_some(&mut s, &mut rest), 990);
    assert_eq!(&rest[..990], &record[10..]);
    assert_eq!(s.pending(), 0);
    // Nothing more: non-blocking reads and peeks would block, a blocking
    // read times out.
    assert!(matches!(
        s.read(&mut rest, Wait::Never),
        Outcome::WouldBlock
    ));
    assert!(matches!(s.peek(&mut rest), Outcome::WouldBlock));
    let t = Instant::now();
    assert!(matches!(
        s.read(&mut rest, Wait::AtMost(Some(Duration::from_millis(50)))),
        Outcome::TimedOut
    ));
    assert!(t.elapsed() >= Duration::from_millis(50));
    assert!(matches!(s.write(b"", UP), Outcome::Ready(0)));
    write_all(&mut s, b"hello", UP);
    let (_c, reply) = h.join().unwrap();
    assert_eq!(&reply, b"hello");
}

#[test]
fn large_write_waits_for_the_client_to_read() {
    let data: Vec<u8> = (0..1usize << 20).map(|i| (i * 7 % 253) as u8).collect();
    let len = data.len();
    let (go, wait_go) = mpsc::channel::<()>();
    let (mut s, tcp, h) = start_connected(move |mut c| {
        wait_go.recv().unwrap();
        let mut got = vec![0u8; len];
        c.read_exact(&mut got).unwrap();
        (c, got)
    });
    socket2::SockRef::from(&tcp)
        .set_send_buffer_size(4096)
        .unwrap();
    handshake_ok(&mut s);
    // The client does not read yet: once the socket buffers are full a
    // non-blocking write would block, and then a blocking write with a
    // short wait times out. (Acks may still free a little room right after
    // a write would block: take it.)
    let short = Wait::AtMost(Some(Duration::from_millis(50)));
    let mut off = 0;
    let mut blocked = false;
    loop {
        match s.write(&data[off..], if blocked { short } else { Wait::Never }) {
            Outcome::Ready(n) => off += n,
            Outcome::WouldBlock if !blocked => blocked = true,
            Outcome::TimedOut if blocked => break,
            o => panic!("{o:?} at {off}"),
        }
        assert!(off < len, "the client took 1 MiB without reading");
    }
    // Once the client reads, a blocking write finishes the rest (retrying
    // with the same bytes as the write that would block).
    go.send(()).unwrap();
    write_all(&mut s, &data[off..], UP);
    let (_c, got) = h.join().unwrap();
    assert!(got == data, "the client read other bytes than were written");
}

#[test]
fn read_after_close_notify_is_closed() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        c.write_all(b"bye").unwrap();
        c.shutdown().unwrap();
        c
    });
    handshake_ok(&mut s);
    let mut buf = [0u8; 16];
    assert_eq!(read_some(&mut s, &mut buf), 3);
    assert_eq!(&buf[..3], b"bye");
    assert!(matches!(s.read(&mut buf, UP), Outcome::Closed));
    let _c = h.join().unwrap();
}

#[test]
fn server_shutdown_sends_close_notify() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        let mut got = Vec::new();
        // read_to_end ends at close_notify (and fails on a bare EOF).
        c.read_to_end(&mut got).unwrap();
        let closed = c.get_shutdown();
        (c, got, closed)
    });
    handshake_ok(&mut s);
    write_all(&mut s, b"last words", UP);
    s.shutdown();
    let (_c, got, closed) = h.join().unwrap();
    assert_eq!(got, b"last words");
    assert!(closed.contains(openssl::ssl::ShutdownState::RECEIVED));
}

#[test]
fn read_after_an_abrupt_disconnect_fails() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        // Read what the server sent (its session tickets first), so that
        // closing the socket is a FIN, not a reset.
        let mut hello = [0u8; 5];
        c.read_exact(&mut hello).unwrap();
        c.write_all(b"partial").unwrap();
        // Gone without close_notify.
        drop(c);
    });
    handshake_ok(&mut s);
    write_all(&mut s, b"hello", UP);
    let mut buf = [0u8; 16];
    assert_eq!(read_some(&mut s, &mut buf), 7);
    assert_eq!(&buf[..7], b"partial");
    h.join().unwrap();
    let t = Instant::now();
    // An end of stream without close_notify: not Closed, and (with
    // IGNORE_UNEXPECTED_EOF, as PHP) not OpenSSL's "unexpected eof" error.
    match s.read(&mut buf, UP) {
        Outcome::Failed(Failure::Eof) => {}
        o => panic!("expected Failed(Eof), got {o:?}"),
    }
    assert!(t.elapsed() < Duration::from_secs(1), "it must not wait");
}

// ---- SNI ------------------------------------------------------------------

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

// ---- client certificates --------------------------------------------------

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

fn verifying(pki: &Pki) -> ServerConfig {
    ServerConfig {
        verify_peer: Some(true),
        cafile: Some(pki.ca.clone()),
        ..pki.server()
    }
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

#[test]
fn config_error_sentences_keep_file_and_reason_apart() {
    let e = ConfigError::Refused {
        file: TlsFile::PrivateKey,
        path: b"/k.pem".to_vec(),
        reason: "bad decrypt".into(),
    };
    assert_eq!(
        e.to_string(),
        "Unable to set private key file `/k.pem': bad decrypt"
    );
    let e = ConfigError::Unreadable {
        file: TlsFile::DhParam,
        path: b"/dh".to_vec(),
        reason: "No such file or directory".into(),
    };
    assert_eq!(
        e.to_string(),
        "Unable to read DH parameters file `/dh': No such file or directory"
    );
    let e = ConfigError::BadValue {
        setting: TlsSetting::Ciphersuites,
        value: "NOPE".into(),
    };
    assert_eq!(e.to_string(), "Failed setting ciphersuites `NOPE'");
    // The core error keeps the TLS error as its source.
    let core = crate::net::Error::from(e.clone());
    assert_eq!(core.to_string(), e.to_string());
    let source = std::error::Error::source(&core).expect("a source");
    assert_eq!(source.to_string(), e.to_string());
}
