//! The names a TLS handshake matches: ALPN protocol lists (PHP's
//! comma-separated form and the wire format) and `SNI_server_certs` hosts.

/// `h2,http/1.1` in ALPN's wire format (length-prefixed names).
pub fn alpn_wire(list: &[u8]) -> Vec<u8> {
    // Read as a C string, as PHP does.
    let list = crate::net::until_nul(list);
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
