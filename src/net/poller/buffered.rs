//! The descriptors whose stream may hold data in a buffer of the caller's
//! (PHP's read buffer, decrypted bytes inside OpenSSL), which a wait on the
//! descriptor does not see. The stream's read operation marks its
//! descriptor ([`may_have_buffered`]); `stream_select` repeating a kept
//! call checks only the marked streams ([`take_buffered_marks`]) instead of
//! every one. Thread-wide, as the read operation has no handle to a poller.

use std::{cell::RefCell, os::fd::RawFd};

#[derive(Default)]
struct Marks {
    /// Per descriptor number: marked.
    marked: Vec<bool>,
    /// The marked descriptors, each once.
    list: Vec<RawFd>,
}

thread_local! {
    static MARKS: RefCell<Marks> = RefCell::new(Marks::default());
}

/// Marks `fd`: its stream may now hold buffered data (called where the
/// data is read, for every read). Cheap when already marked.
pub fn may_have_buffered(fd: RawFd) {
    let Ok(i) = usize::try_from(fd) else { return };
    let _ = MARKS.try_with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            if m.marked.get(i).copied().unwrap_or(false) {
                return;
            }
            if m.marked.len() <= i {
                m.marked.resize(i + 1, false);
            }
            m.marked[i] = true;
            m.list.push(fd);
        }
    });
}

/// Moves the marked descriptors into `out` (cleared first) and unmarks
/// them all: the caller checks each and marks again the ones that still
/// hold data.
pub fn take_buffered_marks(out: &mut Vec<RawFd>) {
    out.clear();
    unmark_all(|fd| out.push(fd));
}

/// Unmarks every descriptor: the caller is about to look at every stream
/// (and marks the ones that hold data).
pub fn clear_buffered_marks() {
    unmark_all(|_| {});
}

fn unmark_all(mut each: impl FnMut(RawFd)) {
    let _ = MARKS.try_with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            let m = &mut *m;
            for fd in m.list.drain(..) {
                m.marked[fd as usize] = false;
                each(fd);
            }
        }
    });
}
