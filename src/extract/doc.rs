//! DOC and WPS (the Word 97–2003 binary format, which WPS Office also writes as `.wps`) →
//! lines. The OLE container is read by `cfb`; the text is the piece table (CLX in the table
//! stream) over the WordDocument stream: main text first, then the header/footer stories.
//! Field instructions and page-number fields are dropped, cell marks become tabs. Formatting
//! (FKPs) is not read, so a table's empty cells can merge (see README).

use std::io::{Cursor, Read};

use super::{ExtractError, Extracted, line_page};
use crate::model::SourceFormat;

pub const EXTRACTOR: &str = "gazette-doc 0.1.0 (piece table)";
/// The signature of an OLE compound file.
pub const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// DOC/WPS → one page of lines: header stories, main text, footer stories.
pub fn extract_doc(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let d = read(bytes).map_err(|reason| ExtractError::Invalid {
        format: "DOC",
        reason,
    })?;
    let free = super::docx::furniture_free;
    let lines: Vec<String> = free(d.header)
        .into_iter()
        .chain(d.body)
        .chain(free(d.footer))
        .collect();
    if lines.is_empty() {
        return Err(ExtractError::Invalid {
            format: "DOC",
            reason: "no text in the document".into(),
        });
    }
    Ok(line_page(SourceFormat::Doc, EXTRACTOR.into(), lines))
}

/// Largest stream we read (the text of a gazette issue is a few MiB at most).
const MAX_STREAM: u64 = 128 << 20;
/// Most characters of text we assemble.
const MAX_CHARS: u32 = 32 << 20;

pub struct DocText {
    pub body: Vec<String>,
    pub header: Vec<String>,
    pub footer: Vec<String>,
}

pub fn read(bytes: &[u8]) -> Result<DocText, String> {
    // cfb has had panics on corrupt sector chains; a panic there is a damaged file to us.
    match std::panic::catch_unwind(|| read_inner(bytes)) {
        Ok(r) => r,
        Err(_) => Err("damaged OLE compound file".into()),
    }
}

fn stream(cf: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let mut s = cf
        .open_stream(name)
        .map_err(|e| format!("damaged OLE stream {name}: {e}"))?;
    let mut buf = Vec::new();
    (&mut s)
        .take(MAX_STREAM + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("damaged OLE stream {name}: {e}"))?;
    if buf.len() as u64 > MAX_STREAM {
        return Err(format!(
            "OLE stream {name} larger than {} MiB",
            MAX_STREAM >> 20
        ));
    }
    Ok(buf)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn read_inner(bytes: &[u8]) -> Result<DocText, String> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("damaged OLE compound file: {e}"))?;
    if !cf.is_stream("/WordDocument") {
        let what = if cf.is_stream("/CONTENTS") {
            " (a Microsoft Works file?)"
        } else {
            " (Excel, PowerPoint or another OLE file?)"
        };
        return Err(format!(
            "OLE compound file without a WordDocument stream{what}"
        ));
    }
    let word = stream(&mut cf, "/WordDocument")?;
    let short = || "damaged DOC: WordDocument stream too short".to_string();
    let ident = u16_at(&word, 0).ok_or_else(short)?;
    let nfib = u16_at(&word, 2).ok_or_else(short)?;
    if ident != 0xA5EC || nfib < 0x00C1 {
        return Err(format!(
            "Word 6/95 or older binary (nFib {nfib:#x}); save as DOC 97 or DOCX"
        ));
    }
    let flags = u16_at(&word, 0x0A).ok_or_else(short)?;
    if flags & 0x0100 != 0 {
        return Err("encrypted DOC (password required)".into());
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = stream(&mut cf, table_name)?;
    // FibRgLw97 at 0x40; FibRgFcLcb97 at 0x9A (FIB of every Word 97+ file).
    let ccp = |i: usize| u32_at(&word, 0x4C + 4 * i).ok_or_else(short);
    let (ccp_text, ccp_ftn, ccp_hdd) = (ccp(0)?, ccp(1)?, ccp(2)?);
    let fc_lcb = |i: usize| -> Result<(u32, u32), String> {
        Ok((
            u32_at(&word, 0x9A + 8 * i).ok_or_else(short)?,
            u32_at(&word, 0x9E + 8 * i).ok_or_else(short)?,
        ))
    };
    let (fc_clx, lcb_clx) = fc_lcb(33)?;
    let pieces = pieces(&table, fc_clx, lcb_clx)?;
    let chars = |from: u32, to: u32| text_range(&word, &pieces, from, to);

    let body = lines(&chars(0, ccp_text)?);
    let (mut header, mut footer) = (Vec::new(), Vec::new());
    if ccp_hdd > 0 {
        let base = ccp_text.saturating_add(ccp_ftn);
        let (fc_hdd, lcb_hdd) = fc_lcb(11)?;
        let cps: Vec<u32> = (0..lcb_hdd as usize / 4)
            .filter_map(|i| u32_at(&table, fc_hdd as usize + 4 * i))
            .collect();
        // Stories 0–5 are footnote separators; then per section: even/odd header, even/odd
        // footer, first-page header, first-page footer.
        for (i, w) in cps.windows(2).enumerate().skip(6) {
            let story = chars(
                base.saturating_add(w[0]),
                base.saturating_add(w[1]).min(base.saturating_add(ccp_hdd)),
            )?;
            let target = if matches!((i - 6) % 6, 2 | 3 | 5) {
                &mut footer
            } else {
                &mut header
            };
            for l in lines(&story) {
                if !target.contains(&l) {
                    target.push(l);
                }
            }
        }
    }
    Ok(DocText {
        body,
        header,
        footer,
    })
}

