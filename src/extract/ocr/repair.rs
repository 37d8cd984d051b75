//! Domain repair of recognised text where OCR is known to fail on gazettes, one character
//! for one (so glyph positions stay): the brackets, digits and 号 of a 文号 (`〔〕` read as
//! `[`, `(`, `C`, `｛`; `O`/`l` for `0`/`1`), `〇`/`O`/`0` in dates, and ASCII punctuation
//! between CJK characters, which gazettes print full-width. Nothing is guessed beyond these
//! shapes: a 文号 code that looks wrong is reported by `review`, never changed.

use std::sync::LazyLock;

use regex::Regex;

use crate::gongwen::text::is_han;

/// A 文号 as OCR misreads it: code, an opening bracket-like, a year, a closing one, a serial
/// and 号 (or a look-alike). Digit look-alikes are allowed where digits must be.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}{1,12}([\[(（｛{C〈<「【［〔﹝])\s*([0-9OoDlI|]{4})\s*([\])）｝}Jj〉>」】］〕﹞1])\s*第?([0-9OoDlI|]{1,4})\s*([号弓亏与三])")
        .unwrap()
});
/// An issue or decree number, 第1号, with 号 read as 与, 弓 or 亏.
static ISSUE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第[0-9]{1,4}[与弓亏]").unwrap());
/// A date in Chinese numerals: 二〇一九年 with 〇 read as O, o, 0, ○ or Ｏ.
static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[一二三四五六七八九〇OoＯ0○◯]{4}年").unwrap());
/// An Arabic date with letters for digits: 2O19年4月l日.
static AR_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9OoIl]{4}年[0-9OoIl]{1,2}月(?:[0-9OoIl]{1,2}日)?").unwrap());

/// A line holding nothing but a date (the 成文日期 under a signature) whose 年, 月 or 日 were
/// misread (`2019年4局7目`, `2019和6月12日`, `2019年6月]日`): year, month and day digits
/// with one character between them and after them.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9OoIl|]{4})([^0-9])([0-9OoIl|\]]{1,2})([^0-9])([0-9OoIl|\]]{1,2})([^0-9])$")
        .unwrap()
});

fn digit(c: char) -> char {
    match c {
        'O' | 'o' | 'D' => '0',
        'l' | 'I' | '|' | ']' => '1',
        _ => c,
    }
}

