//! Tests of the poller against `select(2)`'s meaning, the epoll cache and
//! its invalidation (closing, reuse, fork).

use super::epoll::EPOLL_OWNER;
use super::*;
use crate::net::test_util::pair;
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    os::fd::{AsRawFd, RawFd},
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

#[test]
fn ready_positions_in_order_with_duplicates() {
    let (mut c1, s1) = pair();
    let (_c2, s2) = pair();
    let (mut c3, s3) = pair();
    let mut p = Poller::default();
    // The caller's read list: s3, s1, s2, s1 (again), s3 (again); its
    // write list: s2 at 0.
    for (at, s) in [&s3, &s1, &s2, &s1, &s3].into_iter().enumerate() {
        p.add_at(s.as_raw_fd(), Readiness::Read, true, at as u32 * 2);
    }
    p.add_at(s2.as_raw_fd(), Readiness::Write, true, 0);
    assert!(p.has_positions(Readiness::Read) && p.has_positions(Readiness::Write));
    assert!(!p.has_positions(Readiness::Except));
    assert_eq!(p.wait(Some(Duration::ZERO)).unwrap(), 1);
    assert_eq!(p.ready_positions(Readiness::Read), &[] as &[u32]);
    assert_eq!(p.ready_positions(Readiness::Write), &[0]);
    c3.write_all(b"x").unwrap();
    c1.write_all(b"x").unwrap();
    assert_eq!(p.wait(Some(Duration::from_secs(2))).unwrap(), 3);
    assert_eq!(p.ready_positions(Readiness::Read), &[0, 2, 6, 8]);
    assert_eq!(p.positions_of(s1.as_raw_fd(), Readiness::Read), &[2, 6]);
    assert_eq!(
        p.positions_of(s1.as_raw_fd(), Readiness::Write),
        &[] as &[u32]
    );
    p.clear();
    assert!(!p.has_positions(Readiness::Read));
    assert_eq!(p.ready_positions(Readiness::Read), &[] as &[u32]);
}

/// A poller that watched `fds` for reading (position = index) and kept the call.
fn kept(fds: &[RawFd]) -> Poller {
    let mut p = Poller::default();
    let before = closes();
    for (at, &fd) in fds.iter().enumerate() {
        p.add_at(fd, Readiness::Read, true, at as u32);
    }
    p.wait(Some(Duration::ZERO)).unwrap();
    assert!(p.keep(before));
    p
}

#[test]
fn a_kept_call_repeats_with_the_same_answers() {
    let conns: Vec<_> = (0..50).map(|_| pair()).collect();
    let fds: Vec<_> = conns.iter().map(|(_, s)| s.as_raw_fd()).collect();
    let mut p = kept(&fds);
    assert!(p.can_repeat());
    assert_eq!(p.wait_again(Some(Duration::ZERO)).unwrap(), 0);
    (&conns[40].0).write_all(b"x").unwrap();
    (&conns[7].0).write_all(b"x").unwrap();
    assert_eq!(p.wait_again(Some(Duration::from_secs(2))).unwrap(), 2);
    assert_eq!(p.ready_positions(Readiness::Read), &[7, 40]);
    assert!(p.is_ready(fds[40], Readiness::Read));
    // Still ready: reported again; the earlier answer does not linger.
    let mut buf = [0u8; 1];
    (&conns[7].1).read_exact(&mut buf).unwrap();
    assert_eq!(p.wait_again(Some(Duration::ZERO)).unwrap(), 1);
    assert_eq!(p.ready_positions(Readiness::Read), &[40]);
    assert!(!p.is_ready(fds[7], Readiness::Read));
    let t = Instant::now();
    (&conns[40].1).read_exact(&mut buf).unwrap();
    assert_eq!(p.wait_again(Some(Duration::from_millis(30))).unwrap(), 0);
    assert!(t.elapsed() >= Duration::from_millis(25));
    assert_eq!(p.ready_positions(Readiness::Read), &[] as &[u32]);
    assert!(p.can_repeat());
}

