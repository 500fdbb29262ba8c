//! TLS for server-side streams, on OpenSSL: building a context from the
//! `ssl` options PHP users already write, and driving one connection's
//! handshake, reads, writes and shutdown with PHP's blocking and timeout
//! rules (the same [`Wait`] as plain sockets).
//!
//! The socket stays non-blocking for OpenSSL's sake: every read and write
//! of the record layer uses `MSG_DONTWAIT`, and waiting is done here, with
//! `poll`, for the direction OpenSSL asks for.

use std::{
    cell::RefCell,
    collections::hash_map::DefaultHasher,
    fmt,
    hash::{Hash, Hasher},
    io::{self, Read, Write},
    os::fd::RawFd,
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
};

use openssl::{
    dh::Dh,
    error::ErrorStack,
    pkey::PKey,
    ssl::{
        AlpnError, ErrorCode, NameType, Ssl, SslContext, SslContextBuilder, SslMethod, SslMode,
        SslOptions, SslStream, SslVerifyMode, SslVersion,
    },
    x509::X509VerifyResult,
};

use super::{
    conn::{self, Wait},
    sys::{self, Interest},
};

/// PHP's `STREAM_CRYPTO_METHOD_*` bits (the protocol part; bit 0 marks a
/// client method).
pub mod method {
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
}

/// The protocol version of each `STREAM_CRYPTO_METHOD_*` /
/// `STREAM_CRYPTO_PROTO_*` bit, oldest first. SSLv3 is not among them:
/// OpenSSL 3 has none, and PHP built against it ignores the bit.
const VERSION_BITS: [(u32, SslVersion); 4] = [
    (method::TLS1_0, SslVersion::TLS1),
    (method::TLS1_1, SslVersion::TLS1_1),
    (method::TLS1_2, SslVersion::TLS1_2),
    (method::TLS1_3, SslVersion::TLS1_3),
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
    if m & method::TLS_ANY == method::TLS_ANY {
        method_span(m & !(method::SSLV3 | method::TLS1_0 | method::TLS1_1))
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
fn reasons(stack: &ErrorStack) -> String {
    let r: Vec<&str> = stack.errors().iter().filter_map(|e| e.reason()).collect();
    if r.is_empty() {
        "unknown OpenSSL error".to_string()
    } else {
        r.join(", ")
    }
}

/// `text` up to its first NUL byte, as OpenSSL (and PHP, which hands it
/// OpenSSL's C strings) reads it.
pub fn c_str_part(text: &str) -> &str {
    text.split('\0').next().unwrap_or_default()
}

/// A C string of `bytes` up to the first NUL byte.
fn c_path(bytes: &[u8]) -> std::ffi::CString {
    let end = bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len());
    std::ffi::CString::new(&bytes[..end]).unwrap_or_default()
}

fn shown(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

fn os_path(path: &[u8]) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(path))
}

/// Reads a whole file, or says which file and why not.
/// The path ends at a NUL byte, as the C string PHP would hand OpenSSL.
fn read_file(what: &str, path: &[u8]) -> Result<Vec<u8>, ConfigError> {
    let path = path.split(|&c| c == 0).next().unwrap_or_default();
    std::fs::read(os_path(path)).map_err(|e| {
        let why = e
            .raw_os_error()
            .map_or_else(|| e.to_string(), sys::strerror);
        ConfigError(format!("Unable to read {what} `{}': {why}", shown(path)))
    })
}

