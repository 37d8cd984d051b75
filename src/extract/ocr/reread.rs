//! A second reading of 文号 lines when Tesseract was unsure of them. On noisy scans the
//! model misreads the 文号 font in the page's context (`吕` as `昌`); the same line cut out,
//! cleaned (median filter, Otsu threshold) and read alone as one line (`--psm 7`) is often
//! right. The second reading replaces the first only when Tesseract is surer of it, so
//! nothing is "corrected" by guessing: it is Tesseract's own reading of a cleaner image.

use super::image::Gray;
use super::tesseract::{self, Engine, Word};

/// A line whose least sure word is at least this confident is left alone.
const SURE: f32 = 85.0;
/// At most this many lines are read again per page (each costs a Tesseract start).
const MAX_LINES: usize = 6;
/// White margin around the cut-out line, in pixels at 300 dpi.
const PAD: f32 = 10.0;

/// Contiguous runs of words sharing a line id: `(start, end)` index pairs.
fn lines(words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let j = i + words[i..]
            .iter()
            .take_while(|w| w.line == words[i].line)
            .count();
        out.push((i, j));
        i = j;
    }
    out
}

fn height(line: &[Word]) -> f32 {
    line.iter().map(|w| w.height).fold(0.0, f32::max)
}

/// Mean confidence weighted by characters, and the number of characters.
fn confidence(line: &[Word]) -> (f32, usize) {
    let n: usize = line.iter().map(|w| w.text.chars().count()).sum();
    let sum: f32 = line
        .iter()
        .map(|w| w.conf * w.text.chars().count() as f32)
        .sum();
    (sum / n.max(1) as f32, n)
}

/// A 文号 as read: short, with a year's digits and a closing 号 (or a look-alike).
fn looks_like_doc_number(text: &str) -> bool {
    let n = text.chars().count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (5..=24).contains(&n) && digits >= 3 && text.ends_with(['号', '弓', '亏', '与'])
}

/// Which lines to read again: doubtful 文号 lines, the most doubtful first.
pub fn candidates(words: &[Word]) -> Vec<(usize, usize)> {
    let all = lines(words);
    let mut heights: Vec<f32> = all.iter().map(|&(i, j)| height(&words[i..j])).collect();
    heights.sort_by(f32::total_cmp);
    let typical = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let mut picked: Vec<(f32, (usize, usize))> = all
        .into_iter()
        .filter_map(|(i, j)| {
            let line = &words[i..j];
            let least = line.iter().map(|w| w.conf).fold(f32::MAX, f32::min);
            let text: String = line.iter().map(|w| w.text.as_str()).collect();
            // Headings were tried too: their second reading was no better on our scans and
            // its boxes broke the joining of two-line titles, so only 文号 lines are re-read.
            let wanted = looks_like_doc_number(&text) && height(line) < 2.0 * typical;
            (least < SURE && wanted && text.chars().count() <= 40).then_some((least, (i, j)))
        })
        .collect();
    picked.sort_by(|a, b| a.0.total_cmp(&b.0));
    picked.truncate(MAX_LINES);
    let mut out: Vec<(usize, usize)> = picked.into_iter().map(|p| p.1).collect();
    out.sort_unstable();
    out
}

/// The line's box with a margin, in whole pixels.
fn line_box(line: &[Word], img: &Gray) -> (usize, usize, usize, usize) {
    let x0 = line.iter().map(|w| w.left).fold(f32::MAX, f32::min) - PAD;
    let y0 = line.iter().map(|w| w.top).fold(f32::MAX, f32::min) - PAD;
    let x1 = line.iter().map(|w| w.left + w.width).fold(0.0, f32::max) + PAD;
    let y1 = line.iter().map(|w| w.top + w.height).fold(0.0, f32::max) + PAD;
    let c = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
    (
        c(x0, img.width),
        c(y0, img.height),
        c(x1.ceil(), img.width),
        c(y1.ceil(), img.height),
    )
}

