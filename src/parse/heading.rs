//! The head of a document: which lines are its heading and its 文号 when `segment` could
//! not say (版头 order puts the number above the title; a decree puts it under its `…令`
//! header), the 签发人 printed beside the number, and a 成文日期 printed under the heading.

use std::ops::Range;

use chrono::NaiveDate;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::{decree_number, is_decree_header, standalone_doc_number};
use crate::gongwen::doc_type::doc_type;
use crate::gongwen::text;
use crate::model::Signer;

/// Heading lines when segment found none: the printed lines above the 文号 (at most four,
/// none a sentence), or — for a reprint that keeps the 版头 order — the lines under it.
pub fn fallback_title_lines(lines: &[&str], number_line: Option<usize>) -> Range<usize> {
    let Some(n) = number_line else { return 0..0 };
    let above: Vec<usize> = (0..n).filter(|&i| !lines[i].trim().is_empty()).collect();
    let sentence = |i: &usize| {
        let t = lines[*i].trim();
        t.ends_with('。') || t.ends_with('：') || t.ends_with(':') || t.contains('\t')
    };
    let plausible_above = !above.is_empty() && above.len() <= 4 && !above.iter().any(sentence);
    let joined_above: String = above.iter().map(|&i| lines[i].trim()).collect();
    // Above the number and ending in a 文种: the gazette order. Otherwise the 版头 order
    // (banner, 文号, then the title) is tried first: `一份公文文件` above is a banner.
    if plausible_above && doc_type(&text::squash_ws(&joined_above)).1.is_some() {
        return above[0]..n;
    }
    let mut count = 0;
    for (i, l) in lines.iter().enumerate().skip(n + 1) {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if sentence(&i) || count >= 3 {
            break;
        }
        count += 1;
        if doc_type(&text::squash_ws(t)).1.is_some() {
            return n + 1..i + 1;
        }
    }
    if plausible_above { above[0]..n } else { 0..0 }
}

/// A decree reprinted as issuer line, rule title, then its 令号 (`河北省人民政府` /
/// `河北省人工影响天气管理规定` / `政府令〔2010〕第15号`): the first heading line names the
/// organ that issues it, not the title. Returns that organ when the first line is a bare
/// organ name and the lines after it are a title of their own (not `关于…`, `印发…`, which
/// the issuer prefixes in a joint heading).
pub fn issuer_above_title(heading: &[String]) -> Option<String> {
    let [first, rest @ ..] = heading else {
        return None;
    };
    let organ = text::strip_ws(first);
    let tail = text::strip_ws(&rest.concat());
    let subject = ["关于", "印发", "转发", "批转"]
        .iter()
        .any(|w| tail.starts_with(w));
    let bare_organ = organ.chars().count() <= 20
        && !organ.contains("关于")
        && !is_decree_header(&organ)
        && ["政府", "院", "部", "委", "厅", "局", "办公室", "委员会"]
            .iter()
            .any(|e| organ.ends_with(e));
    (bare_organ && !subject && !tail.is_empty()).then_some(organ)
}

/// A line wholly in brackets: a 题注 (`（2019年4月7日市政府常务会议通过）`) or a date, never
/// part of a title.
pub fn is_bracketed(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('（') || t.starts_with('(')) && (t.ends_with('）') || t.ends_with(')'))
}

/// `（2019年1月27日）` alone on a line in the head (the first four printed lines from `from`).
pub fn bracketed_date_under_heading(lines: &[&str], from: usize) -> Option<(usize, NaiveDate)> {
    (from.min(lines.len())..lines.len())
        .map(|i| (i, lines[i].trim()))
        .filter(|(_, t)| !t.is_empty())
        .take(4)
        .find_map(|(i, t)| {
            let inner = t.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?;
            parse_date(inner).map(|d| (i, d))
        })
}

/// The 文号 line when segment gave none: the first standalone 文号 near the top, or the
/// `第N号` line under a decree header.
pub fn find_number_line(lines: &[&str]) -> Option<usize> {
    let top: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .take(12)
        .collect();
    for (k, &i) in top.iter().enumerate() {
        if standalone_doc_number(lines[i]).is_some() {
            return Some(i);
        }
        if is_decree_header(lines[i])
            && let Some(&next) = top.get(k + 1)
            && decree_number(lines[i], lines[next]).is_some()
        {
            return Some(next);
        }
    }
    None
}

/// A 版头 line may carry the 签发人 beside the 文号: `国办发〔2019〕4号　签发人：李克强`.
pub fn split_signer(line: &str) -> (&str, Option<Signer>) {
    match line.find("签发人") {
        Some(i) => {
            let name: String = line[i + "签发人".len()..]
                .trim_start_matches([':', '：', ' ', '　'])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let signer = (!name.is_empty() && name.chars().count() <= 8).then(|| Signer {
                title: Some("签发人".to_string()),
                name,
            });
            (&line[..i], signer)
        }
        None => (line, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_line_found_near_the_top() {
        assert_eq!(
            find_number_line(&["特急", "国防部发〔2012〕21 号", "国防部关于放假的通知"]),
            Some(1)
        );
        assert_eq!(
            find_number_line(&["中华人民共和国国务院令", "", "第707号"]),
            Some(2)
        );
        assert_eq!(
            find_number_line(&["要按照吕政办发电〔2019〕4号文件要求"]),
            None
        );
    }

    #[test]
    fn heading_above_or_below_the_number() {
        let gazette = [
            "吕梁市人民政府关于做好2019年安全生产工作的通知",
            "",
            "吕政发〔2019〕2号",
        ];
        assert_eq!(fallback_title_lines(&gazette, Some(2)), 0..2);
        let banner = [
            "一份公文文件",
            "国防部发〔2012〕21号",
            "国防部关于放假的通知",
            "各有关单位：",
        ];
        assert_eq!(fallback_title_lines(&banner, Some(1)), 2..3);
        assert_eq!(fallback_title_lines(&banner, None), 0..0);
    }

    #[test]
    fn qianfaren_beside_the_number() {
        let (n, s) = split_signer("国办发〔2019〕4号　签发人：李克强");
        assert_eq!(n.trim(), "国办发〔2019〕4号");
        assert_eq!(s.unwrap().name, "李克强");
        assert_eq!(split_signer("国办发〔2019〕4号").1, None);
    }

    #[test]
    fn issuer_line_above_a_decree_title() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            issuer_above_title(&lines(&["河北省人民政府", "河北省人工影响天气管理规定"]))
                .as_deref(),
            Some("河北省人民政府")
        );
        // The issuer prefix of a heading stays in the title.
        assert_eq!(
            issuer_above_title(&lines(&["国务院办公厅", "关于印发某某办法的通知"])),
            None
        );
        assert_eq!(
            issuer_above_title(&lines(&["中华人民共和国国务院令"])),
            None
        );
    }

    #[test]
    fn bracketed_date() {
        let lines = ["标题", "（2019年1月27日）"];
        assert_eq!(
            bracketed_date_under_heading(&lines, 1).map(|x| x.0),
            Some(1)
        );
        assert_eq!(
            bracketed_date_under_heading(&["（2019年1月27日通过）"], 0),
            None
        );
    }
}
