//! The Adobe CJK character collections (GB1, CNS1, Japan1, Korea1): CID ↔ Unicode. Needed for
//! CID fonts without a ToUnicode map (Identity-H on STSong, MingLiU, MS-Mincho and friends)
//! and, reversed, to find the CID, hence the width, of a code given through a Unicode or
//! legacy-charset predefined CMap (UniCNS-UTF16-H, ETen-B5-H, 90ms-RKSJ-H …).
//! Data: `data/adobe-*.bin`, made by `scripts/gen-adobe-cid.py` (see its license note).

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Gb1,
    Cns1,
    Japan1,
    Korea1,
}

static TABLES: [&[u8]; 4] = [
    include_bytes!("data/adobe-gb1.bin"),
    include_bytes!("data/adobe-cns1.bin"),
    include_bytes!("data/adobe-japan1.bin"),
    include_bytes!("data/adobe-korea1.bin"),
];

impl Collection {
    /// From `/CIDSystemInfo /Ordering`.
    pub fn from_ordering(ord: &[u8]) -> Option<Collection> {
        match ord {
            b"GB1" => Some(Collection::Gb1),
            b"CNS1" => Some(Collection::Cns1),
            b"Japan1" => Some(Collection::Japan1),
            b"Korea1" => Some(Collection::Korea1),
            _ => None,
        }
    }

    fn table(self) -> &'static [u8] {
        TABLES[self as usize]
    }

    pub fn cid_to_unicode(self, cid: u32) -> Option<char> {
        let i = (cid as usize).checked_mul(4)?;
        let b = self.table().get(i..i + 4)?;
        let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if v == 0 { None } else { char::from_u32(v) }
    }

    /// The lowest CID showing `c` (half-width forms come first in every collection, as the
    /// Uni* CMaps map them).
    pub fn unicode_to_cid(self, c: char) -> Option<u32> {
        static REV: [OnceLock<HashMap<u32, u32>>; 4] = [const { OnceLock::new() }; 4];
        let rev = REV[self as usize].get_or_init(|| {
            let table = self.table();
            let mut m = HashMap::with_capacity(table.len() / 4);
            for (cid, b) in table.chunks_exact(4).enumerate() {
                let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                if v != 0 {
                    m.entry(v).or_insert(cid as u32);
                }
            }
            m
        });
        rev.get(&(c as u32)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Collection::*;

    #[test]
    fn both_ways() {
        assert_eq!(Gb1.cid_to_unicode(1), Some(' '));
        assert_eq!(Gb1.cid_to_unicode(0x11), Some('0'));
        for (coll, s) in [
            (Gb1, "中华人民共和国"),
            (Cns1, "澳門特別行政區公報臺灣"),
            (Japan1, "官報東京"),
            (Korea1, "관보대한민국"),
        ] {
            for c in s.chars() {
                let cid = coll
                    .unicode_to_cid(c)
                    .unwrap_or_else(|| panic!("{coll:?} {c}"));
                assert_eq!(coll.cid_to_unicode(cid), Some(c));
            }
        }
        assert_eq!(Cns1.cid_to_unicode(u32::MAX), None);
        assert_eq!(super::Collection::from_ordering(b"CNS1"), Some(Cns1));
        assert_eq!(super::Collection::from_ordering(b"Identity"), None);
    }
}
