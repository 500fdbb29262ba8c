//! TLS on rsock streams, after ext/openssl's `xp_ssl.c`: the crypto API
//! behind `stream_socket_enable_crypto()`, the handshake of clients
//! accepted by `ssl://`/`tls://` servers, and the TLS side of read, write,
//! close, liveness, `stream_select` and meta data. The TLS work itself is
//! the core's ([`crate::net::tls`]); this file speaks PHP.

use std::ffi::c_int;

use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};

use super::{
    context, ffi,
    report::warning,
    ssl_options::{self, ReadError},
    stream::{Pinned, SockStream, state},
};
use crate::net::tls::{self, Failure, Outcome, Session, method};

/// The TLS state of a stream that `stream_socket_enable_crypto` (or an
/// `ssl://` server's accept) has set up.
#[derive(Debug)]
pub struct Tls {
    /// The connection.
    pub session: Session,
    /// Plaintext flows through TLS (the handshake is done and crypto was
    /// not disabled since).
    pub active: bool,
    /// The limit on client-initiated renegotiations, unless `reneg_limit`
    /// is negative.
    pub reneg: Option<Reneg>,
}

/// `reneg_limit` handshakes per `reneg_window` seconds, counted as PHP
/// does (a token bucket with integer arithmetic, the first handshake free).
#[derive(Debug)]
pub struct Reneg {
    limit: i64,
    window: i64,
    tokens: i64,
    prev: Option<i64>,
    seen: u32,
}

impl Reneg {
    /// From the context's `reneg_limit` (default 2; negative: no limit)
    /// and `reneg_window` (default 300 s).
    fn from_context(ctx: *mut ffi::php_stream_context) -> Option<Self> {
        let limit = context::ssl_long(ctx, c"reneg_limit").unwrap_or(2);
        (limit >= 0).then(|| Reneg {
            limit,
            window: context::ssl_long(ctx, c"reneg_window").unwrap_or(300),
            tokens: 0,
            prev: None,
            seen: 0,
        })
    }

    /// Accounts for the handshakes started up to `starts`; true when the
    /// limit is exceeded.
    fn exceeded(&mut self, starts: u32, now: i64) -> bool {
        let mut over = false;
        while self.seen < starts {
            self.seen += 1;
            let Some(prev) = self.prev.replace(now) else {
                continue;
            };
            let rate = if self.window > 0 {
                self.limit / self.window
            } else {
                0
            };
            // Saturating: the limit, window and clock come from the user.
            let drained = now.saturating_sub(prev).saturating_mul(rate);
            self.tokens = self.tokens.saturating_sub(drained).max(0).saturating_add(1);
            over |= self.tokens > self.limit;
        }
        over
    }
}

/// The server crypto method of a TLS transport's scheme (`None` for the
/// plain ones).
pub fn scheme_method(scheme: &[u8]) -> Option<u32> {
    Some(match scheme {
        b"ssl" => method::ANY,
        b"tls" => method::TLS_ANY,
        b"tlsv1.0" => method::TLS1_0,
        b"tlsv1.1" => method::TLS1_1,
        b"tlsv1.2" => method::TLS1_2,
        b"tlsv1.3" => method::TLS1_3,
        _ => return None,
    })
}

