//! `cargo bench --bench pipeline`: clean + segment + parse of the sample issue (text
//! input, so the time is that of our stages, not of PDF reading).

use std::path::Path;

fn main() {
    divan::main();
}

const SAMPLE: &[u8] = include_bytes!("../fixtures/lvliang-2019-01.txt");

#[divan::bench]
fn lvliang_issue_text_to_issue() -> gazette::model::Issue {
    gazette::pipeline::convert_bytes(
        Path::new("lvliang-2019-01.txt"),
        "lvliang-2019-01.txt",
        divan::black_box(SAMPLE),
    )
    .unwrap()
}

#[divan::bench]
fn lvliang_issue_clean_only() -> gazette::clean::Text {
    let ex = gazette::extract::text::extract_text(divan::black_box(SAMPLE)).unwrap();
    gazette::clean::clean(&ex)
}
