//! Stage 3: find the table of contents and the documents.
//!
//! A document's own 文号 stands alone on its line (a decree has a `…令` header and a
//! `第N号` line); that is the anchor. Its heading is the run of title lines above it
//! (or below it, when a reprint keeps the 版头 order), matched against the TOC where
//! there is one. A span runs from its heading to the next document's heading. With a
//! TOC, each entry gets one document: a forwarded document with its own 文号 inside a
//! 转发/批转 wrapper stays in the wrapper, and entries without a 文号 are found by title.

mod align;
pub mod masthead;

use std::ops::Range;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::{
    decree_number, heading_with_number, is_decree_header, standalone_doc_number,
};
use crate::gongwen::lines::is_paragraph_start;
use crate::gongwen::title_key::{title_key, titles_match};
use crate::gongwen::toc::{self, Toc};
use crate::model::Gazette;
use align::{align_with_toc, merge_enclosed_without_toc};

#[derive(Debug, Clone, PartialEq)]
pub struct Segmented {
    pub toc: Option<Toc>,
    pub gazette: Gazette,
    pub segments: Vec<Segment>,
}

/// One document's span; all indexes are into the cleaned lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub span: Range<usize>,
    pub title_lines: Range<usize>,
    pub number_line: Option<usize>,
    /// Index into `Toc::entries`.
    pub toc_entry: Option<usize>,
}

/// Most lines a heading spans.
const MAX_TITLE_LINES: usize = 4;
const MAX_TITLE_CHARS: usize = 64;

/// Compiles the regexes of this stage and of the vocabulary it uses ahead of their first
/// use (see `pipeline::warm_up`).
pub fn warm() {
    masthead::warm();
    crate::gongwen::toc::warm();
    crate::gongwen::doc_number::warm();
    crate::gongwen::date::warm();
    crate::gongwen::doc_type::warm();
    crate::gongwen::title_key::warm();
    crate::gongwen::lines::warm();
}

pub fn segment(lines: &[&str]) -> Segmented {
    segment_with(lines, false)
}

/// [`segment`]; `ocr`: the text was recognised from scans, so the contents page is read
/// with OCR's tolerances (`toc::find_toc_with`) and 文号 codes one character apart are
/// taken for the same issuer's (`align`).
pub fn segment_with(lines: &[&str], ocr: bool) -> Segmented {
    let toc = toc::find_toc_with(lines, ocr);
    let body_start = toc.as_ref().map_or(0, |t| t.end);
    let mut docs = anchored_documents(lines, body_start, toc.as_ref());
    if let Some(t) = &toc {
        align_with_toc(lines, t, &mut docs, ocr);
    } else {
        merge_enclosed_without_toc(lines, &mut docs);
    }
    if docs.is_empty() && body_start < lines.len() {
        docs.push(untitled_single_document(lines, body_start));
    }
    docs.sort_by_key(|d| d.span.start);
    for i in 0..docs.len() {
        docs[i].span.end = docs.get(i + 1).map_or(lines.len(), |n| n.span.start);
    }
    let front_end = docs.first().map_or(lines.len(), |d| d.span.start);
    let front = &lines[..toc.as_ref().map_or(front_end, |t| t.start).min(front_end)];
    Segmented {
        gazette: masthead::parse_masthead(front),
        toc,
        segments: docs,
    }
}

/// Documents found by their own number, in order, with their headings.
fn anchored_documents(lines: &[&str], body_start: usize, toc: Option<&Toc>) -> Vec<Segment> {
    let mut docs: Vec<Segment> = Vec::new();
    let mut floor = body_start;
    let mut i = body_start;
    while i < lines.len() {
        let line = lines[i];
        if is_decree_header(line)
            && let Some(next) = lines.get(i + 1)
            && decree_number(line, next).is_some()
        {
            docs.push(Segment {
                span: i..i + 2,
                title_lines: i..i + 1,
                number_line: Some(i + 1),
                toc_entry: None,
            });
            floor = i + 2;
            i += 2;
            continue;
        }
        if let Some(number) = standalone_doc_number(line)
            && !is_wrapped_citation(lines, i)
        {
            // The same number printed twice in a row (banner and heading of a web
            // reprint) is one document.
            let repeated = docs.last().and_then(|d| d.number_line).is_some_and(|prev| {
                i - prev <= 3
                    && standalone_doc_number(lines[prev]).is_some_and(|p| p.text == number.text)
            });
            if repeated {
                i += 1;
                continue;
            }
            let title = heading_for(lines, i, floor, toc);
            let start = title.start.min(i);
            floor = (i + 1).max(title.end);
            docs.push(Segment {
                span: start..i + 1,
                title_lines: title,
                number_line: Some(i),
                toc_entry: None,
            });
        } else if let Some((heading, _)) = heading_with_number(line)
            && (heading.contains("关于") || crate::gongwen::doc_type::doc_type(heading).1.is_some())
        {
            // `…的通知(岳办发〔2017〕2号)`: heading and number on one line.
            docs.push(Segment {
                span: i..i + 1,
                title_lines: i..i + 1,
                number_line: Some(i),
                toc_entry: None,
            });
            floor = i + 1;
        }
        i += 1;
    }
    docs
}

