//! A large synthetic archive for benchmarking `gazette grep`: converts a real fixture
//! issue with the library, then writes `--docs` document records (as JSON Lines, one
//! `issue` record per synthetic issue, exactly as `convert --jsonl` writes them) with
//! varied 机关代字, years, serials, dates, issuers, citations and sections. Deterministic
//! (fixed seed). Bodies are the fixture's, cut to `--body-chars` characters so that 100,000
//! documents stay a few hundred MB.
//!
//!     cargo run --release --example gen_archive -- --docs 100000 --out /tmp/archive.jsonl
//!
//! `--json-dir DIR` also writes every issue as pretty JSON, as `convert -o DIR` would.

use std::io::Write;
use std::path::PathBuf;

use gazette::model::{DocNumber, DocNumberKind, Document, Issue, Reference};

const CODES: &[(&str, &str)] = &[
    ("吕政发", "吕梁市人民政府"),
    ("吕政办发", "吕梁市人民政府办公室"),
    ("吕政办函", "吕梁市人民政府办公室"),
    ("吕政函", "吕梁市人民政府"),
    ("吕发改办发", "吕梁市发展和改革委员会"),
    ("吕发改财经发", "吕梁市发展和改革委员会"),
    ("吕财建", "吕梁市财政局"),
    ("吕教发", "吕梁市教育局"),
    ("吕卫发", "吕梁市卫生健康委员会"),
    ("吕人社发", "吕梁市人力资源和社会保障局"),
    ("晋政发", "山西省人民政府"),
    ("晋政办发", "山西省人民政府办公厅"),
    ("晋发改财金发", "山西省发展和改革委员会"),
    ("太政发", "太原市人民政府"),
    ("太政办发", "太原市人民政府办公室"),
    ("大政发", "大同市人民政府"),
    ("长政发", "长治市人民政府"),
    ("晋中政发", "晋中市人民政府"),
    ("忻政发", "忻州市人民政府"),
    ("临政发", "临汾市人民政府"),
    ("运政发", "运城市人民政府"),
    ("阳政发", "阳泉市人民政府"),
    ("朔政发", "朔州市人民政府"),
    ("国发", "国务院"),
    ("国办发", "国务院办公厅"),
    ("国办函", "国务院办公厅"),
    ("发改财金", "国家发展改革委"),
    ("财预", "财政部"),
    ("人社部发", "人力资源社会保障部"),
    ("教基", "教育部"),
];
const SECTIONS: &[&str] = &["市政府文件", "市政府办公室文件", "部门文件", "政策解读"];
const TYPES: &[(&str, &str)] = &[
    ("通知", "通知"),
    ("意见", "实施意见"),
    ("意见", "指导意见"),
    ("通知", "通知"),
    ("决定", "决定"),
    ("通告", "通告"),
    ("报告", "报告"),
    ("批复", "批复"),
];

/// splitmix64: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

fn number(code: &str, year: i32, serial: u32) -> DocNumber {
    DocNumber {
        text: format!("{code}〔{year}〕{serial}号"),
        raw: format!("{code}〔{year}〕{serial}号"),
        code: code.to_string(),
        year: Some(year),
        serial: Some(serial),
        kind: DocNumberKind::Standard,
    }
}

fn date(rng: &mut Rng, year: i32) -> String {
    format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
}

fn main() -> anyhow::Result<()> {
    let mut docs = 100_000usize;
    let mut out = PathBuf::from("/tmp/gazette-archive.jsonl");
    let mut body_chars = 400usize;
    let mut fixture = PathBuf::from("fixtures/lvliang-2019-01.txt");
    let mut json_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--docs" => docs = val()?.parse()?,
            "--out" => out = val()?.into(),
            "--body-chars" => body_chars = val()?.parse()?,
            "--fixture" => fixture = val()?.into(),
            "--json-dir" => json_dir = Some(val()?.into()),
            _ => anyhow::bail!(
                "usage: gen_archive [--docs N] [--out PATH] [--json-dir DIR] [--body-chars N] \
                 [--fixture TXT]"
            ),
        }
    }
    let bytes = std::fs::read(&fixture)?;
    let base: Issue = gazette::pipeline::convert_bytes(&fixture, "fixture", &bytes)?;
    anyhow::ensure!(!base.documents.is_empty(), "the fixture has no documents");
    let templates: Vec<Document> = base
        .documents
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.body = d.body.chars().take(body_chars).collect();
            d
        })
        .collect();

    let mut rng = Rng(0x0067_617a_6574_7465);
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&out)?);
    let mut written = 0usize;
    let mut issue_no = 0u32;
    while written < docs {
        issue_no += 1;
        let year = 2005 + (issue_no / 24) as i32 % 20;
        let number_in_year = issue_no % 24 + 1;
        let mut issue = base.clone();
        let hash = blake3::hash(&issue_no.to_le_bytes()).to_hex().to_string();
        issue.source.path = format!("synthetic/{year}/{number_in_year:02}-{issue_no:05}.pdf");
        issue.source.blake3 = hash.clone();
        issue.gazette.year = Some(year);
        issue.gazette.issues = vec![number_in_year];
        issue.gazette.label = Some(format!("{year}年 第{number_in_year}期"));
        issue.gazette.published = Some(format!(
            "{year}-{:02}-{:02}",
            number_in_year.div_ceil(2),
            if number_in_year % 2 == 1 { 1 } else { 15 }
        ));
        let n = (8 + rng.below(10) as usize).min(docs - written);
        issue.documents = (0..n)
            .map(|i| {
                let mut d = rng.pick(&templates).clone();
                let (code, issuer) = *rng.pick(CODES);
                let doc_year = year - rng.below(2) as i32;
                d.id = format!("{}#{i}", &hash[..16]);
                d.index = i as u32;
                d.section = Some(rng.pick(SECTIONS).to_string());
                let (t, raw) = *rng.pick(TYPES);
                d.doc_type = Some(t.to_string());
                d.doc_type_raw = Some(raw.to_string());
                d.doc_number =
                    (rng.below(30) != 0).then(|| number(code, doc_year, 1 + rng.below(400) as u32));
                d.issuers = if rng.below(20) == 0 {
                    vec![]
                } else {
                    vec![issuer.to_string()]
                };
                d.date = (rng.below(20) != 0).then(|| date(&mut rng, doc_year));
                d.date_raw = d.date.clone();
                d.references = (0..rng.below(4))
                    .map(|_| {
                        let (c, _) = *rng.pick(CODES);
                        let dn =
                            number(c, doc_year - rng.below(5) as i32, 1 + rng.below(400) as u32);
                        Reference {
                            text: dn.text,
                            code: dn.code,
                            year: dn.year,
                            serial: dn.serial,
                            kind: dn.kind,
                            title: None,
                            relation: Default::default(),
                        }
                    })
                    .collect();
                d
            })
            .collect();
        issue.contents.clear();
        w.write_all(gazette::emit::to_jsonl(&issue).as_bytes())?;
        if let Some(dir) = &json_dir {
            // As `convert -o DIR` names them: <relative source path>.json.
            let target = dir.join(format!("{}.json", issue.source.path));
            std::fs::create_dir_all(target.parent().expect("has a folder"))?;
            std::fs::write(target, gazette::emit::to_pretty_json(&issue))?;
        }
        written += n;
    }
    w.flush()?;
    eprintln!(
        "gen_archive: {written} documents in {issue_no} issues → {}",
        out.display()
    );
    Ok(())
}
