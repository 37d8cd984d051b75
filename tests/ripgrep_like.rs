//! Behaviours a user of rg, fd and jq expects (issue 12): `-` as stdin for every
//! subcommand, pipes read as files, PATTERN or PATH by position only, any valid JSON Lines
//! of our schema giving the same answers, and legacy encodings told apart.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const SAMPLE: &str = "fixtures/lvliang-2019-01.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gazette() -> Command {
    let mut c = Command::cargo_bin("gazette").unwrap();
    c.env("CI", "1").env_remove("NO_COLOR");
    c
}

fn sample_jsonl() -> Vec<u8> {
    let out = gazette()
        .args(["convert", "--jsonl", "-"])
        .arg(root().join(SAMPLE))
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

fn count(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (String, Option<i32>) {
    let mut c = gazette();
    c.current_dir(dir).arg("grep").arg("-c").args(args);
    if let Some(s) = stdin {
        c.write_stdin(s.to_vec());
    }
    let out = c.output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn dash_is_stdin_for_every_subcommand() {
    let sample = std::fs::read(root().join(SAMPLE)).unwrap();
    // convert: one input, so pretty JSON; source.path says where it came from.
    let out = gazette()
        .args(["convert", "-"])
        .write_stdin(sample.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["path"], "<stdin>");
    assert_eq!(v["documents"].as_array().unwrap().len(), 13);
    // extract
    gazette()
        .args(["extract", "-"])
        .write_stdin(sample)
        .assert()
        .success()
        .stdout(predicates::str::contains("吕梁市人民政府公报"));
    // grep: `-` is a PATH after the PATTERN, JSON Lines told from the bytes.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = sample_jsonl();
    assert_eq!(count(dir.path(), &["通知", "-"], Some(&jsonl)).0, "12\n");
    assert_eq!(
        count(dir.path(), &["--missing", "date", "-"], Some(&jsonl)).0,
        "2\n"
    );
    // check reads stdin too, and finds what it finds in the file.
    gazette()
        .args(["check", "-"])
        .write_stdin(jsonl)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("missing-attachment"));
    // -o needs names: refused with a reason.
    gazette()
        .args(["convert", "-", "-o"])
        .arg(dir.path().join("out"))
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("standard input"));
}

#[cfg(unix)]
#[test]
fn named_pipes_and_dev_stdin_are_files() {
    let sample = std::fs::read(root().join(SAMPLE)).unwrap();
    gazette()
        .args(["convert", "/dev/stdin"])
        .write_stdin(sample.clone())
        .assert()
        .success()
        .stdout(predicates::str::contains("\"schema_version\": 1"));
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("issue.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: named pipe case skipped");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, sample).unwrap())
    };
    let out = gazette().arg("convert").arg(&fifo).output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 13);
}

#[test]
fn first_positional_is_the_pattern_whatever_exists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.jsonl"), sample_jsonl()).unwrap();
    let alone = count(dir.path(), &["2019", "x.jsonl"], None);
    // A folder named like the pattern changes nothing.
    std::fs::create_dir(dir.path().join("2019")).unwrap();
    std::fs::write(dir.path().join("2019/y.jsonl"), sample_jsonl()).unwrap();
    assert_eq!(count(dir.path(), &["2019", "x.jsonl"], None), alone);
    assert_eq!(alone.0, "13\n");
    // With a filter (or -e) every positional argument is a PATH.
    assert_eq!(
        count(dir.path(), &["--year", "2019", "2019", "x.jsonl"], None).0,
        "26\n"
    );
    assert_eq!(count(dir.path(), &["-e", "2019", "2019"], None).0, "13\n");
    let (_, code) = count(dir.path(), &["--year", "2019", "通知", "x.jsonl"], None);
    assert_eq!(
        code,
        Some(2),
        "a filter makes 通知 a PATH, and there is none"
    );
}

/// A JSON formatter writing `": "` between keys and values, on one line.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}

/// The sample archive rewritten as `jq -S -c` (keys sorted) and with `": "` separators.
fn rewritten(jsonl: &[u8]) -> (String, String) {
    let mut sorted = String::new();
    let mut spaced = String::new();
    for line in std::str::from_utf8(jsonl).unwrap().lines() {
        // serde_json's map is ordered by key, as `jq -S` orders it.
        let v: Value = serde_json::from_str(line).unwrap();
        sorted.push_str(&serde_json::to_string(&v).unwrap());
        sorted.push('\n');
        let keep: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
        let mut buf = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, Spaced);
        serde::Serialize::serialize(&keep, &mut ser).unwrap();
        spaced.push_str(std::str::from_utf8(&buf).unwrap());
        spaced.push('\n');
    }
    (sorted, spaced)
}

