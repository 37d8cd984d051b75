//! What `check` keeps of each issue once its own checks have run: the small summary the
//! archive-wide checks (`archive`, `in_force`) read — gazette numbers and dates, each
//! document's name (文号, title), dates, relations to other 文号 and place (file, page, line).
//! No text, no contents: a 2 GB JSON Lines archive keeps a few hundred bytes per document.

use std::sync::Arc;

use super::finding::{Code, Finding};
use super::load::CheckedIssue;
use super::rules::{gazette_year, label_of};
use crate::model::*;

#[derive(Debug, Clone)]
pub struct IssueSummary {
    /// The file as found (given path, or folder/relative path); shared by its issues.
    pub file: Arc<str>,
    /// The converted source's path, for findings (none for stdin).
    pub source: Option<String>,
    /// The gazette record without its free-text fields (publisher, label).
    pub gazette: Gazette,
    pub documents: Vec<DocSummary>,
}

#[derive(Debug, Clone)]
pub struct DocSummary {
    pub id: Box<str>,
    pub index: u32,
    pub title: Option<Box<str>>,
    pub toc_title: Option<Box<str>>,
    /// The normalised 文号 (`DocNumber::text`) and whether it has a serial number.
    pub number: Option<Box<str>>,
    pub numbered: bool,
    /// 成文日期, 施行日期 and end of 有效期, YYYY-MM-DD.
    pub date: Option<Box<str>>,
    pub effective: Option<Box<str>>,
    pub valid_until: Option<Box<str>>,
    /// The references other checks follow (based on, amends, repeals), with their 文号.
    pub references: Box<[(Relation, Box<str>)]>,
    pub page: Option<u32>,
    pub line: u32,
    /// For the contents check of JSON Lines issues, run once the whole file is read.
    pub toc_page: Option<u32>,
    pub printed_page: Option<u32>,
}

fn boxed(s: &Option<String>) -> Option<Box<str>> {
    s.as_deref().map(Box::from)
}

impl DocSummary {
    pub fn of(d: &Document) -> Self {
        DocSummary {
            id: d.id.as_str().into(),
            index: d.index,
            title: boxed(&d.title),
            // Read for its text only when the document has no title (`label`); the contents
            // check asks only whether it is there.
            toc_title: match (&d.title, &d.toc_title) {
                (Some(_), Some(_)) => Some("".into()),
                (_, t) => boxed(t),
            },
            number: d.doc_number.as_ref().map(|n| n.text.as_str().into()),
            numbered: d.doc_number.as_ref().is_some_and(|n| n.serial.is_some()),
            date: boxed(&d.date),
            effective: d.effective.as_ref().and_then(|c| boxed(&c.date)),
            valid_until: d.valid_until.as_ref().and_then(|c| boxed(&c.date)),
            references: d
                .references
                .iter()
                .filter(|r| {
                    matches!(
                        r.relation,
                        Relation::BasedOn | Relation::Amends | Relation::Repeals
                    )
                })
                .map(|r| (r.relation, r.text.as_str().into()))
                .collect(),
            page: d.pages.as_ref().map(|p| p.start),
            line: d.lines.start,
            toc_page: d.toc_page,
            printed_page: d.pages.as_ref().and_then(|p| p.printed_start),
        }
    }

    /// How the document is named in findings: its 文号, else its title (as `document_label`).
    pub fn label(&self) -> String {
        label_of(
            self.number.as_deref(),
            self.title.as_deref(),
            self.toc_title.as_deref(),
            self.index,
        )
    }
}

impl IssueSummary {
    /// The summary of an issue whose own checks have run.
    pub fn of(ci: &CheckedIssue) -> Self {
        Self::new(
            ci.file.as_str().into(),
            &ci.issue.source,
            &ci.issue.gazette,
            ci.issue.documents.iter().map(DocSummary::of).collect(),
        )
    }

    pub fn new(
        file: Arc<str>,
        source: &Source,
        gazette: &Gazette,
        documents: Vec<DocSummary>,
    ) -> Self {
        let path = &source.path;
        IssueSummary {
            file,
            source: (!path.is_empty() && path != crate::input::STDIN_LABEL).then(|| path.clone()),
            gazette: Gazette {
                publisher: None,
                label: None,
                ..gazette.clone()
            },
            documents,
        }
    }

    pub fn year(&self) -> Option<i32> {
        gazette_year(&self.gazette)
    }

    /// A finding about this issue (as `rules::issue_finding`).
    pub fn finding(&self, code: Code, message: String) -> Finding {
        let mut f = Finding::new(code, message);
        f.file = Some(self.file.to_string());
        f.source = self.source.clone();
        f.gazette = self.gazette.name.clone();
        f.year = self.year();
        f.issue = self.gazette.issues.first().copied();
        f
    }

    /// A finding about one of its documents (as `rules::doc_finding`).
    pub fn doc_finding(&self, d: &DocSummary, code: Code, message: String) -> Finding {
        let mut f = self.finding(code, message);
        f.document = Some(d.label());
        f.doc_id = Some(d.id.to_string());
        f.page = d.page;
        f.line = Some(d.line);
        f
    }
}
