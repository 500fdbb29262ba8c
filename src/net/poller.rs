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

use std::{
    cell::{Cell, RefCell},
    io,
    os::fd::{AsRawFd, OwnedFd, RawFd},
    time::Duration,
};

use super::sys;

/// The three sets of `select(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// readable (or at end of file, or in error)
    Read = 1,
    /// writable (or in error)
    Write = 2,
    /// exceptional condition: out-of-band data waiting
    Except = 4,
}

const ALL_SETS: [Set; 3] = [Set::Read, Set::Write, Set::Except];

impl Set {
    /// The `poll(2)`/`epoll(7)` events this set asks for (same bit values).
    fn events(self) -> i16 {
        match self {
            Set::Read => libc::POLLIN | libc::POLLRDNORM | libc::POLLRDBAND,
            Set::Write => libc::POLLOUT | libc::POLLWRNORM | libc::POLLWRBAND,
            Set::Except => libc::POLLPRI,
        }
    }

    /// Whether `revents` puts the descriptor in this set, as Linux's
    /// `select(2)` decides it (`POLLIN_SET`, `POLLOUT_SET`, `POLLEX_SET`).
    fn matches(self, revents: i16) -> bool {
        let mask = match self {
            Set::Read => {
                libc::POLLIN | libc::POLLRDNORM | libc::POLLRDBAND | libc::POLLHUP | libc::POLLERR
            }
            Set::Write => libc::POLLOUT | libc::POLLWRNORM | libc::POLLWRBAND | libc::POLLERR,
            Set::Except => libc::POLLPRI,
        };
        revents & mask != 0
    }
}

/// One distinct descriptor of a call.
#[derive(Debug, Clone, Copy)]
struct Entry {
    fd: RawFd,
    events: i16,
    /// Which sets it was asked for (bits of [`Set`]).
    sets: u8,
    cached: bool,
    revents: i16,
}

thread_local! {
    /// The epoll set's descriptor and the fork generation it belongs to,
    /// for [`forget`].
    static EPOLL_OWNER: Cell<Option<(RawFd, u64)>> = const { Cell::new(None) };
    /// Per descriptor number: the events registered in that set (low 16
    /// bits, 0: none) and [`IN_LIST`]. Thread-wide rather than in the
    /// [`Poller`], so that [`forget`] can update it even while a call is
    /// under way.
    static REGISTERED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Drops `fd` from this thread's epoll set before it is closed. Must be
/// called for every descriptor added with `cached` when it is closed, so a
/// descriptor number reused by a new socket is never mistaken for the old.
pub fn forget(fd: RawFd) {
    if let Some((epfd, generation)) = EPOLL_OWNER.get()
        // A forked child shares its parent's epoll set: never touch it.
        && generation == sys::fork_generation()
        && registered(fd) != 0
    {
        let _ = sys::epoll_ctl(epfd, libc::EPOLL_CTL_DEL, fd, 0);
        set_registered(fd, 0);
    }
}

/// Marks a descriptor that is in [`Epoll::list`].
const IN_LIST: u32 = 1 << 16;
const EVENTS: u32 = 0xffff;

/// (Safe while the thread is being torn down: nothing is registered then.)
fn registered(fd: RawFd) -> i16 {
    REGISTERED
        .try_with(|r| {
            r.try_borrow().map_or(0, |r| {
                r.get(fd as usize)
                    .map_or(0, |&v| (v & EVENTS) as u16 as i16)
            })
        })
        .unwrap_or(0)
}

fn set_registered(fd: RawFd, events: i16) {
    let _ = REGISTERED.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            set_events(&mut r, fd, events);
        }
    });
}

fn set_events(r: &mut Vec<u32>, fd: RawFd, events: i16) {
    let i = fd as usize;
    if r.len() <= i {
        r.resize(i + 1, 0);
    }
    r[i] = (r[i] & !EVENTS) | u32::from(events as u16);
}

