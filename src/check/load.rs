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
    let text = String::from_utf8_lossy(bytes);
    let (issues, findings) = read_jsonl(file, &text);
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
/// (without contents). A line that does not parse is an `unreadable` finding.
pub fn read_jsonl(file: &str, text: &str) -> (Vec<Issue>, Vec<Finding>) {
    let mut issues: Vec<Issue> = Vec::new();
    let mut findings = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |msg: String| {
            let mut f = file_finding(Code::Unreadable, file, msg);
            f.line = Some(line_no);
            f
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                findings.push(bad(format!("line {line_no}: invalid JSON: {e}")));
                continue;
            }
        };
        match value.get("record").and_then(|r| r.as_str()) {
            Some("issue") => match serde_json::from_value::<IssueRecord>(value) {
                Ok(r) => issues.push(Issue {
                    schema_version: r.schema_version,
                    generator: r.generator,
                    source: r.source,
                    gazette: r.gazette,
                    contents: r.contents,
                    documents: vec![],
                    warnings: r.warnings,
                }),
                Err(e) => findings.push(bad(format!(
                    "line {line_no}: bad issue record: {}",
                    crate::archive::describe_json_error(&e)
                ))),
            },
            Some("document") => match serde_json::from_value::<DocumentRecord>(value) {
                Ok(r) => {
                    let slot = issues
                        .iter()
                        .rposition(|i| i.source.blake3 == r.source.blake3);
                    match slot {
                        Some(i) => issues[i].documents.push(r.document),
                        None => issues.push(Issue {
                            schema_version: SCHEMA_VERSION,
                            generator: String::new(),
                            source: r.source,
                            gazette: r.gazette,
                            contents: vec![],
                            documents: vec![r.document],
                            warnings: vec![],
                        }),
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
        let (issues, findings) = read_jsonl("x.jsonl", "{\"record\":\"other\"}\n{oops\n");
        assert!(issues.is_empty());
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.code == Code::Unreadable));
    }
}
