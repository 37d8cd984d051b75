//! Page images for OCR: the scanned image XObject decoded in pure Rust (DCT through
//! `zune-jpeg`, CCITT G3/G4 through `fax`, Flate/LZW through the PDF reader's stream
//! decoding), turned to 8-bit grey and scaled to about 300 dpi, Tesseract's best resolution.
//! Anything else (JBIG2, odd colour spaces, pages that are not one image) is rasterised by
//! poppler's `pdftoppm` when it is installed. Pixel counts are bounded before any decoding.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use lopdf::{Dictionary, Document, Object, Stream};

/// An 8-bit grey image, row-major, 0 = black.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub px: Vec<u8>,
}

/// Larger images are refused (a 600 dpi A3 scan is 50 Mpx).
const MAX_PIXELS: usize = 120_000_000;
/// The resolution Tesseract is trained for; images between LOW and HIGH dpi are kept as is.
pub const TARGET_DPI: f32 = 300.0;
const LOW_DPI: f32 = 240.0;
const HIGH_DPI: f32 = 420.0;

impl Gray {
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }

    /// Reads a binary PGM (P5, 8-bit), as `pdftoppm -gray` writes it.
    pub fn from_pgm(data: &[u8]) -> Option<Gray> {
        let mut fields = Vec::new();
        let mut i = 2;
        if !data.starts_with(b"P5") {
            return None;
        }
        while fields.len() < 3 {
            while data.get(i)?.is_ascii_whitespace() {
                i += 1;
            }
            let start = i;
            while data.get(i)?.is_ascii_digit() {
                i += 1;
            }
            fields.push(
                std::str::from_utf8(&data[start..i])
                    .ok()?
                    .parse::<usize>()
                    .ok()?,
            );
        }
        let (width, height) = (fields[0], fields[1]);
        let n = width.checked_mul(height).filter(|&n| n <= MAX_PIXELS)?;
        let px = data.get(i + 1..i + 1 + n)?.to_vec();
        (fields[2] == 255).then_some(Gray { width, height, px })
    }

    /// Scales to `TARGET_DPI` when the resolution is far from it (bilinear up, box down);
    /// returns the image and its resolution.
    pub fn scaled_for_ocr(self, dpi: f32) -> (Gray, u32) {
        if !dpi.is_finite() || dpi <= 0.0 || (LOW_DPI..=HIGH_DPI).contains(&dpi) {
            let d = if dpi.is_finite() && dpi > 0.0 {
                dpi
            } else {
                TARGET_DPI
            };
            return (self, d.round() as u32);
        }
        let f = TARGET_DPI / dpi;
        let w = ((self.width as f32 * f).round() as usize).max(1);
        let h = ((self.height as f32 * f).round() as usize).max(1);
        if w.saturating_mul(h) > MAX_PIXELS {
            return (self, dpi.round() as u32);
        }
        (self.resize(w, h), TARGET_DPI as u32)
    }

    /// The rectangle `[x0, x1) × [y0, y1)`, clamped to the image (None when empty).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Option<Gray> {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        if x0 >= x1 || y0 >= y1 {
            return None;
        }
        let px = (y0..y1)
            .flat_map(|y| &self.px[y * self.width + x0..y * self.width + x1])
            .copied()
            .collect();
        Some(Gray {
            width: x1 - x0,
            height: y1 - y0,
            px,
        })
    }

    /// A 3×3 median (speckle removal) followed by a global Otsu threshold: black ink on
    /// white, without the grey paper, blur halo and JPEG noise of a scan.
    pub fn cleaned(&self) -> Gray {
        let (w, h) = (self.width, self.height);
        let mut med = self.px.clone();
        for y in 1..h.saturating_sub(1) {
            for x in 1..w.saturating_sub(1) {
                let mut n = [0u8; 9];
                for (k, v) in n.iter_mut().enumerate() {
                    *v = self.px[(y + k / 3 - 1) * w + x + k % 3 - 1];
                }
                n.sort_unstable();
                med[y * w + x] = n[4];
            }
        }
        let t = otsu(&med);
        let px = med.iter().map(|&v| if v > t { 255 } else { 0 }).collect();
        Gray {
            width: w,
            height: h,
            px,
        }
    }

    /// Half the size (box filter): heading type twice the body's size reads better so.
    pub fn half(&self) -> Gray {
        self.resize((self.width / 2).max(1), (self.height / 2).max(1))
    }

    fn resize(&self, w: usize, h: usize) -> Gray {
        let (sw, sh) = (self.width as f32 / w as f32, self.height as f32 / h as f32);
        let mut px = vec![255u8; w * h];
        let at = |x: usize, y: usize| self.px[y * self.width + x] as f32;
        for y in 0..h {
            for x in 0..w {
                px[y * w + x] = if sw > 1.0 {
                    // box filter over the source pixels this one covers
                    let (x0, y0) = ((x as f32 * sw) as usize, (y as f32 * sh) as usize);
                    let x1 = (((x + 1) as f32 * sw) as usize).clamp(x0 + 1, self.width);
                    let y1 = (((y + 1) as f32 * sh) as usize).clamp(y0 + 1, self.height);
                    let mut sum = 0.0;
                    for yy in y0..y1 {
                        for xx in x0..x1 {
                            sum += at(xx, yy);
                        }
                    }
                    (sum / ((x1 - x0) * (y1 - y0)) as f32) as u8
                } else {
                    let fx = ((x as f32 + 0.5) * sw - 0.5).clamp(0.0, (self.width - 1) as f32);
                    let fy = ((y as f32 + 0.5) * sh - 0.5).clamp(0.0, (self.height - 1) as f32);
                    let (x0, y0) = (fx as usize, fy as usize);
                    let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
                    let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
                    let top = at(x0, y0) * (1.0 - ax) + at(x1, y0) * ax;
                    let bottom = at(x0, y1) * (1.0 - ax) + at(x1, y1) * ax;
                    (top * (1.0 - ay) + bottom * ay).round() as u8
                };
            }
        }
        Gray {
            width: w,
            height: h,
            px,
        }
    }
}

