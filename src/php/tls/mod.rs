//! TLS on rsock streams, after ext/openssl's `xp_ssl.c`. The TLS work
//! itself is the core's ([`crate::net::tls`]); these files speak PHP:
//!
//! - `handshake`: the crypto API behind `stream_socket_enable_crypto()` and
//!   the handshake of clients accepted by `ssl://`/`tls://` servers,
//! - `io`: the TLS side of read, write, liveness and `stream_select`,
//! - `reneg`: the renegotiation limit and `reneg_limit_callback`,
//! - here: the state a stream keeps, the transports' methods, close and
//!   meta data.

use ext_php_rs::types::{ZendHashTable, Zval};

use super::{context, ffi, stream::SockStream};
use crate::net::tls::{Session, method};

mod handshake;
mod io;
mod reneg;

pub use handshake::{accept_handshake, crypto_api};
pub use io::{complete, fill_for_select, is_alive, read, write};

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
    pub reneg: Option<crate::net::tls::RenegLimit>,
    /// A handshake failed with an error. What a later attempt gives is
    /// OpenSSL's to say, as in PHP, which asks it again: OpenSSL 3.0 keeps
    /// the connection dead (`SSL_accept` fails at once, `SSL_ERROR_SYSCALL`
    /// with no cause, which PHP reports as `SSL: Success`, errno 0's text),
    /// while OpenSSL 3.5 reads on and asks for more (a non-blocking attempt
    /// gives 0, a would-block).
    pub failed: bool,
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

/// Whether plaintext flows through TLS on this stream.
pub fn active(st: &SockStream) -> bool {
    st.tls.as_ref().is_some_and(|t| t.active)
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