/// The second reading of one line, in page pixels with the line's id, when it is surer
/// than the first and about as long.
fn reread(engine: &Engine, img: &Gray, dpi: u32, line: &[Word]) -> Option<Vec<Word>> {
    let (x0, y0, x1, y1) = line_box(line, img);
    let cut = img.crop(x0, y0, x1, y1)?.cleaned();
    let again = tesseract::recognise_line(engine, &cut, dpi).ok()?;
    choose(line, again, (x0 as f32, y0 as f32))
}

/// Keeps the second reading (moved back onto the page) when it is surer and its length
/// within a quarter of the first's.
fn choose(line: &[Word], again: Vec<Word>, origin: (f32, f32)) -> Option<Vec<Word>> {
    let (old, n_old) = confidence(line);
    let (new, n_new) = confidence(&again);
    if again.is_empty() || new <= old || n_new.abs_diff(n_old) * 4 > n_old {
        return None;
    }
    let id = line[0].line;
    Some(
        again
            .into_iter()
            .map(|w| Word {
                line: id,
                left: w.left + origin.0,
                top: w.top + origin.1,
                ..w
            })
            .collect(),
    )
}

/// Reads doubtful headings and 文号 lines of a page again; returns the page's words with
/// the surer readings in place.
pub fn improve(engine: &Engine, img: &Gray, dpi: u32, words: Vec<Word>) -> Vec<Word> {
    let picked = candidates(&words);
    if picked.is_empty() {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    let mut next = 0;
    for (i, j) in picked {
        out.extend_from_slice(&words[next..i]);
        match reread(engine, img, dpi, &words[i..j]) {
            Some(better) => out.extend(better),
            None => out.extend_from_slice(&words[i..j]),
        }
        next = j;
    }
    out.extend_from_slice(&words[next..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, left: f32, height: f32, conf: f32, text: &str) -> Word {
        Word {
            line: (1, 1, line),
            left,
            top: 100.0 * line as f32,
            width: 40.0 * text.chars().count() as f32,
            height,
            conf,
            text: text.into(),
        }
    }

    #[test]
    fn doubtful_headings_and_doc_numbers_are_picked() {
        let words = vec![
            word(1, 0.0, 76.0, 40.0, "吕染市人民政府"),
            word(2, 0.0, 55.0, 96.0, "各县"),
            word(2, 90.0, 55.0, 20.0, "市、"),
            word(3, 0.0, 47.0, 81.0, "昌政发"),
            word(3, 130.0, 47.0, 67.0, "[2019]2"),
            word(3, 300.0, 47.0, 96.0, "号"),
            word(4, 0.0, 55.0, 96.0, "正文"),
            word(5, 0.0, 76.0, 96.0, "安全生产工作的通知"),
        ];
        // the 文号 (unsure); not the unsure body line or heading, not the sure heading
        assert_eq!(candidates(&words), vec![(3, 6)]);
        assert!(looks_like_doc_number("昌政发[2019]2号"));
        assert!(!looks_like_doc_number("第2号"));
    }

    #[test]
    fn a_second_reading_is_kept_only_when_surer() {
        let first = vec![word(3, 549.0, 47.0, 81.0, "昌政发〔2019〕2号")];
        let mut again = vec![word(1, 10.0, 47.0, 90.0, "吕政发〔2019〕2号")];
        again[0].top = 10.0;
        let kept = choose(&first, again.clone(), (539.0, 290.0)).unwrap();
        assert_eq!(kept[0].text, "吕政发〔2019〕2号");
        assert_eq!(kept[0].line, (1, 1, 3));
        assert_eq!((kept[0].left, kept[0].top), (549.0, 300.0));
        again[0].conf = 70.0;
        assert!(choose(&first, again.clone(), (0.0, 0.0)).is_none());
        again[0].conf = 95.0;
        again[0].text = "吕政".into();
        assert!(choose(&first, again, (0.0, 0.0)).is_none(), "much shorter");
    }
}
