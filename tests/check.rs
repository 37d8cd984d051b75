//! `gazette check` end to end: the real lvliang issue, archives built from copies of it,
//! the output formats and the exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;

const FIXTURE: &str = "fixtures/lvliang-2019-01.txt";
const EXPECTED: &str = "fixtures/lvliang-2019-01.expected.json";

fn gazette() -> Command {
    Command::cargo_bin("gazette").unwrap()
}

/// Runs `gazette check ARGS --format json`; returns the exit code and the findings.
fn check_json(args: &[&str]) -> (i32, Vec<Value>) {
    let out = gazette()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code().unwrap(), findings)
}

/// (code, document, attachment) of each finding.
fn summary(findings: &[Value]) -> Vec<(String, String, Option<String>)> {
    findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["document"].as_str().unwrap_or("").to_string(),
                f["attachment"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn converted_issue() -> Value {
    let out = gazette().args(["convert", FIXTURE]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The findings the hand-checked ground truth implies: a missing date or signature per
/// document that has none, a missing attachment for the second of 192号 (not printed).
fn findings_from_ground_truth() -> Vec<(String, String, Option<String>)> {
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    let mut want = Vec::new();
    for d in truth["documents"].as_array().unwrap() {
        let number = d["doc_number"].as_str().unwrap().to_string();
        if d["date"].is_null() {
            want.push(("missing-date".to_string(), number.clone(), None));
        }
        if d["issuers"].as_array().unwrap().is_empty() {
            want.push(("missing-issuer".to_string(), number.clone(), None));
        }
    }
    want.push((
        "missing-attachment".to_string(),
        "吕发改办发〔2019〕192号".to_string(),
        Some("“双公示”工作台账".to_string()),
    ));
    want.sort();
    want
}

#[test]
fn lvliang_issue_reports_exactly_the_known_gaps() {
    let want = vec![
        (
            "missing-attachment".to_string(),
            "吕发改办发〔2019〕192号".to_string(),
            Some("“双公示”工作台账".to_string()),
        ),
        ("missing-date".into(), "吕发改办发〔2019〕54号".into(), None),
        ("missing-date".into(), "吕政办发〔2019〕7号".into(), None),
        (
            "missing-issuer".into(),
            "吕发改办发〔2019〕54号".into(),
            None,
        ),
        ("missing-issuer".into(), "吕政办发〔2019〕7号".into(), None),
    ];
    assert_eq!(want, findings_from_ground_truth());

    // The text input converted on the fly …
    let (code, findings) = check_json(&[FIXTURE]);
    assert_eq!(summary(&findings), want, "{findings:#?}");
    assert_eq!(code, 1, "missing-attachment is an error");
    assert!(findings.iter().all(|f| f["file"] == FIXTURE));
    let att = &findings[0];
    assert_eq!(att["severity"], "error");
    assert_eq!(att["gazette"], "吕梁市人民政府公报");
    assert_eq!(att["year"], 2019);
    assert_eq!(att["issue"], 1);
    assert!(att["line"].as_u64().is_some());
    assert_eq!(findings[1]["severity"], "warning");

    // … and its converted JSON give the same findings (no TOC finding: all 13 match).
    let dir = tempfile::tempdir().unwrap();
    gazette()
        .args(["convert", FIXTURE, "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let (code, findings) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(summary(&findings), want);
    assert_eq!(code, 1);
}

#[test]
fn jsonl_input_gives_the_same_findings_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("archive.jsonl");
    gazette()
        .args(["convert", FIXTURE, "--jsonl"])
        .arg(&jsonl)
        .assert()
        .success();
    let (_, from_text) = check_json(&[FIXTURE]);
    let (_, from_jsonl) = check_json(&[jsonl.to_str().unwrap()]);
    assert_eq!(summary(&from_jsonl), summary(&from_text));
    // JSON Lines saved as .json (convert's stdout redirected) is read as JSON Lines.
    let renamed = dir.path().join("archive.json");
    std::fs::copy(&jsonl, &renamed).unwrap();
    let (_, from_renamed) = check_json(&[renamed.to_str().unwrap()]);
    assert_eq!(summary(&from_renamed), summary(&from_text));
    // Records in any order (documents before their issue record): check summarises each
    // document as it is read and checks the contents once the file is read.
    let text = std::fs::read_to_string(&jsonl).unwrap();
    let reversed: Vec<&str> = text.lines().rev().collect();
    assert!(reversed.len() > 2 && reversed.last().unwrap().contains(r#""record":"issue""#));
    let shuffled = dir.path().join("reversed.jsonl");
    std::fs::write(&shuffled, reversed.join("\n")).unwrap();
    let (_, from_reversed) = check_json(&[shuffled.to_str().unwrap()]);
    assert_eq!(summary(&from_reversed), summary(&from_text));
}

/// Copies of the converted fixture with gazette.issues edited, as 01.json, 02.json …
fn archive_with_issues(numbers: &[u32]) -> tempfile::TempDir {
    let issue = converted_issue();
    let dir = tempfile::tempdir().unwrap();
    for (k, n) in numbers.iter().enumerate() {
        let mut copy = issue.clone();
        copy["gazette"]["issues"] = Value::from(vec![*n]);
        let path = dir.path().join(format!("{:02}.json", k + 1));
        std::fs::write(path, serde_json::to_string_pretty(&copy).unwrap()).unwrap();
    }
    dir
}

fn archive_findings(findings: &[Value]) -> Vec<(String, u64)> {
    findings
        .iter()
        .filter(|f| f["file"].is_null())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["issue"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn archive_gaps_and_duplicates() {
    let dir = archive_with_issues(&[1, 2, 4, 2]);
    let (code, findings) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        archive_findings(&findings),
        vec![("duplicate-issue".into(), 2), ("missing-issue".into(), 3)]
    );
    assert_eq!(code, 1);
    let missing = findings
        .iter()
        .find(|f| f["code"] == "missing-issue")
        .unwrap();
    assert_eq!(missing["severity"], "error");
    assert_eq!(missing["gazette"], "吕梁市人民政府公报");
    assert_eq!(missing["year"], 2019);
    // The same 文号 with the same title in several issues is not a duplicate-doc-number.
    assert!(findings.iter().all(|f| f["code"] != "duplicate-doc-number"));
}

#[test]
fn expect_file_asks_for_a_full_year() {
    let dir = archive_with_issues(&[1, 2, 4, 2]);
    let expect = dir.path().join("expect.toml");
    std::fs::write(
        &expect,
        "[[gazette]]\nname = \"吕梁市人民政府公报\"\nyears = 2019\nissues = \"1-12\"\n",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let (_, findings) = check_json(&[folder, "--expect", expect.to_str().unwrap()]);
    let missing: Vec<u64> = archive_findings(&findings)
        .into_iter()
        .filter(|(c, _)| c == "missing-issue")
        .map(|(_, n)| n)
        .collect();
    assert_eq!(missing, vec![3, 5, 6, 7, 8, 9, 10, 11, 12]);

    // issues_per_year says the same; the [severity] table and flags change the outcome.
    std::fs::write(
        &expect,
        "[severity]\nmissing-issue = \"warning\"\nmissing-attachment = \"allow\"\n\n[[gazette]]\nissues_per_year = 12\n",
    )
    .unwrap();
    let (code, findings) = check_json(&[folder, "--expect", expect.to_str().unwrap()]);
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["code"] == "missing-issue" && f["severity"] == "warning")
            .count(),
        9
    );
    assert!(findings.iter().all(|f| f["code"] != "missing-attachment"));
    assert_eq!(code, 0, "no error-level finding left");
    let (code, _) = check_json(&[
        folder,
        "--expect",
        expect.to_str().unwrap(),
        "--deny",
        "duplicate-issue",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn output_formats() {
    let dir = archive_with_issues(&[1, 3]);
    let folder = dir.path().to_str().unwrap();
    let run = |format: &str| {
        let out = gazette()
            .args(["check", folder, "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("text");
    assert!(
        text.starts_with("(archive)\n  error    missing-issue: "),
        "{text}"
    );
    assert!(text.contains("2 files checked"), "{text}");
    assert!(text.contains("missing-issue (error)"), "{text}");

    let github = run("github");
    assert!(
        github
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{github}"
    );
    assert!(
        github.starts_with("::error title=missing-issue::"),
        "{github}"
    );

    let junit = run("junit");
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert!(junit.contains("<testcase name=\"missing-issue\" classname=\"(archive)\">"));
    assert!(junit.contains("<failure message=\"1 finding\" type=\"missing-issue\""));
    let cases = junit.matches("<testcase ").count();
    assert!(junit.contains(&format!(
        "<testsuite name=\"gazette check\" tests=\"{cases}\""
    )));
    assert!(
        junit.trim_end().ends_with("</testsuite>\n</testsuites>"),
        "{junit}"
    );

    // Deterministic: the same run twice gives the same bytes.
    assert_eq!(run("json"), run("json"));
}

#[test]
fn unreadable_inputs_are_findings_not_crashes() {
    let (code, findings) = check_json(&["fixtures/robust"]);
    assert_eq!(code, 1);
    // An owner password only restricts printing: that file reads (it is the lvliang issue).
    let bad: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["file"] != "fixtures/robust/encrypted_ownerpw_rc4.pdf")
        .map(|f| (f["file"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bad,
        vec![
            ("fixtures/robust/empty.pdf", "unreadable"),
            ("fixtures/robust/encrypted_userpw_aes256.pdf", "unreadable"),
            ("fixtures/robust/not_a_pdf.pdf", "unreadable"),
            ("fixtures/robust/scanned_image_only.pdf", "no-text-layer"),
            ("fixtures/robust/truncated_2k.pdf", "unreadable"),
            ("fixtures/robust/truncated_half.pdf", "unreadable"),
        ],
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["code"] == "unreadable" || f["code"] == "no-text-layer")
            .all(|f| f["severity"] == "error")
    );
}

#[test]
fn failure_log_is_read_and_hidden_paths_are_skipped() {
    let dir = archive_with_issues(&[1]);
    let meta = dir.path().join(".gazette");
    std::fs::create_dir(&meta).unwrap();
    std::fs::write(meta.join("manifest.json"), "not an issue").unwrap();
    std::fs::write(
        meta.join("failures.jsonl"),
        "{\"path\":\"2019/02.pdf\",\"reason\":\"no text layer on pages 1-8 (scanned? OCR needed)\",\"kind\":\"no-text-layer\"}\n",
    )
    .unwrap();
    // Other JSON beside the issues (a crawl index) is not gazette output: skipped.
    std::fs::write(dir.path().join("index.json"), "[{\"file\": \"01.txt\"}]").unwrap();
    let (code, findings) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let f: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "no-text-layer")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["file"], "2019/02.pdf");
    assert!(findings.iter().all(|f| f["code"] != "unreadable"));
}

#[test]
fn exit_2_when_the_check_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().to_str().unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec![empty.into()],
        vec!["no/such/folder".into()],
        vec![FIXTURE.into(), "--expect".into(), "no/such.toml".into()],
        vec![FIXTURE.into(), "--deny".into(), "no-such-code".into()],
        vec![FIXTURE.into(), "--format".into(), "xml".into()],
        vec![EXPECTED.replace(".json", ".toml")],
    ];
    for args in cases {
        gazette().arg("check").args(&args).assert().code(2);
    }
    // Only JSON that is not gazette output: nothing to check.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("index.json"), "{}").unwrap();
    gazette().arg("check").arg(other.path()).assert().code(2);
    // Gazette JSON that is broken or of another schema version is a finding.
    std::fs::write(other.path().join("a.json"), "{\"schema_version\": 2}").unwrap();
    std::fs::write(other.path().join("b.json"), "{\"schema_version\": 1, ").unwrap();
    let (code, findings) = check_json(&[other.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(summary(&findings).len(), 2);
    assert!(findings.iter().all(|f| f["code"] == "unreadable"));
    let bad = dir.path().join("expect.toml");
    std::fs::write(&bad, "[[gazette]]\nissues = \"12-1\"\n").unwrap();
    let out = gazette()
        .args(["check", FIXTURE, "--expect"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expect.toml"));
}

#[test]
fn a_clean_archive_exits_0() {
    let dir = archive_with_issues(&[1, 2]);
    let p: PathBuf = dir.path().into();
    let out = gazette()
        .arg("check")
        .arg(Path::new(&p))
        .args(["--allow", "missing-attachment"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Independent of the metadata parser: the converted issue with each document's fields
/// set from the hand-checked ground truth gives exactly the known findings.
#[test]
fn ground_truth_metadata_gives_exactly_the_known_findings() {
    use gazette::check::{CheckedIssue, SeverityPolicy, check_issues, finish};
    use gazette::model::{Attachment, DocNumber, DocNumberKind};

    let bytes = std::fs::read(FIXTURE).unwrap();
    let mut issue = gazette::pipeline::convert_bytes(Path::new(FIXTURE), FIXTURE, &bytes).unwrap();
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    let docs = truth["documents"].as_array().unwrap();
    assert_eq!(issue.documents.len(), docs.len());
    for (d, t) in issue.documents.iter_mut().zip(docs) {
        let text = t["doc_number"].as_str().unwrap();
        let (code, rest) = text.split_once('〔').unwrap();
        let (year, serial) = rest.split_once('〕').unwrap();
        d.doc_number = Some(DocNumber {
            text: text.into(),
            raw: text.into(),
            code: code.into(),
            year: year.parse().ok(),
            serial: serial.trim_end_matches('号').parse().ok(),
            kind: DocNumberKind::Standard,
        });
        let title = t["title"].as_str().unwrap();
        d.title = Some(title.into());
        d.doc_type = ["通知", "意见"]
            .into_iter()
            .find(|ty| title.ends_with(ty))
            .map(str::to_string);
        d.date = t["date"].as_str().map(str::to_string);
        d.issuers = t["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        d.attachments = t["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| Attachment {
                title: a.as_str().unwrap().into(),
                present: a != "“双公示”工作台账",
            })
            .collect();
    }
    let checked = [CheckedIssue {
        file: FIXTURE.into(),
        issue,
    }];
    let findings = finish(check_issues(&checked, None), &SeverityPolicy::default());
    let values: Vec<Value> = findings
        .iter()
        .map(|f| serde_json::to_value(f).unwrap())
        .collect();
    assert_eq!(
        summary(&values),
        findings_from_ground_truth(),
        "{values:#?}"
    );
}

#[test]
fn help_lists_every_code() {
    let out = gazette().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for code in gazette::check::Code::ALL {
        assert!(help.contains(code.as_str()), "{code} not in --help");
    }
}

#[test]
fn finding_schema_is_generated() {
    let schema = serde_json::to_value(schemars::schema_for!(gazette::check::Finding)).unwrap();
    let props = schema["properties"].as_object().unwrap();
    let fields: Vec<&str> = props.keys().map(String::as_str).collect();
    for f in [
        "code",
        "severity",
        "file",
        "document",
        "doc_id",
        "gazette",
        "year",
        "issue",
        "attachment",
        "page",
        "line",
        "message",
    ] {
        assert!(fields.contains(&f), "{f}");
    }
}

/// PDF issues checked directly: the same gaps as the text edition, page numbers known,
/// and no TOC finding (every document starts on the page its contents entry names).
#[test]
fn pdf_issues_report_the_same_gaps() {
    for pdf in [
        "fixtures/pdf/gazette_single.pdf",
        "fixtures/pdf/gazette_two.pdf",
        "fixtures/pdf/gazette_lo.pdf",
    ] {
        let (code, findings) = check_json(&[pdf]);
        assert_eq!(code, 1, "{pdf}");
        assert_eq!(summary(&findings), findings_from_ground_truth(), "{pdf}");
        assert!(
            findings.iter().all(|f| f["page"].as_u64().is_some()),
            "{pdf}"
        );
    }
}

/// Real material of every shape (single documents, a decree, a telegram series, a plan
/// with its own contents) is checked without crashing and with a well-formed report.
#[test]
fn real_texts_check_cleanly() {
    let Some(dir) = common::real("text") else {
        return;
    };
    let out = gazette()
        .arg("check")
        .arg(dir)
        .args(["--format", "junit"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.ends_with("</testsuites>\n"));
    // The fixtures' .expected.json files are not gazette output: skipped, with a note.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().all(|l| l.ends_with("; skipped")), "{stderr}");
}

/// `gazette convert -o DIR` records failed inputs in DIR/.gazette/failures.jsonl; check
/// reports each of them (by the path given to convert), beside the findings of the issues
/// converted.
#[test]
fn convert_then_check_reports_failed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    gazette()
        .args(["convert", "fixtures/robust", "-o"])
        .arg(dir.path())
        .assert()
        .code(2);
    let (code, findings) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let failed: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("failures.jsonl"))
        .map(|f| (f["file"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        failed,
        vec![
            ("fixtures/robust/empty.pdf", "unreadable"),
            ("fixtures/robust/encrypted_userpw_aes256.pdf", "unreadable"),
            ("fixtures/robust/not_a_pdf.pdf", "unreadable"),
            ("fixtures/robust/scanned_image_only.pdf", "no-text-layer"),
            ("fixtures/robust/truncated_2k.pdf", "unreadable"),
            ("fixtures/robust/truncated_half.pdf", "unreadable"),
        ]
    );
    // The readable one (owner password only) was converted and checked.
    assert!(findings.iter().any(|f| f["code"] == "missing-attachment"));
}
