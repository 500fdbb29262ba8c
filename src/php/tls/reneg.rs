//! The limit on client-initiated renegotiations (`reneg_limit` per
//! `reneg_window`), counted as PHP counts it, and the
//! `reneg_limit_callback` called when a peer goes over it.

use ext_php_rs::types::Zval;

use super::Tls;
use crate::net::tls::RenegLimit;
use crate::php::{context, ffi, report::warning};

/// The context's limit: `reneg_limit` (default 2; negative: no limit) per
/// `reneg_window` (default 300 s), read once per connection.
pub(super) fn from_context(ctx: *mut ffi::php_stream_context) -> Option<RenegLimit> {
    let limit = context::ssl_long(ctx, c"reneg_limit").unwrap_or(2);
    if limit < 0 {
        return None;
    }
    let window = context::ssl_long(ctx, c"reneg_window").unwrap_or(300);
    RenegLimit::new(limit, window)
}

impl Tls {
    /// Whether handshakes the peer started since the last look went over
    /// the renegotiation limit.
    pub(super) fn reneg_exceeded(&mut self) -> bool {
        let starts = self.session.handshake_starts();
        // Nearly always: no handshake since the last look, and no clock read.
        let Some(reneg) = self.reneg.as_mut().filter(|r| !r.up_to_date(starts)) else {
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
pub(super) unsafe fn notify_reneg(stream: *mut ffi::php_stream) -> bool {
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
        let mut arg = crate::php::zval::borrowed_stream(stream);
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
        let keep = crate::php::zval::type_of(&ret) == ffi::IS_TRUE;
        ffi::zval_ptr_dtor(&mut ret);
        keep
    }
}
