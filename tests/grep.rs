//! `gazette grep` end to end, with known answers: the lvliang issue is converted with the
//! library into a temporary archive (pretty issue JSON, JSON Lines, a small extra issue for
//! citations), and every filter's answer is compared with the hand-checked ground truth in
//! `fixtures/lvliang-2019-01.expected.json`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use gazette::model::{DocNumber, DocNumberKind, Issue};
use serde_json::Value;

const FIXTURE: &str = "fixtures/lvliang-2019-01.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert() -> Issue {
    let path = root().join(FIXTURE);
    let bytes = std::fs::read(&path).unwrap();
    gazette::pipeline::convert_bytes(&path, "lvliang-2019-01.txt", &bytes).unwrap()
}

fn expected() -> Vec<Value> {
    let s = std::fs::read_to_string(root().join("fixtures/lvliang-2019-01.expected.json")).unwrap();
    let v: Value = serde_json::from_str(&s).unwrap();
    v["documents"].as_array().unwrap().clone()
}

/// 文号 of the expected documents satisfying `f`, in fixture order.
fn expect(f: impl Fn(&Value) -> bool) -> Vec<String> {
    expected()
        .iter()
        .filter(|d| f(d))
        .map(|d| d["doc_number"].as_str().unwrap().to_string())
        .collect()
}

/// A temporary archive:
///   json/lvliang-2019-01.txt.json   the issue, as `convert -o` writes it
///   json/.gazette/failures.jsonl    bookkeeping that grep must skip (not even valid)
///   archive.jsonl                   the issue as JSON Lines
///   cited/extra.json                an issue holding two documents 吕发改办发〔2019〕54号 cites
struct Archive {
    dir: tempfile::TempDir,
}

impl Archive {
    fn new() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let issue = convert();
        let json = dir.path().join("json");
        std::fs::create_dir_all(json.join(".gazette")).unwrap();
        std::fs::write(
            json.join("lvliang-2019-01.txt.json"),
            gazette::emit::to_pretty_json(&issue),
        )
        .unwrap();
        std::fs::write(json.join(".gazette/failures.jsonl"), "not json\n").unwrap();
        std::fs::write(
            dir.path().join("archive.jsonl"),
            gazette::emit::to_jsonl(&issue),
        )
        .unwrap();

        let mut extra = issue.clone();
        extra.source.path = "extra.txt".into();
        extra.documents.truncate(2);
        for (d, (code, serial, year)) in extra
            .documents
            .iter_mut()
            .zip([("国办发", 61, 2018), ("吕政办发电", 4, 2019)])
        {
            d.doc_number = Some(DocNumber {
                text: format!("{code}〔{year}〕{serial}号"),
                raw: format!("{code}〔{year}〕{serial}号"),
                code: code.into(),
                year: Some(year),
                serial: Some(serial),
                kind: DocNumberKind::Standard,
            });
            d.title = Some(format!("cited {code}"));
        }
        std::fs::create_dir_all(dir.path().join("cited")).unwrap();
        std::fs::write(
            dir.path().join("cited/extra.json"),
            gazette::emit::to_pretty_json(&extra),
        )
        .unwrap();
        Archive { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn grep(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("gazette").unwrap();
        c.current_dir(self.dir.path()).arg("grep").args(args);
        c.env_remove("NO_COLOR");
        c
    }

    /// 文号 of the documents found (`--json`), in output order; asserts the exit code.
    fn numbers(&self, args: &[&str], code: i32) -> Vec<String> {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.grep(&all).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "args {args:?}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["doc_number"]["text"].as_str().unwrap_or("-").to_string()
            })
            .collect()
    }

    /// Same answer over the issue JSON folder and the JSON Lines file.
    fn both(&self, args: &[&str]) -> Vec<String> {
        let found = self.run_on(args, "json");
        assert_eq!(found, self.run_on(args, "archive.jsonl"), "{args:?}");
        found
    }

    fn run_on(&self, args: &[&str], input: &str) -> Vec<String> {
        let mut a = args.to_vec();
        a.push(input);
        let out = self.grep(&["--json"]).args(&a).output().unwrap();
        assert!(
            out.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["doc_number"]["text"].as_str().unwrap_or("-").to_string()
            })
            .collect()
    }
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn date_in(d: &Value, since: &str, until: &str) -> bool {
    d["date"].as_str().is_some_and(|x| x >= since && x <= until)
}