/// A hard-wrapped text (`pdftotext`) can leave a cited number alone on its line:
/// `…法律、法规` / `（国发〔2016〕33 号）` / `、《…》`. It sits inside a sentence: the
/// line before stops mid-sentence in running text, or the line after continues it.
fn is_wrapped_citation(lines: &[&str], i: usize) -> bool {
    let continues = lines.get(i + 1).is_some_and(|n| {
        n.starts_with([
            '、', '，', ',', '。', '；', ';', '）', ')', '》', '和', '及', '等',
        ])
    });
    let cut_sentence = i.checked_sub(1).map(|p| lines[p]).is_some_and(|p| {
        let open = !p.ends_with(['。', '；', '：', ':', '！', '？', '）', ')', '”', '》']);
        open && (p.chars().count() > MAX_TITLE_CHARS || p.contains(['，', '。']))
    });
    continues || cut_sentence
}

fn is_title_like(line: &str) -> bool {
    let n = line.chars().count();
    let last = line.chars().last().unwrap_or('。');
    let bracketed = line.starts_with(['（', '(']) && line.ends_with(['）', ')']);
    // 发文机关标志 of a 版头 (`XX人民政府文件`) is not the title.
    let banner = n <= 16 && line.ends_with("文件");
    // `密级：秘密`, `签发人：…`: labelled fields, not titles.
    let field = line.contains(['：', ':']);
    // A heading never starts with a 文号: `临政办〔2011〕129号 转发…的通知` is a web page's
    // title line above the document.
    let numbered = line
        .split_whitespace()
        .next()
        .is_some_and(|w| w != line.trim() && standalone_doc_number(w).is_some());
    if n == 0
        || n > MAX_TITLE_CHARS
        || line.contains('\t')
        || bracketed
        || banner
        || field
        || numbered
    {
        return false;
    }
    !"。；：:，,;、".contains(last)
        && !is_paragraph_start(line)
        && parse_date(line).is_none()
        && standalone_doc_number(line).is_none()
}

fn joined(lines: &[&str], r: Range<usize>) -> String {
    lines[r].concat()
}

/// The heading of the document whose number stands at `num`: title lines above it,
/// or, in 版头 order, below it.
fn heading_for(lines: &[&str], num: usize, floor: usize, toc: Option<&Toc>) -> Range<usize> {
    let mut top = num;
    while top > floor && num - top < MAX_TITLE_LINES && is_title_like(lines[top - 1]) {
        top -= 1;
    }
    if let Some(t) = toc
        && let Some(k) = toc_fit(lines, top..num, t)
    {
        return k..num;
    }
    if let Some(r) = heading_below(lines, num) {
        let above = joined(lines, top..num);
        let below = joined(lines, r.clone());
        let addressed = lines.get(r.end).is_some_and(|l| l.ends_with(['：', ':']));
        // Nothing title-like above (a 版头 stands there): the title follows.
        if top == num || addressed && !above.contains("关于") && below.contains("关于") {
            return r;
        }
    }
    if top == num {
        return num..num;
    }
    // Without a TOC: start at the topmost line naming the subject (关于…), plus one
    // issuer line above it; else keep at most two lines.
    let cands = top..num;
    if let Some(first) = cands.clone().find(|&k| lines[k].contains("关于")) {
        // A web page prints its title above the document's own heading: a heading line
        // repeated nearer the number starts the heading there.
        let key = |i: usize| lines[i].split_whitespace().collect::<String>();
        let k = (first..num)
            .rev()
            .find(|&j| key(j) == key(first))
            .unwrap_or(first);
        // Issuer lines prefix a subject line that lacks one (`关于…`): one, or up to four
        // of a joint heading printed one a line.
        let mut start = k;
        if lines[k].trim_start().starts_with("关于") {
            while start > top
                && k - start < 4
                && looks_like_issuer_line(lines[start - 1])
                && (start == k || is_short_name(lines[start - 1]))
            {
                start -= 1;
            }
        }
        return start..num;
    }
    num.saturating_sub(2).max(top)..num
}

