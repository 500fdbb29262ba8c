//! ALPN: `alpn_wire` (the `alpn_protocols` context option, comma separated,
//! to length-prefixed wire format) and `alpn_select` (the server's choice
//! among the protocols a client offers, as the OpenSSL callback returns it).
//!
//! Input: the server's comma list, a `\n`, then the client's bytes, used
//! both as a raw (possibly malformed) wire list and as a comma list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsock::net::tls::{alpn_select, alpn_wire};

/// The entries of a wire list, each with its offset, up to the first one
/// that does not fit (an index walk, independent of the code under test).
fn entries(wire: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < wire.len() {
        let len = wire[i] as usize;
        let start = i + 1;
        if start + len > wire.len() {
            break;
        }
        out.push((start, &wire[start..start + len]));
        i = start + len;
    }
    out
}

fn check_wire(list: &[u8]) -> Vec<u8> {
    let wire = alpn_wire(list);
    // Read as a C string: up to the first NUL.
    let c_str = list.split(|&c| c == 0).next().unwrap_or_default();
    let names: Vec<&[u8]> = c_str
        .split(|&c| c == b',')
        .filter(|n| (1..=255).contains(&n.len()))
        .collect();
    let got = entries(&wire);
    // Well formed: the entries use up the whole wire list.
    let used: usize = got.iter().map(|(_, n)| 1 + n.len()).sum();
    assert_eq!(used, wire.len());
    let got: Vec<&[u8]> = got.into_iter().map(|(_, n)| n).collect();
    assert_eq!(got, names, "the non-empty names under 256 bytes, in order");
    assert!(got.iter().all(|n| !n.contains(&b',') && !n.contains(&0)));
    // Joining the names again gives the same wire list.
    assert_eq!(alpn_wire(&names.join(&b","[..])), wire);
    // A list picks its own first name.
    let own = alpn_select(&wire, &wire);
    assert_eq!(own, names.first().copied());
    if let Some(sel) = own {
        assert_eq!(sel.as_ptr(), wire[1..].as_ptr());
    }
    wire
}

fn check_select(server: &[u8], client: &[u8]) {
    let picked = alpn_select(server, client);
    let offered = entries(client);
    // The server's preference order decides; the first offer of it is taken.
    let want = entries(server)
        .into_iter()
        .find_map(|(_, s)| offered.iter().find(|(_, c)| *c == s).copied());
    match (picked, want) {
        (None, None) => {}
        (Some(sel), Some((at, name))) => {
            assert_eq!(sel, name);
            // A slice of the client's list, right after its length byte.
            let base = client.as_ptr() as usize;
            let p = sel.as_ptr() as usize;
            assert_eq!(p, base + at, "the offered entry itself");
            assert!(at >= 1 && at + sel.len() <= client.len());
            assert_eq!(client[at - 1] as usize, sel.len());
            // One of the server's names.
            assert!(entries(server).iter().any(|(_, s)| *s == sel));
        }
        _ => panic!("alpn_select({server:?}, {client:?}) = {picked:?}, want {want:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let (server_list, client) = match data.iter().position(|&c| c == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let server = check_wire(server_list);
    let client_wire = check_wire(client);

    check_select(&server, client);
    check_select(&server, &client_wire);
    // Malformed lists on the server side too.
    check_select(server_list, client);

    // A name both lists hold is always agreed on (never NOACK).
    let names = |w: &[u8]| {
        entries(w)
            .into_iter()
            .map(|(_, n)| n.to_vec())
            .collect::<Vec<_>>()
    };
    let (s, c) = (names(&server), names(&client_wire));
    if s.iter().any(|n| c.contains(n)) {
        let sel = alpn_select(&server, &client_wire).expect("a shared name");
        assert!(!sel.is_empty() && sel.len() < 256);
    }
});