#[test]
fn every_document_without_filters() {
    let a = Archive::new();
    let all = expect(|_| true);
    assert_eq!(all.len(), 13);
    assert_eq!(a.both(&["-e", ""]), all);
}

#[test]
fn number_variants_find_the_normalised_number() {
    let a = Archive::new();
    for v in [
        "吕政办发〔2019〕23号",
        "吕政办发[2019]23号",
        "吕政办发〔2019〕23 号",
        "吕政办发（2019）23号",
        "吕政办发(2019)23号",
        "吕政办发【2019】23号",
        "吕政办发［２０１９］２３号",
        " 吕政办发 〔 2019 〕 23 號 ",
    ] {
        assert_eq!(
            a.both(&["--number", v]),
            strs(&["吕政办发〔2019〕23号"]),
            "{v}"
        );
    }
}

#[test]
fn number_wildcards_ranges_codes_years() {
    let a = Archive::new();
    let code = |c: &'static str| {
        expect(move |d| {
            d["doc_number"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{c}〔"))
        })
    };
    assert_eq!(code("吕政办发").len(), 8);
    assert_eq!(a.both(&["--number", "吕政办发〔2019〕*"]), code("吕政办发"));
    assert_eq!(a.both(&["--number", "吕政办发[2019]"]), code("吕政办发"));
    assert_eq!(a.both(&["--number", "吕政办发"]), code("吕政办发"));
    assert_eq!(a.both(&["--number", "吕政发"]), code("吕政发"));
    assert_eq!(
        a.both(&["--number", "吕政办发〔2019〕10-20号"]),
        strs(&[
            "吕政办发〔2019〕14号",
            "吕政办发〔2019〕16号",
            "吕政办发〔2019〕19号"
        ])
    );
    assert_eq!(
        a.both(&["--number", "吕发改*"]),
        strs(&[
            "吕发改办发〔2019〕54号",
            "吕发改办发〔2019〕192号",
            "吕发改财经发〔2019〕31号"
        ])
    );
    assert_eq!(a.both(&["--year", "2019"]).len(), 13);
    assert!(a.both(&["--number", "吕政办发〔2018〕*"]).is_empty());
    assert!(a.both(&["--year", "2017-2018"]).is_empty());
}

