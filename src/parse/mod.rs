//! Stage 4: metadata of one document from its span of cleaned lines. Pure functions
//! over text that never fail: what they cannot find is None, with a warning saying why.

pub mod date;
pub mod doc_number;

use std::ops::Range;

use crate::model::{Attachment, DocNumber, Publication, Reference, Signer, Warning, Wrapper};

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

pub fn parse_document(_span: SpanInput<'_>) -> ParsedDocument {
    ParsedDocument::default()
}
