//! `stream_select()`: the same arguments, errors and results as PHP's, over
//! [`Poller`] instead of `select(2)`, so descriptors past 1023 work and the
//! cost follows the arrays passed. Stream lookup and casting go through PHP's
//! own functions, so every stream PHP can select on (rsock's, PHP's sockets,
//! pipes, STDIN, `proc_open` pipes, user streams) behaves as before.
//!
//! Event loops pass the same arrays every time (`$read = $this->streams`).
//! When every element of the arrays walked is one of rsock's streams (whose
//! descriptor is fixed for its life and whose closing rsock sees), the call
//! is kept: the poller keeps the descriptors, their positions and its epoll
//! set, and [`kept_arrays`] holds the arrays. The same arrays passed again
//! are then answered without a walk (`repeat.rs`; the walk is `walk.rs`): one `epoll_wait`,
//! then the result arrays are built from the ready descriptors' positions,
//! in the arrays' order; streams whose read op ran since (the only way data
//! reaches PHP's read buffer, or OpenSSL's) are checked for buffered data.
//! Anything else walks, as PHP does.

use std::{
    cell::Cell,
    ffi::{c_int, c_void},
    time::Duration,
};

use super::{
    array, ffi,
    guard::{Bailout, catch, resume_bailout},
    kept_arrays,
    report::warning,
    stream, zval,
};
use crate::net::{
    poller::{self, Poller, Readiness},
    sys,
};

mod repeat;
mod walk;

use repeat::repeat_check;
use walk::{ArrayScan, StreamTypes, keep_buffered, keep_positions, keep_ready, to_poller};

/// `PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL`: no buffered-data
/// warning, as PHP's own select asks.
const CAST_FOR_SELECT: c_int =
    (ffi::PHP_STREAM_AS_FD_FOR_SELECT | ffi::PHP_STREAM_CAST_INTERNAL) as c_int;

