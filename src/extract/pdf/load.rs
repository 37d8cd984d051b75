//! Opening a PDF: header check, lopdf load (with its xref reconstruction for damaged files),
//! the empty-user-password case of encryption, and the list of pages — from the page tree,
//! or by scanning for page objects when a truncated file lost the tree.

use std::collections::HashSet;

use lopdf::{Document, LoadOptions, Object, ObjectId};

use super::super::ExtractError;
use super::objects::{MAX_STREAM, get, get_name, get_num};

pub fn has_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

pub fn open(bytes: &[u8]) -> Result<Document, ExtractError> {
    let opts = |pw: Option<&str>| LoadOptions {
        password: pw.map(str::to_owned),
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let declares_encrypt = bytes.windows(8).any(|w| w == b"/Encrypt");
    let first = Document::load_mem_with_options(bytes, opts(None));
    let doc = match first {
        Ok(d) if !d.is_encrypted() => d,
        Ok(_) | Err(lopdf::Error::InvalidPassword) | Err(lopdf::Error::Decryption(_)) => {
            // Copy-protected files have an empty user password: read them normally.
            match Document::load_mem_with_options(bytes, opts(Some(""))) {
                Ok(d) if !d.is_encrypted() => d,
                _ => return Err(ExtractError::Encrypted),
            }
        }
        Err(e) if declares_encrypt => {
            return match Document::load_mem_with_options(bytes, opts(Some(""))) {
                Ok(d) if !d.is_encrypted() => Ok(d),
                _ => Err(match e {
                    lopdf::Error::Parse(_) | lopdf::Error::IO(_) => {
                        ExtractError::Damaged(format!("cannot parse: {e}"))
                    }
                    _ => ExtractError::Encrypted,
                }),
            };
        }
        Err(e) => {
            return repair(bytes, &opts(None)).ok_or_else(|| {
                ExtractError::Damaged(format!(
                    "cannot parse ({e}); no page objects could be recovered (truncated file?)"
                ))
            });
        }
    };
    Ok(doc)
}

/// A truncated file loses its trailer and often its catalog (written last). lopdf can
/// rebuild the cross-reference table by scanning for objects, but needs a trailer naming a
/// root: append a catalog pointing at the surviving page tree, and a trailer.
fn repair(bytes: &[u8], opts: &LoadOptions) -> Option<Document> {
    use regex::bytes::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    let [obj, catalog_re, pages_re, parent_re, page_re] = RE.get_or_init(|| {
        let r = |p: &str| Regex::new(p).unwrap_or_else(|_| unreachable!("static regex"));
        [
            r(r"(?-u)(\d{1,9})\s+\d{1,5}\s+obj\b"),
            r(r"(?-u)/Type\s*/Catalog\b"),
            r(r"(?-u)/Type\s*/Pages\b"),
            r(r"(?-u)/Parent\b"),
            r(r"(?-u)/Type\s*/Page\b"),
        ]
    });
    let (mut max, mut catalog, mut pages) = (0u32, None, None);
    let mut page_objs = Vec::new();
    for c in obj.captures_iter(bytes) {
        let Some(num) = c
            .get(1)
            .and_then(|m| std::str::from_utf8(m.as_bytes()).ok()?.parse::<u32>().ok())
        else {
            continue;
        };
        max = max.max(num);
        let end = c.get(0).map_or(0, |m| m.end());
        let tail = &bytes[end..bytes.len().min(end + 65_536)];
        let head = tail
            .windows(6)
            .position(|w| w == b"endobj" || w == b"stream")
            .map_or(tail, |p| &tail[..p]);
        if catalog.is_none() && catalog_re.is_match(head) {
            catalog = Some(num);
        }
        if pages.is_none() && pages_re.is_match(head) && !parent_re.is_match(head) {
            pages = Some(num);
        }
        if page_re.is_match(head) && page_objs.len() < 100_000 {
            page_objs.push(num);
        }
    }
    // Drop the cut-off last object: an unterminated stream would swallow what we append.
    let complete = bytes
        .windows(6)
        .rposition(|w| w == b"endobj")
        .map_or(bytes.len(), |p| p + 6);
    let mut fixed = bytes[..complete].to_vec();
    let root = match catalog {
        Some(c) => c,
        None => {
            let pages = match pages {
                Some(p) => p,
                None if !page_objs.is_empty() => {
                    // The page tree went too: a new one holding the surviving pages in
                    // file order.
                    max = max.checked_add(1)?;
                    let kids: String = page_objs.iter().map(|p| format!("{p} 0 R ")).collect();
                    fixed.extend_from_slice(
                        format!(
                            "\n{max} 0 obj\n<</Type/Pages/Count {}/Kids[{kids}]>>\nendobj\n",
                            page_objs.len()
                        )
                        .as_bytes(),
                    );
                    max
                }
                None => return None,
            };
            max = max.checked_add(1)?;
            fixed.extend_from_slice(
                format!("\n{max} 0 obj\n<</Type/Catalog/Pages {pages} 0 R>>\nendobj\n").as_bytes(),
            );
            max
        }
    };
    fixed.extend_from_slice(
        format!(
            "\ntrailer\n<</Root {root} 0 R/Size {}>>\nstartxref\n0\n%%EOF\n",
            max.saturating_add(1)
        )
        .as_bytes(),
    );
    let opts = LoadOptions {
        force_reconstruct: true,
        ..opts.clone()
    };
    Document::load_mem_with_options(&fixed, opts).ok()
}

/// Pages in order (`None` for a page the tree names but the file lost), and the page count
/// the document claims.
pub fn pages(doc: &Document) -> (Vec<Option<ObjectId>>, Option<u32>) {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok());
    let mut out = Vec::new();
    let mut claimed = None;
    if let Some(root) = root {
        if let Ok(d) = doc.get_dictionary(root) {
            claimed = get_num(doc, d, b"Count").map(|c| c.clamp(0.0, 1e6) as u32);
        }
        let mut seen = HashSet::new();
        walk(doc, root, 0, &mut seen, &mut out);
    }
    if out.iter().all(Option::is_none) {
        // Page tree lost (truncated file): take page objects in object-number order.
        out = doc
            .objects
            .iter()
            .filter(|(_, o)| {
                matches!(o, Object::Dictionary(d) if get_name(doc, d, b"Type") == Some(b"Page"))
            })
            .map(|(id, _)| Some(*id))
            .collect();
    }
    (out, claimed)
}

fn walk(
    doc: &Document,
    id: ObjectId,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<Option<ObjectId>>,
) {
    if depth > 64 || !seen.insert(id) || out.len() > 100_000 {
        return;
    }
    let Ok(node) = doc.get_dictionary(id) else {
        // A kid that is gone: most likely a page (intermediate nodes are few).
        out.push(None);
        return;
    };
    match get(doc, node, b"Kids") {
        Some(Object::Array(kids)) => {
            for k in kids {
                if let Ok(kid) = k.as_reference() {
                    walk(doc, kid, depth + 1, seen, out);
                }
            }
        }
        _ => {
            if get_name(doc, node, b"Type") != Some(b"Pages") {
                out.push(Some(id));
            }
        }
    }
}
