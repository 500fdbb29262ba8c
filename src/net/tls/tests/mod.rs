//! Tests of the TLS core: protocol ranges, ALPN, building contexts (and
//! their errors), the context cache, and real handshakes and data with an
//! OpenSSL client over loopback, one file per topic. The connection helpers
//! are here, the certificate factory is `pki`. Every key and certificate is
//! generated into a temporary directory that is removed at the end of each
//! test.

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

mod client_cert;
mod config;
mod data;
mod handshake;
mod names;
mod pki;
mod sni;
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

/// The server settings of `pki`, asking for and verifying client
/// certificates against its CA.
fn verifying(pki: &Pki) -> ServerConfig {
    ServerConfig {
        verify_peer: Some(true),
        cafile: Some(pki.ca.clone()),
        ..pki.server()
    }
}
