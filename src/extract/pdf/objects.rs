//! Lenient access to lopdf objects: every lookup is an `Option`, references are followed a
//! bounded number of times, and the work one document may cost is charged as it happens
//! against a [`Budget`] (bytes inflated, operators run, glyphs kept, fonts loaded, ToUnicode
//! entries parsed), so a decompression bomb, a reference loop or a runaway content stream
//! ends as a cut-off with a named limit, not a crash or a stall.
//!
//! Pages run in parallel, yet which pages a budget cuts must not depend on the scheduling
//! (the same file must always give the same text). So pages are read in groups of
//! [`PAGE_CHUNK`] in page order; each page of a group may spend a fixed share of what the
//! document had left when the group started, counted by the page itself; the group's
//! spending is settled before the next group starts. Work shared by pages (a font, a CMap)
//! is done once and charged to the document once, through caches that load each key exactly
//! once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap::ToUnicode;

/// One stream may inflate to at most this much.
pub const MAX_STREAM: usize = 64 << 20;
/// Streams decoded for one document together (each use by a page counts; a font or CMap
/// once).
pub const MAX_TOTAL: usize = 512 << 20;
/// Glyphs kept for the whole document (each page is capped on its own too).
pub const MAX_DOC_GLYPHS: usize = 8_000_000;
/// Content-stream operators run for the whole document (each page is capped too).
pub const MAX_DOC_OPS: usize = 30_000_000;
/// Distinct fonts loaded for one document.
pub const MAX_FONTS: usize = 20_000;
/// ToUnicode entries parsed for one document (each CMap once).
pub const MAX_ENTRIES: usize = 10_000_000;
/// Per page: operators and glyphs.
pub const MAX_PAGE_OPS: usize = 2_000_000;
pub const MAX_PAGE_GLYPHS: usize = 400_000;
/// Pages read in parallel between two settlements of the budget; each may spend
/// 1/`PAGE_CHUNK` of what is left (a fresh document: 64 MB, 2M operators, 400k glyphs per
/// page).
pub const PAGE_CHUNK: usize = 8;

/// Which budget a document ran out of, for the message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    Bytes,
    Ops,
    Glyphs,
    Fonts,
    Entries,
    PageBytes,
    PageFonts,
    PageEntries,
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
            Limit::Fonts => format!("{MAX_FONTS} fonts per file"),
            Limit::Entries => format!("{MAX_ENTRIES} ToUnicode entries per file"),
            Limit::PageBytes => format!(
                "{} MB of decompressed streams per page",
                (MAX_TOTAL / PAGE_CHUNK) >> 20
            ),
            Limit::PageFonts => format!("{} fonts per page", MAX_FONTS / PAGE_CHUNK),
            Limit::PageEntries => {
                format!("{} ToUnicode entries per page", MAX_ENTRIES / PAGE_CHUNK)
            }
            Limit::PageOps => format!("{MAX_PAGE_OPS} content operators per page"),
            Limit::PageGlyphs => format!("{MAX_PAGE_GLYPHS} characters per page"),
            Limit::Stream => format!("{} MB per decompressed stream", MAX_STREAM >> 20),
            Limit::Time => "time per file (--timeout)".into(),
        }
    }
}

/// Work counted in every budgeted unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub bytes: usize,
    pub ops: usize,
    pub glyphs: usize,
    pub fonts: usize,
    pub entries: usize,
}

impl Cost {
    pub fn add(&mut self, o: Cost) {
        self.bytes = self.bytes.saturating_add(o.bytes);
        self.ops = self.ops.saturating_add(o.ops);
        self.glyphs = self.glyphs.saturating_add(o.glyphs);
        self.fonts = self.fonts.saturating_add(o.fonts);
        self.entries = self.entries.saturating_add(o.entries);
    }

    /// The first unit in which `self` is over `max`, named as a per-file limit.
    pub fn over(&self, max: &Cost) -> Option<Limit> {
        [
            (self.bytes > max.bytes, Limit::Bytes),
            (self.ops > max.ops, Limit::Ops),
            (self.glyphs > max.glyphs, Limit::Glyphs),
            (self.fonts > max.fonts, Limit::Fonts),
            (self.entries > max.entries, Limit::Entries),
        ]
        .into_iter()
        .find_map(|(o, l)| o.then_some(l))
    }
}

