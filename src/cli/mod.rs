//! Command-line definitions (clap derive), one file per subcommand, and the exit
//! codes: 0 success, 1 nothing matched / findings, 2 error (ripgrep's convention).

pub mod check;
pub mod convert;
pub mod extract;
pub mod grep;
pub mod schema;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gazette",
    version,
    about = "Chinese government gazettes (政府公报) → structured JSON"
)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
    /// Recognise pages without a text layer (scans) with the Tesseract program
    /// (convert, extract, grep, check; needs tesseract-ocr and tesseract-ocr-chi-sim).
    #[arg(long, global = true)]
    pub ocr: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert PDF/TXT files or folders to JSON (one issue per input).
    Convert(convert::ConvertArgs),
    /// Print the cleaned text the segmenter sees (debugging stage 1).
    Extract(extract::ExtractArgs),
    /// Query converted issues (or PDF/TXT directly) by 文号, dates, issuer, text.
    Grep(grep::GrepArgs),
    /// Validate an archive's completeness, for CI (exit 1 on error-level findings).
    Check(check::CheckArgs),
    /// Print the JSON Schema of the output.
    Schema(schema::SchemaArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    NoMatch = 1,
    Error = 2,
}

pub fn run(opts: Opts) -> ExitCode {
    if opts.ocr
        && let Err(e) = crate::extract::ocr::enable()
    {
        eprintln!("gazette: {e}");
        return ExitCode::Error;
    }
    let result = match opts.command {
        Command::Convert(a) => convert::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Grep(a) => grep::run(a),
        Command::Check(a) => check::run(a),
        Command::Schema(a) => schema::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::Success;
            }
            eprintln!("gazette: {e:#}");
            ExitCode::Error
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stdout, turning a closed pipe into a quiet stop.
pub fn write_stdout(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}
