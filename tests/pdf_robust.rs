//! The PDF reader on the files of issue 11 (`fixtures/pdf11`, made by
//! `scripts/make-pdf11-fixtures.py`): damaged files poppler repairs, OCR text layers,
//! fonts without ToUnicode, rotated text, annotations, right diagnoses, and hostile files
//! that must end within their budgets.

use std::time::{Duration, Instant};

use gazette::extract::{ExtractError, Extracted};

fn read(name: &str) -> Result<Extracted, ExtractError> {
    let p = format!("{}/fixtures/pdf11/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let mut x = gazette::extract::pdf::extract_pdf(&bytes)?;
    gazette::layout::lay_out(&mut x);
    Ok(x)
}

fn page_text(x: &Extracted, page: usize) -> String {
    x.pages[page]
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn all_text(x: &Extracted) -> String {
    (0..x.pages.len())
        .map(|p| page_text(x, p))
        .collect::<Vec<_>>()
        .join("\n")
}

fn warning<'a>(x: &'a Extracted, code: &str) -> Option<&'a str> {
    x.warnings
        .iter()
        .find(|w| w.code == code)
        .map(|w| w.message.as_str())
}

#[test]
fn damaged_streams_are_repaired() {
    for name in [
        "damaged-no-length.pdf",
        "damaged-length-wrong.pdf",
        "damaged-length-indirect-missing.pdf",
        "damaged-filter-indirect.pdf",
        "damaged-filter-empty-array.pdf",
        "damaged-filter-abbreviated.pdf",
        "damaged-xref-shifted.pdf",
    ] {
        let x = read(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        for p in 0..3 {
            let t = page_text(&x, p);
            assert!(
                t.contains(&format!("Page {}: the quick brown fox", p + 1)),
                "{name} page {}: {t:?}",
                p + 1
            );
        }
        assert!(x.warnings.is_empty(), "{name}: {:?}", x.warnings);
    }
}

#[test]
fn one_deleted_byte_loses_one_page_and_says_which() {
    let x = read("damaged-one-byte-deleted.pdf").unwrap();
    let t = all_text(&x);
    assert!(
        t.contains("Page 2: the quick") && t.contains("Page 3: the quick"),
        "{t}"
    );
    let w = warning(&x, "damaged-page").expect("a warning names the page");
    assert!(w.contains("pages 1 "), "{w}");
}

#[test]
fn aes256_with_an_empty_user_password_opens() {
    let x = read("encrypted-aes256-r6-empty-user.pdf").unwrap();
    assert!(all_text(&x).contains("Page 1: the quick brown fox"));
}

#[test]
fn a_one_line_per_page_document_is_not_furniture() {
    let x = read("one-line-per-page.pdf").unwrap();
    for p in 0..11 {
        assert_eq!(page_text(&x, p), format!("Original page {}", p + 1));
    }
    assert_eq!(warning(&x, "furniture"), None);
}

#[test]
fn tesseract_style_ocr_layer_is_read() {
    // GlyphLessFont: ToUnicode range from <0000>, invisible text (render mode 3).
    let x = read("ocr-glyphless.pdf").unwrap();
    let t = all_text(&x);
    assert!(t.contains("吕梁市人民政府公报"), "{t}");
    assert!(t.contains("关于印发吕梁市人民政府工作规则的通知"), "{t}");
}

#[test]
fn real_tesseract_pdf_output_is_read() {
    // `tesseract page.pbm out -l chi_sim pdf` (scripts/make-pdf11-fixtures.py, group
    // tesseract): the scan as an image, the recognised words in GlyphLessFont, with
    // horizontal scaling (Tz) per word. Refused as "OCR needed" before issue 11.
    let x = read("ocr-tesseract-chi-sim.pdf").unwrap();
    let t: String = all_text(&x).split_whitespace().collect();
    for w in [
        "市人民政府公报",
        "市政府文件",
        "安全生产",
        "残疾儿童",
        "救助制度实施",
        // Tesseract's box for "2019" is narrower than the word at its Tz: squeezed back,
        // its digits no longer interleave with "年" (was "201年97月").
        "2019年7月1日",
    ] {
        assert!(t.contains(w), "{w} in {t}");
    }
    assert_eq!(warning(&x, "no-unicode-mapping"), None);
}

#[test]
fn fonts_without_tounicode() {
    // Type 1: the program's own encoding (`dup 1 /C put` …).
    let x = read("font-type1-builtin.pdf").unwrap();
    assert_eq!(all_text(&x), "Cat dogC");
    assert_eq!(warning(&x, "no-unicode-mapping"), None);
    // Type 3 glyphs named by their code.
    let x = read("font-type3-numbered.pdf").unwrap();
    assert_eq!(all_text(&x), "Cat");
}

#[test]
fn quarter_turns_read_in_their_own_direction() {
    let x = read("rotated-quarter-turns.pdf").unwrap();
    let want: Vec<String> = (1..=5)
        .map(|i| format!("Line {i} of a landscape table page."))
        .collect();
    // 0°, 90°, 180°, 270°, then a /Rotate 90 page.
    for p in [0, 1, 2, 3, 5] {
        // Rows as drawn: each line its own row, top to bottom in its reading direction.
        assert_eq!(x.pages[p].raw_lines, want, "page {}", p + 1);
    }
    // The diagonal watermark on page 5 is left out, and said so.
    assert!(!page_text(&x, 4).contains("CONFIDENTIAL"));
    let w = warning(&x, "watermark").expect("watermark warning");
    assert!(w.contains("pages 5") && w.contains("CONFIDENTIAL"), "{w}");
}

#[test]
fn form_field_text_is_read_from_its_appearance() {
    let x = read("annotation-widget.pdf").unwrap();
    assert!(all_text(&x).contains("Filled-in field value"));
}

#[test]
fn diagnoses_name_what_the_page_is() {
    match read("paths-only.pdf") {
        Err(ExtractError::Unsupported(m)) => assert!(m.contains("drawings"), "{m}"),
        other => panic!("{other:?}"),
    }
    match read("undecodable.pdf") {
        Err(ExtractError::Damaged(m)) => {
            assert!(
                m.contains("cannot be decoded") && m.contains("JBIG2Decode"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_diagonal_text_that_looks_like_a_watermark_is_left_out() {
    // scripts/make-pdf11-fixtures.py (group diagonal): 4 pages of body text; "SPECIMEN"
    // 48 pt (large), "Internal use only" in light grey, "Copy 7 of 20" at 30 % opacity, and
    // "DRAFT" in body size on every page (repeated) are watermarks; "Approved by the office",
    // 10 pt black at 20° on page 4 only, is read as a line of its own after the body.
    let x = read("diagonal-watermarks.pdf").unwrap();
    for p in 0..4 {
        let raw = &x.pages[p].raw_lines;
        let mut want = vec![
            format!(
                "Page {}: the quick brown fox jumps over the lazy dog.",
                p + 1
            ),
            format!("Second line of page {}, more words to read.", p + 1),
        ];
        if p == 3 {
            want.push("Approved by the office".into());
        }
        assert_eq!(raw, &want, "page {}", p + 1);
    }
    let w = warning(&x, "watermark").expect("watermark warning");
    assert!(
        w.contains("on pages 1–4")
            && w.contains("SPECIMEN")
            && w.contains("DRAFT")
            && w.contains("Internal use only"),
        "{w}"
    );
    assert!(!all_text(&x).contains("Copy 7"));
}

/// Runs `f` and checks it ended well within a time that a runaway would blow.
fn bounded<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    // Debug builds are slow; the release binary does these in well under a second.
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "{name}: {:?}",
        t.elapsed()
    );
    out
}

#[test]
fn hostile_files_end_within_their_budgets() {
    // One stream repeated 10,000 times in /Contents: cut at the per-page glyph limit.
    let x = bounded("contents", || read("hostile-contents-repeat.pdf")).unwrap();
    let w = warning(&x, "limit").expect("limit warning");
    assert!(w.contains("characters per page"), "{w}");
    // A Flate bomb (40 MB) shared by 300 pages: inflated once, but each page that runs it
    // pays for it; the file's budget ends it, named, after the first group of 8 pages —
    // the same pages every time, however the threads ran (they used to differ).
    for _ in 0..3 {
        match bounded("bomb", || read("hostile-flate-bomb-shared.pdf")) {
            Err(ExtractError::Unsupported(m)) => assert_eq!(
                m,
                "over the reader's limit of 512 MB of decompressed streams per file on pages \
                 9–300; no text read (hostile or unusually large file?)"
            ),
            other => panic!("{other:?}"),
        }
    }
    // An inline font re-selected 20,000 times is loaded once.
    let x = bounded("inline font", || read("hostile-inline-font.pdf")).unwrap();
    assert!(
        x.warnings.iter().all(|w| w.code != "limit"),
        "{:?}",
        x.warnings
    );
    // One ToUnicode of 200,000 codes shared by 300 fonts is parsed once: all pages read.
    let x = bounded("shared cmap", || read("hostile-tounicode-shared.pdf")).unwrap();
    assert_eq!(x.pages.len(), 300);
    assert!((0..300).all(|p| page_text(&x, p) == "\u{4E01}\u{4E02}"));
    // A 4M-item TJ array keeps a bounded prefix.
    bounded("tj", || read("hostile-tj-array.pdf")).unwrap();
}

#[test]
fn a_deadline_cuts_the_reader_off_and_says_why() {
    // `convert --timeout` runs each file with a deadline; a passed one stops the reader.
    let past = Some(Instant::now());
    match gazette::extract::with_deadline(past, || read("damaged-no-length.pdf")) {
        Err(ExtractError::Unsupported(m)) => assert!(m.contains("--timeout"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Without one, the same file reads.
    assert!(read("damaged-no-length.pdf").is_ok());
}

#[test]
fn cjk_fonts_without_tounicode_in_every_collection() {
    // Made by scripts/make-pdf11-fixtures.py (group cjk): no ToUnicode anywhere, so the
    // text comes from the CMap's own charset or the collection's CID table.
    let x = read("cjk-predefined-cmaps.pdf").unwrap();
    let want = [
        "澳門特別行政區公報",     // CNS1, Identity-H
        "香港特別行政區政府憲報", // ETen-B5-H
        "臺灣省政府公報第一號",   // UniCNS-UTF16-H
        "行政長官批示",           // UniCNS-UCS2-H
        "国务院公报二〇一九年",   // UniGB-UTF8-H
        "关于印发通知的通知",     // UniGB-UTF32-H
        "吕梁市人民政府公报",     // GBK-EUC-H
        "官報第一号",             // Japan1, Identity-H
        "内閣府令",               // 90ms-RKSJ-H
        "法律第一号",             // EUC-H
        "대한민국관보",           // Korea1, Identity-H
        "행정안전부고시",         // KSCms-UHC-H
    ];
    for (p, w) in want.iter().enumerate() {
        assert_eq!(page_text(&x, p), *w, "page {}", p + 1);
    }
    assert_eq!(warning(&x, "no-unicode-mapping"), None);
}
