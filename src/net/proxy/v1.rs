//! PROXY protocol v1: one text line,
//! `PROXY TCP4|TCP6 <src> <dst> <sport> <dport>\r\n` or
//! `PROXY UNKNOWN[ <anything>]\r\n`, at most 107 bytes. Validation is
//! strict: single spaces, addresses of the family named (as `inet_ntop`
//! writes them), ports 0 to 65535 in decimal without leading zeros.
//! A prefix is checked field by field as it arrives, so garbage is refused
//! before its line ends.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::header::{Command, Header, Kind, Parse, Tlvs, invalid};

/// The longest v1 line, CRLF included.
pub const MAX_LEN: usize = 107;
/// The shortest v1 line: `PROXY UNKNOWN\r\n`.
pub const MIN_LEN: usize = 15;

const SIGNATURE: &[u8] = b"PROXY ";
/// The longest text of an IPv4 (`255.255.255.255`) and IPv6 address
/// (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`).
const V4_TEXT_MAX: usize = 15;
const V6_TEXT_MAX: usize = 45;

/// Parses a buffer starting with `P` as a v1 line (see [`super::parse`]).
pub fn parse(buf: &[u8]) -> Parse {
    let n = buf.len().min(SIGNATURE.len());
    if buf[..n] != SIGNATURE[..n] {
        return invalid(Kind::V1Signature);
    }
    let window = &buf[..buf.len().min(MAX_LEN)];
    if let Some(lf) = window.iter().position(|&c| c == b'\n') {
        let len = lf + 1;
        if lf < SIGNATURE.len() + 1 || buf[lf - 1] != b'\r' {
            return invalid(Kind::V1Syntax);
        }
        return match line(&buf[SIGNATURE.len()..lf - 1], true) {
            Ok(Some(header)) => Parse::Complete { header, len },
            Ok(None) => invalid(Kind::V1Syntax),
            Err(kind) => invalid(kind),
        };
    }
    // No LF yet. A trailing CR can only be the end of the line: what comes
    // before it must be a whole line, and one byte (the LF) is missing.
    let (body, needed) = match buf.split_last() {
        Some((b'\r', rest)) if rest.len() >= SIGNATURE.len() => (&rest[SIGNATURE.len()..], 1),
        _ => (
            buf.get(SIGNATURE.len()..).unwrap_or_default(),
            MIN_LEN.saturating_sub(buf.len()).max(2),
        ),
    };
    if buf.len() + needed > MAX_LEN {
        return invalid(Kind::V1TooLong);
    }
    match line(body, needed == 1) {
        Err(kind) => invalid(kind),
        Ok(Some(_)) | Ok(None) => Parse::Incomplete { max_more: needed },
    }
}

/// Checks the text between `PROXY ` and the CRLF. With `whole` it is the
/// entire line and must be complete (`Ok(Some)`); otherwise it is a prefix
/// and `Ok(None)` says it can still become one.
fn line(body: &[u8], whole: bool) -> Result<Option<Header>, Kind> {
    let (proto, rest) = match body.iter().position(|&c| c == b' ') {
        Some(sp) => (&body[..sp], Some(&body[sp + 1..])),
        None => (body, None),
    };
    if proto == b"UNKNOWN" {
        // Anything may follow a space, up to the CRLF (a LF never reaches
        // here; a CR alone is payload).
        return Ok(whole.then(unknown));
    }
    let v6 = match proto {
        b"TCP4" => false,
        b"TCP6" => true,
        _ if rest.is_none() && !whole && is_protocol_prefix(proto) => return Ok(None),
        _ => return Err(Kind::V1Protocol),
    };
    let Some(rest) = rest else {
        return if whole { Err(Kind::V1Syntax) } else { Ok(None) };
    };
    if rest.contains(&b'\r') {
        return Err(Kind::V1Syntax);
    }
    let fields: Vec<&[u8]> = rest.split(|&c| c == b' ').collect();
    if fields.len() > 4 || (whole && fields.len() != 4) {
        return Err(Kind::V1Syntax);
    }
    let mut ips = [None, None];
    let mut ports = [0u16; 2];
    for (i, field) in fields.iter().enumerate() {
        let last_partial = !whole && i == fields.len() - 1;
        if field.is_empty() && !last_partial {
            return Err(Kind::V1Syntax);
        }
        if i < 2 {
            if last_partial {
                address_prefix(field, v6)?;
            } else {
                ips[i] = Some(address(field, v6)?);
            }
        } else if last_partial {
            port_prefix(field)?;
        } else {
            ports[i - 2] = port(field)?;
        }
    }
    if !whole {
        return Ok(None);
    }
    let (Some(src), Some(dst)) = (ips[0], ips[1]) else {
        return Err(Kind::V1Syntax);
    };
    Ok(Some(Header {
        version: 1,
        command: Command::Proxy,
        source: Some(SocketAddr::new(src, ports[0])),
        destination: Some(SocketAddr::new(dst, ports[1])),
        tlvs: Tlvs::default(),
    }))
}

fn unknown() -> Header {
    Header {
        version: 1,
        command: Command::Local,
        source: None,
        destination: None,
        tlvs: Tlvs::default(),
    }
}

fn is_protocol_prefix(p: &[u8]) -> bool {
    [&b"TCP4"[..], b"TCP6", b"UNKNOWN"]
        .iter()
        .any(|full| full.starts_with(p))
}

/// A whole address field of the family named.
fn address(field: &[u8], v6: bool) -> Result<IpAddr, Kind> {
    let text = std::str::from_utf8(field).map_err(|_| Kind::V1Address)?;
    if v6 {
        text.parse::<Ipv6Addr>()
            .map(IpAddr::V6)
            .map_err(|_| Kind::V1Address)
    } else {
        text.parse::<Ipv4Addr>()
            .map(IpAddr::V4)
            .map_err(|_| Kind::V1Address)
    }
}

/// The start of an address field: characters of the family's text form,
/// no longer than its longest text.
fn address_prefix(field: &[u8], v6: bool) -> Result<(), Kind> {
    let ok = if v6 {
        field.len() <= V6_TEXT_MAX
            && field
                .iter()
                .all(|c| c.is_ascii_hexdigit() || *c == b':' || *c == b'.')
    } else {
        field.len() <= V4_TEXT_MAX && field.iter().all(|c| c.is_ascii_digit() || *c == b'.')
    };
    if ok { Ok(()) } else { Err(Kind::V1Address) }
}

/// A whole port field: 0 to 65535, decimal, no sign, no leading zero.
fn port(field: &[u8]) -> Result<u16, Kind> {
    port_prefix(field)?;
    if field.is_empty() {
        return Err(Kind::V1Port);
    }
    std::str::from_utf8(field)
        .ok()
        .and_then(|t| t.parse::<u16>().ok())
        .ok_or(Kind::V1Port)
}

/// The start of a port field.
fn port_prefix(field: &[u8]) -> Result<(), Kind> {
    if !field.iter().all(u8::is_ascii_digit) || field.len() > 5 {
        return Err(Kind::V1Port);
    }
    let leading_zero = field.len() > 1 && field[0] == b'0';
    let value = field
        .iter()
        .fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
    if leading_zero || value > 65535 {
        Err(Kind::V1Port)
    } else {
        Ok(())
    }
}
