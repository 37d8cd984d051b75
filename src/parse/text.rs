//! Small text helpers shared by the parsers: folding the printed variants (full-width digits,
//! bracket kinds, traditional 號/發) to one form so that each parser matches a single shape,
//! and the whitespace rules of titles and names.

/// Fold full-width ASCII digits and letters to ASCII, 號→号, 發→发.
pub fn fold_chars(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '號' => '号',
            '發' => '发',
            _ => c,
        })
        .collect()
}

/// Every opening bracket kind a 文号 year is printed in, folded to 〔 (and closing to 〕).
pub fn fold_brackets(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '[' | '［' | '【' | '(' | '（' | '〖' | '﹝' => '〔',
            ']' | '］' | '】' | ')' | '）' | '〗' | '﹞' => '〕',
            _ => c,
        })
        .collect()
}

/// Remove all whitespace (ASCII, U+3000, NBSP …).
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
        || c == '〇'
}

/// Remove spurious whitespace from a printed title or name: justification spaces between CJK
/// characters (`的 通 知`), around digits (`做好 2019 年`); a single space is kept only between
/// two Latin letters or digits (`Made in China`).
pub fn squash_ws(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after)
                && b.is_ascii_alphanumeric()
                && a.is_ascii_alphanumeric()
                && !(b.is_ascii_digit() && a.is_ascii_digit())
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whitespace-insensitive key for comparing titles.
pub fn key(s: &str) -> String {
    strip_ws(&fold_chars(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_removes_justification_spaces() {
        assert_eq!(squash_ws("几 个 问 题 的 通 知"), "几个问题的通知");
        assert_eq!(
            squash_ws("吕梁市人民政府 关于做好 2019 年安全生产工作的通知"),
            "吕梁市人民政府关于做好2019年安全生产工作的通知"
        );
        assert_eq!(
            squash_ws("关于 Made in China 的通知"),
            "关于Made in China的通知"
        );
        assert_eq!(squash_ws("国务院　中央军委　　　"), "国务院中央军委");
    }

    #[test]
    fn folds_variants() {
        assert_eq!(fold_chars("公安部令第１２５號"), "公安部令第125号");
        assert_eq!(fold_brackets("劳社部发[2000]8号"), "劳社部发〔2000〕8号");
    }
}
