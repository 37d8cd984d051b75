//! OCR accuracy and speed on scanned fixtures (run by `scripts/bench-ocr.sh`):
//!
//!     cargo run --release --example ocr_accuracy -- [-j N] SCAN.pdf FIXTURE_STEM …
//!
//! For each scan (an image-only PDF made by `scripts/make-scans.py` from
//! `FIXTURE_STEM.pdf`), runs the whole pipeline with `--ocr` on N threads and prints the
//! seconds per page, the character error rate of the extracted text against
//! `FIXTURE_STEM.ref.txt`, and per-field accuracy against `FIXTURE_STEM.expected.json`
//! (documents paired by the page their heading stands on).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use gazette::model::Document;
use serde_json::Value;

fn normalise(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let leader = |c: char| matches!(c, '·' | '.' | '…' | '•' | '⋯');
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let j = if leader(chars[i]) {
            i + chars[i..].iter().take_while(|c| leader(**c)).count()
        } else {
            i + 1
        };
        if j - i < 3 || !leader(chars[i]) {
            out.extend_from_slice(&chars[i..j]);
        }
        i = j;
    }
    out
}

/// Edit distance / reference length, from a Myers diff (a replace hunk costs its longer side).
fn cer(got: &str, reference: &str) -> f64 {
    let (a, b) = (normalise(reference), normalise(got));
    let mut dist = 0;
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        dist += match op {
            similar::DiffOp::Equal { .. } => 0,
            similar::DiffOp::Delete { old_len, .. } => old_len,
            similar::DiffOp::Insert { new_len, .. } => new_len,
            similar::DiffOp::Replace {
                old_len, new_len, ..
            } => old_len.max(new_len),
        };
    }
    dist as f64 / a.len().max(1) as f64
}

fn field(d: &Document, name: &str) -> Value {
    let s = |v: Option<&str>| v.map_or(Value::Null, |s| Value::String(s.into()));
    match name {
        "title" => s(d.title.as_deref()),
        "doc_number" => s(d.doc_number.as_ref().map(|n| n.text.as_str())),
        "issuers" => Value::from(d.issuers.clone()),
        "date" => s(d.date.as_deref()),
        "publication" => s(d.publication.as_ref().map(|p| p.text.as_str())),
        "addressees" => s(d.addressees.as_deref()),
        "section" => s(d.section.as_deref()),
        _ => Value::Null,
    }
}

/// Full-width ASCII forms (`（`, `，`) folded to ASCII.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether a field is right. Addressees are compared with full-width punctuation folded:
/// the source PDFs print `各县(市、区)人民政府,` half-width in some documents, while OCR's
/// repair gives the full-width forms gazettes print in general, so the same text would
/// count as wrong. The five fields are compared exactly.
fn same(name: &str, got: &Value, want: &Value) -> bool {
    match (name, got, want) {
        ("addressees", Value::String(g), Value::String(w)) => fold(g) == fold(w),
        _ => got == want,
    }
}

const FIELDS: [&str; 7] = [
    "title",
    "doc_number",
    "issuers",
    "date",
    "publication",
    "addressees",
    "section",
];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut threads = 0;
    if args.first().is_some_and(|a| a == "-j") && args.len() > 1 {
        threads = args[1].parse().expect("-j N");
        args.drain(..2);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("thread pool");
    let mut total: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for pair in args.chunks(2) {
        let [scan, stem] = pair else {
            panic!("usage: ocr_accuracy [-j N] SCAN.pdf FIXTURE_STEM …")
        };
        let bytes = std::fs::read(scan).expect("scan");
        let t = Instant::now();
        let opts = gazette::pipeline::Options { ocr: true };
        let (ex, text) = gazette::pipeline::extract_text_with(Path::new(scan), &bytes, &opts)
            .unwrap_or_else(|e| panic!("{scan}: {e}"));
        let hash = blake3::hash(&bytes).to_hex().to_string();
        let issue = gazette::pipeline::build_issue(scan, hash, &ex, &text);
        let secs = t.elapsed().as_secs_f64();
        let pages = ex.page_count.unwrap_or(1);
        let body: String = text
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let reference = std::fs::read_to_string(format!("{stem}.ref.txt")).expect("ref.txt");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{stem}.expected.json")).unwrap(),
        )
        .unwrap();
        let want = expected["documents"].as_array().unwrap();
        let mut found = 0;
        let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, w) in want.iter().enumerate() {
            let start = w["start_page"].as_u64().map(|p| p as u32);
            let got = issue
                .documents
                .iter()
                .find(|d| d.pages.as_ref().map(|p| p.start) == start)
                .or_else(|| issue.documents.get(i));
            if got.is_some() {
                found += 1;
            }
            for f in FIELDS {
                let Some(wv) = w.get(f) else { continue };
                let ok = got.is_some_and(|d| same(f, &field(d, f), wv));
                if !ok {
                    eprintln!(
                        "  {stem} doc {i} {f}: got {}, expected {wv}",
                        got.map_or(Value::Null, |d| field(d, f))
                    );
                }
                for m in [&mut per, &mut total] {
                    let e = m.entry(f).or_default();
                    e.0 += ok as usize;
                    e.1 += 1;
                }
            }
        }
        let conf: Vec<f32> = ex.pages.iter().filter_map(|p| p.ocr_confidence).collect();
        println!(
            "{scan}: {pages} pages in {secs:.1} s ({:.2} s/page, {} threads); {found}/{} documents found ({} in output); CER {:.2}%; mean confidence {:.1}",
            secs / pages as f64,
            rayon::current_num_threads(),
            want.len(),
            issue.documents.len(),
            cer(&body, &reference) * 100.0,
            conf.iter().sum::<f32>() / conf.len().max(1) as f32,
        );
        for (f, (ok, n)) in &per {
            println!(
                "  {f:<12} {ok}/{n} ({:.0}%)",
                *ok as f64 * 100.0 / *n as f64
            );
        }
    }
    if args.len() > 2 {
        println!("all scans:");
        for (f, (ok, n)) in &total {
            println!(
                "  {f:<12} {ok}/{n} ({:.0}%)",
                *ok as f64 * 100.0 / *n as f64
            );
        }
    }
}
