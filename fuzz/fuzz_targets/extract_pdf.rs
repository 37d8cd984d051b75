//! Any bytes through the PDF reader: it must return (Ok or an error), never panic or hang.
//! Run: `cargo +nightly fuzz run extract_pdf -- -max_total_time=300` (seed the corpus with
//! `mkdir -p fuzz/corpus/extract_pdf && cp fixtures/pdf/*.pdf ../shared/corpus/real/pdf/*.pdf fuzz/corpus/extract_pdf/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut x) = gazette::extract::pdf::extract_pdf(data) {
        gazette::layout::lay_out(&mut x);
    }
});
