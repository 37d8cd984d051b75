//! `gazette completions SHELL` and `gazette man`: a shell completion script and the man
//! page, generated from the clap definitions (clap_complete, clap_mangen), so that they
//! never drift from the options.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::ExitCode;

#[derive(Debug, Args)]
#[command(after_help = "Install (examples):
  gazette completions bash > ~/.local/share/bash-completion/completions/gazette
  gazette completions zsh > ~/.zfunc/_gazette        # with fpath+=(~/.zfunc) in ~/.zshrc
  gazette completions fish > ~/.config/fish/completions/gazette.fish
  gazette completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Opts::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "gazette", &mut out);
    super::write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::Success)
}

#[derive(Debug, Args)]
#[command(after_help = "Install: gazette man > ~/.local/share/man/man1/gazette.1 && man gazette")]
pub struct ManArgs {}

/// The man page (roff): synopsis, options and the subcommands with what each does
/// (`gazette SUBCOMMAND --help` has their options).
pub fn man(_: ManArgs) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(super::Opts::command()).render(&mut out)?;
    super::write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::Success)
}