/// Loads the certificate chain and key into `b`, checking they match.
fn load_identity(
    b: &mut SslContextBuilder,
    cert: &[u8],
    key: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<(), ConfigError> {
    let chain = read_file("certificate file", cert)?;
    let mut certs = openssl::x509::X509::stack_from_pem(&chain)
        .map_err(|e| {
            ConfigError(format!(
                "Unable to set local cert chain file `{}': {}",
                shown(cert),
                reasons(&e)
            ))
        })?
        .into_iter();
    let Some(leaf) = certs.next() else {
        return Err(ConfigError(format!(
            "Unable to set local cert chain file `{}': no certificate found",
            shown(cert)
        )));
    };
    // OpenSSL refuses a certificate too weak for the security level here
    // ("ee key too small", "ca md too weak"): say which file.
    let refused = |e: ErrorStack| {
        ConfigError(format!(
            "Unable to set local cert chain file `{}': {}",
            shown(cert),
            reasons(&e)
        ))
    };
    b.set_certificate(&leaf).map_err(refused)?;
    for c in certs {
        b.add_extra_chain_cert(c).map_err(refused)?;
    }
    let pem = if key == cert {
        chain
    } else {
        read_file("private key file", key)?
    };
    let pkey = PKey::private_key_from_pem_callback(&pem, |buf| {
        let p = passphrase.unwrap_or_default();
        let n = p.len().min(buf.len());
        buf[..n].copy_from_slice(&p[..n]);
        Ok(n)
    })
    .map_err(|e| {
        let hint = if passphrase.is_some() {
            " (wrong passphrase?)"
        } else {
            ""
        };
        ConfigError(format!(
            "Unable to set private key file `{}': {}{hint}",
            shown(key),
            reasons(&e)
        ))
    })?;
    // OpenSSL checks the pair in set_private_key already.
    b.set_private_key(&pkey)
        .and_then(|()| b.check_private_key())
        .map_err(|_| {
            ConfigError(format!(
                "Private key `{}' does not match certificate `{}'",
                shown(key),
                shown(cert)
            ))
        })
}

/// Everything but the certificate: versions, options, ciphers, peer
/// verification, ALPN.
fn base(cfg: &ServerConfig) -> Result<SslContextBuilder, ConfigError> {
    let mut b = SslContext::builder(SslMethod::tls_server())?;
    let (min, max) = versions_with(cfg.method, cfg.security_level, cfg.min_proto, cfg.max_proto);
    b.set_min_proto_version(Some(min))?;
    b.set_max_proto_version(Some(max))?;
    // A peer that closes without close_notify is an end of stream, as in
    // PHP (no "unexpected eof" error).
    let mut opts = SslOptions::ALL | SslOptions::IGNORE_UNEXPECTED_EOF;
    for (on, o) in [
        (cfg.no_ticket, SslOptions::NO_TICKET),
        (cfg.disable_compression, SslOptions::NO_COMPRESSION),
        (cfg.single_dh_use, SslOptions::SINGLE_DH_USE),
        (cfg.honor_cipher_order, SslOptions::CIPHER_SERVER_PREFERENCE),
        (cfg.reneg_limit == 0, SslOptions::NO_RENEGOTIATION),
    ] {
        if on {
            opts |= o;
        }
    }
    b.set_options(opts);
    b.set_mode(SslMode::ENABLE_PARTIAL_WRITE | SslMode::ACCEPT_MOVING_WRITE_BUFFER);
    // Sessions resume only on a context with the same verification policy.
    b.set_session_id_context(b"rsock")?;
    let ciphers = c_str_part(cfg.ciphers.as_deref().unwrap_or(DEFAULT_CIPHERS));
    b.set_cipher_list(ciphers)
        .map_err(|_| ConfigError(format!("Failed setting cipher list `{ciphers}'")))?;
    if let Some(suites) = cfg.ciphersuites.as_deref().map(c_str_part) {
        b.set_ciphersuites(suites)
            .map_err(|_| ConfigError(format!("Failed setting ciphersuites `{suites}'")))?;
    }
    if let Some(level) = cfg.security_level {
        b.set_security_level(level);
    }
    if let Some(curve) = cfg.ecdh_curve.as_deref().map(c_str_part) {
        b.set_groups_list(curve)
            .map_err(|_| ConfigError("Invalid ecdh_curve specified".into()))?;
    }
    if let Some(path) = &cfg.dh_param {
        let pem = read_file("DH parameters file", path)?;
        let dh = Dh::params_from_pem(&pem).map_err(|e| {
            ConfigError(format!(
                "Invalid dh_param `{}': {}",
                shown(path),
                reasons(&e)
            ))
        })?;
        b.set_tmp_dh(&dh)?;
    }
    verification(&mut b, cfg)?;
    if let Some(list) = &cfg.alpn_protocols {
        let wire = alpn_wire(list);
        b.set_alpn_select_callback(move |_, client| {
            alpn_select(&wire, client).ok_or(AlpnError::NOACK)
        });
    }
    Ok(b)
}

/// As PHP: a server asks for a client certificate unless `verify_peer` is
/// false, verifying what it gets against `cafile`/`capath` (not the system
/// store: that is for clients), with `allow_self_signed` and
/// `verify_depth` applied; `cafile`'s names are sent as the acceptable CAs.
fn verification(b: &mut SslContextBuilder, cfg: &ServerConfig) -> Result<(), ConfigError> {
    if cfg.verify_peer == Some(false) {
        b.set_verify(SslVerifyMode::NONE);
        return Ok(());
    }
    let file = cfg.cafile.as_deref().map(c_path);
    let dir = cfg.capath.as_deref().map(c_path);
    if let Some(ca) = &file
        && let Ok(names) = sys::load_client_ca_file(ca)
    {
        b.set_client_ca_list(names);
    }
    if file.is_some() || dir.is_some() {
        sys::load_verify_locations(b, file.as_deref(), dir.as_deref()).map_err(|e| {
            let which = cfg
                .cafile
                .as_deref()
                .or(cfg.capath.as_deref())
                .unwrap_or_default();
            ConfigError(format!(
                "Unable to set verify locations `{}': {e}",
                shown(which),
            ))
        })?;
    }
    let allow_self_signed = cfg.allow_self_signed;
    let depth = cfg.verify_depth;
    b.set_verify_callback(SslVerifyMode::PEER, move |ok, ctx| {
        let mut ok = ok;
        if ctx.error().as_raw() == DEPTH_ZERO_SELF_SIGNED_CERT && allow_self_signed {
            ok = true;
        }
        if ctx.error_depth() > depth {
            ctx.set_error(sys::cert_chain_too_long());
            ok = false;
        }
        ok
    });
    Ok(())
}

/// `X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT`
const DEPTH_ZERO_SELF_SIGNED_CERT: i32 = 18;

/// `h2,http/1.1` in ALPN's wire format (length-prefixed names).
pub fn alpn_wire(list: &[u8]) -> Vec<u8> {
    // Read as a C string, as PHP does.
    let list = list.split(|&c| c == 0).next().unwrap_or_default();
    let mut wire = Vec::new();
    for p in list
        .split(|&c| c == b',')
        .filter(|p| !p.is_empty() && p.len() < 256)
    {
        wire.push(p.len() as u8);
        wire.extend_from_slice(p);
    }
    wire
}

/// The first of the server's protocols (wire format) the client offers,
/// as a slice of the client's list. No match: no ALPN (not an error).
pub fn alpn_select<'a>(server: &[u8], client: &'a [u8]) -> Option<&'a [u8]> {
    fn names(wire: &[u8]) -> impl Iterator<Item = &[u8]> {
        let mut rest = wire;
        std::iter::from_fn(move || {
            let (&len, tail) = rest.split_first()?;
            let name = tail.get(..usize::from(len))?;
            rest = &tail[name.len()..];
            Some(name)
        })
    }
    names(server).find_map(|s| names(client).find(|c| *c == s))
}

