//! `gazette check`: completeness validation of an archive of converted gazettes, for CI
//! (GONGWEN.md, "What a complete archive means"). Inputs are loaded (`load`), checked per
//! document and issue (`rules`) and across the archive (`archive`, with `expect`), given
//! their configured severities (`finding`) and rendered (`report`).

pub mod archive;
pub mod expect;
pub mod finding;
pub mod in_force;
pub mod load;
pub mod report;
pub mod rules;
pub mod summary;

use std::path::PathBuf;

pub use expect::Expect;
pub use finding::{Code, Finding, Level, Severity, SeverityPolicy};
pub use load::CheckedIssue;

/// What to check and how to judge it.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    pub paths: Vec<PathBuf>,
    pub expect: Option<Expect>,
    pub policy: SeverityPolicy,
}

/// The result of a run: findings in report order, and the files read.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub files: Vec<String>,
    /// JSON files left out as not gazette output.
    pub skipped: Vec<String>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Loads the inputs and runs every check. Errors only when the check cannot run
/// (a path that does not exist, nothing to check).
pub fn run_check(config: &CheckConfig) -> anyhow::Result<Outcome> {
    let loaded = load::load(&config.paths)?;
    if loaded.issues.is_empty() && loaded.findings.is_empty() {
        anyhow::bail!(
            "nothing to check: no gazette output or PDF/TXT input among {} file{} read",
            loaded.skipped.len(),
            if loaded.skipped.len() == 1 { "" } else { "s" }
        );
    }
    let mut files: Vec<String> = loaded.issues.iter().map(|s| s.file.to_string()).collect();
    files.extend(loaded.findings.iter().filter_map(|f| f.file.clone()));
    files.sort();
    files.dedup();
    let mut findings = loaded.findings;
    findings.extend(check_across(&loaded.issues, config.expect.as_ref()));
    Ok(Outcome {
        findings: finish(findings, &config.policy),
        files,
        skipped: loaded.skipped,
    })
}

/// Every check over issues already loaded (no severity policy applied).
pub fn check_issues(issues: &[CheckedIssue], expect: Option<&Expect>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = issues.iter().flat_map(rules::check_issue).collect();
    let summaries: Vec<summary::IssueSummary> =
        issues.iter().map(summary::IssueSummary::of).collect();
    findings.extend(check_across(&summaries, expect));
    findings
}

/// The checks across issues, on their summaries.
pub fn check_across(issues: &[summary::IssueSummary], expect: Option<&Expect>) -> Vec<Finding> {
    let mut findings = archive::check_archive(issues, expect);
    findings.extend(in_force::check_in_force(issues));
    findings
}

/// Applies the policy and sorts into the report order.
pub fn finish(findings: Vec<Finding>, policy: &SeverityPolicy) -> Vec<Finding> {
    let mut findings = policy.apply(findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests;
