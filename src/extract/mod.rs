//! Stage 1: bytes → pages. A fixed-layout format gives pages of positioned glyphs (PDF
//! through our own text-layer reader, `pdf`), which the `layout` stage turns into lines; a
//! flowing format gives lines directly (text files through encoding detection, `text`).
//! Knows nothing of 公文. Every failure is an [`ExtractError`] naming the reason; nothing
//! here may panic on hostile input.

pub mod doc;
pub mod docx;
pub mod html;
pub mod legacy;
pub mod ocr;
pub mod ofd;
pub mod pdf;
pub mod text;
mod xml;
mod zipped;

use crate::model::{PageMetadata, SourceFormat, Warning};

/// Extensions of the files read as inputs when found in folders (by `convert`, `grep` and
/// `check`); the bytes decide the format, the name only whether a file is picked up.
pub const INPUT_EXTENSIONS: &[&str] = &[
    "pdf", "txt", "ofd", "docx", "doc", "wps", "html", "htm", "shtml",
];

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
    /// An HTML page's metadata table and `<meta>` tags (`source.metadata`).
    pub metadata: Option<PageMetadata>,
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
    /// A damaged or unreadable file of a format other than PDF: `DOCX: damaged zip: …`.
    #[error("{format}: {reason}")]
    Invalid {
        format: &'static str,
        reason: String,
    },
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

/// Reads one input by its content: `%PDF` → PDF; a zip holding `OFD.xml` → OFD, one
/// holding `word/document.xml` → DOCX; an OLE compound file → DOC/WPS; markup or an
/// `.html`/`.htm`/`.shtml` name → HTML; anything else is text. A name promising a binary
/// format (`.pdf`, `.docx` …) whose bytes are not of it is an error, not text.
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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zipped::extract_zip(bytes, &ext);
    }
    if bytes.starts_with(&doc::OLE_MAGIC) {
        return doc::extract_doc(bytes);
    }
    // Text and markup are laid out whole: one that is larger than any gazette issue would
    // take a large multiple of its size in memory, so it is refused first (split it).
    if bytes.len() > text::MAX_TEXT_BYTES {
        return Err(text::too_large(format!("{} MB", bytes.len() >> 20)));
    }
    let invalid = |format: &'static str, what: &str| ExtractError::Invalid {
        format,
        reason: format!("not a {what} file (its bytes are of another format)"),
    };
    match ext.as_str() {
        "pdf" => Err(ExtractError::NotPdf),
        "ofd" => Err(invalid("OFD", "zip (OFD)")),
        "docx" => Err(invalid("DOCX", "zip (DOCX)")),
        "doc" | "wps" => Err(invalid("DOC", "Word 97 (OLE)")),
        "html" | "htm" | "shtml" | "xhtml" => html::extract_html(bytes),
        _ if html::looks_like_html(bytes) => html::extract_html(bytes),
        _ => text::extract_text(bytes),
    }
}

/// [`extract_bytes_with`], each glyph page handed to `cut` (layout's first, per-page step)
/// as it is read, so that a long PDF's glyphs never all live at once: `cut[i]` is page i's,
/// None for pages of lines; the pages come back without glyphs.
pub fn extract_bytes_cut<T: Send>(
    path: &std::path::Path,
    bytes: &[u8],
    opts: &Options,
    cut: &(dyn Fn(GlyphPage) -> T + Sync),
) -> Result<(Extracted, Vec<Option<T>>), ExtractError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !bytes.is_empty() && head.windows(5).any(|w| w == b"%PDF-") {
        let (ex, cuts) = pdf::extract_pdf_cut(bytes, opts, cut)?;
        return Ok((ex, cuts.into_iter().map(Some).collect()));
    }
    let mut ex = extract_bytes_with(path, bytes, opts)?;
    let cuts = ex
        .pages
        .iter_mut()
        .map(|p| p.glyphs.take().map(cut))
        .collect();
    Ok((ex, cuts))
}

/// An Extracted of one page of lines (the flowing formats: HTML, DOCX, DOC).
fn line_page(format: SourceFormat, extractor: String, lines: Vec<String>) -> Extracted {
    Extracted {
        format,
        encoding: None,
        extractor,
        page_count: None,
        pages: vec![Page {
            number: 1,
            printed: None,
            lines: lines
                .iter()
                .map(|l| RawLine {
                    text: l.clone(),
                    continues: false,
                })
                .collect(),
            raw_lines: lines,
            ..Page::default()
        }],
        warnings: Vec::new(),
        metadata: None,
    }
}
