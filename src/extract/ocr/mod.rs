//! OCR of scanned pages (`--ocr`): pages without a usable text layer are recognised by the
//! `tesseract` program and come back as the same positioned glyphs the text layer gives, so
//! the shared `layout` stage finds their columns, furniture and paragraphs.
//!
//! Takes the PDF's pages that need it (with the image XObjects each draws), gives a
//! [`Recognised`] page per input page. The scanned image is decoded in pure Rust where it
//! can be (`image`), else the page is rasterised by `pdftoppm`; Tesseract runs once per
//! page, pages in parallel with one Tesseract thread each (`tesseract`); its words become
//! deskewed glyphs with one baseline per line (`words`) after domain repairs of 文号, dates
//! and punctuation (`repair`). Doubtful 文号 lines, headings, signatures and dates are read
//! again, cut out (`reread`), and where the readings disagree the one the issue's
//! confidently read text confirms is kept (`lexicon`, reported). Each page keeps its mean confidence: low pages
//! are warned about, and a page that reads as noise is emptied rather than turned into text.

mod image;
mod lexicon;
mod repair;
mod reread;
pub mod review;
mod tesseract;
mod words;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use lopdf::{Document, Object, ObjectId};
use rayon::prelude::*;

use crate::model::Warning;
use lexicon::Lexicon;
pub use tesseract::Engine;
use tesseract::Word;
use words::Frame;
pub use words::Recognised;

/// Pages whose mean confidence is below this get a warning (clean 300 dpi scans of
/// gazettes score 85–95).
pub const LOW_CONFIDENCE: f32 = 70.0;
/// Below this a page is taken for noise: its words are dropped, not made into text (a
/// cover in large display type scores about 40).
pub const NOISE_CONFIDENCE: f32 = 30.0;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns OCR on for every input of this process (the CLI's `--ocr`), once Tesseract is
/// found; the error names the package to install.
pub fn enable() -> Result<(), String> {
    engine()?;
    ENABLED.store(true, Ordering::Relaxed);
    Ok(())
}

/// Whether `enable` was called.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Finds Tesseract once per process; the error names the package to install.
pub fn engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(tesseract::find)
        .as_ref()
        .map_err(Clone::clone)
}

/// `source.extractor` of a file with OCR'd pages: the models used (HanS re-reads doubtful
/// lines when installed).
pub fn extractor_name(base: &str, engine: &Engine) -> String {
    match &engine.script {
        Some(s) => format!("{base} + {} (chi_sim, {s})", engine.version),
        None => format!("{base} + {} (chi_sim)", engine.version),
    }
}

/// An image XObject drawn on a page, with the matrix it is drawn with (unit square → page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageUse {
    pub id: ObjectId,
    pub ctm: [f32; 6],
}

/// A page to recognise.
pub struct PageIn {
    /// 1-based.
    pub number: u32,
    pub bbox: [f32; 4],
    pub images: Vec<ImageUse>,
}

