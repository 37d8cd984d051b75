//! Small text helpers shared by the stages: digit folding, joining fragments without
//! spurious spaces, and comparison keys that ignore layout whitespace.

/// Folds full-width digits (０-９) to ASCII.
pub fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Joins two pieces of one paragraph: no space between CJK characters, one space
/// between two Latin words.
pub fn join_fragments(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    let space = matches!((a.chars().last(), b.chars().next()), (Some(x), Some(y)) if is_ascii_word(x) && is_ascii_word(y) && x.is_ascii_alphabetic() && y.is_ascii_alphabetic());
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if space {
        s.push(' ');
    }
    s.push_str(b);
    s
}

/// Removes all whitespace (layout spaces, full-width spaces, justification gaps).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Removes whitespace that layout put between CJK characters (`的 通 知` → `的通知`),
/// keeping single spaces between Latin words.
pub fn remove_layout_spaces(s: &str) -> String {
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
            if let (Some(x), Some(y)) = (before, after)
                && x.is_ascii_alphanumeric()
                && y.is_ascii_alphanumeric()
                && (x.is_ascii_alphabetic() || y.is_ascii_alphabetic())
            {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Does a line open a new paragraph by its form (list markers, articles, notes)?
pub fn is_paragraph_start(s: &str) -> bool {
    use regex::Regex;
    use std::sync::LazyLock;
    static START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百0-9０-９]+[）)]|[0-9０-９]+[.．、]|第[一二三四五六七八九十百零〇0-9]+[条章节款]|附件|附表|抄送|[（(]此件)",
        )
        .unwrap()
    });
    START.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_without_space_between_cjk() {
        assert_eq!(join_fragments("配齐", "配强"), "配齐配强");
        assert_eq!(join_fragments("GONG", "BAO"), "GONG BAO");
        assert_eq!(join_fragments("2019", "年"), "2019年");
    }

    #[test]
    fn removes_justification_spaces() {
        assert_eq!(
            remove_layout_spaces("关于印发吕梁市加快中心城区建设行动方案的 通 知"),
            "关于印发吕梁市加快中心城区建设行动方案的通知"
        );
        assert_eq!(
            remove_layout_spaces("关于做好 2019 年安全生产工作的通知"),
            "关于做好2019年安全生产工作的通知"
        );
        assert_eq!(remove_layout_spaces("ZHENGFU  GONGBAO"), "ZHENGFU GONGBAO");
    }

    #[test]
    fn folds_full_width_digits() {
        assert_eq!(normalize_digits("１２５号"), "125号");
    }
}