/// Whether an `SNI_server_certs` host (lower case; `*.example.com` covers
/// one label) matches the name a client sent (lower case).
pub fn sni_matches(host: &str, name: &str) -> bool {
    match host.strip_prefix("*.") {
        Some(suffix) => name
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => host == name,
    }
}

/// Builds the context `cfg` describes. SNI certificates get a context each,
/// picked by the name the client sends.
pub fn build(cfg: &ServerConfig) -> Result<SslContext, ConfigError> {
    let mut b = base(cfg)?;
    if let Some(cert) = &cfg.local_cert {
        let key = cfg.local_pk.as_deref().unwrap_or(cert);
        load_identity(&mut b, cert, key, cfg.passphrase.as_deref())?;
    }
    if cfg.sni_enabled && !cfg.sni_certs.is_empty() {
        let mut hosts = Vec::with_capacity(cfg.sni_certs.len());
        for s in &cfg.sni_certs {
            let mut sb = base(cfg)?;
            load_identity(&mut sb, &s.cert, &s.key, cfg.passphrase.as_deref())?;
            hosts.push((s.host.to_ascii_lowercase(), sb.build()));
        }
        b.set_servername_callback(move |ssl, _| {
            let name = ssl
                .servername(NameType::HOST_NAME)
                .map(str::to_ascii_lowercase);
            let found = name.and_then(|n| hosts.iter().find(|(h, _)| sni_matches(h, &n)));
            if let Some((_, ctx)) = found {
                // A failure leaves the default certificate in place.
                let _ = ssl.set_ssl_context(ctx);
            }
            Ok(())
        });
    }
    Ok(b.build())
}