/// The epoll set kept across calls.
#[derive(Debug)]
struct Epoll {
    fd: OwnedFd,
    /// [`sys::fork_generation`] when it was made: a forked child sees a
    /// newer one and makes its own set.
    generation: u64,
    /// The registered descriptors.
    list: Vec<RawFd>,
    events: Vec<libc::epoll_event>,
}

impl Drop for Epoll {
    fn drop(&mut self) {
        if EPOLL_OWNER
            .get()
            .is_some_and(|(fd, _)| fd == self.fd.as_raw_fd())
        {
            EPOLL_OWNER.set(None);
        }
    }
}

impl Epoll {
    fn new() -> io::Result<Self> {
        let fd = sys::epoll_create()?;
        let generation = sys::fork_generation();
        EPOLL_OWNER.set(Some((fd.as_raw_fd(), generation)));
        REGISTERED.with_borrow_mut(Vec::clear);
        Ok(Epoll {
            fd,
            generation,
            list: Vec::new(),
            events: Vec::new(),
        })
    }

    /// Makes `fd` registered for exactly `events`; true if it was added.
    fn want(&mut self, reg: &mut Vec<u32>, fd: RawFd, events: i16) -> io::Result<bool> {
        let state = reg.get(fd as usize).copied().unwrap_or(0);
        let have = (state & EVENTS) as u16 as i16;
        if have == events {
            return Ok(false);
        }
        let epfd = self.fd.as_raw_fd();
        let ev = events as u16 as u32;
        let op = if have == 0 {
            libc::EPOLL_CTL_ADD
        } else {
            libc::EPOLL_CTL_MOD
        };
        match sys::epoll_ctl(epfd, op, fd, ev) {
            Err(e) if e.raw_os_error() == Some(libc::EEXIST) => {
                sys::epoll_ctl(epfd, libc::EPOLL_CTL_MOD, fd, ev)?
            }
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
                sys::epoll_ctl(epfd, libc::EPOLL_CTL_ADD, fd, ev)?
            }
            other => other?,
        }
        set_events(reg, fd, events);
        if state & IN_LIST == 0 {
            self.list.push(fd);
            reg[fd as usize] |= IN_LIST;
        }
        Ok(have == 0)
    }

    /// Drops every registered descriptor `keep` says no to.
    fn retain(&mut self, keep: impl Fn(RawFd) -> bool) {
        let epfd = self.fd.as_raw_fd();
        REGISTERED.with_borrow_mut(|reg| {
            self.list.retain(|&fd| {
                let state = reg.get(fd as usize).copied().unwrap_or(0);
                let keep = state & EVENTS != 0 && keep(fd);
                if !keep {
                    if state & EVENTS != 0 {
                        let _ = sys::epoll_ctl(epfd, libc::EPOLL_CTL_DEL, fd, 0);
                    }
                    if let Some(v) = reg.get_mut(fd as usize) {
                        *v = 0;
                    }
                }
                keep
            });
        });
    }
}

/// Collects descriptors per set, waits once, answers per descriptor.
/// Reused across calls so that a loop over the same streams allocates
/// nothing after the first call.
#[derive(Debug, Default)]
pub struct Poller {
    /// Never keep an epoll set (a call nested in another one's stream
    /// casts: the outer call's set stays the thread's one).
    uncached: bool,
    entries: Vec<Entry>,
    /// Descriptor number -> entry index + 1 (0: absent). Dense: descriptor
    /// numbers are small and reused.
    slot: Vec<u32>,
    pollfds: Vec<libc::pollfd>,
    max_fd: RawFd,
    epoll: Option<Epoll>,
}

impl Poller {
    /// A poller that polls everything per call and keeps no epoll set.
    pub fn uncached() -> Self {
        Poller {
            uncached: true,
            ..Default::default()
        }
    }

    /// Forgets the previous call's descriptors (keeps the memory and the
    /// epoll set).
    pub fn clear(&mut self) {
        for e in &self.entries {
            if let Some(s) = self.slot.get_mut(e.fd as usize) {
                *s = 0;
            }
        }
        self.entries.clear();
        self.max_fd = 0;
    }

