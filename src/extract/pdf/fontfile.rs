//! Built-in encodings of embedded font programs, for simple fonts whose dictionary gives no
//! base encoding and no ToUnicode (TeX's Type 1 fonts, subset CFF fonts, symbolic TrueType):
//! code → glyph name from the program (Type 1 `dup N /name put`, CFF encoding and charset),
//! or code → glyph from a TrueType `cmap` (3,0)/(1,0), then glyph → Unicode. Parsing is by
//! ttf-parser and bounds-checked scans: a broken program gives no table, never a panic.

use lopdf::{Dictionary, Document};

use super::encodings::glyph_name;
use super::objects::{Load, get_dict, get_name, stream_bytes};
use super::truetype;

/// Code → character from the embedded font program of `font`'s descriptor, if it has one
/// that says.
pub fn builtin_table(
    doc: &Document,
    font: &Dictionary,
    budget: &Load,
) -> Option<Box<[Option<char>; 256]>> {
    let fd = get_dict(doc, font, b"FontDescriptor")?;
    let mut t = Box::new([None; 256]);
    if let Ok(o) = fd.get(b"FontFile") {
        let data = stream_bytes(doc, o, budget)?;
        for (code, name) in type1_encoding(&data)? {
            t[code as usize] = glyph_name(name);
        }
    } else if let Ok(o) = fd.get(b"FontFile3") {
        let sub = super::objects::resolve(doc, o).and_then(|s| match s {
            lopdf::Object::Stream(s) => get_name(doc, &s.dict, b"Subtype"),
            _ => None,
        });
        if sub != Some(b"Type1C") {
            return None;
        }
        let data = stream_bytes(doc, o, budget)?;
        let cff = ttf_parser::cff::Table::parse(&data)?;
        for (code, slot) in t.iter_mut().enumerate() {
            *slot = cff
                .glyph_index(code as u8)
                .filter(|g| g.0 != 0)
                .and_then(|g| cff.glyph_name(g))
                .and_then(|n| glyph_name(n.as_bytes()));
        }
    } else if let Ok(o) = fd.get(b"FontFile2") {
        let data = stream_bytes(doc, o, budget)?;
        let face = ttf_parser::Face::parse(&data, 0).ok()?;
        let names = truetype::glyph_to_unicode(&data);
        let cmap = face.tables().cmap?;
        for (code, slot) in t.iter_mut().enumerate() {
            let code = code as u32;
            let gid = cmap.subtables.into_iter().find_map(|s| {
                match (s.platform_id, s.encoding_id) {
                    // Symbolic: codes at U+F000 + code (or the code itself).
                    (ttf_parser::PlatformId::Windows, 0) => {
                        s.glyph_index(0xF000 + code).or_else(|| s.glyph_index(code))
                    }
                    (ttf_parser::PlatformId::Macintosh, 0) => s.glyph_index(code),
                    _ => None,
                }
            });
            *slot = gid.filter(|g| g.0 != 0).and_then(|g| {
                names
                    .as_ref()
                    .and_then(|m| m.get(&g.0).copied())
                    .or_else(|| face.glyph_name(g).and_then(|n| glyph_name(n.as_bytes())))
            });
        }
    } else {
        return None;
    }
    t.iter().any(Option::is_some).then_some(t)
}

/// The `/Encoding` of a Type 1 program's clear-text part: `dup 65 /A put` entries up to the
/// array's `readonly def` (an `/Encoding StandardEncoding def` program has none: `None`).
fn type1_encoding(data: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let clear = &data[..memchr::memmem::find(data, b"eexec").unwrap_or(data.len())];
    let at = memchr::memmem::find(clear, b"/Encoding")?;
    let enc = &clear[at..];
    let enc = &enc[..memchr::memmem::find(enc, b"readonly def").unwrap_or(enc.len())];
    let words: Vec<&[u8]> = enc
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let out: Vec<(u8, &[u8])> = words
        .windows(4)
        .filter_map(|w| match w {
            [b"dup", code, name, b"put"] => Some((
                std::str::from_utf8(code).ok()?.parse().ok()?,
                name.strip_prefix(b"/")?,
            )),
            _ => None,
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type1_clear_text_encoding() {
        let prog = b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 65 /A put\ndup 102 /f put\ndup 12 /fi put\nreadonly def\ncurrentfile eexec\x00\x01garbage dup 66 /B put";
        let enc = type1_encoding(prog).unwrap();
        assert_eq!(enc, vec![(65, &b"A"[..]), (102, b"f"), (12, b"fi")]);
        assert!(type1_encoding(b"/Encoding StandardEncoding def currentfile eexec").is_none());
        assert!(type1_encoding(b"").is_none());
    }
}
