//! ToUnicode CMaps: character code → Unicode text. Codes of subset fonts are small, so a
//! dense table covers them; anything else falls back to a map. Multi-character targets
//! (ligatures) are kept whole.

use std::collections::HashMap;
use std::sync::Arc;

use lopdf::{Document, Object};

use super::lexer::{Lexer, Operand};
use super::objects::{Cost, Load, MAX_STREAM, decode, decode_cost, slot};

/// The CMap stream `obj` parsed, once per stream object for the whole document: charged to
/// the document when parsed, and to the font `load` each time a font uses it.
pub fn load(doc: &Document, obj: &Object, load: &Load) -> Option<Arc<ToUnicode>> {
    let parse = || {
        let r = decode(doc, obj, MAX_STREAM);
        let bytes = decode_cost(r.as_ref().map(|d| d.len()), MAX_STREAM);
        let t = r.ok().map(|d| ToUnicode::parse(&d));
        let entries = t.as_ref().map_or(0, ToUnicode::entries);
        load.budget.charge(Cost {
            bytes,
            entries,
            ..Cost::default()
        });
        t.map(|mut t| {
            t.cost = (bytes, entries);
            Arc::new(t)
        })
    };
    let t = match obj {
        Object::Reference(id) => slot(&load.budget.cmaps, *id).get_or_init(parse).clone(),
        _ => parse(),
    };
    let (bytes, entries) = t.as_ref().map_or((0, 0), |t| t.cost);
    load.count(Cost {
        bytes,
        entries,
        ..Cost::default()
    });
    t
}

/// Ranges wider than this in one `bfrange` are garbage (or an attack on memory).
const MAX_RANGE: u32 = 0x1_0000;
const DENSE_LIMIT: u32 = 0x1_0000;
const MULTI: u32 = u32::MAX;

#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    dense: Vec<u32>,
    sparse: HashMap<u32, u32>,
    multi: HashMap<u32, String>,
    /// Code lengths in bytes declared by `codespacerange` (1..=4), empty if none given.
    pub code_lengths: Vec<(usize, u32, u32)>,
    /// Bytes decoded and entries parsed to make it (what each font using it is charged).
    pub cost: (usize, usize),
}

