//! `php_stream_ops` for rsock streams, named after their php-src
//! counterparts in `main/streams/xp_socket.c`. Each is a trampoline through
//! [`ffi_guard`] into safe-ish code over the stream's [`SockStream`].

use std::{
    ffi::{c_char, c_int, c_void},
    time::Duration,
};

use super::{
    builtin, context, ffi,
    guard::ffi_guard,
    proxy,
    report::notice,
    stream::{self, SockStream, state},
    tls, xport,
};
use crate::net::{Outcome, Transport, conn, conn::Wait, poller, sys};

const NOTIMPL: c_int = ffi::PHP_STREAM_OPTION_RETURN_NOTIMPL;
const OK: c_int = ffi::PHP_STREAM_OPTION_RETURN_OK as c_int;
const ERR: c_int = ffi::PHP_STREAM_OPTION_RETURN_ERR;

/// Write: 0 when a non-blocking stream would block; a blocking one waits up
/// to its timeout; failures raise PHP's `Send of N bytes failed` notice.
pub unsafe extern "C" fn sockop_write(
    stream: *mut ffi::php_stream,
    buf: *const c_char,
    count: usize,
) -> isize {
    ffi_guard(-1, || {
        // SAFETY: PHP passes a live stream of ours and `count` readable bytes.
        let (st, data) = unsafe {
            let Some(st) = state(stream) else { return 0 };
            (st, std::slice::from_raw_parts(buf.cast::<u8>(), count))
        };
        if st.fd() == -1 {
            return 0;
        }
        if tls::active(st) {
            // A TLS write may read records too (a renegotiation).
            poller::may_have_buffered(st.fd());
            // SAFETY: `stream` is live and `st` its state; `st` is not used
            // after it, so the callback's own borrows are the only ones.
            let io = unsafe { tls::write(stream, st, data) };
            // SAFETY: as above; `st` and the buffer are not used any more.
            return unsafe { tls::complete(stream, io) };
        }
        let errno = match conn::send(st.fd(), data, 0, st.wait()) {
            Outcome::Ready(n) => return n as isize,
            Outcome::WouldBlock => return 0,
            Outcome::TimedOut => {
                st.net.timeout_event = 1;
                libc::EAGAIN
            }
            Outcome::Failed(e) => e.raw_os_error().unwrap_or(0),
            // Only TLS gives it; a plain socket's closed peer is EPIPE.
            Outcome::Closed => libc::EPIPE,
        };
        // SAFETY: `stream` is live.
        let quiet = unsafe { (*stream).flags } & ffi::PHP_STREAM_FLAG_SUPPRESS_ERRORS != 0;
        if !quiet {
            // A user error handler may run: the stream stays pinned.
            // SAFETY: `stream` is live; `st` is not used after this.
            let _pin = unsafe { super::stream::Pinned::new(stream) };
            let msg = format!(
                "Send of {count} bytes failed with errno={errno} {}",
                sys::strerror(errno)
            );
            notice(msg.as_bytes());
        }
        -1
    })
}

