//! Repeals and amendments that name a document by title only, with no 文号: the last article
//! of a regulation (`《浙江省蚕种管理办法》同时废止`), a decree promulgating a revised text
//! (`现将修订后的《专利代理条例》公布`), an amending decision (`将《…条例》第五条修改为`). The
//! sentence is read by the same `relation::classify` as a numbered citation; titles that are
//! merely cited are not listed (a body cites many laws by title), and a title that a numbered
//! citation also carries strengthens that citation instead of being listed twice.

use super::relation::classify;
use crate::model::{Reference, Relation, TitleReference};

/// Longest title taken as one (a longer 《… is a cut or a quotation mark misused).
const MAX_TITLE: usize = 200;

/// Title-only repeals and amendments in `text` (the body, lines joined with '\n'), in order
/// of first mention; `numbered` (the body's 文号 citations) gains the relation of any
/// title-only mention of a title it carries.
pub fn find_title_references(text: &str, numbered: &mut [Reference]) -> Vec<TitleReference> {
    // Sized first: a body can be millions of chars, and a doubled Vec a third larger.
    let kept = |c: &char| !c.is_whitespace();
    let mut chars: Vec<char> = Vec::with_capacity(text.chars().filter(kept).count());
    chars.extend(text.chars().filter(kept));
    let spans = top_level_titles(&chars);
    let relations = with_lists_repealed(&chars, &spans);
    let mut out: Vec<TitleReference> = Vec::new();
    for (&(start, end), relation) in spans.iter().zip(relations) {
        let title: String = chars[start + 1..end - 1].iter().collect();
        if title.is_empty()
            || has_number_after(&chars[end..])
            || owned_by_number(&chars[..start])
            || !performative(&chars, start, end, relation)
        {
            continue;
        }
        if let Some(r) = numbered
            .iter_mut()
            .find(|r| r.title.as_deref() == Some(title.as_str()))
        {
            r.relation = r.relation.max(relation);
            continue;
        }
        match out.iter_mut().find(|t| t.title == title) {
            Some(t) => t.relation = t.relation.max(relation),
            None => out.push(TitleReference { title, relation }),
        }
    }
    out
}

/// The relation of each title; a title joined by 和/、/及 to a later one that is repealed in
/// the same sentence is repealed too, however long the later one's description
/// (`…通过的《甲条例》和…第二次修正的《乙条例》同时废止`).
fn with_lists_repealed(chars: &[char], spans: &[(usize, usize)]) -> Vec<Relation> {
    let mut rel: Vec<Relation> = spans.iter().map(|&(s, e)| classify(chars, s, e)).collect();
    for i in (0..spans.len().saturating_sub(1)).rev() {
        let between = &chars[spans[i].1..spans[i + 1].0];
        let joined = ["和", "、", "及", "以及", "与"].iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            between.starts_with(&w)
        });
        if rel[i] == Relation::Cites
            && rel[i + 1] == Relation::Repeals
            && joined
            && !between.iter().any(|&c| matches!(c, '。' | '；' | ';'))
        {
            rel[i] = Relation::Repeals;
        }
    }
    rel
}

/// Words that make a repeal or revision a plan, a task or a proposal, not an act of this
/// document (`配合省司法厅修订《…条例》`, `建议废止《…》`).
const HEDGES: &[&str] = &[
    "拟", "建议", "正在", "提出", "申请", "请求", "配合", "协助", "推动", "适时", "抓紧",
];
/// What may follow an amended title when the document itself amends it.
const AMENDING: &[&str] = &[
    "修改为",
    "修订为",
    "作如下修改",
    "作如下修订",
    "作出如下修改",
    "修改如下",
    "修订如下",
];

