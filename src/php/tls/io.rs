//! The TLS side of a stream's read and write ops, liveness (`feof`) and
//! `stream_select`'s view of decrypted bytes. Anything that may run PHP
//! code (a warning, the renegotiation callback) happens in [`complete`],
//! once no borrow of the stream's state is held.

use super::reneg::notify_reneg;
use crate::net::{
    Outcome,
    conn::Wait,
    tls::{Failure, Session},
};
use crate::php::{
    ffi,
    report::warning,
    stream::{Pinned, SockStream, has_buffered_data, state},
};

/// PHP's warnings for a failed TLS operation (ext/openssl's wording).
/// The stream stays pinned meanwhile: a user error handler may run.
/// Whether the stream still exists afterwards.
pub(super) fn report(stream: *mut ffi::php_stream, f: Failure) -> bool {
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
    RenegExceeded(Outcome<usize, Failure>, Finish),
}

/// Turns a read's or a write's outcome into what the op does.
pub type Finish = fn(*mut ffi::php_stream, &mut SockStream, Outcome<usize, Failure>) -> Io;

/// Read op with TLS active: as the plain one (bytes, 0 when a non-blocking
/// stream has nothing, -1 on timeout), `eof` after `close_notify`, a reset
/// or a TLS error.
///
/// # Safety
/// `stream` must be live and `st` its state, with TLS active.
pub unsafe fn read(stream: *mut ffi::php_stream, st: &mut SockStream, buf: &mut [u8]) -> Io {
    // SAFETY: `stream` is live (contract above).
    let wait = st.tls_read_wait(unsafe { has_buffered_data(stream) });
    op(stream, st, wait, |s, wait| s.read(buf, wait), read_result)
}

/// Runs one session operation with `wait`, then hands its outcome to
/// `finish`, or, when the peer went over the renegotiation limit
/// meanwhile, to [`complete`] first.
fn op(
    stream: *mut ffi::php_stream,
    st: &mut SockStream,
    wait: Wait,
    run: impl FnOnce(&mut Session, Wait) -> Outcome<usize, Failure>,
    finish: Finish,
) -> Io {
    let Some(tls) = st.tls.as_deref_mut() else {
        return Io::Done(-1);
    };
    let outcome = run(&mut tls.session, wait);
    if tls.reneg_exceeded() {
        return Io::RenegExceeded(outcome, finish);
    }
    finish(stream, st, outcome)
}

fn read_result(
    stream: *mut ffi::php_stream,
    st: &mut SockStream,
    outcome: Outcome<usize, Failure>,
) -> Io {
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
    let wait = st.tls_wait();
    op(
        stream,
        st,
        wait,
        |s, wait| s.write(data, wait),
        write_result,
    )
}

fn write_result(
    _stream: *mut ffi::php_stream,
    st: &mut SockStream,
    outcome: Outcome<usize, Failure>,
) -> Io {
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
