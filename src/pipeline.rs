//! One input file through every stage: extract → layout → clean → segment → parse → an
//! [`Issue`]. The only module that knows the order of the stages. Pure over the bytes
//! given; reading files and writing output is the caller's (batch, cli).

use std::path::Path;

use rayon::prelude::*;

use crate::clean::{Text, clean};
pub use crate::extract::Options;
use crate::extract::{ExtractError, Extracted, extract_bytes_cut};
use crate::layout::{cut_page, cut_page_lean, lay_out_cut};
use crate::model::*;
use crate::parse::{SpanInput, parse_document_in};
use crate::segment::{Segment, Segmented, segment_with};

/// Converts one input with the process-wide options (`--ocr`). `label` is the path
/// recorded in `source.path`.
pub fn convert_bytes(path: &Path, label: &str, bytes: &[u8]) -> Result<Issue, ExtractError> {
    convert_bytes_with(path, label, bytes, &Options::process())
}

/// Converts one input with the options given.
pub fn convert_bytes_with(
    path: &Path,
    label: &str,
    bytes: &[u8],
    opts: &Options,
) -> Result<Issue, ExtractError> {
    convert(path, label, bytes, opts, None)
}

/// [`convert_bytes`] of an input whose BLAKE3 hash (hex) the caller has made already
/// (batch runs hash each input to consult the manifest).
pub fn convert_hashed(
    path: &Path,
    label: &str,
    bytes: &[u8],
    blake3: &str,
) -> Result<Issue, ExtractError> {
    convert(path, label, bytes, &Options::process(), Some(blake3))
}

fn convert(
    path: &Path,
    label: &str,
    bytes: &[u8],
    opts: &Options,
    blake3: Option<&str>,
) -> Result<Issue, ExtractError> {
    // A short input compiles only the regexes it needs, where it needs them: the warm-up
    // pays from a few pages on (a 2-page PDF was slower with it on a loaded machine).
    let pages_read = std::sync::atomic::AtomicUsize::new(0);
    let cut = |g| {
        match pages_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1 {
            WARM_UP_PAGES => warm_up(),
            // What compiling the regexes freed (in the warm-up thread's arena) goes back
            // before the pages of a long input pile up on top of it.
            TRIM_PAGES => release_free_memory(),
            _ => {}
        }
        cut_page_lean(g)
    };
    let (mut extracted, cuts) = extract_bytes_cut(path, bytes, opts, &cut)?;
    lay_out_cut(&mut extracted, cuts);
    // The input's hash needs no stage: when it is still to be made, it is made beside
    // the cleaning.
    let (text, hash) = rayon::join(
        || clean(&extracted),
        || match blake3 {
            Some(h) => h.to_string(),
            None => blake3::hash(bytes).to_hex().to_string(),
        },
    );
    // The pages' lines are in `text` now: only their numbers and OCR confidence are
    // needed further (memory stays one copy of the text, whatever the page count).
    for p in &mut extracted.pages {
        p.lines = Vec::new();
        p.raw_lines = Vec::new();
    }
    // Giving freed memory back costs the page faults of taking it again: worth it only
    // where it bounds the peak of a long input.
    let long = extracted.pages.len() >= TRIM_PAGES;
    if long {
        release_free_memory();
    }
    let issue = build_issue(label, hash, &extracted, &text);
    // Only the issue lives on: what parsing freed goes back too, before serialisation.
    drop((extracted, text));
    if long {
        release_free_memory();
    }
    Ok(issue)
}

/// Extract + clean only: what `gazette extract` prints.
pub fn extract_text(path: &Path, bytes: &[u8]) -> Result<(Extracted, Text), ExtractError> {
    extract_text_with(path, bytes, &Options::process())
}

/// Extract + clean with the options given.
pub fn extract_text_with(
    path: &Path,
    bytes: &[u8],
    opts: &Options,
) -> Result<(Extracted, Text), ExtractError> {
    // Each page is cut into fragments as it is read, so its glyphs do not outlive it.
    let (mut extracted, cuts) = extract_bytes_cut(path, bytes, opts, &cut_page)?;
    lay_out_cut(&mut extracted, cuts);
    let text = clean(&extracted);
    Ok((extracted, text))
}

/// Pages read before [`warm_up`] starts.
const WARM_UP_PAGES: usize = 3;

/// Inputs of this many pages give freed memory back to the system between stages (an
/// 81-page issue was 1 ms faster without: what is given back is faulted in again).
const TRIM_PAGES: usize = 400;

/// Starts compiling the regexes of clean, segment and parse on a thread of its
/// own, once per process. A gazette needs ~60 of them, ~6 ms of compilation that would
/// otherwise fall on the single-threaded part of a conversion (clean, segment), after the
/// pages are read; this way it overlaps reading them. The thread runs at the lowest
/// priority, so it takes only a core nothing else wants, and no stage ever waits for it
/// (`gongwen::lazy`). Outputs cannot depend on it: a regex is the same whichever thread
/// compiles it.
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // No thread (a sandbox limit): each regex is compiled at its first use, as before.
        let _ = std::thread::Builder::new()
            .name("gazette-warm-up".into())
            .spawn(|| {
                lowest_priority();
                crate::clean::warm();
                crate::segment::warm();
                crate::parse::warm();
            });
    });
}

