//! Reading order from positions: find column gutters (vertical strips no body text crosses),
//! then read band by band — a fragment that crosses a gutter (a full-width heading, a table
//! row) closes the band above it; inside a band, columns left to right, each top to bottom.
//! Stream order is never used, so a PDF that draws lines across both columns still reads
//! column by column.

use super::lines::Frag;

/// A run of fragments read together: one column of a band, or full-width rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Indices into the page's fragments, in reading order (top to bottom, left to right).
    pub frags: Vec<usize>,
    /// Column index, or `None` for full-width content.
    pub column: Option<usize>,
}

/// Gutters as x intervals, left to right.
pub fn find_gutters(frags: &[Frag]) -> Vec<(f32, f32)> {
    if frags.len() < 6 {
        return Vec::new();
    }
    let left = frags.iter().map(|f| f.x0).fold(f32::INFINITY, f32::min);
    let right = frags.iter().map(|f| f.x1).fold(f32::NEG_INFINITY, f32::max);
    let width = right - left;
    if !(width > 50.0 && width < 20_000.0) {
        return Vec::new();
    }
    // Coverage in 1-unit bins: how many fragments cross each x.
    let bins = width.ceil() as usize + 1;
    // A difference array: linear in fragments plus bins, however wide the fragments.
    let mut delta = vec![0i64; bins + 1];
    for f in frags {
        let a = ((f.x0.min(f.x1) - left).max(0.0) as usize).min(bins - 1);
        let b = ((f.x1.max(f.x0) - left).max(0.0) as usize).min(bins - 1);
        delta[a] += 1;
        delta[b + 1] -= 1;
    }
    let mut run = 0i64;
    let cover: Vec<u32> = delta[..bins]
        .iter()
        .map(|d| {
            run += d;
            run.max(0) as u32
        })
        .collect();
    // Full-width rows may cross a gutter; a few of them must not hide it.
    let allowed = (frags.len() as u32 / 6).max(2);
    let mut candidates = Vec::new();
    let mut i = (width * 0.15) as usize;
    let stop = (width * 0.85) as usize;
    while i < stop {
        if cover[i] <= allowed {
            let s = i;
            while i < stop && cover[i] <= allowed {
                i += 1;
            }
            // The gutter proper is where the fewest fragments cross: lines that stop short
            // of the column edge widen the low-coverage run on one side.
            let min = cover[s..i].iter().copied().min().unwrap_or(0);
            let (mut best, mut k) = ((s, s), s);
            while k < i {
                if cover[k] == min {
                    let a = k;
                    while k < i && cover[k] == min {
                        k += 1;
                    }
                    if k - a > best.1 - best.0 {
                        best = (a, k);
                    }
                } else {
                    k += 1;
                }
            }
            if (best.1 - best.0) as f32 >= 6.0 {
                candidates.push((left + best.0 as f32, left + best.1 as f32));
            }
        }
        i += 1;
    }
    // Pages have a few columns: keep the widest few strips (in order), which also bounds
    // the work below on a hostile page.
    if candidates.len() > 6 {
        candidates.sort_by(|a, b| (b.1 - b.0).total_cmp(&(a.1 - a.0)));
        candidates.truncate(6);
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    // Drop gutters until every column looks like running text.
    while !candidates.is_empty() {
        match weakest_column(frags, &candidates, left, right) {
            None => return candidates,
            Some(k) => {
                // Remove the gutter next to the weak column that is narrower.
                let g = if k == 0 {
                    0
                } else if k >= candidates.len() {
                    candidates.len() - 1
                } else {
                    let wl = candidates[k - 1].1 - candidates[k - 1].0;
                    let wr = candidates[k].1 - candidates[k].0;
                    if wl < wr { k - 1 } else { k }
                };
                candidates.remove(g);
            }
        }
    }
    candidates
}

/// The first column (between gutters) that does not look like a text column, if any.
fn weakest_column(frags: &[Frag], gutters: &[(f32, f32)], left: f32, right: f32) -> Option<usize> {
    let total: usize = frags.iter().map(|f| f.n).sum();
    for k in 0..=gutters.len() {
        let lo = if k == 0 { left } else { gutters[k - 1].1 };
        let hi = if k == gutters.len() {
            right
        } else {
            gutters[k].0
        };
        let inside: Vec<&Frag> = frags
            .iter()
            .filter(|f| f.x0 >= lo - 1.0 && f.x1 <= hi + 1.0)
            .collect();
        let glyphs: usize = inside.iter().map(|f| f.n).sum();
        // Running text has lines that fill the column; tables and lists of short items
        // (which may sit inside a column) need not, so a few full lines are enough.
        let full_lines = inside
            .iter()
            .filter(|f| f.x1 - f.x0 >= 0.7 * (hi - lo))
            .count();
        let text_like = inside.len() >= 3
            && glyphs * 100 >= total * 10
            && full_lines >= 3
            && hi - lo >= 0.2 * (right - left);
        if !text_like {
            return Some(k);
        }
    }
    None
}

/// The column a fragment sits in, or `None` when it crosses a gutter.
pub fn column_of(f: &Frag, gutters: &[(f32, f32)]) -> Option<usize> {
    let mut col = 0;
    for (k, &(g0, g1)) in gutters.iter().enumerate() {
        let mid = (g0 + g1) / 2.0;
        if f.x0 < mid && f.x1 > mid {
            return None; // crosses the gutter: full width
        }
        if f.x0 >= mid {
            col = k + 1;
        }
    }
    Some(col)
}

/// Orders the fragments (given top to bottom) into blocks. `keep` masks out furniture.
pub fn order(frags: &[Frag], keep: &[bool]) -> Vec<Block> {
    let idx: Vec<usize> = (0..frags.len()).filter(|&i| keep[i]).collect();
    let pick = |ids: &[usize]| ids.iter().map(|&i| frags[i].clone()).collect::<Vec<_>>();
    let gutters = find_gutters(&pick(&idx));
    if !gutters.is_empty() || idx.len() < 12 {
        return order_band(frags, &idx, &gutters, 0);
    }
    // No gutter runs down the whole page; the layout may still change band by band (a
    // single-column notice above a two-column text), the bands separated by blank space.
    let bands = split_bands(frags, &idx);
    let per_band: Vec<Vec<(f32, f32)>> = bands.iter().map(|b| find_gutters(&pick(b))).collect();
    if bands.len() < 2 || per_band.iter().all(Vec::is_empty) {
        return order_band(frags, &idx, &[], 0);
    }
    bands
        .iter()
        .zip(&per_band)
        .enumerate()
        .flat_map(|(k, (b, g))| order_band(frags, b, g, k * 8))
        .collect()
}

/// Splits fragments (top to bottom) where the vertical space between rows is well above
/// the usual line pitch.
fn split_bands(frags: &[Frag], idx: &[usize]) -> Vec<Vec<usize>> {
    let mut ys: Vec<f32> = Vec::new();
    for &i in idx {
        if ys.last().is_none_or(|&y| y - frags[i].y > 0.5) {
            ys.push(frags[i].y);
        }
    }
    let mut pitches: Vec<f32> = ys.windows(2).map(|w| w[0] - w[1]).collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(0.0);
    let mut bands: Vec<Vec<usize>> = vec![Vec::new()];
    let mut prev: Option<&Frag> = None;
    for &i in idx {
        let f = &frags[i];
        if let Some(p) = prev
            && p.y - f.y > (2.2 * pitch).max(1.5 * f.size)
            && bands.last().is_some_and(|b| !b.is_empty())
        {
            bands.push(Vec::new());
        }
        if let Some(b) = bands.last_mut() {
            b.push(i);
        }
        prev = Some(f);
    }
    bands
}

/// Orders one band's fragments `idx` given its gutters; columns are numbered from `base`.
fn order_band(frags: &[Frag], idx: &[usize], gutters: &[(f32, f32)], base: usize) -> Vec<Block> {
    let ncols = gutters.len() + 1;
    let mut blocks = Vec::new();
    let mut band: Vec<Vec<usize>> = vec![Vec::new(); ncols];
    let mut wide: Vec<usize> = Vec::new();
    let flush_band = |band: &mut Vec<Vec<usize>>, blocks: &mut Vec<Block>| {
        for (c, col) in band.iter_mut().enumerate() {
            if !col.is_empty() {
                blocks.push(Block {
                    frags: std::mem::take(col),
                    column: Some(base + c),
                });
            }
        }
    };
    let mut last_row = usize::MAX;
    for &i in idx {
        let f = &frags[i];
        match column_of(f, gutters) {
            None => {
                flush_band(&mut band, &mut blocks);
                wide.push(i);
                last_row = f.row;
            }
            Some(c) => {
                // A cell on the row of a full-width fragment stays with it.
                if !wide.is_empty() && f.row == last_row {
                    wide.push(i);
                    continue;
                }
                if !wide.is_empty() {
                    blocks.push(Block {
                        frags: std::mem::take(&mut wide),
                        column: None,
                    });
                }
                band[c.min(ncols - 1)].push(i);
            }
        }
    }
    if !wide.is_empty() {
        blocks.push(Block {
            frags: wide,
            column: None,
        });
    }
    flush_band(&mut band, &mut blocks);
    if gutters.is_empty() {
        // One column: full-width and column blocks are the same thing.
        for b in &mut blocks {
            b.column = Some(base);
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x0: f32, x1: f32, row: usize) -> Frag {
        Frag {
            x0,
            x1,
            y: 800.0 - row as f32 * 15.0,
            size: 10.0,
            text: format!("{x0}"),
            n: ((x1 - x0) / 10.0) as usize,
            row,
        }
    }

    #[test]
    fn two_columns_with_heading() {
        let mut frags = vec![f(50.0, 540.0, 0)];
        for r in 1..8 {
            frags.push(f(50.0, 285.0, r));
            frags.push(f(305.0, 540.0, r));
        }
        frags.push(f(50.0, 540.0, 8));
        frags.push(f(50.0, 285.0, 9));
        let keep = vec![true; frags.len()];
        let g = find_gutters(&frags);
        assert_eq!(g.len(), 1);
        let blocks = order(&frags, &keep);
        let cols: Vec<Option<usize>> = blocks.iter().map(|b| b.column).collect();
        assert_eq!(cols, [None, Some(0), Some(1), None, Some(0)]);
        assert_eq!(blocks[1].frags, [1, 3, 5, 7, 9, 11, 13]);
    }

    #[test]
    fn three_columns() {
        let mut frags = Vec::new();
        for r in 0..10 {
            for (x0, x1) in [(50.0, 200.0), (215.0, 365.0), (380.0, 530.0)] {
                frags.push(f(x0, x1, r));
            }
        }
        assert_eq!(find_gutters(&frags).len(), 2);
        let blocks = order(&frags, &vec![true; frags.len()]);
        let cols: Vec<Option<usize>> = blocks.iter().map(|b| b.column).collect();
        assert_eq!(cols, [Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn bands_with_different_layouts() {
        // A single-column notice, blank space, then two columns whose left column is
        // short at the bottom — no gutter runs down the whole page.
        let mut frags = Vec::new();
        for r in 0..6 {
            frags.push(f(50.0, 540.0, r));
        }
        for r in 9..20 {
            frags.push(f(50.0, 285.0, r));
            frags.push(f(305.0, 540.0, r));
        }
        for fr in &mut frags {
            if fr.row >= 9 {
                fr.y -= 40.0;
            }
        }
        let blocks = order(&frags, &vec![true; frags.len()]);
        let cols: Vec<Option<usize>> = blocks.iter().map(|b| b.column).collect();
        assert_eq!(cols, [Some(0), Some(8), Some(9)]);
    }

    #[test]
    fn single_column_toc_has_no_gutter() {
        let mut frags = Vec::new();
        for r in 0..10 {
            frags.push(f(50.0, 300.0 + r as f32 * 10.0, r));
            frags.push(f(530.0, 540.0, r));
        }
        assert!(find_gutters(&frags).is_empty());
    }
}
