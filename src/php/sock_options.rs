//! A server's keepalive and tuning options ([`SockOpts`]), read from its
//! stream context when it is created: PHP 8.6's `socket` keepalive options
//! with PHP master's rules (see [`crate::net::sockopt`]), rsock's own
//! `rsock` ones checked, so that a bad value fails `stream_socket_server()`
//! before the stream exists.

use std::ffi::CString;

use ext_php_rs::zend::ExecutorGlobals;

use super::{
    context::{self, OptionsError},
    ffi, zval,
};
use crate::net::{
    Transport,
    sockopt::{self, RsockOption, SockOpts},
};

/// Reads the options for a server on `transport`. PHP reads the `socket`
/// keepalive options for tcp servers only (so nothing is converted, and
/// nothing warns, for udp and unix ones); rsock's own options are checked
/// for every transport, and applied where they mean something.
pub fn read(
    ctx: *mut ffi::php_stream_context,
    transport: Transport,
) -> Result<SockOpts, OptionsError> {
    let mut o = SockOpts::default();
    if transport == Transport::Tcp {
        o.keepalive = context::socket_flag(ctx, c"so_keepalive");
        let int = |name| context::socket_long(ctx, name).map(sockopt::c_int);
        o.keepidle = int(c"tcp_keepidle");
        o.keepintvl = int(c"tcp_keepintvl");
        o.keepcnt = int(c"tcp_keepcnt");
        thrown()?;
    }
    o.defer_accept = rsock_number(ctx, sockopt::TCP_DEFER_ACCEPT)?;
    o.fastopen = rsock_number(ctx, sockopt::TCP_FASTOPEN)?;
    o.user_timeout = rsock_number(ctx, sockopt::TCP_USER_TIMEOUT)?;
    o.rcvbuf = rsock_number(ctx, sockopt::SO_RCVBUF)?;
    o.sndbuf = rsock_number(ctx, sockopt::SO_SNDBUF)?;
    Ok(o)
}

/// `Thrown` if a conversion left an exception pending (a user error
/// handler threw from a conversion warning).
fn thrown() -> Result<(), OptionsError> {
    if ExecutorGlobals::has_exception() {
        Err(OptionsError::Thrown)
    } else {
        Ok(())
    }
}

/// `rsock.NAME` as an integer (`zval_get_long`), checked against `opt`'s
/// range; a string must be numeric (PHP would read `"abc"` as 0).
fn rsock_number(
    ctx: *mut ffi::php_stream_context,
    opt: RsockOption,
) -> Result<Option<i32>, OptionsError> {
    let Ok(name) = CString::new(opt.name) else {
        return Ok(None);
    };
    let Some(zv) = context::rsock_option(ctx, &name) else {
        return Ok(None);
    };
    // SAFETY: `zv` is a live zval owned by the context; nothing runs PHP
    // code before it is read.
    let kind = unsafe { zval::type_of(zv) };
    // `null` leaves the option unset (as for the unix file options), so a
    // configuration can list it without a value.
    if kind == ffi::IS_NULL {
        return Ok(None);
    }
    // SAFETY: as above; a string zval holds a live zend_string.
    let text =
        unsafe { (kind == ffi::IS_STRING).then(|| zval::string_bytes((*zv).value.str_).to_vec()) };
    // A string must be numeric (PHP would read "abc" as 0), and an array is
    // no number (PHP would read it as 0 or 1).
    let value = match &text {
        Some(bytes) if !sockopt::is_numeric(bytes) => None,
        _ if kind == ffi::IS_ARRAY => None,
        _ => Some(context::long_of(zv)),
    };
    thrown()?;
    let shown = || match (&text, value) {
        (Some(bytes), _) => format!("\"{}\"", String::from_utf8_lossy(bytes)),
        (None, Some(v)) => v.to_string(),
        (None, None) => "an array".to_string(),
    };
    opt.check(value, shown)
        .map(Some)
        .map_err(OptionsError::Invalid)
}
