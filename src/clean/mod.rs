//! Stage 2: pages of raw lines → one list of cleaned lines with provenance.
//!
//! Removes what the page layout added (running headers, page numbers, blank lines,
//! cover transliterations, TOC dot leaders) and rejoins paragraphs that a page end or
//! a running header cut in two — without inserting spaces between CJK characters.
//! Every line keeps the page it came from; line numbers are indexes + 1.

use std::collections::HashMap;

use rayon::prelude::*;
use regex::Regex;

use crate::extract::{Extracted, Page};
use crate::gongwen::lazy::Lazy;
use crate::gongwen::lines::{append_fragment, is_paragraph_start};
use crate::gongwen::text::{fold_char, fold_chars};
use crate::gongwen::toc;
use page_number::is_page_number_line;

mod chrome;
mod flat;
mod page_number;

/// The cleaned text the segmenter sees (`gazette extract` prints it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub lines: Vec<Line>,
    /// Printed page numbers per physical page, where found.
    pub page_labels: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Physical page of the line's start and end (None: input without pages).
    pub page: Option<u32>,
    pub page_end: Option<u32>,
}

impl Text {
    pub fn to_plain(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// A bare number is a page number only at a page's edge (text with form feeds);
/// elsewhere it is a table cell or a list value.
static BARE_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[0-9]{1,4}$").unwrap());
static LATIN_ONLY: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[A-Za-z][A-Za-z \-]*$").unwrap());

/// Compiles the regexes of this stage and of what it uses ahead of their first use (see
/// `pipeline::warm_up`).
pub fn warm() {
    for r in [&BARE_NUMBER, &LATIN_ONLY, &PINYIN] {
        r.warm();
    }
    chrome::warm();
    flat::warm();
    toc::warm();
    crate::gongwen::lines::warm();
}

/// A line in flight: text plus provenance, and whether furniture was cut out right
/// before it (a hint that it may continue the previous line).
struct Item {
    text: String,
    page: Option<u32>,
    page_end: Option<u32>,
    after_cut: bool,
    /// First or last line of a form-feed page.
    page_edge: bool,
    continues: bool,
}

pub fn clean(ex: &Extracted) -> Text {
    let paged = ex.page_count.is_some();
    let is_pdf = ex.format.is_fixed_layout();
    // OCR'd contents pages are read with OCR's tolerances, as segment reads them.
    let scanned = ex.pages.iter().any(|p| p.ocr_confidence.is_some());
    // Each page's lines are cleaned on their own (page-local work), in parallel; the
    // order of the result is the pages' order whatever the threads did.
    let items: Vec<Item> = ex
        .pages
        .par_iter()
        .map(|page| page_items(page, paged, is_pdf))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let items = join_letter_spaced(items);
    // The front matter (cover and table of contents), read once for both uses below.
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let toc = toc::find_toc_with(&texts, scanned);
    let furniture = running_headers(&texts, toc.as_ref());
    let front_end = toc.as_ref().map_or(0, |t| t.end);
    // No line whose key is longer than every furniture key can be furniture.
    let furniture_chars = furniture
        .iter()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    drop(texts);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut cut = false;
    let mut page_labels = Vec::new();
    for page in &ex.pages {
        if let Some(p) = page.printed {
            page_labels.push((page.number, p));
        }
    }
    for (i, mut it) in items.into_iter().enumerate() {
        let page_number =
            is_page_number_line(&it.text) || it.page_edge && BARE_NUMBER.is_match(&it.text);
        let is_furniture = page_number && !paged_printed_only(ex)
            || i >= front_end
                && digit_key_within(&it.text, furniture_chars)
                    .is_some_and(|k| furniture.contains(&k))
            || i < front_end && LATIN_ONLY.is_match(&it.text);
        if is_furniture {
            // A text page's printed number, as PDF pages report theirs.
            if page_number
                && let Some(pg) = it.page
                && !page_labels.iter().any(|&(p, _)| p == pg)
                && let Some(n) = printed_number(&it.text)
            {
                page_labels.push((pg, n));
            }
            cut = true;
            continue;
        }
        // Cover lines are never joined: they are separate labels, not paragraphs.
        it.after_cut |= cut && i >= front_end;
        cut = false;
        if let Some(prev) = out.last_mut()
            && (it.continues
                || !is_spaced_row(&prev.text)
                    && !is_spaced_row(&it.text)
                    && (it.after_cut && runs_on(&prev.text, &it.text)
                        || !is_pdf && i >= front_end && runs_on_long(&prev.text, &it.text)))
        {
            append_fragment(&mut prev.text, &it.text);
            prev.page_end = it.page_end;
            continue;
        }
        it.text = strip_leader(&it.text);
        out.push(it);
    }
    Text {
        lines: out
            .into_iter()
            .map(|it| Line {
                text: it.text,
                page: it.page,
                page_end: it.page_end,
            })
            .collect(),
        page_labels,
    }
}

/// One page's lines as items: normalised, chrome left out, flattened documents put back
/// onto their lines.
fn page_items(page: &Page, paged: bool, is_pdf: bool) -> Vec<Item> {
    let pg = paged.then_some(page.number);
    let mut items = Vec::new();
    let mut first = true;
    // Web page chrome (breadcrumbs, source and counter lines, print links, the
    // metadata block) is no part of the document.
    let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    let metadata = chrome::metadata_lines(&texts);
    for (k, raw) in page.lines.iter().enumerate() {
        let text = normalize_line(&raw.text);
        if text.is_empty() || metadata[k] || chrome::is_chrome_line(&text) {
            continue;
        }
        // A document a crawler flattened onto one line goes back onto its lines.
        let parts = flat::unflatten(&text).unwrap_or_else(|| vec![text]);
        for text in parts {
            items.push(Item {
                text,
                page: pg,
                page_end: pg,
                // In text, a new page is itself a cut: the paragraph may run on. (PDF
                // pages say so themselves, from geometry, in `continues`.)
                after_cut: first && page.number > 1 && !is_pdf,
                continues: raw.continues,
                page_edge: paged && first,
            });
            first = false;
        }
    }
    if paged && let Some(last) = items.last_mut() {
        last.page_edge = true;
    }
    items
}

/// pdftotext without `-layout` prints a letter-spaced line one character a line (`唐`,
/// `山`, `市`, … `局`, blank lines between): three or more single Han characters in a row,
/// on one page, are one line.
fn join_letter_spaced(items: Vec<Item>) -> Vec<Item> {
    let single = |it: &Item| {
        let mut cs = it.text.chars();
        cs.next().is_some_and(crate::gongwen::text::is_han) && cs.next().is_none()
    };
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut items = items.into_iter().peekable();
    while let Some(first) = items.next() {
        if !single(&first) {
            out.push(first);
            continue;
        }
        let mut run = vec![first];
        while let Some(next) = items.next_if(|n| single(n) && n.page == run[0].page) {
            run.push(next);
        }
        if run.len() >= 3 {
            let text: String = run.iter().map(|it| it.text.as_str()).collect();
            let mut line = run.swap_remove(0);
            line.text = text;
            out.push(line);
        } else {
            out.extend(run);
        }
    }
    out
}

/// PDF pages already had their page numbers removed geometrically: a bare number
/// left in the text is content (a table cell), not furniture.
fn paged_printed_only(ex: &Extracted) -> bool {
    ex.format.is_fixed_layout()
}

fn printed_number(s: &str) -> Option<u32> {
    let digits: String = fold_chars(s).chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

// Web pages annotate polyphonic characters with pinyin (`發(fā)`, `號(hào)`): a
// reading aid of the page, not text of the document.
static PINYIN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\p{Han})[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]").unwrap()
});

