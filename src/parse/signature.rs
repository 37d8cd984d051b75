//! 发文机关署名 and 成文日期: the signature lines right above the date line. The 成文日期 is
//! the first date line that follows a signature — for a 印发/转发 wrapper that is the
//! wrapper's own date, printed before the enclosed document (whose dates come later), and
//! for a document with attachments it comes before the attachments' own signatures.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::standalone_doc_number;
use crate::gongwen::notes::note_of_line;
use crate::gongwen::text::{is_han, squash_ws};
use crate::model::Signer;

/// The signature block and 成文日期 of a span.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    pub issuers: Vec<String>,
    pub signer: Option<Signer>,
    pub date: Option<NaiveDate>,
    pub date_raw: Option<String>,
    /// Index of the date line in the span.
    pub date_line: Option<usize>,
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9０-９]{1,3}\s*[.．、]|[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十0-9]{1,3}[）)]|第[一二三四五六七八九十百0-9]+[章条节])")
        .unwrap()
});
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<t>\p{Han}{0,12}?(?:总理|副总理|主席|省长|市长|县长|区长|州长|旗长|盟长|部长|主任|局长|署长|行长|院长|书记|厅长|镇长|乡长|秘书长|委员长|司令员|政委))[\s　]+(?P<n>\p{Han}[\p{Han}·\s　]{0,9})$")
        .unwrap()
});

static SEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(][^（）()]*(?:印章|盖章|公章|签章|签名)[^（）()]*[）)]$").unwrap()
});

/// Last characters of an organ's name: used to tell joint issuers on one line
/// (`国务院　中央军委`) from a name with justification spaces.
const ORGAN_ENDINGS: &[char] = &[
    '院', '委', '厅', '府', '部', '局', '办', '室', '会', '行', '署', '司', '处', '团', '社', '队',
    '所', '心', '站', '军', '组', '校', '馆', '联', '盟', '区', '县', '市', '省', '党', '央', '学',
    '镇', '乡', '道', '村', '厂', '科', '股', '位', '协', '台', '旗', '州', '大',
];

/// Closing formulas printed without a full stop (`特此通知`, `此复`) end the body, not sign it.
const CLOSING: &[&str] = &[
    "特此",
    "此复",
    "此函",
    "此令",
    "专此",
    "请遵照",
    "请认真",
    "以上",
];
/// Phone numbers, postcodes and the like: a signature names an organ, not a number.
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]{3,}").unwrap());

static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:[A-Za-z]{1,8}|#[0-9]{1,6});").unwrap());

/// A signature line without HTML entity residue (`国务院办公厅  &sp;` in web reprints).
fn clean(line: &str) -> String {
    ENTITY.replace_all(line, " ").trim().to_string()
}

/// A line that can stand in a signature block: a short name without sentence punctuation.
pub fn is_signature_line(line: &str) -> bool {
    let t = clean(line);
    let t = t.as_str();
    let n = t.chars().filter(|c| !c.is_whitespace()).count();
    // A placeholder signature may be Latin only (`Xxxxxxxxxxxxx` in a WPS template).
    let latin_name = n >= 2 && t.chars().all(|c| c.is_ascii_alphabetic());
    if n == 0 || n > 40 || t.contains('\t') || !(t.chars().any(is_han) || latin_name) {
        return false;
    }
    // `·` alone joins the parts of a name (`买买提·艾力`); a run of them is a leader.
    if t.chars().any(|c| "。，；：:;,！？!?《》“”\"…".contains(c)) || t.contains("··")
    {
        return false;
    }
    if t.starts_with("附件")
        || t.starts_with("附:")
        || t.starts_with("附：")
        || LIST_MARKER.is_match(t)
        || CLOSING.iter().any(|c| t.starts_with(c))
        || PHONE.is_match(t)
    {
        return false;
    }
    parse_date(t).is_none() && note_of_line(t).is_none() && standalone_doc_number(t).is_none()
}

