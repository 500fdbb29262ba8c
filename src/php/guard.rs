//! The guard every PHP-facing callback runs under: a Rust panic becomes a
//! PHP warning and the callback's failure value, and a Zend bailout
//! (longjmp) stops at rsock's boundary, where rsock puts its own state
//! back before letting it go on.

use std::panic::AssertUnwindSafe;

use ext_php_rs::zend::{CatchError, try_catch};

use super::report::warning;

/// The engine bailed out (a fatal error, such as memory exhaustion) while
/// rsock code ran: the caller cleans up its own state, then calls
/// [`resume_bailout`].
pub struct Bailout;

/// Runs a PHP-facing callback under both guards: a panic (a bug: no input
/// may cause one) becomes a PHP warning and `fallback`, and a Zend bailout
/// (longjmp) is caught at this boundary instead of unwinding over the
/// caller's Rust frames.
pub fn catch<R>(fallback: R, f: impl FnOnce() -> R) -> Result<R, Bailout> {
    match try_catch(AssertUnwindSafe(f)) {
        Ok(r) => Ok(r),
        Err(CatchError::Bailout) => Err(Bailout),
        Err(_) => {
            warning(b"rsock: internal error, operation abandoned (please report this)");
            Ok(fallback)
        }
    }
}

/// Continues a bailout [`catch`] stopped, once the caller's frames hold
/// nothing that needs dropping.
pub fn resume_bailout() -> ! {
    // SAFETY: re-raises the bailout the engine started; called from the
    // outermost rsock frame, which holds nothing to drop.
    unsafe { ext_php_rs::zend::bailout() }
}

/// [`catch`] for callbacks with no state of their own to clean up: a
/// bailout goes on at once.
pub fn ffi_guard<R>(fallback: R, f: impl FnOnce() -> R) -> R {
    match catch(fallback, f) {
        Ok(r) => r,
        Err(Bailout) => resume_bailout(),
    }
}
