//! Finding PHP's built-in functions rsock replaces, swapping their handlers
//! for rsock's (MINIT) and putting them back (MSHUTDOWN). A built-in keeps
//! its own arginfo, so reflection and named arguments are unchanged, and its
//! `Rsock\` twin is registered with that same arginfo.
//!
//! The swap chains: the handler rsock replaces is captured at the moment
//! of the swap (another extension may have hooked the function in its own
//! MINIT first) and receives what rsock does not serve; MSHUTDOWN puts it
//! back only if rsock's handler is still the one installed. An operator's
//! `disable_functions` removes a built-in after every MINIT; its `Rsock\`
//! twin is then removed too (at the first request), so a disabled function
//! stays disabled under either name.

use std::{
    ffi::CStr,
    sync::{
        OnceLock,
        atomic::{AtomicUsize, Ordering},
    },
};

use super::{ffi, server, stream_select};

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
    /// The handler rsock's swap replaced (0: no swap made).
    chained: AtomicUsize,
}

/// The built-ins rsock replaces.
pub static BUILTINS: [Builtin; 2] = [
    Builtin {
        name: c"stream_socket_server",
        rsock_name: c"Rsock\\stream_socket_server",
        handler: server::zif_stream_socket_server,
        chained: AtomicUsize::new(0),
    },
    Builtin {
        name: c"stream_select",
        rsock_name: c"Rsock\\stream_select",
        handler: stream_select::zif_stream_select,
        chained: AtomicUsize::new(0),
    },
];

/// The function entries of the module plus the terminator, filled in once.
pub struct FunctionEntries(pub [ffi::zend_function_entry; 4]);
// SAFETY: written once before PHP registers the module, then only read;
// the pointers are to 'static data.
unsafe impl Sync for FunctionEntries {}
// SAFETY: as above.
unsafe impl Send for FunctionEntries {}

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

    fn ours(&self, h: Handler) -> bool {
        std::ptr::eq(h as *const (), self.handler as *const ())
    }

    fn chained(&self) -> Option<Handler> {
        let raw = self.chained.load(Ordering::Acquire);
        // SAFETY: only `replace` stores here, and only a handler's address.
        (raw != 0).then(|| unsafe { std::mem::transmute::<usize, Handler>(raw) })
    }

    /// The handler for what rsock does not serve: the one its swap
    /// replaced (even if another extension hooked the built-in since: that
    /// hook calls rsock, so calling it back would loop), else the
    /// built-in's own when rsock never swapped it. `None` when the
    /// built-in is gone (disabled).
    pub fn fallback(&self) -> Option<Handler> {
        let current = self.record()?.handler?;
        match self.chained() {
            Some(replaced) => Some(replaced),
            None if self.ours(current) => None,
            None => Some(current),
        }
    }

    /// The `Rsock\` entry with the built-in's arginfo.
    // The fields later PHPs add (8.4: frameless_function_infos, doc_comment)
    // come from `..Default::default()`: null. On 8.2 every field is named.
    #[allow(clippy::needless_update)]
    fn entry(&self) -> Option<ffi::zend_function_entry> {
        let f = self.record()?;
        Some(ffi::zend_function_entry {
            fname: self.rsock_name.as_ptr(),
            handler: Some(self.handler),
            // SAFETY: an internal function's `arg_info` points one past the
            // return-info slot its entry was declared with.
            arg_info: unsafe { f.arg_info.sub(1) },
            num_args: f.num_args,
            flags: 0,
            ..Default::default()
        })
    }

    /// Points the built-in at rsock's handler, remembering the one it had.
    fn replace(&self) {
        let Some(f) = self.record() else { return };
        match f.handler {
            Some(h) if !self.ours(h) => {
                self.chained
                    .store(h as *const () as usize, Ordering::Release);
                f.handler = Some(self.handler);
            }
            _ => {}
        }
    }

    /// Puts back the handler rsock replaced, if rsock's is still installed
    /// (an extension that hooked after rsock keeps its hook).
    fn restore(&self) {
        let (Some(f), Some(prev)) = (self.record(), self.chained()) else {
            return;
        };
        if f.handler.is_some_and(|h| self.ours(h)) {
            f.handler = Some(prev);
        }
    }

    /// Whether the built-in currently runs rsock's handler.
    pub fn is_replaced(&self) -> bool {
        self.record()
            .is_some_and(|f| f.handler.is_some_and(|h| self.ours(h)))
    }

    /// Removes the `Rsock\` twin when the built-in is gone
    /// (`disable_functions`), as PHP removes a disabled function.
    fn drop_twin_if_disabled(&self) {
        if self.record().is_some() {
            return;
        }
        let lower = self.rsock_name.to_bytes().to_ascii_lowercase();
        // SAFETY: the compiler globals' function table; deleting an entry
        // is how PHP itself disables a function.
        unsafe {
            let cg = ext_php_rs::ffi::ext_php_rs_compiler_globals();
            let table = (*cg).function_table.cast::<ffi::HashTable>();
            ffi::zend_hash_str_del(table, lower.as_ptr().cast(), lower.len());
        }
    }
}

/// The module's function entries: the `Rsock\` twins of the built-ins that
/// exist, rsock's own functions, then the terminator.
pub fn function_entries() -> &'static [ffi::zend_function_entry; 4] {
    static ENTRIES: OnceLock<FunctionEntries> = OnceLock::new();
    &ENTRIES
        .get_or_init(|| {
            let mut e = FunctionEntries(Default::default());
            let own = [super::pass_listeners::entry()];
            for (slot, entry) in
                e.0.iter_mut()
                    .zip(BUILTINS.iter().filter_map(Builtin::entry).chain(own))
            {
                *slot = entry;
            }
            e
        })
        .0
}

/// Swaps every built-in to rsock's handler (`on`, MINIT) or back
/// (MSHUTDOWN).
pub fn replace_all(on: bool) {
    for b in &BUILTINS {
        if on { b.replace() } else { b.restore() }
    }
}

/// At a request's start: the `Rsock\` twins of disabled built-ins go too.
/// (PHP applies `disable_functions` after every module's MINIT.)
pub fn drop_disabled_twins() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.replace(true) {
        return;
    }
    for b in &BUILTINS {
        b.drop_twin_if_disabled();
    }
}

/// The handler `stream_socket_server` falls back to for transports rsock
/// does not serve (`None`: the built-in is disabled).
pub fn server_fallback() -> Option<Handler> {
    BUILTINS[0].fallback()
}

/// Whether ext/openssl serves tcp (its streams are labelled
/// `tcp_socket/ssl`): it registers the `ssl` transport when it does.
pub fn openssl_serves_tcp() -> bool {
    // SAFETY: the transport table exists for the whole process.
    unsafe {
        !ffi::zend_hash_str_find(ffi::php_stream_xport_get_hash(), c"ssl".as_ptr(), 3).is_null()
    }
}
