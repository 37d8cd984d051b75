//! The diff test: `convert`, `extract` and `extract --raw` of every fixture (and of the
//! shared real corpus when it is present) print exactly what they printed when
//! `tests/outputs.blake3` was written — stdout, stderr and exit status, by digest. Speed
//! work must change no output; a deliberate output change re-blesses the file:
//!
//!     GAZETTE_BLESS_OUTPUTS=1 cargo test --test outputs_unchanged
//!
//! (then review the change with `scripts/outputs-diff.sh OLD_BINARY NEW_BINARY`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rayon::prelude::*;

const DIGESTS: &str = "tests/outputs.blake3";
const COMMANDS: [&[&str]; 3] = [&["convert"], &["extract"], &["extract", "--raw"]];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Inputs, relative to the repository (so `source.path` is the same everywhere).
fn inputs() -> Vec<String> {
    let mut dirs = vec![
        "fixtures",
        "fixtures/pdf",
        "fixtures/pdftotext",
        "fixtures/robust",
        "fixtures/formats",
        "fixtures/layouts",
        "fixtures/layouts/pdf",
        "fixtures/pdf11",
    ];
    let shared =
        ["pdf", "text", "ofd", "govcn-2019-02-crawl"].map(|d| format!("../shared/corpus/real/{d}"));
    if root().join("../shared/corpus/real").is_dir() {
        dirs.extend(shared.iter().map(String::as_str));
    } else {
        eprintln!("note: ../shared/corpus/real is absent: only the fixtures are compared");
    }
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(root().join(d)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            // What the fixtures expect or record, not inputs.
            .filter(|n| !n.ends_with(".json") && !n.ends_with(".md") && !n.ends_with(".toml"))
            .filter(|n| !n.ends_with(".ref.txt") && !n.ends_with(".py") && !n.ends_with(".sh"))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{d}/{n}")));
    }
    out
}

fn digest(args: &[&str], input: &str) -> String {
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .current_dir(root())
        .args(args)
        .arg(input)
        .output()
        .unwrap_or_else(|e| panic!("{input}: {e}"));
    let mut h = blake3::Hasher::new();
    h.update(&out.stdout);
    h.update(b"\0stderr\0");
    h.update(&out.stderr);
    h.update(format!("\0exit {:?}", out.status.code()).as_bytes());
    h.finalize().to_hex()[..32].to_string()
}

fn read_digests() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join(DIGESTS)).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.rsplit_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_output_is_unchanged() {
    let bless = std::env::var_os("GAZETTE_BLESS_OUTPUTS").is_some();
    let known = read_digests();
    let jobs: Vec<(&[&str], String)> = inputs()
        .into_iter()
        .flat_map(|i| COMMANDS.map(|args| (args, i.clone())))
        .collect();
    let digests: Vec<String> = jobs.par_iter().map(|(args, i)| digest(args, i)).collect();
    let mut now = BTreeMap::new();
    let mut changed = Vec::new();
    for ((args, input), d) in jobs.into_iter().zip(digests) {
        let key = format!("{}\t{input}", args.join(" "));
        match known.get(&key) {
            Some(k) if *k == d => {}
            Some(_) => changed.push(format!("changed: gazette {} {input}", args.join(" "))),
            // A new fixture is not a change: noted, and blessed with the next blessing.
            None => eprintln!("note: no digest yet: gazette {} {input}", args.join(" ")),
        }
        now.insert(key, d);
    }
    if bless {
        // Keep the digests of inputs absent here (the shared corpus on a bare clone).
        let mut all = known;
        all.extend(now);
        let text: String = all.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
        std::fs::write(root().join(DIGESTS), text).unwrap();
        return;
    }
    assert!(
        changed.is_empty(),
        "{} outputs differ from {DIGESTS} (GAZETTE_BLESS_OUTPUTS=1 re-blesses a deliberate change):\n{}",
        changed.len(),
        changed.join("\n")
    );
    assert!(Path::new(&root().join(DIGESTS)).exists());
}