/// A person signing (`总理　李克强`, `省长 XXX`).
pub fn signer_of_line(line: &str) -> Option<Signer> {
    let c = PERSON.captures(line.trim())?;
    let name: String = c["n"].chars().filter(|c| !c.is_whitespace()).collect();
    if name.chars().count() > 8 {
        return None;
    }
    Some(Signer {
        title: Some(c["t"].to_string()),
        name,
    })
}

/// The issuers on one signature line: joint documents may print them on one line separated
/// by spaces; otherwise spaces are justification and are removed.
pub fn split_issuers(line: &str) -> Vec<String> {
    // Justification can also cut a name (`吕梁市人民政府 办公室`): a generic tail or a
    // one- or two-character piece belongs to the part before it.
    let mut parts: Vec<String> = Vec::new();
    for p in line
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|p| !p.is_empty())
    {
        match parts.last_mut() {
            Some(prev) if p.chars().count() <= 2 || GENERIC_TAILS.contains(&p) => prev.push_str(p),
            _ => parts.push(p.to_string()),
        }
    }
    let organ = |p: &String| {
        p.chars().count() >= 2 && p.chars().last().is_some_and(|c| ORGAN_ENDINGS.contains(&c))
    };
    if parts.len() >= 2 && parts.iter().all(organ) {
        return parts;
    }
    let s = squash_ws(line);
    if s.is_empty() { Vec::new() } else { vec![s] }
}

/// The signature lines right above line `date_line`, top-down.
fn block_above(lines: &[&str], date_line: usize, floor: usize) -> Vec<String> {
    let mut block = Vec::new();
    let mut j = date_line;
    while j > floor {
        j -= 1;
        let l = lines[j].trim();
        // Blank lines, and a bracketed seal placeholder between signature and date
        // (`（此处添加印章图片或文字说明）`, `（印章）`), do not end the block.
        if l.is_empty() || SEAL.is_match(l) {
            continue;
        }
        if !is_signature_line(l) || block.len() >= 8 {
            break;
        }
        // Above the line nearest the date, only organ names (or a signing person) continue
        // the block: `王立伟为吕梁市副市长` in a 任免 list is not a signature.
        let cleaned = clean(l);
        let below_is_fragment = block.last().is_some_and(|b: &String| is_fragment(b));
        // The line nearest the date may also be a Latin placeholder; a sentence without
        // a full stop (`请各单位认真落实`) is no signature.
        let nearest =
            block.is_empty() && (is_latin_placeholder(&cleaned) || continues_block(&cleaned));
        if !(nearest || below_is_fragment || (!block.is_empty() && continues_block(&cleaned))) {
            break;
        }
        block.push(cleaned);
    }
    block.reverse();
    block
}

/// An organ's name: ends in an organ word (`…府`, `…局`, `…委员会`), a trailing bracket
/// such as `（章）` aside.
fn organ_like(name: &str) -> bool {
    let base = match name.rfind(['（', '(']) {
        Some(i) if i > 0 && name.ends_with(['）', ')']) => &name[..i],
        _ => name,
    };
    base.chars()
        .last()
        .is_some_and(|c| ORGAN_ENDINGS.contains(&c))
}

