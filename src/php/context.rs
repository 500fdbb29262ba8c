//! Reading stream-context options (`socket.*`) and PHP's default context.

use std::ffi::CStr;

use ext_php_rs::types::Zval;

use super::{ffi, ssl_options};
use crate::net::{Error, Transport, listener::BindOptions};

/// Why a new server's context options (or an adopted socket) give no
/// server.
#[derive(Debug)]
pub enum OptionsError {
    /// Converting an option threw (PHP's exception is pending): stop
    /// without a warning of our own.
    Thrown,
    /// Refused: reported as `stream_socket_server()` reports its own
    /// failures (the error says which option and why).
    Invalid(Error),
}

impl From<Error> for OptionsError {
    fn from(e: Error) -> Self {
        OptionsError::Invalid(e)
    }
}

impl From<ssl_options::ReadError> for OptionsError {
    fn from(e: ssl_options::ReadError) -> Self {
        match e {
            ssl_options::ReadError::Thrown => OptionsError::Thrown,
            ssl_options::ReadError::Invalid(c) => OptionsError::Invalid(Error::Tls(c)),
        }
    }
}

/// `PHP_STREAM_CONTEXT(stream)`: the stream's context, or null.
///
/// # Safety
/// `stream` must be a live stream.
pub unsafe fn of_stream(stream: *mut ffi::php_stream) -> *mut ffi::php_stream_context {
    // SAFETY: a stream's `ctx` is null or a live context resource.
    unsafe {
        let res = (*stream).ctx;
        if res.is_null() {
            std::ptr::null_mut()
        } else {
            (*res).ptr.cast()
        }
    }
}

/// `zend_is_true()`'s answer as a `bool`, whichever type the headers give
/// it (`int` up to PHP 8.2, `bool` in 8.4).
trait Truth {
    fn truth(self) -> bool;
}
impl Truth for bool {
    fn truth(self) -> bool {
        self
    }
}
impl Truth for std::ffi::c_int {
    fn truth(self) -> bool {
        self != 0
    }
}

/// The option `wrapper.NAME` of `ctx`, if set.
fn option(
    ctx: *mut ffi::php_stream_context,
    wrapper: &CStr,
    name: &CStr,
) -> Option<*mut ffi::zval> {
    if ctx.is_null() {
        return None;
    }
    // SAFETY: `ctx` is a live context; the result is null or a zval the
    // context owns, valid while we use it here.
    let zv = unsafe { ffi::php_stream_context_get_option(ctx, wrapper.as_ptr(), name.as_ptr()) };
    (!zv.is_null()).then_some(zv)
}

