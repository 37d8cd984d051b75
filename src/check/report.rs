//! Renders findings: a human report grouped by file, JSON Lines, GitHub Actions
//! workflow commands, or JUnit XML. Input is already sorted; output is deterministic.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::finding::{Code, Finding, Severity};

/// Text: findings grouped by file (archive-wide ones first), then a count per code.
pub fn text(findings: &[Finding], files: usize) -> String {
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    for f in findings {
        let file = f.file.as_deref();
        if current != Some(file) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", file.unwrap_or("(archive)"));
            current = Some(file);
        }
        let mut at = String::new();
        if let Some(p) = f.page {
            let _ = write!(at, " [page {p}]");
        }
        if let Some(l) = f.line {
            let _ = write!(at, " [line {l}]");
        }
        let _ = writeln!(
            out,
            "  {:<7}  {}: {}{at}",
            f.severity.as_str(),
            f.code,
            f.message
        );
    }
    if !findings.is_empty() {
        out.push('\n');
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let infos = findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .count();
    let warnings = findings.len() - errors - infos;
    let _ = write!(
        out,
        "{files} file{} checked: {errors} error{}, {warnings} warning{}",
        plural(files),
        plural(errors),
        plural(warnings)
    );
    if infos > 0 {
        let _ = write!(out, ", {infos} info");
    }
    out.push('\n');
    let mut counts: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for f in findings {
        *counts.entry((f.code.as_str(), f.severity)).or_default() += 1;
    }
    for ((code, sev), n) in counts {
        let _ = writeln!(out, "  {n:>5}  {code} ({})", sev.as_str());
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// JSON Lines: one finding per line.
pub fn json(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&serde_json::to_string(f).expect("findings serialise"));
        out.push('\n');
    }
    out
}

/// GitHub Actions workflow commands, on the input files (`source.path`: the PDF/TXT as
/// given to `convert`), not the JSON built from them. `line=` is given only when that file
/// is the text the line number counts in (a .txt); for a PDF the page and line go into the
/// message.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        let mut message = f.message.clone();
        // The input in the pull request (the PDF/TXT as given to convert), not its JSON.
        if let Some(file) = f.source.as_ref().or(f.file.as_ref()) {
            props.push(format!("file={}", gh_property(file)));
            let is_source = file.to_ascii_lowercase().ends_with(".txt");
            match (f.line, f.page) {
                (Some(l), _) if is_source => props.push(format!("line={l}")),
                (Some(l), Some(p)) => {
                    let _ = write!(message, " (source page {p}, line {l})");
                }
                (Some(l), None) => {
                    let _ = write!(message, " (source line {l})");
                }
                (None, Some(p)) => {
                    let _ = write!(message, " (source page {p})");
                }
                (None, None) => {}
            }
        }
        props.push(format!("title={}", gh_property(f.code.as_str())));
        let _ = writeln!(out, "::{cmd} {}::{}", props.join(","), gh_data(&message));
    }
    out
}

/// Escaping of workflow command data (GitHub's toolkit `escapeData`).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of workflow command properties (`escapeProperty`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML (written by `quick-junit`, which escapes and drops what XML forbids): one
/// testsuite; a testcase per file and check (code) that could apply to it, plus the
/// archive-wide checks; error findings are failures, warnings go to `system-out`. Allowed
/// codes are left out.
pub fn junit(findings: &[Finding], files: &[String], enabled: &[Code]) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut cases: BTreeMap<(String, Code), Vec<&Finding>> = BTreeMap::new();
    for code in enabled.iter().filter(|c| !c.is_per_file()) {
        cases.entry(("(archive)".to_string(), *code)).or_default();
    }
    for file in files {
        for code in enabled.iter().filter(|c| c.is_per_file()) {
            cases.entry((file.clone(), *code)).or_default();
        }
    }
    for f in findings {
        let file = f.file.clone().unwrap_or_else(|| "(archive)".to_string());
        cases.entry((file, f.code)).or_default().push(f);
    }
    let mut suite = TestSuite::new("gazette check");
    for ((file, code), list) in &cases {
        let (errors, others): (Vec<&Finding>, Vec<&Finding>) =
            list.iter().partition(|f| f.severity == Severity::Error);
        let status = if errors.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
            st.set_type(code.as_str())
                .set_message(format!("{} finding{}", errors.len(), plural(errors.len())))
                .set_description(lines(errors.into_iter()));
            st
        };
        let mut case = TestCase::new(code.as_str(), status);
        case.set_classname(file.as_str());
        // Warnings and info do not fail a case; they are printed with it.
        if !others.is_empty() {
            case.set_system_out(lines(others.into_iter()));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("gazette check");
    report.add_test_suite(suite);
    // Serialising into memory cannot fail on I/O; an error here is a bug in the writer.
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- junit: {e} -->\n"))
}

fn lines<'a>(it: impl Iterator<Item = &'a Finding>) -> String {
    let mut s = String::new();
    for f in it {
        let _ = write!(s, "{}: {}", f.severity.as_str(), f.message);
        if let Some(l) = f.line {
            let _ = write!(s, " (line {l})");
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junit_escapes_and_drops_what_xml_forbids() {
        let mut f = Finding::new(Code::MissingAttachment, "a<b>&\"c'\u{1}\u{1b}[31m");
        f.file = Some("x&y.txt".into());
        let xml = junit(&[f], &["x&y.txt".into()], &[Code::MissingAttachment]);
        assert!(xml.contains("classname=\"x&amp;y.txt\""), "{xml}");
        assert!(xml.contains("a&lt;b&gt;&amp;"), "{xml}");
        assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}'), "{xml}");
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let mut f = Finding::new(Code::MissingDate, "50%\nnext");
        f.file = Some("a,b:c.txt".into());
        f.line = Some(3);
        assert_eq!(
            github(&[f]),
            "::warning file=a%2Cb%3Ac.txt,line=3,title=missing-date::50%25%0Anext\n"
        );
    }
}
