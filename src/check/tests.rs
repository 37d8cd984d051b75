//! Checks on hand-built issues: every code, without depending on the parser's output.

use super::*;
use crate::model::*;

fn number(text: &str, year: Option<i32>, serial: Option<u32>) -> DocNumber {
    DocNumber {
        text: text.into(),
        raw: text.into(),
        code: text.split('〔').next().unwrap_or_default().into(),
        year,
        serial,
        kind: DocNumberKind::Standard,
    }
}

fn doc(index: u32, title: &str, num: Option<&str>) -> Document {
    let year = num.and_then(|n| n.split('〔').nth(1)?.get(..4)?.parse().ok());
    let serial = num.and_then(|n| n.split('〕').nth(1)?.trim_end_matches('号').parse().ok());
    Document {
        id: format!("abcd#{index}"),
        index,
        section: Some("市政府文件".into()),
        toc_title: Some(title.into()),
        toc_page: Some(index + 1),
        title: Some(title.into()),
        title_raw: Some(title.into()),
        doc_type: Some("通知".into()),
        doc_type_raw: Some("通知".into()),
        wrapper: None,
        doc_number: num.map(|n| number(n, year, serial)),
        addressees: None,
        issuers: vec!["吕梁市人民政府".into()],
        signer: None,
        date: Some("2019-04-07".into()),
        date_raw: None,
        notes: vec![],
        publication: None,
        attachments: vec![],
        references: vec![],
        title_references: vec![],
        effective: None,
        valid_until: None,
        pages: None,
        lines: LineSpan {
            start: 10 * index + 1,
            end: 10 * index + 9,
        },
        body: String::new(),
        provenance: Default::default(),
        warnings: vec![],
    }
}

fn issue(numbers: &[u32], docs: Vec<Document>) -> Issue {
    let contents = docs
        .iter()
        .map(|d| ContentsEntry {
            section: d.section.clone(),
            title: d.title.clone().unwrap(),
            toc_page: d.toc_page,
            document_id: Some(d.id.clone()),
        })
        .collect();
    Issue {
        schema_version: 1,
        generator: "test".into(),
        source: Source {
            path: "x.txt".into(),
            blake3: "abcd".into(),
            format: SourceFormat::Text,
            encoding: Some("utf-8".into()),
            page_count: None,
            page_labels: vec![],
            extractor: "text".into(),
            metadata: None,
            ocr: None,
        },
        gazette: Gazette {
            name: Some("吕梁市人民政府公报".into()),
            publisher: None,
            year: Some(2019),
            issues: numbers.to_vec(),
            issue_total: None,
            kind: None,
            label: None,
            published: Some("2019-07-01".into()),
        },
        contents,
        documents: docs,
        warnings: vec![],
    }
}

fn checked(file: &str, issue: Issue) -> CheckedIssue {
    CheckedIssue {
        file: file.into(),
        issue,
    }
}

fn codes(findings: &[Finding]) -> Vec<(String, Option<String>)> {
    finish(findings.to_vec(), &SeverityPolicy::default())
        .iter()
        .map(|f| (f.code.to_string(), f.document.clone()))
        .collect()
}

fn run(issues: &[CheckedIssue], expect: Option<&Expect>) -> Vec<Finding> {
    finish(check_issues(issues, expect), &SeverityPolicy::default())
}

fn good_issue(numbers: &[u32]) -> Issue {
    issue(
        numbers,
        vec![
            doc(
                0,
                "关于做好2019年安全生产工作的通知",
                Some("吕政发〔2019〕2号"),
            ),
            doc(
                1,
                "关于印发土地综合执法月专项行动实施方案的通知",
                Some("吕政办发〔2019〕1号"),
            ),
        ],
    )
}

#[test]
fn a_complete_issue_has_no_findings() {
    assert_eq!(run(&[checked("a.json", good_issue(&[1]))], None), vec![]);
}

#[test]
fn document_findings_like_the_lvliang_issue() {
    let mut i = good_issue(&[1]);
    i.documents[0].date = None;
    i.documents[0].issuers.clear();
    i.documents[1].attachments = vec![
        Attachment {
            title: "“双公示”信息填报说明".into(),
            present: true,
        },
        Attachment {
            title: "“双公示”工作台账".into(),
            present: false,
        },
    ];
    let f = run(&[checked("a.json", i)], None);
    assert_eq!(
        codes(&f),
        vec![
            (
                "missing-attachment".into(),
                Some("吕政办发〔2019〕1号".into())
            ),
            ("missing-date".into(), Some("吕政发〔2019〕2号".into())),
            ("missing-issuer".into(), Some("吕政发〔2019〕2号".into())),
        ]
    );
    assert_eq!(f[0].attachment.as_deref(), Some("“双公示”工作台账"));
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[1].severity, Severity::Warning);
    assert_eq!(f[1].line, Some(1));
    assert_eq!(f[1].issue, Some(1));
    assert_eq!(f[1].year, Some(2019));
}

