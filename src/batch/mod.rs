//! Batch conversion of an archive: many inputs through the pipeline in parallel,
//! outputs written as each file completes (`OUT/<relative path>.json`, atomically)
//! and streamed in input order (JSON Lines), so the bytes written never depend on
//! `-j`. Incremental: `OUT/.gazette/manifest.json` remembers what each input's content
//! produced, and a re-run converts only new or changed inputs. A bad input is
//! reported when met and recorded in `OUT/.gazette/failures.jsonl`; the others go on.
//!
//! Test hook (debug builds only): with `GAZETTE_ABORT_AFTER=N` in the environment the run saves the
//! manifest after N-1 inputs (as its periodic save would), lets the N-th input's
//! output be written, then aborts (as if killed, no destructors run) before recording
//! it — to show that an interrupted run leaves no partial output and that the next
//! run skips what the manifest holds and converts the rest.

pub mod inputs;
mod job;
pub mod manifest;
pub mod ordered;
mod orphans;
pub mod progress;
pub mod shard;
pub mod sink;
pub mod tempfiles;

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::batch::inputs::InputFile;
use job::{Outcome, process};
pub use job::{error_kind, output_name};
use manifest::{Manifest, Status};
use ordered::{Flow, for_each_ordered};
use progress::Progress;
use sink::open_sink;

/// Where the stream of records goes (besides the per-input files of `out_dir`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    File(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// `issue` + `document` records per input (emit::to_jsonl).
    Jsonl,
    /// The pretty JSON of each input (one input to stdout).
    Pretty,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `-o DIR`: one pretty JSON file per input, plus `DIR/.gazette/` bookkeeping.
    pub out_dir: Option<PathBuf>,
    pub stream: Option<(Sink, StreamFormat)>,
    pub threads: usize,
    /// Re-convert inputs the manifest says are unchanged.
    pub force: bool,
    pub fail_fast: bool,
    /// `--timeout`: a file whose conversion takes longer fails (kind `timeout`).
    pub timeout: Option<std::time::Duration>,
    pub show_bar: bool,
    /// Print error lines (the summary is the caller's).
    pub report_errors: bool,
    /// The inputs are the whole of their folders (folders only, no `-g`, no `--shard`): a
    /// failure recorded for an input that is no longer there is dropped from the
    /// bookkeeping, and outputs of inputs that are gone are reported (or pruned).
    pub whole_folder: bool,
    /// Test hook, see the module docs.
    pub abort_after: Option<usize>,
    /// Remove the outputs of inputs that are gone (with `whole_folder`).
    pub prune: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub files: usize,
    pub converted: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Inputs left undone (not recorded) because `--fail-fast` stopped the run.
    pub left_undone: usize,
    pub documents: u64,
    pub pages: u64,
    pub elapsed: Duration,
    /// Outputs whose input is gone (removed with `--prune`).
    pub orphans: Vec<String>,
    pub pruned: bool,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{}: {} converted, {} unchanged, {} failed",
            count(self.files as u64, "file"),
            self.converted,
            self.unchanged,
            self.failed
        )?;
        if self.left_undone > 0 {
            write!(f, ", {} left undone (--fail-fast)", self.left_undone)?;
        }
        write!(
            f,
            "; {}, {} in {secs:.2}s",
            count(self.documents, "document"),
            count(self.pages, "page")
        )?;
        if secs > 0.0 && self.converted > 0 {
            write!(f, " ({:.0} pages/s)", self.pages as f64 / secs)?;
        }
        Ok(())
    }
}

impl Summary {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Converted {
                documents, pages, ..
            } => {
                self.converted += 1;
                self.documents += documents;
                self.pages += pages;
            }
            Outcome::Unchanged {
                documents, pages, ..
            } => {
                self.unchanged += 1;
                self.documents += documents;
                self.pages += pages;
            }
            Outcome::Failed { .. } => self.failed += 1,
        }
    }
}

