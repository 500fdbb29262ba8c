//! SNI: `sni_matches(host, name)`, an `SNI_server_certs` key against the
//! name a client sent (both lower-cased by the caller, as the servername
//! callback does). Input: the host, a `\n`, then the name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsock::net::tls::sni_matches;

/// The rule, stated on bytes: `*.suffix` covers exactly one non-empty label
/// (no dot) in front of `.suffix`; any other host covers only itself.
fn expected(host: &str, name: &str) -> bool {
    let (h, n) = (host.as_bytes(), name.as_bytes());
    if h.len() >= 2 && &h[..2] == b"*." {
        let suffix = &h[2..];
        if n.len() < suffix.len() + 2 || !n.ends_with(suffix) {
            return false;
        }
        let head = &n[..n.len() - suffix.len()];
        let label = &head[..head.len() - 1];
        head[head.len() - 1] == b'.' && !label.is_empty() && !label.contains(&b'.')
    } else {
        h == n
    }
}

fn check(host: &str, name: &str) {
    let m = sni_matches(host, name);
    assert_eq!(m, expected(host, name), "sni_matches({host:?}, {name:?})");
    // Every host matches itself (a wildcard host too: `*` is a label).
    assert!(sni_matches(host, host));
    if !host.starts_with("*.") {
        // A plain host matches only itself.
        assert_eq!(m, host == name);
    } else {
        let suffix = &host[2..];
        // Never the bare suffix, never two labels deep.
        assert!(!sni_matches(host, suffix));
        if m {
            assert!(!sni_matches(host, &format!("x.{name}")));
            assert!(name.len() > suffix.len() + 1);
        }
        // Any one-label name in front of the suffix matches.
        assert!(sni_matches(host, &format!("www.{suffix}")));
    }
}

fuzz_target!(|data: &[u8]| {
    let (host, name) = match data.iter().position(|&c| c == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let host = String::from_utf8_lossy(host);
    let name = String::from_utf8_lossy(name);
    check(&host, &name);
    // As the servername callback calls it: both sides lower-cased, so the
    // match ignores ASCII case, and equal names always match.
    let (h, n) = (host.to_ascii_lowercase(), name.to_ascii_lowercase());
    check(&h, &n);
    assert_eq!(
        sni_matches(&h, &n),
        sni_matches(&h, &name.to_ascii_uppercase().to_ascii_lowercase())
    );
    assert!(sni_matches(&n, &n));
});
