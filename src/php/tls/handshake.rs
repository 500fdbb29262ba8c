//! The crypto API behind `stream_socket_enable_crypto()` (setup, then
//! enable) and the handshake of a client an `ssl://`/`tls://` server
//! accepts. Reading the options and publishing the peer's certificates may
//! run PHP code: no borrow of the stream's state lives across that, and the
//! stream is pinned meanwhile.

use std::ffi::c_int;

use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};

use super::{Tls, io::report, reneg};
use crate::net::{
    Outcome,
    tls::{self, Failure, Session, method},
};
use crate::php::{
    context, ffi,
    report::warning,
    ssl_options::{self, ReadError},
    stream::{Pinned, state},
};

/// Answers `PHP_STREAM_OPTION_CRYPTO_API` (setup, then enable). It takes
/// its own short borrows of the stream's state: reading the options and
/// publishing peer certificates may run PHP code, and no borrow of rsock
/// state lives across that.
///
/// # Safety
/// `stream` must be a live rsock stream.
pub unsafe fn crypto_api(
    stream: *mut ffi::php_stream,
    cp: &mut ffi::php_stream_xport_crypto_param,
) -> c_int {
    cp.outputs.returncode = if cp.op == ffi::STREAM_XPORT_CRYPTO_OP_SETUP {
        // SAFETY: forwarded contract.
        unsafe { setup(stream, cp.inputs.method) }
    } else {
        // SAFETY: forwarded contract.
        unsafe { enable(stream, cp.inputs.activate != 0) }
    };
    ffi::PHP_STREAM_OPTION_RETURN_OK as c_int
}

/// Prepares a TLS server connection on the stream: 0, or -1 with a warning.
unsafe fn setup(stream: *mut ffi::php_stream, crypto_method: u32) -> c_int {
    // SAFETY: a live rsock stream (contract of `crypto_api`); the borrow
    // ends before any warning (a user error handler may run).
    let (set_up, blocking) = match unsafe { state(stream) } {
        None => return -1,
        Some(st) => (st.tls.is_some(), st.net.is_blocked != 0),
    };
    if set_up {
        // A non-blocking caller repeats enable_crypto until it is done.
        if blocking {
            warning(b"SSL/TLS already set-up for this stream");
            return -1;
        }
        return 0;
    }
    if crypto_method & method::CLIENT != 0 {
        warning(
            b"rsock serves the server side of TLS only: use a STREAM_CRYPTO_METHOD_*_SERVER method",
        );
        return -1;
    }
    // SAFETY: `stream` is live.
    let ctx = unsafe { context::of_stream(stream) };
    let (read, alive) = {
        // SAFETY: `stream` is live; nothing of its state is borrowed.
        let pin = unsafe { Pinned::new(stream) };
        let read = ssl_options::config(ctx, crypto_method).map(|mut cfg| {
            let reneg = reneg::from_context(ctx);
            cfg.reneg_limit = reneg.as_ref().map_or(-1, tls::RenegLimit::limit);
            (cfg, reneg)
        });
        (read, pin.alive())
    };
    if !alive {
        return -1;
    }
    let (cfg, reneg) = match read {
        Ok(r) => r,
        Err(ReadError::Invalid(e)) => {
            warning(e.to_string().as_bytes());
            return -1;
        }
        Err(ReadError::Thrown) => return -1,
    };
    let made = {
        // SAFETY: still alive (checked above); the borrow ends in this block.
        let Some(st) = (unsafe { state(stream) }) else {
            return -1;
        };
        tls::context(&cfg)
            .and_then(|c| Session::new(&c, st.fd()))
            .map(|session| {
                st.tls = Some(Box::new(Tls {
                    session,
                    active: false,
                    reneg,
                    failed: false,
                }));
            })
    };
    match made {
        Ok(()) => 0,
        Err(e) => {
            warning(e.to_string().as_bytes());
            -1
        }
    }
}

/// What a finished handshake leaves for the PHP side to do once the
/// stream's state is no longer borrowed.
struct Handshaken {
    leaf: Option<Vec<u8>>,
    chain: Vec<Vec<u8>>,
    verified: Result<(), (i32, String)>,
}

