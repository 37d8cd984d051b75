//! The query as one conjunction of filters over a [`DocView`], plus a cheap pre-filter on
//! the raw bytes of a JSON Lines record: every filter that can name bytes a matching
//! record must hold (a 文号 code, an issuer, `"date":null`, a date in range …) rejects
//! most lines before serde deserialises anything.

use std::collections::BTreeSet;

use memchr::memmem;
use regex::Regex;

use super::number::NumberPattern;
use crate::archive_read::{
    DocView, GazetteView, NumberView, Str, json_escaped, peek_str, peek_value,
};
use crate::model::PublicationStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Status {
    Public,
    #[value(alias = "on-request")]
    OnRequest,
    #[value(alias = "not-public")]
    NotPublic,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Missing {
    Date,
    Number,
    Issuer,
    Publication,
}

/// Inclusive bounds on a YYYY-MM-DD string (string order is date order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<String>,
    pub until: Option<String>,
    /// On `gazette.published` instead of the document's 成文日期.
    pub published: bool,
}

impl DateRange {
    pub fn is_active(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }
    fn contains(&self, d: &str) -> bool {
        self.since.as_deref().is_none_or(|s| d >= s) && self.until.as_deref().is_none_or(|u| d <= u)
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (`end = false`) or last day of
/// the period.
pub fn parse_bound(s: &str, end: bool) -> Result<String, String> {
    use chrono::{Datelike, NaiveDate};
    let bad = || format!("invalid date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                Err(bad())
            } else {
                p.parse().map_err(|_| bad())
            }
        })
        .collect::<Result<_, _>>()?;
    if parts[0].len() != 4 {
        return Err(bad());
    }
    let y = nums[0] as i32;
    let date = match nums[..] {
        [_] => NaiveDate::from_ymd_opt(y, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        [_, m] => {
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            if end {
                first.and_then(|f| {
                    let next = if m == 12 {
                        NaiveDate::from_ymd_opt(y + 1, 1, 1)
                    } else {
                        NaiveDate::from_ymd_opt(y, m + 1, 1)
                    };
                    next.and_then(|n| n.pred_opt())
                        .filter(|l| l.month() == f.month())
                })
            } else {
                first
            }
        }
        [_, m, d] => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    }
    .ok_or_else(bad)?;
    Ok(date.format("%Y-%m-%d").to_string())
}

/// The PATTERN over title and body (rg-like: regex, `-F` fixed, `-i` case-insensitive).
#[derive(Debug, Clone)]
pub struct TextPattern {
    pub re: Regex,
    /// Byte strings one of which a matching raw record must contain (empty = unknown):
    /// the JSON-escaped pattern when it is a literal, else the prefixes every match starts
    /// with (as regex-syntax extracts them), when they need no escaping in JSON.
    needles: Vec<Vec<u8>>,
}

/// The literal prefixes every match of `src` starts with, when there are a few short ones.
fn prefix_needles(src: &str, ignore_case: bool) -> Vec<Vec<u8>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .build()
        .parse(src)
    else {
        return vec![];
    };
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let Some(lits) = seq.literals() else {
        return vec![];
    };
    let needs_escape = |b: &u8| *b == b'"' || *b == b'\\' || *b < 0x20;
    if lits.is_empty()
        || lits.len() > 64
        || lits
            .iter()
            .any(|l| l.as_bytes().is_empty() || l.as_bytes().iter().any(needs_escape))
    {
        return vec![];
    }
    lits.iter().map(|l| l.as_bytes().to_vec()).collect()
}

impl TextPattern {
    pub fn new(pattern: &str, fixed: bool, ignore_case: bool) -> Result<TextPattern, regex::Error> {
        let src = if fixed {
            regex::escape(pattern)
        } else {
            pattern.to_string()
        };
        let re = regex::RegexBuilder::new(&src)
            .case_insensitive(ignore_case)
            .build()?;
        let is_literal = fixed || regex::escape(pattern) == pattern;
        let folds = pattern
            .chars()
            .any(|c| c.to_lowercase().ne(c.to_uppercase()));
        let needles = if is_literal && !pattern.is_empty() && !(ignore_case && folds) {
            vec![json_escaped(pattern).into_bytes()]
        } else {
            prefix_needles(&src, ignore_case)
        };
        Ok(TextPattern { re, needles })
    }
}

