//! The core's `unsafe` for sockets: thin wrappers over the libc calls
//! socket2 does not offer for a borrowed descriptor (libc only; the few
//! libssl calls live in `tls::ffi`). Every call goes through `syscall!`,
//! which turns `-1` into the current `errno`.

use std::{
    ffi::{CStr, CString},
    io,
    mem::{self, MaybeUninit},
    net::SocketAddr,
    os::fd::{FromRawFd, OwnedFd, RawFd},
    time::Duration,
};

use socket2::SockAddr;

macro_rules! syscall {
    ($fn:ident ( $($arg:expr),* $(,)? )) => {{
        // SAFETY: each caller passes a descriptor and buffers valid for the
        // call (checked at the call site); the kernel validates the rest.
        #[allow(unused_unsafe)]
        let res = unsafe { libc::$fn($($arg),*) };
        if res == -1 { Err(io::Error::last_os_error()) } else { Ok(res) }
    }};
}

/// Readiness to wait for.
#[derive(Debug, Clone, Copy)]
pub enum Interest {
    /// `POLLIN | POLLERR | POLLHUP` (PHP's `PHP_POLLREADABLE`).
    Read,
    /// `POLLIN | POLLPRI | POLLERR | POLLHUP` (PHP's liveness check).
    ReadOrUrgent,
    /// `POLLOUT`
    Write,
}

/// One `poll(2)` on `fd`; `None` waits forever. Returns the `revents`
/// (0 on timeout). An interrupted wait is an `Interrupted` error: the
/// caller decides whether to resume (PHP resumes reads and writes, not
/// accepts).
pub fn poll(fd: RawFd, interest: Interest, timeout: Option<Duration>) -> io::Result<i16> {
    let events = match interest {
        Interest::Read => libc::POLLIN | libc::POLLERR | libc::POLLHUP,
        Interest::ReadOrUrgent => libc::POLLIN | libc::POLLPRI | libc::POLLERR | libc::POLLHUP,
        Interest::Write => libc::POLLOUT,
    };
    // Round up so that a sub-millisecond wait still waits.
    let ms = timeout.map_or(-1, |t| {
        i32::try_from(t.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
    });
    let mut pfd = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    syscall!(poll(&mut pfd, 1, ms))?;
    Ok(pfd.revents)
}

/// `accept4(SOCK_CLOEXEC)`: the new descriptor and the peer address.
pub fn accept(fd: RawFd) -> io::Result<(OwnedFd, SockAddr)> {
    // SAFETY: `SockAddr::try_init` hands a zeroed storage of the right size
    // and its length; `accept4` writes at most that many bytes.
    let (res, addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            syscall!(accept4(fd, storage.cast(), len, libc::SOCK_CLOEXEC))
        })
    }?;
    // SAFETY: `accept4` returned a new descriptor that nothing else owns.
    Ok((unsafe { OwnedFd::from_raw_fd(res) }, addr))
}

/// `accept4(SOCK_CLOEXEC | SOCK_NONBLOCK)`: as [`accept`], the new
/// descriptor non-blocking (the PROXY acceptor's thread never blocks).
pub fn accept_nonblocking(fd: RawFd) -> io::Result<(OwnedFd, SockAddr)> {
    // SAFETY: as in `accept`.
    let (res, addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            syscall!(accept4(
                fd,
                storage.cast(),
                len,
                libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK
            ))
        })
    }?;
    // SAFETY: `accept4` returned a new descriptor that nothing else owns.
    Ok((unsafe { OwnedFd::from_raw_fd(res) }, addr))
}

/// Whether `fd` is a listening socket (`SO_ACCEPTCONN`); `ENOTSOCK` for
/// other descriptors.
pub fn is_listening(fd: RawFd) -> io::Result<bool> {
    Ok(int_option(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN)? != 0)
}

