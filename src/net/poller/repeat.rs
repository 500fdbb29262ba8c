//! Repeating a call without adding its descriptors again: what lets
//! `stream_select()` answer the same arrays, passed again unchanged, at a
//! cost that follows the ready descriptors only.
//!
//! After a wait in which every descriptor was in the epoll set, the caller
//! may [`keep`](Poller::keep) the call: the descriptors, their positions and
//! the set's registrations stay as they are. A later call with exactly the
//! same descriptors and positions (the caller proves that: `stream_select`
//! holds the arrays, which PHP's copy-on-write keeps unchanged) then asks
//! [`can_repeat`](Poller::can_repeat) and waits with
//! [`wait_again`](Poller::wait_again). Repeating stops being possible when
//! a watched descriptor is closed ([`forget`](super::forget): its number
//! may be reused), in a forked child (the set is the parent's), and when
//! anything else is added ([`Poller::clear`]).

use std::{io, os::fd::AsRawFd, time::Duration};

use super::{Poller, epoll, sys};

impl Poller {
    /// Keeps the last call for [`Poller::wait_again`], if it can be
    /// repeated: its wait succeeded with every descriptor in the epoll set
    /// and none was closed since `closes_before` (a reading of
    /// [`closes`](super::closes) taken before the descriptors were added).
    /// Returns whether it was kept.
    pub fn keep(&mut self, closes_before: u64) -> bool {
        let current = self
            .epoll
            .as_ref()
            .is_some_and(|ep| ep.generation == sys::fork_generation());
        if self.uncached || !self.all_cached || !current || epoll::closes() != closes_before {
            return false;
        }
        self.kept = true;
        epoll::KEPT_VALID.set(true);
        true
    }

    /// Whether the kept call can be repeated: kept, no watched descriptor
    /// closed since, not in a forked child.
    pub fn can_repeat(&self) -> bool {
        self.kept
            && epoll::KEPT_VALID.get()
            && self
                .epoll
                .as_ref()
                .is_some_and(|ep| ep.generation == sys::fork_generation())
    }

    /// [`Poller::wait`] for the kept call again (only if
    /// [`Poller::can_repeat`]): one `epoll_wait`, then work for the ready
    /// descriptors only. Same result and errors as [`Poller::wait`].
    pub fn wait_again(&mut self, timeout: Option<Duration>) -> io::Result<usize> {
        if !self.can_repeat() {
            return self.wait(timeout);
        }
        for &i in &self.ready {
            self.watched[i as usize].revents = 0;
        }
        self.ready.clear();
        let Some(ep) = self.epoll.as_mut() else {
            return self.wait(timeout);
        };
        // Room for every descriptor (all are in the set), so none goes
        // unreported; the memory stays from the first time.
        ep.events.clear();
        ep.events.reserve(self.watched.len());
        sys::epoll_wait(ep.fd.as_raw_fd(), &mut ep.events, timeout)?;
        let mut n = 0;
        for ev in &ep.events {
            let fd = ev.u64 as usize;
            if let Some(&k) = self.slot.get(fd).filter(|&&k| k > 0) {
                let e = &mut self.watched[k as usize - 1];
                e.revents = ev.events as u16 as i16;
                self.ready.push(k - 1);
                n += e.count_ready();
            }
        }
        Ok(n)
    }
}
