//! Fonts as the text interpreter needs them: how to split a shown string into character
//! codes, each code's advance width, and its Unicode text. Unicode comes from, in order:
//! ToUnicode; the predefined CMap itself (UniGB-UCS2/UTF16 are Unicode, GBK/GB-EUC are
//! GB18030 bytes); the Adobe-GB1 table for Identity-encoded GB1 fonts; a simple font's
//! encoding. A code none of these map is counted as unmapped, never guessed.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use std::sync::Arc;

use super::cmap::{self, ToUnicode, be};
use super::encodings::{BaseEncoding, glyph_name};
use super::fold::fold_char;
use super::fontfile;
use super::gb1;
use super::objects::{Budget, get, get_dict, get_name, get_num, num, resolve, stream_bytes};
use super::truetype;

/// How bytes of a shown string split into codes, and what a code means without ToUnicode.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Codec {
    /// Simple font: one byte per code.
    Simple,
    /// Identity-H/V: two-byte codes that are CIDs.
    Identity,
    /// UniGB-UCS2-H and other `Uni*-UCS2-*`: two-byte UCS-2.
    Ucs2,
    /// `Uni*-UTF16-*`: UTF-16BE, surrogate pairs are one code.
    Utf16,
    /// GBK-EUC-H, GB-EUC-H, GBK2K-H…: GB18030 byte sequences (1, 2 or 4 bytes).
    Gb,
    /// An embedded CMap stream: code lengths from its codespace ranges; text from ToUnicode.
    Embedded,
}

pub struct Font {
    pub name: String,
    codec: Codec,
    to_unicode: Option<Arc<ToUnicode>>,
    /// Simple fonts: code → char from /Encoding (+ /Differences).
    simple_table: Option<Box<[Option<char>; 256]>>,
    /// CID fonts whose CIDs are Adobe-GB1 (Ordering GB1).
    gb1: bool,
    /// Embedded encoding CMap (for code lengths).
    enc_cmap: Option<Arc<ToUnicode>>,
    /// Embedded TrueType without ToUnicode: glyph id → char from the font's `cmap`, and
    /// CID → glyph id (`None` = identity).
    glyph_chars: Option<HashMap<u16, char>>,
    cid_to_gid: Option<Vec<u16>>,
    widths: Widths,
    /// Scale from glyph-space width units to text space (1/1000, or Type3 FontMatrix).
    scale: f32,
}

enum Widths {
    Simple {
        first: u32,
        w: Vec<f32>,
        missing: f32,
    },
    Cid {
        map: HashMap<u32, f32>,
        default: f32,
    },
}

/// One decoded code of a shown string.
pub struct Code {
    /// Advance in text space units per unit font size.
    pub advance: f32,
    /// Single-byte code 32: word spacing (Tw) applies.
    pub is_space: bool,
    /// False when no source gave Unicode for this code.
    pub mapped: bool,
}

