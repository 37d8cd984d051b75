//! Citations: the 文号 a document cites in its running text — bracketed after a title
//! (`《…》（国发〔2018〕20号）`), bare in a sentence (`按照吕政办发电〔2019〕4号文件要求`) or split
//! by a line break — each in the normal form of `doc_number`. A document's own number is a
//! line of its own; this finds the others.

use crate::gongwen::relaxed::Relaxed;
use std::ops::Range;

use super::doc_number::{PLACEHOLDER, decree, parse_doc_number, standard};
use super::text::{fold_bracket, fold_char, is_han};
use crate::gongwen::lazy::Lazy;
use crate::model::{DocNumber, Reference, Relation};

static REF_STANDARD: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(format!(
        r"(?P<pre>[\p{{Han}}A-Za-z]*)〔(?P<y>[0-9]{{4}})〕(?P<mid>\p{{Han}}{{0,10}}?)第?(?P<n>[0-9]+|{PLACEHOLDER})号"
    ))
});
static REF_DECREE: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(r"(?P<pre>\p{Han}*令)(?:(?P<y>[0-9]{4})年|〔(?P<yb>[0-9]{4})〕)?第(?P<n>[0-9]+)号")
});
static REF_ANNOUNCEMENT: Lazy<Relaxed> =
    Lazy::new(|| Relaxed::new(r"(?P<pre>\p{Han}*公告)(?P<y>[0-9]{4})年第(?P<n>[0-9]+)号"));
static TITLE_BEFORE: Lazy<Relaxed> =
    Lazy::new(|| Relaxed::new(r"《(?P<t>[^《》]{1,200})》[〔（(\[［【]?$"));

/// Context words that precede a code in a sentence (`要按照吕政办发电〔2019〕4号文件`).
const STOP_WORDS: &[&str] = &[
    "按照", "根据", "依据", "参照", "依照", "对照", "执行", "贯彻", "落实", "印发", "转发", "批转",
    "关于", "通过", "文件", "以及", "同意", "要求", "精神", "规定", "和", "及", "与", "的", "即",
    "见", "按", "据", "依", "暨", "或", "是", "为", "将", "把", "于", "以", "由", "在", "号", "要",
];

/// The 机关代字 at the end of a run of Han characters that precedes `〔YYYY〕` in a sentence.
fn code_from_context(pre: &str, after_digit: bool) -> String {
    // `和` inside `中华人民共和国` is part of a decree header, not a conjunction.
    let protected: Vec<Range<usize>> = pre
        .match_indices("中华人民共和国")
        .map(|(i, m)| i..i + m.len())
        .collect();
    let mut start = 0;
    for w in STOP_WORDS {
        for (i, _) in pre.match_indices(w) {
            if !protected.iter().any(|r| r.contains(&i)) {
                start = start.max(i + w.len());
            }
        }
    }
    let mut code = &pre[start..];
    if after_digit && start == 0 {
        code = code.trim_start_matches(['年', '月', '日', '号']);
    }
    // Keep at most the last 16 characters: longer runs are sentences.
    let n = code.chars().count();
    if n > 16 {
        let skip: usize = code.chars().take(n - 16).map(char::len_utf8).sum();
        code = &code[skip..];
    }
    code.to_string()
}

/// The byte offset of the `n`th non-whitespace char from `at` on (0: the first one at or
/// after `at`), or the end of `text`.
fn forward_non_ws(text: &str, mut at: usize, mut n: usize) -> usize {
    for c in text[at..].chars() {
        if !c.is_whitespace() {
            if n == 0 {
                break;
            }
            n -= 1;
        }
        at += c.len_utf8();
    }
    at
}

/// The byte offset of the `n`th non-whitespace char before `at` (`n` = 0: `at`).
fn back_non_ws(text: &str, mut at: usize, mut n: usize) -> usize {
    if n == 0 {
        return at;
    }
    for c in text[..at].chars().rev() {
        at -= c.len_utf8();
        if !c.is_whitespace() {
            n -= 1;
            if n == 0 {
                break;
            }
        }
    }
    at
}

