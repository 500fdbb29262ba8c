//! PHP's `STREAM_CRYPTO_METHOD_*` bits (the protocol part; bit 0 marks a
//! client method) and the protocol versions they stand for.

use openssl::ssl::SslVersion;

/// `STREAM_CRYPTO_METHOD_SSLv2_*`
pub const SSLV2: u32 = 2;
/// `STREAM_CRYPTO_METHOD_SSLv3_*`
pub const SSLV3: u32 = 4;
/// `STREAM_CRYPTO_METHOD_TLSv1_0_*`
pub const TLS1_0: u32 = 8;
/// `STREAM_CRYPTO_METHOD_TLSv1_1_*`
pub const TLS1_1: u32 = 16;
/// `STREAM_CRYPTO_METHOD_TLSv1_2_*`
pub const TLS1_2: u32 = 32;
/// `STREAM_CRYPTO_METHOD_TLSv1_3_*`
pub const TLS1_3: u32 = 64;
/// `STREAM_CRYPTO_METHOD_TLS_SERVER` (1.0 to 1.3)
pub const TLS_ANY: u32 = TLS1_0 | TLS1_1 | TLS1_2 | TLS1_3;
/// `STREAM_CRYPTO_METHOD_ANY_SERVER`
pub const ANY: u32 = SSLV2 | SSLV3 | TLS_ANY;
/// Marks a client method.
pub const CLIENT: u32 = 1;

/// The protocol version of each `STREAM_CRYPTO_METHOD_*` /
/// `STREAM_CRYPTO_PROTO_*` bit, oldest first. SSLv3 is not among them:
/// OpenSSL 3 has none, and PHP built against it ignores the bit.
const VERSION_BITS: [(u32, SslVersion); 4] = [
    (TLS1_0, SslVersion::TLS1),
    (TLS1_1, SslVersion::TLS1_1),
    (TLS1_2, SslVersion::TLS1_2),
    (TLS1_3, SslVersion::TLS1_3),
];

/// The oldest and newest version among `bits`.
fn span(bits: u32) -> Option<(SslVersion, SslVersion)> {
    let mut chosen = VERSION_BITS
        .iter()
        .filter(|(bit, _)| bits & bit != 0)
        .map(|(_, v)| *v);
    let min = chosen.next()?;
    let max = chosen.next_back().unwrap_or(min);
    Some((min, max))
}

/// The protocol range a crypto method allows. The catch-all methods
/// (`ssl://`, `tls://`, `STREAM_CRYPTO_METHOD_TLS_SERVER`, `ANY_SERVER`)
/// mean TLS 1.2 and 1.3: older versions must be asked for by name
/// (`tlsv1.0://`, `STREAM_CRYPTO_METHOD_TLSv1_0_SERVER`, ...) or by
/// `security_level` 0 (see [`versions_with`]).
pub fn versions(m: u32) -> (SslVersion, SslVersion) {
    if m & TLS_ANY == TLS_ANY {
        method_span(m & !(SSLV3 | TLS1_0 | TLS1_1))
    } else {
        method_span(m)
    }
}

/// The range of a method's version bits; a method with none (`0`, or only
/// SSLv2/SSLv3) means TLS 1.3 alone, as in PHP (its lowest and highest version
/// both fall back to 1.3).
fn method_span(m: u32) -> (SslVersion, SslVersion) {
    span(m).unwrap_or((SslVersion::TLS1_3, SslVersion::TLS1_3))
}

/// The range for the configuration: [`versions`] of its method, except
/// that a context lowering `security_level` to 0 (the only level at which
/// OpenSSL 3 allows TLS 1.0/1.1 at all) gets the method's full range, as
/// in PHP; `min_proto_version` / `max_proto_version`
/// (`STREAM_CRYPTO_PROTO_*`) take precedence, as in PHP.
pub fn versions_with(
    m: u32,
    security_level: Option<u32>,
    min_proto: Option<u32>,
    max_proto: Option<u32>,
) -> (SslVersion, SslVersion) {
    let (min, max) = if security_level == Some(0) {
        method_span(m)
    } else {
        versions(m)
    };
    let min = min_proto.and_then(span).map_or(min, |(lo, _)| lo);
    let max = max_proto.and_then(span).map_or(max, |(_, hi)| hi);
    (min, max)
}

/// The server method a TLS transport's scheme stands for (`None` for the
/// plain ones): `ssl://` any, `tls://` TLS 1.0 to 1.3, `tlsv1.x://` one
/// version.
pub fn for_scheme(scheme: &[u8]) -> Option<u32> {
    Some(match scheme {
        b"ssl" => ANY,
        b"tls" => TLS_ANY,
        b"tlsv1.0" => TLS1_0,
        b"tlsv1.1" => TLS1_1,
        b"tlsv1.2" => TLS1_2,
        b"tlsv1.3" => TLS1_3,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_name_their_methods() {
        assert_eq!(for_scheme(b"ssl"), Some(ANY));
        assert_eq!(for_scheme(b"tls"), Some(TLS_ANY));
        assert_eq!(for_scheme(b"tlsv1.2"), Some(TLS1_2));
        assert_eq!(for_scheme(b"tlsv1.3"), Some(TLS1_3));
        // Scheme names are case-sensitive in PHP's transport table.
        for plain in [&b"tcp"[..], b"TLS", b"tlsv1.4", b"sslv3", b""] {
            assert_eq!(for_scheme(plain), None, "{plain:?}");
        }
    }
}