/// The `socket` option `name` of `ctx`, if set.
pub fn socket_option(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<*mut ffi::zval> {
    option(ctx, c"socket", name)
}

/// The rsock-only option `rsock.NAME` of `ctx`, if set. rsock's own options
/// live under the `rsock` key, which native PHP ignores, so a script that
/// sets them still runs there and never collides with PHP's own names.
/// The zval is owned by the context: read it before any PHP code can run.
pub fn rsock_option(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<*mut ffi::zval> {
    option(ctx, c"rsock", name)
}

/// Whether `rsock.NAME` is set and truthy (`zend_is_true`).
pub fn rsock_flag(ctx: *mut ffi::php_stream_context, name: &CStr) -> bool {
    // SAFETY: `zv` is a live zval owned by the context.
    rsock_option(ctx, name).is_some_and(|zv| unsafe { ffi::zend_is_true(zv) }.truth())
}

/// Whether `socket.NAME` is set and truthy.
pub fn socket_flag(ctx: *mut ffi::php_stream_context, name: &CStr) -> bool {
    // SAFETY: `zv` is a live zval owned by the context.
    socket_option(ctx, name).is_some_and(|zv| unsafe { ffi::zend_is_true(zv) }.truth())
}

/// `socket.NAME` converted to an integer as PHP's `zval_get_long` does.
pub fn socket_long(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<i64> {
    socket_option(ctx, name).map(long_of)
}

/// PHP's `zval_get_long` of a context option, converted from a reference
/// of our own: the conversion's warning (an object) may run a user error
/// handler that replaces the option in the context meanwhile.
pub fn long_of(zv: *mut ffi::zval) -> i64 {
    // SAFETY: `zv` is a live zval owned by the context; the clone holds
    // its own reference until it drops.
    let own = unsafe { &*zv.cast::<Zval>() }.shallow_clone();
    // SAFETY: `own` is a live zval; PHP only reads it.
    unsafe { ffi::zval_get_long_func((&raw const own).cast_mut().cast(), false) }
}

/// The bind-time options for `transport` from `ctx`.
pub fn bind_options(ctx: *mut ffi::php_stream_context, transport: Transport) -> BindOptions {
    let v6only = socket_option(ctx, c"ipv6_v6only").and_then(|zv| {
        // SAFETY: `zv` is a live zval owned by the context.
        unsafe { (super::zval::type_of(zv) != ffi::IS_NULL).then(|| ffi::zend_is_true(zv).truth()) }
    });
    // PHP 8.6: only a falsy `so_reuseaddr` turns the default off.
    let reuseaddr = socket_option(ctx, c"so_reuseaddr")
        // SAFETY: `zv` is a live zval owned by the context.
        .is_none_or(|zv| unsafe { ffi::zend_is_true(zv) }.truth());
    BindOptions {
        reuseaddr,
        reuseport: socket_flag(ctx, c"so_reuseport"),
        ipv6_v6only: v6only,
        broadcast: transport == Transport::Udp && socket_flag(ctx, c"so_broadcast"),
    }
}

/// PHP's default context (`stream_context_get_default()`), created on
/// first use exactly as PHP does.
pub fn default_context() -> *mut ffi::php_stream_context {
    // SAFETY: the file globals exist for the whole request; we read and, if
    // empty, fill the default context slot as PHP's own macro does.
    unsafe {
        let fg = ext_php_rs::ffi::ext_php_rs_file_globals();
        if (*fg).default_context.is_null() {
            (*fg).default_context = ffi::php_stream_context_alloc().cast();
        }
        (*fg).default_context.cast()
    }
}

/// PHP's `default_socket_timeout` in seconds.
pub fn default_socket_timeout() -> i64 {
    // SAFETY: the file globals exist for the whole request.
    unsafe { (*ext_php_rs::ffi::ext_php_rs_file_globals()).default_socket_timeout }
}

/// The `ssl` option `name` of `ctx`, if set.
pub fn ssl_option<'a>(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<&'a Zval> {
    if ctx.is_null() {
        return None;
    }
    // SAFETY: `ctx` is a live context; the zval it returns is owned by the
    // context and outlives the option reading it is used for.
    unsafe {
        ffi::php_stream_context_get_option(ctx, c"ssl".as_ptr(), name.as_ptr())
            .cast::<Zval>()
            .as_ref()
    }
}

/// `ssl.NAME` as PHP's `zend_is_true` sees it, if set.
pub fn ssl_bool(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<bool> {
    // SAFETY: a live zval owned by the context.
    ssl_option(ctx, name).map(|zv| unsafe { ffi::zend_is_true(zv_ptr(zv)) }.truth())
}

/// `ssl.NAME` converted to an integer as PHP's `zval_get_long` does.
pub fn ssl_long(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<i64> {
    // SAFETY: a live zval owned by the context.
    ssl_option(ctx, name).map(|zv| unsafe { ffi::zval_get_long_func(zv_ptr(zv), false) })
}

/// The C pointer PHP's conversion functions take for `zv`.
pub(super) fn zv_ptr(zv: &Zval) -> *mut ffi::zval {
    (zv as *const Zval).cast_mut().cast()
}

/// Stores `value` as `ssl.NAME` in `ctx` (PHP takes its own reference).
pub fn set_ssl_option(ctx: *mut ffi::php_stream_context, name: &CStr, value: &mut Zval) {
    if ctx.is_null() {
        return;
    }
    // SAFETY: a live context; PHP copies the zval (adding a reference).
    unsafe {
        ffi::php_stream_context_set_option(
            ctx,
            c"ssl".as_ptr(),
            name.as_ptr(),
            (value as *mut Zval).cast(),
        )
    };
}
