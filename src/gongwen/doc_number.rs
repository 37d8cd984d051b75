//! 发文字号 (文号) and 令号: parsing every printed variant to one normalised form, and telling
//! a document's own number (a line holding nothing but one 文号) from a citation. The 文号 is
//! the main delimiter of a gazette and the key of every query, so clean, segment, parse,
//! grep and check all recognise and normalise it here (citations: `references`).

use crate::gongwen::relaxed::Relaxed;

use regex::Regex;

use super::text::{fold_brackets, fold_chars, strip_ws};
use crate::gongwen::lazy::Lazy;
use crate::model::{DocNumber, DocNumberKind};

/// Fold a 文号-like string to the one shape the patterns below match: no whitespace, ASCII
/// digits, 〔〕 brackets, simplified characters. Queries (`grep --number`) fold the same way.
pub fn fold_number(s: &str) -> String {
    fold_brackets(&fold_chars(&strip_ws(s)))
}

/// The normal form of a 文号 as stored or typed (`云川政发(2016)3 号` → `云川政发〔2016〕3号`),
/// the key on which grep and check match one document's number with another's citation.
pub fn number_key(s: &str) -> String {
    let folded = fold_number(s);
    parse_doc_number(&folded).map_or(folded, |d| d.text)
}

pub(super) const PLACEHOLDER: &str = r"[Xx×＊*某○〇]+";

static DECREE: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?P<h>\p{Han}{1,30}令)(?:(?P<y>[0-9]{4})年|〔(?P<yb>[0-9]{4})〕)?第?(?P<n>[0-9]+)号$",
    )
});
static ANNOUNCEMENT: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?P<c>\p{Han}{0,30}公告)(?:(?P<y>[0-9]{4})年|〔(?P<yb>[0-9]{4})〕)第?(?P<n>[0-9]+)号$",
    )
});
static STANDARD: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(format!(
        r"^(?P<c>[\p{{Han}}A-Za-z·]{{1,24}})〔(?P<y>[0-9]{{4}}|[0-9]{{2}}[Xx×]{{2}}|[Xx×]{{2,4}})〕第?(?P<n>[0-9]+|{PLACEHOLDER})?号$"
    ))
});
static YEAR_FIRST: Lazy<Relaxed> =
    Lazy::new(|| Relaxed::new(r"^〔(?P<y>[0-9]{4})〕(?P<c>\p{Han}{1,20}?)第?(?P<n>[0-9]+)号$"));
static NO_BRACKETS: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?P<c>[\p{Han}A-Za-z]{0,23}\p{Han})(?P<y>(?:19[5-9]|20[0-9])[0-9])(?P<n>[0-9]{1,5})号$",
    )
});
static DECREE_NUMBER_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?P<y>[0-9]{4})年|〔(?P<yb>[0-9]{4})〕)?第(?P<n>[0-9]+)号$").unwrap()
});

/// The State Council's decree is printed three ways; one normalised header for all.
fn canonical_header(h: &str) -> String {
    match h {
        "国令" | "国务院令" | "中华人民共和国国务院令" => "国务院令".to_string(),
        _ => h.to_string(),
    }
}

fn num(s: Option<regex::Match<'_>>) -> Option<u32> {
    s.and_then(|m| m.as_str().parse().ok())
}

fn year(s: Option<regex::Match<'_>>) -> Option<i32> {
    s.and_then(|m| m.as_str().parse().ok())
}

pub(super) fn decree(
    header: &str,
    y: Option<&str>,
    bracket_year: bool,
    n: u32,
    raw: &str,
) -> DocNumber {
    let code = canonical_header(header);
    let year_part = match y {
        Some(y) if bracket_year => format!("〔{y}〕"),
        Some(y) => format!("{y}年"),
        None => String::new(),
    };
    DocNumber {
        text: format!("{code}{year_part}第{n}号"),
        raw: raw.to_string(),
        code,
        year: y.and_then(|y| y.parse().ok()),
        serial: Some(n),
        kind: DocNumberKind::Decree,
    }
}

