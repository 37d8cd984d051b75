//! More readings of the lines Tesseract was unsure of: 文号 lines and headings, whose bold
//! type the `chi_sim` model misreads on noisy scans (`吕` as `昌`, `梁` as `芭`) in the page's
//! context. The same line is cut out and read alone (`--psm 7`): cleaned (median filter,
//! Otsu threshold), at half size, and with the Han-script model `HanS` when it is
//! installed; each often reads right what the page reading got wrong, none always does.
//! A 文号 line's cleaned reading replaces the first when Tesseract is surer of it; every
//! other reading only offers its characters at the places where it disagrees with the kept
//! one (`Word::alts`), for `lexicon` to choose from with the issue's own text. Short
//! signature lines are treated like headings; a 成文日期 line that is no date as first read
//! takes the first other reading that is one. Nothing is "corrected" by guessing: every
//! character comes from a reading of the scan.

use super::image::Gray;
use super::repair;
use super::tesseract::{self, Engine, Word, lines};
use crate::gongwen::text::is_han;

/// A line whose least sure word is at least this confident is left alone.
const SURE: f32 = 85.0;
/// At most this many lines are read again per page (each reading costs a Tesseract start,
/// about 0.2 s).
const MAX_LINES: usize = 8;
/// White margin around the cut-out line, in pixels at 300 dpi.
const PAD: f32 = 10.0;
/// A heading's characters are at least this much taller than the page's typical line.
const HEADING: f32 = 1.3;

/// At most this many short lines (signatures, dates) are read again per page.
const MAX_SHORT: usize = 4;

/// What a doubtful line is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    DocNumber,
    Heading,
    /// A short line of Han characters only: a signature (吕梁市人民政府办公室).
    Signature,
    /// A short line starting with a year that is no valid date as read: a 成文日期.
    Date,
}

/// A short line of digits that might be a date read badly (`2019定忆月7月`).
fn looks_like_date(text: &str) -> bool {
    let t: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() <= 14
        && t.iter().take(4).all(char::is_ascii_digit)
        && t.iter().filter(|c| c.is_ascii_digit()).count() >= 5
        && !repair::is_date_line(text)
}

/// The line's type size, measured twice: the median height of its sure words, and the
/// median width per character of its Han words. Neither alone tells headings from body
/// text on our scans: Tesseract gives some body lines boxes twice their height, and the
/// bold heading type has narrow ink boxes for its size.
fn size(line: &[Word]) -> (f32, f32) {
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let sure: Vec<f32> = line
        .iter()
        .filter(|w| w.conf >= 50.0)
        .map(|w| w.height)
        .collect();
    let height = if sure.is_empty() {
        median(line.iter().map(|w| w.height).collect())
    } else {
        median(sure)
    };
    let width = median(
        line.iter()
            .filter(|w| !w.text.is_empty() && w.text.chars().all(is_han))
            .map(|w| w.width / w.text.chars().count() as f32)
            .collect(),
    );
    (height, width)
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
pub fn looks_like_doc_number(text: &str) -> bool {
    let n = text.chars().count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (5..=24).contains(&n) && digits >= 3 && text.ends_with(['号', '弓', '亏', '与', '三'])
}

/// Which lines to read again: doubtful 文号 lines first, then doubtful headings, the most
/// doubtful first.
pub fn candidates(words: &[Word]) -> Vec<(usize, usize, Kind)> {
    let all = lines(words);
    let long: Vec<(f32, f32)> = all
        .iter()
        .filter(|&&(i, j)| {
            words[i..j]
                .iter()
                .map(|w| w.text.chars().count())
                .sum::<usize>()
                >= 5
        })
        .map(|&(i, j)| size(&words[i..j]))
        .collect();
    let typical = |k: fn(&(f32, f32)) -> f32| {
        let mut v: Vec<f32> = long.iter().map(k).filter(|v| *v > 0.0).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f32::MAX)
    };
    let (th, tw) = (typical(|s| s.0), typical(|s| s.1));
    // (kind, rank: least sure first for 文号, largest first for headings, line)
    let mut picked: Vec<(Kind, f32, (usize, usize))> = all
        .into_iter()
        .filter_map(|(i, j)| {
            let line = &words[i..j];
            let least = line.iter().map(|w| w.conf).fold(f32::MAX, f32::min);
            let text: String = line.iter().map(|w| w.text.as_str()).collect();
            let n = text.chars().count();
            if least >= SURE || n > 40 {
                return None;
            }
            let (h, w) = size(line);
            if looks_like_doc_number(&text) && h < 2.0 * th {
                return Some((Kind::DocNumber, least, (i, j)));
            }
            let han = text.chars().filter(|&c| is_han(c)).count();
            let rel = (h / th).max(w / tw);
            if han >= 2 && rel >= HEADING {
                return Some((Kind::Heading, -rel, (i, j)));
            }
            if (4..=20).contains(&n) && han == n {
                return Some((Kind::Signature, least, (i, j)));
            }
            looks_like_date(&text).then_some((Kind::Date, least, (i, j)))
        })
        .collect();
    let rank = |k: Kind| match k {
        Kind::DocNumber => 0,
        Kind::Heading => 1,
        _ => 2,
    };
    picked.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.1.total_cmp(&b.1)));
    let (long, short): (Vec<_>, Vec<_>) = picked.into_iter().partition(|p| rank(p.0) < 2);
    let mut out: Vec<(usize, usize, Kind)> = long
        .into_iter()
        .take(MAX_LINES)
        .chain(short.into_iter().take(MAX_SHORT))
        .map(|(k, _, (i, j))| (i, j, k))
        .collect();
    out.sort_unstable_by_key(|p| p.0);
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

