//! Ruled tables: the rules a table draws give its grid, so each row becomes one line with its
//! cells joined by tabs, however many lines a cell wraps over. A cell spanning rows (no rule
//! between them in its column) is read into the top row of the span. Tables without vertical
//! rules (三线表) are left to the normal line reader.

use super::lines::Frag;
use super::paragraphs::push_joined;
use crate::extract::Rule;

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    /// Column boundaries, left to right (including the outer edges).
    cols: Vec<f32>,
    /// Row boundaries, top to bottom (including the outer edges).
    rows: Vec<f32>,
    horizontals: Vec<Rule>,
}

const TOUCH: f32 = 2.0;

fn touches(a: &Rule, b: &Rule) -> bool {
    a.x0 <= b.x1 + TOUCH && b.x0 <= a.x1 + TOUCH && a.y0 <= b.y1 + TOUCH && b.y0 <= a.y1 + TOUCH
}

/// Distinct values, merging those closer than `TOUCH`.
fn distinct(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        if out.last().is_none_or(|&l| x - l > TOUCH) {
            out.push(x);
        }
    }
    out
}

pub fn find_tables(rules: &[Rule]) -> Vec<Table> {
    if rules.len() > 2_000 {
        return Vec::new(); // a drawing, not a table; and keeps the grouping cheap
    }
    // Group touching rules (union-find).
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touches(&rules[i], &rules[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in rules.iter().enumerate() {
        let k = root(&mut parent, i);
        groups.entry(k).or_default().push(*r);
    }
    let mut tables = Vec::new();
    let mut columns = 0;
    for g in groups.into_values() {
        let (v, h): (Vec<Rule>, Vec<Rule>) = g.into_iter().partition(|r| r.x0 == r.x1);
        let cols = distinct(v.iter().map(|r| r.x0).collect());
        let mut rows = distinct(h.iter().map(|r| r.y0).collect());
        rows.reverse();
        // One page of table has a few dozen rows; hundreds of lines are a drawing.
        if cols.len() < 3 || rows.len() < 3 || cols.len() > 64 || rows.len() > 200 {
            continue;
        }
        let (x0, x1) = (cols[0], cols[cols.len() - 1]);
        let (y1, y0) = (rows[0], rows[rows.len() - 1]);
        if x1 - x0 < 50.0 || y1 - y0 < 20.0 {
            continue;
        }
        // Every column line is checked against every text row: keep that bounded.
        columns += cols.len();
        if columns > 256 {
            break;
        }
        tables.push(Table {
            x0,
            x1,
            y0,
            y1,
            cols,
            rows,
            horizontals: h,
        });
    }
    tables
}

/// Vertical rules as cut lines for row splitting: (x, y bottom, y top).
pub fn cuts(tables: &[Table]) -> Vec<(f32, f32, f32)> {
    tables
        .iter()
        .flat_map(|t| t.cols.iter().map(move |&x| (x, t.y0, t.y1)))
        .collect()
}

impl Table {
    pub fn contains(&self, f: &Frag) -> bool {
        let xc = (f.x0 + f.x1) / 2.0;
        xc > self.x0 && xc < self.x1 && f.y > self.y0 && f.y < self.y1
    }

    /// Whether a rule separates rows `r-1` and `r` at the centre of column `c`.
    fn ruled(&self, r: usize, c: usize) -> bool {
        let y = self.rows[r];
        let xc = (self.cols[c] + self.cols[c + 1]) / 2.0;
        self.horizontals
            .iter()
            .any(|h| (h.y0 - y).abs() <= TOUCH && h.x0 <= xc && h.x1 >= xc)
    }

    /// The table's rows as fragments, one per row with tab-joined cells.
    fn rows_as_frags(&self, inside: Vec<Frag>) -> Vec<Frag> {
        let ncols = self.cols.len() - 1;
        let nrows = self.rows.len() - 1;
        // Which row boundaries are drawn in which column, worked out once.
        let ruled: Vec<Vec<bool>> = (0..nrows)
            .map(|r| (0..ncols).map(|c| r > 0 && self.ruled(r, c)).collect())
            .collect();
        let mut cells: Vec<Vec<Vec<Frag>>> = vec![vec![Vec::new(); ncols]; nrows];
        for f in inside {
            let xc = (f.x0 + f.x1) / 2.0;
            let c = self
                .cols
                .iter()
                .rposition(|&x| x <= xc)
                .unwrap_or(0)
                .min(ncols - 1);
            let mut r = self
                .rows
                .iter()
                .rposition(|&y| y >= f.y)
                .unwrap_or(0)
                .min(nrows - 1);
            while r > 0 && !ruled[r][c] {
                r -= 1;
            }
            cells[r][c].push(f);
        }
        let mut out = Vec::new();
        for row in cells {
            if row.iter().all(Vec::is_empty) {
                continue;
            }
            let mut texts: Vec<String> = row
                .iter()
                .map(|cell| {
                    let mut cell = cell.clone();
                    cell.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
                    let mut t = String::new();
                    for f in &cell {
                        push_joined(&mut t, &f.text);
                    }
                    t
                })
                .collect();
            while texts.last().is_some_and(String::is_empty) {
                texts.pop();
            }
            let all = row.iter().flatten();
            let y = all.clone().map(|f| f.y).fold(f32::NEG_INFINITY, f32::max);
            let size = all.clone().map(|f| f.size).fold(0.0, f32::max);
            out.push(Frag {
                x0: self.x0,
                x1: self.x1,
                y,
                size,
                text: texts.join("\t"),
                n: all.map(|f| f.n).sum(),
                row: 0,
            });
        }
        out
    }
}

/// A table found on a page: which fragments it holds, and its rows as fragments.
pub trait TableRegion {
    fn contains(&self, f: &Frag) -> bool;
    fn rows_as_frags(&self, inside: Vec<Frag>) -> Vec<Frag>;
}

impl TableRegion for Table {
    fn contains(&self, f: &Frag) -> bool {
        Table::contains(self, f)
    }
    fn rows_as_frags(&self, inside: Vec<Frag>) -> Vec<Frag> {
        Table::rows_as_frags(self, inside)
    }
}

/// Replaces the fragments inside each table by one fragment per table row (rows are
/// renumbered by the caller).
pub fn apply<T: TableRegion>(frags: Vec<Frag>, tables: &[T]) -> Vec<Frag> {
    if tables.is_empty() {
        return frags;
    }
    let mut rest = Vec::with_capacity(frags.len());
    let mut inside: Vec<Vec<Frag>> = vec![Vec::new(); tables.len()];
    for f in frags {
        match tables.iter().position(|t| t.contains(&f)) {
            Some(k) => inside[k].push(f),
            None => rest.push(f),
        }
    }
    for (t, fs) in tables.iter().zip(inside) {
        rest.extend(t.rows_as_frags(fs));
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }
    fn frag(text: &str, x0: f32, y: f32) -> Frag {
        Frag {
            x0,
            x1: x0 + 20.0,
            y,
            size: 10.0,
            text: text.into(),
            n: text.chars().count(),
            row: 0,
        }
    }

    #[test]
    fn grid_rows_wrapped_cells_and_spans() {
        // 3 columns (0-100-200-300), rows at 300/270/240/210; column 0 spans the last
        // two rows (no rule there between 240 and 210).
        let rules = vec![
            h(300.0, 0.0, 300.0),
            h(270.0, 0.0, 300.0),
            h(240.0, 100.0, 300.0),
            h(210.0, 0.0, 300.0),
            v(0.0, 210.0, 300.0),
            v(100.0, 210.0, 300.0),
            v(200.0, 210.0, 300.0),
            v(300.0, 210.0, 300.0),
        ];
        let t = find_tables(&rules);
        assert_eq!(t.len(), 1);
        let frags = vec![
            frag("类别", 10.0, 285.0),
            frag("名称", 110.0, 285.0),
            frag("说明", 210.0, 285.0),
            frag("视力", 10.0, 236.0), // vertically centred in the span
            frag("盲杖", 110.0, 255.0),
            frag("铝合金", 210.0, 258.0),
            frag("材质", 210.0, 246.0), // wrapped cell line
            frag("手杖", 110.0, 225.0),
            frag("正文", 10.0, 100.0), // outside
        ];
        let mut out = apply(frags, &t);
        crate::layout::lines::renumber(&mut out);
        let texts: Vec<&str> = out.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "类别\t名称\t说明",
                "视力\t盲杖\t铝合金材质",
                "\t手杖",
                "正文"
            ]
        );
        assert_eq!(out.iter().map(|f| f.row).collect::<Vec<_>>(), [0, 1, 2, 3]);
    }
}
