//! Batch conversion of an archive (`gazette convert DIR -o OUT --jsonl …`): bad inputs
//! reported and skipped, output independent of `-j`, incremental re-runs, shards,
//! and interrupted runs. Each test builds a small archive from `fixtures/` in a temp dir.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const BAD: &str = "2019/02.pdf";

fn gazette() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.env_remove("GAZETTE_ABORT_AFTER").env("CI", "1");
    cmd
}

mod common;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// A shared real document (`../shared/corpus/real/<real>`, read in place) or, where the
/// corpus is absent, a fixture of our own of the same kind.
fn real_or_own(real: &str, own: &str) -> PathBuf {
    common::real(real).unwrap_or_else(|| fixture(own))
}

/// `gazette convert -q ARC -o OUT`, the quiet batch run most tests make.
fn convert_quiet(arc: &Path, out: &Path) -> std::process::Output {
    gazette()
        .args(["convert", "-q"])
        .arg(arc)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The test archive: the lvliang issue, the real text fixtures spread over a few
/// folders, two real PDFs, a plain text file, and (with `bad`) a corrupt PDF —
/// the real ones read from ../shared in place, or our own where it is absent. Also a hidden folder
/// and a non-input file that must be ignored. Returns the relative paths of the inputs.
fn make_archive(root: &Path, bad: bool) -> Vec<String> {
    let mut inputs = Vec::new();
    let mut add = |rel: String, bytes: Vec<u8>| {
        put(root, &rel, &bytes);
        inputs.push(rel);
    };
    add(
        "2019/01.txt".into(),
        std::fs::read(fixture("lvliang-2019-01.txt")).unwrap(),
    );
    // Real texts where the shared corpus is there, else our own layout variants.
    let texts = real_or_own("text", "layouts");
    let mut real: Vec<PathBuf> = std::fs::read_dir(texts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    real.sort();
    for (i, p) in real.iter().enumerate() {
        let folder = ["gov/1996", "gov/2018", "gov/misc"][i % 3];
        let name = p.file_name().unwrap().to_string_lossy();
        add(format!("{folder}/{name}"), std::fs::read(p).unwrap());
    }
    // Real PDFs (text layer), now that the PDF reader has landed.
    for (rel, real, own) in [
        (
            "pdf/2019-04.pdf",
            "pdf/guowuyuan-2019-unigb.pdf",
            "pdf/gazette_two.pdf",
        ),
        (
            "pdf/2012-21.pdf",
            "pdf/wps-guofangbu-2012-21.pdf",
            "pdf/gazette_lo.pdf",
        ),
    ] {
        add(rel.into(), std::fs::read(real_or_own(real, own)).unwrap());
    }
    add(
        "notes/plain.txt".into(),
        "一份普通的文本文件，没有公文。\n第二行。\n"
            .as_bytes()
            .to_vec(),
    );
    if bad {
        add(
            BAD.into(),
            std::fs::read(fixture("robust/not_a_pdf.pdf")).unwrap(),
        );
    }
    put(root, ".hidden/secret.txt", "不应读取".as_bytes());
    put(root, "gov/README.md", b"not an input");
    inputs.sort();
    inputs
}

/// Every file below `dir` (relative path → bytes), hidden ones included.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The `.json` outputs below `out` (without bookkeeping).
fn outputs(out: &Path) -> BTreeSet<String> {
    tree(out)
        .into_keys()
        .filter(|k| !k.starts_with(".gazette/"))
        .collect()
}

fn expected_outputs(inputs: &[String]) -> BTreeSet<String> {
    inputs
        .iter()
        .filter(|i| *i != BAD)
        .map(|i| format!("{i}.json"))
        .collect()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn jsonl_sources(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON Lines"))
        .filter(|v| v["record"] == "issue")
        .map(|v| v["source"]["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bad_input_is_reported_and_skipped_and_the_rest_converted() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    let inputs = make_archive(&arc, true);
    let run = gazette()
        .arg("convert")
        .arg(&arc)
        .arg("-o")
        .arg(&out)
        .arg("--jsonl")
        .arg(tmp.path().join("docs.jsonl"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    assert!(
        err.contains(&format!("{BAD}: not a PDF")) && err.contains("; skipped"),
        "{err}"
    );
    assert!(err.contains("1 failed"), "{err}");
    assert_eq!(outputs(&out), expected_outputs(&inputs));
    for rel in outputs(&out) {
        let v: Value = serde_json::from_slice(&std::fs::read(out.join(&rel)).unwrap()).unwrap();
        assert_eq!(v["source"]["path"], rel.trim_end_matches(".json"), "{rel}");
    }
    let failures = std::fs::read_to_string(out.join(".gazette/failures.jsonl")).unwrap();
    let lines: Vec<Value> = failures
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{failures}");
    assert_eq!(lines[0]["path"], BAD);
    assert_eq!(lines[0]["kind"], "not-pdf");
    assert!(lines[0]["reason"].as_str().unwrap().contains("not a PDF"));
    assert!(!out.join("_failures.jsonl").exists());
    #[cfg(unix)]
    {
        // Outputs are for sharing: not tempfile's private 0600.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("2019/01.txt.json"))
            .unwrap()
            .permissions()
            .mode();
        let plain = tmp.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let usual = std::fs::metadata(&plain).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, usual & 0o777, "{mode:o}");
    }
    // The JSONL holds every good input, in sorted input order.
    let jsonl = std::fs::read(tmp.path().join("docs.jsonl")).unwrap();
    let good: Vec<String> = inputs.iter().filter(|i| *i != BAD).cloned().collect();
    assert_eq!(jsonl_sources(&jsonl), good);
}

#[test]
fn output_bytes_do_not_depend_on_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    make_archive(&arc, true);
    let mut results = Vec::new();
    for j in ["1", "2", "3"] {
        let out = tmp.path().join(format!("out-j{j}"));
        let jsonl = tmp.path().join(format!("j{j}.jsonl"));
        let run = gazette()
            .args(["convert", "-q", "-j", j])
            .arg(&arc)
            .arg("-o")
            .arg(&out)
            .arg("--jsonl")
            .arg(&jsonl)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        let stdout = gazette()
            .args(["convert", "-q", "-j", j])
            .arg(&arc)
            .output()
            .unwrap()
            .stdout;
        results.push((tree(&out), std::fs::read(&jsonl).unwrap(), stdout));
    }
    for r in &results[1..] {
        assert_eq!(
            r.0.keys().collect::<Vec<_>>(),
            results[0].0.keys().collect::<Vec<_>>()
        );
        for (k, v) in &r.0 {
            assert!(v == &results[0].0[k], "{k} differs between -j1 and -j2/-j3");
        }
        assert!(r.1 == results[0].1, "JSONL file differs");
        assert!(r.2 == results[0].2, "JSONL on stdout differs");
    }
    assert_eq!(results[0].1, results[0].2, "--jsonl FILE and stdout agree");
}

#[test]
fn second_run_converts_nothing_and_a_changed_input_is_reconverted() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    let inputs = make_archive(&arc, false);
    let n = inputs.len();
    let convert = |extra: &[&str]| {
        gazette()
            .arg("convert")
            .arg(&arc)
            .arg("-o")
            .arg(&out)
            .arg("--jsonl")
            .arg(tmp.path().join("docs.jsonl"))
            .args(extra)
            .output()
            .unwrap()
    };
    let first = convert(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr_of(&first));
    assert!(stderr_of(&first).contains(&format!("{n} converted, 0 unchanged")));
    let before = tree(&out);
    let jsonl_before = std::fs::read(tmp.path().join("docs.jsonl")).unwrap();

    let second = convert(&[]);
    assert_eq!(second.status.code(), Some(0));
    assert!(
        stderr_of(&second).contains(&format!("0 converted, {n} unchanged")),
        "{}",
        stderr_of(&second)
    );
    assert_eq!(tree(&out), before, "an unchanged run rewrites nothing");
    let jsonl_again = std::fs::read(tmp.path().join("docs.jsonl")).unwrap();
    assert!(
        jsonl_again == jsonl_before,
        "the JSONL still holds every input"
    );

    // Change one input: only it is converted again, with its new content.
    let changed = arc.join("notes/plain.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("追加的一行。\n");
    std::fs::write(&changed, &text).unwrap();
    let third = convert(&[]);
    assert!(
        stderr_of(&third).contains(&format!("1 converted, {} unchanged", n - 1)),
        "{}",
        stderr_of(&third)
    );
    let v: Value =
        serde_json::from_slice(&std::fs::read(out.join("notes/plain.txt.json")).unwrap()).unwrap();
    assert_eq!(
        v["source"]["blake3"],
        blake3::hash(text.as_bytes()).to_hex().as_str()
    );

    // A deleted output is converted again; --force converts everything.
    std::fs::remove_file(out.join("2019/01.txt.json")).unwrap();
    let fourth = convert(&[]);
    assert!(stderr_of(&fourth).contains(&format!("1 converted, {} unchanged", n - 1)));
    assert!(out.join("2019/01.txt.json").is_file());
    let forced = convert(&["--force"]);
    assert!(stderr_of(&forced).contains(&format!("{n} converted, 0 unchanged")));
    // A forced run over part of the archive forgets nothing about the rest.
    let part = convert(&["--force", "-g", "2019/*"]);
    assert!(
        stderr_of(&part).contains("1 file: 1 converted"),
        "{}",
        stderr_of(&part)
    );
    let after = convert(&[]);
    assert!(stderr_of(&after).contains(&format!("0 converted, {n} unchanged")));
}

#[test]
fn shards_cover_every_input_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    let inputs = make_archive(&arc, false);
    let mut seen = Vec::new();
    let mut jsonl = Vec::new();
    for k in 1..=3 {
        let out = tmp.path().join(format!("shard-{k}"));
        let run = gazette()
            .args(["convert", "-q", "--shard", &format!("{k}/3")])
            .arg(&arc)
            .arg("-o")
            .arg(&out)
            .arg("--jsonl")
            .arg("-")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
        seen.extend(outputs(&out));
        jsonl.extend(jsonl_sources(&run.stdout));
    }
    seen.sort();
    jsonl.sort();
    let want: Vec<String> = inputs.iter().map(|i| format!("{i}.json")).collect();
    assert_eq!(seen, want);
    assert_eq!(jsonl, inputs);

    for bad in ["0/3", "4/3", "3"] {
        let run = gazette()
            .args(["convert", "--shard", bad])
            .arg(&arc)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "--shard {bad}");
    }
}

#[test]
fn interrupted_run_leaves_no_partial_output_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    let inputs = make_archive(&arc, false);
    let n = inputs.len();
    // What a write killed half-way leaves: a temporary file, never the output name.
    put(
        &out,
        "2019/.gazette-killed.tmp",
        b"{\"schema_version\": 1, \"sour",
    );
    let jsonl = tmp.path().join("docs.jsonl");
    let killed = gazette()
        .env("GAZETTE_ABORT_AFTER", "3")
        .args(["convert", "-q", "-j", "2"])
        .arg(&arc)
        .arg("-o")
        .arg(&out)
        .arg("--jsonl")
        .arg(&jsonl)
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert!(!jsonl.exists(), "no partial JSONL under its final name");
    for (rel, bytes) in tree(&out) {
        if rel.ends_with(".json") {
            serde_json::from_slice::<Value>(&bytes)
                .unwrap_or_else(|e| panic!("{rel} is not whole JSON: {e}"));
        }
    }
    let done = outputs(&out)
        .iter()
        .filter(|k| k.ends_with(".json"))
        .count();
    assert!(done >= 3 && done < n, "{done} outputs after the kill");

    let next = gazette()
        .arg("convert")
        .arg(&arc)
        .arg("-o")
        .arg(&out)
        .arg("--jsonl")
        .arg(&jsonl)
        .output()
        .unwrap();
    assert_eq!(next.status.code(), Some(0), "{}", stderr_of(&next));
    // The manifest held the first two inputs: they are skipped, the rest converted.
    assert!(
        stderr_of(&next).contains(&format!("{} converted, 2 unchanged", n - 2)),
        "{}",
        stderr_of(&next)
    );
    let want: BTreeSet<String> = inputs.iter().map(|i| format!("{i}.json")).collect();
    assert_eq!(outputs(&out), want, "no temporary files remain");
    assert_eq!(jsonl_sources(&std::fs::read(&jsonl).unwrap()), inputs);
}

#[test]
fn globs_select_inputs_and_a_folder_without_inputs_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    let inputs = make_archive(&arc, true);
    let run = gazette()
        .args(["convert", "-q", "-g", "gov/**/*.txt", "-g", "!*concat*"])
        .arg(&arc)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let want: BTreeSet<String> = inputs
        .iter()
        .filter(|i| i.starts_with("gov/") && !i.contains("concat"))
        .map(|i| format!("{i}.json"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(outputs(&out), want);

    let empty = tmp.path().join("empty");
    put(&empty, "notes.md", b"nothing to convert");
    for args in [
        vec![empty.clone()],
        vec![tmp.path().join("missing")],
        vec![arc.clone(), "-g".into(), "*.doc".into()],
    ] {
        let run = gazette().arg("convert").args(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = stderr_of(&run);
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
        assert!(err.starts_with("gazette: "), "{err}");
    }
}

#[test]
fn output_folder_inside_the_archive_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    let inputs = make_archive(&arc, false);
    let out = arc.join("json");
    for _ in 0..2 {
        let run = convert_quiet(&arc, &out);
        assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    }
    assert_eq!(outputs(&out).len(), inputs.len());
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    let inputs = make_archive(&arc, false);
    put(
        &arc,
        "0000/bad.pdf",
        &std::fs::read(fixture("robust/truncated_2k.pdf")).unwrap(),
    );
    let run = gazette()
        .args(["convert", "-j", "1", "--fail-fast"])
        .arg(&arc)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = stderr_of(&run);
    assert!(
        err.contains("0000/bad.pdf: ") && err.contains("left undone"),
        "{err}"
    );
    assert!(outputs(&out).len() < inputs.len());
}

#[test]
fn stdout_gets_pretty_json_for_one_input_and_json_lines_for_several() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    make_archive(&arc, false);
    let one = gazette()
        .args(["convert", "-q"])
        .arg(arc.join("2019/01.txt"))
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(v["documents"].is_array());
    assert!(String::from_utf8_lossy(&one.stdout).starts_with("{\n"));

    let several = gazette()
        .args(["convert", "-q"])
        .arg(arc.join("2019/01.txt"))
        .arg(arc.join("notes"))
        .output()
        .unwrap();
    assert_eq!(several.status.code(), Some(0));
    assert_eq!(jsonl_sources(&several.stdout).len(), 2);
}

#[test]
fn no_progress_bar_in_pipes_and_quiet_means_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    make_archive(&arc, false);
    let mut cmd = gazette();
    cmd.env_remove("CI");
    let run = cmd
        .arg("convert")
        .arg(&arc)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let err = stderr_of(&run);
    assert_eq!(err.lines().count(), 1, "only the summary: {err}");
    assert!(!err.contains('\x1b') && !err.contains('\r'), "{err:?}");
    assert!(err.contains("converted"), "{err}");
    let quiet = gazette()
        .args(["convert", "-q"])
        .arg(&arc)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stderr.is_empty(), "{}", stderr_of(&quiet));
}