pub(super) fn standard(code: &str, y: &str, serial: &str, raw: &str) -> DocNumber {
    let n: Option<u32> = serial.parse().ok();
    let serial_text = match n {
        Some(n) => n.to_string(),
        None => serial.to_uppercase(),
    };
    DocNumber {
        text: format!("{code}〔{y}〕{serial_text}号"),
        raw: raw.to_string(),
        code: code.to_string(),
        year: y.parse().ok(),
        serial: n,
        kind: DocNumberKind::Standard,
    }
}

/// Parse a 文号-like string (any printed variant) into its normalised form; None when the
/// string is not one 文号.
pub fn parse_doc_number(s: &str) -> Option<DocNumber> {
    let raw = s.trim();
    let t = fold_number(raw);
    if t.is_empty() || t.chars().count() > 60 {
        return None;
    }
    if let Some(c) = DECREE.captures(&t) {
        let h = &c["h"];
        // `命令`/`指令` in a sentence is not a decree header; a header names an organ.
        if h.chars().count() >= 2 && !h.ends_with("命令") && !h.ends_with("指令") {
            let (y, b) = match (c.name("y"), c.name("yb")) {
                (Some(y), _) => (Some(y.as_str()), false),
                (None, Some(y)) => (Some(y.as_str()), true),
                _ => (None, false),
            };
            // `令` without `第` and without a year reads as an ordinary code ending in 令.
            if t.contains('第') || y.is_some() {
                return Some(decree(h, y, b, num(c.name("n"))?, raw));
            }
        }
    }
    if let Some(c) = ANNOUNCEMENT.captures(&t) {
        let y = c.name("y").or(c.name("yb"));
        let n = num(c.name("n"))?;
        let code = c["c"].to_string();
        let year_part = y.map(|y| format!("{}年", y.as_str())).unwrap_or_default();
        return Some(DocNumber {
            text: format!("{code}{year_part}第{n}号"),
            raw: raw.to_string(),
            code,
            year: year(y),
            serial: Some(n),
            kind: DocNumberKind::Announcement,
        });
    }
    if let Some(c) = STANDARD.captures(&t) {
        let code = c["c"].trim_end_matches('第');
        if !code.is_empty() {
            let serial = c.name("n").map(|m| m.as_str()).unwrap_or("");
            return Some(standard(code, &c["y"], serial, raw));
        }
    }
    if let Some(c) = YEAR_FIRST.captures(&t) {
        return Some(standard(&c["c"], &c["y"], &c["n"], raw));
    }
    if let Some(c) = NO_BRACKETS.captures(&t) {
        let code = &c["c"];
        if !code.ends_with('第') && !code.ends_with('年') {
            return Some(standard(code, &c["y"], &c["n"], raw));
        }
    }
    None
}

/// Words that never occur inside a 机关代字: a code that holds one is a sentence.
fn looks_like_code(code: &str) -> bool {
    let n = code.chars().count();
    (1..=16).contains(&n)
        && !["的", "关于", "通知", "按照", "根据", "文件", "是", "了"]
            .iter()
            .any(|w| code.contains(w))
}

/// A heading that carries its own number in brackets at its end, as web reprints and
/// compilations print it: `…印发《…》的通知(岳办发〔2017〕2号)`. Returns the heading
/// (without the number) and the number.
pub fn heading_with_number(line: &str) -> Option<(&str, DocNumber)> {
    let t = line.trim_end();
    if !t.ends_with([')', '）']) || t.len() > 400 {
        return None;
    }
    let open = t.rfind(['(', '（'])?;
    let heading = t[..open].trim_end();
    let number = standalone_doc_number(&t[open..])?;
    let words = heading.chars().count();
    (words >= 6 && !heading.ends_with(['。', '，', '；', '：', '、'])).then_some((heading, number))
}

