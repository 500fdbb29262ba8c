//! `stream_socket_server()`: the same arguments, conventions and messages
//! as PHP's, backed by the core for tcp, udp, unix, udg and the TLS
//! transports (ssl, tls, tlsv1.x), plus inherited sockets (`systemd://`,
//! `fd://`, see `inherit`). Any other transport goes to PHP's own handler.

use std::ffi::c_int;

use super::{
    builtin,
    context::{self, OptionsError},
    ffi,
    guard::ffi_guard,
    inherit, ini, proxy,
    report::{errno, errstr, notice, warning},
    sock_options,
    ssl_options::{self, ReadError},
    stream::{self, SockStream},
    tls, unix_options, zval,
};
use crate::net::{
    Error, Syscall, Transport,
    endpoint::{self, UnixPath},
    inherit::Source,
    listener::{self, BindOptions},
    sockopt::SockOpts,
    unix_file::{self, FileOptions},
};
use socket2::Socket;
use std::os::fd::{AsRawFd, IntoRawFd};

/// `PHP_FILE_NO_DEFAULT_CONTEXT`: with this flag a null context stays null.
const NO_DEFAULT_CONTEXT: i64 = ffi::PHP_FILE_NO_DEFAULT_CONTEXT as i64;

/// Handler of `stream_socket_server` (when replaced) and
/// `Rsock\stream_socket_server`.
///
/// # Safety
/// Called by PHP with a valid call frame and return slot.
pub unsafe extern "C" fn zif_stream_socket_server(
    ex: *mut ffi::zend_execute_data,
    rv: *mut ffi::zval,
) {
    // SAFETY: forwarded contract.
    ffi_guard((), || unsafe { stream_socket_server(ex, rv) });
}

/// The parsed arguments.
struct Args {
    address: *mut ffi::zend_string,
    errno: *mut ffi::zval,
    errstr: *mut ffi::zval,
    flags: i64,
    context: *mut ffi::zval,
}

