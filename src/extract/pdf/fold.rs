//! Some fonts map CJK glyphs to Kangxi radicals (U+2F00–2FD5) or CJK compatibility
//! ideographs (U+F900–FAFF) that look like ordinary characters but defeat search and
//! matching. Fold just those ranges (NFKC of one character); everything else stays as is.

use unicode_normalization::UnicodeNormalization;

pub fn fold_char(c: char) -> char {
    if matches!(c as u32, 0x2F00..=0x2FD5 | 0xF900..=0xFAFF) {
        let mut it = std::iter::once(c).nfkc();
        if let (Some(f), None) = (it.next(), it.next()) {
            return f;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_radicals_and_compat() {
        assert_eq!(super::fold_char('\u{2F00}'), '一');
        assert_eq!(super::fold_char('\u{2F08}'), '人');
        assert_eq!(super::fold_char('\u{F900}'), '\u{8C48}');
        assert_eq!(super::fold_char('中'), '中');
        assert_eq!(super::fold_char('Ａ'), 'Ａ');
    }
}
