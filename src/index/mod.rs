//! The SQLite index of a converted archive: `gazette index INPUTS --db FILE` (existing
//! JSON / JSON Lines) and `gazette convert … --db FILE` write it, `gazette grep --db FILE`
//! answers from it. One row per document with its query fields in columns (normalised
//! 文号 parts, dates, issuers, status, gazette, pages, source), its `document` record,
//! the 文号 it cites, and a trigram FTS5 index over title and body. Queries narrow the
//! candidates with SQL and then run the very [`crate::grep::Filter`] a scan runs, so the
//! answers are exactly a scan's. Incremental: an input whose size or mtime (index) or
//! blake3 (convert) changed has its rows replaced. The schema is `schema.sql`.

pub mod query;
pub mod write;

use std::path::Path;

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};

use crate::model::PublicationStatus;

/// The tables, indexes and FTS table (idempotent).
pub const SCHEMA: &str = include_str!("schema.sql");
/// Bumped when the schema changes incompatibly; an index of another version is rebuilt.
pub const INDEX_VERSION: &str = "1";

/// Opens (creating if needed) an index for writing.
pub fn open_for_write(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path).with_context(|| format!("{}", path.display()))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
    )?;
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'index_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    match found.as_deref() {
        Some(INDEX_VERSION) => {}
        Some(v) => bail!(
            "{}: an index of version {v}, this gazette writes version {INDEX_VERSION}; \
             delete it and index again",
            path.display()
        ),
        None => {
            conn.execute_batch(SCHEMA)
                .with_context(|| format!("{}: not a gazette index", path.display()))?;
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('index_version', ?1)",
                [INDEX_VERSION],
            )?;
        }
    }
    Ok(conn)
}

/// Opens an existing index for queries.
pub fn open_for_read(path: &Path) -> anyhow::Result<Connection> {
    if !path.is_file() {
        bail!(
            "{}: no such index (build it with `gazette index` or `convert --db`)",
            path.display()
        );
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("{}", path.display()))?;
    let version: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'index_version'",
            [],
            |r| r.get(0),
        )
        .with_context(|| format!("{}: not a gazette index", path.display()))?;
    if version != INDEX_VERSION {
        bail!(
            "{}: an index of version {version}, this gazette reads version {INDEX_VERSION}; \
             index again",
            path.display()
        );
    }
    Ok(conn)
}

/// The `status` column: the serde name of the publication status.
pub fn status_name(s: PublicationStatus) -> &'static str {
    match s {
        PublicationStatus::Public => "public",
        PublicationStatus::OnRequest => "on_request",
        PublicationStatus::NotPublic => "not_public",
    }
}

pub fn status_from_name(s: &str) -> Option<PublicationStatus> {
    [
        PublicationStatus::Public,
        PublicationStatus::OnRequest,
        PublicationStatus::NotPublic,
    ]
    .into_iter()
    .find(|x| status_name(*x) == s)
}

/// Path components joined by U+0001: sorts as `Path` does (component-wise), which is
/// the order a scan of a folder visits its files.
pub fn sort_key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("\u{1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_are_the_serde_names() {
        for s in [
            PublicationStatus::Public,
            PublicationStatus::OnRequest,
            PublicationStatus::NotPublic,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", status_name(s)));
            assert_eq!(status_from_name(status_name(s)), Some(s));
        }
        assert_eq!(status_from_name("x"), None);
    }

    #[test]
    fn sort_keys_order_like_paths() {
        let mut paths = ["a.txt", "a/b.json", "a/a.json", "b", "a-b/c"];
        paths.sort_by_key(|p| sort_key(Path::new(p)));
        let mut by_path = paths;
        by_path.sort_by_key(|p| Path::new(p).to_path_buf());
        assert_eq!(paths, by_path);
    }
}
