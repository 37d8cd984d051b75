//! The table of contents (目录): section headings and `title<TAB>page` entries,
//! including titles that wrap before their page number.

use regex::Regex;

use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::{fold_chars, squash_ws};

#[derive(Debug, Clone, PartialEq)]
pub struct Toc {
    /// Index of the `目录` line.
    pub start: usize,
    /// Index of the first line after the contents.
    pub end: usize,
    pub entries: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub section: Option<String>,
    pub title: String,
    pub page: Option<u32>,
    /// Index of the line that holds the page number.
    pub line: usize,
}

static HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:本期)?目\s*录$|^CONTENTS$").unwrap());
static ENTRY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(.*?\S)(?:\s*(?:[·…•⋯]+|[\.．]{2,})\s*|\t+\s*|\s+)[（(]?([0-9]{1,4})[）)]?$")
        .unwrap()
});

/// How far after the cover a `目录` heading may stand.
const MAX_HEAD_LINES: usize = 80;
/// Longest section heading: a longer line without a page number is a wrapped title.
const MAX_SECTION_CHARS: usize = 16;

/// Finds the issue's contents among the first lines. A document's own internal 目录
/// (a plan with chapters) comes after a 文号 and is not found here.
pub fn find_toc(lines: &[&str]) -> Option<Toc> {
    find_toc_with(lines, false)
}

/// [`find_toc`]; `ocr`: the contents page was recognised from a scan, where the dot leaders
/// vanish or turn into stray characters, so entries are read as [`ocr_entries`] says.
pub fn find_toc_with(lines: &[&str], ocr: bool) -> Option<Toc> {
    let start = lines
        .iter()
        .take(MAX_HEAD_LINES)
        // A scan's `目 录` in display type may come back as one of its two characters.
        .position(|l| HEADING.is_match(l.trim()) || ocr && matches!(l.trim(), "目" | "录"))?;
    if lines[..start]
        .iter()
        .any(|l| crate::gongwen::doc_number::standalone_doc_number(l).is_some())
    {
        return None;
    }
    let mut entries = Vec::new();
    let mut section: Option<String> = None;
    let mut pending: Option<String> = None;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i].trim();
        if ocr && let Some(found) = ocr_entries(line) {
            let first_title = found[0].0.clone();
            let title = match pending.take() {
                Some(p) => format!("{p}{first_title}"),
                None => first_title,
            };
            for (k, (t, page)) in found.into_iter().enumerate() {
                entries.push(TocEntry {
                    section: section.clone(),
                    title: squash_ws(if k == 0 { &title } else { &t }),
                    page: Some(page),
                    line: i,
                });
            }
            i += 1;
            continue;
        }
        let entry = |l: &str| {
            entry(l).or_else(|| ocr.then(|| ocr_entries(l)).flatten().map(|v| v[0].clone()))
        };
        let parsed = entry(line).or_else(|| {
            // The page number alone under a title that filled the line.
            let p = pending.is_some().then(|| bare_page(line)).flatten()?;
            Some((String::new(), p))
        });
        if let Some((title, page)) = parsed {
            let title = match pending.take() {
                Some(p) => format!("{p}{title}"),
                None if title.chars().count() < 4 => break,
                None => title,
            };
            let title = squash_ws(&title);
            entries.push(TocEntry {
                section: section.clone(),
                title,
                page: Some(page),
                line: i,
            });
            i += 1;
            continue;
        }
        // A line without a page: a section heading, or a title wrapped before its page.
        let next_is_entry = lines
            .get(i + 1)
            .is_some_and(|n| entry(n.trim()).is_some() || bare_page(n.trim()).is_some());
        if pending.is_none() && line.chars().count() <= MAX_SECTION_CHARS && !line.contains('关') {
            // A section heading is followed by an entry, perhaps one wrapped.
            let wrapped_next = lines
                .get(i + 2)
                .is_some_and(|n| entry(n.trim()).is_some() || bare_page(n.trim()).is_some());
            if !next_is_entry && !wrapped_next && !entries.is_empty() {
                break;
            }
            section = Some(line.to_string());
        } else if next_is_entry && pending.is_none() {
            pending = Some(line.to_string());
        } else {
            break;
        }
        i += 1;
    }
    if entries.is_empty() {
        return None;
    }
    // A trailing section heading with no entry belongs to the body.
    let end = entries.last().map(|e| e.line + 1).unwrap_or(start + 1);
    Some(Toc {
        start,
        end,
        entries,
    })
}

/// Entries of one OCR'd contents line. The leaders between title and page are lost
/// (`…的通知18`), read as a stray character (`…的通知人1`) or cut by a tab inside the title
/// (`…方案的⇥通知18`), and two entries may run together on one line
/// (`…实施方案的通知959石梁市…的通知68`). A title ends in a Han character or a closing
/// mark and is at least 4 characters; the page is 1–3 digits.
fn ocr_entries(line: &str) -> Option<Vec<(String, u32)>> {
    let line: String = fold_chars(line).chars().filter(|c| *c != '\t').collect();
    let line = line.trim();
    if let Some(e) = entry(line) {
        return Some(vec![e]);
    }
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(m) = OCR_JOINED.captures(rest).and_then(|c| c.get(1)) {
        let title = rest[..m.start()].trim();
        if title.chars().count() < 4 {
            break;
        }
        out.push((title.to_string(), m.as_str().parse().ok()?));
        rest = &rest[m.end()..];
    }
    let c = OCR_TAIL.captures(rest)?;
    let title = c[1].trim();
    // `…2019年` + digits is a heading's date, not a title and its page.
    if title.chars().count() < 4 || title.ends_with('年') {
        return None;
    }
    out.push((title.to_string(), c[2].parse().ok()?));
    Some(out)
}

