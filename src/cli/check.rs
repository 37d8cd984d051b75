//! `gazette check`: archive completeness validation for CI. Exit 0 when no error-level
//! finding, 1 when there is one, 2 when the check could not run.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::ExitCode;
use crate::check::{CheckConfig, Code, Expect, Level, SeverityPolicy, report, run_check};

const AFTER_HELP: &str = "\
Codes (default severity):
  archive   missing-issue (error), duplicate-issue, issue-date-order, duplicate-doc-number
  issue     toc-entry-without-document (error), document-not-in-toc, toc-page-mismatch
  document  missing-doc-number, malformed-doc-number, missing-date, missing-issuer,
            date-after-issue, number-year-mismatch, missing-attachment (error),
            ocr-low-confidence
  in force  cites-repealed, expired-but-cited, relation-unresolved (info)
  file      unreadable (error), no-text-layer (error)
  Codes not marked are warnings. A code given to several flags: --allow wins over --warn,
  --warn over --deny; flags win over the [severity] table of --expect.

Exit status: 0 no error-level finding, 1 error-level findings, 2 the check could not run.

expect.toml:
  [severity]
  number-year-mismatch = \"allow\"     # error | warning | info | allow
  [[gazette]]
  name = \"吕梁市人民政府公报\"          # omit to match every gazette
  years = \"2018-2020\"                # 2019, [2018, 2019], \"2015, 2017-2019\"
  issues = \"1-12\"                    # or [1, 2, 3], or issues_per_year = 12
  [gazette.year.2020]                # a year that differs
  issues = \"1-6\"";

#[derive(Debug, Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct CheckArgs {
    /// Converted JSON (.json) / JSON Lines (.jsonl) files or folders (recursive), or
    /// source files (PDF, OFD, DOCX, DOC/WPS, HTML, text), converted on the fly; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// TOML file declaring the issues a complete archive holds, and severities.
    #[arg(long, value_name = "FILE")]
    pub expect: Option<PathBuf>,
    /// Make CODE an error (repeatable).
    #[arg(long, value_name = "CODE")]
    pub deny: Vec<String>,
    /// Make CODE a warning (repeatable).
    #[arg(long, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Drop findings with CODE (repeatable).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by file, then a count per code.
    Text,
    /// JSON Lines, one finding per line (`json` is an alias).
    #[value(name = "jsonl", alias = "json")]
    Json,
    /// GitHub Actions annotations (::error / ::warning / ::notice).
    Github,
    /// JUnit XML.
    Junit,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let expect = match &args.expect {
        Some(p) => Some(Expect::read(p).context("cannot use the expect file")?),
        None => None,
    };
    let mut policy = SeverityPolicy::default();
    if let Some(e) = &expect {
        e.apply_severity(&mut policy);
    }
    for (codes, level) in [
        (&args.deny, Level::Error),
        (&args.warn, Level::Warning),
        (&args.allow, Level::Allow),
    ] {
        for c in codes {
            let code: Code = c.parse().map_err(anyhow::Error::msg)?;
            policy.set(code, level);
        }
    }
    let config = CheckConfig {
        paths: args.paths,
        expect,
        policy,
    };
    let outcome = run_check(&config)?;
    for file in &outcome.skipped {
        eprintln!("gazette: {file}: not gazette output (no schema_version); skipped");
    }
    let enabled: Vec<Code> = Code::ALL
        .into_iter()
        .filter(|c| config.policy.level(*c) != Level::Allow)
        .collect();
    let out = match args.format {
        Format::Text => report::text(&outcome.findings, outcome.files.len()),
        Format::Json => report::json(&outcome.findings),
        Format::Github => report::github(&outcome.findings),
        Format::Junit => report::junit(&outcome.findings, &outcome.files, &enabled),
    };
    super::write_stdout(&out)?;
    Ok(if outcome.has_errors() {
        ExitCode::NoMatch
    } else {
        ExitCode::Success
    })
}
