//! The PDF reader: our own text-layer interpreter on top of lopdf's object parser.
//!
//! Pages are interpreted in parallel (`content`: glyphs with positions, fonts through
//! `fonts`/`cmap`/`cid`) into [`GlyphPage`]s; the `layout` stage makes lines of them.
//! Document-wide diagnostics (no text layer, fonts without Unicode, lost pages) are made
//! here, where the reasons are known. Hostile input ends as an [`ExtractError`] or a
//! warning, never a panic: limits bound every loop, and a `catch_unwind` around the whole
//! reader is the last line of defence.

mod cid;
mod cmap;
mod content;
mod diagonal;
mod encodings;
mod fold;
mod fontfile;
mod fonts;
mod lexer;
mod load;
mod objects;
mod truetype;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, Object, ObjectId};
use rayon::prelude::*;

use super::{ExtractError, Extracted, GlyphPage, Options, Page, ocr};
use crate::model::{SourceFormat, Warning};
use content::{DiagRun, FontCache, PageText};
use objects::{Budget, PAGE_CHUNK, num};

pub const EXTRACTOR: &str = "gazette-pdf 0.1.0";

/// Reads the text layer only (no OCR).
pub fn extract_pdf(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract_pdf_with(bytes, &Options::default())
}

/// Reads the text layer; with `opts.ocr`, pages without a usable one are recognised.
pub fn extract_pdf_with(bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    let (mut ex, glyphs) = extract_pdf_cut(bytes, opts, &|g| g)?;
    for (p, g) in ex.pages.iter_mut().zip(glyphs) {
        p.glyphs = Some(g);
    }
    Ok(ex)
}

/// Like [`extract_pdf_with`], each glyph page handed to `cut` as soon as it is read (after
/// OCR with `opts.ocr`): its glyphs need not outlive it, so a long PDF's never all live at
/// once. The pages come back without glyphs; `cut`'s results are in page order.
pub fn extract_pdf_cut<T: Send>(
    bytes: &[u8],
    opts: &Options,
    cut: &(dyn Fn(GlyphPage) -> T + Sync),
) -> Result<(Extracted, Vec<T>), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if !load::has_pdf_header(bytes) {
        return Err(ExtractError::NotPdf);
    }
    catch_unwind(AssertUnwindSafe(|| extract(bytes, opts, cut))).unwrap_or_else(|_| {
        Err(ExtractError::Damaged(
            "internal error while reading the file (caught); please report it".into(),
        ))
    })
}

/// One page after interpretation.
struct PageRead<T> {
    page: Held<T>,
    /// Some glyph is placeable (finite position and size): the page has text.
    has_text: bool,
    text: PageText,
}

/// A page's glyphs, or what they were cut into.
enum Held<T> {
    Glyphs(GlyphPage),
    Cut(T),
}

impl<T> Held<T> {
    fn into_cut(self, cut: &(dyn Fn(GlyphPage) -> T + Sync)) -> T {
        match self {
            Held::Glyphs(g) => cut(g),
            Held::Cut(t) => t,
        }
    }
}

