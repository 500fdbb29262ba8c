//! TLS on rsock streams, after ext/openssl's `xp_ssl.c`: the crypto API
//! behind `stream_socket_enable_crypto()`, the handshake of clients
//! accepted by `ssl://`/`tls://` servers, and the TLS side of read, write,
//! close, liveness, `stream_select` and meta data. The TLS work itself is
//! the core's ([`crate::net::tls`]); this file speaks PHP.

use std::ffi::{CStr, c_int};

use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};

use super::{context, error::warning, ffi, stream::SockStream};
use crate::net::tls::{
    self, ConfigError, Failure, Outcome, ServerConfig, Session, SniCert, method,
};

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
            self.tokens = (self.tokens - (now - prev) * rate).max(0) + 1;
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

/// The server configuration `ctx`'s `ssl` options describe.
pub fn config(
    ctx: *mut ffi::php_stream_context,
    crypto_method: u32,
) -> Result<ServerConfig, ConfigError> {
    let s = |name: &CStr| context::ssl_string(ctx, name);
    let b = |name: &CStr| context::ssl_bool(ctx, name);
    let text = |name: &CStr| s(name).map(|v| String::from_utf8_lossy(&v).into_owned());
    let d = ServerConfig::default();
    Ok(ServerConfig {
        method: crypto_method,
        min_proto: context::ssl_long(ctx, c"min_proto_version").map(|v| v as u32),
        max_proto: context::ssl_long(ctx, c"max_proto_version").map(|v| v as u32),
        local_cert: s(c"local_cert"),
        local_pk: s(c"local_pk"),
        passphrase: s(c"passphrase"),
        cafile: s(c"cafile").or_else(|| openssl_ini(c"openssl.cafile")),
        capath: s(c"capath").or_else(|| openssl_ini(c"openssl.capath")),
        verify_peer: b(c"verify_peer"),
        verify_depth: context::ssl_long(ctx, c"verify_depth")
            .map_or(d.verify_depth, |v| v.clamp(0, i64::from(u32::MAX)) as u32),
        allow_self_signed: b(c"allow_self_signed").unwrap_or(false),
        ciphers: text(c"ciphers"),
        ciphersuites: text(c"ciphersuites"),
        security_level: context::ssl_long(ctx, c"security_level").map(|v| v.clamp(0, 5) as u32),
        honor_cipher_order: b(c"honor_cipher_order").unwrap_or(d.honor_cipher_order),
        single_dh_use: b(c"single_dh_use").unwrap_or(d.single_dh_use),
        disable_compression: b(c"disable_compression").unwrap_or(d.disable_compression),
        no_ticket: b(c"no_ticket").unwrap_or(d.no_ticket),
        sni_enabled: b(c"SNI_enabled").unwrap_or(d.sni_enabled),
        sni_certs: sni_certs(ctx)?,
        alpn_protocols: s(c"alpn_protocols"),
        dh_param: s(c"dh_param"),
        ecdh_curve: text(c"ecdh_curve"),
        reneg_limit: context::ssl_long(ctx, c"reneg_limit").unwrap_or(d.reneg_limit),
    })
}

/// ext/openssl's `openssl.cafile` / `openssl.capath` ini defaults, when set.
fn openssl_ini(name: &CStr) -> Option<Vec<u8>> {
    let mut exists = false;
    // SAFETY: a NUL-terminated name; PHP returns null or a NUL-terminated
    // value it owns.
    let raw = unsafe { ffi::zend_ini_string_ex(name.as_ptr(), name.count_bytes(), 0, &mut exists) };
    if raw.is_null() {
        return None;
    }
    // SAFETY: see above.
    let v = unsafe { CStr::from_ptr(raw) }.to_bytes();
    (!v.is_empty()).then(|| v.to_vec())
}

/// `SNI_server_certs`: `host => cert path` (key in the same file) or
/// `host => ['local_cert' => ..., 'local_pk' => ...]`.
fn sni_certs(ctx: *mut ffi::php_stream_context) -> Result<Vec<SniCert>, ConfigError> {
    if context::ssl_bool(ctx, c"SNI_enabled") == Some(false) {
        return Ok(Vec::new());
    }
    let Some(zv) = context::ssl_option(ctx, c"SNI_server_certs") else {
        return Ok(Vec::new());
    };
    let Some(arr) = zv.array() else {
        return Err(ConfigError(
            "SNI_server_certs requires an array mapping host names to cert paths".into(),
        ));
    };
    if arr.is_empty() {
        return Err(ConfigError(
            "SNI_server_certs host cert array must not be empty".into(),
        ));
    }
    let mut out = Vec::with_capacity(arr.len());
    for (key, value) in arr {
        if let ext_php_rs::types::ArrayKey::Long(_) = key {
            return Err(ConfigError(
                "SNI_server_certs array requires string host name keys".into(),
            ));
        }
        let host = key.to_string();
        let (cert, key) = if let Some(entry) = value.array() {
            let field = |name: &str| entry.get(name).and_then(context::zval_bytes);
            let Some(cert) = field("local_cert") else {
                return Err(ConfigError("local_cert not present in the array".into()));
            };
            let Some(key) = field("local_pk") else {
                return Err(ConfigError("local_pk not present in the array".into()));
            };
            (cert, key)
        } else {
            let Some(path) = context::zval_bytes(value) else {
                return Err(ConfigError(format!(
                    "SNI_server_certs: the certificate of `{host}' must be a path or an array"
                )));
            };
            (path.clone(), path)
        };
        out.push(SniCert { host, cert, key });
    }
    Ok(out)
}

