//! PHP arrays (`HashTable`) as the binding layer uses them: walked in
//! order as `ZEND_HASH_FOREACH_KEY_VAL` walks them, held across PHP code
//! for the rest of a call, and built anew. The only code that reads a
//! `HashTable`'s fields; the layout comes from the headers (`build.rs`
//! says whether packed arrays hold bare zvals, as from PHP 8.2 on).

use std::cell::RefCell;

use super::{ffi, zval};

thread_local! {
    /// Arrays held by the calls under way on this thread, each with one
    /// reference of ours (see [`for_each`]). Reused: no allocation per call.
    static HELD: RefCell<Vec<*mut ffi::HashTable>> = const { RefCell::new(Vec::new()) };
}

/// One element of a PHP array, with its key.
pub struct Item {
    /// The value, references already followed.
    pub value: *mut ffi::zval,
    /// Its slot in the array (stable while the array is not modified).
    pub slot: u32,
    /// The element is a PHP reference: its value can change without the
    /// array being modified.
    pub by_ref: bool,
    /// The string key, or null for an integer key.
    str_key: *mut ffi::zend_string,
    /// The integer key (when `str_key` is null).
    num_key: ffi::zend_ulong,
}

impl Item {
    /// The string key's bytes, `None` for an integer key.
    pub fn str_key(&self) -> Option<&[u8]> {
        // SAFETY: a string key of a live array is a live zend_string.
        (!self.str_key.is_null()).then(|| unsafe { zval::string_bytes(self.str_key) })
    }
}

/// `Z_ARRVAL_P`: the array a zval holds, if it holds one.
///
/// # Safety
/// `zv` must be a live zval.
pub unsafe fn of(zv: *const ffi::zval) -> Option<*mut ffi::HashTable> {
    // SAFETY: per the contract; the union is read only for an array.
    unsafe { (zval::type_of(zv) == ffi::IS_ARRAY).then(|| (*zv).value.arr) }
}

/// `zend_hash_num_elements`.
///
/// # Safety
/// `ht` must be a live array.
pub unsafe fn len(ht: *const ffi::HashTable) -> u32 {
    // SAFETY: per the contract.
    unsafe { (*ht).nNumOfElements }
}

/// The length of the list of held arrays, to give [`release_held`] when
/// the call that holds them ends.
pub fn held_mark() -> usize {
    HELD.with_borrow(Vec::len)
}

/// Calls `f` for every element of the array in `zv` (none if it holds no
/// array), in order, with references followed.
///
/// The array gets an extra reference, dropped only by [`release_held`]:
/// `f` may run PHP code (a user stream's `stream_cast`, a user error
/// handler) that replaces the array in `zv`, and the walk must not see
/// it freed. Immutable arrays are never freed and get none.
///
/// # Safety
/// `zv` must be a live zval; the array must not be modified during the
/// walk (PHP's copy-on-write: code that writes to it separates it first).
pub unsafe fn for_each(zv: *const ffi::zval, mut f: impl FnMut(&Item)) {
    // SAFETY: per the contract; every slot below `nNumUsed` is read once.
    unsafe {
        let Some(ht) = of(zv) else { return };
        hold(ht);
        for i in 0..(*ht).nNumUsed {
            if let Some(item) = item_at(ht, i) {
                f(&item);
            }
        }
    }
}

/// Calls `f` for every element of `ht`, in order, with references
/// followed, taking no reference: for arrays no PHP code can change
/// meanwhile (`f` runs none).
///
/// # Safety
/// `ht` must be a live array that stays unchanged during the walk.
pub unsafe fn for_each_in(ht: *mut ffi::HashTable, mut f: impl FnMut(&Item)) {
    // SAFETY: per the contract; every slot below `nNumUsed` is read once.
    unsafe {
        for i in 0..(*ht).nNumUsed {
            if let Some(item) = item_at(ht, i) {
                f(&item);
            }
        }
    }
}

/// The element in slot `slot`, if the slot holds one.
///
/// # Safety
/// `ht` must be a live array and `slot < nNumUsed`.
pub unsafe fn item_at(ht: *mut ffi::HashTable, slot: u32) -> Option<Item> {
    // SAFETY: per the contract. Holes are IS_UNDEF slots; a packed array
    // is a zval per slot (PHP 8.2 on) or a bucket per slot, a hash a
    // bucket per slot, both with `nNumUsed` slots.
    unsafe {
        let packed = (*ht).u.flags & ffi::HASH_FLAG_PACKED != 0;
        let (mut value, str_key, num_key) = if packed {
            (
                packed_slot(ht, slot),
                std::ptr::null_mut(),
                ffi::zend_ulong::from(slot),
            )
        } else {
            let b = bucket(ht, slot);
            (std::ptr::addr_of_mut!((*b).val), (*b).key, (*b).h)
        };
        let by_ref = match zval::type_of(value) {
            ffi::IS_UNDEF => return None,
            ffi::IS_REFERENCE => {
                value = zval::deref(value);
                true
            }
            _ => false,
        };
        Some(Item {
            value,
            slot,
            by_ref,
            str_key,
            num_key,
        })
    }
}

