//! The state behind every rsock stream and the `php_stream_ops` tables
//! that carry PHP's native labels.

use std::{ffi::c_char, time::Duration};

use ext_php_rs::zend::BailoutGuard;

use super::{ffi, ops, zval};
use crate::net::{Transport, conn::Wait};

/// A stream's private data. It starts with PHP's `php_netstream_data_t`
/// (as ext/openssl's does) because ext/sockets and mysqlnd read it.
#[repr(C)]
pub struct SockStream {
    /// PHP's view: descriptor, blocking mode, read timeout, timed-out flag.
    pub net: ffi::php_netstream_data_t,
    /// Which transport the stream serves.
    pub transport: Transport,
    /// The descriptor is `O_NONBLOCK` at the kernel, whatever `net.is_blocked`
    /// says. Listeners are kept so, so that accept can try before it waits
    /// (an adopted datagram socket may arrive so too: its mode is left);
    /// the real mode is restored once the descriptor is handed out.
    pub fd_nonblocking: bool,
    /// TLS, once `stream_socket_enable_crypto` (or an `ssl://` server's
    /// accept) has set it up.
    pub tls: Option<Box<super::tls::Tls>>,
    /// `ssl://`, `tls://`, `tlsv1.x://` servers: the crypto method each
    /// accepted client is handed over with.
    pub accept_method: Option<u32>,
    /// A server's keepalive and tuning options, for what its accepted
    /// connections do not inherit (see `SockOpts::apply_accepted`).
    pub sock_opts: crate::net::sockopt::SockOpts,
    /// The descriptor was adopted (`systemd://`, `fd://`): its claim
    /// ([`crate::net::inherit::claim`]) ends when the stream closes.
    pub adopted: bool,
    /// PROXY protocol: a server's header reader, or what an accepted
    /// connection's header said (see [`super::proxy`]).
    pub proxy: Option<super::proxy::Proxy>,
}

impl SockStream {
    /// A fresh, unbound stream with PHP's defaults: blocking, the
    /// `default_socket_timeout` as read timeout.
    pub fn new(transport: Transport, default_timeout: i64) -> Self {
        SockStream {
            net: ffi::php_netstream_data_t {
                socket: -1,
                is_blocked: 1,
                timeout: ffi::timeval {
                    tv_sec: default_timeout,
                    tv_usec: 0,
                },
                timeout_event: 0,
                ownsize: 0,
            },
            transport,
            fd_nonblocking: false,
            tls: None,
            accept_method: None,
            sock_opts: Default::default(),
            adopted: false,
            proxy: None,
        }
    }

    /// The descriptor, -1 when unbound.
    pub fn fd(&self) -> i32 {
        self.net.socket
    }

    /// The read/write timeout as PHP's poll reads it (whole milliseconds;
    /// `None`, forever, when the total is negative).
    pub fn timeout(&self) -> Option<Duration> {
        let t = self.net.timeout;
        crate::net::conn::php_timeout(t.tv_sec, t.tv_usec)
    }

    /// How a read or write may wait: not at all when non-blocking.
    pub fn wait(&self) -> Wait {
        self.wait_up_to(self.timeout())
    }

    /// How a read may wait, by the rule of the PHP rsock is built for (see
    /// [`crate::net::conn::socket_read_wait`]): not at all when
    /// non-blocking. `has_buffered_data`: the read already took bytes from
    /// PHP's buffer.
    pub fn read_wait(&self, has_buffered_data: bool) -> Wait {
        self.read_wait_by(crate::net::conn::socket_read_wait, has_buffered_data)
    }

    /// A read's wait by `rule` (the plain or the TLS one): none when
    /// non-blocking, else what `rule` gives for this PHP and timeout.
    fn read_wait_by(
        &self,
        rule: fn(crate::net::php_version::PhpVersion, i64, i64, bool) -> Wait,
        has_buffered_data: bool,
    ) -> Wait {
        if self.net.is_blocked == 0 {
            return Wait::Never;
        }
        let t = self.net.timeout;
        rule(super::PHP, t.tv_sec, t.tv_usec, has_buffered_data)
    }

    fn wait_up_to(&self, timeout: Option<Duration>) -> Wait {
        if self.net.is_blocked != 0 {
            Wait::AtMost(timeout)
        } else {
            Wait::Never
        }
    }

    /// The timeout of a TLS operation, as ext/openssl reads it (`None`:
    /// none, e.g. `(0, 0)`); see [`crate::net::conn::php_tls_timeout`].
    pub fn tls_timeout(&self) -> Option<Duration> {
        let t = self.net.timeout;
        crate::net::conn::php_tls_timeout(t.tv_sec, t.tv_usec)
    }

    /// How a TLS write or handshake may wait: not at all when
    /// non-blocking, else up to [`SockStream::tls_timeout`].
    pub fn tls_wait(&self) -> Wait {
        self.wait_up_to(self.tls_timeout())
    }

