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
        effective: None,
        valid_until: None,
        pages: None,
        lines: LineSpan {
            start: 10 * index + 1,
            end: 10 * index + 9,
        },
        body: String::new(),
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
    assert!(xml.contains("<testcase classname=\"a.json\" name=\"missing-attachment\">"));
    assert!(xml.contains("<testcase classname=\"00.json\" name=\"missing-date\"/>"));
    let gh = report::github(&f);
    assert!(gh.starts_with("::error title=missing-issue::"), "{gh}");
    assert!(
        gh.contains("::error file=a.json,title=missing-attachment::"),
        "{gh}"
    );
}