struct Piece {
    cp: (u32, u32),
    /// Byte offset in WordDocument and whether 8-bit (compressed) text.
    fc: u32,
    compressed: bool,
}

/// The CLX: property runs (0x01) to skip, then the piece table (0x02).
fn pieces(table: &[u8], fc: u32, lcb: u32) -> Result<Vec<Piece>, String> {
    let bad = || "damaged DOC: piece table out of range".to_string();
    let clx = table
        .get(fc as usize..(fc as usize).checked_add(lcb as usize).ok_or_else(bad)?)
        .ok_or_else(bad)?;
    let mut at = 0usize;
    while clx.get(at) == Some(&0x01) {
        at += 3 + u16_at(clx, at + 1).ok_or_else(bad)? as usize;
    }
    if clx.get(at) != Some(&0x02) {
        return Err("damaged DOC: no piece table".into());
    }
    let len = u32_at(clx, at + 1).ok_or_else(bad)? as usize;
    let plc = clx.get(at + 5..at + 5 + len).ok_or_else(bad)?;
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = (
            u32_at(plc, 4 * i).ok_or_else(bad)?,
            u32_at(plc, 4 * i + 4).ok_or_else(bad)?,
        );
        let fc = u32_at(plc, 4 * (n + 1) + 8 * i + 2).ok_or_else(bad)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = if compressed {
            (fc & !0x4000_0000) / 2
        } else {
            fc
        };
        out.push(Piece { cp, fc, compressed });
    }
    Ok(out)
}

/// Characters of CPs [from, to) through the pieces.
fn text_range(word: &[u8], pieces: &[Piece], from: u32, to: u32) -> Result<String, String> {
    if to.saturating_sub(from) > MAX_CHARS {
        return Err("DOC text too large".into());
    }
    let mut out = String::new();
    for p in pieces {
        let (a, b) = (p.cp.0.max(from), p.cp.1.min(to));
        if a >= b {
            continue;
        }
        let off = (a - p.cp.0) as usize;
        let n = (b - a) as usize;
        let bad = || "damaged DOC: text piece out of range".to_string();
        if p.compressed {
            let start = p.fc as usize + off;
            let raw = word.get(start..start + n).ok_or_else(bad)?;
            out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0);
        } else {
            let start = p.fc as usize + 2 * off;
            let raw = word.get(start..start + 2 * n).ok_or_else(bad)?;
            let units = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        }
    }
    Ok(out)
}

