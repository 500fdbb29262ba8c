//! Readiness of many descriptors at once for `stream_select()`, with
//! `select(2)`'s meaning but no `FD_SETSIZE` ceiling, and a cost that
//! follows what the script passes, not the highest descriptor number.
//!
//! Descriptors whose closing rsock sees (its own streams: the caller says
//! so with `cached`) are kept in an epoll set that lives across calls, so a
//! loop passing the same 10,000 idle streams each time costs the kernel
//! nothing for them. Every other descriptor is polled with `ppoll(2)` per
//! call (with the epoll descriptor among them when both kinds are present).
//! The cache is invisible: a descriptor not passed in a call is dropped
//! from it, one being closed is dropped first ([`forget`]), and a forked
//! child starts its own.
//!
//! The caller may also say where each descriptor sits in its own lists
//! ([`Poller::add_at`]); the answer is then also given as those positions,
//! in order ([`Poller::ready_positions`]), at a cost that follows the ready
//! descriptors only. A call that repeats the previous one exactly can skip
//! adding them again ([`Poller::keep`], `repeat.rs`), and
//! [`may_have_buffered`] tracks the streams whose caller-side buffer may
//! hold data (`buffered.rs`).

use std::{
    io,
    os::fd::{AsRawFd, RawFd},
    time::Duration,
};

use super::sys;

mod buffered;
mod epoll;
mod repeat;
#[cfg(test)]
mod tests;

pub use buffered::{clear_buffered_marks, may_have_buffered, take_buffered_marks};
use epoll::{Epoll, REGISTERED};
pub use epoll::{closes, forget};

/// What a descriptor is watched for: the three sets of `select(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// readable (or at end of file, or in error)
    Read = 1,
    /// writable (or in error)
    Write = 2,
    /// exceptional condition: out-of-band data waiting
    Except = 4,
}

const ALL_READINESS: [Readiness; 3] = [Readiness::Read, Readiness::Write, Readiness::Except];

impl Readiness {
    /// 0, 1, 2 for read, write, except.
    fn index(self) -> usize {
        match self {
            Readiness::Read => 0,
            Readiness::Write => 1,
            Readiness::Except => 2,
        }
    }

    /// The `poll(2)`/`epoll(7)` events this set asks for (same bit values).
    fn events(self) -> i16 {
        match self {
            Readiness::Read => libc::POLLIN | libc::POLLRDNORM | libc::POLLRDBAND,
            Readiness::Write => libc::POLLOUT | libc::POLLWRNORM | libc::POLLWRBAND,
            Readiness::Except => libc::POLLPRI,
        }
    }

    /// Whether `revents` puts the descriptor in this set, as Linux's
    /// `select(2)` decides it (`POLLIN_SET`, `POLLOUT_SET`, `POLLEX_SET`).
    fn matches(self, revents: i16) -> bool {
        let mask = match self {
            Readiness::Read => {
                libc::POLLIN | libc::POLLRDNORM | libc::POLLRDBAND | libc::POLLHUP | libc::POLLERR
            }
            Readiness::Write => libc::POLLOUT | libc::POLLWRNORM | libc::POLLWRBAND | libc::POLLERR,
            Readiness::Except => libc::POLLPRI,
        };
        revents & mask != 0
    }
}

/// One distinct descriptor watched in a call.
#[derive(Debug, Clone, Copy)]
struct Watched {
    fd: RawFd,
    events: i16,
    /// Which sets it was asked for (bits of [`Readiness`]).
    sets: u8,
    cached: bool,
    revents: i16,
    /// Per set ([`Readiness::index`]): the last position recorded for this
    /// descriptor in that set, as an index in [`Poller::positions`] + 1
    /// (0: none); earlier ones follow [`Position::prev`].
    last: [u32; 3],
}

/// A caller's position of a descriptor in one set (see [`Poller::add_at`]).
#[derive(Debug, Clone, Copy)]
struct Position {
    at: u32,
    /// The previous position of the same descriptor in the same set, as
    /// an index in [`Poller::positions`] + 1 (0: none).
    prev: u32,
}

/// Collects descriptors per set, waits once, answers per descriptor.
/// Reused across calls so that a loop over the same streams allocates
/// nothing after the first call.
#[derive(Debug, Default)]
pub struct Poller {
    /// Never keep an epoll set (a call nested in another one's stream
    /// casts: the outer call's set stays the thread's one).
    uncached: bool,
    watched: Vec<Watched>,
    /// Descriptor number -> index in `watched` + 1 (0: absent). Dense: descriptor
    /// numbers are small and reused.
    slot: Vec<u32>,
    pollfds: Vec<libc::pollfd>,
    max_fd: RawFd,
    epoll: Option<Epoll>,
    /// Positions recorded by [`Poller::add_at`], chained per descriptor and set.
    positions: Vec<Position>,
    /// Positions recorded per set.
    counted: [u32; 3],
    /// Indices in `watched` of the descriptors the last wait found ready
    /// (in any set asked or not: they carry `revents`).
    ready: Vec<u32>,
    /// The last wait succeeded with every descriptor in the epoll set,
    /// registered for exactly what was asked: it can be repeated.
    all_cached: bool,
    /// [`Poller::keep`] was called after that wait (see `repeat.rs`).
    kept: bool,
    /// [`Poller::ready_positions`]'s answer.
    scratch: Vec<u32>,
}