/// Read: bytes, 0 when a non-blocking stream has nothing, -1 on timeout
/// (with `timed_out` set) or error; `eof` on orderly close or error.
pub unsafe extern "C" fn sockop_read(
    stream: *mut ffi::php_stream,
    buf: *mut c_char,
    count: usize,
) -> isize {
    ffi_guard(-1, || {
        // SAFETY: PHP passes a live stream of ours and `count` writable bytes.
        let (st, data) = unsafe {
            let Some(st) = state(stream) else { return -1 };
            (st, std::slice::from_raw_parts_mut(buf.cast::<u8>(), count))
        };
        if st.fd() == -1 {
            return -1;
        }
        // What this read returns may stay in PHP's read buffer (and a TLS
        // read may leave decrypted bytes in OpenSSL): stream_select must
        // look at this stream again.
        poller::may_have_buffered(st.fd());
        if tls::active(st) {
            // SAFETY: `stream` is live and `st` its state; `st` is not used
            // after it, so the callback's own borrows are the only ones.
            let io = unsafe { tls::read(stream, st, data) };
            // SAFETY: as above; `st` and the buffer are not used any more.
            return unsafe { tls::complete(stream, io) };
        }
        // SAFETY: `stream` is live.
        let wait = st.read_wait(unsafe { stream::has_buffered_data(stream) });
        // As PHP, only a read that may wait clears the timed-out flag.
        let Wait::AtMost(timeout) = wait else {
            return recv_result(stream, st, conn::recv(st.fd(), data, 0, wait));
        };
        st.net.timeout_event = 0;
        // A listener has nothing to read: PHP waits for it to be readable
        // first (a pending connection, or the timeout), so do the same
        // rather than fail at once on the peek-free recv.
        if st.fd_nonblocking
            && let Ok(0) = sys::poll(st.fd(), sys::Interest::Read, timeout)
        {
            st.net.timeout_event = 1;
            return -1;
        }
        recv_result(stream, st, conn::recv(st.fd(), data, 0, wait))
    })
}

/// What a plain read's outcome makes of the op's result, `eof` and the
/// timed-out flag.
fn recv_result(stream: *mut ffi::php_stream, st: &mut SockStream, got: Outcome<usize>) -> isize {
    let set_eof = || {
        // SAFETY: `stream` is live (callers' contract).
        unsafe { (*stream).set_eof(1) }
    };
    match got {
        // (`Closed` is TLS's; a plain socket's end of file is `Ready(0)`.)
        Outcome::Ready(0) | Outcome::Closed => {
            set_eof();
            0
        }
        Outcome::Ready(n) => n as isize,
        Outcome::WouldBlock => 0,
        Outcome::TimedOut => {
            st.net.timeout_event = 1;
            -1
        }
        Outcome::Failed(_) => {
            set_eof();
            -1
        }
    }
}

/// Close: frees the state once; closes the descriptor only when PHP asks.
pub unsafe extern "C" fn sockop_close(stream: *mut ffi::php_stream, close_handle: c_int) -> c_int {
    ffi_guard(0, || {
        // SAFETY: PHP calls close once per stream; the abstract pointer is
        // our boxed state, taken back here and cleared.
        unsafe {
            let raw = (*stream).abstract_.cast::<SockStream>();
            if raw.is_null() {
                return 0;
            }
            (*stream).abstract_ = std::ptr::null_mut();
            let mut st = Box::from_raw(raw);
            // The header reader borrows the listener: it stops first.
            if let Some(proxy::Proxy::Listener(l)) = &mut st.proxy {
                l.stop();
            }
            if close_handle != 0 {
                tls::close(&mut st);
            }
            // The TLS session goes before its descriptor.
            st.tls = None;
            if st.fd() != -1 {
                // Out of stream_select's epoll set before the number can
                // be reused.
                poller::forget(st.fd());
                if close_handle != 0 {
                    sys::close(st.fd());
                }
                if st.adopted {
                    crate::net::inherit::release(st.fd());
                }
            }
        }
        0
    })
}

/// Flush: sockets have nothing to flush.
pub unsafe extern "C" fn sockop_flush(_stream: *mut ffi::php_stream) -> c_int {
    0
}

/// Stat: `fstat` of the descriptor.
pub unsafe extern "C" fn sockop_stat(
    stream: *mut ffi::php_stream,
    ssb: *mut ffi::php_stream_statbuf,
) -> c_int {
    ffi_guard(-1, || {
        // SAFETY: live stream; `ssb->sb` is a `struct stat` PHP owns.
        unsafe {
            let Some(st) = state(stream) else { return -1 };
            libc::fstat(st.fd(), std::ptr::addr_of_mut!((*ssb).sb).cast())
        }
    })
}

