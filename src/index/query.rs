//! `gazette grep --db`: a query answered from the index. SQL narrows the candidates
//! (indexes on 文号 parts, dates, the refs table, the trigram full text); each candidate
//! then goes through the same [`Filter::matches`] and [`make_hit`] as a scan, on a view
//! built from its columns, so the answers are exactly those of a scan of the same
//! archive. SQL conditions only ever widen: anything they cannot say exactly, the filter
//! decides.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use crate::archive::{
    ArchiveFile, DatedView, DocView, FileKind, GazetteView, NumberView, PublicationView,
    SourceView, json_escaped,
};
use crate::grep::in_force::{self, RepealIndex};
use crate::grep::number::Narrowing;
use crate::grep::scan::make_hit;
use crate::grep::{Filter, Hit, Missing, NumberPattern, Outcome, Query, Status, Want};
use crate::model::{PageSpan, Relation};
use std::sync::Arc;

/// The text PATTERN as typed (the filter holds it compiled), for the full-text index.
#[derive(Debug, Clone, Copy)]
pub struct TextSpec<'a> {
    pub pattern: &'a str,
    pub fixed: bool,
    pub ignore_case: bool,
}

/// Runs a query over the index at `db`, as [`crate::grep::search`] runs it over files.
pub fn search(
    db: &Path,
    q: &Query,
    want: Want,
    text: Option<TextSpec<'_>>,
) -> anyhow::Result<Outcome> {
    let conn = super::open_for_read(db)?;
    let mut files = Files::default();
    let mut notes = Vec::new();
    // The repeals stated in the archive: for `--in-force-on` and the status in the text
    // output, as a scan of converted JSON shows it.
    let index_needed =
        q.filter.in_force.in_force_on.is_some() || (want.snippets.is_some() && !want.bare);
    let index = if index_needed {
        Some(Arc::new(repeal_index(&conn)?))
    } else {
        None
    };
    let mut filter = q.filter.clone();
    filter.in_force.repealed = index.clone();
    let follow = match (&q.cited_by, &q.repealed_by) {
        (Some(t), _) => Some((t, "--cited-by", false)),
        (None, Some(t)) => Some((t, "--repealed-by", true)),
        (None, None) => None,
    };
    let mut hits = if let Some((target, flag, repealed)) = follow {
        let found = run(
            &conn,
            &crate::grep::numbered(target),
            Want::default(),
            None,
            true,
            &mut Files::default(),
        )?;
        match crate::grep::followed(found, target, flag, repealed, filter, &mut notes) {
            Some(second) => run(&conn, &second, want, text, false, &mut files)?,
            None => Vec::new(),
        }
    } else {
        run(&conn, &filter, want, text, false, &mut files)?
    };
    for h in &mut hits {
        h.status = in_force::status(
            index.as_deref(),
            h.number.as_deref(),
            h.valid_until.as_deref(),
        );
    }
    if let Some(key) = q.sort {
        crate::grep::sort_hits(&mut hits, key);
    }
    Ok(Outcome {
        files: files.list,
        more_hits: files.more_hits,
        hits,
        errors: Vec::new(),
        notes,
    })
}

/// Every repeal the indexed documents state, as [`in_force::repeal_index`] finds them.
fn repeal_index(conn: &Connection) -> anyhow::Result<RepealIndex> {
    let hits = run(
        conn,
        &in_force::repealing(),
        Want::default(),
        None,
        true,
        &mut Files::default(),
    )?;
    Ok(in_force::index_repeals(hits))
}

/// The indexed inputs that hold hits, in order of first hit (= scan order).
#[derive(Default)]
struct Files {
    list: Vec<ArchiveFile>,
    by_id: std::collections::HashMap<i64, usize>,
    /// Hits counted in SQL and not listed (see [`Outcome::more_hits`]).
    more_hits: usize,
}

impl Files {
    fn index_of(&mut self, id: i64, path: &str) -> usize {
        *self.by_id.entry(id).or_insert_with(|| {
            let p = PathBuf::from(path);
            self.list.push(ArchiveFile {
                relative: p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                kind: crate::archive::kind_of(&p).unwrap_or(FileKind::Jsonl),
                label: path.to_string(),
                path: p,
            });
            self.list.len() - 1
        })
    }
}

/// SQL conditions (ANDed) with their parameters.
#[derive(Default)]
struct Where {
    conds: Vec<String>,
    params: Vec<Value>,
    /// The number of the full-text condition's parameter, when there is one.
    fts: Option<usize>,
}

