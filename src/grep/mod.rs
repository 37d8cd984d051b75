//! `gazette grep`: queries over a converted archive (issue JSON, JSON Lines) or straight
//! over PDF/TXT gazettes, converted on the fly. A query is a [`Filter`] (a conjunction);
//! the scan runs files in parallel and large JSON Lines files in parallel chunks, rejects
//! most records on their raw bytes ([`filter::Prefilter`]) and deserialises the rest into
//! slim borrowed views. Hits come back in input order; per-file errors are collected so
//! that a bad file is reported without stopping the others (rg's "errored" flag).

pub mod filter;
pub mod number;
pub mod output;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use filter::{DateRange, Filter, Missing, Status, TextPattern};
pub use number::NumberPattern;

use crate::archive_read::{
    ArchiveFile, DocView, FileKind, IssueView, collect_archive, document_record_json,
    is_document_record, line_number, split_at_lines,
};
use crate::model::Issue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    Number,
    Date,
    Path,
}

/// What one matching document contributes to the output.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    /// Index of the searched file (input order).
    pub file: usize,
    /// `source.path`: the gazette the document is in.
    pub path: String,
    pub index: u32,
    pub page: Option<u32>,
    pub number: Option<String>,
    number_key: Option<(String, Option<i32>, Option<u32>)>,
    pub date: Option<String>,
    pub title: Option<String>,
    /// Matches of the text pattern, as (before, match, after) on one line.
    pub snippets: Vec<(String, String, String)>,
    /// The `document` JSON Lines record, when asked for.
    pub json: Option<String>,
    /// Normalised 文号 the document cites (for `--cited-by`).
    pub references: Vec<String>,
}

/// What the scan should keep of each hit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Want {
    pub json: bool,
    /// Characters of context on each side of a text match; None = no snippets.
    pub snippets: Option<usize>,
    /// Only which file matched and how often (`-c`, `-l`): no fields needed.
    pub bare: bool,
}

/// A validated query.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub filter: Filter,
    /// `--cited-by X`: documents cited by the document numbered X.
    pub cited_by: Option<NumberPattern>,
    pub sort: Option<SortKey>,
    /// A convert output folder whose `<relative>.json` replaces converting a PDF/TXT
    /// input when its `source.blake3` matches.
    pub cache: Option<PathBuf>,
}

pub struct Outcome {
    pub files: Vec<ArchiveFile>,
    pub hits: Vec<Hit>,
    /// `path: reason` of every file (or record) that could not be read.
    pub errors: Vec<String>,
    /// Remarks for stderr that are not errors (`--cited-by` found no such document).
    pub notes: Vec<String>,
}

/// Runs a query over `paths`.
pub fn search(paths: &[PathBuf], q: &Query, want: Want) -> Outcome {
    let (files, mut errors) = collect_archive(paths);
    let mut notes = Vec::new();
    let sources = Sources {
        cache: q.cache.as_deref(),
        progress: progress(&files),
        // Two passes over the same files (`--cited-by`): convert each input once.
        memo: q.cited_by.as_ref().map(|_| Default::default()),
    };
    let mut hits = if let Some(target) = &q.cited_by {
        let first = Filter {
            number: Some(target.clone()),
            ..Filter::default()
        };
        let (found, errs) = scan(&files, &first, Want::default(), &sources);
        errors.extend(errs);
        if found.is_empty() {
            notes.push(format!(
                "--cited-by: no document numbered {} in the inputs",
                target.normalised
            ));
        }
        let cited: BTreeSet<String> = found.into_iter().flat_map(|h| h.references).collect();
        if cited.is_empty() {
            Vec::new()
        } else {
            let second = Filter {
                number_in: Some(cited),
                ..q.filter.clone()
            };
            // The errors of the first pass are those of the second: report them once.
            scan(&files, &second, want, &sources).0
        }
    } else {
        let (h, errs) = scan(&files, &q.filter, want, &sources);
        errors.extend(errs);
        h
    };
    if let Some(p) = &sources.progress {
        p.finish_and_clear();
    }
    if let Some(key) = q.sort {
        sort_hits(&mut hits, key);
    }
    Outcome {
        files,
        hits,
        errors,
        notes,
    }
}

fn sort_hits(hits: &mut [Hit], key: SortKey) {
    // Stable sorts: ties keep input order; documents lacking the key go last.
    match key {
        SortKey::Number => hits.sort_by(|a, b| {
            (a.number_key.is_none(), &a.number_key).cmp(&(b.number_key.is_none(), &b.number_key))
        }),
        SortKey::Date => {
            hits.sort_by(|a, b| (a.date.is_none(), &a.date).cmp(&(b.date.is_none(), &b.date)))
        }
        SortKey::Path => hits.sort_by(|a, b| (&a.path, a.index).cmp(&(&b.path, b.index))),
    }
}

