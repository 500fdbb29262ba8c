//! `stream_select()`: the same arguments, errors and results as PHP's, over
//! [`Poller`] instead of `select(2)`, so descriptors past 1023 work and the
//! cost follows the arrays passed. Stream lookup and casting go through PHP's
//! own functions, so every stream PHP can select on (rsock's, PHP's sockets,
//! pipes, STDIN, `proc_open` pipes, user streams) behaves as before.

use std::{
    cell::Cell,
    ffi::{c_int, c_void},
    time::Duration,
};

use super::{
    array, ffi,
    guard::{Bailout, catch, resume_bailout},
    report::warning,
    stream, zval,
};
use crate::net::{
    poller::{Poller, Readiness},
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
    let caught = catch((), || unsafe { stream_select(ex, rv, &mut poller) });
    array::release_held(mark);
    poller.clear();
    if depth == 0 {
        POLLER.set(Some(poller));
        // No stream operation is under way any more.
        stream::release_deferred();
    }
    DEPTH.set(depth);
    caught
}

/// At request end: no call is under way, whatever a bailout interrupted.
pub fn request_end() {
    DEPTH.set(0);
    array::forget_held();
    stream::forget_deferred();
}

unsafe fn stream_select(ex: *mut ffi::zend_execute_data, rv: *mut ffi::zval, poller: &mut Poller) {
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
    let mut used = 0;
    let mut read_walk = ArrayScan::default();
    for (arr, set) in sets {
        if arr.is_null() {
            continue;
        }
        // SAFETY: zpp gave a live array zval.
        let walk = unsafe { to_poller(arr, set, types, poller) };
        used += usize::from(walk.castable);
        if set == Readiness::Read {
            read_walk = walk;
        }
    }
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
    // (The pass is skipped when the first walk saw neither buffered data nor
    // an element PHP's pass would raise its TypeError for again.)
    if !read.is_null() && (read_walk.buffered || read_walk.invalid) {
        // SAFETY: live array zvals from zpp.
        let buffered = unsafe { keep_buffered(read, types) };
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
    }

    let waited = match timeout {
        Some(None) => Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
        Some(Some(t)) => poller.wait(Some(t)),
        None => poller.wait(None),
    };
    match waited {
        Ok(n) => {
            for (arr, set) in sets {
                if !arr.is_null() {
                    // SAFETY: live array zvals from zpp.
                    unsafe { keep_ready(arr, set, types, poller) };
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
    let mut walk = ArrayScan::default();
    // SAFETY: per the contract.
    unsafe {
        array::for_each(arr, |e| {
            let stream = types.stream_of(e.value);
            if stream.is_null() {
                walk.invalid = true;
                return;
            }
            let fd = select_fd(stream);
            // After the cast, which may have filled the buffer (TLS).
            walk.buffered |= (*stream).writepos - (*stream).readpos > 0;
            if let Some((fd, ours)) = fd {
                poller.add(fd, set, ours);
                walk.castable = true;
            }
        });
    }
    walk
}

/// What a walk over one array found.
#[derive(Default, Clone, Copy)]
struct ArrayScan {
    /// Some stream had a descriptor to wait on.
    castable: bool,
    /// Some stream had data in PHP's read buffer.
    buffered: bool,
    /// Some element was not a stream (PHP raised its TypeError).
    invalid: bool,
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