impl Where {
    /// Adds a condition whose `?` are numbered in order.
    fn add(&mut self, cond: &str, params: impl IntoIterator<Item = Value>) {
        let mut out = String::new();
        let mut next = self.params.len();
        for ch in cond.chars() {
            if ch == '?' {
                next += 1;
                out.push_str(&format!("?{next}"));
            } else {
                out.push(ch);
            }
        }
        self.params.extend(params);
        assert_eq!(next, self.params.len(), "one parameter per ?");
        self.conds.push(out);
    }
}

fn val(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// SQLite GLOB conditions on `code`/`text` columns for a 文号 pattern.
fn number_conds(
    p: &NumberPattern,
    code: &str,
    year: &str,
    serial: &str,
    txt: &str,
) -> (String, Vec<Value>) {
    match p.narrowing() {
        Narrowing::Parts {
            code_glob,
            year: y,
            serial: s,
        } => {
            let mut sql = format!("{code} GLOB ?");
            let mut params = vec![Value::Text(code_glob)];
            if let Some(y) = y {
                sql.push_str(&format!(" AND {year} = ?"));
                params.push(Value::Integer(y.into()));
            }
            if let Some((a, b)) = s {
                sql.push_str(&format!(" AND {serial} BETWEEN ? AND ?"));
                params.extend([Value::Integer(a.into()), Value::Integer(b.into())]);
            }
            (sql, params)
        }
        Narrowing::Whole {
            text_glob,
            canonical,
        } => match canonical {
            Some(c) => (
                format!("({txt} GLOB ? OR {txt} = ?)"),
                vec![Value::Text(text_glob), Value::Text(c)],
            ),
            None => (format!("{txt} GLOB ?"), vec![Value::Text(text_glob)]),
        },
    }
}

/// The full-text narrowing of a text PATTERN: every match contains one of these literals.
enum TextNarrow {
    /// An FTS5 query (every literal has at least 3 characters, as trigrams need);
    /// `exact` when it decides the PATTERN alone (one caseless literal).
    Fts {
        query: String,
        exact: bool,
    },
    /// Byte strings one of which the raw record holds.
    Records(Vec<String>),
    None,
}

fn text_narrowing(t: TextSpec<'_>) -> TextNarrow {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let src = if t.fixed {
        regex::escape(t.pattern)
    } else {
        t.pattern.to_string()
    };
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(t.ignore_case)
        .build()
        .parse(&src)
    else {
        return TextNarrow::None;
    };
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let Some(lits) = seq.literals() else {
        return TextNarrow::None;
    };
    let lits: Option<Vec<&str>> = lits
        .iter()
        .map(|l| {
            std::str::from_utf8(l.as_bytes())
                .ok()
                .filter(|s| !s.is_empty())
        })
        .collect();
    let Some(lits) = lits.filter(|l| !l.is_empty() && l.len() <= 64) else {
        return TextNarrow::None;
    };
    if lits.iter().all(|l| l.chars().count() >= 3) {
        let q: Vec<String> = lits
            .iter()
            .map(|l| format!("\"{}\"", l.replace('"', "\"\"")))
            .collect();
        // Trigram matching folds case: exact only for a literal PATTERN without case.
        let literal = t.fixed || regex::escape(t.pattern) == t.pattern;
        let caseless = t
            .pattern
            .chars()
            .all(|c| c.to_lowercase().eq(c.to_uppercase()));
        let exact = literal && caseless && lits.len() == 1 && lits[0] == t.pattern;
        return TextNarrow::Fts {
            query: q.join(" OR "),
            exact,
        };
    }
    TextNarrow::Records(lits.iter().map(|l| json_escaped(l)).collect())
}

const COLUMNS: &str = "d.rowid, i.id, i.path, d.id, d.idx, d.section, d.title, d.doc_type, \
    d.doc_type_raw, d.number, d.number_code, d.number_year, d.number_serial, d.issuers, d.date, \
    d.status, d.page_start, d.page_end, d.printed_start, d.printed_end, d.gazette_name, \
    d.gazette_published, d.source_path, d.effective_date, d.valid_until_date";

