//! Fonts as the text interpreter needs them: how to split a shown string into character
//! codes, each code's advance width, and its Unicode text. Unicode comes from, in order:
//! ToUnicode; the predefined CMap itself (the `Uni*` CMaps are Unicode; GBK/GB-EUC, Big5/ETen,
//! RKSJ and EUC CMaps are legacy charsets, decoded as such); the Adobe collection tables
//! (GB1, CNS1, Japan1, Korea1) for Identity-encoded CID fonts; a simple font's encoding. A code none of these map is counted as unmapped, never guessed.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use lopdf::{Dictionary, Document, Object};

use std::sync::Arc;

use super::cid::Collection;
use super::cmap::{self, ToUnicode, be};
use super::encodings::{BaseEncoding, glyph_name};
use super::fold::fold_char;
use super::fontfile;
use super::objects::{
    Budget, Cost, Load, get, get_dict, get_name, get_num, num, resolve, stream_bytes,
};
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
    /// `Uni*-UTF8-*`: UTF-8 sequences.
    Utf8,
    /// `Uni*-UTF32-*`: four-byte UTF-32BE.
    Utf32,
    /// A legacy charset CMap: its byte sequences decode with the charset.
    Charset(Charset),
    /// An embedded CMap stream: code lengths from its codespace ranges; text from ToUnicode.
    Embedded,
}

/// The charsets of the predefined legacy CMaps (the code *is* the charset's byte sequence).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Charset {
    /// GBK-EUC-H, GB-EUC-H, GBpc-EUC-H, GBK2K-H: GB18030 (1, 2 or 4 bytes).
    Gb,
    /// B5pc-H, ETen-B5-H, HKscs-B5-H …: Big5 (with the HKSCS extensions).
    Big5,
    /// 90ms-RKSJ-H, 83pv-RKSJ-H …: Shift_JIS.
    Sjis,
    /// EUC-H/V: EUC-JP.
    EucJp,
    /// KSC-EUC-H, KSCms-UHC-H, KSCpc-EUC-H: EUC-KR / UHC.
    Uhc,
    /// H/V, GB-H, KSC-H: two-byte row/cell codes (ISO-2022 form) of JIS X 0208, GB 2312 or
    /// KS X 1001 — the EUC form without its high bits.
    RowCell(Collection),
}

impl Charset {
    fn code_len(self, b: &[u8]) -> usize {
        let lead = b.first().copied().unwrap_or(0);
        match self {
            Charset::Gb => match b {
                [0..=0x80, ..] => 1,
                [_, 0x30..=0x39, ..] => 4,
                _ => 2,
            },
            Charset::Big5 | Charset::Uhc => 1 + usize::from(lead >= 0x81 && lead != 0xFF),
            Charset::Sjis => 1 + usize::from(matches!(lead, 0x81..=0x9F | 0xE0..=0xFC)),
            Charset::EucJp => match lead {
                0x8F => 3,
                0x8E | 0xA1..=0xFE => 2,
                _ => 1,
            },
            Charset::RowCell(_) => 2,
        }
    }

    fn decode(self, raw: &[u8]) -> Option<char> {
        use encoding_rs::{BIG5, EUC_JP, EUC_KR, GB18030, SHIFT_JIS};
        let hi;
        let (enc, bytes) = match self {
            Charset::Gb => (GB18030, raw),
            Charset::Big5 => (BIG5, raw),
            Charset::Sjis => (SHIFT_JIS, raw),
            Charset::EucJp => (EUC_JP, raw),
            Charset::Uhc => (EUC_KR, raw),
            Charset::RowCell(coll) => {
                hi = raw.iter().map(|b| b | 0x80).collect::<Vec<u8>>();
                let enc = match coll {
                    Collection::Japan1 => EUC_JP,
                    Collection::Korea1 => EUC_KR,
                    _ => GB18030,
                };
                (enc, &hi[..])
            }
        };
        let (s, bad) = enc.decode_without_bom_handling(bytes);
        if bad { None } else { s.chars().next() }
    }
}

