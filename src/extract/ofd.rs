//! OFD (GB/T 33190, China's fixed-layout format) → pages of positioned glyphs, the same
//! `Glyph`s the PDF reader produces, so the shared layout stage (lines, columns, tables,
//! furniture) reads both alike. OFD.xml names the document; Document.xml lists pages and
//! templates; each page's Content.xml holds TextObjects whose TextCodes carry Unicode text,
//! the first glyph's origin and per-glyph advances (DeltaX, with `g N v` runs). Units are
//! millimetres with y downwards; glyphs are turned into PDF points with y upwards.

use quick_xml::events::{BytesStart, Event};

use super::pdf::page_ranges;
use super::xml::{attr, local, push_ref};
use super::zipped::Zip;
use super::{ExtractError, Extracted, Glyph, GlyphPage, Page, Rule};
use crate::model::{SourceFormat, Warning};

pub const EXTRACTOR: &str = "gazette-ofd 0.1.0";
const PT_PER_MM: f32 = 72.0 / 25.4;
/// Most glyphs per file, and most pages (budgets against hostile input).
const MAX_GLYPHS: usize = 20_000_000;
const MAX_PAGES: usize = 100_000;

#[derive(Debug, Default)]
pub struct OfdPage {
    pub page: GlyphPage,
    /// Page height in mm (OFD's y grows downwards).
    height_mm: f32,
    /// Path objects drawn (text drawn as outlines shows as paths and no glyphs).
    pub paths: usize,
    pub images: usize,
}

pub struct OfdDoc {
    pub title: Option<String>,
    pub pages: Vec<OfdPage>,
}

/// OFD → glyph pages for `layout`. No glyph at all is the PDF reader's "no text layer".
pub fn extract_ofd(zip: &mut Zip) -> Result<Extracted, ExtractError> {
    let doc = read(zip).map_err(|reason| ExtractError::Invalid {
        format: "OFD",
        reason,
    })?;
    let empty: Vec<u32> = (1..=doc.pages.len() as u32)
        .filter(|&p| doc.pages[p as usize - 1].page.glyphs.is_empty())
        .collect();
    if empty.len() == doc.pages.len() {
        return Err(ExtractError::NoTextLayer(page_ranges(&empty)));
    }
    let mut warnings = Vec::new();
    if !empty.is_empty() {
        warnings.push(Warning::new(
            "no-text-layer",
            format!(
                "no text layer on pages {} (scanned or text drawn as paths? OCR needed)",
                page_ranges(&empty)
            ),
        ));
    }
    let pages: Vec<Page> = doc
        .pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| Page {
            number: i as u32 + 1,
            glyphs: Some(p.page),
            ..Page::default()
        })
        .collect();
    Ok(Extracted {
        format: SourceFormat::Ofd,
        encoding: None,
        extractor: EXTRACTOR.into(),
        page_count: Some(pages.len() as u32),
        pages,
        warnings,
        metadata: None,
    })
}

