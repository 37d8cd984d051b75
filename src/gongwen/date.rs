//! 成文日期: dates as printed under a signature — Arabic (`2019年4月7日`, spaced
//! `2019 年 6 月 1 日`, full-width digits) and, before mid-2012, Chinese numerals
//! (`二〇一〇年十二月二十二日`, with `〇` `○` `0` `O` `零` for zero). Invalid dates are None.

use chrono::NaiveDate;
use regex::Regex;

use super::text::{fold_chars, strip_ws};
use crate::gongwen::lazy::Lazy;

const DIGITS: &str = "0-9〇○零OoΟ一二三四五六七八九";

static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^(?P<y>[{DIGITS}]{{4}})年(?P<m>[{DIGITS}十元]{{1,3}})月(?P<d>[{DIGITS}十廿卅]{{1,4}})日$"
    ))
    .unwrap()
});
static DATE_IN_TEXT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?P<y>[{DIGITS}]{{4}})\s*年\s*(?P<m>[{DIGITS}十元]{{1,3}})\s*月\s*(?P<d>[{DIGITS}十廿卅]{{1,4}})\s*日"
    ))
    .unwrap()
});

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        '〇' | '○' | '零' | 'O' | 'o' | 'Ο' => 0,
        '一' | '元' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A month or day number: Arabic digits, or Chinese numerals with 十 (`二十三`, `十二`, `三十`).
fn small_number(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let s = s.replace('廿', "二十").replace('卅', "三十");
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None if chars.len() == 1 => digit(chars[0]),
        None => None,
        Some(i) => {
            let tens = match i {
                0 => 1,
                1 => digit(chars[0])?,
                _ => return None,
            };
            let units = match &chars[i + 1..] {
                [] => 0,
                [u] => digit(*u)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
    }
}

fn year(s: &str) -> Option<i32> {
    let mut y = 0i32;
    for c in s.chars() {
        y = y * 10 + digit(c)? as i32;
    }
    Some(y)
}

fn build(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let y = year(y)?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, small_number(m)?, small_number(d)?)
}

/// Parse a 成文日期 line (the whole string is the date); None for anything else.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // A date line is short even letter-spaced (`2 0 1 9 年 6 月 1 日`): skip paragraphs.
    if s.len() > 120 {
        return None;
    }
    // Asked of every line below a body: most hold no 年, 月 and 日, which the pattern needs
    // and folding never makes.
    if !(s.contains('年') && s.contains('月') && s.contains('日')) {
        return None;
    }
    let t = strip_ws(&fold_chars(s));
    let c = DATE.captures(&t)?;
    build(&c["y"], &c["m"], &c["d"])
}

/// Every valid date inside running text, with its byte range in `text`.
pub fn find_dates(text: &str) -> Vec<(NaiveDate, std::ops::Range<usize>)> {
    // fold_chars maps full-width digits one-to-one, so only ASCII digits can shift bytes:
    // search the original text and fold each match.
    let folded = fold_chars(text);
    if folded.len() != text.len() {
        // Full-width digits present: positions in the folded text are not the original's.
        return DATE_IN_TEXT
            .captures_iter(&folded)
            .filter_map(|c| Some((build(&c["y"], &c["m"], &c["d"])?, 0..0)))
            .collect();
    }
    DATE_IN_TEXT
        .captures_iter(text)
        .filter_map(|c| Some((build(&c["y"], &c["m"], &c["d"])?, c.get(0)?.range())))
        .collect()
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    DATE.warm();
    DATE_IN_TEXT.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_no_year_month_or_day() {
        // parse_date rejects a line without 年, 月 and 日 before folding it.
        for u in 0..=0x10FFFF {
            if let Some(c) = char::from_u32(u) {
                let f = crate::gongwen::text::fold_char(c);
                assert!(!matches!(f, '年' | '月' | '日') || f == c, "U+{u:04X}");
            }
        }
        assert_eq!(
            parse_date("2019年4月7日"),
            NaiveDate::from_ymd_opt(2019, 4, 7)
        );
        assert_eq!(parse_date("2019年4月7"), None);
        assert_eq!(
            parse_date("2019 年 4 月 7 日"),
            NaiveDate::from_ymd_opt(2019, 4, 7)
        );
    }

    fn d(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn arabic_and_spaced() {
        assert_eq!(parse_date("2019年4月7日"), d(2019, 4, 7));
        assert_eq!(parse_date("2019 年 6 月 1 日"), d(2019, 6, 1));
        assert_eq!(parse_date("  2018年12月18日　"), d(2018, 12, 18));
        assert_eq!(parse_date("２０１９年１月１６日"), d(2019, 1, 16));
    }

    #[test]
    fn chinese_numerals_with_zero_variants() {
        assert_eq!(parse_date("二〇一〇年十二月二十二日"), d(2010, 12, 22));
        assert_eq!(parse_date("二○一○年十二月二十二日"), d(2010, 12, 22));
        assert_eq!(parse_date("二0一0年十二月二十二日"), d(2010, 12, 22));
        assert_eq!(parse_date("二O一O年十二月二十二日"), d(2010, 12, 22));
        assert_eq!(parse_date("二零一零年十二月二十二日"), d(2010, 12, 22));
        assert_eq!(parse_date("一九九六年十一月五日"), d(1996, 11, 5));
        assert_eq!(parse_date("二〇〇四年十月十日"), d(2004, 10, 10));
        assert_eq!(parse_date("一九九六年六月二十九日"), d(1996, 6, 29));
        assert_eq!(parse_date("一九九六年元月三十日"), d(1996, 1, 30));
    }

    #[test]
    fn invalid_dates_and_other_lines() {
        assert_eq!(parse_date("2019年2月30日"), None);
        assert_eq!(parse_date("2019年13月1日"), None);
        assert_eq!(parse_date("二〇一九年十三月一日"), None);
        assert_eq!(parse_date("2019年4月7日印发"), None);
        assert_eq!(parse_date("自2019年1月1日起施行。"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn dates_in_text() {
        let found = find_dates("经国务院批准，2018年12月30日至2019年1月1日放假，2019年2月30日无效");
        let dates: Vec<_> = found.iter().map(|(d, _)| *d).collect();
        assert_eq!(dates, [d(2018, 12, 30).unwrap(), d(2019, 1, 1).unwrap()]);
    }
}
