//! 施行日期 and 有效期 of a document (GONGWEN.md, "In force"): takes the document's text and
//! its 成文日期, gives `effective` (`本办法自2019年1月1日起施行`, `自印发之日起30日后施行`) and
//! `valid_until` (`有效期5年` → the day before the fifth anniversary of the start,
//! `有效期至2023年12月31日` as printed), each with the phrase as printed. A clause counts only
//! when it speaks of the document itself (`本办法…`, a promulgation sentence, a bare item of
//! the final provisions): `许可证有效期为2个月` or `规章应当自公布之日起30日后施行` do not.
//! Nothing is guessed: a relative date without a 成文日期 keeps its phrase and a null date.

use crate::gongwen::relaxed::Relaxed;

use chrono::{Days, Months, NaiveDate};
use regex::Regex;

use crate::gongwen::date::parse_date;
use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::fold_char;
use crate::model::DatedClause;

/// What a document calls itself (`本办法`, `本实施细则`, `本通知` …): the last word of `本…`.
const SELF_WORDS: &[&str] = &[
    "办法", "细则", "规定", "规则", "通知", "意见", "决定", "方案", "预案", "条例", "制度", "标准",
    "解释", "公告", "通告", "措施", "指引", "目录", "清单", "文件", "规划", "计划", "命令", "令",
    "批复", "函", "纲要", "规程", "守则", "章程", "要点", "政策", "指南", "导则",
];

const DATE: &str = r"[0-9〇○零OΟ一二三四五六七八九]{4}年[0-9〇○零一二三四五六七八九十元]{1,3}月[0-9〇○零一二三四五六七八九十廿卅]{1,4}日";
const NUMBER: &str = r"[0-9]{1,3}|[一二两三四五六七八九十]{1,3}";

/// `[本X]自<date | 印发之日>[起][N日后][起]施行`.
static EFFECTIVE: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(format!(
        r"(?P<subj>本[^，。；：、自《》]{{1,8}}?)?(?:自|从|于)(?:(?P<abs>{DATE})|(?:本[^，。；：、《》]{{1,8}}?)?(?P<rel>印发|发布|公布|颁布|下发|发文|公告|签发|发出)之日)起?(?:(?:满)?(?P<n>{NUMBER})(?:日|天)(?:后|以后))?起?(?P<verb>施行|实施|执行|生效|试行)"
    ))
});
/// `有效期5年`, `有效期为两年`, `有效期 1 年`, `试行期二年`, `有效期6个月`.
static PERIOD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?:有效期限?|试行期限?|执行期限?|实施期限?)(?:为|是|暂定为?)?(?P<n>{NUMBER})(?P<unit>年|个月)"
    ))
    .unwrap()
});
/// `有效期至2023年12月31日`, `有效期截至…`, `执行至…止`.
static UNTIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?:有效期限?|执行期限?|试行期限?|有效|执行|施行|实施)?(?:至|到|截至|截止到|截止至|截止)(?P<d>{DATE})(?:止|为止)?"
    ))
    .unwrap()
});
/// Words every match of [`EFFECTIVE`], [`PERIOD`] and [`UNTIL`] contains: a sentence
/// without them is not searched (most sentences of a document have none).
const EFFECTIVE_VERBS: &[&str] = &["施行", "实施", "执行", "生效", "试行"];
const PERIOD_WORD: char = '期';
const UNTIL_WORDS: &[&str] = &["至", "到", "截止"];

fn may_have(sentence: &str, words: &[&str]) -> bool {
    words.iter().any(|w| sentence.contains(w))
}

/// List markers and article numbers that may stand before a clause of the final provisions.
static MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:第[0-9一二三四五六七八九十百零〇]+条|[0-9一二三四五六七八九十]+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]|[0-9]+(?:[.．][0-9]+)+)*$").unwrap()
});

/// `effective` and `valid_until` of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InForce {
    pub effective: Option<DatedClause>,
    pub valid_until: Option<DatedClause>,
}

/// The text searched: whitespace removed (letter-spaced and wrapped clauses), full-width
/// digits folded, each char mapped back to its byte in the original for the raw phrase.
struct Folded<'a> {
    orig: &'a str,
    text: String,
}

impl<'a> Folded<'a> {
    fn new(orig: &'a str) -> Self {
        let mut text = String::with_capacity(orig.len());
        text.extend(orig.chars().filter(|c| !c.is_whitespace()).map(fold_char));
        Folded { orig, text }
    }

