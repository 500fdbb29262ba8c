//! The `rsock` options of a unix socket file (`mode`, `owner`, `group`,
//! `unlink_stale`), read with PHP's conversion rules and held to the limits
//! PHP puts on its own `chmod()`, `chown()`, `chgrp()` and `unlink()`: an
//! option whose function the operator disabled (`disable_functions`) is
//! refused, and so is any of them on a path outside `open_basedir` (with
//! PHP's own warning).

use std::ffi::{CStr, CString};

use ext_php_rs::types::Zval;

use super::{
    context::{self, OptionsError},
    ffi, ssl_options, zval,
};
use crate::net::{
    Error,
    endpoint::UnixPath,
    sys::Account,
    unix_file::{self, FileOptions, IdOrName},
};

fn refused(text: String) -> OptionsError {
    OptionsError::Invalid(Error::OptionRefused(text))
}

/// `rsock.NAME` unless unset or null (null counts as unset).
fn set_option(ctx: *mut ffi::php_stream_context, name: &CStr) -> Option<*mut ffi::zval> {
    // SAFETY: a live zval owned by the context.
    context::rsock_option(ctx, name).filter(|&zv| unsafe { zval::type_of(zv) } != ffi::IS_NULL)
}

/// `rsock.owner` / `rsock.group`: an int is an id; anything else is
/// converted to a string (PHP's rules) and taken as a name.
fn id_or_name(
    ctx: *mut ffi::php_stream_context,
    name: &CStr,
) -> Result<Option<IdOrName>, OptionsError> {
    let Some(zv) = set_option(ctx, name) else {
        return Ok(None);
    };
    // SAFETY: a live zval owned by the context; `Zval` is its layout.
    let zv = unsafe { &*zv.cast::<Zval>() };
    if let Some(id) = zv.long() {
        return Ok(Some(IdOrName::Id(id)));
    }
    // Converted from our own reference: `__toString` may replace the
    // option in the context meanwhile.
    match ssl_options::to_bytes(&zv.shallow_clone()) {
        Ok(bytes) => Ok(Some(IdOrName::Name(bytes))),
        Err(_) => Err(OptionsError::Thrown),
    }
}

/// Whether PHP has the function `name` (a function listed in
/// `disable_functions` is removed from the function table).
fn function_exists(name: &CStr) -> bool {
    // SAFETY: the compiler globals' function table exists for the whole
    // process; the lookup only reads it.
    unsafe {
        let cg = ext_php_rs::ffi::ext_php_rs_compiler_globals();
        let table = (*cg).function_table.cast::<ffi::HashTable>();
        !ffi::zend_hash_str_find(table, name.as_ptr(), name.count_bytes()).is_null()
    }
}

/// The options for a server on `path` (`None`: not a unix or udg server),
/// read from `ctx`. None set: the default (binding unchanged). Refused: on
/// a transport other than unix/udg; when the PHP function the option stands for is
/// disabled; a mode out of range, an unknown user or group; mode, owner
/// or group on an abstract name; outside `open_basedir`.
pub fn read(
    ctx: *mut ffi::php_stream_context,
    path: Option<&UnixPath>,
) -> Result<FileOptions, OptionsError> {
    // Read (and converted) first, in this order; nothing else runs PHP code.
    let mode = set_option(ctx, c"mode")
        // SAFETY: a live zval owned by the context.
        .map(|zv| unsafe { ffi::zval_get_long_func(zv, false) });
    let owner = id_or_name(ctx, c"owner")?;
    let group = id_or_name(ctx, c"group")?;
    let unlink_stale = context::rsock_flag(ctx, c"unlink_stale");

    let asked: Vec<(&str, &CStr)> = [
        (mode.is_some(), "mode", c"chmod"),
        (owner.is_some(), "owner", c"chown"),
        (group.is_some(), "group", c"chgrp"),
        (unlink_stale, "unlink_stale", c"unlink"),
    ]
    .into_iter()
    .filter(|(set, ..)| *set)
    .map(|(_, option, function)| (option, function))
    .collect();
    let Some(&(first, _)) = asked.first() else {
        return Ok(FileOptions::default());
    };
    let Some(path) = path else {
        return Err(refused(format!(
            "rsock option {first} applies to unix:// and udg:// servers only"
        )));
    };
    for (option, function) in &asked {
        if !function_exists(function) {
            return Err(refused(format!(
                "rsock option {option} needs {}(), which is disabled (disable_functions)",
                function.to_string_lossy()
            )));
        }
    }
    let opts = FileOptions {
        mode: mode.map(unix_file::file_mode).transpose()?,
        owner: owner
            .map(|o| unix_file::account_id(Account::User, &o))
            .transpose()?,
        group: group
            .map(|g| unix_file::account_id(Account::Group, &g))
            .transpose()?,
        unlink_stale,
    };
    unix_file::check(path, &opts)?;
    if !unix_file::is_abstract(path) {
        let file =
            CString::new(checked_path(crate::net::until_nul(&path.bytes))).unwrap_or_default();
        // SAFETY: a NUL-terminated path; PHP raises its own warning when
        // the path is outside open_basedir.
        if unsafe { ffi::php_check_open_basedir(file.as_ptr()) } != 0 {
            return Err(refused(format!(
                "rsock option {first} refused: the path is outside open_basedir"
            )));
        }
    }
    Ok(opts)
}

/// The path `open_basedir` is checked on: the one the socket file is made
/// at. `bind(2)` resolves a relative path against the process's working
/// directory; PHP's check resolves it against PHP's own, which a ZTS
/// build keeps apart from the process's (`chdir()` there changes only
/// PHP's). So a ZTS build checks the relative path made absolute with the
/// process's directory; elsewhere the two are the same and the path is
/// checked (and shown in PHP's warning) as given.
fn checked_path(path: &[u8]) -> Vec<u8> {
    if cfg!(php_zts)
        && !path.starts_with(b"/")
        && let Ok(cwd) = std::env::current_dir()
    {
        let mut abs = std::os::unix::ffi::OsStrExt::as_bytes(cwd.as_os_str()).to_vec();
        abs.push(b'/');
        abs.extend_from_slice(path);
        return abs;
    }
    path.to_vec()
}
