//! The metadata parsers against hand-checked real documents: the 13 documents of the
//! lvliang-2019-01 issue and the 11 State Council texts of ../shared/corpus/real/text. Spans are cut
//! here the simple way (at the standalone 文号 lines); the parser itself is not told anything.

use std::collections::BTreeMap;
use std::fs;

use gazette::gongwen::date::parse_date;
use gazette::gongwen::doc_number::{is_decree_header, parse_doc_number, standalone_doc_number};
use gazette::gongwen::notes::note_of_line;
use gazette::parse::{ParsedDocument, SpanInput, parse_document};
use serde_json::Value;

mod common;

/// Pass/fail counts per field, printed as a table.
#[derive(Default)]
struct Tally {
    fields: BTreeMap<&'static str, (usize, usize)>,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, doc: &str, field: &'static str, got: Value, want: Value) {
        let e = self.fields.entry(field).or_default();
        if got == want {
            e.0 += 1;
        } else {
            e.1 += 1;
            self.failures
                .push(format!("{doc}: {field}: got {got} want {want}"));
        }
    }

    fn report(&self, name: &str) {
        eprintln!("\n{name}: field pass/fail");
        for (f, (p, x)) in &self.fields {
            eprintln!("  {f:<14} {p:>3} pass {x:>3} fail");
        }
        for f in &self.failures {
            eprintln!("  FAIL {f}");
        }
    }
}

fn parse_span(
    lines: &[&str],
    title: std::ops::Range<usize>,
    number: Option<usize>,
) -> ParsedDocument {
    parse_document(SpanInput {
        lines,
        title_lines: title,
        number_line: number,
    })
}

fn last_nonempty_before(lines: &[&str], i: usize) -> usize {
    (0..i)
        .rev()
        .find(|&j| !lines[j].trim().is_empty())
        .expect("a heading above the 文号")
}

#[test]
fn lvliang_issue_all_fields() {
    check_issue(
        "fixtures/lvliang-2019-01.txt",
        "fixtures/lvliang-2019-01.expected.json",
    );
}

/// The same 13 documents as laid out in the three PDF fixtures' reference texts (no blank
/// lines, paragraphs joined, different page breaks).
#[test]
fn lvliang_pdf_reference_texts_all_fields() {
    for name in ["gazette_lo", "gazette_single", "gazette_two"] {
        check_issue(
            &format!("fixtures/pdf/{name}.ref.txt"),
            &format!("fixtures/pdf/{name}.expected.json"),
        );
    }
}

fn check_issue(text_path: &str, expected_path: &str) {
    let text = fs::read_to_string(text_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let expected: Value =
        serde_json::from_str(&fs::read_to_string(expected_path).unwrap()).unwrap();
    let docs = expected["documents"].as_array().unwrap();

    // Each document by its standalone 文号 line; the heading is the printed line above it.
    let mut starts = Vec::new();
    for d in docs {
        let want = d["doc_number"].as_str().unwrap();
        let n = lines
            .iter()
            .position(|l| standalone_doc_number(l).is_some_and(|x| x.text == want))
            .unwrap_or_else(|| panic!("number line of {want}"));
        starts.push((last_nonempty_before(&lines, n), n));
    }
    assert_eq!(starts.len(), 13);

    let mut tally = Tally::default();
    for (k, d) in docs.iter().enumerate() {
        let (h, n) = starts[k];
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        let span = &lines[h..end];
        let p = parse_span(span, 0..n - h, Some(n - h));
        let id = d["doc_number"].as_str().unwrap();
        tally.check(id, "title", p.title.clone().into(), d["title"].clone());
        tally.check(
            id,
            "doc_number",
            p.doc_number.as_ref().map(|x| x.text.clone()).into(),
            d["doc_number"].clone(),
        );
        tally.check(
            id,
            "addressees",
            p.addressees.clone().into(),
            d["addressees"].clone(),
        );
        tally.check(
            id,
            "issuers",
            p.issuers.clone().into(),
            d["issuers"].clone(),
        );
        tally.check(id, "date", p.date.clone().into(), d["date"].clone());
        tally.check(
            id,
            "publication",
            p.publication.as_ref().map(|x| x.text.clone()).into(),
            d["publication"].clone(),
        );
        let atts: Vec<String> = p.attachments.iter().map(|a| a.title.clone()).collect();
        tally.check(id, "attachments", atts.into(), d["attachments"].clone());
    }
    tally.report(text_path);
    assert!(
        tally.failures.is_empty(),
        "{} field failures",
        tally.failures.len()
    );
}

/// Spans of a real/text file: one per standalone 文号 (or decree `第N号` line).
fn real_spans(lines: &[&str]) -> Vec<(usize, usize, usize)> {
    let mut numbers = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if standalone_doc_number(l).is_some() {
            numbers.push(i);
        } else if l.trim().starts_with('第') && i > 0 {
            let h = last_nonempty_before(lines, i);
            if is_decree_header(lines[h]) && numbers.is_empty() {
                numbers.push(i);
            }
        }
    }
    // The heading: printed lines above the number, back to a note, a date or a sentence.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for &n in &numbers {
        let mut h = n;
        let mut j = n;
        while j > 0 {
            j -= 1;
            let t = lines[j].trim();
            if t.is_empty() {
                continue;
            }
            if note_of_line(t).is_some()
                || parse_date(t).is_some()
                || t.ends_with('。')
                || n - j > 8
            {
                break;
            }
            h = j;
        }
        starts.push((h, n));
    }
    let mut spans = Vec::new();
    for (k, &(h, n)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        spans.push((h, n, end));
    }
    spans
}

