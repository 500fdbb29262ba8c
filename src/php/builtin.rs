//! Finding PHP's built-in `stream_socket_server`, swapping its handler for
//! rsock's (MINIT) and putting it back (MSHUTDOWN). The built-in keeps its
//! own arginfo, so reflection and named arguments are unchanged, and
//! `Rsock\stream_socket_server` is registered with that same arginfo.

use std::sync::OnceLock;

use super::{ffi, server};

/// The C type of a PHP function handler.
pub type Handler = unsafe extern "C" fn(*mut ffi::zend_execute_data, *mut ffi::zval);

static ORIGINAL: OnceLock<Handler> = OnceLock::new();

/// `Rsock\stream_socket_server` plus the terminator, filled in at load.
pub struct Entries(pub [ffi::zend_function_entry; 2]);
// SAFETY: written once before PHP registers the module, then only read;
// the pointers are to 'static data.
unsafe impl Sync for Entries {}
// SAFETY: as above.
unsafe impl Send for Entries {}

/// The built-in's function record.
fn builtin() -> Option<&'static mut ffi::zend_internal_function> {
    // SAFETY: the compiler globals' function table exists from engine start;
    // internal functions live for the whole process.
    unsafe {
        let cg = ext_php_rs::ffi::ext_php_rs_compiler_globals();
        let table = (*cg).function_table.cast::<ffi::HashTable>();
        let name = c"stream_socket_server";
        let zv = ffi::zend_hash_str_find(table, name.as_ptr(), name.count_bytes());
        if zv.is_null() {
            return None;
        }
        let func = (*zv).value.func;
        if func.is_null() || (*func).type_ as u32 != ffi::ZEND_INTERNAL_FUNCTION {
            return None;
        }
        Some(&mut (*func).internal_function)
    }
}

/// The function entries for the module: `Rsock\stream_socket_server` with
/// the built-in's arginfo. Empty if the built-in cannot be found.
pub fn function_entries() -> &'static [ffi::zend_function_entry; 2] {
    static ENTRIES: OnceLock<Entries> = OnceLock::new();
    &ENTRIES
        .get_or_init(|| {
            let mut e = Entries([
                ffi::zend_function_entry::default(),
                ffi::zend_function_entry::default(),
            ]);
            if let Some(f) = builtin() {
                if let Some(h) = f.handler {
                    let _ = ORIGINAL.set(h);
                }
                e.0[0] = ffi::zend_function_entry {
                    fname: c"Rsock\\stream_socket_server".as_ptr(),
                    handler: Some(server::zif_rsock_stream_socket_server),
                    // SAFETY: an internal function's `arg_info` points one
                    // past the return-info slot its entry was declared with.
                    arg_info: unsafe { f.arg_info.sub(1) },
                    num_args: f.num_args,
                    flags: 0,
                };
            }
            e
        })
        .0
}

/// PHP's own handler, for the transports rsock does not serve.
pub fn original() -> Option<Handler> {
    ORIGINAL.get().copied()
}

/// Points the built-in at rsock's handler (`on`) or back at PHP's.
pub fn replace(on: bool) {
    let (Some(f), Some(orig)) = (builtin(), original()) else {
        return;
    };
    f.handler = Some(if on {
        server::zif_stream_socket_server
    } else {
        orig
    });
}

/// Whether the built-in currently runs rsock's handler.
pub fn is_replaced() -> bool {
    builtin().is_some_and(|f| {
        f.handler.map(|h| h as usize)
            == Some(server::zif_stream_socket_server as *const () as usize)
    })
}

/// Whether ext/openssl serves tcp (its streams are labelled
/// `tcp_socket/ssl`): it registers the `ssl` transport when it does.
pub fn openssl_serves_tcp() -> bool {
    // SAFETY: the transport table exists for the whole process.
    unsafe {
        !ffi::zend_hash_str_find(ffi::php_stream_xport_get_hash(), c"ssl".as_ptr(), 3).is_null()
    }
}
