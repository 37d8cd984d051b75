//! `gazette convert`: files and folders in, JSON (per issue) or JSON Lines out.
//! The options are checked and turned into an [`batch::Config`]; the batch work
//! (parallel, incremental, failures) is the `archive` module's.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use super::ExitCode;
use crate::batch::inputs::{InputGlobs, Selection, collect_selected};
use crate::batch::shard::Shard;
use crate::batch::{self, Config, Sink, StreamFormat};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  gazette convert issue.pdf > issue.json             # one file: its pretty JSON
  gazette convert a.txt b.pdf -o out/                  # out/a.txt.json, out/b.pdf.json
  gazette convert archive/ -o json/                    # archive/2019/01.pdf → json/2019/01.pdf.json
  gazette convert archive/ -o json/ --prune            # … and remove outputs of deleted inputs
  gazette convert archive/ --jsonl docs.jsonl          # every document, one per line
  gazette convert archive/ --jsonl - | jq .title       # JSON Lines on stdout
  gazette convert archive/ -o json/ -j 8 -g '2019/**/*.pdf'
  gazette convert archive/ --shard 3/16 -o json-3/     # machine 3 of 16
  cat issue.pdf | gazette convert -                    # standard input

stdout: one file argument gives its pretty JSON; a folder or several inputs give JSON Lines. \
source.path is the path as given. Exit status: 0 all converted, 2 an input failed (the others \
are still converted) or the run could not start.")]
pub struct ConvertArgs {
    /// Files or folders (searched recursively for .pdf .ofd .docx .doc .wps .html .htm .shtml
    /// .txt); `-` reads standard input (the format is told from the bytes). One file gives its pretty JSON on stdout, a
    /// folder or several inputs JSON Lines.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write one JSON file per input into DIR, as DIR/<relative path>.json
    /// (e.g. 2019/01.pdf.json). Incremental: inputs unchanged since the last run
    /// (DIR/.gazette/manifest.json) are skipped; failures go to DIR/.gazette/failures.jsonl.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write JSON Lines (one record per issue and per document) to PATH (`-` = stdout).
    #[arg(long, value_name = "PATH")]
    pub jsonl: Option<PathBuf>,
    /// Convert N files at a time [default: the number of cores].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Only inputs whose path relative to the folder matches GLOB (`*.pdf` matches
    /// names at any depth, `2019/**/*.pdf` whole paths, `!GLOB` excludes). Repeatable.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Convert only this machine's share K of an N-way split (1 <= K <= N), e.g. 3/16.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Also index what was converted (the -o folder or the --jsonl file) into this
    /// SQLite database for `grep --db`; incremental like `gazette index`.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Re-convert every input, even those the manifest says are unchanged.
    #[arg(long)]
    pub force: bool,
    /// Remove the outputs in -o DIR whose input is gone (renamed or deleted); without it
    /// they are only reported. Needs folders as inputs, no -g and no --shard.
    #[arg(long, requires = "output")]
    pub prune: bool,
    /// Stop at the first input that fails.
    #[arg(long)]
    pub fail_fast: bool,
    /// Give up on a file after this many seconds (it is reported as failed, kind
    /// `timeout`); 0 = no limit.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// No progress bar and no summary on stderr (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    // The index is filled from the outputs, so there must be some on disk.
    let db_source = match (&args.db, &args.output, &args.jsonl) {
        (None, ..) => None,
        (Some(_), Some(dir), _) => Some(dir.clone()),
        (Some(_), None, Some(p)) if p.as_os_str() != "-" => Some(p.clone()),
        (Some(_), ..) => bail!("--db indexes the outputs: give -o DIR or --jsonl FILE"),
    };
    let globs = if args.globs.is_empty() {
        None
    } else {
        Some(InputGlobs::new(&args.globs)?)
    };
    let selection = Selection {
        skip: args.output.clone(),
        globs,
    };
    if let Some(out) = &args.output
        && out.exists()
        && !out.is_dir()
    {
        let shown = crate::input::escaped(out);
        bail!(
            "{shown}: -o takes a folder, and this is a file, not a folder: give another folder \
             (it is created), or --jsonl {shown} for one JSON Lines file"
        );
    }
    if args.output.is_some() && args.inputs.iter().any(|p| crate::input::is_stdin(p)) {
        bail!(
            "`-` (standard input) has no name to write under -o DIR: convert it to stdout \
             (`gazette convert - > issue.json`) or with --jsonl PATH"
        );
    }
    // The shape of stdout depends on the arguments only, never on what a folder holds:
    // one file argument gives its pretty JSON, a folder or several inputs JSON Lines.
    let one_file = args.inputs.len() == 1
        && (crate::input::is_stdin(&args.inputs[0]) || !args.inputs[0].is_dir());
    let mut files = collect_selected(&args.inputs, &selection)?;
    if files.is_empty() {
        bail!("no inputs found (.pdf, .txt, .ofd, .docx, .doc, .wps, .html …)");
    }
    let found = files.len();
    if let Some(shard) = args.shard {
        files.retain(|f| shard.contains(&f.relative));
    }
    let stream = match (&args.output, &args.jsonl) {
        (_, Some(p)) if p.as_os_str() == "-" => Some((Sink::Stdout, StreamFormat::Jsonl)),
        (_, Some(p)) => Some((Sink::File(p.clone()), StreamFormat::Jsonl)),
        (Some(_), None) => None,
        (None, None) if one_file && args.shard.is_none() => {
            Some((Sink::Stdout, StreamFormat::Pretty))
        }
        (None, None) => Some((Sink::Stdout, StreamFormat::Jsonl)),
    };
    let threads = args.threads.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let cfg = Config {
        out_dir: args.output.clone(),
        stream,
        threads,
        force: args.force,
        fail_fast: args.fail_fast,
        timeout: (args.timeout > 0).then(|| std::time::Duration::from_secs(args.timeout)),
        show_bar: !args.quiet && batch::progress::bar_wanted(),
        report_errors: true,
        whole_folder: args.inputs.iter().all(|p| p.is_dir())
            && args.globs.is_empty()
            && args.shard.is_none(),
        prune: args.prune,
        abort_after: abort_after(),
    };
    let cfg_whole = cfg.whole_folder;
    let summary = batch::run(&cfg, &files)?;
    // One file to stdout is a filter: the JSON is the answer, no summary needed.
    let single_to_stdout = one_file && args.output.is_none() && args.jsonl.is_none();
    if !args.quiet && !single_to_stdout {
        let shard = args
            .shard
            .map(|s| format!("shard {s} ({} of {found} inputs), ", files.len()))
            .unwrap_or_default();
        eprintln!("gazette: {shard}{summary}");
    }
    if !summary.orphans.is_empty() {
        let (n, what) = (
            summary.orphans.len(),
            if summary.pruned { "removed" } else { "left" },
        );
        eprintln!("gazette: {n} output(s) whose input is gone, {what}:");
        for o in &summary.orphans {
            eprintln!("  {o}");
        }
        if !summary.pruned {
            eprintln!("gazette: run again with --prune to remove them");
        }
    }
    if args.prune && !cfg_whole {
        eprintln!(
            "gazette: --prune needs folders as inputs, without -g or --shard: nothing pruned"
        );
    }
    if let (Some(db), Some(src)) = (&args.db, &db_source) {
        let (indexed, errors) = crate::index::write::index_paths(db, std::slice::from_ref(src))?;
        for e in &errors {
            eprintln!("gazette: {e}");
        }
        if !args.quiet {
            eprintln!("gazette: {}: {indexed}", db.display());
        }
        if !errors.is_empty() {
            return Ok(ExitCode::Error);
        }
    }
    Ok(if summary.failed > 0 {
        ExitCode::Error
    } else {
        ExitCode::Success
    })
}

/// The `GAZETTE_ABORT_AFTER` test hook (see `batch`): debug builds only, so a release
/// binary never aborts because of something in its environment.
fn abort_after() -> Option<usize> {
    if cfg!(debug_assertions) {
        std::env::var("GAZETTE_ABORT_AFTER").ok()?.parse().ok()
    } else {
        None
    }
}
