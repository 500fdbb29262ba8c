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

/// A file of the options, as [`ConfigError`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsFile {
    /// `local_cert` (or an `SNI_server_certs` certificate)
    CertChain,
    /// `local_pk` (or an `SNI_server_certs` key)
    PrivateKey,
    /// `dh_param`
    DhParam,
    /// `cafile` or `capath`
    VerifyLocations,
}

impl TlsFile {
    /// How the messages call it when it cannot be read.
    fn noun(self) -> &'static str {
        match self {
            TlsFile::CertChain => "certificate file",
            TlsFile::PrivateKey => "private key file",
            TlsFile::DhParam => "DH parameters file",
            TlsFile::VerifyLocations => "verify locations",
        }
    }
}

/// A setting whose value OpenSSL refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsSetting {
    /// `ciphers`
    CipherList,
    /// `ciphersuites`
    Ciphersuites,
    /// `ecdh_curve`
    EcdhCurve,
}

/// Why a TLS server's options make no usable context. [`fmt::Display`]
/// gives the sentence PHP's warning shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A file could not be read; `reason` is the system's error text.
    Unreadable {
        /// Which option's file.
        file: TlsFile,
        /// The path as given (up to a NUL byte).
        path: Vec<u8>,
        /// `strerror`'s text.
        reason: String,
    },
    /// OpenSSL refused a file's contents.
    Refused {
        /// Which option's file.
        file: TlsFile,
        /// The path as given.
        path: Vec<u8>,
        /// OpenSSL's reasons (with a hint where one helps).
        reason: String,
    },
    /// The private key does not belong to the certificate.
    KeyMismatch {
        /// `local_pk`
        key: Vec<u8>,
        /// `local_cert`
        cert: Vec<u8>,
    },
    /// OpenSSL refused a setting's value.
    BadValue {
        /// Which setting.
        setting: TlsSetting,
        /// The value as given.
        value: String,
    },
    /// OpenSSL failed outside any one option (its reasons).
    OpenSsl(String),
    /// An option was refused before OpenSSL saw it (a path check, the
    /// shape of `SNI_server_certs`): the sentence says which and why.
    Option(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            ConfigError::Unreadable { file, path, reason } => {
                write!(
                    f,
                    "Unable to read {} `{}': {reason}",
                    file.noun(),
                    text(path)
                )
            }
            ConfigError::Refused { file, path, reason } => {
                let path = text(path);
                match file {
                    TlsFile::CertChain => {
                        write!(f, "Unable to set local cert chain file `{path}': {reason}")
                    }
                    TlsFile::PrivateKey => {
                        write!(f, "Unable to set private key file `{path}': {reason}")
                    }
                    TlsFile::DhParam => write!(f, "Invalid dh_param `{path}': {reason}"),
                    TlsFile::VerifyLocations => {
                        write!(f, "Unable to set verify locations `{path}': {reason}")
                    }
                }
            }
            ConfigError::KeyMismatch { key, cert } => write!(
                f,
                "Private key `{}' does not match certificate `{}'",
                text(key),
                text(cert)
            ),
            ConfigError::BadValue { setting, value } => match setting {
                TlsSetting::CipherList => write!(f, "Failed setting cipher list `{value}'"),
                TlsSetting::Ciphersuites => write!(f, "Failed setting ciphersuites `{value}'"),
                TlsSetting::EcdhCurve => f.write_str("Invalid ecdh_curve specified"),
            },
            ConfigError::OpenSsl(reason) | ConfigError::Option(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<ErrorStack> for ConfigError {
    fn from(e: ErrorStack) -> Self {
        ConfigError::OpenSsl(reasons(&e))
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
