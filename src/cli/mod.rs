//! Command-line definitions (clap derive), one file per subcommand, and the exit
//! codes: 0 success, 1 nothing matched / findings, 2 error (ripgrep's convention).

pub mod check;
pub mod completions;
pub mod convert;
pub mod extract;
pub mod grep;
pub mod index;
pub mod schema;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gazette",
    version,
    about = "Chinese government gazettes (政府公报) → structured JSON",
    after_help = "Examples:
  gazette convert issue.pdf > issue.json          # one file: pretty JSON
  gazette convert archive/ -o json/                 # a folder: one JSON per input, incremental
  gazette convert archive/ --jsonl - | jq .title    # JSON Lines on stdout
  cat issue.pdf | gazette convert -                 # standard input
  gazette grep --number '吕政办发〔2019〕*' json/
  gazette check json/ --format github               # annotations for CI
  gazette completions bash > ~/.local/share/bash-completion/completions/gazette

`gazette COMMAND --help` for each command's options and examples."
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
    /// Convert PDF, OFD, DOCX, DOC/WPS, HTML or text files, or folders of them, to JSON (one issue per input).
    Convert(convert::ConvertArgs),
    /// Print the cleaned text the segmenter sees (debugging stage 1).
    Extract(extract::ExtractArgs),
    /// Query converted issues (or source files directly) by 文号, dates, issuer, text.
    Grep(grep::GrepArgs),
    /// Index converted JSON / JSON Lines into a SQLite database for `grep --db`.
    Index(index::IndexArgs),
    /// Validate an archive's completeness, for CI (exit 1 on error-level findings).
    Check(check::CheckArgs),
    /// Print the JSON Schema of the output.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    Man(completions::ManArgs),
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
        Command::Index(a) => index::run(a),
        Command::Check(a) => check::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => completions::man(a),
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