/// The SQL conditions of `f`, and whether they decide its text PATTERN alone.
fn build_where(f: &Filter, text: Option<TextSpec<'_>>) -> (Where, bool) {
    let mut w = Where::default();
    let mut text_decided = false;
    if let Some(p) = &f.number {
        let (sql, params) = number_conds(
            p,
            "d.number_code",
            "d.number_year",
            "d.number_serial",
            "d.number",
        );
        w.add(&sql, params);
    }
    if let Some((a, b)) = f.year {
        w.add(
            "d.number_year BETWEEN ? AND ?",
            [Value::Integer(a.into()), Value::Integer(b.into())],
        );
    }
    if let Some(set) = &f.number_in {
        let json = serde_json::to_string(set).expect("strings serialise");
        w.add(
            "d.number IN (SELECT value FROM json_each(?))",
            [Value::Text(json)],
        );
    }
    if f.dates.is_active() {
        let col = if f.dates.published {
            "d.gazette_published"
        } else {
            "d.date"
        };
        if let Some(s) = &f.dates.since {
            w.add(&format!("{col} >= ?"), [val(s)]);
        }
        if let Some(u) = &f.dates.until {
            w.add(&format!("{col} <= ?"), [val(u)]);
        }
    }
    for m in &f.missing {
        w.add(
            match m {
                Missing::Date => "d.date IS NULL",
                Missing::Number => "d.number IS NULL",
                Missing::Issuer => "d.issuers = '[]'",
                Missing::Publication => "d.status IS NULL",
            },
            [],
        );
    }
    if let Some(s) = f.status {
        match s {
            Status::Unknown => w.add("d.status IS NULL", []),
            Status::Public => w.add("d.status = 'public'", []),
            Status::OnRequest => w.add("d.status = 'on_request'", []),
            Status::NotPublic => w.add("d.status = 'not_public'", []),
        }
    }
    if let Some(i) = &f.issuer {
        // Escaped as the JSON array text holds it.
        w.add("instr(d.issuers, ?) > 0", [Value::Text(json_escaped(i))]);
    }
    if let Some(t) = &f.doc_type {
        w.add("(d.doc_type = ? OR d.doc_type_raw = ?)", [val(t), val(t)]);
    }
    if let Some(s) = &f.section {
        w.add("instr(d.section, ?) > 0", [val(s)]);
    }
    if let Some(g) = &f.gazette {
        w.add("instr(d.gazette_name, ?) > 0", [val(g)]);
    }
    if let Some(p) = &f.cites {
        let (sql, params) = number_conds(p, "r.code", "r.year", "r.serial", "r.text");
        w.add(
            &format!("d.rowid IN (SELECT r.doc FROM refs r WHERE {sql})"),
            params,
        );
    }
    let inf = &f.in_force;
    if inf.repealing {
        w.add(
            "d.rowid IN (SELECT doc FROM refs WHERE relation = 'repeals')",
            [],
        );
    }
    for (p, rel) in [(&inf.repeals, "repeals"), (&inf.amends, "amends")] {
        if let Some(p) = p {
            let (sql, params) = number_conds(p, "r.code", "r.year", "r.serial", "r.text");
            w.add(
                &format!(
                    "d.rowid IN (SELECT r.doc FROM refs r WHERE r.relation = '{rel}' AND {sql})"
                ),
                params,
            );
        }
    }
    if let Some(b) = &inf.expires_before {
        w.add("d.valid_until_date < ?", [val(b)]);
    }
    if let Some(day) = &inf.in_force_on {
        w.add(
            "coalesce(d.effective_date, d.date) <= ? AND (d.valid_until_date IS NULL OR d.valid_until_date >= ?)",
            [val(day), val(day)],
        );
    }
    if let (Some(_), Some(t)) = (&f.text, text) {
        match text_narrowing(t) {
            TextNarrow::Fts { query, exact } => {
                text_decided = exact;
                w.fts = Some(w.params.len() + 1);
                w.add(
                    "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
                    [Value::Text(query)],
                )
            }
            TextNarrow::Records(needles) => {
                let ors = vec!["instr(x.record, ?) > 0"; needles.len()].join(" OR ");
                w.add(
                    &format!("d.rowid IN (SELECT x.doc FROM records x WHERE {ors})"),
                    needles.into_iter().map(Value::Text),
                );
            }
            TextNarrow::None => {}
        }
    }
    (w, text_decided)
}

