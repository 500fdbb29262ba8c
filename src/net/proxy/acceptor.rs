//! [`Acceptor`]: the PHP side of a proxy listener. It starts the thread
//! ([`super::worker`]), receives complete connections from the ready
//! channel, drains drop reports, and stops (or, in a forked child,
//! forsakes) the thread.

use std::{
    fmt, io,
    os::fd::{AsRawFd, IntoRawFd, OwnedFd, RawFd},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    thread::JoinHandle,
    time::{Duration, Instant},
};

use socket2::SockAddr;

use super::{
    AllowList, Header, MAX_LEN, Malformed, Parse, channel, parse,
    slots::{self, Slots},
    worker::Worker,
};
use crate::net::{Outcome, addr, sys};

/// How a proxy listener treats connections before they are handed over.
#[derive(Debug, Clone)]
pub struct Config {
    /// Who may send a header; everyone else is dropped unread.
    pub allow: AllowList,
    /// How long a connection may take to send its whole header, from accept.
    pub header_timeout: Duration,
    /// How many connections may wait for their header at once; one more
    /// drops the oldest (at least 1).
    pub max_pending: usize,
}

impl Default for Config {
    /// Loopback only, 5 s, 128 pending.
    fn default() -> Self {
        Config {
            allow: AllowList::loopback(),
            header_timeout: Duration::from_secs(5),
            max_pending: 128,
        }
    }
}

/// A connection whose header is complete.
#[derive(Debug)]
pub struct Accepted {
    /// The connection, non-blocking, positioned right after the header
    /// (application data sent with it is still unread). `O_CLOEXEC`.
    pub fd: OwnedFd,
    /// The socket's own peer: the proxy.
    pub peer: SockAddr,
    /// What the proxy said.
    pub header: Header,
}

/// Why a connection was closed by the thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// Its source is not in the allow-list.
    NotAllowed,
    /// Its first bytes are no valid PROXY header.
    Malformed(Malformed),
    /// No complete header within `header_timeout`.
    TimedOut,
    /// End of file or reset before a complete header.
    Closed,
    /// `max_pending` others were waiting: the oldest goes.
    TooManyPending,
    /// Handing it over failed with this `errno` (not "channel full": that
    /// only pauses the thread).
    Failed(i32),
    /// This many connections were dropped whose reports did not fit the
    /// drop channel (too many drops between two [`Acceptor::take_drops`]):
    /// a summary, never sent over the channel.
    Unreported(u64),
}

/// A connection the thread closed, reported over the drop channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Its peer (`None` when unknown).
    pub from: Option<SockAddr>,
    /// Why.
    pub reason: DropReason,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::NotAllowed => f.write_str("source not allowed by proxy_from"),
            DropReason::Malformed(m) => write!(f, "malformed PROXY header ({m})"),
            DropReason::TimedOut => f.write_str("no complete PROXY header in time"),
            DropReason::Closed => f.write_str("closed before a complete PROXY header"),
            DropReason::TooManyPending => {
                f.write_str("too many connections waiting for a PROXY header")
            }
            DropReason::Failed(e) => write!(f, "could not hand it over ({})", sys::strerror(*e)),
            DropReason::Unreported(n) => write!(
                f,
                "{n} more without a report (too many drops between two accepts)"
            ),
        }
    }
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let DropReason::Unreported(n) = self.reason {
            let s = if n == 1 { "" } else { "s" };
            return write!(
                f,
                "dropped {n} more connection{s} (not reported one by one: too many drops between two accepts)"
            );
        }
        match &self.from {
            Some(a) => write!(
                f,
                "dropped a connection from {}: {}",
                String::from_utf8_lossy(&addr::text(a)),
                self.reason
            ),
            None => write!(f, "dropped a connection: {}", self.reason),
        }
    }
}

/// What the owner shares with its thread.
pub(super) struct Shared {
    /// Every descriptor of the acceptor (both sides' channel ends, the
    /// wake-up eventfd, the connections the thread holds): what a forked
    /// child closes (see [`super::slots`]).
    pub slots: Arc<Slots>,
    /// Drops whose report found the drop channel full.
    pub lost: AtomicU64,
}

/// Slots 0 and 1 hold the channels' write ends (the thread's), 2 to 4 the
/// read ends and the eventfd (PHP's side, owned through their slots);
/// connections follow.
pub(super) const READY_TX_SLOT: usize = 0;
pub(super) const DROPS_TX_SLOT: usize = 1;
const READY_RX_SLOT: usize = 2;
const DROPS_RX_SLOT: usize = 3;
const WAKE_SLOT: usize = 4;
pub(super) const FIRST_CONN_SLOT: usize = 5;

/// The ready channel's send buffer: the kernel's minimum (it rounds this
/// up), room for a handful of connections. The thread stops accepting
/// while the channel is full, so this is what a process whose PHP code is
/// busy elsewhere holds of a listener it shares with other processes:
/// with the default buffers (some 280 connections) a busy worker's thread
/// kept taking connections that idle workers would have served at once.
const READY_SNDBUF: usize = 1;

