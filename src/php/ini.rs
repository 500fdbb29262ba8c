//! The `rsock.*` ini settings.

use std::ffi::CStr;

use ext_php_rs::{
    flags::IniEntryPermission,
    zend::{IniEntryDef, IniEntryDefs},
};

use super::ffi;
use crate::net::listener;

const REPLACE: &CStr = c"rsock.replace_builtins";
const BACKLOG: &CStr = c"rsock.default_backlog";

/// The ini table (registered at MINIT).
pub static INI: IniEntryDefs<3> = IniEntryDefs::new([
    IniEntryDef::new(REPLACE, c"1", IniEntryPermission::System),
    IniEntryDef::new(BACKLOG, c"-1", IniEntryPermission::All),
    IniEntryDef::end(),
]);

/// `rsock.replace_builtins`, read as PHP reads a boolean ini value.
pub fn replace_builtins() -> bool {
    let mut exists = false;
    // SAFETY: a registered ini name; the returned value is owned by PHP.
    let raw =
        unsafe { ffi::zend_ini_string_ex(REPLACE.as_ptr(), REPLACE.count_bytes(), 0, &mut exists) };
    if raw.is_null() {
        return true;
    }
    // SAFETY: PHP returns a NUL-terminated string.
    parse_bool(&unsafe { CStr::from_ptr(raw) }.to_string_lossy())
}

/// PHP's boolean ini rule: on/yes/true (any case), else the leading
/// integer (as `atoi`) is non-zero.
fn parse_bool(v: &str) -> bool {
    let v = v.trim();
    if ["on", "yes", "true"]
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w))
    {
        return true;
    }
    let sign = usize::from(v.starts_with('-'));
    let digits = v[sign..].bytes().take_while(u8::is_ascii_digit).count();
    v[..sign + digits].parse::<i64>().is_ok_and(|n| n != 0)
}

/// The backlog used when the context sets none: `rsock.default_backlog`,
/// or the system's somaxconn when that is negative.
pub fn default_backlog() -> i32 {
    // SAFETY: a registered ini name.
    let v = unsafe { ffi::zend_ini_long(BACKLOG.as_ptr(), BACKLOG.count_bytes(), 0) };
    if v < 0 {
        listener::system_backlog()
    } else {
        v.min(i64::from(i32::MAX)) as i32
    }
}
