//! `gazette extract FILE`: the cleaned text the segmenter sees, for debugging.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::ExitCode;

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A PDF or text file; `-` reads standard input (the format is told from the bytes).
    pub file: PathBuf,
    /// Mark page breaks with the physical page number (`--- page N ---`).
    #[arg(long)]
    pub pages: bool,
    /// The text before furniture removal and line joining.
    #[arg(long)]
    pub raw: bool,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let shown = crate::input::shown(&args.file);
    let bytes = crate::input::read(&args.file).with_context(|| shown.clone())?;
    let (ex, text) =
        crate::pipeline::extract_text(&args.file, &bytes).with_context(|| shown.clone())?;
    let mut out = String::new();
    if args.raw {
        for p in &ex.pages {
            if args.pages {
                out.push_str(&format!("--- page {} ---\n", p.number));
            }
            for l in &p.raw_lines {
                out.push_str(l);
                out.push('\n');
            }
        }
    } else {
        let mut page = None;
        for l in &text.lines {
            if args.pages && l.page.is_some() && l.page != page {
                page = l.page;
                out.push_str(&format!("--- page {} ---\n", l.page.unwrap_or(0)));
            }
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    for w in &ex.warnings {
        eprintln!("gazette: {shown}: warning: {}", w.message);
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::Success)
}