impl Font {
    pub fn load(doc: &Document, dict: &Dictionary, budget: &Budget) -> Font {
        let name = get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| "(unnamed)".into());
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"");
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| cmap::load(doc, o, budget))
            .filter(|t| !t.is_empty());
        if subtype == b"Type0" {
            Self::load_type0(doc, dict, name, to_unicode, budget)
        } else {
            Self::load_simple(doc, dict, name, to_unicode, subtype == b"Type3", budget)
        }
    }

    fn load_type0(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<Arc<ToUnicode>>,
        budget: &Budget,
    ) -> Font {
        let mut enc_cmap = None;
        let codec = match dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o)) {
            Some(Object::Name(n)) => predefined_codec(n),
            Some(Object::Stream(_)) => {
                enc_cmap = dict
                    .get(b"Encoding")
                    .ok()
                    .and_then(|o| cmap::load(doc, o, budget));
                Codec::Embedded
            }
            _ => Codec::Identity,
        };
        let desc = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|o| resolve(doc, o)),
            _ => None,
        };
        let desc = match desc {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let mut gb1 = false;
        let (mut glyph_chars, mut cid_to_gid) = (None, None);
        let mut widths = Widths::Cid {
            map: HashMap::new(),
            default: 1000.0,
        };
        if let Some(d) = desc {
            if let Some(info) = get_dict(doc, d, b"CIDSystemInfo")
                && let Some(Object::String(ord, _)) = get(doc, info, b"Ordering")
            {
                gb1 = ord.as_slice() == b"GB1";
            }
            // A font known by name as a GB1 font (STSong-Light etc.) without CIDSystemInfo.
            if !gb1 && matches!(codec, Codec::Ucs2 | Codec::Utf16 | Codec::Gb) {
                gb1 = true;
            }
            if to_unicode.is_none() && !gb1 {
                glyph_chars = get_dict(doc, d, b"FontDescriptor")
                    .and_then(|fd| fd.get(b"FontFile2").ok())
                    .and_then(|o| stream_bytes(doc, o, budget))
                    .and_then(|font| truetype::glyph_to_unicode(&font));
                if glyph_chars.is_some()
                    && let Some(o @ Object::Stream(_)) = get(doc, d, b"CIDToGIDMap")
                {
                    cid_to_gid = stream_bytes(doc, o, budget).map(|b| {
                        b.chunks_exact(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect()
                    });
                }
            }
            let default = get_num(doc, d, b"DW").unwrap_or(1000.0);
            let map = match get(doc, d, b"W") {
                Some(Object::Array(w)) => parse_cid_widths(doc, w),
                _ => HashMap::new(),
            };
            widths = Widths::Cid { map, default };
        }
        Font {
            name,
            codec,
            to_unicode,
            simple_table: None,
            gb1,
            enc_cmap,
            glyph_chars,
            cid_to_gid,
            widths,
            scale: 0.001,
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<Arc<ToUnicode>>,
        type3: bool,
        budget: &Budget,
    ) -> Font {
        // A symbolic font with no /Encoding and no ToUnicode uses codes of its own (CJK
        // fonts cut into 8-bit subsets do this): reading them as Standard encoding would be
        // garbage, so its codes count as unmapped.
        let flags = get_dict(doc, dict, b"FontDescriptor")
            .and_then(|fd| get_num(doc, fd, b"Flags"))
            .unwrap_or(0.0) as u32;
        let mut table = BaseEncoding::Standard.table();
        let mut differences = None;
        let mut base = None;
        match dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o)) {
            Some(Object::Name(n)) => base = BaseEncoding::from_name(n),
            Some(Object::Dictionary(d)) => {
                base = get_name(doc, d, b"BaseEncoding").and_then(BaseEncoding::from_name);
                differences = match get(doc, d, b"Differences") {
                    Some(Object::Array(a)) => Some(a),
                    _ => None,
                };
            }
            _ => {}
        }
        // Without a base encoding, an embedded program's own encoding is the base.
        let builtin = match base {
            Some(b) => {
                table = b.table();
                false
            }
            None if !type3 => match fontfile::builtin_table(doc, dict, budget) {
                Some(t) => {
                    table = *t;
                    true
                }
                None => false,
            },
            None => false,
        };
        let private_codes = to_unicode.is_none()
            && !builtin
            && dict.get(b"Encoding").is_err()
            && flags & 4 != 0
            && flags & 32 == 0;
        if let Some(diffs) = differences {
            let mut code = 0usize;
            for item in diffs {
                match resolve(doc, item) {
                    Some(Object::Integer(i)) => code = (*i).clamp(0, 255) as usize,
                    Some(Object::Name(n)) => {
                        if code < 256 {
                            table[code] = glyph_name(n).or_else(|| {
                                // Type 3 glyphs named by their code (`a65`, `g65`,
                                // `c41`-style), as poppler reads them.
                                if type3 { numbered_glyph(n) } else { None }
                            });
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        let first = get_num(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
        let w: Vec<f32> = match get(doc, dict, b"Widths") {
            Some(Object::Array(a)) => a
                .iter()
                .take(256)
                .map(|o| resolve(doc, o).and_then(num).unwrap_or(0.0))
                .collect(),
            _ => Vec::new(),
        };
        let missing = get_dict(doc, dict, b"FontDescriptor")
            .and_then(|fd| get_num(doc, fd, b"MissingWidth"))
            .filter(|&m| m > 0.0)
            .unwrap_or(if w.is_empty() { 500.0 } else { 0.0 });
        let scale = if type3 {
            match get(doc, dict, b"FontMatrix") {
                Some(Object::Array(m)) => m.first().and_then(num).unwrap_or(0.001).abs(),
                _ => 0.001,
            }
        } else {
            0.001
        };
        Font {
            name,
            codec: Codec::Simple,
            to_unicode,
            simple_table: (!private_codes).then(|| Box::new(table)),
            gb1: false,
            enc_cmap: None,
            glyph_chars: None,
            cid_to_gid: None,
            widths: Widths::Simple { first, w, missing },
            scale,
        }
    }

    /// Splits `bytes` into codes; for each, appends its (folded) characters to `chars` and
    /// calls `f` with the code's metrics and the number of characters it added.
    pub fn decode(&self, bytes: &[u8], chars: &mut Vec<char>, mut f: impl FnMut(Code, &[char])) {
        let mut i = 0;
        while i < bytes.len() {
            let n = self.code_len(&bytes[i..]).min(bytes.len() - i);
            let raw = &bytes[i..i + n];
            i += n;
            let code = be(raw);
            chars.clear();
            let mut mapped = self
                .to_unicode
                .as_ref()
                .is_some_and(|t| t.lookup(code, chars));
            let mut cid = code;
            match self.codec {
                Codec::Simple => {
                    if !mapped
                        && let Some(c) = self
                            .simple_table
                            .as_ref()
                            .and_then(|t| t[code as usize & 0xff])
                    {
                        chars.push(c);
                        mapped = true;
                    }
                }
                Codec::Identity | Codec::Embedded => {
                    if !mapped
                        && self.gb1
                        && let Some(c) = gb1::cid_to_unicode(code)
                    {
                        chars.push(c);
                        mapped = true;
                    }
                    if !mapped && let Some(g) = &self.glyph_chars {
                        let gid = match &self.cid_to_gid {
                            Some(m) => m.get(code as usize).copied().unwrap_or(0),
                            None => u16::try_from(code).unwrap_or(0),
                        };
                        if let Some(&c) = g.get(&gid) {
                            chars.push(c);
                            mapped = true;
                        }
                    }
                }
                Codec::Ucs2 | Codec::Utf16 | Codec::Gb => {
                    let own = self.predefined_text(raw);
                    if !mapped && let Some(c) = own {
                        chars.push(c);
                        mapped = true;
                    }
                    cid = own.and_then(gb1::unicode_to_cid).unwrap_or(u32::MAX);
                }
            }
            for c in chars.iter_mut() {
                *c = fold_char(*c);
            }
            let advance = self.width(code, cid) * self.scale;
            let is_space = n == 1 && code == 32;
            f(
                Code {
                    advance,
                    is_space,
                    mapped,
                },
                chars,
            );
        }
    }

    fn code_len(&self, b: &[u8]) -> usize {
        match self.codec {
            Codec::Simple => 1,
            Codec::Identity | Codec::Ucs2 => 2,
            Codec::Utf16 => {
                if b.len() >= 4 && (0xD8..0xDC).contains(&b[0]) {
                    4
                } else {
                    2
                }
            }
            Codec::Gb => match b {
                [0..=0x80, ..] => 1,
                [_, 0x30..=0x39, ..] => 4,
                _ => 2,
            },
            Codec::Embedded => self
                .enc_cmap
                .as_ref()
                .and_then(|c| c.code_len(b))
                .or_else(|| self.to_unicode.as_ref().and_then(|t| t.code_len(b)))
                .unwrap_or(2),
        }
    }

    fn predefined_text(&self, raw: &[u8]) -> Option<char> {
        match self.codec {
            Codec::Ucs2 | Codec::Utf16 => super::cmap::utf16be(raw).chars().next(),
            Codec::Gb => {
                let (s, _, bad) = encoding_rs::GB18030.decode(raw);
                if bad { None } else { s.chars().next() }
            }
            _ => None,
        }
    }

    fn width(&self, code: u32, cid: u32) -> f32 {
        match &self.widths {
            Widths::Simple { first, w, missing } => code
                .checked_sub(*first)
                .and_then(|i| w.get(i as usize))
                .copied()
                .filter(|&x| x > 0.0)
                .unwrap_or(*missing),
            Widths::Cid { map, default } => map.get(&cid).copied().unwrap_or(*default),
        }
    }
}

/// `a65` / `g65` / `C65` / `cid65` (decimal) → the Latin-1 character of that code.
fn numbered_glyph(name: &[u8]) -> Option<char> {
    let digits = name.iter().position(u8::is_ascii_digit)?;
    let (prefix, num) = name.split_at(digits);
    if prefix.is_empty() || prefix.len() > 3 || !prefix.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let n: u32 = std::str::from_utf8(num).ok()?.parse().ok()?;
    (32..=255)
        .contains(&n)
        .then(|| char::from_u32(n))
        .flatten()
        .filter(|c| !c.is_control())
}

fn predefined_codec(name: &[u8]) -> Codec {
    let s = String::from_utf8_lossy(name);
    if s.starts_with("Identity") {
        Codec::Identity
    } else if s.contains("UCS2") {
        Codec::Ucs2
    } else if s.contains("UTF16") {
        Codec::Utf16
    } else if s.starts_with("GB") {
        Codec::Gb
    } else {
        // Unknown predefined CMaps (Japanese, Korean …): two-byte codes, no Unicode unless
        // ToUnicode says so.
        Codec::Embedded
    }
}

/// `/W` of a CID font: both `c [w1 w2 …]` and `c_first c_last w` forms.
fn parse_cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut map = HashMap::new();
    let mut i = 0;
    // Overlapping ranges could repeat work without growing the map: count entries written.
    let mut budget: usize = 1 << 20;
    while i < w.len() && map.len() < 0x2_0000 {
        let Some(first) = resolve(doc, &w[i]).and_then(num) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                let Some(b) = budget.checked_sub(ws.len()) else {
                    break;
                };
                budget = b;
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = resolve(doc, o).and_then(num) {
                        map.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).and_then(|o| resolve(doc, o)).and_then(num);
                if let Some(v) = v
                    && last >= first
                    && last - first < 0x1_0000
                {
                    let Some(b) = budget.checked_sub((last - first) as usize + 1) else {
                        break;
                    };
                    budget = b;
                    for c in first..=last {
                        map.insert(c, v);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cid_width_forms() {
        let doc = Document::new();
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Real(250.0)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(1000),
        ];
        let m = parse_cid_widths(&doc, &w);
        assert_eq!(m.get(&1), Some(&500.0));
        assert_eq!(m.get(&2), Some(&250.0));
        assert_eq!(m.get(&11), Some(&1000.0));
        assert_eq!(m.get(&13), None);
    }

    #[test]
    fn type3_numbered_glyph_names() {
        assert_eq!(numbered_glyph(b"a65"), Some('A'));
        assert_eq!(numbered_glyph(b"g33"), Some('!'));
        assert_eq!(numbered_glyph(b"cid233"), Some('é'));
        assert_eq!(numbered_glyph(b"a7"), None);
        assert_eq!(numbered_glyph(b"abcd65"), None);
        assert_eq!(numbered_glyph(b"65"), None);
    }

    #[test]
    fn predefined_codecs() {
        assert_eq!(predefined_codec(b"UniGB-UCS2-H"), Codec::Ucs2);
        assert_eq!(predefined_codec(b"UniGB-UTF16-V"), Codec::Utf16);
        assert_eq!(predefined_codec(b"GBK-EUC-H"), Codec::Gb);
        assert_eq!(predefined_codec(b"GBK2K-H"), Codec::Gb);
        assert_eq!(predefined_codec(b"Identity-H"), Codec::Identity);
    }

    #[test]
    fn gbk_bytes_decode() {
        let f = Font {
            name: "x".into(),
            codec: Codec::Gb,
            to_unicode: None,
            simple_table: None,
            gb1: true,
            enc_cmap: None,
            glyph_chars: None,
            cid_to_gid: None,
            widths: Widths::Cid {
                map: HashMap::new(),
                default: 1000.0,
            },
            scale: 0.001,
        };
        let mut buf = Vec::new();
        let mut text = String::new();
        // "中文A" in GBK.
        f.decode(&[0xD6, 0xD0, 0xCE, 0xC4, b'A'], &mut buf, |c, ch| {
            assert!(c.mapped);
            text.extend(ch);
        });
        assert_eq!(text, "中文A");
    }
}
