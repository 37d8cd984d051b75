//! In force (issue 15) on the constructed archive `fixtures/in_force` (four issues of one
//! gazette, 2016–2020, where later documents repeal, amend and rest on earlier ones, and one
//! expires): the per-document fields, every `grep` in-force query and the `check` rules,
//! with the exact results its README lists (checked by hand).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FIXTURE: &str = "fixtures/in_force";

/// The archive converted once per test into a temporary folder (`convert -o`).
fn converted() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("json");
    Command::cargo_bin("gazette")
        .unwrap()
        .args(["convert", "-o"])
        .arg(&out)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .assert()
        .success();
    (dir, out)
}

/// 文号 of the documents `grep ARGS` finds in `json`, in output order.
fn grep(json: &Path, args: &[&str]) -> Vec<String> {
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .arg("grep")
        .arg("--json")
        .args(args)
        .arg(json)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc_number"]["text"].as_str().unwrap().to_string()
        })
        .collect()
}

const D1: &str = "云川政发〔2016〕3号";
const D2: &str = "云川政办发〔2016〕8号";
const D3: &str = "云川政发〔2017〕2号";
const D4: &str = "云川政办发〔2017〕5号";
const D5: &str = "云川政发〔2019〕4号";
const D6: &str = "云川政办发〔2019〕3号";
const D7: &str = "云川政办发〔2020〕2号";
const D8: &str = "云川政办发〔2020〕5号";

#[test]
fn fields_of_each_document() {
    let (_dir, json) = converted();
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["grep", "--json", "--since", "2000"])
        .arg(&json)
        .output()
        .unwrap();
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = |d: &serde_json::Value| {
        let date = |k: &str| d[k]["date"].as_str().map(str::to_string);
        let refs: Vec<String> = d["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["text"].as_str().unwrap(),
                    r["relation"].as_str().unwrap()
                )
            })
            .collect();
        (
            d["doc_number"]["text"].as_str().unwrap().to_string(),
            date("effective"),
            date("valid_until"),
            refs.join("; "),
        )
    };
    let s = |x: &str| Some(x.to_string());
    let want = vec![
        (
            D1,
            s("2016-03-01"),
            s("2021-02-28"),
            "国务院令第198号 based_on",
        ),
        (D2, s("2016-02-20"), None, ""),
        (D3, None, None, "云川政发〔2016〕3号 based_on"),
        (D4, s("2017-01-10"), s("2018-12-31"), ""),
        (
            D5,
            s("2019-03-01"),
            s("2024-02-29"),
            "国务院令第198号 based_on; 云川政发〔2016〕3号 repeals; 云川政发〔2014〕12号 repeals",
        ),
        (D6, s("2019-02-01"), None, "云川政办发〔2016〕8号 amends"),
        (
            D7,
            s("2020-02-09"),
            None,
            "云川政发〔2016〕3号 based_on; 云川政办发〔2017〕5号 based_on",
        ),
        (
            D8,
            None,
            None,
            "云川政办发〔2016〕8号 repeals; 云川政办发〔2019〕3号 based_on",
        ),
    ];
    let got: Vec<_> = docs.iter().map(row).collect();
    let want: Vec<_> = want
        .into_iter()
        .map(|(n, e, v, r)| (n.to_string(), e, v, r.to_string()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        docs[0]["references"][0]["title"].as_str(),
        Some("城市道路管理条例")
    );
    assert_eq!(
        docs[4]["references"][1]["title"].as_str(),
        Some("云川市城市道路占用挖掘管理办法")
    );
}

#[test]
fn in_force_on_a_day() {
    let (_dir, json) = converted();
    let on = |day: &str| grep(&json, &["--in-force-on", day]);
    assert_eq!(on("2016-02-25"), [D2]);
    assert_eq!(on("2016-06-01"), [D1, D2]);
    assert_eq!(on("2018-12-31"), [D1, D2, D3, D4]);
    assert_eq!(on("2019-01-01"), [D1, D2, D3]);
    // D5 is dated 2019-01-15 but applies (and repeals D1) from 2019-03-01.
    assert_eq!(on("2019-02-15"), [D1, D2, D3, D6]);
    assert_eq!(on("2019-06-01"), [D2, D3, D5, D6]);
    assert_eq!(on("2020-01-15"), [D2, D3, D5, D6]);
    assert_eq!(on("2020-06-01"), [D3, D5, D6, D7, D8]);
    assert_eq!(on("2024-03-01"), [D3, D6, D7, D8]);
    // Straight from the text gazettes, converted on the fly: the same answer.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    assert_eq!(
        grep(&src, &["--in-force-on", "2019-06-01"]),
        [D2, D3, D5, D6]
    );
}