fn extract<T: Send>(
    bytes: &[u8],
    opts: &Options,
    cut: &(dyn Fn(GlyphPage) -> T + Sync),
) -> Result<(Extracted, Vec<T>), ExtractError> {
    let doc = load::open(bytes)?;
    let (page_ids, claimed, capped) = load::pages(&doc);
    if page_ids.iter().all(Option::is_none) {
        return Err(ExtractError::Damaged("no readable pages".into()));
    }
    let lost: Vec<u32> = (1..=page_ids.len() as u32)
        .filter(|&p| page_ids[p as usize - 1].is_none())
        .collect();
    let cache = FontCache::default();
    let budget = Budget::new(load::shared_contents(&doc, &page_ids));
    let mut reads: Vec<PageRead<T>> = Vec::with_capacity(page_ids.len());
    // Groups of pages in page order, the budget settled between them: which pages a budget
    // cuts does not depend on how the threads ran.
    for group in page_ids.chunks(PAGE_CHUNK) {
        budget.start_group();
        reads.par_extend(group.par_iter().map(|&id| {
            let r = match id {
                Some(id) => read_page(&doc, id, &cache, &budget),
                None => PageRead::lost(),
            };
            // OCR may still replace a page's glyphs, and diagonal text be added to them once
            // all pages are read: cut them only after that.
            if opts.ocr || !r.text.diagonal.is_empty() {
                r
            } else {
                r.cut(cut)
            }
        }));
    }
    let mut warnings = Vec::new();
    let recognised = if opts.ocr {
        recognise_scans(bytes, &doc, &mut reads, &lost, &mut warnings)?
    } else {
        vec![None; reads.len()]
    };
    let ocr_done = recognised.iter().any(Option::is_some);
    let marks = sort_diagonal(&mut reads, &recognised);
    check_text(&reads, claimed, &lost, ocr_done, &marks, &mut warnings)?;
    if capped {
        warnings.push(Warning::new(
            "limit",
            format!(
                "only the first {} pages were read: the reader's limit of pages per file (hostile or unusually large file?)",
                load::MAX_PAGES
            ),
        ));
    }
    let cuts: Vec<T> = reads
        .into_par_iter()
        .map(|r| r.page.into_cut(cut))
        .collect();
    let pages: Vec<Page> = recognised
        .into_iter()
        .enumerate()
        .map(|(i, conf)| Page {
            number: i as u32 + 1,
            ocr_confidence: conf,
            ..Page::default()
        })
        .collect();
    // Asking for the engine runs `tesseract` twice: only when it was used.
    let extractor = match ocr_done.then(ocr::engine) {
        Some(Ok(engine)) => ocr::extractor_name(EXTRACTOR, engine),
        _ => EXTRACTOR.into(),
    };
    let ex = Extracted {
        format: SourceFormat::Pdf,
        encoding: None,
        extractor,
        page_count: Some(pages.len() as u32),
        pages,
        warnings,
        metadata: None,
    };
    Ok((ex, cuts))
}

/// OCR of the pages without a usable text layer (none, or more undecodable characters than
/// decodable ones): their glyphs are replaced by the recognised ones. Returns each page's
/// mean confidence (None for pages read from the text layer).
fn recognise_scans<T>(
    bytes: &[u8],
    doc: &Document,
    reads: &mut [PageRead<T>],
    lost: &[u32],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Option<f32>>, ExtractError> {
    let mut confidence = vec![None; reads.len()];
    let pages: Vec<ocr::PageIn> = reads
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let unmapped: usize = r.text.unmapped.values().sum();
            !lost.contains(&(*i as u32 + 1)) && (!r.has_text || unmapped > r.text.mapped)
        })
        .map(|(i, r)| ocr::PageIn {
            number: i as u32 + 1,
            bbox: match &r.page {
                Held::Glyphs(g) => g.bbox,
                Held::Cut(_) => unreachable!("pages are cut after OCR"),
            },
            images: r.text.images.clone(),
        })
        .collect();
    if pages.is_empty() {
        return Ok(confidence);
    }
    let (recognised, notes) =
        ocr::recognise(bytes, doc, &pages).map_err(ExtractError::OcrUnavailable)?;
    for (p, rec) in pages.iter().zip(recognised) {
        let i = p.number as usize - 1;
        let r = &mut reads[i];
        r.text.mapped = rec.chars;
        r.text.unmapped.clear();
        r.has_text = true;
        r.page = Held::Glyphs(rec.page);
        confidence[i] = Some(rec.confidence.unwrap_or(0.0));
    }
    warnings.extend(notes);
    Ok(confidence)
}

