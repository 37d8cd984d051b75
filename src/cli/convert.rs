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
pub struct ConvertArgs {
    /// PDF/TXT files or folders (searched recursively for .pdf and .txt); `-` reads standard
    /// input (PDF or text, told from the bytes). One file gives its pretty JSON on stdout, a
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
    /// Re-convert every input, even those the manifest says are unchanged.
    #[arg(long)]
    pub force: bool,
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
    let globs = if args.globs.is_empty() {
        None
    } else {
        Some(InputGlobs::new(&args.globs)?)
    };
    let selection = Selection {
        skip: args.output.clone(),
        globs,
    };
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
        bail!("no .pdf or .txt inputs found");
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
        whole_folder: args.inputs.len() == 1
            && args.inputs[0].is_dir()
            && args.globs.is_empty()
            && args.shard.is_none(),
        abort_after: std::env::var("GAZETTE_ABORT_AFTER")
            .ok()
            .and_then(|v| v.parse().ok()),
    };
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
    Ok(if summary.failed > 0 {
        ExitCode::Error
    } else {
        ExitCode::Success
    })
}
