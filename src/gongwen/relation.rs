//! What a cited 文号 is to the citing document (GONGWEN.md, "In force"): the document
//! repeals it (`《…》（…号）同时废止`, `…停止执行`), amends it (`对《…》（…号）作如下修改`),
//! rests on it (`根据《…》（…号）`, `按照…（…号）要求`), or merely cites it. Decided from the
//! sentence around the citation, with the titles in 《》 masked so that a cited title such as
//! 《国务院关于废止…的决定》 never speaks for the sentence.

use crate::model::Relation;

/// Verbs that end a sentence repealing what it names.
const REPEAL_AFTER: &[&str] = &[
    "同时废止",
    "予以废止",
    "即行废止",
    "废止",
    "停止执行",
    "停止施行",
    "不再执行",
    "不再施行",
    "同时失效",
    "宣布失效",
    "自行失效",
];
/// Verbs that repeal what follows them (`决定废止《…》（…号）`).
const REPEAL_BEFORE: &[&str] = &["废止", "停止执行", "宣布失效"];
/// Phrases after the citation that amend it.
const AMEND_AFTER: &[&str] = &[
    "作如下修改",
    "作如下修订",
    "作出如下修改",
    "修改如下",
    "修订如下",
    "予以修改",
    "进行修改",
    "作相应修改",
    "修改为",
];
/// Verbs that amend what follows them (`修改《…》（…号）第五条`).
const AMEND_BEFORE: &[&str] = &["修改", "修订", "修正", "删去"];
/// A revised text promulgated anew (`现将修订后的《…条例》公布`) amends its earlier version.
const REVISED: &[&str] = &["修订后的", "修改后的", "修正后的"];
/// Words that introduce a document's basis.
const BASIS: &[&str] = &["根据", "依据", "按照", "依照", "遵照", "贯彻", "落实"];
/// How far (characters, titles and citations removed) a basis word may stand before the
/// citation: `严格落实国家发展改革委办公厅、…联合印发的《…》（…号）`.
const BASIS_REACH: usize = 40;

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？')
}

fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':')
}