/// `recv(2)` with `flags`.
pub fn recv(fd: RawFd, buf: &mut [u8], flags: i32) -> io::Result<usize> {
    syscall!(recv(fd, buf.as_mut_ptr().cast(), buf.len(), flags)).map(|n| n as usize)
}

/// `recvfrom(2)` with `flags`, returning the sender's address.
pub fn recv_from(fd: RawFd, buf: &mut [u8], flags: i32) -> io::Result<(usize, SockAddr)> {
    // SAFETY: as in `accept`; `buf` is valid for `buf.len()` bytes.
    unsafe {
        SockAddr::try_init(|storage, len| {
            syscall!(recvfrom(
                fd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                flags,
                storage.cast(),
                len
            ))
        })
    }
    .map(|(n, a)| (n as usize, a))
}

/// `send(2)` with `flags`.
pub fn send(fd: RawFd, buf: &[u8], flags: i32) -> io::Result<usize> {
    syscall!(send(fd, buf.as_ptr().cast(), buf.len(), flags)).map(|n| n as usize)
}

/// `sendto(2)` with `flags` to `addr`.
pub fn send_to(fd: RawFd, buf: &[u8], flags: i32, addr: &SockAddr) -> io::Result<usize> {
    syscall!(sendto(
        fd,
        buf.as_ptr().cast(),
        buf.len(),
        flags,
        addr.as_ptr().cast(),
        addr.len()
    ))
    .map(|n| n as usize)
}

/// `shutdown(2)`; `how` is `libc::SHUT_*`.
pub fn shutdown(fd: RawFd, how: i32) -> io::Result<()> {
    syscall!(shutdown(fd, how)).map(drop)
}

/// `listen(2)`.
pub fn listen(fd: RawFd, backlog: i32) -> io::Result<()> {
    syscall!(listen(fd, backlog)).map(drop)
}

/// `setsockopt(2)` of an `int` option (`level`/`name` are `libc`'s
/// `SOL_*`/`IPPROTO_*` and option constants), for the options socket2 has
/// no setter for or sets only in groups.
pub fn set_int_option(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    let len = mem::size_of::<i32>() as libc::socklen_t;
    syscall!(setsockopt(fd, level, name, (&raw const value).cast(), len)).map(drop)
}

/// `getsockopt(2)` of an `int` option.
pub fn int_option(fd: RawFd, level: i32, name: i32) -> io::Result<i32> {
    let mut value: i32 = 0;
    let mut len = mem::size_of::<i32>() as libc::socklen_t;
    syscall!(getsockopt(
        fd,
        level,
        name,
        (&raw mut value).cast(),
        &mut len
    ))?;
    Ok(value)
}

/// The local (`peer == false`) or remote address of `fd`.
pub fn socket_name(fd: RawFd, peer: bool) -> io::Result<SockAddr> {
    // SAFETY: as in `accept`.
    unsafe {
        SockAddr::try_init(|storage, len| {
            if peer {
                syscall!(getpeername(fd, storage.cast(), len))
            } else {
                syscall!(getsockname(fd, storage.cast(), len))
            }
        })
    }
    .map(|(_, a)| a)
}

/// Reads `O_NONBLOCK`.
pub fn is_nonblocking(fd: RawFd) -> io::Result<bool> {
    Ok(syscall!(fcntl(fd, libc::F_GETFL))? & libc::O_NONBLOCK != 0)
}

/// Sets or clears `O_NONBLOCK`.
pub fn set_nonblocking(fd: RawFd, nonblocking: bool) -> io::Result<()> {
    set_fcntl_bit(
        fd,
        (libc::F_GETFL, libc::F_SETFL),
        libc::O_NONBLOCK,
        nonblocking,
    )
}

