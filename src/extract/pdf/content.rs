//! The content-stream interpreter: runs the text and graphics-state operators of a page (and
//! of the Form XObjects it draws) and emits positioned glyphs. Only what places text matters:
//! CTM, text matrices, Tc/Tw/Tz/TL/Ts, font and size. Work is bounded: an operator budget
//! per page, a nesting limit and a cycle check for forms.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::lexer::{Lexer, Operand};
use super::objects::{Budget, get, get_dict, get_name, num, resolve, stream_bytes};
use crate::extract::{Glyph, Rule};

const MAX_OPS: usize = 2_000_000;
const MAX_GLYPHS: usize = 400_000;
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
}

/// More images than this on one page are not a scan; the rest are not recorded.
const MAX_IMAGES: usize = 64;

const MAX_RULES: usize = 20_000;

/// Fonts are shared by many pages; load each once (pages run in parallel).
#[derive(Default)]
pub struct FontCache(Mutex<HashMap<ObjectId, Arc<Font>>>);

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
    /// Segments of the path being built, and its current point.
    path: Vec<(f32, f32, f32, f32)>,
    point: (f32, f32),
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
        },
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        ops: 0,
        forms: Vec::new(),
        out: PageText::default(),
        chars: Vec::new(),
        path: Vec::new(),
        point: (0.0, 0.0),
    };
    let resources = inherited(doc, page, b"Resources").and_then(|o| match o {
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let mut data = Vec::new();
    match page.get(b"Contents").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Array(parts)) => {
            for p in parts.iter().take(10_000) {
                match stream_bytes(doc, p, budget) {
                    Some(d) => {
                        data.extend_from_slice(&d);
                        data.push(b'\n');
                    }
                    None => it.out.damaged = true,
                }
            }
        }
        Some(o @ Object::Stream(_)) => match stream_bytes(doc, o, budget) {
            Some(d) => data = d,
            None => it.out.damaged = true,
        },
        Some(_) => it.out.damaged = true,
        // A page without /Contents is blank; one whose /Contents points nowhere lost it.
        None => it.out.damaged = page.has(b"Contents"),
    }
    it.run(&data, resources);
    if !budget.take_glyphs(it.out.glyphs.len()) {
        it.out.glyphs = Vec::new();
        it.out.damaged = true;
    }
    it.out
}

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
        while let Some(op) = lx.next_op(&mut ops) {
            self.ops += 1;
            if self.ops > MAX_OPS || self.out.glyphs.len() > MAX_GLYPHS {
                self.out.damaged = true;
                return;
            }
            self.op(op, &ops, resources);
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
                if let Some(Operand::Str(s)) = a.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.first() {
                    self.show(s);
                }
            }
            b"\"" => {
                self.gs.tw = n(0);
                self.gs.tc = n(1);
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.get(2) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.first() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
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

    fn td(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, res: Option<&Dictionary>, name: &[u8]) -> Option<Arc<Font>> {
        let fonts = get_dict(self.doc, res?, b"Font")?;
        let obj = fonts.get(name).ok()?;
        if let Object::Reference(id) = obj {
            if let Ok(map) = self.cache.0.lock()
                && let Some(f) = map.get(id)
            {
                return Some(f.clone());
            }
            let dict = get_dict(self.doc, fonts, name)?;
            let f = Arc::new(Font::load(self.doc, dict, self.budget));
            if let Ok(mut map) = self.cache.0.lock() {
                map.insert(*id, f.clone());
            }
            Some(f)
        } else {
            let dict = get_dict(self.doc, fonts, name)?;
            Some(Arc::new(Font::load(self.doc, dict, self.budget)))
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
        let mut pending = Vec::new();
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
                // sin(10°): more than ten degrees off a quarter turn
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
        for g in pending {
            match g {
                Some(g) => {
                    self.out.mapped += 1;
                    self.out.glyphs.push(g);
                }
                None => *self.out.unmapped.entry(font.name.clone()).or_default() += 1,
            }
        }
    }

    fn form(&mut self, res: Option<&Dictionary>, name: &[u8]) {
        let Some(xobjs) = res.and_then(|r| get_dict(self.doc, r, b"XObject")) else {
            return;
        };
        let Ok(Object::Reference(id)) = xobjs.get(name) else {
            return;
        };
        if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(id) {
            return;
        }
        let Some(obj @ Object::Stream(st)) = self.doc.get_object(*id).ok() else {
            return;
        };
        match get_name(self.doc, &st.dict, b"Subtype") {
            Some(b"Form") => {}
            Some(b"Image") => {
                if self.out.images.len() < MAX_IMAGES {
                    self.out.images.push(crate::extract::ocr::ImageUse {
                        id: *id,
                        ctm: self.gs.ctm,
                    });
                }
                return;
            }
            _ => return,
        }
        let Some(data) = stream_bytes(self.doc, obj, self.budget) else {
            self.out.damaged = true;
            return;
        };
        let matrix = match get(self.doc, &st.dict, b"Matrix") {
            Some(Object::Array(m)) if m.len() == 6 => {
                let mut out = [0.0; 6];
                for (k, o) in m.iter().enumerate() {
                    out[k] = num(o).unwrap_or(IDENTITY[k]);
                }
                out
            }
            _ => IDENTITY,
        };
        let form_res = get_dict(self.doc, &st.dict, b"Resources").or(res);
        let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        self.forms.push(*id);
        self.run(&data, form_res);
        self.forms.pop();
        self.stack.truncate(saved.3);
        (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
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
