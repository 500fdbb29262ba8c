//! The TLVs after a v2 header's addresses: type (1 byte), length (2 bytes,
//! big-endian), value. A TLV that overruns the header is malformed;
//! `PP2_TYPE_CRC32C` is verified (over the whole header with the checksum
//! field taken as zeros); unknown types are skipped.

use super::header::{Kind, SslInfo, Tlvs};

const ALPN: u8 = 0x01;
const AUTHORITY: u8 = 0x02;
const CRC32C: u8 = 0x03;
const UNIQUE_ID: u8 = 0x05;
const SSL: u8 = 0x20;
const SSL_VERSION: u8 = 0x21;
const SSL_CN: u8 = 0x22;
const SSL_CIPHER: u8 = 0x23;
const SSL_SIG_ALG: u8 = 0x24;
const SSL_KEY_ALG: u8 = 0x25;
/// The spec's limit for `PP2_TYPE_UNIQUE_ID`.
const UNIQUE_ID_MAX: usize = 128;

/// The TLVs in `list`: `(type, value)` pairs, or `TlvOverrun`.
fn split(list: &[u8]) -> Result<Vec<(u8, &[u8])>, Kind> {
    let mut out = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        if rest.len() < 3 {
            return Err(Kind::TlvOverrun);
        }
        let len = usize::from(u16::from_be_bytes([rest[1], rest[2]]));
        let value = rest.get(3..3 + len).ok_or(Kind::TlvOverrun)?;
        out.push((rest[0], value));
        rest = &rest[3 + len..];
    }
    Ok(out)
}

/// Reads the TLVs of `header` (a whole v2 header) from `start` on.
pub fn parse(header: &[u8], start: usize) -> Result<Tlvs, Kind> {
    let mut tlvs = Tlvs::default();
    let mut crc = None;
    let list = header.get(start..).unwrap_or_default();
    let mut offset = start;
    for (kind, value) in split(list)? {
        offset += 3;
        match kind {
            ALPN => first(&mut tlvs.alpn, value),
            AUTHORITY => first(&mut tlvs.authority, value),
            CRC32C => {
                let v: [u8; 4] = value.try_into().map_err(|_| Kind::CrcLength)?;
                crc.get_or_insert((offset, u32::from_be_bytes(v)));
            }
            UNIQUE_ID if value.len() > UNIQUE_ID_MAX => return Err(Kind::UniqueId),
            UNIQUE_ID => first(&mut tlvs.unique_id, value),
            SSL => {
                let ssl = ssl(value)?;
                tlvs.ssl.get_or_insert(ssl);
            }
            _ => {}
        }
        offset += value.len();
    }
    if let Some((at, expected)) = crc {
        let sum = crc32c_update(!0, &header[..at]);
        let sum = crc32c_update(sum, &[0; 4]);
        let sum = !crc32c_update(sum, &header[at + 4..]);
        if sum != expected {
            return Err(Kind::Crc);
        }
    }
    Ok(tlvs)
}

fn first(slot: &mut Option<Vec<u8>>, value: &[u8]) {
    slot.get_or_insert_with(|| value.to_vec());
}

/// `PP2_TYPE_SSL`: client (u8), verify (u32), then sub-TLVs.
fn ssl(value: &[u8]) -> Result<SslInfo, Kind> {
    if value.len() < 5 {
        return Err(Kind::Ssl);
    }
    let mut info = SslInfo {
        client: value[0],
        verified: value[1..5] == [0; 4],
        ..SslInfo::default()
    };
    for (kind, v) in split(&value[5..])? {
        match kind {
            SSL_VERSION => first(&mut info.version, v),
            SSL_CN => first(&mut info.cn, v),
            SSL_CIPHER => first(&mut info.cipher, v),
            SSL_SIG_ALG => first(&mut info.sig_alg, v),
            SSL_KEY_ALG => first(&mut info.key_alg, v),
            _ => {}
        }
    }
    Ok(info)
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) lookup table.
const TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// Feeds `data` into a running CRC-32C (start with `!0`, finish with `!`).
pub fn crc32c_update(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc = TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The CRC-32C of `data`.
pub fn crc32c(data: &[u8]) -> u32 {
    !crc32c_update(!0, data)
}