/// Sets or clears `bit` in the flags `fcntl` reads and writes with the
/// commands `get_set`; no write when it already is as asked.
fn set_fcntl_bit(
    fd: RawFd,
    (get, set): (libc::c_int, libc::c_int),
    bit: libc::c_int,
    on: bool,
) -> io::Result<()> {
    let flags = syscall!(fcntl(fd, get))?;
    let new = if on { flags | bit } else { flags & !bit };
    if new != flags {
        syscall!(fcntl(fd, set, new))?;
    }
    Ok(())
}

/// Whether `fd` is an open descriptor of a socket (`fstat`, `S_ISSOCK`).
/// A descriptor that is not open is an `EBADF` error.
pub fn is_socket(fd: RawFd) -> io::Result<bool> {
    Ok(fstat_fd(fd)?.is_socket())
}

/// Sets or clears `FD_CLOEXEC`.
pub fn set_cloexec(fd: RawFd, on: bool) -> io::Result<()> {
    set_fcntl_bit(fd, (libc::F_GETFD, libc::F_SETFD), libc::FD_CLOEXEC, on)
}

/// Reads `FD_CLOEXEC`.
pub fn is_cloexec(fd: RawFd) -> io::Result<bool> {
    Ok(syscall!(fcntl(fd, libc::F_GETFD))? & libc::FD_CLOEXEC != 0)
}

/// `fcntl(F_DUPFD_CLOEXEC)`: a close-on-exec copy of `fd` numbered `min`
/// or higher, which the caller owns.
pub fn dup_at_least(fd: RawFd, min: RawFd) -> io::Result<OwnedFd> {
    let new = syscall!(fcntl(fd, libc::F_DUPFD_CLOEXEC, min))?;
    // SAFETY: a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// `dup2(2)`: `target` becomes a copy of `fd` (closing what it was), with
/// `FD_CLOEXEC` clear. The caller decides who owns `target`.
pub fn dup_onto(fd: RawFd, target: RawFd) -> io::Result<()> {
    syscall!(dup2(fd, target)).map(drop)
}

/// Closes a descriptor the caller owns.
pub fn close(fd: RawFd) {
    // SAFETY: the caller owns `fd` and never uses it again.
    drop(unsafe { OwnedFd::from_raw_fd(fd) });
}

/// `getaddrinfo(host, NULL)` with PHP's hints: any family (IPv4 only when
/// the system has no IPv6), the given socket type. On failure, the
/// `gai_strerror` text.
pub fn getaddrinfo(host: &str, socktype: i32, ipv6: bool) -> Result<Vec<SocketAddr>, String> {
    let chost = CString::new(host).map_err(|_| String::from("Name or service not known"))?;
    // SAFETY: `addrinfo` is plain data; all-zero is its documented "no hints".
    let mut hints: libc::addrinfo = unsafe { mem::zeroed() };
    hints.ai_family = if ipv6 { libc::AF_UNSPEC } else { libc::AF_INET };
    hints.ai_socktype = socktype;
    let mut res = MaybeUninit::<*mut libc::addrinfo>::uninit();
    // SAFETY: valid C strings and hints; `res` receives a list we free below.
    let rc =
        unsafe { libc::getaddrinfo(chost.as_ptr(), std::ptr::null(), &hints, res.as_mut_ptr()) };
    if rc != 0 {
        // SAFETY: gai_strerror returns a static string for any code.
        let text = unsafe { CStr::from_ptr(libc::gai_strerror(rc)) };
        return Err(text.to_string_lossy().into_owned());
    }
    // SAFETY: getaddrinfo succeeded, so `res` is initialised.
    let head = unsafe { res.assume_init() };
    let mut out = Vec::new();
    let mut cur = head;
    while !cur.is_null() {
        // SAFETY: `cur` is a node of the list getaddrinfo returned.
        let ai = unsafe { &*cur };
        if !ai.ai_addr.is_null() {
            // SAFETY: `ai_addr` points to `ai_addrlen` valid bytes.
            let addr = unsafe {
                SockAddr::try_init(|storage, len| {
                    let n = (ai.ai_addrlen as usize).min(mem::size_of::<libc::sockaddr_storage>());
                    std::ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), storage.cast::<u8>(), n);
                    *len = n as libc::socklen_t;
                    Ok(())
                })
            };
            if let Some(sa) = addr.ok().and_then(|((), a)| a.as_socket()) {
                out.push(sa);
            }
        }
        cur = ai.ai_next;
    }
    // SAFETY: `head` came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(head) };
    Ok(out)
}

