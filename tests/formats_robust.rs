//! Hostile and damaged inputs of the new formats (truncated zips, zip bombs, deeply nested
//! XML and HTML, billion-laughs entities, huge attributes, broken OLE sectors): a clear error
//! or a result, never a panic, within a bounded time.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use gazette::extract::{ExtractError, Extracted, extract_bytes};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Extracts, failing the test on a panic or when it takes longer than `limit`.
fn run(name: &str, bytes: &[u8], limit: Duration) -> Result<Extracted, ExtractError> {
    let t = Instant::now();
    let r = std::panic::catch_unwind(|| extract_bytes(Path::new(name), bytes))
        .unwrap_or_else(|_| panic!("{name}: panicked"));
    assert!(t.elapsed() < limit, "{name}: took {:?}", t.elapsed());
    r
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (n, b) in parts {
        w.start_file(*n, opt).unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn ofd_of(content: &[u8]) -> Vec<u8> {
    zip_of(&[
        (
            "OFD.xml",
            b"<ofd:OFD><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        ),
        (
            "Doc_0/Document.xml",
            b"<ofd:Document><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>",
        ),
        ("Doc_0/Pages/Page_0/Content.xml", content),
    ])
}

fn docx_of(document: &[u8]) -> Vec<u8> {
    zip_of(&[("word/document.xml", document)])
}

const SECOND: Duration = Duration::from_secs(5);

#[test]
fn truncated_files_give_a_format_error() {
    for (name, bytes) in [
        ("a.docx", fixture("lvliang-7.docx")),
        ("a.ofd", fixture("lvliang-7.ofd")),
        ("a.doc", fixture("lvliang-7.doc")),
        ("a.wps", fixture("lvliang-14.wps")),
    ] {
        for cut in [
            8,
            100,
            1000,
            bytes.len() / 2,
            bytes.len() - 22,
            bytes.len() - 1,
        ] {
            let e = run(name, &bytes[..cut], SECOND).unwrap_err();
            let msg = e.to_string();
            assert!(
                ["DOCX:", "OFD:", "DOC:", "zip:"]
                    .iter()
                    .any(|f| msg.starts_with(f)),
                "{name} cut at {cut}: {msg}"
            );
        }
    }
}

#[test]
fn zip_bombs_stop_at_the_budget() {
    let zeros = vec![b'a'; 80 << 20];
    let bomb = docx_of(&zeros);
    assert!(bomb.len() < 1 << 20);
    let e = run("bomb.docx", &bomb, Duration::from_secs(20)).unwrap_err();
    assert!(e.to_string().contains("zip bomb"), "{e}");
    let e = run("bomb.ofd", &ofd_of(&zeros), Duration::from_secs(20)).unwrap_err();
    assert!(e.to_string().contains("zip bomb"), "{e}");
}

#[test]
fn deep_nesting_is_an_error_or_flat_work() {
    let deep = format!(
        "<w:document><w:body>{}</w:body></w:document>",
        "<w:p>".repeat(200_000)
    );
    let e = run("deep.docx", &docx_of(deep.as_bytes()), SECOND).unwrap_err();
    assert!(e.to_string().starts_with("DOCX:"), "{e}");
    let deep = format!(
        "<ofd:Page><ofd:Content>{}</ofd:Content></ofd:Page>",
        "<ofd:PageBlock>".repeat(200_000)
    );
    let e = run("deep.ofd", &ofd_of(deep.as_bytes()), SECOND).unwrap_err();
    assert!(e.to_string().starts_with("OFD:"), "{e}");
    for html in [
        format!("<html><body>{}正文</body></html>", "<div>".repeat(100_000)),
        format!(
            "<html><body>{}正文</body></html>",
            "<table><tr><td>".repeat(20_000)
        ),
        format!("<html><body>{}正文</body></html>", "<b><i>".repeat(50_000)),
    ] {
        let e = run("deep.html", html.as_bytes(), SECOND).unwrap_err();
        assert!(e.to_string().contains("nested deeper"), "{e}");
    }
    // Thousands of unclosed <p> (old CMS markup) are siblings, not nesting.
    let flat = format!(
        "<html><body>{}</body></html>",
        "<p>一段正文文字".repeat(5_000)
    );
    let ex = run("flat.html", flat.as_bytes(), SECOND).unwrap();
    assert_eq!(ex.pages[0].lines.len(), 5_000);
}

#[test]
fn entities_never_expand() {
    let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><w:document><w:body><w:p><w:r><w:t>&lol9;正文&amp;&#x6587;</w:t></w:r></w:p></w:body></w:document>"#;
    let ex = run("lol.docx", &docx_of(lol.as_bytes()), SECOND).unwrap();
    assert_eq!(ex.pages[0].lines[0].text, "正文&文");
    let ofd = format!(
        r#"<!DOCTYPE x [<!ENTITY a "{}">]><ofd:Page><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 100 10" Size="5"><ofd:TextCode X="0" Y="4">&a;&a;文字</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#,
        "x".repeat(1000)
    );
    let ex = run("lol.ofd", &ofd_of(ofd.as_bytes()), SECOND).unwrap();
    let glyphs = &ex.pages[0].glyphs.as_ref().unwrap().glyphs;
    assert_eq!(glyphs.iter().map(|g| g.c).collect::<String>(), "文字");
}

#[test]
fn huge_attributes_are_bounded() {
    // DeltaX claiming four billion advances, a CTM of millions of numbers.
    let content = format!(
        r#"<ofd:Page><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 10 10" Size="3" CTM="{}"><ofd:TextCode X="0" Y="1" DeltaX="g 4294967295 1 {}">文字</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#,
        "1 ".repeat(2_000_000),
        "2 ".repeat(2_000_000)
    );
    let ex = run("huge.ofd", &ofd_of(content.as_bytes()), SECOND).unwrap();
    assert_eq!(ex.pages[0].glyphs.as_ref().unwrap().glyphs.len(), 2);
    let html = format!(
        "<html><body><p title=\"{}\">正文内容在这里</p></body></html>",
        "a".repeat(20_000_000)
    );
    let ex = run("huge.html", html.as_bytes(), SECOND).unwrap();
    assert_eq!(ex.pages[0].lines[0].text, "正文内容在这里");
}

#[test]
fn broken_ole_sectors_give_an_error_or_text() {
    let doc = fixture("lvliang-7.doc");
    // Whole sectors overwritten: header, FAT, directory, data.
    for start in (0..doc.len()).step_by(512).take(12) {
        let mut b = doc.clone();
        let end = (start + 512).min(b.len());
        b[start..end].fill(0xFF);
        if let Err(e) = run("ff.doc", &b, SECOND) {
            assert!(e.to_string().starts_with("DOC:"), "{e}");
        }
    }
    // Random bytes changed (deterministic generator): never a panic, never slow.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..300 {
        let mut b = doc.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed >> 16) as usize % b.len();
            b[at] = seed as u8;
        }
        let _ = run("mutated.doc", &b, SECOND);
    }
    // An OLE file that is no Word document.
    let mut other = doc.clone();
    let pos = other
        .windows(24)
        .position(|w| {
            w == "WordDocument"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
        })
        .unwrap();
    other[pos..pos + 2].copy_from_slice(&[b'X', 0]);
    let e = run("other.doc", &other, SECOND).unwrap_err();
    assert!(e.to_string().contains("WordDocument"), "{e}");
}