/// A name alone on its line (no sentence, no 关于): a second issuer line of a joint heading.
fn is_short_name(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() <= 30 && !t.contains("关于") && !t.contains(['。', '，', '：', '；'])
}

fn looks_like_issuer_line(s: &str) -> bool {
    s.contains("转发")
        || s.contains("批转")
        || s.contains("印发")
        || [
            "院", "厅", "部", "委", "会", "府", "室", "局", "办", "署", "行", "军",
        ]
        .iter()
        .any(|e| s.ends_with(e))
}

/// The title lines that best match a TOC entry: fewest lines whose key equals an entry
/// (or ends with it, the issuer prefix being dropped in the TOC).
fn toc_fit(lines: &[&str], cands: Range<usize>, toc: &Toc) -> Option<usize> {
    let keys: Vec<String> = toc.entries.iter().map(|e| title_key(&e.title)).collect();
    for k in cands.clone().rev() {
        let key = title_key(&joined(lines, k..cands.end));
        if keys
            .iter()
            .any(|t| !t.is_empty() && (key == *t || key.ends_with(t.as_str())))
        {
            return Some(k);
        }
    }
    for k in cands.clone().rev() {
        let h = joined(lines, k..cands.end);
        if toc.entries.iter().any(|e| titles_match(&e.title, &h)) {
            return Some(k);
        }
    }
    None
}

/// 版头 order: the title follows the number, ending before the addressee line.
fn heading_below(lines: &[&str], num: usize) -> Option<Range<usize>> {
    let mut end = num + 1;
    while end < lines.len() && end - num <= MAX_TITLE_LINES && is_title_like(lines[end]) {
        end += 1;
    }
    let strict = (end > num + 1).then_some(num + 1..end);
    match head_up_to_addressees(lines, num) {
        Some(r) if strict.as_ref().is_none_or(|s| r.end > s.end) => Some(r),
        _ => strict,
    }
}

/// A letter-spaced line that a layout cut into cells at its wider gaps
/// (`唐 山 市⇥行 政 审⇥批 局`): every cell single characters apart by spaces.
fn letter_spaced_cells(line: &str) -> bool {
    line.split('\t').all(|cell| {
        let c: Vec<char> = cell.trim().chars().collect();
        !c.is_empty()
            && c.iter().step_by(2).all(|ch| !ch.is_whitespace())
            && c.iter().skip(1).step_by(2).all(|ch| *ch == ' ')
    })
}

/// Lines a joint heading may take: every issuer on its own line, then the subject, wrapped.
const MAX_JOINT_HEADING_LINES: usize = 7;
const MAX_JOINT_HEADING_CHARS: usize = 240;

/// 版头 order with a joint heading: everything between the 文号 and the 主送 line (or a
/// bracketed 成文日期) is the heading — the issuers, one a line and letter-spaced, then
/// `关于…的通知`; a PDF may join these centred lines into longer ones. The run must name its
/// subject (`关于`) or end with a 文种, and hold no sentence.
fn head_up_to_addressees(lines: &[&str], num: usize) -> Option<Range<usize>> {
    let heading_ish = |l: &str| {
        let t = l.trim();
        !t.is_empty()
            && (!t.contains('\t') || letter_spaced_cells(t))
            && !t.contains(['：', ':', '。', '；'])
            && !t.ends_with(['，', ','])
            && !is_paragraph_start(t)
            && parse_date(t).is_none()
            && standalone_doc_number(t).is_none()
            && !(t.starts_with(['（', '(']) && t.ends_with(['）', ')']))
    };
    let mut end = num + 1;
    let mut chars = 0;
    while end < lines.len() && end - num <= MAX_JOINT_HEADING_LINES && heading_ish(lines[end]) {
        chars += lines[end].chars().count();
        end += 1;
    }
    let next = lines.get(end)?.trim();
    let bracketed_date = next
        .strip_prefix(['（', '('])
        .and_then(|t| t.strip_suffix(['）', ')']))
        .is_some_and(|t| parse_date(t).is_some());
    let head = joined(lines, num + 1..end);
    let subject = head.contains("关于")
        || crate::gongwen::doc_type::doc_type(&head.replace([' ', '　'], ""))
            .1
            .is_some();
    (end > num + 1
        && chars <= MAX_JOINT_HEADING_CHARS
        && (next.ends_with(['：', ':']) || bracketed_date)
        && subject)
        .then_some(num + 1..end)
}

