//! The thread of one proxy listener. It accepts, checks the source, reads
//! each header without reading past its end, and hands complete
//! connections to PHP's thread over the ready channel. It never blocks:
//! every descriptor it reads is non-blocking and it waits only in `poll`,
//! up to the nearest header deadline.
//!
//! Reading a header: peek at what has arrived, parse the bytes held so
//! far plus the peeked ones, then consume exactly what belongs to the
//! header: all of it while the header is incomplete (a prefix of a header
//! is header), up to its end when it is complete. So application data
//! sent in the same packet stays in the socket for PHP, and the socket is
//! never left readable with bytes already examined (no busy loop).
//!
//! The listener is borrowed. The thread polls it before accepting and
//! treats `EAGAIN` as "someone else took it" (another process sharing the
//! listener). If someone made it blocking (`socket_set_block` after
//! `socket_import_stream`, another program sharing it), the thread makes
//! it non-blocking again before accepting: with several processes sharing
//! it, every readiness wakes every thread and all but one would otherwise
//! block in `accept`, until the next connection, with their pending
//! headers unread and their owner's `fclose()` waiting to join them. Only
//! if that fails does it accept one connection per readiness.

use std::{
    collections::VecDeque,
    io,
    os::fd::{AsRawFd, OwnedFd, RawFd},
    sync::Arc,
    time::{Duration, Instant},
};

use socket2::SockAddr;

use super::{
    MAX_LEN, Parse,
    acceptor::{Config, DROPS_TX_SLOT, DropReason, FIRST_CONN_SLOT, READY_TX_SLOT, Shared},
    channel, parse,
};
use crate::net::sys;

/// Accepts per wake-up, so that pending headers are read in between.
const ACCEPT_BATCH: usize = 64;
/// How long accepting pauses after a resource error (`EMFILE`, `ENOBUFS`).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// A connection whose header is not complete yet.
struct Pending {
    fd: OwnedFd,
    peer: SockAddr,
    buf: Vec<u8>,
    deadline: Instant,
    slot: usize,
}

/// A connection with a complete header, waiting for room in the channel.
struct Complete {
    fd: OwnedFd,
    peer: SockAddr,
    header: Vec<u8>,
    slot: usize,
}

/// What reading from a pending connection led to.
enum Step {
    Wait,
    Done,
    Drop(DropReason),
}

/// The thread's state.
pub struct Worker {
    listener: RawFd,
    wake: RawFd,
    ready_tx: OwnedFd,
    drops_tx: OwnedFd,
    cfg: Config,
    shared: Arc<Shared>,
    free: Vec<usize>,
    pending: VecDeque<Pending>,
    outbox: VecDeque<Complete>,
    scratch: Vec<u8>,
    message: Vec<u8>,
    paused_until: Option<Instant>,
    /// The listener stopped listening (`stream_socket_shutdown`): the
    /// thread ends, so PHP's accept fails at once, as natively.
    shut_down: bool,
}

impl Worker {
    /// The state for a thread serving `listener`.
    pub(super) fn new(
        listener: RawFd,
        wake: RawFd,
        ready_tx: OwnedFd,
        drops_tx: OwnedFd,
        cfg: Config,
        shared: Arc<Shared>,
    ) -> Self {
        let free = (FIRST_CONN_SLOT..shared.slots.len()).rev().collect();
        Worker {
            listener,
            wake,
            ready_tx,
            drops_tx,
            cfg,
            shared,
            free,
            pending: VecDeque::new(),
            outbox: VecDeque::new(),
            scratch: vec![0; MAX_LEN],
            message: Vec::with_capacity(MAX_LEN + 32),
            paused_until: None,
            shut_down: false,
        }
    }