fn normalize_line(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.contains(['(', '（']) {
        PINYIN.replace_all(t, "$1").into_owned()
    } else {
        t.to_string()
    }
}

/// The dots of a contents line's leader (`关于…的通知………12`).
const LEADER: &[char] = &['·', '.', '…', '•', '⋯', '．'];

/// A contents line's dot leader and page number (`……… 12`, three dots or more, then 1–4
/// digits ending the line) become a tab and the number. Written out rather than as the
/// regex `\s*[·\.…•⋯．]{3,}\s*([0-9]{1,4})\s*$` (replaced once), which it answers like
/// (test `strip_leader_matches_the_pattern_it_replaces`); `trim_end` takes what `\s` does
/// (Unicode White_Space).
fn strip_leader(s: &str) -> String {
    let body = s.trim_end();
    let before_digits = body.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &body[before_digits.len()..];
    let before_space = before_digits.trim_end();
    let before_dots = before_space.trim_end_matches(LEADER);
    let dots = before_space[before_dots.len()..].chars().count();
    if !(1..=4).contains(&digits.len()) || dots < 3 {
        return s.to_string();
    }
    // The match starts at the white space before the dots, the earliest place it can.
    format!("{}\t{digits}", before_dots.trim_end())
}

fn digit_key(s: &str) -> String {
    digit_keys(s).collect()
}

