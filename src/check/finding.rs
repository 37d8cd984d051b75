//! What `check` reports: a [`Finding`] with a stable [`Code`] and a [`Severity`], and the
//! policy that maps codes to severities (defaults, `--deny/--warn/--allow`, `[severity]`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;

/// Stable finding codes. The kebab-case name is the contract (JSON, CLI flags, TOML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    // archive
    MissingIssue,
    DuplicateIssue,
    IssueDateOrder,
    DuplicateDocNumber,
    // issue
    TocEntryWithoutDocument,
    DocumentNotInToc,
    TocPageMismatch,
    // document
    MissingDocNumber,
    MalformedDocNumber,
    MissingDate,
    MissingIssuer,
    DateAfterIssue,
    NumberYearMismatch,
    MissingAttachment,
    /// A document read by OCR with low confidence (its fields need a look).
    OcrLowConfidence,
    // in force (archive-wide, reported on the citing document)
    CitesRepealed,
    ExpiredButCited,
    RelationUnresolved,
    // file
    Unreadable,
    NoTextLayer,
}

impl Code {
    pub const ALL: [Code; 20] = [
        Code::MissingIssue,
        Code::DuplicateIssue,
        Code::IssueDateOrder,
        Code::DuplicateDocNumber,
        Code::TocEntryWithoutDocument,
        Code::DocumentNotInToc,
        Code::TocPageMismatch,
        Code::MissingDocNumber,
        Code::MalformedDocNumber,
        Code::MissingDate,
        Code::MissingIssuer,
        Code::DateAfterIssue,
        Code::NumberYearMismatch,
        Code::MissingAttachment,
        Code::OcrLowConfidence,
        Code::CitesRepealed,
        Code::ExpiredButCited,
        Code::RelationUnresolved,
        Code::Unreadable,
        Code::NoTextLayer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingIssue => "missing-issue",
            Code::DuplicateIssue => "duplicate-issue",
            Code::IssueDateOrder => "issue-date-order",
            Code::DuplicateDocNumber => "duplicate-doc-number",
            Code::TocEntryWithoutDocument => "toc-entry-without-document",
            Code::DocumentNotInToc => "document-not-in-toc",
            Code::TocPageMismatch => "toc-page-mismatch",
            Code::MissingDocNumber => "missing-doc-number",
            Code::MalformedDocNumber => "malformed-doc-number",
            Code::MissingDate => "missing-date",
            Code::MissingIssuer => "missing-issuer",
            Code::DateAfterIssue => "date-after-issue",
            Code::NumberYearMismatch => "number-year-mismatch",
            Code::MissingAttachment => "missing-attachment",
            Code::OcrLowConfidence => "ocr-low-confidence",
            Code::CitesRepealed => "cites-repealed",
            Code::ExpiredButCited => "expired-but-cited",
            Code::RelationUnresolved => "relation-unresolved",
            Code::Unreadable => "unreadable",
            Code::NoTextLayer => "no-text-layer",
        }
    }

    /// Missing content is an error; doubtful metadata a warning.
    pub fn default_level(self) -> Level {
        match self {
            Code::MissingIssue
            | Code::TocEntryWithoutDocument
            | Code::MissingAttachment
            | Code::Unreadable
            | Code::NoTextLayer => Level::Error,
            Code::RelationUnresolved => Level::Info,
            _ => Level::Warning,
        }
    }

    /// Codes about one file (as opposed to the archive as a whole).
    pub fn is_per_file(self) -> bool {
        !matches!(
            self,
            Code::MissingIssue | Code::DuplicateIssue | Code::IssueDateOrder
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Code::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown check code `{s}` (known: {})",
                    Code::ALL.map(Code::as_str).join(", ")
                )
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a failure (`relation-unresolved`).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A code's configured level: `Allow` drops its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
    Allow,
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "error" | "deny" => Ok(Level::Error),
            "warning" | "warn" => Ok(Level::Warning),
            "info" | "notice" => Ok(Level::Info),
            "allow" | "off" => Ok(Level::Allow),
            _ => Err(format!(
                "unknown severity `{s}` (use error, warning, info or allow)"
            )),
        }
    }
}

/// One problem found. Serialised as one JSON Lines record (DESIGN.md, "Findings"):
/// fields that do not apply are null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The file checked (JSON, JSONL, PDF or TXT as found); null for archive-wide findings.
    pub file: Option<String>,
    /// The document's 文号, or its title when it has none.
    pub document: Option<String>,
    pub doc_id: Option<String>,
    pub gazette: Option<String>,
    pub year: Option<i32>,
    pub issue: Option<u32>,
    /// The attachment's title (missing-attachment).
    pub attachment: Option<String>,
    /// PDF page (1-based, physical) in the source input.
    pub page: Option<u32>,
    /// 1-based line of the source text (text input) or of `gazette extract` output (PDF).
    pub line: Option<u32>,
    pub message: String,
    /// The input the finding is about (`source.path` of the issue, the PDF/TXT as given to
    /// `convert`), where `file` is its converted JSON: what `--format github` annotates.
    #[serde(skip)]
    #[schemars(skip)]
    pub source: Option<String>,
}

impl Finding {
    /// A finding with only code and message set; severity comes from the policy later.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: match code.default_level() {
                Level::Error => Severity::Error,
                Level::Info => Severity::Info,
                _ => Severity::Warning,
            },
            file: None,
            source: None,
            document: None,
            doc_id: None,
            gazette: None,
            year: None,
            issue: None,
            attachment: None,
            page: None,
            line: None,
            message: message.into(),
        }
    }

    /// The deterministic report order: file, code, document, then the rest.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            self.code.as_str(),
            &self.document,
            &self.gazette,
            self.year,
            self.issue,
            &self.attachment,
            (self.page, self.line),
            &self.message,
        )
    }
}

/// Code → level. Later settings win: defaults, then the `[severity]` table, then flags.
#[derive(Debug, Clone, Default)]
pub struct SeverityPolicy {
    overrides: BTreeMap<Code, Level>,
}

impl SeverityPolicy {
    pub fn set(&mut self, code: Code, level: Level) {
        self.overrides.insert(code, level);
    }

    pub fn level(&self, code: Code) -> Level {
        self.overrides
            .get(&code)
            .copied()
            .unwrap_or_else(|| code.default_level())
    }

    /// Sets each finding's severity; drops allowed ones.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                f.severity = match self.level(f.code) {
                    Level::Error => Severity::Error,
                    Level::Warning => Severity::Warning,
                    Level::Info => Severity::Info,
                    Level::Allow => return None,
                };
                Some(f)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_names() {
        for c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>().unwrap(), c);
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::from(c.as_str())
            );
        }
        assert!("missing-isue".parse::<Code>().is_err());
    }

    #[test]
    fn policy_overrides_defaults_and_allow_drops() {
        let mut p = SeverityPolicy::default();
        p.set(Code::MissingDate, Level::Error);
        p.set(Code::MissingAttachment, Level::Allow);
        let out = p.apply(vec![
            Finding::new(Code::MissingDate, "a"),
            Finding::new(Code::MissingAttachment, "b"),
            Finding::new(Code::MissingIssuer, "c"),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[1].severity, Severity::Warning);
    }
}
