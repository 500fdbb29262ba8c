//! TLS for server-side streams, on OpenSSL: building a context from the
//! `ssl` options PHP users already write ([`context`]), and driving one
//! connection's handshake, reads, writes and shutdown with PHP's blocking
//! and timeout rules ([`Session`]).
//!
//! - [`method`]: PHP's crypto method bits and the versions they mean,
//! - [`config`]: the settings and their error,
//! - `context`: OpenSSL contexts built from them, cached per thread,
//! - `names`: ALPN lists and SNI host matching,
//! - `reneg`: the renegotiation limit's token bucket,
//! - `session`: one connection,
//! - `ffi`: the libssl calls the openssl crate lacks (this module's only `unsafe`).

pub mod config;
mod context;
mod ffi;
pub mod method;
mod names;
mod reneg;
mod session;

pub use config::{
    ConfigError, DEFAULT_CIPHERS, DEFAULT_VERIFY_DEPTH, ServerConfig, SniCert, TlsFile, TlsSetting,
    error_lines,
};
pub use context::{build, c_str_part, context};
pub use method::{versions, versions_with};
pub use names::{alpn_select, alpn_wire, sni_matches};
pub use reneg::RenegLimit;
pub use session::{Failure, FdIo, Info, Session};

#[cfg(test)]
mod tests;
