//! Tests of the poller against `select(2)`'s meaning, the epoll cache and
//! its invalidation (closing, reuse, fork).

use super::epoll::EPOLL_OWNER;
use super::*;
use crate::net::test_util::pair;
use std::{
    io::Write,
    net::{TcpListener, TcpStream},
    os::fd::AsRawFd,
    time::Instant,
};

#[test]
fn counts_like_select() {
    let (mut c, s) = pair();
    let mut p = Poller::default();
    p.add(s.as_raw_fd(), Readiness::Read, false);
    p.add(s.as_raw_fd(), Readiness::Read, false); // duplicate: counted once
    p.add(s.as_raw_fd(), Readiness::Write, false);
    p.add(s.as_raw_fd(), Readiness::Except, false);
    assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 1, "only writable");
    assert!(p.is_ready(s.as_raw_fd(), Readiness::Write));
    assert!(!p.is_ready(s.as_raw_fd(), Readiness::Read));
    c.write_all(b"x").unwrap();
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 2);
    assert!(p.is_ready(s.as_raw_fd(), Readiness::Read));
    assert!(!p.is_ready(s.as_raw_fd(), Readiness::Except));
    assert!(!p.is_ready(c.as_raw_fd(), Readiness::Read), "never added");
}

#[test]
fn out_of_band_data_is_exceptional() {
    let (c, s) = pair();
    let sent = sys::send(c.as_raw_fd(), b"!", libc::MSG_OOB).unwrap();
    assert_eq!(sent, 1);
    let mut p = Poller::default();
    p.add(s.as_raw_fd(), Readiness::Except, true);
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
    assert!(p.is_ready(s.as_raw_fd(), Readiness::Except));
}

#[test]
fn timeout_and_reuse() {
    let (_c, s) = pair();
    let mut p = Poller::default();
    p.add(s.as_raw_fd(), Readiness::Read, true);
    let t = Instant::now();
    assert_eq!(p.wait(Some(Duration::from_millis(30))).unwrap(), 0);
    assert!(t.elapsed() >= Duration::from_millis(30));
    p.clear();
    assert!(!p.is_ready(s.as_raw_fd(), Readiness::Read));
    assert_eq!(p.max_fd(), 0);
}

#[test]
fn cache_follows_each_call_and_forget() {
    let (mut c1, s1) = pair();
    let (mut c2, s2) = pair();
    let mut p = Poller::default();
    // Both cached, s1 readable.
    c1.write_all(b"x").unwrap();
    p.add(s1.as_raw_fd(), Readiness::Read, true);
    p.add(s2.as_raw_fd(), Readiness::Read, true);
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
    assert!(p.is_ready(s1.as_raw_fd(), Readiness::Read));
    // Next call without s1: still readable, but not asked, so not
    // reported and no early wake-up.
    p.clear();
    p.add(s2.as_raw_fd(), Readiness::Read, true);
    let t = Instant::now();
    assert_eq!(p.wait(Some(Duration::from_millis(30))).unwrap(), 0);
    assert!(t.elapsed() >= Duration::from_millis(25));
    // Mixed with an uncached descriptor in the same call.
    p.clear();
    c2.write_all(b"y").unwrap();
    p.add(s1.as_raw_fd(), Readiness::Read, false);
    p.add(s2.as_raw_fd(), Readiness::Read, true);
    p.add(s2.as_raw_fd(), Readiness::Write, true);
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 3);
    // A descriptor number closed and reused by another socket, while
    // the old socket stays open elsewhere (a dup, a forked child) with
    // data waiting: only `forget` keeps its events from showing up
    // under the reused number.
    let old = s2.as_raw_fd();
    // SAFETY: dup of a live descriptor we own; closed below.
    let keep = unsafe { libc::dup(old) };
    forget(old);
    let (mut c3, s3) = pair();
    // SAFETY: replaces `old` (ours) by a copy of `s3`, as a reused
    // descriptor number would.
    assert_eq!(unsafe { libc::dup2(s3.as_raw_fd(), old) }, old);
    p.clear();
    p.add(old, Readiness::Read, true);
    assert_eq!(
        p.wait(Some(Duration::from_millis(20))).unwrap(),
        0,
        "not the old socket's data"
    );
    c3.write_all(b"z").unwrap();
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
    // SAFETY: closing the copies made above.
    unsafe {
        libc::close(keep);
    }
    std::mem::forget(s2); // `old` now belongs to the dup2 copy
    // SAFETY: `old` is the dup2 copy, ours to close.
    unsafe {
        libc::close(old);
    }
    drop(c2);
}