/// Some only when the line holds nothing but one 文号, optionally wrapped in brackets
/// (`（国办发〔2019〕4号）`): the document's own number, never a citation in a sentence.
pub fn standalone_doc_number(line: &str) -> Option<DocNumber> {
    let t = line.trim();
    let n = t.chars().count();
    if !(4..=48).contains(&n) {
        return None;
    }
    if t.chars().any(|c| "，。；：,;:、《》“”\"".contains(c)) {
        return None;
    }
    let mut candidates = vec![t];
    let first = t.chars().next()?;
    let last = t.chars().last()?;
    if "（(〔[【［".contains(first) && "）)〕]】］".contains(last) {
        candidates.insert(0, &t[first.len_utf8()..t.len() - last.len_utf8()]);
    }
    for c in candidates {
        if let Some(d) = parse_doc_number(c)
            && looks_like_code(&d.code)
        {
            return Some(d);
        }
    }
    None
}

/// Two 文号 codes of one issuer as OCR may read them: equal, or of one length and one
/// character apart anywhere but the last (吕政办发 / 虽政办发 / 昌政办发 — a misread of the
/// bold heading font; the last character tells 发/函/办 apart and is never tolerated).
/// Used to keep documents apart, never to rewrite a number.
pub fn codes_alike(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.len() != y.len() || x.len() < 3 || x.last() != y.last() {
        return false;
    }
    x.iter().zip(&y).filter(|(p, q)| p != q).count() == 1
}

static DECREE_HEADER: Lazy<Relaxed> = Lazy::new(|| Relaxed::new(r"^\p{Han}{1,30}令$"));

