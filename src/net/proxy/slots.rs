//! The descriptors the acceptor thread holds, as a fixed table of
//! `AtomicI32` (-1 = free), so that a forked child can close its copies
//! without a lock the thread might have held at the fork: the child has
//! no thread, only this memory.
//!
//! The thread writes a descriptor's number right after creating it and
//! clears the slot right before closing it: a child closes only numbers
//! that were open at the fork (one accepted in the instant between
//! `accept4` and the store leaks into the child; none is ever closed
//! twice or after reuse).

use std::{
    os::fd::RawFd,
    sync::atomic::{AtomicI32, Ordering},
};

use crate::net::sys;

/// The table.
pub struct Slots {
    fds: Box<[AtomicI32]>,
}

impl Slots {
    /// A table of `n` free slots.
    pub fn new(n: usize) -> Self {
        Slots {
            fds: (0..n).map(|_| AtomicI32::new(-1)).collect(),
        }
    }

    /// How many slots there are.
    pub fn len(&self) -> usize {
        self.fds.len()
    }

    /// Records `fd` in slot `i` (the thread's own bookkeeping says it is free).
    pub fn set(&self, i: usize, fd: RawFd) {
        if let Some(s) = self.fds.get(i) {
            s.store(fd, Ordering::SeqCst);
        }
    }

    /// Frees slot `i` (before its descriptor is closed).
    pub fn clear(&self, i: usize) {
        self.set(i, -1);
    }

    /// In a forked child: closes every descriptor recorded (the child's
    /// copies) and frees the slots.
    pub fn close_all_in_child(&self) {
        for s in self.fds.iter() {
            let fd = s.swap(-1, Ordering::SeqCst);
            if fd >= 0 {
                sys::close(fd);
            }
        }
    }
}
