//! Inherited listening sockets: `systemd://`, `systemd://NAME` and `fd://N`.
//!
//! A process may start with its listeners already open: passed by systemd
//! (socket activation, [`listen_fds`]) or by the previous generation of the
//! same server during a restart ([`handoff`]). Adopting one means finding
//! its descriptor ([`Source::descriptor`]), reading what it is
//! ([`inspect`]: the transport comes from the socket itself) and taking
//! ownership of it ([`claim`]): one stream owns an adopted descriptor until
//! it closes it, and a second adoption of the same descriptor is refused
//! meanwhile (a copy would keep the listener open after the first stream's
//! `fclose()`, and two owners would close it under each other).

pub mod handoff;
pub mod inspect;
pub mod listen_fds;

use std::{collections::BTreeSet, fmt, io, os::fd::RawFd, sync::Mutex};

pub use inspect::inspect;
pub use listen_fds::ListenEnv;

/// The schemes of inherited sockets.
pub const SCHEMES: [&str; 2] = ["systemd", "fd"];

/// Where the descriptor to adopt comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `systemd://`: the first socket systemd passed.
    SystemdFirst,
    /// `systemd://NAME`: the socket named NAME in `LISTEN_FDNAMES`.
    SystemdNamed(Vec<u8>),
    /// `fd://N`: descriptor N.
    Fd(RawFd),
}

impl Source {
    /// The source an address names, if its scheme is one of [`SCHEMES`]
    /// (`None` for any other scheme); an error for a malformed `fd://`.
    pub fn parse(scheme: &[u8], rest: &[u8]) -> Option<Result<Source, InheritError>> {
        match scheme {
            b"systemd" if rest.is_empty() => Some(Ok(Source::SystemdFirst)),
            b"systemd" => Some(Ok(Source::SystemdNamed(rest.to_vec()))),
            b"fd" => Some(parse_fd(rest).map(Source::Fd)),
            _ => None,
        }
    }

    /// The descriptor this source names, given the process's `LISTEN_*`
    /// variables. `owned` tells whether a descriptor is already adopted:
    /// `systemd://NAME` takes the first socket of that name that is not.
    pub fn descriptor(
        &self,
        env: &ListenEnv,
        our_pid: u32,
        owned: impl Fn(RawFd) -> bool,
    ) -> Result<RawFd, InheritError> {
        match self {
            Source::Fd(fd) => Ok(*fd),
            Source::SystemdFirst => {
                env.passed(our_pid)?;
                Ok(listen_fds::FIRST_FD)
            }
            Source::SystemdNamed(name) => env.named(our_pid, name, owned),
        }
    }
}

/// A descriptor number as `fd://` takes it: decimal digits only, no sign,
/// no spaces, no suffix, within `int`.
fn parse_fd(text: &[u8]) -> Result<RawFd, InheritError> {
    let bad = || InheritError::BadDescriptor(text.to_vec());
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse::<RawFd>().ok())
        .ok_or_else(bad)
}

/// PHP opens descriptors by number (`php://fd/N`) only in the command-line
/// SAPI; `fd://` and `systemd://` follow the same rule, so a script served
/// by a web SAPI cannot take over a descriptor of its server process.
pub fn allowed_in_sapi(sapi_name: &[u8]) -> bool {
    sapi_name == b"cli"
}

/// Why a descriptor cannot be adopted (texts for `$error_message`).
#[derive(Debug)]
pub enum InheritError {
    /// `fd://` not followed by a descriptor number.
    BadDescriptor(Vec<u8>),
    /// `fstat` failed (normally `EBADF`: not open).
    NotOpen(RawFd, io::Error),
    /// Open, but not a socket.
    NotSocket(RawFd),
    /// A socket of a family rsock does not serve.
    Family(RawFd, i32),
    /// A socket of a type rsock does not serve (seqpacket, raw).
    Type(RawFd, i32),
    /// An inet socket of another protocol than tcp/udp (sctp).
    Protocol(RawFd, i32),
    /// A stream socket that is not listening.
    NotListening(RawFd),
    /// A datagram socket that is not bound to an address.
    NotBound(RawFd),
    /// A socket option or address could not be read.
    Inspect(RawFd, io::Error),
    /// Another stream already owns the descriptor.
    InUse(RawFd),
    /// Every socket of that name is already adopted.
    NameInUse(Vec<u8>),
    /// No sockets were passed: the reason (`LISTEN_FDS is not set`, ...).
    NotPassed(&'static str),
    /// A `LISTEN_*` variable does not hold a valid number.
    BadNumber(&'static str, Vec<u8>),
    /// `LISTEN_PID` names another process.
    OtherPid(u32, u32),
    /// `LISTEN_FDNAMES` has another count of names than `LISTEN_FDS`.
    NameCount(usize, usize),
    /// No socket of that name.
    UnknownName(Vec<u8>, Vec<Vec<u8>>),
    /// A script served by a web SAPI asked for a descriptor.
    Sapi(Vec<u8>),
}

impl InheritError {
    /// The errno behind this error, where an OS call failed.
    pub fn raw_os_error(&self) -> Option<i32> {
        match self {
            InheritError::NotOpen(_, e) | InheritError::Inspect(_, e) => e.raw_os_error(),
            _ => None,
        }
    }
}

impl fmt::Display for InheritError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            InheritError::BadDescriptor(t) => write!(
                f,
                "invalid descriptor \"{}\" (expected fd://N, N a descriptor number)",
                text(t)
            ),
            InheritError::NotOpen(fd, e) => {
                write!(f, "descriptor {fd} is not open ({})", os_text(e))
            }
            InheritError::NotSocket(fd) => write!(f, "descriptor {fd} is not a socket"),
            InheritError::Family(fd, d) => write!(
                f,
                "descriptor {fd} is a socket of address family {d} (rsock serves inet, inet6 and unix)"
            ),
            InheritError::Type(fd, t) => write!(
                f,
                "descriptor {fd} is a socket of type {t}, neither a stream nor a datagram socket"
            ),
            InheritError::Protocol(fd, p) => write!(
                f,
                "descriptor {fd} is an inet socket of protocol {p}, neither tcp nor udp"
            ),
            InheritError::NotListening(fd) => {
                write!(
                    f,
                    "descriptor {fd} is a stream socket that is not listening"
                )
            }
            InheritError::NotBound(fd) => {
                write!(f, "descriptor {fd} is a datagram socket that is not bound")
            }
            InheritError::Inspect(fd, e) => write!(f, "descriptor {fd}: {}", os_text(e)),
            InheritError::InUse(fd) => {
                write!(f, "descriptor {fd} is already owned by another stream")
            }
            InheritError::NameInUse(n) => write!(
                f,
                "every socket named \"{}\" is already owned by another stream",
                text(n)
            ),
            InheritError::NotPassed(var) => {
                write!(f, "no sockets passed by systemd ({var})")
            }
            InheritError::BadNumber(var, v) => {
                write!(f, "{var} is not a valid number: \"{}\"", text(v))
            }
            InheritError::OtherPid(theirs, ours) => {
                write!(f, "LISTEN_PID is {theirs}, not this process ({ours})")
            }
            InheritError::NameCount(names, fds) => write!(
                f,
                "LISTEN_FDNAMES has {names} names for the {fds} sockets of LISTEN_FDS"
            ),
            InheritError::UnknownName(n, have) => {
                let have: Vec<_> = have.iter().map(|h| text(h)).collect();
                write!(
                    f,
                    "no socket named \"{}\" in LISTEN_FDNAMES (have: {})",
                    text(n),
                    have.join(", ")
                )
            }
            InheritError::Sapi(name) => write!(
                f,
                "inherited descriptors are only available from command-line PHP (this is {})",
                text(name)
            ),
        }
    }
}

