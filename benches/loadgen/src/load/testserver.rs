//! Servers on loopback for the modes' tests, each on its own threads: an
//! echo server, the one-byte server connect and burst expect, a sink that
//! acknowledges what it read, a TLS echo server, one that accepts and never
//! answers, and a closed port.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    thread,
};

use openssl::{
    asn1::Asn1Time,
    ec::{EcGroup, EcKey},
    hash::MessageDigest,
    nid::Nid,
    pkey::PKey,
    ssl::{SslAcceptor, SslMethod, SslVersion},
    x509::{X509, X509NameBuilder},
};

/// Accepts forever, each connection served by `serve` on a thread of its own.
fn serve_each(serve: impl Fn(TcpStream) + Send + Sync + Copy + 'static) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            thread::spawn(move || serve(conn));
        }
    });
    addr
}

/// Writes back whatever it reads until the client closes.
pub(crate) fn echo() -> SocketAddr {
    serve_each(|mut c| {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = c.read(&mut buf) {
            if c.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

/// Reads one byte, writes one byte, closes (accept_close.php's part).
pub(crate) fn one_byte() -> SocketAddr {
    serve_each(|mut c| {
        let mut b = [0u8; 1];
        if c.read_exact(&mut b).is_ok() {
            let _ = c.write_all(b"y");
        }
    })
}

/// Reads one line; answers `bye\n` and closes if it is `quit` (workers.php's part).
pub(crate) fn line_quit() -> SocketAddr {
    serve_each(|mut c| {
        let mut line = Vec::new();
        let mut b = [0u8; 1];
        while c.read_exact(&mut b).is_ok() && b[0] != b'\n' {
            line.push(b[0]);
        }
        if line == b"quit" {
            let _ = c.write_all(b"bye\n");
        }
    })
}

/// Reads to EOF, then answers `ack(bytes read)` (bulk_sink.php's part).
pub(crate) fn sink(ack: fn(u64) -> String) -> SocketAddr {
    serve_each(move |mut c| {
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        while let Ok(n @ 1..) = c.read(&mut buf) {
            total += n as u64;
        }
        let _ = c.write_all(ack(total).as_bytes());
    })
}

/// Accepts and holds every connection without reading or writing.
pub(crate) fn silent() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let held: Vec<TcpStream> = listener.incoming().map_while(Result::ok).collect();
        drop(held);
    });
    addr
}

/// An address nothing listens on.
pub(crate) fn closed() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A TLS 1.3 echo server with a fresh self-signed ECDSA P-256 certificate.
pub(crate) fn tls_echo() -> SocketAddr {
    let key = PKey::from_ec_key(
        EcKey::generate(&EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap()).unwrap(),
    )
    .unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "localhost").unwrap();
    let name = name.build();
    let mut cert = X509::builder().unwrap();
    cert.set_version(2).unwrap();
    cert.set_subject_name(&name).unwrap();
    cert.set_issuer_name(&name).unwrap();
    cert.set_pubkey(&key).unwrap();
    cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    cert.sign(&key, MessageDigest::sha256()).unwrap();
    let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server()).unwrap();
    acceptor.set_private_key(&key).unwrap();
    acceptor.set_certificate(&cert.build()).unwrap();
    acceptor
        .set_min_proto_version(Some(SslVersion::TLS1_2))
        .unwrap();
    let acceptor = acceptor.build();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let acceptor = acceptor.clone();
            thread::spawn(move || {
                let Ok(mut s) = acceptor.accept(conn) else {
                    return;
                };
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = s.read(&mut buf) {
                    if s.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = s.shutdown();
            });
        }
    });
    addr
}