/// Repairs a line that is only a misread date; false when it is not one.
fn repair_date_line(chars: &mut [char]) -> bool {
    let s: String = chars.iter().collect();
    let Some(c) = DATE_LINE.captures(&s) else {
        return false;
    };
    let value = |k: usize| -> u32 {
        c[k].chars()
            .map(digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let (year, month, day) = (value(1), value(3), value(5));
    if !(1949..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let mut k = 0;
    for (g, unit) in [
        (1, None),
        (2, Some('年')),
        (3, None),
        (4, Some('月')),
        (5, None),
        (6, Some('日')),
    ] {
        for ch in c[g].chars() {
            chars[k] = unit.unwrap_or(digit(ch));
            k += 1;
        }
    }
    true
}

/// A whole date as a 成文日期 line prints it, `2019年4月7日`.
static FULL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(19|20)[0-9]{2}年([0-9]{1,2})月([0-9]{1,2})日$").unwrap());

/// Whether a recognised line, once repaired, is a valid date and nothing else (spaces
/// aside): the test a second reading of a garbled date line must pass.
pub fn is_date_line(text: &str) -> bool {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    repair_line(&mut chars);
    let s: String = chars.into_iter().collect();
    FULL_DATE.captures(&s).is_some_and(|c| {
        let n = |k: usize| c[k].parse::<u32>().unwrap_or(0);
        (1..=12).contains(&n(2)) && (1..=31).contains(&n(3))
    })
}

/// Char index of each byte offset that starts a char.
fn char_at(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// Repairs one recognised line in place.
pub fn repair_line(chars: &mut [char]) {
    if repair_date_line(chars) {
        return;
    }
    let s: String = chars.iter().collect();
    for c in DOC_NUMBER.captures_iter(&s) {
        let open = c.get(1).expect("group");
        let close = c.get(3).expect("group");
        let year = c.get(2).expect("group");
        let serial = c.get(4).expect("group");
        // at least two real digits in the year: `Coll` is not a year
        if year.as_str().chars().filter(char::is_ascii_digit).count() < 2 {
            continue;
        }
        // `【2019154号`: the closing bracket read as 1 — only after a year of this century
        // or the last (`〔2019〕` then; a serial must follow it).
        if close.as_str() == "1"
            && !(year.as_str().starts_with("19") || year.as_str().starts_with("20"))
        {
            continue;
        }
        chars[char_at(&s, open.start())] = '〔';
        chars[char_at(&s, close.start())] = '〕';
        for g in [year, serial] {
            let start = char_at(&s, g.start());
            for (k, ch) in g.as_str().chars().enumerate() {
                chars[start + k] = digit(ch);
            }
        }
        chars[char_at(&s, c.get(5).expect("group").start())] = '号';
    }
    for m in ISSUE_NUMBER.find_iter(&s) {
        let last = char_at(&s, m.end()) - 1;
        chars[last] = '号';
    }
    for m in CN_YEAR.find_iter(&s) {
        let start = char_at(&s, m.start());
        let year: Vec<char> = m.as_str().chars().collect();
        // a Chinese-numeral year needs at least two Chinese numerals
        if year
            .iter()
            .filter(|c| "一二三四五六七八九".contains(**c))
            .count()
            < 2
        {
            continue;
        }
        for (k, ch) in year.iter().enumerate() {
            if matches!(ch, 'O' | 'o' | 'Ｏ' | '0' | '○' | '◯') {
                chars[start + k] = '〇';
            }
        }
    }
    for m in AR_DATE.find_iter(&s) {
        let start = char_at(&s, m.start());
        if m.as_str().chars().filter(char::is_ascii_digit).count() < 3 {
            continue;
        }
        for (k, ch) in m.as_str().chars().enumerate() {
            chars[start + k] = digit(ch);
        }
    }
    // 通知 in heading type is read as 明知; `…的明知` never ends a Chinese sentence
    let n = chars.len();
    if n >= 3 && chars[n - 3] == '的' && matches!(chars[n - 2], '明' | '朋') && chars[n - 1] == '知'
    {
        chars[n - 2] = '通';
    }
    full_width_punctuation(chars);
}

/// ASCII punctuation touching CJK text becomes the full-width form gazettes print.
fn full_width_punctuation(chars: &mut [char]) {
    let han =
        |c: Option<&char>| c.is_some_and(|&c| is_han(c) || "，。、；：“”《》（）".contains(c));
    // ASCII double quotes in a Chinese line are “…” pairs: open, close, open …
    if chars.iter().any(|&c| is_han(c)) {
        let mut open = false;
        for c in chars.iter_mut() {
            match *c {
                '"' if !open => *c = '“',
                '"' => *c = '”',
                '“' | '”' => {}
                _ => continue,
            }
            open = *c == '“';
        }
    }
    for i in 0..chars.len() {
        let (prev, next) = (
            i.checked_sub(1).and_then(|p| chars.get(p)),
            chars.get(i + 1),
        );
        let wide = match chars[i] {
            ',' if han(prev) => '，',
            ':' if han(prev) => '：',
            ';' if han(prev) => '；',
            '?' if han(prev) => '？',
            '!' if han(prev) => '！',
            '(' | '〈'
                if han(next)
                    && chars[i + 1..]
                        .iter()
                        .take(12)
                        .any(|c| matches!(c, ')' | '）')) =>
            {
                '（'
            }
            // `、` is read as `\` or a backtick between CJK characters (各委`办、局); before
            // a closing bracket with no opening one it was the opening bracket (各县\市、区）)
            '\\' | '`' if han(prev) && han(next) => {
                let closes = chars[i + 1..]
                    .iter()
                    .take(8)
                    .position(|c| matches!(c, ')' | '）'));
                let opened = chars[i + 1..]
                    .iter()
                    .take(closes.unwrap_or(0))
                    .any(|c| matches!(c, '(' | '（'));
                if closes.is_some()
                    && !opened
                    && !chars[..i]
                        .iter()
                        .rev()
                        .take(8)
                        .any(|c| matches!(c, '(' | '（'))
                {
                    '（'
                } else {
                    '、'
                }
            }
            ')' if han(prev)
                && chars[..i]
                    .iter()
                    .rev()
                    .take(12)
                    .any(|c| matches!(c, '(' | '（')) =>
            {
                '）'
            }
            _ => continue,
        };
        chars[i] = wide;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        let mut v: Vec<char> = s.chars().collect();
        repair_line(&mut v);
        v.into_iter().collect()
    }

    #[test]
    fn doc_number_brackets_and_digits() {
        assert_eq!(fix("吕政发(2019]2号"), "吕政发〔2019〕2号");
        assert_eq!(fix("吕政办发C2019J14号"), "吕政办发〔2019〕14号");
        assert_eq!(fix("国办发｛2O19｝l号"), "国办发〔2019〕1号");
        assert_eq!(fix("晋政发[2018]23弓"), "晋政发〔2018〕23号");
        assert_eq!(fix("吕政办发(2019]16与"), "吕政办发〔2019〕16号");
        assert_eq!(fix("2019年7月1日第1与"), "2019年7月1日第1号");
        // the closing bracket read as 1 or j (gazette_single scan, 吕发改办发〔2019〕54号
        // and 〔2019〕192号)
        assert_eq!(fix("虽发改办发【2019154号"), "虽发改办发〔2019〕54号");
        assert_eq!(fix("吕发改办发【2019j192与"), "吕发改办发〔2019〕192号");
        assert_eq!(fix("吕政发〔2019〕12号"), "吕政发〔2019〕12号");
        // 号 read as 三 (吕政办发〔2019〕2号, gazette_single scan)
        assert_eq!(fix("旧政办发【2019」 2 三"), "旧政办发〔2019〕 2 号");
        assert_eq!(
            fix("根据《通知》(吕政发〔2019〕2号)要求"),
            "根据《通知》（吕政发〔2019〕2号）要求"
        );
        // not a 文号: no digits in the year
        assert_eq!(fix("见C附件J"), "见C附件J");
    }

    #[test]
    fn dates() {
        assert_eq!(fix("二O一九年四月七日"), "二〇一九年四月七日");
        assert_eq!(fix("二0一九年"), "二〇一九年");
        assert_eq!(fix("2O19年4月l日"), "2019年4月1日");
        assert_eq!(fix("实施方案的明知"), "实施方案的通知");
        // 成文日期 lines of the gazette_two scan
        assert_eq!(fix("2019年4局7目"), "2019年4月7日");
        assert_eq!(fix("2019和6月12日"), "2019年6月12日");
        assert_eq!(fix("2019年6月]日"), "2019年6月1日");
        // not a date: month 13, or more than a date on the line
        assert_eq!(fix("2019年13局7目"), "2019年13局7目");
        assert_eq!(fix("2019年4月7日起"), "2019年4月7日起");
        assert_eq!(fix("明知故犯"), "明知故犯");
        // a lone O before 年 with no other Chinese numerals is left alone
        assert_eq!(fix("OOO一年"), "OOO一年");
    }

    #[test]
    fn whole_date_lines() {
        assert!(is_date_line("2019年4月7日"));
        assert!(is_date_line("2019 年 6 月 12 日"));
        assert!(is_date_line("2019年4局7目"), "repaired by shape");
        // gazette_single scan: the first readings of three 成文日期 lines
        assert!(!is_date_line("2019定忆月7月"));
        assert!(!is_date_line("2019 年 月\t6"));
        assert!(!is_date_line("5019 军 6 同 12 日"));
        assert!(!is_date_line("2019年13月7日"));
        assert!(!is_date_line("2019年4月7日起"));
    }

    #[test]
    fn ascii_punctuation_between_cjk() {
        assert_eq!(
            fix("各县(市、区)人民政府,市直"),
            "各县（市、区）人民政府，市直"
        );
        assert_eq!(fix("如下:"), "如下：");
        // gazette_two scan, addressees
        assert_eq!(
            fix("各县（市\\区）人民政府，市人民政府各委\\办、局"),
            "各县（市、区）人民政府，市人民政府各委、办、局"
        );
        assert_eq!(fix("市人民政府各委`办、局"), "市人民政府各委、办、局");
        assert_eq!(fix("各县\\市、区)人民政府"), "各县（市、区）人民政府");
        assert_eq!(fix(r"C:\temp `code`"), r"C:\temp `code`");
        assert_eq!(
            fix("关于创建\"一乡一特\"的意见"),
            "关于创建“一乡一特”的意见"
        );
        assert_eq!(fix("“两个清单\"和\"三定\""), "“两个清单”和“三定”");
        assert_eq!(fix("GB/T 1.1-2009, ISO 9001"), "GB/T 1.1-2009, ISO 9001");
    }
}