/// A fingerprint of the files a configuration reads (size and mtime), so a
/// cached context is rebuilt when a certificate is replaced.
fn files_stamp(cfg: &ServerConfig) -> u64 {
    let mut h = DefaultHasher::new();
    let files = [&cfg.local_cert, &cfg.local_pk, &cfg.cafile, &cfg.dh_param];
    let sni = cfg.sni_certs.iter().flat_map(|s| [&s.cert, &s.key]);
    for p in files.into_iter().flatten().chain(sni) {
        if let Ok(m) = std::fs::metadata(os_path(p)) {
            use std::os::unix::fs::MetadataExt;
            (m.size(), m.mtime(), m.mtime_nsec(), m.ino()).hash(&mut h);
        }
    }
    h.finish()
}

/// How many built contexts are kept per thread.
const CACHE_SIZE: usize = 8;

thread_local! {
    static CACHE: RefCell<Vec<(ServerConfig, u64, SslContext)>> = const { RefCell::new(Vec::new()) };
}

/// The context for `cfg`, built once and reused while the configuration
/// and its files stay the same: a server pays for loading certificates
/// once, not per connection.
pub fn context(cfg: &ServerConfig) -> Result<SslContext, ConfigError> {
    let stamp = files_stamp(cfg);
    let hit = CACHE.with_borrow(|c| {
        c.iter()
            .find(|(k, s, _)| *s == stamp && k == cfg)
            .map(|(_, _, ctx)| ctx.clone())
    });
    if let Some(ctx) = hit {
        return Ok(ctx);
    }
    let ctx = build(cfg)?;
    CACHE.with_borrow_mut(|c| {
        c.retain(|(k, _, _)| k != cfg);
        if c.len() >= CACHE_SIZE {
            c.remove(0);
        }
        c.push((cfg.clone(), stamp, ctx.clone()));
    });
    Ok(ctx)
}

/// The record layer's I/O: the borrowed socket, never blocking.
#[derive(Debug)]
pub struct FdIo {
    fd: RawFd,
    /// The last read or write found the socket unconnected (a bound or
    /// listening socket). OpenSSL retries `ENOTCONN` as if it would block,
    /// but no poll will ever see data for it.
    not_connected: bool,
}

impl FdIo {
    fn seen<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            self.not_connected = e.raw_os_error() == Some(libc::ENOTCONN);
        }
        r
    }
}

impl Read for FdIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = sys::recv(self.fd, buf, libc::MSG_DONTWAIT);
        self.seen(r)
    }
}