pub fn build_issue(label: &str, blake3: String, ex: &Extracted, text: &Text) -> Issue {
    let lines: Vec<&str> = text.lines.iter().map(|l| l.text.as_str()).collect();
    let scanned = ex.pages.iter().any(|p| p.ocr_confidence.is_some());
    let seg = segment_with(&lines, scanned);
    let id_prefix: String = blake3.chars().take(16).collect();
    // Documents are parsed independently of each other, so in parallel; `collect` keeps
    // their order.
    let mut documents: Vec<Document> = seg
        .segments
        .par_iter()
        .enumerate()
        .map(|(i, s)| build_document(&id_prefix, i, s, &seg, text, &lines))
        .collect();
    // A web page carries one document: its metadata table speaks of that one.
    if let (Some(meta), [doc]) = (&ex.metadata, documents.as_mut_slice()) {
        crate::parse::metadata::fill_from_page(doc, meta);
    }
    let ocr = crate::extract::ocr::review::review(ex, &mut documents);
    let contents = seg
        .toc
        .iter()
        .flat_map(|t| t.entries.iter().enumerate())
        .map(|(e, entry)| ContentsEntry {
            section: entry.section.clone(),
            title: entry.title.clone(),
            toc_page: entry.page,
            document_id: documents
                .iter()
                .zip(&seg.segments)
                .find(|(_, s)| s.toc_entry == Some(e))
                .map(|(d, _)| d.id.clone()),
        })
        .collect();
    let mut warnings = ex.warnings.clone();
    if documents.is_empty() {
        warnings.push(Warning::new(
            "no-documents",
            "no document found in the text",
        ));
    }
    Issue {
        schema_version: SCHEMA_VERSION,
        generator: GENERATOR.to_string(),
        source: Source {
            path: label.to_string(),
            blake3,
            format: ex.format,
            encoding: ex.encoding.clone(),
            page_count: ex.page_count,
            page_labels: text
                .page_labels
                .iter()
                .map(|&(page, printed)| PageLabel { page, printed })
                .collect(),
            extractor: ex.extractor.clone(),
            metadata: ex.metadata.clone(),
            ocr,
        },
        gazette: seg.gazette.clone(),
        contents,
        documents,
        warnings,
    }
}

fn build_document(
    id_prefix: &str,
    index: usize,
    s: &Segment,
    seg: &Segmented,
    text: &Text,
    lines: &[&str],
) -> Document {
    let span = s.span.clone();
    let rel = |r: std::ops::Range<usize>| {
        r.start.saturating_sub(span.start)..r.end.saturating_sub(span.start)
    };
    // The body first: parse looks for citations in a slice of it.
    let body = lines[span.clone()].join("\n");
    let parsed = parse_document_in(
        SpanInput {
            lines: &lines[span.clone()],
            title_lines: rel(s.title_lines.clone()),
            number_line: s.number_line.map(|n| n - span.start),
        },
        Some(&body),
    );
    let entry = s
        .toc_entry
        .and_then(|e| seg.toc.as_ref().map(|t| &t.entries[e]));
    let printed = |page: Option<u32>| {
        page.and_then(|p| text.page_labels.iter().find(|l| l.0 == p).map(|l| l.1))
    };
    let first = &text.lines[span.start];
    let last = &text.lines[span.end.saturating_sub(1).max(span.start)];
    let pages = first.page.map(|start| {
        let end = last.page_end.unwrap_or(start);
        PageSpan {
            start,
            end,
            printed_start: printed(Some(start)),
            printed_end: printed(Some(end)),
        }
    });
    let warnings = parsed
        .warnings
        .into_iter()
        .map(|mut w| {
            let abs = span.start + w.line.unwrap_or(0) as usize;
            w.line = Some(abs as u32 + 1);
            w.page = text.lines.get(abs).and_then(|l| l.page);
            w
        })
        .collect();
    Document {
        id: format!("{id_prefix}#{index}"),
        index: index as u32,
        section: entry.and_then(|e| e.section.clone()),
        toc_title: entry.map(|e| e.title.clone()),
        toc_page: entry.and_then(|e| e.page),
        title: parsed.title,
        title_raw: parsed.title_raw,
        doc_type: parsed.doc_type,
        doc_type_raw: parsed.doc_type_raw,
        wrapper: parsed.wrapper,
        doc_number: parsed.doc_number,
        addressees: parsed.addressees,
        issuers: parsed.issuers,
        signer: parsed.signer,
        date: parsed.date,
        date_raw: parsed.date_raw,
        notes: parsed.notes,
        publication: parsed.publication,
        attachments: parsed.attachments,
        references: parsed.references,
        title_references: parsed.title_references,
        effective: parsed.effective,
        valid_until: parsed.valid_until,
        pages,
        lines: LineSpan {
            start: span.start as u32 + 1,
            end: span.end as u32,
        },
        body,
        provenance: Default::default(),
        warnings,
    }
}

/// The calling thread yields to every other (nice 19); where that cannot be asked, it
/// stays as it is.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's id; nothing is passed by pointer.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

/// Gives the pages the allocator holds free back to the system. The PDF's objects, the
/// glyphs, fragments and page lines are freed by now, but glibc keeps freed memory that
/// is not at the top of its heaps: without this, parsing a long document would come on
/// top of the extraction's peak instead of reusing it.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; no pointer is given.
    unsafe {
        libc::malloc_trim(0);
    }
}