#[test]
fn pages_drawn_without_text_have_no_text_layer() {
    let content = br#"<ofd:Page><ofd:Content><ofd:Layer><ofd:PathObject Boundary="10 10 50 50"><ofd:AbbreviatedData>M 0 0 L 5 5</ofd:AbbreviatedData></ofd:PathObject><ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="9"/></ofd:Layer></ofd:Content></ofd:Page>"#;
    let e = run("scan.ofd", &ofd_of(content), SECOND).unwrap_err();
    assert!(matches!(e, ExtractError::NoTextLayer(_)), "{e}");
    let e = run("zip.zip", &zip_of(&[("a.txt", b"x")]), SECOND).unwrap_err();
    assert!(e.to_string().contains("without OFD.xml"), "{e}");
}

/// A deterministic xorshift stream for the mutation runs.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A few bytes overwritten, a run deleted or duplicated, or the tail cut off.
    fn mutate(&mut self, b: &[u8]) -> Vec<u8> {
        let mut out = b.to_vec();
        let len = out.len().max(1);
        match self.next() % 4 {
            0 => {
                for _ in 0..1 + self.next() % 8 {
                    let at = self.next() as usize % len;
                    if at < out.len() {
                        out[at] = self.next() as u8;
                    }
                }
            }
            1 => {
                let at = self.next() as usize % len;
                let n = (self.next() as usize % 64).min(out.len() - at.min(out.len()));
                out.drain(at.min(out.len())..at.min(out.len()) + n);
            }
            2 => {
                let at = self.next() as usize % len;
                let n = (self.next() as usize % 256).min(out.len().saturating_sub(at));
                let run: Vec<u8> = out[at..at + n].to_vec();
                out.splice(at..at, run);
            }
            _ => out.truncate(self.next() as usize % len),
        }
        out
    }
}

/// The parts of a zip container, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

/// Seeded mutants of every new format, both of the file's bytes and, for the zip formats
/// (DOCX, OFD), of the XML inside a valid container, so the XML readers see the damage
/// and not only the inflater: never a panic, never over the time limit, and a failure is
/// a one-line error that names the format.
#[test]
fn seeded_mutants_of_every_format_never_panic() {
    let mut m = Mutator(0x9E37_79B9_7F4A_7C15);
    let mut errors = 0;
    let mut runs = 0;
    for name in [
        "lvliang-14.html",
        "lvliang-14.docx",
        "lvliang-14.ofd",
        "lvliang-14.doc",
        "lvliang-14.wps",
    ] {
        let original = fixture(name);
        let mut mutants: Vec<Vec<u8>> = (0..120).map(|_| m.mutate(&original)).collect();
        if name.ends_with("docx") || name.ends_with("ofd") {
            let parts = unzip(&original);
            for _ in 0..120 {
                let k = m.next() as usize % parts.len();
                let damaged: Vec<(String, Vec<u8>)> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, (n, b))| (n.clone(), if i == k { m.mutate(b) } else { b.clone() }))
                    .collect();
                let refs: Vec<(&str, &[u8])> = damaged
                    .iter()
                    .map(|(n, b)| (n.as_str(), b.as_slice()))
                    .collect();
                mutants.push(zip_of(&refs));
            }
        }
        for b in mutants {
            runs += 1;
            if let Err(e) = run(name, &b, SECOND) {
                errors += 1;
                let msg = e.to_string();
                assert!(!msg.contains('\n') && !msg.is_empty(), "{name}: {msg:?}");
            }
        }
    }
    eprintln!("{runs} mutants, {errors} refused with an error, none panicked");
    // The mutants must reach the readers, not all fail at the door.
    assert!(runs >= 800 && errors < runs, "{errors} of {runs} failed");
}