fn is_latin_placeholder(line: &str) -> bool {
    let t = squash_ws(line);
    t.chars().count() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// The tail of a name wrapped onto its own line (`室`, `办公室`).
fn is_fragment(line: &str) -> bool {
    let name = squash_ws(line);
    name.chars().count() <= 2 || GENERIC_TAILS.contains(&name.as_str())
}

fn continues_block(line: &str) -> bool {
    signer_of_line(line).is_some()
        || is_fragment(line)
        || split_issuers(line).iter().all(|p| organ_like(p))
}

const GENERIC_TAILS: &[&str] = &[
    "办公室",
    "办公厅",
    "委员会",
    "领导小组",
    "工作领导小组",
    "指挥部",
    "联席会议",
    "中心支行",
];

/// Issuers and signer from a signature block; an orphaned fragment (`室` under
/// `…办公室`) is dropped when the line above already ends with it, else glued to it.
fn read_block(block: &[String]) -> (Vec<String>, Option<Signer>) {
    let mut issuers: Vec<String> = Vec::new();
    let mut signer = None;
    for l in block {
        if let Some(s) = signer_of_line(l) {
            signer.get_or_insert(s);
            continue;
        }
        let squashed = squash_ws(l);
        // A name wrapped over two lines leaves a generic tail (`办公室`) that names nobody.
        if (squashed.chars().count() <= 2 || GENERIC_TAILS.contains(&squashed.as_str()))
            && let Some(prev) = issuers.last_mut()
        {
            if !prev.ends_with(&squashed) {
                prev.push_str(&squashed);
            }
            continue;
        }
        issuers.extend(split_issuers(l));
    }
    (issuers, signer)
}

static TRAILING_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<d>.+?)\s*(?P<b>[（(][^（）()]{1,40}[）)])$").unwrap());

/// A 成文日期 line: the date alone, or followed on the same line by a note or a seal
/// placeholder (`2019年4月7日（此件公开发布）`). Returns the date and its printed text.
pub fn date_of_line(line: &str) -> Option<(NaiveDate, String)> {
    let t = line.trim();
    if let Some(d) = parse_date(t) {
        return Some((d, t.to_string()));
    }
    // A date with a note after it is short and ends with the note's bracket.
    if t.len() > 160 || !t.ends_with([')', '）']) {
        return None;
    }
    let c = TRAILING_BRACKETS.captures(t)?;
    let b = &c["b"];
    if note_of_line(b).is_none() && !SEAL.is_match(b) {
        return None;
    }
    parse_date(&c["d"]).map(|d| (d, c["d"].trim().to_string()))
}

fn prev_nonempty<'a>(lines: &[&'a str], i: usize, floor: usize) -> Option<&'a str> {
    lines[floor.min(i)..i]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

fn next_nonempty<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines
        .iter()
        .skip(i + 1)
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