    fn entry(&self, fd: RawFd) -> Option<&Entry> {
        match self.slot.get(usize::try_from(fd).ok()?) {
            Some(&n) if n > 0 => self.entries.get(n as usize - 1),
            _ => None,
        }
    }

    /// Asks about `fd` in `set`. The same descriptor in several sets (or
    /// several times) is polled once. `cached`: the caller will call
    /// [`forget`] before the descriptor is closed, so it may stay in the
    /// epoll set between calls.
    pub fn add(&mut self, fd: RawFd, set: Set, cached: bool) {
        let Ok(i) = usize::try_from(fd) else { return };
        if self.slot.len() <= i {
            self.slot.resize(i + 1, 0);
        }
        let idx = match self.slot[i] {
            0 => {
                self.entries.push(Entry {
                    fd,
                    events: 0,
                    sets: 0,
                    cached,
                    revents: 0,
                });
                self.slot[i] = self.entries.len() as u32;
                self.entries.len() - 1
            }
            n => n as usize - 1,
        };
        let e = &mut self.entries[idx];
        e.events |= set.events();
        e.sets |= set as u8;
        e.cached &= cached && !self.uncached;
        self.max_fd = self.max_fd.max(fd);
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
        if !self.entries.iter().any(|e| e.cached) {
            if let Some(ep) = &mut self.epoll {
                ep.retain(|_| false);
            }
            return false;
        }
        if self.epoll.is_none() {
            match Epoll::new() {
                Ok(ep) => self.epoll = Some(ep),
                Err(_) => {
                    self.entries.iter_mut().for_each(|e| e.cached = false);
                    return false;
                }
            }
        }
        let Some(ep) = self.epoll.as_mut() else {
            return false;
        };
        let (mut cached, mut added) = (0, 0);
        REGISTERED.with_borrow_mut(|reg| {
            for e in self.entries.iter_mut().filter(|e| e.cached) {
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
            let (slot, entries) = (&self.slot, &self.entries);
            ep.retain(|fd| {
                matches!(slot.get(fd as usize), Some(&n) if n > 0 && entries[n as usize - 1].cached)
            });
        }
        cached > 0
    }

    /// Waits up to `timeout` (`None`: forever) and returns what `select(2)`
    /// would: the number of (descriptor, set) pairs that are ready. A closed
    /// descriptor fails with `EBADF` and a signal with `EINTR`, as select's.
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<usize> {
        let use_epoll = self.sync_cache();
        self.pollfds.clear();
        for e in &mut self.entries {
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
                    self.entries[n as usize - 1].revents = p.revents;
                }
            }
        }
        if epoll_ready && let Some(ep) = self.epoll.as_mut() {
            let only_epoll = self.pollfds.is_empty();
            let wait = if only_epoll {
                timeout
            } else {
                Some(Duration::ZERO)
            };
            // Room for every cached descriptor, so none goes unreported.
            let want = self.entries.iter().filter(|e| e.cached).count();
            ep.events.clear();
            ep.events.reserve(want);
            sys::epoll_wait(ep.fd.as_raw_fd(), &mut ep.events, wait)?;
            for ev in &ep.events {
                let fd = ev.u64 as RawFd;
                if let Some(&n) = self.slot.get(fd as usize).filter(|&&n| n > 0) {
                    self.entries[n as usize - 1].revents = ev.events as u16 as i16;
                }
            }
        }
        Ok(self
            .entries
            .iter()
            .map(|e| {
                ALL_SETS
                    .iter()
                    .filter(|&&s| e.sets & s as u8 != 0 && s.matches(e.revents))
                    .count()
            })
            .sum())
    }

