//! Web page chrome around a reprinted 公文: what a page saved as text (or a crawler's output)
//! carries besides the document — breadcrumbs (`当前位置：首页 > 政务公开 > …`), the
//! source/date/font-size line (`来源：… 日期：… 字号：【大 中 小】`), view counters
//! (`发布日期：… 访问次数：…`), print and close links (`【打印本页】【关闭窗口】`), and the
//! 政府信息公开 metadata block (`索引号`, `发文机关`, `文件编号`, `成文日期` …, as a table or as
//! label and value lines). None of it is part of the document: left in, it ends up in the
//! heading or the 主送, and its dates are the site's, never the 成文日期. Whole lines only:
//! a body sentence that mentions 来源 or 日期 is text.

use std::sync::LazyLock;

use regex::Regex;

use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::{simplified, strip_ws};

/// `首页 > 政务公开 > 政策文件`, `您的位置：首页 » 法律法规`.
static BREADCRUMB: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?:当前|您的|您现在的|所在)?位置[:：]?)?首页(?:[>»＞›/]|->|＞＞|>>)").unwrap()
});

/// Links and widgets of a page, with or without their brackets.
const WIDGETS: &[&str] = &[
    "打印本页",
    "打印此页",
    "打印文章",
    "打印",
    "关闭窗口",
    "关闭本页",
    "关闭",
    "返回顶部",
    "返回",
    "收藏",
    "纠错",
    "下载",
    "大中小",
    "大 中 小",
];

/// Labels of page chrome: a line that starts with one of them and holds only labelled
/// fields is chrome. The strong ones never start a sentence of a 公文.
const STRONG_LABELS: &[&str] = &[
    "下载地址",
    "发布部门",
    "有效性",
    "发布日期",
    "发布时间",
    "发文日期",
    "访问次数",
    "浏览次数",
    "浏览量",
    "阅读次数",
    "点击数",
    "点击率",
    "字号",
    "字体",
    "视力保护色",
    "信息来源",
    "文章来源",
    "归档时间",
    "上载日期",
    "分享到",
    "责任编辑",
    "【字体",
    "【字号",
];
/// Weak labels: chrome only together with another label or a site timestamp on the line.
const WEAK_LABELS: &[&str] = &[
    "来源", "日期", "时间", "作者", "编辑", "阅读", "浏览", "发布",
];

/// Labels of the 政府信息公开 metadata block (letter-spaced on some sites: `索 引 号`).
const META_LABELS: &[&str] = &[
    "索引号",
    "主题分类",
    "组配分类",
    "体裁分类",
    "信息分类",
    "分类",
    "发文机关",
    "发文机构",
    "发布机构",
    "发布单位",
    "发文字号",
    "文件编号",
    "文号",
    "成文日期",
    "发文日期",
    "生成日期",
    "发布日期",
    "上载日期",
    "生效时间",
    "生效日期",
    "废止时间",
    "废止日期",
    "有效性",
    "时效性",
    "效力状态",
    "名称",
    "标题",
    "内容概述",
    "关键词",
    "主题词",
    "公开方式",
    "公开范围",
    "公开时限",
    "信息来源",
    "来源",
];

/// A site timestamp: `2017-01-12 17:08`, `2023-03-21`.
static ISO_DATE: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}").unwrap());
/// A line that starts with a site timestamp: `2011-06-18 00:00:00 来源: 本站原创`.
static STAMP_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?(?:$|来源|发布|浏览|作者)")
        .unwrap()
});

/// The line without whitespace, in simplified characters (`發布日期` is `发布日期`).
fn tight(line: &str) -> String {
    // One buffer (run on every line of every input).
    let mut t = String::with_capacity(line.len());
    t.extend(line.chars().filter(|c| !c.is_whitespace()).map(simplified));
    let bullets = t.len()
        - t.trim_start_matches(['•', '·', '●', '▪', '■', '-', '*'])
            .len();
    t.drain(..bullets);
    t
}

/// Strips `label：` (or `label:`) at the start of `t`; the label from `labels`.
fn strip_label<'a>(t: &'a str, labels: &[&str]) -> Option<(&'a str, &'a str)> {
    labels.iter().find_map(|l| {
        let rest = t.strip_prefix(l)?;
        let rest = rest.strip_prefix(['：', ':']).unwrap_or(rest);
        Some((&t[..l.len()], rest))
    })
}

/// Every char of [`WIDGETS`] and of the brackets [`is_widgets`] filters out.
static WIDGET_CHARS: LazyLock<String> = LazyLock::new(|| WIDGETS.concat() + BRACKETS);
const BRACKETS: &str = "【】[]［］()（）|｜/:：";

