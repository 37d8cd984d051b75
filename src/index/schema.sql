-- The gazette index (`gazette index … --db FILE`, `gazette convert … --db FILE`).
-- One row per document in `documents`, its compact JSON Lines record in `records`,
-- the 文号 it cites in `refs`, a trigram full-text index over title and body in
-- `documents_fts`. Dates are YYYY-MM-DD text; JSON arrays are JSON text.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- What was indexed: a JSON/JSONL file (`gazette index`) or a converted PDF/TXT source
-- (`convert --db`). A changed input has its rows replaced.
CREATE TABLE IF NOT EXISTS inputs (
    id        INTEGER PRIMARY KEY,
    path      TEXT NOT NULL UNIQUE,   -- as given (index) or source.path (convert)
    kind      TEXT NOT NULL,          -- 'json' | 'jsonl' | 'source'
    size      INTEGER,                -- bytes, for change detection
    mtime_ns  INTEGER,
    blake3    TEXT,                   -- of the source (convert)
    sort_key  TEXT NOT NULL           -- path components joined by U+0001: scan order
);
CREATE TABLE IF NOT EXISTS documents (
    rowid             INTEGER PRIMARY KEY,
    input             INTEGER NOT NULL REFERENCES inputs(id),
    ord               INTEGER NOT NULL, -- position in the input
    id                TEXT NOT NULL,    -- <blake3 prefix>#<index>
    idx               INTEGER NOT NULL, -- index within its issue
    number            TEXT,             -- normalised 文号: 吕政发〔2019〕2号
    number_raw        TEXT,             -- as printed
    number_code       TEXT,             -- 机关代字 (or decree header)
    number_year       INTEGER,
    number_serial     INTEGER,
    number_kind       TEXT,             -- standard | decree | announcement | other
    title             TEXT,
    doc_type          TEXT,             -- one of the 15 文种
    doc_type_raw      TEXT,
    section           TEXT,             -- TOC 栏目
    issuers           TEXT NOT NULL,    -- JSON array of 发文机关
    date              TEXT,             -- 成文日期
    effective_date    TEXT,             -- 施行日期 (effective.date)
    valid_until_date  TEXT,             -- end of validity (valid_until.date)
    status            TEXT,             -- public | on_request | not_public | NULL
    gazette_name      TEXT,
    gazette_year      INTEGER,
    gazette_issues    TEXT NOT NULL,    -- JSON array of issue numbers
    gazette_published TEXT,
    page_start        INTEGER,          -- physical pages
    page_end          INTEGER,
    printed_start     INTEGER,          -- printed page numbers
    printed_end       INTEGER,
    source_path       TEXT NOT NULL,
    source_blake3     TEXT
);
CREATE INDEX IF NOT EXISTS documents_by_number ON documents(number_code, number_year, number_serial);
CREATE INDEX IF NOT EXISTS documents_by_number_text ON documents(number);
CREATE INDEX IF NOT EXISTS documents_by_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_by_published ON documents(gazette_published);
CREATE INDEX IF NOT EXISTS documents_by_input ON documents(input, ord);
-- The `document` record exactly as JSON Lines holds it (body included).
CREATE TABLE IF NOT EXISTS records (
    doc    INTEGER PRIMARY KEY REFERENCES documents(rowid),
    record TEXT NOT NULL
);
-- 文号 cited in the body.
CREATE TABLE IF NOT EXISTS refs (
    doc    INTEGER NOT NULL REFERENCES documents(rowid),
    text   TEXT NOT NULL,
    code   TEXT NOT NULL,
    year   INTEGER,
    serial INTEGER,
    kind     TEXT NOT NULL,
    title    TEXT,
    relation TEXT NOT NULL              -- cites | based_on | amends | repeals
);
CREATE INDEX IF NOT EXISTS refs_by_number ON refs(code, year, serial);
CREATE INDEX IF NOT EXISTS refs_by_text ON refs(text);
CREATE INDEX IF NOT EXISTS refs_by_doc ON refs(doc);
-- Trigram full text over title and body (rowid = documents.rowid); contentless: the
-- body is in `records`.
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'trigram'
);