#[test]
fn a_forked_child_makes_its_own_set() {
    let (mut c, s) = pair();
    let mut p = Poller::default();
    p.add(s.as_raw_fd(), Readiness::Read, true);
    assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 0);
    // SAFETY: the child only polls, writes its answer and exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // A first call with nothing cached must leave the inherited
        // (parent's) set alone.
        p.clear();
        p.add(s.as_raw_fd(), Readiness::Write, false);
        let _ = p.wait(Some(Duration::ZERO));
        p.clear();
        p.add(s.as_raw_fd(), Readiness::Read, true);
        c.write_all(b"x").unwrap();
        let ready = p.wait(Some(Duration::from_secs(2))).unwrap() == 1;
        let own_set = EPOLL_OWNER
            .get()
            .is_some_and(|(_, g)| g == sys::fork_generation());
        let ok = ready && own_set;
        // SAFETY: leave the child without running the test harness.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    let mut status = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(
        libc::WEXITSTATUS(status),
        0,
        "child saw the stream ready in its own set"
    );
    // The parent's set still works and still holds the stream.
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
}

#[test]
fn every_ready_descriptor_is_reported() {
    let conns: Vec<_> = (0..40).map(|_| pair()).collect();
    let mut p = Poller::default();
    // A small call first, so buffers from it are reused.
    p.add(conns[0].1.as_raw_fd(), Readiness::Read, true);
    assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 0);
    for (c, _) in &conns {
        (&*c).write_all(b"x").unwrap();
    }
    for round in 0..3 {
        p.clear();
        for (_, s) in &conns {
            p.add(s.as_raw_fd(), Readiness::Read, true);
        }
        assert_eq!(
            p.wait(Some(Duration::from_secs(2))).unwrap(),
            40,
            "round {round}"
        );
        assert!(
            conns
                .iter()
                .all(|(_, s)| p.is_ready(s.as_raw_fd(), Readiness::Read))
        );
    }
}

#[test]
fn closed_descriptor_is_ebadf() {
    let (_c, s) = pair();
    let fd = s.as_raw_fd();
    drop(s);
    let mut p = Poller::default();
    p.add(fd, Readiness::Read, false);
    assert_eq!(
        p.wait(Some(Duration::ZERO)).unwrap_err().raw_os_error(),
        Some(libc::EBADF)
    );
}

#[test]
fn many_descriptors_past_fd_setsize() {
    // Raise the soft limit if we can; skip quietly where the hard limit
    // is too low to go past 1024.
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain getrlimit/setrlimit on our own process.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        if lim.rlim_max < 2300 {
            return;
        }
        lim.rlim_cur = lim.rlim_cur.max(2300);
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
    }
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut conns = Vec::new();
    for _ in 0..1100 {
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        conns.push((c, s));
    }
    let (last_c, last_s) = conns.last().unwrap();
    assert!(last_s.as_raw_fd() >= 1024);
    (&*last_c).write_all(b"x").unwrap();
    let mut p = Poller::default();
    for cached in [false, true] {
        p.clear();
        for (_, s) in &conns {
            p.add(s.as_raw_fd(), Readiness::Read, cached);
        }
        assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 1);
        assert!(p.is_ready(last_s.as_raw_fd(), Readiness::Read));
    }
}
