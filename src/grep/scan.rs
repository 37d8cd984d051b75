//! Reading the inputs of a query: JSON Lines files memory-mapped and scanned in parallel
//! chunks, issue JSON files through a slim borrowed view, PDF/TXT converted (or read from
//! a `convert -o` cache). Each yields its hits in order and its errors as messages.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Filter, Hit, Want, output, raw};
use crate::archive::{
    ArchiveFile, DocView, FileKind, IssueView, document_record_json, is_canonical,
    is_document_record, line_number, parse_document_record, sniff, split_at_lines,
};
use crate::model::Issue;

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
    pre: raw::Prefilter,
    pretty: raw::FileNeedles,
    compact: raw::FileNeedles,
}

fn scan_file(
    i: usize,
    f: &ArchiveFile,
    c: &Compiled<'_>,
    want: Want,
    sources: &Sources<'_>,
) -> (Vec<Hit>, Vec<String>) {
    let filter = c.filter;
    let shown = crate::input::shown(&f.path);
    // JSON Lines on standard input are streamed (anything else on it is read whole).
    if crate::input::is_stdin(&f.path) && !matches!(f.kind, FileKind::Source) {
        match crate::input::stdin_stream_if(|head| sniff(head) == FileKind::Jsonl) {
            Ok(Some(reader)) => return scan_jsonl_stream(i, &f.path, reader, c, want),
            Ok(None) => {}
            Err(e) => return (vec![], vec![format!("{shown}: {e}")]),
        }
    }
    match f.kind {
        FileKind::Jsonl => match map_file(&f.path) {
            Ok(buf) => {
                let (hits, mut errors, more) =
                    scan_jsonl(i, &f.path, &buf, 0, c, want, &|at, len| {
                        buf.release(at, len)
                    });
                more_errors(&mut errors, &f.path, more);
                (hits, errors)
            }
            Err(e) => (vec![], vec![format!("{shown}: {e}")]),
        },
        FileKind::IssueJson | FileKind::Sniff => {
            let buf = match crate::input::read(&f.path) {
                Ok(b) => b,
                Err(e) => return (vec![], vec![format!("{shown}: {e}")]),
            };
            match (f.kind, sniff(&buf)) {
                // JSON Lines saved as .json, or on stdin: read it as such.
                (_, FileKind::Jsonl) => {
                    let (hits, mut errors, more) =
                        scan_jsonl(i, &f.path, &buf, 0, c, want, &|_, _| {});
                    more_errors(&mut errors, &f.path, more);
                    (hits, errors)
                }
                (FileKind::Sniff, FileKind::Source) => {
                    match crate::pipeline::convert_bytes(&f.path, &f.label, &buf) {
                        Ok(issue) => (scan_issue(i, &issue, filter, want), vec![]),
                        Err(e) => (vec![], vec![format!("{shown}: {e}")]),
                    }
                }
                _ => match scan_issue_json(i, &buf, c, want) {
                    Ok(hits) => (hits, vec![]),
                    Err(e) => (
                        vec![],
                        vec![format!(
                            "{shown}: not a gazette issue JSON ({})",
                            crate::archive::describe_json_error(&e)
                        )],
                    ),
                },
            }
        }
        FileKind::Source => match sources.load(i, f) {
            Ok(issue) => (scan_issue(i, &issue, filter, want), vec![]),
            Err(e) => (vec![], vec![format!("{shown}: {e:#}")]),
        },
    }
}

