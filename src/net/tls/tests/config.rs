//! Building contexts from settings, the errors that name the file and reason, and the per-thread context cache.

use super::*;

#[test]
fn build_with_a_certificate_and_key() {
    let pki = Pki::new();
    let ctx = build(&pki.server()).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "localhost");
    // Without local_cert there is nothing to load (and no error).
    build(&ServerConfig::default()).unwrap();
}

#[test]
fn build_missing_cert_names_the_path_and_errno() {
    let pki = Pki::new();
    let missing = pki.dir.path("nope.pem");
    let missing_shown = shown(&missing);
    build_error(
        &local_cert(&missing),
        &[&missing_shown, "No such file or directory"],
    );
    // A missing key file (with a good certificate) is named too.
    let cfg = ServerConfig {
        local_pk: Some(missing.clone()),
        ..pki.server()
    };
    build_error(
        &cfg,
        &[
            "private key file",
            &missing_shown,
            "No such file or directory",
        ],
    );
}

#[test]
fn build_garbage_cert_is_an_error() {
    let pki = Pki::new();
    let garbage = pki.dir.write("garbage.pem", b"this is not a certificate\n");
    // A PEM block that does not decode.
    let broken = pki.dir.write(
        "broken.pem",
        b"-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n",
    );
    for bad in [&garbage, &broken] {
        let cfg = ServerConfig {
            local_cert: Some(bad.clone()),
            ..pki.server()
        };
        build_error(&cfg, &[&shown(bad), "Unable to set local cert chain file"]);
    }
    // A garbage key.
    let cfg = ServerConfig {
        local_pk: Some(garbage.clone()),
        ..pki.server()
    };
    build_error(&cfg, &["Unable to set private key file", &shown(&garbage)]);
}

#[test]
fn build_encrypted_key_needs_the_right_passphrase() {
    let pki = Pki::new();
    let enc = pki
        .server_key
        .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), b"s3cret")
        .unwrap();
    assert!(String::from_utf8_lossy(&enc).contains("ENCRYPTED PRIVATE KEY"));
    let enc = pki.dir.write("server.enc.key", &enc);
    let cfg = |pass: Option<&[u8]>| ServerConfig {
        local_pk: Some(enc.clone()),
        passphrase: pass.map(<[u8]>::to_vec),
        ..pki.server()
    };
    let enc_shown = shown(&enc);
    build_error(
        &cfg(Some(b"wrong")),
        &[
            "Unable to set private key file",
            &enc_shown,
            "wrong passphrase?",
        ],
    );
    build_error(&cfg(None), &[&enc_shown]);
    // A longer passphrase is not truncated into the right one.
    build(&cfg(Some(b"s3cret!"))).unwrap_err();
    let ctx = build(&cfg(Some(b"s3cret"))).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "localhost");
}

#[test]
fn build_key_not_matching_cert_names_both_files() {
    let pki = Pki::new();
    // Another key of the same type (EC P-256) as the certificate's, and one
    // of another type.
    let rsa = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    for (name, key) in [("other.key", ec_key()), ("rsa.key", rsa)] {
        let other = pki
            .dir
            .write(name, &key.private_key_to_pem_pkcs8().unwrap());
        let cfg = ServerConfig {
            local_pk: Some(other.clone()),
            ..pki.server()
        };
        build_error(&cfg, &["does not match", &shown(&other), &shown(&pki.cert)]);
    }
}

#[test]
fn build_weak_cert_names_the_file() {
    let pki = Pki::new();
    // A 1024-bit RSA key is below OpenSSL 3's default security level.
    let weak = PKey::from_rsa(Rsa::generate(1024).unwrap()).unwrap();
    let cert = issue("weak", Kind::Server, &["localhost"], &weak, None);
    let file = pki.dir.write("weak.pem", &pem_of(&cert, &weak));
    let e = build_error(
        &local_cert(&file),
        &["Unable to set local cert chain file", &shown(&file)],
    );
    assert!(e.ends_with("': ee key too small"), "{e}");
    // security_level 0 accepts it, as in PHP.
    build(&ServerConfig {
        security_level: Some(0),
        ..local_cert(&file)
    })
    .unwrap();
}

