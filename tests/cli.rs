//! The binary as a user meets it: outputs, errors and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

fn gazette() -> Command {
    Command::cargo_bin("gazette").unwrap()
}

/// Runs gazette with `args`, asserts success, returns stdout.
fn stdout_of(args: &[&str]) -> Vec<u8> {
    gazette()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

const SAMPLE: &str = "fixtures/lvliang-2019-01.txt";

#[test]
fn convert_prints_one_issue_as_json() {
    let out = stdout_of(&["convert", SAMPLE]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["documents"].as_array().unwrap().len(), 13);
    assert_eq!(v["source"]["encoding"], "utf-8");
    assert_eq!(v["source"]["format"], "text");
}

#[test]
fn convert_to_folder_keeps_extension_in_name() {
    let dir = tempfile::tempdir().unwrap();
    gazette()
        .args([
            "convert",
            SAMPLE,
            "fixtures/layouts/decree-issuer-line.txt",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout("");
    assert!(dir.path().join("lvliang-2019-01.txt.json").is_file());
    assert!(dir.path().join("decree-issuer-line.txt.json").is_file());
}

#[test]
fn several_inputs_to_stdout_are_json_lines() {
    let out = stdout_of(&[
        "convert",
        SAMPLE,
        "fixtures/layouts/party-joint-offices.txt",
    ]);
    let records: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.iter().filter(|r| r["record"] == "issue").count(), 2);
    assert_eq!(
        records.iter().filter(|r| r["record"] == "document").count(),
        14
    );
    assert!(records.iter().all(|r| r["schema_version"] == 1));
}

#[test]
fn gb18030_input_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/layouts/party-joint-offices.txt").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let path = dir.path().join("gbk.txt");
    std::fs::write(&path, &gbk).unwrap();
    let out = gazette()
        .arg("convert")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["source"]["encoding"], "gb18030");
    assert_eq!(v["documents"][0]["doc_number"]["text"], "临办发〔2017〕2号");
}

#[test]
fn missing_file_is_a_clear_error() {
    gazette()
        .args(["convert", "no/such/file.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("gazette: no/such/file.txt:"));
}

#[test]
fn folder_without_inputs_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "x").unwrap();
    gazette()
        .arg("convert")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no .pdf or .txt inputs"));
}

#[test]
fn undecodable_text_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.txt");
    std::fs::write(&path, [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    gazette()
        .arg("convert")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("binary.txt").and(predicate::str::contains("undecodable")),
        );
}

#[test]
fn bad_arguments_exit_2() {
    gazette()
        .args(["convert", "--no-such-flag", SAMPLE])
        .assert()
        .code(2);
    gazette().assert().code(2);
}

#[test]
fn extract_prints_cleaned_text_without_running_headers() {
    let out = stdout_of(&["extract", SAMPLE]);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("2019•1 吕梁市人民政府公报"));
    assert!(text.contains("第二十九条 各级残联组织和卫生健康、民政"));
    assert!(text.contains("配齐配强应急管理部门领导班子"));
}

#[test]
fn lines_refer_to_extract_output() {
    let text =
        String::from_utf8(gazette().args(["extract", SAMPLE]).output().unwrap().stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let v: serde_json::Value =
        serde_json::from_slice(&gazette().args(["convert", SAMPLE]).output().unwrap().stdout)
            .unwrap();
    for d in v["documents"].as_array().unwrap() {
        let start = d["lines"]["start"].as_u64().unwrap() as usize;
        let end = d["lines"]["end"].as_u64().unwrap() as usize;
        assert_eq!(
            lines[start - 1..end].join("\n"),
            d["body"].as_str().unwrap()
        );
    }
}

#[test]
fn output_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_slice(&gazette().arg("schema").output().unwrap().stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for input in [
        SAMPLE,
        "fixtures/layouts/decree-issuer-line.txt",
        "fixtures/layouts/web-metadata-table.txt",
    ] {
        let out = gazette().args(["convert", input]).output().unwrap().stdout;
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{input}: {errors:?}");
    }
}

#[test]
fn output_is_deterministic() {
    let a = gazette().args(["convert", SAMPLE]).output().unwrap().stdout;
    let b = gazette().args(["convert", SAMPLE]).output().unwrap().stdout;
    assert_eq!(a, b);
}

#[test]
fn json_lines_records_validate_against_their_schemas() {
    let schema = |which: &str| -> jsonschema::Validator {
        let out = gazette().args(["schema", which]).output().unwrap().stdout;
        jsonschema::validator_for(&serde_json::from_slice(&out).unwrap()).unwrap()
    };
    let (issue, document) = (schema("issue-record"), schema("document-record"));
    let out = gazette()
        .args(["convert", SAMPLE, "--jsonl", "-"])
        .output()
        .unwrap()
        .stdout;
    let mut counts = (0, 0);
    for line in String::from_utf8(out).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let validator = if v["record"] == "issue" {
            counts.0 += 1;
            &issue
        } else {
            counts.1 += 1;
            &document
        };
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    assert_eq!(counts, (1, 13));
}

#[test]
fn schema_all_holds_every_output_shape() {
    let out = gazette().args(["schema", "all"]).output().unwrap().stdout;
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in ["issue", "issue_record", "document_record", "finding"] {
        assert!(v[key]["properties"].is_object(), "{key}");
    }
}