#[test]
fn toc_findings_and_title_fallback() {
    let mut i = good_issue(&[1]);
    // An entry without a link whose document is present under a variant title: fine.
    i.contents[1].document_id = None;
    i.documents[1].toc_title = None;
    i.documents[1].title =
        Some("吕梁市人民政府办公室关于印发土地综合执法月专项行动实施方案的通知".into());
    assert_eq!(run(&[checked("a.json", i.clone())], None), vec![]);

    // A document that no entry names, and an entry with no document.
    i.documents[1].title = Some("关于开展春季植树造林的通知".into());
    let f = run(&[checked("a.json", i)], None);
    assert_eq!(
        codes(&f),
        vec![
            (
                "document-not-in-toc".into(),
                Some("吕政办发〔2019〕1号".into())
            ),
            (
                "toc-entry-without-document".into(),
                Some("关于印发土地综合执法月专项行动实施方案的通知".into())
            ),
        ]
    );
}

#[test]
fn toc_page_mismatch_only_for_pdf() {
    let mut i = good_issue(&[1]);
    i.documents[0].pages = Some(PageSpan {
        start: 3,
        end: 5,
        printed_start: Some(7),
        printed_end: Some(9),
    });
    assert_eq!(run(&[checked("a.json", i.clone())], None), vec![]);
    i.source.format = SourceFormat::Pdf;
    let f = run(&[checked("a.json", i)], None);
    assert_eq!(
        codes(&f),
        vec![("toc-page-mismatch".into(), Some("吕政发〔2019〕2号".into()))]
    );
    assert_eq!(f[0].page, Some(3));
}

#[test]
fn doc_number_findings() {
    let mut i = good_issue(&[1]);
    let mut missing = doc(2, "关于加强冬季防火工作的通知", None);
    missing.toc_title = None;
    let mut article = doc(3, "《吕梁市残疾儿童康复救助制度实施办法》解读", None);
    article.section = Some("政策解读".into());
    article.doc_type = None;
    article.date = None;
    article.issuers.clear();
    let mut placeholder = doc(4, "关于开展信用信息归集的通知", None);
    placeholder.doc_number = Some(number("发改财金〔2015〕XXX号", Some(2015), None));
    placeholder.date = Some("2015-06-01".into());
    let mut future = doc(5, "关于加强秋季防火工作的通知", Some("吕政发〔2021〕9号"));
    future.date = Some("2021-03-01".into());
    let mut mismatch = doc(6, "关于加强夏季防汛工作的通知", Some("吕政发〔2018〕30号"));
    mismatch.date = Some("2019-01-04".into());
    i.documents
        .extend([missing, article, placeholder, future, mismatch]);
    i.contents.clear();
    let f = run(&[checked("a.json", i)], None);
    let got = codes(&f);
    assert_eq!(
        got,
        vec![
            ("date-after-issue".into(), Some("吕政发〔2021〕9号".into())),
            (
                "malformed-doc-number".into(),
                Some("发改财金〔2015〕XXX号".into())
            ),
            (
                "malformed-doc-number".into(),
                Some("吕政发〔2021〕9号".into())
            ),
            (
                "missing-doc-number".into(),
                Some("关于加强冬季防火工作的通知".into())
            ),
            (
                "number-year-mismatch".into(),
                Some("吕政发〔2018〕30号".into())
            ),
        ]
    );
}

#[test]
fn duplicate_doc_number_with_different_titles() {
    let a = good_issue(&[1]);
    let mut b = good_issue(&[2]);
    b.documents[1].title = Some("关于开展春季植树造林的通知".into());
    b.documents[1].toc_title = b.documents[1].title.clone();
    b.contents[1].title = "关于开展春季植树造林的通知".into();
    let f = run(&[checked("a.json", a), checked("b.json", b)], None);
    assert_eq!(
        codes(&f),
        vec![(
            "duplicate-doc-number".into(),
            Some("吕政办发〔2019〕1号".into())
        )]
    );
    assert_eq!(f[0].file.as_deref(), Some("b.json"));
}

