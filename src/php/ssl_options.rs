//! A TLS server's `ssl` context options, read with PHP's own rules:
//! strings converted as PHP converts them (`__toString`, `Array` with its
//! warning, a conversion that throws stops the reading), and every
//! certificate or key file checked where ext/openssl checks it (no NUL
//! byte, the path expanded as PHP expands it, `open_basedir`), with
//! ext/openssl's warning texts. As in ext/openssl, `cafile`, `capath` and
//! `dh_param` get no `open_basedir` check.

use std::ffi::{CStr, CString, c_char};

use ext_php_rs::types::{ArrayKey, Zval};

use super::{context, ffi, report::warning, zval};
use crate::net::tls::{ConfigError, ServerConfig, SniCert};

/// Why the options could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The options describe no usable server (the text says why).
    Invalid(ConfigError),
    /// Converting an option threw (PHP's exception is pending): stop
    /// without a warning of our own.
    Thrown,
}

impl From<ConfigError> for ReadError {
    fn from(e: ConfigError) -> Self {
        ReadError::Invalid(e)
    }
}

fn invalid(text: String) -> ReadError {
    ReadError::Invalid(ConfigError::Option(text))
}

/// `zval_try_get_string`: the option's value as PHP's string conversion
/// gives it (an array is `Array` with PHP's warning); `Thrown` if the
/// conversion threw (an object without `__toString`).
pub(super) fn to_bytes(zv: &ext_php_rs::types::Zval) -> Result<Vec<u8>, ReadError> {
    if let Some(s) = zv.zend_str() {
        return Ok(s.as_bytes().to_vec());
    }
    let ptr = context::zv_ptr(zv);
    // SAFETY: a live zval owned by the context; PHP returns a new string
    // (released below) or null with an exception pending.
    unsafe {
        let s = ffi::zval_try_get_string_func(ptr);
        if s.is_null() {
            return Err(ReadError::Thrown);
        }
        let bytes = zval::string_bytes(s).to_vec();
        ext_php_rs::ffi::ext_php_rs_zend_string_release(s.cast());
        Ok(bytes)
    }
}

/// `ssl.NAME` converted to a string, if set.
fn string(ctx: *mut ffi::php_stream_context, name: &CStr) -> Result<Option<Vec<u8>>, ReadError> {
    // Converted from our own reference: `__toString` may replace the
    // option in the context meanwhile.
    context::ssl_option(ctx, name)
        .map(|zv| to_bytes(&zv.shallow_clone()))
        .transpose()
}

/// `ssl.NAME` as text (OpenSSL names: ciphers, curves).
fn text(ctx: *mut ffi::php_stream_context, name: &CStr) -> Result<Option<String>, ReadError> {
    Ok(string(ctx, name)?.map(|v| String::from_utf8_lossy(&v).into_owned()))
}

/// Text of `bytes` as C's `%s` prints it (up to the first NUL).
fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(crate::net::until_nul(bytes)).into_owned()
}

/// ext/openssl's check of a certificate or key path: refused with a NUL
/// byte (warning `Path for OPTION option must not contain any null
/// bytes`) or when it cannot be expanded; expanded against PHP's working
/// directory; refused outside `open_basedir` (PHP's own warning). The
/// expanded path, or `None` after the warning.
fn checked_path(path: &[u8], option: &str) -> Option<Vec<u8>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let Ok(c_path) = CString::new(path) else {
        warning(format!("Path for {option} option must not contain any null bytes").as_bytes());
        return None;
    };
    let mut real = vec![0 as c_char; libc::PATH_MAX as usize + 1];
    // SAFETY: a NUL-terminated path and a buffer of MAXPATHLEN bytes, the
    // room `expand_filepath` writes into.
    let expanded = unsafe { ffi::expand_filepath(c_path.as_ptr(), real.as_mut_ptr()) };
    if expanded.is_null() {
        warning(format!("Path for {option} option must be a valid file path").as_bytes());
        return None;
    }
    // SAFETY: `real` now holds a NUL-terminated path; PHP raises its own
    // warning when the path is outside open_basedir.
    if unsafe { ffi::php_check_open_basedir(real.as_ptr()) } != 0 {
        return None;
    }
    // SAFETY: NUL-terminated, see above.
    Some(unsafe { CStr::from_ptr(real.as_ptr()) }.to_bytes().to_vec())
}

/// Checked `local_cert` and `local_pk` paths.
type Identity = (Option<Vec<u8>>, Option<Vec<u8>>);