#[test]
fn build_cert_and_key_in_one_file() {
    let pki = Pki::new();
    let both = pki.leaf_file("both.pem", "both", &["localhost"]);
    let cfg = local_cert(&both);
    let ctx = build(&cfg).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "both");
    // The same file named twice works too.
    let cfg = ServerConfig {
        local_pk: Some(both),
        ..cfg
    };
    build(&cfg).unwrap();
}

#[test]
fn build_chain_file_adds_the_rest_as_extra_certs() {
    let pki = Pki::new();
    let (cert, key) = pki.leaf("chained", Kind::Server, &["localhost"]);
    let mut pem = cert.to_pem().unwrap();
    pem.extend(pki.ca_cert.to_pem().unwrap());
    pem.extend(key.private_key_to_pem_pkcs8().unwrap());
    let chain = pki.dir.write("chain.pem", &pem);
    let ctx = build(&local_cert(&chain)).unwrap();
    assert_eq!(cn_of(ctx.certificate().unwrap()), "chained");
    let extra: Vec<String> = ctx.extra_chain_certs().iter().map(cn_of).collect();
    assert_eq!(extra, ["rsock test CA"]);
    // A file with only a key has no certificate.
    let key_only = pki.dir.path("server.key");
    build_error(
        &local_cert(&key_only),
        &[&shown(&key_only), "no certificate found"],
    );
}

#[test]
fn build_rejects_bad_ciphers_curves_methods_and_dh() {
    let pki = Pki::new();
    build_error(
        &ServerConfig {
            ciphers: Some("NOT-A-CIPHER:ALSO-NOT".into()),
            ..pki.server()
        },
        &["Failed setting cipher list", "NOT-A-CIPHER"],
    );
    build_error(
        &ServerConfig {
            ciphersuites: Some("TLS_NOT_A_SUITE".into()),
            ..pki.server()
        },
        &["Failed setting ciphersuites"],
    );
    let e = build_error(
        &ServerConfig {
            ecdh_curve: Some("not-a-curve".into()),
            ..pki.server()
        },
        &[],
    );
    assert_eq!(e, "Invalid ecdh_curve specified");
    // No version bits: TLS 1.3 alone, as in PHP (not an error).
    build(&ServerConfig {
        method: method::SSLV2,
        ..pki.server()
    })
    .unwrap();
    // C strings, as PHP hands them to OpenSSL: a NUL ends the value, and
    // nothing here may panic (the openssl crate's &str APIs would).
    build(&ServerConfig {
        ciphers: Some("HIGH\0NOT-A-CIPHER".into()),
        ciphersuites: Some("TLS_AES_128_GCM_SHA256\0x".into()),
        ecdh_curve: Some("prime256v1\0x".into()),
        alpn_protocols: Some(b"h2\0x".to_vec()),
        ..pki.server()
    })
    .unwrap();
    let e = build_error(
        &ServerConfig {
            ciphers: Some("\0HIGH".into()),
            ..pki.server()
        },
        &[],
    );
    assert_eq!(e, "Failed setting cipher list `'");
    for cafile in [b"/no/such\0file".to_vec(), b"/no/\xff\xfe".to_vec()] {
        build_error(
            &ServerConfig {
                cafile: Some(cafile),
                ..pki.server()
            },
            &["Unable to set verify locations"],
        );
    }
    // A directory is only searched when a client certificate comes.
    build(&ServerConfig {
        capath: Some(b"/no/\xff\0dir".to_vec()),
        ..pki.server()
    })
    .unwrap();
    let dh = pki.dir.path("dh.pem");
    build_error(
        &ServerConfig {
            dh_param: Some(dh.clone()),
            ..pki.server()
        },
        &[&shown(&dh), "No such file or directory"],
    );
    let garbage = pki.dir.write("dh-garbage.pem", b"no params here");
    build_error(
        &ServerConfig {
            dh_param: Some(garbage.clone()),
            ..pki.server()
        },
        &["Invalid dh_param"],
    );
    // A path ends at a NUL byte, as PHP's C string does: the garbage file
    // is what is read, not a missing "…\0x".
    let mut with_nul = garbage.clone();
    with_nul.extend_from_slice(b"\0x");
    build_error(
        &ServerConfig {
            dh_param: Some(with_nul),
            ..pki.server()
        },
        &["Invalid dh_param"],
    );
    let cafile = pki.dir.path("no-ca.pem");
    build_error(
        &ServerConfig {
            cafile: Some(cafile.clone()),
            ..pki.server()
        },
        &["Unable to set verify locations", &shown(&cafile)],
    );
    // Good values of the same options build.
    build(&ServerConfig {
        ciphers: Some("ECDHE-ECDSA-AES128-GCM-SHA256".into()),
        ciphersuites: Some("TLS_AES_128_GCM_SHA256".into()),
        ecdh_curve: Some("prime256v1".into()),
        ..pki.server()
    })
    .unwrap();
}