/// The chars of [`digit_key`], one at a time.
fn digit_keys(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(fold_char)
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
}

/// [`digit_key`] when it has at most `max` chars, else None: the key of every line is
/// compared with a few short ones, and most lines are long paragraphs whose key would be
/// built in full for nothing.
fn digit_key_within(s: &str, max: usize) -> Option<String> {
    let mut key = String::new();
    for (n, c) in digit_keys(s).enumerate() {
        if n == max {
            return None;
        }
        key.push(c);
    }
    Some(key)
}

/// Running headers a text extraction left inline: a TOC section name or a masthead
/// line (`2019•1 吕梁市人民政府公报`) standing alone after the front matter.
fn running_headers(texts: &[&str], toc: Option<&toc::Toc>) -> std::collections::HashSet<String> {
    let mut set = std::collections::HashSet::new();
    let Some(t) = toc else {
        return repeated_mastheads(texts, 0, set);
    };
    for e in &t.entries {
        if let Some(sec) = &e.section {
            set.insert(digit_key(sec));
        }
    }
    repeated_mastheads(texts, t.end, set)
}

fn repeated_mastheads(
    texts: &[&str],
    from: usize,
    mut set: std::collections::HashSet<String>,
) -> std::collections::HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in &texts[from.min(texts.len())..] {
        let n = t.chars().count();
        if n <= 40 && t.contains("公报") && !t.contains('。') {
            // With an issue label (`2019•1 …公报`) one occurrence is enough.
            let weight = if t.chars().any(|c| c.is_ascii_digit()) {
                2
            } else {
                1
            };
            *counts.entry(digit_key(t)).or_default() += weight;
        }
    }
    set.extend(counts.into_iter().filter(|(_, c)| *c >= 2).map(|(k, _)| k));
    set
}

const TERMINAL: &[char] = &['。', '！', '？', '；', '：', ':', ';', '!', '?', '…'];

/// After a page end or a removed header: does `next` continue the sentence in `prev`?
fn runs_on(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().last() else {
        return false;
    };
    if TERMINAL.contains(&last) || prev.contains('\t') || next.contains('\t') {
        return false;
    }
    if matches!(last, '”' | '’' | '」' | '』')
        && prev
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| TERMINAL.contains(&c))
    {
        return false;
    }
    // A heading after a page break starts a document; it never continues a sentence.
    let heading = looks_like_title(next) && next.contains("关于");
    if is_bracketed(prev)
        || is_paragraph_start(next)
        || is_list_line(prev)
        || is_organ_name(next)
        || heading
    {
        return false;
    }
    !is_number_or_date(prev) && !is_number_or_date(next)
}

/// 附件说明 and 版记 lines stand alone whatever their length.
fn is_list_line(s: &str) -> bool {
    ["附件", "抄送", "主题词", "印发", "分送"]
        .iter()
        .any(|p| s.starts_with(p))
}