/// Scans every file; hits and errors in input order.
pub fn scan(
    files: &[ArchiveFile],
    filter: &Filter,
    want: Want,
    sources: &Sources<'_>,
) -> (Vec<Hit>, Vec<String>) {
    let c = Compiled {
        filter,
        pre: filter.prefilter(),
        pretty: filter.file_needles(": "),
        compact: filter.file_needles(":"),
    };
    let per_file: Vec<(Vec<Hit>, Vec<String>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| scan_file(i, f, &c, want, sources))
        .collect();
    let mut hits = Vec::new();
    let mut errors = Vec::new();
    for (h, e) in per_file {
        hits.extend(h);
        errors.extend(e);
    }
    (hits, errors)
}

/// A filter with its byte-level pre-filters, compiled once per scan.
struct Compiled<'f> {
    filter: &'f Filter,
    pre: filter::Prefilter,
    pretty: filter::FileNeedles,
    compact: filter::FileNeedles,
}

fn scan_file(
    i: usize,
    f: &ArchiveFile,
    c: &Compiled<'_>,
    want: Want,
    sources: &Sources<'_>,
) -> (Vec<Hit>, Vec<String>) {
    let filter = c.filter;
    let shown = f.path.display();
    match f.kind {
        FileKind::Jsonl => match map_file(&f.path) {
            Ok(buf) => scan_jsonl(i, &f.path, &buf, c, want),
            Err(e) => (vec![], vec![format!("{shown}: {e}")]),
        },
        FileKind::IssueJson => {
            let buf = match std::fs::read(&f.path) {
                Ok(b) => b,
                Err(e) => return (vec![], vec![format!("{shown}: {e}")]),
            };
            match scan_issue_json(i, &buf, c, want) {
                Ok(hits) => (hits, vec![]),
                // JSON Lines saved as .json: read it as such.
                Err(_) if looks_like_jsonl(&buf) => scan_jsonl(i, &f.path, &buf, c, want),
                Err(e) => (
                    vec![],
                    vec![format!("{shown}: not a gazette issue JSON ({e})")],
                ),
            }
        }
        FileKind::Source => match sources.load(i, f) {
            Ok(issue) => (scan_issue(i, &issue, filter, want), vec![]),
            Err(e) => (vec![], vec![format!("{shown}: {e:#}")]),
        },
    }
}

fn looks_like_jsonl(buf: &[u8]) -> bool {
    buf.starts_with(br#"{"schema_version":"#) && memchr::memchr(b'\n', buf).is_some()
}

/// The file's bytes: memory-mapped (large archives), or read when mapping fails.
fn map_file(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(Bytes::Owned(Vec::new()));
    }
    // SAFETY: the map is read-only and lives only for this scan; a file truncated by
    // another process meanwhile could fault, the price every mmap-based grep pays.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(m) => Ok(Bytes::Mapped(m)),
        Err(_) => std::fs::read(path).map(Bytes::Owned),
    }
}

enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

fn scan_jsonl(
    i: usize,
    path: &Path,
    buf: &[u8],
    c: &Compiled<'_>,
    want: Want,
) -> (Vec<Hit>, Vec<String>) {
    let (filter, pre) = (c.filter, &c.pre);
    let chunks = split_at_lines(buf, rayon::current_num_threads() * 8);
    let parts: Vec<(Vec<Hit>, Vec<String>, usize)> = chunks
        .par_iter()
        .map(|&(base, chunk)| {
            let mut hits = Vec::new();
            let mut errors = Errors::new(path, buf, base);
            let mut pos = 0;
            let mut line_in_chunk = 0;
            while pos < chunk.len() {
                let end = memchr::memchr(b'\n', &chunk[pos..]).map_or(chunk.len(), |i| pos + i);
                let line = &chunk[pos..end];
                pos = end + 1;
                line_in_chunk += 1;
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if !(line.starts_with(b"{") && line.ends_with(b"}")) {
                    errors.push(line_in_chunk, "not a JSON record".into());
                    continue;
                }
                if !is_document_record(line) || !pre.accepts(line) {
                    continue;
                }
                if want.bare && pre.exact {
                    hits.push(Hit {
                        file: i,
                        ..Hit::default()
                    });
                    continue;
                }
                match serde_json::from_slice::<DocView<'_>>(line) {
                    Ok(mut d) => {
                        if filter.text.is_some() {
                            d.fill_body(line);
                        }
                        if filter.matches(&d) {
                            let json = want
                                .json
                                .then(|| String::from_utf8_lossy(line).into_owned());
                            hits.push(make_hit(i, &d, filter, want, json));
                        }
                    }
                    Err(e) => errors.push(line_in_chunk, format!("invalid document record ({e})")),
                }
            }
            (hits, errors.shown, errors.more)
        })
        .collect();
    let mut hits = Vec::new();
    let mut errors = Vec::new();
    let mut more = 0;
    for (h, e, m) in parts {
        hits.extend(h);
        errors.extend(e);
        more += m;
    }
    if more > 0 {
        errors.push(format!("{}: {more} more invalid lines", path.display()));
    }
    (hits, errors)
}

