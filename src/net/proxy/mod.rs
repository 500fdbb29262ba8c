//! PROXY protocol v1 and v2 for tcp:// and TLS servers (opt-in per
//! server): the header parser ([`parse`]), the allow-list of proxies
//! ([`AllowList`]), and the background reader that hands PHP only
//! connections whose header is complete ([`Acceptor`]).
//!
//! # Why a thread
//!
//! A proxy listener must not let a slow, silent or garbage client stall
//! PHP: `stream_select()` on the server must wake only when a connection
//! can be accepted at once, and `stream_socket_accept()` must never wait
//! for a header. So each proxy listener has one thread (64 KiB stack) that
//! accepts from the listener, checks the source against the allow-list,
//! reads each header as its bytes arrive (never past its end: peek, parse,
//! consume exactly the header's bytes), and drops connections that are
//! not allowed, malformed, truncated, oversized, too slow
//! ([`Config::header_timeout`]) or too many ([`Config::max_pending`], the
//! oldest goes). The thread never blocks: every descriptor it reads is
//! non-blocking and it waits only in `poll`, up to the nearest deadline.
//! It blocks every signal, so that signals meant for PHP (`pcntl_signal`
//! handlers, the execution timer) reach PHP's thread and interrupt its
//! waits (`stream_select`) as they do without rsock.
//!
//! # Why two channels
//!
//! Complete connections go to PHP over a `socketpair(AF_UNIX,
//! SOCK_SEQPACKET)`, one message each: the descriptor (`SCM_RIGHTS`; the
//! thread then closes its copy), the peer and the header. Its read end is
//! what `stream_select()` watches ([`Acceptor::ready_fd`]): readable iff a
//! complete connection is queued. Drop reports go over a second channel
//! ([`Acceptor::take_drops`], never blocks), which PHP drains into
//! warnings: were they on the first, a flood of garbage would wake the
//! select loop for nothing. When the ready channel is full the thread
//! stops accepting (the kernel backlog holds the connections, and another
//! process sharing the listener may take them) until PHP catches up; drop
//! reports that find their channel full are only counted (the drops
//! happen all the same), and [`Acceptor::take_drops`] sums them up in one
//! [`DropReason::Unreported`].
//!
//! # Fork
//!
//! A child of `pcntl_fork()` inherits copies of the channels and of the
//! connections the thread held, but not the thread. It must never join or
//! signal the parent's thread, nor take a lock the thread may have held.
//! Every descriptor of an acceptor (channel ends, eventfd, the connections
//! the thread holds) is kept in a table of atomics (no lock: a lock the
//! thread held at the fork would stay held in the child forever), and a
//! `pthread_atfork` child handler closes the child's copies at once, before
//! the child runs any code of its own (so it never closes a number the
//! child reused, and a child that never touches the server keeps no
//! connection of its parent's open). [`Acceptor::forsake`] (also what
//! `Drop` does when [`crate::net::sys::fork_generation`] differs from
//! [`Acceptor::generation`]) then only leaves the thread alone. The
//! parent's thread goes on serving the parent.
//!
//! # The listener
//!
//! The listener is borrowed (the PHP stream owns it and outlives the
//! [`Acceptor`]) and stays non-blocking. The thread polls it before every
//! accept and takes `EAGAIN` as "another process sharing the listener took
//! it". Someone may make it blocking (`socket_set_block` on what
//! `socket_import_stream` gave, or another program sharing the socket):
//! the thread then sets `O_NONBLOCK` again before it accepts, because with
//! several processes sharing a blocking listener each connection wakes
//! every thread and all but one would block in `accept` until the next
//! connection (their pending headers unread, their owner's `fclose()`
//! waiting to join). rsock sets no other option on the listener (no
//! `SO_RCVTIMEO`). After a resource error (`EMFILE`, `ENOBUFS`) accepting
//! pauses 100 ms (the listener stays readable, which would otherwise spin).
//! A listener shut down (`stream_socket_shutdown`: `EINVAL` from accept,
//! or hung up with nothing to accept) ends the thread: the ready channel
//! then reads as end of file, so `stream_select()` sees the server
//! readable and [`Acceptor::accept`] fails with `EINVAL` at once, as PHP's
//! accept does on such a listener.
//!
//! # Limits
//!
//! A v1 line has at most 107 bytes ([`V1_MAX_LEN`]); a v2 length field
//! above 4096 ([`V2_MAX_BODY`]; the spec allows 65535, proxies send a few
//! hundred) is malformed, so a pending connection needs at most
//! [`MAX_LEN`] bytes. [`Parse::Incomplete`]'s `max_more` never lets a
//! reader pass a header's end; the thread peeks anyway, to take a v1 line
//! in one read.
//!
//! # Stop
//!
//! Dropping the [`Acceptor`] in its own process wakes the thread (an
//! eventfd), joins it, and every connection it held is closed, queued ones
//! included (closing the channel's read end frees those in flight). The
//! listener is borrowed and stays open.

mod acceptor;
mod allow;
mod channel;
mod header;
mod slots;
mod tlv;
mod v1;
mod v2;
mod worker;

#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod tests;

pub use acceptor::{Accepted, Acceptor, Config, DropReason, Dropped};
pub use allow::{AllowList, BadEntry};
pub use header::{Command, Header, MAX_LEN, Malformed, Parse, SslInfo, Tlvs, parse};
pub use tlv::crc32c;
/// The longest v1 line.
pub use v1::MAX_LEN as V1_MAX_LEN;
/// The largest v2 length field accepted (addresses and TLVs); a larger
/// one is malformed ("v2 header too long").
pub use v2::MAX_BODY as V2_MAX_BODY;