impl std::error::Error for InheritError {}

/// An OS error as PHP words it: `strerror`'s text alone.
fn os_text(e: &io::Error) -> String {
    e.raw_os_error()
        .map_or_else(|| e.to_string(), crate::net::sys::strerror)
}

/// Descriptors adopted by a live stream, process-wide (descriptors are).
static CLAIMED: Mutex<BTreeSet<RawFd>> = Mutex::new(BTreeSet::new());

fn claimed() -> std::sync::MutexGuard<'static, BTreeSet<RawFd>> {
    CLAIMED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a stream has adopted `fd` and not closed it yet.
pub fn is_claimed(fd: RawFd) -> bool {
    claimed().contains(&fd)
}

/// Records that a stream adopts `fd`; refused if one already has.
pub fn claim(fd: RawFd) -> Result<(), InheritError> {
    if claimed().insert(fd) {
        Ok(())
    } else {
        Err(InheritError::InUse(fd))
    }
}

/// The adopting stream closed (or gave up) `fd`.
pub fn release(fd: RawFd) {
    claimed().remove(&fd);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        let p = |s: &str, r: &str| Source::parse(s.as_bytes(), r.as_bytes());
        assert_eq!(p("systemd", "").unwrap().unwrap(), Source::SystemdFirst);
        assert_eq!(
            p("systemd", "web").unwrap().unwrap(),
            Source::SystemdNamed(b"web".to_vec())
        );
        assert_eq!(p("fd", "3").unwrap().unwrap(), Source::Fd(3));
        assert_eq!(p("fd", "0").unwrap().unwrap(), Source::Fd(0));
        assert!(p("tcp", "1.2.3.4:5").is_none());
        assert!(
            p("Fd", "3").is_none(),
            "schemes are case-sensitive, as PHP's"
        );
        for bad in [
            "",
            "-1",
            "abc",
            "3x",
            " 3",
            "+3",
            "3 ",
            "99999999999",
            "0x3",
        ] {
            let e = p("fd", bad).unwrap().unwrap_err();
            assert!(matches!(e, InheritError::BadDescriptor(_)), "{bad}");
            assert_eq!(e.raw_os_error(), None);
        }
        assert_eq!(
            p("fd", "abc").unwrap().unwrap_err().to_string(),
            "invalid descriptor \"abc\" (expected fd://N, N a descriptor number)"
        );
    }

    #[test]
    fn only_the_cli_sapi() {
        assert!(allowed_in_sapi(b"cli"));
        for web in [
            &b"cli-server"[..],
            b"fpm-fcgi",
            b"apache2handler",
            b"cgi-fcgi",
            b"",
        ] {
            assert!(!allowed_in_sapi(web));
        }
        assert_eq!(
            InheritError::Sapi(b"fpm-fcgi".to_vec()).to_string(),
            "inherited descriptors are only available from command-line PHP (this is fpm-fcgi)"
        );
    }

    #[test]
    fn claims() {
        // A number no other test uses.
        let fd = 100_001;
        assert!(!is_claimed(fd));
        claim(fd).unwrap();
        assert!(is_claimed(fd));
        let e = claim(fd).unwrap_err();
        assert_eq!(
            e.to_string(),
            "descriptor 100001 is already owned by another stream"
        );
        release(fd);
        claim(fd).unwrap();
        release(fd);
        assert!(!is_claimed(fd));
    }
}