/// A file holding one document without any 文号: its heading is the first title-like
/// lines.
fn untitled_single_document(lines: &[&str], start: usize) -> Segment {
    let mut end = start;
    while end < lines.len() && end - start < 3 && is_title_like(lines[end]) {
        end += 1;
    }
    Segment {
        span: start..lines.len(),
        title_lines: start..end,
        number_line: None,
        toc_entry: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_two_line_heading_and_ignores_citations() {
        let lines = [
            "国务院关于2018年度",
            "国家科学技术奖励的决定",
            "国发〔2018〕44号",
            "各省、自治区、直辖市人民政府：",
            "根据《国家科学技术奖励条例》（国发〔2017〕1号）的规定，授予奖励。",
            "国务院",
            "2018年12月28日",
            "（此件公开发布）",
            "国务院关于取消和下放一批行政许可事项的决定",
            "国发〔2019〕6号",
            "正文。",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 2);
        assert_eq!(s.segments[0].title_lines, 0..2);
        assert_eq!(s.segments[0].span, 0..8);
        assert_eq!(s.segments[1].title_lines, 8..9);
        assert_eq!(s.segments[1].number_line, Some(9));
    }

    #[test]
    fn a_cited_number_wrapped_onto_its_own_line_is_no_document() {
        let lines = [
            "关于做好工作的通知",
            "吕发改办发〔2019〕192号",
            "各单位：",
            "深入推进信用信息自作出行政决定之日起7个工作日内（法律、法规",
            "（国发〔2016〕33号）",
            "、《国务院关于加强政务诚信建设的指导意见》要求。",
        ];
        assert_eq!(segment(&lines).segments.len(), 1);
    }

    #[test]
    fn heading_with_its_number_on_one_line() {
        let lines = [
            "岳阳市人民政府办公室关于全面推进政务公开工作的通知(岳办发〔2017〕2号)",
            "各县市区人民政府：",
            "现将有关事项通知如下（详见岳办发〔2016〕9号）。",
            "岳阳市人民政府办公室",
            "2017年1月10日",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].title_lines, 0..1);
        assert_eq!(s.segments[0].number_line, Some(0));
    }

    #[test]
    fn a_number_printed_twice_is_one_document() {
        let lines = [
            "京政办发〔2016〕26号",
            "北京市人民政府办公厅关于印发工作要点的通知",
            "京政办发〔2016〕26号",
            "各区人民政府：",
            "正文。",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1, "{:?}", s.segments);
        assert_eq!(s.segments[0].title_lines, 1..2);
    }

    #[test]
    fn joint_heading_under_the_number_runs_to_the_addressees() {
        // 唐港城办发〔2019〕8号 (real PDF): four issuers, two letter-spaced, joined by the
        // PDF's heading rejoining into one long line, then the subject wrapped.
        let lines = [
            "唐港城办发〔2019〕8 号",
            "唐山市“一港双城”（城镇化）工作委员会办公室唐 山 市 自 然 资 源 和 规 划 局唐 山 市 住 房 和 城 乡 建 设 局",
            "唐 山 市 行 政 审 批 局",
            "关于印发《政府投资房屋建筑类项目审批流程图》等",
            "11 类工程建设项目审批流程图的通知",
            "各县（市、区）人民政府，开发区（管理区）管委会，市政府有关部门，市直有关单位：",
            "按照《实施方案》要求，现将流程图印发给你们。",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].title_lines, 1..5);
        // Without a 主送 or a subject it is no heading: a body follows the number.
        // Text from another extractor keeps the cells a letter-spaced line was cut into.
        let cut = [
            "唐港城办发〔2019〕10 号",
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐 山 市\t行 政 审\t批 局",
            "关于进一步规范审批事项合并办理工作的通知",
            "各县（市、区）人民政府：",
        ];
        assert_eq!(head_up_to_addressees(&cut, 0), Some(1..4));
        assert!(!letter_spaced_cells("类别\t名称"));
        let body = [
            "某发〔2019〕1号",
            "某某市人民政府办公室",
            "现将有关事项通知如下",
            "一、总体要求",
        ];
        assert_eq!(head_up_to_addressees(&body, 0), None);
    }

    #[test]
    fn a_title_repeated_by_the_web_page_counts_once() {
        // law717.infoeach.com reprint of 宿政发〔2008〕65号: page title, the site's name of
        // the issuer, then the document's heading and number.
        let lines = [
            "宿迁市人民政府关于印发宿迁市城乡医疗救助暂行办法的通知",
            "江苏省宿迁市人民政府",
            "宿迁市人民政府关于印发宿迁市城乡医疗救助暂行办法的通知",
            "宿政发〔2008〕65号",
            "各县、区人民政府，市各委、办、局：",
        ];
        assert_eq!(segment(&lines).segments[0].title_lines, 2..3);
        // A joint heading keeps its issuer line above `关于…`.
        let joint = [
            "中共临川市委办公室　临川市人民政府办公室",
            "关于印发《临川市政务公开工作实施方案》的通知",
            "临办发〔2017〕2号",
            "各县市区委、人民政府：",
        ];
        assert_eq!(segment(&joint).segments[0].title_lines, 0..2);
        // Issuers one a line (pdftotext's order of a joint heading), under a body line of
        // the page before.
        let joint = [
            "附件：值班表",
            "中共临川市委办公室",
            "临川市人民政府办公室",
            "关于印发《临川市全面推进政务公开工作实施方案》的通知",
            "临办发〔2017〕2号",
            "各县市区委、人民政府，市直各单位：",
        ];
        assert_eq!(segment(&joint).segments[0].title_lines, 1..4);
    }

    #[test]
    fn a_page_title_starting_with_the_number_is_no_heading() {
        // ruian.gov.cn reprint of 瑞政办〔2011〕129号: the page's own title line, then the
        // document in 版头 order.
        let lines = [
            "临政办〔2011〕129号 转发市法制办关于推行说理性行政处罚文书指导意见的通知",
            "临政办〔2011〕129号",
            "临川市人民政府办公室",
            "转发市法制办关于推行说理性行政处罚文书",
            "指导意见的通知",
            "市政府直属各单位：",
        ];
        assert!(!is_title_like(lines[0]));
        assert_eq!(segment(&lines).segments[0].title_lines, 2..5);
    }

    #[test]
    fn number_above_title_in_banner_order() {
        let lines = [
            "国务院文件",
            "国发〔2019〕1号",
            "国务院关于做好工作的通知",
            "各省人民政府：",
            "正文。",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].title_lines, 2..3);
        assert_eq!(s.segments[0].span.start, 1);
    }

    #[test]
    fn decree_header_and_number() {
        let lines = [
            "中华人民共和国国务院令",
            "第707号",
            "现公布修订后的《条例》，自2019年1月1日起施行。",
            "总理　李克强",
            "2018年12月18日",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].title_lines, 0..1);
        assert_eq!(s.segments[0].number_line, Some(1));
    }

    #[test]
    fn document_without_number() {
        let lines = [
            "关于做好工作的通知",
            "各单位：",
            "正文。",
            "某某局",
            "2019年1月1日",
        ];
        let s = segment(&lines);
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].title_lines, 0..1);
        assert_eq!(s.segments[0].number_line, None);
    }
}

