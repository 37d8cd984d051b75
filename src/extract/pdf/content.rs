//! The content-stream interpreter: runs the text and graphics-state operators of a page (and
//! of the Form XObjects it draws) and emits positioned glyphs. Only what places text matters:
//! CTM, text matrices, Tc/Tw/Tz/TL/Ts, font and size; then the appearance streams of the
//! page's annotations (`annots`). Work is bounded: operator and glyph budgets per page and
//! per document, spent as the work happens, a nesting limit and a cycle check for forms.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Document, Object, ObjectId};

mod annots;

use super::fonts::Font;
use super::lexer::{Lexer, Operand, decode_hex};
use super::objects::{
    Budget, Cost, Limit, MAX_ENTRIES, MAX_FONTS, MAX_PAGE_GLYPHS, MAX_PAGE_OPS, MAX_STREAM,
    MAX_TOTAL, Once, PAGE_CHUNK, StreamError, decode, decode_cost, get, get_dict, get_name, num,
    resolve, shared_stream, slot,
};
use crate::extract::{Glyph, Rule};

const MAX_FORM_DEPTH: usize = 8;
const MAX_GSTATE_DEPTH: usize = 256;

#[derive(Default)]
pub struct PageText {
    pub glyphs: Vec<Glyph>,
    /// Font name → number of codes that had no Unicode.
    pub unmapped: HashMap<String, usize>,
    pub mapped: usize,
    /// The page's content could not be fully read (missing/undecodable stream, limits).
    pub damaged: bool,
    /// Stroked or filled axis-aligned lines (table rules), in page space.
    pub rules: Vec<Rule>,
    /// Glyphs drawn rotated (their frame is not page space, so rules do not apply).
    pub rotated: usize,
    /// Image XObjects drawn, with their placement (what `--ocr` reads on scanned pages).
    pub images: Vec<crate::extract::ocr::ImageUse>,
    /// The page was cut off at this limit (the work it would take is out of bounds).
    pub limit: Option<Limit>,
    /// A content stream no filter could decode (filter and reason).
    pub undecodable: Option<String>,
    /// Path-painting operators seen (a page of drawings only is not a scan).
    pub paths: usize,
    /// Images drawn, all of them (`Do` of an image XObject, inline images).
    pub image_count: usize,
    /// Text set diagonally, by runs (`diagonal` tells watermarks from the rest).
    pub diagonal: Vec<DiagRun>,
    /// The median size of the page's glyphs (0 when there are too few to tell).
    pub body_size: f32,
}

/// A run of diagonal text in its own frame (its baseline along +x).
#[derive(Debug, Clone)]
pub struct DiagRun {
    /// Baseline direction in page space (radians).
    pub angle: f32,
    pub glyphs: Vec<Glyph>,
    /// As drawn, spaces kept.
    pub text: String,
    /// The largest em size.
    pub size: f32,
    /// Every glyph light: a pale fill, low opacity or outlines only.
    pub light: bool,
    /// Where its baseline ends, and its height, in its own frame.
    end: f32,
    y: f32,
}

impl DiagRun {
    pub fn new(angle: f32, glyphs: Vec<Glyph>, text: String, size: f32, light: bool) -> Self {
        let end = glyphs.last().map_or(0.0, |g| g.x + g.w);
        let y = glyphs.first().map_or(0.0, |g| g.y);
        DiagRun {
            angle,
            glyphs,
            text,
            size,
            light,
            end,
            y,
        }
    }
}

/// Diagonal runs kept per page (the rest of a hostile page's diagonal text is dropped).
const MAX_DIAGONAL_RUNS: usize = 2_000;

/// Lightness (0 black, 1 white) of an RGB colour.
fn lum(r: f32, g: f32, b: f32) -> f32 {
    0.3 * r + 0.59 * g + 0.11 * b
}

/// More images than this on one page are not a scan; the rest are not recorded.
const MAX_IMAGES: usize = 64;

const MAX_RULES: usize = 20_000;