/// The errors of one chunk of a JSON Lines file: the first few with their line number
/// (counted only once something is wrong), then just how many more.
struct Errors<'a> {
    path: &'a Path,
    buf: &'a [u8],
    base: usize,
    first_line: Option<usize>,
    shown: Vec<String>,
    more: usize,
}

impl<'a> Errors<'a> {
    const SHOWN: usize = 5;

    fn new(path: &'a Path, buf: &'a [u8], base: usize) -> Self {
        Errors {
            path,
            buf,
            base,
            first_line: None,
            shown: Vec::new(),
            more: 0,
        }
    }

    /// `line_in_chunk`: 1-based line number within the chunk.
    fn push(&mut self, line_in_chunk: usize, message: String) {
        if self.shown.len() >= Self::SHOWN {
            self.more += 1;
            return;
        }
        let first = *self
            .first_line
            .get_or_insert_with(|| line_number(self.buf, self.base));
        self.shown.push(format!(
            "{}:{}: {message}",
            self.path.display(),
            first + line_in_chunk - 1
        ));
    }
}

/// A pretty issue JSON. Without a text pattern the slim [`IssueView`] decides (bodies are
/// skipped, strings borrowed); the full [`Issue`] is read only for a text pattern, or for
/// `--json` records once something matched.
fn scan_issue_json(
    i: usize,
    buf: &[u8],
    c: &Compiled<'_>,
    want: Want,
) -> serde_json::Result<Vec<Hit>> {
    let filter = c.filter;
    // Skip files that cannot hold a match, once they look like an issue JSON written by
    // serde_json (compact or pretty); anything else is parsed, so that it is reported.
    let trimmed = buf.trim_ascii();
    if trimmed.starts_with(b"{") && trimmed.ends_with(b"}") {
        let needles = if trimmed.starts_with(b"{\n  \"schema_version\": ") {
            Some(&c.pretty)
        } else if trimmed.starts_with(b"{\"schema_version\":") {
            Some(&c.compact)
        } else {
            None
        };
        if let Some(n) = needles
            && !n.accepts(buf)
        {
            return Ok(Vec::new());
        }
    }
    if filter.text.is_some() {
        return Ok(scan_issue(
            i,
            &serde_json::from_slice::<Issue>(buf)?,
            filter,
            want,
        ));
    }
    let view: IssueView<'_> = serde_json::from_slice(buf)?;
    let mut matched = Vec::new();
    for (k, mut d) in view.documents.into_iter().enumerate() {
        d.gazette = view.gazette.clone();
        d.source = view.source.clone();
        if filter.matches(&d) {
            matched.push((k, make_hit(i, &d, filter, want, None)));
        }
    }
    if want.json && !matched.is_empty() {
        let issue: Issue = serde_json::from_slice(buf)?;
        for (k, hit) in &mut matched {
            if let Some(d) = issue.documents.get(*k) {
                hit.json = Some(document_record_json(d, &issue.gazette, &issue.source));
            }
        }
    }
    Ok(matched.into_iter().map(|(_, h)| h).collect())
}

fn scan_issue(i: usize, issue: &Issue, filter: &Filter, want: Want) -> Vec<Hit> {
    issue
        .documents
        .iter()
        .filter_map(|d| {
            let view = DocView::from_document(d, &issue.gazette, &issue.source);
            filter.matches(&view).then(|| {
                let json = want
                    .json
                    .then(|| document_record_json(d, &issue.gazette, &issue.source));
                make_hit(i, &view, filter, want, json)
            })
        })
        .collect()
}