/// Part path relative to the folder of `base` (`Doc_0/Document.xml` + `Pages/Page_0/Content.xml`).
fn resolve(base: &str, loc: &str) -> String {
    if loc.starts_with('/') {
        return loc.trim_start_matches('/').to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub fn read(zip: &mut Zip) -> Result<OfdDoc, String> {
    let ofd = zip.text("OFD.xml")?.ok_or("zip without OFD.xml")?;
    let (root, title) = doc_root(&ofd)?;
    let doc_xml = zip
        .text(&root)?
        .ok_or_else(|| format!("OFD: missing DocRoot {root}"))?;
    let doc = document(&doc_xml)?;
    let mut templates: Vec<(String, Vec<Object>)> = Vec::new();
    for (id, loc) in &doc.templates {
        let path = resolve(&root, loc);
        if let Some(xml) = zip.text(&path)? {
            templates.push((id.clone(), content(&xml)?.objects));
        }
    }
    let mut pages = Vec::new();
    let mut total = 0usize;
    for loc in doc.pages.iter().take(MAX_PAGES) {
        let path = resolve(&root, loc);
        let xml = zip
            .text(&path)?
            .ok_or_else(|| format!("OFD: missing page {path}"))?;
        let c = content(&xml)?;
        let [_, _, w, h] = c.area.unwrap_or(doc.area);
        let mut page = OfdPage {
            page: GlyphPage {
                bbox: [0.0, 0.0, w * PT_PER_MM, h * PT_PER_MM],
                ..GlyphPage::default()
            },
            height_mm: h,
            ..OfdPage::default()
        };
        let used = templates.iter().filter(|(id, _)| {
            c.templates.contains(id)
                || (c.templates.is_empty() && doc.default_template.as_ref() == Some(id))
        });
        for obj in used
            .flat_map(|(_, objs)| objs.iter())
            .chain(c.objects.iter())
        {
            obj.draw(&mut page);
        }
        total += page.page.glyphs.len();
        if total > MAX_GLYPHS {
            return Err("OFD: too many glyphs".into());
        }
        pages.push(page);
    }
    Ok(OfdDoc { title, pages })
}

fn numbers(s: &str) -> Vec<f32> {
    s.split_ascii_whitespace()
        .filter_map(|t| t.parse().ok())
        .filter(|v: &f32| v.is_finite())
        .collect()
}

fn text_of(reader: &mut quick_xml::Reader<&[u8]>) -> String {
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Text(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => push_ref(&r, &mut out),
            Ok(Event::CData(c)) => out.push_str(&c.xml10_content()),
            _ => return out,
        }
    }
}

/// OFD.xml → (DocRoot path, DocInfo title).
fn doc_root(xml: &str) -> Result<(String, Option<String>), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut root, mut title) = (None, None);
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("OFD.xml: damaged XML: {e}"))?
        {
            Event::Start(e) if local(e.name().as_ref()) == b"DocRoot" && root.is_none() => {
                root = Some(text_of(&mut reader))
            }
            Event::Start(e) if local(e.name().as_ref()) == b"Title" && title.is_none() => {
                title = Some(text_of(&mut reader))
            }
            // Only the first DocBody: further ones are other documents of the package.
            Event::End(e) if local(e.name().as_ref()) == b"DocBody" && root.is_some() => break,
            Event::Eof => break,
            _ => {}
        }
    }
    let root = root
        .map(|r| r.trim().trim_start_matches('/').to_string())
        .filter(|r| !r.is_empty());
    Ok((
        root.ok_or("OFD.xml names no DocRoot")?,
        title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
    ))
}

struct DocumentXml {
    area: [f32; 4],
    pages: Vec<String>,
    templates: Vec<(String, String)>,
    default_template: Option<String>,
}

fn document(xml: &str) -> Result<DocumentXml, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut d = DocumentXml {
        area: [0.0, 0.0, 210.0, 297.0],
        pages: Vec::new(),
        templates: Vec::new(),
        default_template: None,
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("OFD Document.xml: damaged XML: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"Page" => d.pages.extend(attr(&e, b"BaseLoc").map(|s| s.into_owned())),
                b"TemplatePage" => {
                    if let (Some(id), Some(loc)) = (attr(&e, b"ID"), attr(&e, b"BaseLoc")) {
                        d.default_template.get_or_insert_with(|| id.to_string());
                        d.templates.push((id.into_owned(), loc.into_owned()));
                    }
                }
                b"PhysicalBox" if d.pages.is_empty() => {
                    if let [x, y, w, h] = numbers(&text_of(&mut reader))[..] {
                        d.area = [x, y, w, h];
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if d.pages.len() > MAX_PAGES {
            break;
        }
    }
    if d.pages.is_empty() {
        return Err("OFD document without pages".into());
    }
    Ok(d)
}

/// A drawable of a page or template, in page millimetres.
enum Object {
    /// Glyph origins (baseline) in page mm, advance in mm, size in mm.
    Text(Vec<(f32, f32, f32, f32, char)>),
    Path([f32; 4]),
    Image,
}

impl Object {
    fn draw(&self, page: &mut OfdPage) {
        let page_h_mm = page.height_mm;
        match self {
            Object::Text(glyphs) => {
                page.page
                    .glyphs
                    .extend(glyphs.iter().map(|&(x, y, w, size, c)| Glyph {
                        x: x * PT_PER_MM,
                        y: (page_h_mm - y) * PT_PER_MM,
                        w: w * PT_PER_MM,
                        size: size * PT_PER_MM,
                        c,
                    }))
            }
            Object::Path([x, y, w, h]) => {
                page.paths += 1;
                // Thin filled or stroked boxes are table rules.
                let (x0, x1) = (x * PT_PER_MM, (x + w) * PT_PER_MM);
                let (y0, y1) = ((page_h_mm - y) * PT_PER_MM, (page_h_mm - y - h) * PT_PER_MM);
                if *h < 1.0 && *w > 3.0 {
                    let ym = (y0 + y1) / 2.0;
                    page.page.rules.push(Rule {
                        x0,
                        y0: ym,
                        x1,
                        y1: ym,
                    });
                } else if *w < 1.0 && *h > 3.0 {
                    let xm = (x0 + x1) / 2.0;
                    page.page.rules.push(Rule {
                        x0: xm,
                        y0: y1,
                        x1: xm,
                        y1: y0,
                    });
                }
            }
            Object::Image => page.images += 1,
        }
    }
}

struct Content {
    area: Option<[f32; 4]>,
    templates: Vec<String>,
    objects: Vec<Object>,
}

/// The state of the TextObject being read.
struct TextObj {
    boundary: [f32; 4],
    ctm: [f32; 6],
    size: f32,
    /// Where the previous TextCode ended (a TextCode may omit X/Y and continue).
    pen: (f32, f32),
    glyphs: Vec<(f32, f32, f32, f32, char)>,
}

fn text_object(e: &BytesStart) -> TextObj {
    let boundary = match numbers(&attr(e, b"Boundary").unwrap_or_default())[..] {
        [x, y, w, h] => [x, y, w, h],
        _ => [0.0; 4],
    };
    let ctm = match numbers(&attr(e, b"CTM").unwrap_or_default())[..] {
        [a, b, c, d, e, f] => [a, b, c, d, e, f],
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };
    let size = attr(e, b"Size")
        .and_then(|s| s.trim().parse().ok())
        .filter(|s: &f32| s.is_finite() && *s > 0.0)
        .unwrap_or(3.5);
    TextObj {
        boundary,
        ctm,
        size,
        pen: (0.0, 0.0),
        glyphs: Vec::new(),
    }
}

/// `1.2 g 3 2.5 4` → [1.2, 2.5, 2.5, 2.5, 4]; at most `max` values.
fn deltas(s: &str, max: usize) -> Vec<f32> {
    let mut out = Vec::new();
    let mut it = s.split_ascii_whitespace();
    while let Some(t) = it.next() {
        if out.len() >= max {
            break;
        }
        if t == "g" {
            let n: usize = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let v: f32 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat_n(v, n.min(max - out.len())));
        } else if let Ok(v) = t.parse::<f32>() {
            out.push(v);
        }
    }
    out.retain(|v| v.is_finite());
    out
}

/// Advance of a glyph without DeltaX: full width for CJK and full-width forms, half otherwise.
fn default_advance(c: char, size: f32) -> f32 {
    if (c as u32) >= 0x2E80 || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…') {
        size
    } else {
        size * 0.5
    }
}