fn strip_brackets(s: &str) -> String {
    s.trim_matches(|c| "（）()".contains(c)).to_string()
}

#[test]
fn real_state_council_texts_all_fields() {
    let Some(dir) = common::real("text") else {
        return;
    };
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 11);
    let mut tally = Tally::default();
    for f in files {
        let expected: Value = serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap();
        let input = f.with_file_name(expected["input"].as_str().unwrap());
        let text = fs::read_to_string(&input).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let spans = real_spans(&lines);
        let docs = expected["documents"].as_array().unwrap();
        assert_eq!(spans.len(), docs.len(), "{}", input.display());
        for (d, &(h, n, end)) in docs.iter().zip(&spans) {
            let p = parse_span(&lines[h..end], 0..n - h, Some(n - h));
            let id = format!("{}#{}", expected["case"].as_str().unwrap(), d["doc_number"]);
            let dn = p.doc_number.as_ref();
            tally.check(&id, "title", p.title.clone().into(), d["title"].clone());
            tally.check(
                &id,
                "doc_number",
                dn.map(|x| x.raw.clone()).into(),
                d["doc_number"].clone(),
            );
            if let Some(norm) = d.get("doc_number_normalized") {
                tally.check(
                    &id,
                    "doc_number_text",
                    dn.map(|x| x.text.clone()).into(),
                    norm.clone(),
                );
            }
            tally.check(
                &id,
                "addressees",
                p.addressees.clone().into(),
                d["addressees"].clone(),
            );
            tally.check(
                &id,
                "issuers",
                p.issuers.clone().into(),
                d["issuers"].clone(),
            );
            tally.check(&id, "date", p.date.clone().into(), d["date"].clone());
            let want_pub = d["publication_status"].as_str().map(strip_brackets);
            tally.check(
                &id,
                "publication",
                p.publication.as_ref().map(|x| x.text.clone()).into(),
                want_pub.into(),
            );
            let atts: Vec<String> = p.attachments.iter().map(|a| a.title.clone()).collect();
            tally.check(&id, "attachments", atts.into(), d["attachments"].clone());
            let mut want_refs: Vec<String> = d["cited_doc_numbers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    parse_doc_number(c.as_str().unwrap())
                        .expect("cited 文号 parses")
                        .text
                })
                .collect();
            want_refs.sort();
            let mut got_refs: Vec<String> = p.references.iter().map(|r| r.text.clone()).collect();
            got_refs.sort();
            tally.check(&id, "references", got_refs.into(), want_refs.into());
            if let Some(s) = d.get("signer").and_then(Value::as_str) {
                let got = p
                    .signer
                    .as_ref()
                    .map(|s| format!("{}{}", s.title.clone().unwrap_or_default(), s.name));
                let want: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                tally.check(&id, "signer", got.into(), want.into());
            }
            if let Some(e) = d.get("embedded_document") {
                let w = p.wrapper.as_ref().and_then(|w| w.enclosed_title.clone());
                tally.check(&id, "wrapper", w.is_some().into(), true.into());
                let _ = e;
            }
        }
    }
    tally.report("real/text");
    assert!(
        tally.failures.is_empty(),
        "{} field failures",
        tally.failures.len()
    );
}

/// Every real 文号 / 令号 string parses, and the normalised text round-trips.
#[test]
fn docnumbers_txt_parse_and_round_trip() {
    let Some(path) = common::real("docnumbers.txt") else {
        return;
    };
    let text = fs::read_to_string(path).unwrap();
    let mut total = 0;
    let mut failed = Vec::new();
    for l in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        total += 1;
        match parse_doc_number(l) {
            Some(d) => {
                let again = parse_doc_number(&d.text).map(|x| x.text);
                assert_eq!(again.as_deref(), Some(d.text.as_str()), "round trip of {l}");
                assert!(d.serial.is_some(), "serial of {l}");
            }
            None => failed.push(l.to_string()),
        }
    }
    eprintln!(
        "docnumbers.txt: {} of {total} parse; failures: {failed:?}",
        total - failed.len()
    );
    assert!(failed.is_empty());
}

/// The 60 crawled documents (no ground truth): parse never panics and finds a 文号 and a
/// date on most of them.
#[test]
fn govcn_crawl_smoke() {
    let Some(dir) = common::real("govcn-2019-02-crawl") else {
        return;
    };
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let (mut with_number, mut with_date, mut with_title) = (0, 0, 0);
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let spans = real_spans(&lines);
        let p = match spans.first() {
            Some(&(h, n, _)) => parse_span(&lines[h..], 0..n - h, Some(n - h)),
            None => parse_span(&lines, 0..0, None),
        };
        with_number += usize::from(p.doc_number.is_some());
        with_date += usize::from(p.date.is_some());
        with_title += usize::from(p.title.is_some());
        if p.date.is_none() || p.doc_number.is_none() {
            eprintln!(
                "{}: number {:?} date {:?}",
                f.display(),
                p.doc_number.map(|d| d.text),
                p.date
            );
        }
    }
    eprintln!(
        "govcn crawl: {} files, 文号 {with_number}, date {with_date}, title {with_title}",
        files.len()
    );
    assert!(
        with_date * 10 >= files.len() * 8,
        "dates found on {with_date} of {}",
        files.len()
    );
}