impl ToUnicode {
    pub fn parse(data: &[u8]) -> ToUnicode {
        let mut cm = ToUnicode::default();
        let mut lx = Lexer::for_cmap(data);
        let mut ops = Vec::new();
        let mut steps = 0usize;
        // Codes written by ranges, over the whole CMap (ranges may overlap without end).
        let mut budget: u32 = 1 << 20;
        while let Some(k) = lx.next_op(&mut ops) {
            steps += 1;
            if steps > 1_000_000 {
                break;
            }
            match k {
                b"endcodespacerange" => {
                    for pair in ops.chunks_exact(2) {
                        if let (Operand::Str(a), Operand::Str(b)) = (&pair[0], &pair[1])
                            && (1..=4).contains(&a.len())
                        {
                            cm.code_lengths.push((a.len(), be(a), be(b)));
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks_exact(2) {
                        if let (Operand::Str(src), Operand::Str(dst)) = (&pair[0], &pair[1]) {
                            cm.insert(be(src), utf16be(dst));
                        }
                    }
                }
                b"endbfrange" => {
                    for tri in ops.chunks_exact(3) {
                        let (Operand::Str(lo), Operand::Str(hi)) = (&tri[0], &tri[1]) else {
                            continue;
                        };
                        let (lo, hi) = (be(lo), be(hi));
                        if hi < lo || hi - lo > MAX_RANGE {
                            continue;
                        }
                        let Some(b) = budget.checked_sub(hi - lo + 1) else {
                            break;
                        };
                        budget = b;
                        match &tri[2] {
                            Operand::Str(dst) => {
                                // The last UTF-16 unit steps through the range. A range
                                // starting at <0000> (Tesseract's GlyphLessFont, cairo) maps
                                // code to the same code point: U+0000 itself is no text, the
                                // codes after it are.
                                let (head, last) = match dst.len() {
                                    0 => continue,
                                    1 => (&[][..], dst[0] as u32),
                                    n => (&dst[..n - 2], be(&dst[n - 2..])),
                                };
                                let head = utf16be(head);
                                for (k, code) in (lo..=hi).enumerate() {
                                    let Some(c) = char::from_u32(last + k as u32) else {
                                        continue;
                                    };
                                    let mut t = head.clone();
                                    if c != '\0' {
                                        t.push(c);
                                    }
                                    cm.insert(code, t);
                                }
                            }
                            Operand::Array(items) => {
                                for (code, item) in (lo..=hi).zip(items) {
                                    if let Operand::Str(dst) = item {
                                        cm.insert(code, utf16be(dst));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        cm
    }

    fn insert(&mut self, code: u32, text: String) {
        let mut it = text.chars();
        let value = match (it.next(), it.next()) {
            (Some(c), None) => c as u32,
            (None, _) => return,
            _ => {
                self.multi.insert(code, text);
                MULTI
            }
        };
        if code < DENSE_LIMIT {
            if self.dense.len() <= code as usize {
                self.dense.resize(code as usize + 1, 0);
            }
            self.dense[code as usize] = value;
        } else {
            self.sparse.insert(code, value);
        }
    }

    /// Appends the text of `code` to `out`; false if the code is not mapped.
    pub fn lookup(&self, code: u32, out: &mut Vec<char>) -> bool {
        let v = if code < DENSE_LIMIT {
            self.dense.get(code as usize).copied().unwrap_or(0)
        } else {
            self.sparse.get(&code).copied().unwrap_or(0)
        };
        match v {
            0 => false,
            MULTI => match self.multi.get(&code) {
                Some(s) => {
                    out.extend(s.chars());
                    true
                }
                None => false,
            },
            v => match char::from_u32(v) {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            },
        }
    }

    /// Codes mapped.
    pub fn entries(&self) -> usize {
        self.dense.iter().filter(|&&v| v != 0).count() + self.sparse.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dense.is_empty() && self.sparse.is_empty() && self.multi.is_empty()
    }

    /// Byte length of the code starting at `bytes`, from the codespace ranges.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.code_lengths.iter().find_map(|&(n, lo, hi)| {
            let c = be(bytes.get(..n)?);
            // Compare byte-wise as the spec says: each byte within its range.
            let ok = (0..n).all(|i| {
                let shift = 8 * (n - 1 - i);
                let (b, l, h) = (
                    (c >> shift) & 0xff,
                    (lo >> shift) & 0xff,
                    (hi >> shift) & 0xff,
                );
                l <= b && b <= h
            });
            ok.then_some(n)
        })
    }
}

/// Big-endian integer of up to 4 bytes (longer input keeps the last 4).
pub fn be(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &x| a.wrapping_shl(8) | x as u32)
}

/// UTF-16BE text of a CMap destination; lone surrogates become U+FFFD.
pub fn utf16be(b: &[u8]) -> String {
    let units = b.chunks(2).map(|c| {
        if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            c[0] as u16
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .filter(|&c| c != '\0')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange() {
        let cm = ToUnicode::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
              2 beginbfchar <0003> <0020> <0010> <00660069> endbfchar
              2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<5B57> <D840DC00>] endbfrange",
        );
        let mut out = Vec::new();
        for code in [3, 0x10, 0x21, 0x31] {
            assert!(cm.lookup(code, &mut out));
        }
        assert_eq!(out.iter().collect::<String>(), " fi\u{4e01}\u{20000}");
        assert!(!cm.lookup(0x99, &mut out));
        assert_eq!(cm.code_len(&[0, 1]), Some(2));
    }

    #[test]
    fn range_from_zero_maps_code_to_itself() {
        // Tesseract's GlyphLessFont and cairo write the identity map this way.
        let cm = ToUnicode::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
              1 beginbfrange <0000> <FFFF> <0000> endbfrange",
        );
        let mut out = Vec::new();
        for code in [0x41, 0x4E2D, 0x6587] {
            assert!(cm.lookup(code, &mut out));
        }
        assert_eq!(out.iter().collect::<String>(), "A中文");
        assert!(!cm.lookup(0, &mut out), "U+0000 is no text");
        assert!(!cm.lookup(0xD800, &mut out), "a lone surrogate is no text");
    }
}
