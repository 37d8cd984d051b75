//! The PDF reader against the fixtures: text fidelity (character error rate against the
//! `.ref.txt` files), printed page numbers, the robust files, and random corruption.

use std::time::{Duration, Instant};

use gazette::extract::{ExtractError, Extracted};

mod common;

/// A fixture of the project, or (`real/…`) a shared real document read in place.
fn fixture(path: &str) -> Vec<u8> {
    let p = match path.strip_prefix("real/") {
        Some(rel) => common::real(rel).expect("a test on real/ files checks has_real() first"),
        None => format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR")).into(),
    };
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Are the shared real documents there? (Tests on them are skipped, saying so, if not.)
fn has_real() -> bool {
    common::real_dir().is_some()
}

/// The PDF reader followed by the layout stage: what the pipeline does before `clean`.
fn extract_pdf(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut x = gazette::extract::pdf::extract_pdf(bytes)?;
    gazette::layout::lay_out(&mut x);
    Ok(x)
}

fn text_of(x: &Extracted) -> String {
    let mut out = String::new();
    for p in &x.pages {
        for l in &p.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
}

/// What the CER compares: no whitespace, no leader runs (`[·.…•⋯]{3,}`).
fn normalise(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let leader = |c: char| matches!(c, '·' | '.' | '…' | '•' | '⋯');
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if leader(chars[i]) {
            let mut j = i;
            while j < chars.len() && leader(chars[j]) {
                j += 1;
            }
            if j - i < 3 {
                out.extend_from_slice(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Character error rate: edit distance / reference length. The edit distance comes from a
/// Myers diff (a replace hunk costs its longer side), exact for the sparse differences a
/// good extraction has and fast on 60k-character texts.
fn cer(got: &str, reference: &str) -> f64 {
    let (a, b) = (normalise(reference), normalise(got));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let mut dist = 0usize;
    for op in ops {
        match op {
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete { old_len, .. } => dist += old_len,
            similar::DiffOp::Insert { new_len, .. } => dist += new_len,
            similar::DiffOp::Replace {
                old_len, new_len, ..
            } => dist += old_len.max(new_len),
        }
    }
    dist as f64 / a.len().max(1) as f64
}

/// Order-insensitive error: characters missing or extra, relative to the reference length.
fn bag_error(got: &str, reference: &str) -> f64 {
    use std::collections::HashMap;
    let mut diff: HashMap<char, i64> = HashMap::new();
    let r = normalise(reference);
    for c in &r {
        *diff.entry(*c).or_default() += 1;
    }
    for c in normalise(got) {
        *diff.entry(c).or_default() -= 1;
    }
    let off: i64 = diff.values().map(|v| v.abs()).sum();
    off as f64 / r.len().max(1) as f64
}

/// Share of the reference's lines (paragraphs, TOC entries, table rows) found as lines of
/// the extraction, once lines marked `continues` are joined to the line before.
fn line_match(x: &Extracted, reference: &str) -> f64 {
    use std::collections::HashMap;
    let mut ours: Vec<String> = Vec::new();
    for l in x.pages.iter().flat_map(|p| &p.lines) {
        match ours.last_mut() {
            Some(last) if l.continues => last.push_str(&l.text),
            _ => ours.push(l.text.clone()),
        }
    }
    let key = |s: &str| normalise(s).into_iter().collect::<String>();
    let mut have: HashMap<String, usize> = HashMap::new();
    for l in &ours {
        *have.entry(key(l)).or_default() += 1;
    }
    let (mut total, mut hit) = (0, 0);
    for l in reference.lines().map(key).filter(|k| !k.is_empty()) {
        total += 1;
        if let Some(n) = have.get_mut(&l)
            && *n > 0
        {
            *n -= 1;
            hit += 1;
        }
    }
    hit as f64 / total.max(1) as f64
}

fn check_cer(pdf: &str, reference: &str) -> (Extracted, f64) {
    let x = extract_pdf(&fixture(pdf)).unwrap_or_else(|e| panic!("{pdf}: {e}"));
    let r = String::from_utf8(fixture(reference)).expect("utf-8 reference");
    let c = cer(&text_of(&x), &r);
    let m = line_match(&x, &r);
    eprintln!(
        "{pdf}: CER {:.4}%, lines matching the reference {:.1}%",
        c * 100.0,
        m * 100.0
    );
    assert!(
        m >= 0.98,
        "{pdf}: only {:.1}% of the reference lines",
        m * 100.0
    );
    (x, c)
}

#[test]
fn cer_function_sanity() {
    assert_eq!(cer("abc", "abc"), 0.0);
    assert_eq!(cer("a b\nc ······ 1", "abc1"), 0.0);
    assert!((cer("abd", "abc") - 1.0 / 3.0).abs() < 1e-9);
}

#[test]
fn gazette_single() {
    let (x, c) = check_cer("pdf/gazette_single.pdf", "pdf/gazette_single.ref.txt");
    assert!(c <= 0.005, "CER {c}");
    assert_eq!(x.page_count, Some(81));
    assert_eq!(x.extractor, "gazette-pdf 0.1.0");
    // Cover and contents are unnumbered; PDF page 3 prints 1.
    assert_eq!(x.pages[2].printed, Some(1));
    assert_eq!(x.pages[11].printed, Some(10));
    assert_eq!(x.pages[0].printed, None);
    // The running header is gone from the lines but kept in the raw lines.
    assert!(
        x.pages[3]
            .raw_lines
            .iter()
            .any(|l| l.contains("吕梁市人民政府公报"))
    );
    assert!(!x.pages[3].lines.iter().any(|l| l.text.contains("2019•1")));
}

#[test]
fn gazette_two_columns() {
    let (x, c) = check_cer("pdf/gazette_two.pdf", "pdf/gazette_two.ref.txt");
    assert!(c <= 0.005, "CER {c}");
    assert_eq!(x.pages[2].printed, Some(1));
}

#[test]
fn gazette_libreoffice() {
    let (_, c) = check_cer("pdf/gazette_lo.pdf", "pdf/gazette_lo.ref.txt");
    assert!(c <= 0.005, "CER {c}");
}

#[test]
fn guowuyuan_variants_agree() {
    if !has_real() {
        return;
    }
    // No reference text for these: the plain two-column file is the reference for the
    // one drawn across the columns (reading order from positions only) and for the one in
    // a non-embedded STSong-Light with UniGB-UCS2-H (text through the predefined CMap).
    let base = text_of(&extract_pdf(&fixture("real/pdf/guowuyuan-2019-compiled.pdf")).unwrap());
    for key in ["国务院关于", "国发〔2019〕", "国务院办公厅", "此件公开发布"] {
        assert!(base.contains(key), "missing {key}");
    }
    let yorder =
        text_of(&extract_pdf(&fixture("real/pdf/guowuyuan-2019-compiled-yorder.pdf")).unwrap());
    let c = cer(&yorder, &base);
    eprintln!("yorder vs compiled: CER {:.4}%", c * 100.0);
    assert!(c <= 0.005, "yorder CER {c}");
    // The unigb file is paginated and tabled differently (reading order of wrapped table
    // cells differs, TOC page numbers differ): compare what characters come out, not order.
    let unigb = text_of(&extract_pdf(&fixture("real/pdf/guowuyuan-2019-unigb.pdf")).unwrap());
    let c = bag_error(&unigb, &base);
    eprintln!(
        "unigb vs compiled: character-multiset error {:.4}%",
        c * 100.0
    );
    assert!(c <= 0.005, "unigb multiset error {c}");
    for key in ["国务院关于", "国发〔2019〕", "此件公开发布"] {
        assert!(unigb.contains(key), "unigb missing {key}");
    }
}

#[test]
fn wps_documents() {
    if !has_real() {
        return;
    }
    let x = extract_pdf(&fixture("real/pdf/wps-guofangbu-2012-21.pdf")).unwrap();
    let t = text_of(&x);
    assert!(t.contains("国防部关于放假的通知"), "{t}");
    assert!(t.contains("国防部发〔2012〕21"), "{t}");
    assert_eq!(x.pages[0].printed, Some(1));
}

#[test]
fn robust_files() {
    let err = |p: &str| extract_pdf(&fixture(p)).err();
    assert_eq!(err("robust/empty.pdf"), Some(ExtractError::Empty));
    assert_eq!(err("robust/not_a_pdf.pdf"), Some(ExtractError::NotPdf));
    assert_eq!(
        err("robust/encrypted_userpw_aes256.pdf"),
        Some(ExtractError::Encrypted)
    );
    assert_eq!(
        err("robust/scanned_image_only.pdf"),
        Some(ExtractError::NoTextLayer("1".into()))
    );
    assert!(matches!(
        err("robust/truncated_2k.pdf"),
        Some(ExtractError::Damaged(_))
    ));
    match extract_pdf(&fixture("robust/truncated_half.pdf")) {
        Err(ExtractError::Damaged(_)) => {}
        Ok(x) => {
            assert!(
                !x.warnings.is_empty(),
                "a truncated file must say what was lost"
            );
            assert!(!text_of(&x).is_empty());
        }
        Err(e) => panic!("truncated_half: {e}"),
    }
}

#[test]
fn encrypted_with_empty_user_password_reads_fully() {
    let (_, c) = check_cer(
        "robust/encrypted_ownerpw_rc4.pdf",
        "pdf/gazette_single.ref.txt",
    );
    assert!(c <= 0.005, "CER {c}");
}

/// xorshift64*: a fixed-seed generator, enough to spread mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(base: &[u8], rng: &mut Rng, round: usize) -> Vec<u8> {
    let mut b = base.to_vec();
    match round % 4 {
        0 => {
            for _ in 0..1 + rng.below(20) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            let n = rng.below(b.len());
            b.truncate(n.max(8));
        }
        2 => {
            let s = rng.below(b.len());
            let e = (s + rng.below(4096)).min(b.len());
            let at = rng.below(b.len());
            let chunk = b[s..e].to_vec();
            b.splice(at..at, chunk);
        }
        _ => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                let n = rng.below(64).min(b.len() - i);
                for k in &mut b[i..i + n] {
                    *k = rng.next() as u8;
                }
            }
        }
    }
    b
}

#[test]
fn random_corruption_never_panics_or_hangs() {
    // A real WPS export where the shared corpus is there, else our own LibreOffice PDF.
    let base = fixture(if has_real() {
        "real/pdf/wps-guofangbu-2012-21.pdf"
    } else {
        "pdf/gazette_lo.pdf"
    });
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut slowest = Duration::ZERO;
    for round in 0..200 {
        let b = mutate(&base, &mut rng, round);
        let t = Instant::now();
        let _ = extract_pdf(&b);
        let d = t.elapsed();
        slowest = slowest.max(d);
        assert!(d < Duration::from_secs(5), "round {round} took {d:?}");
    }
    eprintln!("slowest corrupted run: {slowest:?}");
}

/// A longer soak over every fixture: `GAZETTE_SOAK=2000 cargo test --release soak -- --ignored`.
#[test]
#[ignore]
fn soak_all_fixtures() {
    let rounds: usize = std::env::var("GAZETTE_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let files = [
        "pdf/gazette_single.pdf",
        "pdf/gazette_two.pdf",
        "pdf/gazette_lo.pdf",
        "real/pdf/guowuyuan-2019-unigb.pdf",
        "real/pdf/guowuyuan-2019-compiled-yorder.pdf",
        "real/pdf/wps-template-2023-banner.pdf",
        "robust/encrypted_ownerpw_rc4.pdf",
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let real = has_real();
    for f in files
        .into_iter()
        .filter(|f| real || !f.starts_with("real/"))
    {
        let base = fixture(f);
        for round in 0..rounds {
            let b = mutate(&base, &mut rng, round);
            let t = Instant::now();
            let r = extract_pdf(&b);
            let d = t.elapsed();
            if let Err(ExtractError::Damaged(m)) = &r
                && m.contains("internal error")
            {
                std::fs::write(format!("/tmp/soak-panic-{round}.pdf"), &b).ok();
                panic!("{f} round {round}: caught panic");
            }
            assert!(d < Duration::from_secs(5), "{f} round {round} took {d:?}");
        }
    }
}

/// A one-page PDF showing `content` with font `/F1` = `font`, built with lopdf.
fn one_page_pdf(font: lopdf::Dictionary, content: &[u8]) -> Vec<u8> {
    pdf_with_pages(font, &[content])
}

/// One page per content stream, all with font `/F1` = `font`.
fn pdf_with_pages(font: lopdf::Dictionary, contents: &[&[u8]]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let font_id = doc.add_object(font);
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for content in contents {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn cid_font(encoding: &str, ordering: &str) -> lopdf::Dictionary {
    use lopdf::{Object, StringFormat, dictionary};
    dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => Object::Name(encoding.as_bytes().to_vec()),
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                "Ordering" => Object::String(ordering.as_bytes().to_vec(), StringFormat::Literal),
                "Supplement" => 4,
            },
            "DW" => 1000,
        })],
    }
}

fn first_line(pdf: &[u8]) -> String {
    let x = extract_pdf(pdf).unwrap_or_else(|e| panic!("{e}"));
    x.pages[0]
        .lines
        .first()
        .map(|l| l.text.clone())
        .unwrap_or_default()
}

#[test]
fn predefined_cmaps_and_gb1_table() {
    // "中文" in GBK bytes, in UTF-16, and as Adobe-GB1 CIDs through Identity-H.
    let show = |s: &[u8]| {
        let mut c = b"BT /F1 12 Tf 72 700 Td <".to_vec();
        c.extend(s.iter().flat_map(|b| format!("{b:02X}").into_bytes()));
        c.extend_from_slice(b"> Tj ET");
        c
    };
    let gbk = one_page_pdf(
        cid_font("GBK-EUC-H", "GB1"),
        &show(&[0xD6, 0xD0, 0xCE, 0xC4]),
    );
    assert_eq!(first_line(&gbk), "中文");
    let utf16 = one_page_pdf(
        cid_font("UniGB-UTF16-H", "GB1"),
        &show(&[0x4E, 0x2D, 0x65, 0x87]),
    );
    assert_eq!(first_line(&utf16), "中文");
    let ucs2 = one_page_pdf(
        cid_font("UniGB-UCS2-H", "GB1"),
        &show(&[0x4E, 0x2D, 0x65, 0x87]),
    );
    assert_eq!(first_line(&ucs2), "中文");
    // Adobe-GB1 CIDs 4559 (中) and 3795 (文) — from the same table poppler uses.
    let ident = one_page_pdf(
        cid_font("Identity-H", "GB1"),
        &show(&[0x11, 0xCF, 0x0E, 0xD3]),
    );
    assert_eq!(first_line(&ident), "中文");
    // The same codes in a font that is not GB1 have no mapping: an error, not garbage.
    let unknown = one_page_pdf(
        cid_font("Identity-H", "Identity"),
        &show(&[0x11, 0xCF, 0x0E, 0xD3]),
    );
    assert!(matches!(
        extract_pdf(&unknown),
        Err(ExtractError::NoUnicodeMapping { font, pages }) if font == "STSong-Light" && pages == "1"
    ));
}

#[test]
fn simple_font_standard_encoding() {
    use lopdf::dictionary;
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    let pdf = one_page_pdf(
        font,
        b"BT /F1 12 Tf 72 700 Td (State Council \\223No. 1\\224) Tj ET",
    );
    assert_eq!(first_line(&pdf), "State Council \u{201c}No. 1\u{201d}");
}

#[test]
fn without_tounicode_the_fonts_glyph_names_are_read() {
    // Typst's subsets keep `post` glyph names (uni5415 …) but no `cmap`: with every
    // ToUnicode removed, the text still comes out whole.
    let mut b = fixture("pdf/gazette_single.pdf");
    let re = regex::bytes::Regex::new(r"/ToUnicode\s+\d+\s+0\s+R").unwrap();
    let spans: Vec<(usize, usize)> = re.find_iter(&b).map(|m| (m.start(), m.end())).collect();
    assert_eq!(spans.len(), 3);
    for (s, e) in spans {
        b[s..e].fill(b' ');
    }
    let x = extract_pdf(&b).expect("text from glyph names");
    let r = String::from_utf8(fixture("pdf/gazette_single.ref.txt")).unwrap();
    let c = cer(&text_of(&x), &r);
    eprintln!("gazette_single without ToUnicode: CER {:.4}%", c * 100.0);
    assert!(c <= 0.005, "CER {c}");
}

#[test]
fn rotated_text_reads_in_its_own_frame() {
    use lopdf::dictionary;
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    // Text running up the page (a landscape table page): two lines, left one first.
    let pdf = one_page_pdf(
        font,
        b"BT /F1 12 Tf 0 1 -1 0 100 100 Tm (Hello) Tj 0 1 -1 0 120 100 Tm (World) Tj ET",
    );
    let x = extract_pdf(&pdf).unwrap();
    let lines: Vec<&str> = x.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, ["Hello", "World"]);
}

