//! The arrays the last `stream_select()` call walked (one per argument
//! position), held between calls so that the same arrays passed again can
//! be answered without a walk (`stream_select/repeat.rs`).
//!
//! Why the same pointer means the same contents: each kept array has a
//! reference of ours, so whoever else holds it shares it, and PHP writes to
//! a shared array only after separating it (copy-on-write: the writer gets
//! a copy, ours stays as it was); while our reference exists the array
//! cannot be freed either, so its address cannot be reused by another one.
//! Immutable arrays (e.g. `[]`) are never written nor freed and get no
//! reference. What the elements point to can still change without the
//! array changing: a `&` element (not kept: see `stream_select/walk.rs`) and a
//! stream closed through another handle, which the poller sees
//! ([`crate::net::poller::forget`]).
//!
//! Held only as long as useful, so that no array (and no stream in it)
//! lives on because of rsock: a call with other arrays releases them
//! first, a call that leaves them reachable by nobody else releases them
//! at its end, request end releases them, and a forked child drops its
//! copies of the references at once (see [`after_fork_in_child`]).

use std::{cell::Cell, ptr};

use super::{array, ffi};

type Arrays = [*mut ffi::HashTable; 3];

const NONE: Arrays = [ptr::null_mut(); 3];

thread_local! {
    /// The kept arrays by argument position (null: none), each with one
    /// reference of ours ([`array::keep`]).
    static KEPT: Cell<Arrays> = const { Cell::new(NONE) };
}

/// Whether `arrays` (by position, null for a null argument) are the kept
/// ones.
pub fn are_kept(arrays: Arrays) -> bool {
    let kept = KEPT.get();
    kept != NONE && kept == arrays
}

/// Keeps `arrays` (by position, null for none), taking a reference to
/// each; whatever was kept before is released first.
///
/// # Safety
/// Each non-null entry must be a live array.
pub unsafe fn keep(arrays: Arrays) {
    release_all();
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        // SAFETY: registers a child handler that only adjusts reference
        // counts of this thread's kept arrays (no allocation, no PHP code).
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
    for ht in arrays.into_iter().filter(|ht| !ht.is_null()) {
        // SAFETY: a live array, per the contract.
        unsafe { array::keep(ht) };
    }
    KEPT.set(arrays);
}

/// Releases every kept array. Freeing one may run PHP code (a stream
/// filter's `onClose`), so each is taken out before it is released: code
/// that runs meanwhile (or a bailout) never sees it kept.
pub fn release_all() {
    while let Some(ht) = take_one() {
        // SAFETY: a kept array, with the reference `keep` took.
        unsafe { array::release(ht) };
    }
}

fn take_one() -> Option<*mut ffi::HashTable> {
    let mut kept = KEPT.get();
    let slot = kept.iter_mut().find(|ht| !ht.is_null())?;
    let ht = std::mem::replace(slot, ptr::null_mut());
    KEPT.set(kept);
    Some(ht)
}

/// Releases the kept arrays if any of them is held by nobody but us: it
/// can never be passed again, and keeping it would keep its streams open.
/// Returns whether they were released.
pub fn release_if_unreachable() -> bool {
    let kept = KEPT.get();
    let unreachable = kept.iter().any(|&ht| {
        let ours = kept.iter().filter(|&&k| k == ht).count() as u32;
        // SAFETY: a kept array is live (our reference).
        !ht.is_null() && unsafe { array::only_held_by(ht, ours) }
    });
    if unreachable {
        release_all();
    }
    unreachable
}

/// In a forked child (`pcntl_fork()`, also the child of a `proc_open()`
/// before its `exec`): the kept arrays are of no use there (the poller's
/// set is the parent's), so the child's copies of our references are
/// dropped at once, and a script that drops its own copy of an array in
/// the child frees it (and closes the child's copies of its streams) as
/// natively. A reference that is the last one stays until the child's next
/// `stream_select()` or request end: freeing it here could run PHP code.
extern "C" fn after_fork_in_child() {
    let _ = KEPT.try_with(|k| {
        let mut kept = k.get();
        for ht in &mut kept {
            // SAFETY: a kept array is live (our reference); only its
            // reference count is touched.
            if !ht.is_null() && unsafe { array::release_unless_last(*ht) } {
                *ht = ptr::null_mut();
            }
        }
        k.set(kept);
    });
}