/// Whether the SQL conditions of `f` say exactly what [`Filter::matches`] says, so that no
/// candidate needs a look: only conditions SQL compares as the scan does (dates are
/// `YYYY-MM-DD` text compared bytewise, equalities, NULL tests, a literal decided by the
/// full-text index). Destructured so that a new filter field has to be placed here.
fn sql_decides(f: &Filter, text_decided: bool) -> bool {
    let Filter {
        number,
        year,
        dates: _,
        issuer,
        doc_type: _,
        status: _,
        section,
        gazette,
        missing: _,
        cites,
        number_in,
        text,
        in_force,
    } = f;
    number.is_none()
        && year.is_none()
        && issuer.is_none()
        && section.is_none()
        && gazette.is_none()
        && cites.is_none()
        && number_in.is_none()
        && (text.is_none() || text_decided)
        && !in_force.is_active()
}

/// `-c` when SQL decides the filter. The full text alone is counted in its own table (its
/// rowids are those of `documents`, rows deleted together): no document row is read.
fn count(conn: &Connection, w: &Where) -> anyhow::Result<usize> {
    let sql = match (w.conds.as_slice(), w.fts) {
        ([_], Some(q)) => {
            format!("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?{q}")
        }
        _ => format!(
            "SELECT count(*) FROM documents d{}{}",
            if w.conds.is_empty() { "" } else { " WHERE " },
            w.conds.join(" AND ")
        ),
    };
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(w.params.iter()), |r| {
        r.get(0)
    })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// `-l` when SQL decides the filter: the hits per input, counted in SQL. One hit per
/// input is listed (which files matched), the others only counted.
fn count_per_input(conn: &Connection, w: &Where, files: &mut Files) -> anyhow::Result<Vec<Hit>> {
    let sql = format!(
        "SELECT i.id, i.path, count(*) FROM documents d CROSS JOIN inputs i ON i.id = d.input{}{} \
         GROUP BY d.input ORDER BY i.sort_key",
        if w.conds.is_empty() { "" } else { " WHERE " },
        w.conds.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let groups = stmt
        .query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut hits = Vec::with_capacity(groups.len());
    for (id, path, n) in groups {
        let file = files.index_of(id, &path);
        let mut hit = Hit::default();
        hit.file = file;
        hits.push(hit);
        files.more_hits += usize::try_from(n - 1).unwrap_or(0);
    }
    Ok(hits)
}

/// One candidate's columns, owned.
struct Cand {
    rowid: i64,
    input: i64,
    input_path: String,
    id: String,
    index: u32,
    section: Option<String>,
    title: Option<String>,
    doc_type: Option<String>,
    doc_type_raw: Option<String>,
    number: Option<(String, String, Option<i32>, Option<u32>)>,
    issuers: Vec<String>,
    date: Option<String>,
    status: Option<String>,
    pages: Option<PageSpan>,
    gazette_name: Option<String>,
    gazette_published: Option<String>,
    source_path: String,
    effective: Option<String>,
    valid_until: Option<String>,
}

/// A cited 文号 as the refs table holds it: text, code, year, serial, relation.
type RefRow = (String, String, Option<i32>, Option<u32>, Relation);

fn relation(s: &str) -> Relation {
    [
        Relation::Cites,
        Relation::BasedOn,
        Relation::Amends,
        Relation::Repeals,
    ]
    .into_iter()
    .find(|r| r.as_str() == s)
    .unwrap_or_default()
}

fn cand(r: &Row<'_>) -> rusqlite::Result<Cand> {
    let number: Option<String> = r.get(9)?;
    let issuers: String = r.get(13)?;
    let start: Option<u32> = r.get(16)?;
    let end: Option<u32> = r.get(17)?;
    Ok(Cand {
        rowid: r.get(0)?,
        input: r.get(1)?,
        input_path: r.get(2)?,
        id: r.get(3)?,
        index: r.get(4)?,
        section: r.get(5)?,
        title: r.get(6)?,
        doc_type: r.get(7)?,
        doc_type_raw: r.get(8)?,
        number: match number {
            Some(t) => Some((t, r.get(10)?, r.get(11)?, r.get(12)?)),
            None => None,
        },
        issuers: serde_json::from_str(&issuers).unwrap_or_default(),
        date: r.get(14)?,
        status: r.get(15)?,
        pages: match (start, end) {
            (Some(start), Some(end)) => Some(PageSpan {
                start,
                end,
                printed_start: r.get(18)?,
                printed_end: r.get(19)?,
            }),
            _ => None,
        },
        gazette_name: r.get(20)?,
        gazette_published: r.get(21)?,
        source_path: r.get(22)?,
        effective: r.get(23)?,
        valid_until: r.get(24)?,
    })
}

fn o(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

impl Cand {
    fn view<'a>(&'a self, refs: &'a [RefRow], body: Cow<'a, str>) -> DocView<'a> {
        let own = self.number.as_ref().map(|(t, c, y, s)| NumberView {
            text: Cow::Borrowed(t),
            code: Cow::Borrowed(c),
            year: *y,
            serial: *s,
            relation: Relation::default(),
        });
        let cited = |(t, c, y, s, rel): &'a RefRow| NumberView {
            text: Cow::Borrowed(t),
            code: Cow::Borrowed(c),
            year: *y,
            serial: *s,
            relation: *rel,
        };
        let dated = |d: &'a Option<String>| {
            d.as_ref().map(|d| DatedView {
                date: Some(Cow::Borrowed(d)),
            })
        };
        DocView {
            id: Cow::Borrowed(&self.id),
            index: self.index,
            section: o(&self.section),
            title: o(&self.title),
            doc_type: o(&self.doc_type),
            doc_type_raw: o(&self.doc_type_raw),
            doc_number: own,
            issuers: self
                .issuers
                .iter()
                .map(|s| Cow::Borrowed(s.as_str()))
                .collect(),
            date: o(&self.date),
            publication: self
                .status
                .as_deref()
                .and_then(super::status_from_name)
                .map(|status| PublicationView { status }),
            references: refs.iter().map(cited).collect(),
            effective: dated(&self.effective),
            valid_until: dated(&self.valid_until),
            pages: self.pages.clone(),
            body,
            gazette: GazetteView {
                name: o(&self.gazette_name),
                published: o(&self.gazette_published),
            },
            source: SourceView {
                path: Cow::Borrowed(&self.source_path),
            },
        }
    }
}

