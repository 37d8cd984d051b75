//! Reading a converted archive back: which files a query reads (issue JSON, JSON Lines,
//! or PDF/TXT sources to convert on the fly), slim borrowed views of document records so
//! that a scan over a large JSON Lines file deserialises only what it needs, and raw-byte
//! helpers (line splitting, field peeking) for pre-filtering lines before serde sees them.
//! Shared by `grep` and `check`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::input::{escaped, is_file_like, is_stdin};
use crate::model::{Document, Gazette, PageSpan, PublicationStatus, SCHEMA_VERSION, Source};

mod records;
pub use records::{
    describe_json_error, is_canonical, looks_like_jsonl, parse_document_record, sniff,
};

/// What a file of the archive holds, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `*.json`: one pretty [`crate::model::Issue`].
    IssueJson,
    /// `*.jsonl`: `issue` and `document` records, one per line.
    Jsonl,
    /// `*.pdf` / `*.txt`: a gazette to convert on the fly.
    Source,
    /// `-`, a named pipe or device with no telling name: [`sniff`] decides once read.
    Sniff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveFile {
    pub path: PathBuf,
    /// Path relative to the folder given (the file name for a file given): the name of
    /// its converted JSON in a `convert -o` folder is `<relative>.json`.
    pub relative: String,
    /// `source.path` as `convert` records it: the path as given for a file given, the
    /// relative path for a file found in a folder.
    pub label: String,
    pub kind: FileKind,
}

pub fn kind_of(p: &Path) -> Option<FileKind> {
    let ext = p.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(FileKind::IssueJson),
        "jsonl" => Some(FileKind::Jsonl),
        "pdf" | "txt" => Some(FileKind::Source),
        _ => None,
    }
}

/// The files below `paths`: files given are taken whatever their extension (an unknown one
/// is an error), folders are walked recursively in name order, hidden entries (such as the
/// `.gazette/` bookkeeping folder) skipped. Unreadable paths are returned as errors, so that
/// the caller can report them and go on with the rest.
pub fn collect_archive(paths: &[PathBuf]) -> (Vec<ArchiveFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in paths {
        if is_stdin(input) {
            files.push(ArchiveFile {
                path: input.clone(),
                relative: "stdin".into(),
                label: crate::input::STDIN_LABEL.into(),
                kind: FileKind::Sniff,
            });
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: {e}", escaped(input)));
                continue;
            }
        };
        if is_file_like(&meta) {
            // A regular file is known by its extension; a pipe or device by its bytes.
            let kind = kind_of(input).or((!meta.is_file()).then_some(FileKind::Sniff));
            match kind {
                Some(kind) => files.push(ArchiveFile {
                    path: input.clone(),
                    label: escaped(input),
                    relative: input
                        .file_name()
                        .map(|n| escaped(n.as_ref()))
                        .unwrap_or_default(),
                    kind,
                }),
                None => errors.push(format!(
                    "{}: not a .json, .jsonl, .pdf or .txt file",
                    escaped(input)
                )),
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(format!("{}: {e}", input.display()));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            if let Some(kind) = kind_of(entry.path()) {
                let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
                let rel = crate::input::slashed(rel);
                files.push(ArchiveFile {
                    path: entry.path().to_path_buf(),
                    label: rel.clone(),
                    relative: rel,
                    kind,
                });
            }
        }
    }
    (files, errors)
}

/// The fields of a `document` record that queries look at, borrowed from the line where
/// no unescaping is needed. Built the same way from an owned [`Document`]. The body is not
/// deserialised with the rest (most queries never look at it): [`DocView::fill_body`] reads it
/// from the record when a text pattern needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct DocView<'a> {
    #[serde(borrow, default)]
    pub id: Cow<'a, str>,
    #[serde(default)]
    pub index: u32,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub section: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub title: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub doc_type: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub doc_type_raw: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub doc_number: Option<NumberView<'a>>,
    #[serde(borrow, default, deserialize_with = "vec_str")]
    pub issuers: Vec<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub date: Option<Cow<'a, str>>,
    #[serde(default)]
    pub publication: Option<PublicationView>,
    #[serde(borrow, default)]
    pub references: Vec<NumberView<'a>>,
    #[serde(default)]
    pub pages: Option<PageSpan>,
    #[serde(skip)]
    pub body: Cow<'a, str>,
    #[serde(borrow, default)]
    pub gazette: GazetteView<'a>,
    #[serde(borrow, default)]
    pub source: SourceView<'a>,
}

