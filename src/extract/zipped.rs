//! Zip containers (DOCX, OFD) read within budgets: a part is inflated only up to a fixed
//! size, so a zip bomb costs at most that much memory and time, and a damaged archive is an
//! error value, never a panic.

use std::io::{Cursor, Read};

use super::{ExtractError, Extracted};

/// A zip by what it holds: `OFD.xml` → OFD, `word/document.xml` → DOCX.
pub fn extract_zip(bytes: &[u8], ext: &str) -> Result<Extracted, ExtractError> {
    let format = match ext {
        "ofd" => "OFD",
        "docx" => "DOCX",
        _ => "zip",
    };
    let mut zip = Zip::open(bytes).map_err(|reason| ExtractError::Invalid { format, reason })?;
    if zip.has("OFD.xml") {
        super::ofd::extract_ofd(&mut zip)
    } else if zip.has("word/document.xml") {
        super::docx::extract_docx(&mut zip)
    } else {
        Err(ExtractError::Invalid {
            format,
            reason: "zip archive without OFD.xml or word/document.xml (not an OFD or DOCX file)"
                .into(),
        })
    }
}

/// Largest part we inflate (a gazette's document.xml or Content.xml is well under 1 MiB).
pub const MAX_PART: u64 = 64 << 20;
/// Largest sum of inflated parts per file.
pub const MAX_TOTAL: u64 = 256 << 20;

pub struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

impl<'a> Zip<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("damaged zip: {e}"))?;
        Ok(Zip {
            archive,
            inflated: 0,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Part names compare case-insensitively and without a leading slash (OFD BaseLoc
    /// values are written both ways).
    fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        if let Some(i) = self.archive.index_for_name(name) {
            return Some(i);
        }
        let found = self
            .archive
            .file_names()
            .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))?
            .to_string();
        self.archive.index_for_name(&found)
    }

    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().map(str::to_string).collect()
    }

    /// The part as UTF-8 text (a UTF-8 BOM is dropped), or None when absent.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(i) = self.find(name) else {
            return Ok(None);
        };
        let left = MAX_TOTAL.saturating_sub(self.inflated).min(MAX_PART);
        let mut part = self
            .archive
            .by_index(i)
            .map_err(|e| format!("damaged zip part {name}: {e}"))?;
        let mut buf = Vec::with_capacity(part.size().min(left) as usize);
        (&mut part)
            .take(left + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("damaged zip part {name}: {e}"))?;
        if buf.len() as u64 > left {
            return Err(format!(
                "zip part {name} inflates beyond {} MiB (zip bomb?)",
                left >> 20
            ));
        }
        self.inflated += buf.len() as u64;
        decode_xml(buf)
            .map(Some)
            .ok_or_else(|| format!("zip part {name}: undecodable XML text"))
    }
}

/// XML bytes → text: UTF-8 (BOM or not), UTF-16 with BOM, or the encoding its declaration
/// names (some OFD writers declare GB2312).
fn decode_xml(buf: Vec<u8>) -> Option<String> {
    let (enc, _) = encoding_rs::Encoding::for_bom(&buf).unwrap_or((encoding_rs::UTF_8, 0));
    let enc = if enc == encoding_rs::UTF_8 {
        declared(&buf).unwrap_or(enc)
    } else {
        enc
    };
    if enc == encoding_rs::UTF_8 {
        let body = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
        return String::from_utf8(body.to_vec()).ok();
    }
    let (text, _, bad) = enc.decode(&buf);
    (!bad).then(|| text.into_owned())
}

fn declared(buf: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &buf[..buf.len().min(200)];
    let decl = &head[..head.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")? + 8;
    let rest = &decl[at..];
    let q = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let end = rest[q + 1..].iter().position(|&b| b == rest[q])?;
    encoding_rs::Encoding::for_label(&rest[q + 1..q + 1 + end])
}
