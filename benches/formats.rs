//! `cargo bench --bench formats`: one document of the seed issue converted whole (extract,
//! layout, clean, segment, parse) from each input format of fixtures/formats/, and the two
//! real OFDs of ../shared when present. Issue 13 asks for < 10 ms per document in release.

use std::path::Path;

fn main() {
    divan::main();
}

const FORMATS: &[&str] = &["txt", "html", "docx", "doc", "ofd", "pdf"];

fn convert(name: &str, bytes: &[u8]) -> gazette::model::Issue {
    gazette::pipeline::convert_bytes(Path::new(name), name, divan::black_box(bytes)).unwrap()
}

/// lvliang-192: 180 lines, two attachments (the largest of the fixtures but lvliang-7).
#[divan::bench(args = FORMATS)]
fn lvliang_192(format: &str) -> gazette::model::Issue {
    let name = format!("fixtures/formats/lvliang-192.{format}");
    let bytes = std::fs::read(&name).unwrap();
    convert(&name, &bytes)
}

/// lvliang-7: with a table.
#[divan::bench(args = FORMATS)]
fn lvliang_7(format: &str) -> gazette::model::Issue {
    let name = format!("fixtures/formats/lvliang-7.{format}");
    let bytes = std::fs::read(&name).unwrap();
    convert(&name, &bytes)
}

#[divan::bench(args = ["wps-guofangbu-2012-21", "wps-template-2023-banner"])]
fn real_ofd(name: &str) -> Option<gazette::model::Issue> {
    let path = format!("../shared/corpus/real/ofd/{name}.ofd");
    let bytes = std::fs::read(&path).ok()?;
    Some(convert(&path, &bytes))
}