/// The `strerror` text for `errno`, as PHP prints it.
pub fn strerror(errno: i32) -> String {
    // SAFETY: strerror returns a valid C string for any value.
    unsafe { CStr::from_ptr(libc::strerror(errno)) }
        .to_string_lossy()
        .into_owned()
}

/// A unix address holding exactly `path` (no terminating NUL; a leading
/// NUL makes it a Linux abstract name, an empty path asks for autobind).
/// `path` must fit `sun_path`.
pub fn unix_sockaddr(path: &[u8]) -> io::Result<SockAddr> {
    // SAFETY: we write a zeroed `sockaddr_un` into storage large enough for
    // it, copy at most `sun_path.len()` bytes, and report its used length.
    unsafe {
        SockAddr::try_init(|storage, len| {
            let un = &mut *storage.cast::<libc::sockaddr_un>();
            if path.len() > un.sun_path.len() {
                return Err(io::Error::from_raw_os_error(libc::ENAMETOOLONG));
            }
            un.sun_family = libc::AF_UNIX as libc::sa_family_t;
            std::ptr::copy_nonoverlapping(
                path.as_ptr(),
                un.sun_path.as_mut_ptr().cast(),
                path.len(),
            );
            let offset = mem::offset_of!(libc::sockaddr_un, sun_path);
            *len = (offset + path.len()) as libc::socklen_t;
            Ok(())
        })
    }
    .map(|((), a)| a)
}

/// `ppoll(2)` over `fds` with microsecond precision (as `select(2)` has);
/// `None` waits forever. An interrupted wait is an `EINTR` error.
pub fn ppoll(fds: &mut [libc::pollfd], timeout: Option<Duration>) -> io::Result<usize> {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: libc::c_long::from(t.subsec_nanos() as i32),
    });
    let tsp = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    syscall!(ppoll(
        fds.as_mut_ptr(),
        fds.len() as libc::nfds_t,
        tsp,
        std::ptr::null()
    ))
    .map(|n| n as usize)
}

