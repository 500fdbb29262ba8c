//! A `unix://` / `udg://` path through the core: `parse_unix`, then the
//! `sockaddr_un` it is bound with (`sys::unix_sockaddr`), then the text
//! `addr::text` shows for the address the kernel reports back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsock::net::{
    addr,
    endpoint::{UNIX_ABSTRACT_MAX, UNIX_PATH_MAX, parse_unix},
    sys,
};

/// Where `sun_path` starts in `sockaddr_un`.
const PATH_OFFSET: usize = std::mem::offset_of!(libc::sockaddr_un, sun_path);

fuzz_target!(|name: &[u8]| {
    let p = parse_unix(name);
    let max = if name.first() == Some(&0) {
        UNIX_ABSTRACT_MAX
    } else {
        UNIX_PATH_MAX
    };
    assert_eq!(p.max_len(), max);
    assert_eq!(p.truncated, name.len() > max);
    assert_eq!(p.bytes, &name[..name.len().min(max)]);

    // What bind(2) gets: always fits `sun_path` (108 bytes); no NUL added.
    let sa = sys::unix_sockaddr(&p.bytes).expect("a parsed path always fits");
    assert_eq!(sa.len() as usize, PATH_OFFSET + p.bytes.len());
    assert!(sa.is_unix());

    // What the kernel reports back for the bound socket, and its text.
    match p.bytes.first() {
        None => {
            // Unnamed (Linux autobinds such a socket to an abstract name).
            assert_eq!(addr::text(&sa), b"");
        }
        Some(0) => {
            // Abstract: the kernel reports the name as bound, NUL included,
            // and PHP shows it with the leading NUL.
            assert_eq!(addr::text(&sa), p.bytes);
        }
        Some(_) => {
            // Pathname: the kernel stops at the first NUL and reports the
            // path with its terminator.
            let end = p
                .bytes
                .iter()
                .position(|&c| c == 0)
                .unwrap_or(p.bytes.len());
            let mut reported = p.bytes[..end].to_vec();
            reported.push(0);
            let sa = sys::unix_sockaddr(&reported).expect("fits sun_path");
            assert_eq!(addr::text(&sa), &p.bytes[..end]);
        }
    }
});