    /// How a TLS read may wait, by the rule of the PHP rsock is built for
    /// (see [`crate::net::conn::tls_read_wait`]): not at all when
    /// non-blocking. `has_buffered_data`: the read already took bytes from
    /// PHP's buffer.
    pub fn tls_read_wait(&self, has_buffered_data: bool) -> Wait {
        self.read_wait_by(crate::net::conn::tls_read_wait, has_buffered_data)
    }
}

/// `php_stream_ops` in a `static`: it only holds function pointers and a
/// pointer to a static label.
pub struct Ops(pub ffi::php_stream_ops);

// SAFETY: the table is immutable and points only at 'static data.
unsafe impl Sync for Ops {}

const fn ops_with(label: &'static std::ffi::CStr) -> Ops {
    Ops(ffi::php_stream_ops {
        write: Some(ops::sockop_write),
        read: Some(ops::sockop_read),
        close: Some(ops::sockop_close),
        flush: Some(ops::sockop_flush),
        label: label.as_ptr() as *const c_char,
        seek: None,
        cast: Some(ops::sockop_cast),
        stat: Some(ops::sockop_stat),
        set_option: Some(ops::sockop_set_option),
    })
}

/// tcp when ext/openssl is loaded (its factory serves tcp there).
pub static TCP_SSL_OPS: Ops = ops_with(c"tcp_socket/ssl");
/// tcp on a PHP without ext/openssl.
pub static TCP_OPS: Ops = ops_with(c"tcp_socket");
/// udp
pub static UDP_OPS: Ops = ops_with(c"udp_socket");
/// unix stream sockets
pub static UNIX_OPS: Ops = ops_with(c"unix_socket");
/// unix datagram sockets
pub static UDG_OPS: Ops = ops_with(c"udg_socket");

/// The ops (and so the label) native PHP uses for `transport`.
pub fn ops_for(transport: Transport) -> &'static ffi::php_stream_ops {
    match transport {
        Transport::Tcp if super::builtin::openssl_serves_tcp() => &TCP_SSL_OPS.0,
        Transport::Tcp => &TCP_OPS.0,
        Transport::Udp => &UDP_OPS.0,
        Transport::Unix => &UNIX_OPS.0,
        Transport::Udg => &UDG_OPS.0,
    }
}

/// Allocates a PHP stream owning `state` (mode `r+`, like PHP's sockets).
/// Returns null if PHP could not allocate it (then `state` is freed).
pub fn alloc(ops: *const ffi::php_stream_ops, state: SockStream) -> *mut ffi::php_stream {
    let raw = Box::into_raw(Box::new(state));
    // SAFETY: `ops` is one of our static tables; PHP keeps `raw` as the
    // stream's abstract pointer until our close op frees it.
    let stream = unsafe { stream_alloc(ops, raw.cast()) };
    if stream.is_null() {
        // SAFETY: PHP did not take `raw`; we still own it.
        drop(unsafe { Box::from_raw(raw) });
    }
    stream
}

/// Whether the read PHP is doing on `stream` already took bytes from its
/// buffer (PHP 8.3's `has_buffered_data`; older headers lack the flag).
///
/// # Safety
/// `stream` must be a live stream.
pub unsafe fn has_buffered_data(stream: *mut ffi::php_stream) -> bool {
    #[cfg(php_stream_has_buffered_data)]
    // SAFETY: per the contract above.
    return unsafe { (*stream).has_buffered_data() } != 0;
    #[cfg(not(php_stream_has_buffered_data))]
    {
        let _ = stream;
        false
    }
}

/// Names a stream made by `stream_socket_server()` after the address it
/// was given (scheme and all), as PHP 8.3+ does for every stream its
/// transports make: `stream_get_meta_data()` shows it as `uri`. Streams
/// that accept makes stay unnamed, as in PHP.
///
/// # Safety
/// `stream` must be a live stream with no `orig_path` yet.
pub unsafe fn name_after_address(stream: *mut ffi::php_stream, address: &[u8]) {
    if !super::PHP.xport_stream_keeps_uri() {
        return;
    }
    // SAFETY: per the contract above; PHP frees `orig_path` with the stream
    // (`pefree`, and rsock's streams are not persistent).
    unsafe { (*stream).orig_path = zval::emalloc_copy(address, true).cast() };
}

#[cfg(not(php_debug))]
unsafe fn stream_alloc(
    ops: *const ffi::php_stream_ops,
    abs: *mut std::ffi::c_void,
) -> *mut ffi::php_stream {
    // SAFETY: forwarded from `alloc`.
    unsafe { ffi::_php_stream_alloc(ops, abs, std::ptr::null(), c"r+".as_ptr()) }
}

#[cfg(php_debug)]
unsafe fn stream_alloc(
    ops: *const ffi::php_stream_ops,
    abs: *mut std::ffi::c_void,
) -> *mut ffi::php_stream {
    // SAFETY: forwarded from `alloc`; debug builds of PHP take the caller's
    // file and line (STREAMS_DC) for leak reports.
    unsafe {
        ffi::_php_stream_alloc(
            ops,
            abs,
            std::ptr::null(),
            c"r+".as_ptr(),
            0, // __php_stream_call_depth (STREAMS_DC starts with it)
            c"rsock".as_ptr(),
            line!(),
            std::ptr::null(),
            0,
        )
    }
}

