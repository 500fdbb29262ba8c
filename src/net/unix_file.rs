//! Unix socket files with a chosen mode, owner and group, and the removal
//! of a stale socket file (the `rsock` options `mode`, `owner`, `group` and
//! `unlink_stale` of a `unix://` or `udg://` server).
//!
//! The file must never be usable with the umask's mode, nor before its
//! owner and group are set. Linux gives a new socket file the mode of the
//! socket's own inode less the umask, so the socket is `fchmod`ed to 0
//! before `bind(2)`: the file appears at its final path with mode 0000 (no
//! one but root may connect or send to it), then it is opened (`O_PATH`,
//! checked to be that file: a socket of ours with mode 0000) and given its
//! owner, group and mode through that handle, and only then does the
//! caller `listen`.
//! (Binding at a temporary name and renaming the file into place was not
//! done: the kernel keeps the name a socket was bound to, so the server,
//! its accepted connections and the source address of its datagrams would
//! all carry the temporary name.)
//!
//! Without any of these options, binding is [`listener::bind_unix`],
//! unchanged.

use std::{ffi::CString, os::fd::AsRawFd};

use socket2::{Domain, Socket, Type};

use super::{
    endpoint::{Transport, UnixPath},
    error::{Error, Result, Syscall},
    listener, sys,
    sys::Account,
};

/// The largest file mode (`07777`: permission, setuid, setgid and sticky
/// bits).
pub const MAX_MODE: i64 = 0o7777;

/// The `rsock` options that concern a unix socket file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileOptions {
    /// `rsock.mode`: the file's mode (default: what the umask gives).
    pub mode: Option<u32>,
    /// `rsock.owner`, resolved to a uid.
    pub owner: Option<u32>,
    /// `rsock.group`, resolved to a gid.
    pub group: Option<u32>,
    /// `rsock.unlink_stale`: remove a socket file no socket is bound to.
    pub unlink_stale: bool,
}

impl FileOptions {
    /// No option set: binding is unchanged.
    pub fn is_empty(&self) -> bool {
        !self.sets_attributes() && !self.unlink_stale
    }

    /// Whether mode, owner or group is asked for.
    pub fn sets_attributes(&self) -> bool {
        self.mode.is_some() || self.owner.is_some() || self.group.is_some()
    }
}

/// A user or group as the option gives it: an id, or a name to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdOrName {
    /// A uid or gid.
    Id(i64),
    /// A user or group name.
    Name(Vec<u8>),
}

/// Whether `path` names no file: a Linux abstract name (leading NUL) or
/// the empty name (autobind).
pub fn is_abstract(path: &UnixPath) -> bool {
    path.bytes.first().is_none_or(|&c| c == 0)
}

/// Refuses what cannot apply to `path`: mode, owner and group need a file.
/// (`unlink_stale` has nothing to do for an abstract name: the kernel
/// frees those with their socket.)
pub fn check(path: &UnixPath, opts: &FileOptions) -> Result<()> {
    if opts.sets_attributes() && is_abstract(path) {
        return Err(Error::OptionRefused(
            "rsock options mode, owner and group need a socket file, not an abstract name".into(),
        ));
    }
    Ok(())
}

/// `rsock.mode` checked: 0 to [`MAX_MODE`].
pub fn file_mode(value: i64) -> Result<u32> {
    if (0..=MAX_MODE).contains(&value) {
        Ok(value as u32)
    } else {
        Err(Error::OptionRefused(format!(
            "rsock option mode must be a file mode from 0 to 07777, got {value}"
        )))
    }
}

/// `rsock.owner` (`Account::User`) or `rsock.group` (`Account::Group`) as
/// an id: a number is taken as is (0 to 4294967294; 4294967295 is the
/// kernel's "unchanged"), a name is looked up (`getpwnam_r`, `getgrnam_r`).
pub fn account_id(kind: Account, who: &IdOrName) -> Result<u32> {
    let (option, what) = match kind {
        Account::User => ("owner", "user"),
        Account::Group => ("group", "group"),
    };
    match who {
        IdOrName::Id(id) => u32::try_from(*id)
            .ok()
            .filter(|&id| id != u32::MAX)
            .ok_or_else(|| {
                Error::OptionRefused(format!(
                    "rsock option {option} must be a {what} name or an id from 0 to 4294967294, got {id}"
                ))
            }),
        IdOrName::Name(name) => {
            let shown = String::from_utf8_lossy(super::until_nul(name));
            let unknown = || Error::OptionRefused(format!("rsock option {option}: unknown {what} \"{shown}\""));
            let Ok(c_name) = CString::new(name.as_slice()) else {
                return Err(unknown());
            };
            match sys::account_id(kind, &c_name) {
                Ok(Some(id)) => Ok(id),
                Ok(None) => Err(unknown()),
                Err(e) => Err(Error::OptionRefused(format!(
                    "rsock option {option}: looking up {what} \"{shown}\" failed: {e}"
                ))),
            }
        }
    }
}