/// The `SSL_CTX *` behind a context (a `...Ref` is the C pointer itself).
fn ptr(ctx: &SslContext) -> *const SslContextRef {
    &**ctx
}

#[test]
fn context_is_cached_until_a_file_changes() {
    let pki = Pki::new();
    let both = pki.leaf_file("cached.pem", "first", &["localhost"]);
    let cfg = local_cert(&both);
    let a = context(&cfg).unwrap();
    let b = context(&cfg.clone()).unwrap();
    assert_eq!(ptr(&a), ptr(&b), "same config, same files: cached");
    // A different configuration is a different context.
    let other = ServerConfig {
        alpn_protocols: Some(b"h2".to_vec()),
        ..cfg.clone()
    };
    let c = context(&other).unwrap();
    assert_ne!(ptr(&a), ptr(&c));
    assert_eq!(ptr(&context(&cfg).unwrap()), ptr(&a));
    // The certificate is replaced (another size and mtime): rebuilt, with
    // the new certificate.
    let before = std::fs::metadata(os_path(&both)).unwrap().len();
    pki.leaf_file("cached.pem", "second, renewed", &["localhost"]);
    assert_ne!(std::fs::metadata(os_path(&both)).unwrap().len(), before);
    let d = context(&cfg).unwrap();
    assert_ne!(ptr(&a), ptr(&d), "a replaced file must rebuild");
    assert_eq!(cn_of(a.certificate().unwrap()), "first");
    assert_eq!(cn_of(d.certificate().unwrap()), "second, renewed");
    assert_eq!(ptr(&context(&cfg).unwrap()), ptr(&d));
    // Only the last CACHE_SIZE configurations are kept: d (kept alive here,
    // so that its address cannot be reused) is built again after eight
    // others.
    for i in 0..CACHE_SIZE {
        let other = ServerConfig {
            alpn_protocols: Some(format!("p{i}").into_bytes()),
            ..cfg.clone()
        };
        context(&other).unwrap();
    }
    assert_ne!(ptr(&context(&cfg).unwrap()), ptr(&d), "evicted");
    // A file that went bad is an error, not the stale context.
    pki.dir.write("cached.pem", b"gone bad");
    assert!(context(&cfg).is_err());
}

#[test]
fn config_error_sentences_keep_file_and_reason_apart() {
    let e = ConfigError::Refused {
        file: TlsFile::PrivateKey,
        path: b"/k.pem".to_vec(),
        reason: "bad decrypt".into(),
    };
    assert_eq!(
        e.to_string(),
        "Unable to set private key file `/k.pem': bad decrypt"
    );
    let e = ConfigError::Unreadable {
        file: TlsFile::DhParam,
        path: b"/dh".to_vec(),
        reason: "No such file or directory".into(),
    };
    assert_eq!(
        e.to_string(),
        "Unable to read DH parameters file `/dh': No such file or directory"
    );
    let e = ConfigError::BadValue {
        setting: TlsSetting::Ciphersuites,
        value: "NOPE".into(),
    };
    assert_eq!(e.to_string(), "Failed setting ciphersuites `NOPE'");
    // The core error keeps the TLS error as its source.
    let core = crate::net::Error::from(e.clone());
    assert_eq!(core.to_string(), e.to_string());
    let source = std::error::Error::source(&core).expect("a source");
    assert_eq!(source.to_string(), e.to_string());
}