pub struct Font {
    pub name: String,
    codec: Codec,
    to_unicode: Option<Arc<ToUnicode>>,
    /// Simple fonts: code → char from /Encoding (+ /Differences).
    simple_table: Option<Box<[Option<char>; 256]>>,
    /// CID fonts: the character collection of their CIDs (`/Ordering`, or the CMap's).
    collection: Option<Collection>,
    /// Embedded encoding CMap (for code lengths).
    enc_cmap: Option<Arc<ToUnicode>>,
    /// Embedded TrueType without ToUnicode: glyph id → char from the font's `cmap`, and
    /// CID → glyph id (`None` = identity).
    glyph_chars: Option<HashMap<u16, char>>,
    cid_to_gid: Option<Vec<u16>>,
    widths: Widths,
    /// Scale from glyph-space width units to text space (1/1000, or Type3 FontMatrix).
    scale: f32,
    /// What loading it took (bytes decoded, ToUnicode entries, one font): each page that
    /// uses the font is charged this.
    pub cost: Cost,
}

enum Widths {
    Simple {
        first: u32,
        w: Vec<f32>,
        missing: f32,
    },
    Cid {
        // Looked up once per glyph: FxHash, several times cheaper than SipHash here.
        map: FxHashMap<u32, f32>,
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
    /// Loads a font; what it decoded and parsed is charged to the document and kept in
    /// [`Font::cost`] (one font).
    pub fn load(doc: &Document, dict: &Dictionary, budget: &Budget) -> Font {
        let load = Load {
            budget,
            cost: std::cell::Cell::new(Cost {
                fonts: 1,
                ..Cost::default()
            }),
        };
        budget.charge(load.cost.get());
        let mut f = Self::load_with(doc, dict, &load);
        f.cost = load.cost.get();
        f
    }

    fn load_with(doc: &Document, dict: &Dictionary, budget: &Load) -> Font {
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
        budget: &Load,
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
        let mut collection = None;
        let (mut glyph_chars, mut cid_to_gid) = (None, None);
        let mut widths = Widths::Cid {
            map: FxHashMap::default(),
            default: 1000.0,
        };
        if let Some(d) = desc {
            if let Some(info) = get_dict(doc, d, b"CIDSystemInfo")
                && let Some(Object::String(ord, _)) = get(doc, info, b"Ordering")
            {
                collection = Collection::from_ordering(ord);
            }
            // Without CIDSystemInfo, a predefined CMap names the collection (UniCNS-…,
            // ETen-B5-…); a Unicode CMap of no known collection is taken as GB1.
            if collection.is_none() {
                collection = match dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o)) {
                    Some(Object::Name(n)) => cmap_collection(n),
                    _ => None,
                };
            }
            if collection.is_none()
                && matches!(
                    codec,
                    Codec::Ucs2 | Codec::Utf16 | Codec::Utf8 | Codec::Utf32
                )
            {
                collection = Some(Collection::Gb1);
            }
            if to_unicode.is_none() && collection.is_none() {
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
                _ => FxHashMap::default(),
            };
            widths = Widths::Cid { map, default };
        }
        Font {
            name,
            codec,
            to_unicode,
            simple_table: None,
            collection,
            enc_cmap,
            glyph_chars,
            cid_to_gid,
            widths,
            scale: 0.001,
            cost: Cost::default(),
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<Arc<ToUnicode>>,
        type3: bool,
        budget: &Load,
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
            collection: None,
            enc_cmap: None,
            glyph_chars: None,
            cid_to_gid: None,
            widths: Widths::Simple { first, w, missing },
            scale,
            cost: Cost::default(),
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
                    if !mapped && let Some(c) = self.collection.and_then(|k| k.cid_to_unicode(code))
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
                Codec::Ucs2 | Codec::Utf16 | Codec::Utf8 | Codec::Utf32 | Codec::Charset(_) => {
                    let own = self.predefined_text(raw);
                    if !mapped && let Some(c) = own {
                        chars.push(c);
                        mapped = true;
                    }
                    cid = own
                        .zip(self.collection)
                        .and_then(|(c, k)| k.unicode_to_cid(c))
                        .unwrap_or(u32::MAX);
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
            Codec::Utf8 => match b.first().copied().unwrap_or(0) {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            },
            Codec::Utf32 => 4,
            Codec::Charset(cs) => cs.code_len(b),
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
            Codec::Utf8 => std::str::from_utf8(raw).ok()?.chars().next(),
            Codec::Utf32 => char::from_u32(be(raw)),
            Codec::Charset(cs) => cs.decode(raw),
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

/// How the codes of a predefined CMap (PDF 32000 table 118, and Adobe's later ones) read.
fn predefined_codec(name: &[u8]) -> Codec {
    let full = String::from_utf8_lossy(name);
    let s: &str = &full;
    let s = s.strip_suffix("-H").or(s.strip_suffix("-V")).unwrap_or(s);
    if s.starts_with("Identity") {
        Codec::Identity
    } else if s.contains("UCS2") {
        Codec::Ucs2
    } else if s.contains("UTF16") {
        Codec::Utf16
    } else if s.contains("UTF8") {
        Codec::Utf8
    } else if s.contains("UTF32") {
        Codec::Utf32
    } else if s.contains("RKSJ") {
        Codec::Charset(Charset::Sjis)
    } else if s.contains("B5") {
        Codec::Charset(Charset::Big5)
    } else if s.starts_with("KSC") && (s.contains("EUC") || s.contains("UHC")) {
        Codec::Charset(Charset::Uhc)
    } else if s == "EUC" {
        Codec::Charset(Charset::EucJp)
    } else if s == "H" || s == "V" {
        Codec::Charset(Charset::RowCell(Collection::Japan1))
    } else if s == "GB" {
        Codec::Charset(Charset::RowCell(Collection::Gb1))
    } else if s == "KSC" {
        Codec::Charset(Charset::RowCell(Collection::Korea1))
    } else if s.starts_with("GB") && !s.starts_with("GBT") {
        Codec::Charset(Charset::Gb)
    } else {
        // Other predefined CMaps (GBT-EUC, CNS-EUC, KSC-Johab …): two-byte codes, no Unicode
        // unless ToUnicode says so.
        Codec::Embedded
    }
}

/// The character collection a predefined CMap's name implies.
fn cmap_collection(name: &[u8]) -> Option<Collection> {
    let s = String::from_utf8_lossy(name);
    if s.starts_with("Identity") {
        None
    } else if s.starts_with("UniGB") || s.starts_with("GB") {
        Some(Collection::Gb1)
    } else if s.starts_with("UniCNS")
        || s.contains("B5")
        || s.starts_with("CNS")
        || s.starts_with("HK")
    {
        Some(Collection::Cns1)
    } else if s.starts_with("UniKS") || s.starts_with("KSC") {
        Some(Collection::Korea1)
    } else if s.starts_with("UniJIS")
        || s.contains("RKSJ")
        || s.starts_with("EUC")
        || s.starts_with("Ext")
        || s.starts_with("Add")
        || s == "H"
        || s == "V"
    {
        Some(Collection::Japan1)
    } else {
        None
    }
}

/// `/W` of a CID font: both `c [w1 w2 …]` and `c_first c_last w` forms.
fn parse_cid_widths(doc: &Document, w: &[Object]) -> FxHashMap<u32, f32> {
    let mut map = FxHashMap::default();
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
        assert_eq!(predefined_codec(b"GBK-EUC-H"), Codec::Charset(Charset::Gb));
        assert_eq!(predefined_codec(b"GBK2K-H"), Codec::Charset(Charset::Gb));
        assert_eq!(predefined_codec(b"Identity-H"), Codec::Identity);
        assert_eq!(predefined_codec(b"UniGB-UTF8-H"), Codec::Utf8);
        assert_eq!(predefined_codec(b"UniCNS-UTF32-V"), Codec::Utf32);
        assert_eq!(predefined_codec(b"UniCNS-UCS2-H"), Codec::Ucs2);
        assert_eq!(
            predefined_codec(b"ETen-B5-H"),
            Codec::Charset(Charset::Big5)
        );
        assert_eq!(
            predefined_codec(b"HKscs-B5-V"),
            Codec::Charset(Charset::Big5)
        );
        assert_eq!(
            predefined_codec(b"90ms-RKSJ-H"),
            Codec::Charset(Charset::Sjis)
        );
        assert_eq!(predefined_codec(b"EUC-H"), Codec::Charset(Charset::EucJp));
        assert_eq!(
            predefined_codec(b"KSCms-UHC-H"),
            Codec::Charset(Charset::Uhc)
        );
        assert_eq!(
            predefined_codec(b"H"),
            Codec::Charset(Charset::RowCell(Collection::Japan1))
        );
        assert_eq!(predefined_codec(b"GBT-EUC-H"), Codec::Embedded);
        assert_eq!(cmap_collection(b"ETen-B5-H"), Some(Collection::Cns1));
        assert_eq!(cmap_collection(b"UniCNS-UTF16-H"), Some(Collection::Cns1));
        assert_eq!(cmap_collection(b"90ms-RKSJ-H"), Some(Collection::Japan1));
        assert_eq!(cmap_collection(b"UniKS-UTF8-H"), Some(Collection::Korea1));
        assert_eq!(cmap_collection(b"GBK-EUC-H"), Some(Collection::Gb1));
    }

    fn font(codec: Codec, collection: Collection) -> Font {
        Font {
            name: "x".into(),
            codec,
            to_unicode: None,
            simple_table: None,
            collection: Some(collection),
            enc_cmap: None,
            glyph_chars: None,
            cid_to_gid: None,
            widths: Widths::Cid {
                map: FxHashMap::default(),
                default: 1000.0,
            },
            scale: 0.001,
            cost: Cost::default(),
        }
    }

    fn text(f: &Font, bytes: &[u8]) -> String {
        let (mut buf, mut out) = (Vec::new(), String::new());
        f.decode(bytes, &mut buf, |c, ch| {
            assert!(c.mapped, "{ch:?}");
            out.extend(ch);
        });
        out
    }

    #[test]
    fn predefined_cmaps_of_every_collection_decode() {
        use Collection::*;
        let s = "澳門特別行政區公報 A1";
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        let f = |name: &[u8], k| font(predefined_codec(name), k);
        assert_eq!(
            text(&f(b"UniCNS-UTF16-H", Cns1), &utf16),
            "澳門特別行政區公報 A1"
        );
        assert_eq!(
            text(&f(b"UniCNS-UTF8-H", Cns1), s.as_bytes()),
            "澳門特別行政區公報 A1"
        );
        assert_eq!(
            text(&f(b"UniCNS-UTF32-H", Cns1), &utf32),
            "澳門特別行政區公報 A1"
        );
        let (big5, _, _) = encoding_rs::BIG5.encode("香港特別行政區政府憲報 A1");
        assert_eq!(
            text(&f(b"ETen-B5-H", Cns1), &big5),
            "香港特別行政區政府憲報 A1"
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("官報 A1");
        assert_eq!(text(&f(b"90ms-RKSJ-H", Japan1), &sjis), "官報 A1");
        let (euc, _, _) = encoding_rs::EUC_JP.encode("官報");
        assert_eq!(text(&f(b"EUC-H", Japan1), &euc), "官報");
        let jis: Vec<u8> = euc.iter().map(|b| b & 0x7F).collect();
        assert_eq!(text(&f(b"H", Japan1), &jis), "官報");
        let (kr, _, _) = encoding_rs::EUC_KR.encode("관보 A1");
        assert_eq!(text(&f(b"KSCms-UHC-H", Korea1), &kr), "관보 A1");
    }

    #[test]
    fn identity_cids_of_every_collection_read() {
        use Collection::*;
        for (k, s) in [
            (Cns1, "臺灣省政府公報"),
            (Japan1, "官報"),
            (Korea1, "관보"),
            (Gb1, "公报"),
        ] {
            let cids: Vec<u8> = s
                .chars()
                .flat_map(|c| (k.unicode_to_cid(c).unwrap() as u16).to_be_bytes())
                .collect();
            assert_eq!(text(&font(Codec::Identity, k), &cids), s);
        }
    }

    #[test]
    fn gbk_bytes_decode() {
        let f = font(Codec::Charset(Charset::Gb), Collection::Gb1);
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
