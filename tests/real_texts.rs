//! 60 real State Council documents (gov.cn crawl): each file converts to one document whose
//! title and 文号 equal the crawl's own record (`index.json`), and all 60 concatenated into
//! one text (no TOC, no masthead) split back into the same 60 documents.

use std::path::{Path, PathBuf};

use gazette::gongwen::doc_number::parse_doc_number;
use gazette::model::Issue;
use serde_json::Value;

mod common;

/// The crawl's folder (read in place from ../shared), or None when absent.
fn crawl() -> Option<PathBuf> {
    common::real("govcn-2019-02-crawl")
}

fn index(dir: &Path) -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap()
}

fn convert(name: &str, bytes: &[u8]) -> Issue {
    gazette::pipeline::convert_bytes(Path::new(name), name, bytes).unwrap()
}

/// The crawl titles a decree by the rule it promulgates; our title is the decree header.
fn is_decree(e: &Value) -> bool {
    e["release_number"].as_str().unwrap().contains('令')
}

fn check(doc: &gazette::model::Document, e: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let want_number = parse_doc_number(e["release_number"].as_str().unwrap()).map(|n| n.text);
    let got_number = doc.doc_number.as_ref().map(|n| n.text.clone());
    if got_number != want_number {
        errors.push(format!(
            "{}: number {got_number:?} != {want_number:?}",
            e["file"]
        ));
    }
    if !is_decree(e) && doc.title.as_deref() != e["title"].as_str() {
        errors.push(format!(
            "{}: title {:?} != {}",
            e["file"], doc.title, e["title"]
        ));
    }
    if doc.date.is_none() {
        errors.push(format!("{}: no date", e["file"]));
    }
    errors
}

#[test]
fn each_crawled_document_gets_its_title_number_and_date() {
    let Some(dir) = crawl() else { return };
    let mut errors = Vec::new();
    for e in index(&dir) {
        let file = e["file"].as_str().unwrap();
        let issue = convert(file, &std::fs::read(dir.join(file)).unwrap());
        assert_eq!(issue.documents.len(), 1, "{file}");
        errors.extend(check(&issue.documents[0], &e));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn sixty_concatenated_documents_split_back() {
    let Some(dir) = crawl() else { return };
    let index = index(&dir);
    let text: Vec<String> = index
        .iter()
        .map(|e| std::fs::read_to_string(dir.join(e["file"].as_str().unwrap())).unwrap())
        .collect();
    let issue = convert("all.txt", text.join("\n\n").as_bytes());
    assert_eq!(issue.documents.len(), index.len());
    let errors: Vec<String> = issue
        .documents
        .iter()
        .zip(&index)
        .flat_map(|(d, e)| check(d, e))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The 11 State Council texts with hand-checked expectations (`real/text`), end to end:
/// title, 文号 as printed, issuers, date, publication note, addressees, attachments.
#[test]
fn state_council_texts_match_their_ground_truth_end_to_end() {
    let Some(dir) = common::real("text") else {
        return;
    };
    let mut errors = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 11);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let issue = convert(&name, &std::fs::read(&path).unwrap());
        let want_docs = expected["documents"].as_array().unwrap();
        if issue.documents.len() != want_docs.len() {
            errors.push(format!(
                "{name}: {} documents, expected {}",
                issue.documents.len(),
                want_docs.len()
            ));
        }
        for (d, w) in issue.documents.iter().zip(want_docs) {
            let note = d.publication.as_ref().map(|p| format!("（{}）", p.text));
            let got = [
                ("title", serde_json::json!(d.title)),
                (
                    "doc_number",
                    serde_json::json!(d.doc_number.as_ref().map(|n| squeeze(&n.raw))),
                ),
                ("issuers", serde_json::json!(d.issuers)),
                ("date", serde_json::json!(d.date)),
                ("publication_status", serde_json::json!(note)),
                ("addressees", serde_json::json!(d.addressees)),
                (
                    "attachments",
                    serde_json::json!(d.attachments.iter().map(|a| &a.title).collect::<Vec<_>>()),
                ),
            ];
            for (field, value) in got {
                let mut want = w[field].clone();
                if let Some(s) = want.as_str() {
                    want = Value::from(match field {
                        "doc_number" => squeeze(s),
                        "publication_status" => s.replace('(', "（").replace(')', "）"),
                        _ => s.to_string(),
                    });
                }
                if want != value {
                    errors.push(format!("{name} {field}: got {value}, expected {want}"));
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
