//! The PDF reader: our own text-layer interpreter on top of lopdf's object parser.
//!
//! Pages are interpreted in parallel (`content`: glyphs with positions, fonts through
//! `fonts`/`cmap`/`gb1`), turned into fragments (`lines`) with table rows made whole
//! (`tables` for ruled tables, `borderless` for the rest), stripped of furniture across the
//! whole document (`furniture`), put in reading order (`columns`) and joined into
//! paragraphs (`paragraphs`). Hostile input ends as an [`ExtractError`] or a warning, never
//! a panic: limits bound every loop, and a `catch_unwind` around the whole reader is the
//! last line of defence.

mod borderless;
mod cmap;
mod columns;
mod content;
mod encodings;
mod fold;
mod fonts;
mod furniture;
mod gb1;
mod lexer;
mod lines;
mod load;
mod objects;
mod paragraphs;
mod tables;
mod truetype;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, Object, ObjectId};
use rayon::prelude::*;

use super::{ExtractError, Extracted, Page, RawLine};
use crate::model::{SourceFormat, Warning};
use content::{FontCache, PageText};
use lines::Frag;
use objects::{Budget, num};
use paragraphs::{Edges, Paras};

pub const EXTRACTOR: &str = "gazette-pdf 0.1.0";

pub fn extract_pdf(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if !load::has_pdf_header(bytes) {
        return Err(ExtractError::NotPdf);
    }
    catch_unwind(AssertUnwindSafe(|| extract(bytes))).unwrap_or_else(|_| {
        Err(ExtractError::Damaged(
            "internal error while reading the file (caught); please report it".into(),
        ))
    })
}

/// One page after interpretation, before document-wide decisions.
struct PageRead {
    frags: Vec<Frag>,
    /// Rows as drawn, before tables and furniture are dealt with (`Page::raw_lines`).
    raw: Vec<String>,
    y0: f32,
    y1: f32,
    text: PageText,
}

fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let doc = load::open(bytes)?;
    let (page_ids, claimed) = load::pages(&doc);
    if page_ids.iter().all(Option::is_none) {
        return Err(ExtractError::Damaged("no readable pages".into()));
    }
    let lost: Vec<u32> = (1..=page_ids.len() as u32)
        .filter(|&p| page_ids[p as usize - 1].is_none())
        .collect();
    let cache = FontCache::default();
    let budget = Budget::new();
    let reads: Vec<PageRead> = page_ids
        .par_iter()
        .map(|&id| match id {
            Some(id) => read_page(&doc, id, &cache, &budget),
            None => PageRead::lost(),
        })
        .collect();
    let mut warnings = Vec::new();
    check_text(&reads, claimed, &lost, &mut warnings)?;

    let geoms: Vec<furniture::PageGeom> = reads
        .iter()
        .map(|r| furniture::PageGeom {
            frags: &r.frags,
            y0: r.y0,
            y1: r.y1,
        })
        .collect();
    let furn = furniture::detect(&geoms);
    let edges = Edges::from_frags(reads.iter().zip(&furn).flat_map(|(r, f)| {
        r.frags
            .iter()
            .zip(&f.keep)
            .filter(|(_, k)| **k)
            .map(|(x, _)| x)
    }));
    let laid: Vec<Vec<Paras>> = reads
        .par_iter()
        .zip(&furn)
        .map(|(r, f)| layout_page(&r.frags, &f.keep, &edges))
        .collect();

    let mut pages = Vec::with_capacity(reads.len());
    let mut prev_open = false;
    let mut prev_size = 0.0f32;
    for (i, ((r, f), blocks)) in reads.iter().zip(&furn).zip(laid).enumerate() {
        let mut lines = Vec::new();
        for b in blocks {
            for (k, t) in b.texts.into_iter().enumerate() {
                let continues = k == 0
                    && prev_open
                    && b.first_open
                    && (b.first_size - prev_size).abs() <= 0.2 * prev_size;
                lines.push(RawLine { text: t, continues });
            }
            prev_open = b.last_open;
            prev_size = b.last_size;
        }
        pages.push(Page {
            number: i as u32 + 1,
            printed: f.printed,
            lines,
            raw_lines: r.raw.clone(),
        });
    }
    Ok(Extracted {
        format: SourceFormat::Pdf,
        encoding: None,
        extractor: EXTRACTOR.into(),
        page_count: Some(pages.len() as u32),
        pages,
        warnings,
    })
}

impl PageRead {
    fn lost() -> PageRead {
        PageRead {
            frags: Vec::new(),
            raw: Vec::new(),
            y0: 0.0,
            y1: 842.0,
            text: PageText {
                damaged: true,
                ..PageText::default()
            },
        }
    }
}

