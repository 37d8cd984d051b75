//! Annotation appearances: the text of form fields (widgets), free-text notes and stamps is
//! drawn by their `/AP /N` appearance streams, not the page content, so a filled-in form has
//! no text without them (pdftotext shows it). Each appearance is a form whose box is mapped
//! onto the annotation's `/Rect`; hidden ones and pop-ups are skipped.

use lopdf::{Dictionary, Object};

use super::{IDENTITY, Interp, M, mul, six_numbers};
use crate::extract::pdf::objects::{get, get_dict, get_name, get_num, num, resolve};

/// Annotations looked at per page.
const MAX_ANNOTS: usize = 2000;

pub(super) fn draw(it: &mut Interp, page: &Dictionary) {
    let doc = it.doc;
    let Some(Object::Array(annots)) = get(doc, page, b"Annots") else {
        return;
    };
    for a in annots.iter().take(MAX_ANNOTS) {
        let Some(Object::Dictionary(a)) = resolve(doc, a) else {
            continue;
        };
        let flags = get_num(doc, a, b"F").unwrap_or(0.0) as u32;
        // Hidden (2) or not viewed (32).
        if flags & (2 | 32) != 0 {
            continue;
        }
        if matches!(
            get_name(doc, a, b"Subtype"),
            Some(b"Popup" | b"Link") | None
        ) {
            continue;
        }
        let Some(ap) = get_dict(doc, a, b"AP") else {
            continue;
        };
        // The normal appearance: a stream, or one per state (`/AS` names the one shown).
        let id = match ap.get(b"N") {
            Ok(Object::Reference(id)) => match doc.get_object(*id) {
                Ok(Object::Stream(_)) => Some(*id),
                Ok(Object::Dictionary(states)) => state(states, a, doc),
                _ => None,
            },
            Ok(Object::Dictionary(states)) => state(states, a, doc),
            _ => None,
        };
        let (Some(id), Some(rect)) = (id, rect(doc, a)) else {
            continue;
        };
        let Ok(Object::Stream(st)) = doc.get_object(id) else {
            continue;
        };
        let matrix = six_numbers(doc, &st.dict, b"Matrix").unwrap_or(IDENTITY);
        let bbox = match get(doc, &st.dict, b"BBox") {
            Some(Object::Array(b)) if b.len() == 4 => {
                let v: Vec<f32> = b
                    .iter()
                    .filter_map(|o| resolve(doc, o).and_then(num))
                    .collect();
                (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
            }
            _ => None,
        };
        let Some(bbox) = bbox else { continue };
        // The form box transformed by its matrix, then fitted onto the rectangle.
        let t = |x: f32, y: f32| {
            (
                x * matrix[0] + y * matrix[2] + matrix[4],
                x * matrix[1] + y * matrix[3] + matrix[5],
            )
        };
        let corners = [
            t(bbox[0], bbox[1]),
            t(bbox[2], bbox[1]),
            t(bbox[0], bbox[3]),
            t(bbox[2], bbox[3]),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (x, y) in corners {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if !(x1 - x0 > 1e-3 && y1 - y0 > 1e-3) {
            continue;
        }
        let sx = (rect[2] - rect[0]) / (x1 - x0);
        let sy = (rect[3] - rect[1]) / (y1 - y0);
        let fit: M = [sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy];
        let place = mul(&fit, &IDENTITY);
        it.draw_form(id, Some(place), None);
    }
}

fn state(
    states: &Dictionary,
    annot: &Dictionary,
    doc: &lopdf::Document,
) -> Option<lopdf::ObjectId> {
    let on = get_name(doc, annot, b"AS")?;
    match states.get(on).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

fn rect(doc: &lopdf::Document, a: &Dictionary) -> Option<[f32; 4]> {
    let Some(Object::Array(r)) = get(doc, a, b"Rect") else {
        return None;
    };
    let v: Vec<f32> = r
        .iter()
        .filter_map(|o| resolve(doc, o).and_then(num))
        .collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}