/// Whether the sentence around the title at `start..end` does the `relation` itself. A title
/// without a number is more often named in passing than a numbered one, so an amendment is
/// taken only in the forms a decision or promulgation uses: `修订后的《》`, `将《》第N条修改为`,
/// `对《》作如下修改`, `删去《》第N条`.
fn performative(chars: &[char], start: usize, end: usize, relation: Relation) -> bool {
    let clause_start = chars[..start]
        .iter()
        .rposition(|&c| matches!(c, '。' | '；' | ';' | '，' | ',' | '：' | ':'))
        .map_or(0, |i| i + 1);
    let before: String = chars[clause_start..start].iter().collect();
    if HEDGES.iter().any(|h| before.contains(h)) {
        return false;
    }
    match relation {
        Relation::Repeals => true,
        Relation::Amends => {
            let after: String = chars[end..].iter().take(40).collect();
            let after = after.trim_start_matches(['（', '(']);
            let clause = after
                .split(['。', '，', '；', ',', ';'])
                .next()
                .unwrap_or("");
            // `第二条第一项修改为`: an article reference may stand between.
            let amending = AMENDING.iter().any(|w| {
                clause
                    .find(w)
                    .is_some_and(|i| i == 0 || clause.starts_with('第') && i <= 60)
            });
            ["修订后的", "修改后的", "修正后的"]
                .iter()
                .any(|w| before.ends_with(w))
                || (before.ends_with("删去") || before.ends_with("删除")) && after.starts_with('第')
                || amending
        }
        _ => false,
    }
}

/// `(start, end)` char spans of every outermost 《…》, brackets included.
fn top_level_titles(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '《' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(s) = open.take()
                    && i - s <= MAX_TITLE + 1
                {
                    spans.push((s, i + 1));
                }
            }
            _ => {}
        }
    }
    spans
}

/// A bracket right after the title holding a number (`《…》（国发〔2018〕20号）`): the
/// citation is a numbered one, found by `references`.
fn has_number_after(after: &[char]) -> bool {
    let Some(&first) = after.first() else {
        return false;
    };
    if !matches!(first, '（' | '(' | '〔' | '[' | '［' | '【') {
        return false;
    }
    after[1..]
        .iter()
        .take(40)
        .take_while(|&&c| !matches!(c, '）' | ')' | '】' | '。'))
        .any(|&c| c == '号')
}

