//! A line that is a printed page number: `— 12 —`, `- 3 -`, `第 12 页`, `第2页 共5页`.
//! Written out rather than as a regex: it is asked of every line, and compiling the
//! pattern cost 0.25–0.3 ms on every run. The test `matches_the_pattern_it_replaces` holds
//! it to that pattern.

/// The dashes and dots around a page number (one to three on each side).
const DASH: &[char] = &['—', '–', '-', '·', '•', '－'];

/// The rest of a line as it is read from left to right.
struct Rest<'a>(&'a str);

impl Rest<'_> {
    fn skip_white(&mut self) {
        self.0 = self.0.trim_start_matches(char::is_whitespace);
    }

    /// Takes the whole run of chars `is` accepts; true when it holds `min..=max` of them.
    fn run(&mut self, is: impl Fn(char) -> bool, min: usize, max: usize) -> bool {
        let len = self.0.find(|c: char| !is(c)).unwrap_or(self.0.len());
        let n = self.0[..len].chars().count();
        self.0 = &self.0[len..];
        (min..=max).contains(&n)
    }

    fn digits(&mut self) -> bool {
        self.run(|c| c.is_ascii_digit(), 1, 4)
    }

    fn char(&mut self, c: char) -> bool {
        match self.0.strip_prefix(c) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }
}

/// `^(?:[—–\-·•－]{1,3}\s*[0-9]{1,4}\s*[—–\-·•－]{1,3}|第\s*[0-9]{1,4}\s*页(?:\s*共\s*[0-9]{1,4}\s*页)?)$`
/// (dashes, white space and digits are disjoint, so each run is taken whole).
pub fn is_page_number_line(s: &str) -> bool {
    let dash = |c: char| DASH.contains(&c);
    let mut r = Rest(s);
    if r.char('第') {
        r.skip_white();
        if !r.digits() {
            return false;
        }
        r.skip_white();
        if !r.char('页') {
            return false;
        }
        if r.0.is_empty() {
            return true;
        }
        r.skip_white();
        if !r.char('共') {
            return false;
        }
        r.skip_white();
        if !r.digits() {
            return false;
        }
        r.skip_white();
        return r.char('页') && r.0.is_empty();
    }
    if !r.run(dash, 1, 3) {
        return false;
    }
    r.skip_white();
    if !r.digits() {
        return false;
    }
    r.skip_white();
    r.run(dash, 1, 3) && r.0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_lines() {
        for yes in [
            "— 12 —",
            "-3-",
            "··12··",
            "－ 1 －",
            "第 12 页",
            "第2页 共5页",
            "第1页共1页",
        ] {
            assert!(is_page_number_line(yes), "{yes}");
        }
        for no in [
            "---- 1 ----",
            "— 12345 —",
            "12",
            "— 12",
            " — 12 —",
            "第12页 ",
            "第12页共页",
            "- - 1 - -",
            "第十二页",
            "2019年",
        ] {
            assert!(!is_page_number_line(no), "{no}");
        }
    }

    const PATTERN: &str = r"^(?:[—–\-·•－]{1,3}\s*[0-9]{1,4}\s*[—–\-·•－]{1,3}|第\s*[0-9]{1,4}\s*页(?:\s*共\s*[0-9]{1,4}\s*页)?)$";

    proptest::proptest! {
        #[test]
        fn matches_the_pattern_it_replaces(
            t in crate::test_strings::made_of(
                &[
                    "—", "–", "-", "·", "•", "－", "~", " ", "\u{3000}", "\t", "第", "页", "共",
                    "0", "1", "12", "2019", "12345", "a", "年", "— 12 —", "第1页",
                ],
                9,
            )
        ) {
            let re = regex::Regex::new(PATTERN).unwrap();
            proptest::prop_assert_eq!(is_page_number_line(&t), re.is_match(&t), "{:?}", t);
        }
    }
}