#[test]
fn hostile_structures_are_bounded() {
    use lopdf::{Document, Object, Stream, dictionary};
    let helvetica = || {
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        }
    };
    // Deep nesting, a flood of q, an unterminated array: all end, and the text still reads.
    let mut content = "[".repeat(100_000).into_bytes();
    content.extend_from_slice(b"]\n");
    content.extend("q ".repeat(300_000).bytes());
    content.extend_from_slice(b"BT /F1 12 Tf 72 700 Td (Still here) Tj ET [[[ (x");
    let t = Instant::now();
    assert_eq!(
        first_line(&one_page_pdf(helvetica(), &content)),
        "Still here"
    );
    assert!(t.elapsed() < Duration::from_secs(5));

    // Twenty thousand wide, overlapping lines and a grid of rules: layout stays linear.
    let mut many = String::from("BT /F1 300 Tf\n");
    for i in 0..20_000 {
        many += &format!("1 0 0 1 {} {} Tm (ab) Tj\n", i % 7 * 50, i % 800);
    }
    many += "ET\n";
    for i in 0..150 {
        many += &format!(
            "0 {} m 595 {} l S {} 0 m {} 842 l S\n",
            i * 5,
            i * 5,
            i * 4,
            i * 4
        );
    }
    let t = Instant::now();
    let _ = extract_pdf(&one_page_pdf(helvetica(), many.as_bytes()));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());

    // A form XObject that draws itself: the cycle is cut, its text read once per level.
    let mut doc = Document::with_version("1.7");
    let font_id = doc.add_object(helvetica());
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "X1" => form_id },
            },
        },
        b"BT /F1 12 Tf 72 700 Td (Loop) Tj ET /X1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content_id = doc.add_object(Stream::new(dictionary! {}, b"/X1 Do".to_vec()));
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "X1" => form_id } },
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    let t = Instant::now();
    assert_eq!(first_line(&pdf), "Loop");
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn pages_without_text_are_named() {
    use lopdf::dictionary;
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    let text: &[u8] = b"BT /F1 12 Tf 72 700 Td (Text) Tj ET";
    let image_only: &[u8] = b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q";
    let pdf = pdf_with_pages(
        font.clone(),
        &[text, image_only, image_only, image_only, text],
    );
    let x = extract_pdf(&pdf).unwrap();
    let w = x
        .warnings
        .iter()
        .find(|w| w.code == "no-text-layer")
        .expect("warning");
    assert!(w.message.contains("2–4"), "{}", w.message);
    let none = pdf_with_pages(font, &[image_only, image_only]);
    assert_eq!(
        extract_pdf(&none),
        Err(ExtractError::NoTextLayer("1–2".into()))
    );
}