#[test]
fn rewritten_json_lines_give_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = sample_jsonl();
    let (sorted, spaced) = rewritten(&jsonl);
    assert!(sorted.starts_with("{\"contents\":") && spaced.contains("\"record\": \"document\""));
    std::fs::write(dir.path().join("all.jsonl"), &jsonl).unwrap();
    std::fs::write(dir.path().join("sorted.jsonl"), &sorted).unwrap();
    std::fs::write(dir.path().join("spaced.jsonl"), &spaced).unwrap();
    // JSON Lines saved under a .json name, in either form.
    std::fs::write(dir.path().join("sorted.json"), &sorted).unwrap();
    std::fs::write(dir.path().join("spaced.json"), &spaced).unwrap();
    let queries: &[&[&str]] = &[
        &["通知"],
        &["-F", "双公示"],
        &["--number", "吕政办发"],
        &["--number", "吕政办发〔2019〕1-20号"],
        &["--missing", "date"],
        &["--missing", "publication"],
        &["--status", "public"],
        &["--since", "2019-04-01", "--until", "2019-06"],
        &["--issuer", "吕梁"],
        &["--type", "通知"],
        &["--gazette", "吕梁"],
    ];
    for q in queries {
        let want = count(dir.path(), &[q, &["all.jsonl"][..]].concat(), None);
        assert!(want.0 != "0\n", "{q:?} finds something");
        for f in ["sorted.jsonl", "spaced.jsonl", "sorted.json", "spaced.json"] {
            let got = count(dir.path(), &[q, &[f][..]].concat(), None);
            assert_eq!(got, want, "{q:?} on {f}");
        }
    }
    // check reads them all alike.
    for f in ["all.jsonl", "sorted.json", "spaced.json"] {
        gazette()
            .current_dir(dir.path())
            .args(["check", "--format", "jsonl", f])
            .assert()
            .code(1)
            .stdout(predicates::str::contains("missing-attachment"))
            .stdout(predicates::str::contains("unreadable").not());
    }
}

use predicates::prelude::*;

#[test]
fn big5_is_detected_and_named() {
    let text = "臺北市政府公報\n臺北市政府關於印發加強環境保護工作實施方案的通知\n府環字第123號\n\
        各區公所，市政府各局處：\n現將《加強環境保護工作實施方案》印發給你們，請認真貫徹執行。\
        各單位應於每季度結束後十日內報送執行情況。\n臺北市政府\n2019年1月10日\n（此件公開發布）\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(text);
    let out = gazette()
        .args(["convert", "-"])
        .write_stdin(big5.to_vec())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "big5");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    gazette()
        .args(["extract", "-"])
        .write_stdin(big5.to_vec())
        .assert()
        .success()
        .stdout(predicates::str::contains("府環字第123號"));
    // Little text: a warning says the guess may be wrong.
    let (short, _, _) = encoding_rs::BIG5.encode("臺北市政府公報\n府環字第1號\n");
    let out = gazette()
        .args(["convert", "-"])
        .write_stdin(short.to_vec())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"][0]["code"], "encoding-doubtful");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("short.txt"), &*short).unwrap();
    gazette()
        .current_dir(dir.path())
        .args(["convert", "short.txt", "--jsonl", "out.jsonl"])
        .assert()
        .success()
        .stderr(predicates::str::contains("short.txt: warning: decoded as"));
}

#[test]
fn stdout_shape_depends_on_the_arguments_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("one")).unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("one/01.txt")).unwrap();
    let out = gazette()
        .current_dir(dir.path())
        .args(["convert", "one"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("{\"schema_version\":1,\"record\":\"issue\""),
        "a folder gives JSON Lines"
    );
    assert_eq!(text.lines().count(), 14);
}

#[test]
fn json_lines_on_stdin_are_streamed_with_the_answers_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = sample_jsonl();
    let lines = jsonl.iter().filter(|&&b| b == b'\n').count();
    // Blank lines first and a broken line last: the line number counts them all.
    let mut input = b"\n\n".to_vec();
    input.extend_from_slice(&jsonl);
    input.extend_from_slice(b"not json\n");
    let out = gazette()
        .current_dir(dir.path())
        .args(["grep", "-c", "通知", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "12\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(":{}: not a JSON record", lines + 3)),
        "{err}"
    );
    // check: the same findings from stdin as from the file.
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, &jsonl).unwrap();
    let findings = |out: &std::process::Output| {
        let s = String::from_utf8_lossy(&out.stdout).into_owned();
        ["missing-attachment", "error", "warning"].map(|k| s.matches(k).count())
    };
    let a = gazette().arg("check").arg(&file).output().unwrap();
    let b = gazette()
        .args(["check", "-"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(findings(&a), findings(&b));
    // A pretty issue on stdin is still read whole.
    let pretty = gazette()
        .args(["convert"])
        .arg(root().join(SAMPLE))
        .output()
        .unwrap()
        .stdout;
    assert_eq!(count(dir.path(), &["通知", "-"], Some(&pretty)).0, "12\n");
}
