//! Text input: detect the encoding (BOMs, UTF-8, then a legacy encoding — GB18030, the
//! superset of GBK and GB2312 that Chinese text files commonly use, or Big5 — guessed by
//! `legacy`) and split pages at form feeds.

use super::{ExtractError, Extracted, Page, RawLine};
use crate::model::SourceFormat;

/// Text (and markup) inputs larger than this are refused before they are decoded.
pub const MAX_TEXT_BYTES: usize = 32 << 20;
/// Characters of one text input: the PDF reader's per-file glyph budget (8M), so that both
/// routes to the same issue agree. A million 文号 lines are over it.
pub const MAX_TEXT_CHARS: usize = 8_000_000;

/// The error of a text input over the limits (`size`: how big it is).
pub fn too_large(size: String) -> ExtractError {
    ExtractError::Unsupported(format!(
        "text too large for one gazette issue ({size}; the limit is {} MB or {} characters \
         per file): split it",
        MAX_TEXT_BYTES >> 20,
        MAX_TEXT_CHARS
    ))
}

/// Decodes text bytes, returning the text and the name of the encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ExtractError> {
    decode_with_doubt(bytes).map(|(text, enc, _)| (text, enc))
}

/// [`decode`], plus why the encoding chosen may be wrong (a legacy encoding guessed from
/// little text), for a warning.
pub fn decode_with_doubt(
    bytes: &[u8],
) -> Result<(String, &'static str, Option<String>), ExtractError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, "utf-8-bom", None));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, encoding_rs::UTF_16LE).map(|s| (s, "utf-16le", None));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE).map(|s| (s, "utf-16be", None));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_string()).map(|s| (s, "utf-8", None));
    }
    let Some(d) = super::legacy::decode(bytes) else {
        return Err(ExtractError::Undecodable(
            "neither UTF-8, UTF-16 with BOM, GB18030/GBK nor Big5".into(),
        ));
    };
    check_text(d.text).map(|s| (s, d.encoding, d.doubt))
}

fn utf8(bytes: &[u8]) -> Result<String, ExtractError> {
    std::str::from_utf8(bytes)
        .map_err(|e| ExtractError::Undecodable(format!("invalid UTF-8 after BOM: {e}")))
        .and_then(|s| check_text(s.to_string()))
}

fn utf16(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Result<String, ExtractError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ExtractError::Undecodable(format!(
            "invalid {} after BOM",
            enc.name()
        )));
    }
    check_text(text.into_owned())
}

/// Rejects binary data that happens to decode: text files do not hold NULs or many
/// control characters.
fn check_text(s: String) -> Result<String, ExtractError> {
    let controls = s
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if s.contains('\0') || controls * 100 > s.chars().count().max(1) {
        return Err(ExtractError::Undecodable("binary data, not text".into()));
    }
    Ok(s)
}

/// Text file → pages. Form feeds separate pages; without any, the whole file is one
/// page and `page_count` is None (no page provenance to report).
pub fn extract_text(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let (text, encoding, doubt) = decode_with_doubt(bytes)?;
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(too_large(format!("{chars} characters")));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let has_pages = text.contains('\u{c}');
    // pdftotext ends every page with a form feed: the last one opens no page.
    let text = match text.rfind('\u{c}') {
        Some(i) if text[i + 1..].trim().is_empty() => &text[..i],
        _ => text.as_str(),
    };
    let pages: Vec<Page> = text
        .split('\u{c}')
        .enumerate()
        .map(|(i, chunk)| {
            let raw_lines: Vec<String> = chunk.lines().map(str::to_string).collect();
            Page {
                number: i as u32 + 1,
                printed: None,
                lines: raw_lines
                    .iter()
                    .map(|l| RawLine {
                        text: l.clone(),
                        continues: false,
                    })
                    .collect(),
                raw_lines,
                ..Page::default()
            }
        })
        .collect();
    Ok(Extracted {
        format: SourceFormat::Text,
        encoding: Some(encoding.to_string()),
        extractor: "text".to_string(),
        page_count: has_pages.then_some(pages.len() as u32),
        pages,
        // Said in the output and, by `extract` and `convert`, on stderr.
        warnings: doubt
            .map(|d| crate::model::Warning::new("encoding-doubtful", d))
            .into_iter()
            .collect(),
        metadata: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_limits_is_refused_with_a_reason() {
        let many = "国发〔2019〕1号\n".repeat(MAX_TEXT_CHARS / 10 + 1);
        match extract_text(many.as_bytes()) {
            Err(ExtractError::Unsupported(m)) => assert!(m.contains("characters"), "{m}"),
            other => panic!("{:?}", other.map(|x| x.pages.len())),
        }
        let big = vec![b'a'; MAX_TEXT_BYTES + 1];
        match super::super::extract_bytes(std::path::Path::new("x.txt"), &big) {
            Err(ExtractError::Unsupported(m)) => assert!(m.contains("split it"), "{m}"),
            other => panic!("{:?}", other.map(|x| x.pages.len())),
        }
    }

    #[test]
    fn detects_encodings() {
        let s = "吕政发〔2019〕2号";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), "utf-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().1, "utf-8-bom");
        let (gbk, _, _) = encoding_rs::GB18030.encode(s);
        assert_eq!(decode(&gbk).unwrap(), (s.to_string(), "gb18030"));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le).unwrap(), (s.to_string(), "utf-16le"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).unwrap(), (s.to_string(), "utf-16be"));
    }

    #[test]
    fn rejects_binary() {
        assert!(decode(&[0u8, 1, 2, 3, 0xFF, 0xFE, 0x00]).is_err());
        assert!(decode(b"abc\0def").is_err());
    }

    #[test]
    fn form_feeds_make_pages() {
        let ex = extract_text("一\n二\u{c}三".as_bytes()).unwrap();
        assert_eq!(ex.page_count, Some(2));
        assert_eq!(ex.pages[1].lines[0].text, "三");
        assert_eq!(extract_text("一\n二".as_bytes()).unwrap().page_count, None);
        assert_eq!(
            extract_text("一\u{c}二\u{c}\n".as_bytes())
                .unwrap()
                .page_count,
            Some(2)
        );
    }
}