/// Every filter of one query; all must hold (AND).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub number: Option<NumberPattern>,
    /// 文号 year range, inclusive.
    pub year: Option<(i32, i32)>,
    pub dates: DateRange,
    pub issuer: Option<String>,
    pub doc_type: Option<String>,
    pub status: Option<Status>,
    pub section: Option<String>,
    pub gazette: Option<String>,
    pub missing: Vec<Missing>,
    pub cites: Option<NumberPattern>,
    /// The document's own 文号 text must be one of these (`--cited-by`, second pass).
    pub number_in: Option<BTreeSet<String>>,
    pub text: Option<TextPattern>,
}

/// The raw-byte pre-filter of a [`Filter`], compiled once per scan. Every filter but the
/// text pattern is decided exactly here, on needles (`"date":null`, `"status":"public"`)
/// and on the few small values it peeks at (`doc_number`, `references`, `issuers`, …), so
/// that only matching records are deserialised.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Every needle must occur in the record.
    needles: Vec<memmem::Finder<'static>>,
    /// One of these must occur in the record (none: no condition).
    any_of: Vec<memmem::Finder<'static>>,
    filter: Filter,
    /// Whether `accepts` decides the whole filter (there is no text pattern).
    pub exact: bool,
}

fn finder(needle: &str) -> memmem::Finder<'static> {
    memmem::Finder::new(needle.as_bytes()).into_owned()
}

/// `Some(false)` when the key's value is known not to match; `None` (absent key or an
/// unexpected value) leaves the decision to the full check.
fn peek<'a, T: serde::Deserialize<'a>>(
    line: &'a [u8],
    key: &[u8],
    ok: impl FnOnce(T) -> bool,
) -> Option<bool> {
    peek_value::<T>(line, key).map(ok)
}

impl Prefilter {
    /// False only when the record cannot match; true means "deserialise and check"
    /// (or, when `exact`, "matches").
    pub fn accepts(&self, line: &[u8]) -> bool {
        let f = &self.filter;
        if !self.needles.iter().all(|n| n.find(line).is_some()) {
            return false;
        }
        if !self.any_of.is_empty() && !self.any_of.iter().any(|n| n.find(line).is_some()) {
            return false;
        }
        if f.dates.is_active() {
            let key: &[u8] = if f.dates.published {
                br#""published":"#
            } else {
                br#""date":"#
            };
            match peek_str(line, key) {
                Some(None) => return false,
                Some(Some(d)) => {
                    if let Ok(d) = std::str::from_utf8(d)
                        && !f.dates.contains(d)
                    {
                        return false;
                    }
                }
                None => {}
            }
        }
        let checks: [&dyn Fn() -> Option<bool>; 6] = [
            &|| {
                (f.number.is_some() || f.year.is_some() || f.number_in.is_some())
                    .then(|| {
                        peek(line, br#""doc_number":"#, |n: Option<NumberView<'_>>| {
                            f.number_ok(n.as_ref())
                        })
                    })
                    .flatten()
            },
            &|| {
                f.cites.as_ref().and_then(|_| {
                    peek(line, br#""references":"#, |r: Vec<NumberView<'_>>| {
                        f.cites_ok(&r)
                    })
                })
            },
            &|| {
                f.issuer.as_ref().and_then(|_| {
                    peek(line, br#""issuers":"#, |v: Vec<Str<'_>>| {
                        f.issuer_ok(v.iter().map(|s| &*s.0))
                    })
                })
            },
            &|| {
                f.doc_type.as_ref().and_then(|t| {
                    let t = t.as_str();
                    let ty = peek(line, br#""doc_type":"#, |v: Option<Str<'_>>| {
                        v.is_some_and(|v| v.0 == t)
                    })?;
                    let raw = peek(line, br#""doc_type_raw":"#, |v: Option<Str<'_>>| {
                        v.is_some_and(|v| v.0 == t)
                    })?;
                    Some(ty || raw)
                })
            },
            &|| {
                f.section.as_ref().and_then(|_| {
                    peek(line, br#""section":"#, |v: Option<Str<'_>>| {
                        f.section_ok(v.as_ref().map(|s| &*s.0))
                    })
                })
            },
            &|| {
                f.gazette.as_ref().and_then(|_| {
                    peek(line, br#""gazette":"#, |g: GazetteView<'_>| {
                        f.gazette_ok(g.name.as_deref())
                    })
                })
            },
        ];
        checks.iter().all(|c| c() != Some(false))
    }
}

