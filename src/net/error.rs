//! The one error type of the socket core.

use std::{fmt, io};

use super::{inherit::InheritError, tls::ConfigError};

/// The system call that failed, for [`Error::Os`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syscall {
    /// `socket(2)`
    Socket,
    /// `setsockopt(2)`
    SetOption,
    /// `bind(2)`
    Bind,
    /// `listen(2)`
    Listen,
    /// `chmod(2)` of a unix socket file (`rsock.mode`)
    Chmod,
    /// `lchown(2)` of a unix socket file (`rsock.owner`, `rsock.group`)
    Chown,
    /// `unlink(2)` of a stale unix socket file (`rsock.unlink_stale`)
    Unlink,
}

/// Everything that can go wrong in the core.
#[derive(Debug)]
pub enum Error {
    /// The address has no `host:port` form (native: `Failed to parse address`).
    Address(Vec<u8>),
    /// A `[` address without a closing `]:` (native: `Failed to parse IPv6 address`).
    Ipv6Address(Vec<u8>),
    /// The host part contains a NUL byte.
    NulInHost,
    /// The port is not a number from 0 to 65535 (native accepts these silently).
    InvalidPort(Vec<u8>),
    /// `getaddrinfo` failed.
    Resolve {
        /// The host name asked for.
        host: String,
        /// `gai_strerror`'s text.
        reason: String,
    },
    /// A system call failed.
    Os {
        /// Which call.
        call: Syscall,
        /// Its errno, as an I/O error.
        source: io::Error,
    },
    /// The accept wait ran out.
    TimedOut,
    /// A TLS server's certificate, key or options are unusable.
    Tls(ConfigError),
    /// An `rsock` context option was refused before any system call; the
    /// sentence names the option and says why.
    OptionRefused(String),
    /// An rsock option (context key `rsock`) has a value it does not take.
    InvalidOption {
        /// The option's name under `rsock`.
        name: &'static str,
        /// The value as the script gave it, for the message.
        value: String,
        /// What the option takes.
        expected: &'static str,
    },
    /// An inherited socket (`systemd://`, `fd://`) cannot be adopted.
    Inherit(InheritError),
}

impl Error {
    /// The errno behind this error, if it is a system call failure.
    pub fn raw_os_error(&self) -> Option<i32> {
        match self {
            Error::Os { source, .. } => source.raw_os_error(),
            Error::TimedOut => Some(libc::ETIMEDOUT),
            Error::Inherit(e) => e.raw_os_error(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            Error::Address(a) => write!(f, "failed to parse address \"{}\"", text(a)),
            Error::Ipv6Address(a) => write!(f, "failed to parse IPv6 address \"{}\"", text(a)),
            Error::NulInHost => f.write_str("the hostname must not contain null bytes"),
            Error::InvalidPort(a) => write!(f, "invalid port in address \"{}\"", text(a)),
            Error::Resolve { host, reason } => write!(f, "getaddrinfo for {host} failed: {reason}"),
            Error::Os { call, source } => write!(f, "{call:?} failed: {source}"),
            Error::TimedOut => f.write_str("timed out"),
            Error::Tls(e) => e.fmt(f),
            Error::OptionRefused(text) => f.write_str(text),
            Error::InvalidOption {
                name,
                value,
                expected,
            } => write!(
                f,
                "invalid rsock option {name}: {value} (expected {expected})"
            ),
            Error::Inherit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Os { source, .. } => Some(source),
            Error::Tls(e) => Some(e),
            Error::Inherit(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Tls(e)
    }
}

impl From<InheritError> for Error {
    fn from(e: InheritError) -> Self {
        Error::Inherit(e)
    }
}

/// Shorthand for core results.
pub type Result<T> = std::result::Result<T, Error>;