#[test]
fn diagonal_watermarks_and_off_page_text_are_dropped() {
    use lopdf::dictionary;
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    let pdf = one_page_pdf(
        font,
        b"BT /F1 40 Tf 0.7071 0.7071 -0.7071 0.7071 200 300 Tm (WATERMARK) Tj ET \
          BT /F1 12 Tf 1 0 0 1 -900 700 Tm (hidden) Tj ET \
          BT /F1 12 Tf 1 0 0 1 72 700 Tm (Body text) Tj ET",
    );
    let x = extract_pdf(&pdf).unwrap();
    let lines: Vec<&str> = x.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, ["Body text"]);
}

#[test]
fn two_columns_with_a_list_are_not_a_table() {
    use lopdf::dictionary;
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    // The left column: a paragraph of running text, then a two-cell list.
    let mut c = String::from("BT /F1 10 Tf\n");
    for r in 0..4 {
        let y = 700 - 14 * r;
        c += &format!("1 0 0 1 50 {y} Tm (Opening paragraph line {r} of the notice) Tj\n");
    }
    for r in 4..16 {
        let y = 700 - 14 * r;
        c += &format!("1 0 0 1 50 {y} Tm (Alpha{r}) Tj 1 0 0 1 150 {y} Tm (Director) Tj\n");
    }
    for r in 0..16 {
        let y = 700 - 14 * r;
        let words = [
            "The quick brown fox",
            "Jumps over",
            "A lazy dog and",
            "Then runs",
        ];
        let text = format!(
            "{} {} text of line {r} here",
            words[r % 4],
            words[(r + 1) % 4]
        );
        c += &format!("1 0 0 1 320 {y} Tm ({text}) Tj\n");
    }
    c += "ET";
    let x = extract_pdf(&one_page_pdf(font, c.as_bytes())).unwrap();
    let lines: Vec<&str> = x.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        lines[0].starts_with("Opening paragraph line 0"),
        "{lines:?}"
    );
    let list: Vec<&&str> = lines.iter().filter(|l| l.starts_with("Alpha")).collect();
    assert_eq!(list.len(), 12, "{lines:?}");
    assert_eq!(*list[0], "Alpha4\tDirector");
    let right = lines
        .iter()
        .position(|l| l.starts_with("The quick brown fox"))
        .unwrap();
    assert!(
        right
            > lines
                .iter()
                .position(|l| *l == "Alpha15\tDirector")
                .unwrap()
    );
    assert!(
        lines[right..].iter().all(|l| !l.contains('\t')),
        "{lines:?}"
    );
}

