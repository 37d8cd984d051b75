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
        Err(e) => return Err(ExtractError::Damaged(format!("cannot parse: {e}"))),
    };
    Ok(doc)
}

/// Pages in order, and the page count the document claims (for naming lost pages).
pub fn pages(doc: &Document) -> (Vec<ObjectId>, Option<u32>) {
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
    if out.is_empty() {
        // Page tree lost (truncated file): take page objects in object-number order.
        out = doc
            .objects
            .iter()
            .filter(|(_, o)| matches!(o, Object::Dictionary(d) if get_name(doc, d, b"Type") == Some(b"Page")))
            .map(|(id, _)| *id)
            .collect();
    }
    (out, claimed)
}

fn walk(
    doc: &Document,
    id: ObjectId,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<ObjectId>,
) {
    if depth > 64 || !seen.insert(id) || out.len() > 100_000 {
        return;
    }
    let Ok(node) = doc.get_dictionary(id) else {
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
                out.push(id);
            }
        }
    }
}
