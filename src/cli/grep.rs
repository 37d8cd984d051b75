//! `gazette grep`: clap options turned into a validated [`Query`], run, printed.
//!
//! PATTERN or PATH is decided by position alone, never by what exists on disk (rg's rule):
//! the first positional argument is PATTERN unless `-e PATTERN` is given or a structured
//! filter (`--number`, `--since`, `--missing` …) is; then every positional argument is a
//! PATH. So `gazette grep 2019 x.json` searches x.json for "2019" whether or not a folder
//! `2019/` exists, and `gazette grep --number 吕政发 json/` searches json/.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::ExitCode;
use crate::grep::output::{self, Mode};
use crate::grep::{
    DateRange, Filter, Missing, NumberPattern, Query, SortKey, Status, TextPattern, Want,
    filter::parse_bound, in_force::InForceFilter,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Never,
    Auto,
    Always,
}

/// Boxed so that the subcommand enum stays small.
#[derive(Debug, Args)]
pub struct GrepArgs {
    #[command(flatten)]
    pub opts: Box<GrepOpts>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  gazette grep --number '吕政办发〔2019〕*' json/
  gazette grep --number '吕政办发[2019]10-20号' json/
  gazette grep --since 2019-04-01 --until 2019-06 --issuer 吕梁市人民政府办公室 json/
  gazette grep --cites '国发〔2018〕20号' archive.jsonl
  gazette grep --in-force-on 2020-06-01 --type 办法 json/
  gazette grep --repealed-by '吕政发〔2019〕4号' json/
  gazette grep 双公示 json/                       # PATTERN, then PATHs
  gazette grep --type 通知 -e 双公示 --jsonl json/ | jq .title
  gazette grep --number 吕政发 --cache json/ archive/2019/*.pdf
  gazette convert archive/ --jsonl - | gazette grep -c 双公示 -

The first positional argument is PATTERN unless -e or a filter (--number, --year, --since, \
--until, --issuer, --type, --status, --section, --gazette, --missing, --cites, --cited-by, \
--in-force-on, --repeals, --repealed-by, --amends, --expires-before) is \
given; then every positional argument is a PATH. `-` reads standard input.

Every filter must hold (AND). Output: `path:page: 文号  成文日期  标题` per document \
(path = source.path), `-` for a missing field. Exit status: 0 something matched, 1 nothing \
matched, 2 an error (errors win). Inputs: converted *.json / *.jsonl (folders searched \
recursively, hidden entries such as .gazette/ skipped) or *.pdf / *.txt gazettes converted \
on the fly.")]
pub struct GrepOpts {
    /// [PATTERN] [PATH]...: a regex over title and body (not with -e or a filter), then
    /// converted JSON/JSONL files or folders, PDF/TXT inputs, or `-` for standard input
    /// (default: the current folder).
    #[arg(value_name = "PATTERN|PATH", value_parser = clap::builder::OsStringValueParser::new())]
    pub args: Vec<std::ffi::OsString>,
    /// Regex over title and body (instead of the first positional argument).
    #[arg(short = 'e', long = "regexp", value_name = "PATTERN")]
    pub regexp: Option<String>,
    /// PATTERN is a fixed string.
    #[arg(short = 'F', long)]
    pub fixed_strings: bool,
    /// PATTERN ignores case.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// 文号 pattern: any printed variant; `*` wildcards, serial ranges (`10-20`), a bare
    /// code (`吕政办发`) or code and year (`吕政办发〔2019〕`).
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// 文号 year (`2019`, or a range `2018-2019`).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
    /// On or after this date (YYYY, YYYY-MM or YYYY-MM-DD), on 成文日期.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// On or before this date (YYYY, YYYY-MM or YYYY-MM-DD; `2019-06` = through 2019-06-30).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Date filters apply to the publication date (gazette.published).
    #[arg(long)]
    pub published: bool,
    /// Substring of any issuer (署名).
    #[arg(long, value_name = "TEXT")]
    pub issuer: Option<String>,
    /// 文种: doc_type or doc_type_raw (通知, 意见, 实施方案 …).
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_type: Option<String>,
    /// Publication status (unknown = no 附注 stating one).
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Substring of the TOC section (栏目).
    #[arg(long, value_name = "TEXT")]
    pub section: Option<String>,
    /// Substring of the gazette's name.
    #[arg(long, value_name = "TEXT")]
    pub gazette: Option<String>,
    /// Documents lacking this field (repeatable).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub missing: Vec<Missing>,
    /// Documents citing a 文号 matching this pattern.
    #[arg(long, value_name = "NUMBER")]
    pub cites: Option<String>,
    /// Documents cited by the document numbered so.
    #[arg(long, value_name = "NUMBER")]
    pub cited_by: Option<String>,
    /// Documents in force on DATE: started (施行, else 成文日期) on or before it, not past
    /// their 有效期, not repealed by a document of the searched inputs starting by then.
    #[arg(long, value_name = "DATE")]
    pub in_force_on: Option<String>,
    /// Documents repealing (废止, 停止执行) a 文号 matching this pattern.
    #[arg(long, value_name = "NUMBER")]
    pub repeals: Option<String>,
    /// Documents repealed by the document numbered so.
    #[arg(long, value_name = "NUMBER", conflicts_with = "cited_by")]
    pub repealed_by: Option<String>,
    /// Documents amending (修改, 修订) a 文号 matching this pattern.
    #[arg(long, value_name = "NUMBER")]
    pub amends: Option<String>,
    /// Documents whose 有效期 ends before DATE.
    #[arg(long, value_name = "DATE")]
    pub expires_before: Option<String>,
    /// Print JSON Lines document records (`--json` is an alias).
    #[arg(long = "jsonl", visible_alias = "json", conflicts_with_all = ["count", "files_with_matches"])]
    pub json: bool,
    /// Print the number of matching documents.
    #[arg(short, long, conflicts_with = "files_with_matches")]
    pub count: bool,
    /// Print the searched files holding a match.
    #[arg(short = 'l', long)]
    pub files_with_matches: bool,
    /// Order of the output (default: input order).
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,
    /// Colour: auto = when stdout is a terminal and NO_COLOR is unset or empty.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Characters of context around a text match.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub context: usize,
    /// Answer from this SQLite index (`gazette index`, `convert --db`) instead of
    /// scanning files: the same answers, in milliseconds. No PATH arguments then.
    #[arg(long, value_name = "FILE", conflicts_with = "cache")]
    pub db: Option<PathBuf>,
    /// A `convert -o` folder: DIR/<relative>.json replaces converting a PDF/TXT input
    /// when its source.blake3 matches.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

impl GrepOpts {
    /// Whether a structured filter is given: then every positional argument is a PATH.
    fn has_filter(&self) -> bool {
        [
            &self.number,
            &self.year,
            &self.since,
            &self.until,
            &self.issuer,
            &self.doc_type,
            &self.section,
            &self.gazette,
            &self.cites,
            &self.cited_by,
            &self.in_force_on,
            &self.repeals,
            &self.repealed_by,
            &self.amends,
            &self.expires_before,
        ]
        .iter()
        .any(|o| o.is_some())
            || self.status.is_some()
            || !self.missing.is_empty()
    }
}

/// A day (`YYYY`, `YYYY-MM` = its first day, or `YYYY-MM-DD`).
fn day(s: &Option<String>) -> anyhow::Result<Option<String>> {
    s.as_deref()
        .map(|s| parse_bound(s, false))
        .transpose()
        .map_err(anyhow::Error::msg)
}

fn year_range(s: &str) -> anyhow::Result<(i32, i32)> {
    let bad = || format!("invalid --year {s:?}: expected YYYY or YYYY-YYYY");
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a: i32 = a.trim().parse().ok().with_context(bad)?;
    let b: i32 = b.trim().parse().ok().with_context(bad)?;
    Ok((a.min(b), a.max(b)))
}

fn number(s: &Option<String>) -> anyhow::Result<Option<NumberPattern>> {
    s.as_deref()
        .map(NumberPattern::parse)
        .transpose()
        .map_err(Into::into)
}

pub fn run(args: GrepArgs) -> anyhow::Result<ExitCode> {
    let args = *args.opts;
    let mut paths: Vec<PathBuf> = args.args.iter().map(PathBuf::from).collect();
    let positional_pattern = args.regexp.is_none() && !args.has_filter() && !paths.is_empty();
    let pattern = match &args.regexp {
        Some(p) => Some(p.clone()),
        None if positional_pattern => Some(paths.remove(0).to_string_lossy().into_owned()),
        None => None,
    };
    // Hints only (stderr): the rule above never looks at the disk.
    if positional_pattern
        && paths.is_empty()
        && let Some(p) = &pattern
        && std::path::Path::new(p).exists()
    {
        eprintln!(
            "gazette: note: {p:?} is the PATTERN (the first argument is, as in rg) and the \
             current folder is searched; to list what {p:?} holds, give a filter or -e ''"
        );
    }
    if args.regexp.is_none()
        && args.has_filter()
        && let Some(first) = paths.first()
        && !crate::input::is_stdin(first)
        && !first.exists()
    {
        eprintln!(
            "gazette: note: with a filter, every argument is a PATH; give a text pattern \
             with -e PATTERN"
        );
    }
    if let Some(db) = &args.db
        && !paths.is_empty()
    {
        bail!(
            "--db {} answers from the index: give no paths (index them with `gazette index`)",
            db.display()
        );
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let text = match &pattern {
        Some(p) => Some(
            TextPattern::new(p, args.fixed_strings, args.ignore_case)
                .with_context(|| format!("invalid PATTERN {p:?}"))?,
        ),
        None => None,
    };
    let since = args
        .since
        .as_deref()
        .map(|s| parse_bound(s, false))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let until = args
        .until
        .as_deref()
        .map(|s| parse_bound(s, true))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if let (Some(a), Some(b)) = (&since, &until)
        && a > b
    {
        bail!("--since {a} is after --until {b}");
    }
    if args.published && since.is_none() && until.is_none() {
        bail!("--published needs --since and/or --until");
    }
    let query = Query {
        filter: Filter {
            number: number(&args.number)?,
            year: args.year.as_deref().map(year_range).transpose()?,
            dates: DateRange {
                since,
                until,
                published: args.published,
            },
            issuer: args.issuer.clone(),
            doc_type: args.doc_type.clone(),
            status: args.status,
            section: args.section.clone(),
            gazette: args.gazette.clone(),
            missing: args.missing.clone(),
            cites: number(&args.cites)?,
            number_in: None,
            text,
            in_force: InForceFilter {
                in_force_on: day(&args.in_force_on)?,
                repeals: number(&args.repeals)?,
                amends: number(&args.amends)?,
                expires_before: day(&args.expires_before)?,
                ..InForceFilter::default()
            },
        },
        cited_by: number(&args.cited_by)?,
        repealed_by: number(&args.repealed_by)?,
        sort: args.sort,
        cache: args.cache.clone(),
    };
    let mode = if args.json {
        Mode::Json
    } else if args.count {
        Mode::Count
    } else if args.files_with_matches {
        Mode::Files
    } else {
        Mode::Lines
    };
    let want = Want {
        json: mode == Mode::Json,
        snippets: (mode == Mode::Lines).then_some(args.context),
        bare: matches!(mode, Mode::Count | Mode::Files),
        count_only: mode == Mode::Count,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            // anstream's rule: a terminal, NO_COLOR unset or empty, CLICOLOR(_FORCE), TERM.
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    };
    let outcome = match &args.db {
        Some(db) => {
            let spec = pattern.as_deref().map(|p| crate::index::query::TextSpec {
                pattern: p,
                fixed: args.fixed_strings,
                ignore_case: args.ignore_case,
            });
            crate::index::query::search(db, &query, want, spec)?
        }
        None => crate::grep::search(&paths, &query, want),
    };
    for e in outcome.notes.iter().chain(&outcome.errors) {
        eprintln!("gazette: {e}");
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    output::write(&mut out, &outcome, mode, color)?;
    Ok(if !outcome.errors.is_empty() {
        ExitCode::Error
    } else if !outcome.found() {
        ExitCode::NoMatch
    } else {
        ExitCode::Success
    })
}
