//! Whether something in PHP already holds a descriptor: an open stream
//! (rsock's, a native socket stream, a plain file or `STDIN`/`STDOUT`/
//! `STDERR`) or an ext/sockets `Socket`. Adopting such a descriptor
//! (`fd://N`) as it is would give it a second owner, and the two would close
//! it under each other: the second close hits whatever got that number
//! next (see `inherit::adopt` for what is done instead).
//!
//! Nothing here runs PHP code: streams are asked only where the answer is a
//! field read (rsock's state, the `php_netstream_data_t` header every PHP
//! socket stream starts its data with, the plain-file ops' select cast);
//! other streams (user-space wrappers, memory, filters) are not asked.

use std::ffi::{CStr, c_int, c_void};

use super::{array, ffi, stream, zval};

/// Who holds a descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// One of rsock's streams.
    Rsock,
    /// Another PHP stream, or an ext/sockets `Socket`.
    Php,
}

/// Which open PHP stream or `Socket` object of this request holds `fd`,
/// if one does (rsock's streams first).
pub fn held(fd: c_int) -> Option<Holder> {
    match streams_hold(fd) {
        Some(h) => Some(h),
        None => sockets_hold(fd).then_some(Holder::Php),
    }
}

/// The descriptor of a stream that is not rsock's, where reading it runs
/// no PHP code.
///
/// # Safety
/// `s` must be a live stream.
unsafe fn foreign_stream_fd(s: *mut ffi::php_stream) -> Option<c_int> {
    // SAFETY: per the contract; ops and label are static, the data is the
    // stream's own.
    unsafe {
        let ops = (*s).ops;
        if ops.is_null() || (*ops).label.is_null() || (*s).abstract_.is_null() {
            return None;
        }
        let label = CStr::from_ptr((*ops).label).to_bytes();
        if label.windows(6).any(|w| w == b"socket") {
            // xp_socket.c's streams and ext/openssl's start their data with
            // this header (ext/sockets reads it the same way).
            return Some((*(*s).abstract_.cast::<ffi::php_netstream_data_t>()).socket);
        }
        if label == b"STDIO" {
            // The plain-file ops answer a select cast with the number alone
            // (no flush, no buffer change).
            let cast = (*ops).cast?;
            let mut fd: c_int = -1;
            let asked = cast(
                s,
                ffi::PHP_STREAM_AS_FD_FOR_SELECT as c_int,
                (&raw mut fd).cast::<*mut c_void>(),
            );
            return (asked == ffi::SUCCESS as c_int && fd >= 0).then_some(fd);
        }
        None
    }
}

/// Which open stream resource of this request has `fd`, if one does
/// (rsock's streams first).
fn streams_hold(fd: c_int) -> Option<Holder> {
    let mut found = None;
    // SAFETY: the executor globals live for the request; the resource list
    // holds live resources, a stream resource's pointer is its live stream,
    // and nothing here runs PHP code or changes the list.
    unsafe {
        let eg = ext_php_rs::ffi::ext_php_rs_executor_globals();
        let list = (&raw mut (*eg).regular_list).cast::<ffi::HashTable>();
        let (plain, persistent) = (ffi::php_file_le_stream(), ffi::php_file_le_pstream());
        array::for_each_in(list, |item| {
            if found == Some(Holder::Rsock) {
                return;
            }
            let Some(res) = zval::resource(item.value) else {
                return;
            };
            if (*res).type_ != plain && (*res).type_ != persistent {
                return;
            }
            let s = (*res).ptr.cast::<ffi::php_stream>();
            match stream::state_if_ours(s) {
                Some(st) if st.fd() == fd => found = Some(Holder::Rsock),
                Some(_) => {}
                None if foreign_stream_fd(s) == Some(fd) => found = Some(Holder::Php),
                None => {}
            }
        });
    }
    found
}

/// The start of ext/sockets' `php_socket` (php_sockets.h, PHP 8): the
/// `zend_object` follows these fields, so the descriptor sits this far
/// before it.
#[repr(C)]
struct SocketHead {
    bsd_socket: c_int,
    kind: c_int,
    error: c_int,
    blocking: c_int,
    zstream: ffi::zval,
}

/// `ZEND_INTERNAL_CLASS` (zend_compile.h): a class an extension registered.
const ZEND_INTERNAL_CLASS: u8 = 1;

/// Whether a live ext/sockets `Socket` object has `fd` (nothing to find
/// when ext/sockets is not loaded).
fn sockets_hold(fd: c_int) -> bool {
    // SAFETY: the compiler and executor globals live for the request. The
    // class table maps lower-case names to class entries (IS_PTR zvals);
    // only the internal class `Socket` is taken, whose objects are
    // `php_socket`s with the `zend_object` last. Object store slots below
    // `top` hold live objects or a tagged free-list link (low bit set).
    unsafe {
        let cg = ext_php_rs::ffi::ext_php_rs_compiler_globals();
        let classes = (*cg).class_table.cast::<ffi::HashTable>();
        let name = c"socket";
        let zv = ffi::zend_hash_str_find(classes, name.as_ptr(), name.count_bytes());
        if zv.is_null() || zval::type_of(zv) != ffi::IS_PTR {
            return false;
        }
        let ce = (*zv).value.ptr.cast::<ext_php_rs::ffi::zend_class_entry>();
        if (*ce).type_ as u8 != ZEND_INTERNAL_CLASS {
            return false;
        }
        let eg = ext_php_rs::ffi::ext_php_rs_executor_globals();
        let store = &(*eg).objects_store;
        if store.object_buckets.is_null() {
            return false;
        }
        (1..store.top as usize).any(|i| {
            let obj = *store.object_buckets.add(i);
            if obj.is_null() || (obj as usize) & 1 != 0 || (*obj).ce != ce {
                return false;
            }
            let head = obj
                .cast::<u8>()
                .sub(std::mem::size_of::<SocketHead>())
                .cast::<SocketHead>();
            (*head).bsd_socket == fd
        })
    }
}