    /// The original text of the folded byte range, line breaks removed. Chars of `text`
    /// are found in `orig` by counting (called once or twice a document: no per-char
    /// tables of a possibly huge body).
    fn raw(&self, r: std::ops::Range<usize>) -> String {
        // Chars of `text` starting before a byte: its bytes that are not UTF-8 continuations.
        let chars_before = |b: usize| {
            self.text.as_bytes()[..b.min(self.text.len())]
                .iter()
                .filter(|&&x| x & 0xC0 != 0x80)
                .count()
        };
        // Byte in `orig` of the n-th char of `text` (`orig.len()` after the last).
        let at = |n: usize| {
            self.orig
                .char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .nth(n)
                .map_or(self.orig.len(), |(i, _)| i)
        };
        let (c0, c1) = (chars_before(r.start), chars_before(r.end));
        let (b0, b1) = (at(c0), at(c1.saturating_sub(1)));
        let last = self.orig[b1..].chars().next().map_or(0, char::len_utf8);
        self.orig[b0..b1 + last]
            .chars()
            .filter(|c| *c != '\n' && *c != '\r')
            .collect()
    }
}

/// A Chinese or Arabic count up to 99 (`5`, `两`, `十二`, `三十`).
fn count(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let d = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|i| i as u32)
    };
    let chars: Vec<char> = s.replace('两', "二").chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None if chars.len() == 1 => d(chars[0]),
        None => None,
        Some(i) => {
            let tens = if i == 0 { 1 } else { d(chars[0])? };
            let units = match &chars[i + 1..] {
                [] => 0,
                [u] => d(*u)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
    }
}

/// Whether `subj` (`本实施办法`) names the document itself.
fn is_self(subj: &str) -> bool {
    SELF_WORDS.iter().any(|w| subj.ends_with(w))
}

/// Whether a clause found after `prefix` (the sentence before it) is the document's own:
/// its subject is `本…`, or nothing but a list marker precedes it, or it closes a
/// promulgation sentence (`现予公布，自…起施行`).
fn own_clause(prefix: &str, subj: Option<&str>) -> bool {
    if let Some(s) = subj {
        return is_self(s);
    }
    let (head, local) = match prefix.rfind(['，', ',']) {
        Some(i) => {
            let comma = prefix[i..].chars().next().map_or(1, char::len_utf8);
            (&prefix[..i], &prefix[i + comma..])
        }
        None => ("", prefix),
    };
    if !MARKER.is_match(local) {
        return false;
    }
    head.is_empty()
        || ["公布", "发布", "印发", "颁布"]
            .iter()
            .any(|w| head.ends_with(w))
        || [
            "现予公布",
            "现公布",
            "予以公布",
            "现予发布",
            "现予印发",
            "现予颁布",
        ]
        .iter()
        .any(|w| head.contains(w))
}

/// One candidate 施行 clause.
struct Clause {
    sentence: usize,
    range: std::ops::Range<usize>,
    subj: Option<String>,
    date: Option<NaiveDate>,
}

