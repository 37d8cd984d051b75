//! Stage 1: bytes → pages. A fixed-layout format gives pages of positioned glyphs (PDF
//! through our own text-layer reader, `pdf`), which the `layout` stage turns into lines; a
//! flowing format gives lines directly (text files through encoding detection, `text`).
//! Knows nothing of 公文. Every failure is an [`ExtractError`] naming the reason; nothing
//! here may panic on hostile input.

pub mod legacy;
pub mod ocr;
pub mod pdf;
pub mod text;

use crate::model::{SourceFormat, Warning};

thread_local! {
    /// When the conversion running on this thread must give up (`convert --timeout`).
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `f` with a deadline that the readers check as they work (a file over it ends as a
/// cut-off, not a stall of its batch worker).
pub fn with_deadline<T>(deadline: Option<std::time::Instant>, f: impl FnOnce() -> T) -> T {
    let before = DEADLINE.replace(deadline);
    let out = f();
    DEADLINE.set(before);
    out
}

/// The deadline of the conversion on this thread, if any.
pub fn deadline() -> Option<std::time::Instant> {
    DEADLINE.get()
}

/// What a reader hands to `clean`: pages of lines in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub format: SourceFormat,
    /// Text encoding for text input ("utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030",
    /// "big5", …).
    pub encoding: Option<String>,
    /// e.g. "gazette-pdf 0.1.0" or "text".
    pub extractor: String,
    /// Number of physical pages (PDF, or text with form feeds); None for plain text.
    pub page_count: Option<u32>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
}

/// One physical page (PDF) or one form-feed page (text). Plain text without form
/// feeds is a single page with `number` 1 and `Extracted::page_count` None.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based physical page number.
    pub number: u32,
    /// Printed page number found on this page (PDF furniture), if any.
    pub printed: Option<u32>,
    /// Lines in reading order after furniture removal. For PDF one line per paragraph,
    /// TOC entry or table row (cells joined by tabs).
    pub lines: Vec<RawLine>,
    /// Lines as found before furniture removal and paragraph joining (`extract --raw`).
    pub raw_lines: Vec<String>,
    /// Positioned glyphs of a fixed-layout page, until `layout` has turned them into
    /// `lines` (then None). None for formats that give lines directly.
    pub glyphs: Option<GlyphPage>,
    /// Mean OCR confidence (0–100) of a recognised page; None for pages not OCR'd.
    pub ocr_confidence: Option<f32>,
}

/// One page of positioned glyphs: what the PDF reader (and any other fixed-layout or OCR
/// reader) hands to `layout`. Coordinates are in points, y growing upwards.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlyphPage {
    pub glyphs: Vec<Glyph>,
    /// Stroked or filled axis-aligned lines (table rules), in page space.
    pub rules: Vec<Rule>,
    /// The visible page area `[x0, y0, x1, y1]`.
    pub bbox: [f32; 4],
    /// Most glyphs are drawn rotated: their frame is not page space, so rules do not
    /// apply and no tables are looked for.
    pub rotated: bool,
}

/// A glyph on the page, in default user space (y grows upwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Left end of the baseline.
    pub x: f32,
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Font size as drawn (em height).
    pub size: f32,
    pub c: char,
}

/// An axis-aligned rule: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawLine {
    pub text: String,
    /// The paragraph runs on from the previous page or column: `clean` joins it to the
    /// previous line (with no space between CJK characters).
    pub continues: bool,
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ExtractError {
    #[error("empty file")]
    Empty,
    #[error("not a PDF (no %PDF header)")]
    NotPdf,
    #[error("encrypted PDF (password required)")]
    Encrypted,
    #[error("no text layer on {} (scanned? OCR needed: run with --ocr to recognise it)", pages_label(.0))]
    NoTextLayer(String),
    #[error("no Unicode mapping for font {font} on {}; OCR needed", pages_label(.pages))]
    NoUnicodeMapping { font: String, pages: String },
    #[error("damaged PDF: {0}")]
    Damaged(String),
    #[error("undecodable text: {0}")]
    Undecodable(String),
    #[error("unsupported input: {0}")]
    Unsupported(String),
    /// `--ocr` without a usable Tesseract (the message names the package).
    #[error("{0}")]
    OcrUnavailable(String),
}

/// `1` → "page 1", `3–5` or `1, 4` → "pages 3–5".
fn pages_label(pages: &str) -> String {
    if pages.chars().all(|c| c.is_ascii_digit()) {
        format!("page {pages}")
    } else {
        format!("pages {pages}")
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Recognise pages without a usable text layer with Tesseract (`--ocr`).
    pub ocr: bool,
}

impl Options {
    /// The process-wide options the CLI set (`--ocr` turns OCR on for every input).
    pub fn process() -> Options {
        Options {
            ocr: ocr::enabled(),
        }
    }
}

/// Reads one input by its content, with the process-wide [`Options`].
pub fn extract_bytes(path: &std::path::Path, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract_bytes_with(path, bytes, &Options::process())
}

/// Reads one input by its content: `%PDF` → PDF reader; a `.pdf` name without it is an
/// error (a renamed text file is not a gazette PDF); anything else is text.
pub fn extract_bytes_with(
    path: &std::path::Path,
    bytes: &[u8],
    opts: &Options,
) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return pdf::extract_pdf_with(bytes, opts);
    }
    let is_pdf_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf_name {
        return Err(ExtractError::NotPdf);
    }
    text::extract_text(bytes)
}