/// A proxy listener's background reader of PROXY headers.
pub struct Acceptor {
    /// Owned through [`READY_RX_SLOT`], [`DROPS_RX_SLOT`] and [`WAKE_SLOT`].
    ready_rx: RawFd,
    drops_rx: RawFd,
    wake: RawFd,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    generation: u64,
}

impl Acceptor {
    /// Starts the thread for `listener` (borrowed: it must stay open until
    /// this is dropped; best non-blocking: see "The listener" in [`super`]).
    /// A descriptor that is not a listening socket fails here (`EINVAL`,
    /// `ENOTSOCK`, `EBADF`), not later in the thread.
    pub fn start(listener: RawFd, cfg: Config) -> io::Result<Acceptor> {
        Self::start_with(listener, cfg, Some(READY_SNDBUF))
    }

    /// [`Acceptor::start`], with the ready channel's send buffer set to
    /// `ready_sndbuf` bytes (the tests' way to fill it quickly).
    pub(super) fn start_with(
        listener: RawFd,
        cfg: Config,
        ready_sndbuf: Option<usize>,
    ) -> io::Result<Acceptor> {
        if !sys::is_listening(listener)? {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        let (ready_rx, ready_tx) = sys::seqpacket_pair()?;
        if let Some(n) = ready_sndbuf {
            socket2::SockRef::from(&ready_tx).set_send_buffer_size(n)?;
        }
        let (drops_rx, drops_tx) = sys::seqpacket_pair()?;
        let wake = sys::eventfd()?;
        let max_pending = cfg.max_pending.max(1);
        // The pending ones, plus the one just accepted before the oldest is
        // evicted.
        let shared = Arc::new(Shared {
            slots: Arc::new(Slots::new(FIRST_CONN_SLOT + max_pending + 1)),
            lost: AtomicU64::new(0),
        });
        shared.slots.set(READY_TX_SLOT, ready_tx.as_raw_fd());
        shared.slots.set(DROPS_TX_SLOT, drops_tx.as_raw_fd());
        let (ready_rx, drops_rx, wake) = (
            ready_rx.into_raw_fd(),
            drops_rx.into_raw_fd(),
            wake.into_raw_fd(),
        );
        shared.slots.set(READY_RX_SLOT, ready_rx);
        shared.slots.set(DROPS_RX_SLOT, drops_rx);
        shared.slots.set(WAKE_SLOT, wake);
        let worker = Worker::new(
            listener,
            wake,
            ready_tx,
            drops_tx,
            Config { max_pending, ..cfg },
            Arc::clone(&shared),
        );
        // The thread takes no signal: a signal for PHP (pcntl_signal, the
        // execution timer) must interrupt PHP's own waits.
        let spawned = sys::SignalsBlocked::new().and_then(|blocked| {
            let thread = std::thread::Builder::new()
                .name("rsock-proxy".into())
                .stack_size(64 * 1024)
                .spawn(move || worker.run());
            drop(blocked);
            thread
        });
        let thread = match spawned {
            Ok(t) => t,
            Err(e) => {
                // The worker (and the write ends it owns) is gone.
                for i in [READY_RX_SLOT, DROPS_RX_SLOT, WAKE_SLOT] {
                    shared.slots.close(i);
                }
                return Err(e);
            }
        };
        slots::register(&shared.slots);
        Ok(Acceptor {
            ready_rx,
            drops_rx,
            wake,
            shared,
            thread: Some(thread),
            generation: sys::fork_generation(),
        })
    }

    /// The descriptor to watch: readable iff a complete connection is
    /// queued (or the thread ended, and [`Acceptor::accept`] fails).
    pub fn ready_fd(&self) -> RawFd {
        self.ready_rx
    }

    /// The next complete connection. `None` waits forever, `Some(ZERO)`
    /// does not wait; `TimedOut` when nothing came in time. An interrupted
    /// wait fails with `Interrupted` (accepts are not resumed, as in PHP).
    /// Out of descriptors it fails with `EMFILE` and the connection stays
    /// queued for a later accept, as in the kernel's backlog natively (the
    /// message is peeked, and taken off the channel only once its
    /// descriptor is ours).
    pub fn accept(&self, timeout: Option<Duration>) -> Outcome<Accepted> {
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        // A header and an address (a unix path at most 258 bytes).
        let mut buf = [0u8; MAX_LEN + 512];
        loop {
            match sys::recv_with_fd(self.ready_fd(), &mut buf, libc::MSG_PEEK) {
                Ok((0, _)) => {
                    // The thread ends before its owner drops it only when
                    // the listener was shut down: accept fails with
                    // EINVAL, as PHP's does on such a listener.
                    return Outcome::Failed(io::Error::from_raw_os_error(libc::EINVAL));
                }
                Ok((n, fd)) => {
                    // Only this thread reads the channel (a forked child
                    // closed its copy at the fork): the message peeked is
                    // the one dropped here, with the kernel's copy of its
                    // descriptor.
                    self.discard();
                    return decode(&buf[..n], fd);
                }
                Err(e) if e.raw_os_error() == Some(libc::EMSGSIZE) => {
                    // Never sent (the buffer holds the longest message);
                    // dropped all the same, so it cannot block the channel.
                    self.discard();
                    return Outcome::Failed(e);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Outcome::Failed(e),
            }
            let left = match (timeout, deadline) {
                (None, _) => None,
                (Some(_), Some(d)) => Some(d.saturating_duration_since(Instant::now())),
                (Some(_), None) => None,
            };
            if left == Some(Duration::ZERO) {
                return Outcome::TimedOut;
            }
            match sys::poll(self.ready_fd(), sys::Interest::Read, left) {
                Ok(0) => return Outcome::TimedOut,
                Ok(_) => {}
                Err(e) => return Outcome::Failed(e),
            }
        }
    }

    /// Takes the message at the head of the ready channel off it (its
    /// descriptor, if any, is closed by the kernel). Were it left there,
    /// the next accept would hand over the same connection again.
    fn discard(&self) {
        while let Err(e) = sys::recv(self.ready_fd(), &mut [0u8; 1], libc::MSG_DONTWAIT) {
            if e.kind() != io::ErrorKind::Interrupted {
                break;
            }
        }
    }

    /// The connections dropped since the last call (never blocks); those
    /// whose reports were lost (the channel was full) are summed up in one
    /// last [`DropReason::Unreported`].
    pub fn take_drops(&self) -> Vec<Dropped> {
        let mut out = Vec::new();
        // An address (a unix path at most 258 bytes) and 5 bytes of reason.
        let mut buf = [0u8; 512];
        loop {
            match sys::recv(
                self.drops_rx,
                &mut buf,
                libc::MSG_DONTWAIT | libc::MSG_TRUNC,
            ) {
                Ok(0) => break,
                Ok(n) if n <= buf.len() => {
                    if let Some((from, reason)) = channel::read_drop(&buf[..n]) {
                        out.push(Dropped { from, reason });
                    }
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let lost = self.shared.lost.swap(0, Ordering::Relaxed);
        if lost > 0 {
            out.push(Dropped {
                from: None,
                reason: DropReason::Unreported(lost),
            });
        }
        out
    }

    /// In a forked child: closes the child's copies of everything the
    /// parent's thread holds (channel ends, pending connections) and of
    /// this side's descriptors, without joining or signalling the thread
    /// (it is the parent's). Dropping an `Acceptor` in a child does the same.
    pub fn forsake(mut self) {
        self.forsake_in_child();
    }

    /// The fork generation ([`sys::fork_generation`]) it was started in.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn forsake_in_child(&mut self) {
        // Already done by the fork handler, unless the registry was busy.
        self.shared.slots.close_all_in_child();
        slots::unregister(&self.shared.slots);
        // Not joined, not detached: the thread does not exist here.
        if let Some(t) = self.thread.take() {
            std::mem::forget(t);
        }
    }
}

impl Drop for Acceptor {
    /// Stops the thread and waits for it: it closes every connection it
    /// still holds. In a forked child, forsakes instead.
    fn drop(&mut self) {
        if sys::fork_generation() != self.generation {
            self.forsake_in_child();
            return;
        }
        if let Some(t) = self.thread.take() {
            // If the signal fails the thread is gone already (or the join
            // would hang): only join after a successful wake.
            if sys::eventfd_signal(self.wake).is_ok() || t.is_finished() {
                let _ = t.join();
            }
        }
        slots::unregister(&self.shared.slots);
        // Closing the read end frees the connections still queued.
        for i in [READY_RX_SLOT, DROPS_RX_SLOT, WAKE_SLOT] {
            self.shared.slots.close(i);
        }
    }
}

/// A ready message (`msg`, with the descriptor `fd`) as a connection.
fn decode(msg: &[u8], fd: Option<OwnedFd>) -> Outcome<Accepted> {
    let bad = || {
        Outcome::Failed(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad message from the PROXY header thread",
        ))
    };
    let Some(fd) = fd else { return bad() };
    let Some((peer, header)) = channel::take_addr(msg) else {
        return bad();
    };
    let header = match parse(header) {
        Parse::Complete { header: h, len } if len == header.len() => h,
        _ => return bad(),
    };
    let peer = match peer {
        Some(p) => p,
        None => match sys::socket_name(fd.as_raw_fd(), true) {
            Ok(p) => p,
            Err(_) => match sys::unix_sockaddr(b"") {
                Ok(p) => p,
                Err(e) => return Outcome::Failed(e),
            },
        },
    };
    Outcome::Ready(Accepted { fd, peer, header })
}
