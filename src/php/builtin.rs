//! Finding PHP's built-in functions rsock replaces, swapping their handlers
//! for rsock's (MINIT) and putting them back (MSHUTDOWN). A built-in keeps
//! its own arginfo, so reflection and named arguments are unchanged, and its
//! `Rsock\` twin is registered with that same arginfo.

use std::{ffi::CStr, sync::OnceLock};

use super::{ffi, select, server};

/// The C type of a PHP function handler.
pub type Handler = unsafe extern "C" fn(*mut ffi::zend_execute_data, *mut ffi::zval);

/// One built-in rsock can stand in for.
pub struct Builtin {
    /// The global function's name.
    pub name: &'static CStr,
    /// The always-available twin in the `Rsock` namespace.
    pub rsock_name: &'static CStr,
    /// rsock's implementation.
    pub handler: Handler,
    original: OnceLock<Handler>,
}

/// The built-ins rsock replaces.
pub static BUILTINS: [Builtin; 2] = [
    Builtin {
        name: c"stream_socket_server",
        rsock_name: c"Rsock\\stream_socket_server",
        handler: server::zif_stream_socket_server,
        original: OnceLock::new(),
    },
    Builtin {
        name: c"stream_select",
        rsock_name: c"Rsock\\stream_select",
        handler: select::zif_stream_select,
        original: OnceLock::new(),
    },
];

/// The function entries of the module plus the terminator, filled in once.
pub struct Entries(pub [ffi::zend_function_entry; 3]);
// SAFETY: written once before PHP registers the module, then only read;
// the pointers are to 'static data.
unsafe impl Sync for Entries {}
// SAFETY: as above.
unsafe impl Send for Entries {}

impl Builtin {
    /// The built-in's function record.
    fn record(&self) -> Option<&'static mut ffi::zend_internal_function> {
        // SAFETY: the compiler globals' function table exists from engine
        // start; internal functions live for the whole process.
        unsafe {
            let cg = ext_php_rs::ffi::ext_php_rs_compiler_globals();
            let table = (*cg).function_table.cast::<ffi::HashTable>();
            let zv = ffi::zend_hash_str_find(table, self.name.as_ptr(), self.name.count_bytes());
            if zv.is_null() {
                return None;
            }
            let func = (*zv).value.func;
            if func.is_null() || u32::from((*func).type_) != ffi::ZEND_INTERNAL_FUNCTION {
                return None;
            }
            Some(&mut (*func).internal_function)
        }
    }

    /// PHP's own handler (for what rsock hands back to it).
    pub fn original(&self) -> Option<Handler> {
        self.original.get().copied()
    }

    /// The `Rsock\` entry with the built-in's arginfo.
    fn entry(&self) -> Option<ffi::zend_function_entry> {
        let f = self.record()?;
        if let Some(h) = f.handler {
            let _ = self.original.set(h);
        }
        Some(ffi::zend_function_entry {
            fname: self.rsock_name.as_ptr(),
            handler: Some(self.handler),
            // SAFETY: an internal function's `arg_info` points one past the
            // return-info slot its entry was declared with.
            arg_info: unsafe { f.arg_info.sub(1) },
            num_args: f.num_args,
            flags: 0,
        })
    }

    /// Points the built-in at rsock's handler (`on`) or back at PHP's.
    fn replace(&self, on: bool) {
        if let (Some(f), Some(orig)) = (self.record(), self.original()) {
            f.handler = Some(if on { self.handler } else { orig });
        }
    }

    /// Whether the built-in currently runs rsock's handler.
    pub fn is_replaced(&self) -> bool {
        let ours = self.handler as *const () as usize;
        self.record()
            .is_some_and(|f| f.handler.map(|h| h as *const () as usize) == Some(ours))
    }
}

/// The module's function entries: the `Rsock\` twins of the built-ins that
/// exist, then the terminator.
pub fn function_entries() -> &'static [ffi::zend_function_entry; 3] {
    static ENTRIES: OnceLock<Entries> = OnceLock::new();
    &ENTRIES
        .get_or_init(|| {
            let mut e = Entries(Default::default());
            for (slot, entry) in
                e.0.iter_mut()
                    .zip(BUILTINS.iter().filter_map(Builtin::entry))
            {
                *slot = entry;
            }
            e
        })
        .0
}

/// Swaps every built-in to rsock's handler (`on`) or back to PHP's.
pub fn replace_all(on: bool) {
    for b in &BUILTINS {
        b.replace(on);
    }
}

/// PHP's own `stream_socket_server` handler.
pub fn original_server() -> Option<Handler> {
    BUILTINS[0].original()
}

/// Whether ext/openssl serves tcp (its streams are labelled
/// `tcp_socket/ssl`): it registers the `ssl` transport when it does.
pub fn openssl_serves_tcp() -> bool {
    // SAFETY: the transport table exists for the whole process.
    unsafe {
        !ffi::zend_hash_str_find(ffi::php_stream_xport_get_hash(), c"ssl".as_ptr(), 3).is_null()
    }
}