/// `s` with every 《…》 (nested 〈〉 included) replaced by `《》`.
fn mask_titles(s: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut depth = 0usize;
    for &c in s {
        match c {
            '《' => {
                if depth == 0 {
                    out.push('《');
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('》');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    // An unclosed 《 (a title cut by the window): keep what followed it.
    if depth > 0 {
        return s.to_vec();
    }
    out
}

/// The clause words left once titles, bracketed asides, list separators and list markers
/// are removed: what stands between a verb and the citation it governs.
fn bare(s: &[char]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for &c in s {
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth = depth.saturating_sub(1),
            '《' | '》' | '、' | '“' | '”' => {}
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    for sep in ["以及", "和", "及", "与", "原"] {
        out = out.replace(sep, "");
    }
    out
}

/// [`classify`] of the citation at byte range `start..end` of `text` (char boundaries),
/// whitespace left out as `find_references` leaves it out. `classify` looks at the
/// sentence around the citation only, so only that sentence is turned into chars (a body
/// can be millions of chars).
pub fn classify_in(text: &str, start: usize, end: usize) -> Relation {
    let end = end.max(start);
    let s0 = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_sentence_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let s1 = text[end..]
        .find(is_sentence_end)
        .map_or(text.len(), |i| end + i);
    let kept = |c: &char| !c.is_whitespace();
    let sentence: Vec<char> = text[s0..s1].chars().filter(kept).collect();
    let a = text[s0..start].chars().filter(kept).count();
    let b = a + text[start..end].chars().filter(kept).count();
    classify(&sentence, a, b)
}

/// The relation of the citation at `start..end` (char indices of `text`, whitespace
/// already removed, as `find_references` sees it).
pub fn classify(text: &[char], start: usize, end: usize) -> Relation {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let s0 = text[..start]
        .iter()
        .rposition(|&c| is_sentence_end(c))
        .map_or(0, |i| i + 1);
    let s1 = text[end..]
        .iter()
        .position(|&c| is_sentence_end(c))
        .map_or(text.len(), |i| end + i);
    let before = mask_titles(&text[s0..start]);
    let after = mask_titles(&text[end..s1]);

    // The clause the citation stands in (a list intro ending in `：` stays outside).
    let clause_start = before
        .iter()
        .rposition(|&c| is_clause_end(c))
        .map_or(0, |i| i + 1);
    let local = &before[clause_start..];
    let local_bare = bare(local);

    // 依据: a basis word governs the citation within its clause — unless the citation is
    // what the basis is about (`为落实…副总理对《…的请示》（鄂政文〔2004〕15号）的批示`: the
    // 批示 is the basis, the 请示 it answers is not).
    let titled: String = local.iter().filter(|c| !matches!(c, '（' | '(')).collect();
    let object_of_basis = titled.ends_with("对《》");
    for w in BASIS {
        if let Some(i) = local_bare.rfind(w)
            && local_bare[i + w.len()..].chars().count() <= BASIS_REACH
            && !object_of_basis
        {
            return Relation::BasedOn;
        }
    }
    // A bracketed citation may carry an aside (`（…号，以下简称《解释》）`): the clause
    // after it starts past the closing bracket.
    let after = if local.last().is_some_and(|&c| matches!(c, '（' | '(')) {
        match after.iter().position(|&c| matches!(c, '）' | ')')) {
            Some(i) => after[i + 1..].to_vec(),
            None => after,
        }
    } else {
        after
    };

    // The clause after the citation, up to the next comma: `（…号）同时废止`,
    // `（…号，以下简称《解释》）作如下修改` (the bracketed aside is skipped).
    let after_s: String = after.iter().collect();
    let after_bare = bare(&after);
    let partial = {
        // `（…号）第一条…废止`: part of it, i.e. an amendment.
        let head: String = after_bare.chars().take(4).collect();
        head.starts_with('第') && after_bare.contains('条')
    };
    let governs = |words: &[&str]| -> bool {
        words.iter().any(|w| {
            after_bare.find(w).is_some_and(|i| {
                // No other subject in between: at most a short stretch without a comma.
                let gap = &after_bare[..i];
                !gap.contains(['，', ',']) && gap.chars().count() <= 40
            })
        })
    };
    if governs(REPEAL_AFTER) && !after_s.contains("废止后") {
        return if partial {
            Relation::Amends
        } else {
            Relation::Repeals
        };
    }
    if governs(AMEND_AFTER) {
        return Relation::Amends;
    }
    let ends = |words: &[&str]| words.iter().any(|w| local_bare.ends_with(w));
    if ends(REPEAL_BEFORE) {
        return Relation::Repeals;
    }
    if ends(AMEND_BEFORE)
        || ends(REVISED)
        || local_bare.ends_with('对') && governs(&["修改", "修订", "修正"])
    {
        return Relation::Amends;
    }
    // A list introduced by `…废止下列文件：` / `…作如下修改：`, one citation per item.
    if local_bare.trim_start_matches(is_list_marker).is_empty() && clause_start > 0 {
        let intro: String = before[..clause_start].iter().collect();
        if intro.ends_with('：') || intro.ends_with(':') {
            let intro = bare(&intro.chars().collect::<Vec<_>>());
            if REPEAL_BEFORE.iter().any(|w| intro.contains(w)) {
                return Relation::Repeals;
            }
        }
    }
    Relation::Cites
}

fn is_list_marker(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '.' | '．' | '、' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relation of the first occurrence of `number` in `sentence`.
    fn rel(sentence: &str, number: &str) -> Relation {
        let text: Vec<char> = sentence.chars().filter(|c| !c.is_whitespace()).collect();
        let s: String = text.iter().collect();
        let byte = s.find(number).expect("number in sentence");
        let start = s[..byte].chars().count();
        let end = start + number.chars().count();
        let by_chars = classify(&text, start, end);
        // The str form, on the whole text, says the same.
        assert_eq!(classify_in(&s, byte, byte + number.len()), by_chars);
        by_chars
    }

    #[test]
    fn the_sentence_is_what_counts() {
        // Several sentences, the citation in the middle one: the str form looks at that
        // sentence only, as the char form does on the whole text.
        let s = "前文。现将《通知》（吕政发〔2019〕3号）予以废止；又根据国发〔2018〕20号文件。";
        for number in ["吕政发〔2019〕3号", "国发〔2018〕20号"] {
            let text: Vec<char> = s.chars().collect();
            let byte = s.find(number).unwrap();
            let start = s[..byte].chars().count();
            let end = start + number.chars().count();
            assert_eq!(
                classify_in(s, byte, byte + number.len()),
                classify(&text, start, end),
                "{number}"
            );
        }
        // Whitespace (a line break inside the number) is left out.
        let broken = s.replace("〕3号", "〕\n3 号");
        let byte = broken.find("吕政发").unwrap();
        let end = broken.find("）予以").unwrap();
        assert_eq!(classify_in(&broken, byte, end), Relation::Repeals);
        assert_eq!(rel(s, "吕政发〔2019〕3号"), Relation::Repeals);
        assert_eq!(rel(s, "国发〔2018〕20号"), Relation::BasedOn);
    }

    #[test]
    fn repeals() {
        // govcn-2019-02-crawl/37 (国办发〔2018〕117号).
        assert_eq!(
            rel(
                "自本通知印发之日起，《国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知》（国办发〔2016〕82号）停止执行。",
                "国办发〔2016〕82号"
            ),
            Relation::Repeals
        );
        // LawRefBook/Laws 司法解释/…信息网络传播权…(2020-12-29).md, …未成年人刑事案件…(2006-01-11).md,
        // …适用《行政诉讼法》的解释(2018-02-06).md, …外国法院离婚判决…(2020-12-29).md.
        assert_eq!(
            rel(
                "第十六条 本规定施行之日起，《最高人民法院关于审理涉及计算机网络著作权纠纷案件适用法律若干问题的解释》（法释〔2006〕11号）同时废止。",
                "法释〔2006〕11号"
            ),
            Relation::Repeals
        );
        assert_eq!(
            rel(
                "《最高人民法院关于办理未成年人刑事案件适用法律的若干问题的解释》（法发〔1995〕9号）自本解释公布之日起不再执行。",
                "法发〔1995〕9号"
            ),
            Relation::Repeals
        );
        let two = "本解释施行后，《最高人民法院关于执行〈中华人民共和国行政诉讼法〉若干问题的解释》（法释〔2000〕8号）、《最高人民法院关于适用〈中华人民共和国行政诉讼法〉若干问题的解释》（法释〔2015〕9号）同时废止。";
        assert_eq!(rel(two, "法释〔2000〕8号"), Relation::Repeals);
        assert_eq!(rel(two, "法释〔2015〕9号"), Relation::Repeals);
        assert_eq!(
            rel(
                "自本规定公布之日起，我院法〔1998〕86号通知印发的《关于人民法院受理申请承认外国法院离婚判决案件几个问题的意见》同时废止。",
                "法〔1998〕86号"
            ),
            Relation::Repeals
        );
        // Repealing verb first, and a list introduced by it.
        assert_eq!(
            rel(
                "决定废止《某某市管理办法》（某政发〔2010〕3号）。",
                "某政发〔2010〕3号"
            ),
            Relation::Repeals
        );
        let list = "经市政府同意，决定废止下列文件：\n1.《某某市管理办法》（某政发〔2010〕3号）\n2.《某某市实施细则》（某政办发〔2011〕7号）";
        assert_eq!(rel(list, "某政发〔2010〕3号"), Relation::Repeals);
        assert_eq!(rel(list, "某政办发〔2011〕7号"), Relation::Repeals);
    }

    #[test]
    fn repeal_forms_of_the_issue() {
        // GONGWEN.md "In force": `《…办法》（吕政发〔2015〕3号）同时废止`, `原…（…号）停止执行`,
        // `…号文件自本办法施行之日起废止`.
        assert_eq!(
            rel(
                "《吕梁市城市管理办法》（吕政发〔2015〕3号）同时废止。",
                "吕政发〔2015〕3号"
            ),
            Relation::Repeals
        );
        assert_eq!(
            rel(
                "原《吕梁市城市管理办法》（吕政发〔2015〕3号）停止执行。",
                "吕政发〔2015〕3号"
            ),
            Relation::Repeals
        );
        assert_eq!(
            rel(
                "吕政发〔2015〕3号文件自本办法施行之日起废止。",
                "吕政发〔2015〕3号"
            ),
            Relation::Repeals
        );
        // 合肥 政府购买居家养老服务实施方案: two titles, `、` between them.
        let s = "2．本方案自印发之日起满30日后施行，有效期5年。《合肥市政府购买居家养老服务实施方案》（合民〔2017〕136号）、《合肥市居家养老服务标准服务流程及服务收费参考意见》（合民〔2014〕105号）同时废止。";
        assert_eq!(rel(s, "合民〔2017〕136号"), Relation::Repeals);
        assert_eq!(rel(s, "合民〔2014〕105号"), Relation::Repeals);
        // 证监会公告〔2017〕13号: `原《…》（…）和《…》（…）同时废止`, after the 施行 clause.
        let s = "现公布《中国证监会关于证券投资基金估值业务的指导意见》，自公布之日起施行，原《关于证券投资基金执行〈企业会计准则〉估值业务及份额净值计价有关事项的通知》（证监会计字〔2007〕21号）和《关于进一步规范证券投资基金估值业务的指导意见》（证监会公告〔2008〕38号）同时废止。";
        assert_eq!(rel(s, "证监会计字〔2007〕21号"), Relation::Repeals);
        assert_eq!(rel(s, "证监会公告〔2008〕38号"), Relation::Repeals);
        // 财预〔2022〕58号 第十四条.
        assert_eq!(
            rel(
                "第十四条 本办法自发布之日起施行。《中央对地方均衡性转移支付办法》（财预〔2019〕108号）同时废止。",
                "财预〔2019〕108号"
            ),
            Relation::Repeals
        );
    }

    #[test]
    fn amends() {
        // LawRefBook/Laws 司法解释/最高人民法院、最高人民检察院关于修改《…妨害信用卡…》的决定.md:
        // `根据…情况` is the reason, not a cited basis.
        assert_eq!(
            rel(
                "根据司法实践情况，现决定对《最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》（法释〔2009〕19号，以下简称《解释》）作如下修改：",
                "法释〔2009〕19号"
            ),
            Relation::Amends
        );
        // …关于修改《…掩饰、隐瞒犯罪所得…》的决定.md: part of it no longer applies.
        assert_eq!(
            rel(
                "根据审判实践需要，经最高人民法院审判委员会第1835次会议决定，对《关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释》（法释〔2015〕11号）作如下修改：",
                "法释〔2015〕11号"
            ),
            Relation::Amends
        );
        assert_eq!(
            rel(
                "《某某市管理办法》（某政发〔2010〕3号）第五条废止。",
                "某政发〔2010〕3号"
            ),
            Relation::Amends
        );
        assert_eq!(
            rel(
                "将《某某市管理办法》（某政发〔2010〕3号）第二条修改为：“…”",
                "某政发〔2010〕3号"
            ),
            Relation::Amends
        );
    }

    #[test]
    fn based_on() {
        // fixtures/lvliang-2019-01.txt L189 and L685.
        let s = "第一条 为保障全市残疾儿童及时得到基本康复服务，根据《残疾预防和残疾人康复条例》(国务院令 第675号)《国务院关于建立残疾儿童康复救助制度的意见》(国发〔2018〕20号)和《山西省残疾儿童康复救助制度》(晋政发〔2018〕43号)，结合我市实际，制定本实施办法。";
        for n in ["国务院令第675号", "国发〔2018〕20号", "晋政发〔2018〕43号"] {
            assert_eq!(rel(s, n), Relation::BasedOn, "{n}");
        }
        assert_eq!(
            rel(
                "为贯彻落实《山西省人民政府办公厅关于印发山西省全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度实施方案的通知》(晋政办发〔2019〕22号),促进严格规范公正文明执法,结合我市实际,制定本方案。",
                "晋政办发〔2019〕22号"
            ),
            Relation::BasedOn
        );
        // tangshan-tgcbf-2019-12; LawRefBook/Laws …认可和执行台湾地区仲裁裁决的规定(2015-06-29).md
        assert_eq!(
            rel(
                "按照《唐山市人民政府办公厅关于印发唐山市深化工程建设项目审批制度改革实施方案（试行）的通知》（唐政办发〔2019〕1号）要求，为全面推进我市工程建设项目审批制度改革",
                "唐政办发〔2019〕1号"
            ),
            Relation::BasedOn
        );
        assert_eq!(
            rel(
                "根据最高人民法院《关于人民法院认可台湾地区有关法院民事判决的规定》（法释〔1998〕11号），人民法院已经受理但尚未审结的申请",
                "法释〔1998〕11号"
            ),
            Relation::BasedOn
        );
        // A title about repealing does not make the citation a repeal.
        assert_eq!(
            rel(
                "根据《国务院关于废止部分规章的决定》（国发〔2016〕5号），对本市文件进行清理。",
                "国发〔2016〕5号"
            ),
            Relation::BasedOn
        );
        // The repealed one and the basis in one sentence.
        let s = "自本通知印发之日起，《关于印发停车收费管理暂行办法的通知》（某政办发〔2016〕8号）停止执行，停车收费按照《关于修改〈停车收费管理暂行办法〉的通知》（某政办发〔2019〕3号）确定的原则另行制定。";
        assert_eq!(rel(s, "某政办发〔2016〕8号"), Relation::Repeals);
        assert_eq!(rel(s, "某政办发〔2019〕3号"), Relation::BasedOn);
    }

    #[test]
    fn plain_citations() {
        // ../shared/corpus/real/text/04 (国办函〔2004〕80号), its enclosed report: the basis
        // is the vice-premier's 批示 on the 请示, not the 请示 itself.
        assert_eq!(
            rel(
                "为落实曾培炎副总理对《湖北省人民政府关于恳请解决巴东县官渡口镇马鬃山村地质险情有关问题的请示》（鄂政文〔2004〕15号）的批示（办761），我部于2004年4月13日至15日，组织以华中科技大学刘广润院士为组长的专家组",
                "鄂政文〔2004〕15号"
            ),
            Relation::Cites
        );
        // ../shared/corpus/real/text/03: the 题注 of a revised regulation.
        let s = "（1994年1月28日中华人民共和国国务院令第142号发布　根据2005年12月19日《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》第一次修订　2018年12月18日中华人民共和国国务院令第707号第四次修订）";
        assert_eq!(rel(s, "中华人民共和国国务院令第142号"), Relation::Cites);
        assert_eq!(rel(s, "中华人民共和国国务院令第707号"), Relation::Cites);
        assert_eq!(
            rel(
                "结合《某某市实施细则》（某政办发〔2017〕5号）有关规定，现就有关事项通知如下：",
                "某政办发〔2017〕5号"
            ),
            Relation::Cites
        );
        assert_eq!(
            rel(
                "按照省、市统一部署，各地已将《某某办法》（某政发〔2018〕2号）纳入清理范围。",
                "某政发〔2018〕2号"
            ),
            Relation::Cites
        );
    }
}
