//! Errors by kind: how a failed connect, read or write is named in the
//! report (`ECONNREFUSED(connect)`, `timeout(echo)`, ...) and counted.

use std::{collections::BTreeMap, io};

use serde::Serialize;

/// Errors by kind (`ECONNREFUSED`, `timeout(connect)`, ...).
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct Errors(BTreeMap<String, u64>);

impl Errors {
    pub(crate) fn add(&mut self, kind: impl Into<String>) {
        *self.0.entry(kind.into()).or_insert(0) += 1;
    }
    pub(crate) fn merge(&mut self, other: Errors) {
        for (k, v) in other.0 {
            *self.0.entry(k).or_insert(0) += v;
        }
    }
    pub(crate) fn total(&self) -> u64 {
        self.0.values().sum()
    }
}

/// `ECONNREFUSED(connect)`, `eof(read)`, ...: an I/O error named with the step it stopped.
pub(crate) fn io_kind(stage: &str, e: &io::Error) -> String {
    let name = match e.raw_os_error() {
        Some(libc::ECONNREFUSED) => "ECONNREFUSED".to_string(),
        Some(libc::ECONNRESET) => "ECONNRESET".to_string(),
        Some(libc::EPIPE) => "EPIPE".to_string(),
        Some(libc::ETIMEDOUT) => "ETIMEDOUT".to_string(),
        Some(libc::EADDRNOTAVAIL) => "EADDRNOTAVAIL".to_string(),
        Some(libc::EMFILE) => "EMFILE".to_string(),
        Some(libc::ENFILE) => "ENFILE".to_string(),
        Some(code) => format!("errno {code}"),
        None if e.kind() == io::ErrorKind::UnexpectedEof => "eof".to_string(),
        None => format!("{:?}", e.kind()),
    };
    format!("{name}({stage})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_kind() {
        let mut a = Errors::default();
        a.add("EPIPE(write)");
        a.add("EPIPE(write)".to_string());
        let mut b = Errors::default();
        b.add("timeout(echo)");
        b.add("EPIPE(write)");
        a.merge(b);
        assert_eq!(a.total(), 4);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"EPIPE(write)":3,"timeout(echo)":1}"#
        );
        assert_eq!(Errors::default().total(), 0);
    }

    #[test]
    fn io_kinds_named_with_the_step() {
        let os = |code, stage| io_kind(stage, &io::Error::from_raw_os_error(code));
        assert_eq!(os(libc::ECONNREFUSED, "connect"), "ECONNREFUSED(connect)");
        assert_eq!(os(libc::ECONNRESET, "read"), "ECONNRESET(read)");
        assert_eq!(os(libc::EPIPE, "write"), "EPIPE(write)");
        assert_eq!(os(libc::ETIMEDOUT, "connect"), "ETIMEDOUT(connect)");
        assert_eq!(os(libc::EADDRNOTAVAIL, "connect"), "EADDRNOTAVAIL(connect)");
        assert_eq!(os(libc::EMFILE, "connect"), "EMFILE(connect)");
        assert_eq!(os(libc::ENFILE, "connect"), "ENFILE(connect)");
        assert_eq!(
            os(libc::EINVAL, "ack"),
            format!("errno {}(ack)", libc::EINVAL)
        );
        let kind = |k: io::ErrorKind| io_kind("read", &io::Error::new(k, "x"));
        assert_eq!(kind(io::ErrorKind::UnexpectedEof), "eof(read)");
        assert_eq!(kind(io::ErrorKind::InvalidData), "InvalidData(read)");
    }
}
