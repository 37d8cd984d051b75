//! Reads what `check` checks: converted issues (pretty `.json`, JSON Lines `.jsonl`) and
//! PDF/TXT inputs converted on the fly, from files and folders. A file that cannot be
//! read or converted becomes a file finding (`unreadable`, `no-text-layer`), never an
//! abort; so do the entries of a folder's `.gazette/failures.jsonl`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::bail;
use rayon::prelude::*;
use serde::Deserialize;

use super::finding::{Code, Finding};
use super::rules::check_document_in;
use super::summary::{DocSummary, IssueSummary};
use crate::archive::{FileKind, collect_archive};
use crate::extract::ExtractError;
use crate::model::*;

/// One issue to check and the file it came from.
#[derive(Debug, Clone)]
pub struct CheckedIssue {
    /// The file as found (given path, or folder/relative path).
    pub file: String,
    pub issue: Issue,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Every issue read, its own checks done (their findings are in `findings`).
    pub issues: Vec<IssueSummary>,
    /// File findings (unreadable, no-text-layer) and the findings of each issue's own checks.
    pub findings: Vec<Finding>,
    /// JSON files that are not gazette output (no `schema_version`), left out.
    pub skipped: Vec<String>,
}

/// Collects and reads every input. Errors (exit 2) only for paths that do not exist,
/// files of an unknown type given by name, and finding nothing to check at all.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    let (found, errors) = collect_archive(paths);
    if let Some(e) = errors.into_iter().next() {
        bail!(e);
    }
    let mut files: Vec<(PathBuf, FileKind)> = found.into_iter().map(|f| (f.path, f.kind)).collect();
    let failure_logs: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.join(".gazette").join("failures.jsonl"))
        .filter(|log| log.is_file())
        .collect();
    // The same file reached twice (a folder and a file in it) is read once.
    let mut seen = BTreeSet::new();
    files.retain(|(p, _)| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    if files.is_empty() && failure_logs.is_empty() {
        bail!(
            "{}: no .json, .jsonl, .pdf or .txt inputs found",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let results: Vec<FileResult> = files
        .par_iter()
        .map(|(path, kind)| load_file(path, *kind))
        .collect();
    let mut loaded = Loaded::default();
    for ((path, _), (issues, findings, skipped)) in files.iter().zip(results) {
        if skipped {
            loaded.skipped.push(path.display().to_string());
        }
        if loaded.issues.is_empty() {
            loaded.issues = issues;
        } else {
            loaded.issues.extend(issues);
        }
        loaded.findings.extend(findings);
    }
    for log in &failure_logs {
        match std::fs::read_to_string(log) {
            Ok(text) => loaded
                .findings
                .extend(read_failures(&log.display().to_string(), &text)),
            Err(e) => loaded.findings.push(file_finding(
                Code::Unreadable,
                &log.display().to_string(),
                format!("cannot read the failure log: {e}"),
            )),
        }
    }
    Ok(loaded)
}

fn file_finding(code: Code, file: &str, message: String) -> Finding {
    let mut f = Finding::new(code, message);
    f.file = Some(file.to_string());
    f
}

/// Issues read (their own checks done), findings, and whether the file was skipped as not
/// gazette output.
type FileResult = (Vec<IssueSummary>, Vec<Finding>, bool);

/// Runs each issue's own checks and keeps its summary: the issue itself is dropped here.
fn load_file(path: &Path, kind: FileKind) -> FileResult {
    let (issues, mut findings, skipped) = read_file(path, kind);
    let mut summaries = Vec::new();
    for ci in issues {
        match ci {
            Read::Full(ci) => {
                findings.extend(super::rules::check_issue(&ci));
                summaries.push(IssueSummary::of(&ci));
            }
            // Moved, not copied: an archive's summaries are a large block.
            Read::Summaries(s) if summaries.is_empty() => summaries = s,
            Read::Summaries(s) => summaries.extend(s),
        }
    }
    (summaries, findings, skipped)
}

/// An issue as read: whole (JSON, PDF, text), or a file's issues already checked and
/// summarised (JSON Lines).
enum Read {
    Full(Box<CheckedIssue>),
    Summaries(Vec<IssueSummary>),
}

type ReadResult = (Vec<Read>, Vec<Finding>, bool);

fn read_file(path: &Path, kind: FileKind) -> ReadResult {
    let file = crate::input::shown(path);
    let unreadable = |e: std::io::Error| {
        let finding = file_finding(Code::Unreadable, &file, format!("cannot read: {e}"));
        (vec![], vec![finding], false)
    };
    // JSON Lines files are streamed: an archive of gigabytes is never held whole.
    if matches!(kind, FileKind::Jsonl) && !crate::input::is_stdin(path) {
        return match std::fs::File::open(path) {
            Ok(f) => load_jsonl(&file, std::io::BufReader::with_capacity(1 << 20, f)),
            Err(e) => unreadable(e),
        };
    }
    // JSON Lines on standard input are streamed too (anything else on it is read whole).
    if crate::input::is_stdin(path) {
        let jsonl = |head: &[u8]| crate::archive::sniff(head) == FileKind::Jsonl;
        match crate::input::stdin_stream_if(jsonl) {
            Ok(Some(reader)) => return load_jsonl(&file, reader),
            Ok(None) => {}
            Err(e) => return unreadable(e),
        }
    }
    let bytes = match crate::input::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(e),
    };
    // `-` or a pipe: its bytes say what it is.
    let kind = match kind {
        FileKind::Sniff => crate::archive::sniff(&bytes),
        k => k,
    };
    match kind {
        FileKind::IssueJson | FileKind::Sniff => load_json(&file, &bytes),
        FileKind::Jsonl => load_file_text_jsonl(&file, &bytes),
        FileKind::Source => match crate::pipeline::convert_bytes(path, &file, &bytes) {
            Ok(issue) => (
                vec![Read::Full(Box::new(CheckedIssue { file, issue }))],
                vec![],
                false,
            ),
            Err(e) => (
                vec![],
                vec![file_finding(code_for(&e), &file, e.to_string())],
                false,
            ),
        },
    }
}

/// A pretty issue. JSON that is not gazette output at all (no `schema_version`, e.g. a
/// crawl index lying beside the files) is skipped; broken or foreign-version gazette
/// JSON is `unreadable`.
fn load_json(file: &str, bytes: &[u8]) -> ReadResult {
    // JSON Lines saved under a .json name (convert's stdout with several inputs).
    if looks_like_jsonl(bytes) {
        return load_file_text_jsonl(file, bytes);
    }
    let unreadable = |msg: String| {
        (
            vec![],
            vec![file_finding(Code::Unreadable, file, msg)],
            false,
        )
    };
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return unreadable(format!("invalid JSON: {e}")),
    };
    let version = match value.get("schema_version") {
        None => return (vec![], vec![], true),
        Some(v) => v.as_u64(),
    };
    if version != Some(SCHEMA_VERSION as u64) {
        return unreadable(format!(
            "schema_version {} is not {SCHEMA_VERSION}, the version this gazette reads",
            value["schema_version"]
        ));
    }
    match serde_json::from_value::<Issue>(value) {
        Ok(issue) => (
            vec![Read::Full(Box::new(CheckedIssue {
                file: file.to_string(),
                issue,
            }))],
            vec![],
            false,
        ),
        Err(e) => unreadable(format!(
            "not a converted gazette issue: {}",
            crate::archive::describe_json_error(&e)
        )),
    }
}

