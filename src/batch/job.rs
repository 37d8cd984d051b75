//! One input of a batch, on a worker thread: read, hash, skip when the manifest says
//! it is unchanged, else convert and write its JSON file. What became of it is an
//! [`Outcome`], handed back in input order for the manifest and the record stream.

use std::path::Path;

use crate::batch::inputs::{InputFile, output_path};
use crate::emit::{to_jsonl, to_pretty_json};
use crate::extract::ExtractError;
use crate::model::{GENERATOR, Issue};

use super::manifest::{Entry, Manifest, Status, options_fingerprint};
use super::sink::write_file;
use super::{Config, StreamFormat};

/// What became of one input.
pub(super) enum Outcome {
    Converted {
        blake3: String,
        documents: u64,
        pages: u64,
        record: Option<String>,
        /// A warning for stderr too (a doubtful encoding guess).
        warning: Option<String>,
    },
    Unchanged {
        documents: u64,
        pages: u64,
        record: Option<String>,
    },
    Failed {
        blake3: Option<String>,
        reason: String,
        kind: &'static str,
    },
}

impl Outcome {
    /// What the manifest records for this input (nothing new when it is unchanged).
    pub(super) fn manifest_entry(&self, f: &InputFile) -> Option<Entry> {
        let base = Entry {
            blake3: None,
            generator: GENERATOR.to_string(),
            options: options_fingerprint(&f.label),
            status: Status::Converted,
            output: None,
            documents: 0,
            pages: 0,
            reason: None,
            kind: None,
            source_path: Some(f.label.clone()),
        };
        match self {
            Outcome::Converted {
                blake3,
                documents,
                pages,
                ..
            } => Some(Entry {
                blake3: Some(blake3.clone()),
                output: Some(output_name(f)),
                documents: *documents,
                pages: *pages,
                ..base
            }),
            Outcome::Unchanged { .. } => None,
            Outcome::Failed {
                blake3,
                reason,
                kind,
            } => Some(Entry {
                blake3: blake3.clone(),
                status: Status::Failed,
                reason: Some(reason.clone()),
                kind: Some(kind.to_string()),
                ..base
            }),
        }
    }

    pub(super) fn pages(&self) -> u64 {
        match self {
            Outcome::Converted { pages, .. } | Outcome::Unchanged { pages, .. } => *pages,
            Outcome::Failed { .. } => 0,
        }
    }

    /// The input's record for the stream, if one is wanted.
    pub(super) fn into_record(self) -> Option<String> {
        match self {
            Outcome::Converted { record, .. } | Outcome::Unchanged { record, .. } => record,
            Outcome::Failed { .. } => None,
        }
    }
}

/// `2019/01.pdf` → `2019/01.pdf.json`: the extension stays, so 01.pdf and 01.txt
/// never collide.
pub fn output_name(f: &InputFile) -> String {
    format!("{}.json", f.relative)
}

pub(super) fn process(cfg: &Config, manifest: &Manifest, f: &InputFile) -> Outcome {
    let bytes = match crate::input::read(&f.path) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed {
                blake3: None,
                reason: format!("cannot read: {e}"),
                kind: "unreadable",
            };
        }
    };
    let hash = |bytes: &[u8]| blake3::hash(bytes).to_hex().to_string();
    // The manifest needs the hash before converting (an unchanged input is not
    // converted again); without one the pipeline makes it beside the cleaning.
    let known = cfg.out_dir.as_ref().map(|_| hash(&bytes));
    let format = cfg.stream.as_ref().map(|s| s.1);
    if let (Some(out), Some(blake3)) = (&cfg.out_dir, &known)
        && !cfg.force
        && let Some(entry) = manifest.entries.get(&f.relative)
        && entry.is_fresh(blake3, &f.label)
        && entry.output.as_deref() == Some(output_name(f).as_str())
        && let Some(record) = reuse_output(&output_path(out, f), format)
    {
        return Outcome::Unchanged {
            documents: entry.documents,
            pages: entry.pages,
            record,
        };
    }
    let started = std::time::Instant::now();
    let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::extract::with_deadline(cfg.timeout.map(|t| started + t), || match &known {
            Some(blake3) => crate::pipeline::convert_hashed(&f.path, &f.label, &bytes, blake3),
            None => crate::pipeline::convert_bytes(&f.path, &f.label, &bytes),
        })
    }));
    let blake3 = match (&converted, known) {
        (Ok(Ok(issue)), _) => issue.source.blake3.clone(),
        (_, Some(known)) => known,
        (_, None) => hash(&bytes),
    };
    // Over the time limit: the readers stop at the deadline; whatever came of it, the
    // file failed.
    if let Some(t) = cfg.timeout
        && started.elapsed() >= t
    {
        return Outcome::Failed {
            blake3: Some(blake3),
            reason: format!("timed out after {} s (--timeout)", t.as_secs_f32()),
            kind: "timeout",
        };
    }
    let issue = match converted {
        Ok(Ok(issue)) => issue,
        Ok(Err(e)) => {
            return Outcome::Failed {
                blake3: Some(blake3),
                kind: error_kind(&e),
                reason: e.to_string(),
            };
        }
        Err(_) => {
            return Outcome::Failed {
                blake3: Some(blake3),
                reason: "internal error (panic) while converting; please report it".into(),
                kind: "panic",
            };
        }
    };
    let warning = issue
        .warnings
        .iter()
        .find(|w| w.code == "encoding-doubtful")
        .map(|w| w.message.clone());
    let documents = issue.documents.len() as u64;
    let pages = u64::from(issue.source.page_count.unwrap_or(1));
    let mut pretty = None;
    if let Some(out) = &cfg.out_dir {
        let target = output_path(out, f);
        let json = to_pretty_json(&issue);
        if let Err(e) = write_file(&target, json.as_bytes()) {
            return Outcome::Failed {
                blake3: Some(blake3),
                reason: format!("cannot write {}: {e}", crate::input::escaped(&target)),
                kind: "write",
            };
        }
        pretty = Some(json);
    }
    let record = format.map(|fmt| match fmt {
        StreamFormat::Jsonl => to_jsonl(&issue),
        StreamFormat::Pretty => pretty.unwrap_or_else(|| to_pretty_json(&issue)),
    });
    Outcome::Converted {
        blake3,
        documents,
        pages,
        record,
        warning,
    }
}

/// The stream record of an unchanged input, from its existing output file; None when
/// that file is missing or unreadable (then the input is converted again).
fn reuse_output(path: &Path, format: Option<StreamFormat>) -> Option<Option<String>> {
    match format {
        None => path.is_file().then_some(None),
        Some(fmt) => {
            let text = std::fs::read_to_string(path).ok()?;
            let issue: Issue = serde_json::from_str(&text).ok()?;
            Some(Some(match fmt {
                StreamFormat::Jsonl => to_jsonl(&issue),
                StreamFormat::Pretty => text,
            }))
        }
    }
}

/// A short, stable name for the kind of failure (`failures.jsonl` → `kind`).
pub fn error_kind(e: &ExtractError) -> &'static str {
    match e {
        ExtractError::Empty => "empty",
        ExtractError::NotPdf => "not-pdf",
        ExtractError::Encrypted => "encrypted",
        ExtractError::NoTextLayer(_) => "no-text-layer",
        ExtractError::NoUnicodeMapping { .. } => "no-unicode-mapping",
        ExtractError::Damaged(_) | ExtractError::Invalid { .. } => "damaged",
        ExtractError::Undecodable(_) => "undecodable",
        ExtractError::Unsupported(_) => "unsupported",
        ExtractError::OcrUnavailable(_) => "ocr-unavailable",
    }
}
