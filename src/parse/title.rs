//! 标题: the heading as printed and cleaned, and the 印发/转发/批转 wrapper with the
//! enclosed title. The 文种 vocabulary itself is `gongwen::doc_type`.

use regex::Regex;

use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::{simplify, squash_ws};
use crate::model::Wrapper;

/// `[issuer]关于(印发|转发|批转)《?X》?的通知` (also `的函`), and `[issuer]转发X的通知`.
static WRAPPER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?P<pre>.*?)(?P<k>印发|转发|批转)(?P<x>.+)的(?:通知|紧急通知|函)$").unwrap()
});
static INVERTED: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?P<k>印发|转发|批转)(?P<x>关于.+)$").unwrap());

/// The heading's cleaned title and the raw text (lines joined with '\n' as printed).
pub fn title_from_lines(lines: &[&str]) -> Option<(String, String)> {
    let printed: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if printed.is_empty() {
        return None;
    }
    let raw = printed.join("\n");
    let title = squash_ws(&printed.join(""));
    // Web reprints quote the whole heading: `《…关于印发〈X〉的通知》`.
    let title = match title.strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(inner) if !inner.contains(['《', '》']) => {
            inner.replace('〈', "《").replace('〉', "》")
        }
        _ => title,
    };
    Some((title, raw))
}

fn strip_guillemets(x: &str) -> String {
    let x = x.trim();
    for (open, close) in [('《', '》'), ('〈', '〉'), ('<', '>')] {
        if x.starts_with(open) && x.ends_with(close) && x.matches(open).count() == 1 {
            return x[open.len_utf8()..x.len() - close.len_utf8()].to_string();
        }
    }
    x.to_string()
}

/// The 印发/转发/批转 wrapper named by the title, or None.
pub fn wrapper(printed: &str) -> Option<Wrapper> {
    // Matched on simplified text (印發 → 印发); the enclosed title is cut from the printed
    // one at the same byte offsets (both forms are 3 bytes a character).
    let title = &simplify(printed);
    if let Some(c) = WRAPPER.captures(title) {
        let pre = &c["pre"];
        // The verb comes right after `关于`, or right after the issuer (`国务院办公厅转发…`).
        let ok = pre.is_empty()
            || pre.ends_with("关于")
            || (!pre.contains("关于")
                && pre.chars().count() <= 40
                && pre.ends_with([
                    '厅', '府', '部', '委', '局', '院', '办', '室', '会', '署', '行', '司', '处',
                    '组',
                ]));
        if ok {
            return Some(Wrapper {
                kind: c["k"].to_string(),
                enclosed_title: Some(strip_guillemets(&printed[c.name("x").unwrap().range()]))
                    .filter(|x| !x.is_empty()),
            });
        }
    }
    let c = INVERTED.captures(title)?;
    Some(Wrapper {
        kind: c["k"].to_string(),
        enclosed_title: Some(printed[c.name("x").unwrap().range()].to_string()),
    })
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    WRAPPER.warm();
    INVERTED.warm();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gongwen::doc_type::doc_type;

    fn dt(t: &str) -> (Option<String>, Option<String>) {
        doc_type(t)
    }

    #[test]
    fn spaced_title_and_raw() {
        let (t, raw) =
            title_from_lines(&["国务院关于棉粮、糖粮挂钩奖售粮", "", "几 个 问 题 的 通 知"])
                .unwrap();
        assert_eq!(t, "国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知");
        assert_eq!(raw, "国务院关于棉粮、糖粮挂钩奖售粮\n几 个 问 题 的 通 知");
        let (t, _) = title_from_lines(&["关于印发吕梁市加快中心城区建设行动方案的 通 知"]).unwrap();
        assert_eq!(t, "关于印发吕梁市加快中心城区建设行动方案的通知");
        assert_eq!(title_from_lines(&["", " "]), None);
    }

    #[test]
    fn traditional_characters_and_quoted_headings() {
        assert_eq!(
            dt("國務院關於撤銷榆林地區設立地級榆林市的批覆")
                .0
                .as_deref(),
            Some("批复")
        );
        assert_eq!(
            dt("湖北省人民政府關於加快發展的若干意見").0.as_deref(),
            Some("意见")
        );
        let w = wrapper("上海市人民政府印發《上海市城市總體規劃》的通知").unwrap();
        assert_eq!(
            (w.kind.as_str(), w.enclosed_title.as_deref()),
            ("印发", Some("上海市城市總體規劃"))
        );
        let (t, _) = title_from_lines(&[
            "《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》",
        ])
        .unwrap();
        assert_eq!(
            t,
            "北京市人民政府办公厅关于印发《北京市2016年政务公开工作要点》的通知"
        );
        let w =
            wrapper("北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知").unwrap();
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("北京市2016年政务公开工作要点")
        );
    }

    #[test]
    fn wrappers() {
        let w = wrapper("关于印发《吕梁市残疾儿童康复救助制度实施办法》的通知").unwrap();
        assert_eq!(
            (w.kind.as_str(), w.enclosed_title.as_deref()),
            ("印发", Some("吕梁市残疾儿童康复救助制度实施办法"))
        );
        let w = wrapper("关于印发土地综合执法月专项行动实施方案的通知").unwrap();
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("土地综合执法月专项行动实施方案")
        );
        let w = wrapper("国务院办公厅关于印发国家粮食应急预案的函").unwrap();
        assert_eq!(w.enclosed_title.as_deref(), Some("国家粮食应急预案"));
        let w = wrapper("国务院办公厅转发国家地震局关于我国地震重点监视防御区的确定和加强防震减灾工作意见报告的通知").unwrap();
        assert_eq!(w.kind, "转发");
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("国家地震局关于我国地震重点监视防御区的确定和加强防震减灾工作意见报告")
        );
        let w = wrapper("国务院批转国家发展改革委关于2019年深化经济体制改革重点工作意见的通知")
            .unwrap();
        assert_eq!(w.kind, "批转");
        let w =
            wrapper("印发关于在脱贫攻坚三年行动中进一步做好企业结对帮扶工作的若干意见").unwrap();
        assert_eq!(w.kind, "印发");
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("关于在脱贫攻坚三年行动中进一步做好企业结对帮扶工作的若干意见")
        );
        let w =
            wrapper("关于印发《关于〈坚决打赢脱贫攻坚战三年行动实施方案〉的意见》的通知").unwrap();
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("关于〈坚决打赢脱贫攻坚战三年行动实施方案〉的意见")
        );
        let w = wrapper("关于印发《吕梁市关于<坚决打赢脱贫攻坚战>的实施意见》的通知").unwrap();
        assert_eq!(
            w.enclosed_title.as_deref(),
            Some("吕梁市关于<坚决打赢脱贫攻坚战>的实施意见")
        );
        assert!(wrapper("吕梁市人民政府关于做好2019年安全生产工作的通知").is_none());
        assert!(wrapper("关于进一步做好文件转发工作的通知").is_none());
    }
}