#[cfg(test)]
mod toc_tests {
    use super::*;

    /// A gazette with a TOC holding a decree, a 转发 wrapper whose forwarded document
    /// carries its own 文号, and a 政策解读 item without any number.
    const ISSUE: &[&str] = &[
        "某某市人民政府公报",
        "2020年第3期（总第120期）",
        "目 录",
        "市政府令",
        "某某市城市绿化管理办法\t1",
        "市政府办公室文件",
        "某某市人民政府办公室转发市财政局关于加强预算管理意见的通知\t5",
        "政策解读",
        "《某某市城市绿化管理办法》解读\t9",
        "某某市人民政府令",
        "第12号",
        "《某某市城市绿化管理办法》已经2020年1月3日市人民政府第5次常务会议通过，现予公布，自2020年3月1日起施行。",
        "市长　张三",
        "2020年1月10日",
        "某某市城市绿化管理办法",
        "第一条 为了加强城市绿化管理，制定本办法。",
        "某某市人民政府办公室",
        "转发市财政局关于加强预算管理意见的通知",
        "某政办发〔2020〕8号",
        "各县（市、区）人民政府：",
        "市财政局《关于加强预算管理的意见》已经市人民政府同意，现转发给你们，请认真贯彻执行。",
        "某某市人民政府办公室",
        "2020年2月1日",
        "关于加强预算管理的意见",
        "某财发〔2020〕3号",
        "为加强预算管理，提出如下意见。",
        "某某市财政局",
        "2020年1月20日",
        "《某某市城市绿化管理办法》解读",
        "一、制定背景",
        "为了加强城市绿化管理，市司法局起草了本办法。",
    ];