/// Diagonal text: watermarks are left out (returned as page and text, for the warning);
/// other runs are added to their page's glyphs as lines of their own.
fn sort_diagonal<T>(reads: &mut [PageRead<T>], recognised: &[Option<f32>]) -> Vec<(u32, String)> {
    if reads.iter().all(|r| r.text.diagonal.is_empty()) {
        return Vec::new();
    }
    let runs: Vec<Vec<DiagRun>> = reads
        .iter_mut()
        .zip(recognised)
        .map(|(r, ocr)| {
            let mut d = std::mem::take(&mut r.text.diagonal);
            // A page read by OCR has new glyphs: its text layer's runs are gone with it.
            d.retain(|r| !r.glyphs.is_empty() && ocr.is_none());
            d
        })
        .collect();
    let pages: Vec<(&[DiagRun], f32)> = runs
        .iter()
        .zip(reads.iter())
        .map(|(d, r)| (&d[..], r.text.body_size))
        .collect();
    let verdict = diagonal::watermarks(&pages);
    let mut marks = Vec::new();
    for (i, ((r, d), v)) in reads.iter_mut().zip(&runs).zip(&verdict).enumerate() {
        let mut keep = Vec::new();
        for (run, &mark) in d.iter().zip(v) {
            if mark {
                marks.push((i as u32 + 1, run.text.clone()));
            } else {
                keep.push(run);
            }
        }
        if let (false, Held::Glyphs(g)) = (keep.is_empty(), &mut r.page) {
            let n = g.glyphs.len();
            diagonal::place(&keep, &mut g.glyphs, g.bbox[0], g.bbox[1]);
            r.text.mapped += g.glyphs.len() - n;
            r.has_text = true;
        }
    }
    marks
}

impl<T> PageRead<T> {
    fn cut(self, cut: &(dyn Fn(GlyphPage) -> T + Sync)) -> PageRead<T> {
        PageRead {
            page: Held::Cut(self.page.into_cut(cut)),
            ..self
        }
    }

    fn lost() -> PageRead<T> {
        PageRead {
            page: Held::Glyphs(GlyphPage {
                bbox: [0.0, 0.0, 595.0, 842.0],
                ..GlyphPage::default()
            }),
            has_text: false,
            text: PageText {
                damaged: true,
                ..PageText::default()
            },
        }
    }
}

