//! Recognised words → positioned glyphs, the same [`GlyphPage`] the PDF text layer gives,
//! so that columns, furniture and paragraphs are found by the shared `layout` stage.
//!
//! Scans are skewed (0.5–2°), which over a 17 cm line moves the baseline by a whole line
//! height and the left margin by an indent from the top of the page to its bottom. The skew
//! is measured on Tesseract's own lines (the slope of the word bottoms) and taken out by
//! rotating the word boxes; each Tesseract line then gets one baseline, and each word's box
//! is shared among its characters (a CJK character is about square, Latin letters and
//! digits about half as wide).

use super::repair::repair_line;
use super::tesseract::Word;
use crate::extract::{Glyph, GlyphPage};

/// Where the image lies on the page: points per image pixel and the page box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub pt_per_px: f32,
    /// Page position of the image's top-left corner.
    pub left: f32,
    pub top: f32,
    pub bbox: [f32; 4],
}

/// A page's recognised glyphs and how sure Tesseract was of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    pub page: GlyphPage,
    /// Mean word confidence (0–100) weighted by characters; None when nothing was read.
    pub confidence: Option<f32>,
    pub chars: usize,
}

/// Skews steeper than this are not a scanner's: leave the boxes as they are.
const MAX_SKEW: f32 = 0.09;
/// Words read with at least this confidence give their line its baseline and size.
const SURE_WORD: f32 = 50.0;
/// Ink height of a CJK character relative to its em (the font size).
const CJK_INK: f32 = 0.88;
/// Cap height of digits and Latin capitals relative to the em.
const LATIN_INK: f32 = 0.72;

fn is_wide(c: char) -> bool {
    crate::gongwen::text::is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// Relative advance of a character inside its word box.
fn weight(c: char) -> f32 {
    if is_wide(c) || c as u32 >= 0x2000 {
        1.0
    } else {
        0.55
    }
}

fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// The page's skew as a slope (dy/dx, y down): the median over lines of two or more words
/// of the least-squares slope of their bottoms.
pub fn skew(words: &[Word]) -> f32 {
    let mut slopes = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let j = i + words[i..]
            .iter()
            .take_while(|w| w.line == words[i].line)
            .count();
        let line = &words[i..j];
        i = j;
        if line.len() < 2 {
            continue;
        }
        let pts: Vec<(f32, f32)> = line
            .iter()
            .map(|w| (w.left + w.width / 2.0, w.top + w.height))
            .collect();
        let n = pts.len() as f32;
        let mx = pts.iter().map(|p| p.0).sum::<f32>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f32>() / n;
        let sxx: f32 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f32 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let span = pts.iter().map(|p| p.0).fold(f32::MIN, f32::max)
            - pts.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        if sxx > 0.0 && span > 300.0 {
            slopes.push(sxy / sxx);
        }
    }
    median(&mut slopes)
        .filter(|s| s.abs() <= MAX_SKEW)
        .unwrap_or(0.0)
}

/// The ink height of a word's characters. Tesseract sometimes gives the words of a line
/// boxes twice their height, centred on the line (a signature line of the gazette_single
/// scan: 104 px boxes for 47 px characters), which would make the line's size and baseline
/// reach into the next line and merge the two (the signature with the date under it). A
/// CJK character is about as tall as it is wide, so a Han word is no taller than its width
/// per character allows, with a margin.
fn ink_height(w: &Word, b: &(f32, f32, f32, f32)) -> f32 {
    let han = w
        .text
        .chars()
        .filter(|c| crate::gongwen::text::is_han(*c))
        .count();
    if han == 0 || han != w.text.chars().count() {
        return b.3;
    }
    b.3.min(1.3 * b.2 / han as f32)
}

/// Tesseract sometimes gives a low-confidence word a box reaching over the words after it
/// (`吕梁` spanning the whole of `吕梁市人民政府办公室`), which would put its characters
/// after theirs: a word ends where the next word of its line begins.
fn clip_overlaps(words: &[Word]) -> Vec<Word> {
    let mut out = words.to_vec();
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        if a.line == b.line && b.left > a.left && b.left < a.left + a.width {
            out[k - 1].width = b.left - a.left;
        }
    }
    out
}

