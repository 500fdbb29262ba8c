//! Reading and writing after the handshake, close_notify and abrupt ends.

use super::*;

#[test]
fn read_write_round_trip_peek_and_pending() {
    let record: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let sent = record.clone();
    let (mut s, _tcp, h) = start_connected(move |mut c| {
        // One write: one record of 1000 bytes.
        c.write_all(&sent).unwrap();
        let mut reply = [0u8; 5];
        c.read_exact(&mut reply).unwrap();
        (c, reply)
    });
    handshake_ok(&mut s);
    assert_eq!(s.pending(), 0);
    // An empty buffer reads nothing, at once.
    assert!(matches!(s.read(&mut [], UP), Outcome::Ready(0)));
    let mut small = [0u8; 10];
    assert_eq!(read_some(&mut s, &mut small), 10);
    assert_eq!(&small[..], &record[..10]);
    assert_eq!(s.pending(), 990, "the rest of the record is buffered");
    let mut peeked = [0u8; 5];
    assert!(matches!(s.peek(&mut peeked), Outcome::Ready(5)));
    assert_eq!(&peeked[..], &record[10..15]);
    assert_eq!(s.pending(), 990, "peek does not consume");
    let mut rest = [0u8; 2000];
    assert_eq!(read_some(&mut s, &mut rest), 990);
    assert_eq!(&rest[..990], &record[10..]);
    assert_eq!(s.pending(), 0);
    // Nothing more: non-blocking reads and peeks would block, a blocking
    // read times out.
    assert!(matches!(
        s.read(&mut rest, Wait::Never),
        Outcome::WouldBlock
    ));
    assert!(matches!(s.peek(&mut rest), Outcome::WouldBlock));
    let t = Instant::now();
    assert!(matches!(
        s.read(&mut rest, Wait::AtMost(Some(Duration::from_millis(50)))),
        Outcome::TimedOut
    ));
    assert!(t.elapsed() >= Duration::from_millis(50));
    assert!(matches!(s.write(b"", UP), Outcome::Ready(0)));
    write_all(&mut s, b"hello", UP);
    let (_c, reply) = h.join().unwrap();
    assert_eq!(&reply, b"hello");
}

#[test]
fn large_write_waits_for_the_client_to_read() {
    let data: Vec<u8> = (0..1usize << 20).map(|i| (i * 7 % 253) as u8).collect();
    let len = data.len();
    let (go, wait_go) = mpsc::channel::<()>();
    let (mut s, tcp, h) = start_connected(move |mut c| {
        wait_go.recv().unwrap();
        let mut got = vec![0u8; len];
        c.read_exact(&mut got).unwrap();
        (c, got)
    });
    socket2::SockRef::from(&tcp)
        .set_send_buffer_size(4096)
        .unwrap();
    handshake_ok(&mut s);
    // The client does not read yet: once the socket buffers are full a
    // non-blocking write would block, and then a blocking write with a
    // short wait times out. (Acks may still free a little room right after
    // a write would block: take it.)
    let short = Wait::AtMost(Some(Duration::from_millis(50)));
    let mut off = 0;
    let mut blocked = false;
    loop {
        match s.write(&data[off..], if blocked { short } else { Wait::Never }) {
            Outcome::Ready(n) => off += n,
            Outcome::WouldBlock if !blocked => blocked = true,
            Outcome::TimedOut if blocked => break,
            o => panic!("{o:?} at {off}"),
        }
        assert!(off < len, "the client took 1 MiB without reading");
    }
    // Once the client reads, a blocking write finishes the rest (retrying
    // with the same bytes as the write that would block).
    go.send(()).unwrap();
    write_all(&mut s, &data[off..], UP);
    let (_c, got) = h.join().unwrap();
    assert!(got == data, "the client read other bytes than were written");
}

#[test]
fn read_after_close_notify_is_closed() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        c.write_all(b"bye").unwrap();
        c.shutdown().unwrap();
        c
    });
    handshake_ok(&mut s);
    let mut buf = [0u8; 16];
    assert_eq!(read_some(&mut s, &mut buf), 3);
    assert_eq!(&buf[..3], b"bye");
    assert!(matches!(s.read(&mut buf, UP), Outcome::Closed));
    let _c = h.join().unwrap();
}

#[test]
fn server_shutdown_sends_close_notify() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        let mut got = Vec::new();
        // read_to_end ends at close_notify (and fails on a bare EOF).
        c.read_to_end(&mut got).unwrap();
        let closed = c.get_shutdown();
        (c, got, closed)
    });
    handshake_ok(&mut s);
    write_all(&mut s, b"last words", UP);
    s.shutdown();
    let (_c, got, closed) = h.join().unwrap();
    assert_eq!(got, b"last words");
    assert!(closed.contains(openssl::ssl::ShutdownState::RECEIVED));
}

#[test]
fn read_after_an_abrupt_disconnect_fails() {
    let (mut s, _tcp, h) = start_connected(|mut c| {
        // Read what the server sent (its session tickets first), so that
        // closing the socket is a FIN, not a reset.
        let mut hello = [0u8; 5];
        c.read_exact(&mut hello).unwrap();
        c.write_all(b"partial").unwrap();
        // Gone without close_notify.
        drop(c);
    });
    handshake_ok(&mut s);
    write_all(&mut s, b"hello", UP);
    let mut buf = [0u8; 16];
    assert_eq!(read_some(&mut s, &mut buf), 7);
    assert_eq!(&buf[..7], b"partial");
    h.join().unwrap();
    let t = Instant::now();
    // An end of stream without close_notify: not Closed, and (with
    // IGNORE_UNEXPECTED_EOF, as PHP) not OpenSSL's "unexpected eof" error.
    match s.read(&mut buf, UP) {
        Outcome::Failed(Failure::Eof) => {}
        o => panic!("expected Failed(Eof), got {o:?}"),
    }
    assert!(t.elapsed() < Duration::from_secs(1), "it must not wait");
}