/// Turns TLS on (handshake: 1 done, 0 would block, -1 failed) or off
/// (`close_notify`; the stream carries plaintext again).
unsafe fn enable(stream: *mut ffi::php_stream, activate: bool) -> c_int {
    let outcome = {
        // SAFETY: a live rsock stream (contract of `crypto_api`).
        let Some(st) = (unsafe { state(stream) }) else {
            return -1;
        };
        let wait = st.tls_wait();
        let timeout = st.tls_timeout();
        let started = std::time::Instant::now();
        let Some(tls) = st.tls.as_deref_mut() else {
            return -1;
        };
        if !activate {
            if tls.active {
                tls.session.shutdown();
                tls.active = false;
            }
            return -1;
        }
        if tls.active {
            return -1;
        }
        // As PHP, an attempt after a failed one asks OpenSSL again, and
        // what that gives depends on OpenSSL's version (see `Tls::failed`).
        match tls.session.handshake(wait) {
            Outcome::Ready(()) => Outcome::Ready(Handshaken {
                leaf: tls.session.peer_cert_pem(),
                chain: tls.session.peer_chain_pem(),
                verified: tls.session.peer_verified(),
            }),
            // As ext/openssl, whose check runs in either mode: a
            // non-blocking attempt that outlasts the stream's timeout (one
            // of (0, -1), say) has timed out.
            Outcome::WouldBlock if timeout.is_some_and(|t| started.elapsed() > t) => {
                Outcome::TimedOut
            }
            Outcome::WouldBlock => Outcome::WouldBlock,
            Outcome::TimedOut => Outcome::TimedOut,
            Outcome::Closed => Outcome::Closed,
            // A dead connection's answer: PHP reports errno 0's text.
            Outcome::Failed(Failure::Eof) if tls.failed => {
                Outcome::Failed(Failure::Io(std::io::Error::from_raw_os_error(0)))
            }
            Outcome::Failed(f) => {
                // The peer closing is not an error of the connection (PHP
                // sees a clean TLS end there); anything else is.
                tls.failed = !matches!(f, Failure::Eof);
                Outcome::Failed(f)
            }
        }
    };
    match outcome {
        Outcome::Ready(done) => {
            // SAFETY: `stream` is live.
            let ctx = unsafe { context::of_stream(stream) };
            let (policy, alive) = {
                // SAFETY: `stream` is live; nothing of its state is borrowed.
                let pin = unsafe { Pinned::new(stream) };
                capture_peer_certs(ctx, &done);
                (verify_policy(ctx, &done), pin.alive())
            };
            if !alive {
                return -1;
            }
            {
                // SAFETY: still alive (checked above); the borrow ends here.
                let Some(tls) = (unsafe { state(stream) }).and_then(|st| st.tls.as_deref_mut())
                else {
                    return -1;
                };
                if policy.is_ok() {
                    tls.active = true;
                    return 1;
                }
                tls.session.shutdown();
            }
            if let Err(why) = policy {
                warning(why.as_bytes());
            }
            -1
        }
        Outcome::WouldBlock => 0,
        Outcome::TimedOut => {
            // PHP's handshake switches a blocking socket to non-blocking;
            // before 8.4.27 a timeout returned without switching back, and
            // the stream stayed non-blocking.
            if !crate::php::PHP.handshake_timeout_restores_blocking() {
                // SAFETY: a live rsock stream; the borrow ends here.
                if let Some(st) = unsafe { state(stream) } {
                    crate::php::ops::leave_blocking(st);
                }
            }
            warning(b"SSL: Handshake timed out");
            -1
        }
        // As PHP's handshake, which sees a clean end there: no warning and
        // no end of stream (reads report it when they get there).
        Outcome::Closed | Outcome::Failed(Failure::Eof) => -1,
        Outcome::Failed(f) => {
            report(stream, f);
            -1
        }
    }
}

/// The handshake of a client an `ssl://`/`tls://` server just accepted,
/// bounded by its timeout: whether it succeeded (false after PHP's
/// warnings), and whether the client stream still exists (PHP code that
/// ran meanwhile may have closed it).
///
/// # Safety
/// `client` must be a live rsock stream, no borrow of its state held.
pub unsafe fn accept_handshake(client: *mut ffi::php_stream, m: u32) -> (bool, bool) {
    // SAFETY: forwarded contract.
    let pin = unsafe { Pinned::new(client) };
    // SAFETY: forwarded contract; `setup` and `enable` check the stream
    // still exists after any PHP code they run.
    let ok = unsafe { setup(client, m) == 0 && enable(client, true) == 1 };
    if !ok {
        warning(b"Failed to enable crypto");
    }
    let alive = pin.alive();
    drop(pin);
    (ok, alive)
}

/// As PHP: a server that sets `verify_peer` requires a client certificate
/// that verified (`allow_self_signed` admits a self-signed one).
fn verify_policy(ctx: *mut ffi::php_stream_context, done: &Handshaken) -> Result<(), String> {
    if context::ssl_bool(ctx, c"verify_peer") != Some(true) {
        return Ok(());
    }
    if done.leaf.is_none() {
        return Err("Could not get peer certificate".into());
    }
    match &done.verified {
        Ok(()) => Ok(()),
        Err((18, _)) if context::ssl_bool(ctx, c"allow_self_signed") == Some(true) => Ok(()),
        Err((code, text)) => Err(format!("Could not verify peer: code:{code} {text}")),
    }
}

/// `capture_peer_cert` / `capture_peer_cert_chain`: the client's
/// certificates as `OpenSSLCertificate` objects in the context.
fn capture_peer_certs(ctx: *mut ffi::php_stream_context, done: &Handshaken) {
    if ctx.is_null() {
        return;
    }
    let Some(leaf) = &done.leaf else {
        return;
    };
    if context::ssl_bool(ctx, c"capture_peer_cert") == Some(true)
        && let Some(mut cert) = x509_read(leaf.clone())
    {
        context::set_ssl_option(ctx, c"peer_certificate", &mut cert);
    }
    if context::ssl_bool(ctx, c"capture_peer_cert_chain") == Some(true) {
        let chain = done.chain.clone();
        let mut zv = Zval::new();
        if !chain.is_empty() {
            let mut arr = ZendHashTable::new();
            for pem in chain {
                if let Some(cert) = x509_read(pem) {
                    let _ = arr.push(cert);
                }
            }
            zv.set_hashtable(arr);
        }
        context::set_ssl_option(ctx, c"peer_certificate_chain", &mut zv);
    }
}

/// `openssl_x509_read($pem)`: ext/openssl's certificate object.
fn x509_read(pem: Vec<u8>) -> Option<Zval> {
    let read = ZendCallable::try_from_name("openssl_x509_read").ok()?;
    let pem = String::from_utf8(pem).ok()?;
    read.try_call(vec![&pem]).ok().filter(|zv| zv.is_object())
}