static OCR_TAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(.*?[\p{Han}》”）)])\s*([0-9]{1,3})$").unwrap());
/// A 文种 word with a page glued to it, and a title following: the line holds two.
static OCR_JOINED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:通知|意见|方案|办法|决定|规定|批复|报告|细则|规划)([0-9]{1,3})\p{Han}").unwrap()
});
static BARE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[·\.…•⋯．\s]*([0-9]{1,4})$").unwrap());

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    // (Not the OCR forms: only scans need them.)
    for r in [&HEADING, &ENTRY, &BARE] {
        r.warm();
    }
}

fn bare_page(line: &str) -> Option<u32> {
    BARE.captures(&fold_chars(line))?[1].parse().ok()
}

fn entry(line: &str) -> Option<(String, u32)> {
    let line = fold_chars(line);
    let c = ENTRY.captures(&line)?;
    let title = c[1]
        .trim()
        .trim_end_matches(['·', '.', '…', '•', '⋯'])
        .trim()
        .to_string();
    // A heading with a year at its end is not an entry: pages are small numbers.
    let page: u32 = c[2].parse().ok()?;
    if title.is_empty() || page > 2000 {
        return None;
    }
    Some((title, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_entries_and_wrapped_titles() {
        let lines = [
            "吕梁市人民政府公报",
            "目 录",
            "市政府文件",
            "关于做好2019年安全生产工作的通知\t1",
            "吕梁市人民政府办公室关于推进社会公益事业建设领域政府信息公开实施办法的",
            "通知·····\t51",
            "部门文件",
            "关于同意乌鲁木齐、昌吉、石河子高新技术产业开发区建设国家自主创新示范区的批复",
            "\t6",
            "关于在行政管理事项中使用信用记录和信用报告的实施方案 70",
            "吕梁市人民政府 关于做好 2019 年安全生产工作的通知",
        ];
        let toc = find_toc(&lines).unwrap();
        assert_eq!(toc.start, 1);
        assert_eq!(toc.end, 10);
        assert_eq!(toc.entries.len(), 4);
        assert_eq!(toc.entries[2].page, Some(6));
        assert_eq!(
            toc.entries[1].title,
            "吕梁市人民政府办公室关于推进社会公益事业建设领域政府信息公开实施办法的通知"
        );
        assert_eq!(toc.entries[1].page, Some(51));
        assert_eq!(toc.entries[3].section.as_deref(), Some("部门文件"));
        assert_eq!(toc.entries[3].page, Some(70));
    }

    #[test]
    fn page_numbers_in_brackets() {
        let toc = find_toc(&[
            "目录",
            "省政府文件",
            "关于做好2019年工作的通知…………（12）",
            "关于印发某某办法的通知 (15)",
        ])
        .unwrap();
        let pages: Vec<Option<u32>> = toc.entries.iter().map(|e| e.page).collect();
        assert_eq!(pages, vec![Some(12), Some(15)]);
        assert_eq!(toc.entries[0].title, "关于做好2019年工作的通知");
    }

    #[test]
    fn no_toc_without_heading() {
        assert!(find_toc(&["关于做好工作的通知", "国发〔2019〕1号"]).is_none());
    }

    #[test]
    fn ocr_contents_lines() {
        // gazette_single scan: leaders lost, read as a character, or cut by a tab; two
        // entries on one line.
        let lines = [
            "目录",
            "市政府文件",
            "关于做好2019年安全生产工作的通知人1",
            "关于印发《昌梁市残疾儿童康复救助制度实施办法》的通知\t10",
            "市政府办公室文件",
            "关于印发土地综合执法月专项行动实施方案的\t通知18",
            "部门文件",
            "关于印发全市政策性粮食库存数量和质量大清查实施方案的通知959石梁市发展和改革委员会关于切实做好工作的通铝68",
            "日芭市人民政府关于做好2019 年安全生产工作的通知",
            "昌政发〔2019〕2 号",
        ];
        let toc = find_toc_with(&lines, true).unwrap();
        let got: Vec<(&str, Option<u32>)> = toc
            .entries
            .iter()
            .map(|e| (e.title.as_str(), e.page))
            .collect();
        assert_eq!(
            got,
            vec![
                ("关于做好2019年安全生产工作的通知人", Some(1)),
                (
                    "关于印发《昌梁市残疾儿童康复救助制度实施办法》的通知",
                    Some(10)
                ),
                ("关于印发土地综合执法月专项行动实施方案的通知", Some(18)),
                (
                    "关于印发全市政策性粮食库存数量和质量大清查实施方案的通知",
                    Some(959)
                ),
                ("石梁市发展和改革委员会关于切实做好工作的通铝", Some(68)),
            ]
        );
        assert_eq!(toc.end, 8);
        assert_eq!(toc.entries[4].section.as_deref(), Some("部门文件"));
        // `目 录` read as `目` (gazette_two scan)
        let mut two = lines.to_vec();
        two[0] = "目";
        assert_eq!(find_toc_with(&two, true).map(|t| t.entries.len()), Some(5));
        assert!(find_toc(&two).is_none());
        // A text layer's contents are read strictly: the first line is no entry there.
        assert_eq!(find_toc(&lines).map(|t| t.entries.len()), Some(1));
        // A heading ending in a year is no entry.
        assert_eq!(ocr_entries("会议纪要2019年12"), None);
    }
}
