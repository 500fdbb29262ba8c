//! The walk over the arrays, as PHP's select does it: each element to its
//! stream and descriptor, into the poller; the arrays rebuilt from what is
//! ready (or buffered).

use super::*;

/// The two resource types of streams (plain and persistent).
#[derive(Clone, Copy)]
pub(super) struct StreamTypes(c_int, c_int);

impl StreamTypes {
    pub(super) fn get() -> Self {
        // SAFETY: registered by PHP at startup; plain getters.
        unsafe { StreamTypes(ffi::php_file_le_stream(), ffi::php_file_le_pstream()) }
    }

    /// `php_stream_from_zval_no_verify`: the stream, or null (with PHP's
    /// TypeError) for anything else. A stream resource is read directly;
    /// anything else goes through PHP for the exact error.
    ///
    /// # Safety
    /// `zv` must be a live zval.
    pub(super) unsafe fn stream_of(self, zv: *mut ffi::zval) -> *mut ffi::php_stream {
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

/// The descriptor PHP's select would use for `stream` in `set`, if any,
/// and whether the stream is rsock's (its closing is seen, so it may be
/// cached).
///
/// # Safety
/// `stream` must be live.
pub(super) unsafe fn select_fd(
    stream: *mut ffi::php_stream,
    set: Readiness,
) -> Option<(c_int, bool)> {
    let for_read = set == Readiness::Read;
    // SAFETY: live stream; our own streams answer the cast with their
    // descriptor (a PROXY server's: its header reader's ready channel, in
    // the read array), so reading it directly is the same answer.
    if let Some(fd) = unsafe { stream::state_if_ours(stream) }
        .map(|st| crate::php::proxy::select_fd(st, for_read))
    {
        // SAFETY: live stream of ours, its state no longer borrowed.
        unsafe { crate::php::tls::fill_for_select(stream) };
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
pub(super) unsafe fn to_poller(
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
            let fd = select_fd(stream, set);
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
pub(super) struct ArrayScan {
    /// The array walked.
    pub(super) ht: *mut ffi::HashTable,
    /// Some stream had data in PHP's read buffer.
    pub(super) buffered: bool,
    /// Some element was not a stream (PHP raised its TypeError).
    pub(super) invalid: bool,
    /// Every element is a stream of rsock's with a descriptor, none a
    /// PHP reference.
    pub(super) only_ours: bool,
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
pub(super) unsafe fn keep_buffered(arr: *mut ffi::zval, types: StreamTypes) -> usize {
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
pub(super) unsafe fn keep_ready(
    arr: *mut ffi::zval,
    set: Readiness,
    types: StreamTypes,
    poller: &Poller,
) {
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
            if select_fd(stream, set).is_some_and(|(fd, _)| poller.is_ready(fd, set)) {
                array::insert_copy(ht, e);
            }
        });
        zval::replace_with_array(arr, ht);
    }
}

/// Replaces the array in `arr` by the elements of `ht` at `positions` (in
/// increasing order), keys kept, as PHP's select rebuilds its arrays.
///
/// # Safety
/// `arr` must be a live zval, `ht` a live array whose slots include
/// `positions`.
pub(super) unsafe fn keep_positions(
    arr: *mut ffi::zval,
    ht: *mut ffi::HashTable,
    positions: &[u32],
) {
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
