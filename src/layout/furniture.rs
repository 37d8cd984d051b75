//! Page furniture: running headers/footers and page numbers, found geometrically. Only the
//! two rows nearest the top and the bottom edge of a page are candidates. A candidate is
//! furniture when it is a page number (`— 12 —`, `· 12 ·`, `-12-`, `–– 12 ––`, `第12页`, or a
//! bare number alone on its row — recorded as the printed page number) or when the same text,
//! digits ignored, recurs in the top/bottom rows of several pages.

use rustc_hash::FxHashMap;

use super::lines::Frag;

/// What one page looks like to furniture detection.
pub struct PageGeom<'a> {
    pub frags: &'a [Frag],
    /// Page box bottom and top (y up).
    pub y0: f32,
    pub y1: f32,
}

pub struct Furniture {
    /// Per fragment: true = body text, false = furniture.
    pub keep: Vec<bool>,
    pub printed: Option<u32>,
}

const ZONE: f32 = 0.13;
const ROWS: usize = 2;

/// Dashes and dots that decorate a page number (`— 12 —`, `· 3 ·`, `-12-`).
const DECORATION: &[char] = &['—', '–', '-', '‐', '－', '―', '·', '•', '・', '~', '～'];

/// 1–4 ASCII digits.
fn page_digits(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The number of a page-number line without white space: `-12-` (any of [`DECORATION`]
/// around it), `第12页`, `第2页共5页`, `2/5`, and, marked bare, `7`. Written out rather than
/// as a regex: it was the costliest of the program's regexes to compile (0.43 ms, on every
/// run); the test `matches_the_pattern_it_replaces` holds it to that regex.
fn page_number_of(t: &str) -> Option<(&str, bool)> {
    if page_digits(t) {
        return Some((t, true));
    }
    if let Some((n, of)) = t.split_once('/') {
        return (page_digits(n) && page_digits(of)).then_some((n, false));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let (n, rest) = rest.split_once('页')?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let total = rest.strip_prefix('共').and_then(|r| r.strip_suffix('页'));
        let ok = rest.is_empty() || total.is_some_and(all_digits);
        return (page_digits(n) && ok).then_some((n, false));
    }
    let inner = t.trim_start_matches(DECORATION);
    let n = inner.trim_end_matches(DECORATION);
    let decorated = inner.len() < t.len() && n.len() < inner.len();
    (decorated && page_digits(n)).then_some((n, false))
}

fn page_number(text: &str, alone: bool) -> Option<u32> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let (m, bare) = page_number_of(&t)?;
    if bare && !alone {
        return None;
    }
    m.parse().ok()
}

fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_numeric() { '#' } else { c })
        .collect()
}