/// `epoll_create1(EPOLL_CLOEXEC)`.
pub fn epoll_create() -> io::Result<OwnedFd> {
    let fd = syscall!(epoll_create1(libc::EPOLL_CLOEXEC))?;
    // SAFETY: a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `epoll_ctl(2)`: `op` is `EPOLL_CTL_ADD/MOD/DEL`; the event data is `fd`.
pub fn epoll_ctl(epfd: RawFd, op: i32, fd: RawFd, events: u32) -> io::Result<()> {
    let mut ev = libc::epoll_event {
        events,
        u64: fd as u64,
    };
    syscall!(epoll_ctl(epfd, op, fd, &mut ev)).map(drop)
}

/// `epoll_wait(2)` into `events` (its capacity is the maximum);
/// `timeout` is rounded up to whole milliseconds, `None` waits forever.
pub fn epoll_wait(
    epfd: RawFd,
    events: &mut Vec<libc::epoll_event>,
    timeout: Option<Duration>,
) -> io::Result<usize> {
    events.clear();
    if events.capacity() == 0 {
        events.reserve(1);
    }
    let ms = timeout.map_or(-1, |t| {
        i32::try_from(t.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
    });
    let cap = i32::try_from(events.capacity()).unwrap_or(i32::MAX);
    let n = syscall!(epoll_wait(epfd, events.as_mut_ptr(), cap, ms))? as usize;
    // SAFETY: the kernel initialised the first `n` entries.
    unsafe { events.set_len(n) };
    Ok(n)
}

static FORK_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

extern "C" fn after_fork_in_child() {
    FORK_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// A number that changes in a child after every `fork(2)` of this process
/// (PHP's `pcntl_fork`): a way to notice a fork without a system call.
pub fn fork_generation() -> u64 {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        // SAFETY: registers a handler that only bumps an atomic, which is
        // async-signal-safe as a post-fork child handler must be.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
    FORK_GENERATION.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs `f` in the child after every later `fork(2)` (a `pthread_atfork`
/// child handler, after the generation bump): `f` must do only what is
/// safe between `fork` and `exec` (atomics, `close`).
pub fn on_fork_in_child(f: extern "C" fn()) {
    // The generation's handler first, so that it runs before `f`.
    fork_generation();
    // SAFETY: registers a handler; the caller's contract says it only does
    // what a post-fork child handler may.
    unsafe { libc::pthread_atfork(None, None, Some(f)) };
}

/// `fchmod(2)` on a descriptor. On a unix socket not yet bound this sets
/// the mode `bind(2)` gives the socket file (less the umask).
pub fn fchmod(fd: RawFd, mode: u32) -> io::Result<()> {
    syscall!(fchmod(fd, mode as libc::mode_t)).map(drop)
}

/// `chmod(2)` of `path` without following a symlink at its end: glibc's
/// `fchmodat(AT_SYMLINK_NOFOLLOW)`, which refuses a symlink
/// (`EOPNOTSUPP`); it needs the kernel's `fchmodat2` or `/proc`. Without
/// either, a path that is not a symlink is changed with plain `chmod`.
pub fn chmod_nofollow(path: &CStr, mode: u32) -> io::Result<()> {
    let mode = mode as libc::mode_t;
    match syscall!(fchmodat(
        libc::AT_FDCWD,
        path.as_ptr(),
        mode,
        libc::AT_SYMLINK_NOFOLLOW
    )) {
        Err(e) if e.raw_os_error() == Some(libc::EOPNOTSUPP) => {
            if lstat(path)?.mode & libc::S_IFMT == libc::S_IFLNK {
                return Err(e);
            }
            syscall!(chmod(path.as_ptr(), mode)).map(drop)
        }
        other => other.map(drop),
    }
}

/// `lchown(2)`: `None` leaves the owner or group as it is.
pub fn lchown(path: &CStr, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
    // `(uid_t)-1` / `(gid_t)-1` mean "unchanged" to the kernel.
    let uid = uid.unwrap_or(u32::MAX) as libc::uid_t;
    let gid = gid.unwrap_or(u32::MAX) as libc::gid_t;
    syscall!(lchown(path.as_ptr(), uid, gid)).map(drop)
}

/// What `lstat(2)` says of a path: its type and permission bits, and its
/// identity (device, inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    /// `st_mode` (type and permission bits).
    pub mode: u32,
    /// `st_uid`
    pub uid: u32,
    /// `st_gid`
    pub gid: u32,
    /// `(st_dev, st_ino)`
    pub id: (u64, u64),
}

impl From<libc::stat> for FileStat {
    fn from(st: libc::stat) -> Self {
        FileStat {
            mode: st.st_mode,
            uid: st.st_uid,
            gid: st.st_gid,
            id: (st.st_dev, st.st_ino),
        }
    }
}

impl FileStat {
    /// Whether the path is a socket (not a symlink to one).
    pub fn is_socket(&self) -> bool {
        self.mode & libc::S_IFMT == libc::S_IFSOCK
    }
}

/// `lstat(2)`: the path itself, not what a symlink points to.
pub fn lstat(path: &CStr) -> io::Result<FileStat> {
    let mut st = MaybeUninit::<libc::stat>::uninit();
    syscall!(lstat(path.as_ptr(), st.as_mut_ptr()))?;
    // SAFETY: `lstat` succeeded, so it filled `st`.
    Ok(FileStat::from(unsafe { st.assume_init() }))
}

/// `open(path, O_PATH | O_NOFOLLOW)`: a handle on the file `path` names
/// now (a symlink at its end is the symlink itself), for `fstat_fd`,
/// `fchown_fd` and `fchmod_fd` on that very file whatever happens to the
/// path afterwards.
pub fn open_path(path: &CStr) -> io::Result<OwnedFd> {
    let fd = syscall!(open(
        path.as_ptr(),
        libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC
    ))?;
    // SAFETY: a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `fstat(2)` of a descriptor (an `O_PATH` one included).
pub fn fstat_fd(fd: RawFd) -> io::Result<FileStat> {
    let mut st = MaybeUninit::<libc::stat>::uninit();
    syscall!(fstat(fd, st.as_mut_ptr()))?;
    // SAFETY: `fstat` succeeded, so it filled `st`.
    Ok(FileStat::from(unsafe { st.assume_init() }))
}

/// `fchownat(fd, "", AT_EMPTY_PATH)`: the owner and group of the file an
/// `O_PATH` descriptor holds (`None`: unchanged).
pub fn fchown_fd(fd: RawFd, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
    let uid = uid.unwrap_or(u32::MAX) as libc::uid_t;
    let gid = gid.unwrap_or(u32::MAX) as libc::gid_t;
    syscall!(fchownat(fd, c"".as_ptr(), uid, gid, libc::AT_EMPTY_PATH)).map(drop)
}

/// The mode of the file an `O_PATH` descriptor holds, through its
/// `/proc/self/fd` link (which reaches that file, not a path); the same
/// as glibc's `fchmodat(AT_SYMLINK_NOFOLLOW)` does.
pub fn fchmod_fd(fd: RawFd, mode: u32) -> io::Result<()> {
    let link = CString::new(format!("/proc/self/fd/{fd}"))
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    syscall!(chmod(link.as_ptr(), mode as libc::mode_t)).map(drop)
}

/// `geteuid(2)`.
pub fn euid() -> u32 {
    // SAFETY: no arguments; cannot fail.
    unsafe { libc::geteuid() }
}

/// `unlink(2)`.
pub fn unlink(path: &CStr) -> io::Result<()> {
    syscall!(unlink(path.as_ptr())).map(drop)
}

/// The process's umask. Read from `/proc/self/status` (no change to it);
/// without `/proc`, set and restored at once, which for that instant
/// masks everything but the owner's bits in other threads' new files.
pub fn umask() -> u32 {
    let from_proc = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        });
    from_proc.unwrap_or_else(|| {
        // SAFETY: umask cannot fail; the old value is put back at once.
        unsafe {
            let old = libc::umask(0o077);
            libc::umask(old);
            old
        }
    })
}

/// Which account database [`account_id`] looks a name up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// `getpwnam_r(3)`: a user's uid.
    User,
    /// `getgrnam_r(3)`: a group's gid.
    Group,
}

/// The id of the user or group `name`; `Ok(None)` when there is none.
pub fn account_id(kind: Account, name: &CStr) -> io::Result<Option<u32>> {
    let mut buf = vec![0 as libc::c_char; 1024];
    loop {
        let found = match kind {
            Account::User => {
                // SAFETY: `passwd` is plain data; all-zero is a valid value.
                let mut pw: libc::passwd = unsafe { mem::zeroed() };
                let mut res = std::ptr::null_mut();
                // SAFETY: a C string, a record, a buffer and its length,
                // and the result slot, all valid for the call.
                let rc = unsafe {
                    libc::getpwnam_r(
                        name.as_ptr(),
                        &mut pw,
                        buf.as_mut_ptr(),
                        buf.len(),
                        &mut res,
                    )
                };
                (rc, (!res.is_null()).then_some(pw.pw_uid))
            }
            Account::Group => {
                // SAFETY: as above, for `group`.
                let mut gr: libc::group = unsafe { mem::zeroed() };
                let mut res = std::ptr::null_mut();
                // SAFETY: as above.
                let rc = unsafe {
                    libc::getgrnam_r(
                        name.as_ptr(),
                        &mut gr,
                        buf.as_mut_ptr(),
                        buf.len(),
                        &mut res,
                    )
                };
                (rc, (!res.is_null()).then_some(gr.gr_gid))
            }
        };
        match found {
            (0, id) => return Ok(id),
            // The entry does not fit: a bigger buffer, up to a sane bound.
            (libc::ERANGE, _) if buf.len() < 1 << 20 => buf.resize(buf.len() * 4, 0),
            // "Not found" comes back as one of these from some NSS modules.
            (libc::ENOENT | libc::ESRCH | libc::EBADF | libc::EPERM, _) => return Ok(None),
            (rc, _) => return Err(io::Error::from_raw_os_error(rc)),
        }
    }
}

/// A connected `socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC)`, both
/// ends non-blocking: message boundaries kept, descriptors passable.
pub fn seqpacket_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1; 2];
    syscall!(socketpair(
        libc::AF_UNIX,
        libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
        0,
        fds.as_mut_ptr()
    ))?;
    // SAFETY: `socketpair` returned two new descriptors nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// `eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)`.
pub fn eventfd() -> io::Result<OwnedFd> {
    let fd = syscall!(eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK))?;
    // SAFETY: a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Adds 1 to an eventfd's counter (it becomes readable).
pub fn eventfd_signal(fd: RawFd) -> io::Result<()> {
    let one: u64 = 1;
    syscall!(write(
        fd,
        (&one as *const u64).cast(),
        mem::size_of::<u64>()
    ))
    .map(drop)
}

/// Space for one `SCM_RIGHTS` descriptor, aligned as `cmsghdr` needs.
#[repr(C)]
union FdCmsg {
    hdr: libc::cmsghdr,
    // CMSG_SPACE(sizeof(int)) on every Linux ABI is at most this.
    buf: [u8; 32],
}

/// `sendmsg(MSG_DONTWAIT | MSG_NOSIGNAL)` of one message `data` carrying
/// `fd` as `SCM_RIGHTS` (the receiver gets its own copy; the caller keeps
/// and closes its one).
pub fn send_with_fd(sock: RawFd, data: &[u8], fd: RawFd) -> io::Result<usize> {
    let mut iov = libc::iovec {
        iov_base: data.as_ptr().cast_mut().cast(),
        iov_len: data.len(),
    };
    let mut cmsg = FdCmsg { buf: [0; 32] };
    // SAFETY: CMSG_SPACE/CMSG_LEN are pure arithmetic.
    let (space, len) = unsafe {
        (
            libc::CMSG_SPACE(mem::size_of::<RawFd>() as u32) as usize,
            libc::CMSG_LEN(mem::size_of::<RawFd>() as u32) as usize,
        )
    };
    // SAFETY: `msghdr` is plain data; all-zero is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = (&mut cmsg as *mut FdCmsg).cast();
    msg.msg_controllen = space.min(mem::size_of::<FdCmsg>()) as _;
    // SAFETY: `msg_control` points to `msg_controllen` bytes we own, so
    // CMSG_FIRSTHDR returns a header inside them with room for one int
    // (`space` covers it); the header is written before the data.
    unsafe {
        let hdr = libc::CMSG_FIRSTHDR(&msg);
        if hdr.is_null() {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        (*hdr).cmsg_level = libc::SOL_SOCKET;
        (*hdr).cmsg_type = libc::SCM_RIGHTS;
        (*hdr).cmsg_len = len as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(hdr).cast::<RawFd>(), fd);
    }
    syscall!(sendmsg(sock, &msg, libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL)).map(|n| n as usize)
}

/// `recvmsg(MSG_DONTWAIT | MSG_CMSG_CLOEXEC | extra)` of one message into
/// `buf`: its length (0 at end of file) and the descriptor it carried, if
/// any. A message cut short (`MSG_TRUNC`) is an `EMSGSIZE` error; a
/// descriptor that could not be received (`MSG_CTRUNC`: the room is made
/// for one, so the process is out of descriptors) is `EMFILE`. Any
/// descriptor that came with a failed call is closed. With `MSG_PEEK` the
/// message stays queued (the descriptor received is a copy).
pub fn recv_with_fd(
    sock: RawFd,
    buf: &mut [u8],
    extra: i32,
) -> io::Result<(usize, Option<OwnedFd>)> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let mut cmsg = FdCmsg { buf: [0; 32] };
    // SAFETY: `msghdr` is plain data; all-zero is a valid empty header.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = (&mut cmsg as *mut FdCmsg).cast();
    msg.msg_controllen = mem::size_of::<FdCmsg>() as _;
    let n = syscall!(recvmsg(
        sock,
        &mut msg,
        libc::MSG_DONTWAIT | libc::MSG_CMSG_CLOEXEC | extra
    ))? as usize;
    let mut fd = None;
    // SAFETY: the kernel filled `msg_controllen` bytes of our buffer with
    // well-formed control messages; CMSG_FIRSTHDR/NXTHDR stay inside them,
    // and an SCM_RIGHTS message carries ints, each a new descriptor we own.
    unsafe {
        let mut hdr = libc::CMSG_FIRSTHDR(&msg);
        while !hdr.is_null() {
            if (*hdr).cmsg_level == libc::SOL_SOCKET && (*hdr).cmsg_type == libc::SCM_RIGHTS {
                let data = libc::CMSG_DATA(hdr);
                let count = ((*hdr).cmsg_len as usize)
                    .saturating_sub(data.offset_from(hdr.cast::<u8>()) as usize)
                    / mem::size_of::<RawFd>();
                for i in 0..count {
                    let raw = std::ptr::read_unaligned(data.cast::<RawFd>().add(i));
                    let owned = OwnedFd::from_raw_fd(raw);
                    if fd.is_none() {
                        fd = Some(owned);
                    }
                }
            }
            hdr = libc::CMSG_NXTHDR(&msg, hdr);
        }
    }
    if msg.msg_flags & libc::MSG_TRUNC != 0 {
        return Err(io::Error::from_raw_os_error(libc::EMSGSIZE));
    }
    if msg.msg_flags & libc::MSG_CTRUNC != 0 {
        return Err(io::Error::from_raw_os_error(libc::EMFILE));
    }
    Ok((n, fd))
}

