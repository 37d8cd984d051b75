//! Filling the index: existing issue JSON and JSON Lines files (`gazette index`), or the
//! JSON Lines of inputs as `convert --db` converts them. Each input is replaced in one
//! transaction: its old rows (documents, records, refs, full text) go, its new ones come.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::Context;
use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;

use crate::archive::{FileKind, collect_archive, document_record_json, is_document_record};
use crate::model::{Document, Gazette, Issue, Source};

/// What an `index` run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub indexed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub failed: usize,
    pub documents: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} indexed ({} documents), {} unchanged, {} removed, {} failed in {:.2}s",
            self.indexed,
            self.documents,
            self.unchanged,
            self.removed,
            self.failed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// How an input is identified and checked for change.
pub struct InputKey<'a> {
    pub path: &'a str,
    pub kind: &'a str,
    pub size: Option<i64>,
    pub mtime_ns: Option<i64>,
    pub blake3: Option<&'a str>,
}

/// The input's row as stored: (id, size, mtime_ns, blake3).
type Stored = (i64, Option<i64>, Option<i64>, Option<String>);

fn stored(conn: &Connection, path: &str) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(
        "SELECT id, size, mtime_ns, blake3 FROM inputs WHERE path = ?1",
        [path],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
}

/// Whether the index already holds this input as it is now.
pub fn is_current(conn: &Connection, key: &InputKey<'_>) -> rusqlite::Result<bool> {
    Ok(match stored(conn, key.path)? {
        Some((_, size, mtime, blake3)) => match key.blake3 {
            Some(b) => blake3.as_deref() == Some(b),
            None => size == key.size && mtime == key.mtime_ns && key.size.is_some(),
        },
        None => false,
    })
}