unsafe fn stream_socket_server(ex: *mut ffi::zend_execute_data, rv: *mut ffi::zval) {
    // SAFETY: `rv` is PHP's empty return slot.
    unsafe { zval::set_false(rv) };
    let mut a = Args {
        address: std::ptr::null_mut(),
        errno: std::ptr::null_mut(),
        errstr: std::ptr::null_mut(),
        flags: i64::from(ffi::STREAM_XPORT_BIND | ffi::STREAM_XPORT_LISTEN),
        context: std::ptr::null_mut(),
    };
    // SAFETY: the spec matches the out-pointers' types (S, z, z, l, r!);
    // PHP raises the same TypeErrors as for the built-in on mismatch.
    let parsed = unsafe {
        let argc = (*ex).This.u2.num_args;
        ffi::zend_parse_parameters(
            argc,
            c"S|zzlr!".as_ptr(),
            &mut a.address,
            &mut a.errno,
            &mut a.errstr,
            &mut a.flags,
            &mut a.context,
        )
    };
    if parsed != ffi::SUCCESS {
        return;
    }
    // SAFETY: zpp filled `address` with a live string.
    let address = unsafe { zval::string_bytes(a.address) };
    let (scheme, name) = endpoint::split_scheme(address);
    let inherited = Source::parse(scheme, name);
    let tls_method = crate::net::tls::method::for_scheme(scheme);
    let transport = if tls_method.is_some() {
        Some(Transport::Tcp)
    } else {
        Transport::from_scheme(scheme)
    };
    if transport.is_none() && inherited.is_none() {
        if let Some(orig) = builtin::server_fallback() {
            // SAFETY: PHP's handler, same frame; it parses the arguments again.
            unsafe { orig(ex, rv) };
        }
        return;
    }

    let ctx = if a.flags & NO_DEFAULT_CONTEXT != 0 && a.context.is_null() {
        std::ptr::null_mut()
    } else if a.context.is_null() {
        context::default_context()
    } else {
        // SAFETY: a resource zval; a wrong resource type raises PHP's
        // TypeError and yields null, and the call goes on as PHP's does.
        unsafe {
            ffi::zend_fetch_resource_ex(
                a.context,
                c"Stream-Context".as_ptr(),
                ffi::php_le_stream_context(),
            )
        }
        .cast()
    };
    // SAFETY: by-reference arguments from zpp.
    unsafe {
        if !a.errno.is_null() {
            zval::assign_ref_long(a.errno, 0);
        }
        if !a.errstr.is_null() {
            zval::assign_ref_bytes(a.errstr, b"");
        }
    }

    // systemd:// and fd://: the socket exists; the flags have nothing to do.
    if let Some(source) = inherited {
        match inherit::adopt(source, address, ctx) {
            // SAFETY: `rv` is the empty return slot; it takes the stream.
            Ok(php_stream) => unsafe { zval::set_stream(rv, php_stream) },
            // SAFETY: zpp filled the by-reference arguments.
            Err(e) => unsafe { refuse(&a, address, e) },
        }
        return;
    }
    let Some(transport) = transport else { return };

    let unix_path = transport.is_local().then(|| endpoint::parse_unix(name));
    let mut opts = match read_options(
        scheme,
        tls_method,
        transport,
        unix_path.as_ref(),
        a.flags,
        ctx,
    ) {
        Ok(o) => o,
        Err(e) => {
            // SAFETY: zpp filled the by-reference arguments.
            unsafe { refuse(&a, address, e) };
            return;
        }
    };
    // The notice for a unix path that was truncated, which PHP gives when
    // it binds: before the stream exists too (a user error handler could
    // `fclose()` the new stream, found by `get_resources()`, while its
    // state is borrowed).
    if let Some(path) = &unix_path
        && path.truncated
        && a.flags & i64::from(ffi::STREAM_XPORT_BIND) != 0
    {
        let msg = format!(
            "socket path exceeded the maximum allowed length of {} bytes and was truncated",
            path.max_len()
        );
        notice(msg.as_bytes());
    }

    // As PHP: the stream exists (with its context) before bind and listen.
    let mut state = SockStream::new(transport, context::default_socket_timeout());
    state.accept_method = opts.accept_method;
    state.sock_opts = opts.sock;
    state.proxy = opts
        .proxy
        .take()
        .map(|o| proxy::Proxy::Listener(Box::new(proxy::Listener::new(o))));
    let php_stream = stream::alloc(stream::ops_for(transport), state);
    if php_stream.is_null() {
        warning(b"rsock: could not allocate a stream");
        return;
    }
    // SAFETY: both live; PHP takes its own reference to the context. The
    // stream is new, so it has no name yet.
    unsafe {
        ffi::php_stream_context_set(php_stream, ctx);
        stream::name_after_address(php_stream, address);
    }

    // SAFETY: the stream was just made by `stream::alloc` with our state.
    let opened = match unsafe { stream::state(php_stream) } {
        Some(st) => open(st, transport, name, a.flags, &opts),
        None => Err(Error::Os {
            call: Syscall::Socket,
            source: std::io::Error::from_raw_os_error(libc::ENOMEM),
        }),
    };
    match opened {
        // SAFETY: `rv` is the empty return slot; it takes the stream.
        Ok(()) => unsafe { zval::set_stream(rv, php_stream) },
        Err(e) => {
            if let Error::Resolve { .. } = e {
                // The resolver's own warning, before PHP's.
                warning(&errstr(&e));
            }
            // SAFETY: the stream is ours to free; it closes its socket.
            unsafe { ffi::_php_stream_free(php_stream, ffi::PHP_STREAM_FREE_CLOSE as c_int) };
            // SAFETY: zpp filled the by-reference arguments.
            unsafe { fail(&a, address, &e) };
        }
    }
}

/// PHP's failure report: the warning `Unable to connect to ADDRESS (TEXT)`,
/// and `$error_code` / `$error_message`.
///
/// # Safety
/// `a` holds the by-reference arguments zpp filled (or null).
unsafe fn fail(a: &Args, address: &[u8], e: &Error) {
    let text = errstr(e);
    let mut msg = b"Unable to connect to ".to_vec();
    // PHP prints the address with %s: it ends at a NUL byte.
    msg.extend_from_slice(crate::net::until_nul(address));
    msg.extend_from_slice(b" (");
    msg.extend_from_slice(&text);
    msg.push(b')');
    warning(&msg);
    // SAFETY: by-reference arguments from zpp.
    unsafe {
        if !a.errno.is_null() {
            zval::assign_ref_long(a.errno, errno(e));
        }
        if !a.errstr.is_null() {
            zval::assign_ref_bytes(a.errstr, &text);
        }
    }
}

/// Options (or an adopted socket) that give no server: a refusal is
/// reported as [`fail`] does; a thrown exception is PHP's to report.
///
/// # Safety
/// As [`fail`].
unsafe fn refuse(a: &Args, address: &[u8], e: OptionsError) {
    if let OptionsError::Invalid(e) = e {
        // SAFETY: forwarded contract.
        unsafe { fail(a, address, &e) };
    }
}