/// Otsu's threshold: the grey level that best splits the histogram into two classes.
fn otsu(px: &[u8]) -> u8 {
    let mut hist = [0f64; 256];
    for &v in px {
        hist[v as usize] += 1.0;
    }
    let total = px.len().max(1) as f64;
    let sum_all: f64 = hist.iter().enumerate().map(|(i, n)| i as f64 * n).sum();
    let (mut w0, mut sum0, mut best, mut t) = (0.0, 0.0, -1.0, 128u8);
    for (i, n) in hist.iter().enumerate() {
        w0 += n;
        sum0 += i as f64 * n;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let between = w0 * w1 * (sum0 / w0 - (sum_all - sum0) / w1).powi(2);
        if between > best {
            best = between;
            t = i as u8;
        }
    }
    t
}

fn name_of<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a [u8]> {
    match resolve(doc, o)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn resolve<'a>(doc: &'a Document, mut o: &'a Object) -> Option<&'a Object> {
    for _ in 0..16 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

fn int(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<i64> {
    match resolve(doc, d.get(key).ok()?)? {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    }
}

fn boolean(doc: &Document, d: Option<&Dictionary>, key: &[u8]) -> bool {
    d.and_then(|d| d.get(key).ok())
        .and_then(|o| resolve(doc, o))
        .is_some_and(|o| matches!(o, Object::Boolean(true)))
}

/// The filters of a stream, first applied first.
fn filters(doc: &Document, st: &Stream) -> Vec<Vec<u8>> {
    match st.dict.get(b"Filter").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| name_of(doc, o).map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// Components per pixel of a colour space we can turn into grey, with an optional palette
/// (Indexed: base components and the lookup table).
enum Colour {
    Components(usize),
    Indexed(usize, Vec<u8>),
}

fn colour(doc: &Document, o: Option<&Object>) -> Option<Colour> {
    let o = resolve(doc, o?)?;
    match o {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(Colour::Components(1)),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(Colour::Components(3)),
            b"DeviceCMYK" | b"CMYK" => Some(Colour::Components(4)),
            _ => None,
        },
        Object::Array(a) => match name_of(doc, a.first()?)? {
            b"ICCBased" => {
                let Object::Stream(s) = resolve(doc, a.get(1)?)? else {
                    return None;
                };
                Some(Colour::Components(int(doc, &s.dict, b"N")? as usize))
            }
            b"CalGray" => Some(Colour::Components(1)),
            b"CalRGB" => Some(Colour::Components(3)),
            b"Indexed" | b"I" => {
                let Colour::Components(base) = colour(doc, a.get(1))? else {
                    return None;
                };
                let table = match resolve(doc, a.get(3)?)? {
                    Object::String(s, _) => s.clone(),
                    Object::Stream(s) => s.decompressed_content().ok()?,
                    _ => return None,
                };
                Some(Colour::Indexed(base, table))
            }
            _ => None,
        },
        _ => None,
    }
}

fn luma(c: &[u8]) -> u8 {
    match c.len() {
        3 => ((c[0] as u32 * 299 + c[1] as u32 * 587 + c[2] as u32 * 114) / 1000) as u8,
        4 => {
            let k = c[3] as u32;
            let g = (c[0] as u32 * 299 + c[1] as u32 * 587 + c[2] as u32 * 114) / 1000;
            255u32.saturating_sub((g + k).min(255)) as u8
        }
        _ => c.first().copied().unwrap_or(255),
    }
}

/// Decodes an image XObject to grey; `Err` says why it cannot be (then rasterise instead).
pub fn decode(doc: &Document, st: &Stream) -> Result<Gray, String> {
    let d = &st.dict;
    let width = int(doc, d, b"Width").filter(|&w| w > 0).ok_or("no width")? as usize;
    let height = int(doc, d, b"Height")
        .filter(|&h| h > 0)
        .ok_or("no height")? as usize;
    let n = width
        .checked_mul(height)
        .filter(|&n| n <= MAX_PIXELS)
        .ok_or("image too large")?;
    let fs = filters(doc, st);
    let parms = match d.get(b"DecodeParms").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Dictionary(p)) => Some(p),
        Some(Object::Array(a)) => a
            .last()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| match o {
                Object::Dictionary(p) => Some(p),
                _ => None,
            }),
        _ => None,
    };
    let inverted = matches!(
        d.get(b"Decode").ok().and_then(|o| resolve(doc, o)),
        Some(Object::Array(a)) if a.first().and_then(|o| resolve(doc, o)).is_some_and(|o| matches!(o, Object::Integer(1)) || matches!(o, Object::Real(r) if *r > 0.5))
    );
    let image_mask = boolean(doc, Some(d), b"ImageMask");
    let last = fs.last().map(Vec::as_slice);
    let mut img = match last {
        Some(b"DCTDecode" | b"DCT") if fs.len() == 1 => jpeg(&st.content, width, height)?,
        Some(b"CCITTFaxDecode" | b"CCF") if fs.len() == 1 => {
            let mut g = ccitt(&st.content, width, height, parms.map(|p| (doc, p)))?;
            if boolean(doc, parms, b"BlackIs1") {
                invert(&mut g);
            }
            g
        }
        Some(b"JBIG2Decode") => return Err("JBIG2 image".into()),
        Some(b"JPXDecode") => return Err("JPEG 2000 image".into()),
        _ => {
            let data = if fs.is_empty() {
                st.content.clone()
            } else {
                st.decompressed_content()
                    .map_err(|e| format!("undecodable image stream: {e}"))?
            };
            let bits = if image_mask {
                1
            } else {
                int(doc, d, b"BitsPerComponent").unwrap_or(8)
            };
            let cs = if image_mask {
                Colour::Components(1)
            } else {
                colour(doc, d.get(b"ColorSpace").ok()).ok_or("unsupported colour space")?
            };
            raw(&data, width, height, bits as usize, &cs)?
        }
    };
    // Decode [1 0]: samples read the other way round (for masks: 1 paints)
    if inverted {
        invert(&mut img);
    }
    debug_assert_eq!(img.px.len(), n);
    Ok(img)
}

