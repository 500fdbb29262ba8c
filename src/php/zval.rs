//! The few zval and zend_string operations the binding layer needs.

use std::ptr;

use ext_php_rs::types::ZendStr;

use super::ffi;

/// A new, request-allocated PHP string holding `bytes` (refcount 1; the
/// receiver owns it).
pub fn new_string(bytes: &[u8]) -> *mut ffi::zend_string {
    ZendStr::new(bytes, false).into_raw().cast()
}

/// `ZVAL_STR`'s type info: interned strings are not reference-counted.
///
/// # Safety
/// `s` must point to a live `zend_string`.
unsafe fn string_type_info(s: *const ffi::zend_string) -> u32 {
    // SAFETY: per the contract above.
    if unsafe { (*s).gc.u.type_info } & ffi::IS_STR_INTERNED != 0 {
        ffi::IS_INTERNED_STRING_EX
    } else {
        ffi::IS_STRING_EX
    }
}

/// `Z_TYPE_P`: the type of a zval.
///
/// # Safety
/// `zv` must point to a live zval.
pub unsafe fn type_of(zv: *const ffi::zval) -> u32 {
    // SAFETY: per the contract above.
    unsafe { (*zv).u1.type_info & ffi::Z_TYPE_MASK }
}

/// The bytes of a PHP string.
///
/// # Safety
/// `s` must point to a live `zend_string`.
pub unsafe fn string_bytes<'a>(s: *const ffi::zend_string) -> &'a [u8] {
    // SAFETY: a zend_string stores `len` bytes inline from `val`.
    unsafe { std::slice::from_raw_parts((*s).val.as_ptr().cast(), (*s).len) }
}

/// `ZVAL_FALSE`.
///
/// # Safety
/// `zv` must point to a writable zval that holds nothing to release.
pub unsafe fn set_false(zv: *mut ffi::zval) {
    // SAFETY: per the contract above.
    unsafe { (*zv).u1.type_info = ffi::IS_FALSE };
}

/// `php_stream_to_zval`: `zv` takes over the stream's resource.
///
/// # Safety
/// `zv` must be writable and empty, `stream` a live stream.
pub unsafe fn set_stream(zv: *mut ffi::zval, stream: *mut ffi::php_stream) {
    // SAFETY: per the contract above; the stream's one resource reference
    // moves into the zval, as PHP's own macro does.
    unsafe {
        (*zv).value.res = (*stream).res;
        (*zv).u1.type_info = ffi::IS_RESOURCE_EX;
        (*stream).set___exposed(1);
    }
}

enum Value {
    Long(i64),
    Str(*mut ffi::zend_string),
}

/// `ZEND_TRY_ASSIGN_REF_*`: assigns through a by-reference argument,
/// honouring typed-property references.
///
/// # Safety
/// `zv` must be a live argument zval (normally an `IS_REFERENCE`).
unsafe fn assign_ref(zv: *mut ffi::zval, value: Value) {
    // SAFETY: per the contract above; the reference keeps its value alive
    // while we replace it.
    unsafe {
        let mut target = zv;
        if type_of(zv) == ffi::IS_REFERENCE {
            let r = (*zv).value.ref_;
            if !(*r).sources.ptr.is_null() {
                match value {
                    Value::Long(l) => ffi::zend_try_assign_typed_ref_long(r, l),
                    Value::Str(s) => ffi::zend_try_assign_typed_ref_str(r, s),
                };
                return;
            }
            target = ptr::addr_of_mut!((*r).val);
        }
        ffi::zval_ptr_dtor(target);
        match value {
            Value::Long(l) => {
                (*target).value.lval = l;
                (*target).u1.type_info = ffi::IS_LONG;
            }
            Value::Str(s) => {
                (*target).value.str_ = s;
                (*target).u1.type_info = string_type_info(s);
            }
        }
    }
}

/// Assigns an integer through a by-reference argument.
///
/// # Safety
/// As for the private `assign_ref`.
pub unsafe fn assign_ref_long(zv: *mut ffi::zval, value: i64) {
    // SAFETY: forwarded contract.
    unsafe { assign_ref(zv, Value::Long(value)) }
}

/// Assigns a new string through a by-reference argument.
///
/// # Safety
/// As for the private `assign_ref`.
pub unsafe fn assign_ref_bytes(zv: *mut ffi::zval, value: &[u8]) {
    // SAFETY: forwarded contract.
    unsafe { assign_ref(zv, Value::Str(new_string(value))) }
}
