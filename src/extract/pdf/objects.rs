//! Lenient access to lopdf objects: every lookup is an `Option`, references are followed a
//! bounded number of times, and stream decoding is charged against a memory budget shared by
//! all pages, so a decompression bomb or a reference loop ends as missing data, not a crash.

use std::sync::atomic::{AtomicUsize, Ordering};

use lopdf::{Dictionary, Document, Object};

/// One stream may inflate to at most this much.
pub const MAX_STREAM: usize = 64 << 20;
/// All streams of one document together.
pub const MAX_TOTAL: usize = 512 << 20;

/// Glyphs kept for the whole document (each page is capped on its own too).
pub const MAX_DOC_GLYPHS: usize = 20_000_000;

/// What one document may cost: bytes inflated and glyphs kept, over all pages.
pub struct Budget {
    bytes: AtomicUsize,
    glyphs: AtomicUsize,
}

impl Budget {
    pub fn new() -> Self {
        Budget {
            bytes: AtomicUsize::new(0),
            glyphs: AtomicUsize::new(0),
        }
    }

    /// Reserves `n` bytes; false when the document's budget is spent.
    fn take(&self, n: usize) -> bool {
        self.bytes.fetch_add(n, Ordering::Relaxed) + n <= MAX_TOTAL
    }

    /// Reserves room for `n` glyphs; false when the document holds too many already.
    pub fn take_glyphs(&self, n: usize) -> bool {
        self.glyphs.fetch_add(n, Ordering::Relaxed) + n <= MAX_DOC_GLYPHS
    }
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
    let Object::Stream(s) = resolve(doc, obj)? else {
        return None;
    };
    let data = s.decompressed_content_with_limit(MAX_STREAM).ok()?;
    budget.take(data.len()).then_some(data)
}