/// What one document may cost, and the decoded streams and CMaps that are used many times,
/// kept once.
pub struct Budget {
    /// Settled spending of the groups of pages read so far.
    spent: Mutex<Cost>,
    /// What the running group charged to the document so far (pages when they end, fonts
    /// and CMaps when they load).
    running: Mutex<Cost>,
    /// Each page's share of the running group, and the limit that stops the document.
    share: Mutex<(Cost, Option<Limit>)>,
    /// The caller's deadline (`convert --timeout`), checked with the operator budget.
    deadline: Option<std::time::Instant>,
    /// Streams used by several pages (a /Contents shared by pages), decoded once.
    pub multi: HashSet<ObjectId>,
    shared: Mutex<HashMap<ObjectId, Decoded>>,
    /// Parsed CMaps by stream: one ToUnicode shared by 500 fonts is parsed once.
    pub cmaps: Mutex<HashMap<ObjectId, Once<Option<Arc<ToUnicode>>>>>,
}

type Decoded = Once<Result<Arc<Vec<u8>>, StreamError>>;
/// A cache slot filled exactly once (others asking for it wait): shared work is charged
/// once, whichever page gets there first.
pub type Once<T> = Arc<OnceLock<T>>;

/// The slot of `key` in a cache map.
pub fn slot<K: std::hash::Hash + Eq, T>(map: &Mutex<HashMap<K, Once<T>>>, key: K) -> Once<T> {
    match map.lock() {
        Ok(mut m) => m.entry(key).or_default().clone(),
        Err(_) => Arc::default(),
    }
}

impl Budget {
    pub fn new(multi: HashSet<ObjectId>) -> Self {
        let b = Budget {
            spent: Mutex::new(Cost::default()),
            running: Mutex::new(Cost::default()),
            share: Mutex::new((Cost::default(), None)),
            deadline: crate::extract::deadline(),
            multi,
            shared: Mutex::new(HashMap::new()),
            cmaps: Mutex::new(HashMap::new()),
        };
        b.start_group();
        b
    }

    /// Settles the running group and sets each page's share of the next one; the limit
    /// that stops the document, if one is spent.
    pub fn start_group(&self) -> Option<Limit> {
        let run = self.running.lock().map(|mut r| std::mem::take(&mut *r));
        let mut spent = self.spent.lock().ok()?;
        spent.add(run.unwrap_or_default());
        let left = |max: usize, used: usize| max.saturating_sub(used) / PAGE_CHUNK;
        let share = Cost {
            bytes: left(MAX_TOTAL, spent.bytes),
            ops: left(MAX_DOC_OPS, spent.ops).min(MAX_PAGE_OPS),
            glyphs: left(MAX_DOC_GLYPHS, spent.glyphs).min(MAX_PAGE_GLYPHS),
            fonts: left(MAX_FONTS, spent.fonts),
            entries: left(MAX_ENTRIES, spent.entries),
        };
        let max = Cost {
            bytes: MAX_TOTAL - 1,
            ops: MAX_DOC_OPS - 1,
            glyphs: MAX_DOC_GLYPHS - 1,
            fonts: MAX_FONTS - 1,
            entries: MAX_ENTRIES - 1,
        };
        let stop = spent
            .over(&max)
            .or_else(|| self.late().then_some(Limit::Time));
        if let Ok(mut s) = self.share.lock() {
            *s = (share, stop);
        }
        stop
    }

    /// A page's share of the running group, and the limit that stops the document.
    pub fn share(&self) -> (Cost, Option<Limit>) {
        self.share
            .lock()
            .map(|s| *s)
            .unwrap_or((Cost::default(), Some(Limit::Time)))
    }

    /// Charges work to the document (settled when the running group ends).
    pub fn charge(&self, c: Cost) {
        if let Ok(mut r) = self.running.lock() {
            r.add(c);
        }
    }

