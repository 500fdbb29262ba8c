//! Handing listeners to a new process (the restart recipe): the sockets
//! are copied to descriptors 3, 4, … with close-on-exec clear on those
//! copies only, and the new process finds them through the `LISTEN_*`
//! variables, as if systemd had passed them. Meant for a forked child
//! right before it execs the new program: the copies replace whatever the
//! child had at those numbers.

use std::{io, os::fd::RawFd};

use super::listen_fds::FIRST_FD;
use crate::net::sys;

/// The longest name systemd accepts (`FileDescriptorName=`).
pub const NAME_MAX: usize = 255;

/// Whether `name` can be a socket's name in `LISTEN_FDNAMES`, as systemd
/// checks it: 1 to 255 printable ASCII characters, no `:` (the
/// separator). The reason when not.
pub fn check_name(name: &[u8]) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if name.len() > NAME_MAX {
        return Err("is longer than 255 bytes");
    }
    if name.contains(&b':') {
        return Err("contains \":\"");
    }
    if !name.iter().all(|c| (b' '..=b'~').contains(c)) {
        return Err("contains a byte that is not printable ASCII");
    }
    Ok(())
}

/// Copies `fds` to descriptors `first`, `first + 1`, … (replacing what
/// those were), with close-on-exec clear on the copies only. Each source
/// is first copied above the target range, so a source that sits on a
/// target number is read before that number is replaced; `fds` themselves
/// stay open and unchanged.
pub fn place_at(fds: &[RawFd], first: RawFd) -> io::Result<()> {
    let n = RawFd::try_from(fds.len()).map_err(|_| io::Error::from_raw_os_error(libc::EMFILE))?;
    let above = first
        .checked_add(n)
        .ok_or_else(|| io::Error::from_raw_os_error(libc::EMFILE))?;
    // Every temporary first: a failure here has replaced nothing.
    let temps = fds
        .iter()
        .map(|&fd| sys::dup_at_least(fd, above))
        .collect::<io::Result<Vec<_>>>()?;
    for (temp, target) in temps.iter().zip(first..) {
        sys::dup_onto(std::os::fd::AsRawFd::as_raw_fd(temp), target)?;
    }
    Ok(())
}

/// [`place_at`] descriptor 3, where `sd_listen_fds` looks.
pub fn place(fds: &[RawFd]) -> io::Result<()> {
    place_at(fds, FIRST_FD)
}

/// The variables the new process needs: `LISTEN_FDS`, `LISTEN_PID` (the
/// pid that execs, which the new program keeps) and `LISTEN_FDNAMES`.
pub fn environment(pid: u32, names: &[Vec<u8>]) -> [(&'static str, Vec<u8>); 3] {
    [
        ("LISTEN_FDS", names.len().to_string().into_bytes()),
        ("LISTEN_PID", pid.to_string().into_bytes()),
        ("LISTEN_FDNAMES", names.join(&b':')),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::{Transport, inherit::inspect};
    use socket2::{Domain, SockAddr, Socket, Type};
    use std::{
        net::SocketAddr,
        os::fd::{AsRawFd, FromRawFd, OwnedFd},
    };

    #[test]
    fn names() {
        assert!(check_name(b"web").is_ok());
        assert!(check_name(b"unknown").is_ok());
        assert!(check_name(&[b'a'; 255]).is_ok());
        assert_eq!(check_name(b""), Err("is empty"));
        assert_eq!(check_name(&[b'a'; 256]), Err("is longer than 255 bytes"));
        assert_eq!(check_name(b"a:b"), Err("contains \":\""));
        assert!(check_name(b"a\nb").is_err());
        assert!(check_name("é".as_bytes()).is_err());
    }

    #[test]
    fn env_values() {
        let env = environment(42, &[b"web".to_vec(), b"admin".to_vec()]);
        assert_eq!(env[0], ("LISTEN_FDS", b"2".to_vec()));
        assert_eq!(env[1], ("LISTEN_PID", b"42".to_vec()));
        assert_eq!(env[2], ("LISTEN_FDNAMES", b"web:admin".to_vec()));
    }

    fn port_of(fd: RawFd) -> u16 {
        sys::socket_name(fd, false)
            .unwrap()
            .as_socket()
            .unwrap()
            .port()
    }

    #[test]
    fn placed_copies_are_inheritable_and_sources_untouched() {
        // Numbers far above what the parallel tests use.
        let first = 700;
        let mk = || {
            let s = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            s.bind(&SockAddr::from(SocketAddr::from(([127, 0, 0, 1], 0))))
                .unwrap();
            s.listen(1).unwrap();
            s
        };
        let (a, b) = (mk(), mk());
        // The second source sits on the first target number.
        sys::dup_onto(b.as_raw_fd(), first).unwrap();
        // SAFETY: `first` was just made a copy of `b` that nothing owns.
        let b_at_first = unsafe { OwnedFd::from_raw_fd(first) };
        sys::set_cloexec(first, true).unwrap();
        let (pa, pb) = (port_of(a.as_raw_fd()), port_of(first));
        place_at(&[a.as_raw_fd(), first], first).unwrap();
        assert_eq!(port_of(first), pa);
        assert_eq!(port_of(first + 1), pb);
        for fd in [first, first + 1] {
            assert!(!sys::is_cloexec(fd).unwrap());
            assert_eq!(inspect(fd).unwrap(), Transport::Tcp);
        }
        assert!(sys::is_cloexec(a.as_raw_fd()).unwrap());
        assert_eq!(port_of(a.as_raw_fd()), pa);
        // `first` now holds a's copy: close what the test made.
        drop(b_at_first);
        sys::close(first + 1);
        // A failing source replaces nothing.
        sys::dup_onto(a.as_raw_fd(), first).unwrap();
        assert!(place_at(&[-1], first).is_err());
        assert_eq!(port_of(first), pa);
        sys::close(first);
    }
}
