//! Documents flattened onto one line. A crawler that drops the HTML paragraphs leaves the
//! whole 公文 — heading, 文号, 主送, body, 附件说明, signature, date, 附注 — on one line, its
//! parts still in order and apart by a space. This cuts such a line back into the lines the
//! parts stood on, at the spaces that sit on a boundary of the 公文's structure; a space inside
//! a sentence (`2019 年 6 月`, `附件 1`) stays.

use regex::Regex;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::standalone_doc_number;
use crate::gongwen::doc_type::doc_type;
use crate::gongwen::lazy::Lazy;
use crate::gongwen::lines::is_paragraph_start;
use crate::gongwen::notes::note_of_line;
use crate::gongwen::text::fold_char;

/// Shorter lines are never a whole document.
const MIN_CHARS: usize = 100;

/// A date at the start of a piece: `2019年1月28日`, `2019 年 1 月 28 日`, `二〇一九年一月二十八日`.
static DATE_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[0-9〇○零OΟ一二三四五六七八九]{4}\s*年\s*[0-9一二三四五六七八九十元]{1,3}\s*月\s*[0-9一二三四五六七八九十廿卅]{1,4}\s*日")
        .unwrap()
});

/// A part's text: spaces between CJK pieces were layout and go; one stays between two
/// Latin words.
fn squeeze(part: &str) -> String {
    let mut out = String::new();
    for w in part.split_whitespace() {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if word(out.chars().last()) && word(w.chars().next()) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A whole date at the start of `rest` (`2019 年 1 月 28 日` may hold spaces): the date
/// must end the line or be followed by a space — `2019年6月1日前` is in a sentence.
fn date_piece(rest: &str) -> bool {
    DATE_START.find(rest).is_some_and(|m| {
        parse_date(m.as_str()).is_some()
            && rest[m.end()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })
}

/// An organ's name standing before the date (the signature).
fn is_name(p: &str) -> bool {
    let n = p.chars().count();
    (2..=30).contains(&n)
        && !p.contains(['。', '，', '；', '：', ':'])
        && p.chars().all(|c| !c.is_ascii_digit())
}

/// Does a new line start at byte `at` (the start of a piece after a space)?
fn boundary(line: &str, at: usize) -> bool {
    let prev = line[..at].trim_end();
    let rest = &line[at..];
    let prev_piece = prev.rsplit(char::is_whitespace).next().unwrap_or(prev);
    let (cur, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    prev.ends_with(['。', '！', '？', '；', '：', ':'])
        // The heading ends with its 文种 (`…的通知`).
        || (prev == prev_piece && doc_type(prev).1.is_some())
        || standalone_doc_number(prev_piece).is_some()
        || standalone_doc_number(cur).is_some()
        || note_of_line(rest).is_some()
        || note_of_line(cur).is_some()
        || is_paragraph_start(rest)
        || date_piece(rest)
        // The signature: a name right before the date.
        || (is_name(cur) && date_piece(after.trim_start()))
}

/// The lines of a flattened document, or None for an ordinary line: at least four parts,
/// a 主送 line or a 文号 among the first four, a date among the last three.
pub fn unflatten(line: &str) -> Option<Vec<String>> {
    if line.chars().count() < MIN_CHARS {
        return None;
    }
    // A flattened document ends with its date (`…年…月…日`, see `dated` below): a line
    // without 年, 月 and 日 is none, known before its pieces are cut and weighed.
    let has = |x: char| line.chars().any(|c| fold_char(c) == x);
    if !(has('年') && has('月') && has('日')) {
        return None;
    }
    // Piece starts: the first non-space after each whitespace run.
    let starts: Vec<usize> = line
        .char_indices()
        .zip(line.chars().skip(1))
        .filter(|((_, c), next)| c.is_whitespace() && !next.is_whitespace())
        .map(|((i, c), _)| i + c.len_utf8())
        .collect();
    if starts.len() < 3 {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut from = 0;
    for &at in starts.iter().filter(|&&at| boundary(line, at)) {
        out.push(squeeze(&line[from..at]));
        from = at;
    }
    out.push(squeeze(&line[from..]));
    out.retain(|l| !l.is_empty());
    // A document: its 主送 (or 文号) near the start, its date near the end.
    let head = &out[..out.len().min(4)];
    let tail = &out[out.len().saturating_sub(3)..];
    let addressed = head
        .iter()
        .any(|l| l.ends_with(['：', ':']) || standalone_doc_number(l).is_some());
    let dated = tail.iter().any(|l| parse_date(l).is_some());
    (out.len() >= 4 && addressed && dated).then_some(out)
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    DATE_START.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_date_no_document() {
        // Addressed and long, cut into many pieces, but no 年月日 anywhere: not a document.
        let line = "各县（市、区）人民政府，市直各单位： 春节临近，为切实做好节日期间安全生产工作，现就有关事项通知如下。 一、高度重视节日安全生产。各地各部门要认真落实安全生产责任制。 二、加强值班值守。 临川市人民政府办公室";
        assert!(line.chars().count() >= MIN_CHARS);
        assert_eq!(unflatten(line), None);
    }

    #[test]
    fn a_whole_notice_on_one_line() {
        let line = "临川市人民政府办公室关于做好2019年春节期间安全生产工作的通知 临政办发〔2019〕3号 各县（市、区）人民政府，市直各单位： 春节临近，为切实做好节日期间安全生产工作，现就有关事项通知如下。 一、高度重视节日安全生产。各地各部门要认真落实安全生产责任制。 附件：春节期间值班表 临川市人民政府办公室 2019年1月28日 （此件公开发布）";
        assert_eq!(
            unflatten(line).unwrap(),
            [
                "临川市人民政府办公室关于做好2019年春节期间安全生产工作的通知",
                "临政办发〔2019〕3号",
                "各县（市、区）人民政府，市直各单位：",
                "春节临近，为切实做好节日期间安全生产工作，现就有关事项通知如下。",
                "一、高度重视节日安全生产。各地各部门要认真落实安全生产责任制。",
                "附件：春节期间值班表",
                "临川市人民政府办公室",
                "2019年1月28日",
                "（此件公开发布）",
            ]
        );
    }

    #[test]
    fn spaced_dates_and_numbers_stay_whole() {
        let line = "关于做好防汛工作的通知 各乡镇人民政府，县直各单位： 请于 2019 年 6 月 1 日前报送附件 1 所列材料，共 3 份。 一、落实防汛责任制，各乡镇主要负责人为第一责任人。 某某县人民政府办公室 2019 年 5 月 20 日";
        let out = unflatten(line).unwrap();
        assert_eq!(out[2], "请于2019年6月1日前报送附件1所列材料，共3份。");
        assert_eq!(out[4], "某某县人民政府办公室");
        assert_eq!(out[5], "2019年5月20日");
    }

    #[test]
    fn ordinary_long_paragraphs_are_left_alone() {
        let para = "为深入贯彻落实党的十九大精神，推进乡村振兴战略实施，结合我市实际，提出如下意见。到 2020 年，全市粮食总产量稳定在 50 万吨以上，农村居民人均可支配收入增长 8% 以上，农村人居环境明显改善，美丽宜居乡村建设扎实推进。";
        assert_eq!(unflatten(para), None);
        assert_eq!(unflatten("短行 2019年1月1日"), None);
        // A date inside a long paragraph is no signature date.
        let meeting = "会议定于 2019年6月1日 召开，请各单位： 按时参加，并于会前报送材料，材料包括工作总结、存在问题和下一步打算等内容，逾期不报的视为无意见，由此产生的后果由各单位自行承担，请各单位务必高度重视。";
        assert_eq!(unflatten(meeting), None);
    }
}