/// One pass over the index: the hits of `f`, in scan order.
fn run(
    conn: &Connection,
    f: &Filter,
    want: Want,
    text: Option<TextSpec<'_>>,
    need_refs: bool,
    files: &mut Files,
) -> anyhow::Result<Vec<Hit>> {
    let (w, text_decided) = build_where(f, text);
    if want.bare && !need_refs && sql_decides(f, text_decided) {
        if want.count_only {
            files.more_hits += count(conn, &w)?;
            return Ok(Vec::new());
        }
        return count_per_input(conn, &w, files);
    }
    // When SQL decided the PATTERN, bodies are read only for the snippets to print.
    let check = if text_decided {
        Filter {
            text: None,
            ..f.clone()
        }
    } else {
        f.clone()
    };
    let need_body = f.text.is_some() && (!text_decided || want.snippets.is_some());
    let sql = format!(
        "SELECT {COLUMNS} FROM documents d CROSS JOIN inputs i ON i.id = d.input{}{} ORDER BY i.sort_key, d.ord",
        if w.conds.is_empty() { "" } else { " WHERE " },
        w.conds.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let cands = stmt
        .query_map(rusqlite::params_from_iter(w.params.iter()), cand)?
        .collect::<Result<Vec<Cand>, _>>()?;
    let mut refs_stmt = conn.prepare(
        "SELECT text, code, year, serial, relation FROM refs WHERE doc = ?1 ORDER BY rowid",
    )?;
    let mut rec_stmt = conn.prepare("SELECT record FROM records WHERE doc = ?1")?;
    let need_refs = need_refs || f.cites.is_some() || f.in_force.is_active();
    let need_record = want.json || need_body;
    let mut hits = Vec::new();
    for c in &cands {
        let refs = if need_refs {
            refs_stmt
                .query_map([c.rowid], |r| {
                    let rel: String = r.get(4)?;
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, relation(&rel)))
                })?
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        let record: Option<String> = if need_record {
            Some(rec_stmt.query_row([c.rowid], |r| r.get(0))?)
        } else {
            None
        };
        let mut view = c.view(&refs, Cow::Borrowed(""));
        // The body is read from the record exactly as a scan of JSON Lines reads it.
        if let (true, Some(rec)) = (need_body, &record) {
            view.fill_body(rec.as_bytes());
        }
        if check.matches(&view) {
            let file = files.index_of(c.input, &c.input_path);
            let json = if want.json { record.clone() } else { None };
            hits.push(make_hit(file, &view, f, want, json));
        }
    }
    Ok(hits)
}
