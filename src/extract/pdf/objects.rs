//! Lenient access to lopdf objects: every lookup is an `Option`, references are followed a
//! bounded number of times, and the work one document may cost is charged as it happens
//! against a [`Budget`] shared by all pages (bytes inflated, operators run, glyphs kept), so a
//! decompression bomb, a reference loop or a runaway content stream ends as a cut-off with a
//! named limit, not a crash or a stall.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap::ToUnicode;

/// One stream may inflate to at most this much.
pub const MAX_STREAM: usize = 64 << 20;
/// All streams of one document together (each use of a stream counts, unless cached).
pub const MAX_TOTAL: usize = 512 << 20;
/// Glyphs kept for the whole document (each page is capped on its own too).
pub const MAX_DOC_GLYPHS: usize = 8_000_000;
/// Content-stream operators run for the whole document (each page is capped too).
pub const MAX_DOC_OPS: usize = 30_000_000;

/// Which budget a document ran out of, for the message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    Bytes,
    Ops,
    Glyphs,
    PageOps,
    PageGlyphs,
    Stream,
    Time,
}

impl Limit {
    pub fn describe(self) -> String {
        match self {
            Limit::Bytes => format!("{} MB of decompressed streams per file", MAX_TOTAL >> 20),
            Limit::Ops => format!("{MAX_DOC_OPS} content operators per file"),
            Limit::Glyphs => format!("{MAX_DOC_GLYPHS} characters per file"),
            Limit::PageOps => "2000000 content operators per page".into(),
            Limit::PageGlyphs => "400000 characters per page".into(),
            Limit::Stream => format!("{} MB per decompressed stream", MAX_STREAM >> 20),
            Limit::Time => "time per file (--timeout)".into(),
        }
    }
}

/// What one document may cost, spent as the work happens, and the decoded streams that are
/// used many times (forms, CMaps), kept once.
pub struct Budget {
    bytes: AtomicUsize,
    glyphs: AtomicUsize,
    ops: AtomicUsize,
    /// The caller's deadline (`convert --timeout`), checked with the operator budget.
    deadline: Option<std::time::Instant>,
    shared: Mutex<HashMap<ObjectId, Option<Arc<Vec<u8>>>>>,
    /// Parsed CMaps by stream: one ToUnicode shared by 500 fonts is parsed once.
    pub cmaps: Mutex<HashMap<ObjectId, Option<Arc<ToUnicode>>>>,
}

impl Budget {
    pub fn new() -> Self {
        Budget {
            bytes: AtomicUsize::new(0),
            glyphs: AtomicUsize::new(0),
            ops: AtomicUsize::new(0),
            deadline: crate::extract::deadline(),
            shared: Mutex::new(HashMap::new()),
            cmaps: Mutex::new(HashMap::new()),
        }
    }

    /// Bytes still allowed to be inflated.
    fn bytes_left(&self) -> usize {
        MAX_TOTAL.saturating_sub(self.bytes.load(Ordering::Relaxed))
    }

    /// Reserves `n` bytes; false when the document's budget is spent.
    fn take(&self, n: usize) -> bool {
        self.bytes.fetch_add(n, Ordering::Relaxed) + n <= MAX_TOTAL
    }

    /// Reserves room for `n` glyphs; false when the document holds too many already.
    pub fn take_glyphs(&self, n: usize) -> bool {
        self.glyphs.fetch_add(n, Ordering::Relaxed) + n <= MAX_DOC_GLYPHS
    }

    /// The budget the document has spent, if any: no more pages are read then.
    pub fn spent(&self) -> Option<Limit> {
        if self.bytes.load(Ordering::Relaxed) >= MAX_TOTAL {
            Some(Limit::Bytes)
        } else if self.ops.load(Ordering::Relaxed) > MAX_DOC_OPS {
            Some(Limit::Ops)
        } else if self.glyphs.load(Ordering::Relaxed) > MAX_DOC_GLYPHS {
            Some(Limit::Glyphs)
        } else if self.late() {
            Some(Limit::Time)
        } else {
            None
        }
    }

    /// The deadline has passed.
    pub fn late(&self) -> bool {
        self.deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
    }

    /// Reserves `n` operators; false when the document ran too many already.
    pub fn take_ops(&self, n: usize) -> bool {
        self.ops.fetch_add(n, Ordering::Relaxed) + n <= MAX_DOC_OPS
    }
}

/// Why a stream gave no bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamError {
    /// Not a stream, or gone from the file.
    Missing,
    /// Over a limit.
    Limit(Limit),
    /// Its filter could not decode it (name of the filter chain and the reason).
    Undecodable(String),
}

/// Follows references (at most 16 hops: a cycle of references ends as `None`).
pub fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..16 {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            _ => return Some(obj),
        }
    }
    None
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub fn num(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    num(get(doc, dict, key)?)
}

/// Decoded bytes of a stream object, within the per-stream and per-document limits.
pub fn stream_bytes(doc: &Document, obj: &Object, budget: &Budget) -> Option<Vec<u8>> {
    stream_data(doc, obj, budget).ok()
}

/// Decoded bytes of a stream object, or why there are none. The per-stream limit is the
/// smaller of [`MAX_STREAM`] and what the document has left, so a bomb stops inflating
/// when the budget is spent rather than after.
pub fn stream_data(doc: &Document, obj: &Object, budget: &Budget) -> Result<Vec<u8>, StreamError> {
    let Some(Object::Stream(s)) = resolve(doc, obj) else {
        return Err(StreamError::Missing);
    };
    let left = budget.bytes_left();
    if left == 0 {
        return Err(StreamError::Limit(Limit::Bytes));
    }
    let limit = MAX_STREAM.min(left);
    match s.decompressed_content_with_limit(limit) {
        Ok(data) => {
            if budget.take(data.len()) {
                Ok(data)
            } else {
                Err(StreamError::Limit(Limit::Bytes))
            }
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            // Charge what was inflated before the limit stopped it.
            budget.take(limit);
            Err(StreamError::Limit(if limit == MAX_STREAM {
                Limit::Stream
            } else {
                Limit::Bytes
            }))
        }
        Err(e) => {
            let filters = s
                .filters()
                .map(|f| {
                    f.iter()
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            Err(StreamError::Undecodable(format!("{filters}: {e}")))
        }
    }
}

/// Like [`stream_data`] for a stream used many times (a form drawn on every page, a CMap
/// shared by many fonts): decoded and charged once, then shared.
pub fn shared_stream(doc: &Document, id: ObjectId, budget: &Budget) -> Option<Arc<Vec<u8>>> {
    if let Ok(map) = budget.shared.lock()
        && let Some(d) = map.get(&id)
    {
        return d.clone();
    }
    let d = stream_bytes(doc, &Object::Reference(id), budget).map(Arc::new);
    if let Ok(mut map) = budget.shared.lock() {
        map.insert(id, d.clone());
    }
    d
}