    /// Whether `fd` came out ready in `set` from the last [`Poller::wait`].
    pub fn is_ready(&self, fd: RawFd, set: Set) -> bool {
        self.entry(fd)
            .is_some_and(|e| e.sets & set as u8 != 0 && set.matches(e.revents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::test_util::pair;
    use std::{
        io::Write,
        net::{TcpListener, TcpStream},
        os::fd::AsRawFd,
        time::Instant,
    };

    #[test]
    fn counts_like_select() {
        let (mut c, s) = pair();
        let mut p = Poller::default();
        p.add(s.as_raw_fd(), Set::Read, false);
        p.add(s.as_raw_fd(), Set::Read, false); // duplicate: counted once
        p.add(s.as_raw_fd(), Set::Write, false);
        p.add(s.as_raw_fd(), Set::Except, false);
        assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 1, "only writable");
        assert!(p.is_ready(s.as_raw_fd(), Set::Write));
        assert!(!p.is_ready(s.as_raw_fd(), Set::Read));
        c.write_all(b"x").unwrap();
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 2);
        assert!(p.is_ready(s.as_raw_fd(), Set::Read));
        assert!(!p.is_ready(s.as_raw_fd(), Set::Except));
        assert!(!p.is_ready(c.as_raw_fd(), Set::Read), "never added");
    }

    #[test]
    fn out_of_band_data_is_exceptional() {
        let (c, s) = pair();
        let sent = sys::send(c.as_raw_fd(), b"!", libc::MSG_OOB).unwrap();
        assert_eq!(sent, 1);
        let mut p = Poller::default();
        p.add(s.as_raw_fd(), Set::Except, true);
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
        assert!(p.is_ready(s.as_raw_fd(), Set::Except));
    }

    #[test]
    fn timeout_and_reuse() {
        let (_c, s) = pair();
        let mut p = Poller::default();
        p.add(s.as_raw_fd(), Set::Read, true);
        let t = Instant::now();
        assert_eq!(p.wait(Some(Duration::from_millis(30))).unwrap(), 0);
        assert!(t.elapsed() >= Duration::from_millis(30));
        p.clear();
        assert!(!p.is_ready(s.as_raw_fd(), Set::Read));
        assert_eq!(p.max_fd(), 0);
    }

    #[test]
    fn cache_follows_each_call_and_forget() {
        let (mut c1, s1) = pair();
        let (mut c2, s2) = pair();
        let mut p = Poller::default();
        // Both cached, s1 readable.
        c1.write_all(b"x").unwrap();
        p.add(s1.as_raw_fd(), Set::Read, true);
        p.add(s2.as_raw_fd(), Set::Read, true);
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
        assert!(p.is_ready(s1.as_raw_fd(), Set::Read));
        // Next call without s1: still readable, but not asked, so not
        // reported and no early wake-up.
        p.clear();
        p.add(s2.as_raw_fd(), Set::Read, true);
        let t = Instant::now();
        assert_eq!(p.wait(Some(Duration::from_millis(30))).unwrap(), 0);
        assert!(t.elapsed() >= Duration::from_millis(25));
        // Mixed with an uncached descriptor in the same call.
        p.clear();
        c2.write_all(b"y").unwrap();
        p.add(s1.as_raw_fd(), Set::Read, false);
        p.add(s2.as_raw_fd(), Set::Read, true);
        p.add(s2.as_raw_fd(), Set::Write, true);
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 3);
        // A descriptor number closed and reused by another socket, while
        // the old socket stays open elsewhere (a dup, a forked child) with
        // data waiting: only `forget` keeps its events from showing up
        // under the reused number.
        let old = s2.as_raw_fd();
        // SAFETY: dup of a live descriptor we own; closed below.
        let keep = unsafe { libc::dup(old) };
        forget(old);
        let (mut c3, s3) = pair();
        // SAFETY: replaces `old` (ours) by a copy of `s3`, as a reused
        // descriptor number would.
        assert_eq!(unsafe { libc::dup2(s3.as_raw_fd(), old) }, old);
        p.clear();
        p.add(old, Set::Read, true);
        assert_eq!(
            p.wait(Some(Duration::from_millis(20))).unwrap(),
            0,
            "not the old socket's data"
        );
        c3.write_all(b"z").unwrap();
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
        // SAFETY: closing the copies made above.
        unsafe {
            libc::close(keep);
        }
        std::mem::forget(s2); // `old` now belongs to the dup2 copy
        // SAFETY: `old` is the dup2 copy, ours to close.
        unsafe {
            libc::close(old);
        }
        drop(c2);
    }