    /// The deadline has passed.
    pub fn late(&self) -> bool {
        self.deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
    }
}

#[cfg(test)]
impl Budget {
    pub fn spent(&self) -> Cost {
        self.start_group();
        *self.spent.lock().unwrap()
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

/// Decoded bytes of a stream object, inflated to at most `limit` bytes, or why there are
/// none. Charges nothing: the caller does.
pub fn decode(doc: &Document, obj: &Object, limit: usize) -> Result<Vec<u8>, StreamError> {
    let Some(Object::Stream(s)) = resolve(doc, obj) else {
        return Err(StreamError::Missing);
    };
    match s.decompressed_content_with_limit(limit) {
        Ok(data) => Ok(data),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::Limit(Limit::Stream))
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

/// What decoding a stream costs, whether it was decoded now or taken from a cache: its
/// size, or the limit it ran into.
pub fn decode_cost(r: Result<usize, &StreamError>, limit: usize) -> usize {
    match r {
        Ok(n) => n,
        Err(StreamError::Limit(_)) => limit,
        Err(_) => 0,
    }
}

/// A stream used many times (a form drawn on every page, a /Contents shared by pages):
/// decoded once (up to [`MAX_STREAM`]), then shared. Charges nothing: each page that uses it
/// pays for its use.
pub fn shared_stream(
    doc: &Document,
    id: ObjectId,
    budget: &Budget,
) -> Result<Arc<Vec<u8>>, StreamError> {
    slot(&budget.shared, id)
        .get_or_init(|| decode(doc, &Object::Reference(id), MAX_STREAM).map(Arc::new))
        .clone()
}

/// The streams a font load decodes (its programs, CMaps): charged to the document once,
/// when the font is loaded, and summed so that every page using the font counts it too.
pub struct Load<'a> {
    pub budget: &'a Budget,
    pub cost: std::cell::Cell<Cost>,
}

impl Load<'_> {
    pub fn count(&self, c: Cost) {
        let mut t = self.cost.get();
        t.add(c);
        self.cost.set(t);
    }
}

/// Decoded bytes of a stream a font load uses (up to [`MAX_STREAM`]), charged.
pub fn stream_bytes(doc: &Document, obj: &Object, load: &Load) -> Option<Vec<u8>> {
    let r = decode(doc, obj, MAX_STREAM);
    let c = Cost {
        bytes: decode_cost(r.as_ref().map(|d| d.len()), MAX_STREAM),
        ..Cost::default()
    };
    load.budget.charge(c);
    load.count(c);
    r.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_share_what_the_document_has_left_and_spending_is_settled_per_group() {
        let b = Budget::new(HashSet::new());
        let (share, stop) = b.share();
        assert_eq!(stop, None);
        assert_eq!(share.bytes, 64 << 20);
        assert_eq!((share.ops, share.glyphs), (MAX_PAGE_OPS, MAX_PAGE_GLYPHS));
        assert_eq!((share.fonts, share.entries), (2500, 1_250_000));
        // Charges of a running group do not change the shares until it is settled.
        b.charge(Cost {
            bytes: 500 << 20,
            fonts: 7,
            ..Cost::default()
        });
        assert_eq!(b.share().0.bytes, 64 << 20);
        assert_eq!(b.start_group(), None);
        assert_eq!(b.share().0.bytes, (12 << 20) / PAGE_CHUNK);
        assert_eq!(b.spent().fonts, 7);
        b.charge(Cost {
            bytes: 12 << 20,
            ..Cost::default()
        });
        assert_eq!(b.start_group(), Some(Limit::Bytes));
        assert_eq!(b.share().1, Some(Limit::Bytes));
    }

    #[test]
    fn over_names_the_first_unit_spent() {
        let max = Cost {
            bytes: 10,
            ops: 10,
            glyphs: 10,
            fonts: 10,
            entries: 10,
        };
        let mut c = Cost::default();
        assert_eq!(c.over(&max), None);
        c.add(Cost {
            entries: 11,
            ..Cost::default()
        });
        assert_eq!(c.over(&max), Some(Limit::Entries));
    }
}