/// Recognises `pages` of the PDF `bytes` (parsed as `doc`) in parallel. A page that
/// cannot be read becomes an empty page with a warning; only a missing engine is an error.
pub fn recognise(
    bytes: &[u8],
    doc: &Document,
    pages: &[PageIn],
) -> Result<(Vec<Recognised>, Vec<Warning>), String> {
    let engine = engine()?;
    let mut read: Vec<Result<PageWords, String>> = pages
        .par_iter()
        .map(|p| page(bytes, doc, p, engine))
        .collect();
    // The lexicon comes from all its pages before any line is decided by it.
    let lex = Lexicon::of_pages(
        read.iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|r| &r.0[..]),
    );
    let results: Vec<(Recognised, Vec<Warning>)> = pages
        .par_iter()
        .zip(read.par_iter_mut())
        .map(|(p, r)| match r {
            Ok((words, frame, reread)) => {
                let chosen = lexicon::resolve(words, &lex);
                let (r, w) = judge(p.number, words::to_glyphs(words, *frame));
                let mut notes: Vec<Warning> = reread
                    .iter()
                    .map(|m| {
                        let m = format!("page {}: {m}; check it", p.number);
                        warning("ocr-alternative-chosen", p.number, m)
                    })
                    .collect();
                notes.extend(chosen.iter().map(|c| chosen_warning(p.number, c)));
                notes.extend(w);
                (r, notes)
            }
            Err(e) => (
                empty(p.bbox),
                vec![warning(
                    "ocr-failed",
                    p.number,
                    format!("page {} could not be recognised: {e}", p.number),
                )],
            ),
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for (r, w) in results {
        out.push(r);
        warnings.extend(w);
    }
    Ok((out, warnings))
}

/// Tells the user that a line reads as Tesseract's other reading, not its first.
fn chosen_warning(page: u32, c: &lexicon::Chosen) -> Warning {
    let swaps: Vec<String> = c
        .first
        .chars()
        .zip(c.chosen.chars())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{b} for {a}"))
        .collect();
    warning(
        "ocr-alternative-chosen",
        page,
        format!(
            "page {page}: `{}` read as `{}` ({}): characters Tesseract offered in another reading of the line, chosen because {}; check it",
            c.first,
            c.chosen,
            swaps.join(", "),
            c.why
        ),
    )
}

fn warning(code: &str, page: u32, message: String) -> Warning {
    let mut w = Warning::new(code, message);
    w.page = Some(page);
    w
}

fn empty(bbox: [f32; 4]) -> Recognised {
    Recognised {
        page: crate::extract::GlyphPage {
            bbox,
            ..Default::default()
        },
        confidence: None,
        chars: 0,
    }
}

/// Low confidence → a warning; noise → an empty page and a warning.
fn judge(number: u32, r: Recognised) -> (Recognised, Option<Warning>) {
    match r.confidence {
        None => {
            let w = warning(
                "ocr-low-confidence",
                number,
                format!("page {number}: no text recognised (blank or unreadable scan)"),
            );
            (r, Some(w))
        }
        Some(c) if c < NOISE_CONFIDENCE => {
            let w = warning(
                "ocr-low-confidence",
                number,
                format!(
                    "page {number}: mean OCR confidence {c:.0} is below {NOISE_CONFIDENCE:.0}; its {} characters were taken for noise and dropped",
                    r.chars
                ),
            );
            let mut e = empty(r.page.bbox);
            e.confidence = Some(c);
            (e, Some(w))
        }
        Some(c) if c < LOW_CONFIDENCE => {
            let w = warning(
                "ocr-low-confidence",
                number,
                format!(
                    "page {number}: mean OCR confidence {c:.0} is below {LOW_CONFIDENCE:.0}; check its text"
                ),
            );
            (r, Some(w))
        }
        Some(_) => (r, None),
    }
}

/// The largest image drawn on the page, when it covers most of it: a scan.
fn scan_image<'a>(doc: &'a Document, p: &PageIn) -> Option<(&'a lopdf::Stream, ImageUse)> {
    let page_area = (p.bbox[2] - p.bbox[0]) * (p.bbox[3] - p.bbox[1]);
    let area = |u: &ImageUse| {
        let m = u.ctm;
        (m[0] * m[3] - m[1] * m[2]).abs()
    };
    let best = p.images.iter().max_by(|a, b| area(a).total_cmp(&area(b)))?;
    if area(best) < 0.5 * page_area {
        return None;
    }
    match doc.get_object(best.id).ok()? {
        Object::Stream(s) => Some((s, *best)),
        _ => None,
    }
}

/// One page's words (re-read where doubtful), where its image lies on the page, and notes
/// on lines replaced by another reading.
type PageWords = (Vec<Word>, Frame, Vec<String>);

/// Reads one page.
fn page(bytes: &[u8], doc: &Document, p: &PageIn, engine: &Engine) -> Result<PageWords, String> {
    let page_w = p.bbox[2] - p.bbox[0];
    let (left, top) = (p.bbox[0], p.bbox[3]);
    let decoded = scan_image(doc, p).and_then(|(st, u)| {
        let img = image::decode(doc, st).ok()?;
        let m = u.ctm;
        // upright placement: its top-left corner and width; anything else is read as drawn
        // over the page box
        if m[0] > 1.0 && m[3] > 1.0 && m[1] == 0.0 && m[2] == 0.0 {
            Some((img, m[0], m[4], m[5] + m[3]))
        } else {
            Some((img, page_w, left, top))
        }
    });
    let (img, drawn_w, left, top) = match decoded {
        Some(d) => d,
        None => (image::rasterise(bytes, p.number)?, page_w, left, top),
    };
    let dpi = img.width as f32 / (drawn_w / 72.0);
    let (img, dpi) = img.scaled_for_ocr(dpi);
    let words = tesseract::recognise(engine, &img, dpi)?;
    let (words, notes) = reread::improve(engine, &img, dpi, words);
    let frame = Frame {
        pt_per_px: drawn_w / img.width as f32,
        left,
        top,
        bbox: p.bbox,
    };
    Ok((words, frame, notes))
}
