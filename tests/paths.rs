//! Paths as a user of rg and fd expects them (issue 12): `source.path` is the path as
//! given, `check --format github` annotates the inputs, file names that are not UTF-8 do
//! not stop a batch, and outputs whose input is gone are reported and pruned.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Vec<u8> {
    std::fs::read(root().join("fixtures/lvliang-2019-01.txt")).unwrap()
}

fn gazette(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gazette").unwrap();
    c.current_dir(dir).env("CI", "1");
    c
}

fn put(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn source_path_is_the_path_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "A/01.txt", &sample());
    put(tmp.path(), "B/01.txt", &sample());
    let out = gazette(tmp.path())
        .args(["convert", "-q", "A/", "B"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let paths: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["record"] == "issue")
        .map(|v| v["source"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["A/01.txt", "B/01.txt"]);
    // grep prints paths that open as printed.
    gazette(tmp.path())
        .args(["convert", "-q", "A/", "-o", "json"])
        .assert()
        .success();
    assert!(
        tmp.path().join("json/01.txt.json").is_file(),
        "-o names stay relative"
    );
    gazette(tmp.path())
        .args(["grep", "-l", "--number", "吕政发〔2019〕2号", "json"])
        .assert()
        .success()
        .stdout("json/01.txt.json\n");
    gazette(tmp.path())
        .args(["grep", "--number", "吕政发〔2019〕2号", "json"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("A/01.txt: "));
}

#[test]
fn the_readme_ci_recipe_annotates_the_input_files() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "archive/2019/01.txt", &sample());
    put(tmp.path(), "archive/2019/02.pdf", b"not a pdf at all");
    // As in the README: convert (exit 2: one input fails), then check.
    gazette(tmp.path())
        .args(["convert", "archive/", "-o", "json/", "-q"])
        .assert()
        .code(2);
    let out = gazette(tmp.path())
        .args(["check", "json/", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("::error file=archive/2019/01.txt,line=")
            && text.contains("title=missing-attachment"),
        "{text}"
    );
    assert!(
        text.contains("::error file=archive/2019/02.pdf,title=unreadable"),
        "{text}"
    );
    assert!(
        !text.contains("file=json/"),
        "no annotation on build artefacts: {text}"
    );
    for line in text.lines() {
        let file = line
            .split("file=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert!(
            tmp.path().join(file).is_file(),
            "{file} exists in the checkout"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_gbk_named_folder_converts() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp
        .path()
        .join(std::ffi::OsStr::from_bytes(b"\xb9\xab\xb1\xa8"));
    // Two names whose lossy UTF-8 display is the same: still two files.
    for name in [&b"\xb9\xab.txt"[..], b"\xb1\xa8.txt", b"ok.txt"] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), sample()).unwrap();
    }
    let out = gazette(tmp.path())
        .arg("convert")
        .arg(std::ffi::OsStr::from_bytes(b"\xb9\xab\xb1\xa8"))
        .args(["-o", "json", "--jsonl", "all.jsonl", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = tmp.path().join("json");
    assert!(
        json.join(std::ffi::OsStr::from_bytes(b"\xb9\xab.txt.json"))
            .is_file()
    );
    assert!(
        json.join(std::ffi::OsStr::from_bytes(b"\xb1\xa8.txt.json"))
            .is_file()
    );
    let all = std::fs::read_to_string(tmp.path().join("all.jsonl")).unwrap();
    assert!(
        all.contains(r#""path":"\\xB9\\xAB\\xB1\\xA8/\\xB1\\xA8.txt""#),
        "escaped in JSON"
    );
    // A second run finds everything unchanged.
    gazette(tmp.path())
        .arg("convert")
        .arg(std::ffi::OsStr::from_bytes(b"\xb9\xab\xb1\xa8"))
        .args(["-o", "json"])
        .assert()
        .success()
        .stderr(predicates::str::contains("0 converted, 3 unchanged"));
}

#[test]
fn outputs_whose_input_is_gone_are_reported_and_pruned() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "arc/2019/01.txt", &sample());
    put(tmp.path(), "arc/2019/02.txt", &sample());
    let run = |extra: &[&str]| {
        gazette(tmp.path())
            .args(["convert", "arc", "-o", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(run(&[]).status.success());
    std::fs::rename(
        tmp.path().join("arc/2019/02.txt"),
        tmp.path().join("arc/2019/03.txt"),
    )
    .unwrap();
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("whose input is gone") && err.contains("json/2019/02.txt.json"),
        "{err}"
    );
    assert!(err.contains("--prune"), "{err}");
    assert!(
        tmp.path().join("json/2019/02.txt.json").is_file(),
        "kept without --prune"
    );
    let out = run(&["--prune"]);
    assert!(out.status.success());
    assert!(!tmp.path().join("json/2019/02.txt.json").exists());
    assert!(tmp.path().join("json/2019/03.txt.json").is_file());
    let err = String::from_utf8_lossy(&run(&[]).stderr).into_owned();
    assert!(
        !err.contains("whose input is gone"),
        "forgotten once pruned: {err}"
    );
}