/// Reads `effective` and `valid_until` from the document's text. `date` is its 成文日期;
/// `wrapper` its wrapper kind (`印发`, `转发`, `批转`), whose enclosed text's clause wins.
pub fn in_force(body: &str, date: Option<NaiveDate>, wrapper: Option<&str>) -> InForce {
    let f = Folded::new(body);
    let t = f.text.as_str();
    // Sentences: byte ranges of `t` ending at 。！？ (a clause may span a line break).
    let mut sentences = Vec::new();
    let mut s0 = 0;
    for (i, c) in t.char_indices() {
        if matches!(c, '。' | '！' | '？') {
            sentences.push(s0..i);
            s0 = i + c.len_utf8();
        }
    }
    sentences.push(s0..t.len());

    // A relative date is the 成文日期 of the text that says it: the document's own, or the
    // enclosed text's for a 印发 wrapper (the wrapper issues it); a forwarded (转发/批转)
    // text was issued on a date of its own, not read here.
    let base = match wrapper {
        None | Some("印发") => date,
        Some(_) => None,
    };
    let mut clauses = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        let sentence = &t[s.clone()];
        if !may_have(sentence, EFFECTIVE_VERBS) {
            continue;
        }
        for c in EFFECTIVE.captures_iter(sentence) {
            let m = c.get(0).unwrap();
            let subj = c.name("subj").map(|x| x.as_str().to_string());
            if !own_clause(&sentence[..m.start()], subj.as_deref()) {
                continue;
            }
            let when = match (c.name("abs"), c.name("n")) {
                (Some(a), _) => parse_date(a.as_str()),
                (None, None) => base,
                (None, Some(n)) => {
                    count(n.as_str()).and_then(|n| base?.checked_add_days(Days::new(n.into())))
                }
            };
            clauses.push(Clause {
                sentence: k,
                range: s.start + m.start()..s.start + m.end(),
                subj,
                date: when,
            });
        }
    }
    // In a wrapper, the enclosed text's clause (`本办法…`) rather than the wrapper's own
    // (`本通知…`).
    let own_words = ["通知", "函"];
    let chosen = if wrapper.is_some() {
        clauses
            .iter()
            .find(|c| {
                c.subj
                    .as_deref()
                    .is_some_and(|s| !own_words.iter().any(|w| s.ends_with(w)))
            })
            .or(clauses.first())
    } else {
        clauses.first()
    };
    let effective = chosen.map(|c| DatedClause {
        date: c.date.map(|d| d.format("%Y-%m-%d").to_string()),
        raw: f.raw(c.range.clone()),
    });

    let start = chosen.and_then(|c| c.date);
    let mut valid_until = None;
    'outer: for (k, s) in sentences.iter().enumerate() {
        let sentence = &t[s.clone()];
        let period = sentence.contains(PERIOD_WORD);
        let until = may_have(sentence, UNTIL_WORDS);
        if !period && !until {
            continue;
        }
        let found = PERIOD
            .captures_iter(if period { sentence } else { "" })
            .map(|c| (c.get(0).unwrap().range(), Some(c)))
            .chain(
                UNTIL
                    .captures_iter(if until { sentence } else { "" })
                    .map(|c| (c.get(0).unwrap().range(), None::<regex::Captures<'_>>)),
            )
            .collect::<Vec<_>>();
        for (r, period) in found {
            let abs = s.start + r.start;
            // Right after the document's own 施行 clause (`…起施行，有效期5年`) …
            let after_clause = chosen.is_some_and(|c| {
                c.sentence == k
                    && c.range.end <= abs
                    && t[c.range.end..abs].chars().count() <= 2
                    && t[c.range.end..abs]
                        .chars()
                        .all(|x| matches!(x, '，' | ',' | '；' | ';' | '、'))
            });
            // … or said of the document itself (`本办法有效期5年`), or standing alone
            // right after the 施行 clause's sentence (`…起施行。有效期5年。`).
            let prefix = &sentence[..r.start];
            let local = prefix.rsplit(['，', ',', '；', ';']).next().unwrap_or("");
            let of_self = local
                .find('本')
                .is_some_and(|i| is_self(&local[i..]) && local[i..].chars().count() <= 9);
            let alone = MARKER.is_match(prefix) && chosen.is_some_and(|c| c.sentence + 1 == k);
            if !(after_clause || of_self || alone) {
                continue;
            }
            // `至…止` alone is a validity only right after the 施行 clause.
            let until_word = &sentence[r.clone()];
            if period.is_none()
                && !after_clause
                && !["有效", "执行", "试行", "实施"]
                    .iter()
                    .any(|w| until_word.starts_with(w))
            {
                continue;
            }
            let date = match &period {
                Some(c) => {
                    let n = count(&c["n"]);
                    let months = match &c["unit"] {
                        "年" => n.map(|n| n * 12),
                        _ => n,
                    };
                    months.and_then(|m| start?.checked_add_months(Months::new(m))?.pred_opt())
                }
                None => UNTIL.captures(until_word).and_then(|c| parse_date(&c["d"])),
            };
            valid_until = Some(DatedClause {
                date: date.map(|d| d.format("%Y-%m-%d").to_string()),
                raw: f.raw(abs..s.start + r.end),
            });
            break 'outer;
        }
    }
    InForce {
        effective,
        valid_until,
    }
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    EFFECTIVE.warm();
    PERIOD.warm();
    UNTIL.warm();
    MARKER.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words looked for first are in every match: the shortest matches hold them.
    #[test]
    fn every_match_holds_the_words_looked_for_first() {
        for s in [
            "自印发之日起施行",
            "自2019年1月1日起实施",
            "从公布之日起执行",
            "于发布之日生效",
            "自印发之日起试行",
        ] {
            let m = EFFECTIVE.captures(s).expect(s);
            assert!(may_have(&m[0], EFFECTIVE_VERBS), "{s}");
        }
        for s in ["有效期5年", "试行期二年", "执行期限为1年", "实施期6个月"] {
            let m = PERIOD.captures(s).expect(s);
            assert!(m[0].contains(PERIOD_WORD), "{s}");
        }
        for s in [
            "至2023年12月31日",
            "到2023年1月1日",
            "截止2023年1月1日",
            "截至2023年1月1日",
        ] {
            let m = UNTIL.captures(s).expect(s);
            assert!(may_have(&m[0], UNTIL_WORDS), "{s}");
        }
        assert!(!may_have("自印发之日起施", EFFECTIVE_VERBS));
        assert!(EFFECTIVE.captures("自印发之日起施").is_none());
    }

    /// (effective date, raw), (valid_until date, raw) of `body` dated `date`.
    type Found = (
        Option<(Option<String>, String)>,
        Option<(Option<String>, String)>,
    );

    fn read(body: &str, date: &str, wrapper: Option<&str>) -> Found {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        let r = in_force(body, date, wrapper);
        let pair = |c: Option<DatedClause>| c.map(|c| (c.date, c.raw));
        (pair(r.effective), pair(r.valid_until))
    }

    fn dated(date: &str, raw: &str) -> Option<(Option<String>, String)> {
        Some((Some(date.to_string()), raw.to_string()))
    }

    #[test]
    fn absolute_dates_and_promulgation_sentences() {
        // ../shared/corpus/real/text/03 (国务院令第707号), govcn-2019-02-crawl/32 and 58.
        let (e, v) = read(
            "现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。",
            "2018-12-18",
            None,
        );
        assert_eq!(e, dated("2019-01-01", "自2019年1月1日起施行"));
        assert_eq!(v, None);
        let (e, _) = read(
            "第三十六条　本条例自2019年1月1日起施行。",
            "2018-12-18",
            None,
        );
        assert_eq!(e, dated("2019-01-01", "本条例自2019年1月1日起施行"));
        let (e, _) = read(
            "《专利代理条例》已经2018年9月6日国务院第23次常务会议修订通过，现将修订后的《专利代理条例》公布，自2019年3月1日起施行。",
            "2018-11-06",
            None,
        );
        assert_eq!(e, dated("2019-03-01", "自2019年3月1日起施行"));
        // LawRefBook/Laws 司法解释/最高人民法院关于适用《刑事诉讼法》的解释(2021-01-26).md
        let (e, _) = read(
            "第六百五十五条 本解释自2021年3月1日起施行。最高人民法院2012年12月20日发布的《关于适用〈中华人民共和国刑事诉讼法〉的解释》（法释〔2012〕21号）同时废止。",
            "2021-01-26",
            None,
        );
        assert_eq!(e, dated("2021-03-01", "本解释自2021年3月1日起施行"));
        // Chinese numerals, spaced digits, 从…起执行.
        let (e, _) = read("本办法自二〇〇五年一月一日起施行。", "2004-12-01", None);
        assert_eq!(e, dated("2005-01-01", "本办法自二〇〇五年一月一日起施行"));
        let (e, _) = read("本通知从 2019 年 7 月 1 日起执行。", "2019-06-01", None);
        assert_eq!(e, dated("2019-07-01", "本通知从 2019 年 7 月 1 日起执行"));
    }

    #[test]
    fn relative_dates_resolve_against_the_date() {
        // ../shared/corpus/real/text/10 (国办函〔2005〕57号): the enclosed 预案.
        let (e, _) = read("7.3　本预案自印发之日起实施。", "2005-06-11", Some("印发"));
        assert_eq!(e, dated("2005-06-11", "本预案自印发之日起实施"));
        // fixtures/lvliang-2019-01.txt L357: a later date in the same sentence is not it.
        let (e, _) = read(
            "第三十八条 本实施办法自公布之日起施行,2018年10月1日以后与本实施办法不一致的,可参照本实施办法执行。",
            "2019-05-24",
            Some("印发"),
        );
        assert_eq!(e, dated("2019-05-24", "本实施办法自公布之日起施行"));
        let (e, _) = read(
            "第十五条 本办法自印发之日起施行。",
            "2019-04-17",
            Some("印发"),
        );
        assert_eq!(e, dated("2019-04-17", "本办法自印发之日起施行"));
        let (e, _) = read("本意见自发布之日起施行。", "2019-04-17", None);
        assert_eq!(e, dated("2019-04-17", "本意见自发布之日起施行"));
        let (e, _) = read("三、本通知自印发之日起30日后施行。", "2020-01-10", None);
        assert_eq!(e, dated("2020-02-09", "本通知自印发之日起30日后施行"));
        let (e, _) = read("本规定自公布之日起三十日后施行。", "2019-01-31", None);
        assert_eq!(e, dated("2019-03-02", "本规定自公布之日起三十日后施行"));
        // pvmeng.com (pages corpus): `自发布之日起30日后施行,有效期2年`.
        let (e, v) = read(
            "本办法自发布之日起30日后施行,有效期2年。",
            "2019-05-01",
            None,
        );
        assert_eq!(e, dated("2019-05-31", "本办法自发布之日起30日后施行"));
        assert_eq!(v, dated("2021-05-30", "有效期2年"));
        // No 成文日期: the phrase is kept, the date is not guessed.
        let r = in_force("本办法自印发之日起施行，有效期5年。", None, None);
        assert_eq!(r.effective.as_ref().and_then(|c| c.date.clone()), None);
        assert_eq!(
            r.effective.map(|c| c.raw).as_deref(),
            Some("本办法自印发之日起施行")
        );
        assert_eq!(r.valid_until.as_ref().and_then(|c| c.date.clone()), None);
        assert_eq!(r.valid_until.map(|c| c.raw).as_deref(), Some("有效期5年"));
    }

    #[test]
    fn bare_clauses_of_promulgations_and_list_items() {
        // 证监会公告〔2017〕13号: `现公布《…》，自公布之日起施行，原《…》…同时废止。`
        let (e, _) = read(
            "现公布《中国证监会关于证券投资基金估值业务的指导意见》，自公布之日起施行，原《关于进一步规范证券投资基金估值业务的指导意见》（证监会公告〔2008〕38号）同时废止。",
            "2017-09-05",
            None,
        );
        assert_eq!(e, dated("2017-09-05", "自公布之日起施行"));
        let (e, _) = read("现予发布，自发布之日起施行。", "2019-04-17", None);
        assert_eq!(e, dated("2019-04-17", "自发布之日起施行"));
        // A final item of its own: nothing but the list marker before it.
        let (e, _) = read("三、自印发之日起30日后施行。", "2020-01-10", None);
        assert_eq!(e, dated("2020-02-09", "自印发之日起30日后施行"));
        // 财预〔2022〕58号 (成文日期 2022-04-13), 第十四条.
        let (e, v) = read(
            "第十四条 本办法自发布之日起施行。《中央对地方均衡性转移支付办法》（财预〔2019〕108号）同时废止。",
            "2022-04-13",
            None,
        );
        assert_eq!(e, dated("2022-04-13", "本办法自发布之日起施行"));
        assert_eq!(v, None);
        // 合肥 政府购买居家养老服务实施方案, 八、其他事项 2.: `满30日后`; the excerpt carries
        // no 成文日期, so both dates stay null with the phrases kept.
        let hefei = "2．本方案自印发之日起满30日后施行，有效期5年。《合肥市政府购买居家养老服务实施方案》（合民〔2017〕136号）、《合肥市居家养老服务标准服务流程及服务收费参考意见》（合民〔2014〕105号）同时废止。";
        let r = in_force(hefei, None, None);
        let raw = |c: Option<DatedClause>| c.map(|c| (c.date, c.raw));
        assert_eq!(
            raw(r.effective),
            Some((None, "本方案自印发之日起满30日后施行".to_string()))
        );
        assert_eq!(raw(r.valid_until), Some((None, "有效期5年".to_string())));
        // With a date (made up here: the source gives none) they resolve.
        let (e, v) = read(hefei, "2022-06-01", None);
        assert_eq!(e, dated("2022-07-01", "本方案自印发之日起满30日后施行"));
        assert_eq!(v, dated("2027-06-30", "有效期5年"));
    }

    #[test]
    fn validity_periods_and_end_dates() {
        // ../shared/corpus/real/pdf/tangshan-tgcbf-2019-12 (唐港城办发〔2019〕12号).
        let (e, v) = read(
            "七、本办法自印发之日起实施，有效期二年。",
            "2019-03-29",
            Some("印发"),
        );
        assert_eq!(e, dated("2019-03-29", "本办法自印发之日起实施"));
        assert_eq!(v, dated("2021-03-28", "有效期二年"));
        // The day before the anniversary, leap years included.
        let (_, v) = read(
            "第四条 本办法自2019年3月1日起施行，有效期5年。",
            "2019-01-15",
            None,
        );
        assert_eq!(v, dated("2024-02-29", "有效期5年"));
        let (_, v) = read("本细则自印发之日起实施，有效期 1 年。", "2019-04-10", None);
        assert_eq!(v, dated("2020-04-09", "有效期 1 年"));
        let (_, v) = read("本方案自印发之日起施行，有效期两年。", "2019-04-10", None);
        assert_eq!(v, dated("2021-04-09", "有效期两年"));
        let (_, v) = read(
            "本通知自2019年1月1日起施行，有效期6个月。",
            "2018-12-01",
            None,
        );
        assert_eq!(v, dated("2019-06-30", "有效期6个月"));
        let (_, v) = read(
            "四、本细则自印发之日起实施，有效期至2018年12月31日。",
            "2017-01-10",
            None,
        );
        assert_eq!(v, dated("2018-12-31", "有效期至2018年12月31日"));
        let (_, v) = read(
            "本办法自2019年1月1日起执行，至2021年12月31日止。",
            "2018-12-01",
            None,
        );
        assert_eq!(v, dated("2021-12-31", "至2021年12月31日止"));
        // Said of the document itself, or standing alone after the 施行 sentence.
        let (e, v) = read("本通知有效期至2020年12月31日。", "2019-12-01", None);
        assert_eq!(e, None);
        assert_eq!(v, dated("2020-12-31", "有效期至2020年12月31日"));
        let (_, v) = read(
            "本办法自2019年1月1日起施行。有效期5年。",
            "2018-12-01",
            None,
        );
        assert_eq!(v, dated("2023-12-31", "有效期5年"));
    }

    #[test]
    fn clauses_that_are_not_the_documents_own() {
        let none: Found = (None, None);
        // LawRefBook/Laws 行政法规/规章制定程序条例(2017-12-22).md: about rules in general.
        assert_eq!(
            read(
                "第三十二条 规章应当自公布之日起30日后施行；但是，涉及国家安全的除外。",
                "2017-12-22",
                None
            ),
            none
        );
        // LawRefBook/Laws …重庆市食品生产加工小作坊和食品摊贩管理条例(2016-11-24).md
        assert_eq!(
            read(
                "本条例施行前，食品小作坊和食品摊贩已经取得的核准证、备案证在有效期内继续有效。",
                "2016-11-24",
                None
            ),
            none
        );
        assert_eq!(
            read(
                "登记证有效期三年。有效期满需要延续的，应当在届满三十日前提出申请。",
                "2016-11-24",
                None
            ),
            none
        );
        // tangshan-tgcbf-2019-12, fixtures/lvliang-2019-01.txt L1789 and L1699,
        // govcn-2019-02-crawl/57: licences, reports, form fields.
        for s in [
            "四、建设工程规划预许可证有效期为两个月，在有效期内，建设单位须完成所有正式规划审批手续。",
            "信用报告原则上有效期为1年,有效期内可重复使用。",
            "16.有效期至: 必填项, 填写行政许可决定的截止日期, 格式为YYYY/MM/DD, 2099/12/31 的含义为长期。",
            "省级文化部门核发的批准文件在有效期内可一证多批使用，但最多不超过六批。",
            "《中华人民共和国土壤污染防治法》已由第十三届全国人民代表大会常务委员会通过，自2019年1月1日起施行。",
            "三、本市自2019年1月1日起实施新的收费标准。",
            "请认真贯彻执行。",
        ] {
            assert_eq!(read(s, "2019-06-01", None), none, "{s}");
        }
        // The licence sentence next to the document's clause does not become its validity.
        let (_, v) = read(
            "第三条 占用许可证有效期为3个月。第五条 本办法自2016年3月1日起施行，有效期5年。",
            "2016-02-15",
            Some("印发"),
        );
        assert_eq!(v, dated("2021-02-28", "有效期5年"));
    }

    #[test]
    fn in_a_wrapper_the_enclosed_clause_applies() {
        let body = "现将《某某市管理办法》印发给你们，请认真贯彻执行。本通知自印发之日起施行。\n某某市管理办法\n第十条 本办法自2019年7月1日起施行。";
        let (e, _) = read(body, "2019-06-01", Some("印发"));
        assert_eq!(e, dated("2019-07-01", "本办法自2019年7月1日起施行"));
        let (e, _) = read(body, "2019-06-01", None);
        assert_eq!(e, dated("2019-06-01", "本通知自印发之日起施行"));
        // A forwarded text's `印发之日` is its own date, not the wrapper's: not guessed.
        let (e, _) = read(
            "第二十条 本办法自印发之日起施行。",
            "2019-06-01",
            Some("转发"),
        );
        assert_eq!(e, Some((None, "本办法自印发之日起施行".to_string())));
    }
}
