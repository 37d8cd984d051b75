//! 附件说明 and 附件: the attachments a document lists (`附件：name`, `附件：1．name` with
//! `2．name` on the following lines, `附件 1. name`) and whether each one is printed after the
//! list — a listed attachment missing from the gazette is a completeness finding.

use std::ops::Range;

use regex::Regex;

use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::{fold_chars, key, squash_ws};
use crate::model::Attachment;

/// `附件：…`, `附件:…`, `附件 1. …`, `附件1：…` — a label followed by a name.
static LIST_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^附\s*件?\s*(?:[：:]\s*|[0-9]+\s*[.．、:：]\s*)(?P<rest>\S.*)$").unwrap()
});
static ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?P<n>[0-9]{1,2})\s*[.．、:：]\s*(?P<name>\S.*)$").unwrap());
/// A bare label above (or before) an attachment's own heading: `附件`, `附件:`, `附件1`, `附件 1：`.
static LABEL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^附\s*件?\s*[0-9]*\s*[：:]?\s*").unwrap());
/// A numbered label on a line of its own (`附件2`, `附件 2：`).
static NUMBERED_LABEL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^附\s*件\s*(?P<n>[0-9]{1,2})\s*[：:]?$").unwrap());

fn clean_name(s: &str) -> String {
    let s = squash_ws(s);
    let s = s.trim_end_matches(['；', ';', '。', '，', ',']);
    let s = if s.starts_with('《') && s.ends_with('》') && s.matches('《').count() == 1 {
        &s['《'.len_utf8()..s.len() - '》'.len_utf8()]
    } else {
        s
    };
    s.to_string()
}

/// The separator before `2．`, `3．` … when a list runs on one line.
static INLINE_ITEM_SPLIT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[；;]\s*[0-9]{1,2}\s*[.．、]\s*").unwrap());

/// A colon label alone on its line, with the list on the following lines.
static LIST_LABEL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^附\s*件?\s*[：:]$").unwrap());

fn next_nonempty(lines: &[&str], from: usize) -> Option<(usize, String)> {
    (from..lines.len())
        .map(|j| (j, fold_chars(lines[j].trim())))
        .find(|(_, l)| !l.is_empty())
}

/// Numbered items `N．name` from line `j` on, appended to `titles`; a line that is not an
/// item but is followed by the next item continues the previous name (a wrapped title).
/// Returns the end of the block.
fn read_items(lines: &[&str], mut j: usize, titles: &mut Vec<String>, mut end: usize) -> usize {
    while let Some((k, l)) = next_nonempty(lines, j) {
        match ITEM.captures(&l) {
            Some(item) if item["n"].parse::<usize>().ok() == Some(titles.len() + 1) => {
                titles.push(clean_name(&item["name"]));
                end = k + 1;
                j = k + 1;
            }
            _ => {
                let continues = next_nonempty(lines, k + 1).is_some_and(|(_, next)| {
                    ITEM.captures(&next)
                        .is_some_and(|it| it["n"].parse::<usize>().ok() == Some(titles.len() + 1))
                });
                match titles.last_mut() {
                    Some(last) if continues && l.chars().count() <= 40 && !l.ends_with('。') => {
                        *last = clean_name(&format!("{last}{l}"));
                        j = k + 1;
                    }
                    _ => break,
                }
            }
        }
    }
    end
}

/// The 附件说明 block: its titles and the line range it covers.
pub fn find_attachment_list(lines: &[&str], from: usize) -> Option<(Vec<String>, Range<usize>)> {
    for i in from..lines.len() {
        let t = fold_chars(lines[i].trim());
        let mut titles = Vec::new();
        let end = if let Some(c) = LIST_START.captures(&t) {
            let rest = c["rest"].trim();
            let first = match ITEM.captures(rest) {
                Some(item) => item["name"].to_string(),
                None => rest.to_string(),
            };
            // Several items on the list line: `附件：1．甲；2．乙`.
            for piece in INLINE_ITEM_SPLIT.split(&first) {
                titles.push(clean_name(piece));
            }
            read_items(lines, i + 1, &mut titles, i + 1)
        } else if LIST_LABEL.is_match(&t) {
            // `附件：` then `1．…` `2．…` below; a label above one heading is not a list.
            let end = read_items(lines, i + 1, &mut titles, i + 1);
            if titles.len() < 2 {
                continue;
            }
            end
        } else {
            continue;
        };
        titles.retain(|t| !t.is_empty());
        if titles.is_empty() {
            continue;
        }
        return Some((titles, i..end));
    }
    None
}