impl Poller {
    /// A poller that polls everything per call and keeps no epoll set.
    pub fn uncached() -> Self {
        Poller {
            uncached: true,
            ..Default::default()
        }
    }

    /// Forgets the previous call's descriptors and positions (keeps the
    /// memory and the epoll set).
    pub fn clear(&mut self) {
        for e in &self.watched {
            if let Some(s) = self.slot.get_mut(e.fd as usize) {
                *s = 0;
            }
        }
        self.watched.clear();
        self.positions.clear();
        self.counted = [0; 3];
        self.ready.clear();
        self.all_cached = false;
        self.kept = false;
        self.max_fd = 0;
    }

    fn watched_fd(&self, fd: RawFd) -> Option<&Watched> {
        match self.slot.get(usize::try_from(fd).ok()?) {
            Some(&n) if n > 0 => self.watched.get(n as usize - 1),
            _ => None,
        }
    }

    /// Asks about `fd` in `set`. The same descriptor in several sets (or
    /// several times) is polled once. `cached`: the caller will call
    /// [`forget`] before the descriptor is closed, so it may stay in the
    /// epoll set between calls.
    pub fn add(&mut self, fd: RawFd, set: Readiness, cached: bool) {
        self.add_watched(fd, set, cached);
    }

    /// [`Poller::add`], and records that the caller's list for `set` has
    /// `fd` at position `at` (positions are the caller's: e.g. slots of an
    /// array, each recorded once).
    pub fn add_at(&mut self, fd: RawFd, set: Readiness, cached: bool, at: u32) {
        let Some(idx) = self.add_watched(fd, set, cached) else {
            return;
        };
        let s = set.index();
        let prev = self.watched[idx].last[s];
        self.positions.push(Position { at, prev });
        self.watched[idx].last[s] = self.positions.len() as u32;
        self.counted[s] += 1;
    }

    fn add_watched(&mut self, fd: RawFd, set: Readiness, cached: bool) -> Option<usize> {
        let i = usize::try_from(fd).ok()?;
        if self.slot.len() <= i {
            self.slot.resize(i + 1, 0);
        }
        let idx = match self.slot[i] {
            0 => {
                self.watched.push(Watched {
                    fd,
                    events: 0,
                    sets: 0,
                    cached,
                    revents: 0,
                    last: [0; 3],
                });
                self.slot[i] = self.watched.len() as u32;
                self.watched.len() - 1
            }
            n => n as usize - 1,
        };
        let e = &mut self.watched[idx];
        e.events |= set.events();
        e.sets |= set as u8;
        e.cached &= cached && !self.uncached;
        self.max_fd = self.max_fd.max(fd);
        Some(idx)
    }

    /// The highest descriptor added (for PHP's warning text).
    pub fn max_fd(&self) -> RawFd {
        self.max_fd
    }

    /// Brings the epoll set in line with this call's cached descriptors;
    /// those it cannot take are polled instead. Returns whether any are
    /// in it.
    fn sync_cache(&mut self) -> bool {
        if self
            .epoll
            .as_ref()
            .is_some_and(|ep| ep.generation != sys::fork_generation())
        {
            // Forked: the inherited set is shared with the parent; leave it
            // to the parent untouched (a child may start its own below).
            self.epoll = None;
        }
        if !self.watched.iter().any(|e| e.cached) {
            if let Some(ep) = &mut self.epoll {
                ep.retain(|_| false);
            }
            return false;
        }
        if self.epoll.is_none() {
            match Epoll::new() {
                Ok(ep) => self.epoll = Some(ep),
                Err(_) => {
                    self.watched.iter_mut().for_each(|e| e.cached = false);
                    return false;
                }
            }
        }
        let Some(ep) = self.epoll.as_mut() else {
            return false;
        };
        let (mut cached, mut added) = (0, 0);
        REGISTERED.with_borrow_mut(|reg| {
            for e in self.watched.iter_mut().filter(|e| e.cached) {
                match ep.want(reg, e.fd, e.events) {
                    Ok(new) => {
                        cached += 1;
                        added += usize::from(new);
                    }
                    Err(_) => e.cached = false,
                }
            }
        });
        // Every registered descriptor is wanted again (the usual loop over
        // the same streams): nothing to drop.
        if added > 0 || cached != ep.list.len() {
            let (slot, watched) = (&self.slot, &self.watched);
            ep.retain(|fd| {
                matches!(slot.get(fd as usize), Some(&n) if n > 0 && watched[n as usize - 1].cached)
            });
        }
        cached > 0
    }