#[test]
fn output_folder_may_be_the_input_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    let inputs = make_archive(&arc, false);
    for _ in 0..2 {
        let run = convert_quiet(&arc, &arc);
        assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    }
    for i in &inputs {
        assert!(arc.join(format!("{i}.json")).is_file(), "{i}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let arc = tmp.path().join("arc");
    put(
        &arc,
        "2019/01.txt",
        &std::fs::read(fixture("lvliang-2019-01.txt")).unwrap(),
    );
    std::os::unix::fs::symlink(
        real_or_own(
            "text/03-govcn-guowuyuanling-707-order.txt",
            "layouts/decree-issuer-line.txt",
        ),
        arc.join("2019/03.txt"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = convert_quiet(&arc, &out);
    assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
    let want: BTreeSet<String> = ["2019/01.txt.json", "2019/03.txt.json"]
        .map(String::from)
        .into();
    assert_eq!(outputs(&out), want);
}

#[test]
fn a_failure_is_forgotten_once_the_input_is_fixed_or_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let (arc, out) = (tmp.path().join("arc"), tmp.path().join("out"));
    make_archive(&arc, true);
    put(&arc, "2019/03.pdf", b"");
    let failures = || std::fs::read_to_string(out.join(".gazette/failures.jsonl")).unwrap();
    let convert = || convert_quiet(&arc, &out);
    assert_eq!(convert().status.code(), Some(2));
    assert_eq!(failures().lines().count(), 2, "{}", failures());
    // A failed input is tried again on every run (it is never "unchanged").
    std::fs::remove_file(arc.join(BAD)).unwrap();
    put(
        &arc,
        "2019/03.pdf",
        &std::fs::read(real_or_own(
            "pdf/wps-guofangbu-2012-21.pdf",
            "pdf/gazette_lo.pdf",
        ))
        .unwrap(),
    );
    assert_eq!(convert().status.code(), Some(0));
    assert_eq!(failures(), "");
    assert!(out.join("2019/03.pdf.json").is_file());
}

#[test]
fn two_folders_whose_files_would_share_an_output_name_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let text = std::fs::read(fixture("lvliang-2019-01.txt")).unwrap();
    put(&a, "2019/01.txt", &text);
    put(&b, "2019/01.txt", &text);
    let run = gazette()
        .arg("convert")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = stderr_of(&run);
    assert!(
        err.contains("would both be written to 2019/01.txt.json"),
        "{err}"
    );
    assert!(!tmp.path().join("out/2019").exists());
    // Without -o there is nothing to collide: both go to the stream.
    let run = gazette()
        .args(["convert", "-q"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(jsonl_sources(&run.stdout), ["2019/01.txt", "2019/01.txt"]);
}