/// A signature line (`国务院办公厅`): a short organ name, never the rest of a sentence.
fn is_organ_name(s: &str) -> bool {
    const ENDS: &[char] = &[
        '院', '厅', '部', '委', '局', '府', '室', '办', '会', '行', '署', '处', '所', '站', '队',
        '组', '司',
    ];
    s.chars().count() <= 24 && s.ends_with(ENDS) && !s.contains(['，', '、', '。', ','])
}

/// A 文号 or a 成文日期 line stands alone; both are short, so long lines skip the test.
fn is_number_or_date(s: &str) -> bool {
    s.len() <= 90
        && (crate::gongwen::doc_number::standalone_doc_number(s).is_some()
            || crate::gongwen::date::parse_date(s).is_some())
}

/// Without a cut marker: a full-width paragraph line that stops mid-sentence was broken
/// by a page end the extraction did not mark (`配齐` / `配强`).
fn runs_on_long(prev: &str, next: &str) -> bool {
    prev.chars().count() >= MIN_FULL_LINE && !looks_like_title(prev) && runs_on(prev, next)
}

/// A row of cells as `pdftotext -layout` prints it (`…（城镇化）    唐山市…局`): long runs
/// of spaces inside the line. It is a row of its own, not a paragraph's line.
fn is_spaced_row(s: &str) -> bool {
    s.trim().contains("    ")
}

/// A paragraph cut by a page end holds at least one full printed line (A4, 16pt 仿宋:
/// 28 characters a line); shorter lines are headings, signatures, table cells.
const MIN_FULL_LINE: usize = 28;

/// Headings stand on their own line: `关于…的通知`, `…实施方案`, `…名单`.
fn looks_like_title(s: &str) -> bool {
    // An ending word (a hand-written `(?:通知|…)$`: one regex less to compile per process).
    const TITLE_END: &[&str] = &[
        "通知", "意见", "方案", "办法", "决定", "规定", "细则", "条例", "报告", "批复", "函",
        "公告", "通告", "通报", "目录", "名单", "说明", "台账", "表", "规划", "计划", "要点",
        "标准", "制度", "规则", "决议", "纪要", "请示", "议案", "命令", "令",
    ];
    // `…的通知(岳办发〔2017〕2号)`, `…办法（试行）`: the ending word comes before the bracket.
    let s = crate::gongwen::doc_number::heading_with_number(s).map_or(s, |(h, _)| h);
    let s = s
        .strip_suffix(['）', ')'])
        .and_then(|t| t.rsplit_once(['（', '(']))
        .map_or(s, |(h, _)| h);
    s.chars().count() <= 70 && (s.starts_with("关于") || TITLE_END.iter().any(|w| s.ends_with(w)))
}

