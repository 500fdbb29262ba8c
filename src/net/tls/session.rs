//! One server-side TLS connection over a borrowed socket: handshake,
//! reads, writes, peek and shutdown with PHP's blocking and timeout rules
//! (the same [`Wait`] as plain sockets).
//!
//! The socket stays non-blocking for OpenSSL's sake: every read and write
//! of the record layer uses `MSG_DONTWAIT`, and waiting is done here, with
//! `poll`, for the direction OpenSSL asks for.

use std::{
    fmt,
    io::{self, Read, Write},
    os::fd::RawFd,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
};

use openssl::{
    ssl::{ErrorCode, Ssl, SslContext, SslStream},
    x509::X509VerifyResult,
};

use super::{
    config::{ConfigError, error_lines},
    ffi,
};
use crate::net::{
    Outcome,
    conn::{self, Wait},
    sys::{self, Interest},
};

/// The record layer's I/O: the borrowed socket, never blocking.
#[derive(Debug)]
pub struct FdIo {
    fd: RawFd,
    /// The last read or write found the socket unconnected (a bound or
    /// listening socket). OpenSSL retries `ENOTCONN` as if it would block,
    /// but no poll will ever see data for it.
    not_connected: bool,
}

impl FdIo {
    fn seen<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            self.not_connected = e.raw_os_error() == Some(libc::ENOTCONN);
        }
        r
    }
}

impl Read for FdIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = sys::recv(self.fd, buf, libc::MSG_DONTWAIT);
        self.seen(r)
    }
}

