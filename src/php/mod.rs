//! The binding layer: turns the core into PHP's `stream_socket_server()`
//! and PHP streams. All `unsafe` of the crate (but `net::sys`) lives here.

mod array;
mod builtin;
mod context;
mod fd_holders;
mod ffi;
mod guard;
mod inherit;
mod ini;
mod kept_arrays;
mod ops;
mod pass_listeners;
mod proxy;
mod report;
mod server;
mod sock_options;
mod ssl_options;
mod stream;
mod stream_select;
mod tls;
mod unix_options;
mod xport;
mod zval;

use std::ffi::{CString, c_int};

use ext_php_rs::{
    builders::ModuleBuilder,
    zend::{IniEntryDef, ModuleEntry, StaticModuleEntry},
};

use crate::net::{Transport, php_version::PhpVersion};

/// The PHP release rsock is built for (`PHP_VERSION_ID` of its headers),
/// whose behaviour it follows where releases differ.
pub(crate) const PHP: PhpVersion = PhpVersion::new(ffi::PHP_VERSION_ID);

unsafe extern "C" fn startup(_ty: c_int, module_number: c_int) -> c_int {
    guard::ffi_guard(ffi::FAILURE, || {
        IniEntryDef::register(ini::INI.as_slice(), module_number);
        if ini::replace_builtins() {
            builtin::replace_all(true);
        }
        ffi::SUCCESS as c_int
    })
}

unsafe extern "C" fn request_startup(_ty: c_int, _module_number: c_int) -> c_int {
    guard::ffi_guard(ffi::SUCCESS as c_int, || {
        builtin::drop_disabled_twins();
        ffi::SUCCESS as c_int
    })
}

unsafe extern "C" fn request_shutdown(_ty: c_int, _module_number: c_int) -> c_int {
    guard::ffi_guard(ffi::SUCCESS as c_int, || {
        stream_select::request_end();
        ffi::SUCCESS as c_int
    })
}

unsafe extern "C" fn shutdown(_ty: c_int, module_number: c_int) -> c_int {
    guard::ffi_guard(ffi::FAILURE, || {
        builtin::replace_all(false);
        // SAFETY: unregisters what `startup` registered for this module.
        unsafe { ffi::zend_unregister_ini_entries(module_number) };
        ffi::SUCCESS as c_int
    })
}

fn info_row(key: &str, value: &str) {
    let (k, v) = (
        CString::new(key).unwrap_or_default(),
        CString::new(value).unwrap_or_default(),
    );
    // SAFETY: two valid C strings for a two-column row.
    unsafe { ffi::php_info_print_table_row(2, k.as_ptr(), v.as_ptr()) };
}

unsafe extern "C" fn info(module: *mut ModuleEntry) {
    guard::ffi_guard((), || {
        // SAFETY: called by phpinfo() while it prints the module table.
        unsafe { ffi::php_info_print_table_start() };
        info_row("rsock support", "enabled");
        info_row("Version", env!("CARGO_PKG_VERSION"));
        info_row("Built for", env!("RSOCK_BUILT_FOR"));
        let replaced: Vec<_> = builtin::BUILTINS
            .iter()
            .filter(|b| b.is_replaced())
            .map(|b| b.name.to_string_lossy())
            .collect();
        let replaced = if replaced.is_empty() {
            "none".to_owned()
        } else {
            replaced.join(", ")
        };
        info_row("Built-ins replaced", &replaced);
        info_row("Default backlog", &ini::default_backlog().to_string());
        let mut served: Vec<_> = Transport::ALL.iter().map(|t| t.scheme()).collect();
        served.extend(["ssl", "tls", "tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3"]);
        served.extend(["systemd", "fd"]);
        info_row("Transports served", &served.join(", "));
        // SAFETY: closes the table opened above.
        unsafe { ffi::php_info_print_table_end() };
        // SAFETY: prints this module's ini entries, as C extensions do.
        unsafe { ffi::display_ini_entries(module.cast()) };
    });
}

/// The module entry PHP looks up when loading `rsock.so`.
#[unsafe(no_mangle)]
pub extern "C" fn get_module() -> *mut ModuleEntry {
    static MODULE: StaticModuleEntry = StaticModuleEntry::new();
    MODULE.get_or_init(|| {
        let builder = ModuleBuilder::new("rsock", env!("CARGO_PKG_VERSION"))
            .startup_function(startup)
            .shutdown_function(shutdown)
            .request_startup_function(request_startup)
            .request_shutdown_function(request_shutdown)
            .info_function(info);
        #[allow(clippy::expect_used)]
        let (mut entry, _startup, owned) = <(ModuleEntry, _, _)>::try_from(builder)
            .expect("a module with no functions always builds");
        entry.functions = builtin::function_entries().as_ptr().cast();
        (entry, owned)
    })
}
