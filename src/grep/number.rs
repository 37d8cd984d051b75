//! 文号 query patterns: `吕政办发〔2019〕23号` in any printed variant (brackets [] ［］ 【】
//! () （）, spaces, full-width digits, 號/發), with `*` wildcards, serial ranges
//! (`吕政办发〔2019〕10-20号`), a bare 机关代字 (`吕政办发`) or a code and a year
//! (`吕政办发〔2019〕`). Matched against the normalised `doc_number` (or `references[]`)
//! that convert wrote: its text, code, year and serial.

use regex::Regex;

use crate::archive::NumberView;
use crate::gongwen::doc_number::{fold_number, parse_doc_number};

/// Folds a 文号 as typed to the normalised shape, by the same rule as the numbers that
/// convert wrote (`gongwen::doc_number::fold_number`), plus the query's own `*` and `-`.
pub fn normalise(s: &str) -> String {
    fold_number(s)
        .chars()
        .map(|c| match c {
            '＊' => '*',
            '－' | '—' | '–' | '~' | '～' | '至' => '-',
            c => c,
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Text {
    Exact(String),
    Glob(Regex),
}

impl Text {
    fn new(s: &str) -> Text {
        if s.contains('*') {
            Text::Glob(glob_regex(s, false))
        } else {
            Text::Exact(s.to_string())
        }
    }
    fn is_match(&self, s: &str) -> bool {
        match self {
            Text::Exact(e) => e == s,
            Text::Glob(r) => r.is_match(s),
        }
    }
}

/// `*` → any run of characters; with `ranges`, `N-M` → a captured number.
fn glob_regex(s: &str, ranges: bool) -> Regex {
    static RANGE: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"[0-9]+-[0-9]+").unwrap());
    let mut re = String::from("^");
    let mut rest = s;
    while !rest.is_empty() {
        let m = if ranges { RANGE.find(rest) } else { None };
        let (lit, tail) = match m {
            Some(m) => (&rest[..m.start()], Some((m.as_str(), &rest[m.end()..]))),
            None => (rest, None),
        };
        for (i, part) in lit.split('*').enumerate() {
            if i > 0 {
                re.push_str(".*");
            }
            re.push_str(&regex::escape(part));
        }
        match tail {
            Some((_, t)) => {
                re.push_str("([0-9]+)");
                rest = t;
            }
            None => rest = "",
        }
    }
    re.push('$');
    Regex::new(&re).expect("escaped glob is a valid regex")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Serial {
    Any,
    Range(u32, u32),
}

#[derive(Debug, Clone)]
enum Kind {
    /// Code (exact or glob), year (None = any), serial.
    Parts {
        code: Text,
        year: Option<i32>,
        serial: Serial,
    },
    /// Anything else (decrees, announcements, odd shapes): the whole normalised text,
    /// `*` as a wildcard, each `N-M` a serial range.
    Whole {
        re: Regex,
        ranges: Vec<(u32, u32)>,
        /// The canonical form `parse_doc_number` gives for the query, when it reads as one.
        canonical: Option<String>,
    },
}

/// A compiled `--number` / `--cites` / `--cited-by` pattern.
#[derive(Debug, Clone)]
pub struct NumberPattern {
    kind: Kind,
    /// The normalised pattern as typed.
    pub normalised: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid 文号 pattern {0:?}: {1}")]
pub struct PatternError(String, &'static str);

fn range(a: &str, b: &str) -> Option<(u32, u32)> {
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    Some(if a <= b { (a, b) } else { (b, a) })
}

impl NumberPattern {
    pub fn parse(pattern: &str) -> Result<NumberPattern, PatternError> {
        static PARTS: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
            Regex::new(
                r"^(?P<c>[^〔〕0-9\-]+)(?:〔(?P<y>[0-9]{4}|\*)〕(?:第?(?P<s>[0-9]+|[0-9]+-[0-9]+|\*)号?)?)?$",
            )
            .unwrap()
        });
        let n = normalise(pattern);
        if n.is_empty() {
            return Err(PatternError(pattern.to_string(), "empty"));
        }
        if let Some(c) = PARTS.captures(&n) {
            let code = &c["c"];
            let year = match c.name("y").map(|m| m.as_str()) {
                None | Some("*") => None,
                Some(y) => y.parse().ok(),
            };
            let serial = match c.name("s").map(|m| m.as_str()) {
                None | Some("*") => Serial::Any,
                Some(s) => match s.split_once('-') {
                    Some((a, b)) => {
                        let (a, b) = range(a, b)
                            .ok_or(PatternError(pattern.to_string(), "bad serial range"))?;
                        Serial::Range(a, b)
                    }
                    None => {
                        let v = s
                            .parse()
                            .map_err(|_| PatternError(pattern.to_string(), "bad serial"))?;
                        Serial::Range(v, v)
                    }
                },
            };
            // A bare code that is really a decree header or announcement (…令, …公告) is
            // matched on the code too; only the year/serial parts are structural.
            return Ok(NumberPattern {
                kind: Kind::Parts {
                    code: Text::new(code),
                    year,
                    serial,
                },
                normalised: n,
            });
        }
        let canonical = if n.contains('*') {
            None
        } else {
            parse_doc_number(&n).map(|d| d.text).filter(|t| *t != n)
        };
        let re = glob_regex(&n, true);
        static RANGES: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(r"([0-9]+)-([0-9]+)").unwrap());
        let ranges = RANGES
            .captures_iter(&n)
            .filter_map(|c| range(&c[1], &c[2]))
            .collect();
        Ok(NumberPattern {
            kind: Kind::Whole {
                re,
                ranges,
                canonical,
            },
            normalised: n,
        })
    }

    /// The 机关代字 (and year) every match has, when the pattern names it exactly.
    pub fn exact_code(&self) -> Option<(&str, Option<i32>)> {
        match &self.kind {
            Kind::Parts {
                code: Text::Exact(c),
                year,
                ..
            } => Some((c, *year)),
            _ => None,
        }
    }

    pub fn is_match(&self, d: &NumberView<'_>) -> bool {
        match &self.kind {
            Kind::Parts { code, year, serial } => {
                if !code.is_match(&d.code) {
                    return false;
                }
                if year.is_some() && *year != d.year {
                    return false;
                }
                match (serial, d.serial) {
                    (Serial::Any, _) => true,
                    (Serial::Range(a, b), Some(s)) => (*a..=*b).contains(&s),
                    (Serial::Range(..), None) => false,
                }
            }
            Kind::Whole {
                re,
                ranges,
                canonical,
            } => {
                if canonical.as_deref() == Some(&*d.text) {
                    return true;
                }
                let Some(c) = re.captures(&d.text) else {
                    return false;
                };
                ranges.iter().enumerate().all(|(i, (a, b))| {
                    c.get(i + 1)
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                        .is_some_and(|v| (*a..=*b).contains(&v))
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn num(
        text: &'static str,
        code: &'static str,
        year: Option<i32>,
        serial: Option<u32>,
    ) -> NumberView<'static> {
        NumberView {
            text: Cow::Borrowed(text),
            code: Cow::Borrowed(code),
            year,
            serial,
        }
    }

    fn m(p: &str, d: &NumberView<'_>) -> bool {
        NumberPattern::parse(p).unwrap().is_match(d)
    }

    #[test]
    fn variants_of_one_number() {
        let d = num("吕政办发〔2019〕23号", "吕政办发", Some(2019), Some(23));
        for p in [
            "吕政办发〔2019〕23号",
            "吕政办发[2019]23号",
            "吕政办发〔2019〕23 号",
            "吕政办发（2019）23号",
            "吕政办发(2019)23号",
            "吕政办发【2019】23号",
            "吕政办发［２０１９］２３号",
            // Folded like convert folds printed numbers: traditional characters, OCR braces.
            "吕政辦發〔2019〕23號",
            "吕政办发｛2019｝23号",
            "吕政办发〔2019〕第23号",
            "吕政办发〔2019〕23",
        ] {
            assert!(m(p, &d), "{p}");
        }
        assert!(!m("吕政办发〔2019〕2号", &d));
        assert!(!m("吕政办发〔2018〕23号", &d));
        assert!(!m("吕政发〔2019〕23号", &d));
    }

    #[test]
    fn wildcards_ranges_codes_years() {
        let d = num("吕政办发〔2019〕14号", "吕政办发", Some(2019), Some(14));
        assert!(m("吕政办发〔2019〕*", &d));
        assert!(m("吕政办发〔2019〕", &d));
        assert!(m("吕政办发", &d));
        assert!(m("吕政*", &d));
        assert!(m("*办发", &d));
        assert!(m("吕政办发〔*〕14号", &d));
        assert!(m("吕政办发〔2019〕10-20号", &d));
        assert!(m("吕政办发[2019]20-10", &d));
        assert!(!m("吕政办发〔2019〕15-20号", &d));
        assert!(!m("吕政发", &d));
        assert!(!m("吕政办发〔2018〕", &d));
        assert!(!m("吕政*〔2018〕*", &d));
    }

    #[test]
    fn decrees_and_odd_shapes_match_the_whole_text() {
        let d = num("国务院令第707号", "国务院令", None, Some(707));
        assert!(m("国务院令第707号", &d));
        assert!(m("国务院令第700-710号", &d));
        assert!(m("国务院令*", &d));
        assert!(m("国务院令", &d));
        assert!(!m("国务院令第708号", &d));
        // The variants parse folds to one header.
        assert!(m("国令第707号", &d));
        assert!(m("中华人民共和国国务院令 第707号", &d));
    }

    #[test]
    fn empty_and_any_patterns() {
        assert!(NumberPattern::parse("  ").is_err());
        assert!(NumberPattern::parse("").is_err());
        // `*`: any document that has a 文号.
        let d = num("国务院令第707号", "国务院令", None, Some(707));
        assert!(m("*", &d));
        assert!(m(
            "*〔*〕*",
            &num("吕政发〔2019〕2号", "吕政发", Some(2019), Some(2))
        ));
    }
}