impl Write for FdIo {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = sys::send(self.fd, buf, libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL);
        self.seen(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why a TLS operation failed, as PHP tells its users.
#[derive(Debug)]
pub enum Failure {
    /// The peer closed the connection without a TLS alert.
    Eof,
    /// The socket failed.
    Io(io::Error),
    /// OpenSSL failed: `SSL_get_error`'s code and the error lines.
    Ssl {
        /// `SSL_ERROR_*`
        code: i32,
        /// `ERR_error_string_n` lines, oldest first.
        lines: Vec<String>,
        /// The first error is "no shared cipher".
        no_shared_cipher: bool,
    },
}

/// The result of one TLS operation.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Done.
    Ready(T),
    /// Non-blocking and OpenSSL needs the peer (or room to write).
    WouldBlock,
    /// Blocking and the wait ran out.
    TimedOut,
    /// The peer sent `close_notify`.
    Closed,
    /// It failed.
    Failed(Failure),
}

/// `SSL_R_NO_SHARED_CIPHER`
const NO_SHARED_CIPHER: i32 = 193;

/// What the negotiated connection looks like (`stream_get_meta_data`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// `TLSv1.3`, ...
    pub protocol: String,
    /// OpenSSL's cipher name.
    pub cipher_name: String,
    /// Secret bits.
    pub cipher_bits: i32,
    /// The protocol version the cipher belongs to.
    pub cipher_version: String,
    /// The ALPN protocol agreed on, if any.
    pub alpn_protocol: Option<Vec<u8>>,
}

