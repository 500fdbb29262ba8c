//! A TLS server's settings (PHP's `ssl` context options, already read)
//! and the error that says why they make no server.

use std::fmt;

use openssl::error::ErrorStack;

use super::method;

/// PHP's default server cipher order (ext/openssl's default stream cipher
/// list), so that TLS 1.2 picks the same cipher as native PHP.
pub const DEFAULT_CIPHERS: &str = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:\
ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:\
DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:\
ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:\
ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:\
DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:AES128-GCM-SHA256:\
AES256-GCM-SHA384:AES128:AES256:HIGH:!SSLv2:!aNULL:!eNULL:!EXPORT:!DES:!MD5:!RC4:!ADH";

/// PHP's default `verify_depth`.
pub const DEFAULT_VERIFY_DEPTH: u32 = 9;

/// One `SNI_server_certs` entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SniCert {
    /// The host name the client asks for (compared without case).
    pub host: String,
    /// Certificate (chain) file.
    pub cert: Vec<u8>,
    /// Private key file (the certificate file when it holds both).
    pub key: Vec<u8>,
}

/// A server's TLS settings: PHP's `ssl` context options, already read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerConfig {
    /// `STREAM_CRYPTO_METHOD_*` (server) bits.
    pub method: u32,
    /// `min_proto_version` (`STREAM_CRYPTO_PROTO_*`), over the method's.
    pub min_proto: Option<u32>,
    /// `max_proto_version` (`STREAM_CRYPTO_PROTO_*`), over the method's.
    pub max_proto: Option<u32>,
    /// `local_cert`: certificate chain file.
    pub local_cert: Option<Vec<u8>>,
    /// `local_pk`: key file (default: `local_cert`).
    pub local_pk: Option<Vec<u8>>,
    /// `passphrase` for an encrypted key.
    pub passphrase: Option<Vec<u8>>,
    /// `cafile` / `capath`: where client certificates are verified from.
    pub cafile: Option<Vec<u8>>,
    /// See `cafile`.
    pub capath: Option<Vec<u8>>,
    /// `verify_peer`: `None` when not set. A server asks for a client
    /// certificate unless it is `false`; the binding layer requires one
    /// only if it is `true`.
    pub verify_peer: Option<bool>,
    /// `verify_depth`.
    pub verify_depth: u32,
    /// `allow_self_signed`.
    pub allow_self_signed: bool,
    /// `ciphers` (TLS 1.2 and lower).
    pub ciphers: Option<String>,
    /// `ciphersuites` (TLS 1.3).
    pub ciphersuites: Option<String>,
    /// `security_level`.
    pub security_level: Option<u32>,
    /// `honor_cipher_order` (default on for servers).
    pub honor_cipher_order: bool,
    /// `single_dh_use` (default on).
    pub single_dh_use: bool,
    /// `disable_compression` (default on).
    pub disable_compression: bool,
    /// `no_ticket` (default off).
    pub no_ticket: bool,
    /// `SNI_enabled` (default on).
    pub sni_enabled: bool,
    /// `SNI_server_certs`.
    pub sni_certs: Vec<SniCert>,
    /// `alpn_protocols`: comma-separated, in the server's preference order.
    pub alpn_protocols: Option<Vec<u8>>,
    /// `dh_param`: a PEM file of DH parameters.
    pub dh_param: Option<Vec<u8>>,
    /// `ecdh_curve`.
    pub ecdh_curve: Option<String>,
    /// `reneg_limit`: 0 refuses renegotiation outright. (OpenSSL 3 refuses
    /// client-initiated renegotiation in any case.)
    pub reneg_limit: i64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            method: method::TLS_ANY,
            min_proto: None,
            max_proto: None,
            local_cert: None,
            local_pk: None,
            passphrase: None,
            cafile: None,
            capath: None,
            verify_peer: None,
            verify_depth: DEFAULT_VERIFY_DEPTH,
            allow_self_signed: false,
            ciphers: None,
            ciphersuites: None,
            security_level: None,
            honor_cipher_order: true,
            single_dh_use: true,
            disable_compression: true,
            no_ticket: false,
            sni_enabled: true,
            sni_certs: Vec::new(),
            alpn_protocols: None,
            dh_param: None,
            ecdh_curve: None,
            reneg_limit: 2,
        }
    }
}

/// Why a context could not be built: a sentence naming the file and the
/// reason, for PHP's warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ErrorStack> for ConfigError {
    fn from(e: ErrorStack) -> Self {
        ConfigError(reasons(&e))
    }
}

/// OpenSSL's error lines as `ERR_error_string_n` prints them
/// (`error:0A0000C1:SSL routines::no shared cipher`).
pub fn error_lines(stack: &ErrorStack) -> Vec<String> {
    stack
        .errors()
        .iter()
        .map(|e| {
            let lib = e
                .library()
                .map_or_else(|| format!("lib({})", e.library_code()), str::to_string);
            let reason = e
                .reason()
                .map_or_else(|| format!("reason({})", e.reason_code()), str::to_string);
            format!("error:{:08X}:{lib}::{reason}", e.code())
        })
        .collect()
}

/// The reasons in `stack`, for a one-line message.
pub(super) fn reasons(stack: &ErrorStack) -> String {
    let r: Vec<&str> = stack.errors().iter().filter_map(|e| e.reason()).collect();
    if r.is_empty() {
        "unknown OpenSSL error".to_string()
    } else {
        r.join(", ")
    }
}
