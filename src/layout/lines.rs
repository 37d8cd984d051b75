//! Glyphs → rows → fragments. A row is every glyph on one baseline across the whole page; a
//! fragment is a run of a row without a wide gap (a column's line, a table cell, a page
//! number). Spaces come from geometry, not from the PDF's space glyphs: one where a real gap
//! separates Latin or digit runs, never inside CJK text.

use crate::extract::Glyph;

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

/// Builds fragments, sorted top to bottom then left to right. `cuts` are vertical table
/// rules `(x, y_bottom, y_top)`: text never runs across one (narrow table columns are closer
/// than any gap threshold).
pub fn fragments(glyphs: &mut Vec<Glyph>, cuts: &[(f32, f32, f32)]) -> Vec<Frag> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut frags = Vec::new();
    let mut start = 0;
    let mut row = 0;
    while start < glyphs.len() {
        // A superscript (smaller, raised) belongs to the line below it: the tolerance
        // follows the largest glyph of the row, and stays under half an em so that lines
        // (at least an em apart) never merge.
        let anchor = glyphs[start].y;
        let mut size = glyphs[start].size;
        let mut end = start + 1;
        while end < glyphs.len() {
            let g = &glyphs[end];
            if anchor - g.y > (0.45 * size.max(g.size)).max(1.0) {
                break;
            }
            size = size.max(g.size);
            end += 1;
        }
        let row_glyphs = &mut glyphs[start..end];
        row_glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let y = row_glyphs[0].y;
        let row_cuts: Vec<f32> = cuts
            .iter()
            .filter(|c| c.1 <= y && y <= c.2)
            .map(|c| c.0)
            .collect();
        split_row(row_glyphs, &row_cuts, row, &mut frags);
        row += 1;
        start = end;
    }
    frags
}

/// Sorts fragments top to bottom, left to right, and renumbers their rows (after table
/// rows replaced the fragments they hold).
pub fn renumber(frags: &mut [Frag]) {
    frags.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut row = 0;
    let mut anchor: Option<(f32, f32)> = None;
    for f in frags.iter_mut() {
        match anchor {
            Some((y, tol)) if y - f.y <= tol => {}
            Some(_) => {
                row += 1;
                anchor = Some((f.y, (f.size * 0.3).max(1.0)));
            }
            None => anchor = Some((f.y, (f.size * 0.3).max(1.0))),
        }
        f.row = row;
    }
}

fn split_row(gs: &[Glyph], cuts: &[f32], row: usize, out: &mut Vec<Frag>) {
    // Fake bold and shadows draw a glyph twice at almost the same place.
    let mut kept: Vec<&Glyph> = Vec::with_capacity(gs.len());
    for g in gs {
        if let Some(p) = kept.last()
            && p.c == g.c
            && (g.x - p.x).abs() < 0.3 * p.w.max(0.1 * p.size)
        {
            continue;
        }
        kept.push(g);
    }
    let gap = |p: &Glyph, g: &Glyph| (g.x - (p.x + p.w)) / g.size.max(1.0);
    let spread = letter_spaced(&kept);
    let mut start = 0;
    for i in 1..=kept.len() {
        let cut = |p: &Glyph, g: &Glyph| {
            let (a, b) = (p.x + p.w / 2.0, g.x + g.w / 2.0);
            cuts.iter().any(|&x| a < x && x < b)
        };
        // Letter-spaced labels (目  录, 附  件): one or two CJK characters followed, a few
        // ems on, by more CJK text are one heading, not two cells.
        let spaced_label = |i: usize| {
            i - start <= 2
                && kept[start..i].iter().all(|g| is_cjk(g.c))
                && is_cjk(kept[i].c)
                && gap(kept[i - 1], kept[i]) <= 4.0
        };
        if i == kept.len()
            || cut(kept[i - 1], kept[i])
            || (gap(kept[i - 1], kept[i]) > SPLIT_EM && !spaced_label(i) && !spread)
        {
            out.push(make_frag(&kept[start..i], row));
            start = i;
        }
    }
}

/// A row of CJK characters letter-spaced to a width: every gap between them is about the
/// same, however wide (a joint heading spreads a shorter issuer name to the width of the
/// longest: `唐 山 市 行 政 审 批 局`, ~1.7 em apart). It is one line, not a row of table
/// cells: cells have text packed tight inside and wide gaps only between them.
fn letter_spaced(gs: &[&Glyph]) -> bool {
    if gs.len() < 4 || !gs.iter().all(|g| is_cjk(g.c)) {
        return false;
    }
    let gaps: Vec<f32> = gs
        .windows(2)
        .map(|w| (w[1].x - (w[0].x + w[0].w)) / w[1].size.max(1.0))
        .collect();
    let lo = gaps.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = gaps.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    lo >= 0.5 && hi <= 4.0 && hi - lo <= 0.25 * hi
}