#[test]
fn truncated_file_keeps_what_survives_and_names_the_rest() {
    let full = fixture("pdf/gazette_single.pdf");
    let cut = &full[..full.len() * 9 / 10];
    let x = extract_pdf(cut).expect("partial text");
    let w = x
        .warnings
        .iter()
        .find(|w| w.code == "damaged-page")
        .expect("warning");
    assert!(w.message.contains("51–81"), "{}", w.message);
    assert!(!x.warnings.iter().any(|w| w.code == "no-text-layer"));
    let whole = extract_pdf(&full).unwrap();
    assert_eq!(x.pages[..50], whole.pages[..50]);
}

#[test]
fn documents_start_on_their_pages() {
    // Each document's heading is on the PDF page the expected file names, and the printed
    // page numbers agree with the contents' toc_page.
    for name in [
        "real/pdf/guowuyuan-2019-compiled",
        "real/pdf/guowuyuan-2019-compiled-yorder",
        "real/pdf/guowuyuan-2019-unigb",
        "pdf/gazette_single",
        "pdf/gazette_two",
        "pdf/gazette_lo",
    ]
    .into_iter()
    .filter(|n| has_real() || !n.starts_with("real/"))
    {
        let x = extract_pdf(&fixture(&format!("{name}.pdf"))).unwrap();
        let exp: serde_json::Value =
            serde_json::from_slice(&fixture(&format!("{name}.expected.json"))).unwrap();
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        for d in exp["documents"].as_array().unwrap() {
            let title = squash(d["title"].as_str().unwrap());
            let start = d["start_page"].as_u64().unwrap() as usize;
            let page = &x.pages[start - 1];
            let text: String = page.lines.iter().map(|l| squash(&l.text)).collect();
            let head: String = title.chars().take(12).collect();
            assert!(text.contains(&head), "{name}: {title} not on page {start}");
            if let Some(toc) = d["toc_page"].as_u64() {
                assert_eq!(
                    page.printed,
                    Some(toc as u32),
                    "{name}: printed page of {title}"
                );
            }
        }
    }
}