impl<'a> DocView<'a> {
    /// Reads `body` from the compact record `line` this view was deserialised from.
    pub fn fill_body(&mut self, line: &'a [u8]) {
        if let Some(Str(b)) = peek_value::<Str<'a>>(line, br#""body":"#) {
            self.body = b;
        }
    }
}

/// The parts of a pretty issue JSON that queries look at (bodies skipped). The documents'
/// `gazette` and `source` are the issue's: copy them in.
#[derive(Debug, Clone, Deserialize)]
pub struct IssueView<'a> {
    /// Required, so that a JSON file that is not a gazette issue is an error.
    pub schema_version: u32,
    #[serde(borrow)]
    pub source: SourceView<'a>,
    #[serde(borrow)]
    pub gazette: GazetteView<'a>,
    #[serde(borrow)]
    pub documents: Vec<DocView<'a>>,
}

/// A string borrowed from the input when it holds no escapes.
pub struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v))
            }
        }
        d.deserialize_str(V).map(Str)
    }
}

fn opt_str<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    Ok(Option::<Str<'a>>::deserialize(d)?.map(|s| s.0))
}

fn vec_str<'de: 'a, 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Cow<'a, str>>, D::Error> {
    Ok(Vec::<Str<'a>>::deserialize(d)?
        .into_iter()
        .map(|s| s.0)
        .collect())
}

/// A 文号: the document's own (`doc_number`) or a cited one (`references[]`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NumberView<'a> {
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    #[serde(borrow, default)]
    pub code: Cow<'a, str>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub serial: Option<u32>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PublicationView {
    pub status: PublicationStatus,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GazetteView<'a> {
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_str")]
    pub published: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SourceView<'a> {
    #[serde(borrow, default)]
    pub path: Cow<'a, str>,
}

fn b(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

impl<'a> DocView<'a> {
    pub fn from_document(d: &'a Document, gazette: &'a Gazette, source: &'a Source) -> Self {
        let number = |text: &'a str, code: &'a str, year, serial| NumberView {
            text: Cow::Borrowed(text),
            code: Cow::Borrowed(code),
            year,
            serial,
        };
        DocView {
            id: Cow::Borrowed(&d.id),
            index: d.index,
            section: b(&d.section),
            title: b(&d.title),
            doc_type: b(&d.doc_type),
            doc_type_raw: b(&d.doc_type_raw),
            doc_number: d
                .doc_number
                .as_ref()
                .map(|n| number(&n.text, &n.code, n.year, n.serial)),
            issuers: d
                .issuers
                .iter()
                .map(|s| Cow::Borrowed(s.as_str()))
                .collect(),
            date: b(&d.date),
            publication: d
                .publication
                .as_ref()
                .map(|p| PublicationView { status: p.status }),
            references: d
                .references
                .iter()
                .map(|r| number(&r.text, &r.code, r.year, r.serial))
                .collect(),
            pages: d.pages.clone(),
            body: Cow::Borrowed(&d.body),
            gazette: GazetteView {
                name: b(&gazette.name),
                published: b(&gazette.published),
            },
            source: SourceView {
                path: Cow::Borrowed(&source.path),
            },
        }
    }
}

/// A `document` JSON Lines record, as `emit::to_jsonl` writes it.
#[derive(Serialize)]
pub struct DocumentRecord<'a> {
    pub schema_version: u32,
    pub record: &'static str,
    #[serde(flatten)]
    pub document: &'a Document,
    pub gazette: &'a Gazette,
    pub source: &'a Source,
}