/// Reads one line again in every way; returns the line to keep, its characters carrying
/// what the other readings offered.
fn read_again(
    engine: &Engine,
    img: &Gray,
    dpi: u32,
    line: &[Word],
    kind: Kind,
    notes: &mut Vec<String>,
) -> Vec<Word> {
    let (x0, y0, x1, y1) = line_box(line, img);
    let Some(cut) = img.crop(x0, y0, x1, y1) else {
        return line.to_vec();
    };
    let read = |im: &Gray, lang: &str| {
        tesseract::recognise_line(engine, im, dpi, lang).unwrap_or_default()
    };
    let cleaned = read(&cut.cleaned(), "chi_sim");
    let half = cut.half();
    let mut others = vec![read(&half, "chi_sim")];
    if let Some(script) = &engine.script {
        others.push(read(&cut, script));
        others.push(read(&half, script));
    }
    if kind == Kind::Date {
        let origin = (x0 as f32, y0 as f32);
        return match std::iter::once(cleaned).chain(others).find(|o| {
            let t: String = o.iter().map(|w| w.text.as_str()).collect();
            repair::is_date_line(&t)
        }) {
            Some(date) => {
                let text = |v: &[Word]| v.iter().map(|w| w.text.as_str()).collect::<String>();
                notes.push(format!(
                    "`{}` read as `{}`: another reading of the line by Tesseract (cut out), chosen because it is a date and the first is not",
                    text(line),
                    text(&date)
                ));
                moved(line, date, origin)
            }
            None => line.to_vec(),
        };
    }
    let mut base = line.to_vec();
    // Headings keep their first boxes: a second reading's boxes broke the joining of
    // two-line titles.
    match (kind, choose(line, cleaned.clone(), (x0 as f32, y0 as f32))) {
        (Kind::DocNumber, Some(surer)) => {
            others.push(std::mem::replace(&mut base, surer));
        }
        _ => others.push(cleaned),
    }
    for o in &others {
        offer(&mut base, o);
    }
    base
}

/// Keeps the second reading (moved back onto the page) when it is surer and its length
/// within a quarter of the first's.
fn choose(line: &[Word], again: Vec<Word>, origin: (f32, f32)) -> Option<Vec<Word>> {
    let (old, n_old) = confidence(line);
    let (new, n_new) = confidence(&again);
    if again.is_empty() || new <= old || n_new.abs_diff(n_old) * 4 > n_old {
        return None;
    }
    Some(moved(line, again, origin))
}

/// Another reading of `line`, cut out at `origin`, moved back onto the page as `line`.
fn moved(line: &[Word], again: Vec<Word>, origin: (f32, f32)) -> Vec<Word> {
    let id = line[0].line;
    again
        .into_iter()
        .map(|w| Word {
            line: id,
            left: w.left + origin.0,
            top: w.top + origin.1,
            ..w
        })
        .collect()
}

