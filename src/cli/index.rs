//! `gazette index`: existing issue JSON / JSON Lines files into a SQLite index that
//! `gazette grep --db` answers from (see [`crate::index`]). Incremental: files unchanged
//! since the last run are skipped, changed ones replaced, vanished ones dropped.

use std::path::PathBuf;

use clap::Args;

use super::ExitCode;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  gazette index json/ --db archive.db
  gazette index shards/*.jsonl --db archive.db
  gazette grep --db archive.db --number '吕政办发〔2019〕*'")]
pub struct IndexArgs {
    /// Converted *.json / *.jsonl files or folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The SQLite database to create or update.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// No summary on stderr (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let (summary, errors) = crate::index::write::index_paths(&args.db, &args.inputs)?;
    for e in &errors {
        eprintln!("gazette: {e}");
    }
    if !args.quiet {
        eprintln!("gazette: {}: {summary}", args.db.display());
    }
    Ok(if errors.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Error
    })
}