/// Cast: the descriptor for `stream_select`, `socket_import_stream` and
/// friends, or a `FILE*`. Handing the descriptor out restores its real
/// blocking mode (see [`SockStream::fd_nonblocking`]).
pub unsafe extern "C" fn sockop_cast(
    stream: *mut ffi::php_stream,
    castas: c_int,
    ret: *mut *mut c_void,
) -> c_int {
    const SUCCESS: c_int = ffi::SUCCESS as c_int;
    const FAILURE: c_int = ffi::FAILURE;
    ffi_guard(FAILURE, || {
        // SAFETY: live stream of ours.
        let Some(st) = (unsafe { state(stream) }) else {
            return FAILURE;
        };
        let castas = castas as u32;
        // As PHP: an encrypted stream's descriptor is not handed out raw.
        if tls::active(st) && matches!(castas, ffi::PHP_STREAM_AS_FD | ffi::PHP_STREAM_AS_SOCKETD) {
            return FAILURE;
        }
        if ret.is_null() {
            return match castas {
                ffi::PHP_STREAM_AS_STDIO
                | ffi::PHP_STREAM_AS_FD
                | ffi::PHP_STREAM_AS_SOCKETD
                | ffi::PHP_STREAM_AS_FD_FOR_SELECT => SUCCESS,
                _ => FAILURE,
            };
        }
        match castas {
            ffi::PHP_STREAM_AS_FD_FOR_SELECT => {
                // A PROXY server: the header reader's ready channel (PHP's
                // select does not say which array it casts for).
                let fd = proxy::select_fd(st, true);
                if fd == -1 {
                    return FAILURE;
                }
                // SAFETY: live stream of ours; `st` is not used after this
                // (the fill reads through our read op).
                unsafe { tls::fill_for_select(stream) };
                // SAFETY: PHP passes room for a descriptor.
                unsafe { *ret.cast::<c_int>() = fd };
                SUCCESS
            }
            ffi::PHP_STREAM_AS_FD | ffi::PHP_STREAM_AS_SOCKETD => {
                export_fd(st);
                // SAFETY: PHP passes room for a descriptor.
                unsafe { *ret.cast::<c_int>() = st.fd() };
                SUCCESS
            }
            ffi::PHP_STREAM_AS_STDIO => {
                export_fd(st);
                // SAFETY: live stream; fdopen with its NUL-terminated mode.
                let file = unsafe { libc::fdopen(st.fd(), (*stream).mode.as_ptr()) };
                // SAFETY: PHP passes room for a FILE*.
                unsafe { *ret.cast::<*mut libc::FILE>() = file };
                if file.is_null() { FAILURE } else { SUCCESS }
            }
            _ => FAILURE,
        }
    })
}

/// Someone outside rsock is about to use the descriptor directly: give it
/// the blocking mode PHP says it has. Not a PROXY server's: only its header
/// reader accepts from it, which needs it non-blocking (see
/// `net::proxy`, "The listener").
fn export_fd(st: &mut SockStream) {
    if st.fd_nonblocking && st.fd() != -1 && !proxy::is_listener(st) {
        let blocking = st.net.is_blocked != 0;
        if sys::set_nonblocking(st.fd(), !blocking).is_ok() {
            st.fd_nonblocking = false;
        }
    }
}

