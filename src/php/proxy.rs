//! PROXY protocol servers (`['rsock' => ['proxy_protocol' => true]]`): the
//! options, the listener's background [`Acceptor`] and what a proxied
//! connection shows PHP (`$peer`, `stream_socket_get_name($c, true)`, the
//! `proxy` key of `stream_get_meta_data()`).
//!
//! When the header is read: never by PHP's thread. The first
//! `stream_socket_accept()` or `stream_select()` on the server (in this
//! process) starts the core's [`Acceptor`], a thread that accepts, checks
//! the source and reads the header; PHP takes only complete connections
//! from it. `stream_select()` watches the Acceptor's ready channel instead
//! of the listener, so it wakes only when a connection is ready to be
//! accepted without waiting: a silent, slow or garbage client never stalls
//! a select loop's accepts. Starting lazily means a server made by a master
//! that forks workers accepts nothing in the master; a forked child starts
//! its own Acceptor and abandons (never joins) the one it inherited.

use std::{
    ffi::CStr,
    os::fd::{AsRawFd, RawFd},
    time::Duration,
};

use ext_php_rs::types::{ZendHashTable, Zval};
use socket2::SockAddr;

use super::{
    context::{self, OptionsError},
    ffi, ssl_options,
    stream::SockStream,
};
use crate::net::{
    Error, Outcome, Transport, addr, poller,
    proxy::{Acceptor, AllowList, Command, Config, Dropped, Header},
    sys,
};

/// `rsock.proxy_timeout` when unset: seconds a client has to send its
/// complete header.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections whose header is still incomplete, per listener; past it the
/// oldest is dropped (with a warning).
const MAX_PENDING: usize = 1024;

/// A PROXY server's options, validated at `stream_socket_server()` time.
#[derive(Clone)]
pub struct Options {
    /// `proxy_from` entries as given (validated); `None`: loopback only.
    from: Option<Vec<Vec<u8>>>,
    /// `proxy_timeout`.
    timeout: Duration,
}

impl Options {
    /// The core's configuration (the entries were validated when read).
    fn config(&self) -> Config {
        let allow = match &self.from {
            None => AllowList::loopback(),
            Some(entries) => {
                let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
                AllowList::parse(&refs).unwrap_or_else(|_| AllowList::loopback())
            }
        };
        Config {
            allow,
            header_timeout: self.timeout,
            max_pending: MAX_PENDING,
        }
    }
}

/// Reads `rsock.proxy_protocol`, `rsock.proxy_from` and
/// `rsock.proxy_timeout` for a server of `transport`: `None` when the
/// protocol is off (the other two are then ignored). Converting the values
/// may run PHP code (`__toString`); no stream exists yet.
pub fn read_options(
    ctx: *mut ffi::php_stream_context,
    transport: Transport,
) -> Result<Option<Options>, OptionsError> {
    if !context::rsock_flag(ctx, c"proxy_protocol") {
        return Ok(None);
    }
    if transport.is_datagram() {
        return Err(refused(format!(
            "proxy_protocol is not supported on {}:// (only stream servers: tcp, unix and the TLS transports)",
            transport.scheme()
        )));
    }
    let from = read_from(ctx)?;
    let timeout = read_timeout(ctx)?;
    Ok(Some(Options { from, timeout }))
}

/// `proxy_from`: a string or an array of strings (each converted as PHP
/// converts to string), every entry an address or CIDR.
fn read_from(ctx: *mut ffi::php_stream_context) -> Result<Option<Vec<Vec<u8>>>, OptionsError> {
    let Some(zv) = option(ctx, c"proxy_from") else {
        return Ok(None);
    };
    // Our own reference: `__toString` may replace the option meanwhile.
    let zv = zv.shallow_clone();
    let entries = if zv.is_null() {
        return Ok(None);
    } else if let Some(arr) = zv.array() {
        let mut v = Vec::with_capacity(arr.len());
        for item in arr.values() {
            v.push(ssl_options::to_bytes(item)?);
        }
        v
    } else {
        vec![ssl_options::to_bytes(&zv)?]
    };
    if entries.is_empty() {
        return Err(refused(
            "proxy_from lists no address (expected an IP address or CIDR, or an array of them)"
                .to_string(),
        ));
    }
    let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
    AllowList::parse(&refs).map_err(|e| refused(e.to_string()))?;
    Ok(Some(entries))
}

