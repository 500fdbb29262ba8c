//! The tests' certificate factory: a CA, server and client certificates
//! and keys generated per test into a temporary directory, and the
//! configurations and helpers built on them.

use super::*;

/// A fresh directory, removed (with its contents) on drop.
pub(super) struct TempDir(pub(super) PathBuf);

impl TempDir {
    pub(super) fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "rsock-tls-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir(&p).unwrap();
        TempDir(p)
    }

    /// Writes `data` to `name` in the directory; returns the path's bytes.
    pub(super) fn write(&self, name: &str, data: &[u8]) -> Vec<u8> {
        let p = self.0.join(name);
        std::fs::write(&p, data).unwrap();
        p.into_os_string().into_vec()
    }

    /// The path of `name` in the directory (which may not exist).
    pub(super) fn path(&self, name: &str) -> Vec<u8> {
        self.0.join(name).into_os_string().into_vec()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn ec_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Ca,
    Server,
    Client,
}

/// A certificate for `key` named `cn` with the given SANs (DNS names or IP
/// addresses), signed by `issuer` (self-signed without one).
pub(super) fn issue(
    cn: &str,
    kind: Kind,
    sans: &[&str],
    key: &PKey<Private>,
    issuer: Option<(&X509, &PKey<Private>)>,
) -> X509 {
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap();
    let name = name.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    let mut serial = BigNum::new().unwrap();
    serial.rand(64, MsbOption::MAYBE_ZERO, false).unwrap();
    b.set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(issuer.map_or(&name, |(c, _)| c.subject_name()))
        .unwrap();
    b.set_pubkey(key).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    b.set_not_before(&Asn1Time::from_unix(now - 3600).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(now + 30 * 86400).unwrap())
        .unwrap();
    if kind == Kind::Ca {
        b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
            .unwrap();
        b.append_extension(
            KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build()
                .unwrap(),
        )
        .unwrap();
    } else {
        b.append_extension(BasicConstraints::new().build().unwrap())
            .unwrap();
    }
    // A self-signed leaf without keyCertSign would not count as
    // self-signed (OpenSSL checks that the issuer may sign): leave key
    // usage out of it, as `openssl req -x509` does.
    if kind != Kind::Ca && issuer.is_some() {
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .key_encipherment()
                .build()
                .unwrap(),
        )
        .unwrap();
    }
    if kind != Kind::Ca {
        let mut eku = ExtendedKeyUsage::new();
        if kind == Kind::Server {
            eku.server_auth();
        } else {
            eku.client_auth();
        }
        b.append_extension(eku.build().unwrap()).unwrap();
    }
    let issuer_cert = issuer.map(|(c, _)| &**c);
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(issuer_cert, None))
        .unwrap();
    b.append_extension(ski).unwrap();
    if issuer.is_some() {
        let aki = AuthorityKeyIdentifier::new()
            .keyid(false)
            .build(&b.x509v3_context(issuer_cert, None))
            .unwrap();
        b.append_extension(aki).unwrap();
    }
    if !sans.is_empty() {
        let mut san = SubjectAlternativeName::new();
        for s in sans {
            if s.parse::<IpAddr>().is_ok() {
                san.ip(s);
            } else {
                san.dns(s);
            }
        }
        let san = san.build(&b.x509v3_context(issuer_cert, None)).unwrap();
        b.append_extension(san).unwrap();
    }
    b.sign(issuer.map_or(key, |(_, k)| k), MessageDigest::sha256())
        .unwrap();
    b.build()
}

pub(super) fn cn_of(cert: &openssl::x509::X509Ref) -> String {
    let e = cert
        .subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .next()
        .unwrap();
    String::from_utf8(e.data().as_slice().to_vec()).unwrap()
}

pub(super) fn pem_of(cert: &X509, key: &PKey<Private>) -> Vec<u8> {
    let mut pem = cert.to_pem().unwrap();
    pem.extend(key.private_key_to_pem_pkcs8().unwrap());
    pem
}

/// A CA, a server certificate (CN localhost) it signed, and a client
/// certificate it signed, with the files a server configuration names.
pub(super) struct Pki {
    pub(super) dir: TempDir,
    pub(super) ca_cert: X509,
    pub(super) ca_key: PKey<Private>,
    /// CA certificate file.
    pub(super) ca: Vec<u8>,
    /// Server certificate file (alone).
    pub(super) cert: Vec<u8>,
    /// Server key file (alone, unencrypted).
    pub(super) key: Vec<u8>,
    pub(super) server_key: PKey<Private>,
    pub(super) client_cert: X509,
    pub(super) client_key: PKey<Private>,
}

impl Pki {
    pub(super) fn new() -> Self {
        let dir = TempDir::new();
        let ca_key = ec_key();
        let ca_cert = issue("rsock test CA", Kind::Ca, &[], &ca_key, None);
        let server_key = ec_key();
        let server = issue(
            "localhost",
            Kind::Server,
            &["localhost", "127.0.0.1"],
            &server_key,
            Some((&ca_cert, &ca_key)),
        );
        let client_key = ec_key();
        let client_cert = issue(
            "rsock client",
            Kind::Client,
            &[],
            &client_key,
            Some((&ca_cert, &ca_key)),
        );
        Pki {
            ca: dir.write("ca.pem", &ca_cert.to_pem().unwrap()),
            cert: dir.write("server.crt", &server.to_pem().unwrap()),
            key: dir.write(
                "server.key",
                &server_key.private_key_to_pem_pkcs8().unwrap(),
            ),
            dir,
            ca_cert,
            ca_key,
            server_key,
            client_cert,
            client_key,
        }
    }

    /// A new key and a certificate for it signed by the CA.
    pub(super) fn leaf(&self, cn: &str, kind: Kind, sans: &[&str]) -> (X509, PKey<Private>) {
        let key = ec_key();
        let cert = issue(cn, kind, sans, &key, Some((&self.ca_cert, &self.ca_key)));
        (cert, key)
    }

    /// A new key and a certificate for it signed by the CA, written
    /// together (certificate first) to `name` in the directory; returns the
    /// path.
    pub(super) fn leaf_file(&self, name: &str, cn: &str, sans: &[&str]) -> Vec<u8> {
        let (cert, key) = self.leaf(cn, Kind::Server, sans);
        self.dir.write(name, &pem_of(&cert, &key))
    }

    /// A server configuration with the server certificate and key files.
    pub(super) fn server(&self) -> ServerConfig {
        ServerConfig {
            local_cert: Some(self.cert.clone()),
            local_pk: Some(self.key.clone()),
            ..ServerConfig::default()
        }
    }

    /// A client that trusts the CA (and checks the host name it connects to).
    pub(super) fn client(&self) -> SslConnectorBuilder {
        let mut b = SslConnector::builder(SslMethod::tls_client()).unwrap();
        b.set_ca_file(os_path(&self.ca)).unwrap();
        b
    }
}

/// A configuration with `file` as local_cert and nothing else (the key is
/// looked for in the same file).
pub(super) fn local_cert(file: &[u8]) -> ServerConfig {
    ServerConfig {
        local_cert: Some(file.to_vec()),
        ..ServerConfig::default()
    }
}

/// Builds `cfg`, which must fail with a message that contains each of
/// `parts`; returns the message.
pub(super) fn build_error(cfg: &ServerConfig, parts: &[&str]) -> String {
    let e = build(cfg).unwrap_err().to_string();
    for part in parts {
        assert!(e.contains(part), "{e:?} does not contain {part:?}");
    }
    e
}
