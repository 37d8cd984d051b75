//! Glyphs → rows → fragments. A row is every glyph on one baseline across the whole page; a
//! fragment is a run of a row without a wide gap (a column's line, a table cell, a page
//! number). Spaces come from geometry, not from the PDF's space glyphs: one where a real gap
//! separates Latin or digit runs, never inside CJK text.

use super::content::Glyph;

/// A run of glyphs on one baseline without a wide gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    pub x0: f32,
    pub x1: f32,
    /// Baseline (y up).
    pub y: f32,
    /// Largest em size in the fragment.
    pub size: f32,
    pub text: String,
    /// Number of glyphs.
    pub n: usize,
    /// Index of the row (baseline) it belongs to; rows are numbered top to bottom.
    pub row: usize,
}

/// A gap wider than this many ems splits a row into fragments.
const SPLIT_EM: f32 = 1.5;

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Builds fragments, sorted top to bottom then left to right.
pub fn fragments(mut glyphs: Vec<Glyph>) -> Vec<Frag> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut frags = Vec::new();
    let mut start = 0;
    let mut row = 0;
    while start < glyphs.len() {
        let anchor = glyphs[start].y;
        let tol = (glyphs[start].size * 0.3).max(1.0);
        let mut end = start + 1;
        while end < glyphs.len() && anchor - glyphs[end].y <= tol {
            end += 1;
        }
        let row_glyphs = &mut glyphs[start..end];
        row_glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        split_row(row_glyphs, row, &mut frags);
        row += 1;
        start = end;
    }
    frags
}

fn split_row(gs: &[Glyph], row: usize, out: &mut Vec<Frag>) {
    let mut cur: Option<Frag> = None;
    let mut prev: Option<&Glyph> = None;
    for g in gs {
        if let Some(p) = prev {
            // Fake bold and shadows draw a glyph twice at almost the same place.
            if p.c == g.c && (g.x - p.x).abs() < 0.3 * p.w.max(0.1 * p.size) {
                continue;
            }
        }
        let em = g.size.max(1.0);
        match (&mut cur, prev) {
            (Some(f), Some(p)) => {
                let gap = g.x - (p.x + p.w);
                if gap > SPLIT_EM * em {
                    out.push(cur.take().unwrap_or_else(|| unreachable!()));
                    cur = Some(new_frag(g, row));
                } else {
                    let both_cjk = is_cjk(p.c) && is_cjk(g.c);
                    let need = if both_cjk { 0.8 } else { 0.15 };
                    if gap > need * em {
                        f.text.push(' ');
                    }
                    f.text.push(g.c);
                    f.x1 = f.x1.max(g.x + g.w);
                    f.size = f.size.max(g.size);
                    f.n += 1;
                }
            }
            _ => cur = Some(new_frag(g, row)),
        }
        prev = Some(g);
    }
    out.extend(cur);
}

fn new_frag(g: &Glyph, row: usize) -> Frag {
    Frag {
        x0: g.x,
        x1: g.x + g.w,
        y: g.y,
        size: g.size,
        text: g.c.to_string(),
        n: 1,
        row,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f32, y: f32, c: char) -> Glyph {
        let w = if is_cjk(c) { 10.0 } else { 5.0 };
        Glyph {
            x,
            y,
            w,
            size: 10.0,
            c,
        }
    }

    #[test]
    fn rows_gaps_and_spaces() {
        let gl = vec![
            g(30.0, 100.0, '年'),
            g(0.0, 100.0, '2'),
            g(5.0, 100.2, '0'),
            g(10.0, 100.0, '1'),
            g(15.0, 100.0, '9'),
            g(22.0, 100.0, '年'), // 2pt gap after a digit: a space
            g(32.0, 100.0, '年'), // duplicate (fake bold) of the first 年
            g(200.0, 100.0, '1'), // far right: its own fragment
            g(0.0, 80.0, '中'),
        ];
        let f = fragments(gl);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].text, "2019 年年");
        assert_eq!((f[1].text.as_str(), f[1].row), ("1", 0));
        assert_eq!((f[2].text.as_str(), f[2].row), ("中", 1));
    }
}