/// JSON Lines under a .json name or on stdin, in any key order or spacing.
fn looks_like_jsonl(bytes: &[u8]) -> bool {
    crate::archive::looks_like_jsonl(bytes)
}

fn load_file_text_jsonl(file: &str, bytes: &[u8]) -> ReadResult {
    load_jsonl(file, bytes)
}

fn load_jsonl(file: &str, reader: impl std::io::BufRead) -> ReadResult {
    let (issues, findings) = read_jsonl(file, reader);
    (vec![Read::Summaries(issues)], findings, false)
}

/// A PDF without usable text needs OCR, which is its own finding.
pub fn code_for(e: &ExtractError) -> Code {
    match e {
        ExtractError::NoTextLayer(_) | ExtractError::NoUnicodeMapping { .. } => Code::NoTextLayer,
        _ => Code::Unreadable,
    }
}

/// The `issue` record of JSON Lines: an issue without its documents (what `check` reads).
#[derive(Deserialize)]
struct IssueRecord {
    source: Source,
    gazette: Gazette,
    #[serde(default)]
    contents: Vec<ContentsEntry>,
}

/// The `document` record: a Document (flattened) plus its issue's gazette and source.
#[derive(Deserialize)]
struct DocumentRecord {
    #[serde(flatten)]
    document: Document,
    gazette: Gazette,
    source: Source,
}

