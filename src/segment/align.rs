//! Documents against the table of contents: each TOC entry gets one document, a numbered
//! document inside a 转发/批转/印发 wrapper stays in the wrapper, and entries without a 文号
//! are found by their title. Without a TOC, a wrapper still keeps the text it forwards.

use std::ops::Range;

use super::{MAX_TITLE_LINES, Segment, joined};
use crate::gongwen::doc_number::{codes_alike, is_decree_header, standalone_doc_number};
use crate::gongwen::title_key::{title_key, titles_match};
use crate::gongwen::toc::Toc;
use crate::model::DocNumberKind;

/// Each TOC entry gets one document: matched in order; a numbered document that
/// matches no entry is enclosed in the one before it (转发/批转); entries without a
/// number are looked up by title.
pub(super) fn align_with_toc(lines: &[&str], toc: &Toc, docs: &mut Vec<Segment>, ocr: bool) {
    let mut next_entry = 0;
    for d in docs.iter_mut() {
        let names = names_of(lines, d);
        let found = (next_entry..toc.entries.len().min(next_entry + 4))
            .find(|&e| names.iter().any(|n| titles_match(&toc.entries[e].title, n)));
        if let Some(e) = found {
            d.toc_entry = Some(e);
            next_entry = e + 1;
        }
    }
    // An unmatched numbered document right after a wrapper is the forwarded text —
    // unless the wrapper's own issuer numbered it: a 转发/印发 wrapper encloses another
    // organ's document, so the next number of the same code is the next document
    // whose TOC entry was not recognised (an OCR'd contents page).
    let mut merged: Vec<Segment> = Vec::with_capacity(docs.len());
    for d in docs.drain(..) {
        let enclosed = d.toc_entry.is_none()
            && merged.last().is_some_and(|p: &Segment| {
                let h = joined(lines, p.title_lines.clone());
                (h.contains("转发") || h.contains("批转") || h.contains("印发"))
                    && !same_issuer_series(lines, p, &d, ocr)
            });
        if !enclosed {
            merged.push(d);
        }
    }
    if ocr {
        pair_by_order(&mut merged, toc.entries.len());
    }
    // Entries without a numbered document: find their heading by title.
    let matched: Vec<Option<usize>> = (0..toc.entries.len())
        .map(|e| merged.iter().position(|d| d.toc_entry == Some(e)))
        .collect();
    for (e, m) in matched.iter().enumerate() {
        if m.is_some() {
            continue;
        }
        let lo = merged
            .iter()
            .filter(|d| d.toc_entry.is_some_and(|x| x < e))
            .map(|d| d.title_lines.end)
            .max()
            .unwrap_or(toc.end);
        let hi = merged
            .iter()
            .filter(|d| d.toc_entry.is_some_and(|x| x > e))
            .map(|d| d.span.start)
            .min()
            .unwrap_or(lines.len());
        if let Some(r) = find_title(lines, lo..hi, &toc.entries[e].title) {
            merged.push(Segment {
                span: r.start..r.end,
                title_lines: r,
                number_line: None,
                toc_entry: Some(e),
            });
        }
    }
    *docs = merged;
}

/// OCR'd contents misread titles (`重点任务工作的通知` as `下点任实亚作的前`), so some
/// documents match no entry by title. Between two matched documents, unmatched documents
/// take the unmatched entries between those two entries when there are as many of each, in
/// order: the contents list the documents in print order.
fn pair_by_order(docs: &mut [Segment], entries: usize) {
    let mut k = 0;
    while k < docs.len() {
        if docs[k].toc_entry.is_some() {
            k += 1;
            continue;
        }
        let end = k + docs[k..]
            .iter()
            .take_while(|d| d.toc_entry.is_none())
            .count();
        let lo = docs[..k]
            .iter()
            .rev()
            .find_map(|d| d.toc_entry)
            .map_or(0, |e| e + 1);
        let hi = docs[end..]
            .iter()
            .find_map(|d| d.toc_entry)
            .unwrap_or(entries);
        let free: Vec<usize> = (lo..hi)
            .filter(|e| !docs.iter().any(|d| d.toc_entry == Some(*e)))
            .collect();
        if free.len() == end - k {
            for (d, e) in docs[k..end].iter_mut().zip(free) {
                d.toc_entry = Some(e);
            }
        }
        k = end;
    }
}

/// Both documents carry a standard 文号 of the same code (in OCR'd text also of codes one
/// character apart, as OCR reads 吕政办发 as 虽政办发: `codes_alike`) and different serials.
fn same_issuer_series(lines: &[&str], a: &Segment, b: &Segment, ocr: bool) -> bool {
    let number = |s: &Segment| s.number_line.and_then(|n| standalone_doc_number(lines[n]));
    let (Some(x), Some(y)) = (number(a), number(b)) else {
        return false;
    };
    x.kind == DocNumberKind::Standard
        && y.kind == DocNumberKind::Standard
        && (x.year, x.serial) != (y.year, y.serial)
        && (x.code == y.code || ocr && codes_alike(&x.code, &y.code))
}

/// What a TOC may call a document: its heading; for a decree also the title of the
/// rule it promulgates (`《…办法》已经…通过，现予公布`), which TOCs usually list.
fn names_of(lines: &[&str], d: &Segment) -> Vec<String> {
    let mut names = vec![joined(lines, d.title_lines.clone())];
    let Some(num) = d.number_line else {
        return names;
    };
    if d.title_lines.end != num || !is_decree_header(lines[d.title_lines.start]) {
        return names;
    }
    for line in lines.iter().skip(num + 1).take(3) {
        if let (Some(a), Some(b)) = (line.find('《'), line.find('》'))
            && a < b
        {
            names.push(line[a + '《'.len_utf8()..b].to_string());
        }
    }
    names
}

fn find_title(lines: &[&str], within: Range<usize>, title: &str) -> Option<Range<usize>> {
    let want = title_key(title);
    if want.chars().count() < 4 {
        return None;
    }
    for k in within.clone() {
        let first = title_key(lines[k]);
        // One line, possibly with the issuer before the TOC's wording.
        if first == want
            || first.ends_with(&want) && first.chars().count() - want.chars().count() <= 20
        {
            return Some(k..k + 1);
        }
        // A heading wrapped over several lines.
        let mut key = first;
        for len in 2..=MAX_TITLE_LINES.min(within.end - k) {
            if key.is_empty() || !want.starts_with(&key) {
                break;
            }
            key.push_str(&title_key(lines[k + len - 1]));
            if key == want {
                return Some(k..k + len);
            }
        }
    }
    None
}

/// Without a TOC: a numbered document whose heading is the title enclosed by the
/// 转发/批转 wrapper before it is part of that wrapper.
pub(super) fn merge_enclosed_without_toc(lines: &[&str], docs: &mut Vec<Segment>) {
    let mut merged: Vec<Segment> = Vec::with_capacity(docs.len());
    for d in docs.drain(..) {
        if let Some(prev) = merged.last() {
            let wrapper = joined(lines, prev.title_lines.clone());
            let heading = title_key(&joined(lines, d.title_lines.clone()));
            if (wrapper.contains("转发") || wrapper.contains("批转"))
                && heading.chars().count() >= 6
                && title_key(&wrapper).contains(heading.trim_end_matches("的通知"))
            {
                continue;
            }
        }
        merged.push(d);
    }
    *docs = merged;
}