/// For each title, whether it starts a line after the list (from line `after`), with or
/// without a `附件` label; a heading wrapped over two or three lines, or printed without
/// the issuer prefix, also counts. One pass for all titles, each line's key made once and
/// only three kept at a time (a body can be hundreds of thousands of lines).
fn present_titles(lines: &[&str], after: usize, titles: &[String]) -> Vec<bool> {
    let keys: Vec<String> = titles.iter().map(|t| key(t)).collect();
    let mut found: Vec<bool> = vec![false; titles.len()];
    let mut open = keys.iter().filter(|k| !k.is_empty()).count();
    // The next three nonempty line keys: a heading and the two lines it may wrap onto.
    let mut rest = lines
        .iter()
        .skip(after)
        .map(|l| key(l))
        .filter(|l| !l.is_empty());
    let mut window: std::collections::VecDeque<String> = rest.by_ref().take(3).collect();
    while open > 0
        && let Some(front) = window.front()
    {
        let first = LABEL.replace(front, "");
        if !first.is_empty() {
            for (k, done) in keys.iter().zip(found.iter_mut()) {
                if !*done && !k.is_empty() && starts_here(k, &first, &window) {
                    *done = true;
                    open -= 1;
                }
            }
        }
        window.pop_front();
        window.extend(rest.next());
    }
    found
}

/// Whether the title key `k` starts at the window's first line (`first`, its label cut).
fn starts_here(k: &str, first: &str, window: &std::collections::VecDeque<String>) -> bool {
    let mut joined = first.to_string();
    for extra in 0..3 {
        if extra > 0 {
            match window.get(extra) {
                Some(l) => joined.push_str(l),
                None => break,
            }
        }
        if joined.starts_with(k) {
            return true;
        }
        // The attachment's own heading may drop the issuer prefix of the listed title.
        if joined.chars().count() >= 8 && k.ends_with(&joined) && joined.contains("关于") {
            return true;
        }
    }
    false
}

