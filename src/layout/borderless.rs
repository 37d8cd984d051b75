//! Tables drawn without rules (LibreOffice and Word tables with borders off). A run of rows
//! that each hold three or more fragments is a table; its columns are the blank vertical
//! strips ("rivers") no glyph of the run crosses. Without row rules, a visual line whose
//! cells all sit under a cell that filled its column's width is that cell's wrapped
//! continuation; otherwise it starts a new row.

use super::lines::Frag;
use super::paragraphs::push_joined;
use crate::extract::Glyph;

#[derive(Debug, Clone, PartialEq)]
pub struct Borderless {
    x0: f32,
    x1: f32,
    /// Baselines of the first and last row, widened by half a line.
    top: f32,
    bottom: f32,
    /// Column boundaries left to right, outer edges included.
    cols: Vec<f32>,
}

struct Row {
    y: f32,
    size: f32,
    frags: Vec<usize>,
}

fn rows(frags: &[Frag]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let mut last = usize::MAX;
    for (i, f) in frags.iter().enumerate() {
        if f.row == last
            && let Some(r) = out.last_mut()
        {
            r.frags.push(i);
            r.size = r.size.max(f.size);
        } else {
            out.push(Row {
                y: f.y,
                size: f.size,
                frags: vec![i],
            });
            last = f.row;
        }
    }
    out
}

/// Finds borderless tables among `frags` (top to bottom) using the page's `glyphs`.
pub fn find(frags: &[Frag], glyphs: &[Glyph]) -> Vec<Borderless> {
    let rows = rows(frags);
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if rows[i].frags.len() < 3 {
            i += 1;
            continue;
        }
        let (start, mut last_cell, mut cell_rows) = (i, i, 1);
        let mut j = i + 1;
        while j < rows.len() && rows[j - 1].y - rows[j].y <= 2.5 * rows[j].size.max(1.0) {
            if rows[j].frags.len() >= 3 {
                last_cell = j;
                cell_rows += 1;
            } else if j - last_cell > 6 {
                break;
            }
            j += 1;
        }
        i = last_cell + 1;
        if cell_rows < 3 {
            continue;
        }
        let cells = || (start..=last_cell).flat_map(|r| rows[r].frags.iter().map(|&k| &frags[k]));
        let x0 = cells().map(|f| f.x0).fold(f32::INFINITY, f32::min);
        let x1 = cells().map(|f| f.x1).fold(f32::NEG_INFINITY, f32::max);
        let mut t = Borderless {
            x0,
            x1,
            top: rows[start].y + 0.5 * rows[start].size,
            bottom: rows[last_cell].y - 0.5 * rows[last_cell].size,
            cols: Vec::new(),
        };
        t.cols = rivers(glyphs, &t);
        if t.cols.len() < 4 || t.cols.len() > 33 {
            continue;
        }
        // Wrapped lines of the last row: each fragment inside one column, none in the first.
        let mut k = last_cell + 1;
        while k < rows.len()
            && rows[k - 1].y - rows[k].y <= 1.6 * rows[k].size.max(1.0)
            && rows[k].frags.iter().all(|&f| {
                let f = &frags[f];
                t.cols[1..]
                    .windows(2)
                    .any(|c| f.x0 >= c[0] - 1.0 && f.x1 <= c[1] + 1.0)
            })
        {
            t.bottom = rows[k].y - 0.5 * rows[k].size;
            k += 1;
        }
        i = i.max(k);
        out.push(t);
    }
    out
}

