//! `Rsock\pass_listeners(array $servers): array|false`, the restart
//! recipe's hand-over: in a forked child right before `pcntl_exec()`, the
//! servers' sockets are copied to descriptors 3, 4, … (close-on-exec clear
//! on those only) and the `LISTEN_*` variables the new program needs are
//! returned, so that it adopts them with `systemd://NAME` as if systemd
//! had passed them. The exec stays the script's own `pcntl_exec()`, so an
//! operator's `disable_functions` still decides whether a script may exec.

use std::ffi::{CString, c_char};

use ext_php_rs::types::{ZendHashTable, Zval};

use super::{array, ffi, guard::ffi_guard, report::warning, stream, zval};
use crate::net::{
    inherit::{self, handoff, listen_fds::UNNAMED},
    sys,
};

/// The function's name as PHP registers it.
pub const NAME: &std::ffi::CStr = c"Rsock\\pass_listeners";

/// The arginfo table in a `static`: plain data and pointers to static
/// strings.
pub struct ArgInfo(pub [ffi::_zend_internal_arg_info; 2]);
// SAFETY: immutable, and points only at 'static data.
unsafe impl Sync for ArgInfo {}

/// `function pass_listeners(array $servers): array|false`: the first
/// entry is the return type, its name slot the number of required
/// arguments (as `ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX` lays it out).
pub static ARG_INFO: ArgInfo = ArgInfo([
    ffi::_zend_internal_arg_info {
        // Not a pointer: the count of required arguments, in the slot Zend
        // reads it from.
        name: std::ptr::without_provenance::<c_char>(1),
        type_: ffi::zend_type {
            ptr: std::ptr::null_mut(),
            type_mask: (1 << ffi::IS_ARRAY) | (1 << ffi::IS_FALSE),
        },
        default_value: std::ptr::null(),
    },
    ffi::_zend_internal_arg_info {
        name: c"servers".as_ptr(),
        type_: ffi::zend_type {
            ptr: std::ptr::null_mut(),
            type_mask: 1 << ffi::IS_ARRAY,
        },
        default_value: std::ptr::null(),
    },
]);

/// The function entry.
// Fields later PHPs add come from `..Default::default()` (see builtin.rs).
#[allow(clippy::needless_update)]
pub fn entry() -> ffi::zend_function_entry {
    ffi::zend_function_entry {
        fname: NAME.as_ptr(),
        handler: Some(zif_pass_listeners),
        arg_info: ARG_INFO.0.as_ptr(),
        num_args: 1,
        flags: 0,
        ..Default::default()
    }
}

/// Handler of `Rsock\pass_listeners`.
///
/// # Safety
/// Called by PHP with a valid call frame and return slot.
pub unsafe extern "C" fn zif_pass_listeners(ex: *mut ffi::zend_execute_data, rv: *mut ffi::zval) {
    // SAFETY: forwarded contract.
    ffi_guard((), || unsafe { pass_listeners(ex, rv) });
}

/// `zend_argument_value_error(1, …)`: PHP prefixes the function and
/// argument.
fn value_error(text: &str) {
    let msg = CString::new(text).unwrap_or_default();
    // SAFETY: "%s" with one valid C string.
    unsafe { ffi::zend_argument_value_error(1, c"%s".as_ptr(), msg.as_ptr()) };
}

/// The descriptor of the rsock server stream in `zv`, if it holds one.
///
/// # Safety
/// `zv` must be a live zval.
unsafe fn server_fd(zv: *mut ffi::zval) -> Option<i32> {
    // SAFETY: per the contract; a stream resource's pointer is its stream,
    // live while the resource is.
    unsafe {
        let res = zval::resource(zv)?;
        let (plain, persistent) = (ffi::php_file_le_stream(), ffi::php_file_le_pstream());
        if (*res).type_ != plain && (*res).type_ != persistent {
            return None;
        }
        let st = stream::state_if_ours((*res).ptr.cast())?;
        // A listener (or bound datagram socket) the new program can adopt,
        // not an accepted connection or an unbound stream.
        let fd = st.fd();
        (fd != -1 && inherit::inspect(fd).is_ok()).then_some(fd)
    }
}

unsafe fn pass_listeners(ex: *mut ffi::zend_execute_data, rv: *mut ffi::zval) {
    // SAFETY: `rv` is PHP's empty return slot.
    unsafe { zval::set_false(rv) };
    let mut servers: *mut ffi::zval = std::ptr::null_mut();
    // SAFETY: "a" fills one zval pointer; PHP raises the TypeError itself.
    let parsed =
        unsafe { ffi::zend_parse_parameters((*ex).This.u2.num_args, c"a".as_ptr(), &mut servers) };
    if parsed != ffi::SUCCESS {
        return;
    }
    // As for adopting: descriptors by number are command-line PHP's. In a
    // web SAPI the copies would replace the server process's own
    // descriptors 3, 4, … (its listening socket, its connections).
    let sapi = super::inherit::sapi_name();
    if !inherit::allowed_in_sapi(&sapi) {
        let text = format!(
            "listeners can be passed only from command-line PHP (this is {})",
            String::from_utf8_lossy(&sapi)
        );
        return warning(text.as_bytes());
    }
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut fds = Vec::new();
    let mut bad: Option<String> = None;
    let mark = array::held_mark();
    // SAFETY: zpp gave a live array zval; nothing below runs PHP code.
    unsafe {
        array::for_each(servers, |item| {
            if bad.is_some() {
                return;
            }
            let name = item.str_key().unwrap_or(UNNAMED).to_vec();
            if let Err(why) = handoff::check_name(&name) {
                let shown = String::from_utf8_lossy(&name).into_owned();
                bad = Some(format!("key \"{shown}\" is not a socket name: it {why}"));
                return;
            }
            match server_fd(item.value) {
                Some(fd) => {
                    names.push(name);
                    fds.push(fd);
                }
                None => bad = Some("must contain only open rsock server streams".to_owned()),
            }
        })
    };
    array::release_held(mark);
    if let Some(text) = bad {
        return value_error(&text);
    }
    if fds.is_empty() {
        return value_error("must not be empty");
    }
    if let Err(e) = handoff::place(&fds) {
        let errno = e.raw_os_error().unwrap_or(0);
        let text = format!("could not pass the listeners: {}", sys::strerror(errno));
        return warning(text.as_bytes());
    }
    let mut env = ZendHashTable::new();
    for (key, value) in handoff::environment(std::process::id(), &names) {
        let mut v = Zval::new();
        // Names are printable ASCII (checked), the rest digits.
        if v.set_string(&String::from_utf8_lossy(&value), false)
            .is_err()
            || env.insert(key, v).is_err()
        {
            return;
        }
    }
    // SAFETY: `rv` holds `false` (no refcounted value to release) and
    // ext-php-rs's zval is PHP's.
    unsafe { (*rv.cast::<Zval>()).set_hashtable(env) };
}