#[test]
fn repeals_amends_and_expiry() {
    let (_dir, json) = converted();
    assert_eq!(grep(&json, &["--repeals", "云川政发(2016)3号"]), [D5]);
    assert_eq!(grep(&json, &["--repeals", "云川政发〔2014〕12号"]), [D5]);
    assert_eq!(grep(&json, &["--repeals", D2]), [D8]);
    assert_eq!(grep(&json, &["--repealed-by", "云川政发[2019]4号"]), [D1]);
    assert_eq!(grep(&json, &["--repealed-by", D8]), [D2]);
    assert_eq!(grep(&json, &["--amends", D2]), [D6]);
    assert_eq!(grep(&json, &["--amends", "云川政办发"]), [D6]);
    assert!(grep(&json, &["--amends", D1]).is_empty());
    assert_eq!(grep(&json, &["--expires-before", "2019-01-01"]), [D4]);
    assert_eq!(grep(&json, &["--expires-before", "2024-02-29"]), [D1, D4]);
    assert_eq!(
        grep(&json, &["--expires-before", "2024-03-01"]),
        [D1, D4, D5]
    );
    // Counting decides on the parsed records too.
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["grep", "-c", "--in-force-on", "2020-06-01"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "5\n");
}

#[test]
fn status_in_the_text_output() {
    let (_dir, json) = converted();
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["grep", "--color", "never", "--year", "2016-2017"])
        .arg(&json)
        .output()
        .unwrap();
    // source.path is the path as given to convert (here absolute): compare what follows
    // the fixture folder.
    let root = format!(
        "{}/",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(FIXTURE)
            .display()
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().replace(&root, ""),
        "2016/01.txt: 云川政发〔2016〕3号  2016-02-15  关于印发《云川市城市道路占用挖掘管理办法》的通知  [repealed by 云川政发〔2019〕4号 from 2019-03-01]\n\
         2016/01.txt: 云川政办发〔2016〕8号  2016-02-20  关于印发云川市城区停车收费管理暂行办法的通知  [repealed by 云川政办发〔2020〕5号 from 2020-01-20]\n\
         2017/01.txt: 云川政发〔2017〕2号  2017-01-20  云川市人民政府关于加强城市道路挖掘管理的通知\n\
         2017/01.txt: 云川政办发〔2017〕5号  2017-01-10  关于印发云川市创业担保贷款实施细则的通知  [valid until 2018-12-31]\n"
    );
}

#[test]
fn check_finds_repealed_and_expired_bases() {
    let (_dir, json) = converted();
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["check", "--format", "jsonl"])
        .arg(&json)
        .output()
        .unwrap();
    // Warnings and info only: the check passes.
    assert_eq!(out.status.code(), Some(0));
    let got: Vec<(String, String, String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("code"), s("severity"), s("document"), s("message"))
        })
        .collect();
    let f = |c: &str, s: &str, d: &str, m: &str| (c.into(), s.into(), d.into(), m.into());
    assert_eq!(
        got,
        vec![
            f(
                "relation-unresolved",
                "info",
                D5,
                "云川政发〔2019〕4号 repeals 云川政发〔2014〕12号, which is not in the archive"
            ),
            f(
                "cites-repealed",
                "warning",
                D7,
                "云川政办发〔2020〕2号 (2020-01-10) rests on 云川政发〔2016〕3号, repealed by 云川政发〔2019〕4号 from 2019-03-01"
            ),
            f(
                "expired-but-cited",
                "warning",
                D7,
                "云川政办发〔2020〕2号 (2020-01-10) rests on 云川政办发〔2017〕5号, in force only until 2018-12-31"
            ),
        ]
    );
    // Straight from the text gazettes (check converts them on the fly): the same findings.
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["check", "--format", "jsonl"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let from_text: Vec<(String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("code"), s("message"))
        })
        .collect();
    let converted: Vec<(String, String)> = got.iter().map(|g| (g.0.clone(), g.3.clone())).collect();
    assert_eq!(from_text, converted);
    // Made an error, the repeal fails the check.
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["check", "--deny", "cites-repealed"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
