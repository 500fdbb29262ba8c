//! The descriptors of one proxy listener's channels and of the connections
//! its thread holds, as a fixed table of `AtomicI32` (-1 = free), so that a
//! forked child can close its copies without a lock the thread might have
//! held at the fork: the child has no thread, only this memory.
//!
//! The thread writes a descriptor's number right after creating it and
//! clears the slot right before closing it; the PHP side's channel ends are
//! owned through their slots too (closed only by whoever empties the slot).
//!
//! A child closes its copies at once, in a `pthread_atfork` child handler
//! ([`close_all_at_fork`]), before any of its own code runs: no number it
//! closes can have been reused by the child yet. That matters because the
//! kernel copies the descriptor table before the memory: a number the
//! thread recorded in between is not open in the child, and a lazy close
//! (on the child's first use of the server, if ever) could hit a file the
//! child opened meanwhile. It also means a child that never touches the
//! server holds no copy of a connection the parent's thread had pending
//! (which would keep it open after the parent closes it). A descriptor
//! recorded or cleared in the instant of the fork can leak into the child
//! (never closed twice, never a number the child reused).

use std::{
    os::fd::RawFd,
    sync::{
        Arc, Mutex, Once,
        atomic::{AtomicI32, Ordering},
    },
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

    /// Empties slot `i` and closes what it held (nothing if a forked
    /// child's handler closed it already).
    pub fn close(&self, i: usize) {
        if let Some(s) = self.fds.get(i) {
            let fd = s.swap(-1, Ordering::SeqCst);
            if fd >= 0 {
                sys::close(fd);
            }
        }
    }

    /// In a forked child: closes every descriptor recorded (the child's
    /// copies) and frees the slots.
    pub fn close_all_in_child(&self) {
        for i in 0..self.fds.len() {
            self.close(i);
        }
    }
}

/// The tables of this process's running acceptors. Changed only by the
/// thread that starts and stops acceptors (PHP's), never by their threads.
static LIVE: Mutex<Vec<Arc<Slots>>> = Mutex::new(Vec::new());

/// Makes `slots` one the fork handler empties in a child.
pub fn register(slots: &Arc<Slots>) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| sys::on_fork_in_child(close_all_at_fork));
    with_live(|live| live.push(Arc::clone(slots)));
}

/// Forgets `slots` (its acceptor stopped or was forsaken).
pub fn unregister(slots: &Arc<Slots>) {
    with_live(|live| live.retain(|s| !Arc::ptr_eq(s, slots)));
}

/// Runs `f` on the registry. Never waits for good: in a child forked while
/// another PHP thread (ZTS) held the lock, it stays locked forever; `f` is
/// then skipped (the child's first use of a server closes its copies).
fn with_live(f: impl FnOnce(&mut Vec<Arc<Slots>>)) {
    for _ in 0..1000 {
        match LIVE.try_lock() {
            Ok(mut live) => return f(&mut live),
            Err(std::sync::TryLockError::Poisoned(p)) => return f(&mut p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => std::thread::yield_now(),
        }
    }
}

/// The `pthread_atfork` child handler: closes the child's copies of every
/// descriptor the running acceptors hold. Only atomics and `close`; no
/// allocation. If the registry was locked at the fork (another PHP thread,
/// ZTS), the child's first use of each server closes them instead.
extern "C" fn close_all_at_fork() {
    if let Ok(live) = LIVE.try_lock() {
        for slots in live.iter() {
            slots.close_all_in_child();
        }
    }
}
