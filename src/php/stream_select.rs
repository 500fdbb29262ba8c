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
//! are then answered without a walk ([`repeat_check`]): one `epoll_wait`,
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

/// Whether the kept call can be repeated for `passed` (the kept arrays,
/// passed again: unchanged, see [`kept_arrays`]), and the read positions
/// whose stream has data in PHP's read buffer. Only the streams marked by
/// their read op since ([`poller::may_have_buffered`]) are looked at: the
/// TLS ones get their decrypted bytes moved into PHP's buffer first, as a
/// walk does. That may run PHP code (a warning's handler, the
/// renegotiation callback), which may close a watched stream or replace an
/// argument: then `None`, and the caller walks.
///
/// # Safety
/// `args` must be live zvals from zpp (or null), `passed` the arrays they
/// hold, kept, and the poller's call kept for them.
unsafe fn repeat_check(
    args: [*mut ffi::zval; 3],
    passed: [*mut ffi::HashTable; 3],
    types: StreamTypes,
    poller: &mut Poller,
) -> Option<Vec<u32>> {
    let mut marked = Vec::new();
    poller::take_buffered_marks(&mut marked);
    for &fd in &marked {
        // A stream closed by PHP code run by an earlier fill ends it.
        if !poller.can_repeat() {
            return None;
        }
        // SAFETY: kept arrays, unchanged; their streams are open while
        // the call can be repeated.
        if let Some(stream) = unsafe { kept_stream(passed, types, poller, fd) } {
            // SAFETY: a live rsock stream, nothing of it borrowed.
            unsafe { super::tls::fill_for_select(stream) };
        }
    }
    // SAFETY: per the contract.
    if !poller.can_repeat() || unsafe { arrays_in(args) } != passed {
        return None;
    }
    let mut buffered = Vec::new();
    for &fd in &marked {
        let Some(&at) = poller.positions_of(fd, Readiness::Read).first() else {
            // Not in the read array: buffered data does not matter here.
            continue;
        };
        // SAFETY: the kept read array, unchanged, and its open streams.
        let has_data = unsafe {
            array::item_at(passed[0], at).is_some_and(|e| {
                let stream = types.stream_of(e.value);
                !stream.is_null() && (*stream).writepos - (*stream).readpos > 0
            })
        };
        if has_data {
            buffered.extend_from_slice(poller.positions_of(fd, Readiness::Read));
            poller::may_have_buffered(fd);
        }
    }
    buffered.sort_unstable();
    Some(buffered)
}

/// The stream at `fd` in the kept arrays, if any of them has it.
///
/// # Safety
/// `passed` must be the kept arrays, the poller's call kept for them and
/// still repeatable.
unsafe fn kept_stream(
    passed: [*mut ffi::HashTable; 3],
    types: StreamTypes,
    poller: &mut Poller,
    fd: c_int,
) -> Option<*mut ffi::php_stream> {
    let sets = [Readiness::Read, Readiness::Write, Readiness::Except];
    let (i, at) = sets
        .iter()
        .enumerate()
        .find_map(|(i, &set)| Some((i, *poller.positions_of(fd, set).first()?)))?;
    // SAFETY: per the contract: the slot holds a live stream of ours.
    unsafe {
        let item = array::item_at(passed[i], at)?;
        let stream = types.stream_of(item.value);
        (!stream.is_null()).then_some(stream)
    }
}

/// Replaces the array in `arr` by the elements of `ht` at `positions` (in
/// increasing order), keys kept, as PHP's select rebuilds its arrays.
///
/// # Safety
/// `arr` must be a live zval, `ht` a live array whose slots include
/// `positions`.
unsafe fn keep_positions(arr: *mut ffi::zval, ht: *mut ffi::HashTable, positions: &[u32]) {
    // SAFETY: per the contract.
    unsafe {
        let out = array::new(positions.len() as u32);
        for &at in positions {
            if let Some(item) = array::item_at(ht, at) {
                array::insert_copy(out, &item);
            }
        }
        zval::replace_with_array(arr, out);
    }
}

fn arg_error(arg: u32, msg: &std::ffi::CStr) {
    // SAFETY: raises PHP's ValueError for argument `arg`.
    unsafe { ffi::zend_argument_value_error(arg, c"%s".as_ptr(), msg.as_ptr()) };
}

/// The two resource types of streams (plain and persistent).
#[derive(Clone, Copy)]
struct StreamTypes(c_int, c_int);

impl StreamTypes {
    fn get() -> Self {
        // SAFETY: registered by PHP at startup; plain getters.
        unsafe { StreamTypes(ffi::php_file_le_stream(), ffi::php_file_le_pstream()) }
    }

    /// `php_stream_from_zval_no_verify`: the stream, or null (with PHP's
    /// TypeError) for anything else. A stream resource is read directly;
    /// anything else goes through PHP for the exact error.
    ///
    /// # Safety
    /// `zv` must be a live zval.
    unsafe fn stream_of(self, zv: *mut ffi::zval) -> *mut ffi::php_stream {
        // SAFETY: per the contract.
        unsafe {
            if let Some(res) = zval::resource(zv)
                && ((*res).type_ == self.0 || (*res).type_ == self.1)
            {
                return (*res).ptr.cast();
            }
            ffi::zend_fetch_resource2_ex(zv, c"stream".as_ptr(), self.0, self.1).cast()
        }
    }
}