fn invert(g: &mut Gray) {
    g.px.iter_mut().for_each(|p| *p = 255 - *p);
}

fn jpeg(data: &[u8], width: usize, height: usize) -> Result<Gray, String> {
    use zune_jpeg::zune_core::{
        bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions,
    };
    let opts = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(width.max(1))
        .set_max_height(height.max(1));
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), opts);
    let px = dec.decode().map_err(|e| format!("JPEG: {e:?}"))?;
    let (w, h) = dec.dimensions().ok_or("JPEG without size")?;
    if px.len() != w * h {
        return Err("JPEG decoded to an unexpected size".into());
    }
    Ok(Gray {
        width: w,
        height: h,
        px,
    })
}

fn ccitt(
    data: &[u8],
    width: usize,
    height: usize,
    parms: Option<(&Document, &Dictionary)>,
) -> Result<Gray, String> {
    let get = |k: &[u8]| parms.and_then(|(doc, p)| int(doc, p, k));
    let k = get(b"K").unwrap_or(0);
    let columns = get(b"Columns").unwrap_or(1728).clamp(1, u16::MAX as i64) as usize;
    if columns != width {
        return Err("CCITT columns differ from the image width".into());
    }
    let mut px = Vec::with_capacity(width * height);
    let mut push = |line: &[u16]| {
        if px.len() < width * height {
            px.extend(fax::decoder::pels(line, columns as u16).map(|c| match c {
                fax::Color::Black => 0u8,
                fax::Color::White => 255,
            }));
        }
    };
    let rows = u16::try_from(height).map_err(|_| "CCITT image too tall")?;
    let ok = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), columns as u16, Some(rows), &mut push)
    } else if k == 0 {
        fax::decoder::decode_g3(data.iter().copied(), &mut push)
    } else {
        return Err("mixed 2-D CCITT (K > 0)".into());
    };
    if ok.is_none() && px.is_empty() {
        return Err("undecodable CCITT data".into());
    }
    px.resize(width * height, 255);
    Ok(Gray { width, height, px })
}