/// Find the signature block and 成文日期 at or after line `from`.
pub fn find_signature(lines: &[&str], from: usize) -> Signature {
    let dates: Vec<(usize, NaiveDate)> = (from..lines.len())
        .filter_map(|i| date_of_line(lines[i]).map(|(d, _)| (i, d)))
        .collect();
    let make = |i: usize, d: NaiveDate, issuers, signer| Signature {
        issuers,
        signer,
        date: Some(d),
        date_raw: date_of_line(lines[i]).map(|(_, raw)| raw),
        date_line: Some(i),
    };
    for &(i, d) in &dates {
        let block = block_above(lines, i, from);
        if !block.is_empty() {
            let (issuers, signer) = read_block(&block);
            return make(i, d, issuers, signer);
        }
    }
    // No signature printed: a date line still counts when a note follows it or it ends the
    // span (a reprint that kept only the date).
    for &(i, d) in &dates {
        match next_nonempty(lines, i) {
            None => return make(i, d, Vec::new(), None),
            Some(n) if note_of_line(n).is_some() => return make(i, d, Vec::new(), None),
            _ => {}
        }
    }
    // Or when it closes a paragraph (a wrapper whose signature was dropped in the reprint).
    if let Some(&(i, d)) = dates.first()
        && prev_nonempty(lines, i, from).is_some_and(|p| p.ends_with(['。', '！']))
    {
        return make(i, d, Vec::new(), None);
    }
    Signature::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(lines: &[&str]) -> Signature {
        find_signature(lines, 0)
    }

    #[test]
    fn single_issuer_and_date() {
        let s = sig(&[
            "正文。",
            "",
            "吕梁市人民政府",
            "2019年4月7日",
            "",
            "（此件公开发布）",
        ]);
        assert_eq!(s.issuers, ["吕梁市人民政府"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 7));
        assert_eq!(s.date_raw.as_deref(), Some("2019年4月7日"));
        assert_eq!(s.date_line, Some(3));
    }

    #[test]
    fn joint_one_per_line_lead_first() {
        let s = sig(&[
            "正文。",
            "吕梁市发展和改革委员会",
            "中国人民银行吕梁市中心支行",
            "中共吕梁市委机构编制委员会办公室",
            "",
            "2019年2月26日",
        ]);
        assert_eq!(
            s.issuers,
            [
                "吕梁市发展和改革委员会",
                "中国人民银行吕梁市中心支行",
                "中共吕梁市委机构编制委员会办公室"
            ]
        );
    }

    #[test]
    fn joint_on_one_line_with_ideographic_spaces() {
        let s = sig(&[
            "正文。",
            "国务院　中央军委　　　",
            "",
            "一九九六年十一月五日",
        ]);
        assert_eq!(s.issuers, ["国务院", "中央军委"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(1996, 11, 5));
    }

    #[test]
    fn trailing_spaces_and_spaced_date() {
        let s = sig(&["正文。", "国务院办公厅       　", "2019 年 6 月 1 日"]);
        assert_eq!(s.issuers, ["国务院办公厅"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 6, 1));
    }

    #[test]
    fn orphaned_fragment() {
        let s = sig(&[
            "正文。",
            "吕梁市人民政府办公室",
            "",
            "室",
            "",
            "2019年5月28日",
        ]);
        assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
        let s = sig(&["正文。", "吕梁市人民政府办公", "室", "2019年5月28日"]);
        assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
    }

    #[test]
    fn closing_formula_and_phone_are_not_signatures() {
        let s = sig(&["请抓紧办理。", "特此通知", "吕梁市人民政府", "2019年4月7日"]);
        assert_eq!(s.issuers, ["吕梁市人民政府"]);
        let s = sig(&["此复", "国务院", "2018年11月20日"]);
        assert_eq!(s.issuers, ["国务院"]);
        assert!(!is_signature_line("联系电话 0358 8221234"));
    }

    #[test]
    fn justified_name_is_one_issuer_joint_names_are_several() {
        assert_eq!(
            split_issuers("吕梁市人民政府 办公室"),
            ["吕梁市人民政府办公室"]
        );
        assert_eq!(split_issuers("吕 梁 市 人 民 政 府"), ["吕梁市人民政府"]);
        assert_eq!(
            split_issuers("财政部　税务总局　海关总署"),
            ["财政部", "税务总局", "海关总署"]
        );
        assert_eq!(
            split_issuers("共青团中央 全国妇联"),
            ["共青团中央", "全国妇联"]
        );
        assert_eq!(split_issuers("国务院、中央军委"), ["国务院", "中央军委"]);
    }

    #[test]
    fn name_with_middle_dot() {
        let s = sig(&["现予公布。", "主席　买买提·艾力", "2019年1月1日"]);
        assert_eq!(s.signer.unwrap().name, "买买提·艾力");
        assert!(!is_signature_line("关于做好安全生产工作的通知·····"));
    }

    #[test]
    fn sentence_without_full_stop_is_not_a_signature() {
        let s = sig(&["请各单位认真落实", "2019年4月7日", "某某方案"]);
        assert!(s.issuers.is_empty());
        let s = sig(&["正文。", "吕梁市人民政府（章）", "2019年4月7日"]);
        assert_eq!(s.issuers, ["吕梁市人民政府（章）"]);
    }

    #[test]
    fn appointment_list_is_not_a_signature() {
        let s = sig(&[
            "决定任命：",
            "王立伟为吕梁市副市长",
            "吕梁市人民政府",
            "2019年4月7日",
        ]);
        assert_eq!(s.issuers, ["吕梁市人民政府"]);
    }

    #[test]
    fn wrapped_name_leaves_generic_tail() {
        let s = sig(&["正文。", "吕梁市人民政府", "办公室", "2019年5月28日"]);
        assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
    }

    #[test]
    fn date_closing_a_paragraph_without_signature() {
        let s = sig(&[
            "现印发给你们，请认真贯彻执行。",
            "2019年1月10日",
            "某某实施方案",
            "一、总体要求",
        ]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 1, 10));
        assert!(s.issuers.is_empty());
    }

    #[test]
    fn decree_signer() {
        let s = sig(&[
            "现予公布，自2019年1月1日起施行。",
            "",
            "总理　　李克强",
            "",
            "2018年12月18日",
        ]);
        assert!(s.issuers.is_empty());
        assert_eq!(
            s.signer,
            Some(Signer {
                title: Some("总理".into()),
                name: "李克强".into()
            })
        );
        assert_eq!(signer_of_line("省长 楼阳生").unwrap().name, "楼阳生");
    }

    #[test]
    fn wrapper_date_before_enclosed_document() {
        let s = sig(&[
            "现将《办法》印发给你们，请认真组织实施。",
            "吕梁市人民政府",
            "2019年5月24日",
            "吕梁市残疾儿童康复救助制度实施办法",
            "第一条 本办法自2019年6月1日起施行。",
            "吕梁市残联",
            "2019年6月1日",
        ]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 5, 24));
        assert_eq!(s.issuers, ["吕梁市人民政府"]);
    }

    #[test]
    fn attachment_list_and_body_dates_are_not_signatures() {
        let s = sig(&[
            "三、清明节：4月5日放假，与周末连休。",
            "附件 1. “双公示”信息填报说明",
            "2. “双公示”工作台账",
            "吕梁市发展和改革委员会",
            "2019 年 6 月 12 日",
        ]);
        assert_eq!(s.issuers, ["吕梁市发展和改革委员会"]);
    }

    #[test]
    fn missing_signature_and_date() {
        let s = sig(&["正文。", "附件:全市目标分解表", "附件", "县 别\t乡镇数"]);
        assert_eq!(s, Signature::default());
        // A date line right after the body, followed by nothing, is the date without issuer.
        let s = sig(&["正文。", "2019年1月1日"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 1, 1));
        assert!(s.issuers.is_empty());
    }

    #[test]
    fn latin_placeholder_and_seal_placeholder() {
        let s = sig(&[
            "正文部分",
            "联系人：xxxxx",
            "Xxxxxxxxxxxxx",
            "2012 年 12 月 12 日",
            "抄送：教育局。",
        ]);
        assert_eq!(s.issuers, ["Xxxxxxxxxxxxx"]);
        let s = sig(&[
            "以上内容用于验证。",
            "BJTU 单位",
            "（此处添加印章图片或文字说明）",
            "二〇二三年一月一日",
        ]);
        assert_eq!(s.issuers, ["BJTU单位"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2023, 1, 1));
    }

    #[test]
    fn date_and_note_on_one_line() {
        let s = sig(&["正文。", "吕梁市人民政府", "2019年4月7日（此件公开发布）"]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 7));
        assert_eq!(s.date_raw.as_deref(), Some("2019年4月7日"));
        assert_eq!(date_of_line("2019年4月7日（另行通知）"), None);
    }

    #[test]
    fn html_entity_residue_in_web_reprints() {
        let s = sig(&[
            "正文。",
            "国务院办公厅         &sp;",
            "一九九六年七月十七日",
        ]);
        assert_eq!(s.issuers, ["国务院办公厅"]);
    }

    #[test]
    fn signature_line_shapes() {
        assert!(is_signature_line("吕梁市人民政府办公室"));
        assert!(!is_signature_line("一、总体要求"));
        assert!(!is_signature_line("（一）指导思想。"));
        assert!(!is_signature_line("联系人：向东"));
        assert!(!is_signature_line("吕政发〔2019〕2号"));
        assert!(!is_signature_line("类别\t名称"));
    }
}