/// Every signal blocked on the calling thread while this lives (the old
/// mask comes back on drop). A thread started meanwhile inherits the
/// full mask: signals then go to PHP's thread, where they interrupt its
/// waits as PHP expects, never to a helper thread.
pub struct SignalsBlocked {
    old: libc::sigset_t,
    /// Not `Send`: the mask must be restored on the thread that set it.
    _thread: std::marker::PhantomData<*const ()>,
}

impl SignalsBlocked {
    /// Blocks every signal (the C library keeps its internal ones).
    pub fn new() -> io::Result<Self> {
        // SAFETY: `sigset_t` is plain data; sigfillset initialises `all`,
        // pthread_sigmask writes `old`.
        unsafe {
            let mut all: libc::sigset_t = mem::zeroed();
            let mut old: libc::sigset_t = mem::zeroed();
            libc::sigfillset(&mut all);
            let rc = libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old);
            if rc != 0 {
                return Err(io::Error::from_raw_os_error(rc));
            }
            Ok(SignalsBlocked {
                old,
                _thread: std::marker::PhantomData,
            })
        }
    }
}

impl Drop for SignalsBlocked {
    fn drop(&mut self) {
        // SAFETY: restores the mask `new` saved, on the thread that saved
        // it (the guard is not `Send`).
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut()) };
    }
}
