//! The query as one conjunction of filters over a [`DocView`]: 文号 patterns, dates,
//! issuer, 文种, status, section, gazette, missing fields, citations and the text PATTERN.
//! Their byte-level pre-filters live in [`super::raw`].

use std::collections::BTreeSet;

use regex::Regex;

use super::number::NumberPattern;
use crate::archive::{DocView, NumberView, json_escaped};
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
    pub(super) fn contains(&self, d: &str) -> bool {
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
    pub(super) needles: Vec<Vec<u8>>,
    /// The pattern, when it is a literal of non-ASCII characters without case: its bytes
    /// then occur in a raw JSON string exactly when they occur in the decoded string (JSON
    /// escapes are ASCII), so the raw title and body decide the match.
    pub(super) raw_exact: Option<String>,
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
        let caseless = |c: char| c.to_lowercase().eq(c.to_uppercase());
        let raw_exact = (is_literal
            && !pattern.is_empty()
            && pattern.chars().all(|c| !c.is_ascii() && caseless(c)))
        .then(|| pattern.to_string());
        Ok(TextPattern {
            re,
            needles,
            raw_exact,
        })
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
    /// 施行, 有效期, 废止 and 修改 (issue 15).
    pub in_force: super::in_force::InForceFilter,
}

impl Filter {
    pub(super) fn number_ok(&self, n: Option<&NumberView<'_>>) -> bool {
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

    pub(super) fn cites_ok(&self, refs: &[NumberView<'_>]) -> bool {
        self.cites
            .as_ref()
            .is_none_or(|p| refs.iter().any(|r| p.is_match(r)))
    }

    pub(super) fn issuer_ok<'s>(&self, mut issuers: impl Iterator<Item = &'s str>) -> bool {
        self.issuer
            .as_deref()
            .is_none_or(|i| issuers.any(|x| x.contains(i)))
    }

    pub(super) fn section_ok(&self, section: Option<&str>) -> bool {
        self.section
            .as_deref()
            .is_none_or(|s| section.is_some_and(|x| x.contains(s)))
    }

    pub(super) fn gazette_ok(&self, name: Option<&str>) -> bool {
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
        self.in_force.matches(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::DocView;

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
        let rec = crate::archive::DocumentRecord {
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
