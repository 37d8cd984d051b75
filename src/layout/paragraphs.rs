//! Lines of a block → paragraphs. A line that reaches its column's right edge runs on into
//! the next line, unless that one is indented (a new paragraph), set in another size, or far
//! below. Table rows (several cells) and TOC entries stay one line each. The edges come from
//! the whole document, so a page holding three short lines does not look "full".

use super::columns::Block;
use super::lines::{Frag, is_cjk};

/// A visual line inside one block: fragments on one row, cells joined by tabs.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub cells: usize,
    pub row: usize,
}

/// Right edges of text that fill their column, found over the whole document.
#[derive(Debug, Clone, Default)]
pub struct Edges {
    pub rights: Vec<f32>,
    /// The size most text is set in (glyph-weighted median).
    pub body_size: f32,
}

impl Edges {
    /// Peaks of the right ends of long fragments over all pages.
    pub fn from_frags<'a>(frags: impl Iterator<Item = &'a Frag>) -> Edges {
        let mut hist: std::collections::BTreeMap<i32, usize> = Default::default();
        let mut sizes: std::collections::BTreeMap<i32, usize> = Default::default();
        let mut total = 0;
        for f in frags {
            *sizes.entry((f.size * 10.0).round() as i32).or_default() += f.n;
            if f.n < 8 {
                continue;
            }
            *hist.entry(f.x1.round() as i32).or_default() += 1;
            total += 1;
        }
        let min = (total / 40).max(3);
        let mut rights: Vec<f32> = Vec::new();
        for (&x, &c) in &hist {
            // Count neighbours too: justified lines end within a point or two.
            let near: usize = hist
                .range(x.saturating_sub(2)..=x.saturating_add(2))
                .map(|(_, c)| c)
                .sum();
            if c > 0 && near >= min && rights.last().is_none_or(|&r| x as f32 - r > 4.0) {
                rights.push(x as f32);
            }
        }
        let glyphs: usize = sizes.values().sum();
        let mut acc = 0;
        let mut body_size = 0.0;
        for (&s, &n) in &sizes {
            acc += n;
            if acc * 2 >= glyphs {
                body_size = s as f32 / 10.0;
                break;
            }
        }
        Edges { rights, body_size }
    }

    fn is_full(&self, x1: f32, em: f32) -> bool {
        self.rights.iter().any(|&r| x1 >= r - 1.2 * em)
    }
}

pub fn block_lines(frags: &[Frag], block: &Block) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for &i in &block.frags {
        let f = &frags[i];
        match lines.last_mut() {
            Some(l) if l.row == f.row => {
                l.text.push('\t');
                l.text.push_str(&f.text);
                l.x1 = l.x1.max(f.x1);
                l.size = l.size.max(f.size);
                l.cells += 1;
            }
            _ => lines.push(Line {
                text: f.text.clone(),
                x0: f.x0,
                x1: f.x1,
                y: f.y,
                size: f.size,
                cells: 1,
                row: f.row,
            }),
        }
    }
    lines
}

/// A block turned into paragraphs, with what page/column joining needs.
#[derive(Debug, Clone, Default)]
pub struct Paras {
    pub texts: Vec<String>,
    /// The first line starts at the left edge: it may continue the previous block.
    pub first_open: bool,
    /// The last line reaches the right edge: its paragraph may go on in the next block.
    pub last_open: bool,
    /// Sizes of the first and last line: a paragraph goes on only in its own size.
    pub first_size: f32,
    pub last_size: f32,
}

/// `left`/`right` are the column's edges on this page.
pub fn paragraphs(lines: &[Line], (left, right): (f32, f32), edges: &Edges) -> Paras {
    let mut out = Paras::default();
    // Table rows (tab-joined cells) are lines of their own.
    let starts_left =
        |l: &Line| l.cells == 1 && !l.text.contains('\t') && l.x0 <= left + 0.8 * l.size.max(1.0);
    let full = |l: &Line| {
        l.cells == 1
            && !l.text.contains('\t')
            && !is_toc_entry(&l.text)
            && edges.is_full(l.x1, l.size.max(1.0))
            // …and this column's edge on this page: in two columns the left column's
            // edge is a document-wide peak that a centred short line (a 文号) can reach.
            && l.x1 >= right - 1.2 * l.size.max(1.0)
    };
    let mut prev: Option<&Line> = None;
    for l in lines {
        let join = prev.is_some_and(|p| {
            full(p)
                && starts_left(l)
                && p.y > l.y
                && p.y - l.y <= 2.2 * p.size
                && (p.size - l.size).abs() <= 0.2 * p.size
        }) || prev.is_some_and(|p| heading_goes_on(p, l, (left, right), edges));
        match out.texts.last_mut() {
            Some(t) if join => push_joined(t, &l.text),
            _ => out.texts.push(l.text.clone()),
        }
        prev = Some(l);
    }
    for t in &mut out.texts {
        if let Some(entry) = toc_tab(t) {
            *t = entry;
        }
    }
    out.first_open = lines.first().is_some_and(starts_left);
    out.last_open = lines.last().is_some_and(full);
    out.first_size = lines.first().map_or(0.0, |l| l.size);
    out.last_size = lines.last().map_or(0.0, |l| l.size);
    out
}