/// Whole-file needles for an issue JSON (pretty or compact, as serde_json writes them):
/// each group names byte strings one of which a file holding a match must contain, so that
/// most files of a large archive are never parsed.
#[derive(Debug, Clone, Default)]
pub struct FileNeedles {
    groups: Vec<Vec<memmem::Finder<'static>>>,
    /// Must match too (a 文号's code followed by its year, as the model orders them).
    patterns: Vec<regex::bytes::Regex>,
}

impl FileNeedles {
    pub fn accepts(&self, buf: &[u8]) -> bool {
        self.groups
            .iter()
            .all(|g| g.iter().any(|f| f.find(buf).is_some()))
            && self.patterns.iter().all(|p| p.is_match(buf))
    }
}

impl Filter {
    /// Needles for a whole issue JSON file written with `sep` between key and value
    /// (`": "` pretty, `":"` compact).
    pub fn file_needles(&self, sep: &str) -> FileNeedles {
        let kv = |k: &str, v: &str| finder(&format!("\"{k}\"{sep}{v}"));
        let mut groups = Vec::new();
        if self.dates.is_active()
            && let (Some(a), Some(b)) = (&self.dates.since, &self.dates.until)
        {
            let common: String = a
                .chars()
                .zip(b.chars())
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| x)
                .collect();
            if common.len() >= 4 {
                let key = if self.dates.published {
                    "published"
                } else {
                    "date"
                };
                groups.push(vec![kv(key, &format!("\"{common}"))]);
            }
        }
        let mut patterns = Vec::new();
        if let Some((c, year)) = self.number.as_ref().and_then(|p| p.exact_code()) {
            let code = format!("\"{}\"", json_escaped(c));
            groups.push(vec![kv("code", &code)]);
            // DocNumber and Reference both serialise `code` right before `year`.
            if let Some(y) = year {
                let re = format!(
                    r#""code"{}{},\s*"year"{}{y}\b"#,
                    regex::escape(sep),
                    regex::escape(&code),
                    regex::escape(sep)
                );
                patterns.push(regex::bytes::Regex::new(&re).expect("escaped"));
            }
        }
        if let Some(set) = &self.number_in {
            groups.push(
                set.iter()
                    .map(|n| kv("text", &format!("\"{}\"", json_escaped(n))))
                    .collect(),
            );
        }
        for m in &self.missing {
            groups.push(vec![match m {
                Missing::Date => kv("date", "null"),
                Missing::Number => kv("doc_number", "null"),
                Missing::Issuer => kv("issuers", "[]"),
                Missing::Publication => kv("publication", "null"),
            }]);
        }
        if let Some(s) = self.status {
            groups.push(vec![match s {
                Status::Public => kv("status", "\"public\""),
                Status::OnRequest => kv("status", "\"on_request\""),
                Status::NotPublic => kv("status", "\"not_public\""),
                Status::Unknown => kv("publication", "null"),
            }]);
        }
        for s in [&self.issuer, &self.doc_type, &self.section, &self.gazette]
            .into_iter()
            .flatten()
        {
            groups.push(vec![finder(&json_escaped(s))]);
        }
        if let Some(t) = &self.text
            && !t.needles.is_empty()
        {
            groups.push(
                t.needles
                    .iter()
                    .map(|n| memmem::Finder::new(n).into_owned())
                    .collect(),
            );
        }
        FileNeedles { groups, patterns }
    }

    /// The pre-filter of this filter on raw JSON Lines records.
    pub fn prefilter(&self) -> Prefilter {
        let mut needles = Vec::new();
        for m in &self.missing {
            needles.push(finder(match m {
                Missing::Date => r#""date":null"#,
                Missing::Number => r#""doc_number":null"#,
                Missing::Issuer => r#""issuers":[]"#,
                Missing::Publication => r#""publication":null"#,
            }));
        }
        if let Some(s) = self.status {
            needles.push(finder(match s {
                Status::Public => r#""status":"public""#,
                Status::OnRequest => r#""status":"on_request""#,
                Status::NotPublic => r#""status":"not_public""#,
                Status::Unknown => r#""publication":null"#,
            }));
        }
        let any_of = self
            .text
            .as_ref()
            .map(|t| {
                t.needles
                    .iter()
                    .map(|n| memmem::Finder::new(n).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        Prefilter {
            needles,
            any_of,
            filter: self.clone(),
            exact: self.text.is_none(),
        }
    }

    fn number_ok(&self, n: Option<&NumberView<'_>>) -> bool {
        if self.number.is_none() && self.year.is_none() && self.number_in.is_none() {
            return true;
        }
        let Some(n) = n else { return false };
        self.number.as_ref().is_none_or(|p| p.is_match(n))
            && self
                .year
                .is_none_or(|(a, b)| n.year.is_some_and(|y| (a..=b).contains(&y)))
            && self.number_in.as_ref().is_none_or(|s| s.contains(&*n.text))
    }

    fn cites_ok(&self, refs: &[NumberView<'_>]) -> bool {
        self.cites
            .as_ref()
            .is_none_or(|p| refs.iter().any(|r| p.is_match(r)))
    }

    fn issuer_ok<'s>(&self, mut issuers: impl Iterator<Item = &'s str>) -> bool {
        self.issuer
            .as_deref()
            .is_none_or(|i| issuers.any(|x| x.contains(i)))
    }

    fn section_ok(&self, section: Option<&str>) -> bool {
        self.section
            .as_deref()
            .is_none_or(|s| section.is_some_and(|x| x.contains(s)))
    }

    fn gazette_ok(&self, name: Option<&str>) -> bool {
        self.gazette
            .as_deref()
            .is_none_or(|g| name.is_some_and(|x| x.contains(g)))
    }

    pub fn matches(&self, d: &DocView<'_>) -> bool {
        if !self.number_ok(d.doc_number.as_ref()) {
            return false;
        }
        if self.dates.is_active() {
            let date = if self.dates.published {
                d.gazette.published.as_deref()
            } else {
                d.date.as_deref()
            };
            if !date.is_some_and(|x| self.dates.contains(x)) {
                return false;
            }
        }
        for m in &self.missing {
            let missing = match m {
                Missing::Date => d.date.is_none(),
                Missing::Number => d.doc_number.is_none(),
                Missing::Issuer => d.issuers.is_empty(),
                Missing::Publication => d.publication.is_none(),
            };
            if !missing {
                return false;
            }
        }
        if let Some(s) = self.status {
            let status = d.publication.map(|p| p.status);
            let ok = match s {
                Status::Public => status == Some(PublicationStatus::Public),
                Status::OnRequest => status == Some(PublicationStatus::OnRequest),
                Status::NotPublic => status == Some(PublicationStatus::NotPublic),
                Status::Unknown => status.is_none(),
            };
            if !ok {
                return false;
            }
        }
        if !self.issuer_ok(d.issuers.iter().map(|s| &**s)) {
            return false;
        }
        if let Some(t) = &self.doc_type
            && d.doc_type.as_deref() != Some(t.as_str())
            && d.doc_type_raw.as_deref() != Some(t.as_str())
        {
            return false;
        }
        if !self.section_ok(d.section.as_deref())
            || !self.gazette_ok(d.gazette.name.as_deref())
            || !self.cites_ok(&d.references)
        {
            return false;
        }
        if let Some(t) = &self.text
            && !d.title.as_deref().is_some_and(|x| t.re.is_match(x))
            && !t.re.is_match(&d.body)
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive_read::DocView;

    #[test]
    fn bounds() {
        assert_eq!(parse_bound("2019", false).unwrap(), "2019-01-01");
        assert_eq!(parse_bound("2019", true).unwrap(), "2019-12-31");
        assert_eq!(parse_bound("2019-06", true).unwrap(), "2019-06-30");
        assert_eq!(parse_bound("2020-02", true).unwrap(), "2020-02-29");
        assert_eq!(parse_bound("2019-12", true).unwrap(), "2019-12-31");
        assert_eq!(parse_bound("2019-04-01", true).unwrap(), "2019-04-01");
        assert!(parse_bound("2019-13", false).is_err());
        assert!(parse_bound("19-01", false).is_err());
        assert!(parse_bound("2019/01", false).is_err());
        assert!(parse_bound("2019-02-30", false).is_err());
    }

    /// A hand-built document record, as a compact JSON line and as a model value.
    fn record(date: Option<&str>, status: Option<&str>) -> (String, crate::model::Document) {
        let v = serde_json::json!({
            "schema_version": 1, "record": "document",
            "id": "0#0", "index": 0, "section": "市政府文件", "toc_title": null, "toc_page": 1,
            "title": "关于做好\"双公示\"工作的通知", "title_raw": null,
            "doc_type": "通知", "doc_type_raw": "通知", "wrapper": null,
            "doc_number": {"text": "吕政发〔2019〕2号", "raw": "吕政发[2019]2号", "code": "吕政发",
                           "year": 2019, "serial": 2, "kind": "standard"},
            "addressees": null, "issuers": ["吕梁市人民政府"], "signer": null,
            "date": date, "date_raw": null, "notes": [],
            "publication": status.map(|s| serde_json::json!({"text": "x", "status": s})),
            "attachments": [],
            "references": [{"text": "国发〔2018〕20号", "code": "国发", "year": 2018, "serial": 20,
                            "kind": "standard", "title": null}],
            "pages": null, "lines": {"start": 1, "end": 9}, "body": "正文\n“双公示”工作", "warnings": [],
            "gazette": {"name": "吕梁市人民政府公报", "published": "2019-07-01"},
            "source": {"path": "a.txt"}
        });
        let doc: crate::model::Document = serde_json::from_value(v.clone()).unwrap();
        (serde_json::to_string(&v).unwrap(), doc)
    }

    fn check(f: &Filter, date: Option<&str>, status: Option<&str>) -> bool {
        let (line, doc) = record(date, status);
        let mut view: DocView<'_> = serde_json::from_str(&line).unwrap();
        view.fill_body(line.as_bytes());
        let gazette = crate::model::Gazette {
            name: Some("吕梁市人民政府公报".into()),
            published: Some("2019-07-01".into()),
            ..Default::default()
        };
        let source: crate::model::Source = serde_json::from_value(serde_json::json!({
            "path": "a.txt", "blake3": "0", "format": "text", "encoding": null,
            "page_count": null, "page_labels": [], "extractor": "text"
        }))
        .unwrap();
        let owned = DocView::from_document(&doc, &gazette, &source);
        let m = f.matches(&view);
        assert_eq!(m, f.matches(&owned), "line and model views disagree");
        // The pre-filter never rejects a match.
        let pre = f.prefilter();
        assert!(!m || pre.accepts(line.as_bytes()));
        // Whole-file needles, on the record as the model orders its fields.
        let rec = crate::archive_read::DocumentRecord {
            schema_version: 1,
            record: "document",
            document: &doc,
            gazette: &gazette,
            source: &source,
        };
        let compact = serde_json::to_string(&rec).unwrap();
        let pretty = serde_json::to_string_pretty(&rec).unwrap();
        assert!(!m || f.file_needles(":").accepts(compact.as_bytes()));
        assert!(!m || f.file_needles(": ").accepts(pretty.as_bytes()));
        if pre.exact {
            assert_eq!(
                m,
                pre.accepts(line.as_bytes()),
                "exact pre-filter disagrees"
            );
        }
        m
    }

    #[test]
    fn filters_on_hand_built_documents() {
        let any = Filter::default();
        assert!(check(&any, None, None));
        let range = |s: &str, u: &str, published| Filter {
            dates: DateRange {
                since: Some(s.into()),
                until: Some(u.into()),
                published,
            },
            ..Filter::default()
        };
        assert!(check(
            &range("2019-04-01", "2019-06-30", false),
            Some("2019-04-07"),
            None
        ));
        assert!(!check(
            &range("2019-04-08", "2019-06-30", false),
            Some("2019-04-07"),
            None
        ));
        assert!(!check(
            &range("2000-01-01", "2099-12-31", false),
            None,
            None
        ));
        assert!(check(&range("2019-07-01", "2019-07-01", true), None, None));
        let status = |s| Filter {
            status: Some(s),
            ..Filter::default()
        };
        assert!(check(&status(Status::Public), None, Some("public")));
        assert!(!check(&status(Status::Public), None, Some("not_public")));
        assert!(check(&status(Status::Unknown), None, None));
        assert!(!check(&status(Status::Unknown), None, Some("public")));
        let f = Filter {
            number: Some(NumberPattern::parse("吕政发（2019）2号").unwrap()),
            year: Some((2019, 2019)),
            issuer: Some("人民政府".into()),
            doc_type: Some("通知".into()),
            section: Some("政府文件".into()),
            gazette: Some("吕梁".into()),
            cites: Some(NumberPattern::parse("国发[2018]20号").unwrap()),
            missing: vec![Missing::Date, Missing::Publication],
            text: Some(TextPattern::new("“双公示”", true, false).unwrap()),
            ..Filter::default()
        };
        assert!(check(&f, None, None));
        assert!(!check(&f, Some("2019-01-01"), None));
        let quoted = Filter {
            text: Some(TextPattern::new("\"双公示\"", true, false).unwrap()),
            ..Filter::default()
        };
        assert!(check(&quoted, None, None));
        let wrong = Filter {
            issuer: Some("办公室".into()),
            ..Filter::default()
        };
        assert!(!check(&wrong, None, None));
        let cases = [
            Filter {
                doc_type: Some("意见".into()),
                ..Filter::default()
            },
            Filter {
                section: Some("部门".into()),
                ..Filter::default()
            },
            Filter {
                gazette: Some("太原".into()),
                ..Filter::default()
            },
            Filter {
                number_in: Some(["吕政发〔2019〕3号".to_string()].into()),
                ..Filter::default()
            },
            Filter {
                cites: Some(NumberPattern::parse("国发〔2018〕21号").unwrap()),
                ..Filter::default()
            },
            Filter {
                year: Some((2020, 2021)),
                ..Filter::default()
            },
        ];
        for f in &cases {
            assert!(!check(f, None, None), "{f:?}");
        }
        let f = Filter {
            number_in: Some(["吕政发〔2019〕2号".to_string()].into()),
            doc_type: Some("通知".into()),
            ..Filter::default()
        };
        assert!(check(&f, None, None));
    }

    #[test]
    fn literal_text_patterns_prefilter() {
        let n = |p: &str, f, i| TextPattern::new(p, f, i).unwrap().needles;
        assert_eq!(
            n("双公示", false, false),
            vec!["双公示".as_bytes().to_vec()]
        );
        assert_eq!(n("“双\"", true, false), vec!["“双\\\"".as_bytes().to_vec()]);
        assert_eq!(n("双.示", false, false), vec!["双".as_bytes().to_vec()]);
        assert_eq!(n("ab", false, true).len(), 4);
        assert!(n(".*", false, false).is_empty());
        assert!(n("a\"+", false, false).is_empty());
        assert!(n("\\n|x", false, false).is_empty());
    }
}