#[test]
fn closing_a_watched_descriptor_ends_repeating() {
    let (_c1, s1) = pair();
    let (_c2, s2) = pair();
    let (_c3, other) = pair();
    let mut p = kept(&[s1.as_raw_fd(), s2.as_raw_fd()]);
    // Closing a descriptor nobody watches changes nothing.
    forget(other.as_raw_fd());
    assert!(p.can_repeat());
    forget(s2.as_raw_fd());
    assert!(!p.can_repeat());
    // Waiting anyway is a full wait: same answers as ever.
    assert_eq!(p.wait_again(Some(Duration::ZERO)).unwrap(), 0);
    // A new call over the same descriptors can be kept again.
    p.clear();
    assert!(!p.can_repeat());
    let mut p = kept(&[s1.as_raw_fd()]);
    assert!(p.can_repeat());
    p.clear();
    assert!(!p.can_repeat(), "clear drops the kept call");
}

#[test]
fn a_call_is_kept_only_when_it_can_be_repeated() {
    let (_c1, s1) = pair();
    let (_c2, s2) = pair();
    // A descriptor closed between adding and keeping (PHP code ran).
    let mut p = Poller::default();
    let before = closes();
    p.add_at(s1.as_raw_fd(), Readiness::Read, true, 0);
    forget(s2.as_raw_fd());
    p.wait(Some(Duration::ZERO)).unwrap();
    assert!(!p.keep(before));
    assert!(!p.can_repeat());
    // One descriptor not for the epoll set (polled each time).
    let mut p = Poller::default();
    let before = closes();
    p.add_at(s1.as_raw_fd(), Readiness::Read, true, 0);
    p.add_at(s2.as_raw_fd(), Readiness::Read, false, 1);
    p.wait(Some(Duration::ZERO)).unwrap();
    assert!(!p.keep(before));
    // A failed wait: a descriptor that is not open. Not one just closed:
    // tests running in parallel may be handed its number at once.
    let mut p = Poller::default();
    let fd = 1 << 20;
    let before = closes();
    p.add_at(fd, Readiness::Read, true, 0);
    assert!(p.wait(Some(Duration::ZERO)).is_err());
    assert!(!p.keep(before));
    // A poller that keeps no epoll set.
    let mut p = Poller::uncached();
    let before = closes();
    p.add_at(s1.as_raw_fd(), Readiness::Read, true, 0);
    p.wait(Some(Duration::ZERO)).unwrap();
    assert!(!p.keep(before));
    // Nothing watched at all.
    let mut p = Poller::default();
    p.wait(Some(Duration::ZERO)).unwrap();
    assert!(!p.keep(closes()));
}

#[test]
fn a_forked_child_does_not_repeat() {
    let (mut c, s) = pair();
    let mut p = kept(&[s.as_raw_fd()]);
    // SAFETY: the child only polls, and exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let ok = !p.can_repeat() && {
            c.write_all(b"x").unwrap();
            // Falls back to a full wait in a set of its own.
            p.wait_again(Some(Duration::from_secs(2))).unwrap() == 1
        };
        // SAFETY: leave the child without running the test harness.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    let mut status = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(libc::WEXITSTATUS(status), 0);
    assert!(p.can_repeat(), "the parent's kept call is untouched");
    assert_eq!(p.wait_again(Some(Duration::from_secs(2))).unwrap(), 1);
}

#[test]
fn buffered_marks() {
    let mut out = vec![99];
    clear_buffered_marks();
    take_buffered_marks(&mut out);
    assert!(out.is_empty());
    for fd in [7, 3, 7, 1000, -1, 3] {
        may_have_buffered(fd);
    }
    take_buffered_marks(&mut out);
    assert_eq!(out, [7, 3, 1000]);
    take_buffered_marks(&mut out);
    assert!(out.is_empty(), "taking unmarks");
    may_have_buffered(3);
    clear_buffered_marks();
    take_buffered_marks(&mut out);
    assert!(out.is_empty());
    may_have_buffered(3);
    take_buffered_marks(&mut out);
    assert_eq!(out, [3], "marked again after a clear");
}