/// The file's bytes: memory-mapped (large archives), or read when mapping fails.
fn map_file(path: &Path) -> std::io::Result<Bytes> {
    if crate::input::is_stdin(path) {
        return crate::input::read(path).map(Bytes::Owned);
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    // A named pipe reports length 0 and cannot be mapped: read it.
    if !meta.is_file() {
        return crate::input::read(path).map(Bytes::Owned);
    }
    if meta.len() == 0 {
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

impl Bytes {
    /// Lets the kernel take back the pages of a scanned range of a mapped file: they count
    /// in the process's resident size, and a 2 GB archive would otherwise end up resident
    /// whole. Reading them again (an error's line number) just faults them back in.
    fn release(&self, at: usize, len: usize) {
        if let Bytes::Mapped(m) = self
            && at.checked_add(len).is_some_and(|end| end <= m.len())
            && len > 0
        {
            // SAFETY: a read-only shared file mapping; MADV_DONTNEED drops resident pages
            // only, later reads see the file's bytes again. No reference into the range is
            // kept past this call by the scan that released it.
            unsafe {
                let _ = m.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, at, len);
            }
        }
    }
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

/// Standard input's JSON Lines, scanned in blocks of whole lines (~16 MB, a longer line
/// makes its block longer, up to 256 MB): never held whole, however long the stream.
fn scan_jsonl_stream(
    i: usize,
    path: &Path,
    mut r: Box<dyn std::io::BufRead + Send>,
    c: &Compiled<'_>,
    want: Want,
) -> (Vec<Hit>, Vec<String>) {
    use std::io::Read;
    const BLOCK: u64 = 16 << 20;
    const MAX_LINE: usize = 256 << 20;
    let (mut hits, mut errors, mut more) = (Vec::new(), Vec::new(), 0);
    let mut lines_before = 0;
    let mut block: Vec<u8> = Vec::new();
    loop {
        let before = block.len();
        if let Err(e) = (&mut r).take(BLOCK).read_to_end(&mut block) {
            errors.push(format!("{}: {e}", path.display()));
            break;
        }
        let eof = block.len() == before;
        // Whole lines only; the tail waits for the next block.
        let cut = if eof {
            block.len()
        } else {
            match memchr::memrchr(b'\n', &block) {
                Some(p) => p + 1,
                None if block.len() > MAX_LINE => {
                    errors.push(format!(
                        "{}:{}: a line longer than {} MB: the rest of the input was not read",
                        path.display(),
                        lines_before + 1,
                        MAX_LINE >> 20
                    ));
                    break;
                }
                None => continue,
            }
        };
        let rest = block.split_off(cut);
        let (h, e, m) = scan_jsonl(i, path, &block, lines_before, c, want, &|_, _| {});
        hits.extend(h);
        errors.extend(e);
        more += m;
        lines_before += memchr::memchr_iter(b'\n', &block).count();
        block = rest;
        if eof {
            break;
        }
    }
    more_errors(&mut errors, path, more);
    (hits, errors)
}

fn more_errors(errors: &mut Vec<String>, path: &Path, more: usize) {
    if more > 0 {
        errors.push(format!("{}: {more} more invalid lines", path.display()));
    }
}

/// Scans JSON Lines in `buf` (the lines after `lines_before` others): hits, the first
/// invalid lines, and how many more there were.
fn scan_jsonl(
    i: usize,
    path: &Path,
    buf: &[u8],
    lines_before: usize,
    c: &Compiled<'_>,
    want: Want,
    release: &(dyn Fn(usize, usize) + Sync),
) -> (Vec<Hit>, Vec<String>, usize) {
    let (filter, pre) = (c.filter, &c.pre);
    // Chunks of at most ~16 MB, each released once scanned: what is resident of a mapped
    // archive stays a few chunks per thread, however large the file.
    let n = (rayon::current_num_threads() * 8).max(buf.len() / (16 << 20));
    let chunks = split_at_lines(buf, n);
    let parts: Vec<(Vec<Hit>, Vec<String>, usize)> = chunks
        .par_iter()
        .map(|&(base, chunk)| {
            let mut hits = Vec::new();
            let mut errors = Errors::new(path, buf, base, lines_before);
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
                if !is_canonical(line) {
                    // Not as `convert` writes it (`jq -S`, `": "`): no raw-byte shortcuts.
                    match parse_document_record(line) {
                        Ok(Some(d)) if filter.matches(&d) => {
                            let json = want
                                .json
                                .then(|| String::from_utf8_lossy(line).into_owned());
                            hits.push(make_hit(i, &d, filter, want, json));
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(
                            line_in_chunk,
                            format!(
                                "invalid record ({})",
                                crate::archive::describe_json_error(&e)
                            ),
                        ),
                    }
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
                    Err(e) => errors.push(
                        line_in_chunk,
                        format!(
                            "invalid document record ({})",
                            crate::archive::describe_json_error(&e)
                        ),
                    ),
                }
            }
            let part = (hits, errors.shown, errors.more);
            release(base, chunk.len());
            part
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
    (hits, errors, more)
}

/// The errors of one chunk of a JSON Lines file: the first few with their line number
/// (counted only once something is wrong), then just how many more.
struct Errors<'a> {
    path: &'a Path,
    buf: &'a [u8],
    base: usize,
    lines_before: usize,
    first_line: Option<usize>,
    shown: Vec<String>,
    more: usize,
}

impl<'a> Errors<'a> {
    const SHOWN: usize = 5;

    fn new(path: &'a Path, buf: &'a [u8], base: usize, lines_before: usize) -> Self {
        Errors {
            path,
            buf,
            base,
            lines_before,
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
            .get_or_insert_with(|| self.lines_before + line_number(self.buf, self.base));
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
pub(super) fn progress(files: &[ArchiveFile]) -> Option<indicatif::ProgressBar> {
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
    let bytes = crate::input::read(&f.path)?;
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
    Ok(crate::pipeline::convert_bytes(&f.path, &f.label, &bytes)?)
}

pub(crate) fn make_hit(
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
    let title_matches = match (&filter.text, want.snippets, &d.title) {
        (Some(t), Some(_), Some(title)) => {
            t.re.find_iter(title)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect()
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
        title_matches,
        json,
        references: d.references.iter().map(|r| r.text.to_string()).collect(),
        repeals: d
            .references
            .iter()
            .filter(|r| r.relation == crate::model::Relation::Repeals)
            .map(|r| r.text.to_string())
            .collect(),
        start: d.start().map(str::to_string),
        valid_until: d.valid_until_date().map(str::to_string),
        status: None,
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
            label: "archive/2019/01.pdf".into(),
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
