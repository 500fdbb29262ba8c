//! The socket-activation protocol of `sd_listen_fds(3)`: `LISTEN_PID` is
//! the process the sockets are for, `LISTEN_FDS` how many there are
//! (descriptors 3, 4, …), `LISTEN_FDNAMES` their names, colon-separated
//! (each `unknown` when unset).

use std::{ffi::OsString, os::fd::RawFd, os::unix::ffi::OsStringExt};

use super::InheritError;

/// The first passed descriptor (`SD_LISTEN_FDS_START`).
pub const FIRST_FD: RawFd = 3;

/// The name systemd gives a socket without a `FileDescriptorName=`.
pub const UNNAMED: &[u8] = b"unknown";

/// The values of the `LISTEN_*` variables (`None`: unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListenEnv {
    /// `LISTEN_PID`
    pub pid: Option<Vec<u8>>,
    /// `LISTEN_FDS`
    pub fds: Option<Vec<u8>>,
    /// `LISTEN_FDNAMES`
    pub names: Option<Vec<u8>>,
}

fn number(var: &'static str, value: &[u8]) -> Result<u32, InheritError> {
    let bad = || InheritError::BadNumber(var, value.to_vec());
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(bad)
}

impl ListenEnv {
    /// The variables as the process's environment holds them now (a
    /// script's `putenv()` included).
    pub fn from_process() -> Self {
        let var = |name| std::env::var_os(name).map(OsString::into_vec);
        ListenEnv {
            pid: var("LISTEN_PID"),
            fds: var("LISTEN_FDS"),
            names: var("LISTEN_FDNAMES"),
        }
    }

    /// How many sockets were passed to the process `our_pid`: an error
    /// when none were (as `sd_listen_fds` returns 0 or fails).
    pub fn passed(&self, our_pid: u32) -> Result<usize, InheritError> {
        let fds = self
            .fds
            .as_deref()
            .ok_or(InheritError::NotPassed("LISTEN_FDS is not set"))?;
        let pid = self
            .pid
            .as_deref()
            .ok_or(InheritError::NotPassed("LISTEN_PID is not set"))?;
        let pid = number("LISTEN_PID", pid)?;
        if pid != our_pid {
            return Err(InheritError::OtherPid(pid, our_pid));
        }
        let n = number("LISTEN_FDS", fds)?;
        // Descriptor numbers are ints: 3 + n - 1 must fit.
        if n > (RawFd::MAX - FIRST_FD) as u32 {
            return Err(InheritError::BadNumber("LISTEN_FDS", fds.to_vec()));
        }
        if n == 0 {
            return Err(InheritError::NotPassed("LISTEN_FDS is 0"));
        }
        Ok(n as usize)
    }

    /// The names of the `count` passed sockets, in descriptor order.
    pub fn names(&self, count: usize) -> Result<Vec<Vec<u8>>, InheritError> {
        let Some(names) = self.names.as_deref() else {
            return Ok(vec![UNNAMED.to_vec(); count]);
        };
        let names: Vec<Vec<u8>> = names.split(|&c| c == b':').map(<[u8]>::to_vec).collect();
        if names.len() != count {
            return Err(InheritError::NameCount(names.len(), count));
        }
        Ok(names)
    }

    /// The descriptor of the first socket named `name` that `owned` says
    /// no stream has adopted yet.
    pub fn named(
        &self,
        our_pid: u32,
        name: &[u8],
        owned: impl Fn(RawFd) -> bool,
    ) -> Result<RawFd, InheritError> {
        let names = self.names(self.passed(our_pid)?)?;
        let mut fds = names
            .iter()
            .zip(FIRST_FD..)
            .filter(|(n, _)| n.as_slice() == name)
            .map(|(_, fd)| fd)
            .peekable();
        if fds.peek().is_none() {
            let mut have: Vec<Vec<u8>> = Vec::new();
            for n in names {
                if !have.contains(&n) {
                    have.push(n);
                }
            }
            return Err(InheritError::UnknownName(name.to_vec(), have));
        }
        fds.find(|&fd| !owned(fd))
            .ok_or_else(|| InheritError::NameInUse(name.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pid: Option<&str>, fds: Option<&str>, names: Option<&str>) -> ListenEnv {
        let b = |s: Option<&str>| s.map(|s| s.as_bytes().to_vec());
        ListenEnv {
            pid: b(pid),
            fds: b(fds),
            names: b(names),
        }
    }

    #[test]
    fn passed_counts() {
        assert_eq!(env(Some("42"), Some("2"), None).passed(42).unwrap(), 2);
        let text = |e: ListenEnv| e.passed(42).unwrap_err().to_string();
        assert_eq!(
            text(env(None, None, None)),
            "no sockets passed by systemd (LISTEN_FDS is not set)"
        );
        assert_eq!(
            text(env(None, Some("1"), None)),
            "no sockets passed by systemd (LISTEN_PID is not set)"
        );
        assert_eq!(
            text(env(Some("123"), Some("1"), None)),
            "LISTEN_PID is 123, not this process (42)"
        );
        assert_eq!(
            text(env(Some("42"), Some("0"), None)),
            "no sockets passed by systemd (LISTEN_FDS is 0)"
        );
        assert_eq!(
            text(env(Some("x"), Some("1"), None)),
            "LISTEN_PID is not a valid number: \"x\""
        );
        for bad in ["", "-1", "1x", " 1", "99999999999", "2147483645"] {
            assert!(
                matches!(
                    env(Some("42"), Some(bad), None).passed(42),
                    Err(InheritError::BadNumber("LISTEN_FDS", _))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_and_picking() {
        let e = env(Some("7"), Some("3"), Some("web:admin:web"));
        let none = |_| false;
        assert_eq!(e.named(7, b"web", none).unwrap(), 3);
        assert_eq!(e.named(7, b"admin", none).unwrap(), 4);
        // The first one of that name nobody has adopted yet.
        assert_eq!(e.named(7, b"web", |fd| fd == 3).unwrap(), 5);
        assert_eq!(
            e.named(7, b"web", |_| true).unwrap_err().to_string(),
            "every socket named \"web\" is already owned by another stream"
        );
        assert_eq!(
            e.named(7, b"api", none).unwrap_err().to_string(),
            "no socket named \"api\" in LISTEN_FDNAMES (have: web, admin)"
        );
        // Unset names are all "unknown".
        let e = env(Some("7"), Some("2"), None);
        assert_eq!(e.names(2).unwrap(), vec![b"unknown".to_vec(); 2]);
        assert_eq!(e.named(7, b"unknown", none).unwrap(), 3);
        assert_eq!(
            env(Some("7"), Some("2"), Some("a"))
                .named(7, b"a", none)
                .unwrap_err()
                .to_string(),
            "LISTEN_FDNAMES has 1 names for the 2 sockets of LISTEN_FDS"
        );
        assert!(matches!(
            env(Some("8"), Some("1"), Some("a")).named(7, b"a", none),
            Err(InheritError::OtherPid(8, 7))
        ));
    }
}