    /// Runs until woken through the eventfd (or the listener is shut
    /// down), then closes every connection held.
    pub fn run(mut self) {
        let mut fds: Vec<libc::pollfd> = Vec::new();
        loop {
            let now = Instant::now();
            if self.paused_until.is_some_and(|t| t <= now) {
                self.paused_until = None;
            }
            let accepting = self.outbox.is_empty() && self.paused_until.is_none();
            fds.clear();
            fds.push(pollfd(self.wake, libc::POLLIN));
            fds.push(pollfd(
                if accepting { self.listener } else { -1 },
                libc::POLLIN,
            ));
            fds.push(pollfd(
                if self.outbox.is_empty() {
                    -1
                } else {
                    self.ready_tx.as_raw_fd()
                },
                libc::POLLOUT,
            ));
            for p in &self.pending {
                fds.push(pollfd(p.fd.as_raw_fd(), libc::POLLIN));
            }
            let next = self
                .pending
                .iter()
                .map(|p| p.deadline)
                .chain(self.paused_until)
                .min();
            let timeout = next.map(|d| d.saturating_duration_since(now));
            match sys::ppoll(&mut fds, timeout) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    // Out of memory, or more descriptors than RLIMIT_NOFILE
                    // allows now (lowered at run time): ending would leave
                    // the server dead in this process. Wait on the wake-up
                    // alone, drop what expired (fewer to poll), try again.
                    if sys::poll(self.wake, sys::Interest::Read, Some(ACCEPT_PAUSE))
                        .is_ok_and(|r| r != 0)
                    {
                        break;
                    }
                    self.expire(Instant::now());
                    continue;
                }
            }
            if fds[0].revents != 0 {
                break;
            }
            if fds[2].revents != 0 {
                self.flush();
            }
            let readable: Vec<bool> = fds[3..].iter().map(|f| f.revents != 0).collect();
            self.read_pending(&readable);
            self.expire(Instant::now());
            if fds[1].revents != 0 && self.outbox.is_empty() {
                self.accept_some(fds[1].revents);
                if self.shut_down {
                    break;
                }
            }
        }
        self.close_all();
    }

    /// Reads from the pending connections marked readable (same order).
    fn read_pending(&mut self, readable: &[bool]) {
        let before = std::mem::take(&mut self.pending);
        for (mut p, ready) in before
            .into_iter()
            .zip(readable.iter().copied().chain(std::iter::repeat(false)))
        {
            if !ready {
                self.pending.push_back(p);
                continue;
            }
            match self.step(&mut p) {
                Step::Wait => self.pending.push_back(p),
                Step::Done => self.complete(p),
                Step::Drop(reason) => self.drop_conn(p.fd, p.slot, Some(&p.peer), reason),
            }
        }
    }

    /// Peeks, parses, consumes what belongs to the header.
    fn step(&mut self, p: &mut Pending) -> Step {
        let fd = p.fd.as_raw_fd();
        let room = MAX_LEN.saturating_sub(p.buf.len()).max(1);
        let n = match sys::recv(fd, &mut self.scratch[..room.min(MAX_LEN)], libc::MSG_PEEK) {
            Ok(0) => return Step::Drop(DropReason::Closed),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) =>
            {
                return Step::Wait;
            }
            Err(_) => return Step::Drop(DropReason::Closed),
        };
        let old = p.buf.len();
        p.buf.extend_from_slice(&self.scratch[..n]);
        let (take, step) = match parse(&p.buf) {
            Parse::Incomplete { .. } => (n, Step::Wait),
            Parse::Complete { len, .. } => {
                p.buf.truncate(len);
                (len - old, Step::Done)
            }
            Parse::Invalid(m) => return Step::Drop(DropReason::Malformed(m)),
        };
        if consume(fd, &mut self.scratch, take).is_err() {
            return Step::Drop(DropReason::Closed);
        }
        step
    }

    /// A connection's header is complete: queue it and try to hand it over.
    fn complete(&mut self, p: Pending) {
        self.outbox.push_back(Complete {
            fd: p.fd,
            peer: p.peer,
            header: p.buf,
            slot: p.slot,
        });
        self.flush();
    }

    /// Hands over queued connections while the channel has room.
    fn flush(&mut self) {
        while let Some(c) = self.outbox.front() {
            channel::ready_message(&c.peer, &c.header, &mut self.message);
            match sys::send_with_fd(self.ready_tx.as_raw_fd(), &self.message, c.fd.as_raw_fd()) {
                Ok(_) => {
                    if let Some(c) = self.outbox.pop_front() {
                        self.release(c.fd, c.slot);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    if let Some(c) = self.outbox.pop_front() {
                        let errno = e.raw_os_error().unwrap_or(libc::EIO);
                        self.drop_conn(c.fd, c.slot, Some(&c.peer), DropReason::Failed(errno));
                    }
                }
            }
        }
    }

    /// Drops the pending connections whose time is up (oldest first).
    fn expire(&mut self, now: Instant) {
        while self.pending.front().is_some_and(|p| p.deadline <= now) {
            if let Some(p) = self.pending.pop_front() {
                self.drop_conn(p.fd, p.slot, Some(&p.peer), DropReason::TimedOut);
            }
        }
    }

    /// Accepts what the listener holds (a batch; one if it is blocking and
    /// cannot be made non-blocking again).
    fn accept_some(&mut self, revents: i16) {
        let nonblocking = sys::is_nonblocking(self.listener).unwrap_or(false)
            || sys::set_nonblocking(self.listener, true).is_ok();
        let batch = if nonblocking { ACCEPT_BATCH } else { 1 };
        for _ in 0..batch {
            if !self.outbox.is_empty() {
                return;
            }
            let (fd, peer) = match sys::accept_nonblocking(self.listener) {
                Ok(v) => v,
                Err(e) => match e.raw_os_error() {
                    // Hung up yet nothing to accept: a unix listener shut
                    // down (a TCP one says EINVAL); it would stay readable.
                    Some(libc::EAGAIN) if revents & (libc::POLLHUP | libc::POLLERR) != 0 => {
                        self.shut_down = true;
                        return;
                    }
                    Some(libc::EAGAIN | libc::EINTR) => return,
                    // The connection died in the backlog: next.
                    Some(libc::ECONNABORTED | libc::EPROTO | libc::EPERM) => continue,
                    // Not listening any more (shut down): no connection
                    // will ever come. Ending closes the ready channel, so
                    // PHP's select wakes and its accept fails at once.
                    Some(libc::EINVAL) => {
                        self.shut_down = true;
                        return;
                    }
                    // Out of descriptors or memory, or the listener is
                    // unusable: the listener stays readable, so pause.
                    _ => {
                        self.paused_until = Instant::now().checked_add(ACCEPT_PAUSE);
                        return;
                    }
                },
            };
            if !self.cfg.allow.allows(&peer) {
                self.report(Some(&peer), &DropReason::NotAllowed);
                continue;
            }
            if self.pending.len() >= self.cfg.max_pending
                && let Some(old) = self.pending.pop_front()
            {
                self.drop_conn(
                    old.fd,
                    old.slot,
                    Some(&old.peer),
                    DropReason::TooManyPending,
                );
            }
            let Some(slot) = self.free.pop() else {
                self.report(Some(&peer), &DropReason::TooManyPending);
                continue;
            };
            self.shared.slots.set(slot, fd.as_raw_fd());
            let deadline = Instant::now()
                .checked_add(self.cfg.header_timeout)
                .unwrap_or_else(|| Instant::now() + Duration::from_secs(86400 * 365));
            let mut p = Pending {
                fd,
                peer,
                buf: Vec::new(),
                deadline,
                slot,
            };
            // The header often came with the connection: read it now.
            match self.step(&mut p) {
                Step::Wait => self.pending.push_back(p),
                Step::Done => self.complete(p),
                Step::Drop(reason) => self.drop_conn(p.fd, p.slot, Some(&p.peer), reason),
            }
        }
    }

    /// Frees `slot` and closes `fd`.
    fn release(&mut self, fd: OwnedFd, slot: usize) {
        self.shared.slots.clear(slot);
        drop(fd);
        self.free.push(slot);
    }

    /// Reports why, then closes a connection (so the report is queued
    /// before the peer can see the close).
    fn drop_conn(&mut self, fd: OwnedFd, slot: usize, from: Option<&SockAddr>, reason: DropReason) {
        self.report(from, &reason);
        self.release(fd, slot);
    }

    /// Sends a drop report; when PHP has not drained the channel and it is
    /// full, the report is only counted (the connection is closed all the
    /// same).
    fn report(&self, from: Option<&SockAddr>, reason: &DropReason) {
        let msg = channel::drop_message(from, reason);
        if sys::send(
            self.drops_tx.as_raw_fd(),
            &msg,
            libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
        )
        .is_err()
        {
            // Counted: PHP warns about them in one line.
            self.shared
                .lost
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// On the way out: every descriptor held is closed, slots first.
    fn close_all(mut self) {
        for p in std::mem::take(&mut self.pending) {
            self.release(p.fd, p.slot);
        }
        for c in std::mem::take(&mut self.outbox) {
            self.release(c.fd, c.slot);
        }
        self.shared.slots.clear(READY_TX_SLOT);
        self.shared.slots.clear(DROPS_TX_SLOT);
        // `ready_tx` and `drops_tx` close when `self` drops.
    }
}

fn pollfd(fd: RawFd, events: i16) -> libc::pollfd {
    libc::pollfd {
        fd,
        events,
        revents: 0,
    }
}

/// Reads and discards exactly `n` bytes that a peek has shown are there.
fn consume(fd: RawFd, scratch: &mut [u8], mut n: usize) -> io::Result<()> {
    while n > 0 {
        let chunk = n.min(scratch.len());
        match sys::recv(fd, &mut scratch[..chunk], 0) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(k) => n -= k.min(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
