//! Helpers shared by the core's unit tests.

use std::net::{TcpListener, TcpStream};

/// A connected loopback tcp pair: (client, accepted).
pub fn pair() -> (TcpStream, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (c, s)
}