/// Set option: blocking mode, read timeout, meta data, liveness, and the
/// transport API (accept, names, recvfrom/sendto, shutdown, listen).
pub unsafe extern "C" fn sockop_set_option(
    stream: *mut ffi::php_stream,
    option: c_int,
    value: c_int,
    ptrparam: *mut c_void,
) -> c_int {
    ffi_guard(ERR, || {
        // SAFETY: live stream of ours.
        let Some(st) = (unsafe { state(stream) }) else {
            return NOTIMPL;
        };
        let option = option as u32;
        // A TLS liveness check peeks (decrypting a record into OpenSSL), a
        // handshake may read past its end: stream_select must look again.
        if matches!(
            option,
            ffi::PHP_STREAM_OPTION_CHECK_LIVENESS | ffi::PHP_STREAM_OPTION_CRYPTO_API
        ) && st.fd() != -1
        {
            poller::may_have_buffered(st.fd());
        }
        match option {
            ffi::PHP_STREAM_OPTION_CHECK_LIVENESS => check_liveness(st, value),
            ffi::PHP_STREAM_OPTION_BLOCKING => set_blocking(st, value != 0),
            ffi::PHP_STREAM_OPTION_READ_TIMEOUT => {
                // SAFETY: PHP passes a `struct timeval*` for this option.
                st.net.timeout = unsafe { *ptrparam.cast::<ffi::timeval>() };
                st.net.timeout_event = 0;
                OK
            }
            ffi::PHP_STREAM_OPTION_META_DATA_API => {
                let zv = ptrparam.cast::<ffi::zval>();
                // SAFETY: PHP passes the meta-data array; `stream` is live.
                unsafe {
                    tls::meta_data(st, zv);
                    let eof = (*stream).eof() != 0;
                    ffi::add_assoc_bool_ex(zv, c"timed_out".as_ptr(), 9, st.net.timeout_event != 0);
                    ffi::add_assoc_bool_ex(zv, c"blocked".as_ptr(), 7, st.net.is_blocked != 0);
                    ffi::add_assoc_bool_ex(zv, c"eof".as_ptr(), 3, eof);
                    proxy::meta_data(st, zv);
                }
                OK
            }
            // As PHP: only tcp streams, and only where ext/openssl is.
            ffi::PHP_STREAM_OPTION_CRYPTO_API
                if st.transport != Transport::Tcp || !builtin::openssl_serves_tcp() =>
            {
                NOTIMPL
            }
            ffi::PHP_STREAM_OPTION_CRYPTO_API => {
                // SAFETY: PHP passes a `php_stream_xport_crypto_param*`;
                // `st` is not used after this (crypto_api borrows anew).
                unsafe { tls::crypto_api(stream, &mut *ptrparam.cast()) }
            }
            ffi::PHP_STREAM_OPTION_XPORT_API => {
                // SAFETY: PHP passes a `php_stream_xport_param*` for this
                // option; `st` is not used after this (dispatch borrows anew).
                unsafe { xport::dispatch(stream, &mut *ptrparam.cast()) }
            }
            _ => NOTIMPL,
        }
    })
}

/// Makes the stream non-blocking, as `stream_set_blocking($s, false)`.
pub fn leave_blocking(st: &mut SockStream) {
    let _ = set_blocking(st, false);
}

fn set_blocking(st: &mut SockStream, blocking: bool) -> c_int {
    let old = c_int::from(st.net.is_blocked);
    if st.fd() == -1 {
        // As PHP: fcntl on no descriptor fails.
        return ERR;
    }
    if st.fd_nonblocking {
        // A listener: its descriptor stays non-blocking (see SockStream).
        st.net.is_blocked = u8::from(blocking) as c_char;
        return old;
    }
    match sys::set_nonblocking(st.fd(), !blocking) {
        Ok(()) => {
            st.net.is_blocked = u8::from(blocking) as c_char;
            old
        }
        Err(_) => ERR,
    }
}

/// `feof()`'s question: wait up to `value` seconds (-1: the stream's
/// timeout, or `default_socket_timeout` when that is infinite) for
/// readiness, then peek; an orderly shutdown or a hard error is dead.
fn check_liveness(st: &mut SockStream, value: c_int) -> c_int {
    if st.fd() == -1 {
        return ERR;
    }
    let wait = if value == -1 {
        st.timeout()
            .unwrap_or_else(|| Duration::from_secs(context::default_socket_timeout().max(0) as u64))
    } else {
        Duration::from_secs(value.max(0) as u64)
    };
    let alive = if tls::active(st) {
        tls::is_alive(st, wait)
    } else {
        conn::is_alive(st.fd(), wait)
    };
    if alive { OK } else { ERR }
}
