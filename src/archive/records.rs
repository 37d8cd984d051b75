//! Telling what a stream of bytes holds (PDF/TXT, one issue JSON, JSON Lines) when no file
//! extension says it (`-`, a named pipe, JSON Lines saved as `.json`), and reading records
//! that are not in the exact form `convert` writes. Queries decide most records on their raw
//! bytes, which is sound only for that form (compact, fields in model order); any other valid
//! JSON Lines of our schema — rewritten by `jq -S`, or with `": "` separators — is parsed
//! for real, so that it gives the same answers, never silently fewer.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{DocView, FileKind, opt_str};

/// What `buf` holds, from its first bytes: JSON Lines, one JSON document, or else a gazette
/// (PDF or text) to convert.
pub fn sniff(buf: &[u8]) -> FileKind {
    let head = buf.trim_ascii_start();
    if !head.starts_with(b"{") {
        FileKind::Source
    } else if looks_like_jsonl(buf) {
        FileKind::Jsonl
    } else {
        FileKind::IssueJson
    }
}

/// Whether `buf` holds JSON Lines rather than one JSON document: its first non-blank line is
/// a whole JSON object with a `record` key, as every record `convert` writes has (whatever
/// the key order or spacing). A pretty issue JSON's first line is `{` alone.
pub fn looks_like_jsonl(buf: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Head {
        record: Option<IgnoredAny>,
    }
    let rest = buf.trim_ascii_start();
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    line.trim_ascii_end().ends_with(b"}")
        && serde_json::from_slice::<Head>(line).is_ok_and(|h| h.record.is_some())
}

/// Whether a JSON Lines record is in the form `convert` writes — `{"schema_version":N,"record":"`
/// first, compact — so that its fields may be found on the raw bytes (first occurrence of a
/// key, no spaces after colons).
pub fn is_canonical(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(br#"{"schema_version":"#) else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(br#","record":""#)
}

/// A record in any valid form, parsed for real: `Ok(None)` when it is not a `document`
/// record (an `issue` record, or something else), the view with its body otherwise.
pub fn parse_document_record(line: &[u8]) -> serde_json::Result<Option<DocView<'_>>> {
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(borrow, default, deserialize_with = "opt_str")]
        record: Option<Cow<'a, str>>,
        #[serde(borrow, default, deserialize_with = "opt_str")]
        body: Option<Cow<'a, str>>,
    }
    let head: Head<'_> = serde_json::from_slice(line)?;
    if head.record.as_deref() != Some("document") {
        return Ok(None);
    }
    let mut view: DocView<'_> = serde_json::from_slice(line)?;
    view.body = head.body.unwrap_or_default();
    Ok(Some(view))
}

/// A serde_json error as a reader of the file understands it: the Rust type names serde
/// puts in (`expected struct SourceView`) become what JSON was expected.
pub fn describe_json_error(e: &serde_json::Error) -> String {
    static TYPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:tuple |unit )?(struct|enum) [A-Za-z0-9_]+").expect("valid")
    });
    TYPE.replace_all(&e.to_string(), |c: &regex::Captures<'_>| {
        if &c[1] == "struct" {
            "a JSON object"
        } else {
            "one of the known values"
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_jsonl_from_one_document() {
        assert_eq!(sniff(b"%PDF-1.4\n"), FileKind::Source);
        assert_eq!(sniff("吕梁市人民政府公报\n".as_bytes()), FileKind::Source);
        assert_eq!(
            sniff(b"{\n  \"schema_version\": 1\n}\n"),
            FileKind::IssueJson
        );
        assert_eq!(
            sniff(br#"{"schema_version":1,"documents":[]}"#),
            FileKind::IssueJson
        );
        assert_eq!(
            sniff(b"{\"a\": 1, \"record\": \"issue\"}\n{\"record\": \"document\"}\n"),
            FileKind::Jsonl
        );
    }

    #[test]
    fn canonical_form_only_as_convert_writes_it() {
        assert!(is_canonical(
            br#"{"schema_version":1,"record":"document","id":"x"}"#
        ));
        assert!(!is_canonical(
            br#"{"schema_version": 1, "record": "document"}"#
        ));
        assert!(!is_canonical(
            br#"{"body":"","record":"document","schema_version":1}"#
        ));
    }

    #[test]
    fn any_key_order_and_spacing_parses() {
        let line = br#"{"body": "a\nb", "index": 3, "record": "document", "title": "t"}"#;
        let d = parse_document_record(line).unwrap().unwrap();
        assert_eq!(
            (d.index, d.title.as_deref(), &*d.body),
            (3, Some("t"), "a\nb")
        );
        assert!(
            parse_document_record(br#"{"record": "issue"}"#)
                .unwrap()
                .is_none()
        );
        assert!(parse_document_record(b"{oops}").is_err());
        let e = serde_json::from_slice::<DocView<'_>>(br#"{"source":"x"}"#).unwrap_err();
        let m = describe_json_error(&e);
        assert!(
            m.contains("expected a JSON object") && !m.contains("SourceView"),
            "{m}"
        );
    }
}
