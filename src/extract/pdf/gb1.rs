//! The Adobe-GB1 character collection: CID ↔ Unicode. Needed for fonts that name GB1 glyphs
//! without a ToUnicode map (Identity-H on STSong and friends) and, reversed, to find the CID,
//! hence the width, of a code given through a Unicode or GBK predefined CMap.
//! Data: `data/adobe-gb1.bin`, made by `scripts/gen-adobe-gb1.py` (see its license note).

use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("data/adobe-gb1.bin");

pub fn cid_to_unicode(cid: u32) -> Option<char> {
    let i = cid as usize * 4;
    let b = TABLE.get(i..i + 4)?;
    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    if v == 0 { None } else { char::from_u32(v) }
}

/// The lowest CID showing `c` (half-width forms come first in GB1, as UniGB CMaps map them).
pub fn unicode_to_cid(c: char) -> Option<u32> {
    static REV: OnceLock<HashMap<u32, u32>> = OnceLock::new();
    let rev = REV.get_or_init(|| {
        let mut m = HashMap::with_capacity(TABLE.len() / 4);
        for (cid, b) in TABLE.chunks_exact(4).enumerate() {
            let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            if v != 0 {
                m.entry(v).or_insert(cid as u32);
            }
        }
        m
    });
    rev.get(&(c as u32)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        assert_eq!(cid_to_unicode(1), Some(' '));
        assert_eq!(cid_to_unicode(0x11), Some('0'));
        let zhong = unicode_to_cid('中').unwrap();
        assert_eq!(cid_to_unicode(zhong), Some('中'));
        assert_eq!(cid_to_unicode(u32::MAX), None);
    }
}
