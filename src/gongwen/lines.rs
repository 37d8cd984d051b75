//! Line-level helpers of the cleaning and segmenting stages: joining fragments without
//! spurious spaces, and telling a paragraph start by its form. (Character folding and
//! whitespace rules live in `parse::text`.)

use crate::gongwen::lazy::Lazy;
use regex::Regex;

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Joins two pieces of one paragraph: no space between CJK characters, one space
/// between two Latin words.
pub fn join_fragments(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    append_fragment(&mut s, b);
    s
}

/// [`join_fragments`] onto `a` itself: a paragraph of many lines grows in place instead
/// of being copied once per line.
pub fn append_fragment(a: &mut String, b: &str) {
    a.truncate(a.trim_end().len());
    let b = b.trim_start();
    let space = matches!((a.chars().last(), b.chars().next()), (Some(x), Some(y)) if is_ascii_word(x) && is_ascii_word(y) && x.is_ascii_alphabetic() && y.is_ascii_alphabetic());
    if space {
        a.push(' ');
    }
    a.push_str(b);
}

static PARAGRAPH_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百0-9０-９]+[）)]|[0-9０-９]+[.．、]|第[一二三四五六七八九十百零〇0-9]+[条章节款]|附件|附表|抄送|[（(]此件)",
    )
    .unwrap()
});

/// Does a line open a new paragraph by its form (list markers, articles, notes)?
pub fn is_paragraph_start(s: &str) -> bool {
    PARAGRAPH_START.is_match(s)
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    PARAGRAPH_START.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_without_space_between_cjk() {
        assert_eq!(join_fragments("配齐", "配强"), "配齐配强");
        assert_eq!(join_fragments("GONG", "BAO"), "GONG BAO");
        assert_eq!(join_fragments("2019", "年"), "2019年");
        // In place, as the cleaning joins a paragraph line by line.
        let mut s = String::from("GONG  ");
        append_fragment(&mut s, "  BAO");
        append_fragment(&mut s, "配强");
        assert_eq!(s, "GONG BAO配强");
    }
}
