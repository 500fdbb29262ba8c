//! Building an OpenSSL context from a [`ServerConfig`]: versions, options,
//! ciphers, client-certificate verification, ALPN, the certificate and key
//! (with SNI alternatives), and a per-thread cache so that a server loads
//! its files once, not per connection.

use std::{
    cell::RefCell,
    collections::hash_map::DefaultHasher,
    hash::{Hash, Hasher},
    path::Path,
};

use openssl::{
    dh::Dh,
    error::ErrorStack,
    pkey::PKey,
    ssl::{
        AlpnError, NameType, SslContext, SslContextBuilder, SslMethod, SslMode, SslOptions,
        SslVerifyMode,
    },
};

use super::{
    config::{ConfigError, DEFAULT_CIPHERS, ServerConfig, TlsFile, TlsSetting, reasons},
    ffi,
    method::versions_with,
    names::{alpn_select, alpn_wire, sni_matches},
};
use crate::net::sys;

/// `text` up to its first NUL byte, as OpenSSL (and PHP, which hands it
/// OpenSSL's C strings) reads it.
pub fn c_str_part(text: &str) -> &str {
    text.split('\0').next().unwrap_or_default()
}

/// A C string of `bytes` up to the first NUL byte.
fn c_path(bytes: &[u8]) -> std::ffi::CString {
    std::ffi::CString::new(crate::net::until_nul(bytes)).unwrap_or_default()
}

pub(super) fn os_path(path: &[u8]) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(path))
}

/// Reads a whole file, or says which file and why not.
/// The path ends at a NUL byte, as the C string PHP would hand OpenSSL.
fn read_file(file: TlsFile, path: &[u8]) -> Result<Vec<u8>, ConfigError> {
    let path = crate::net::until_nul(path);
    std::fs::read(os_path(path)).map_err(|e| ConfigError::Unreadable {
        file,
        path: path.to_vec(),
        reason: e
            .raw_os_error()
            .map_or_else(|| e.to_string(), sys::strerror),
    })
}

/// Loads the certificate chain and key into `b`, checking they match.
fn load_identity(
    b: &mut SslContextBuilder,
    cert: &[u8],
    key: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<(), ConfigError> {
    let chain = read_file(TlsFile::CertChain, cert)?;
    let refused_chain = |reason: String| ConfigError::Refused {
        file: TlsFile::CertChain,
        path: cert.to_vec(),
        reason,
    };
    // OpenSSL refuses a certificate too weak for the security level here
    // ("ee key too small", "ca md too weak"): say which file.
    let refused = |e: ErrorStack| refused_chain(reasons(&e));
    let mut certs = openssl::x509::X509::stack_from_pem(&chain)
        .map_err(refused)?
        .into_iter();
    let Some(leaf) = certs.next() else {
        return Err(refused_chain("no certificate found".into()));
    };
    b.set_certificate(&leaf).map_err(refused)?;
    for c in certs {
        b.add_extra_chain_cert(c).map_err(refused)?;
    }
    let pem = if key == cert {
        chain
    } else {
        read_file(TlsFile::PrivateKey, key)?
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
        ConfigError::Refused {
            file: TlsFile::PrivateKey,
            path: key.to_vec(),
            reason: format!("{}{hint}", reasons(&e)),
        }
    })?;
    // OpenSSL checks the pair in set_private_key already.
    b.set_private_key(&pkey)
        .and_then(|()| b.check_private_key())
        .map_err(|_| ConfigError::KeyMismatch {
            key: key.to_vec(),
            cert: cert.to_vec(),
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
    let bad = |setting, value: &str| {
        let value = value.to_string();
        move |_| ConfigError::BadValue { setting, value }
    };
    b.set_cipher_list(ciphers)
        .map_err(bad(TlsSetting::CipherList, ciphers))?;
    if let Some(suites) = cfg.ciphersuites.as_deref().map(c_str_part) {
        b.set_ciphersuites(suites)
            .map_err(bad(TlsSetting::Ciphersuites, suites))?;
    }
    if let Some(level) = cfg.security_level {
        b.set_security_level(level);
    }
    if let Some(curve) = cfg.ecdh_curve.as_deref().map(c_str_part) {
        b.set_groups_list(curve)
            .map_err(bad(TlsSetting::EcdhCurve, curve))?;
    }
    if let Some(path) = &cfg.dh_param {
        let pem = read_file(TlsFile::DhParam, path)?;
        let dh = Dh::params_from_pem(&pem).map_err(|e| ConfigError::Refused {
            file: TlsFile::DhParam,
            path: path.clone(),
            reason: reasons(&e),
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
        && let Ok(names) = ffi::load_client_ca_file(ca)
    {
        b.set_client_ca_list(names);
    }
    if file.is_some() || dir.is_some() {
        ffi::load_verify_locations(b, file.as_deref(), dir.as_deref()).map_err(|e| {
            let which = cfg
                .cafile
                .as_deref()
                .or(cfg.capath.as_deref())
                .unwrap_or_default();
            ConfigError::Refused {
                file: TlsFile::VerifyLocations,
                path: which.to_vec(),
                reason: e.to_string(),
            }
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
            ctx.set_error(ffi::cert_chain_too_long());
            ok = false;
        }
        ok
    });
    Ok(())
}

/// `X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT`
const DEPTH_ZERO_SELF_SIGNED_CERT: i32 = 18;

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
pub(super) const CACHE_SIZE: usize = 8;

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