#[test]
fn symbolic_font_with_private_codes_is_not_guessed() {
    use lopdf::dictionary;
    // An 8-bit subset of a CJK font: codes 0x21… are glyph slots, not ASCII.
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+SimSun",
        "FirstChar" => 33, "LastChar" => 35,
        "Widths" => vec![1000.into(), 1000.into(), 1000.into()],
        "FontDescriptor" => dictionary! { "Type" => "FontDescriptor", "Flags" => 4 },
    };
    let pdf = one_page_pdf(font, b"BT /F1 12 Tf 72 700 Td (!\"#) Tj ET");
    assert!(matches!(
        extract_pdf(&pdf),
        Err(ExtractError::NoUnicodeMapping { font, .. }) if font == "ABCDEF+SimSun"
    ));
}

/// A one-page PDF with `n` fonts made by `font`, each drawing `show` once.
fn many_fonts_pdf(
    n: usize,
    font: impl Fn(&mut lopdf::Document, usize) -> lopdf::Object,
    show: &str,
) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut fonts = Dictionary::new();
    let mut content = String::new();
    for k in 0..n {
        let f = font(&mut doc, k);
        fonts.set(format!("F{k}"), f);
        content += &format!("BT /F{k} 12 Tf 72 {} Td {show} Tj ET\n", 100 + k % 600);
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => fonts },
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn glyph_count(x: &gazette::extract::Extracted) -> usize {
    x.pages
        .iter()
        .map(|p| p.glyphs.as_ref().map_or(0, |g| g.glyphs.len()))
        .sum()
}

