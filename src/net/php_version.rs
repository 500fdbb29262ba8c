//! Where native PHP changed behaviour between releases. rsock is built for
//! exactly one PHP (its `PHP_VERSION_ID`, read from the headers at build
//! time) and follows that release: each change is one method here, named
//! after what changed, with the release that changed it and the php-src
//! function behind it. The binding layer asks these methods; nothing else
//! compares version numbers.
//!
//! A release is listed where it is known: PHP 8.2 and 8.4 were run side by
//! side, and the 8.4 line's NEWS names the patch release of each fix. A line
//! that is not listed (8.3 and 8.5 for the fixes made in the 8.4 line) is
//! taken to be without the change, except where its first release came after
//! the fix.

/// A PHP release as `PHP_VERSION_ID` numbers it: 8.4.27 is `80427`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PhpVersion(u32);

impl PhpVersion {
    /// The release `PHP_VERSION_ID` `id` names.
    pub const fn new(id: u32) -> Self {
        PhpVersion(id)
    }

    /// Its `PHP_VERSION_ID`.
    pub const fn id(self) -> u32 {
        self.0
    }

    /// PHP 8.3.0 (php-src PR 11113, `_php_stream_xport_create`): a stream
    /// made by `stream_socket_server()` (or `stream_socket_client()`) keeps
    /// the address it was given, scheme and all, as its `orig_path`, which
    /// `stream_get_meta_data()` shows as `uri`; a stream that accept made
    /// has none. 8.2 names no socket stream.
    pub fn xport_stream_keeps_uri(self) -> bool {
        self.0 >= 80300
    }

    /// PHP 8.3.0 (`php_sockop_read`): a read of a blocking socket does not
    /// wait when the stream's timeout is exactly zero, or when the same read
    /// already took bytes from PHP's read buffer (`has_buffered_data`): it
    /// takes what the socket holds (`MSG_DONTWAIT`), possibly nothing, and
    /// does not time out. 8.2 always waits up to the timeout first.
    pub fn socket_read_skips_needless_wait(self) -> bool {
        self.0 >= 80300
    }

    /// PHP 8.4.13 (GH-19245, `php_openssl_tcp_sockop_accept`): when the
    /// handshake of an accepted `ssl://` client fails, accept's error text
    /// is `Cannot enable crypto`; before, it was the successful accept's
    /// errno text (`Accept failed: Success`). 8.5.0 came after the fix.
    pub fn accept_reports_crypto_failure(self) -> bool {
        self.0 >= 80413
    }

    /// PHP 8.4.24 (`php_openssl_sockop_io`): a read of a blocking TLS stream
    /// that already took bytes from PHP's read buffer does not wait for
    /// more. Before, it waited up to the timeout.
    pub fn tls_read_skips_wait_when_buffered(self) -> bool {
        (80424..80500).contains(&self.0) || self.0 >= 80600
    }

    /// PHP 8.4.27 (`php_openssl_enable_crypto`): a handshake that times out
    /// puts the socket back in the blocking mode it had, as every other
    /// outcome does. Before, it returned while the socket was non-blocking,
    /// and the stream stayed so.
    pub fn handshake_timeout_restores_blocking(self) -> bool {
        (80427..80500).contains(&self.0) || self.0 >= 80600
    }
}

#[cfg(test)]
mod tests {
    use super::PhpVersion;

    /// One row per change: the newest release without it, the first with
    /// it, and the releases around the lines not known to have it.
    #[test]
    fn each_change_starts_with_its_release() {
        type Rule = fn(PhpVersion) -> bool;
        let rows: &[(&str, Rule, &[u32], &[u32])] = &[
            (
                "uri",
                PhpVersion::xport_stream_keeps_uri,
                &[80100, 80236],
                &[80300, 80427, 80500],
            ),
            (
                "socket read",
                PhpVersion::socket_read_skips_needless_wait,
                &[80236, 80299],
                &[80300, 80427],
            ),
            (
                "accept text",
                PhpVersion::accept_reports_crypto_failure,
                &[80236, 80330, 80412],
                &[80413, 80427, 80500],
            ),
            (
                "tls read",
                PhpVersion::tls_read_skips_wait_when_buffered,
                &[80236, 80399, 80423, 80500, 80599],
                &[80424, 80427, 80600],
            ),
            (
                "handshake timeout",
                PhpVersion::handshake_timeout_restores_blocking,
                &[80236, 80426, 80500],
                &[80427, 80499, 80600],
            ),
        ];
        for (name, rule, without, with) in rows {
            for &id in *without {
                assert!(!rule(PhpVersion::new(id)), "{name}: {id} has no change");
            }
            for &id in *with {
                assert!(rule(PhpVersion::new(id)), "{name}: {id} has the change");
            }
        }
    }
}