/// The attachments listed in the span's 附件说明 (searched from line `from`), each with
/// whether it is printed after the list.
pub fn parse_attachments(lines: &[&str], from: usize) -> (Vec<Attachment>, Option<usize>) {
    let Some((titles, range)) = find_attachment_list(lines, from) else {
        return (Vec::new(), None);
    };
    // A numbered label `附件N` followed by a heading also shows attachment N is printed,
    // even when its heading words differ from the list (`…调查意见` for `…调查专家组意见`).
    let mut labelled = Vec::new();
    for i in range.end..lines.len() {
        let t = fold_chars(lines[i].trim());
        if let Some(c) = NUMBERED_LABEL.captures(&t)
            && lines[i + 1..].iter().take(3).any(|l| !l.trim().is_empty())
            && let Ok(n) = c["n"].parse::<usize>()
        {
            labelled.push(n);
        }
    }
    let present = present_titles(lines, range.end, &titles);
    let atts = titles
        .into_iter()
        .zip(present)
        .enumerate()
        .map(|(k, (title, present))| {
            let present = present || labelled.contains(&(k + 1));
            Attachment { title, present }
        })
        .collect();
    (atts, Some(range.start))
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    LIST_START.warm();
    ITEM.warm();
    LABEL.warm();
    NUMBERED_LABEL.warm();
    INLINE_ITEM_SPLIT.warm();
    LIST_LABEL.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(lines: &[&str]) -> Vec<(String, bool)> {
        parse_attachments(lines, 0)
            .0
            .into_iter()
            .map(|a| (a.title, a.present))
            .collect()
    }

    #[test]
    fn single_with_fullwidth_colon_and_label_line() {
        let lines = [
            "附件：吕梁中心城区建设领导小组成员名单及工作职责",
            "",
            "附件",
            "",
            "吕梁中心城区建设领导小组成员名单及工作职责",
            "正文",
        ];
        assert_eq!(
            titles(&lines),
            [(
                "吕梁中心城区建设领导小组成员名单及工作职责".to_string(),
                true
            )]
        );
    }

    #[test]
    fn half_width_colon_label_absent_and_spaced_heading() {
        let lines = [
            "附件:全市“一乡一特”创建目标分解表",
            "",
            "全市“一乡一特”创建 目标分解表",
            "单位:个",
        ];
        assert_eq!(
            titles(&lines),
            [("全市“一乡一特”创建目标分解表".to_string(), true)]
        );
    }

    #[test]
    fn list_line_itself_does_not_count() {
        let lines = [
            "附件:全市政策性粮食库存数量和质量大清查实施方案",
            "吕梁市发展和改革委员会",
        ];
        assert_eq!(
            titles(&lines),
            [(
                "全市政策性粮食库存数量和质量大清查实施方案".to_string(),
                false
            )]
        );
    }

    #[test]
    fn numbered_items_on_following_lines() {
        let lines = [
            "附件：1.国土资源部关于湖北省巴东县官渡口镇马鬃山村地质险情调研情况的报告",
            "",
            "2.湖北省巴东县官渡口镇马鬃山村地质险情调查专家组意见",
            "",
            "国务院办公厅",
            "附件1",
            "关于湖北省巴东县官渡口镇马鬃山村",
            "地质险情调研情况的报告",
            "附件2",
            "湖北省巴东县官渡口镇马鬃山村",
            "地质险情调查专家组意见",
        ];
        let t = titles(&lines);
        assert_eq!(t.len(), 2);
        assert!(t[0].1 && t[1].1);
        assert_eq!(t[1].0, "湖北省巴东县官渡口镇马鬃山村地质险情调查专家组意见");
    }

    #[test]
    fn label_with_number_and_missing_second() {
        let lines = [
            "附件 1. “双公示”信息填报说明",
            "",
            "2. “双公示”工作台账",
            "",
            "吕梁市发展和改革委员会",
            "2019 年 6 月 12 日",
            "附件 1：",
            "“双公示”信息填报说明",
        ];
        assert_eq!(
            titles(&lines),
            [
                ("“双公示”信息填报说明".to_string(), true),
                ("“双公示”工作台账".to_string(), false)
            ]
        );
    }

    #[test]
    fn label_and_title_on_one_line() {
        let lines = [
            "附件：三级公立医院绩效考核指标",
            "国务院办公厅",
            "附件：三级公立医院绩效考核指标（试行）",
        ];
        assert!(titles(&lines)[0].1);
    }

    #[test]
    fn numbered_label_shows_presence_and_old_style_fu() {
        let lines = [
            "附件：1.甲方案",
            "2.专家组意见",
            "国务院办公厅",
            "附件1",
            "甲方案",
            "附件2",
            "专家意见",
        ];
        assert_eq!(
            titles(&lines),
            [
                ("甲方案".to_string(), true),
                ("专家组意见".to_string(), true)
            ]
        );
        let lines = [
            "附：内地西藏初中班（校）扩大招生计划表",
            "国家教委",
            "附：",
            "内地西藏初中班（校）扩大招生计划表",
        ];
        assert_eq!(
            titles(&lines),
            [("内地西藏初中班（校）扩大招生计划表".to_string(), true)]
        );
    }

    #[test]
    fn label_alone_then_numbered_items() {
        let lines = [
            "附件：",
            "1．甲方案",
            "2．乙名单",
            "某某局",
            "2019年1月1日",
            "附件1",
            "甲方案",
        ];
        assert_eq!(
            titles(&lines),
            [("甲方案".to_string(), true), ("乙名单".to_string(), false)]
        );
        // A label above a single heading is not a list.
        assert!(titles(&["附件:", "全市实施方案", "一、总体要求"]).is_empty());
    }

    #[test]
    fn item_wrapped_over_two_lines() {
        let lines = [
            "附件：1.吕梁市扶贫龙头企业认定",
            "管理办法",
            "2.扶贫合作社名单",
            "吕梁市人民政府",
        ];
        let t = titles(&lines);
        assert_eq!(t[0].0, "吕梁市扶贫龙头企业认定管理办法");
        assert_eq!(t[1].0, "扶贫合作社名单");
    }

    #[test]
    fn items_on_one_line() {
        let lines = ["附件：1．甲方案；2．乙名单", "某某局"];
        assert_eq!(
            titles(&lines),
            [("甲方案".to_string(), false), ("乙名单".to_string(), false)]
        );
    }

    #[test]
    fn no_list() {
        assert!(titles(&["附件", "正文"]).is_empty());
    }
}
