//! The edges a long batch run and a shell user meet (issue 12): no `.tmp` left after
//! SIGINT/SIGTERM and none kept from a killed run, `--fail-fast` at any `-j`, messages
//! without Rust type names, `NO_COLOR` only when non-empty, completions and a man page.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Vec<u8> {
    std::fs::read(root().join("fixtures/lvliang-2019-01.txt")).unwrap()
}

fn gazette(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gazette").unwrap();
    c.current_dir(dir)
        .env("CI", "1")
        .env_remove("GAZETTE_ABORT_AFTER");
    c
}

/// Every `.tmp` file below `dir`.
fn temps(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.path().display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn no_tmp_left_after_sigint_or_sigterm() {
    for signal in ["INT", "TERM"] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.txt"), sample()).unwrap();
        // A named pipe that nobody writes: the run blocks on it, mid-way, with its
        // JSON Lines file open under a temporary name.
        let fifo = tmp.path().join("b.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo unavailable: skipped");
            return;
        }
        let bin = assert_cmd::cargo::cargo_bin("gazette");
        let mut child = std::process::Command::new(bin)
            .current_dir(tmp.path())
            .env("CI", "1")
            .args([
                "convert",
                "a.txt",
                "b.txt",
                "-j",
                "1",
                "-o",
                "out",
                "--jsonl",
                "all.jsonl",
            ])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let done = tmp.path().join("out/a.txt.json");
        for _ in 0..300 {
            if done.exists() && !temps(tmp.path()).is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!temps(tmp.path()).is_empty(), "the run is under way");
        std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        assert_eq!(temps(tmp.path()), Vec::<String>::new(), "{signal}");
        assert!(done.is_file(), "finished outputs are kept");
        assert!(
            !tmp.path().join("all.jsonl").exists(),
            "no half JSON Lines file"
        );
    }
}

#[test]
fn temporary_files_a_killed_run_left_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("arc")).unwrap();
    std::fs::write(tmp.path().join("arc/a.txt"), sample()).unwrap();
    std::fs::create_dir_all(tmp.path().join("out/x")).unwrap();
    // A pid no process has (beyond the kernel's pid_max).
    for p in [
        "out/x/.gazette-99999999-abc.tmp",
        ".gazette-99999999-def.tmp",
    ] {
        std::fs::write(tmp.path().join(p), b"partial").unwrap();
    }
    gazette(tmp.path())
        .args(["convert", "arc", "-o", "out", "--jsonl", "all.jsonl", "-q"])
        .assert()
        .success();
    if Path::new("/proc/self").exists() {
        assert_eq!(temps(tmp.path()), Vec::<String>::new());
    }
}

#[test]
fn fail_fast_stops_at_the_first_failure_at_any_j() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    std::fs::create_dir_all(&arc).unwrap();
    for i in 0..12 {
        std::fs::write(arc.join(format!("arc-{i:02}.txt")), sample()).unwrap();
    }
    for bad in ["arc-03b.txt", "arc-05b.txt", "arc-07b.txt"] {
        std::fs::write(arc.join(bad), b"\x00\x01binary").unwrap();
    }
    for j in ["1", "2", "8"] {
        let out = gazette(tmp.path())
            .arg("convert")
            .arg(&arc)
            .args(["--fail-fast", "-j", j, "--jsonl", "all.jsonl"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("skipped").count(), 1, "-j {j}: {err}");
        assert!(
            err.contains("arc-03b.txt") && !err.contains("arc-05b.txt"),
            "{err}"
        );
        assert!(
            err.contains("4 converted, 0 unchanged, 1 failed"),
            "-j {j}: {err}"
        );
    }
}

#[test]
fn messages_name_no_rust_types_and_say_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad.jsonl"),
        "{\"schema_version\":1,\"record\":\"document\",\"source\":\"x\"}\n",
    )
    .unwrap();
    for args in [
        &["grep", "--number", "x", "bad.jsonl"][..],
        &["check", "bad.jsonl"],
    ] {
        let out = gazette(tmp.path()).args(args).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("bad.jsonl"), "{all}");
        assert!(!all.contains("struct") && !all.contains("View"), "{all}");
    }
    std::fs::write(tmp.path().join("a.txt"), sample()).unwrap();
    std::fs::write(tmp.path().join("x.json"), b"{}").unwrap();
    gazette(tmp.path())
        .args(["convert", "a.txt", "-o", "x.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("x.json"))
        .stderr(predicates::str::contains("not a folder"));
}

#[test]
fn completions_and_man_page_generate() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = gazette(tmp.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("gazette") && text.contains("convert"),
            "{shell}"
        );
        assert!(text.contains("fail-fast"), "{shell} completes options");
    }
    let out = gazette(tmp.path()).arg("man").output().unwrap();
    assert!(out.status.success());
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(
        roff.contains(".TH gazette 1") && roff.contains("convert"),
        "{roff}"
    );
    gazette(tmp.path())
        .args(["convert", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Examples:"));
    gazette(tmp.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicates::str::contains("Examples:"));
}

#[test]
fn no_color_counts_only_when_non_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), sample()).unwrap();
    let run = |no_color: &str| {
        let out = gazette(tmp.path())
            .env("NO_COLOR", no_color)
            .env("CLICOLOR_FORCE", "1")
            .args(["grep", "--number", "吕政发〔2019〕2号", "a.txt"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run("").contains('\x1b'), "NO_COLOR= (empty) keeps colour");
    assert!(!run("1").contains('\x1b'), "NO_COLOR=1 turns it off");
}
