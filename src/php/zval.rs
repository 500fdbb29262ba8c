//! The zval, zend_string and reference-count operations the binding layer
//! needs: the only code (with [`super::array`] for arrays) that reads or
//! writes their fields.

use std::ptr;

use ext_php_rs::types::ZendStr;

use super::ffi;

/// A new, request-allocated PHP string holding `bytes` (refcount 1; the
/// receiver owns it).
pub fn new_string(bytes: &[u8]) -> *mut ffi::zend_string {
    ZendStr::new(bytes, false).into_raw().cast()
}

/// A copy of `bytes` in request memory, which PHP frees with `efree` (a
/// transport's `addr` answer, a stream's `orig_path`); `nul` ends it with a
/// NUL byte, as `estrndup` does.
pub fn emalloc_copy(bytes: &[u8], nul: bool) -> *mut u8 {
    let len = bytes.len() + usize::from(nul);
    // SAFETY: emalloc gives at least `len.max(1)` writable bytes (it bails
    // out rather than return null); `len` of them are written.
    unsafe {
        #[cfg(not(php_debug))]
        let p = ffi::_emalloc(len.max(1)).cast::<u8>();
        // Debug builds of PHP take the caller's file and line (ZEND_FILE_LINE_DC).
        #[cfg(php_debug)]
        let p = ffi::_emalloc(len.max(1), c"rsock".as_ptr(), line!(), ptr::null(), 0).cast::<u8>();
        ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
        if nul {
            *p.add(bytes.len()) = 0;
        }
        p
    }
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

/// `ZVAL_LONG` on a return slot.
///
/// # Safety
/// `zv` must point to a writable zval that holds nothing to release.
pub unsafe fn set_long(zv: *mut ffi::zval, n: i64) {
    // SAFETY: per the contract above.
    unsafe {
        (*zv).value.lval = n;
        (*zv).u1.type_info = ffi::IS_LONG;
    }
}

/// Puts `ht` in `zv` in place of what it held (released), as
/// `zval_ptr_dtor` + `ZVAL_ARR`.
///
/// # Safety
/// `zv` must be a live zval, `ht` an array whose reference the caller
/// hands over.
pub unsafe fn replace_with_array(zv: *mut ffi::zval, ht: *mut ffi::HashTable) {
    // SAFETY: per the contract above.
    unsafe {
        ffi::zval_ptr_dtor(zv);
        (*zv).value.arr = ht;
        (*zv).u1.type_info = ffi::IS_ARRAY_EX;
    }
}

/// `Z_RES_P`: the resource a zval holds, if it holds one.
///
/// # Safety
/// `zv` must be a live zval.
pub unsafe fn resource(zv: *const ffi::zval) -> Option<*mut ffi::zend_resource> {
    // SAFETY: per the contract above; the union is read only for a resource.
    unsafe { (type_of(zv) == ffi::IS_RESOURCE).then(|| (*zv).value.res) }
}

/// `Z_REFVAL_P`: the value a reference zval points to.
///
/// # Safety
/// `zv` must be a live `IS_REFERENCE` zval.
pub unsafe fn deref(zv: *mut ffi::zval) -> *mut ffi::zval {
    // SAFETY: per the contract above.
    unsafe { ptr::addr_of_mut!((*(*zv).value.ref_).val) }
}

/// A zval naming the stream's resource without a reference of its own
/// (an argument for a call that does not keep it).
///
/// # Safety
/// `stream` must be live, and the caller must keep its resource alive
/// while the zval is used.
pub unsafe fn borrowed_stream(stream: *mut ffi::php_stream) -> ffi::zval {
    // SAFETY: an all-zero zval is IS_UNDEF; per the contract above.
    unsafe {
        let mut zv: ffi::zval = std::mem::zeroed();
        zv.value.res = (*stream).res;
        zv.u1.type_info = ffi::IS_RESOURCE_EX;
        zv
    }
}

/// `GC_ADDREF` on any reference-counted PHP value (array, resource,
/// string, object) by its header.
///
/// # Safety
/// `gc` must be the header of a live, not immutable, value.
pub unsafe fn add_ref(gc: *mut ffi::zend_refcounted_h) {
    // SAFETY: per the contract above.
    unsafe { (*gc).refcount += 1 };
}

/// `GC_DELREF`: drops one reference and gives the count left (the caller
/// frees the value at 0).
///
/// # Safety
/// `gc` must be the header of a live value with a reference the caller
/// owns.
pub unsafe fn del_ref(gc: *mut ffi::zend_refcounted_h) -> u32 {
    // SAFETY: per the contract above.
    unsafe {
        (*gc).refcount -= 1;
        (*gc).refcount
    }
}

/// `GC_REFCOUNT`.
///
/// # Safety
/// `gc` must be the header of a live value.
pub unsafe fn ref_count(gc: *const ffi::zend_refcounted_h) -> u32 {
    // SAFETY: per the contract above.
    unsafe { (*gc).refcount }
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
            target = deref(zv);
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
