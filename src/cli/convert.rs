//! `gazette convert`: files and folders in, JSON (per issue) or JSON Lines out.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::ExitCode;
use crate::emit::{to_jsonl, to_pretty_json, write_atomic};
use crate::inputs::{InputFile, collect_inputs};

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// PDF/TXT files or folders (searched recursively for .pdf and .txt).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write one JSON file per input into DIR, as DIR/<relative path>.json.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write JSON Lines (one record per issue and per document) to PATH (`-` = stdout).
    #[arg(long, value_name = "PATH")]
    pub jsonl: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let files = collect_inputs(&args.inputs, args.output.as_deref())?;
    if files.is_empty() {
        bail!(
            "{}: no .pdf or .txt inputs found",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let to_stdout = args.output.is_none() && args.jsonl.is_none();
    let jsonl_stdout =
        args.jsonl.as_deref() == Some(Path::new("-")) || to_stdout && files.len() > 1;
    let mut jsonl = String::new();
    let mut failed = 0;
    for f in &files {
        match convert_one(f) {
            Ok(issue) => {
                if let Some(dir) = &args.output {
                    let target = dir.join(format!("{}.json", f.relative));
                    write_atomic(&target, to_pretty_json(&issue).as_bytes())
                        .with_context(|| format!("{}", target.display()))?;
                }
                if args.jsonl.is_some() || jsonl_stdout {
                    let rec = to_jsonl(&issue);
                    if jsonl_stdout {
                        super::write_stdout(&rec)?;
                    } else {
                        jsonl.push_str(&rec);
                    }
                } else if to_stdout {
                    super::write_stdout(&to_pretty_json(&issue))?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("gazette: {}: {e:#}; skipped", f.path.display());
            }
        }
    }
    if let Some(p) = &args.jsonl
        && p != Path::new("-")
    {
        write_atomic(p, jsonl.as_bytes()).with_context(|| format!("{}", p.display()))?;
    }
    Ok(if failed > 0 {
        ExitCode::Error
    } else {
        ExitCode::Success
    })
}

fn convert_one(f: &InputFile) -> anyhow::Result<crate::model::Issue> {
    let bytes = std::fs::read(&f.path)?;
    Ok(crate::pipeline::convert_bytes(&f.path, &f.label, &bytes)?)
}
