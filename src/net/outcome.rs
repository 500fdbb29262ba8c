//! The result of one socket or TLS operation under PHP's blocking rules,
//! shared by plain connections ([`super::conn`]) and TLS sessions
//! ([`super::tls::Session`]); only the failure differs.

use std::io;

/// The result of one operation: done, not ready, out of time, closed by
/// the peer, or failed with `E` (`io::Error` for plain sockets,
/// [`super::tls::Failure`] for TLS).
#[derive(Debug)]
pub enum Outcome<T, E = io::Error> {
    /// The call succeeded.
    Ready(T),
    /// Non-blocking and not ready (for TLS: OpenSSL needs the peer, or
    /// room to write).
    WouldBlock,
    /// Blocking and the wait ran out.
    TimedOut,
    /// The peer ended the TLS session with `close_notify`. Plain sockets
    /// report end of file as `Ready(0)`, as `recv(2)` does, and never give
    /// this.
    Closed,
    /// The call failed.
    Failed(E),
}

impl<T, E> Outcome<T, E> {
    /// The same outcome with a `Ready` value converted by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U, E> {
        match self {
            Outcome::Ready(v) => Outcome::Ready(f(v)),
            Outcome::WouldBlock => Outcome::WouldBlock,
            Outcome::TimedOut => Outcome::TimedOut,
            Outcome::Closed => Outcome::Closed,
            Outcome::Failed(e) => Outcome::Failed(e),
        }
    }
}
