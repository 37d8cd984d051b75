//! Checks within one issue: the table of contents against the documents, and each
//! document's own completeness (文号, 成文日期, 署名, 附件) — GONGWEN.md, "What a complete
//! archive means", points 2–4.

use std::collections::BTreeSet;

use super::finding::{Code, Finding};
use super::load::CheckedIssue;
use crate::gongwen::title_key::titles_match;
use crate::model::{DocNumberKind, Document, Gazette, Issue};

/// The 15 statutory 文种; a title ending in one of them is a 公文 that has a 文号.
const DOC_TYPES: [&str; 15] = [
    "决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
    "批复", "议案", "函",
];

/// Sections whose items carry no 文号 (articles, lists, chronicles).
const EXEMPT_SECTIONS: [&str; 6] = ["解读", "任免", "大事记", "人事", "图片", "新闻"];

/// The issue's year: the gazette's, or the year it was published.
pub fn issue_year(issue: &Issue) -> Option<i32> {
    gazette_year(&issue.gazette)
}

pub fn gazette_year(gazette: &Gazette) -> Option<i32> {
    gazette.year.or_else(|| {
        gazette
            .published
            .as_deref()
            .and_then(|d| d.get(..4)?.parse().ok())
    })
}

/// A finding about this issue (file, gazette, year, issue number filled in).
pub fn issue_finding(ci: &CheckedIssue, code: Code, message: String) -> Finding {
    finding_in(&ci.file, &ci.issue, code, message)
}

/// `issue_finding` for an issue not (yet) wrapped in a `CheckedIssue`.
fn finding_in(file: &str, issue: &Issue, code: Code, message: String) -> Finding {
    let mut f = Finding::new(code, message);
    f.file = Some(file.to_string());
    let source = &issue.source.path;
    if !source.is_empty() && source != crate::input::STDIN_LABEL {
        f.source = Some(source.clone());
    }
    f.gazette = issue.gazette.name.clone();
    f.year = issue_year(issue);
    f.issue = issue.gazette.issues.first().copied();
    f
}

/// `“s”`, or `「s」` when s holds quotes itself (`“双公示”工作台账`).
pub fn quoted(s: &str) -> String {
    if s.contains(['“', '”']) {
        format!("「{s}」")
    } else {
        format!("“{s}”")
    }
}

/// How a document is named in findings: its 文号, else its title.
pub fn document_label(d: &Document) -> String {
    label_of(
        d.doc_number.as_ref().map(|n| n.text.as_str()),
        d.title.as_deref(),
        d.toc_title.as_deref(),
        d.index,
    )
}

pub fn label_of(
    number: Option<&str>,
    title: Option<&str>,
    toc: Option<&str>,
    index: u32,
) -> String {
    number
        .or(title)
        .or(toc)
        .map(str::to_string)
        .unwrap_or_else(|| format!("document #{index}"))
}

pub fn doc_finding(ci: &CheckedIssue, d: &Document, code: Code, message: String) -> Finding {
    doc_finding_in(&ci.file, &ci.issue, d, code, message)
}

fn doc_finding_in(file: &str, issue: &Issue, d: &Document, code: Code, message: String) -> Finding {
    let mut f = finding_in(file, issue, code, message);
    f.document = Some(document_label(d));
    f.doc_id = Some(d.id.clone());
    f.page = d.pages.as_ref().map(|p| p.start);
    f.line = Some(d.lines.start);
    f
}

/// Every per-issue and per-document check.
pub fn check_issue(ci: &CheckedIssue) -> Vec<Finding> {
    let mut out = check_toc(ci);
    for d in &ci.issue.documents {
        out.extend(check_document(ci, d));
    }
    out
}

/// TOC ↔ documents. An entry is matched by its `document_id`; failing that (older
/// output, or a link the segmenter missed) by a tolerant title match against a document
/// no entry claims, so a present document is never reported missing.
pub fn check_toc(ci: &CheckedIssue) -> Vec<Finding> {
    let issue = &ci.issue;
    let mut out = Vec::new();
    if issue.contents.is_empty() {
        return out;
    }
    let ids: BTreeSet<&str> = issue.documents.iter().map(|d| d.id.as_str()).collect();
    let mut claimed: BTreeSet<&str> = issue
        .contents
        .iter()
        .filter_map(|e| e.document_id.as_deref())
        .filter(|id| ids.contains(id))
        .collect();
    for entry in &issue.contents {
        if entry
            .document_id
            .as_deref()
            .is_some_and(|id| ids.contains(id))
        {
            continue;
        }
        let by_title = issue.documents.iter().find(|d| {
            !claimed.contains(d.id.as_str())
                && d.toc_title.is_none()
                && d.title
                    .as_deref()
                    .is_some_and(|t| titles_match(&entry.title, t))
        });
        if let Some(d) = by_title {
            claimed.insert(d.id.as_str());
            continue;
        }
        let page = entry
            .toc_page
            .map(|p| format!(" (page {p})"))
            .unwrap_or_default();
        let mut f = issue_finding(
            ci,
            Code::TocEntryWithoutDocument,
            format!(
                "contents entry {}{page} has no document in the issue",
                quoted(&entry.title)
            ),
        );
        f.document = Some(entry.title.clone());
        f.doc_id = entry.document_id.clone();
        out.push(f);
    }
    for d in &issue.documents {
        if d.toc_title.is_none() && !claimed.contains(d.id.as_str()) {
            out.push(doc_finding(
                ci,
                d,
                Code::DocumentNotInToc,
                format!(
                    "{} is not listed in the issue's table of contents",
                    document_label(d)
                ),
            ));
        }
    }
    if issue.source.format.is_fixed_layout() {
        for d in &issue.documents {
            let printed = d.pages.as_ref().and_then(|p| p.printed_start);
            if let (Some(toc), Some(printed)) = (d.toc_page, printed)
                && toc != printed
            {
                out.push(doc_finding(
                    ci,
                    d,
                    Code::TocPageMismatch,
                    format!(
                        "{} starts on printed page {printed}, the contents say page {toc}",
                        document_label(d)
                    ),
                ));
            }
        }
    }
    out
}

