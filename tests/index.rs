//! `gazette index` + `gazette grep --db` against a scan of the same archive: for every
//! filter kind (and output mode) the index must print byte for byte what the scan prints.
//! The archive is synthetic but varied (numbers of every shape, dates, issuers, statuses,
//! sections, citations, missing fields), built from the lvliang fixture with the library,
//! and indexed both as JSON Lines and as a folder of issue JSON.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use gazette::grep::output::format_hit;
use gazette::grep::{
    DateRange, Filter, Missing, NumberPattern, Outcome, Query, SortKey, Status, TextPattern, Want,
};
use gazette::index::query::{TextSpec, search};
use gazette::model::{
    DocNumber, DocNumberKind, Issue, Publication, PublicationStatus, Reference, Relation,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn base() -> Issue {
    let path = root().join("fixtures/lvliang-2019-01.txt");
    let bytes = std::fs::read(&path).unwrap();
    gazette::pipeline::convert_bytes(&path, "lvliang-2019-01.txt", &bytes).unwrap()
}

fn number(code: &str, year: Option<i32>, serial: u32, kind: DocNumberKind) -> DocNumber {
    let text = match (kind, year) {
        (DocNumberKind::Decree, _) => format!("{code}第{serial}号"),
        (_, Some(y)) => format!("{code}〔{y}〕{serial}号"),
        (_, None) => format!("{code}{serial}号"),
    };
    DocNumber {
        raw: text.clone(),
        text,
        code: code.into(),
        year,
        serial: Some(serial),
        kind,
    }
}

/// 24 issues of the fixture's documents, each varied deterministically.
fn issues() -> Vec<Issue> {
    let base = base();
    let codes = [
        "吕政发",
        "吕政办发",
        "晋政办发",
        "国办发",
        "吕发改办发",
        "国务院令",
    ];
    let statuses = [
        None,
        Some(PublicationStatus::Public),
        Some(PublicationStatus::OnRequest),
        Some(PublicationStatus::NotPublic),
    ];
    let mut k = 0u32;
    (0..24u32)
        .map(|i| {
            let mut issue = base.clone();
            let year = 2017 + i as i32 / 8;
            issue.source.path = format!("{year}/{:02}.txt", i % 8 + 1);
            issue.source.blake3 = format!("{i:064x}");
            issue.gazette.published = Some(format!("{year}-{:02}-01", i % 8 + 1));
            if i.is_multiple_of(5) {
                issue.gazette.name = Some("太原市人民政府公报".into());
            }
            for (j, d) in issue.documents.iter_mut().enumerate() {
                k += 1;
                let code = codes[(k as usize) % codes.len()];
                let kind = if code.ends_with('令') {
                    DocNumberKind::Decree
                } else {
                    DocNumberKind::Standard
                };
                d.id = format!("{i:016x}#{j}");
                d.doc_number = (!k.is_multiple_of(11)).then(|| {
                    number(
                        code,
                        (kind == DocNumberKind::Standard).then_some(year),
                        k % 40 + 1,
                        kind,
                    )
                });
                d.date = (!k.is_multiple_of(7))
                    .then(|| format!("{year}-{:02}-{:02}", k % 12 + 1, k % 28 + 1));
                d.publication = statuses[(k as usize) % 4].map(|status| Publication {
                    text: "此件公开发布".into(),
                    status,
                });
                if k.is_multiple_of(9) {
                    d.issuers.clear();
                }
                if k.is_multiple_of(13) {
                    d.issuers.push("吕梁市\"财政\"局".into());
                }
                d.references = (0..k % 3)
                    .map(|r| {
                        let n = number(
                            codes[(k + r) as usize % 4],
                            Some(2016 + (k % 3) as i32),
                            (k + r) % 30 + 1,
                            DocNumberKind::Standard,
                        );
                        Reference {
                            text: n.text,
                            code: n.code,
                            year: n.year,
                            serial: n.serial,
                            kind: n.kind,
                            title: None,
                            relation: [
                                Relation::Cites,
                                Relation::BasedOn,
                                Relation::Amends,
                                Relation::Repeals,
                            ][((k + r) % 4) as usize],
                        }
                    })
                    .collect();
                if k.is_multiple_of(17) {
                    d.pages = None;
                }
            }
            issue
        })
        .collect()
}

struct Archive {
    dir: tempfile::TempDir,
}

fn gazette(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

impl Archive {
    fn new() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let mut jsonl = String::new();
        for issue in issues() {
            jsonl.push_str(&gazette::emit::to_jsonl(&issue));
            let target = dir
                .path()
                .join("json")
                .join(format!("{}.json", issue.source.path));
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, gazette::emit::to_pretty_json(&issue)).unwrap();
        }
        std::fs::write(dir.path().join("archive.jsonl"), jsonl).unwrap();
        let a = Archive { dir };
        for (input, db) in [("archive.jsonl", "jsonl.db"), ("json", "json.db")] {
            let (_, err, code) = gazette(a.dir.path(), &["index", input, "--db", db, "-q"]);
            assert_eq!(code, Some(0), "{err}");
        }
        a
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Hits as printed (path of the searched file, the text lines, the JSON record), the
    /// file named relative to the archive folder.
    fn printed(&self, o: &Outcome, bare: bool) -> Vec<(PathBuf, String, Option<String>)> {
        o.hits
            .iter()
            .map(|h| {
                let p = &o.files[h.file].path;
                let p = p.strip_prefix(self.dir.path()).unwrap_or(p);
                // `-c` / `-l` only need which file each hit is in.
                let line = if bare {
                    String::new()
                } else {
                    format_hit(h, false)
                };
                (p.to_path_buf(), line, h.json.clone())
            })
            .collect()
    }

    /// What `-c` and `-l` print: the number of hits, the files with hits in order.
    fn bare(&self, o: &Outcome) -> (usize, Vec<PathBuf>) {
        let files = o
            .files
            .iter()
            .enumerate()
            .filter(|(i, _)| o.hits.iter().any(|h| h.file == *i))
            .map(|(_, f)| {
                f.path
                    .strip_prefix(self.dir.path())
                    .unwrap_or(&f.path)
                    .to_path_buf()
            })
            .collect();
        (o.hits.len() + o.more_hits, files)
    }

    /// The scan's and the index's answers to `q`, on both archive forms and with each
    /// kind of output; returns the number of documents found.
    fn same(&self, q: &Query, text: Option<TextSpec<'_>>) -> usize {
        let mut n = None;
        for (input, db) in [("archive.jsonl", "jsonl.db"), ("json", "json.db")] {
            let modes = [
                Want {
                    json: true,
                    snippets: Some(20),
                    ..Want::default()
                },
                Want {
                    bare: true,
                    ..Want::default()
                },
                Want {
                    bare: true,
                    count_only: true,
                    ..Want::default()
                },
            ];
            for want in modes {
                let scan = gazette::grep::search(&[self.path(input)], q, want);
                assert!(scan.errors.is_empty(), "{:?}", scan.errors);
                let indexed = search(&self.path(db), q, want, text).unwrap();
                assert_eq!(scan.notes, indexed.notes);
                if want.count_only {
                    assert_eq!(
                        scan.hits.len() + scan.more_hits,
                        indexed.hits.len() + indexed.more_hits,
                        "{q:?} {want:?} on {input}"
                    );
                    continue;
                }
                if want.bare {
                    // `-c` prints the count, `-l` the files with hits (the index may count
                    // hits without listing them).
                    assert_eq!(
                        self.bare(&scan),
                        self.bare(&indexed),
                        "{q:?} {want:?} on {input}"
                    );
                    continue;
                }
                let (a, b) = (
                    self.printed(&scan, want.bare),
                    self.printed(&indexed, want.bare),
                );
                // Short messages: the first difference, without the records.
                let first = a.iter().zip(&b).position(|(x, y)| x != y);
                assert!(
                    a.len() == b.len() && first.is_none(),
                    "{q:?} {want:?} on {input}: {} vs {} hits, first difference: {:?}",
                    a.len(),
                    b.len(),
                    first.map(|i| (&a[i].0, &a[i].1, &b[i].0, &b[i].1))
                );
                n = Some(scan.hits.len());
            }
        }
        n.unwrap()
    }
}

fn filter(f: impl FnOnce(&mut Filter)) -> Query {
    let mut filter = Filter::default();
    f(&mut filter);
    Query {
        filter,
        ..Query::default()
    }
}

fn num(s: &str) -> Option<NumberPattern> {
    Some(NumberPattern::parse(s).unwrap())
}

fn date(s: Option<&str>, u: Option<&str>, published: bool) -> DateRange {
    DateRange {
        since: s.map(str::to_string),
        until: u.map(str::to_string),
        published,
    }
}

#[test]
fn every_filter_kind_answers_as_a_scan() {
    let a = Archive::new();
    let all = a.same(&Query::default(), None);
    assert!(all > 200, "{all}");
    let cases: Vec<Query> = vec![
        filter(|f| f.number = num("吕政办发〔2018〕*")),
        filter(|f| f.number = num("吕政办发[2018]10-20号")),
        filter(|f| f.number = num("吕政办发（2019）7号")),
        filter(|f| f.number = num("吕政办发")),
        filter(|f| f.number = num("吕政*")),
        filter(|f| f.number = num("*办发")),
        filter(|f| f.number = num("*")),
        filter(|f| f.number = num("国务院令第5-15号")),
        filter(|f| f.number = num("国务院令*")),
        filter(|f| f.number = num("国令第7号")),
        filter(|f| f.year = Some((2018, 2018))),
        filter(|f| f.year = Some((2017, 2018))),
        filter(|f| f.dates = date(Some("2018-03-01"), None, false)),
        filter(|f| f.dates = date(None, Some("2017-06-30"), false)),
        filter(|f| f.dates = date(Some("2018-04-01"), Some("2018-06-30"), false)),
        filter(|f| f.dates = date(Some("2018-01-01"), Some("2018-12-31"), true)),
        filter(|f| f.issuer = Some("人民政府".into())),
        filter(|f| f.issuer = Some("\"财政\"".into())),
        filter(|f| f.doc_type = Some("通知".into())),
        filter(|f| f.doc_type = Some("实施方案".into())),
        filter(|f| f.status = Some(Status::Public)),
        filter(|f| f.status = Some(Status::OnRequest)),
        filter(|f| f.status = Some(Status::NotPublic)),
        filter(|f| f.status = Some(Status::Unknown)),
        filter(|f| f.section = Some("文件".into())),
        filter(|f| f.gazette = Some("太原".into())),
        filter(|f| f.missing = vec![Missing::Date]),
        filter(|f| f.missing = vec![Missing::Number]),
        filter(|f| f.missing = vec![Missing::Issuer]),
        filter(|f| f.missing = vec![Missing::Publication]),
        filter(|f| f.missing = vec![Missing::Date, Missing::Number]),
        filter(|f| f.cites = num("国办发〔2016〕*")),
        filter(|f| f.cites = num("吕政发")),
        Query {
            cited_by: num("吕政办发〔2018〕3号"),
            ..Query::default()
        },
        Query {
            cited_by: num("吕政发〔2099〕1号"),
            ..Query::default()
        },
        filter(|f| f.in_force.in_force_on = Some("2019-06-01".into())),
        filter(|f| f.in_force.expires_before = Some("2030-01-01".into())),
        filter(|f| f.in_force.repeals = num("吕政发")),
        filter(|f| f.in_force.amends = num("*")),
        Query {
            repealed_by: num("吕政办发〔2018〕3号"),
            ..Query::default()
        },
        Query {
            sort: Some(SortKey::Date),
            ..filter(|f| f.number = num("吕政*"))
        },
        Query {
            sort: Some(SortKey::Number),
            ..filter(|f| f.status = Some(Status::Public))
        },
    ];
    let mut empty = Vec::new();
    for q in &cases {
        if a.same(q, None) == 0 {
            empty.push(format!("{q:?}"));
        }
    }
    // Most cases find something (a few exact numbers may miss in this synthetic data).
    assert!(empty.len() <= 10, "{empty:#?}");

    // Text PATTERNs: trigram full text, short literals, regexes, case, combinations.
    let texts: &[(&str, bool, bool)] = &[
        ("双公示", false, false),
        ("“双公示”", true, false),
        ("公示", false, false),
        ("双.示", false, false),
        ("ppp", false, true),
        ("信用信息|执法全过程", false, false),
        ("(?m)^附件", false, false),
        ("a.b", true, false),
    ];
    for &(p, fixed, ic) in texts {
        for base in [Query::default(), filter(|f| f.number = num("吕政发"))] {
            let mut q = base;
            q.filter.text = Some(TextPattern::new(p, fixed, ic).unwrap());
            let spec = TextSpec {
                pattern: p,
                fixed,
                ignore_case: ic,
            };
            a.same(&q, Some(spec));
        }
    }
}

#[test]
fn the_command_line_answers_as_a_scan() {
    let a = Archive::new();
    let d = a.dir.path();
    for args in [
        &["--number", "吕政发"][..],
        &["-c", "--since", "2018"],
        &["-l", "--status", "public"],
        &["--json", "--sort", "date", "--cites", "国办发"],
        &["-e", "双公示", "--type", "通知"],
        &["-i", "-F", "PPP"],
        &["--number", "吕政办发〔2099〕1号"],
    ] {
        let scan = gazette(d, &[&["grep"][..], args, &["archive.jsonl"]].concat());
        let indexed = gazette(d, &[&["grep", "--db", "jsonl.db"][..], args].concat());
        assert_eq!(scan, indexed, "{args:?}");
    }
}

#[test]
fn incremental_replace_and_removal() {
    let a = Archive::new();
    // Drop one issue file and change another: the index follows.
    std::fs::remove_file(a.path("json/2017/01.txt.json")).unwrap();
    let p = a.path("json/2018/02.txt.json");
    let mut issue: Issue = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    issue.documents.truncate(1);
    std::fs::write(&p, gazette::emit::to_pretty_json(&issue)).unwrap();
    let (_, err, code) = gazette(a.dir.path(), &["index", "json", "--db", "json.db"]);
    assert_eq!(code, Some(0));
    assert!(
        err.contains("1 indexed") && err.contains("1 removed") && err.contains("22 unchanged"),
        "{err}"
    );
    a.same(&Query::default(), None);
}

#[test]
fn errors_are_clear() {
    let a = Archive::new();
    let d = a.dir.path();
    let (_, err, code) = gazette(d, &["grep", "--db", "missing.db", "x"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.db: no such index"), "{err}");
    let (_, err, code) = gazette(d, &["grep", "--db", "json.db", "x", "json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("give no paths"), "{err}");
    let (_, err, code) = gazette(d, &["grep", "--db", "archive.jsonl", "x"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("archive.jsonl"), "{err}");
    std::fs::write(
        a.path("bad.jsonl"),
        "{\"schema_version\":1,\"record\":\"document\"}\nnot json\n",
    )
    .unwrap();
    let (_, err, code) = gazette(d, &["index", "bad.jsonl", "--db", "bad.db"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("bad.jsonl:1: invalid document record"),
        "{err}"
    );
    assert!(err.contains("bad.jsonl:2: not a JSON record"), "{err}");
}

#[test]
fn convert_db_indexes_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixture = root().join("fixtures/lvliang-2019-01.txt");
    let fx = fixture.to_str().unwrap();
    let (_, err, code) = gazette(d, &["convert", fx, "--db", "x.db"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--db indexes the outputs"), "{err}");
    let (_, err, code) = gazette(d, &["convert", fx, "-o", "json", "--db", "x.db", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let scan = gazette(d, &["grep", "--number", "吕政办发", "json"]);
    let indexed = gazette(d, &["grep", "--db", "x.db", "--number", "吕政办发"]);
    assert_eq!(scan, indexed);
    assert!(scan.0.lines().count() >= 3, "{}", scan.0);
}