/// The file a unix path names (the bytes up to a NUL, as the kernel reads
/// `sun_path`).
fn file_name(path: &UnixPath) -> CString {
    CString::new(super::until_nul(&path.bytes)).unwrap_or_default()
}

fn os(call: Syscall) -> impl Fn(std::io::Error) -> Error {
    move |source| Error::Os { call, source }
}

/// Binds a unix stream or datagram socket to `path` with `opts`: first a
/// stale file at the path is removed (if asked), then the file is made
/// with mode 0000 and given its owner, group and mode. A file this call
/// made is removed again if a later step fails; a path that is taken fails
/// as a plain bind does (`EADDRINUSE`).
pub fn bind(path: &UnixPath, transport: Transport, opts: &FileOptions) -> Result<Socket> {
    check(path, opts)?;
    if opts.is_empty() || is_abstract(path) {
        return listener::bind_unix(path, transport);
    }
    let file = file_name(path);
    if opts.unlink_stale {
        remove_stale(&file)?;
    }
    if !opts.sets_attributes() {
        return listener::bind_unix(path, transport);
    }
    let sock = listener::unix_socket(transport)?;
    sys::fchmod(sock.as_raw_fd(), 0).map_err(os(Syscall::Chmod))?;
    listener::bind_unix_socket(&sock, path)?;
    let made = made_file(&file)?;
    if let Err(e) = apply(made.as_raw_fd(), opts) {
        // Removed only while the path still names the file bind made.
        let still = sys::fstat_fd(made.as_raw_fd()).map(|s| s.id).ok();
        if sys::lstat(&file).ok().map(|s| s.id) == still {
            let _ = sys::unlink(&file);
        }
        return Err(e);
    }
    Ok(sock)
}

/// A handle on the socket file `bind(2)` just made at `file`, checked to
/// be it: a socket, ours, with mode 0000. The owner, group and mode are
/// then set through the handle, not the path: a directory of the path
/// swapped for a symlink meanwhile (by whoever may write to its parent)
/// would otherwise make a root server chown and chmod a file elsewhere.
fn made_file(file: &CString) -> Result<std::os::fd::OwnedFd> {
    let replaced = || {
        Error::OptionRefused(format!(
            "the socket file {} changed before its owner, group and mode were set \
             (a directory on its path was replaced?)",
            String::from_utf8_lossy(file.as_bytes())
        ))
    };
    let handle = sys::open_path(file).map_err(|_| replaced())?;
    let st = sys::fstat_fd(handle.as_raw_fd()).map_err(os(Syscall::Chmod))?;
    if !st.is_socket() || st.uid != sys::euid() || st.mode & 0o7777 != 0 {
        return Err(replaced());
    }
    Ok(handle)
}

/// Owner and group first (a chown may clear setuid/setgid bits), then the
/// mode: the one asked for, or the umask's (what a plain bind gives); on
/// the file `made` holds.
fn apply(made: std::os::fd::RawFd, opts: &FileOptions) -> Result<()> {
    if opts.owner.is_some() || opts.group.is_some() {
        sys::fchown_fd(made, opts.owner, opts.group).map_err(os(Syscall::Chown))?;
    }
    let mode = opts.mode.unwrap_or_else(|| 0o777 & !sys::umask());
    sys::fchmod_fd(made, mode).map_err(os(Syscall::Chmod))
}

/// Removes `file` if it is a socket file no socket is bound to (its server
/// ended without removing it). A regular file, a directory, a symlink
/// (even to a stale socket) and a live socket of any type are left alone.
/// Whether a file was removed.
pub fn remove_stale(file: &CString) -> Result<bool> {
    let Ok(before) = sys::lstat(file) else {
        return Ok(false);
    };
    if !before.is_socket() || !is_orphan(file) {
        return Ok(false);
    }
    // Still the same file (not replaced while it was probed).
    if sys::lstat(file).ok().map(|now| now.id) != Some(before.id) {
        return Ok(false);
    }
    sys::unlink(file).map_err(os(Syscall::Unlink))?;
    Ok(true)
}

/// Whether no socket is bound to the socket file `file`, asked with a
/// datagram `connect(2)`: it reaches any bound socket (success, or
/// `EPROTOTYPE` from a stream socket), and only a file without a socket
/// gives `ECONNREFUSED`. (A stream connect would also be refused by a live
/// stream socket that is bound but not listening yet, and would open a
/// connection to a live server.)
fn is_orphan(file: &CString) -> bool {
    let Ok(probe) = Socket::new(Domain::UNIX, Type::DGRAM, None) else {
        return false;
    };
    let Ok(addr) = sys::unix_sockaddr(file.as_bytes()) else {
        return false;
    };
    matches!(probe.connect(&addr), Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED))
}

#[cfg(test)]
#[path = "unix_file_tests.rs"]
mod tests;
