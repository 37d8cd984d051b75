//! Opening a PDF: header check, lopdf load (with its xref reconstruction for damaged files),
//! the empty-user-password case of encryption, the repairs poppler makes to streams (no or
//! unresolvable `/Length`, indirect or abbreviated `/Filter`, an empty filter array), and the
//! list of pages — from the page tree, or by scanning for page objects when a truncated file
//! lost the tree.

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
        // Asked only of a file lopdf could not read: the scan covers the whole file.
        Err(e) if declares_encrypt(bytes) => {
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
        Err(e) => repair(bytes, &opts(None)).ok_or_else(|| {
            ExtractError::Damaged(format!(
                "cannot parse ({e}); no page objects could be recovered (truncated file?)"
            ))
        })?,
    };
    let mut doc = doc;
    fix_streams(&mut doc, bytes);
    Ok(doc)
}

/// Does the file name an `/Encrypt` dictionary anywhere (a damaged encrypted file)?
fn declares_encrypt(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"/Encrypt").is_some()
}

/// The long filter name of an abbreviation (the inline-image names, which poppler accepts on
/// streams too).
fn long_filter(n: &[u8]) -> &[u8] {
    match n {
        b"AHx" => b"ASCIIHexDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        b"Fl" => b"FlateDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        _ => n,
    }
}

/// A stream to repair: new `/Filter` (`Null` = remove), resolved `/DecodeParms`, content.
type StreamFix = (ObjectId, Option<Object>, Option<Object>, Option<Vec<u8>>);

/// Stream repairs, once per document: a stream whose `/Length` is missing or points nowhere
/// gets its bytes up to `endstream`; `/Filter` and `/DecodeParms` given by reference are
/// resolved, abbreviated filter names written out, and an empty filter array removed (lopdf
/// would decode it to nothing).
fn fix_streams(doc: &mut Document, bytes: &[u8]) {
    use lopdf::Dictionary;
    let mut fixes: Vec<StreamFix> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Object::Stream(s) = obj else { continue };
        let filter = s.dict.get(b"Filter").ok();
        let names: Option<Vec<Object>> = match filter.and_then(|f| super::objects::resolve(doc, f))
        {
            Some(Object::Name(n)) => Some(vec![Object::Name(long_filter(n).to_vec())]),
            Some(Object::Array(a)) => Some(
                a.iter()
                    .filter_map(|o| match super::objects::resolve(doc, o) {
                        Some(Object::Name(n)) => Some(Object::Name(long_filter(n).to_vec())),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        };
        let new_filter = match (filter, names) {
            (Some(_), Some(n)) if n.is_empty() => Some(Object::Null),
            (Some(f), Some(n)) => {
                let same = match f {
                    Object::Name(_) => n.len() == 1 && Some(&n[0]) == Some(f),
                    Object::Array(a) => *a == n,
                    _ => false,
                };
                (!same).then(|| {
                    if n.len() == 1 {
                        n[0].clone()
                    } else {
                        Object::Array(n)
                    }
                })
            }
            (Some(_), None) => Some(Object::Null),
            _ => None,
        };
        let parms = match s.dict.get(b"DecodeParms") {
            Ok(r @ Object::Reference(_)) => super::objects::resolve(doc, r).cloned(),
            _ => None,
        };
        let content = match s.start_position {
            Some(start) if s.content.is_empty() && start < bytes.len() => {
                let rest = &bytes[start..];
                let end = memchr::memmem::find(rest, b"endstream").unwrap_or(rest.len());
                let mut data = &rest[..end];
                for eol in [&b"\r\n"[..], b"\n", b"\r"] {
                    if let Some(d) = data.strip_suffix(eol) {
                        data = d;
                        break;
                    }
                }
                Some(data.to_vec())
            }
            _ => None,
        };
        if new_filter.is_some() || parms.is_some() || content.is_some() {
            fixes.push((id, new_filter, parms, content));
        }
    }
    for (id, filter, parms, content) in fixes {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            let d: &mut Dictionary = &mut s.dict;
            match filter {
                Some(Object::Null) => {
                    d.remove(b"Filter");
                    d.remove(b"DecodeParms");
                }
                Some(f) => d.set("Filter", f),
                None => {}
            }
            if let Some(p) = parms {
                d.set("DecodeParms", p);
            }
            if let Some(c) = content {
                s.set_content(c);
            }
        }
    }
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
/// The /Contents streams drawn more than once (by several pages, or repeated in one page's
/// array): decoded once and shared.
pub fn shared_contents(doc: &Document, pages: &[Option<ObjectId>]) -> HashSet<ObjectId> {
    let mut seen = HashSet::new();
    let mut multi = HashSet::new();
    let mut note = |o: &Object| {
        if let Object::Reference(id) = o
            && !seen.insert(*id)
        {
            multi.insert(*id);
        }
    };
    for page in pages.iter().flatten() {
        let Some(c) = doc
            .get_dictionary(*page)
            .ok()
            .and_then(|d| d.get(b"Contents").ok())
        else {
            continue;
        };
        match super::objects::resolve(doc, c) {
            Some(Object::Array(parts)) => parts.iter().take(10_000).for_each(&mut note),
            _ => note(c),
        }
    }
    multi
}

/// Pages read of one file; a page tree with more is cut off there, with a warning.
pub const MAX_PAGES: usize = 100_000;

/// The pages in order (None for one that is gone), the page count the file declares, and
/// whether the tree had more than [`MAX_PAGES`].
pub fn pages(doc: &Document) -> (Vec<Option<ObjectId>>, Option<u32>, bool) {
    pages_up_to(doc, MAX_PAGES)
}

fn pages_up_to(doc: &Document, max: usize) -> (Vec<Option<ObjectId>>, Option<u32>, bool) {
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
        walk(doc, root, 0, max, &mut seen, &mut out);
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
    let capped = out.len() > max;
    out.truncate(max);
    (out, claimed, capped)
}

fn walk(
    doc: &Document,
    id: ObjectId,
    depth: usize,
    max: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<Option<ObjectId>>,
) {
    // One page past `max` tells that there were more.
    if depth > 64 || out.len() > max {
        return;
    }
    let Ok(node) = doc.get_dictionary(id) else {
        // A kid that is gone: most likely a page (intermediate nodes are few).
        out.push(None);
        return;
    };
    match get(doc, node, b"Kids") {
        // A node seen before is a loop; a page listed twice is shown twice (as poppler does).
        Some(Object::Array(_)) if !seen.insert(id) => {}
        Some(Object::Array(kids)) => {
            for k in kids {
                if let Ok(kid) = k.as_reference() {
                    walk(doc, kid, depth + 1, max, seen, out);
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

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn encrypt_is_found_anywhere_and_whole() {
        assert!(declares_encrypt(b"/Encrypt"));
        assert!(declares_encrypt(b"trailer<</Encrypt 5 0 R>>"));
        assert!(!declares_encrypt(b"/Encryp"));
        assert!(!declares_encrypt(b"/encrypt"));
        assert!(!declares_encrypt(b""));
    }

    #[test]
    fn a_page_tree_over_the_limit_is_cut_and_says_so() {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = (0..7)
            .map(|_| {
                doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id })
                    .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 7 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let (p, claimed, capped) = pages_up_to(&doc, 5);
        assert_eq!((p.len(), claimed, capped), (5, Some(7), true));
        let (p, _, capped) = pages_up_to(&doc, 7);
        assert_eq!((p.len(), capped), (7, false));
    }
}