/// Uncompressed samples (after Flate/LZW) of 1 or 8 bits per component to grey.
fn raw(data: &[u8], width: usize, height: usize, bits: usize, cs: &Colour) -> Result<Gray, String> {
    let comps = match cs {
        Colour::Components(c) => *c,
        Colour::Indexed(..) => 1,
    };
    if !matches!(bits, 1 | 8) || !matches!(comps, 1 | 3 | 4) {
        return Err(format!("{bits}-bit samples with {comps} components"));
    }
    let row = (width * comps * bits).div_ceil(8);
    if data.len() < row * height {
        return Err("image data shorter than its size".into());
    }
    let mut px = Vec::with_capacity(width * height);
    for y in 0..height {
        let r = &data[y * row..(y + 1) * row];
        for x in 0..width {
            let v = if bits == 1 {
                if r[x / 8] >> (7 - x % 8) & 1 == 1 {
                    255
                } else {
                    0
                }
            } else {
                match cs {
                    Colour::Components(c) => luma(&r[x * c..x * c + c]),
                    Colour::Indexed(base, table) => {
                        let i = r[x] as usize * base;
                        table.get(i..i + base).map_or(255, luma)
                    }
                }
            };
            px.push(v);
        }
    }
    Ok(Gray { width, height, px })
}