fn read_page(doc: &Document, id: ObjectId, cache: &FontCache, budget: &Budget) -> PageRead {
    let Ok(page) = doc.get_dictionary(id) else {
        return PageRead::lost();
    };
    let [x0, y0, x1, y1] = page_box(doc, page);
    let mut text = content::run_page(doc, page, cache, budget);
    let mut glyphs = std::mem::take(&mut text.glyphs);
    if text.rotated == 0 {
        // Text placed off the page is not shown (hidden leftovers of editing).
        let m = 5.0;
        glyphs.retain(|g| g.x + g.w >= x0 - m && g.x <= x1 + m && g.y >= y0 - m && g.y <= y1 + m);
    }
    let rotated = text.rotated * 2 > glyphs.len();
    let (frags, raw) = page_frags(&mut glyphs, &text.rules, rotated);
    PageRead {
        frags,
        raw,
        y0,
        y1,
        text,
    }
}

/// Glyphs → fragments, each table row (ruled or borderless) made one fragment, and the raw
/// rows from before that. Rules are in page space, so a page of rotated text has no tables.
fn page_frags(
    glyphs: &mut Vec<content::Glyph>,
    rules: &[content::Rule],
    rotated: bool,
) -> (Vec<Frag>, Vec<String>) {
    let tables = if rotated {
        Vec::new()
    } else {
        tables::find_tables(rules)
    };
    let mut cuts = tables::cuts(&tables);
    let mut frags = lines::fragments(glyphs, &cuts);
    let raw = raw_lines(&frags);
    // Borderless tables are looked for outside the ruled ones; their columns come from the
    // glyphs, so the page is cut again with their column lines.
    let outside: Vec<Frag> = frags
        .iter()
        .filter(|f| !tables.iter().any(|t| t.contains(f)))
        .cloned()
        .collect();
    // Looked for column by column: a text gutter must never pass for a table's river.
    let gutters = columns::find_gutters(&outside);
    let open_tables = if rotated {
        Vec::new()
    } else {
        (0..=gutters.len())
            .flat_map(|c| {
                let col: Vec<Frag> = outside
                    .iter()
                    .filter(|f| columns::column_of(f, &gutters) == Some(c))
                    .cloned()
                    .collect();
                borderless::find(&col, glyphs)
            })
            .collect()
    };
    if !open_tables.is_empty() {
        cuts.extend(borderless::cuts(&open_tables));
        frags = lines::fragments(glyphs, &cuts);
    }
    if !tables.is_empty() || !open_tables.is_empty() {
        frags = tables::apply(frags, &tables);
        frags = tables::apply(frags, &open_tables);
        lines::renumber(&mut frags);
    }
    (frags, raw)
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

fn layout_page(frags: &[Frag], keep: &[bool], edges: &Edges) -> Vec<Paras> {
    let blocks = columns::order(frags, keep);
    // Each column's left edge on this page (full-width content shares one).
    let mut edge: BTreeMap<Option<usize>, (f32, f32)> = BTreeMap::new();
    for b in &blocks {
        let e = edge
            .entry(b.column)
            .or_insert((f32::INFINITY, f32::NEG_INFINITY));
        for &i in &b.frags {
            e.0 = e.0.min(frags[i].x0);
            e.1 = e.1.max(frags[i].x1);
        }
    }
    blocks
        .iter()
        .map(|b| {
            let lines = paragraphs::block_lines(frags, b);
            paragraphs::paragraphs(&lines, edge[&b.column], edges)
        })
        .collect()
}

/// Rows top to bottom, cells joined by tabs: the page as drawn, furniture included.
fn raw_lines(frags: &[Frag]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut row = usize::MAX;
    for f in frags {
        if f.row == row {
            if let Some(l) = out.last_mut() {
                l.push('\t');
                l.push_str(&f.text);
            }
        } else {
            out.push(f.text.clone());
            row = f.row;
        }
    }
    out
}

/// Document-wide text checks: no text at all, pages without text, fonts without Unicode,
/// pages lost or damaged.
fn check_text(
    reads: &[PageRead],
    claimed: Option<u32>,
    lost: &[u32],
    warnings: &mut Vec<Warning>,
) -> Result<(), ExtractError> {
    let n = reads.len() as u32;
    // Pages without text that were read completely: a damaged page is reported as such.
    let empty: Vec<u32> = (1..=n)
        .filter(|&p| {
            let r = &reads[p as usize - 1];
            r.frags.is_empty() && !r.text.damaged && !lost.contains(&p)
        })
        .collect();
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
    if unmapped_total > 0 && unmapped_total >= mapped {
        return Err(ExtractError::NoUnicodeMapping {
            font: fonts(),
            pages: font_pages(),
        });
    }
    let damaged: Vec<u32> = (1..=n)
        .filter(|&p| reads[p as usize - 1].text.damaged || lost.contains(&p))
        .collect();
    if mapped == 0 && !damaged.is_empty() {
        return Err(ExtractError::Damaged(format!(
            "the content of pages {} is missing or unreadable (truncated file?); no text recovered",
            page_ranges(&damaged)
        )));
    }
    if mapped == 0 {
        return Err(ExtractError::NoTextLayer(page_ranges(&empty)));
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
    if !empty.is_empty() {
        warnings.push(Warning::new(
            "no-text-layer",
            format!(
                "no text layer on pages {} (scanned? OCR needed)",
                page_ranges(&empty)
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
    let damaged: Vec<u32> = (1..=n)
        .filter(|&p| reads[p as usize - 1].text.damaged && !lost.contains(&p))
        .collect();
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