/// One fragment's text. Letter-spaced Latin (`L V L I A N G`) sets every letter apart: a
/// word space is then a gap clearly wider than the letter gap.
fn make_frag(run: &[&Glyph], row: usize) -> Frag {
    let gap = |p: &Glyph, g: &Glyph| (g.x - (p.x + p.w)) / g.size.max(1.0);
    let mut latin: Vec<f32> = run
        .windows(2)
        .filter(|w| !is_cjk(w[0].c) && !is_cjk(w[1].c))
        .map(|w| gap(w[0], w[1]))
        .collect();
    latin.sort_by(f32::total_cmp);
    let letter_gap = if latin.len() >= 4 {
        latin[latin.len() / 2]
    } else {
        0.0
    };
    let latin_need = if letter_gap > 0.08 {
        letter_gap + 0.12
    } else {
        0.15
    };
    // The text's bytes, and a few spaces, at once instead of growing char by char.
    let bytes: usize = run.iter().map(|g| g.c.len_utf8()).sum();
    let mut f = new_frag(run[0], row, bytes + 4);
    for w in run.windows(2) {
        let (p, g) = (w[0], w[1]);
        let need = if is_cjk(p.c) && is_cjk(g.c) {
            0.8
        } else if !is_cjk(p.c) && !is_cjk(g.c) {
            latin_need
        } else {
            0.15
        };
        if gap(p, g) > need {
            f.text.push(' ');
        }
        f.text.push(g.c);
        f.x1 = f.x1.max(g.x + g.w);
        f.size = f.size.max(g.size);
        f.n += 1;
    }
    f
}

fn new_frag(g: &Glyph, row: usize, capacity: usize) -> Frag {
    let mut text = String::with_capacity(capacity);
    text.push(g.c);
    Frag {
        x0: g.x,
        x1: g.x + g.w,
        y: g.y,
        size: g.size,
        text,
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
    fn superscripts_stay_on_their_line() {
        let gl = vec![
            Glyph {
                x: 0.0,
                y: 100.0,
                w: 10.0,
                size: 10.0,
                c: '注',
            },
            Glyph {
                x: 10.0,
                y: 104.0,
                w: 4.0,
                size: 6.0,
                c: '1',
            },
            Glyph {
                x: 14.0,
                y: 100.0,
                w: 10.0,
                size: 10.0,
                c: '文',
            },
            Glyph {
                x: 0.0,
                y: 88.0,
                w: 10.0,
                size: 10.0,
                c: '下',
            },
        ];
        let f = fragments(&mut gl.clone(), &[]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].text, "注1文");
    }

    #[test]
    fn letter_spaced_cjk_label() {
        let gl = vec![
            Glyph {
                x: 100.0,
                y: 0.0,
                w: 16.0,
                size: 16.0,
                c: '目',
            },
            Glyph {
                x: 150.0,
                y: 0.0,
                w: 16.0,
                size: 16.0,
                c: '录',
            },
        ];
        assert_eq!(fragments(&mut gl.clone(), &[])[0].text, "目 录");
    }

    /// A row of glyphs `text` starting at `x`, each `w` wide and `step` apart.
    fn row(text: &str, x: f32, w: f32, step: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f32 * step,
                y: 0.0,
                w,
                size: 16.0,
                c,
            })
            .collect()
    }

    #[test]
    fn issuer_letter_spaced_to_the_width_of_the_longest_is_one_line() {
        // 唐港城办发〔2019〕10号 (real PDF): 8 characters of 16 pt spread over ~320 pt, the
        // gaps ~27 pt = 1.7 em, jittering around the cell threshold.
        let mut gl = row("唐山市行政审批局", 90.0, 16.0, 43.0);
        gl[3].x += 1.5;
        gl[6].x -= 1.0;
        let f = fragments(&mut gl, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text, "唐 山 市 行 政 审 批 局");
        // Two names side by side in a signature grid stay two cells.
        let mut grid = row("唐山市住房和城乡建设局", 90.0, 16.0, 16.0);
        grid.extend(row("唐山市行政审批局", 320.0, 16.0, 16.0));
        let f = fragments(&mut grid, &[]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].text, "唐山市行政审批局");
    }

    #[test]
    fn letter_spaced_latin() {
        let text = "LVLIANG RENMIN";
        let mut gl = Vec::new();
        let mut x = 0.0;
        for c in text.chars() {
            if c == ' ' {
                x += 3.0;
                continue;
            }
            gl.push(Glyph {
                x,
                y: 0.0,
                w: 5.0,
                size: 10.0,
                c,
            });
            x += 7.0; // 2pt letter spacing
        }
        assert_eq!(fragments(&mut gl.clone(), &[])[0].text, "LVLIANG RENMIN");
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
        let f = fragments(&mut gl.clone(), &[]);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].text, "2019 年年");
        assert_eq!((f[1].text.as_str(), f[1].row), ("1", 0));
        assert_eq!((f[2].text.as_str(), f[2].row), ("中", 1));
    }
}