/// Deletes every row of the input `id` (its documents, records, refs and full text).
fn delete_rows(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM documents_fts WHERE rowid IN (SELECT rowid FROM documents WHERE input = ?1)",
        "DELETE FROM refs WHERE doc IN (SELECT rowid FROM documents WHERE input = ?1)",
        "DELETE FROM records WHERE doc IN (SELECT rowid FROM documents WHERE input = ?1)",
        "DELETE FROM documents WHERE input = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

/// Removes an input and its rows.
pub fn remove_input(tx: &Transaction<'_>, path: &str) -> rusqlite::Result<bool> {
    let Some((id, ..)) = stored(tx, path)? else {
        return Ok(false);
    };
    delete_rows(tx, id)?;
    tx.execute("DELETE FROM inputs WHERE id = ?1", [id])?;
    Ok(true)
}

/// Replaces the input's rows: returns its id, ready for [`insert_document`].
pub fn begin_input(tx: &Transaction<'_>, key: &InputKey<'_>) -> rusqlite::Result<i64> {
    if let Some((id, ..)) = stored(tx, key.path)? {
        delete_rows(tx, id)?;
        tx.execute(
            "UPDATE inputs SET kind = ?2, size = ?3, mtime_ns = ?4, blake3 = ?5 WHERE id = ?1",
            params![id, key.kind, key.size, key.mtime_ns, key.blake3],
        )?;
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO inputs(path, kind, size, mtime_ns, blake3, sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            key.path,
            key.kind,
            key.size,
            key.mtime_ns,
            key.blake3,
            super::sort_key(Path::new(key.path))
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// One document of an input, at position `ord`; `record` is its compact `document`
/// JSON Lines record.
pub fn insert_document(
    tx: &Transaction<'_>,
    input: i64,
    ord: i64,
    d: &Document,
    gazette: &Gazette,
    source: &Source,
    record: &str,
) -> rusqlite::Result<()> {
    let n = d.doc_number.as_ref();
    let kind = |k| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    };
    tx.prepare_cached(
        "INSERT INTO documents(input, ord, id, idx, number, number_raw, number_code, number_year, \
         number_serial, number_kind, title, doc_type, doc_type_raw, section, issuers, date, \
         effective_date, valid_until_date, status, gazette_name, gazette_year, gazette_issues, gazette_published, page_start, page_end, \
         printed_start, printed_end, source_path, source_blake3) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
         ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, \
         ?25, ?26, ?27, ?28, ?29)",
    )?
    .execute(params![
        input,
        ord,
        d.id,
        d.index,
        n.map(|n| &n.text),
        n.map(|n| &n.raw),
        n.map(|n| &n.code),
        n.and_then(|n| n.year),
        n.and_then(|n| n.serial),
        n.and_then(|n| kind(n.kind)),
        d.title,
        d.doc_type,
        d.doc_type_raw,
        d.section,
        serde_json::to_string(&d.issuers).expect("strings serialise"),
        d.date,
        d.effective.as_ref().and_then(|e| e.date.as_ref()),
        d.valid_until.as_ref().and_then(|e| e.date.as_ref()),
        d.publication.as_ref().map(|p| super::status_name(p.status)),
        gazette.name,
        gazette.year,
        serde_json::to_string(&gazette.issues).expect("numbers serialise"),
        gazette.published,
        d.pages.as_ref().map(|p| p.start),
        d.pages.as_ref().map(|p| p.end),
        d.pages.as_ref().and_then(|p| p.printed_start),
        d.pages.as_ref().and_then(|p| p.printed_end),
        source.path,
        source.blake3,
    ])?;
    let doc = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO records(doc, record) VALUES (?1, ?2)")?
        .execute(params![doc, record])?;
    tx.prepare_cached("INSERT INTO documents_fts(rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![doc, d.title, d.body])?;
    let mut refs = tx.prepare_cached(
        "INSERT INTO refs(doc, text, code, year, serial, kind, title, relation) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in &d.references {
        refs.execute(params![
            doc,
            r.text,
            r.code,
            r.year,
            r.serial,
            kind(r.kind),
            r.title,
            r.relation.as_str()
        ])?;
    }
    Ok(())
}

/// The parts of a `document` record besides the document's own fields.
#[derive(Deserialize)]
struct Context_ {
    gazette: Gazette,
    source: Source,
}

/// One `document` JSON Lines record, parsed for the index.
pub fn parse_record(line: &[u8]) -> serde_json::Result<(Document, Gazette, Source)> {
    let d: Document = serde_json::from_slice(line)?;
    let c: Context_ = serde_json::from_slice(line)?;
    Ok((d, c.gazette, c.source))
}

/// Inserts the `document` records of a JSON Lines text (other records are skipped);
/// returns the number inserted and the messages for bad lines (`label:N: reason`).
pub fn insert_jsonl(
    tx: &Transaction<'_>,
    input: i64,
    label: &str,
    buf: &[u8],
) -> rusqlite::Result<(u64, Vec<String>)> {
    const BATCH: usize = 2048;
    let mut errors = Vec::new();
    let mut ord = 0i64;
    let lines: Vec<(usize, &[u8])> = buf
        .split(|b| *b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    for batch in lines.chunks(BATCH) {
        let parsed: Vec<_> = batch
            .par_iter()
            .filter(|(_, l)| !(l.starts_with(b"{") && l.ends_with(b"}")) || is_document_record(l))
            .map(|(n, l)| {
                if !(l.starts_with(b"{") && l.ends_with(b"}")) {
                    return (*n, *l, Err("not a JSON record".to_string()));
                }
                (
                    *n,
                    *l,
                    parse_record(l).map_err(|e| format!("invalid document record ({e})")),
                )
            })
            .collect();
        for (n, line, rec) in parsed {
            match rec {
                Ok((d, g, s)) => {
                    // A record that is not UTF-8 could not have parsed.
                    let record = std::str::from_utf8(line).unwrap_or_default();
                    insert_document(tx, input, ord, &d, &g, &s, record)?;
                    ord += 1;
                }
                Err(e) => errors.push(format!("{label}:{n}: {e}")),
            }
        }
    }
    Ok((ord as u64, errors))
}

/// Inserts the documents of one converted issue.
pub fn insert_issue(tx: &Transaction<'_>, input: i64, issue: &Issue) -> rusqlite::Result<u64> {
    for (i, d) in issue.documents.iter().enumerate() {
        let record = document_record_json(d, &issue.gazette, &issue.source);
        insert_document(
            tx,
            input,
            i as i64,
            d,
            &issue.gazette,
            &issue.source,
            &record,
        )?;
    }
    Ok(issue.documents.len() as u64)
}

fn mtime_ns(m: &std::fs::Metadata) -> Option<i64> {
    let t = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(t.as_nanos()).ok()
}

/// `gazette index`: indexes the JSON / JSON Lines files below `paths` into `db`,
/// skipping those unchanged since the last run and dropping those that are gone.
/// Errors of single files are returned as messages; the others are indexed.
pub fn index_paths(db: &Path, paths: &[PathBuf]) -> anyhow::Result<(Summary, Vec<String>)> {
    let started = Instant::now();
    let mut conn = super::open_for_write(db)?;
    let (files, mut errors) = collect_archive(paths);
    let mut summary = Summary::default();
    for f in &files {
        let label = f.path.display().to_string();
        let kind = match f.kind {
            FileKind::IssueJson => "json",
            FileKind::Jsonl => "jsonl",
            FileKind::Source | FileKind::Sniff => {
                errors.push(format!(
                    "{label}: not a converted .json or .jsonl file; convert it with \
                     `gazette convert -o DIR --db FILE`"
                ));
                summary.failed += 1;
                continue;
            }
        };
        let meta = match std::fs::metadata(&f.path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{label}: {e}"));
                summary.failed += 1;
                continue;
            }
        };
        let key = InputKey {
            path: &label,
            kind,
            size: i64::try_from(meta.len()).ok(),
            mtime_ns: mtime_ns(&meta),
            blake3: None,
        };
        if is_current(&conn, &key)? {
            summary.unchanged += 1;
            continue;
        }
        let buf = match std::fs::read(&f.path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("{label}: {e}"));
                summary.failed += 1;
                continue;
            }
        };
        let tx = conn.transaction()?;
        let id = begin_input(&tx, &key)?;
        let (n, errs) = match f.kind {
            FileKind::Jsonl => insert_jsonl(&tx, id, &label, &buf)?,
            _ => match serde_json::from_slice::<Issue>(&buf) {
                Ok(issue) => (insert_issue(&tx, id, &issue)?, vec![]),
                // JSON Lines saved as .json, as a scan reads it.
                Err(_) if buf.starts_with(br#"{"schema_version":"#) && buf.contains(&b'\n') => {
                    insert_jsonl(&tx, id, &label, &buf)?
                }
                Err(e) => (0, vec![format!("{label}: not a gazette issue JSON ({e})")]),
            },
        };
        if errs.is_empty() {
            summary.indexed += 1;
        } else {
            summary.failed += 1;
            errors.extend(errs);
        }
        summary.documents += n;
        tx.commit().with_context(|| format!("{}", db.display()))?;
    }
    summary.removed = prune(&mut conn)?;
    // Statistics for the query planner (sampled: quick on millions of rows).
    conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
    summary.elapsed = started.elapsed();
    Ok((summary, errors))
}

/// Drops the indexed JSON / JSON Lines files that no longer exist.
fn prune(conn: &mut Connection) -> anyhow::Result<usize> {
    let gone: Vec<String> = conn
        .prepare("SELECT path FROM inputs WHERE kind IN ('json', 'jsonl')")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    let tx = conn.transaction()?;
    for p in &gone {
        remove_input(&tx, p)?;
    }
    tx.commit()?;
    Ok(gone.len())
}
