//! The `gazette` binary: parses the arguments, runs the subcommand, exits with its code.

use clap::Parser;

fn main() {
    let opts = gazette::cli::Opts::parse();
    std::process::exit(gazette::cli::run(opts) as i32);
}