/// Fonts are shared by many pages; load each exactly once (pages run in parallel, and a
/// load is charged to the document). A font written inline in `/Resources` is keyed by where
/// its dictionary lives in the loaded document (stable while the document is), so a `Tf`
/// repeated 100,000 times loads it once too.
#[derive(Default)]
pub struct FontCache(Mutex<HashMap<FontKey, Once<Arc<Font>>>>);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Ref(ObjectId),
    Inline(usize),
}

type M = [f32; 6];
const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &M, n: &M) -> M {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Arc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    /// Text render mode 3 or 7: invisible (the text layer of OCR'd scans).
    invisible: bool,
    /// Render mode 1: outlines only (hollow letters, a watermark's look).
    outline: bool,
    /// Fill lightness (0 black … 1 white) and opacity (ExtGState `/ca`).
    fill: f32,
    alpha: f32,
}

struct Interp<'a> {
    doc: &'a Document,
    cache: &'a FontCache,
    budget: &'a Budget,
    gs: GState,
    stack: Vec<GState>,
    tm: M,
    tlm: M,
    ops: usize,
    forms: Vec<ObjectId>,
    out: PageText,
    chars: Vec<char>,
    /// The glyphs of the string being shown, reused from one `Tj` to the next.
    pending: Vec<Option<Glyph>>,
    /// The bytes of the hex string being shown, reused likewise.
    hex: Vec<u8>,
    /// Segments of the path being built, and its current point.
    path: Vec<(f32, f32, f32, f32)>,
    point: (f32, f32),
    /// The glyphs the last invisible string added: first index, start x and baseline y.
    last_invisible: Option<(usize, f32, f32)>,
    /// This page's share of the document's budget, and what it used of it (every font and
    /// form counted once per page, whoever loaded it).
    allow: Cost,
    used: Cost,
    /// Bytes this page decoded or drew from shared streams: charged to the document when
    /// the page ends (fonts and CMaps are charged when they load).
    own_bytes: usize,
    fonts_used: HashSet<FontKey>,
    forms_used: HashSet<ObjectId>,
    /// Glyphs in `out.diagonal` (they count against the page's glyph share).
    diag_glyphs: usize,
}

