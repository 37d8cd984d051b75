//! Golden `effective`, `valid_until` and reference relations on real documents (issue 15),
//! read in place from `../shared/corpus/real` (or `$GAZETTE_SHARED_DIR/corpus/real`); each
//! test skips, saying so, when that folder is absent. Expectations were checked by hand
//! against the printed clauses (quoted in the comments).

use std::path::PathBuf;

use gazette::model::{Document, Relation};

fn real_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("GAZETTE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("corpus/real");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// The documents of one real file (text or PDF), converted.
fn documents(rel: &str) -> Option<Vec<Document>> {
    let path = real_dir()?.join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let issue = gazette::pipeline::convert_bytes(&path, rel, &bytes).unwrap();
    Some(issue.documents)
}

fn one(rel: &str) -> Option<Document> {
    let mut docs = documents(rel)?;
    assert_eq!(docs.len(), 1, "{rel}");
    docs.pop()
}

fn clause(c: &Option<gazette::model::DatedClause>) -> Option<(Option<&str>, &str)> {
    c.as_ref().map(|c| (c.date.as_deref(), c.raw.as_str()))
}

fn relation(d: &Document, number: &str) -> Option<Relation> {
    d.references
        .iter()
        .find(|r| r.text == number)
        .map(|r| r.relation)
}

#[test]
fn state_council_decrees_and_plans() {
    // 国务院令第707号: `现公布修订后的《…》，自2019年1月1日起施行。`; its 题注 cites 令第142号.
    let Some(d) = one("text/03-govcn-guowuyuanling-707-order.txt") else {
        return;
    };
    assert_eq!(
        clause(&d.effective),
        Some((Some("2019-01-01"), "自2019年1月1日起施行"))
    );
    assert_eq!(d.valid_until, None);
    assert_eq!(relation(&d, "国务院令第142号"), Some(Relation::Cites));
    // 国办函〔2005〕57号 (印发 wrapper): the enclosed 预案's `本预案自印发之日起实施`.
    let d = one("text/10-govcn-guobanhan-2005-57-plan-with-toc.txt").unwrap();
    assert_eq!(
        clause(&d.effective),
        Some((Some("2005-06-11"), "本预案自印发之日起实施"))
    );
    // 国发〔2018〕41号: `第三十二条　本办法自2019年1月1日起施行。`
    let d = one("govcn-2019-02-crawl/32.txt").unwrap();
    assert_eq!(
        clause(&d.effective),
        Some((Some("2019-01-01"), "本办法自2019年1月1日起施行"))
    );
    // 国务院令第706号: `…2018年9月6日…修订通过，现将修订后的《专利代理条例》公布，自2019年3月1日起施行。`
    let d = one("govcn-2019-02-crawl/58.txt").unwrap();
    assert_eq!(
        clause(&d.effective),
        Some((Some("2019-03-01"), "自2019年3月1日起施行"))
    );
    // 国办发〔2018〕117号: `自本通知印发之日起，《…》（国办发〔2016〕82号）停止执行。`
    let d = one("govcn-2019-02-crawl/37.txt").unwrap();
    assert_eq!(d.effective, None);
    assert_eq!(relation(&d, "国办发〔2016〕82号"), Some(Relation::Repeals));
    let r = d.references.iter().find(|r| r.text == "国办发〔2016〕82号");
    assert_eq!(
        r.and_then(|r| r.title.as_deref()),
        Some("国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知")
    );
}

#[test]
fn licence_validity_is_not_the_documents() {
    // govcn 57: `批准文件在有效期内可一证多批使用`.
    let Some(d) = one("govcn-2019-02-crawl/57.txt") else {
        return;
    };
    assert_eq!((d.effective, d.valid_until), (None, None));
    // Every real text: a validity is only ever read next to the document's own clause.
    let dir = real_dir().unwrap();
    for entry in std::fs::read_dir(dir.join("govcn-2019-02-crawl")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            let rel = format!("govcn-2019-02-crawl/{}", p.file_name().unwrap().display());
            for d in documents(&rel).unwrap() {
                assert_eq!(d.valid_until, None, "{rel}");
            }
        }
    }
}

#[test]
fn tangshan_banfa_in_force_for_two_years() {
    // 唐港城办发〔2019〕12号 (PDF): the enclosed 办法 `七、本办法自印发之日起实施，有效期二年。`
    // and, in its body, `建设工程规划预许可证有效期为两个月` (a licence: not the document's).
    let Some(docs) = documents("pdf/tangshan-tgcbf-2019-12-banfa-with-attachments.pdf") else {
        return;
    };
    let d = &docs[0];
    assert_eq!(
        d.effective.as_ref().map(|c| c.raw.as_str()),
        Some("本办法自印发之日起实施")
    );
    assert_eq!(
        d.valid_until.as_ref().map(|c| c.raw.as_str()),
        Some("有效期二年")
    );
    // Dated 2019-03-29 when the signature grid yields the date; never guessed without it.
    let (e, v) = (
        d.effective.as_ref().and_then(|c| c.date.as_deref()),
        d.valid_until.as_ref().and_then(|c| c.date.as_deref()),
    );
    match d.date.as_deref() {
        Some(date) => {
            assert_eq!(date, "2019-03-29");
            assert_eq!((e, v), (Some("2019-03-29"), Some("2021-03-28")));
        }
        None => assert_eq!((e, v), (None, None)),
    }
    assert_eq!(relation(d, "唐政办发〔2019〕1号"), Some(Relation::BasedOn));
}