impl TextObj {
    fn code(&mut self, x: Option<f32>, y: Option<f32>, dx: &str, dy: &str, text: &str) {
        let n = text.chars().count();
        let (dx, dy) = (deltas(dx, n), deltas(dy, n));
        let (mut px, mut py) = (x.unwrap_or(self.pen.0), y.unwrap_or(self.pen.1));
        let [a, b, c, d, e, f] = self.ctm;
        // Object space → page mm: the CTM, then the Boundary's origin.
        let scale_x = (a * a + b * b).sqrt();
        let scale_y = (c * c + d * d).sqrt();
        let size = self.size * scale_y.max(f32::MIN_POSITIVE);
        let right = self.boundary[0] + self.boundary[2];
        for (i, ch) in text.chars().enumerate() {
            let given = dx.get(i).copied();
            let adv = given.unwrap_or_else(|| default_advance(ch, self.size));
            if !ch.is_whitespace() && !ch.is_control() {
                let gx = a * px + c * py + e + self.boundary[0];
                let gy = b * px + d * py + f + self.boundary[1];
                // A glyph without DeltaX (the last of a run): the font is not read, so take
                // the room left to the Boundary's edge when plausible, else a CJK/Latin guess.
                let room = right - gx;
                let w = match given {
                    Some(v) => v * scale_x,
                    None if room >= 0.25 * size && room <= 1.2 * size => room,
                    None => adv * scale_x,
                };
                self.glyphs.push((gx, gy, w, size, ch));
            }
            px += adv;
            py += dy.get(i).copied().unwrap_or(0.0);
        }
        self.pen = (px, py);
    }
}