/// Candidate fragments of a page: those on its outermost rows, inside the edge zones.
fn candidates(p: &PageGeom) -> Vec<usize> {
    let h = p.y1 - p.y0;
    let mut rows: Vec<usize> = p.frags.iter().map(|f| f.row).collect();
    rows.dedup();
    let top: Vec<usize> = rows.iter().take(ROWS).copied().collect();
    let bottom: Vec<usize> = rows.iter().rev().take(ROWS).copied().collect();
    p.frags
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            (top.contains(&f.row) && f.y >= p.y1 - ZONE * h)
                || (bottom.contains(&f.row) && f.y <= p.y0 + ZONE * h)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Fragments per row. Rows are numbered 0, 1, … down the page (`lines::fragments`), so a
/// `Vec` indexed by row holds them (it was a SipHash map, built four times a page on the
/// serial part of layout).
struct RowSizes(Vec<usize>);

impl RowSizes {
    fn of(frags: &[Frag]) -> RowSizes {
        let mut n = Vec::new();
        for f in frags {
            if f.row >= n.len() {
                n.resize(f.row + 1, 0);
            }
            n[f.row] += 1;
        }
        RowSizes(n)
    }

    /// The row holds this one fragment only.
    fn alone(&self, row: usize) -> bool {
        self.0.get(row) == Some(&1)
    }
}

pub fn detect(pages: &[PageGeom]) -> Vec<Furniture> {
    let cands: Vec<Vec<usize>> = pages.iter().map(candidates).collect();
    // Looked up for every candidate of every page, never iterated: FxHash.
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (p, c) in pages.iter().zip(&cands) {
        let mut keys: Vec<String> = c.iter().map(|&i| key(&p.frags[i].text)).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let min_repeat = if pages.len() <= 6 { 2 } else { 3 };
    let mut out: Vec<Furniture> = pages
        .iter()
        .zip(&cands)
        .map(|(p, c)| {
            let mut keep = vec![true; p.frags.len()];
            let mut printed = None;
            let per_row = RowSizes::of(p.frags);
            for &i in c {
                let f = &p.frags[i];
                let alone = per_row.alone(f.row);
                if let Some(n) = page_number(&f.text, alone) {
                    printed = printed.or(Some(n));
                    keep[i] = false;
                } else if seen.get(&key(&f.text)).copied().unwrap_or(0) >= min_repeat {
                    keep[i] = false;
                }
            }
            Furniture { keep, printed }
        })
        .collect();
    // Where furniture sits (baseline and size): a section-name header used on only one or
    // two pages is still furniture when it stands exactly where the others do.
    let mut slots: Vec<(f32, f32)> = Vec::new();
    for (p, f) in pages.iter().zip(&out) {
        for (g, _) in p.frags.iter().zip(&f.keep).filter(|(_, k)| !**k) {
            if !slots
                .iter()
                .any(|&(y, s)| (y - g.y).abs() < 0.5 && (s - g.size).abs() < 0.5)
            {
                slots.push((g.y, g.size));
            }
        }
    }
    for ((p, c), f) in pages.iter().zip(&cands).zip(&mut out) {
        let per_row = RowSizes::of(p.frags);
        for &i in c {
            let g = &p.frags[i];
            let alone = per_row.alone(g.row);
            if alone
                && slots
                    .iter()
                    .any(|&(y, s)| (y - g.y).abs() < 0.5 && (s - g.size).abs() < 0.5)
            {
                f.keep[i] = false;
            }
        }
    }
    for (p, f) in pages.iter().zip(&mut out) {
        guard_page(p, f);
    }
    out
}

/// Furniture is a small part of a page: where the rules would take most of a page's text
/// (a one-line-per-page document, a form or slide repeated on every page), the page keeps
/// all of it but its page number.
fn guard_page(p: &PageGeom, f: &mut Furniture) {
    let per_row = RowSizes::of(p.frags);
    let total: usize = p.frags.iter().map(|g| g.n).sum();
    // Page numbers are always furniture; the rest must stay a small part of the page.
    let removed: usize = p
        .frags
        .iter()
        .zip(&f.keep)
        .filter(|(g, k)| !**k && page_number(&g.text, per_row.alone(g.row)).is_none())
        .map(|(g, _)| g.n)
        .sum();
    if removed * 2 <= total {
        return;
    }
    for (g, k) in p.frags.iter().zip(f.keep.iter_mut()) {
        let alone = per_row.alone(g.row);
        *k = *k || page_number(&g.text, alone).is_none();
    }
}

/// Characters taken as furniture other than page numbers, and all characters, over the
/// document: a large share is worth a warning (the rules may have been wrong).
pub fn removed_share(pages: &[PageGeom], furn: &[Furniture]) -> (usize, usize) {
    let (mut removed, mut total) = (0, 0);
    for (p, f) in pages.iter().zip(furn) {
        let per_row = RowSizes::of(p.frags);
        for (g, k) in p.frags.iter().zip(&f.keep) {
            total += g.n;
            if !k && page_number(&g.text, per_row.alone(g.row)).is_none() {
                removed += g.n;
            }
        }
    }
    (removed, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        assert_eq!(page_number("— 12 —", false), Some(12));
        assert_eq!(page_number("· 3 ·", false), Some(3));
        assert_eq!(page_number("-12-", false), Some(12));
        assert_eq!(page_number("–– 2 ––", false), Some(2));
        assert_eq!(page_number("第１２页", false), Some(12));
        assert_eq!(page_number("第2页 共5页", false), Some(2));
        assert_eq!(page_number("7", true), Some(7));
        assert_eq!(page_number("7", false), None);
        assert_eq!(page_number("2019年", true), None);
        assert_eq!(page_number("2/5", false), Some(2));
        assert_eq!(page_number("第2页共页", false), None);
        assert_eq!(page_number("-12", false), None);
        assert_eq!(page_number("12345", true), None);
    }

    /// The pattern `page_number_of` was written from, as the oracle.
    const DECORATED: &str = r"^(?:[—–\-‐－―·•・~～]+([0-9]{1,4})[—–\-‐－―·•・~～]+|第([0-9]{1,4})页(?:共[0-9]+页)?|([0-9]{1,4})/[0-9]{1,4}|([0-9]{1,4}))$";

    fn by_regex(re: &regex::Regex, t: &str) -> Option<(String, bool)> {
        let caps = re.captures(t)?;
        match (caps.get(1), caps.get(2), caps.get(3), caps.get(4)) {
            (Some(m), ..) | (_, Some(m), ..) | (_, _, Some(m), _) => {
                Some((m.as_str().into(), false))
            }
            (_, _, _, Some(m)) => Some((m.as_str().into(), true)),
            _ => None,
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_the_pattern_it_replaces(
            t in crate::test_strings::made_of(
                &[
                    "—", "–", "-", "‐", "－", "―", "·", "•", "・", "~", "～", "第", "页", "共", "/",
                    "0", "1", "2", "12", "123", "2019", "12345", "年", "a", "=", "第1页",
                ],
                8,
            )
        ) {
            let re = regex::Regex::new(DECORATED).unwrap();
            let ours = page_number_of(&t).map(|(n, bare)| (n.to_string(), bare));
            proptest::prop_assert_eq!(ours, by_regex(&re, &t), "{:?}", t);
        }
    }

    fn frag(text: &str, y: f32, row: usize) -> Frag {
        Frag {
            x0: 50.0,
            x1: 100.0,
            y,
            size: 10.0,
            text: text.into(),
            n: text.chars().count(),
            row,
        }
    }

    #[test]
    fn running_headers_repeat() {
        let pages: Vec<Vec<Frag>> = (1..=8)
            .map(|n| {
                vec![
                    frag(&format!("2019•{n} 公报"), 800.0, 0),
                    frag("正文第一行", 700.0, 1),
                    frag(&format!("正文 {n}"), 400.0, 2),
                    frag(&format!("— {n} —"), 30.0, 3),
                ]
            })
            .collect();
        let geoms: Vec<PageGeom> = pages
            .iter()
            .map(|f| PageGeom {
                frags: f,
                y0: 0.0,
                y1: 842.0,
            })
            .collect();
        let out = detect(&geoms);
        assert_eq!(out[4].printed, Some(5));
        // The body row 1 is outside the top zone although it repeats.
        assert_eq!(out[4].keep, [false, true, true, false]);
    }

    fn geoms(pages: &[Vec<Frag>]) -> Vec<PageGeom<'_>> {
        pages
            .iter()
            .map(|f| PageGeom {
                frags: f,
                y0: 0.0,
                y1: 842.0,
            })
            .collect()
    }

    #[test]
    fn a_page_is_never_mostly_furniture() {
        // One line per page, the same but for its number: a document, not headers.
        let pages: Vec<Vec<Frag>> = (1..=11)
            .map(|n| vec![frag(&format!("Original page {n}"), 800.0, 0)])
            .collect();
        let g = geoms(&pages);
        let out = detect(&g);
        assert!(out.iter().all(|f| f.keep == [true]));
        assert_eq!(removed_share(&g, &out).0, 0);
        // A form repeated on every page: header and footer rows plus two body rows.
        let pages: Vec<Vec<Frag>> = (1..=5)
            .map(|n| {
                vec![
                    frag("申请表", 800.0, 0),
                    frag("姓名", 790.0, 1),
                    frag(&format!("第{n}页"), 30.0, 2),
                ]
            })
            .collect();
        let g = geoms(&pages);
        let out = detect(&g);
        assert_eq!(
            out[2].keep,
            [true, true, false],
            "only the page number goes"
        );
        assert_eq!(out[2].printed, Some(3));
    }

    #[test]
    fn share_of_removed_text() {
        let pages: Vec<Vec<Frag>> = (1..=8)
            .map(|n| {
                vec![
                    frag("吕梁市人民政府公报", 800.0, 0),
                    frag(
                        "正文很长的一行文字，足够多的字数让页眉只占一小部分。",
                        400.0,
                        1,
                    ),
                    frag(&format!("— {n} —"), 30.0, 2),
                ]
            })
            .collect();
        let g = geoms(&pages);
        let out = detect(&g);
        assert_eq!(out[0].keep, [false, true, false]);
        let (removed, total) = removed_share(&g, &out);
        assert_eq!(removed, 8 * 9);
        assert!(removed * 3 < total);
    }
}
