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
    pub issues: Vec<CheckedIssue>,
    /// File findings (unreadable, no-text-layer).
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
        // No check reads the text; a large archive need not hold it all in memory.
        loaded.issues.extend(issues.into_iter().map(|mut ci| {
            for d in &mut ci.issue.documents {
                d.body = String::new();
            }
            ci
        }));
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

/// Issues read, file findings, and whether the file was skipped as not gazette output.
type FileResult = (Vec<CheckedIssue>, Vec<Finding>, bool);

fn load_file(path: &Path, kind: FileKind) -> FileResult {
    let file = crate::input::shown(path);
    // JSON Lines files are streamed: an archive of gigabytes is never held whole.
    if matches!(kind, FileKind::Jsonl) && !crate::input::is_stdin(path) {
        return match std::fs::File::open(path) {
            Ok(f) => load_jsonl(&file, std::io::BufReader::with_capacity(1 << 20, f)),
            Err(e) => (
                vec![],
                vec![file_finding(
                    Code::Unreadable,
                    &file,
                    format!("cannot read: {e}"),
                )],
                false,
            ),
        };
    }
    let bytes = match crate::input::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                vec![],
                vec![file_finding(
                    Code::Unreadable,
                    &file,
                    format!("cannot read: {e}"),
                )],
                false,
            );
        }
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
            Ok(issue) => (vec![CheckedIssue { file, issue }], vec![], false),
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
fn load_json(file: &str, bytes: &[u8]) -> FileResult {
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
            vec![CheckedIssue {
                file: file.to_string(),
                issue,
            }],
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

fn load_file_text_jsonl(file: &str, bytes: &[u8]) -> FileResult {
    load_jsonl(file, bytes)
}

fn load_jsonl(file: &str, reader: impl std::io::BufRead) -> FileResult {
    let (issues, findings) = read_jsonl(file, reader);
    let issues = issues
        .into_iter()
        .map(|issue| CheckedIssue {
            file: file.to_string(),
            issue,
        })
        .collect();
    (issues, findings, false)
}

/// A PDF without usable text needs OCR, which is its own finding.
pub fn code_for(e: &ExtractError) -> Code {
    match e {
        ExtractError::NoTextLayer(_) | ExtractError::NoUnicodeMapping { .. } => Code::NoTextLayer,
        _ => Code::Unreadable,
    }
}

/// The `issue` record of JSON Lines: an issue without its documents.
#[derive(Deserialize)]
struct IssueRecord {
    #[serde(default = "one")]
    schema_version: u32,
    #[serde(default)]
    generator: String,
    source: Source,
    gazette: Gazette,
    #[serde(default)]
    contents: Vec<ContentsEntry>,
    #[serde(default)]
    warnings: Vec<Warning>,
}

fn one() -> u32 {
    SCHEMA_VERSION
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
/// line, document bodies dropped as they are read (no check reads them): memory grows with
/// the number of documents, not the size of the file.
pub fn read_jsonl(file: &str, mut reader: impl std::io::BufRead) -> (Vec<Issue>, Vec<Finding>) {
    let mut issues: Vec<Issue> = Vec::new();
    // source.blake3 → the issue's slot: documents find their issue without a scan.
    let mut slots: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
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
                    slots.insert(r.source.blake3.clone(), issues.len());
                    issues.push(Issue {
                        schema_version: r.schema_version,
                        generator: r.generator,
                        source: r.source,
                        gazette: r.gazette,
                        contents: r.contents,
                        documents: vec![],
                        warnings: r.warnings,
                    })
                }
                Err(e) => findings.push(bad(format!(
                    "line {line_no}: bad issue record: {}",
                    crate::archive::describe_json_error(&e)
                ))),
            },
            Some("document") => match serde_json::from_value::<DocumentRecord>(value) {
                Ok(mut r) => {
                    r.document.body = String::new();
                    match slots.get(&r.source.blake3) {
                        Some(&i) => issues[i].documents.push(r.document),
                        None => {
                            slots.insert(r.source.blake3.clone(), issues.len());
                            issues.push(Issue {
                                schema_version: SCHEMA_VERSION,
                                generator: String::new(),
                                source: r.source,
                                gazette: r.gazette,
                                contents: vec![],
                                documents: vec![r.document],
                                warnings: vec![],
                            })
                        }
                    }
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
    (issues, findings)
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