#[test]
fn fonts_per_page_are_counted_and_cut_with_a_warning() {
    use lopdf::{Object, dictionary};
    // 2,600 distinct fonts on one page: a page may load 2,500 (1/8 of the 20,000 a file
    // may): the rest of the page is cut off, what was read is kept, and the warning says why.
    let pdf = many_fonts_pdf(
        2600,
        |doc, _| {
            Object::Reference(doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
                "Encoding" => "WinAnsiEncoding",
            }))
        },
        "(a)",
    );
    let x = gazette::extract::pdf::extract_pdf(&pdf).unwrap();
    let w = x
        .warnings
        .iter()
        .find(|w| w.code == "limit")
        .expect("limit");
    assert!(w.message.contains("2500 fonts per page"), "{}", w.message);
    assert_eq!(glyph_count(&x), 2500);
}

#[test]
fn tounicode_entries_per_page_are_counted_and_cut_with_a_warning() {
    use lopdf::{Object, Stream, StringFormat, dictionary};
    // 24 fonts, each with a ToUnicode of its own mapping 63,488 codes: a page may use
    // 1,250,000 entries (1/8 of 10M per file), so the 20th font is refused.
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <4E00> endbfrange endcmap end end";
    let pdf = many_fonts_pdf(
        24,
        |doc, _| {
            let tu = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
            let info = dictionary! {
                "Registry" => Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                "Ordering" => Object::String(b"Identity".to_vec(), StringFormat::Literal),
                "Supplement" => 0,
            };
            Object::Reference(doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X",
                "Encoding" => "Identity-H", "ToUnicode" => tu,
                "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                    "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X",
                    "CIDSystemInfo" => info, "DW" => 1000,
                })],
            }))
        },
        "<0001>",
    );
    let x = gazette::extract::pdf::extract_pdf(&pdf).unwrap();
    let w = x
        .warnings
        .iter()
        .find(|w| w.code == "limit")
        .expect("limit");
    assert!(
        w.message.contains("ToUnicode entries per page"),
        "{}",
        w.message
    );
    assert_eq!(glyph_count(&x), 19);
}