    #[test]
    fn every_toc_entry_gets_one_document() {
        let s = segment(ISSUE);
        let toc = s.toc.as_ref().unwrap();
        assert_eq!(toc.entries.len(), 3);
        assert_eq!(s.segments.len(), 3, "{:?}", s.segments);
        let entries: Vec<Option<usize>> = s.segments.iter().map(|d| d.toc_entry).collect();
        assert_eq!(entries, vec![Some(0), Some(1), Some(2)]);
        // The decree: header + number, and its span holds the rule's text.
        assert_eq!(s.segments[0].span, 9..16);
        // The wrapper keeps the forwarded document with its own number.
        assert_eq!(s.segments[1].span, 16..28);
        assert_eq!(s.segments[1].title_lines, 16..18);
        // The interpretation has no number and is found by its title.
        assert_eq!(s.segments[2].span, 28..31);
        assert_eq!(s.segments[2].number_line, None);
        assert_eq!(s.gazette.issue_total, Some(120));
        assert_eq!(s.gazette.issues, vec![3]);
    }

    /// The contents and two documents as `extract --ocr` read the gazette_single scan: the
    /// page numbers glued to the titles, one title garbled, and 吕政办发 read as 虽政办发.
    const SCANNED: &[&str] = &[
        "吕梁市人民政府公报",
        "目录",
        "市政府办公室文件",
        "关于印发土地综合执法月专项行动实施方案的\t通知18",
        "关于落实省政府2019 年《政府工作报告》下点任实亚作的前\t40",
        "关于印发土地综合执法月专项行动实施方案的通知",
        "吕政办发〔2019〕 1 号",
        "各县（市、区）人民政府、市直有关单位：",
        "现将《土地综合执法月专项行动实施方案》印发给你们，请认真贯彻执行。",
        "吕梁市人民政府办公厅",
        "2019年1月10日",
        "大于落实省政府2019年《政府工作报告》重点任务工作的通知",
        "虽政办发〔2019〕 14 号",
        "各县（市、区）人民政府，市人民政府各委、办、局：",
        "正文。",
    ];

    #[test]
    fn scanned_documents_of_one_issuer_stay_apart() {
        let s = segment_with(SCANNED, true);
        let toc = s.toc.as_ref().unwrap();
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(toc.entries[0].page, Some(18));
        assert_eq!(s.segments.len(), 2, "{:?}", s.segments);
        assert_eq!(s.segments[1].number_line, Some(12));
        // the garbled entry goes to the document between the matched ones
        let entries: Vec<Option<usize>> = s.segments.iter().map(|d| d.toc_entry).collect();
        assert_eq!(entries, vec![Some(0), Some(1)]);
        // Text from a text layer is read strictly: a 印发 wrapper keeps a following
        // document of another code (吕政办发 / 虽政办发 are two codes there).
        let strict = segment(SCANNED);
        assert!(
            strict.toc.is_none() || strict.segments.len() == 1,
            "{:?}",
            strict.segments
        );
    }

    #[test]
    fn a_wrapper_keeps_the_document_it_forwards() {
        // 转发 of another organ's numbered document with no entry of its own: enclosed, in
        // scanned text too (晋政发 is two characters off 吕政办发).
        let lines = [
            "目录",
            "关于转发省政府做好工作意见的通知\t1",
            "吕梁市人民政府办公室",
            "关于转发省政府做好工作意见的通知",
            "吕政办发〔2019〕3号",
            "各县（市、区）人民政府：",
            "现将《意见》转发给你们，请认真贯彻执行。",
            "关于做好工作的意见",
            "晋政发〔2019〕5号",
            "各市人民政府：",
            "正文。",
        ];
        for ocr in [false, true] {
            assert_eq!(segment_with(&lines, ocr).segments.len(), 1);
        }
    }
}