/// A line that is only a decree header (`吕梁市人民政府令`, `中华人民共和国国务院令`).
pub fn is_decree_header(line: &str) -> bool {
    if line.len() > 200 || !line.trim_end().ends_with('令') {
        return false;
    }
    let t = strip_ws(line);
    if !DECREE_HEADER.is_match(&t) || t.chars().count() < 2 {
        return false;
    }
    if [
        "命令", "指令", "法令", "禁令", "口令", "政令", "军令", "号令",
    ]
    .iter()
    .any(|w| t.ends_with(w))
        && !t.ends_with("国令")
    {
        return false;
    }
    if t.contains('的') || t.contains("关于") {
        return false;
    }
    // A header names an organ (or the head of state).
    [
        "政府",
        "国务院",
        "部",
        "委",
        "局",
        "署",
        "院",
        "行",
        "厅",
        "主席",
        "国",
        "办",
        "会",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The number of a decree from the `第707号` line under its header.
pub fn decree_number(header: &str, number_line: &str) -> Option<DocNumber> {
    let h = strip_ws(header);
    let raw = number_line.trim();
    let t = fold_number(raw);
    if let Some(c) = DECREE_NUMBER_LINE.captures(&t) {
        let (y, b) = match (c.name("y"), c.name("yb")) {
            (Some(y), _) => (Some(y.as_str()), false),
            (None, Some(y)) => (Some(y.as_str()), true),
            _ => (None, false),
        };
        return Some(decree(&h, y, b, num(c.name("n"))?, raw));
    }
    // The number line may repeat the header (`国务院令第707号`).
    parse_doc_number(raw).filter(|d| d.kind == DocNumberKind::Decree)
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    DECREE.warm();
    ANNOUNCEMENT.warm();
    STANDARD.warm();
    YEAR_FIRST.warm();
    NO_BRACKETS.warm();
    DECREE_NUMBER_LINE.warm();
    DECREE_HEADER.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        parse_doc_number(s).map(|d| d.text).unwrap_or_default()
    }

    #[test]
    fn standard_and_space_before_hao() {
        let d = parse_doc_number("吕政发〔2019〕2 号").unwrap();
        assert_eq!(d.text, "吕政发〔2019〕2号");
        assert_eq!(d.raw, "吕政发〔2019〕2 号");
        assert_eq!(d.code, "吕政发");
        assert_eq!(d.year, Some(2019));
        assert_eq!(d.serial, Some(2));
        assert_eq!(d.kind, DocNumberKind::Standard);
    }

    #[test]
    fn bracket_kinds_and_space_inside() {
        for s in [
            "劳社部发[2000]8号",
            "人薪发［1995］32号",
            "国办发【2000】8号",
            "国办发(1985)49号",
            "温国土资发（2018）366号",
            "国办发〔 2019 〕4号",
        ] {
            let d = parse_doc_number(s).unwrap();
            assert!(d.text.contains('〔') && d.text.contains('〕'), "{s}");
            assert_eq!(d.kind, DocNumberKind::Standard);
        }
        assert_eq!(text("国办发(1985)49号"), "国办发〔1985〕49号");
        assert_eq!(text("国办发〔 2019 〕4号"), "国办发〔2019〕4号");
    }

    #[test]
    fn heading_that_carries_its_number() {
        let (h, n) = heading_with_number("中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知(岳办发〔2017〕2号)").unwrap();
        assert_eq!(
            h,
            "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知"
        );
        assert_eq!(n.text, "岳办发〔2017〕2号");
        assert!(heading_with_number("根据通知（国发〔2018〕20号）").is_none());
        assert!(heading_with_number("（国发〔2018〕20号）").is_none());
    }

    #[test]
    fn full_width_digits_and_traditional() {
        assert_eq!(text("国办发〔２０１９〕１２５號"), "国办发〔2019〕125号");
        assert_eq!(text("國辦發〔2019〕1號"), "国办发〔2019〕1号");
        assert_eq!(text("滬府發〔2017〕92號"), "沪府发〔2017〕92号");
    }

    #[test]
    fn dropped_brackets() {
        let d = parse_doc_number("国资通法规202249号").unwrap();
        assert_eq!(d.text, "国资通法规〔2022〕49号");
        assert_eq!((d.year, d.serial), (Some(2022), Some(49)));
    }

    #[test]
    fn zi_and_di_inside() {
        let d = parse_doc_number("吕国土资执卫字〔2018〕12号").unwrap();
        assert_eq!(d.code, "吕国土资执卫字");
        assert_eq!(text("吕政发〔2019〕第2号"), "吕政发〔2019〕2号");
        let d = parse_doc_number("〔1996〕武司字第82号").unwrap();
        assert_eq!(
            (d.code.as_str(), d.year, d.serial),
            ("武司字", Some(1996), Some(82))
        );
    }

    #[test]
    fn placeholder_serial() {
        let d = parse_doc_number("发改财金〔2015〕XXX 号").unwrap();
        assert_eq!(d.serial, None);
        assert_eq!(d.raw, "发改财金〔2015〕XXX 号");
        assert_eq!(d.text, "发改财金〔2015〕XXX号");
    }

    #[test]
    fn telegram_and_normative_series() {
        assert_eq!(text("国办发明电〔2018〕15号"), "国办发明电〔2018〕15号");
        assert_eq!(text("吕政办发电〔2019〕4号"), "吕政办发电〔2019〕4号");
        assert_eq!(text("晋政规〔2019〕1号"), "晋政规〔2019〕1号");
    }

    #[test]
    fn decrees_one_normalised_form() {
        for s in [
            "国务院令 第675号",
            "国令第675号",
            "中华人民共和国国务院令第675号",
        ] {
            let d = parse_doc_number(s).unwrap();
            assert_eq!(d.text, "国务院令第675号", "{s}");
            assert_eq!(d.code, "国务院令");
            assert_eq!(d.serial, Some(675));
            assert_eq!(d.kind, DocNumberKind::Decree);
        }
        let d = parse_doc_number("交通运输部令2019年第32号").unwrap();
        assert_eq!(
            (d.text.as_str(), d.year, d.serial),
            ("交通运输部令2019年第32号", Some(2019), Some(32))
        );
        let d = parse_doc_number("政府令〔2010〕第15号").unwrap();
        assert_eq!(
            (d.code.as_str(), d.year, d.serial),
            ("政府令", Some(2010), Some(15))
        );
        assert_eq!(d.kind, DocNumberKind::Decree);
        assert_eq!(text("公安部令第１２５号"), "公安部令第125号");
    }

    #[test]
    fn announcements() {
        let d = parse_doc_number("国家税务总局公告2019年第1号").unwrap();
        assert_eq!(d.kind, DocNumberKind::Announcement);
        assert_eq!(
            (d.code.as_str(), d.year, d.serial),
            ("国家税务总局公告", Some(2019), Some(1))
        );
        assert_eq!(d.text, "国家税务总局公告2019年第1号");
    }

    #[test]
    fn not_doc_numbers() {
        for s in [
            "",
            "2019年4月7日",
            "第一条",
            "国务院一九八〇年223号文件",
            "关于做好工作的通知",
            "第707号",
        ] {
            assert!(parse_doc_number(s).is_none(), "{s}");
        }
    }

    #[test]
    fn standalone_lines() {
        assert_eq!(
            standalone_doc_number("吕政发〔2019〕2 号").unwrap().text,
            "吕政发〔2019〕2号"
        );
        assert_eq!(
            standalone_doc_number("（国办发〔2019〕4号）").unwrap().text,
            "国办发〔2019〕4号"
        );
        assert_eq!(
            standalone_doc_number(" 国办发明电〔2018〕15号 ")
                .unwrap()
                .text,
            "国办发明电〔2018〕15号"
        );
        for s in [
            "要按照吕政办发电〔2019〕4号文件要求",
            "根据《国务院关于建立残疾儿童康复救助制度的意见》(国发〔2018〕20号)",
            "关于做好2019年安全生产工作的通知·····\t1",
            "2019年4月7日",
            "（此件公开发布）",
            "（一）深化各级党政领导责任。",
            "第707号",
        ] {
            assert!(standalone_doc_number(s).is_none(), "{s}");
        }
    }

    #[test]
    fn decree_headers() {
        for s in [
            "吕梁市人民政府令",
            "中华人民共和国国务院令",
            "交通运输部令",
            "国务院令",
            "山西省人民政府令",
        ] {
            assert!(is_decree_header(s), "{s}");
        }
        for s in ["命令", "关于发布命令的通知", "第707号", "国务院"] {
            assert!(!is_decree_header(s), "{s}");
        }
        let d = decree_number("中华人民共和国国务院令", "第707号").unwrap();
        assert_eq!(d.text, "国务院令第707号");
        assert_eq!(d.raw, "第707号");
        let d = decree_number("吕梁市人民政府令", "第 3 号").unwrap();
        assert_eq!(
            (d.text.as_str(), d.code.as_str()),
            ("吕梁市人民政府令第3号", "吕梁市人民政府令")
        );
        let d = decree_number("交通运输部令", "2019年第32号").unwrap();
        assert_eq!(d.year, Some(2019));
    }

    #[test]
    fn code_suffixes() {
        for s in [
            "国办函〔2018〕74号",
            "吕政办发电〔2019〕4号",
            "国办发明电〔2018〕15号",
            "晋政规〔2019〕1号",
            "吕政办〔2019〕3号",
        ] {
            assert_eq!(parse_doc_number(s).unwrap().text, s);
        }
    }

    #[test]
    fn codes_one_character_apart() {
        // OCR readings of 吕政办发 in the gazette_single scan
        assert!(codes_alike("吕政办发", "虽政办发"));
        assert!(codes_alike("昌政办发", "虽政办发"));
        assert!(codes_alike("吕政发", "昌政发"));
        assert!(codes_alike("吕政发", "吕政发"));
        // the last character tells 发/函 apart; two differences or lengths are other codes
        assert!(!codes_alike("吕政发", "吕政函"));
        assert!(!codes_alike("吕政发", "吕政办发"));
        assert!(!codes_alike("吕发改办发", "吕政改办函"));
        assert!(!codes_alike("国发", "省发"));
    }
}
