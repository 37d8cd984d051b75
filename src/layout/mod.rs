//! Stage 2: positioned glyphs → reading-order lines, whatever format the glyphs came from
//! (PDF today; OFD and OCR words feed the same [`GlyphPage`]s).
//!
//! Glyphs become fragments (`lines`) with table rows made whole (`tables` for ruled tables,
//! `borderless` for the rest); furniture is found across the whole document (`furniture`);
//! each page is put in reading order (`columns`) and its lines joined into paragraphs
//! (`paragraphs`). Pages that already hold lines (text formats) pass through untouched.

mod borderless;
mod columns;
mod furniture;
pub mod lines;
mod paragraphs;
pub mod tables;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::extract::{Extracted, Glyph, GlyphPage, RawLine, Rule};
use crate::model::Warning;
use lines::Frag;
use paragraphs::{Edges, Paras};

/// Running headers and footers are a few lines a page; above this share of a document's
/// text, their removal is reported.
const FURNITURE_WARN_PERCENT: usize = 15;

/// One glyph page cut into fragments: all that is kept of a page's glyphs.
pub struct PageFrags {
    frags: Vec<Frag>,
    /// Rows as drawn, before tables and furniture are dealt with (`Page::raw_lines`).
    raw: Vec<String>,
    y0: f32,
    y1: f32,
}

/// The per-page first step of layout, run by the reader as each page is read
/// (`extract::extract_bytes_cut`), after which the glyphs are dropped.
pub fn cut_page(g: GlyphPage) -> PageFrags {
    cut_page_with(g, true)
}

/// [`cut_page`] without the raw rows (`Page::raw_lines` stays empty): what `convert`
/// needs, one copy of the page's text less.
pub fn cut_page_lean(g: GlyphPage) -> PageFrags {
    cut_page_with(g, false)
}

fn cut_page_with(mut g: GlyphPage, keep_raw: bool) -> PageFrags {
    let (frags, raw) = page_frags(&mut g.glyphs, &g.rules, g.rotated, keep_raw);
    PageFrags {
        frags,
        raw,
        y0: g.bbox[1],
        y1: g.bbox[3],
    }
}

/// Turns every glyph page of `ex` into lines (with `raw_lines` and the printed page number),
/// in place. Furniture and paragraph edges are document-wide, so all pages go together.
pub fn lay_out(ex: &mut Extracted) {
    let cuts: Vec<Option<GlyphPage>> = ex.pages.iter_mut().map(|p| p.glyphs.take()).collect();
    let cuts = cuts.into_par_iter().map(|g| g.map(cut_page)).collect();
    lay_out_cut(ex, cuts);
}

/// [`lay_out`] of pages already cut (`cuts[i]` is page i's, None for a page of lines).
pub fn lay_out_cut(ex: &mut Extracted, cuts: Vec<Option<PageFrags>>) {
    if cuts.iter().all(Option::is_none) {
        return;
    }
    // A page of lines among glyph pages is laid out as an empty glyph page.
    let cut: Vec<PageFrags> = cuts
        .into_iter()
        .map(|c| c.unwrap_or_else(|| cut_page(GlyphPage::default())))
        .collect();

    let geoms: Vec<furniture::PageGeom> = cut
        .iter()
        .map(|r| furniture::PageGeom {
            frags: &r.frags,
            y0: r.y0,
            y1: r.y1,
        })
        .collect();
    let furn = furniture::detect(&geoms);
    let (removed, total) = furniture::removed_share(&geoms, &furn);
    if removed * 100 > total * FURNITURE_WARN_PERCENT {
        ex.warnings.push(Warning::new(
            "furniture",
            format!(
                "{}% of the text was taken as running headers/footers and left out (`gazette extract --raw` shows it)",
                removed * 100 / total.max(1)
            ),
        ));
    }
    let edges = Edges::from_frags(cut.iter().zip(&furn).flat_map(|(r, f)| {
        r.frags
            .iter()
            .zip(&f.keep)
            .filter(|(_, k)| **k)
            .map(|(x, _)| x)
    }));
    drop(geoms);
    // Each page's fragments are dropped as soon as its lines are made: the lines of all
    // pages and the fragments of all pages are never held at once (peak memory).
    let laid: Vec<(Vec<Paras>, Vec<String>)> = cut
        .into_par_iter()
        .zip(&furn)
        .map(|(r, f)| (layout_page(&r.frags, &f.keep, &edges), r.raw))
        .collect();

    let mut prev_open = false;
    let mut prev_size = 0.0f32;
    for ((page, f), (blocks, raw)) in ex.pages.iter_mut().zip(&furn).zip(laid) {
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
        page.printed = f.printed;
        page.lines = lines;
        page.raw_lines = raw;
    }
}

/// Glyphs → fragments, each table row (ruled or borderless) made one fragment, and the raw
/// rows from before that. Rules are in page space, so a page of rotated text has no tables.
fn page_frags(
    glyphs: &mut Vec<Glyph>,
    rules: &[Rule],
    rotated: bool,
    keep_raw: bool,
) -> (Vec<Frag>, Vec<String>) {
    let tables = if rotated {
        Vec::new()
    } else {
        tables::find_tables(rules)
    };
    let mut cuts = tables::cuts(&tables);
    let mut frags = lines::fragments(glyphs, &cuts);
    let raw = if keep_raw {
        raw_lines(&frags)
    } else {
        Vec::new()
    };
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
