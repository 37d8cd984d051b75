//! Diagonal text (more than 10° off a quarter turn): a watermark is left out, other angled
//! text (a note or stamp set at a slant) is read as lines of its own after the page's body.
//!
//! A run of diagonal text is taken as a watermark when it looks like one: large against the
//! page's body text, light (a pale fill, low opacity or outlines only), or the same text at
//! the same angle on several pages. Runs are kept in their own frame (baseline along +x),
//! so a kept one is placed below the page's text as an ordinary line.

use std::collections::{HashMap, HashSet};

use super::content::DiagRun;
use crate::extract::Glyph;

/// Body-text size assumed on a page with too little horizontal text to tell.
const DEFAULT_BODY: f32 = 12.0;
/// A run this many times the body size is large.
const LARGE: f32 = 1.5;

/// For each page (its diagonal runs and body-text size), which runs are watermarks.
pub fn watermarks(pages: &[(&[DiagRun], f32)]) -> Vec<Vec<bool>> {
    // On how many pages each text appears at each angle (5° steps).
    let mut on_pages: HashMap<(String, i32), HashSet<usize>> = HashMap::new();
    for (p, (runs, _)) in pages.iter().enumerate() {
        for r in runs.iter() {
            on_pages.entry(key(r)).or_default().insert(p);
        }
    }
    let n = pages.len();
    pages
        .iter()
        .map(|(runs, body)| {
            let body = if *body > 0.0 { *body } else { DEFAULT_BODY };
            runs.iter()
                .map(|r| {
                    let seen = on_pages.get(&key(r)).map_or(0, HashSet::len);
                    let repeated = seen >= 2 && seen * 3 >= n;
                    r.light || r.size >= LARGE * body || repeated
                })
                .collect()
        })
        .collect()
}

fn key(r: &DiagRun) -> (String, i32) {
    let text: String = r.text.chars().filter(|c| !c.is_whitespace()).collect();
    (text, (r.angle.to_degrees() / 5.0).round() as i32)
}

/// Appends the glyphs of `runs` to a page's `glyphs`, each run as a line of its own below
/// everything on the page (whose box starts at `x0` and ends at `y0`), in drawing order.
pub fn place(runs: &[&DiagRun], glyphs: &mut Vec<Glyph>, x0: f32, y0: f32) {
    let mut y = glyphs.iter().map(|g| g.y).fold(y0, f32::min);
    for r in runs {
        let Some(first) = r.glyphs.first() else {
            continue;
        };
        y -= 2.0 * r.size.max(1.0);
        let (dx, dy) = (x0 + 36.0 - first.x, y - first.y);
        glyphs.extend(r.glyphs.iter().map(|g| Glyph {
            x: g.x + dx,
            y: g.y + dy,
            ..*g
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, deg: f32, size: f32, light: bool) -> DiagRun {
        let glyphs = text
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(k, c)| Glyph {
                x: 100.0 + k as f32 * size * 0.5,
                y: 300.0,
                w: size * 0.5,
                size,
                c,
            })
            .collect();
        DiagRun::new(deg.to_radians(), glyphs, text.into(), size, light)
    }

    #[test]
    fn large_light_or_repeated_diagonal_text_is_a_watermark() {
        let p1 = [
            run("SPECIMEN", 45.0, 48.0, false),
            run("DRAFT", -45.0, 12.0, false),
        ];
        let p2 = [
            run("Internal use only", 30.0, 12.0, true),
            run("DRAFT", -45.0, 12.0, false),
        ];
        let p3 = [
            run("Approved", 20.0, 10.0, false),
            run("DRAFT", -44.0, 12.0, false),
        ];
        let got = watermarks(&[(&p1, 12.0), (&p2, 12.0), (&p3, 0.0)]);
        assert_eq!(got, [vec![true, true], vec![true, true], vec![false, true]]);
        // The same note on one page of ten is not repeated; at another angle it is other text.
        let lone = [run("DRAFT", -45.0, 12.0, false)];
        let other = [run("DRAFT", 45.0, 12.0, false)];
        let mut pages: Vec<(&[DiagRun], f32)> = vec![(&lone, 12.0), (&other, 12.0)];
        pages.extend(std::iter::repeat_n((&[][..], 12.0), 8));
        assert_eq!(watermarks(&pages)[..2], [vec![false], vec![false]]);
        // Body text of 30 pt makes a 40 pt title at a slant ordinary.
        let big = [run("Heading", 30.0, 40.0, false)];
        assert_eq!(watermarks(&[(&big, 30.0)]), [vec![false]]);
    }

    #[test]
    fn kept_runs_become_lines_below_the_page() {
        let r = run("Approved", 20.0, 10.0, false);
        let mut glyphs = vec![Glyph {
            x: 72.0,
            y: 90.0,
            w: 6.0,
            size: 12.0,
            c: 'x',
        }];
        place(&[&r], &mut glyphs, 0.0, 100.0);
        assert_eq!(glyphs.len(), 1 + 8);
        let line = &glyphs[1..];
        assert!(line.iter().all(|g| g.y == 70.0), "{line:?}");
        assert_eq!(line[0].x, 36.0);
        assert!(line.windows(2).all(|w| w[0].x < w[1].x));
    }
}