impl Write for FdIo {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = sys::send(self.fd, buf, libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL);
        self.seen(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why a TLS operation failed, as PHP tells its users.
#[derive(Debug)]
pub enum Failure {
    /// The peer closed the connection without a TLS alert.
    Eof,
    /// The socket failed.
    Io(io::Error),
    /// OpenSSL failed: `SSL_get_error`'s code and the error lines.
    Ssl {
        /// `SSL_ERROR_*`
        code: i32,
        /// `ERR_error_string_n` lines, oldest first.
        lines: Vec<String>,
        /// The first error is "no shared cipher".
        no_shared_cipher: bool,
    },
}

/// `SSL_R_NO_SHARED_CIPHER`
const NO_SHARED_CIPHER: i32 = 193;

/// What the negotiated connection looks like (`stream_get_meta_data`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// `TLSv1.3`, ...
    pub protocol: String,
    /// OpenSSL's cipher name.
    pub cipher_name: String,
    /// Secret bits.
    pub cipher_bits: i32,
    /// The protocol version the cipher belongs to.
    pub cipher_version: String,
    /// The ALPN protocol agreed on, if any.
    pub alpn_protocol: Option<Vec<u8>>,
}

/// One server-side TLS connection over a borrowed socket.
pub struct Session {
    stream: SslStream<FdIo>,
    starts: Arc<AtomicU32>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl Session {
    /// A connection in the accepting state on `fd` (not yet shaken hands).
    pub fn new(ctx: &SslContext, fd: RawFd) -> Result<Self, ConfigError> {
        let mut ssl = Ssl::new(ctx)?;
        ssl.set_accept_state();
        let starts = Arc::new(AtomicU32::new(0));
        ffi::count_handshake_starts(&mut ssl, Arc::clone(&starts));
        Ok(Session {
            stream: SslStream::new(
                ssl,
                FdIo {
                    fd,
                    not_connected: false,
                },
            )?,
            starts,
        })
    }

    fn run<T>(
        &mut self,
        wait: Wait,
        mut op: impl FnMut(&mut SslStream<FdIo>) -> Result<T, openssl::ssl::Error>,
    ) -> Outcome<T, Failure> {
        let deadline = wait.deadline();
        let fd = self.stream.get_ref().fd;
        loop {
            self.stream.get_mut().not_connected = false;
            let interest = match op(&mut self.stream) {
                Ok(v) => return Outcome::Ready(v),
                Err(e) => match e.code() {
                    ErrorCode::WANT_READ => Interest::Read,
                    ErrorCode::WANT_WRITE => Interest::Write,
                    ErrorCode::ZERO_RETURN => return Outcome::Closed,
                    ErrorCode::SYSCALL if e.ssl_error().is_none() => {
                        return match e.into_io_error() {
                            Ok(io) if io.kind() == io::ErrorKind::Interrupted => continue,
                            Ok(io) => Outcome::Failed(Failure::Io(io)),
                            Err(_) => Outcome::Failed(Failure::Eof),
                        };
                    }
                    code => {
                        let (lines, first) = e
                            .ssl_error()
                            .map(|s| (error_lines(s), s.errors().first().map(|x| x.reason_code())))
                            .unwrap_or_default();
                        return Outcome::Failed(Failure::Ssl {
                            code: code.as_raw(),
                            lines,
                            no_shared_cipher: first == Some(NO_SHARED_CIPHER),
                        });
                    }
                },
            };
            if wait == Wait::Never {
                return Outcome::WouldBlock;
            }
            if self.stream.get_ref().not_connected {
                // Nothing can arrive on an unconnected socket: as PHP, the
                // wait ends at the stream's timeout (PHP spins until then,
                // this sleeps); with no timeout, it fails now.
                let Some(deadline) = deadline else {
                    let e = io::Error::from_raw_os_error(libc::ENOTCONN);
                    return Outcome::Failed(Failure::Io(e));
                };
                std::thread::sleep(deadline.saturating_duration_since(std::time::Instant::now()));
                return Outcome::TimedOut;
            }
            match conn::wait_until(fd, interest, deadline) {
                Ok(true) => {}
                Ok(false) => return Outcome::TimedOut,
                Err(e) => return Outcome::Failed(Failure::Io(e)),
            }
        }
    }

    /// Runs (or continues) the server handshake.
    pub fn handshake(&mut self, wait: Wait) -> Outcome<(), Failure> {
        self.run(wait, |s| s.accept())
    }

    /// Reads plaintext; `Closed` after the peer's `close_notify`.
    pub fn read(&mut self, buf: &mut [u8], wait: Wait) -> Outcome<usize, Failure> {
        if buf.is_empty() {
            return Outcome::Ready(0);
        }
        self.run(wait, |s| s.ssl_read(buf))
    }

    /// Looks at plaintext without consuming it, never waiting.
    pub fn peek(&mut self, buf: &mut [u8]) -> Outcome<usize, Failure> {
        self.run(Wait::Never, |s| s.ssl_peek(buf))
    }

    /// Writes plaintext (one or more records).
    pub fn write(&mut self, buf: &[u8], wait: Wait) -> Outcome<usize, Failure> {
        if buf.is_empty() {
            return Outcome::Ready(0);
        }
        self.run(wait, |s| s.ssl_write(buf))
    }

    /// Sends `close_notify` if it can without waiting; the connection is
    /// plaintext (or closed) afterwards.
    pub fn shutdown(&mut self) {
        let _ = self.stream.shutdown();
    }

    /// How many handshakes have started: 1 for the first, one more for
    /// each renegotiation the peer attempted (refused or not).
    pub fn handshake_starts(&self) -> u32 {
        self.starts.load(Ordering::Relaxed)
    }

    /// Decrypted bytes OpenSSL holds that no read has taken yet.
    pub fn pending(&self) -> usize {
        self.stream.ssl().pending()
    }

    /// Protocol, cipher and ALPN of the established connection.
    pub fn info(&self) -> Info {
        let ssl = self.stream.ssl();
        let cipher = ssl.current_cipher();
        Info {
            protocol: match ssl.version_str() {
                v @ ("TLSv1.3" | "TLSv1.2" | "TLSv1.1" | "TLSv1" | "SSLv3") => v.to_string(),
                _ => "UNKNOWN".to_string(),
            },
            cipher_name: cipher.map_or("", |c| c.name()).to_string(),
            cipher_bits: cipher.map_or(0, |c| c.bits().secret),
            cipher_version: cipher.map_or("", |c| c.version()).to_string(),
            alpn_protocol: ssl.selected_alpn_protocol().map(<[u8]>::to_vec),
        }
    }

    /// The client's certificate (PEM), if it sent one.
    pub fn peer_cert_pem(&self) -> Option<Vec<u8>> {
        self.stream.ssl().peer_certificate()?.to_pem().ok()
    }

    /// The client's chain (PEM each), as OpenSSL reports it to a server
    /// (without the leaf).
    pub fn peer_chain_pem(&self) -> Vec<Vec<u8>> {
        self.stream
            .ssl()
            .peer_cert_chain()
            .map(|chain| chain.iter().filter_map(|c| c.to_pem().ok()).collect())
            .unwrap_or_default()
    }

    /// Whether the client's certificate verified (true without one).
    /// The error is OpenSSL's verify code and its text.
    pub fn peer_verified(&self) -> Result<(), (i32, String)> {
        let r = self.stream.ssl().verify_result();
        if r == X509VerifyResult::OK {
            Ok(())
        } else {
            Err((r.as_raw(), r.error_string().to_string()))
        }
    }
}