fn count(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Converts `files` as `cfg` says. Errors are about the run itself (output folder not
/// writable, colliding output names); bad inputs are counted in the summary.
pub fn run(cfg: &Config, files: &[InputFile]) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let mut manifest = Manifest::default();
    if let Some(out) = &cfg.out_dir {
        check_collisions(files)?;
        std::fs::create_dir_all(out).with_context(|| format!("{}", out.display()))?;
        tempfiles::remove_stale(out, true);
        // Loaded even with --force, which re-converts everything but forgets nothing.
        manifest = Manifest::load(out).unwrap_or_else(|e| {
            eprintln!("gazette: {e:#}; converting every input");
            Manifest::default()
        });
    }
    if let Some((Sink::File(p), _)) = &cfg.stream {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        tempfiles::remove_stale(dir.unwrap_or(Path::new(".")), false);
    }
    let mut sink = open_sink(cfg.stream.as_ref().map(|s| &s.0))?;
    let progress = RefCell::new(Progress::new(cfg.show_bar, files.len()));
    let bar = progress.borrow().handle();
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let mut consumed = 0usize;
    let mut stopped = false;
    let mut last_save = Instant::now();
    let mut save_every = Duration::from_secs(2);
    let threads = cfg.threads.max(1);
    let old = &manifest.clone();

    let result = for_each_ordered(
        files,
        threads,
        4 * threads,
        |_, f| {
            if let Some(bar) = &bar {
                bar.set_message(f.label.clone());
            }
            process(cfg, old, f)
        },
        |i, outcome| {
            if let Outcome::Converted {
                warning: Some(w), ..
            } = outcome
                && cfg.report_errors
            {
                let line = format!(
                    "gazette: {}: warning: {w}",
                    crate::input::shown(&files[i].path)
                );
                progress.borrow().println(&line);
            }
            if let Outcome::Failed { reason, .. } = outcome {
                // With --fail-fast the first failure in input order is reported when
                // consumed, and nothing after it.
                if cfg.report_errors && !cfg.fail_fast {
                    let line = format!(
                        "gazette: {}: {reason}; skipped",
                        crate::input::shown(&files[i].path)
                    );
                    progress.borrow().println(&line);
                }
                if cfg.fail_fast {
                    return Flow::Stop;
                }
            }
            Flow::Continue
        },
        |i, outcome| {
            let f = &files[i];
            if stopped {
                // Done by a worker after the first failure (-j > 1): left undone.
                return Ok(Flow::Stop);
            }
            if cfg.abort_after == Some(consumed + 1)
                && let Some(out) = &cfg.out_dir
            {
                manifest.save(out)?;
                last_save = Instant::now();
            }
            summary.add(&outcome);
            let failed = matches!(outcome, Outcome::Failed { .. });
            let converted = matches!(outcome, Outcome::Converted { .. });
            let failure_line = match &outcome {
                Outcome::Failed { reason, .. } => format!(
                    "gazette: {}: {reason}; skipped (--fail-fast: stopping)",
                    crate::input::shown(&f.path)
                ),
                _ => String::new(),
            };
            if let Some(entry) = outcome.manifest_entry(f) {
                manifest.entries.insert(f.relative.clone(), entry);
            }
            let pages = outcome.pages();
            if let (Some(w), Some(rec)) = (sink.as_mut(), outcome.into_record()) {
                w.write(rec.as_bytes())?;
            }
            let converted_pages = if converted { pages } else { 0 };
            progress.borrow_mut().file_done(converted_pages, failed);
            consumed += 1;
            // Saved every few seconds, so a killed run loses little; never more than
            // ~5% of the time however large the manifest grows.
            if let Some(out) = &cfg.out_dir
                && last_save.elapsed() > save_every
            {
                let t = Instant::now();
                manifest.save(out)?;
                save_every = Duration::from_secs(2).max(t.elapsed() * 20);
                last_save = Instant::now();
            }
            if cfg.abort_after == Some(consumed) {
                std::process::abort();
            }
            if cfg.fail_fast && failed {
                if cfg.report_errors {
                    progress.borrow().println(&failure_line);
                }
                stopped = true;
                return Ok(Flow::Stop);
            }
            Ok(Flow::Continue)
        },
    );
    progress.borrow().finish();
    if cfg.whole_folder && result.is_ok() && consumed == files.len() {
        let present: std::collections::BTreeSet<&str> =
            files.iter().map(|f| f.relative.as_str()).collect();
        manifest
            .entries
            .retain(|k, e| e.status == Status::Converted || present.contains(k.as_str()));
        if let Some(out) = &cfg.out_dir {
            let (gone, errors) = orphans::orphans(&mut manifest, out, &present, cfg.prune);
            for e in errors {
                eprintln!("gazette: {e}");
            }
            summary.orphans = gone;
            summary.pruned = cfg.prune;
        }
    }
    // Keep what was done even when the run itself failed half-way.
    if let Some(out) = &cfg.out_dir {
        manifest.save(out)?;
    }
    result?;
    if let Some(w) = sink {
        w.finish()?;
    }
    summary.left_undone = files.len() - consumed;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn check_collisions(files: &[InputFile]) -> anyhow::Result<()> {
    let mut seen = std::collections::BTreeMap::new();
    for f in files {
        // By the raw bytes of the name: two GBK names are two files even where their
        // lossy display would be the same.
        if let Some(other) = seen.insert(f.raw_relative.as_path(), &f.path) {
            let shown = crate::input::escaped;
            if other == &f.path {
                bail!("{}: given twice", shown(&f.path));
            }
            bail!(
                "{} and {} would both be written to {}; convert them into different output folders",
                shown(other),
                shown(&f.path),
                output_name(f)
            );
        }
    }
    Ok(())
}