/// Runs the page's content and returns its glyphs.
pub fn run_page(doc: &Document, page: &Dictionary, cache: &FontCache, budget: &Budget) -> PageText {
    let mut it = Interp {
        doc,
        cache,
        budget,
        gs: GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            invisible: false,
            outline: false,
            fill: 0.0,
            alpha: 1.0,
        },
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        ops: 0,
        forms: Vec::new(),
        out: PageText::default(),
        chars: Vec::new(),
        pending: Vec::new(),
        hex: Vec::new(),
        path: Vec::new(),
        point: (0.0, 0.0),
        last_invisible: None,
        allow: Cost::default(),
        used: Cost::default(),
        own_bytes: 0,
        fonts_used: HashSet::new(),
        forms_used: HashSet::new(),
        diag_glyphs: 0,
    };
    let (allow, stop) = budget.share();
    it.allow = allow;
    let resources = inherited(doc, page, b"Resources").and_then(|o| match o {
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let mut data = Vec::new();
    // A document whose budget is spent reads no further pages.
    if let Some(l) = stop {
        it.cut(l);
        return it.out;
    }
    // A page without /Contents is blank.
    if let Ok(o) = page.get(b"Contents") {
        match resolve(doc, o) {
            Some(Object::Array(parts)) => {
                for p in parts.iter().take(10_000) {
                    match it.content_stream(p) {
                        Ok(d) => {
                            data.extend_from_slice(&d);
                            data.push(b'\n');
                        }
                        Err(e) => it.stream_failed(e),
                    }
                    if data.len() > MAX_STREAM {
                        // One page's content is bounded like one stream, however it is split.
                        it.stream_failed(StreamError::Limit(Limit::Stream));
                        break;
                    }
                    if it.out.limit.is_some() {
                        break;
                    }
                }
            }
            Some(Object::Stream(_)) => match it.content_stream(o) {
                Ok(d) => data = Arc::try_unwrap(d).unwrap_or_else(|d| (*d).clone()),
                Err(e) => it.stream_failed(e),
            },
            Some(_) => it.out.damaged = true,
            // /Contents points nowhere: the page lost it.
            None => it.out.damaged = true,
        }
    }
    if it.out.limit.is_none() {
        it.run(&data, resources);
    }
    if it.out.limit.is_none() {
        annots::draw(&mut it, page);
    }
    budget.charge(Cost {
        bytes: it.own_bytes,
        ops: it.ops,
        glyphs: it.out.glyphs.len(),
        ..Cost::default()
    });
    it.out
}

/// The deadline is looked at every this many operators.
const OP_CHUNK: usize = 4096;

/// A page attribute that may be inherited from the page tree (Resources, MediaBox, CropBox).
pub fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

impl Interp<'_> {
    fn run(&mut self, data: &[u8], resources: Option<&Dictionary>) {
        let mut lx = Lexer::new(data);
        let mut ops = Vec::new();
        while self.out.limit.is_none()
            && let Some(op) = lx.next_op(&mut ops)
        {
            self.ops += 1;
            if self.ops > self.allow.ops {
                self.cut(if self.allow.ops == MAX_PAGE_OPS {
                    Limit::PageOps
                } else {
                    Limit::Ops
                });
                return;
            }
            if self.out.glyphs.len() + self.diag_glyphs > self.allow.glyphs {
                self.cut(if self.allow.glyphs == MAX_PAGE_GLYPHS {
                    Limit::PageGlyphs
                } else {
                    Limit::Glyphs
                });
                return;
            }
            if self.ops.is_multiple_of(OP_CHUNK) && self.budget.late() {
                self.cut(Limit::Time);
                return;
            }
            self.op(op, &ops, resources);
        }
    }

    /// Stops the page at a limit: what was read so far is kept.
    fn cut(&mut self, limit: Limit) {
        self.out.damaged = true;
        self.out.limit = self.out.limit.max(Some(limit));
    }

    /// Adds `c` to what the page used; false (and the page cut) when that is over its share.
    fn spend(&mut self, c: Cost) -> bool {
        self.used.add(c);
        match self.used.over(&self.allow) {
            None => true,
            Some(l) => {
                // A fresh document's share is the page's own limit; a smaller one is what the
                // file has left.
                let a = &self.allow;
                self.cut(match l {
                    Limit::Bytes if a.bytes >= MAX_TOTAL / PAGE_CHUNK => Limit::PageBytes,
                    Limit::Fonts if a.fonts >= MAX_FONTS / PAGE_CHUNK => Limit::PageFonts,
                    Limit::Entries if a.entries >= MAX_ENTRIES / PAGE_CHUNK => Limit::PageEntries,
                    l => l,
                });
                false
            }
        }
    }

    /// A /Contents stream, within what is left of the page's share (one used by several
    /// pages is decoded once; each use is charged).
    fn content_stream(&mut self, o: &Object) -> Result<Arc<Vec<u8>>, StreamError> {
        let left = self.allow.bytes.saturating_sub(self.used.bytes);
        let (r, cost) = match o {
            Object::Reference(id) if self.budget.multi.contains(id) => {
                let r = shared_stream(self.doc, *id, self.budget);
                let c = decode_cost(r.as_ref().map(|d| d.len()), MAX_STREAM);
                (r, c)
            }
            _ => {
                let limit = MAX_STREAM.min(left);
                let r = decode(self.doc, o, limit).map(Arc::new);
                let c = decode_cost(r.as_ref().map(|d| d.len()), limit);
                (r, c)
            }
        };
        self.own_bytes += cost;
        if !self.spend(Cost {
            bytes: cost,
            ..Cost::default()
        }) {
            return Err(StreamError::Limit(self.out.limit.unwrap_or(Limit::Bytes)));
        }
        r
    }

    fn stream_failed(&mut self, e: StreamError) {
        match e {
            StreamError::Limit(l) => self.cut(l),
            StreamError::Undecodable(why) => {
                self.out.damaged = true;
                self.out.undecodable.get_or_insert(why);
            }
            StreamError::Missing => self.out.damaged = true,
        }
    }

    fn op(&mut self, op: &[u8], a: &[Operand], res: Option<&Dictionary>) {
        let n = |i: usize| a.get(i).and_then(Operand::num).unwrap_or(0.0);
        let six = || -> Option<M> {
            if a.len() < 6 {
                return None;
            }
            let s = &a[a.len() - 6..];
            let mut m = [0.0; 6];
            for (k, o) in s.iter().enumerate() {
                m[k] = o.num()?;
            }
            Some(m)
        };
        match op {
            b"q" if self.stack.len() < MAX_GSTATE_DEPTH => self.stack.push(self.gs.clone()),
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = six() {
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
            }
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"Tf" => {
                if let Some(Operand::Name(name)) = a.first() {
                    self.gs.font = self.font(res, name);
                }
                self.gs.size = n(1);
            }
            b"Tc" => self.gs.tc = n(0),
            b"Tw" => self.gs.tw = n(0),
            b"Tz" => self.gs.th = n(0) / 100.0,
            b"TL" => self.gs.tl = n(0),
            b"Ts" => self.gs.rise = n(0),
            b"Tr" => {
                let mode = n(0) as i32;
                self.gs.invisible = matches!(mode, 3 | 7);
                self.gs.outline = mode == 1;
            }
            // The fill colour and opacity: only to tell a pale watermark from other text.
            b"g" => self.gs.fill = n(0),
            b"rg" => self.gs.fill = lum(n(0), n(1), n(2)),
            b"k" => self.gs.fill = cmyk(n(0), n(1), n(2), n(3)),
            b"sc" | b"scn" => {
                let v: Vec<f32> = a.iter().filter_map(Operand::num).collect();
                match v[..] {
                    [r, g, b] => self.gs.fill = lum(r, g, b),
                    [c, m, y, k] => self.gs.fill = cmyk(c, m, y, k),
                    _ => {}
                }
            }
            b"gs" => {
                if let Some(Operand::Name(name)) = a.first()
                    && let Some(ca) = self.ext_alpha(res, name)
                {
                    self.gs.alpha = ca;
                }
            }
            b"Td" => self.td(n(0), n(1)),
            b"TD" => {
                self.gs.tl = -n(1);
                self.td(n(0), n(1));
            }
            b"Tm" => {
                if let Some(m) = six() {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.td(0.0, -self.gs.tl),
            b"Tj" => {
                if let Some(s) = a.first() {
                    self.show_operand(s);
                }
            }
            b"'" => {
                self.td(0.0, -self.gs.tl);
                if let Some(s) = a.first() {
                    self.show_operand(s);
                }
            }
            b"\"" => {
                self.gs.tw = n(0);
                self.gs.tc = n(1);
                self.td(0.0, -self.gs.tl);
                if let Some(s) = a.get(2) {
                    self.show_operand(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.first() {
                    for item in items {
                        match item {
                            Operand::Str(_) | Operand::Hex(_) => self.show_operand(item),
                            Operand::Num(k) if k.is_finite() => {
                                let tx = -k / 1000.0 * self.gs.size * self.gs.th;
                                self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = a.first() {
                    self.form(res, name);
                }
            }
            b"m" => self.point = (n(0), n(1)),
            b"l" => {
                let p = (n(0), n(1));
                self.segment(self.point, p);
                self.point = p;
            }
            b"re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                // A thin filled rectangle is how many producers draw a rule.
                if h.abs() < 2.0 {
                    self.segment((x, y + h / 2.0), (x + w, y + h / 2.0));
                } else if w.abs() < 2.0 {
                    self.segment((x + w / 2.0, y), (x + w / 2.0, y + h));
                } else {
                    self.segment((x, y), (x + w, y));
                    self.segment((x, y + h), (x + w, y + h));
                    self.segment((x, y), (x, y + h));
                    self.segment((x + w, y), (x + w, y + h));
                }
                self.point = (x, y);
            }
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => self.paint(),
            b"n" => self.path.clear(),
            b"BI" => self.out.image_count += 1,
            _ => {}
        }
    }

    /// Adds a path segment (user space) if it is an axis-aligned line in page space.
    fn segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        let c = &self.gs.ctm;
        let t = |(x, y): (f32, f32)| (x * c[0] + y * c[2] + c[4], x * c[1] + y * c[3] + c[5]);
        let ((x0, y0), (x1, y1)) = (t(a), t(b));
        let long = (x1 - x0).abs().max((y1 - y0).abs()) >= 5.0;
        if long && ((y1 - y0).abs() < 1.0 || (x1 - x0).abs() < 1.0) && self.path.len() < 1000 {
            self.path.push((x0, y0, x1, y1));
        }
    }

    fn paint(&mut self) {
        self.out.paths += 1;
        for (x0, y0, x1, y1) in self.path.drain(..) {
            if self.out.rules.len() >= MAX_RULES {
                break;
            }
            let r = if (y1 - y0).abs() < 1.0 {
                let y = (y0 + y1) / 2.0;
                Rule {
                    x0: x0.min(x1),
                    y0: y,
                    x1: x0.max(x1),
                    y1: y,
                }
            } else {
                let x = (x0 + x1) / 2.0;
                Rule {
                    x0: x,
                    y0: y0.min(y1),
                    x1: x,
                    y1: y0.max(y1),
                }
            };
            if [r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite()) {
                self.out.rules.push(r);
            }
        }
    }

    /// The fill opacity (`/ca`) of ExtGState `name`.
    fn ext_alpha(&self, res: Option<&Dictionary>, name: &[u8]) -> Option<f32> {
        let states = get_dict(self.doc, res?, b"ExtGState")?;
        let gs = get_dict(self.doc, states, name)?;
        get(self.doc, gs, b"ca").and_then(num)
    }

    /// Adds one code of diagonal text (in its own frame) to the page's runs: to the last
    /// run if it goes on along the same baseline, else as a new run.
    #[allow(clippy::too_many_arguments)]
    fn add_diagonal(
        &mut self,
        angle: f32,
        x: f32,
        y: f32,
        w: f32,
        em: f32,
        text: &[char],
        light: bool,
    ) {
        let runs = &mut self.out.diagonal;
        let joins = runs.last().is_some_and(|r| {
            (r.angle - angle).abs() < 0.035
                && (r.y - y).abs() < 0.5 * em.max(r.size)
                && x > r.end - em
                && x < r.end + 3.0 * em.max(1.0)
        });
        if !joins {
            if runs.len() >= MAX_DIAGONAL_RUNS {
                return;
            }
            runs.push(DiagRun::new(angle, Vec::new(), String::new(), em, light));
            if let Some(r) = runs.last_mut() {
                (r.end, r.y) = (x, y);
            }
        }
        let Some(r) = runs.last_mut() else {
            return;
        };
        let space = |r: &mut DiagRun| {
            if !r.text.is_empty() && !r.text.ends_with(' ') {
                r.text.push(' ');
            }
        };
        if x - r.end > 0.2 * em {
            space(r);
        }
        r.size = r.size.max(em);
        r.light &= light;
        let shown: Vec<char> = text.iter().copied().filter(|c| !c.is_control()).collect();
        let share = w / shown.len().max(1) as f32;
        for (k, &c) in shown.iter().enumerate() {
            if c.is_whitespace() {
                space(r);
                continue;
            }
            r.text.push(c);
            r.glyphs.push(Glyph {
                x: x + share * k as f32,
                y,
                w: share,
                size: em,
                c,
            });
            self.diag_glyphs += 1;
        }
        r.end = x + w;
    }

    fn td(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, res: Option<&Dictionary>, name: &[u8]) -> Option<Arc<Font>> {
        let fonts = get_dict(self.doc, res?, b"Font")?;
        let dict = get_dict(self.doc, fonts, name)?;
        let key = match fonts.get(name).ok()? {
            Object::Reference(id) => FontKey::Ref(*id),
            _ => FontKey::Inline(dict as *const Dictionary as usize),
        };
        let f = slot(&self.cache.0, key)
            .get_or_init(|| Arc::new(Font::load(self.doc, dict, self.budget)))
            .clone();
        // Each page pays for the fonts it uses, once.
        if self.fonts_used.insert(key) && !self.spend(f.cost) {
            return None;
        }
        Some(f)
    }

    /// Shows a string operand (literal or hex); other operands show nothing.
    fn show_operand(&mut self, o: &Operand) {
        match o {
            Operand::Str(s) => self.show(s),
            Operand::Hex(digits) => {
                let mut bytes = std::mem::take(&mut self.hex);
                decode_hex(digits, &mut bytes);
                self.show(&bytes);
                self.hex = bytes;
            }
            _ => {}
        }
    }

    fn show(&mut self, s: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            // Text in a font the page does not (or no longer) define: it is lost, say so.
            self.out.damaged |= !s.is_empty();
            return;
        };
        let gs = &self.gs;
        let (size, th) = (gs.size, gs.th);
        let mut chars = std::mem::take(&mut self.chars);
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        let mut diagonal: Vec<(f32, f32, f32, f32, f32, Vec<char>)> = Vec::new();
        let light = gs.fill >= 0.6 || gs.alpha <= 0.6 || gs.outline;
        let mut tm = self.tm;
        let ctm = gs.ctm;
        let mut rotated = 0;
        font.decode(s, &mut chars, |code, text| {
            let m = mul(&tm, &ctm);
            let x_scale = (m[0] * m[0] + m[1] * m[1]).sqrt();
            let y_scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
            let tx = (code.advance * size + gs.tc + if code.is_space { gs.tw } else { 0.0 }) * th;
            // Mirrored or negative sizes give negative advances: a width is never negative.
            let w = (code.advance * size * th * x_scale).abs();
            let (px, py) = (m[4] + gs.rise * m[2], m[5] + gs.rise * m[3]);
            // Rotated text (landscape tables, /Rotate-d pages) is laid out in its own frame:
            // the baseline direction, snapped to a quarter turn, becomes +x.
            let (dx, dy) = if m[0].abs() >= m[1].abs() {
                (if m[0] < 0.0 { -1.0 } else { 1.0 }, 0.0)
            } else {
                (0.0, if m[1] < 0.0 { -1.0 } else { 1.0 })
            };
            let (x, y) = (px * dx + py * dy, py * dx - px * dy);
            rotated += usize::from(dx != 1.0);
            let em = (size * y_scale).abs();
            // Text set at a slant (diagonal watermarks such as 机密 or 样本) is decoration.
            let skew = (m[0].abs().min(m[1].abs())) / x_scale.max(1e-6);
            if skew > 0.17 {
                // sin(10°): more than ten degrees off a quarter turn. Kept aside in its own
                // frame: watermarks are told from other angled text once all pages are read.
                if code.mapped {
                    let angle = m[1].atan2(m[0]);
                    let (s, c) = angle.sin_cos();
                    diagonal.push((
                        angle,
                        px * c + py * s,
                        py * c - px * s,
                        w,
                        em,
                        text.to_vec(),
                    ));
                }
                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                return;
            }
            if !code.mapped {
                pending.push(None);
            } else if !text.is_empty() {
                let share = w / text.len() as f32;
                for (k, &c) in text.iter().enumerate() {
                    if !c.is_whitespace() && !c.is_control() {
                        pending.push(Some(Glyph {
                            x: x + share * k as f32,
                            y,
                            w: share,
                            size: em,
                            c,
                        }));
                    }
                }
            }
            tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
        });
        self.tm = tm;
        self.chars = chars;
        self.out.rotated += rotated;
        for (angle, x, y, w, em, text) in diagonal {
            self.add_diagonal(angle, x, y, w, em, &text, light);
        }
        let first = self.out.glyphs.len();
        let start = pending.iter().flatten().next().map(|g| (g.x, g.y, g.size));
        if self.gs.invisible
            && let Some((x, y, em)) = start
        {
            self.fit_last_invisible(x, y, em);
        }
        for g in pending.drain(..) {
            match g {
                Some(g) => {
                    self.out.mapped += 1;
                    self.out.glyphs.push(g);
                }
                None => *self.out.unmapped.entry(font.name.clone()).or_default() += 1,
            }
        }
        self.pending = pending;
        if let Some((x, y, _)) = start {
            self.last_invisible = self.gs.invisible.then_some((first, x, y));
        }
    }

    /// OCR layers (Tesseract) stretch each invisible word with `Tz` to its box only roughly:
    /// a word can run past the start of the next one on its line ("2019" over "年"), and the
    /// rows would interleave their glyphs. The previous invisible word is squeezed to end
    /// where the next one starts, as its box does; visible text is never moved.
    fn fit_last_invisible(&mut self, x: f32, y: f32, em: f32) {
        let Some((from, x0, y0)) = self.last_invisible else {
            return;
        };
        let Some(prev) = self.out.glyphs.get_mut(from..) else {
            return;
        };
        let end = prev.iter().map(|g| g.x + g.w).fold(f32::MIN, f32::max);
        if (y - y0).abs() > em * 0.5 || x <= x0 || x >= end {
            return;
        }
        let s = (x - x0) / (end - x0);
        for g in prev {
            g.x = x0 + (g.x - x0) * s;
            g.w *= s;
        }
    }

    fn form(&mut self, res: Option<&Dictionary>, name: &[u8]) {
        let Some(xobjs) = res.and_then(|r| get_dict(self.doc, r, b"XObject")) else {
            return;
        };
        let Ok(Object::Reference(id)) = xobjs.get(name) else {
            return;
        };
        self.draw_form(*id, None, res);
    }

    /// Runs Form XObject `id`; `place` maps its box to the page (annotation appearances) on
    /// top of its own `/Matrix`, instead of the current CTM alone.
    fn draw_form(&mut self, id: ObjectId, place: Option<M>, res: Option<&Dictionary>) {
        if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
            return;
        }
        let Some(Object::Stream(st)) = self.doc.get_object(id).ok() else {
            return;
        };
        match get_name(self.doc, &st.dict, b"Subtype") {
            Some(b"Form") | None if place.is_some() => {}
            Some(b"Form") => {}
            Some(b"Image") => {
                self.out.image_count += 1;
                if self.out.images.len() < MAX_IMAGES {
                    self.out.images.push(crate::extract::ocr::ImageUse {
                        id,
                        ctm: self.gs.ctm,
                    });
                }
                return;
            }
            _ => return,
        }
        let data = match shared_stream(self.doc, id, self.budget) {
            Ok(d) => d,
            Err(e) => {
                let cost = decode_cost(Err(&e), MAX_STREAM);
                if self.forms_used.insert(id) {
                    self.own_bytes += cost;
                    self.spend(Cost {
                        bytes: cost,
                        ..Cost::default()
                    });
                }
                self.stream_failed(e);
                return;
            }
        };
        // Each page pays for the forms it draws, once.
        if self.forms_used.insert(id) {
            self.own_bytes += data.len();
            if !self.spend(Cost {
                bytes: data.len(),
                ..Cost::default()
            }) {
                return;
            }
        }
        let matrix = six_numbers(self.doc, &st.dict, b"Matrix").unwrap_or(IDENTITY);
        let form_res = get_dict(self.doc, &st.dict, b"Resources").or(res);
        let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
        self.gs.ctm = match place {
            Some(p) => mul(&matrix, &p),
            None => mul(&matrix, &self.gs.ctm),
        };
        self.forms.push(id);
        self.run(&data, form_res);
        self.forms.pop();
        self.stack.truncate(saved.3);
        (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
    }
}

/// Lightness of a CMYK colour.
fn cmyk(c: f32, m: f32, y: f32, k: f32) -> f32 {
    let k = 1.0 - k.clamp(0.0, 1.0);
    lum(
        (1.0 - c.clamp(0.0, 1.0)) * k,
        (1.0 - m.clamp(0.0, 1.0)) * k,
        (1.0 - y.clamp(0.0, 1.0)) * k,
    )
}

/// A six-number array entry (`/Matrix`).
fn six_numbers(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<M> {
    match get(doc, d, key) {
        Some(Object::Array(m)) if m.len() == 6 => {
            let mut out = [0.0; 6];
            for (k, o) in m.iter().enumerate() {
                out[k] = resolve(doc, o).and_then(num).unwrap_or(IDENTITY[k]);
            }
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices() {
        let t = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        let s = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        assert_eq!(mul(&t, &s), [2.0, 0.0, 0.0, 2.0, 20.0, 40.0]);
    }
}