/// For `ssl://` and friends: reads and checks the certificate, key and
/// options; the crypto method accepted clients get.
pub(super) fn tls_server(
    scheme: &[u8],
    default: u32,
    ctx: *mut ffi::php_stream_context,
) -> Result<u32, ReadError> {
    let m = tls::transport_method(ctx, scheme, default);
    let cfg = ssl_options::config(ctx, m)?;
    crate::net::tls::context(&cfg)?;
    Ok(m)
}

/// Everything a new server reads from its context. All of it is read and
/// checked before the stream exists: a conversion may run PHP code (a
/// `__toString`, a warning reaching a user error handler), which must not
/// find the new stream's state borrowed.
struct ServerOptions {
    /// `ssl://` and friends: the crypto method accepted clients get.
    accept_method: Option<u32>,
    /// unix/udg: the socket file's mode, owner, group, stale removal.
    file: FileOptions,
    /// Keepalive and tuning options, set between bind and listen.
    sock: SockOpts,
    /// tcp/udp: the `socket` options bind needs.
    bind: BindOptions,
    /// A listening server's PROXY protocol options (`rsock.proxy_*`).
    proxy: Option<proxy::Options>,
    /// `Some` when `flags` ask to listen: the backlog.
    backlog: Option<i32>,
}

/// Reads [`ServerOptions`] in the order PHP's conversions would show
/// their warnings: the `ssl` options (checked now; PHP would fail only at
/// the first accept), the socket file's, the PROXY, keepalive and tuning
/// options, the backlog, the bind options.
fn read_options(
    scheme: &[u8],
    tls_method: Option<u32>,
    transport: Transport,
    unix_path: Option<&UnixPath>,
    flags: i64,
    ctx: *mut ffi::php_stream_context,
) -> Result<ServerOptions, OptionsError> {
    let accept_method = tls_method.map(|m| tls_server(scheme, m, ctx)).transpose()?;
    let file = unix_options::read(ctx, unix_path)?;
    let proxy = proxy::read_options(ctx, transport)?;
    // PHP reads its own socket options at bind.
    let sock = if flags & i64::from(ffi::STREAM_XPORT_BIND) == 0 {
        SockOpts::default()
    } else {
        sock_options::read(ctx, transport)?
    };
    let listen = i64::from(ffi::STREAM_XPORT_BIND | ffi::STREAM_XPORT_LISTEN);
    let backlog = (flags & listen == listen).then(|| {
        context::socket_long(ctx, c"backlog").map_or_else(ini::default_backlog, |b| b as i32)
    });
    Ok(ServerOptions {
        accept_method,
        file,
        sock,
        bind: context::bind_options(ctx, transport),
        // Only a listening server reads headers (an unbound or bound-only
        // one never accepts).
        proxy: proxy.filter(|_| backlog.is_some()),
        backlog,
    })
}

/// Binds and listens as `flags` ask, storing the socket in the stream's
/// state; the socket options go on between the two. A socket that fails to
/// listen is closed here (PHP closes it with the stream; nothing
/// observable differs).
fn open(
    st: &mut SockStream,
    transport: Transport,
    name: &[u8],
    flags: i64,
    opts: &ServerOptions,
) -> Result<(), Error> {
    if flags & i64::from(ffi::STREAM_XPORT_BIND) == 0 {
        return Ok(());
    }
    let sock = bind(transport, name, opts)?;
    opts.sock.apply_before_listen(sock.as_raw_fd(), transport)?;
    if let Some(backlog) = opts.backlog {
        listener::listen(&sock, backlog)?;
        // Listeners stay non-blocking at the kernel (see SockStream).
        st.fd_nonblocking = !transport.is_datagram() && sock.set_nonblocking(true).is_ok();
    }
    st.net.socket = sock.into_raw_fd();
    Ok(())
}

/// Binds (no PHP code runs here: the stream's state is borrowed; the
/// truncation notice and the resolver's warning are given by the caller).
fn bind(transport: Transport, name: &[u8], opts: &ServerOptions) -> Result<Socket, Error> {
    if transport.is_local() {
        let path = endpoint::parse_unix(name);
        return unix_file::bind(&path, transport, &opts.file);
    }
    let ep = endpoint::parse_inet(name)?;
    listener::bind_inet(&ep, transport, &opts.bind)
}