/// Rebuilds issues from JSON Lines: each `document` record joins the issue record of
/// the same source (by blake3); a document without one gets an issue of its own
/// (without contents). A line that does not parse is an `unreadable` finding. Read line by
/// line; each document is checked on its own as it is read and only its summary kept, and
/// each issue's contents are checked against its documents once the file is read (an
/// issue's records need not be together or in order). Memory grows with the number of documents (a
/// few hundred bytes each) and contents entries, not with the size of the file.
pub fn read_jsonl(
    file: &str,
    mut reader: impl std::io::BufRead,
) -> (Vec<IssueSummary>, Vec<Finding>) {
    let mut slots = Slots {
        file: file.into(),
        ..Slots::default()
    };
    let mut findings = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u32;
    loop {
        line_no = line_no.saturating_add(1);
        let bad = |msg: String| {
            let mut f = file_finding(Code::Unreadable, file, msg);
            f.line = Some(line_no);
            f
        };
        buf.clear();
        match read_line_capped(&mut reader, &mut buf, MAX_LINE) {
            Ok(LineRead::End) => break,
            Ok(LineRead::Line) => {}
            Ok(LineRead::TooLong) => {
                findings.push(bad(format!(
                    "line {line_no}: longer than {} MB, skipped",
                    MAX_LINE >> 20
                )));
                continue;
            }
            Err(e) => {
                findings.push(bad(format!("line {line_no}: cannot read: {e}")));
                break;
            }
        }
        let text = String::from_utf8_lossy(&buf);
        let line = text.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                findings.push(bad(format!("line {line_no}: invalid JSON: {e}")));
                continue;
            }
        };
        match value.get("record").and_then(|r| r.as_str()) {
            Some("issue") => match serde_json::from_value::<IssueRecord>(value) {
                Ok(r) => {
                    let key = join_key(&r.source.blake3);
                    let contents = r.contents.into_iter().map(TocEntry::of).collect();
                    match slots.by_key.get(&key) {
                        // Its documents came first: the record completes their issue.
                        Some(&i) if !slots.has_record[i] => {
                            let documents = std::mem::take(&mut slots.issues[i].documents);
                            slots.issues[i] = IssueSummary::new(
                                slots.file.clone(),
                                &r.source,
                                &r.gazette,
                                documents,
                            );
                            slots.tocs[i] = (contents, r.source.format);
                            slots.has_record[i] = true;
                        }
                        _ => {
                            slots.push(key, &r.source, &r.gazette, contents, true);
                        }
                    }
                }
                Err(e) => findings.push(bad(format!(
                    "line {line_no}: bad issue record: {}",
                    crate::archive::describe_json_error(&e)
                ))),
            },
            Some("document") => match serde_json::from_value::<DocumentRecord>(value) {
                Ok(r) => {
                    let key = join_key(&r.source.blake3);
                    let i = match slots.by_key.get(&key) {
                        Some(&i) => i,
                        None => slots.push(key, &r.source, &r.gazette, vec![], false),
                    };
                    // The document's own checks, in the context its record carries.
                    let context = Issue {
                        schema_version: SCHEMA_VERSION,
                        generator: String::new(),
                        source: r.source,
                        gazette: slots.issues[i].gazette.clone(),
                        contents: vec![],
                        documents: vec![],
                        warnings: vec![],
                    };
                    findings.extend(check_document_in(file, &context, &r.document));
                    slots.issues[i].documents.push(DocSummary::of(&r.document));
                }
                Err(e) => findings.push(bad(format!(
                    "line {line_no}: bad document record: {}",
                    crate::archive::describe_json_error(&e)
                ))),
            },
            other => findings.push(bad(format!(
                "line {line_no}: not a gazette record (record = {})",
                other.unwrap_or("missing")
            ))),
        }
    }
    let Slots {
        mut issues, tocs, ..
    } = slots;
    for (s, (contents, format)) in issues.iter_mut().zip(tocs) {
        s.documents.shrink_to_fit();
        if !contents.is_empty() {
            findings.extend(toc_findings(s, contents, format));
        }
    }
    issues.shrink_to_fit();
    (issues, findings)
}