/// Every 文号 cited in running text (lines joined with '\n' by the caller; a 文号 split by a
/// line break is joined here). Placeholders (`XXX号`) are not references.
pub fn find_references(text: &str) -> Vec<Reference> {
    // One char of `folded` per char of `text` that is not whitespace. `text` itself
    // stands for the unfolded chars (no copy without whitespace, no `Vec<char>`: a body
    // can be millions of chars).
    let mut folded = String::with_capacity(text.len() + text.len() / 8);
    folded.extend(
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| fold_bracket(fold_char(c))),
    );
    // Byte offset in `text` of the char at a byte offset of `folded` (its non-whitespace
    // char of the same index), counted from the last one asked for (the offsets asked for
    // are near each other, in increasing order within each pass): no per-char table of a
    // whole, possibly huge, body. A char starts at every byte that is not a UTF-8
    // continuation byte.
    let starts = |r: std::ops::Range<usize>| {
        folded.as_bytes()[r]
            .iter()
            .filter(|&&x| x & 0xC0 != 0x80)
            .count()
    };
    let cursor = std::cell::Cell::new((0usize, 0usize));
    let text_at = |byte: usize| -> usize {
        let byte = byte.min(folded.len());
        let (fb, tb) = cursor.get();
        let tb = if byte >= fb {
            forward_non_ws(text, tb, starts(fb..byte))
        } else {
            back_non_ws(text, tb, starts(byte..fb))
        };
        cursor.set((byte, tb));
        tb
    };
    let prev_is_digit = |byte: usize| -> bool {
        // (Off a char boundary the char is multi-byte, so not a digit.)
        folded
            .get(..byte)
            .and_then(|f| f.chars().next_back())
            .is_some_and(|c| c.is_ascii_digit())
    };
    let title_before = |byte: usize| -> Option<String> {
        // Only the window a title can span (≤ 200 chars + brackets) is searched.
        let end = text_at(byte);
        let mut window: Vec<char> = text[..end]
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .take(210)
            .collect();
        window.reverse();
        let window: String = window.into_iter().collect();
        TITLE_BEFORE.captures(&window).map(|c| c["t"].to_string())
    };
    let raw = |at: usize, end: usize| -> String {
        let a = text_at(at);
        text[a..text_at(end)]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };

    // What the document does to each cited number, from the sentence around it.
    let relation = |at: usize, end: usize| {
        let a = text_at(at);
        super::relation::classify_in(text, a, text_at(end))
    };
    let mut found: Vec<(usize, DocNumber, Option<String>, Relation)> = Vec::new();
    for c in REF_STANDARD.captures_iter(&folded) {
        let pre = c.name("pre").unwrap();
        let mid = &c["mid"];
        let serial = &c["n"];
        if serial.parse::<u32>().is_err() {
            continue; // placeholder
        }
        let code = code_from_context(pre.as_str(), prev_is_digit(pre.start()));
        let code_start = pre.end() - code.len();
        let (code, at) = if !mid.is_empty() {
            if !code.is_empty() {
                continue;
            }
            (mid.to_string(), pre.end())
        } else {
            (code, code_start)
        };
        if code.is_empty()
            || !code
                .chars()
                .all(|ch| is_han(ch) || ch.is_ascii_alphabetic())
        {
            continue;
        }
        let m = c.get(0).unwrap();
        let raw = raw(at, m.end());
        let d = standard(&code, &c["y"], serial, &raw);
        found.push((at, d, title_before(at), relation(at, m.end())));
    }
    for c in REF_DECREE.captures_iter(&folded) {
        let pre = c.name("pre").unwrap();
        let header = code_from_context(pre.as_str(), prev_is_digit(pre.start()));
        if header.chars().count() < 2 || header.ends_with("命令") || header.ends_with("指令") {
            continue;
        }
        let at = pre.end() - header.len();
        let (y, b) = match (c.name("y"), c.name("yb")) {
            (Some(y), _) => (Some(y.as_str()), false),
            (None, Some(y)) => (Some(y.as_str()), true),
            _ => (None, false),
        };
        let Ok(n) = c["n"].parse() else { continue };
        let m = c.get(0).unwrap();
        let raw = raw(at, m.end());
        found.push((
            at,
            decree(&header, y, b, n, &raw),
            title_before(at),
            relation(at, m.end()),
        ));
    }
    for c in REF_ANNOUNCEMENT.captures_iter(&folded) {
        let pre = c.name("pre").unwrap();
        let code = code_from_context(pre.as_str(), prev_is_digit(pre.start()));
        if code.chars().count() < 3 {
            continue;
        }
        let at = pre.end() - code.len();
        let m = c.get(0).unwrap();
        let raw = raw(at, m.end());
        if let Some(d) = parse_doc_number(&format!("{code}{}年第{}号", &c["y"], &c["n"])) {
            found.push((
                at,
                DocNumber { raw, ..d },
                title_before(at),
                relation(at, m.end()),
            ));
        }
    }
    found.sort_by_key(|(at, ..)| *at);

    let mut out: Vec<Reference> = Vec::new();
    for (_, d, title, relation) in found {
        if let Some(r) = out.iter_mut().find(|r| r.text == d.text) {
            if r.title.is_none() {
                r.title = title;
            }
            // Cited twice (`根据…（X号）`, later `X号…废止`): the strongest relation stands.
            r.relation = r.relation.max(relation);
            continue;
        }
        out.push(Reference {
            text: d.text,
            code: d.code,
            year: d.year,
            serial: d.serial,
            kind: d.kind,
            title,
            relation,
        });
    }
    out
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    REF_STANDARD.warm();
    REF_DECREE.warm();
    REF_ANNOUNCEMENT.warm();
    TITLE_BEFORE.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_whitespace_steps() {
        let t = " 国 发\n〔2018〕";
        // Char k of the text without whitespace, forward from the start and back.
        let starts: Vec<usize> = (0..6).map(|k| forward_non_ws(t, 0, k)).collect();
        assert_eq!(starts, [1, 5, 9, 12, 13, 14]);
        assert_eq!(forward_non_ws(t, 0, 9), t.len());
        for (k, &at) in starts.iter().enumerate() {
            assert_eq!(back_non_ws(t, starts[5], 5 - k), at);
            assert_eq!(
                forward_non_ws(t, starts[1], k.saturating_sub(1)),
                starts[k.max(1)]
            );
        }
    }

    #[test]
    fn references_bracketed_bare_and_titled() {
        let refs = find_references(
            "根据《残疾预防和残疾人康复条例》(国务院令 第675号)《国务院关于建立残疾儿童康复救助制度的意见》(国发〔2018〕20号)和要按照吕政办发电〔2019〕4号文件要求",
        );
        let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "国务院令第675号",
                "国发〔2018〕20号",
                "吕政办发电〔2019〕4号"
            ]
        );
        assert_eq!(refs[0].title.as_deref(), Some("残疾预防和残疾人康复条例"));
        assert_eq!(
            refs[1].title.as_deref(),
            Some("国务院关于建立残疾儿童康复救助制度的意见")
        );
        assert_eq!(refs[2].title, None);
    }

    #[test]
    fn references_split_across_lines_and_placeholders() {
        let refs = find_references(
            "《关于在行政管理事项中使用信用记录和信用报告的若干意见》(晋\n发改财金发〔2015〕647号)和发改财金〔2015〕XXX 号",
        );
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].text, "晋发改财金发〔2015〕647号");
        assert!(refs[0].title.is_some());
    }

    #[test]
    fn references_decree_after_date_and_year_first() {
        let refs = find_references(
            "（1994年1月28日中华人民共和国国务院令第142号发布　根据2018年12月18日中华人民共和国国务院令第707号第四次修订）（〔1996〕武司字第82号）",
        );
        let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            ["国务院令第142号", "国务院令第707号", "武司字〔1996〕82号"]
        );
    }

    #[test]
    fn reference_after_title_without_brackets() {
        let refs = find_references(
            "根据《山西省人民政府办公厅关于印发2019年〈政府工作报告〉重点工作任务分工的通知》晋政办发〔2019〕11号精神",
        );
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].text, "晋政办发〔2019〕11号");
        assert_eq!(
            refs[0].title.as_deref(),
            Some("山西省人民政府办公厅关于印发2019年〈政府工作报告〉重点工作任务分工的通知")
        );
    }

    #[test]
    fn nonstandard_citation_is_not_a_reference() {
        assert!(find_references("按照国务院一九八〇年223号文件规定").is_empty());
    }
}