/// Only widgets and brackets: `【打印本页】【关闭窗口】`, `[ 大 中 小 ]`, `返回顶部`.
fn is_widgets(t: &str) -> bool {
    // A char that no widget and no bracket holds can be neither replaced nor filtered
    // away: most lines say no at their first char, without the replacements below.
    if !t.chars().all(|c| WIDGET_CHARS.contains(c)) {
        return false;
    }
    let mut rest = t.to_string();
    for w in WIDGETS {
        rest = rest.replace(&strip_ws(w), "");
    }
    let rest: String = rest.chars().filter(|c| !BRACKETS.contains(*c)).collect();
    rest.is_empty() && !t.is_empty()
}

/// A line of page chrome (see the module note).
pub fn is_chrome_line(line: &str) -> bool {
    let t = tight(line);
    if t.is_empty() {
        return false;
    }
    if BREADCRUMB.is_match(&t) || is_widgets(&t) || STAMP_FIRST.is_match(&t) {
        return true;
    }
    if strip_label(&t, STRONG_LABELS).is_some() {
        return true;
    }
    // `来源：本站原创 日期：2017-01-12 17:08`: a weak label, then another label or a
    // timestamp on the same line.
    if let Some((label, rest)) = strip_label(&t, WEAK_LABELS)
        && t[label.len()..].starts_with(['：', ':'])
    {
        let more = STRONG_LABELS
            .iter()
            .chain(WEAK_LABELS)
            .any(|l| rest.contains(&format!("{l}：")) || rest.contains(&format!("{l}:")));
        let short_value = rest.chars().count() <= 20 && !rest.contains(['。', '，', '；']);
        return more || ISO_DATE.is_match(rest) || short_value;
    }
    false
}

/// `索引号：…`, `• 发文字号:` or `文号⇥X〔2011〕1号⇥发布机构⇥…`: a line of the metadata block,
/// and whether it is a bare label (its value on the next line).
fn meta_line(line: &str) -> Option<bool> {
    let t = tight(line);
    let (label, rest) = strip_label(&t, META_LABELS)?;
    let bare = rest.is_empty();
    // A labelled field needs its separator: a colon, or a tab in a metadata table.
    let separated = bare
        || t[label.len()..].starts_with(['：', ':'])
        || line.contains('\t')
        || line.contains("  ")
        // A letter-spaced label (`发 布 机 构 市人民政府办公室`).
        || line.trim_start().chars().nth(1).is_some_and(char::is_whitespace);
    separated.then_some(bare)
}

/// The value line under a bare label: indented, or a short line with a number in it.
fn is_value(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && (line.starts_with(char::is_whitespace)
            || t.chars().count() <= 40 && t.chars().any(|c| c.is_ascii_digit()))
}

