//! The transport API (`PHP_STREAM_OPTION_XPORT_API`): accept, socket
//! names, recvfrom/sendto, shutdown and listen, after php-src's
//! `php_tcp_sockop_set_option`.

use std::{
    ffi::c_int,
    os::fd::{AsRawFd, IntoRawFd},
};

use socket2::{SockAddr, SockRef};

use super::{
    context, ffi, proxy,
    report::warning,
    stream::{self, SockStream},
    tls, zval,
};
use crate::net::{Outcome, addr, conn, sys};

const OK: c_int = ffi::PHP_STREAM_OPTION_RETURN_OK as c_int;
const NOTIMPL: c_int = ffi::PHP_STREAM_OPTION_RETURN_NOTIMPL;

type Param = ffi::php_stream_xport_param;

/// `STREAM_OOB` / `STREAM_PEEK` (a C enum in php_stream_transport.h).
const STREAM_OOB: c_int = ffi::STREAM_OOB as c_int;
const STREAM_PEEK: c_int = ffi::STREAM_PEEK as c_int;

/// Answers one transport operation.
///
/// # Safety
/// `stream` must be a live rsock stream whose state nobody borrows.
pub unsafe fn dispatch(stream: *mut ffi::php_stream, xp: &mut Param) -> c_int {
    if xp.op == ffi::STREAM_XPORT_OP_ACCEPT {
        // SAFETY: forwarded contract (accept takes its own short borrows:
        // a TLS handshake may run PHP code).
        return unsafe { accept(stream, xp) };
    }
    // SAFETY: forwarded contract; none of the ops below runs PHP code.
    let Some(st) = (unsafe { stream::state(stream) }) else {
        return NOTIMPL;
    };
    match xp.op {
        ffi::STREAM_XPORT_OP_GET_NAME | ffi::STREAM_XPORT_OP_GET_PEER_NAME => {
            let peer = xp.op == ffi::STREAM_XPORT_OP_GET_PEER_NAME;
            // A proxied connection's peer is the client the header names.
            let name = match proxy::peer(st).filter(|_| peer) {
                Some(client) => Ok(client),
                None => sys::socket_name(st.fd(), peer),
            };
            xp.outputs.returncode = match name {
                Ok(a) => {
                    put_address(xp, &a);
                    0
                }
                Err(_) => -1,
            };
            OK
        }
        ffi::STREAM_XPORT_OP_RECV => {
            recv(st, xp);
            OK
        }
        ffi::STREAM_XPORT_OP_SEND => {
            send(st, xp);
            OK
        }
        ffi::STREAM_XPORT_OP_SHUTDOWN => {
            let how = [libc::SHUT_RD, libc::SHUT_WR, libc::SHUT_RDWR];
            let how = how
                .get(xp.how() as usize)
                .copied()
                .unwrap_or(libc::SHUT_RDWR);
            xp.outputs.returncode = if sys::shutdown(st.fd(), how).is_ok() {
                0
            } else {
                -1
            };
            OK
        }
        ffi::STREAM_XPORT_OP_LISTEN => {
            xp.outputs.returncode = if sys::listen(st.fd(), xp.inputs.backlog).is_ok() {
                0
            } else {
                -1
            };
            OK
        }
        _ => NOTIMPL,
    }
}

/// Fills `textaddr` and/or `addr` as asked.
fn put_address(xp: &mut Param, a: &SockAddr) {
    if xp.want_textaddr() != 0 {
        xp.outputs.textaddr = zval::new_string(&addr::text(a));
    }
    if xp.want_addr() != 0 {
        // SAFETY: a valid sockaddr of `len()` bytes.
        let raw = unsafe { std::slice::from_raw_parts(a.as_ptr().cast::<u8>(), a.len() as usize) };
        // PHP frees `outputs.addr` with efree.
        xp.outputs.addr = zval::emalloc_copy(raw, false).cast();
        xp.outputs.addrlen = a.len();
    }
}

