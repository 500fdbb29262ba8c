//! `stream_socket_server('systemd://')`, `('systemd://NAME')` and
//! `('fd://N')`: a server stream over a socket the process inherited,
//! the same stream (label, timeouts, meta data, accept) as one rsock bound
//! itself, its transport read from the socket (`net::inherit`).

use std::{
    ffi::CStr,
    os::fd::{AsRawFd, IntoRawFd},
};

use super::{
    context::{self, OptionsError},
    fd_holders::{self, Holder},
    ffi, proxy,
    server::tls_server,
    stream::{self, SockStream},
};
use crate::net::{
    Error, Transport,
    inherit::{self, InheritError, ListenEnv, Source},
    sys,
};

impl From<InheritError> for OptionsError {
    fn from(e: InheritError) -> Self {
        OptionsError::Invalid(Error::Inherit(e))
    }
}

/// The running SAPI's name (`sapi_module.name`).
pub(super) fn sapi_name() -> Vec<u8> {
    // SAFETY: the SAPI module record exists for the whole process; its
    // name is a static C string (or null before startup).
    unsafe {
        let sapi = ext_php_rs::ffi::ext_php_rs_sapi_module();
        if sapi.is_null() || (*sapi).name.is_null() {
            return Vec::new();
        }
        CStr::from_ptr((*sapi).name).to_bytes().to_vec()
    }
}

/// Whether the context configures a TLS server (a certificate, or
/// certificates by SNI name): an adopted tcp socket then serves TLS as
/// `tls://` would.
fn wants_tls(ctx: *mut ffi::php_stream_context) -> bool {
    context::ssl_option(ctx, c"local_cert").is_some()
        || context::ssl_option(ctx, c"SNI_server_certs").is_some()
}

/// Adopts the socket `source` names: a new server stream owning it, with
/// `ctx` as its context and `address` as its name. The descriptor is left
/// alone (open, not claimed) on failure.
pub fn adopt(
    source: Result<Source, InheritError>,
    address: &[u8],
    ctx: *mut ffi::php_stream_context,
) -> Result<*mut ffi::php_stream, OptionsError> {
    let sapi = sapi_name();
    if !inherit::allowed_in_sapi(&sapi) {
        return Err(InheritError::Sapi(sapi).into());
    }
    let fd = source?.descriptor(
        &ListenEnv::from_process(),
        std::process::id(),
        inherit::is_claimed,
    )?;
    if inherit::is_claimed(fd) || fd_holders::held(fd) == Some(Holder::Rsock) {
        return Err(InheritError::InUse(fd).into());
    }
    let transport = inherit::inspect(fd)?;
    // Reading the ssl options may run PHP code (`__toString`): done before
    // the claim and the stream; the claim below refuses a descriptor that
    // code adopted meanwhile.
    let accept_method = if transport == Transport::Tcp && wants_tls(ctx) {
        Some(tls_server(b"tls", crate::net::tls::method::TLS_ANY, ctx)?)
    } else {
        None
    };
    // PROXY protocol, as for a server rsock binds (a datagram socket is
    // refused by the reader).
    let proxy = proxy::read_options(ctx, transport)?;
    // Asked again: the option conversions above may have run PHP code.
    match fd_holders::held(fd) {
        Some(Holder::Rsock) => Err(InheritError::InUse(fd).into()),
        // Another PHP stream or a `Socket` holds it (`STDIN` when the
        // socket is the standard input, say): the new stream gets a copy of
        // its own, as `php://fd/N` does, so each closes only its own.
        Some(Holder::Php) => {
            let copy = sys::dup_at_least(fd, 3).map_err(|e| InheritError::Inspect(fd, e))?;
            let made = make_stream(
                copy.as_raw_fd(),
                transport,
                accept_method,
                proxy,
                address,
                ctx,
            );
            if made.is_ok() {
                // The stream owns it now.
                let _ = copy.into_raw_fd();
            }
            made
        }
        None => {
            inherit::claim(fd)?;
            let made = make_stream(fd, transport, accept_method, proxy, address, ctx);
            match made {
                Ok(s) => {
                    // SAFETY: the stream was just made with our state.
                    if let Some(st) = unsafe { stream::state(s) } {
                        st.adopted = true;
                    }
                    Ok(s)
                }
                Err(e) => {
                    inherit::release(fd);
                    Err(e)
                }
            }
        }
    }
}

/// The stream over `fd` (claimed, or a copy of its own): close-on-exec (as `sd_listen_fds`
/// leaves it), a listener non-blocking at the kernel as rsock keeps its
/// own. A datagram socket's mode is left as it is (the open file may be
/// shared with the process that passed it, and rsock's reads and writes
/// never depend on it); the stream notes it, to set PHP's mode when the
/// descriptor is handed out.
fn make_stream(
    fd: i32,
    transport: Transport,
    accept_method: Option<u32>,
    proxy: Option<proxy::Options>,
    address: &[u8],
    ctx: *mut ffi::php_stream_context,
) -> Result<*mut ffi::php_stream, OptionsError> {
    let nonblocking = sys::set_cloexec(fd, true)
        .and_then(|()| {
            if transport.is_datagram() {
                sys::is_nonblocking(fd)
            } else {
                sys::set_nonblocking(fd, true).map(|()| true)
            }
        })
        .map_err(|e| InheritError::Inspect(fd, e))?;
    let mut state = SockStream::new(transport, context::default_socket_timeout());
    state.net.socket = fd;
    state.fd_nonblocking = nonblocking;
    state.accept_method = accept_method;
    state.proxy = proxy.map(|o| proxy::Proxy::Listener(Box::new(proxy::Listener::new(o))));
    let php_stream = stream::alloc(stream::ops_for(transport), state);
    if php_stream.is_null() {
        return Err(OptionsError::Invalid(Error::Os {
            call: crate::net::Syscall::Socket,
            source: std::io::Error::from_raw_os_error(libc::ENOMEM),
        }));
    }
    // SAFETY: both live; PHP takes its own reference to the context. The
    // stream is new, so it has no name yet.
    unsafe {
        ffi::php_stream_context_set(php_stream, ctx);
        stream::name_after_address(php_stream, address);
    }
    Ok(php_stream)
}