/// `local_cert` and `local_pk` (the key only counts with a certificate),
/// checked as ext/openssl checks them.
fn identity(ctx: *mut ffi::php_stream_context) -> Result<Identity, ReadError> {
    let Some(cert) = string(ctx, c"local_cert")? else {
        return Ok((None, None));
    };
    let Some(cert_path) = checked_path(&cert, "local_cert in ssl stream context") else {
        return Err(invalid(format!(
            "Unable to get real path of certificate file `{}'",
            shown(&cert)
        )));
    };
    let key = match string(ctx, c"local_pk")? {
        None => None,
        Some(key) => match checked_path(&key, "local_pk in ssl stream context") {
            Some(p) => Some(p),
            None => {
                return Err(invalid(format!(
                    "Unable to get real path of private key file `{}'",
                    shown(&key)
                )));
            }
        },
    };
    Ok((Some(cert_path), key))
}

/// The server configuration `ctx`'s `ssl` options describe.
pub fn config(
    ctx: *mut ffi::php_stream_context,
    crypto_method: u32,
) -> Result<ServerConfig, ReadError> {
    let b = |name: &CStr| context::ssl_bool(ctx, name);
    let long = |name: &CStr| context::ssl_long(ctx, name);
    let d = ServerConfig::default();
    // Read in ext/openssl's order, so that conversion warnings (and any
    // `__toString` output) come in the same order as in PHP.
    let min_proto = long(c"min_proto_version").map(|v| v as u32);
    let max_proto = long(c"max_proto_version").map(|v| v as u32);
    // As ext/openssl: where to verify client certificates from is read
    // only when they are verified (a `verify_peer` of false skips it).
    let verify_peer = b(c"verify_peer");
    let (cafile, capath, verify_depth, allow_self_signed) = if verify_peer == Some(false) {
        (None, None, None, None)
    } else {
        (
            string(ctx, c"cafile")?,
            string(ctx, c"capath")?,
            long(c"verify_depth"),
            b(c"allow_self_signed"),
        )
    };
    let ciphers = text(ctx, c"ciphers")?;
    // PHP 8.2 itself ignores `ciphersuites`; rsock applies a real value,
    // and treats null, false and "" as unset.
    let ciphersuites = text(ctx, c"ciphersuites")?.filter(|v| !v.is_empty());
    let security_level = security_level(ctx);
    // As ext/openssl: only a string is taken (nothing is converted).
    let alpn_protocols = context::ssl_option(ctx, c"alpn_protocols")
        .and_then(|zv| zv.zend_str().map(|v| v.as_bytes().to_vec()));
    let (local_cert, local_pk) = identity(ctx)?;
    let ecdh_curve = text(ctx, c"ecdh_curve")?;
    let dh_param = string(ctx, c"dh_param")?;
    let honor_cipher_order = b(c"honor_cipher_order").unwrap_or(d.honor_cipher_order);
    let single_dh_use = b(c"single_dh_use").unwrap_or(d.single_dh_use);
    let sni_enabled = b(c"SNI_enabled").unwrap_or(d.sni_enabled);
    let sni_certs = sni_certs(ctx)?;
    // As ext/openssl, whose password callback runs only for an encrypted
    // key: `passphrase` is read only when a key file is encrypted.
    let keys = local_pk
        .iter()
        .chain(local_cert.iter())
        .chain(sni_certs.iter().map(|s| &s.key));
    // (No option, nothing to read: the key files are only opened to ask
    // when there is one, not on every handshake.)
    let has_passphrase = context::ssl_option(ctx, c"passphrase").is_some();
    let passphrase = if has_passphrase && keys.into_iter().any(|k| is_encrypted_key(k)) {
        string(ctx, c"passphrase")?
    } else {
        None
    };
    Ok(ServerConfig {
        method: crypto_method,
        min_proto,
        max_proto,
        local_cert,
        local_pk,
        passphrase,
        cafile: cafile.or_else(|| openssl_ini(c"openssl.cafile")),
        capath: capath.or_else(|| openssl_ini(c"openssl.capath")),
        verify_peer,
        verify_depth: verify_depth
            .map_or(d.verify_depth, |v| v.clamp(0, i64::from(u32::MAX)) as u32),
        allow_self_signed: allow_self_signed.unwrap_or(false),
        ciphers,
        ciphersuites,
        security_level,
        honor_cipher_order,
        single_dh_use,
        disable_compression: b(c"disable_compression").unwrap_or(d.disable_compression),
        no_ticket: b(c"no_ticket").unwrap_or(d.no_ticket),
        sni_enabled,
        sni_certs,
        alpn_protocols,
        dh_param,
        ecdh_curve,
        // Read once per connection, with `reneg_window`, by the binding's
        // renegotiation limit, which sets it here (as ext/openssl reads it).
        reneg_limit: d.reneg_limit,
    })
}