/// Where `convert -o DIR` may have put the JSON of `f`: `<relative>.json`, then (for a
/// file named on the command line, whose folder convert may have walked) every tail of its
/// path, longest first. The blake3 check makes a wrong guess harmless.
fn cache_candidates(dir: &Path, f: &ArchiveFile) -> Vec<PathBuf> {
    let mut out = vec![dir.join(format!("{}.json", f.relative))];
    let parts: Vec<String> = f
        .path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for k in 0..parts.len() {
        let p = dir.join(format!("{}.json", parts[k..].join("/")));
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// How PDF/TXT inputs are read: from a `convert -o` folder when it is up to date, else
/// converted; remembered when the same files are scanned twice (`--cited-by`).
#[derive(Default)]
pub struct Sources<'a> {
    pub cache: Option<&'a Path>,
    /// Counts converted inputs (hidden unless stderr is a terminal).
    pub progress: Option<indicatif::ProgressBar>,
    pub memo: Option<std::sync::Mutex<std::collections::HashMap<usize, std::sync::Arc<Issue>>>>,
}

impl Sources<'_> {
    fn load(&self, i: usize, f: &ArchiveFile) -> anyhow::Result<std::sync::Arc<Issue>> {
        let Some(memo) = &self.memo else {
            return Ok(self.load_now(f)?.into());
        };
        if let Some(issue) = memo.lock().expect("not poisoned").get(&i) {
            return Ok(issue.clone());
        }
        let issue: std::sync::Arc<Issue> = self.load_now(f)?.into();
        memo.lock().expect("not poisoned").insert(i, issue.clone());
        Ok(issue)
    }
}

impl Sources<'_> {
    fn load_now(&self, f: &ArchiveFile) -> anyhow::Result<Issue> {
        let r = load_source(f, self.cache);
        if let Some(p) = &self.progress {
            p.inc(1);
        }
        r
    }
}

/// A progress bar over the PDF/TXT inputs to convert, on stderr when it is a terminal.
fn progress(files: &[ArchiveFile]) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let n = files.iter().filter(|f| f.kind == FileKind::Source).count() as u64;
    (n > 1 && std::io::stderr().is_terminal()).then(|| {
        let p = indicatif::ProgressBar::new(n);
        p.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} converted {elapsed}")
                .expect("valid template"),
        );
        p
    })
}

/// A PDF/TXT input: its converted JSON from the cache when it is up to date, else
/// converted now.
fn load_source(f: &ArchiveFile, cache: Option<&Path>) -> anyhow::Result<Issue> {
    let bytes = std::fs::read(&f.path)?;
    if let Some(dir) = cache {
        let hash = blake3::hash(&bytes).to_hex();
        for cached in cache_candidates(dir, f) {
            if let Ok(buf) = std::fs::read(&cached)
                && let Ok(issue) = serde_json::from_slice::<Issue>(&buf)
                && issue.source.blake3 == hash.as_str()
            {
                return Ok(issue);
            }
        }
    }
    Ok(crate::pipeline::convert_bytes(
        &f.path,
        &f.path.display().to_string(),
        &bytes,
    )?)
}

fn make_hit(
    file: usize,
    d: &DocView<'_>,
    filter: &Filter,
    want: Want,
    json: Option<String>,
) -> Hit {
    let snippets = match (&filter.text, want.snippets) {
        (Some(t), Some(ctx)) => {
            let mut s = Vec::new();
            // The body starts with the heading as printed: the title only when it is not there.
            if let Some(title) = &d.title
                && !d.body.contains(&**title)
            {
                s.extend(output::snippets(&t.re, title, ctx));
            }
            s.extend(output::snippets(&t.re, &d.body, ctx));
            s
        }
        _ => Vec::new(),
    };
    Hit {
        file,
        path: d.source.path.to_string(),
        index: d.index,
        page: d
            .pages
            .as_ref()
            .map(|p| p.start)
            .or_else(|| d.pages.as_ref().and_then(|p| p.printed_start)),
        number: d.doc_number.as_ref().map(|n| n.text.to_string()),
        number_key: d
            .doc_number
            .as_ref()
            .map(|n| (n.code.to_string(), n.year, n.serial)),
        date: d.date.as_deref().map(str::to_string),
        title: d.title.as_deref().map(str::to_string),
        snippets,
        json,
        references: d.references.iter().map(|r| r.text.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_names_follow_convert() {
        let f = ArchiveFile {
            path: PathBuf::from("archive/2019/01.pdf"),
            relative: "01.pdf".into(),
            kind: FileKind::Source,
        };
        let c = cache_candidates(Path::new("json"), &f);
        let names: Vec<String> = c.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "json/01.pdf.json",
                "json/archive/2019/01.pdf.json",
                "json/2019/01.pdf.json"
            ]
        );
    }
}