/// The issues of a JSON Lines file as its records are read.
#[derive(Default)]
struct Slots {
    issues: Vec<IssueSummary>,
    /// Per issue, for the contents check at the end: its entries and source format.
    tocs: Vec<(Vec<TocEntry>, SourceFormat)>,
    /// Whether the issue's own record was read (else only documents of it, so far).
    has_record: Vec<bool>,
    /// source.blake3 → the issue's slot: documents find their issue without a scan.
    by_key: std::collections::HashMap<u128, usize>,
    file: std::sync::Arc<str>,
}

impl Slots {
    /// A new issue under `key` (a later one with the same key replaces it in `by_key`).
    fn push(
        &mut self,
        key: u128,
        source: &Source,
        gazette: &Gazette,
        contents: Vec<TocEntry>,
        has_record: bool,
    ) -> usize {
        let i = self.issues.len();
        self.by_key.insert(key, i);
        let summary = IssueSummary::new(self.file.clone(), source, gazette, vec![]);
        self.issues.push(summary);
        self.tocs.push((contents, source.format));
        self.has_record.push(has_record);
        i
    }
}

/// A source's blake3 (64 hex digits) as a join key: its first 128 bits; any other string
/// by two hashes of it.
fn join_key(blake3: &str) -> u128 {
    if blake3.len() == 64
        && blake3.bytes().all(|b| b.is_ascii_hexdigit())
        && let Ok(k) = u128::from_str_radix(&blake3[..32], 16)
    {
        return k;
    }
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (salt, blake3).hash(&mut h);
        h.finish() as u128
    };
    half(1) << 64 | half(2)
}

/// A contents entry as the contents check reads it, kept until the file is read.
struct TocEntry {
    title: Box<str>,
    toc_page: Option<u32>,
    document_id: Option<Box<str>>,
}

impl TocEntry {
    fn of(e: ContentsEntry) -> Self {
        TocEntry {
            title: e.title.into(),
            toc_page: e.toc_page,
            document_id: e.document_id.map(Into::into),
        }
    }
}

/// `rules::check_toc` on a summarised issue: the issue is rebuilt, one at a time, with
/// the fields that check reads.
fn toc_findings(s: &IssueSummary, contents: Vec<TocEntry>, format: SourceFormat) -> Vec<Finding> {
    let contents = contents
        .into_iter()
        .map(|e| ContentsEntry {
            section: None,
            title: e.title.into(),
            toc_page: e.toc_page,
            document_id: e.document_id.map(Into::into),
        })
        .collect();
    let documents = s.documents.iter().map(toc_document).collect();
    let ci = CheckedIssue {
        file: s.file.to_string(),
        issue: Issue {
            schema_version: SCHEMA_VERSION,
            generator: String::new(),
            source: Source {
                path: s.source.clone().unwrap_or_default(),
                blake3: String::new(),
                format,
                encoding: None,
                page_count: None,
                page_labels: vec![],
                extractor: String::new(),
                metadata: None,
                ocr: None,
            },
            gazette: s.gazette.clone(),
            contents,
            documents,
            warnings: vec![],
        },
    };
    super::rules::check_toc(&ci)
}

/// A document with what the contents check reads of it (ids, titles, pages, its label).
fn toc_document(d: &DocSummary) -> Document {
    let text = |s: &Option<Box<str>>| s.as_deref().map(str::to_string);
    Document {
        id: d.id.to_string(),
        index: d.index,
        section: None,
        toc_title: text(&d.toc_title),
        toc_page: d.toc_page,
        title: text(&d.title),
        title_raw: None,
        doc_type: None,
        doc_type_raw: None,
        wrapper: None,
        doc_number: d.number.as_deref().map(|n| DocNumber {
            text: n.to_string(),
            raw: n.to_string(),
            code: String::new(),
            year: None,
            serial: None,
            kind: DocNumberKind::Other,
        }),
        addressees: None,
        issuers: vec![],
        signer: None,
        date: None,
        date_raw: None,
        notes: vec![],
        publication: None,
        attachments: vec![],
        references: vec![],
        title_references: vec![],
        effective: None,
        valid_until: None,
        pages: d.page.map(|start| PageSpan {
            start,
            end: start,
            printed_start: d.printed_page,
            printed_end: None,
        }),
        lines: LineSpan {
            start: d.line,
            end: d.line,
        },
        body: String::new(),
        provenance: Default::default(),
        warnings: vec![],
    }
}

