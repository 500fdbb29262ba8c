//! Where Rust meets PHP's error conventions: warnings and notices
//! attributed to the running function, and the one conversion from core
//! errors to `$error_code` / `$error_message`.

use std::ffi::{CString, c_int};

use super::ffi;
use crate::net::{Error, sys};

/// A C string of `text` up to its first NUL, as C's `%s` would print it.
pub fn c_text(text: &[u8]) -> CString {
    CString::new(crate::net::until_nul(text)).unwrap_or_default()
}

fn docref(level: u32, text: &[u8]) {
    let msg = c_text(text);
    // SAFETY: "%s" with one valid C string; PHP copies the message.
    unsafe {
        ffi::php_error_docref(
            std::ptr::null(),
            level as c_int,
            c"%s".as_ptr(),
            msg.as_ptr(),
        )
    };
}

/// `E_WARNING` attributed to the running PHP function.
pub fn warning(text: &[u8]) {
    docref(ffi::E_WARNING, text);
}

/// `E_NOTICE` attributed to the running PHP function.
pub fn notice(text: &[u8]) {
    docref(ffi::E_NOTICE, text);
}

/// PHP's texts for core errors (what `$error_message` receives).
pub fn errstr(err: &Error) -> Vec<u8> {
    let quoted = |prefix: &str, a: &[u8]| {
        let mut v = format!("{prefix} \"").into_bytes();
        v.extend_from_slice(a);
        v.push(b'"');
        v
    };
    match err {
        Error::Address(a) => quoted("Failed to parse address", a),
        Error::Ipv6Address(a) => quoted("Failed to parse IPv6 address", a),
        Error::NulInHost => b"The hostname must not contain null bytes".to_vec(),
        Error::InvalidPort(a) => {
            let mut v = quoted("Invalid port in address", a);
            v.extend_from_slice(b" (expected a number from 0 to 65535)");
            v
        }
        Error::Resolve { host, reason } => {
            format!("php_network_getaddresses: getaddrinfo for {host} failed: {reason}")
                .into_bytes()
        }
        Error::Tls(e) => e.to_string().into_bytes(),
        Error::OptionRefused(text) => text.clone().into_bytes(),
        Error::InvalidOption { .. } => err.to_string().into_bytes(),
        Error::Inherit(e) => e.to_string().into_bytes(),
        Error::Os { .. } | Error::TimedOut => {
            sys::strerror(err.raw_os_error().unwrap_or(0)).into_bytes()
        }
    }
}

/// PHP's `$error_code` for a core error: the errno of a failed system call
/// (PHP itself always leaves 0), 0 for parse and resolver errors.
pub fn errno(err: &Error) -> i64 {
    match err {
        Error::Os { .. } | Error::TimedOut | Error::Inherit(_) => {
            i64::from(err.raw_os_error().unwrap_or(0))
        }
        _ => 0,
    }
}