/// The descriptor PHP's select would use for `stream`, if any, and whether
/// the stream is rsock's (its closing is seen, so it may be cached).
///
/// # Safety
/// `stream` must be live.
unsafe fn select_fd(stream: *mut ffi::php_stream) -> Option<(c_int, bool)> {
    // SAFETY: live stream; our own streams answer the cast with their
    // descriptor, so reading it directly is the same answer.
    if let Some(fd) = unsafe { stream::state_if_ours(stream) }.map(|st| st.fd()) {
        // SAFETY: live stream of ours, its state no longer borrowed.
        unsafe { super::tls::fill_for_select(stream) };
        return (fd != -1).then_some((fd, true));
    }
    let mut fd: c_int = -1;
    // SAFETY: PHP writes an int descriptor into `fd`.
    let ok = unsafe {
        ffi::_php_stream_cast(
            stream,
            CAST_FOR_SELECT,
            (&mut fd as *mut c_int).cast::<*mut c_void>(),
            1,
        )
    };
    (ok == ffi::SUCCESS && fd != -1).then_some((fd, false))
}

/// Adds the array's streams to `poller`; true if it had any.
///
/// # Safety
/// `arr` must be a live zval.
unsafe fn to_poller(
    arr: *mut ffi::zval,
    set: Readiness,
    types: StreamTypes,
    poller: &mut Poller,
) -> ArrayScan {
    let mut walk = ArrayScan {
        only_ours: true,
        ..Default::default()
    };
    // SAFETY: per the contract.
    unsafe {
        walk.ht = array::of(arr).unwrap_or(std::ptr::null_mut());
        array::for_each(arr, |e| {
            let stream = types.stream_of(e.value);
            if stream.is_null() {
                walk.invalid = true;
                walk.only_ours = false;
                return;
            }
            let fd = select_fd(stream);
            // After the cast, which may have filled the buffer (TLS).
            let buffered = (*stream).writepos - (*stream).readpos > 0;
            walk.buffered |= buffered;
            match fd {
                Some((fd, ours)) => {
                    poller.add_at(fd, set, ours, e.slot);
                    // A `&` element may point elsewhere later without the
                    // array changing: not kept.
                    walk.only_ours &= ours && !e.by_ref;
                    if buffered && set == Readiness::Read {
                        poller::may_have_buffered(fd);
                    }
                }
                None => walk.only_ours = false,
            }
        });
    }
    walk
}

/// What a walk over one array found.
#[derive(Clone, Copy)]
struct ArrayScan {
    /// The array walked.
    ht: *mut ffi::HashTable,
    /// Some stream had data in PHP's read buffer.
    buffered: bool,
    /// Some element was not a stream (PHP raised its TypeError).
    invalid: bool,
    /// Every element is a stream of rsock's with a descriptor, none a
    /// PHP reference.
    only_ours: bool,
}

impl Default for ArrayScan {
    fn default() -> Self {
        ArrayScan {
            ht: std::ptr::null_mut(),
            buffered: false,
            invalid: false,
            only_ours: false,
        }
    }
}

/// Keeps only the streams with buffered data; their count (array left
/// untouched when there are none).
///
/// # Safety
/// `arr` must be a live zval.
unsafe fn keep_buffered(arr: *mut ffi::zval, types: StreamTypes) -> usize {
    // SAFETY: per the contract.
    unsafe {
        let Some(size) = array::of(arr).map(|ht| array::len(ht)) else {
            return 0;
        };
        // Allocated only once a buffered stream shows up: usually none does.
        let mut ht: *mut ffi::HashTable = std::ptr::null_mut();
        let mut n = 0;
        array::for_each(arr, |e| {
            let stream = types.stream_of(e.value);
            if !stream.is_null() && (*stream).writepos - (*stream).readpos > 0 {
                if ht.is_null() {
                    ht = array::new(size);
                }
                array::insert_copy(ht, e);
                n += 1;
            }
        });
        if n > 0 {
            zval::replace_with_array(arr, ht);
        }
        n
    }
}

/// Keeps only the streams `poller` found ready in `set`.
///
/// # Safety
/// `arr` must be a live zval.
unsafe fn keep_ready(arr: *mut ffi::zval, set: Readiness, types: StreamTypes, poller: &Poller) {
    // SAFETY: per the contract.
    unsafe {
        let Some(size) = array::of(arr).map(|ht| array::len(ht)) else {
            return;
        };
        let ht = array::new(size);
        array::for_each(arr, |e| {
            let stream = types.stream_of(e.value);
            if stream.is_null() {
                return;
            }
            if select_fd(stream).is_some_and(|(fd, _)| poller.is_ready(fd, set)) {
                array::insert_copy(ht, e);
            }
        });
        zval::replace_with_array(arr, ht);
    }
}