    /// Waits up to `timeout` (`None`: forever) and returns what `select(2)`
    /// would: the number of (descriptor, set) pairs that are ready. A closed
    /// descriptor fails with `EBADF` and a signal with `EINTR`, as select's.
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<usize> {
        self.all_cached = false;
        self.kept = false;
        self.ready.clear();
        let use_epoll = self.sync_cache();
        self.pollfds.clear();
        for e in &mut self.watched {
            e.revents = 0;
            if !e.cached {
                self.pollfds.push(libc::pollfd {
                    fd: e.fd,
                    events: e.events,
                    revents: 0,
                });
            }
        }
        let mut epoll_ready = use_epoll;
        if use_epoll && !self.pollfds.is_empty() {
            let epfd = self.epoll.as_ref().map_or(-1, |ep| ep.fd.as_raw_fd());
            self.pollfds.push(libc::pollfd {
                fd: epfd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        if !self.pollfds.is_empty() {
            sys::ppoll(&mut self.pollfds, timeout)?;
            if use_epoll {
                epoll_ready = self
                    .pollfds
                    .pop()
                    .is_some_and(|p| p.revents & libc::POLLIN != 0);
            }
            for p in &self.pollfds {
                if p.revents & libc::POLLNVAL != 0 {
                    return Err(io::Error::from_raw_os_error(libc::EBADF));
                }
                if let Some(&n) = self.slot.get(p.fd as usize) {
                    self.watched[n as usize - 1].revents = p.revents;
                }
            }
        }
        let only_epoll = self.pollfds.is_empty();
        if epoll_ready && let Some(ep) = self.epoll.as_mut() {
            let wait = if only_epoll {
                timeout
            } else {
                Some(Duration::ZERO)
            };
            // Room for every cached descriptor, so none goes unreported.
            let want = self.watched.iter().filter(|e| e.cached).count();
            ep.events.clear();
            ep.events.reserve(want);
            sys::epoll_wait(ep.fd.as_raw_fd(), &mut ep.events, wait)?;
            for ev in &ep.events {
                let fd = ev.u64 as RawFd;
                if let Some(&n) = self.slot.get(fd as usize).filter(|&&n| n > 0) {
                    self.watched[n as usize - 1].revents = ev.events as u16 as i16;
                }
            }
        }
        let mut n = 0;
        for (i, e) in self.watched.iter().enumerate() {
            if e.revents != 0 {
                self.ready.push(i as u32);
                n += e.count_ready();
            }
        }
        self.all_cached = use_epoll && only_epoll;
        Ok(n)
    }

    /// Whether `fd` came out ready in `set` from the last [`Poller::wait`].
    pub fn is_ready(&self, fd: RawFd, set: Readiness) -> bool {
        self.watched_fd(fd).is_some_and(|e| e.is_ready(set))
    }

    /// Whether any position was recorded for `set` ([`Poller::add_at`]).
    pub fn has_positions(&self, set: Readiness) -> bool {
        self.counted[set.index()] > 0
    }

    /// The positions recorded for `set` whose descriptor came out ready in
    /// `set` from the last wait, in increasing order. Costs the ready
    /// descriptors and their positions, not everything watched.
    pub fn ready_positions(&mut self, set: Readiness) -> &[u32] {
        self.scratch.clear();
        for &i in &self.ready {
            let e = &self.watched[i as usize];
            if e.is_ready(set) {
                push_chain(&mut self.scratch, &self.positions, e.last[set.index()]);
            }
        }
        self.scratch.sort_unstable();
        &self.scratch
    }

    /// The positions recorded for `fd` in `set`, in increasing order.
    pub fn positions_of(&mut self, fd: RawFd, set: Readiness) -> &[u32] {
        self.scratch.clear();
        if let Some(e) = self.watched_fd(fd) {
            let last = e.last[set.index()];
            push_chain(&mut self.scratch, &self.positions, last);
        }
        self.scratch.sort_unstable();
        &self.scratch
    }
}

/// Appends the positions chained from `last` (see [`Watched::last`]).
fn push_chain(out: &mut Vec<u32>, positions: &[Position], mut last: u32) {
    while let Some(p) = last.checked_sub(1).and_then(|i| positions.get(i as usize)) {
        out.push(p.at);
        last = p.prev;
    }
}

impl Watched {
    fn is_ready(&self, set: Readiness) -> bool {
        self.sets & set as u8 != 0 && set.matches(self.revents)
    }

    /// The (descriptor, set) pairs it counts for in `select(2)`'s result.
    fn count_ready(&self) -> usize {
        ALL_READINESS.iter().filter(|&&s| self.is_ready(s)).count()
    }
}