fn read_page<T>(doc: &Document, id: ObjectId, cache: &FontCache, budget: &Budget) -> PageRead<T> {
    let Ok(page) = doc.get_dictionary(id) else {
        return PageRead::lost();
    };
    let bbox = page_box(doc, page);
    let [x0, y0, x1, y1] = bbox;
    let mut text = content::run_page(doc, page, cache, budget);
    let mut glyphs = std::mem::take(&mut text.glyphs);
    if text.rotated == 0 {
        // Text placed off the page is not shown (hidden leftovers of editing).
        let m = 5.0;
        glyphs.retain(|g| g.x + g.w >= x0 - m && g.x <= x1 + m && g.y >= y0 - m && g.y <= y1 + m);
    }
    let rotated = text.rotated * 2 > glyphs.len();
    if glyphs.len() >= 10 {
        let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
        let mid = sizes.len() / 2;
        sizes.select_nth_unstable_by(mid, f32::total_cmp);
        text.body_size = sizes[mid];
    }
    let has_text = glyphs
        .iter()
        .any(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    PageRead {
        page: Held::Glyphs(GlyphPage {
            glyphs,
            rules: std::mem::take(&mut text.rules),
            bbox,
            rotated,
        }),
        has_text,
        text,
    }
}

/// The visible page area `[x0, y0, x1, y1]` (CropBox, else MediaBox, else A4).
fn page_box(doc: &Document, page: &lopdf::Dictionary) -> [f32; 4] {
    for key in [&b"CropBox"[..], b"MediaBox"] {
        if let Some(Object::Array(a)) = content::inherited(doc, page, key)
            && a.len() == 4
        {
            let v: Vec<f32> = a
                .iter()
                .filter_map(|o| objects::resolve(doc, o).and_then(num))
                .collect();
            if v.len() == 4 && (v[3] - v[1]).abs() > 1.0 && (v[2] - v[0]).abs() > 1.0 {
                return [
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ];
            }
        }
    }
    [0.0, 0.0, 595.0, 842.0]
}

/// Document-wide text checks: no text at all, pages without text (scanned, drawings only or
/// blank), fonts without Unicode, pages lost, damaged, undecodable or cut off at a limit.
fn check_text<T>(
    reads: &[PageRead<T>],
    claimed: Option<u32>,
    lost: &[u32],
    ocr_done: bool,
    marks: &[(u32, String)],
    warnings: &mut Vec<Warning>,
) -> Result<(), ExtractError> {
    let n = reads.len() as u32;
    let pages_where = |f: &dyn Fn(&PageRead<T>) -> bool| -> Vec<u32> {
        (1..=n)
            .filter(|&p| !lost.contains(&p) && f(&reads[p as usize - 1]))
            .collect()
    };
    // Pages without text that were read completely: a damaged page is reported as such.
    let empty = |r: &PageRead<T>| !r.has_text && !r.text.damaged;
    let scanned = pages_where(&|r| empty(r) && r.text.image_count > 0);
    let drawings = pages_where(&|r| empty(r) && r.text.image_count == 0 && r.text.paths > 0);
    let blank = pages_where(&|r| empty(r) && r.text.image_count == 0 && r.text.paths == 0);
    let mapped: usize = reads.iter().map(|r| r.text.mapped).sum();
    let mut unmapped: BTreeMap<&str, (usize, Vec<u32>)> = BTreeMap::new();
    for (i, r) in reads.iter().enumerate() {
        for (font, &c) in &r.text.unmapped {
            let e = unmapped.entry(font.as_str()).or_default();
            e.0 += c;
            e.1.push(i as u32 + 1);
        }
    }
    let unmapped_total: usize = unmapped.values().map(|v| v.0).sum();
    let fonts = || unmapped.keys().copied().collect::<Vec<_>>().join(", ");
    let font_pages = || {
        let mut p: Vec<u32> = unmapped
            .values()
            .flat_map(|v| v.1.iter().copied())
            .collect();
        p.sort_unstable();
        p.dedup();
        page_ranges(&p)
    };
    // Mostly unmapped: what is left is not the document. A smaller share is dropped with a
    // warning, and the text that is mapped is kept.
    if unmapped_total > 0 && unmapped_total >= 4 * mapped {
        return Err(ExtractError::NoUnicodeMapping {
            font: fonts(),
            pages: font_pages(),
        });
    }
    // Cut off at a limit: the biggest limit hit names the cause.
    let limited = pages_where(&|r| r.text.limit.is_some());
    let limit = reads.iter().filter_map(|r| r.text.limit).max();
    let undecodable = pages_where(&|r| r.text.undecodable.is_some() && r.text.limit.is_none());
    let why = reads.iter().find_map(|r| r.text.undecodable.clone());
    let damaged =
        pages_where(&|r| r.text.damaged && r.text.limit.is_none() && r.text.undecodable.is_none());
    // With OCR, a file that reads as nothing is empty pages with warnings, not an error.
    if mapped == 0 && !ocr_done {
        if let Some(l) = limit {
            return Err(ExtractError::Unsupported(format!(
                "over the reader's limit of {} on pages {}; no text read (hostile or unusually large file?)",
                l.describe(),
                page_ranges(&limited)
            )));
        }
        if let Some(why) = &why {
            return Err(ExtractError::Damaged(format!(
                "the content of pages {} cannot be decoded ({why}); no text recovered",
                page_ranges(&undecodable)
            )));
        }
        if !damaged.is_empty() || !lost.is_empty() {
            let mut all: Vec<u32> = damaged.iter().chain(lost).copied().collect();
            all.sort_unstable();
            return Err(ExtractError::Damaged(format!(
                "the content of pages {} is missing or unreadable (truncated file?); no text recovered",
                page_ranges(&all)
            )));
        }
        if scanned.is_empty() && !drawings.is_empty() {
            return Err(ExtractError::Unsupported(format!(
                "pages {} hold drawings but no text and no images (text drawn as outlines?)",
                page_ranges(&drawings)
            )));
        }
        if scanned.is_empty() && drawings.is_empty() {
            return Err(ExtractError::Unsupported(format!(
                "pages {} are blank (no text, images or drawings)",
                page_ranges(&blank)
            )));
        }
        return Err(ExtractError::NoTextLayer(page_ranges(&scanned)));
    }
    if unmapped_total > 0 {
        warnings.push(Warning::new(
            "no-unicode-mapping",
            format!(
                "{unmapped_total} characters in fonts without a Unicode mapping ({}) on pages {} were dropped",
                fonts(),
                font_pages()
            ),
        ));
    }
    if !scanned.is_empty() {
        warnings.push(Warning::new(
            "no-text-layer",
            format!(
                "no text layer on pages {} (scanned? OCR needed: run with --ocr to recognise them)",
                page_ranges(&scanned)
            ),
        ));
    }
    if !drawings.is_empty() {
        warnings.push(Warning::new(
            "no-text-layer",
            format!(
                "pages {} hold drawings but no text (text drawn as outlines?)",
                page_ranges(&drawings)
            ),
        ));
    }
    if !blank.is_empty() {
        warnings.push(Warning::new(
            "blank-page",
            format!("pages {} are blank", page_ranges(&blank)),
        ));
    }
    if let Some(l) = limit {
        warnings.push(Warning::new(
            "limit",
            format!(
                "pages {} were cut off at the reader's limit of {} (hostile or unusually large file?)",
                page_ranges(&limited),
                l.describe()
            ),
        ));
    }
    if let Some(why) = &why {
        warnings.push(Warning::new(
            "damaged-page",
            format!(
                "content of pages {} could not be decoded ({why})",
                page_ranges(&undecodable)
            ),
        ));
    }
    if !marks.is_empty() {
        let mut pages: Vec<u32> = marks.iter().map(|m| m.0).collect();
        pages.dedup();
        let mut samples: Vec<String> = Vec::new();
        for (_, t) in marks {
            let t: String = t.trim().chars().take(24).collect();
            if samples.len() < 3 && !t.is_empty() && !samples.contains(&t) {
                samples.push(t);
            }
        }
        warnings.push(Warning::new(
            "watermark",
            format!(
                "diagonal text that looks like a watermark (large, light or repeated across pages) on pages {} was left out (“{}”)",
                page_ranges(&pages),
                samples.join("”, “")
            ),
        ));
    }
    if !lost.is_empty() {
        warnings.push(Warning::new(
            "pages-lost",
            format!(
                "pages {} are missing from the file (truncated or damaged)",
                page_ranges(lost)
            ),
        ));
    }
    if !damaged.is_empty() {
        warnings.push(Warning::new(
            "damaged-page",
            format!(
                "content of pages {} could not be read completely (damaged or truncated file?)",
                page_ranges(&damaged)
            ),
        ));
    }
    if let Some(c) = claimed
        && c > n
        && (n as usize) < load::MAX_PAGES
    {
        warnings.push(Warning::new(
            "pages-lost",
            format!(
                "the document declares {c} pages but only {n} could be read; pages {}–{c} lost (truncated file?)",
                n + 1
            ),
        ));
    }
    Ok(())
}

/// `[1, 3, 4, 5, 9]` → `"1, 3–5, 9"`.
pub fn page_ranges(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            pages[i].to_string()
        } else {
            format!("{}–{}", pages[i], pages[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges() {
        assert_eq!(super::page_ranges(&[1, 3, 4, 5, 9]), "1, 3–5, 9");
        assert_eq!(super::page_ranges(&[3, 4, 5]), "3–5");
    }
}