/// Rasterises page `page` (1-based) with `pdftoppm -gray` at 300 dpi.
pub fn rasterise(pdf: &[u8], page: u32) -> Result<Gray, String> {
    let p = page.to_string();
    let mut child = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-f", &p, "-l", &p, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("the page is not one image and pdftoppm (package poppler-utils) could not be run to rasterise it: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let bytes = pdf.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let mut out = Vec::new();
    let read = child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut out);
    let status = child.wait().map_err(|e| format!("pdftoppm: {e}"))?;
    let _ = writer.join();
    read.map_err(|e| format!("pdftoppm: {e}"))?;
    if !status.success() {
        return Err(format!("pdftoppm could not rasterise the page ({status})"));
    }
    Gray::from_pgm(&out).ok_or_else(|| "pdftoppm gave no image".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgm_round_trips() {
        let g = Gray {
            width: 3,
            height: 2,
            px: vec![0, 10, 20, 30, 40, 255],
        };
        assert_eq!(Gray::from_pgm(&g.to_pgm()), Some(g));
        assert_eq!(Gray::from_pgm(b"P5\n3 2\n255\n\x00"), None);
        assert_eq!(Gray::from_pgm(b"P6\n1 1\n255\n\x00\x00\x00"), None);
    }

    #[test]
    fn low_resolution_is_scaled_to_300_dpi() {
        let g = Gray {
            width: 100,
            height: 50,
            px: vec![128; 5000],
        };
        let (s, dpi) = g.clone().scaled_for_ocr(150.0);
        assert_eq!((s.width, s.height, dpi), (200, 100, 300));
        assert!(s.px.iter().all(|&p| p == 128));
        let (s, dpi) = g.clone().scaled_for_ocr(600.0);
        assert_eq!((s.width, s.height, dpi), (50, 25, 300));
        let (s, dpi) = g.scaled_for_ocr(300.0);
        assert_eq!((s.width, dpi), (100, 300));
    }

    #[test]
    fn crops_and_cleans_a_speckled_line() {
        // grey paper (200), a black bar, one white speckle in it and one black on paper
        let (w, h) = (20, 10);
        let mut px = vec![200u8; w * h];
        for y in 3..7 {
            for x in 4..16 {
                px[y * w + x] = 30;
            }
        }
        px[4 * w + 8] = 220;
        px[w + 1] = 0;
        let g = Gray {
            width: w,
            height: h,
            px,
        };
        let c = g.cleaned();
        assert_eq!(c.px[4 * w + 8], 0, "speckle in the ink is filled");
        assert_eq!(c.px[w + 1], 255, "speckle on the paper is removed");
        assert!(c.px.iter().all(|&v| v == 0 || v == 255));
        let k = g.crop(2, 2, 100, 8).unwrap();
        assert_eq!((k.width, k.height), (18, 6));
        assert_eq!(k.px[0], 200);
        assert!(g.crop(30, 0, 40, 5).is_none());
    }

    #[test]
    fn one_bit_and_indexed_samples_become_grey() {
        let g = raw(&[0b1010_0000], 3, 1, 1, &Colour::Components(1)).unwrap();
        assert_eq!(g.px, vec![255, 0, 255]);
        let g = raw(
            &[1, 0],
            2,
            1,
            8,
            &Colour::Indexed(3, vec![0, 0, 0, 255, 255, 255]),
        )
        .unwrap();
        assert_eq!(g.px, vec![255, 0]);
        let g = raw(&[255, 0, 0], 1, 1, 8, &Colour::Components(3)).unwrap();
        assert_eq!(g.px, vec![76]);
        assert!(raw(&[0], 2, 2, 8, &Colour::Components(1)).is_err());
        assert!(raw(&[0; 8], 2, 2, 4, &Colour::Components(1)).is_err());
    }

    /// The scanned image of a fixture, as its PDF stores it.
    fn fixture_image(name: &str) -> (Document, lopdf::ObjectId) {
        let path = format!("{}/fixtures/scan/{name}", env!("CARGO_MANIFEST_DIR"));
        let doc = Document::load_mem(&std::fs::read(path).unwrap()).unwrap();
        let id = doc
            .objects
            .iter()
            .find(|(_, o)| matches!(o, Object::Stream(s) if s.dict.has(b"Width")))
            .map(|(id, _)| *id)
            .unwrap();
        (doc, id)
    }

    #[test]
    fn scanned_images_decode_and_damaged_ones_never_panic() {
        for (name, width) in [("single-p47-g4.pdf", 2481), ("noise.pdf", 1240)] {
            let (mut doc, id) = fixture_image(name);
            let Ok(Object::Stream(st)) = doc.get_object(id) else {
                panic!()
            };
            let g = decode(&doc, st).unwrap();
            assert_eq!(g.width, width);
            // mostly white paper
            let light = g.px.iter().filter(|&&p| p > 128).count();
            assert!(
                light * 10 > g.px.len() * 8,
                "{name}: {light} of {}",
                g.px.len()
            );
            let original = st.content.clone();
            let mut seed = 14u64;
            for round in 0..6 {
                let mut data = original.clone();
                for _ in 0..1 + round % 8 {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let i = (seed >> 33) as usize % data.len();
                    data[i] = (seed >> 20) as u8;
                }
                if round % 3 == 2 {
                    data.truncate(data.len() / 2);
                }
                if let Ok(Object::Stream(st)) = doc.get_object_mut(id) {
                    st.content = data;
                }
                let Ok(Object::Stream(st)) = doc.get_object(id) else {
                    panic!()
                };
                if let Ok(g) = decode(&doc, st) {
                    assert_eq!(g.px.len(), g.width * g.height);
                }
            }
        }
    }
}
