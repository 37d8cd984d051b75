//! Byte-level pre-filters: a [`Filter`] decided on the raw bytes of a JSON Lines record
//! (needles such as `"date":null`, and the few small values it peeks at), and whole-file
//! needles that let a scan skip issue JSON files that cannot hold a match. Both are
//! necessary conditions only: whatever they let through is checked on the parsed view.

use memchr::memmem;

use super::filter::{Filter, Missing, Status};
use crate::archive::{GazetteView, NumberView, Str, json_escaped, peek_str, peek_value};

/// The raw-byte pre-filter of a [`Filter`], compiled once per scan. Every filter but a
/// regex text pattern is decided exactly here, on needles (`"date":null`,
/// `"status":"public"`) and on the few small values it peeks at (`doc_number`,
/// `references`, `issuers`, the raw title and body for a CJK literal …), so that only
/// matching records are deserialised.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Every needle must occur in the record.
    needles: Vec<memmem::Finder<'static>>,
    /// One of these must occur in the record (none: no condition).
    any_of: Vec<memmem::Finder<'static>>,
    /// The text pattern, when the raw title and body decide it (see `TextPattern`).
    text_raw: Option<memmem::Finder<'static>>,
    filter: Filter,
    /// Whether `accepts` decides the whole filter (no text pattern, or one decided on the
    /// raw record).
    pub exact: bool,
}

/// The raw (still escaped) contents of the string value of the first `key` in `line`.
fn raw_str<'a>(line: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = memmem::find(line, key)? + key.len();
    let rest = line[at..].strip_prefix(b"\"")?;
    let mut i = 0;
    while let Some(j) = memchr::memchr2(b'"', b'\\', &rest[i..]) {
        let k = i + j;
        if rest[k] == b'"' {
            return Some(&rest[..k]);
        }
        i = k + 2;
        if i > rest.len() {
            return None;
        }
    }
    None
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
        if let Some(t) = &self.text_raw {
            // The document's own title comes before any attachment or reference title.
            let found = |key: &[u8]| raw_str(line, key).is_some_and(|v| t.find(v).is_some());
            if !(found(br#""title":"#) || found(br#""body":"#)) {
                return false;
            }
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
        for r in self.in_force.relations() {
            groups.push(vec![kv("relation", &format!("\"{}\"", r.as_str()))]);
        }
        if self.in_force.expires_before.is_some() {
            groups.push(vec![kv("valid_until", "{")]);
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
        for r in self.in_force.relations() {
            needles.push(finder(&format!("\"relation\":\"{}\"", r.as_str())));
        }
        if self.in_force.expires_before.is_some() {
            needles.push(finder(r#""valid_until":{"#));
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
        let text_raw = self
            .text
            .as_ref()
            .and_then(|t| t.raw_exact.as_deref())
            .map(finder);
        Prefilter {
            needles,
            any_of,
            // The in-force filters are decided on the parsed view only.
            exact: (self.text.is_none() || text_raw.is_some()) && !self.in_force.is_active(),
            text_raw,
            filter: self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn raw_string_values() {
        let l = br#"{"toc_title":"x","title":"a\"b\\","body":"c\nd","t":"\\"}"#;
        assert_eq!(super::raw_str(l, br#""title":"#), Some(&br#"a\"b\\"#[..]));
        assert_eq!(super::raw_str(l, br#""body":"#), Some(&br#"c\nd"#[..]));
        assert_eq!(super::raw_str(br#"{"title":null}"#, br#""title":"#), None);
        assert_eq!(super::raw_str(br#"{"title":"abc"#, br#""title":"#), None);
    }
}
