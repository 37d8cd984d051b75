//! Every input format gives the same document: fixtures/formats/ holds documents of the
//! seed issue as text, HTML, DOCX, DOC, WPS, PDF and OFD (scripts/make-format-fixtures.sh),
//! each with one hand-checked `.expected.json`; the real OFDs of ../shared must give the
//! fields of their PDF twins. Also: detection by content, provenance of page metadata, and
//! a clear error for every damaged or unsupported file.

use std::path::{Path, PathBuf};

use gazette::extract::ExtractError;
use gazette::model::{FieldSource, Issue, SourceFormat};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert_file(path: &Path) -> Result<Issue, ExtractError> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let label = path.file_name().unwrap().to_string_lossy().into_owned();
    gazette::pipeline::convert_bytes(path, &label, &bytes)
}

/// The fields every form of a document must agree on, as the expected files write them.
fn fields(issue: &Issue) -> Vec<Value> {
    issue
        .documents
        .iter()
        .map(|d| {
            json!({
                "title": d.title,
                "doc_number": d.doc_number.as_ref().map(|n| n.text.clone()),
                "addressees": d.addressees,
                "issuers": d.issuers,
                "date": d.date,
                "publication": d.publication.as_ref().map(|p| p.text.clone()),
                "attachments": d.attachments.iter().map(|a| a.title.clone()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn expected(path: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let keys = [
                "title",
                "doc_number",
                "addressees",
                "issuers",
                "date",
                "publication",
                "attachments",
            ];
            Value::Object(keys.iter().map(|k| (k.to_string(), d[k].clone())).collect())
        })
        .collect()
}

const FORMATS: [(&str, SourceFormat); 9] = [
    ("txt", SourceFormat::Text),
    ("pdf", SourceFormat::Pdf),
    ("html", SourceFormat::Html),
    ("shtml", SourceFormat::Html),
    ("docx", SourceFormat::Docx),
    ("doc", SourceFormat::Doc),
    ("wps", SourceFormat::Doc),
    ("ofd", SourceFormat::Ofd),
    ("htm", SourceFormat::Html),
];

#[test]
fn every_format_of_a_document_gives_the_same_fields() {
    let dir = root().join("fixtures/formats");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".expected.json").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 5, "fixtures/formats: {names:?}");
    let mut errors = Vec::new();
    let mut checked = 0;
    for name in &names {
        let want = expected(&dir.join(format!("{name}.expected.json")));
        let mut forms = 0;
        for (ext, format) in FORMATS {
            let path = dir.join(format!("{name}.{ext}"));
            if !path.exists() {
                continue;
            }
            forms += 1;
            match convert_file(&path) {
                Ok(issue) => {
                    if issue.source.format != format {
                        errors.push(format!("{name}.{ext}: format {:?}", issue.source.format));
                    }
                    let got = fields(&issue);
                    if got != want {
                        errors.push(format!(
                            "{name}.{ext}:\n  got      {}\n  expected {}",
                            Value::from(got),
                            Value::from(want.clone())
                        ));
                    }
                }
                Err(e) => errors.push(format!("{name}.{ext}: {e}")),
            }
            checked += 1;
        }
        // Each document comes as text and HTML at least; all but the HTML-only one in all.
        assert!(forms >= 2, "{name}: only {forms} forms");
    }
    assert!(checked >= 30, "only {checked} files checked");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn page_metadata_fills_what_the_page_text_lacks_and_says_so() {
    let issue = convert_file(&root().join("fixtures/formats/lvliang-22.html")).unwrap();
    let meta = issue.source.metadata.as_ref().expect("metadata table read");
    assert_eq!(meta.doc_number.as_deref(), Some("吕政办发〔2019〕22号"));
    assert_eq!(
        meta.index_no.as_deref(),
        Some("11141100MB0155286X/2019-00124")
    );
    let d = &issue.documents[0];
    assert_eq!(
        d.provenance.get("doc_number"),
        Some(&FieldSource::PageMetadata)
    );
    // The text has its own title, signature and date: those stay the text's.
    assert_eq!(d.provenance.len(), 1, "{:?}", d.provenance);
    assert!(issue.source.extractor.contains("readability"));
    assert_eq!(issue.source.encoding.as_deref(), Some("gbk"));

    let issue = convert_file(&root().join("fixtures/formats/lvliang-14.html")).unwrap();
    assert!(issue.documents[0].provenance.is_empty());
    assert!(issue.source.extractor.contains("#UCAP-CONTENT"));
    let issue = convert_file(&root().join("fixtures/formats/lvliang-192.html")).unwrap();
    assert_eq!(issue.source.encoding.as_deref(), Some("utf-8"));
}

#[test]
fn page_chrome_stays_out_of_the_text() {
    for name in ["lvliang-14.html", "lvliang-22.html", "lvliang-31.shtml"] {
        let bytes = std::fs::read(root().join("fixtures/formats").join(name)).unwrap();
        let (_, text) = gazette::pipeline::extract_text(Path::new(name), &bytes).unwrap();
        let all: String = text.lines.iter().map(|l| l.text.as_str()).collect();
        for chrome in [
            "打印本页",
            "关闭窗口",
            "扫一扫",
            "分享到",
            "当前位置",
            "网站标识码",
            "互动交流",
            "相关文章",
            "浏览次数",
        ] {
            assert!(!all.contains(chrome), "{name}: {chrome} left in the text");
        }
    }
}

#[test]
fn docx_table_cells_are_tab_separated() {
    let bytes = std::fs::read(root().join("fixtures/formats/lvliang-7.docx")).unwrap();
    for (name, bytes) in [
        ("x.docx", bytes),
        (
            "x.html",
            std::fs::read(root().join("fixtures/formats/lvliang-7.html")).unwrap(),
        ),
        (
            "x.doc",
            std::fs::read(root().join("fixtures/formats/lvliang-7.doc")).unwrap(),
        ),
    ] {
        let (_, text) = gazette::pipeline::extract_text(Path::new(name), &bytes).unwrap();
        assert!(
            text.lines
                .iter()
                .any(|l| l.text == "离石区\t12\t186\t5\t40\t2"),
            "{name}"
        );
    }
}

/// The real OFDs of ../shared (WPS Office exports) must give their PDF twins' fields.
#[test]
fn real_ofds_equal_their_pdf_twins() {
    let real = root().join("../shared/corpus/real");
    let ofd_dir = real.join("ofd");
    if !ofd_dir.is_dir() {
        eprintln!("skipped: {} is absent", ofd_dir.display());
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(&ofd_dir).unwrap() {
        let path = e.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let twin = real.join("pdf").join(format!("{stem}.expected.json"));
        if path.extension().is_none_or(|x| x != "ofd") || !twin.exists() {
            continue;
        }
        let issue = convert_file(&path).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(issue.source.format, SourceFormat::Ofd);
        assert_eq!(fields(&issue), expected(&twin), "{stem}");
        // Page provenance as for PDF: the twin's start pages.
        assert_eq!(issue.documents[0].pages.as_ref().map(|p| p.start), Some(1));
        n += 1;
    }
    assert!(n >= 2, "only {n} OFDs with twins");
}

#[test]
fn content_decides_the_format_not_the_name() {
    let dir = root().join("fixtures/formats");
    let cases = [
        ("lvliang-14.docx", "renamed.bin", SourceFormat::Docx),
        ("lvliang-14.ofd", "renamed.zip", SourceFormat::Ofd),
        ("lvliang-14.doc", "renamed.dat", SourceFormat::Doc),
        ("lvliang-14.html", "renamed.txt", SourceFormat::Html),
    ];
    for (src, name, format) in cases {
        let bytes = std::fs::read(dir.join(src)).unwrap();
        let issue = gazette::pipeline::convert_bytes(Path::new(name), name, &bytes)
            .unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(issue.source.format, format, "{src}");
    }
    // A name promising a binary format whose bytes are text is an error, not text.
    for name in ["x.docx", "x.ofd", "x.doc", "x.wps"] {
        let e =
            gazette::pipeline::convert_bytes(Path::new(name), name, "文字".as_bytes()).unwrap_err();
        assert!(matches!(e, ExtractError::Invalid { .. }), "{name}: {e}");
    }
}

#[test]
fn folders_pick_up_every_input_format() {
    use gazette::archive::{FileKind, kind_of};
    for name in [
        "a.pdf", "a.txt", "a.ofd", "a.DOCX", "a.doc", "a.wps", "a.html", "a.htm", "a.shtml",
    ] {
        assert!(
            gazette::batch::inputs::is_input_name(Path::new(name)),
            "{name}"
        );
        assert_eq!(kind_of(Path::new(name)), Some(FileKind::Source), "{name}");
    }
    for name in ["a.xlsx", "a.odt", "a.md"] {
        assert!(
            !gazette::batch::inputs::is_input_name(Path::new(name)),
            "{name}"
        );
    }
}
