//! What a PROXY header says ([`Header`]), what parsing a prefix of one
//! gives ([`Parse`]), and why a prefix was refused ([`Malformed`]).
//! [`parse`] picks the version by the first byte: `P` is v1 (text), `\r`
//! is v2 (binary); anything else cannot start a header.

use std::{fmt, net::SocketAddr};

use super::{v1, v2};

/// What the header asks the server to do with the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// The connection was relayed for a client: the addresses are the
    /// client's (when the family is one with addresses).
    Proxy,
    /// The proxy's own connection (health check), or v1 `UNKNOWN`: keep
    /// the socket's own peer.
    Local,
}

/// The TLS facts a v2 header's `PP2_TYPE_SSL` TLV carries (the proxy
/// terminated TLS). Byte strings are as sent (not necessarily UTF-8).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SslInfo {
    /// The `client` bit field (`PP2_CLIENT_SSL` 0x01, `PP2_CLIENT_CERT_CONN`
    /// 0x02, `PP2_CLIENT_CERT_SESS` 0x04).
    pub client: u8,
    /// The `verify` field is 0: the client's certificate (if any) verified.
    pub verified: bool,
    /// `PP2_SUBTYPE_SSL_VERSION` (0x21), e.g. `TLSv1.3`.
    pub version: Option<Vec<u8>>,
    /// `PP2_SUBTYPE_SSL_CIPHER` (0x23).
    pub cipher: Option<Vec<u8>>,
    /// `PP2_SUBTYPE_SSL_CN` (0x22): the client certificate's common name.
    pub cn: Option<Vec<u8>>,
    /// `PP2_SUBTYPE_SSL_SIG_ALG` (0x24).
    pub sig_alg: Option<Vec<u8>>,
    /// `PP2_SUBTYPE_SSL_KEY_ALG` (0x25).
    pub key_alg: Option<Vec<u8>>,
}

/// The TLVs of a v2 header that rsock reports (the first of each type
/// counts; `CRC32C` is verified, `NOOP`, `NETNS` and unknown types are
/// skipped). Always empty for v1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tlvs {
    /// `PP2_TYPE_ALPN` (0x01): the protocol the client negotiated.
    pub alpn: Option<Vec<u8>>,
    /// `PP2_TYPE_AUTHORITY` (0x02): the host name the client asked for (SNI).
    pub authority: Option<Vec<u8>>,
    /// `PP2_TYPE_UNIQUE_ID` (0x05): the proxy's id for the connection.
    pub unique_id: Option<Vec<u8>>,
    /// `PP2_TYPE_SSL` (0x20).
    pub ssl: Option<SslInfo>,
}

/// A complete, valid PROXY header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 1 or 2.
    pub version: u8,
    /// PROXY or LOCAL (v1 `UNKNOWN` is [`Command::Local`]).
    pub command: Command,
    /// The client's address; `None` for LOCAL, v1 `UNKNOWN`, v2
    /// `AF_UNSPEC` and `AF_UNIX`.
    pub source: Option<SocketAddr>,
    /// The address the client connected to (same rule as `source`).
    pub destination: Option<SocketAddr>,
    /// The v2 TLVs rsock understands.
    pub tlvs: Tlvs,
}

/// The result of parsing the bytes received so far.
// Returned, matched and dropped at once: boxing the header would cost an
// allocation per parse for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse {
    /// A valid prefix; `max_more` (at least 1) more bytes can be read
    /// without passing the header's end. Exact for v2 once its 16-byte
    /// fixed part is in; for v1 a lower bound (the line ends at its CRLF,
    /// which only a peek can find without reading past it).
    Incomplete {
        /// Bytes the caller may still read without passing the header.
        max_more: usize,
    },
    /// A whole header: the first `len` bytes of the buffer; anything after
    /// them is the application's.
    Complete {
        /// What it says.
        header: Header,
        /// Its length in bytes.
        len: usize,
    },
    /// No header can start with these bytes.
    Invalid(Malformed),
}

/// Why a header was refused. `Display` is a short lowercase reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed(pub(super) Kind);

/// The reasons, in a fixed order: the drop channel sends the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    NotProxy,
    V1Signature,
    V1TooLong,
    V1Protocol,
    V1Address,
    V1Port,
    V1Syntax,
    V2Signature,
    V2Version,
    V2Command,
    V2Family,
    V2TooLong,
    V2ShortAddress,
    TlvOverrun,
    CrcLength,
    Crc,
    Ssl,
    UniqueId,
}

impl Kind {
    const ALL: [Kind; 18] = [
        Kind::NotProxy,
        Kind::V1Signature,
        Kind::V1TooLong,
        Kind::V1Protocol,
        Kind::V1Address,
        Kind::V1Port,
        Kind::V1Syntax,
        Kind::V2Signature,
        Kind::V2Version,
        Kind::V2Command,
        Kind::V2Family,
        Kind::V2TooLong,
        Kind::V2ShortAddress,
        Kind::TlvOverrun,
        Kind::CrcLength,
        Kind::Crc,
        Kind::Ssl,
        Kind::UniqueId,
    ];

    fn text(self) -> &'static str {
        match self {
            Kind::NotProxy => "not a PROXY header",
            Kind::V1Signature => "bad v1 signature",
            Kind::V1TooLong => "v1 line too long",
            Kind::V1Protocol => "bad v1 protocol",
            Kind::V1Address => "bad v1 address",
            Kind::V1Port => "bad v1 port",
            Kind::V1Syntax => "bad v1 syntax",
            Kind::V2Signature => "bad v2 signature",
            Kind::V2Version => "bad v2 version",
            Kind::V2Command => "bad v2 command",
            Kind::V2Family => "bad v2 address family",
            Kind::V2TooLong => "v2 header too long",
            Kind::V2ShortAddress => "v2 address block too short",
            Kind::TlvOverrun => "v2 TLV overruns the header",
            Kind::CrcLength => "bad CRC32c TLV length",
            Kind::Crc => "bad CRC32c",
            Kind::Ssl => "bad v2 SSL TLV",
            Kind::UniqueId => "v2 unique id too long",
        }
    }
}

impl Malformed {
    /// The reason's index (what the drop channel carries).
    pub(super) fn code(self) -> u8 {
        Kind::ALL.iter().position(|&k| k == self.0).unwrap_or(0) as u8
    }

    /// The reason with index `code`, if there is one.
    pub(super) fn from_code(code: u8) -> Option<Malformed> {
        Kind::ALL.get(usize::from(code)).map(|&k| Malformed(k))
    }
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.text())
    }
}

impl std::error::Error for Malformed {}

/// `Parse::Invalid` for `kind`.
pub(super) fn invalid(kind: Kind) -> Parse {
    Parse::Invalid(Malformed(kind))
}

/// Parses `buf`, the bytes received so far on a connection, as a PROXY
/// header (v1 or v2). Any prefix that cannot become a valid header is
/// [`Parse::Invalid`] at once; a valid prefix is [`Parse::Incomplete`].
pub fn parse(buf: &[u8]) -> Parse {
    match buf.first() {
        None => Parse::Incomplete {
            max_more: v1::MIN_LEN.min(v2::FIXED_LEN),
        },
        Some(b'P') => v1::parse(buf),
        Some(b'\r') => v2::parse(buf),
        Some(_) => invalid(Kind::NotProxy),
    }
}

/// The most bytes a header can have (v2 with the largest length accepted).
pub const MAX_LEN: usize = v2::FIXED_LEN + v2::MAX_BODY;
