//! Not a check: `cargo test --test parse_dump -- --ignored --nocapture` prints what parse reads
//! from the crawled documents and the lvliang issue, for eyeballing real variants.

use std::fs;

use gazette::parse::{SpanInput, parse_document, standalone_doc_number};

fn dump(name: &str, lines: &[&str], number: Option<usize>) {
    let title = match number {
        Some(n) => (0..n).find(|&i| !lines[i].trim().is_empty()).unwrap_or(n)..n,
        None => 0..0,
    };
    let p = parse_document(SpanInput {
        lines,
        title_lines: title,
        number_line: number,
    });
    eprintln!("== {name}");
    eprintln!(
        "  title {:?} type {:?}/{:?} wrapper {:?}",
        p.title, p.doc_type, p.doc_type_raw, p.wrapper
    );
    eprintln!(
        "  number {:?} addressees {:?}",
        p.doc_number.map(|d| d.text),
        p.addressees
    );
    eprintln!(
        "  issuers {:?} signer {:?} date {:?} ({:?})",
        p.issuers, p.signer, p.date, p.date_raw
    );
    eprintln!(
        "  notes {:?} pub {:?}",
        p.notes,
        p.publication.map(|x| x.status)
    );
    eprintln!(
        "  attachments {:?}",
        p.attachments
            .iter()
            .map(|a| (&a.title, a.present))
            .collect::<Vec<_>>()
    );
    eprintln!(
        "  refs {:?}",
        p.references
            .iter()
            .map(|r| (&r.text, &r.title))
            .collect::<Vec<_>>()
    );
    eprintln!(
        "  warnings {:?}",
        p.warnings.iter().map(|w| &w.code).collect::<Vec<_>>()
    );
}

#[test]
#[ignore]
fn dump_crawl() {
    let mut files: Vec<_> = fs::read_dir("fixtures/real/govcn-2019-02-crawl")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let n = lines
            .iter()
            .position(|l| standalone_doc_number(l).is_some());
        dump(&f.display().to_string(), &lines, n);
    }
}

#[test]
#[ignore]
fn dump_lvliang() {
    let text = fs::read_to_string("fixtures/lvliang-2019-01.txt").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let numbers: Vec<usize> = (0..lines.len())
        .filter(|&i| standalone_doc_number(lines[i]).is_some())
        .collect();
    let heading = |n: usize| (0..n).rev().find(|&j| !lines[j].trim().is_empty()).unwrap();
    for (k, &n) in numbers.iter().enumerate() {
        let h = heading(n);
        let end = numbers.get(k + 1).map_or(lines.len(), |&m| heading(m));
        dump(&format!("lvliang L{}", n + 1), &lines[h..end], Some(n - h));
    }
}