/// The longest JSON Lines record read (a document record is a few kB to a few MB).
const MAX_LINE: usize = 256 << 20;

enum LineRead {
    Line,
    TooLong,
    End,
}

/// One line into `buf` (newline included), or `TooLong` (the line skipped to its end,
/// never buffered beyond `max`).
fn read_line_capped(
    r: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<LineRead> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long && buf.len() + take <= max {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            too_long = true;
            buf.clear();
        }
        r.consume(take);
        if done {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => LineRead::End,
        (true, true) => LineRead::TooLong,
        (true, false) => LineRead::Line,
    })
}

/// One line of `.gazette/failures.jsonl`, written by `gazette convert`.
#[derive(Deserialize)]
struct FailureLine {
    path: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    kind: Option<String>,
}

/// Each failed input is a file finding: `no-text-layer` when the kind (or the reason)
/// says the PDF has no usable text, `unreadable` otherwise.
pub fn read_failures(log: &str, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<FailureLine>(line) {
            Ok(f) => {
                let kind = f
                    .kind
                    .unwrap_or_default()
                    .to_ascii_lowercase()
                    .replace('_', "-");
                let no_text = kind.contains("no-text")
                    || kind.contains("notext")
                    || kind.contains("no-unicode")
                    || f.reason.contains("no text layer")
                    || f.reason.contains("OCR");
                let code = if no_text {
                    Code::NoTextLayer
                } else {
                    Code::Unreadable
                };
                let reason = if f.reason.is_empty() {
                    "conversion failed".to_string()
                } else {
                    f.reason
                };
                out.push(file_finding(
                    code,
                    &f.path,
                    format!("{reason} (from {log})"),
                ));
            }
            Err(e) => {
                let mut f = file_finding(
                    Code::Unreadable,
                    log,
                    format!("line {}: bad failure record: {e}", n + 1),
                );
                f.line = Some(n as u32 + 1);
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_map_to_file_findings() {
        let log = concat!(
            r#"{"path":"2019/03.pdf","reason":"no text layer on pages 1-4 (scanned? OCR needed)","kind":"no_text_layer"}"#,
            "\n",
            r#"{"path":"2019/04.pdf","reason":"encrypted PDF (password required)","kind":"encrypted"}"#,
            "\n\nnot json\n",
            // As `gazette convert -o` writes them (archive::error_kind).
            r#"{"path":"a/bad.pdf","reason":"not a PDF","kind":"not-pdf","blake3":null}"#,
            "\n",
            r#"{"path":"a/cid.pdf","reason":"no Unicode mapping for font F1 on pages 1-2; OCR needed","kind":"no-unicode-mapping","blake3":"ab"}"#,
            "\n",
        );
        let f = read_failures("json/.gazette/failures.jsonl", log);
        assert_eq!(f.len(), 5);
        assert_eq!(f[3].code, Code::Unreadable);
        assert_eq!(f[3].file.as_deref(), Some("a/bad.pdf"));
        assert_eq!(f[4].code, Code::NoTextLayer);
        assert_eq!(f[0].code, Code::NoTextLayer);
        assert_eq!(f[0].file.as_deref(), Some("2019/03.pdf"));
        assert_eq!(f[1].code, Code::Unreadable);
        assert_eq!(f[2].code, Code::Unreadable);
        assert_eq!(f[2].line, Some(4));
    }

    #[test]
    fn bad_jsonl_lines_are_findings_not_errors() {
        let (issues, findings) = read_jsonl("x.jsonl", &b"{\"record\":\"other\"}\n{oops\n"[..]);
        assert!(issues.is_empty());
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.code == Code::Unreadable));
        assert_eq!(findings[1].line, Some(2));
    }

    #[test]
    fn an_overlong_line_is_skipped_with_a_finding() {
        let mut input = std::io::BufReader::with_capacity(4, &b"abcdefghij\nxy\n\nlast"[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            buf.clear();
            match read_line_capped(&mut input, &mut buf, 5).unwrap() {
                LineRead::End => break,
                LineRead::TooLong => got.push("TOO LONG".to_string()),
                LineRead::Line => got.push(String::from_utf8_lossy(&buf).into_owned()),
            }
        }
        assert_eq!(got, ["TOO LONG", "xy\n", "\n", "last"]);
    }
}
