//! The unchanged-array path: whether a kept call can be answered again
//! without a walk, and the streams of the kept arrays by descriptor.

use super::*;

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
pub(super) unsafe fn repeat_check(
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
            unsafe { crate::php::tls::fill_for_select(stream) };
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
pub(super) unsafe fn kept_stream(
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
