//! PLACEHOLDER until the parse branch lands: minimal 文号 recognition.
use crate::model::{DocNumber, DocNumberKind};
use regex::Regex;
use std::sync::LazyLock;

static STD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(\[]?(\p{Han}{1,20})\s*[〔\[［【(（]\s*([0-9]{4})\s*[〕\]］】)）]\s*([0-9]+)\s*号[）)\]]?$").unwrap()
});

pub fn standalone_doc_number(line: &str) -> Option<DocNumber> {
    let c = STD.captures(line.trim())?;
    let year: i32 = c[2].parse().ok()?;
    let serial: u32 = c[3].parse().ok()?;
    Some(DocNumber {
        text: format!("{}〔{}〕{}号", &c[1], year, serial),
        raw: line.trim().to_string(),
        code: c[1].to_string(),
        year: Some(year),
        serial: Some(serial),
        kind: DocNumberKind::Standard,
    })
}

pub fn is_decree_header(line: &str) -> bool {
    static H: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Han}{2,30}令$").unwrap());
    H.is_match(line.trim())
}

pub fn decree_number(header: &str, number_line: &str) -> Option<DocNumber> {
    static N: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^第\s*([0-9]+)\s*号$").unwrap());
    let c = N.captures(number_line.trim())?;
    let serial: u32 = c[1].parse().ok()?;
    Some(DocNumber {
        text: format!("{}第{}号", header.trim(), serial),
        raw: number_line.trim().to_string(),
        code: header.trim().to_string(),
        year: None,
        serial: Some(serial),
        kind: DocNumberKind::Decree,
    })
}

/// Parses any 文号-like string (placeholder: the standalone form only).
pub fn parse_doc_number(s: &str) -> Option<DocNumber> {
    standalone_doc_number(s)
}
