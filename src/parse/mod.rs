//! Stage 4: metadata of one document from its span of cleaned lines. Pure functions
//! over text that never fail: what they cannot find is None, with a warning saying why.

pub mod addressees;
pub mod attachments;
pub mod date;
pub mod doc_number;
pub mod notes;
pub mod signature;
mod text;
pub mod title;

use std::ops::Range;

use crate::model::{Attachment, DocNumber, Publication, Reference, Signer, Warning, Wrapper};

pub use date::parse_date;
pub use doc_number::{decree_number, find_references, is_decree_header, parse_doc_number, standalone_doc_number};
pub use notes::publication_from_notes;

/// A document's span as `segment` found it, lines relative to the span.
#[derive(Debug, Clone)]
pub struct SpanInput<'a> {
    /// The span's cleaned lines (no trailing newlines).
    pub lines: &'a [&'a str],
    /// The heading (title) lines; empty when segment found no heading.
    pub title_lines: Range<usize>,
    /// The line holding the document's own 文号 (or, for a decree, the `第N号` line;
    /// the decree header is then the first title line).
    pub number_line: Option<usize>,
}

/// Everything `parse` reads from a span; `pipeline` adds ids, pages, lines and TOC data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedDocument {
    pub title: Option<String>,
    pub title_raw: Option<String>,
    pub doc_type: Option<String>,
    pub doc_type_raw: Option<String>,
    pub wrapper: Option<Wrapper>,
    pub doc_number: Option<DocNumber>,
    pub addressees: Option<String>,
    pub issuers: Vec<String>,
    pub signer: Option<Signer>,
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub notes: Vec<String>,
    pub publication: Option<Publication>,
    pub attachments: Vec<Attachment>,
    pub references: Vec<Reference>,
    /// Warnings with `line` = 0-based index into `SpanInput::lines` (pipeline rebases).
    pub warnings: Vec<Warning>,
}

fn warn(code: &str, message: impl Into<String>, line: Option<usize>) -> Warning {
    let mut w = Warning::new(code, message);
    w.line = line.map(|l| l as u32);
    w
}

/// Heading lines when segment found none: the printed lines above the 文号 (at most four,
/// none a sentence), or — for a reprint that keeps the 版头 order — the lines under it.
fn fallback_title_lines(lines: &[&str], number_line: Option<usize>) -> Range<usize> {
    let Some(n) = number_line else { return 0..0 };
    let above: Vec<usize> = (0..n).filter(|&i| !lines[i].trim().is_empty()).collect();
    let sentence = |i: &usize| {
        let t = lines[*i].trim();
        t.ends_with('。') || t.ends_with('：') || t.ends_with(':') || t.contains('\t')
    };
    if !above.is_empty() && above.len() <= 4 && !above.iter().any(sentence) {
        return above[0]..n;
    }
    let mut count = 0;
    for (i, l) in lines.iter().enumerate().skip(n + 1) {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if sentence(&i) || count >= 3 {
            break;
        }
        count += 1;
        if title::doc_type(&text::squash_ws(t)).1.is_some() {
            return n + 1..i + 1;
        }
    }
    0..0
}

/// Fill every field `parse` owns from one document span. Never fails: what is not found is
/// None (or empty) with a warning saying why.
pub fn parse_document(span: SpanInput<'_>) -> ParsedDocument {
    let lines = span.lines;
    let mut out = ParsedDocument::default();
    let number_line = span.number_line.filter(|&n| n < lines.len());
    let mut title_range = span.title_lines.start.min(lines.len())..span.title_lines.end.min(lines.len());
    if title_range.is_empty() {
        title_range = fallback_title_lines(lines, number_line);
    }

    // 标题 and 文种.
    if let Some((title, raw)) = title::title_from_lines(&lines[title_range.clone()]) {
        let (kind, kind_raw) = title::doc_type(&title);
        out.doc_type = kind;
        out.doc_type_raw = kind_raw;
        out.wrapper = title::wrapper(&title);
        out.title = Some(title);
        out.title_raw = Some(raw);
    } else {
        out.warnings.push(warn("missing-title", "no heading found for this document", None));
    }

    // 文号: a decree's `第N号` under its `…令` header, else the standalone number line.
    let decree_header = lines[title_range.clone()]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .filter(|l| is_decree_header(l));
    out.doc_number = number_line.and_then(|n| match decree_header {
        Some(h) => decree_number(h, lines[n]).or_else(|| standalone_doc_number(lines[n])),
        None => standalone_doc_number(lines[n]).or_else(|| parse_doc_number(lines[n])),
    });
    if out.doc_number.is_none() {
        out.warnings.push(warn("missing-doc-number", "no 文号 found for this document", number_line));
    }

    // 主送机关, then the body.
    let head_end = title_range.end.max(number_line.map_or(0, |n| n + 1));
    let mut body_start = head_end;
    if let Some((addressees, line)) = addressees::find_addressees(lines, head_end) {
        out.addressees = Some(addressees);
        body_start = line + 1;
    }

    // 署名 and 成文日期.
    let sig = signature::find_signature(lines, body_start);
    out.signer = sig.signer;
    out.issuers = match decree_header {
        Some(h) => vec![text::strip_ws(h).trim_end_matches('令').to_string()],
        None => sig.issuers,
    };
    out.date = sig.date.map(|d| d.format("%Y-%m-%d").to_string());
    out.date_raw = sig.date_raw;
    if out.date.is_none() {
        out.warnings.push(warn("missing-date", "no 成文日期 found after a signature", None));
    }
    if out.issuers.is_empty() {
        out.warnings.push(warn("missing-issuer", "no 发文机关署名 printed", sig.date_line));
    }

    // 附注 (anywhere in the span: notes can be misplaced).
    let notes = notes::find_notes(lines);
    out.notes = notes.into_iter().filter(|(i, _)| !title_range.contains(i)).map(|(_, n)| n).collect();
    out.publication = publication_from_notes(&out.notes);

    // 附件说明 and 附件.
    let (attachments, list_line) = attachments::parse_attachments(lines, body_start);
    for a in attachments.iter().filter(|a| !a.present) {
        out.warnings.push(warn("missing-attachment", format!("attachment not printed: {}", a.title), list_line));
    }
    out.attachments = attachments;

    // Citations: the body without the heading and the document's own number line.
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !title_range.contains(i) && Some(*i) != number_line)
        .map(|(_, l)| *l)
        .collect();
    out.references = find_references(&body.join("\n"));
    out
}
