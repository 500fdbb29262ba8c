//! The socket core, in plain Rust: no PHP types here.
//!
//! - [`endpoint`] parses addresses with PHP's rules (and validates ports),
//! - [`listener`] creates bound/listening sockets with the context options,
//! - [`unix_file`] gives unix socket files their mode, owner and group, and
//!   removes stale ones,
//! - [`sockopt`] applies the keepalive and tuning options to a listener,
//! - [`inherit`] adopts listening sockets passed by systemd or a previous
//!   generation (`systemd://`, `fd://N`) and hands them on,
//! - [`conn`] does accept/recv/send with PHP's blocking and timeout rules,
//! - [`outcome`] is what one operation of either (plain or TLS) gives,
//! - [`addr`] formats addresses as PHP shows them,
//! - [`tls`] builds OpenSSL server contexts and drives TLS connections,
//! - [`proxy`] reads PROXY protocol headers before PHP sees a connection,
//! - [`poller`] answers `stream_select()` with no descriptor ceiling,
//! - [`php_version`] says which PHP release behaves how, where releases differ,
//! - [`error`] is the one error type, [`sys`] the only `unsafe` for sockets
//!   (libc calls; the few libssl calls are `tls::ffi`).

pub mod addr;
pub mod conn;
pub mod endpoint;
pub mod error;
#[cfg(test)]
mod fuzz_regressions;
pub mod inherit;
pub mod listener;
pub mod outcome;
pub mod php_version;
pub mod poller;
pub mod proxy;
pub mod sockopt;
pub mod sys;
#[cfg(test)]
mod test_util;
pub mod tls;
pub mod unix_file;

pub use endpoint::Transport;
pub use error::{Error, Result, Syscall};
pub use outcome::Outcome;

/// `bytes` as a C string reads them: up to the first NUL byte. PHP hands
/// its strings to C (OpenSSL, `%s` in messages) this way.
pub fn until_nul(bytes: &[u8]) -> &[u8] {
    bytes.split(|&c| c == 0).next().unwrap_or_default()
}