fn is_bracketed(s: &str) -> bool {
    (s.starts_with('（') || s.starts_with('(')) && (s.ends_with('）') || s.ends_with(')'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::extract_text;

    #[test]
    fn strip_leader_only_where_a_page_number_ends_the_line() {
        assert_eq!(strip_leader("关于印发…的通知………12"), "关于印发…的通知\t12");
        assert_eq!(
            strip_leader("关于印发…的通知……… 12 \u{3000}"),
            "关于印发…的通知\t12"
        );
        assert_eq!(
            strip_leader("关于印发…的通知………12页"),
            "关于印发…的通知………12页"
        );
        assert_eq!(strip_leader("第一条……"), "第一条……");
        assert_eq!(strip_leader(""), "");
    }

    proptest::proptest! {
        #[test]
        fn strip_leader_matches_the_pattern_it_replaces(
            s in crate::test_strings::made_of(
                &[
                    "·", ".", "…", "•", "⋯", "．", "...", " ", "\u{3000}", "\n", "\t", "1",
                    "12", "2019", "12345", "标题", "a", "页", "-",
                ],
                10,
            )
        ) {
            let re = Regex::new(r"\s*[·\.…•⋯．]{3,}\s*([0-9]{1,4})\s*$").unwrap();
            proptest::prop_assert_eq!(strip_leader(&s), re.replace(&s, "\t$1").into_owned(), "{:?}", s);
        }
    }

    #[test]
    fn digit_key_within_stops_only_past_the_bound() {
        // `第 3 期 公报`: key `第#期公报`, 5 chars (spaces dropped, digits as #).
        let line = "第 3 期 公报";
        assert_eq!(digit_key(line), "第#期公报");
        assert_eq!(digit_key_within(line, 5).as_deref(), Some("第#期公报"));
        assert_eq!(digit_key_within(line, 6).as_deref(), Some("第#期公报"));
        assert_eq!(digit_key_within(line, 4), None);
        assert_eq!(digit_key_within("", 0).as_deref(), Some(""));
        assert_eq!(digit_key_within("  ", 0).as_deref(), Some(""));
        assert_eq!(digit_key_within("a", 0), None);
    }

    fn cleaned(s: &str) -> Vec<String> {
        clean(&extract_text(s.as_bytes()).unwrap())
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn rejoins_sentence_cut_by_running_header() {
        let body = "目 录\n\n市政府文件\n\n关于做好工作的通知·····\t1\n\n关于做好工作的通知\n\n吕政发〔2019〕2号\n\n第二十九条 各级残联组织和卫生健\n\n2019•1 吕梁市人民政府公报\n\n康、民政等有关部门要履职尽责。\n\n安排\n\n市政府文件\n\n专人负责。\n\n2019•1 吕梁市人民政府公报\n";
        let lines = cleaned(body);
        assert!(
            lines.contains(
                &"第二十九条 各级残联组织和卫生健康、民政等有关部门要履职尽责。".to_string()
            ),
            "{lines:?}"
        );
        assert!(lines.contains(&"安排专人负责。".to_string()), "{lines:?}");
        assert!(
            lines.contains(&"关于做好工作的通知\t1".to_string()),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains("公报")));
    }

    #[test]
    fn keeps_headings_and_short_lines_apart() {
        let lines = cleaned(
            "一、强化安全生产责任落实\n\n（一）深化各级党政领导责任。\n\n吕梁市人民政府办公室\n\n室\n\n2019年5月28日\n",
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn attachment_list_and_signature_stay_apart() {
        let lines = cleaned(
            "附件：国务院第五次大督查发现的典型经验做法（共130项）\n\n国务院办公厅\n\n2018年11月19日\n",
        );
        assert_eq!(
            lines,
            vec![
                "附件：国务院第五次大督查发现的典型经验做法（共130项）",
                "国务院办公厅",
                "2018年11月19日"
            ]
        );
    }

    #[test]
    fn drops_pinyin_annotations_of_web_pages() {
        assert_eq!(
            cleaned("滬府發(fā)〔2017〕92號(hào)\n"),
            vec!["滬府發〔2017〕92號"]
        );
        assert_eq!(cleaned("管理办法(试行)\n"), vec!["管理办法(试行)"]);
    }

    #[test]
    fn drops_page_numbers() {
        assert_eq!(
            cleaned("正文一行。\n— 12 —\n第二行。\n- 3 -\n"),
            vec!["正文一行。", "第二行。"]
        );
    }
}

#[cfg(test)]
mod page_number_tests {
    use super::*;
    use crate::extract::text::extract_text;

    #[test]
    fn bare_numbers_are_page_numbers_only_at_page_edges() {
        let ex = extract_text(
            "表头\n70（实招45）\n0\n45\n注：单位为人。\n7\u{c}12\n正文继续。".as_bytes(),
        )
        .unwrap();
        let lines: Vec<String> = clean(&ex).lines.into_iter().map(|l| l.text).collect();
        assert_eq!(
            lines,
            vec![
                "表头",
                "70（实招45）",
                "0",
                "45",
                "注：单位为人。",
                "正文继续。"
            ]
        );
    }
}