/// A title set larger than the body and centred, wrapped over several lines, is one line.
fn heading_goes_on(p: &Line, l: &Line, (left, right): (f32, f32), edges: &Edges) -> bool {
    let em = p.size.max(1.0);
    let axis = (left + right) / 2.0;
    let centred = |x: &Line| ((x.x0 + x.x1) / 2.0 - axis).abs() <= 1.5 * em && x.x0 > left + em;
    p.cells == 1
        && l.cells == 1
        && edges.body_size > 0.0
        && p.size >= 1.15 * edges.body_size
        && (p.size - l.size).abs() <= 0.1 * em
        && p.y > l.y
        && p.y - l.y <= 2.0 * em
        && centred(l)
        && (centred(p) || p.x0 <= left + em)
        // A wrapped line is a long one; short centred lines are separate (cover, masthead).
        && p.x1 - p.x0 >= 0.6 * (right - left)
}

/// `title ······ 12`: a contents entry ends with a page number after a leader run.
fn is_toc_entry(t: &str) -> bool {
    // A wrapped entry's last line may hold nothing but leaders and the page number.
    let bare = t.trim_end_matches(|c: char| c.is_ascii_digit());
    toc_tab(t).is_some()
        || (bare.len() < t.len()
            && bare
                .chars()
                .filter(|&c| matches!(c, '·' | '.' | '…' | '•' | '⋯' | '．'))
                .count()
                >= 3
            && bare
                .chars()
                .all(|c| matches!(c, '·' | '.' | '…' | '•' | '⋯' | '．' | ' ')))
}

/// A contents entry as `title<TAB>page` (leaders dropped), if `t` is one: a page number
/// after a run of leaders — three dots' worth, or fewer when the title fills the line so
/// that only a dot or two fit (then the title must end in CJK text).
fn toc_tab(t: &str) -> Option<String> {
    let t = t.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let page = &t[body.len()..];
    if page.is_empty() || page.len() > 4 {
        return None;
    }
    let is_leader = |c: char| matches!(c, '·' | '.' | '…' | '•' | '⋯' | '．' | ' ');
    let title = body.trim_end_matches(is_leader);
    let run = &body[title.len()..];
    // An ellipsis character is three dots' worth of leader.
    let weight: usize = run
        .chars()
        .map(|c| match c {
            '…' | '⋯' => 3,
            ' ' => 0,
            _ => 1,
        })
        .sum();
    let last = title.chars().next_back()?;
    let ok = weight >= 3 || (weight >= 1 && (is_cjk(last) || matches!(last, '）' | '》' | '”')));
    ok.then(|| format!("{title}\t{page}"))
}

/// Joins a wrapped line: no space between CJK, one between Latin words.
pub fn push_joined(t: &mut String, next: &str) {
    let a = t.chars().next_back();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b)
        && a.is_alphanumeric()
        && b.is_alphanumeric()
        && !is_cjk(a)
        && !is_cjk(b)
    {
        t.push(' ');
    }
    t.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            text: text.into(),
            x0,
            x1,
            y,
            size: 10.0,
            cells: 1,
            row: 0,
        }
    }

    #[test]
    fn wraps_and_indents() {
        let edges = Edges {
            rights: vec![500.0],
            body_size: 10.0,
        };
        let lines = [
            line("一、标题", 50.0, 90.0, 700.0),
            line("　　第一段开头", 70.0, 500.0, 685.0),
            line("接着", 50.0, 500.0, 670.0),
            line("结束。", 50.0, 80.0, 655.0),
            line("第二段", 70.0, 499.0, 640.0),
            line("work", 50.0, 499.5, 625.0),
        ];
        let p = paragraphs(&lines, (50.0, 500.0), &edges);
        assert_eq!(
            p.texts,
            ["一、标题", "　　第一段开头接着结束。", "第二段work"]
        );
        assert!(p.first_open);
        assert!(p.last_open);
    }

    #[test]
    fn toc_entries() {
        assert!(is_toc_entry("关于做好安全生产工作的通知·········1"));
        assert!(is_toc_entry("通知 …… 12"));
        assert!(!is_toc_entry("2019年"));
        assert!(!is_toc_entry("2019•1"));
        assert!(is_toc_entry("··········60"));
        assert!(!is_toc_entry("见第3.2"));
        assert_eq!(toc_tab("工作的通知·68").as_deref(), Some("工作的通知\t68"));
        assert_eq!(
            toc_tab("总体规划（2018—2035年）的批复 ………… 4").as_deref(),
            Some("总体规划（2018—2035年）的批复\t4")
        );
    }

    #[test]
    fn latin_join_space() {
        let mut t = String::from("State");
        push_joined(&mut t, "Council");
        assert_eq!(t, "State Council");
    }
}