/// Turns one page's words into glyphs (deskewed, one baseline per line, domain repairs
/// applied to each line's text).
pub fn to_glyphs(words: &[Word], frame: Frame) -> Recognised {
    let words = &clip_overlaps(words);
    let slope = skew(words);
    let (sin, cos) = (-slope.atan()).sin_cos();
    // Rotate the word centres about the origin; sizes stay.
    let boxes: Vec<(f32, f32, f32, f32)> = words
        .iter()
        .map(|w| {
            let (cx, cy) = (w.left + w.width / 2.0, w.top + w.height / 2.0);
            let (x, y) = (cx * cos - cy * sin, cx * sin + cy * cos);
            (x - w.width / 2.0, y - w.height / 2.0, w.width, w.height)
        })
        .collect();
    let s = frame.pt_per_px;
    let mut glyphs = Vec::new();
    let (mut conf_sum, mut chars) = (0.0f32, 0usize);
    let mut i = 0;
    while i < words.len() {
        let j = i + words[i..]
            .iter()
            .take_while(|w| w.line == words[i].line)
            .count();
        let (line, lboxes) = (&words[i..j], &boxes[i..j]);
        i = j;
        // Baseline and size come from the words Tesseract is sure of: a word it could not
        // read often has a box reaching into the next line (`通知` read as `明知` with a box
        // half again as tall), which would put both lines on one row.
        let sure = line.iter().any(|w| w.conf >= SURE_WORD);
        let measured = || {
            line.iter()
                .zip(lboxes)
                .filter(move |(w, _)| !sure || w.conf >= SURE_WORD)
        };
        let mut bottoms: Vec<f32> = measured()
            .map(|(w, b)| b.1 + (b.3 + ink_height(w, b)) / 2.0)
            .collect();
        let baseline = median(&mut bottoms).unwrap_or(0.0);
        let mut cjk: Vec<f32> = measured()
            .filter(|(w, _)| w.text.chars().any(is_wide))
            .map(|(w, b)| ink_height(w, b))
            .collect();
        let em = match median(&mut cjk) {
            Some(h) => h / CJK_INK,
            None => measured().map(|(_, b)| b.3).fold(0.0, f32::max) / LATIN_INK,
        };
        // Repairs see the whole line; they replace characters one for one.
        let text: Vec<char> = line.iter().flat_map(|w| w.text.chars()).collect();
        let mut fixed = text.clone();
        repair_line(&mut fixed);
        let mut k = 0;
        for (q, (w, b)) in line.iter().zip(lboxes).enumerate() {
            let n = w.text.chars().count();
            let total: f32 = w.text.chars().map(weight).sum();
            // Ink boxes leave the spacing between characters out: a gap to the next word
            // narrower than half an em is that spacing, not a space (the layout would
            // otherwise read `吕梁 市`).
            let width = match lboxes.get(q + 1) {
                Some(next) if next.0 > b.0 + b.2 && next.0 - (b.0 + b.2) < 0.5 * em => next.0 - b.0,
                _ => b.2,
            };
            let mut x = b.0;
            for c in &fixed[k..k + n] {
                let adv = width * weight(*c) / total.max(f32::EPSILON);
                glyphs.push(Glyph {
                    x: frame.left + x * s,
                    y: frame.top - baseline * s,
                    w: adv * s,
                    size: em * s,
                    c: *c,
                });
                x += adv;
            }
            k += n;
            conf_sum += w.conf * n as f32;
            chars += n;
        }
    }
    Recognised {
        page: GlyphPage {
            glyphs,
            rules: Vec::new(),
            bbox: frame.bbox,
            rotated: false,
        },
        confidence: (chars > 0).then(|| conf_sum / chars as f32),
        chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, left: f32, top: f32, width: f32, text: &str) -> Word {
        Word {
            line: (1, 1, line),
            left,
            top,
            width,
            height: 40.0,
            conf: 90.0,
            text: text.into(),
            alts: Vec::new(),
        }
    }

    const FRAME: Frame = Frame {
        pt_per_px: 0.24,
        left: 0.0,
        top: 842.0,
        bbox: [0.0, 0.0, 595.0, 842.0],
    };

    #[test]
    fn a_skewed_line_gets_one_baseline() {
        // slope 0.02 (1.15°): each word 20 px lower per 1000 px to the right
        let words: Vec<Word> = (0..5)
            .map(|k| {
                word(
                    1,
                    100.0 + 400.0 * k as f32,
                    500.0 + 8.0 * k as f32,
                    90.0,
                    "政府",
                )
            })
            .chain((0..5).map(|k| {
                word(
                    2,
                    100.0 + 400.0 * k as f32,
                    600.0 + 8.0 * k as f32,
                    90.0,
                    "文件",
                )
            }))
            .collect();
        assert!((skew(&words) - 0.02).abs() < 1e-3);
        let r = to_glyphs(&words, FRAME);
        assert_eq!(r.chars, 20);
        let first: Vec<f32> = r.page.glyphs[..10].iter().map(|g| g.y).collect();
        assert!(
            first.iter().all(|y| (y - first[0]).abs() < 0.01),
            "{first:?}"
        );
        // the two lines stay a line apart, and the left margin stays put
        let dy = first[0] - r.page.glyphs[10].y;
        assert!((dy - 100.0 * 0.24).abs() < 1.0, "{dy}");
        assert!((r.page.glyphs[0].x - r.page.glyphs[10].x).abs() < 2.5);
        assert_eq!(r.confidence, Some(90.0));
    }

    #[test]
    fn characters_share_their_word_box_by_width() {
        let r = to_glyphs(&[word(1, 0.0, 0.0, 200.0, "2019年")], FRAME);
        let text: String = r.page.glyphs.iter().map(|g| g.c).collect();
        assert_eq!(text, "2019年");
        let w: Vec<f32> = r.page.glyphs.iter().map(|g| g.w / 0.24).collect();
        assert!((w[0] - 200.0 * 0.55 / 3.2).abs() < 0.01 && (w[4] - 200.0 / 3.2).abs() < 0.01);
        // a CJK word sets the em: box height / ink ratio
        assert!((r.page.glyphs[0].size - 40.0 / CJK_INK * 0.24).abs() < 0.01);
    }

    #[test]
    fn a_box_reaching_over_the_next_words_is_clipped() {
        let words = [
            word(1, 100.0, 0.0, 300.0, "吕梁"),
            word(1, 190.0, 0.0, 45.0, "市"),
        ];
        let r = to_glyphs(&words, FRAME);
        let xs: Vec<f32> = r.page.glyphs.iter().map(|g| g.x / 0.24).collect();
        assert!(xs[0] < xs[1] && xs[1] < xs[2], "{xs:?}");
        assert!((xs[1] - 145.0).abs() < 0.5, "{xs:?}");
    }

    #[test]
    fn nothing_read_has_no_confidence() {
        let r = to_glyphs(&[], FRAME);
        assert_eq!((r.confidence, r.chars, r.page.glyphs.len()), (None, 0, 0));
    }

    #[test]
    fn unreadable_words_do_not_set_the_baseline() {
        // gazette_single scan, page 12: the heading's second line `办法》的通知` with `通知`
        // unread (confidence 0–5) in boxes reaching 26 px lower, above the 文号 line.
        let w = |line, left, top, width, height, conf, text: &str| Word {
            line: (3, 1, line),
            left,
            top,
            width,
            height,
            conf,
            text: text.into(),
            alts: Vec::new(),
        };
        let words = [
            w(2, 1020.0, 584.0, 118.0, 79.0, 92.0, "法"),
            w(2, 1123.0, 574.0, 80.0, 115.0, 91.0, "》"),
            w(2, 1191.0, 578.0, 98.0, 82.0, 92.0, "的"),
            w(2, 1289.0, 574.0, 80.0, 115.0, 5.0, "明"),
            w(2, 1368.0, 574.0, 65.0, 115.0, 0.0, "知"),
            // level lines around it: no skew
            w(3, 1000.0, 700.0, 50.0, 47.0, 90.0, "政"),
            w(3, 1400.0, 700.0, 50.0, 47.0, 90.0, "号"),
            w(4, 1000.0, 800.0, 50.0, 47.0, 90.0, "各"),
            w(4, 1400.0, 800.0, 50.0, 47.0, 90.0, "县"),
        ];
        assert_eq!(skew(&words), 0.0);
        let r = to_glyphs(&words, FRAME);
        let g = &r.page.glyphs[0];
        // baseline at the sure words' median bottom (663 px), size from their heights
        assert!((g.y - (842.0 - 663.0 * 0.24)).abs() < 0.5, "{}", g.y);
        assert!((g.size - 82.0 / CJK_INK * 0.24).abs() < 0.5, "{}", g.size);
        assert_eq!(r.page.glyphs[3].c, '通');
    }
}
