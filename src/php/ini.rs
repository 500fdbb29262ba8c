//! The `rsock.*` ini settings.

use std::ffi::CStr;

use ext_php_rs::{
    flags::IniEntryPermission,
    types::ZendStr,
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

/// `rsock.replace_builtins`, read by PHP's own boolean ini rule
/// (`zend_ini_parse_bool`: on/yes/true, else a non-zero number).
pub fn replace_builtins() -> bool {
    // Persistent: this runs at MINIT, outside any request.
    let name = ZendStr::new(REPLACE.to_bytes(), true);
    // SAFETY: a live name string; PHP returns the entry's value (owned by
    // the ini table) or null.
    let value = unsafe { ffi::zend_ini_get_value((&*name as *const ZendStr).cast_mut().cast()) };
    if value.is_null() {
        return true;
    }
    // SAFETY: a live string owned by the ini table.
    unsafe { ffi::zend_ini_parse_bool(value) }
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