/// `security_level`: as ext/openssl, a value outside 0 to 5 is refused
/// with a warning and the default kept (never clamped to a lower level).
fn security_level(ctx: *mut ffi::php_stream_context) -> Option<u32> {
    let level = context::ssl_long(ctx, c"security_level")?;
    if (0..=5).contains(&level) {
        Some(level as u32)
    } else {
        warning(b"Security level must be between 0 and 5");
        None
    }
}

/// Whether the PEM file at `path` (already checked) holds an encrypted
/// private key.
fn is_encrypted_key(path: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    std::fs::read(std::ffi::OsStr::from_bytes(path))
        .is_ok_and(|pem| pem.windows(b"ENCRYPTED".len()).any(|w| w == b"ENCRYPTED"))
}

/// ext/openssl's `openssl.cafile` / `openssl.capath` ini defaults, when set.
fn openssl_ini(name: &CStr) -> Option<Vec<u8>> {
    let mut exists = false;
    // SAFETY: a NUL-terminated name; PHP returns null or a NUL-terminated
    // value it owns.
    let raw = unsafe { ffi::zend_ini_string_ex(name.as_ptr(), name.count_bytes(), 0, &mut exists) };
    if raw.is_null() {
        return None;
    }
    // SAFETY: see above.
    let v = unsafe { CStr::from_ptr(raw) }.to_bytes();
    (!v.is_empty()).then(|| v.to_vec())
}

/// One `SNI_server_certs` element, taken out of the array.
enum SniEntry {
    /// An integer key (refused).
    NumericKey,
    /// `host => ['local_cert' => …, 'local_pk' => …]`
    Pair(String, Option<Zval>, Option<Zval>),
    /// `host => file`
    File(String, Zval),
}

/// `SNI_server_certs`: `host => file` (certificate and key in one file) or
/// `host => ['local_cert' => file, 'local_pk' => file]`, each file checked
/// as ext/openssl checks it, with its texts.
fn sni_certs(ctx: *mut ffi::php_stream_context) -> Result<Vec<SniCert>, ReadError> {
    if context::ssl_bool(ctx, c"SNI_enabled") == Some(false) {
        return Ok(Vec::new());
    }
    let Some(zv) = context::ssl_option(ctx, c"SNI_server_certs") else {
        return Ok(Vec::new());
    };
    let Some(arr) = zv.array() else {
        return Err(invalid(
            "SNI_server_certs requires an array mapping host names to cert paths".into(),
        ));
    };
    if arr.is_empty() {
        return Err(invalid(
            "SNI_server_certs host cert array must not be empty".into(),
        ));
    }
    // Taken out of the array first (with references of our own): the
    // conversions below may run PHP code that replaces the option.
    let entries: Vec<SniEntry> = arr
        .iter()
        .map(|(key, value)| match key {
            ArrayKey::Long(_) => SniEntry::NumericKey,
            key => match value.array() {
                Some(pair) => SniEntry::Pair(
                    key.to_string(),
                    pair.get("local_cert").map(Zval::shallow_clone),
                    pair.get("local_pk").map(Zval::shallow_clone),
                ),
                None => SniEntry::File(key.to_string(), value.shallow_clone()),
            },
        })
        .collect();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let (host, cert, key) = match entry {
            SniEntry::NumericKey => {
                return Err(invalid(
                    "SNI_server_certs array requires string host name keys".into(),
                ));
            }
            SniEntry::Pair(host, cert, key) => {
                let field = |v: Option<Zval>, name: &str, option: &str, what: &str| {
                    let Some(v) = v else {
                        return Err(invalid(format!("{name} not present in the array")));
                    };
                    let v = to_bytes(&v)?;
                    checked_path(&v, option).ok_or_else(|| {
                        invalid(format!(
                            "Failed setting local {what} file `{}'; {}could not open file",
                            shown(&v),
                            // ext/openssl's text has two spaces for the key.
                            if what == "cert chain" { "" } else { " " }
                        ))
                    })
                };
                let cert = field(
                    cert,
                    "local_cert",
                    "SNI_server_certs local_cert in ssl stream context",
                    "cert chain",
                )?;
                let key = field(
                    key,
                    "local_pk",
                    "SNI_server_certs local_pk in ssl stream context",
                    "private key",
                )?;
                (host, cert, key)
            }
            SniEntry::File(host, value) => {
                let path = to_bytes(&value)?;
                let Some(checked) = checked_path(&path, "SNI_server_certs in ssl stream context")
                else {
                    return Err(invalid(format!(
                        "Failed setting local cert chain file `{}'; file not found",
                        shown(&path)
                    )));
                };
                (host, checked.clone(), checked)
            }
        };
        out.push(SniCert { host, cert, key });
    }
    Ok(out)
}