/// The state of `stream` if it is one of rsock's (by its ops table).
///
/// # Safety
/// `stream` must be a live stream.
pub unsafe fn state_if_ours<'a>(stream: *mut ffi::php_stream) -> Option<&'a mut SockStream> {
    // SAFETY: a live stream; only our ops tables put a SockStream behind
    // `abstract`.
    unsafe {
        let ops = (*stream).ops;
        let ours = [&TCP_SSL_OPS, &TCP_OPS, &UDP_OPS, &UNIX_OPS, &UDG_OPS]
            .iter()
            .any(|o| std::ptr::eq(&o.0, ops));
        if ours { state(stream) } else { None }
    }
}

/// The state of a stream whose ops are ours.
///
/// # Safety
/// `stream` must be a live stream created by [`alloc`] and not yet closed.
pub unsafe fn state<'a>(stream: *mut ffi::php_stream) -> Option<&'a mut SockStream> {
    // SAFETY: per the contract, `abstract_` is null or our boxed state.
    unsafe { (*stream).abstract_.cast::<SockStream>().as_mut() }
}

/// Keeps a stream unclosable by `fclose()` while PHP code may run (a
/// `__toString` in the options, a user error handler, the
/// `reneg_limit_callback`), as PHP's own callbacks arrange with
/// `PHP_STREAM_FLAG_NO_FCLOSE`, and holds a reference to its resource.
/// Other ways to close remain (`pclose()`, `socket_close()` of an imported
/// socket): after the PHP code, ask [`Pinned::alive`] before touching the
/// stream again. Nobody may hold a borrow of the stream's [`SockStream`]
/// meanwhile: look it up again afterwards. Made through [`Pinned::new`],
/// which registers it so a bailout still unpins it.
pub struct Pinned {
    stream: *mut ffi::php_stream,
    res: *mut ffi::zend_resource,
    no_fclose_was_set: bool,
}

thread_local! {
    /// Resources whose last reference was a [`Pinned`]'s: released once no
    /// rsock call is working on them (see [`release_deferred`]).
    static DEFERRED: std::cell::RefCell<Vec<*mut ffi::zend_resource>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Pinned {
    /// Pins `stream`.
    ///
    /// # Safety
    /// `stream` must be live.
    pub unsafe fn new(stream: *mut ffi::php_stream) -> BailoutGuard<Pinned> {
        // SAFETY: a live stream; its resource (if any) is live with it.
        let pin = unsafe {
            let res = (*stream).res;
            if !res.is_null() {
                zval::add_ref(&raw mut (*res).gc);
            }
            let flags = (*stream).flags;
            (*stream).flags |= ffi::PHP_STREAM_FLAG_NO_FCLOSE;
            Pinned {
                stream,
                res,
                no_fclose_was_set: flags & ffi::PHP_STREAM_FLAG_NO_FCLOSE != 0,
            }
        };
        BailoutGuard::new(pin)
    }

    /// Whether the stream still exists: PHP code may have closed it some
    /// way `fclose()`'s refusal does not cover. The resource itself stays
    /// allocated while pinned, so asking is always safe.
    pub fn alive(&self) -> bool {
        // SAFETY: the pin's reference keeps the resource allocated; a
        // closed one has its type set to -1 and its pointer cleared.
        self.res.is_null()
            || unsafe { (*self.res).type_ >= 0 && (*self.res).ptr == self.stream.cast() }
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        let alive = self.alive();
        // SAFETY: the stream is touched only while it exists; the pin's
        // reference kept its resource allocated.
        unsafe {
            if alive && !self.no_fclose_was_set {
                (*self.stream).flags &= !ffi::PHP_STREAM_FLAG_NO_FCLOSE;
            }
            if self.res.is_null() {
                return;
            }
            if zval::ref_count(&raw const (*self.res).gc) > 1 {
                zval::del_ref(&raw mut (*self.res).gc);
            } else {
                // PHP code dropped every other reference while the stream
                // may still be in use up the call stack: free it later.
                let res = self.res;
                DEFERRED.with_borrow_mut(|d| d.push(res));
            }
        }
    }
}

/// Drops the references [`Pinned`] could not drop at once. Called where no
/// stream operation is under way (the end of `stream_select`).
pub fn release_deferred() {
    let deferred = DEFERRED.with_borrow_mut(std::mem::take);
    for res in deferred {
        // SAFETY: each entry holds one reference to a live resource.
        unsafe { ffi::zend_list_delete(res) };
    }
}

/// Forgets the deferred references at request end, when PHP frees every
/// resource of the request itself.
pub fn forget_deferred() {
    DEFERRED.with_borrow_mut(Vec::clear);
}