thread_local! {
    /// Reused between calls; taken out during a call.
    static POLLER: Cell<Option<Box<Poller>>> = const { Cell::new(None) };
    /// Calls under way on this thread: a call nested in another's stream
    /// casts (a user stream's `stream_cast` running PHP code) gets a
    /// poller of its own that keeps no epoll set.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Handler of `stream_select` (when replaced) and `Rsock\stream_select`.
///
/// # Safety
/// Called by PHP with a valid call frame and return slot.
pub unsafe extern "C" fn zif_stream_select(ex: *mut ffi::zend_execute_data, rv: *mut ffi::zval) {
    // SAFETY: forwarded contract.
    let caught = unsafe { guarded_select(ex, rv) };
    if caught.is_err() {
        resume_bailout();
    }
}

/// One call, with the per-thread state (depth, the cached poller) put back
/// whatever happens inside, a bailout included.
unsafe fn guarded_select(
    ex: *mut ffi::zend_execute_data,
    rv: *mut ffi::zval,
) -> Result<(), Bailout> {
    let depth = DEPTH.get();
    DEPTH.set(depth + 1);
    let mark = array::held_mark();
    let mut poller = if depth == 0 {
        POLLER.take().unwrap_or_default()
    } else {
        Box::new(Poller::uncached())
    };
    // SAFETY: forwarded contract.
    let caught = catch((), || unsafe {
        stream_select(ex, rv, &mut poller, depth == 0)
    });
    array::release_held(mark);
    // Kept arrays nobody else holds any more (the call replaced the last
    // variable that did) are released now, not at the next call: freeing
    // one may run PHP code, hence the guard.
    let caught = caught.and_then(|()| {
        catch((), || {
            if depth == 0 && kept_arrays::release_if_unreachable() {
                poller.clear();
            }
        })
    });
    if caught.is_err() || !poller.can_repeat() {
        poller.clear();
    }
    if depth == 0 {
        POLLER.set(Some(poller));
        // No stream operation is under way any more.
        stream::release_deferred();
    }
    DEPTH.set(depth);
    caught
}

/// At request end: no call is under way, whatever a bailout interrupted;
/// the kept arrays are released (the request's streams are still open).
pub fn request_end() {
    DEPTH.set(0);
    array::forget_held();
    stream::forget_deferred();
    if let Some(mut poller) = POLLER.take() {
        poller.clear();
        POLLER.set(Some(poller));
    }
    kept_arrays::release_all();
}

/// How a call finds its descriptors.
enum Plan {
    /// The kept arrays again, unchanged: no walk. The read positions whose
    /// stream has data in PHP's read buffer.
    Repeat(Vec<u32>),
    /// Walked.
    Walked {
        /// What the walk of the read array found.
        read: ArrayScan,
        /// Every array walked is the one its argument holds, and holds
        /// only rsock's streams: the call may be kept.
        keepable: bool,
        /// [`poller::closes`] before the walk.
        closes: u64,
    },
}

fn set_index(set: Readiness) -> usize {
    match set {
        Readiness::Read => 0,
        Readiness::Write => 1,
        Readiness::Except => 2,
    }
}

/// The arrays the arguments hold, by position (null for a null argument).
///
/// # Safety
/// Each entry must be null or a live zval.
unsafe fn arrays_in(args: [*mut ffi::zval; 3]) -> [*mut ffi::HashTable; 3] {
    args.map(|zv| {
        // SAFETY: per the contract.
        (!zv.is_null())
            .then(|| unsafe { array::of(zv) })
            .flatten()
            .unwrap_or(std::ptr::null_mut())
    })
}

/// `outer`: not nested in another call's stream casts (only such a call
/// keeps and repeats).
unsafe fn stream_select(
    ex: *mut ffi::zend_execute_data,
    rv: *mut ffi::zval,
    poller: &mut Poller,
    outer: bool,
) {
    let mut arrays: [*mut ffi::zval; 3] = [std::ptr::null_mut(); 3];
    let (mut sec, mut usec): (ffi::zend_long, ffi::zend_long) = (0, 0);
    let (mut sec_null, mut usec_null) = (false, true);
    // SAFETY: the spec matches the out-pointers (a! a! a! l! |l!); PHP
    // raises the built-in's TypeErrors on mismatch.
    let parsed = unsafe {
        let [r, w, e] = &mut arrays;
        ffi::zend_parse_parameters(
            (*ex).This.u2.num_args,
            c"a!a!a!l!|l!".as_ptr(),
            r as *mut _,
            w as *mut _,
            e as *mut _,
            &mut sec,
            &mut sec_null,
            &mut usec,
            &mut usec_null,
        )
    };
    if parsed != ffi::SUCCESS {
        return;
    }
    let [read, write, except] = arrays;
    let sets = [
        (read, Readiness::Read),
        (write, Readiness::Write),
        (except, Readiness::Except),
    ];
    let types = StreamTypes::get();
    // SAFETY: live zvals from zpp, or null.
    let passed = unsafe { arrays_in(arrays) };
    let repeat = outer && kept_arrays::are_kept(passed) && poller.can_repeat();
    // SAFETY: the kept arrays, passed again; live zvals from zpp.
    let plan = match repeat.then(|| unsafe { repeat_check(arrays, passed, types, poller) }) {
        Some(Some(buffered)) => Plan::Repeat(buffered),
        _ => {
            if outer {
                // Other arrays (or the kept ones, changed under a stream):
                // this walk decides what is kept next.
                kept_arrays::release_all();
                poller.clear();
                poller::clear_buffered_marks();
            }
            let closes = poller::closes();
            let mut read_walk = ArrayScan::default();
            let mut keepable = true;
            for (arr, set) in sets {
                if arr.is_null() {
                    continue;
                }
                // SAFETY: zpp gave a live array zval.
                let walk = unsafe { to_poller(arr, set, types, poller) };
                keepable &= walk.only_ours && walk.ht == passed[set_index(set)];
                if set == Readiness::Read {
                    read_walk = walk;
                }
            }
            // SAFETY: live zvals from zpp, or null; the walk's arrays are
            // held (so live, and unmodified) until the call ends.
            keepable &= unsafe { arrays_in(arrays) } == passed;
            Plan::Walked {
                read: read_walk,
                keepable,
                closes,
            }
        }
    };
    // Arrays with a stream to wait on (every position recorded is one).
    let used = sets
        .iter()
        .filter(|&&(arr, set)| !arr.is_null() && poller.has_positions(set))
        .count();
    if used == 0 {
        // SAFETY: raises PHP's ValueError; the caller sees the exception.
        unsafe { ffi::zend_value_error(c"%s".as_ptr(), c"No stream arrays were passed".as_ptr()) };
        return;
    }
    if sec_null && !usec_null && usec != 0 {
        arg_error(5, c"must be null when argument #4 ($seconds) is null");
        return;
    }
    let timeout = if sec_null {
        None
    } else if sec < 0 {
        arg_error(4, c"must be greater than or equal to 0");
        return;
    } else if usec < 0 {
        arg_error(5, c"must be greater than or equal to 0");
        return;
    } else {
        // PHP adds whole seconds of `usec` to `sec` in a C long; where that
        // wraps negative, select(2) refuses it with EINVAL.
        let secs = sec.wrapping_add(usec / 1_000_000);
        Some((secs >= 0).then(|| {
            Duration::from_secs(secs as u64) + Duration::from_micros((usec % 1_000_000) as u64)
        }))
    };

    // Streams with data in PHP's read buffer are ready now: return them
    // alone, as PHP does.
    let buffered = match &plan {
        // SAFETY: the kept read array, unchanged (see `repeat_check`).
        Plan::Repeat(at) if !at.is_empty() => unsafe {
            keep_positions(read, passed[0], at);
            at.len()
        },
        Plan::Repeat(_) => 0,
        // (The pass is skipped when the walk saw neither buffered data nor
        // an element PHP's pass would raise its TypeError for again.)
        Plan::Walked { read: walk, .. } if !read.is_null() && (walk.buffered || walk.invalid) => {
            // SAFETY: live array zvals from zpp.
            unsafe { keep_buffered(read, types) }
        }
        Plan::Walked { .. } => 0,
    };
    if buffered > 0 {
        for arr in [write, except] {
            if !arr.is_null() {
                // SAFETY: as above.
                unsafe { zval::replace_with_array(arr, array::new(0)) };
            }
        }
        // SAFETY: `rv` is the return slot.
        unsafe { zval::set_long(rv, buffered as i64) };
        return;
    }

    let waited = match timeout {
        Some(None) => Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
        Some(Some(t)) if matches!(plan, Plan::Repeat(_)) => poller.wait_again(Some(t)),
        None if matches!(plan, Plan::Repeat(_)) => poller.wait_again(None),
        Some(Some(t)) => poller.wait(Some(t)),
        None => poller.wait(None),
    };
    match waited {
        Ok(n) => {
            // Built from the positions of the ready descriptors when the
            // arrays are known unchanged: kept, or walked and now kept.
            let by_positions = match plan {
                Plan::Repeat(_) => true,
                Plan::Walked {
                    keepable, closes, ..
                } => {
                    let kept = outer && keepable && poller.keep(closes);
                    if kept {
                        // SAFETY: the arrays the arguments hold, walked
                        // (each held since, so live and unmodified).
                        unsafe { kept_arrays::keep(passed) };
                    }
                    kept
                }
            };
            for (i, (arr, set)) in sets.into_iter().enumerate() {
                if arr.is_null() {
                    continue;
                }
                // SAFETY: live array zvals from zpp; `passed[i]` is the
                // array walked or kept for this position, unchanged, and
                // still the one in `arr` (checked: the same variable may be
                // passed twice, and its first result replaced it).
                unsafe {
                    if by_positions && array::of(arr) == Some(passed[i]) {
                        keep_positions(arr, passed[i], poller.ready_positions(set));
                    } else {
                        keep_ready(arr, set, types, poller);
                    }
                }
            }
            // SAFETY: `rv` is the return slot.
            unsafe { zval::set_long(rv, n as i64) };
        }
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(0);
            let msg = format!(
                "Unable to select [{errno}]: {} (max_fd={})",
                sys::strerror(errno),
                poller.max_fd()
            );
            warning(msg.as_bytes());
            // SAFETY: `rv` is the return slot.
            unsafe { zval::set_false(rv) };
        }
    }
}

fn arg_error(arg: u32, msg: &std::ffi::CStr) {
    // SAFETY: raises PHP's ValueError for argument `arg`.
    unsafe { ffi::zend_argument_value_error(arg, c"%s".as_ptr(), msg.as_ptr()) };
}
