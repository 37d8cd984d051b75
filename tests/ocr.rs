//! `--ocr` on scans made by `scripts/make-scans.py` (fixtures/scan/): a 300 dpi JPEG page, a
//! CCITT G4 page and a page of noise. Needs the `tesseract` program with `chi_sim`; without
//! it the recognition tests print a note and pass (CI installs it, see `.ci/run`). The
//! error paths run everywhere.

use std::path::Path;

use assert_cmd::Command;
use gazette::model::Issue;
use gazette::pipeline::{Options, convert_bytes_with, extract_text_with};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn have_tesseract() -> bool {
    let ok = gazette::extract::ocr::engine().is_ok();
    if !ok {
        eprintln!(
            "note: tesseract with chi_sim is not installed; OCR test skipped (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        );
    }
    ok
}

const OCR: Options = Options { ocr: true };

fn convert(rel: &str) -> Issue {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    convert_bytes_with(&path, rel, &bytes, &OCR).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text_of(rel: &str, opts: &Options) -> String {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let (_, text) = extract_text_with(&path, &bytes, opts).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Levenshtein distance over chars (short strings only).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_scanned_page_gives_the_fields_of_its_text_layer() {
    if !have_tesseract() {
        return;
    }
    let issue = convert("fixtures/scan/single-p46.pdf");
    assert!(
        issue.source.extractor.contains("tesseract"),
        "{}",
        issue.source.extractor
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/pdf/gazette_single.expected.json")).unwrap(),
    )
    .unwrap();
    let want = expected["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["start_page"] == 46)
        .unwrap();
    let n = want["doc_number"].as_str().unwrap();
    let d = issue
        .documents
        .iter()
        .find(|d| {
            d.doc_number
                .as_ref()
                .is_some_and(|x| x.serial == Some(16) && x.year == Some(2019))
        })
        .unwrap_or_else(|| panic!("no 〔2019〕16号 in {:#?}", issue.documents));
    let got = d.doc_number.as_ref().unwrap();
    // The 文号's brackets are repaired; its code may be one character off (吕 read as 昌) —
    // then the document says so rather than being silently "corrected".
    assert!(distance(&got.text, n) <= 1, "{} vs {n}", got.text);
    if got.text != n {
        assert!(
            d.warnings
                .iter()
                .any(|w| w.code == "ocr-suspect-doc-number")
                || issue.documents.len() < 2,
            "{:?}",
            d.warnings
        );
    }
    assert_eq!(d.title.as_deref(), want["title"].as_str());
    assert_eq!(Value::from(d.issuers.clone()), want["issuers"]);
    assert_eq!(d.date.as_deref(), want["date"].as_str());
    assert_eq!(
        d.publication.as_ref().map(|p| p.text.as_str()),
        want["publication"].as_str()
    );
}

#[test]
fn a_g4_page_reads_like_its_text_layer() {
    if !have_tesseract() {
        return;
    }
    let ocr = squash(&text_of("fixtures/scan/single-p47-g4.pdf", &OCR));
    // the same page's text layer, from the source PDF
    let path = root().join("fixtures/pdf/gazette_single.pdf");
    let x = gazette::extract::pdf::extract_pdf(&std::fs::read(path).unwrap()).unwrap();
    let mut x = x;
    gazette::layout::lay_out(&mut x);
    let layer: String = x.pages[46].raw_lines.concat();
    let layer = squash(&layer);
    let d = distance(&ocr, &layer);
    let cer = d as f64 / layer.chars().count() as f64;
    eprintln!("G4 page: CER {:.1}% against its text layer", cer * 100.0);
    assert!(cer < 0.15, "CER {cer}\nOCR: {ocr}\nlayer: {layer}");
}

#[test]
fn a_page_of_noise_is_empty_with_a_warning() {
    if !have_tesseract() {
        return;
    }
    let issue = convert("fixtures/scan/noise.pdf");
    assert!(issue.documents.is_empty(), "{:#?}", issue.documents);
    assert!(
        issue
            .warnings
            .iter()
            .any(|w| w.code == "ocr-low-confidence" && w.page == Some(1)),
        "{:?}",
        issue.warnings
    );
}

#[test]
fn without_ocr_a_scan_says_how_to_enable_it() {
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["convert", "fixtures/scan/noise.pdf"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--ocr"), "{err}");
}

#[test]
fn ocr_without_tesseract_names_the_package() {
    let out = Command::cargo_bin("gazette")
        .unwrap()
        .args(["convert", "--ocr", "fixtures/scan/noise.pdf"])
        .env("GAZETTE_TESSERACT", "/nonexistent/tesseract")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tesseract-ocr"), "{err}");
    assert_eq!(err.lines().count(), 1, "one error, not one per file: {err}");
}