fn content(xml: &str) -> Result<Content, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Content {
        area: None,
        templates: Vec::new(),
        objects: Vec::new(),
    };
    let mut text: Option<TextObj> = None;
    loop {
        let ev = reader.read_event().map_err(|e| {
            format!(
                "OFD page: damaged XML at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        let is_start = matches!(ev, Event::Start(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"TextObject" => text = Some(text_object(&e)),
                b"TextCode" => {
                    let num = |k: &[u8]| {
                        attr(&e, k)
                            .and_then(|v| v.trim().parse::<f32>().ok())
                            .filter(|v| v.is_finite())
                    };
                    let (x, y) = (num(b"X"), num(b"Y"));
                    let (dx, dy) = (
                        attr(&e, b"DeltaX").unwrap_or_default().into_owned(),
                        attr(&e, b"DeltaY").unwrap_or_default().into_owned(),
                    );
                    let s = if is_start {
                        text_of(&mut reader)
                    } else {
                        String::new()
                    };
                    if let Some(t) = text.as_mut() {
                        t.code(x, y, &dx, &dy, &s);
                    }
                }
                b"PathObject" => {
                    if let [x, y, w, h] = numbers(&attr(&e, b"Boundary").unwrap_or_default())[..] {
                        out.objects.push(Object::Path([x, y, w, h]));
                    }
                }
                b"ImageObject" => out.objects.push(Object::Image),
                b"Template" => out
                    .templates
                    .extend(attr(&e, b"TemplateID").map(|s| s.into_owned())),
                b"PhysicalBox" if out.objects.is_empty() => {
                    if let [x, y, w, h] = numbers(&text_of(&mut reader))[..] {
                        out.area = Some([x, y, w, h]);
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == b"TextObject" => {
                if let Some(t) = text.take() {
                    out.objects.push(Object::Text(t.glyphs));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_runs() {
        assert_eq!(deltas("1.5 g 3 2 4", 10), [1.5, 2.0, 2.0, 2.0, 4.0]);
        assert_eq!(deltas("g 4294967295 1", 3), [1.0, 1.0, 1.0]);
        assert_eq!(deltas("x NaN 1", 5), [1.0]);
    }

    #[test]
    fn part_paths() {
        assert_eq!(
            resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(
            resolve("Doc_0/Document.xml", "/Doc_0/Tpls/Tpl_0/Content.xml"),
            "Doc_0/Tpls/Tpl_0/Content.xml"
        );
        assert_eq!(
            resolve("Doc_0/Document.xml", "../Doc_0/./Res.xml"),
            "Doc_0/Res.xml"
        );
    }

    fn glyphs(object: &str) -> Vec<(f32, f32, f32, f32, char)> {
        let xml = format!(
            "<ofd:Page><ofd:Content><ofd:Layer>{object}</ofd:Layer></ofd:Content></ofd:Page>"
        );
        match content(&xml).unwrap().objects.into_iter().next() {
            Some(Object::Text(g)) => g,
            _ => panic!("no text object"),
        }
    }

    #[test]
    fn positions_from_boundary_and_advances() {
        // WPS: Boundary origin + X/Y, DeltaX between glyphs, the last advance from the box.
        let g = glyphs(
            r#"<ofd:TextObject Boundary="76.2 95 18.3 5.6" Size="5.6"><ofd:TextCode X="0.8" Y="4.8" DeltaX="g 2 5.5">国防部</ofd:TextCode></ofd:TextObject>"#,
        );
        let xs: Vec<f32> = g.iter().map(|p| (p.0 * 10.0).round() / 10.0).collect();
        assert_eq!(xs, [77.0, 82.5, 88.0]);
        assert!(g.iter().all(|p| (p.1 - 99.8).abs() < 1e-3 && p.4 != ' '));
        // The box's right edge bounds the guess: about one em, never the whole box.
        assert!((5.0..=6.8).contains(&g[2].2), "last advance {}", g[2].2);
    }

    #[test]
    fn ctm_scales_object_space() {
        // Object space in points under a CTM that scales to millimetres.
        let k = 25.4 / 72.0;
        let g = glyphs(&format!(
            r#"<ofd:TextObject Boundary="10 20 50 10" Size="16" CTM="{k} 0 0 {k} 0 0"><ofd:TextCode X="0" Y="14" DeltaX="16">文字</ofd:TextCode><ofd:TextCode>续</ofd:TextCode></ofd:TextObject>"#
        ));
        assert_eq!(g.len(), 3);
        assert!((g[0].0 - 10.0).abs() < 1e-3 && (g[0].1 - (20.0 + 14.0 * k)).abs() < 1e-3);
        assert!((g[1].0 - (10.0 + 16.0 * k)).abs() < 1e-3);
        assert!((g[0].3 - 16.0 * k).abs() < 1e-3, "size in mm");
        // A TextCode without X/Y continues where the previous one ended.
        assert!(g[2].0 > g[1].0);
    }

    #[test]
    fn default_advances() {
        assert_eq!(default_advance('文', 4.0), 4.0);
        assert_eq!(default_advance('1', 4.0), 2.0);
        assert_eq!(default_advance('“', 4.0), 4.0);
    }
}