#[test]
fn date_ranges_on_the_document_date_and_issuer() {
    let a = Archive::new();
    let want = expect(|d| {
        date_in(d, "2019-04-01", "2019-06-30")
            && d["issuers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i.as_str().unwrap().contains("吕梁市人民政府办公室"))
    });
    assert_eq!(want.len(), 5);
    let q = [
        "--since",
        "2019-04-01",
        "--until",
        "2019-06-30",
        "--issuer",
        "吕梁市人民政府办公室",
    ];
    assert_eq!(a.both(&q), want);
    // `--until 2019-06` is through 2019-06-30; a year alone is the whole year.
    let q2 = [
        "--since",
        "2019-04",
        "--until",
        "2019-06",
        "--issuer",
        "吕梁市人民政府办公室",
    ];
    assert_eq!(a.both(&q2), want);
    assert_eq!(
        a.both(&["--since", "2019-05-24", "--until", "2019-05-28"]),
        expect(|d| date_in(d, "2019-05-24", "2019-05-28"))
    );
    // Documents without a date never match a date filter.
    let dated = expect(|d| d["date"].is_string());
    assert_eq!(a.both(&["--since", "2019"]), dated);
    assert_eq!(a.both(&["--until", "2019"]), dated);
    // The issue's publication date instead.
    assert_eq!(a.both(&["--published", "--since", "2019-07"]).len(), 13);
    assert!(a.both(&["--published", "--until", "2019-06"]).is_empty());
}

#[test]
fn missing_fields_status_section_gazette_type() {
    let a = Archive::new();
    assert_eq!(
        a.both(&["--missing", "date"]),
        strs(&["吕政办发〔2019〕7号", "吕发改办发〔2019〕54号"])
    );
    assert_eq!(
        a.both(&["--missing", "issuer"]),
        expect(|d| d["issuers"].as_array().unwrap().is_empty())
    );
    assert!(a.both(&["--missing", "number"]).is_empty());
    let unknown = expect(|d| d["publication"].is_null());
    assert_eq!(a.both(&["--missing", "publication"]), unknown);
    assert_eq!(a.both(&["--status", "unknown"]), unknown);
    assert_eq!(
        a.both(&["--status", "public"]),
        expect(|d| d["publication"] == "此件公开发布")
    );
    assert!(a.both(&["--status", "not_public"]).is_empty());
    assert_eq!(
        a.both(&["--section", "部门文件"]),
        expect(|d| d["section"] == "部门文件")
    );
    assert_eq!(
        a.both(&["--section", "市政府办公室"]),
        expect(|d| d["section"] == "市政府办公室文件")
    );
    assert_eq!(a.both(&["--gazette", "吕梁市人民政府公报"]).len(), 13);
    assert!(a.both(&["--gazette", "太原"]).is_empty());
    assert_eq!(
        a.both(&["--type", "通知"]),
        expect(|d| d["title"].as_str().unwrap().ends_with("通知"))
    );
    // doc_type_raw too.
    assert_eq!(
        a.both(&["--type", "实施方案"]),
        strs(&["吕发改财经发〔2019〕31号"])
    );
    // AND of everything.
    assert_eq!(
        a.both(&[
            "--section",
            "市政府办公室文件",
            "--status",
            "public",
            "--until",
            "2019-03"
        ]),
        strs(&["吕政办发〔2019〕1号", "吕政办发〔2019〕2号"])
    );
}

#[test]
fn citations_both_ways() {
    let a = Archive::new();
    for c in [
        "国办发〔2018〕61号",
        "国办发[2018]61号",
        "吕政办发电（2019）4号",
    ] {
        assert_eq!(
            a.both(&["--cites", c]),
            strs(&["吕发改办发〔2019〕54号"]),
            "{c}"
        );
    }
    assert_eq!(
        a.both(&["--cites", "国发〔2018〕20号"]),
        strs(&["吕政发〔2019〕4号"])
    );
    // Every document citing a 晋政办发 number.
    assert_eq!(a.both(&["--cites", "晋政办发"]).len(), 4);
    // Cited by 54号: the two documents of the extra issue holding those numbers.
    assert_eq!(
        a.numbers(
            &["--cited-by", "吕发改办发〔2019〕54号", "json", "cited"],
            0
        ),
        strs(&["国办发〔2018〕61号", "吕政办发电〔2019〕4号"])
    );
    assert_eq!(
        a.numbers(
            &[
                "--cited-by",
                "吕发改办发[2019]54号",
                "archive.jsonl",
                "cited/extra.json"
            ],
            0
        ),
        strs(&["国办发〔2018〕61号", "吕政办发电〔2019〕4号"])
    );
    // Straight on the text gazette (converted once for both passes).
    let fixture = root().join(FIXTURE);
    assert_eq!(
        a.numbers(
            &[
                "--cited-by",
                "吕发改办发〔2019〕54号",
                fixture.to_str().unwrap(),
                "cited"
            ],
            0
        ),
        strs(&["国办发〔2018〕61号", "吕政办发电〔2019〕4号"])
    );
    // Combined with another filter.
    assert_eq!(
        a.numbers(
            &[
                "--cited-by",
                "吕发改办发〔2019〕54号",
                "--year",
                "2019",
                "json",
                "cited"
            ],
            0
        ),
        strs(&["吕政办发电〔2019〕4号"])
    );
    // Cites nothing present.
    assert!(
        a.numbers(&["--cited-by", "吕政办发〔2019〕7号", "json", "cited"], 1)
            .is_empty()
    );
}

#[test]
fn text_pattern_regex_fixed_ignore_case() {
    let a = Archive::new();
    let found = a.both(&["--type", "通知", "-e", "双公示"]);
    assert_eq!(found, strs(&["吕发改办发〔2019〕192号"]));
    assert_eq!(a.both(&["-e", "双公示"]), found);
    assert_eq!(a.both(&["-F", "-e", "“双公示”工作"]), found);
    assert_eq!(a.both(&["双公示.工作"]), found);
    assert!(a.both(&["-F", "双公示.工作"]).is_empty());
    // Title matches too (the pattern is in the heading only).
    assert_eq!(
        a.both(&["安全生产工作的通知"]),
        strs(&["吕政发〔2019〕2号"])
    );
    // -i folds case (吕政办发〔2019〕19号 is the one body with "PPP").
    assert!(a.both(&["ppp"]).is_empty());
    assert_eq!(a.both(&["-i", "ppp"]), strs(&["吕政办发〔2019〕19号"]));
    assert_eq!(
        a.both(&["-i", "-F", "ppp"]),
        strs(&["吕政办发〔2019〕19号"])
    );
    // Snippets: one indented line per match, in the text output.
    let out = a
        .grep(&["--type", "通知", "-e", "双公示", "--context", "3", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("lvliang-2019-01.txt: 吕发改办发〔2019〕192号  2019-06-12  ")
    );
    let snippet = lines.next().unwrap();
    assert!(
        snippet.starts_with("    ") && snippet.contains("双公示"),
        "{snippet}"
    );
    assert!(lines.all(|l| l.starts_with("    ")));
}

#[test]
fn output_modes() {
    let a = Archive::new();
    a.grep(&["--number", "吕政发", "json"])
        .assert()
        .code(0)
        .stdout(
            "lvliang-2019-01.txt: 吕政发〔2019〕2号  2019-04-07  吕梁市人民政府关于做好2019年安全生产工作的通知\n\
             lvliang-2019-01.txt: 吕政发〔2019〕4号  2019-05-24  关于印发《吕梁市残疾儿童康复救助制度实施办法》的通知\n",
        );
    // `-` for a missing field.
    let out = a
        .grep(&["--number", "吕政办发〔2019〕7号", "json"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(": 吕政办发〔2019〕7号  -  ")
    );
    a.grep(&["-c", "--number", "吕政办发", "json"])
        .assert()
        .code(0)
        .stdout("8\n");
    a.grep(&["-c", "--number", "吕政办发〔2018〕", "json"])
        .assert()
        .code(1)
        .stdout("0\n");
    a.grep(&["-l", "--number", "吕政发", "json", "cited", "archive.jsonl"])
        .assert()
        .code(0)
        .stdout(format!(
            "{}\n{}\n",
            Path::new("json").join("lvliang-2019-01.txt.json").display(),
            "archive.jsonl"
        ));
    // JSON Lines document records, as convert --jsonl writes them.
    let out = a
        .grep(&["--json", "--number", "吕政发〔2019〕2号", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["record"], "document");
    assert_eq!(v["gazette"]["name"], "吕梁市人民政府公报");
    assert_eq!(v["source"]["path"], "lvliang-2019-01.txt");
    assert_eq!(v["date"], "2019-04-07");
    // The JSONL record passes through unchanged.
    let jsonl = std::fs::read_to_string(a.path("archive.jsonl")).unwrap();
    let line = jsonl
        .lines()
        .find(|l| l.contains("\"吕政发〔2019〕2号\"") && l.contains("\"record\":\"document\""))
        .unwrap();
    a.grep(&["--json", "--number", "吕政发〔2019〕2号", "archive.jsonl"])
        .assert()
        .stdout(format!("{line}\n"));
    // `--json` output is itself a searchable archive.
    let out = a
        .grep(&["--json", "--number", "吕政办发", "json"])
        .output()
        .unwrap();
    std::fs::write(a.path("subset.jsonl"), &out.stdout).unwrap();
    assert_eq!(
        a.run_on(&["--number", "吕政办发〔2019〕10-20号"], "subset.jsonl"),
        strs(&[
            "吕政办发〔2019〕14号",
            "吕政办发〔2019〕16号",
            "吕政办发〔2019〕19号"
        ])
    );
    // Colour only when asked for (or on a terminal).
    let out = a
        .grep(&["--color", "always", "--number", "吕政发", "json"])
        .output()
        .unwrap();
    assert!(out.stdout.contains(&0x1b));
    let out = a.grep(&["--number", "吕政发", "json"]).output().unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn sorting() {
    let a = Archive::new();
    let by_date = a.both(&["--sort", "date", "--number", "吕政办发"]);
    assert_eq!(
        by_date,
        strs(&[
            "吕政办发〔2019〕1号",
            "吕政办发〔2019〕2号",
            "吕政办发〔2019〕14号",
            "吕政办发〔2019〕16号",
            "吕政办发〔2019〕19号",
            "吕政办发〔2019〕23号",
            "吕政办发〔2019〕22号",
            "吕政办发〔2019〕7号", // no date: last
        ])
    );
    let by_number = a.both(&["--sort", "number", "--number", "吕政办发"]);
    assert_eq!(
        by_number,
        strs(&[
            "吕政办发〔2019〕1号",
            "吕政办发〔2019〕2号",
            "吕政办发〔2019〕7号",
            "吕政办发〔2019〕14号",
            "吕政办发〔2019〕16号",
            "吕政办发〔2019〕19号",
            "吕政办发〔2019〕22号",
            "吕政办发〔2019〕23号",
        ])
    );
    let all = a.numbers(&["--sort", "path", "-e", "", "json", "cited"], 0);
    assert_eq!(
        &all[..2],
        &strs(&["国办发〔2018〕61号", "吕政办发电〔2019〕4号"])[..]
    );
}

#[test]
fn pdf_and_text_inputs_converted_on_the_fly_and_cache() {
    let a = Archive::new();
    let fixture = root().join(FIXTURE);
    let f = fixture.to_str().unwrap();
    assert_eq!(
        a.numbers(&["--number", "吕政发", f], 0),
        strs(&["吕政发〔2019〕2号", "吕政发〔2019〕4号"])
    );
    // source.path as convert records it: relative to a folder given, as given for a file.
    std::fs::create_dir_all(a.path("in/2019")).unwrap();
    std::fs::copy(&fixture, a.path("in/2019/01.txt")).unwrap();
    for (arg, want) in [("in", "2019/01.txt"), ("in/2019/01.txt", "in/2019/01.txt")] {
        let out = a
            .grep(&["--json", "--number", "吕政发〔2019〕2号", arg])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["source"]["path"], want);
    }
    // A fresh cache entry (same blake3) is used instead of converting.
    let cache = a.path("cache");
    let mut issue = convert();
    issue.documents[0].title = Some("FROM THE CACHE".into());
    std::fs::create_dir_all(&cache).unwrap();
    let entry = cache.join("lvliang-2019-01.txt.json");
    std::fs::write(&entry, gazette::emit::to_pretty_json(&issue)).unwrap();
    let out = a
        .grep(&["--number", "吕政发〔2019〕2号", "--cache", "cache", f])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("FROM THE CACHE")
    );
    // A stale one (other blake3) is not.
    issue.source.blake3 = "0".repeat(64);
    std::fs::write(&entry, gazette::emit::to_pretty_json(&issue)).unwrap();
    let out = a
        .grep(&["--number", "吕政发〔2019〕2号", "--cache", "cache", f])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        !s.contains("FROM THE CACHE") && s.contains("安全生产"),
        "{s}"
    );
}

#[test]
fn compact_issue_json_and_crlf_json_lines() {
    // Files written by other tools: an issue JSON on one line, JSON Lines with CRLF ends.
    let a = Archive::new();
    let issue = convert();
    std::fs::create_dir_all(a.path("other")).unwrap();
    std::fs::write(
        a.path("other/compact.json"),
        serde_json::to_string(&issue).unwrap(),
    )
    .unwrap();
    std::fs::write(
        a.path("other/crlf.jsonl"),
        gazette::emit::to_jsonl(&issue).replace('\n', "\r\n"),
    )
    .unwrap();
    for args in [
        &["--number", "吕政办发〔2019〕10-20号"][..],
        &["--number", "吕政发"],
        &["--since", "2019-04", "--until", "2019-05"],
        &["--status", "public", "--missing", "date"],
        &["--status", "unknown"],
        &["--cites", "晋政办发"],
        &["--issuer", "办公室", "--section", "市政府办公室文件"],
        &["双公示"],
    ] {
        let want = a.both(args);
        assert_eq!(a.run_on(args, "other/compact.json"), want, "{args:?}");
        assert_eq!(a.run_on(args, "other/crlf.jsonl"), want, "{args:?}");
    }
}

#[test]
fn pdf_pages_in_the_text_output() {
    let a = Archive::new();
    let pdf = root().join("fixtures/pdf/gazette_two.pdf");
    let s = std::fs::read_to_string(root().join("fixtures/pdf/gazette_two.expected.json")).unwrap();
    let v: Value = serde_json::from_str(&s).unwrap();
    let want: String = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["doc_number"].as_str().unwrap().starts_with("吕政发"))
        .map(|d| {
            format!(
                "{}:{}: {}  {}  {}\n",
                pdf.display(),
                d["start_page"],
                d["doc_number"].as_str().unwrap(),
                d["date"].as_str().unwrap(),
                d["title"].as_str().unwrap()
            )
        })
        .collect();
    a.grep(&["--number", "吕政发", pdf.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(want);
    // `*`: every document with a 文号 (all 13).
    a.grep(&["-c", "--number", "*", pdf.to_str().unwrap()])
        .assert()
        .stdout("13\n");
}

#[test]
fn exit_codes_and_errors() {
    let a = Archive::new();
    a.grep(&["--number", "吕政发", "json"]).assert().code(0);
    a.grep(&["--number", "国发", "json"])
        .assert()
        .code(1)
        .stdout("");
    // Bad arguments.
    a.grep(&["--since", "2019/01", "json"]).assert().code(2);
    a.grep(&["--since", "2019-07", "--until", "2019-06", "json"])
        .assert()
        .code(2);
    a.grep(&["--number", " ", "json"]).assert().code(2);
    a.grep(&["--status", "secret", "json"]).assert().code(2);
    a.grep(&["(unclosed", "json"]).assert().code(2);
    // A missing path (anything that looks like a path is one, not a PATTERN).
    a.grep(&["--number", "吕政发", "nowhere/"]).assert().code(2);
    a.grep(&["--number", "吕政发", "json", "missing.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.jsonl"));
    // Invalid input is named on stderr and wins over matches.
    std::fs::write(a.path("json/broken.json"), "{\"schema_version\": 1").unwrap();
    std::fs::write(
        a.path("bad.jsonl"),
        "{\"schema_version\":1,\"record\":\"document\",\"doc_number\":{}}\ngarbage\n",
    )
    .unwrap();
    a.grep(&["--number", "吕政发", "json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("broken.json"))
        .stdout(predicates::str::contains("吕政发〔2019〕2号"));
    a.grep(&["", "bad.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.jsonl:2"))
        .stderr(predicates::str::contains("bad.jsonl:1"));
    // Line numbers stay right in a large file scanned in parallel chunks; a flood of bad
    // lines is summed up.
    let good = std::fs::read_to_string(a.path("archive.jsonl")).unwrap();
    let mut big: Vec<String> = std::iter::repeat_n(good.lines(), 150)
        .flatten()
        .map(String::from)
        .collect();
    big.insert(1499, "garbage".into());
    std::fs::write(a.path("big.jsonl"), big.join("\n") + "\n").unwrap();
    a.grep(&["-c", "", "big.jsonl"])
        .assert()
        .code(2)
        .stdout(format!("{}\n", 13 * 150))
        .stderr("gazette: big.jsonl:1500: not a JSON record\n");
    std::fs::write(a.path("junk.jsonl"), "junk\n".repeat(1000)).unwrap();
    let out = a.grep(&["", "junk.jsonl"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().count() < 200, "{err}");
    assert!(err.contains("more invalid lines"), "{err}");
    // Hidden bookkeeping (.gazette/failures.jsonl) was never read: no error before.
    std::fs::remove_file(a.path("json/broken.json")).unwrap();
    a.grep(&["", "json"]).assert().code(0).stderr("");
}

#[test]
fn closed_pipe_is_quiet() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let a = Archive::new();
    // Enough output to fill a pipe the reader closes at once.
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("gazette"))
        .current_dir(a.dir.path())
        .args([
            "grep",
            "的",
            "--context",
            "200",
            "json",
            "archive.jsonl",
            "json",
            "archive.jsonl",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(err.is_empty(), "{err}");
    assert_ne!(status.code(), Some(2));
}

mod prefilter_props {
    //! The byte-level pre-filters are necessary conditions: over random combinations of
    //! filters, a document that matches is never rejected on its raw record, its issue
    //! file is never skipped, and without a text pattern the record pre-filter is exact.

    use std::sync::LazyLock;

    use gazette::archive::{DocView, document_record_json};
    use gazette::grep::{DateRange, Filter, Missing, NumberPattern, Status, TextPattern};
    use gazette::model::Issue;
    use proptest::prelude::*;

    static ISSUE: LazyLock<Issue> = LazyLock::new(super::convert);

    fn pick<T: Clone + std::fmt::Debug + 'static>(xs: Vec<T>) -> impl Strategy<Value = T> {
        proptest::sample::select(xs)
    }

    /// Mostly absent, so that combinations still match something (about a quarter of the
    /// cases match at least one document).
    fn opt(xs: &[&'static str]) -> impl Strategy<Value = Option<String>> {
        proptest::option::weighted(0.25, pick(xs.iter().map(|s| s.to_string()).collect()))
    }

    fn filters() -> impl Strategy<Value = Filter> {
        let number = opt(&[
            "吕政办发",
            "吕政办发〔2019〕10-20号",
            "吕政发[2019]2号",
            "*",
            "吕发改*",
            "吕政办发〔2018〕*",
            "国务院令第1号",
        ]);
        let year = proptest::option::weighted(0.2, pick(vec![(2019, 2019), (2018, 2018)]));
        let since = opt(&["2019", "2019-04", "2019-05-24", "2019-06-30"]);
        let until = opt(&["2019-01", "2019-04-30", "2019-06", "2019"]);
        let issuer = opt(&["吕梁市人民政府", "办公室", "太原"]);
        let doc_type = opt(&["通知", "意见", "实施方案"]);
        let status = proptest::option::weighted(
            0.25,
            pick(vec![Status::Public, Status::NotPublic, Status::Unknown]),
        );
        let section = opt(&["部门文件", "市政府"]);
        let gazette = opt(&["吕梁", "太原"]);
        let missing = proptest::sample::subsequence(
            vec![
                Missing::Date,
                Missing::Number,
                Missing::Issuer,
                Missing::Publication,
            ],
            0..=1,
        );
        let cites = opt(&["国办发〔2018〕61号", "晋政办发", "国发*"]);
        let number_in = proptest::bool::weighted(0.2);
        let text = opt(&["双公示", "双.示", "(?i)ppp", "通知$", "“双公示”工作"]);
        (
            (
                number,
                year,
                since,
                until,
                proptest::bool::weighted(0.2),
                issuer,
            ),
            (doc_type, status, section, gazette, missing, cites),
            (number_in, text),
        )
            .prop_map(
                |(
                    (number, year, since, until, published, issuer),
                    (doc_type, status, section, gazette, missing, cites),
                    (number_in, text),
                )| Filter {
                    number: number.map(|p| NumberPattern::parse(&p).unwrap()),
                    year,
                    dates: DateRange {
                        since: since
                            .map(|s| gazette::grep::filter::parse_bound(&s, false).unwrap()),
                        until: until.map(|s| gazette::grep::filter::parse_bound(&s, true).unwrap()),
                        published,
                    },
                    issuer,
                    doc_type,
                    status,
                    section,
                    gazette,
                    missing,
                    cites: cites.map(|p| NumberPattern::parse(&p).unwrap()),
                    number_in: number_in.then(|| {
                        [
                            "吕政办发〔2019〕14号".to_string(),
                            "国发〔2018〕20号".to_string(),
                        ]
                        .into()
                    }),
                    text: text.map(|t| TextPattern::new(&t, false, false).unwrap()),
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn prefilters_never_reject_a_match(f in filters()) {
            let issue = &*ISSUE;
            let pre = f.prefilter();
            let mut any = false;
            for d in &issue.documents {
                let owned = DocView::from_document(d, &issue.gazette, &issue.source);
                let m = f.matches(&owned);
                any |= m;
                let line = document_record_json(d, &issue.gazette, &issue.source);
                let mut view: DocView<'_> = serde_json::from_str(&line).unwrap();
                view.fill_body(line.as_bytes());
                prop_assert_eq!(m, f.matches(&view));
                let accepted = pre.accepts(line.as_bytes());
                prop_assert!(!m || accepted);
                if pre.exact {
                    prop_assert_eq!(m, accepted);
                }
            }
            if any {
                let pretty = gazette::emit::to_pretty_json(issue);
                prop_assert!(f.file_needles(": ").accepts(pretty.as_bytes()));
                let compact = serde_json::to_string(issue).unwrap();
                prop_assert!(f.file_needles(":").accepts(compact.as_bytes()));
            }
        }
    }
}