/// `proxy_timeout`: seconds (a float, as `zval_get_double` converts),
/// finite and above zero.
fn read_timeout(ctx: *mut ffi::php_stream_context) -> Result<Duration, OptionsError> {
    let Some(zv) = option(ctx, c"proxy_timeout") else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let zv = zv.shallow_clone();
    // SAFETY: a live zval (our reference); a string converts without
    // running PHP code.
    let secs = unsafe { ffi::zval_get_double_func(context::zv_ptr(&zv)) };
    if !secs.is_finite() || secs <= 0.0 {
        return Err(refused(format!(
            "invalid proxy_timeout {} (expected a number of seconds greater than 0)",
            php_float(secs)
        )));
    }
    // Capped (at 136 years: as good as forever) so that no deadline
    // computed from it can overflow.
    let cap = Duration::from_secs(u32::MAX.into());
    Ok(Duration::try_from_secs_f64(secs).map_or(cap, |d| d.min(cap)))
}

/// A refused option: `false`, the warning and `$error_message` say `text`.
fn refused(text: String) -> OptionsError {
    OptionsError::Invalid(Error::OptionRefused(text))
}

/// `secs` as PHP prints a float (`INF`, `NAN`, `-1`, `0.5`).
fn php_float(secs: f64) -> String {
    match secs {
        s if s.is_nan() => "NAN".into(),
        s if s.is_infinite() => if s > 0.0 { "INF" } else { "-INF" }.into(),
        s => s.to_string(),
    }
}

fn option<'a>(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<&'a Zval> {
    // SAFETY: a live zval owned by the context, used before any PHP code
    // runs (callers clone it first).
    context::rsock_option(ctx, name).and_then(|zv| unsafe { zv.cast::<Zval>().as_ref() })
}

/// The PROXY side of a stream's state.
pub enum Proxy {
    /// A listening server with the protocol on.
    Listener(Box<Listener>),
    /// A connection accepted through it.
    Conn(Box<Conn>),
}

/// A PROXY server: its options and, once started in this process, the
/// thread that reads headers.
pub struct Listener {
    opts: Options,
    acceptor: Option<Acceptor>,
}

impl Listener {
    /// A server that has not started reading headers yet.
    pub fn new(opts: Options) -> Self {
        Listener {
            opts,
            acceptor: None,
        }
    }

    /// The Acceptor of this process for `listener`, started now if there is
    /// none yet (or only a forked parent's, which is abandoned).
    fn acceptor(&mut self, listener: RawFd) -> std::io::Result<&Acceptor> {
        let a = match self.acceptor.take() {
            Some(a) if a.generation() == sys::fork_generation() => a,
            inherited => {
                // A parent's, in a forked child: abandoned, never joined.
                if let Some(a) = inherited {
                    forsake(a);
                }
                Acceptor::start(listener, self.opts.config())?
            }
        };
        Ok(self.acceptor.insert(a))
    }