/// A 公文 (has a statutory 文种 and is not in a section of articles or lists): it should
/// have a 文号, a 署名 and a 成文日期.
pub fn is_official_document(d: &Document) -> bool {
    if d.doc_number.is_some() {
        return true;
    }
    let exempt = d
        .section
        .as_deref()
        .is_some_and(|s| EXEMPT_SECTIONS.iter().any(|x| s.contains(x)));
    if exempt {
        return false;
    }
    let title_says = d.title.as_deref().is_some_and(|t| {
        let t = t.trim_end_matches(['）', ')', '》']);
        DOC_TYPES.iter().any(|ty| t.ends_with(ty))
    });
    d.doc_type.is_some() || title_says
}

pub fn check_document(ci: &CheckedIssue, d: &Document) -> Vec<Finding> {
    check_document_in(&ci.file, &ci.issue, d)
}

/// The checks of one document, given the file and the issue it belongs to.
pub fn check_document_in(file: &str, issue: &Issue, d: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    let label = document_label(d);
    let official = is_official_document(d);
    let published = issue.gazette.published.as_deref();
    let ref_year = issue_year(issue);

    match &d.doc_number {
        None if official => out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::MissingDocNumber,
            format!(
                "{label}: no 文号 found for a {}",
                d.doc_type.as_deref().unwrap_or("公文")
            ),
        )),
        None => {}
        Some(n) => {
            let mut problems = Vec::new();
            if n.serial.is_none() {
                problems.push("no serial number".to_string());
            }
            if n.kind == DocNumberKind::Standard && n.year.is_none() {
                problems.push("no year".to_string());
            }
            if let Some(y) = n.year {
                let latest = ref_year.unwrap_or(9999);
                if !(1949..=latest).contains(&y) {
                    problems.push(format!("year {y} out of range 1949–{latest}"));
                }
            }
            if !problems.is_empty() {
                out.push(doc_finding_in(
                    file,
                    issue,
                    d,
                    Code::MalformedDocNumber,
                    format!(
                        "{label}: malformed 文号 {}: {}",
                        quoted(&n.raw),
                        problems.join(", ")
                    ),
                ));
            }
        }
    }

    if official && d.date.is_none() {
        out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::MissingDate,
            format!("{label}: no 成文日期 (date under the signature)"),
        ));
    }
    if official && d.issuers.is_empty() {
        out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::MissingIssuer,
            format!("{label}: no 发文机关署名 (signature)"),
        ));
    }
    if let (Some(date), Some(published)) = (d.date.as_deref(), published)
        && date > published
    {
        out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::DateAfterIssue,
            format!("{label}: dated {date}, after the issue's publication on {published}"),
        ));
    }
    let date_year: Option<i32> = d.date.as_deref().and_then(|s| s.get(..4)?.parse().ok());
    if let (Some(n), Some(dy)) = (&d.doc_number, date_year)
        && let Some(ny) = n.year
        && ny != dy
    {
        out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::NumberYearMismatch,
            format!("{label}: 文号 year {ny} differs from the date's year {dy}"),
        ));
    }
    for a in d.attachments.iter().filter(|a| !a.present) {
        let mut f = doc_finding_in(
            file,
            issue,
            d,
            Code::MissingAttachment,
            format!(
                "{label}: attachment {} is listed in the 附件说明 but not printed",
                quoted(&a.title)
            ),
        );
        f.attachment = Some(a.title.clone());
        out.push(f);
    }
    // `--ocr` marks documents on pages read with low confidence (extract::ocr::review).
    if let Some(w) = d.warnings.iter().find(|w| w.code == "ocr-low-confidence") {
        out.push(doc_finding_in(
            file,
            issue,
            d,
            Code::OcrLowConfidence,
            format!("{label}: {}", w.message),
        ));
    }
    out
}