fn archive(numbers: &[&[u32]]) -> Vec<CheckedIssue> {
    numbers
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let mut i = issue(n, vec![]);
            i.contents.clear();
            i.gazette.published = Some(format!("2019-{:02}-01", n[0].min(12)));
            checked(&format!("{k:02}.json"), i)
        })
        .collect()
}

fn issue_findings(f: &[Finding]) -> Vec<(String, Option<u32>)> {
    f.iter().map(|f| (f.code.to_string(), f.issue)).collect()
}

#[test]
fn gaps_and_duplicates_in_issue_numbers() {
    let f = run(&archive(&[&[1], &[2], &[4], &[2]]), None);
    assert_eq!(
        issue_findings(&f),
        vec![
            ("duplicate-issue".into(), Some(2)),
            ("missing-issue".into(), Some(3)),
        ]
    );
    assert!(f.iter().all(|f| f.file.is_none()));
    // A combined issue counts for both numbers.
    assert_eq!(run(&archive(&[&[1], &[2, 3], &[4]]), None), vec![]);
    // A supplement has its own numbering.
    let mut issues = archive(&[&[1], &[2], &[1]]);
    issues[2].issue.gazette.kind = Some(IssueKind::Supplement);
    assert_eq!(run(&issues, None), vec![]);
}

#[test]
fn expect_file_declares_the_complete_run() {
    let e =
        Expect::parse("[[gazette]]\nname = \"吕梁市人民政府公报\"\nissues = \"1-12\"\n").unwrap();
    let f = run(&archive(&[&[1], &[2], &[4]]), Some(&e));
    let missing: Vec<u32> = f
        .iter()
        .filter(|f| f.code == Code::MissingIssue)
        .filter_map(|f| f.issue)
        .collect();
    assert_eq!(missing, vec![3, 5, 6, 7, 8, 9, 10, 11, 12]);

    // Years listed but absent are wholly missing; so is a gazette not in the archive.
    let e = Expect::parse("[[gazette]]\nname = \"吕梁市人民政府公报\"\nyears = [2019, 2020]\nissues_per_year = 2\n[[gazette]]\nname = \"山西政报\"\nyears = 2019\nissues = [1]\n").unwrap();
    let f = run(&archive(&[&[1], &[2]]), Some(&e));
    let got: Vec<(Option<String>, Option<i32>, Option<u32>)> = f
        .iter()
        .map(|f| (f.gazette.clone(), f.year, f.issue))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("吕梁市人民政府公报".into()), Some(2020), Some(1)),
            (Some("吕梁市人民政府公报".into()), Some(2020), Some(2)),
            (Some("山西政报".into()), Some(2019), Some(1)),
        ]
    );
}

#[test]
fn a_listed_year_without_issue_numbers_must_not_be_empty() {
    let e = Expect::parse("[[gazette]]\nyears = [2019, 2020]\n").unwrap();
    let f = run(&archive(&[&[1], &[2]]), Some(&e));
    let got: Vec<(Code, Option<i32>, Option<u32>)> =
        f.iter().map(|f| (f.code, f.year, f.issue)).collect();
    assert_eq!(got, vec![(Code::MissingIssue, Some(2020), None)]);
    // The same for a named gazette that is not in the archive at all.
    let e = Expect::parse("[[gazette]]\nname = \"山西政报\"\nyears = 2019\n").unwrap();
    let f = run(&archive(&[&[1], &[2]]), Some(&e));
    let got: Vec<(Option<&str>, Option<i32>, Option<u32>)> = f
        .iter()
        .map(|f| (f.gazette.as_deref(), f.year, f.issue))
        .collect();
    assert_eq!(got, vec![(Some("山西政报"), Some(2019), None)]);
}

#[test]
fn totals_reveal_issues_missing_at_a_year_boundary() {
    let mut issues = archive(&[&[1], &[2], &[1]]);
    issues[0].issue.gazette.issue_total = Some(100);
    issues[1].issue.gazette.issue_total = Some(101);
    issues[2].issue.gazette.year = Some(2020);
    issues[2].issue.gazette.published = Some("2020-01-01".into());
    issues[2].issue.gazette.issue_total = Some(104);
    let f = run(&issues, None);
    let got: Vec<(Option<i32>, Option<u32>)> = f.iter().map(|f| (f.year, f.issue)).collect();
    assert_eq!(got, vec![(Some(2019), Some(3)), (Some(2019), Some(4))]);
    assert!(f.iter().all(|f| f.code == Code::MissingIssue));
}