/// The method an `ssl://`/`tls://` server's clients get: the context's
/// `crypto_method` when set, as in PHP (`tlsv1.x://` are fixed).
pub fn transport_method(ctx: *mut ffi::php_stream_context, scheme: &[u8], default: u32) -> u32 {
    match scheme {
        b"ssl" | b"tls" => {
            context::ssl_long(ctx, c"crypto_method").map_or(default, |m| m as u32 & !method::CLIENT)
        }
        _ => default,
    }
}

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
        let read =
            ssl_options::config(ctx, crypto_method).map(|cfg| (cfg, Reneg::from_context(ctx)));
        (read, pin.alive())
    };
    if !alive {
        return -1;
    }
    let (cfg, reneg) = match read {
        Ok(r) => r,
        Err(ReadError::Invalid(e)) => {
            warning(e.0.as_bytes());
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
                }));
            })
    };
    match made {
        Ok(()) => 0,
        Err(e) => {
            warning(e.0.as_bytes());
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
        let wait = st.wait();
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
        match tls.session.handshake(wait) {
            Outcome::Ready(()) => Outcome::Ready(Handshaken {
                leaf: tls.session.peer_cert_pem(),
                chain: tls.session.peer_chain_pem(),
                verified: tls.session.peer_verified(),
            }),
            Outcome::WouldBlock => Outcome::WouldBlock,
            Outcome::TimedOut => Outcome::TimedOut,
            Outcome::Closed => Outcome::Closed,
            Outcome::Failed(f) => Outcome::Failed(f),
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
            // As PHP, whose handshake switches a blocking socket to
            // non-blocking and returns on a timeout without switching back:
            // the stream is left non-blocking.
            // SAFETY: a live rsock stream; the borrow ends here.
            if let Some(st) = unsafe { state(stream) } {
                super::ops::leave_blocking(st);
            }
            warning(b"SSL: Handshake timed out");
            -1
        }
        Outcome::Closed => -1,
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

/// PHP's warnings for a failed TLS operation (ext/openssl's wording).
/// The stream stays pinned meanwhile: a user error handler may run.
/// Whether the stream still exists afterwards.
fn report(stream: *mut ffi::php_stream, f: Failure) -> bool {
    // SAFETY: `stream` is live; the pin touches only PHP's part of it.
    let pin = unsafe { Pinned::new(stream) };
    match f {
        Failure::Eof => {
            // SAFETY: `stream` is live.
            unsafe { (*stream).set_eof(1) };
        }
        Failure::Io(e) => {
            let text = crate::net::sys::strerror(e.raw_os_error().unwrap_or(0));
            warning(format!("SSL: {text}").as_bytes());
        }
        Failure::Ssl {
            no_shared_cipher: true,
            ..
        } => warning(
            b"SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server is missing an SSL certificate (local_cert context option)",
        ),
        Failure::Ssl { code, lines, .. } => {
            let mut msg = format!("SSL operation failed with code {code}. ");
            if !lines.is_empty() {
                msg.push_str("OpenSSL Error messages:\n");
                msg.push_str(&lines.join("\n"));
            }
            warning(msg.as_bytes());
        }
    }
    pin.alive()
}

/// Whether plaintext flows through TLS on this stream.
pub fn active(st: &SockStream) -> bool {
    st.tls.as_ref().is_some_and(|t| t.active)
}

/// What a TLS read or write did. Anything that may run PHP code (a
/// warning, the renegotiation callback) is left to [`complete`], which runs
/// once the op no longer borrows the stream's state.
pub enum Io {
    /// The op's result for PHP.
    Done(isize),
    /// A failure to report; then `eof` is set if asked and the op returns
    /// `ret`.
    Failed {
        /// What failed.
        failure: Failure,
        /// Set the stream's `eof` after reporting.
        eof: bool,
        /// The op's result.
        ret: isize,
    },
    /// The peer went over the renegotiation limit during the op: as in
    /// PHP, the limit is dealt with first (the peer's reaction to a refused
    /// renegotiation is not reported), then a kept connection's outcome is
    /// finished with the function given.
    RenegExceeded(Outcome<usize>, Finish),
}

/// Turns a read's or a write's outcome into what the op does.
pub type Finish = fn(*mut ffi::php_stream, &mut SockStream, Outcome<usize>) -> Io;

/// Read op with TLS active: as the plain one (bytes, 0 when a non-blocking
/// stream has nothing, -1 on timeout), `eof` after `close_notify`, a reset
/// or a TLS error.
///
/// # Safety
/// `stream` must be live and `st` its state, with TLS active.
pub unsafe fn read(stream: *mut ffi::php_stream, st: &mut SockStream, buf: &mut [u8]) -> Io {
    let wait = st.wait();
    let Some(tls) = st.tls.as_deref_mut() else {
        return Io::Done(-1);
    };
    let outcome = tls.session.read(buf, wait);
    if tls.reneg_exceeded() {
        return Io::RenegExceeded(outcome, read_result);
    }
    read_result(stream, st, outcome)
}

fn read_result(stream: *mut ffi::php_stream, st: &mut SockStream, outcome: Outcome<usize>) -> Io {
    // Unlike a plain read, a TLS read leaves `timed_out` as an earlier
    // timeout set it (as ext/openssl does).
    Io::Done(match outcome {
        Outcome::Ready(n) => n as isize,
        Outcome::WouldBlock => 0,
        Outcome::TimedOut => {
            st.net.timeout_event = 1;
            -1
        }
        Outcome::Closed => {
            // SAFETY: `stream` is live (callers' contract).
            unsafe { (*stream).set_eof(1) };
            0
        }
        Outcome::Failed(failure) => {
            return Io::Failed {
                failure,
                eof: true,
                ret: 0,
            };
        }
    })
}

/// Write op with TLS active: bytes written, 0 when a non-blocking stream
/// would block or on failure (after PHP's warning).
///
/// # Safety
/// `stream` must be live and `st` its state, with TLS active.
pub unsafe fn write(stream: *mut ffi::php_stream, st: &mut SockStream, data: &[u8]) -> Io {
    let wait = st.wait();
    let Some(tls) = st.tls.as_deref_mut() else {
        return Io::Done(-1);
    };
    let outcome = tls.session.write(data, wait);
    if tls.reneg_exceeded() {
        return Io::RenegExceeded(outcome, write_result);
    }
    write_result(stream, st, outcome)
}

fn write_result(_stream: *mut ffi::php_stream, st: &mut SockStream, outcome: Outcome<usize>) -> Io {
    Io::Done(match outcome {
        Outcome::Ready(n) => n as isize,
        Outcome::WouldBlock | Outcome::Closed => 0,
        Outcome::TimedOut => {
            st.net.timeout_event = 1;
            -1
        }
        Outcome::Failed(failure) => {
            return Io::Failed {
                failure,
                eof: false,
                ret: 0,
            };
        }
    })
}

/// Finishes a TLS read or write once its borrow of the state has ended:
/// reports a failure, or deals with a renegotiation over the limit (the
/// context's `reneg_limit_callback` is called with the stream, true keeps
/// the connection, else PHP's warning; a connection not kept is shut down:
/// `eof`, 0 bytes).
///
/// # Safety
/// `stream` must be a live rsock stream whose state nobody borrows.
pub unsafe fn complete(stream: *mut ffi::php_stream, io: Io) -> isize {
    match io {
        Io::Done(n) => n,
        Io::Failed { failure, eof, ret } => {
            if report(stream, failure) && eof {
                // SAFETY: the stream still exists.
                unsafe { (*stream).set_eof(1) };
            }
            ret
        }
        Io::RenegExceeded(outcome, finish) => {
            let (keep, alive) = {
                // SAFETY: live; the callback may run any PHP code.
                let pin = unsafe { Pinned::new(stream) };
                // SAFETY: as above.
                let keep = unsafe { notify_reneg(stream) };
                (keep, pin.alive())
            };
            if !alive {
                return -1;
            }
            let next = {
                // SAFETY: still alive (checked above); the borrow ends here.
                let Some(st) = (unsafe { state(stream) }) else {
                    return -1;
                };
                if keep {
                    finish(stream, st, outcome)
                } else {
                    let _ = crate::net::sys::shutdown(st.fd(), libc::SHUT_RDWR);
                    // SAFETY: `stream` is live.
                    unsafe { (*stream).set_eof(1) };
                    Io::Done(0)
                }
            };
            // `finish` gives Done or Failed: no second renegotiation step.
            // SAFETY: as above; nothing is borrowed any more.
            unsafe { complete(stream, next) }
        }
    }
}

impl Tls {
    /// Whether handshakes the peer started since the last look went over
    /// the renegotiation limit.
    fn reneg_exceeded(&mut self) -> bool {
        let starts = self.session.handshake_starts();
        // Nearly always: no handshake since the last look, and no clock read.
        let Some(reneg) = self.reneg.as_mut().filter(|r| r.seen < starts) else {
            return false;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        reneg.exceeded(starts, now)
    }
}

/// Calls `reneg_limit_callback($stream)` if the context has one (true if it
/// returned `true`), else warns.
///
/// # Safety
/// `stream` must be live and pinned.
unsafe fn notify_reneg(stream: *mut ffi::php_stream) -> bool {
    // SAFETY: `stream` is live.
    let ctx = unsafe { context::of_stream(stream) };
    let Some(callback) = context::ssl_option(ctx, c"reneg_limit_callback") else {
        warning(b"SSL: client-initiated handshake rate limit exceeded by peer");
        return false;
    };
    // A copy of the callable: the callback may replace the context option.
    // SAFETY: an all-zero zval is IS_UNDEF, a valid empty zval.
    let mut callable: ffi::zval = unsafe { std::mem::zeroed() };
    // SAFETY: copies the option's value with its own reference; the
    // argument is the stream's resource, which the pin holds a reference
    // to (PHP's php_stream_to_zval, no new reference).
    unsafe {
        std::ptr::copy_nonoverlapping(
            (callback as *const Zval).cast::<ffi::zval>(),
            &mut callable,
            1,
        );
        ffi::zval_add_ref(&mut callable);
        let mut arg: ffi::zval = std::mem::zeroed();
        arg.value.res = (*stream).res;
        arg.u1.type_info = ffi::IS_RESOURCE_EX;
        let mut ret: ffi::zval = std::mem::zeroed();
        let called = ffi::_call_user_function_impl(
            std::ptr::null_mut(),
            &mut callable,
            &mut ret,
            1,
            &mut arg,
            std::ptr::null_mut(),
        );
        ffi::zval_ptr_dtor(&mut callable);
        if called != ffi::SUCCESS {
            warning(b"SSL: failed invoking reneg limit notification callback");
        }
        let keep = super::zval::type_of(&ret) == ffi::IS_TRUE;
        ffi::zval_ptr_dtor(&mut ret);
        keep
    }
}

/// Sends `close_notify` before the descriptor closes (`fclose`).
pub fn close(st: &mut SockStream) {
    if let Some(tls) = st.tls.as_deref_mut()
        && tls.active
    {
        tls.session.shutdown();
        tls.active = false;
    }
}

/// `stream_select` sees PHP's read buffer, not OpenSSL's: move decrypted
/// bytes waiting in OpenSSL into it, as ext/openssl does in its cast.
///
/// # Safety
/// `stream` must be a live rsock stream whose state nobody borrows (PHP
/// fills the buffer through our read op).
pub unsafe fn fill_for_select(stream: *mut ffi::php_stream) {
    // SAFETY: a live rsock stream; the borrow ends here.
    let pending = unsafe { state(stream) }
        .and_then(|st| st.tls.as_deref())
        .filter(|t| t.active)
        .map_or(0, |t| t.session.pending());
    // SAFETY: `stream` is live; PHP reads through our read op, which takes
    // the pending bytes without waiting.
    unsafe {
        if pending > 0 && (*stream).writepos == (*stream).readpos {
            let chunk = pending.min((*stream).chunk_size);
            ffi::_php_stream_fill_read_buffer(stream, chunk);
        }
    }
}

/// `feof()` with TLS active: readable and the peer's data is a
/// `close_notify` or an error means dead.
pub fn is_alive(st: &mut SockStream, wait: std::time::Duration) -> bool {
    let fd = st.fd();
    let Some(tls) = st.tls.as_deref_mut() else {
        return true;
    };
    match crate::net::sys::poll(fd, crate::net::sys::Interest::Read, Some(wait)) {
        Ok(0) => true,
        Ok(_) => !matches!(
            tls.session.peek(&mut [0u8; 1]),
            Outcome::Closed | Outcome::Failed(_)
        ),
        Err(_) => false,
    }
}

/// Adds the `crypto` array to `stream_get_meta_data()` (first, as PHP).
///
/// # Safety
/// `meta` must be the live meta-data array zval.
pub unsafe fn meta_data(st: &SockStream, meta: *mut ffi::zval) {
    let Some(tls) = st.tls.as_deref().filter(|t| t.active) else {
        return;
    };
    let info = tls.session.info();
    let mut arr = ZendHashTable::new();
    let _ = arr.insert("protocol", info.protocol);
    let _ = arr.insert("cipher_name", info.cipher_name);
    let _ = arr.insert("cipher_bits", i64::from(info.cipher_bits));
    let _ = arr.insert("cipher_version", info.cipher_version);
    if let Some(alpn) = info.alpn_protocol {
        let _ = arr.insert("alpn_protocol", String::from_utf8_lossy(&alpn).into_owned());
    }
    let mut zv = Zval::new();
    zv.set_hashtable(arr);
    // SAFETY: PHP passes its meta-data array; the zval is moved into it.
    unsafe {
        if let Some(target) = (*meta.cast::<Zval>()).array_mut() {
            let _ = target.insert("crypto", zv);
        }
    }
}
