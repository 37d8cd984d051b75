//! Stage 5: serialisation. Pretty JSON per issue, JSON Lines records (`issue` and
//! `document`). Files are written atomically by `archive::sink` (temporary name, then
//! rename), so a crash never leaves half a JSON file.

use serde::Serialize;

use crate::model::{Document, Gazette, Issue, SCHEMA_VERSION, Source};

pub fn to_pretty_json(issue: &Issue) -> String {
    // Reserved generously (pages never written are never resident): growing a buffer of
    // many megabytes by doubling holds the old and the new one at once.
    let bodies: usize = issue.documents.iter().map(|d| d.body.len()).sum();
    let mut v = Vec::with_capacity(2 * bodies + (1 << 16));
    serde_json::to_writer_pretty(&mut v, issue).expect("model types always serialise");
    v.push(b'\n');
    String::from_utf8(v).expect("serde_json writes UTF-8")
}

/// The issue without its documents, as one JSON Lines record.
#[derive(Serialize, schemars::JsonSchema)]
pub struct IssueRecord<'a> {
    schema_version: u32,
    record: &'static str,
    generator: &'a str,
    source: &'a Source,
    gazette: &'a Gazette,
    contents: &'a [crate::model::ContentsEntry],
    document_ids: Vec<&'a str>,
    warnings: &'a [crate::model::Warning],
}

/// One document with its gazette and source, as one JSON Lines record.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DocumentRecord<'a> {
    schema_version: u32,
    record: &'static str,
    #[serde(flatten)]
    document: &'a Document,
    gazette: &'a Gazette,
    source: &'a Source,
}

/// One `issue` record followed by one `document` record per document.
pub fn to_jsonl(issue: &Issue) -> String {
    let mut out = String::new();
    let head = IssueRecord {
        schema_version: SCHEMA_VERSION,
        record: "issue",
        generator: &issue.generator,
        source: &issue.source,
        gazette: &issue.gazette,
        contents: &issue.contents,
        document_ids: issue.documents.iter().map(|d| d.id.as_str()).collect(),
        warnings: &issue.warnings,
    };
    out.push_str(&serde_json::to_string(&head).expect("serialisable"));
    out.push('\n');
    for d in &issue.documents {
        let rec = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            record: "document",
            document: d,
            gazette: &issue.gazette,
            source: &issue.source,
        };
        out.push_str(&serde_json::to_string(&rec).expect("serialisable"));
        out.push('\n');
    }
    out
}