/// Marks the lines of metadata blocks: a run of three or more labelled lines (each bare label
/// taking the value line after it) that names an 索引号, a 发文字号 or a 成文日期.
pub fn metadata_lines(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut labels = 0;
        let mut anchored = false;
        while i < lines.len() {
            let Some(bare) = meta_line(lines[i]) else {
                break;
            };
            let t = tight(lines[i]);
            anchored |= ["索引号", "发文字号", "文件编号", "成文日期"]
                .iter()
                .any(|a| t.starts_with(a));
            labels += 1;
            i += 1;
            // A bare label's value stands on the next line (indented under it, or a short
            // number or date), unless that is a label too; an empty field has none.
            if bare && i < lines.len() && meta_line(lines[i]).is_none() && is_value(lines[i]) {
                i += 1;
            }
        }
        if labels >= 3 && anchored {
            out[start..i].iter_mut().for_each(|x| *x = true);
        }
        if i == start {
            i += 1;
        }
    }
    out
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    BREADCRUMB.warm();
    ISO_DATE.warm();
    STAMP_FIRST.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widgets_and_the_quick_no() {
        for w in [
            "【打印本页】【关闭窗口】",
            "[大中小]",
            "返回顶部",
            "【收藏】|【下载】",
        ] {
            assert!(is_widgets(&tight(w)), "{w}");
        }
        // A char no widget has: no, whatever else the line holds.
        for t in ["关闭通知", "【打印本页】。", "打印本页1"] {
            assert!(!is_widgets(&tight(t)), "{t}");
        }
        assert_eq!(tight(" • 發布日期： 2019"), "发布日期：2019");
    }

    // Shapes from real pages: pingjiang.gov.cn (岳办发〔2017〕2号 reprint), dongyang.gov.cn
    // (2023-03-21), ruian.gov.cn (瑞政办〔2011〕129号), zb.gov.cn (镇政发〔2024〕7号),
    // qqhr.gov.cn (齐政办发〔2019〕29号), lysjjx.com (絳政辦發〔2023〕14號).
    #[test]
    fn chrome_lines_of_real_pages() {
        for l in [
            "来源：岳阳市政府门户网 日期：2017-01-12 17:08 字号：【大 中 小】",
            "视力保护色：",
            "浏览量：",
            "发布日期：2023-03-21访问次数： 信息来源：东阳市人民政府办公室",
            "发布日期: 2011- 09- 01 14: 58: 15 浏览次数: 来源: 普望科技",
            "字体：[ 大 中 小 ]",
            "【字体：大 中 小】",
            "【打印本页】【关闭窗口】",
            "【打印本页】 【关闭窗口】",
            "当前位置：首页 > 政务公开 > 政策法规",
            "首页 > 政务公开 > 政府文件",
            "您的位置: 首页 » 法律资料网 » 法律法规 »",
            "返回顶部",
            "分享到：",
            "信息来源: 市人民政府办公室",
            "归档时间：2018-11-21",
            "2011-06-18 00:00:00 来源: 本站原创",
            // 0798ci.com, law717.infoeach.com, js.010b.com, imasd-velecdom.com reprints.
            "浏览量:          时间:2016-01-17 23:45:19",
            "时间:2024-07-19 23:36:30 来源: 法律资料网 作者:法律资料网 阅读:8489",
            "下载地址: 点击此处下载",
            "发布部门:市人民政府办公室",
            "有效性:政策是否有效未知,请慎用",
            "发布时间:2024-11-01 21:09:52 来源: sp20241101",
            "發布時間:2023-03-15 09:28信息來源:懷化市人民政府辦公室",
            // Traditional characters (lysjjx.com reprint of 絳政辦發〔2023〕14號).
            "發布日期:2023-09-01 10:51 來源: 絳縣人民政府 【字體:大 中 小】 打印本頁",
        ] {
            assert!(is_chrome_line(l), "{l}");
        }
    }

    #[test]
    fn body_lines_are_not_chrome() {
        for l in [
            "来源于财政专项资金的，按照有关规定管理。",
            "日期：按照本通知要求的时间报送。",
            "各县（市、区）人民政府，市直各单位：",
            "首页须加盖单位公章。",
            "打印机、复印机等办公设备按规定配置。",
            "一、发布时间以本通知印发之日为准。",
            "附件：春节期间值班表",
            "吕梁市人民政府办公室",
        ] {
            assert!(!is_chrome_line(l), "{l}");
        }
    }

    #[test]
    fn metadata_table_and_bulleted_label_lines() {
        let table = [
            "索 引 号\t001008003004034/2011-204477\t主题分类\t综合类",
            "文号\t瑞政办〔2011〕129号\t发布机构\t市市级机关事务管理局",
            "成文日期\t2011-09-01\t有效性\t",
            "瑞政办〔2011〕129号",
        ];
        assert_eq!(metadata_lines(&table), [true, true, true, false]);
        let bullets = [
            "镇巴县人民政府工作规则",
            "  • 索引号:",
            "    6107280000/2024-001005",
            "  • 主题分类:",
            "  • 发文字号:",
            "    镇政发〔2024〕7号",
            "  • 发文日期:",
            "    2024年04月06日 16:40",
            "  • 内容概述:",
            "镇巴县人民政府工作规则",
        ];
        let m = metadata_lines(&bullets);
        assert_eq!(
            m,
            [false, true, true, true, true, true, true, true, true, false]
        );
        let spaced = [
            "索   引   号 20191202-189769 分        类 其他",
            "发 布 机 构 市人民政府办公室 发 文 日 期 2019-11-29",
            "名        称 齐齐哈尔市人民政府办公室关于印发《…》等三个文件的通知",
            "文        号 齐政办发〔2019〕29号   上 载 日 期 2019-12-02",
        ];
        // Letter-spaced labels and values apart by runs of spaces.
        assert_eq!(metadata_lines(&spaced), [true; 4]);
    }

    #[test]
    fn a_document_field_list_is_no_metadata_block() {
        let form = ["名称：告知书", "编号：", "申请人：某某公司"];
        assert_eq!(metadata_lines(&form), [false, false, false]);
    }
}