/// One compact `document` record (no trailing newline).
pub fn document_record_json(d: &Document, gazette: &Gazette, source: &Source) -> String {
    serde_json::to_string(&DocumentRecord {
        schema_version: SCHEMA_VERSION,
        record: "document",
        document: d,
        gazette,
        source,
    })
    .expect("model types always serialise")
}

/// Splits `buf` into about `n` pieces that end at line ends, for parallel scans.
pub fn split_at_lines(buf: &[u8], n: usize) -> Vec<(usize, &[u8])> {
    let n = n.max(1);
    let target = buf.len().div_ceil(n).max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < buf.len() {
        let mut end = (start + target).min(buf.len());
        if end < buf.len() {
            end = match memchr::memchr(b'\n', &buf[end..]) {
                Some(i) => end + i + 1,
                None => buf.len(),
            };
        }
        out.push((start, &buf[start..end]));
        start = end;
    }
    out
}

/// Whether a JSON Lines record is a `document` record (looked for near its start, where
/// `emit` puts it, then anywhere).
pub fn is_document_record(line: &[u8]) -> bool {
    static KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(br#""record":"document""#));
    let head = &line[..line.len().min(64)];
    KEY.find(head).is_some() || KEY.find(line).is_some()
}

/// The raw value of a top-level-unique key in a compact JSON record: `None` when the key
/// is absent, `Some(None)` for `null`, `Some(Some(bytes))` for a string (still escaped).
/// Sound because `"key":` cannot occur inside a JSON string (its quotes would be escaped).
pub fn peek_str<'a>(line: &'a [u8], key: &[u8]) -> Option<Option<&'a [u8]>> {
    let at = memchr::memmem::find(line, key)? + key.len();
    let rest = &line[at..];
    if rest.starts_with(b"null") {
        return Some(None);
    }
    let rest = rest.strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some(Some(&rest[..end]))
}

/// The value of a top-level-unique key in a compact JSON record, deserialised alone (the
/// rest of the record is not parsed): `None` when the key is absent or the value invalid.
pub fn peek_value<'a, T: Deserialize<'a>>(line: &'a [u8], key: &[u8]) -> Option<T> {
    let at = memchr::memmem::find(line, key)? + key.len();
    let mut de = serde_json::Deserializer::from_slice(&line[at..]);
    T::deserialize(&mut de).ok()
}

/// 1-based line number of byte `offset` in `buf` (for error messages only).
pub fn line_number(buf: &[u8], offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &buf[..offset.min(buf.len())]).count() + 1
}

/// The JSON-escaped form of `s` as serde_json writes it inside a string, for searching raw
/// records.
pub fn json_escaped(s: &str) -> String {
    let q = serde_json::to_string(s).expect("strings serialise");
    q[1..q.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeks_fields() {
        let l =
            br#"{"record":"document","date":"2019-04-07","date_raw":null,"x":{"published":null}}"#;
        assert_eq!(peek_str(l, br#""date":"#), Some(Some(&b"2019-04-07"[..])));
        assert_eq!(peek_str(l, br#""published":"#), Some(None));
        assert_eq!(peek_str(l, br#""nothing":"#), None);
        let n: Option<Option<NumberView<'_>>> = peek_value(
            br#"{"doc_number":{"text":"a","code":"b}","year":1,"serial":null},"x":1}"#,
            br#""doc_number":"#,
        );
        let n = n.unwrap().unwrap();
        assert_eq!(
            (&*n.text, &*n.code, n.year, n.serial),
            ("a", "b}", Some(1), None)
        );
        assert!(is_document_record(l));
    }

    #[test]
    fn splits_at_line_ends() {
        let buf = b"aaa\nbbb\nccc\nddd\n";
        let parts = split_at_lines(buf, 3);
        let joined: Vec<u8> = parts.iter().flat_map(|p| p.1.to_vec()).collect();
        assert_eq!(joined, buf);
        assert!(parts.iter().all(|p| p.1.ends_with(b"\n")));
        assert_eq!(line_number(buf, 8), 3);
    }

    #[test]
    fn escapes_like_serde() {
        assert_eq!(json_escaped("a\"b\n吕"), "a\\\"b\\n吕");
    }
}