/// Bucket `i` of an array that holds buckets.
///
/// # Safety
/// `ht` must be a live array of buckets and `i < nNumUsed`.
unsafe fn bucket(ht: *mut ffi::HashTable, i: u32) -> *mut ffi::Bucket {
    // SAFETY: per the contract.
    #[cfg(php_packed_zvals)]
    let data = unsafe { (*ht).__bindgen_anon_1.arData };
    // SAFETY: as above (before PHP 8.2 the field stands alone).
    #[cfg(not(php_packed_zvals))]
    let data = unsafe { (*ht).arData };
    // SAFETY: per the contract.
    unsafe { data.add(i as usize) }
}

/// Slot `i` of a packed array.
///
/// # Safety
/// `ht` must be a live packed array and `i < nNumUsed`.
unsafe fn packed_slot(ht: *mut ffi::HashTable, i: u32) -> *mut ffi::zval {
    // SAFETY: per the contract; from PHP 8.2 packed arrays hold zvals.
    #[cfg(php_packed_zvals)]
    return unsafe { (*ht).__bindgen_anon_1.arPacked.add(i as usize) };
    // SAFETY: as above; before PHP 8.2 they hold buckets.
    #[cfg(not(php_packed_zvals))]
    return unsafe { std::ptr::addr_of_mut!((*bucket(ht, i)).val) };
}

/// Takes the extra reference [`for_each`] documents.
///
/// # Safety
/// `ht` must be a live array.
unsafe fn hold(ht: *mut ffi::HashTable) {
    // SAFETY: per the contract.
    unsafe {
        if !is_immutable(ht) {
            zval::add_ref(&raw mut (*ht).gc);
            HELD.with_borrow_mut(|h| h.push(ht));
        }
    }
}

/// Immutable arrays (compile-time constants, the empty array) are never
/// modified nor freed, and hold no resources.
///
/// # Safety
/// `ht` must be a live array.
pub unsafe fn is_immutable(ht: *const ffi::HashTable) -> bool {
    // SAFETY: per the contract.
    unsafe { (*ht).gc.u.type_info & ffi::GC_IMMUTABLE != 0 }
}

/// Takes a reference to `ht` (none for an immutable array), to be dropped
/// with [`release`]. While it is held, PHP code that writes to the array
/// separates it first (copy-on-write: the array is shared), so the array
/// at this address stays the same, and alive.
///
/// # Safety
/// `ht` must be a live array.
pub unsafe fn keep(ht: *mut ffi::HashTable) {
    // SAFETY: per the contract.
    unsafe {
        if !is_immutable(ht) {
            zval::add_ref(&raw mut (*ht).gc);
        }
    }
}

/// Drops a reference taken with [`keep`], freeing the array if it was the
/// last (which frees its elements: streams may close, PHP code may run).
///
/// # Safety
/// `ht` must be an array with a reference taken by [`keep`].
pub unsafe fn release(ht: *mut ffi::HashTable) {
    // SAFETY: per the contract.
    unsafe {
        if !is_immutable(ht) && zval::del_ref(&raw mut (*ht).gc) == 0 {
            ffi::zend_array_destroy(ht);
        }
    }
}

/// Drops a reference taken with [`keep`] unless it is the last one (which
/// would free the array); true if dropped (or there was none to drop). Runs
/// no PHP code.
///
/// # Safety
/// `ht` must be an array with a reference taken by [`keep`].
pub unsafe fn release_unless_last(ht: *mut ffi::HashTable) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if is_immutable(ht) {
            return true;
        }
        if zval::ref_count(&raw const (*ht).gc) > 1 {
            zval::del_ref(&raw mut (*ht).gc);
            return true;
        }
        false
    }
}

/// Whether nothing but `ours` references ([`keep`]) hold `ht`: nobody else
/// can reach it, so it can never be passed again.
///
/// # Safety
/// `ht` must be a live array.
pub unsafe fn only_held_by(ht: *const ffi::HashTable, ours: u32) -> bool {
    // SAFETY: per the contract.
    unsafe { !is_immutable(ht) && zval::ref_count(&raw const (*ht).gc) <= ours }
}

/// Drops the references taken since `mark` (from [`held_mark`]; nested
/// calls hold and release their own), freeing arrays nobody else holds.
pub fn release_held(mark: usize) {
    let held = HELD.with_borrow_mut(|h| h.split_off(mark.min(h.len())));
    for ht in held {
        // SAFETY: each entry is one reference, taken by `hold`, to a live
        // array.
        unsafe {
            if zval::del_ref(&raw mut (*ht).gc) == 0 {
                ffi::zend_array_destroy(ht);
            }
        }
    }
}

/// At request end: whatever a bailout left held was freed with the
/// request's memory.
pub fn forget_held() {
    HELD.with_borrow_mut(Vec::clear);
}

/// A new empty array with room for `size` elements (refcount 1; the caller
/// owns it).
pub fn new(size: u32) -> *mut ffi::HashTable {
    // SAFETY: PHP's allocator; the result is a valid empty array.
    unsafe { ffi::_zend_new_array(size) }
}

/// Copies `item` (key and value, with a reference of its own) into `ht`,
/// as PHP's select rebuilds its arrays.
///
/// # Safety
/// `ht` must be a live array the caller owns, `item` from a live array.
pub unsafe fn insert_copy(ht: *mut ffi::HashTable, item: &Item) {
    // SAFETY: per the contract.
    unsafe {
        let dest = if item.str_key.is_null() {
            ffi::zend_hash_index_update(ht, item.num_key, item.value)
        } else {
            ffi::zend_hash_update(ht, item.str_key, item.value)
        };
        ffi::zval_add_ref(dest);
    }
}
