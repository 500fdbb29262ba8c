//! rsock: a Rust socket core behind PHP's `stream_socket_server()`.
//!
//! [`net`] is the socket core in plain Rust (no PHP needed to build or test
//! it). `php` is the thin binding layer that turns it into PHP streams; it is
//! compiled with the default `php` feature.

pub mod net;
#[cfg(feature = "php")]
mod php;