/// Pairs the characters of two readings of a line: the longest common subsequence, and
/// between two of its matches the characters one for one where both readings have as
/// many. Returns (index in `a`, index in `b`) pairs.
fn pairs(a: &[char], b: &[char]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j, mut gi, mut gj) = (0, 0, 0, 0);
    let gap = |out: &mut Vec<(usize, usize)>, gi: usize, i: usize, gj: usize, j: usize| {
        if i - gi == j - gj {
            out.extend((0..i - gi).map(|k| (gi + k, gj + k)));
        }
    };
    while i < n && j < m {
        if a[i] == b[j] {
            gap(&mut out, gi, i, gj, j);
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
            (gi, gj) = (i, j);
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    gap(&mut out, gi, n, gj, m);
    out
}

/// Adds to `base`'s characters the Han characters `other` read in their place instead.
fn offer(base: &mut [Word], other: &[Word]) {
    let a: Vec<char> = base.iter().flat_map(|w| w.text.chars()).collect();
    let b: Vec<char> = other.iter().flat_map(|w| w.text.chars()).collect();
    // where each character of `a` lies: (word, character in the word)
    let at: Vec<(usize, usize)> = base
        .iter()
        .enumerate()
        .flat_map(|(k, w)| (0..w.text.chars().count()).map(move |c| (k, c)))
        .collect();
    for (i, j) in pairs(&a, &b) {
        if a[i] == b[j] || !is_han(a[i]) || !is_han(b[j]) {
            continue;
        }
        let (k, c) = at[i];
        let w = &mut base[k];
        if w.alts.is_empty() {
            w.alts = vec![Vec::new(); w.text.chars().count()];
        }
        if !w.alts[c].contains(&b[j]) {
            w.alts[c].push(b[j]);
        }
    }
}

/// Reads doubtful 文号 lines, headings, signatures and dates of a page again; returns the
/// page's words with the surer readings in place and the other readings' characters
/// offered, and a note for each line replaced by another reading.
pub fn improve(
    engine: &Engine,
    img: &Gray,
    dpi: u32,
    words: Vec<Word>,
) -> (Vec<Word>, Vec<String>) {
    let picked = candidates(&words);
    let mut notes = Vec::new();
    if picked.is_empty() {
        return (words, notes);
    }
    let mut out = Vec::with_capacity(words.len());
    let mut next = 0;
    for (i, j, kind) in picked {
        out.extend_from_slice(&words[next..i]);
        out.extend(read_again(engine, img, dpi, &words[i..j], kind, &mut notes));
        next = j;
    }
    out.extend_from_slice(&words[next..]);
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, left: f32, height: f32, conf: f32, text: &str) -> Word {
        Word {
            line: (1, 1, line),
            left,
            top: 100.0 * line as f32,
            width: 0.9 * height * text.chars().count() as f32,
            height,
            conf,
            text: text.into(),
            alts: Vec::new(),
        }
    }

    #[test]
    fn doubtful_headings_doc_numbers_signatures_and_dates_are_picked() {
        let words = vec![
            word(1, 0.0, 76.0, 40.0, "吕染市人民政府"),
            word(2, 0.0, 55.0, 96.0, "各县"),
            word(2, 90.0, 55.0, 20.0, "市、区人民政府"),
            word(3, 0.0, 47.0, 81.0, "昌政发"),
            word(3, 130.0, 47.0, 67.0, "[2019]2"),
            word(3, 300.0, 47.0, 96.0, "号"),
            word(4, 0.0, 55.0, 96.0, "正文第一行的文字"),
            word(5, 0.0, 76.0, 96.0, "安全生产工作的通知"),
            word(6, 0.0, 55.0, 96.0, "正文第二行的文字"),
            word(7, 0.0, 55.0, 96.0, "正文第三行的文字"),
            // gazette_single scan: a signature and a 成文日期 as first read
            word(8, 0.0, 55.0, 70.0, "昌梁市人民政府办公室"),
            word(9, 0.0, 55.0, 60.0, "2019定忆月7月"),
            word(10, 0.0, 55.0, 60.0, "2019年4月7日"),
        ];
        // the unsure heading, 文号, signature and garbled date; not the unsure body line,
        // the sure heading or the date that reads as one
        assert_eq!(
            candidates(&words),
            vec![
                (0, 1, Kind::Heading),
                (3, 6, Kind::DocNumber),
                (10, 11, Kind::Signature),
                (11, 12, Kind::Date)
            ]
        );
        assert!(looks_like_doc_number("昌政发[2019]2号"));
        assert!(looks_like_doc_number("旧政办发【2019】2三"));
        assert!(!looks_like_doc_number("第2号"));
        assert!(looks_like_date("5019 军 6 同 12 日"));
        assert!(!looks_like_date("2019年，全市安全生产工作要以"));
    }

    #[test]
    fn other_readings_offer_the_characters_they_read_differently() {
        // gazette_single scan, page 3: the heading read as `日芭市…`; at half size with
        // HanS `吕梁市…`
        let mut base = vec![
            word(1, 0.0, 80.0, 51.0, "日芭"),
            word(1, 100.0, 80.0, 0.0, "市人民政府关于"),
        ];
        offer(&mut base, &[word(1, 0.0, 40.0, 73.0, "吕梁市人民政府关于")]);
        assert_eq!(base[0].alts, vec![vec!['吕'], vec!['梁']]);
        assert!(base[1].alts.is_empty());
        // the 文号 line, read with different brackets and one more character
        let mut base = vec![word(3, 0.0, 47.0, 64.0, "昌政发(2019]2号")];
        offer(&mut base, &[word(1, 0.0, 47.0, 42.0, "吕政发[2019】]2号")]);
        offer(&mut base, &[word(1, 0.0, 47.0, 58.0, "吕政发【2019]2号")]);
        assert_eq!(base[0].alts[0], vec!['吕']);
        assert!(base[0].alts[1..].iter().all(Vec::is_empty));
        // readings of different length pair only what they have in common
        assert_eq!(pairs(&['关', '于'], &['于']), vec![(1, 0)]);
        assert_eq!(
            pairs(&['关', '于'], &['大', '于', '印']),
            vec![(0, 0), (1, 1)]
        );
        assert_eq!(pairs(&['大', '于'], &['关', '于']), vec![(0, 0), (1, 1)]);
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