#[test]
fn issue_dates_must_not_go_backwards() {
    let mut issues = archive(&[&[1], &[2], &[3]]);
    issues[2].issue.gazette.published = Some("2019-01-15".into());
    let f = run(&issues, None);
    assert_eq!(
        issue_findings(&f),
        vec![("issue-date-order".into(), Some(3))]
    );
    assert_eq!(f[0].file.as_deref(), Some("02.json"));
}

#[test]
fn severity_flags_change_the_outcome() {
    let mut i = good_issue(&[1]);
    i.documents[0].date = None;
    let all = check_issues(&[checked("a.json", i)], None);
    let mut p = SeverityPolicy::default();
    assert_eq!(finish(all.clone(), &p)[0].severity, Severity::Warning);
    p.set(Code::MissingDate, Level::Error);
    assert_eq!(finish(all.clone(), &p)[0].severity, Severity::Error);
    p.set(Code::MissingDate, Level::Allow);
    assert!(finish(all, &p).is_empty());
}

#[test]
fn reports_render_deterministically() {
    let mut i = good_issue(&[]);
    i.documents[1].attachments = vec![Attachment {
        title: "A&B <表>".into(),
        present: false,
    }];
    let mut issues = archive(&[&[1], &[3]]);
    issues.push(checked("a.json", i));
    let f = run(&issues, None);
    let files = vec!["00.json".to_string(), "01.json".into(), "a.json".into()];
    let text = report::text(&f, 3);
    assert!(
        text.starts_with("(archive)\n  error    missing-issue: "),
        "{text}"
    );
    assert!(
        text.contains("\na.json\n  error    missing-attachment: "),
        "{text}"
    );
    assert!(
        text.contains("3 files checked: 2 errors, 0 warnings"),
        "{text}"
    );
    let json = report::json(&f);
    assert_eq!(json.lines().count(), 2);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "missing-issue");
    assert_eq!(first["file"], serde_json::Value::Null);
    let xml = report::junit(&f, &files, &Code::ALL);
    assert!(xml.contains("A&amp;B &lt;表&gt;"), "{xml}");
    assert!(xml.contains("<testcase name=\"missing-attachment\" classname=\"a.json\">"));
    assert!(xml.contains("<testcase name=\"missing-date\" classname=\"00.json\"/>"));
    let gh = report::github(&f);
    assert!(gh.starts_with("::error title=missing-issue::"), "{gh}");
    // On the input (source.path x.txt, so with its line), not the JSON built from it.
    assert!(
        gh.contains("::error file=x.txt,line=11,title=missing-attachment::"),
        "{gh}"
    );
}

#[test]
fn a_document_read_with_low_ocr_confidence_is_reported() {
    let mut i = good_issue(&[1]);
    let mut w = Warning::new(
        "ocr-low-confidence",
        "mean OCR confidence 55 on pages 3–4 is below 70: check this document's fields",
    );
    w.page = Some(3);
    i.documents[1].warnings.push(w);
    let f = run(&[checked("a.json", i)], None);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, Code::OcrLowConfidence);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].document.as_deref(), Some("吕政办发〔2019〕1号"));
    assert!(f[0].message.contains("confidence 55"), "{}", f[0].message);
}

/// A reference to `text` with `relation`, as `find_references` gives it.
fn cited(text: &str, relation: Relation) -> Reference {
    let d = number(text, None, None);
    Reference {
        text: d.text,
        code: d.code,
        year: d.year,
        serial: d.serial,
        kind: d.kind,
        title: None,
        relation,
    }
}

fn dated(date: &str) -> Option<DatedClause> {
    Some(DatedClause {
        date: Some(date.into()),
        raw: date.into(),
    })
}

/// (code, severity, document) of the in-force findings only.
fn in_force_findings(issues: &[CheckedIssue]) -> Vec<(String, &'static str, String)> {
    run(issues, None)
        .into_iter()
        .filter(|f| {
            matches!(
                f.code,
                Code::CitesRepealed | Code::ExpiredButCited | Code::RelationUnresolved
            )
        })
        .map(|f| (f.code.to_string(), f.severity.as_str(), f.document.unwrap()))
        .collect()
}

