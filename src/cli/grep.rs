//! `gazette grep` (placeholder until it is built).

use clap::Args;

use super::ExitCode;

#[derive(Debug, Args)]
pub struct GrepArgs {
    /// Converted JSON/JSONL files or folders, or PDF/TXT inputs.
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_args: GrepArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("gazette grep is not built yet")
}