/// Word's control characters → lines: 0x0D paragraph, 0x0B/0x0C breaks, 0x07 cell (two in a
/// row end a table row), 0x13–0x15 fields (instruction dropped, result kept unless a page
/// number), anchors of pictures and notes dropped.
fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    // Per open field: its instruction so far, and whether we are in its result.
    let mut fields: Vec<(String, bool)> = Vec::new();
    let mut prev = '\0';
    let flush = |line: &mut String, out: &mut Vec<String>| {
        let l = line.trim_end_matches(['\t', ' ']).to_string();
        if !l.trim().is_empty() {
            out.push(l);
        }
        line.clear();
    };
    for c in text.chars() {
        match c {
            '\u{13}' => fields.push((String::new(), false)),
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    f.1 = true;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.last().is_some_and(|f| !f.1) => fields.last_mut().unwrap().0.push(c),
            _ if fields.iter().any(|f| {
                let i = f.0.trim_start().to_ascii_uppercase();
                i.starts_with("PAGE") || i.starts_with("NUMPAGES") || i.starts_with("SECTIONPAGES")
            }) => {}
            '\r' | '\u{0B}' | '\u{0C}' | '\u{0E}' => flush(&mut line, &mut out),
            '\u{07}' if prev == '\u{07}' => flush(&mut line, &mut out),
            '\u{07}' => line.push('\t'),
            '\u{1E}' => line.push('-'),
            '\u{A0}' => line.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => line.push(c),
        }
        prev = c;
    }
    flush(&mut line, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_lines_and_cells() {
        let text = "吕政发〔2019〕2号\r县 别\x07乡镇数\x07\x07离石区\x0712\x07\x07\x01图后\x0b换行\x0c分页\r";
        assert_eq!(
            lines(text),
            [
                "吕政发〔2019〕2号",
                "县 别\t乡镇数",
                "离石区\t12",
                "图后",
                "换行",
                "分页"
            ]
        );
    }

    #[test]
    fn fields_keep_their_result_except_page_numbers() {
        let text = "见\x13 HYPERLINK \"http://x\" \x14网站\x15。\r— \x13 PAGE \x143\x15 —\r共\x13NUMPAGES\x149\x15页\r";
        assert_eq!(lines(text), ["见网站。", "—  —", "共页"]);
    }

    #[test]
    fn piece_table_maps_cps_to_bytes() {
        // A CLX with one property run to skip and two pieces: 8-bit "ab", UTF-16 "文字".
        let mut word = vec![0u8; 16];
        word.extend_from_slice(b"ab");
        word.extend("文字".encode_utf16().flat_map(u16::to_le_bytes));
        let mut clx = vec![0x01, 2, 0, 9, 9, 0x02];
        let mut plc = Vec::new();
        for cp in [0u32, 2, 4] {
            plc.extend(cp.to_le_bytes());
        }
        for (fc, compressed) in [(16u32, true), (18, false)] {
            let fc = if compressed {
                (fc * 2) | 0x4000_0000
            } else {
                fc
            };
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(&plc);
        let p = pieces(&clx, 0, clx.len() as u32).unwrap();
        assert_eq!(text_range(&word, &p, 0, 4).unwrap(), "ab文字");
        assert_eq!(text_range(&word, &p, 1, 3).unwrap(), "b文");
        // A piece pointing past the stream is an error, not a panic.
        assert!(text_range(&word[..19], &p, 0, 4).is_err());
        assert!(pieces(&clx, 5, 1000).is_err());
    }

    #[test]
    fn non_ole_bytes_are_an_error() {
        assert!(read(b"not an OLE file at all").is_err_and(|e| e.contains("OLE")));
    }
}
