//! rsock: a Rust socket core behind PHP's `stream_socket_server()`.
//!
//! [`net`] is the socket core in plain Rust (no PHP needed to build or test
//! it). `php` is the thin binding layer that turns it into PHP streams; it is
//! compiled with the default `php` feature.
#![deny(
    missing_docs,
    unsafe_op_in_unsafe_fn,
    clippy::undocumented_unsafe_blocks
)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod net;
#[cfg(feature = "php")]
mod php;
