//! Comparison keys for titles: the TOC and the heading of one document are worded
//! differently (issuer prefix, `印发关于…` vs `关于印发…`, letter-spacing, quote and
//! bracket styles), so they are matched on a key that drops those differences.

use crate::gongwen::lazy::Lazy;
use crate::gongwen::relaxed::Relaxed;
use crate::gongwen::text::fold_chars;

// A TOC may print the 文号 after the title: `…的通知（晋政发〔2019〕1号）`.
static NUMBER: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(r"[（(][^（）()]{0,20}[〔\[［(（]\s*[0-9]{4}\s*[〕\]］)）][^（）()]{0,8}号[）)]")
});

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    NUMBER.warm();
}

/// Whitespace, quotes and title brackets removed; wrapper verbs and 关于 dropped.
pub fn title_key(s: &str) -> String {
    let s = NUMBER.replace_all_literal(s, "");
    let s: String = fold_chars(&s)
        .chars()
        .filter(|c| !c.is_whitespace() && !"《》〈〉<>“”\"‘’'「」『』·•".contains(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            _ => c,
        })
        .collect();
    s.replace("关于", "")
        .replace("印发", "")
        .replace("转发", "")
        .replace("批转", "")
}

/// Does a TOC title name this heading? Tolerates an issuer prefix on either side.
pub fn titles_match(toc: &str, heading: &str) -> bool {
    let a = title_key(toc);
    let b = title_key(heading);
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || b.ends_with(&a) || a.ends_with(&b) {
        return a.chars().count().min(b.chars().count()) >= 4;
    }
    dice(&a, &b) >= 0.85
}

/// Character-bigram Dice coefficient: robust to one changed word in a long title.
fn dice(a: &str, b: &str) -> f64 {
    let bigrams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    };
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_real_toc_variants() {
        assert!(titles_match(
            "关于印发在脱贫攻坚三年行动中进一步做好企业结对帮扶工作的若干意见",
            "印发关于在脱贫攻坚三年行动中进一步做好企业结对帮扶工作的若干意见"
        ));
        assert!(titles_match(
            "关于做好2019年安全生产工作的通知",
            "吕梁市人民政府 关于做好 2019 年安全生产工作的通知"
        ));
        assert!(titles_match(
            "关于印发吕梁市加快中心城区建设行动方案的通知",
            "关于印发吕梁市加快中心城区建设行动方案的 通 知"
        ));
        assert!(titles_match(
            "山西省人民政府关于做好2019年工作的通知（晋政发〔2019〕1号）",
            "山西省人民政府关于做好2019年工作的通知"
        ));
        assert!(!titles_match(
            "关于做好2019年安全生产工作的通知",
            "关于印发吕梁市加快中心城区建设行动方案的通知"
        ));
    }
}