/// `stream_socket_accept`: waits up to the given timeout, then makes the
/// client stream: same ops, blocking, the server's timeout and context.
unsafe fn accept(stream: *mut ffi::php_stream, xp: &mut Param) -> c_int {
    xp.outputs.client = std::ptr::null_mut();
    // What the client inherits, copied out: the server's state is not
    // borrowed across the handshake below.
    // SAFETY: a live rsock stream (contract of `dispatch`).
    let Some((fd, fd_nonblocking, net, transport, accept_method, sock_opts)) =
        (unsafe { stream::state(stream) }).map(|st| {
            (
                st.fd(),
                st.fd_nonblocking,
                st.net,
                st.transport,
                st.accept_method,
                st.sock_opts,
            )
        })
    else {
        return NOTIMPL;
    };
    // SAFETY: `stream` is live (contract of `dispatch`).
    let ctx = unsafe { context::of_stream(stream) };
    let nodelay = context::socket_flag(ctx, c"tcp_nodelay");
    // SAFETY: PHP passes null (wait forever) or a valid timeval.
    let timeout =
        unsafe { xp.inputs.timeout.as_ref() }.and_then(|t| conn::php_timeout(t.tv_sec, t.tv_usec));
    // A PROXY server takes complete connections from its header reader;
    // the connections it dropped are reported once nothing is borrowed.
    let mut drops = Vec::new();
    // SAFETY: a live rsock stream (contract of `dispatch`); the borrow
    // ends with this statement.
    let got = match unsafe { stream::state(stream) } {
        Some(st) if proxy::is_listener(st) => {
            proxy::accept(st, timeout, &mut drops).map(|(fd, peer, conn)| (fd, peer, Some(conn)))
        }
        _ => conn::accept(fd, timeout, fd_nonblocking).map(|(fd, peer)| (fd, peer, None)),
    };
    if !drops.is_empty() {
        // A user error handler may run: the server stays pinned.
        // SAFETY: `stream` is live; its state is not borrowed.
        let server = unsafe { stream::Pinned::new(stream) };
        for d in &drops {
            warning(&proxy::drop_warning(d));
        }
        if !server.alive() {
            // The handler closed the server: the connection goes with it.
            xp.outputs.returncode = -1;
            return OK;
        }
    }
    let errno = match got {
        Outcome::Ready((fd, peer, proxied)) => {
            if nodelay {
                // As PHP: best effort, a unix socket simply refuses it.
                let _ = SockRef::from(&fd).set_tcp_nodelay(true);
            }
            sock_opts.apply_accepted(fd.as_raw_fd(), transport);
            if xp.want_textaddr() != 0 || xp.want_addr() != 0 {
                put_address(xp, &peer);
            }
            // The server's timeout, blocking, and nothing else of its state.
            let client = SockStream {
                net: ffi::php_netstream_data_t {
                    socket: fd.into_raw_fd(),
                    is_blocked: 1,
                    ..net
                },
                proxy: proxied.map(proxy::Proxy::Conn),
                ..SockStream::new(transport, 0)
            };
            // SAFETY: `stream` is live; its ops are ours.
            let ops = unsafe { (*stream).ops };
            let client_fd = client.net.socket;
            let new = stream::alloc(ops, client);
            if new.is_null() {
                sys::close(client_fd);
                xp.outputs.returncode = -1;
                return OK;
            }
            // SAFETY: both streams are live; the client holds its own
            // reference to the server's context resource.
            unsafe {
                (*new).ctx = (*stream).ctx;
                if !(*stream).ctx.is_null() {
                    zval::add_ref(&raw mut (*(*stream).ctx).gc);
                }
            }
            // ssl:// and friends: the handshake, bounded by the timeout the
            // client inherited. A failed one costs the client, not the server.
            // Reading the options may run PHP code: the server stays pinned.
            if let Some(m) = accept_method {
                let (ok, client_alive) = {
                    // SAFETY: `stream` is live; its state is not borrowed.
                    let _server = unsafe { stream::Pinned::new(stream) };
                    // SAFETY: `new` is a live stream of ours, not borrowed.
                    unsafe { tls::accept_handshake(new, m) }
                };
                if !client_alive {
                    // PHP code closed the new client (pclose of what
                    // get_resources() listed): nothing left to free.
                    xp.outputs.returncode = -1;
                    return OK;
                }
                if !ok {
                    // SAFETY: the client stream is ours to free.
                    unsafe { ffi::_php_stream_free(new, ffi::PHP_STREAM_FREE_CLOSE as c_int) };
                    xp.outputs.error_code = 0;
                    if xp.want_errortext() != 0 {
                        xp.outputs.error_text = zval::new_string(&accept_crypto_error_text());
                    }
                    xp.outputs.returncode = -1;
                    return OK;
                }
            }
            xp.outputs.client = new;
            xp.outputs.returncode = 0;
            xp.outputs.error_code = 0;
            return OK;
        }
        Outcome::TimedOut | Outcome::WouldBlock => libc::ETIMEDOUT,
        Outcome::Failed(e) => e.raw_os_error().unwrap_or(libc::EIO),
        // Only TLS gives it.
        Outcome::Closed => libc::ECONNABORTED,
    };
    xp.outputs.error_code = errno;
    if xp.want_errortext() != 0 {
        xp.outputs.error_text = zval::new_string(sys::strerror(errno).as_bytes());
    }
    xp.outputs.returncode = -1;
    OK
}