    #[test]
    fn a_forked_child_makes_its_own_set() {
        let (mut c, s) = pair();
        let mut p = Poller::default();
        p.add(s.as_raw_fd(), Set::Read, true);
        assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 0);
        // SAFETY: the child only polls, writes its answer and exits.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            // A first call with nothing cached must leave the inherited
            // (parent's) set alone.
            p.clear();
            p.add(s.as_raw_fd(), Set::Write, false);
            let _ = p.wait(Some(Duration::ZERO));
            p.clear();
            p.add(s.as_raw_fd(), Set::Read, true);
            c.write_all(b"x").unwrap();
            let ready = p.wait(Some(Duration::from_secs(2))).unwrap() == 1;
            let own_set = EPOLL_OWNER
                .get()
                .is_some_and(|(_, g)| g == sys::fork_generation());
            let ok = ready && own_set;
            // SAFETY: leave the child without running the test harness.
            unsafe { libc::_exit(if ok { 0 } else { 1 }) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child.
        unsafe { libc::waitpid(pid, &mut status, 0) };
        assert_eq!(
            libc::WEXITSTATUS(status),
            0,
            "child saw the stream ready in its own set"
        );
        // The parent's set still works and still holds the stream.
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
    }

    #[test]
    fn every_ready_descriptor_is_reported() {
        let conns: Vec<_> = (0..40).map(|_| pair()).collect();
        let mut p = Poller::default();
        // A small call first, so buffers from it are reused.
        p.add(conns[0].1.as_raw_fd(), Set::Read, true);
        assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 0);
        for (c, _) in &conns {
            (&*c).write_all(b"x").unwrap();
        }
        for round in 0..3 {
            p.clear();
            for (_, s) in &conns {
                p.add(s.as_raw_fd(), Set::Read, true);
            }
            assert_eq!(
                p.wait(Some(Duration::from_secs(2))).unwrap(),
                40,
                "round {round}"
            );
            assert!(
                conns
                    .iter()
                    .all(|(_, s)| p.is_ready(s.as_raw_fd(), Set::Read))
            );
        }
    }

    #[test]
    fn closed_descriptor_is_ebadf() {
        let (_c, s) = pair();
        let fd = s.as_raw_fd();
        drop(s);
        let mut p = Poller::default();
        p.add(fd, Set::Read, false);
        assert_eq!(
            p.wait(Some(Duration::ZERO)).unwrap_err().raw_os_error(),
            Some(libc::EBADF)
        );
    }

    #[test]
    fn many_descriptors_past_fd_setsize() {
        // Raise the soft limit if we can; skip quietly where the hard limit
        // is too low to go past 1024.
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: plain getrlimit/setrlimit on our own process.
        unsafe {
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
            if lim.rlim_max < 2300 {
                return;
            }
            lim.rlim_cur = lim.rlim_cur.max(2300);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut conns = Vec::new();
        for _ in 0..1100 {
            let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
            let (s, _) = l.accept().unwrap();
            conns.push((c, s));
        }
        let (last_c, last_s) = conns.last().unwrap();
        assert!(last_s.as_raw_fd() >= 1024);
        (&*last_c).write_all(b"x").unwrap();
        let mut p = Poller::default();
        for cached in [false, true] {
            p.clear();
            for (_, s) in &conns {
                p.add(s.as_raw_fd(), Set::Read, cached);
            }
            assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
            assert!(p.is_ready(last_s.as_raw_fd(), Set::Read));
        }
    }
}