/// One server-side TLS connection over a borrowed socket.
pub struct Session {
    stream: SslStream<FdIo>,
    starts: Arc<AtomicU32>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl Session {
    /// A connection in the accepting state on `fd` (not yet shaken hands).
    pub fn new(ctx: &SslContext, fd: RawFd) -> Result<Self, ConfigError> {
        let mut ssl = Ssl::new(ctx)?;
        ssl.set_accept_state();
        let starts = Arc::new(AtomicU32::new(0));
        sys::count_handshake_starts(&mut ssl, Arc::clone(&starts));
        Ok(Session {
            stream: SslStream::new(
                ssl,
                FdIo {
                    fd,
                    not_connected: false,
                },
            )?,
            starts,
        })
    }

    fn run<T>(
        &mut self,
        wait: Wait,
        mut op: impl FnMut(&mut SslStream<FdIo>) -> Result<T, openssl::ssl::Error>,
    ) -> Outcome<T> {
        let deadline = wait.deadline();
        let fd = self.stream.get_ref().fd;
        loop {
            self.stream.get_mut().not_connected = false;
            let interest = match op(&mut self.stream) {
                Ok(v) => return Outcome::Ready(v),
                Err(e) => match e.code() {
                    ErrorCode::WANT_READ => Interest::Read,
                    ErrorCode::WANT_WRITE => Interest::Write,
                    ErrorCode::ZERO_RETURN => return Outcome::Closed,
                    ErrorCode::SYSCALL if e.ssl_error().is_none() => {
                        return match e.into_io_error() {
                            Ok(io) if io.kind() == io::ErrorKind::Interrupted => continue,
                            Ok(io) => Outcome::Failed(Failure::Io(io)),
                            Err(_) => Outcome::Failed(Failure::Eof),
                        };
                    }
                    code => {
                        let (lines, first) = e
                            .ssl_error()
                            .map(|s| (error_lines(s), s.errors().first().map(|x| x.reason_code())))
                            .unwrap_or_default();
                        return Outcome::Failed(Failure::Ssl {
                            code: code.as_raw(),
                            lines,
                            no_shared_cipher: first == Some(NO_SHARED_CIPHER),
                        });
                    }
                },
            };
            if wait == Wait::Never {
                return Outcome::WouldBlock;
            }
            if self.stream.get_ref().not_connected {
                // Nothing can arrive on an unconnected socket: as PHP, the
                // wait ends at the stream's timeout (PHP spins until then,
                // this sleeps); with no timeout, it fails now.
                let Some(deadline) = deadline else {
                    let e = io::Error::from_raw_os_error(libc::ENOTCONN);
                    return Outcome::Failed(Failure::Io(e));
                };
                std::thread::sleep(deadline.saturating_duration_since(std::time::Instant::now()));
                return Outcome::TimedOut;
            }
            match conn::wait_until(fd, interest, deadline) {
                Ok(true) => {}
                Ok(false) => return Outcome::TimedOut,
                Err(e) => return Outcome::Failed(Failure::Io(e)),
            }
        }
    }

    /// Runs (or continues) the server handshake.
    pub fn handshake(&mut self, wait: Wait) -> Outcome<()> {
        self.run(wait, |s| s.accept())
    }

    /// Reads plaintext; `Closed` after the peer's `close_notify`.
    pub fn read(&mut self, buf: &mut [u8], wait: Wait) -> Outcome<usize> {
        if buf.is_empty() {
            return Outcome::Ready(0);
        }
        self.run(wait, |s| s.ssl_read(buf))
    }

    /// Looks at plaintext without consuming it, never waiting.
    pub fn peek(&mut self, buf: &mut [u8]) -> Outcome<usize> {
        self.run(Wait::Never, |s| s.ssl_peek(buf))
    }

    /// Writes plaintext (one or more records).
    pub fn write(&mut self, buf: &[u8], wait: Wait) -> Outcome<usize> {
        if buf.is_empty() {
            return Outcome::Ready(0);
        }
        self.run(wait, |s| s.ssl_write(buf))
    }

    /// Sends `close_notify` if it can without waiting; the connection is
    /// plaintext (or closed) afterwards.
    pub fn shutdown(&mut self) {
        let _ = self.stream.shutdown();
    }

    /// How many handshakes have started: 1 for the first, one more for
    /// each renegotiation the peer attempted (refused or not).
    pub fn handshake_starts(&self) -> u32 {
        self.starts.load(Ordering::Relaxed)
    }

    /// Decrypted bytes OpenSSL holds that no read has taken yet.
    pub fn pending(&self) -> usize {
        self.stream.ssl().pending()
    }

    /// Protocol, cipher and ALPN of the established connection.
    pub fn info(&self) -> Info {
        let ssl = self.stream.ssl();
        let cipher = ssl.current_cipher();
        Info {
            protocol: match ssl.version_str() {
                v @ ("TLSv1.3" | "TLSv1.2" | "TLSv1.1" | "TLSv1" | "SSLv3") => v.to_string(),
                _ => "UNKNOWN".to_string(),
            },
            cipher_name: cipher.map_or("", |c| c.name()).to_string(),
            cipher_bits: cipher.map_or(0, |c| c.bits().secret),
            cipher_version: cipher.map_or("", |c| c.version()).to_string(),
            alpn_protocol: ssl.selected_alpn_protocol().map(<[u8]>::to_vec),
        }
    }

    /// The client's certificate (PEM), if it sent one.
    pub fn peer_cert_pem(&self) -> Option<Vec<u8>> {
        self.stream.ssl().peer_certificate()?.to_pem().ok()
    }

    /// The client's chain (PEM each), as OpenSSL reports it to a server
    /// (without the leaf).
    pub fn peer_chain_pem(&self) -> Vec<Vec<u8>> {
        self.stream
            .ssl()
            .peer_cert_chain()
            .map(|chain| chain.iter().filter_map(|c| c.to_pem().ok()).collect())
            .unwrap_or_default()
    }

    /// Whether the client's certificate verified (true without one).
    /// The error is OpenSSL's verify code and its text.
    pub fn peer_verified(&self) -> Result<(), (i32, String)> {
        let r = self.stream.ssl().verify_result();
        if r == X509VerifyResult::OK {
            Ok(())
        } else {
            Err((r.as_raw(), r.error_string().to_string()))
        }
    }
}

#[cfg(test)]
#[path = "tls_tests.rs"]
mod tests;