/// Answers `PHP_STREAM_OPTION_CRYPTO_API` (setup, then enable).
///
/// # Safety
/// `stream` must be live and `st` its state.
pub unsafe fn crypto_api(
    stream: *mut ffi::php_stream,
    st: &mut SockStream,
    cp: &mut ffi::php_stream_xport_crypto_param,
) -> c_int {
    cp.outputs.returncode = if cp.op == ffi::STREAM_XPORT_CRYPTO_OP_SETUP {
        // SAFETY: forwarded contract.
        unsafe { setup(stream, st, cp.inputs.method) }
    } else {
        // SAFETY: forwarded contract.
        unsafe { enable(stream, st, cp.inputs.activate != 0) }
    };
    ffi::PHP_STREAM_OPTION_RETURN_OK as c_int
}

/// Prepares a TLS server connection on the stream: 0, or -1 with a warning.
unsafe fn setup(stream: *mut ffi::php_stream, st: &mut SockStream, crypto_method: u32) -> c_int {
    if st.tls.is_some() {
        // A non-blocking caller repeats enable_crypto until it is done.
        if st.net.is_blocked != 0 {
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
    let session = config(ctx, crypto_method)
        .and_then(|cfg| tls::context(&cfg))
        .and_then(|c| Session::new(&c, st.fd()));
    match session {
        Ok(session) => {
            st.tls = Some(Box::new(Tls {
                session,
                active: false,
                reneg: Reneg::from_context(ctx),
            }));
            0
        }
        Err(e) => {
            warning(e.0.as_bytes());
            -1
        }
    }
}

/// Turns TLS on (handshake: 1 done, 0 would block, -1 failed) or off
/// (`close_notify`; the stream carries plaintext again).
unsafe fn enable(stream: *mut ffi::php_stream, st: &mut SockStream, activate: bool) -> c_int {
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
        Outcome::Ready(()) => {
            // SAFETY: `stream` is live.
            let ctx = unsafe { context::of_stream(stream) };
            capture_peer_certs(ctx, &tls.session);
            if let Err(why) = verify_policy(ctx, &tls.session) {
                warning(why.as_bytes());
                tls.session.shutdown();
                return -1;
            }
            tls.active = true;
            1
        }
        Outcome::WouldBlock => 0,
        Outcome::TimedOut => {
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
/// bounded by its timeout. False (after PHP's warnings) if it failed.
///
/// # Safety
/// `client` must be a live rsock stream and `st` its state.
pub unsafe fn accept_handshake(client: *mut ffi::php_stream, st: &mut SockStream, m: u32) -> bool {
    // SAFETY: forwarded contract.
    let ok = unsafe { setup(client, st, m) == 0 && enable(client, st, true) == 1 };
    if !ok {
        warning(b"Failed to enable crypto");
    }
    ok
}

/// As PHP: a server that sets `verify_peer` requires a client certificate
/// that verified (`allow_self_signed` admits a self-signed one).
fn verify_policy(ctx: *mut ffi::php_stream_context, session: &Session) -> Result<(), String> {
    if context::ssl_bool(ctx, c"verify_peer") != Some(true) {
        return Ok(());
    }
    if session.peer_cert_pem().is_none() {
        return Err("Could not get peer certificate".into());
    }
    match session.peer_verified() {
        Ok(()) => Ok(()),
        Err((18, _)) if context::ssl_bool(ctx, c"allow_self_signed") == Some(true) => Ok(()),
        Err((code, text)) => Err(format!("Could not verify peer: code:{code} {text}")),
    }
}

/// `capture_peer_cert` / `capture_peer_cert_chain`: the client's
/// certificates as `OpenSSLCertificate` objects in the context.
fn capture_peer_certs(ctx: *mut ffi::php_stream_context, session: &Session) {
    if ctx.is_null() {
        return;
    }
    let Some(leaf) = session.peer_cert_pem() else {
        return;
    };
    if context::ssl_bool(ctx, c"capture_peer_cert") == Some(true)
        && let Some(mut cert) = x509_read(leaf)
    {
        context::set_ssl_option(ctx, c"peer_certificate", &mut cert);
    }
    if context::ssl_bool(ctx, c"capture_peer_cert_chain") == Some(true) {
        let chain = session.peer_chain_pem();
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
fn report(stream: *mut ffi::php_stream, f: Failure) {
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
}

/// Whether plaintext flows through TLS on this stream.
pub fn active(st: &SockStream) -> bool {
    st.tls.as_ref().is_some_and(|t| t.active)
}

/// Read op with TLS active: as the plain one (bytes, 0 when a non-blocking
/// stream has nothing, -1 on timeout), `eof` after `close_notify`, a reset
/// or a TLS error.
///
/// # Safety
/// `stream` must be live and `st` its state, with TLS active.
pub unsafe fn read(stream: *mut ffi::php_stream, st: &mut SockStream, buf: &mut [u8]) -> isize {
    let wait = st.wait();
    // Unlike a plain read, a TLS read leaves `timed_out` as an earlier
    // timeout set it (as ext/openssl does).
    let Some(tls) = st.tls.as_deref_mut() else {
        return -1;
    };
    let set_eof = || {
        // SAFETY: `stream` is live.
        unsafe { (*stream).set_eof(1) }
    };
    let outcome = tls.session.read(buf, wait);
    // SAFETY: forwarded contract.
    if unsafe { reneg_exceeded(stream, st) } {
        set_eof();
        return 0;
    }
    match outcome {
        Outcome::Ready(n) => n as isize,
        Outcome::WouldBlock => 0,
        Outcome::TimedOut => {
            st.net.timeout_event = 1;
            -1
        }
        Outcome::Closed => {
            set_eof();
            0
        }
        Outcome::Failed(f) => {
            report(stream, f);
            set_eof();
            0
        }
    }
}

/// Write op with TLS active: bytes written, 0 when a non-blocking stream
/// would block or on failure (after PHP's warning).
///
/// # Safety
/// `stream` must be live and `st` its state, with TLS active.
pub unsafe fn write(stream: *mut ffi::php_stream, st: &mut SockStream, data: &[u8]) -> isize {
    let wait = st.wait();
    let Some(tls) = st.tls.as_deref_mut() else {
        return -1;
    };
    let outcome = tls.session.write(data, wait);
    // SAFETY: forwarded contract.
    if unsafe { reneg_exceeded(stream, st) } {
        // SAFETY: `stream` is live.
        unsafe { (*stream).set_eof(1) };
        return 0;
    }
    match outcome {
        Outcome::Ready(n) => n as isize,
        Outcome::WouldBlock | Outcome::Closed => 0,
        Outcome::TimedOut => {
            st.net.timeout_event = 1;
            -1
        }
        Outcome::Failed(f) => {
            report(stream, f);
            0
        }
    }
}

/// After a read or write: if the peer went over the renegotiation limit,
/// the context's `reneg_limit_callback` is called with the stream (true
/// keeps the connection) or PHP's warning is raised, and the connection is
/// shut down.
///
/// # Safety
/// `stream` must be live and `st` its state.
unsafe fn reneg_exceeded(stream: *mut ffi::php_stream, st: &mut SockStream) -> bool {
    let Some(tls) = st.tls.as_deref_mut() else {
        return false;
    };
    let starts = tls.session.handshake_starts();
    // Nearly always: no handshake since the last look, and no clock read.
    let Some(reneg) = tls.reneg.as_mut().filter(|r| r.seen < starts) else {
        return false;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if !reneg.exceeded(starts, now) {
        return false;
    }
    // SAFETY: forwarded contract.
    let keep = unsafe { notify_reneg(stream) };
    if !keep {
        let _ = crate::net::sys::shutdown(st.fd(), libc::SHUT_RDWR);
    }
    !keep
}

/// Calls `reneg_limit_callback($stream)` if the context has one (true if it
/// returned `true`), else warns.
///
/// # Safety
/// `stream` must be live.
unsafe fn notify_reneg(stream: *mut ffi::php_stream) -> bool {
    // SAFETY: `stream` is live.
    let ctx = unsafe { context::of_stream(stream) };
    let Some(callback) = context::ssl_option(ctx, c"reneg_limit_callback") else {
        warning(b"SSL: client-initiated handshake rate limit exceeded by peer");
        return false;
    };
    // SAFETY: the callable zval is owned by the context; the argument is
    // the stream's resource without a new reference (PHP's
    // php_stream_to_zval), and the stream may not be closed meanwhile.
    unsafe {
        let mut arg: ffi::zval = std::mem::zeroed();
        arg.value.res = (*stream).res;
        arg.u1.type_info = ffi::IS_RESOURCE | (1 << 8);
        let mut ret: ffi::zval = std::mem::zeroed();
        let flags = (*stream).flags;
        (*stream).flags |= ffi::PHP_STREAM_FLAG_NO_FCLOSE;
        let called = ffi::_call_user_function_impl(
            std::ptr::null_mut(),
            (callback as *const Zval).cast_mut().cast(),
            &mut ret,
            1,
            &mut arg,
            std::ptr::null_mut(),
        );
        (*stream).flags = flags;
        if called != ffi::SUCCESS {
            warning(b"SSL: failed invoking reneg limit notification callback");
        }
        let keep = ret.u1.type_info & 0xff == ffi::IS_TRUE;
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
/// `stream` must be live and `st` its state.
pub unsafe fn fill_for_select(stream: *mut ffi::php_stream, st: &SockStream) {
    let Some(tls) = st.tls.as_deref().filter(|t| t.active) else {
        return;
    };
    let pending = tls.session.pending();
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
