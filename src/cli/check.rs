//! `gazette check` (placeholder until it is built).

use clap::Args;

use super::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Converted JSON/JSONL files or folders, or PDF/TXT inputs.
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_args: CheckArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("gazette check is not built yet")
}
