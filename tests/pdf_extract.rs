//! The PDF reader against the fixtures: text fidelity (character error rate against the
//! `.ref.txt` files), printed page numbers, the robust files, and random corruption.

use std::time::{Duration, Instant};

use gazette::extract::pdf::extract_pdf;
use gazette::extract::{ExtractError, Extracted};

fn fixture(path: &str) -> Vec<u8> {
    let p = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
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

fn check_cer(pdf: &str, reference: &str) -> (Extracted, f64) {
    let x = extract_pdf(&fixture(pdf)).unwrap_or_else(|e| panic!("{pdf}: {e}"));
    let r = String::from_utf8(fixture(reference)).expect("utf-8 reference");
    let c = cer(&text_of(&x), &r);
    eprintln!("{pdf}: CER {:.4}%", c * 100.0);
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

#[test]
fn random_corruption_never_panics_or_hangs() {
    let base = fixture("real/pdf/wps-guofangbu-2012-21.pdf");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut slowest = Duration::ZERO;
    for round in 0..200 {
        let mut b = base.clone();
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
        let t = Instant::now();
        let _ = extract_pdf(&b);
        let d = t.elapsed();
        slowest = slowest.max(d);
        assert!(d < Duration::from_secs(5), "round {round} took {d:?}");
    }
    eprintln!("slowest corrupted run: {slowest:?}");
}