/// A title that a number just before it issued (`法〔1998〕86号通知印发的《…意见》`).
fn owned_by_number(before: &[char]) -> bool {
    let tail: String = before[before.len().saturating_sub(8)..].iter().collect();
    ["印发的", "发布的", "公布的"]
        .iter()
        .any(|w| tail.ends_with(w))
        && tail.contains('号')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gongwen::references::find_references;

    fn titles(body: &str) -> Vec<(String, Relation)> {
        let mut refs = find_references(body);
        find_title_references(body, &mut refs)
            .into_iter()
            .map(|t| (t.title, t.relation))
            .collect()
    }

    fn one(title: &str, relation: Relation) -> Vec<(String, Relation)> {
        vec![(title.to_string(), relation)]
    }

    #[test]
    fn repeal_by_title_in_the_last_article() {
        // 浙江省蚕种管理条例 (2004), 第三十四条.
        assert_eq!(
            titles(
                "第三十四条 本条例自2004年10月1日起施行。1997年6月28日省人民政府发布的《浙江省蚕种管理办法》同时废止。"
            ),
            one("浙江省蚕种管理办法", Relation::Repeals)
        );
        assert_eq!(
            titles("本办法自2020年1月1日起施行，原《吕梁市城市供热管理暂行办法》停止执行。"),
            one("吕梁市城市供热管理暂行办法", Relation::Repeals)
        );
        assert_eq!(
            titles("经研究，国务院决定废止《中华人民共和国卫生检疫条例》。"),
            one("中华人民共和国卫生检疫条例", Relation::Repeals)
        );
    }

    #[test]
    fn promulgation_of_a_revised_text_amends_it() {
        // 国务院令第706号 and 第707号 (shared real texts).
        assert_eq!(
            titles(
                "《专利代理条例》已经2018年9月6日国务院第23次常务会议修订通过，现将修订后的《专利代理条例》公布，自2019年3月1日起施行。"
            ),
            one("专利代理条例", Relation::Amends)
        );
        assert_eq!(
            titles("现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。"),
            one("中华人民共和国个人所得税法实施条例", Relation::Amends)
        );
        // 国务院关于修改部分行政法规的决定 (国务院令第709号): one item per regulation.
        assert_eq!(
            titles(
                "一、将《全国年节及纪念日放假办法》第二条第一项修改为：“（一）新年，放假1天（1月1日）”。二、删去《中华人民共和国水土保持法实施条例》第十四条。"
            ),
            vec![
                ("全国年节及纪念日放假办法".to_string(), Relation::Amends),
                (
                    "中华人民共和国水土保持法实施条例".to_string(),
                    Relation::Amends
                ),
            ]
        );
    }

    #[test]
    fn titles_merely_cited_or_issued_are_not_listed() {
        assert!(titles("根据《中华人民共和国行政许可法》，结合本市实际，制定本办法。").is_empty());
        assert!(
            titles("现将《吕梁市2019年政府工作报告重点工作任务分工》印发给你们，请认真贯彻执行。")
                .is_empty()
        );
        assert!(titles("按照修订后的《中华人民共和国食品安全法》要求，做好监管工作。").is_empty());
        // A title inside another title speaks for nothing.
        assert!(
            titles("《国务院关于废止〈中华人民共和国卫生检疫条例〉的决定》已经公布。").is_empty()
        );
        // Tasks and proposals (吕梁 2019-01, 吕政办发〔2019〕23号; 国办函〔2004〕71号; 国办发〔2018〕127号).
        assert!(titles("（一）协助推动地方立法。配合省司法厅修订《山西省行政执法条例》，将推行“三项制度”经验做法以立法形式固化。").is_empty());
        assert!(
            titles(
                "目前，环保总局正在对《规划》进行修订，同时将会同发展改革委、财政部等部门研究。"
            )
            .is_empty()
        );
        assert!(
            titles(
                "请财政部提出对《国有资产评估管理办法》的修订建议，简化科技成果的国有资产评估程序。"
            )
            .is_empty()
        );
        assert!(titles("省政府建议废止《某省某条例》。").is_empty());
        // 废止后 is about what follows a repeal, not a repeal.
        assert!(titles("《吕梁市某办法》废止后，有关事项按新规定执行。").is_empty());
    }

    #[test]
    fn numbered_titles_stay_with_their_number() {
        // The number after the title makes it a numbered citation only.
        let body = "《吕梁市某管理办法》（吕政发〔2015〕3号）同时废止。";
        let mut refs = find_references(body);
        assert!(find_title_references(body, &mut refs).is_empty());
        assert_eq!(refs[0].relation, Relation::Repeals);
        // Cited with its number first, repealed by title later: the number is repealed.
        let body = "根据《吕梁市某管理办法》（吕政发〔2015〕3号），制定本办法。本办法自发布之日起施行，《吕梁市某管理办法》同时废止。";
        let mut refs = find_references(body);
        assert!(find_title_references(body, &mut refs).is_empty());
        assert_eq!(refs[0].relation, Relation::Repeals);
        // A title that the number before it issued (我院法〔1998〕86号通知印发的《…》).
        let body = "自本规定公布之日起，我院法〔1998〕86号通知印发的《关于人民法院受理申请承认外国法院离婚判决案件几个问题的意见》同时废止。";
        let mut refs = find_references(body);
        assert!(find_title_references(body, &mut refs).is_empty());
        assert_eq!(refs[0].relation, Relation::Repeals);
    }

    #[test]
    fn the_strongest_mention_stands_and_titles_are_listed_once() {
        assert_eq!(
            titles(
                "《某市供水条例》已经修订通过。现将修订后的《某市供水条例》公布。《某市供水条例》废止后的过渡事项另行规定。"
            ),
            one("某市供水条例", Relation::Amends)
        );
        // LawRefBook/Laws 山东省农作物种子条例 (licences.txt): a long description between.
        assert_eq!(
            titles(
                "1991年10月22日山东省第七届人民代表大会常务委员会第二十四次会议通过的《山东省农作物种子管理条例》和1997年6月6日山东省第八届人民代表大会常务委员会第二十八次会议通过，2012年1月13日第二次修正的《山东省林业种子苗木管理条例》同时废止。"
            ),
            vec![
                ("山东省农作物种子管理条例".to_string(), Relation::Repeals),
                ("山东省林业种子苗木管理条例".to_string(), Relation::Repeals),
            ]
        );
        // A title cited before, in another sentence, is not part of the list.
        assert_eq!(
            titles("根据《甲法》，制定本办法。本办法自发布之日起施行。《乙办法》同时废止。"),
            one("乙办法", Relation::Repeals)
        );
        assert_eq!(
            titles("《甲办法》和《乙办法》同时废止。"),
            vec![
                ("甲办法".to_string(), Relation::Repeals),
                ("乙办法".to_string(), Relation::Repeals),
            ]
        );
    }
}
