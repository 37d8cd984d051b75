//! `gazette grep`: queries over a converted archive (issue JSON, JSON Lines) or straight
//! over PDF/TXT gazettes, converted on the fly. A query is a [`Filter`] (a conjunction);
//! the scan runs files in parallel and large JSON Lines files in parallel chunks, rejects
//! most records on their raw bytes ([`raw::Prefilter`]) and deserialises the rest into
//! slim borrowed views. Hits come back in input order; per-file errors are collected so
//! that a bad file is reported without stopping the others (rg's "errored" flag).

pub mod filter;
pub mod in_force;
pub mod number;
pub mod output;
pub mod raw;
pub mod scan;

use std::collections::BTreeSet;
use std::path::PathBuf;

pub use filter::{DateRange, Filter, Missing, Status, TextPattern};
pub use number::NumberPattern;

pub use scan::{Sources, scan};

use crate::archive::{ArchiveFile, collect_archive};
use scan::progress;

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
    /// Byte ranges of the text pattern's matches in `title` (highlighted in colour).
    pub title_matches: Vec<std::ops::Range<usize>>,
    /// The `document` JSON Lines record, when asked for.
    pub json: Option<String>,
    /// Normalised 文号 the document cites (for `--cited-by`).
    pub references: Vec<String>,
    /// Those it repeals (for `--repealed-by` and the repeal index).
    pub repeals: Vec<String>,
    /// When it starts to apply (施行日期, else 成文日期) and stops (`valid_until`).
    pub start: Option<String>,
    pub valid_until: Option<String>,
    /// In force or not, when known (`repealed by …`, `valid until …`).
    pub status: Option<String>,
}

/// What the scan should keep of each hit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Want {
    pub json: bool,
    /// Characters of context on each side of a text match; None = no snippets.
    pub snippets: Option<usize>,
    /// Only which file matched and how often (`-c`, `-l`): no fields needed.
    pub bare: bool,
    /// Only how often (`-c`): not even which file.
    pub count_only: bool,
}

/// A validated query.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub filter: Filter,
    /// `--cited-by X`: documents cited by the document numbered X.
    pub cited_by: Option<NumberPattern>,
    /// `--repealed-by X`: documents repealed by the document numbered X.
    pub repealed_by: Option<NumberPattern>,
    pub sort: Option<SortKey>,
    /// A convert output folder whose `<relative>.json` replaces converting a PDF/TXT
    /// input when its `source.blake3` matches.
    pub cache: Option<PathBuf>,
}

pub struct Outcome {
    pub files: Vec<ArchiveFile>,
    pub hits: Vec<Hit>,
    /// Hits counted but not in `hits` (`--db` with `-c`/`-l`, when the index alone decides
    /// the query: it counts them, and `hits` holds one per matching file, or none with `-c`).
    pub more_hits: usize,
    /// `path: reason` of every file (or record) that could not be read.
    pub errors: Vec<String>,
    /// Remarks for stderr that are not errors (`--cited-by` found no such document).
    pub notes: Vec<String>,
}

/// Runs a query over `paths`.
pub fn search(paths: &[PathBuf], q: &Query, want: Want) -> Outcome {
    let (files, mut errors) = collect_archive(paths);
    let mut notes = Vec::new();
    // The repeals stated in the archive: needed by `--in-force-on`, and shown as status in
    // the text output when the inputs are converted JSON (cheap to read twice).
    let index_needed = q.filter.in_force.in_force_on.is_some()
        || (want.snippets.is_some()
            && !want.bare
            && files.iter().all(|f| {
                matches!(
                    f.kind,
                    crate::archive::FileKind::IssueJson | crate::archive::FileKind::Jsonl
                )
            }));
    let follow = match (&q.cited_by, &q.repealed_by) {
        (Some(t), _) => Some((t, "--cited-by", false)),
        (None, Some(t)) => Some((t, "--repealed-by", true)),
        (None, None) => None,
    };
    let sources = Sources {
        cache: q.cache.as_deref(),
        progress: progress(&files),
        // Several passes over the same files: convert each input once.
        memo: (follow.is_some() || index_needed).then(Default::default),
    };
    let index = index_needed.then(|| std::sync::Arc::new(in_force::repeal_index(&files, &sources)));
    let mut filter = q.filter.clone();
    filter.in_force.repealed = index.clone();
    let mut hits = if let Some((target, flag, repealed)) = follow {
        let (found, errs) = scan(&files, &numbered(target), Want::default(), &sources);
        errors.extend(errs);
        match followed(found, target, flag, repealed, filter, &mut notes) {
            // The errors of the first pass are those of the second: report them once.
            Some(second) => scan(&files, &second, want, &sources).0,
            None => Vec::new(),
        }
    } else {
        let (h, errs) = scan(&files, &filter, want, &sources);
        errors.extend(errs);
        h
    };
    for h in &mut hits {
        h.status = in_force::status(
            index.as_deref(),
            h.number.as_deref(),
            h.valid_until.as_deref(),
        );
    }
    if let Some(p) = &sources.progress {
        p.finish_and_clear();
    }
    if let Some(key) = q.sort {
        sort_hits(&mut hits, key);
    }
    Outcome {
        files,
        hits,
        more_hits: 0,
        errors,
        notes,
    }
}

impl Outcome {
    /// Whether anything matched (the exit status).
    pub fn found(&self) -> bool {
        !self.hits.is_empty() || self.more_hits > 0
    }
}

pub(crate) fn sort_hits(hits: &mut [Hit], key: SortKey) {
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

/// `--cited-by N` / `--repealed-by N`, first pass: the document numbered N.
pub fn numbered(target: &NumberPattern) -> Filter {
    Filter {
        number: Some(target.clone()),
        ..Filter::default()
    }
}

/// Second pass: `filter` narrowed to the 文号 the first pass's documents cite (or repeal);
/// `None` when they cite none. A target found nowhere is said in `notes`.
pub fn followed(
    found: Vec<Hit>,
    target: &NumberPattern,
    flag: &str,
    repealed: bool,
    filter: Filter,
    notes: &mut Vec<String>,
) -> Option<Filter> {
    if found.is_empty() {
        notes.push(format!(
            "{flag}: no document numbered {} in the inputs",
            target.normalised
        ));
    }
    let cited: BTreeSet<String> = found
        .into_iter()
        .flat_map(|h| if repealed { h.repeals } else { h.references })
        .collect();
    (!cited.is_empty()).then(|| Filter {
        number_in: Some(cited),
        ..filter
    })
}