    /// Stops reading headers: joins the thread in the process that started
    /// it, abandons a parent's in a forked child. Must run before the
    /// listener's descriptor is closed (the thread borrows it).
    pub fn stop(&mut self) {
        if let Some(a) = self.acceptor.take() {
            if a.generation() == sys::fork_generation() {
                poller::forget(a.ready_fd());
                drop(a);
            } else {
                forsake(a);
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A parent's Acceptor in a forked child: its descriptors closed (the fork
/// handler did it already, as a rule), its thread left alone. Never in
/// this process's poller: its number, closed at the fork, may be reused by
/// a stream of the child's that is (so no `poller::forget`).
fn forsake(a: Acceptor) {
    a.forsake();
}

/// A proxied connection: who sent the header (the socket's own peer) and
/// what it said.
pub struct Conn {
    proxy: SockAddr,
    header: Header,
}

impl Conn {
    /// The client's address from the header, when it names one (`PROXY`
    /// with an IP address); `LOCAL` and `UNKNOWN` keep the socket's peer.
    pub fn client(&self) -> Option<SockAddr> {
        match self.header.command {
            Command::Proxy => self.header.source.map(SockAddr::from),
            Command::Local => None,
        }
    }
}

/// Whether `st` is a PROXY server.
pub fn is_listener(st: &SockStream) -> bool {
    matches!(st.proxy, Some(Proxy::Listener(_)))
}

/// The descriptor `stream_select()` watches for `st`: for reading, a
/// PROXY server's ready channel (the Acceptor started if needed; -1 if it
/// could not start), otherwise the socket. A server in the write or except
/// array keeps its listener, which is never writable, as natively (the
/// channel would be: it is a socket). PHP's own select does not say which
/// array it casts for: `for_read` then.
pub fn select_fd(st: &mut SockStream, for_read: bool) -> RawFd {
    let fd = st.fd();
    match &mut st.proxy {
        Some(Proxy::Listener(l)) if fd != -1 && for_read => {
            l.acceptor(fd).map_or(-1, Acceptor::ready_fd)
        }
        _ => fd,
    }
}

/// The client's address for `$peer` / `stream_socket_get_name($c, true)`
/// on a proxied connection, if the header gave one.
pub fn peer(st: &SockStream) -> Option<SockAddr> {
    match &st.proxy {
        Some(Proxy::Conn(c)) => c.client(),
        _ => None,
    }
}

/// One accept from a PROXY server: the connection (blocking, as accept
/// leaves a plain one), the address `$peer` shows, and what the header
/// said. Drops the thread reported, before and after, go to `drops`.
pub fn accept(
    st: &mut SockStream,
    timeout: Option<Duration>,
    drops: &mut Vec<Dropped>,
) -> Outcome<(std::os::fd::OwnedFd, SockAddr, Box<Conn>)> {
    let fd = st.fd();
    let Some(Proxy::Listener(l)) = &mut st.proxy else {
        return Outcome::Failed(std::io::Error::from_raw_os_error(libc::EINVAL));
    };
    let acceptor = match l.acceptor(fd) {
        Ok(a) => a,
        Err(e) => return Outcome::Failed(e),
    };
    drops.extend(acceptor.take_drops());
    let got = acceptor.accept(timeout);
    drops.extend(acceptor.take_drops());
    match got {
        Outcome::Ready(acc) => {
            if let Err(e) = sys::set_nonblocking(acc.fd.as_raw_fd(), false) {
                return Outcome::Failed(e);
            }
            let conn = Box::new(Conn {
                proxy: acc.peer,
                header: acc.header,
            });
            let shown = conn.client().unwrap_or_else(|| conn.proxy.clone());
            Outcome::Ready((acc.fd, shown, conn))
        }
        Outcome::WouldBlock => Outcome::WouldBlock,
        Outcome::TimedOut => Outcome::TimedOut,
        Outcome::Closed => Outcome::Closed,
        Outcome::Failed(e) => Outcome::Failed(e),
    }
}

/// The warning for a connection the thread dropped.
pub fn drop_warning(d: &Dropped) -> Vec<u8> {
    format!("rsock: {d}").into_bytes()
}

/// Adds the `proxy` key to a proxied connection's meta data.
///
/// # Safety
/// `meta` must be PHP's meta-data array zval.
pub unsafe fn meta_data(st: &SockStream, meta: *mut ffi::zval) {
    let Some(Proxy::Conn(c)) = &st.proxy else {
        return;
    };
    let h = &c.header;
    let mut arr = ZendHashTable::new();
    let _ = arr.insert("version", i64::from(h.version));
    let command = match (&h.command, h.version) {
        (Command::Proxy, _) => "PROXY",
        (Command::Local, 1) => "UNKNOWN",
        (Command::Local, _) => "LOCAL",
    };
    let _ = arr.insert("command", command);
    let text = |a: std::net::SocketAddr| bytes(addr::text(&SockAddr::from(a)));
    if let Some(a) = h.source {
        let _ = arr.insert("source", text(a));
    }
    if let Some(a) = h.destination {
        let _ = arr.insert("destination", text(a));
    }
    let _ = arr.insert("proxy", bytes(addr::text(&c.proxy)));
    let t = &h.tlvs;
    for (key, v) in [
        ("alpn", &t.alpn),
        ("authority", &t.authority),
        ("unique_id", &t.unique_id),
    ] {
        if let Some(v) = v {
            let _ = arr.insert(key, bytes(v.clone()));
        }
    }
    if let Some(ssl) = &t.ssl {
        let mut s = ZendHashTable::new();
        let _ = s.insert("client", i64::from(ssl.client));
        let _ = s.insert("verified", ssl.verified);
        for (key, v) in [
            ("version", &ssl.version),
            ("cipher", &ssl.cipher),
            ("cn", &ssl.cn),
            ("sig_alg", &ssl.sig_alg),
            ("key_alg", &ssl.key_alg),
        ] {
            if let Some(v) = v {
                let _ = s.insert(key, bytes(v.clone()));
            }
        }
        let mut zv = Zval::new();
        zv.set_hashtable(s);
        let _ = arr.insert("ssl", zv);
    }
    let mut zv = Zval::new();
    zv.set_hashtable(arr);
    // SAFETY: PHP passes its meta-data array; the zval is moved into it.
    unsafe {
        if let Some(target) = (*meta.cast::<Zval>()).array_mut() {
            let _ = target.insert("proxy", zv);
        }
    }
}

/// A PHP string zval of `v` (binary-safe).
fn bytes(v: Vec<u8>) -> Zval {
    let mut zv = Zval::new();
    zv.set_binary(v);
    zv
}