/// Accept's error text when the accepted client's handshake failed:
/// `Cannot enable crypto` from PHP 8.4.13; before, the text of the
/// successful accept's errno 0 (`Accept failed: Success`).
fn accept_crypto_error_text() -> Vec<u8> {
    if super::PHP.accept_reports_crypto_failure() {
        b"Cannot enable crypto".to_vec()
    } else {
        sys::strerror(0).into_bytes()
    }
}

fn msg_flags(xp: &Param) -> i32 {
    let mut flags = 0;
    if xp.inputs.flags & STREAM_OOB != 0 {
        flags |= libc::MSG_OOB;
    }
    if xp.op == ffi::STREAM_XPORT_OP_RECV && xp.inputs.flags & STREAM_PEEK != 0 {
        flags |= libc::MSG_PEEK;
    }
    flags
}

/// `stream_socket_recvfrom`: blocks only as the descriptor does, as PHP.
fn recv(st: &SockStream, xp: &mut Param) {
    let flags = msg_flags(xp);
    // SAFETY: PHP passes a writable buffer of `buflen` bytes.
    let buf =
        unsafe { std::slice::from_raw_parts_mut(xp.inputs.buf.cast::<u8>(), xp.inputs.buflen) };
    let n = if xp.want_textaddr() != 0 || xp.want_addr() != 0 {
        match conn::recv_from(st.fd(), buf, flags) {
            Ok((n, from)) => {
                put_address(xp, &from);
                Ok(n)
            }
            Err(e) => Err(e),
        }
    } else {
        sys::recv(st.fd(), buf, flags)
    };
    xp.outputs.returncode = n.map_or(-1, |n| n as c_int);
}

/// `stream_socket_sendto`: to the given address, or the connected peer.
fn send(st: &SockStream, xp: &mut Param) {
    let flags = msg_flags(xp) | libc::MSG_NOSIGNAL;
    // SAFETY: PHP passes `buflen` readable bytes.
    let buf = unsafe { std::slice::from_raw_parts(xp.inputs.buf.cast::<u8>(), xp.inputs.buflen) };
    let res = if xp.inputs.addr.is_null() {
        sys::send(st.fd(), buf, flags)
    } else {
        // SAFETY: PHP passes a valid sockaddr of `addrlen` bytes.
        let to = unsafe {
            SockAddr::try_init(|storage, len| {
                let n =
                    (xp.inputs.addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
                std::ptr::copy_nonoverlapping(xp.inputs.addr.cast::<u8>(), storage.cast::<u8>(), n);
                *len = n as libc::socklen_t;
                Ok(())
            })
        };
        to.and_then(|((), to)| sys::send_to(st.fd(), buf, flags, &to))
    };
    xp.outputs.returncode = match res {
        Ok(n) => n as c_int,
        Err(e) => {
            // PHP's text, trailing newline included.
            let text = format!("{}\n", sys::strerror(e.raw_os_error().unwrap_or(0)));
            warning(text.as_bytes());
            -1
        }
    };
}
