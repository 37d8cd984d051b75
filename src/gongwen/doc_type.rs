//! 文种: the document type read from a title's ending, longest first (指导意见 → 意见,
//! 复函 → 函), with the non-statutory endings (实施方案, 办法 …) kept as printed. Used by
//! `segment` to tell a heading and by `parse` to fill `doc_type`.

use crate::gongwen::relaxed::Relaxed;

use super::text::simplify;
use crate::gongwen::lazy::Lazy;

/// Printed endings, longest first within each family, with the statutory 文种 they mean.
const ENDINGS: &[(&str, Option<&str>)] = &[
    ("指导意见", Some("意见")),
    ("实施意见", Some("意见")),
    ("若干意见", Some("意见")),
    ("意见", Some("意见")),
    ("紧急通知", Some("通知")),
    ("补充通知", Some("通知")),
    ("通知", Some("通知")),
    ("复函", Some("函")),
    ("函", Some("函")),
    ("决议", Some("决议")),
    ("决定", Some("决定")),
    ("命令", Some("命令")),
    ("令", Some("命令")),
    ("公报", Some("公报")),
    ("公告", Some("公告")),
    ("通告", Some("通告")),
    ("通报", Some("通报")),
    ("报告", Some("报告")),
    ("请示", Some("请示")),
    ("批复", Some("批复")),
    ("议案", Some("议案")),
    ("会议纪要", Some("纪要")),
    ("纪要", Some("纪要")),
    // Non-statutory forms: keep the printed word, no 文种.
    ("实施方案", None),
    ("工作方案", None),
    ("行动方案", None),
    ("方案", None),
    ("实施办法", None),
    ("管理办法", None),
    ("暂行办法", None),
    ("办法", None),
    ("实施细则", None),
    ("细则", None),
    ("暂行规定", None),
    ("规定", None),
    ("条例", None),
    ("规则", None),
    ("规划", None),
    ("计划", None),
    ("工作要点", None),
    ("要点", None),
    ("预案", None),
    ("制度", None),
    ("目录", None),
    ("清单", None),
    ("名单", None),
    ("标准", None),
    ("指南", None),
    ("章程", None),
    ("准则", None),
    ("守则", None),
    ("纲要", None),
    ("说明", None),
    ("答复", None),
    ("公示", None),
];

/// A trailing parenthetical (`（试行）`, `（草案）`) is not the ending word.
static TRAILING_PAREN: Lazy<Relaxed> = Lazy::new(|| Relaxed::new(r"[（(][^（）()]{1,8}[）)]$"));

/// (doc_type, doc_type_raw) from the title's ending.
pub fn doc_type(title: &str) -> (Option<String>, Option<String>) {
    let simple = simplify(title);
    let t = simple.trim_end_matches(['。', ' ', '　']);
    let t = TRAILING_PAREN.replace_literal(t, "");
    for (ending, kind) in ENDINGS {
        if t.ends_with(ending) {
            return (kind.map(str::to_string), Some(ending.to_string()));
        }
    }
    (None, None)
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    TRAILING_PAREN.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(t: &str) -> (Option<String>, Option<String>) {
        doc_type(t)
    }

    #[test]
    fn doc_types_longest_first() {
        assert_eq!(
            dt("关于创建“一乡一特一园区、一村一品一基地”的指导意见"),
            (Some("意见".into()), Some("指导意见".into()))
        );
        assert_eq!(
            dt("印发关于在脱贫攻坚三年行动中进一步做好企业结对帮扶工作的若干意见")
                .1
                .as_deref(),
            Some("若干意见")
        );
        assert_eq!(
            dt("关于做好防汛工作的紧急通知"),
            (Some("通知".into()), Some("紧急通知".into()))
        );
        assert_eq!(
            dt("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函"),
            (Some("函".into()), Some("复函".into()))
        );
        assert_eq!(
            dt("中华人民共和国国务院令"),
            (Some("命令".into()), Some("令".into()))
        );
        assert_eq!(
            dt("关于同意建立国务院职业教育工作部际联席会议制度的批复"),
            (Some("批复".into()), Some("批复".into()))
        );
        assert_eq!(
            dt("关于在行政管理事项中使用信用记录和信用报告的实施方案"),
            (None, Some("实施方案".into()))
        );
        assert_eq!(
            dt("吕梁市公共信用信息管理办法（试行）"),
            (None, Some("管理办法".into()))
        );
        assert_eq!(
            dt("国家地震局关于加强防震减灾工作意见的报告"),
            (Some("报告".into()), Some("报告".into()))
        );
        assert_eq!(dt("2019年第二季度人事任免"), (None, None));
    }

    #[test]
    fn all_fifteen_statutory_types() {
        for (ending, kind) in [
            ("决议", "决议"),
            ("决定", "决定"),
            ("命令", "命令"),
            ("公报", "公报"),
            ("公告", "公告"),
            ("通告", "通告"),
            ("意见", "意见"),
            ("通知", "通知"),
            ("通报", "通报"),
            ("报告", "报告"),
            ("请示", "请示"),
            ("批复", "批复"),
            ("议案", "议案"),
            ("函", "函"),
            ("纪要", "纪要"),
        ] {
            let t = format!("某某市人民政府关于某某事项的{ending}");
            assert_eq!(doc_type(&t).0.as_deref(), Some(kind), "{t}");
        }
        assert_eq!(
            dt("关于做好防汛工作的补充通知").1.as_deref(),
            Some("补充通知")
        );
        assert_eq!(
            dt("全市安全生产工作会议纪要").1.as_deref(),
            Some("会议纪要")
        );
    }
}