/// Column boundaries: the table's edges and the centres of blank strips between them.
fn rivers(glyphs: &[Glyph], t: &Borderless) -> Vec<f32> {
    let width = t.x1 - t.x0;
    if !(width > 30.0 && width < 5_000.0) {
        return Vec::new();
    }
    let bins = width.ceil() as usize + 1;
    // A difference array keeps this linear however wide the glyphs are.
    let mut delta = vec![0i64; bins + 1];
    for g in glyphs.iter().filter(|g| g.y <= t.top && g.y >= t.bottom) {
        let a = ((g.x - t.x0).max(0.0) as usize).min(bins - 1);
        let b = ((g.x + g.w - t.x0).max(0.0) as usize).min(bins - 1);
        if g.x + g.w >= t.x0 && g.x <= t.x1 && b > a {
            delta[a] += 1;
            delta[b] -= 1;
        }
    }
    let mut run = 0i64;
    let cover: Vec<bool> = delta[..bins]
        .iter()
        .map(|d| {
            run += d;
            run > 0
        })
        .collect();
    let mut cols = vec![t.x0];
    let mut i = 0;
    while i < bins {
        if cover[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < bins && !cover[i] {
            i += 1;
        }
        if s > 0 && i < bins && i - s >= 2 {
            cols.push(t.x0 + (s + i) as f32 / 2.0);
        }
    }
    cols.push(t.x1);
    cols
}

/// Vertical cut lines for row splitting: (x, y bottom, y top).
pub fn cuts(tables: &[Borderless]) -> Vec<(f32, f32, f32)> {
    tables
        .iter()
        .flat_map(|t| {
            t.cols[1..t.cols.len() - 1]
                .iter()
                .map(move |&x| (x, t.bottom, t.top))
        })
        .collect()
}

impl Borderless {
    fn contains(&self, f: &Frag) -> bool {
        let xc = (f.x0 + f.x1) / 2.0;
        xc > self.x0 - 1.0 && xc < self.x1 + 1.0 && f.y <= self.top && f.y >= self.bottom
    }

    fn column(&self, f: &Frag) -> usize {
        let xc = (f.x0 + f.x1) / 2.0;
        let n = self.cols.len() - 1;
        self.cols
            .iter()
            .rposition(|&x| x <= xc)
            .unwrap_or(0)
            .min(n - 1)
    }

    /// One fragment per table row, cells joined by tabs.
    fn rows_as_frags(&self, inside: Vec<Frag>) -> Vec<Frag> {
        let n = self.cols.len() - 1;
        // Rightmost extent per column: what "filled its column" means.
        let mut right = vec![f32::NEG_INFINITY; n];
        for f in &inside {
            let c = self.column(f);
            right[c] = right[c].max(f.x1);
        }
        let mut out: Vec<(Vec<String>, Frag)> = Vec::new();
        let mut prev: Vec<Option<f32>> = vec![None; n]; // x1 of the line above, per column
        let mut k = 0;
        while k < inside.len() {
            let row = inside[k].row;
            let mut line: Vec<&Frag> = Vec::new();
            while k < inside.len() && inside[k].row == row {
                line.push(&inside[k]);
                k += 1;
            }
            // A wrapped continuation fills some of the row's cells, never all of them.
            let filled = out.last().map_or(0, |(cells, _)| {
                cells.iter().filter(|c| !c.is_empty()).count()
            });
            let continues = !out.is_empty()
                && line.len() < filled
                && line.iter().all(|f| {
                    let c = self.column(f);
                    prev[c].is_some_and(|x1| x1 >= right[c] - 1.5 * f.size.max(1.0))
                });
            if !continues {
                let first = line[0];
                out.push((
                    vec![String::new(); n],
                    Frag {
                        x0: self.x0,
                        x1: self.x1,
                        y: first.y,
                        size: 0.0,
                        text: String::new(),
                        n: 0,
                        row: 0,
                    },
                ));
            }
            prev = vec![None; n];
            if let Some((cells, frag)) = out.last_mut() {
                for f in line {
                    let c = self.column(f);
                    push_joined(&mut cells[c], &f.text);
                    prev[c] = Some(f.x1);
                    frag.size = frag.size.max(f.size);
                    frag.n += f.n;
                }
            }
        }
        out.into_iter()
            .map(|(mut cells, mut frag)| {
                while cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                frag.text = cells.join("\t");
                frag
            })
            .collect()
    }
}

impl super::tables::TableRegion for Borderless {
    fn contains(&self, f: &Frag) -> bool {
        Borderless::contains(self, f)
    }
    fn rows_as_frags(&self, inside: Vec<Frag>) -> Vec<Frag> {
        Borderless::rows_as_frags(self, inside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::fragments;

    /// Lays out text cells as glyphs: (column x, baseline y, text).
    fn glyphs(cells: &[(f32, f32, &str)]) -> Vec<Glyph> {
        let mut out = Vec::new();
        for &(x, y, t) in cells {
            for (k, c) in t.chars().enumerate() {
                out.push(Glyph {
                    x: x + 10.0 * k as f32,
                    y,
                    w: 10.0,
                    size: 10.0,
                    c,
                });
            }
        }
        out
    }

    #[test]
    fn rivers_and_wrapped_cells() {
        // Columns at 0, 100, 200 (each 80 wide = 8 characters); the third column wraps.
        let mut g = glyphs(&[
            (0.0, 500.0, "类别"),
            (100.0, 500.0, "名称"),
            (200.0, 500.0, "说明"),
            (0.0, 486.0, "视力"),
            (100.0, 486.0, "盲杖"),
            (200.0, 486.0, "铝合金材质很长的"),
            (200.0, 472.0, "说明"),
            (100.0, 458.0, "手杖"),
            (200.0, 458.0, "木质"),
            (0.0, 444.0, "甲"),
            (100.0, 444.0, "乙"),
            (200.0, 444.0, "丙"),
        ]);
        g.extend(glyphs(&[(0.0, 400.0, "正文在表格之后另起一段。")]));
        let frags = fragments(&mut g.clone(), &[]);
        let t = find(&frags, &g);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].cols.len(), 4);
        let frags = fragments(&mut g, &cuts(&t));
        let mut out = crate::layout::tables::apply(frags, &t);
        crate::layout::lines::renumber(&mut out);
        let out: Vec<String> = out.into_iter().map(|f| f.text).collect();
        assert_eq!(
            out,
            [
                "类别\t名称\t说明",
                "视力\t盲杖\t铝合金材质很长的说明",
                "\t手杖\t木质",
                "甲\t乙\t丙",
                "正文在表格之后另起一段。"
            ]
        );
    }
}
