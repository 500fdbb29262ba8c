//! The epoll set a thread keeps across `stream_select()` calls for rsock's
//! own streams, and its registration map. Both are thread-wide rather than
//! the [`Poller`](super::Poller)'s: PHP's close op has no handle to the
//! poller, yet a stream being closed must leave the set ([`forget`])
//! before its descriptor number can be reused.

use std::{
    cell::{Cell, RefCell},
    io,
    os::fd::{AsRawFd, OwnedFd, RawFd},
};

use crate::net::sys;

thread_local! {
    /// The epoll set's descriptor and the fork generation it belongs to,
    /// for [`forget`].
    pub(super) static EPOLL_OWNER: Cell<Option<(RawFd, u64)>> = const { Cell::new(None) };
    /// Per descriptor number: the events registered in that set (low 16
    /// bits, 0: none) and [`IN_LIST`]. Thread-wide rather than in the
    /// [`Poller`], so that [`forget`] can update it even while a call is
    /// under way.
    pub(super) static REGISTERED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    /// Calls of [`forget`] so far (see [`closes`]).
    static CLOSES: Cell<u64> = const { Cell::new(0) };
    /// The set is still exactly what a kept call registered (see
    /// `repeat.rs`): cleared by [`forget`] of a registered descriptor.
    pub(super) static KEPT_VALID: Cell<bool> = const { Cell::new(false) };
}

/// Drops `fd` from this thread's epoll set before it is closed. Must be
/// called for every descriptor added with `cached` when it is closed, so a
/// descriptor number reused by a new socket is never mistaken for the old.
/// A kept call that watched it can no longer be repeated.
pub fn forget(fd: RawFd) {
    let _ = CLOSES.try_with(|c| c.set(c.get().wrapping_add(1)));
    if let Some((epfd, generation)) = EPOLL_OWNER.get()
        // A forked child shares its parent's epoll set: never touch it.
        && generation == sys::fork_generation()
        && registered(fd) != 0
    {
        let _ = sys::epoll_ctl(epfd, libc::EPOLL_CTL_DEL, fd, 0);
        set_registered(fd, 0);
        let _ = KEPT_VALID.try_with(|v| v.set(false));
    }
}

/// How many times [`forget`] was called on this thread: a caller compares
/// two readings to learn whether any cached descriptor was closed between
/// them (see [`Poller::keep`](super::Poller::keep)).
pub fn closes() -> u64 {
    CLOSES.try_with(Cell::get).unwrap_or(0)
}

/// Marks a descriptor that is in [`Epoll::list`].
pub(super) const IN_LIST: u32 = 1 << 16;
pub(super) const EVENTS: u32 = 0xffff;

/// (Safe while the thread is being torn down: nothing is registered then.)
pub(super) fn registered(fd: RawFd) -> i16 {
    REGISTERED
        .try_with(|r| {
            r.try_borrow().map_or(0, |r| {
                r.get(fd as usize)
                    .map_or(0, |&v| (v & EVENTS) as u16 as i16)
            })
        })
        .unwrap_or(0)
}

pub(super) fn set_registered(fd: RawFd, events: i16) {
    let _ = REGISTERED.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            set_events(&mut r, fd, events);
        }
    });
}

pub(super) fn set_events(r: &mut Vec<u32>, fd: RawFd, events: i16) {
    let i = fd as usize;
    if r.len() <= i {
        r.resize(i + 1, 0);
    }
    r[i] = (r[i] & !EVENTS) | u32::from(events as u16);
}

/// The epoll set kept across calls.
#[derive(Debug)]
pub(super) struct Epoll {
    pub(super) fd: OwnedFd,
    /// [`sys::fork_generation`] when it was made: a forked child sees a
    /// newer one and makes its own set.
    pub(super) generation: u64,
    /// The registered descriptors.
    pub(super) list: Vec<RawFd>,
    pub(super) events: Vec<libc::epoll_event>,
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
    pub(super) fn new() -> io::Result<Self> {
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
    pub(super) fn want(&mut self, reg: &mut Vec<u32>, fd: RawFd, events: i16) -> io::Result<bool> {
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
    pub(super) fn retain(&mut self, keep: impl Fn(RawFd) -> bool) {
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
