//! The TLS core's only `unsafe`: the few libssl calls the openssl crate
//! does not offer, or offers only with `&str` paths that panic on a NUL
//! byte or non-UTF-8 (a PHP path may be either). Kept apart from
//! [`crate::net::sys`], which is libc only.

use std::ffi::CStr;

/// OpenSSL's `X509_V_ERR_CERT_CHAIN_TOO_LONG` verify result.
pub fn cert_chain_too_long() -> openssl::x509::X509VerifyResult {
    // SAFETY: 22 is `X509_V_ERR_CERT_CHAIN_TOO_LONG`, one of OpenSSL's
    // verify error codes.
    unsafe { openssl::x509::X509VerifyResult::from_raw(22) }
}

/// `SSL_CB_HANDSHAKE_START`: the info callback's "a handshake begins".
const SSL_CB_HANDSHAKE_START: libc::c_int = 0x10;

unsafe extern "C" {
    // libssl's, not bound by openssl-sys.
    fn SSL_set_info_callback(
        ssl: *mut openssl_sys::SSL,
        cb: Option<unsafe extern "C" fn(*const openssl_sys::SSL, libc::c_int, libc::c_int)>,
    );
}

type StartCounter = std::sync::Arc<std::sync::atomic::AtomicU32>;

fn start_counter_index() -> Option<openssl::ex_data::Index<openssl::ssl::Ssl, StartCounter>> {
    static INDEX: std::sync::OnceLock<
        Option<openssl::ex_data::Index<openssl::ssl::Ssl, StartCounter>>,
    > = std::sync::OnceLock::new();
    *INDEX.get_or_init(|| openssl::ssl::Ssl::new_ex_index().ok())
}

unsafe extern "C" fn count_start(
    ssl: *const openssl_sys::SSL,
    where_: libc::c_int,
    _ret: libc::c_int,
) {
    if where_ & SSL_CB_HANDSHAKE_START == 0 {
        return;
    }
    let Some(index) = start_counter_index() else {
        return;
    };
    // SAFETY: OpenSSL passes the live SSL the callback was set on; its ex
    // data at `index` is the boxed counter `count_handshake_starts` stored
    // (or null), which lives as long as the SSL.
    unsafe {
        let data = openssl_sys::SSL_get_ex_data(ssl, index.as_raw()).cast::<StartCounter>();
        if let Some(counter) = data.as_ref() {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Counts the handshakes that start on `ssl` (the first one and every
/// renegotiation the peer attempts) into `counter`.
pub fn count_handshake_starts(ssl: &mut openssl::ssl::SslRef, counter: StartCounter) {
    use foreign_types::ForeignTypeRef;
    let Some(index) = start_counter_index() else {
        return;
    };
    ssl.set_ex_data(index, counter);
    // SAFETY: a live SSL; the callback only reads the ex data set above.
    unsafe { SSL_set_info_callback(ssl.as_ptr(), Some(count_start)) };
}

/// The reasons of OpenSSL's queued errors, joined, and the queue emptied.
/// (`ErrorStack::get` would panic on error data that is not UTF-8, such
/// as a file name from PHP.)
fn drain_error_reasons() -> String {
    let mut reasons = Vec::new();
    loop {
        // SAFETY: pops this thread's oldest OpenSSL error code (0: none).
        let code = unsafe { openssl_sys::ERR_get_error() };
        if code == 0 {
            break;
        }
        // SAFETY: OpenSSL returns null or a static NUL-terminated string.
        let text = unsafe { openssl_sys::ERR_reason_error_string(code) };
        if !text.is_null() {
            // SAFETY: see above.
            reasons.push(
                unsafe { CStr::from_ptr(text) }
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    if reasons.is_empty() {
        "unknown OpenSSL error".to_string()
    } else {
        reasons.join(", ")
    }
}

/// `SSL_CTX_load_verify_locations` with paths of any bytes (the openssl
/// crate wants UTF-8 and panics on a NUL; a PHP path may be neither).
/// The error is OpenSSL's reasons, as text.
pub fn load_verify_locations(
    ctx: &mut openssl::ssl::SslContextBuilder,
    file: Option<&CStr>,
    dir: Option<&CStr>,
) -> Result<(), String> {
    let ptr = |p: Option<&CStr>| p.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: a live SSL_CTX and NUL-terminated paths (or null), which
    // OpenSSL only reads during the call.
    let ok =
        unsafe { openssl_sys::SSL_CTX_load_verify_locations(ctx.as_ptr(), ptr(file), ptr(dir)) };
    if ok == 1 {
        Ok(())
    } else {
        Err(drain_error_reasons())
    }
}

/// `SSL_load_client_CA_file` for a path of any bytes: the subject names of
/// the certificates in `file`.
pub fn load_client_ca_file(
    file: &CStr,
) -> Result<openssl::stack::Stack<openssl::x509::X509Name>, String> {
    use foreign_types::ForeignType;
    // SAFETY: a NUL-terminated path OpenSSL only reads during the call; it
    // returns a new stack we own, or null.
    let names = unsafe { openssl_sys::SSL_load_client_CA_file(file.as_ptr()) };
    if names.is_null() {
        return Err(drain_error_reasons());
    }
    // SAFETY: a non-null stack just allocated for us.
    Ok(unsafe { openssl::stack::Stack::from_ptr(names) })
}