/// Three documents of 2019: A (basis, valid until 03-31), R (repeals A from its
/// `effective`), C (rests on A, dated `c_date`).
fn basis_archive(r_effective: Option<&str>, c_date: &str) -> Vec<CheckedIssue> {
    let mut a = doc(0, "关于印发甲办法的通知", Some("吕政发〔2019〕1号"));
    a.date = Some("2019-01-02".into());
    a.valid_until = dated("2019-03-31");
    let mut r = doc(1, "关于印发乙办法的通知", Some("吕政发〔2019〕2号"));
    r.date = Some("2019-02-01".into());
    r.effective = r_effective.and_then(dated);
    // Cited with round brackets: matched on the normal form all the same.
    r.references = vec![cited("吕政发(2019)1号", Relation::Repeals)];
    let mut c = doc(2, "关于做好丙工作的通知", Some("吕政发〔2019〕3号"));
    c.date = Some(c_date.into());
    c.references = vec![cited("吕政发〔2019〕1号", Relation::BasedOn)];
    vec![checked("a.json", issue(&[1], vec![a, r, c]))]
}

#[test]
fn a_basis_repealed_before_the_citing_document_was_written() {
    let warn = |code: &str, d: &str| (code.to_string(), "warning", d.to_string());
    // Repealed from 02-01 (R's date, no 施行 clause); C written on 02-02.
    assert_eq!(
        in_force_findings(&basis_archive(None, "2019-02-02")),
        vec![warn("cites-repealed", "吕政发〔2019〕3号")]
    );
    // Written the day the repeal applies: not before it, no finding.
    assert_eq!(
        in_force_findings(&basis_archive(None, "2019-02-01")),
        vec![]
    );
    // The repeal applies from R's 施行日期 (03-01), not its 成文日期.
    assert_eq!(
        in_force_findings(&basis_archive(Some("2019-03-01"), "2019-02-02")),
        vec![]
    );
    // After that it is repealed (the stronger finding; expiry is not reported twice) …
    assert_eq!(
        in_force_findings(&basis_archive(Some("2019-03-01"), "2019-04-02")),
        vec![warn("cites-repealed", "吕政发〔2019〕3号")]
    );
    // … and without the repeal it has expired on 03-31 (valid on that day itself).
    let mut issues = basis_archive(None, "2019-04-01");
    issues[0].issue.documents[1].references.clear();
    assert_eq!(
        in_force_findings(&issues),
        vec![warn("expired-but-cited", "吕政发〔2019〕3号")]
    );
    issues[0].issue.documents[2].date = Some("2019-03-31".into());
    assert_eq!(in_force_findings(&issues), vec![]);
    // A mere citation (not a basis) of a repealed document is no finding.
    let mut issues = basis_archive(None, "2019-04-02");
    issues[0].issue.documents[2].references[0].relation = Relation::Cites;
    assert_eq!(in_force_findings(&issues), vec![]);
}

#[test]
fn repeals_and_amendments_outside_the_archive_are_info() {
    let mut i = good_issue(&[1]);
    i.documents[0].references = vec![
        cited("吕政发〔2015〕3号", Relation::Repeals),
        cited("吕政办发〔2016〕9号", Relation::Amends),
        // Bases and citations outside the archive are the normal case: nothing.
        cited("国发〔2018〕20号", Relation::BasedOn),
        cited("晋政发〔2018〕43号", Relation::Cites),
        // In the archive: resolved.
        cited("吕政办发〔2019〕1号", Relation::Amends),
    ];
    let issues = [checked("a.json", i)];
    let info = |d: &str| ("relation-unresolved".to_string(), "info", d.to_string());
    assert_eq!(
        in_force_findings(&issues),
        vec![info("吕政发〔2019〕2号"), info("吕政发〔2019〕2号")]
    );
    // Info is reported, never fails the check, and shows in every report format.
    let f = run(&issues, None);
    assert!(f.iter().all(|f| f.severity == Severity::Info), "{f:?}");
    assert!(f[0].message.contains("which is not in the archive"));
    let text = report::text(&f, 1);
    assert!(
        text.contains("1 file checked: 0 errors, 0 warnings, 2 info\n"),
        "{text}"
    );
    assert!(text.contains("  info     relation-unresolved: "), "{text}");
    assert!(report::github(&f).starts_with("::notice file=x.txt"));
    let xml = report::junit(&f, &["a.json".into()], &Code::ALL);
    assert!(xml.contains("failures=\"0\""), "{xml}");
    assert!(xml.contains("<system-out>info: "), "{xml}");
    // Made a warning by policy.
    let mut p = SeverityPolicy::default();
    p.set(Code::RelationUnresolved, "warning".parse().unwrap());
    assert_eq!(
        finish(f, &p)[0].severity,
        Severity::Warning,
        "--warn relation-unresolved"
    );
}
