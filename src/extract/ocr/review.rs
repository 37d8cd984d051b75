//! After parsing, what OCR means for the issue: each OCR'd page's confidence in
//! `source.ocr`, a warning on every document whose pages read with low confidence, and a
//! warning on a 文号 whose code differs by one character from the code of other documents
//! in the issue (吕政发 read as 昌政发) — reported, never silently "corrected".

use std::collections::BTreeMap;

use super::LOW_CONFIDENCE;
use crate::extract::Extracted;
use crate::model::{DocNumberKind, Document, OcrPage, OcrSummary, Warning};

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// The OCR summary of `ex` (None when no page was OCR'd), with the document warnings added.
pub fn review(ex: &Extracted, docs: &mut [Document]) -> Option<OcrSummary> {
    let pages: Vec<OcrPage> = ex
        .pages
        .iter()
        .filter_map(|p| {
            p.ocr_confidence.map(|c| OcrPage {
                page: p.number,
                confidence: round1(c),
            })
        })
        .collect();
    if pages.is_empty() {
        return None;
    }
    for d in docs.iter_mut() {
        let Some(span) = &d.pages else { continue };
        let on: Vec<f32> = pages
            .iter()
            .filter(|p| (span.start..=span.end).contains(&p.page))
            .map(|p| p.confidence)
            .collect();
        if on.is_empty() {
            continue;
        }
        let mean = on.iter().sum::<f32>() / on.len() as f32;
        if mean < LOW_CONFIDENCE {
            let mut w = Warning::new(
                "ocr-low-confidence",
                format!(
                    "mean OCR confidence {mean:.0} on pages {}–{} is below {LOW_CONFIDENCE:.0}: check this document's fields",
                    span.start, span.end
                ),
            );
            w.page = Some(span.start);
            d.warnings.push(w);
        }
    }
    let codes: Vec<String> = docs
        .iter()
        .filter_map(|d| d.doc_number.as_ref())
        .filter(|n| n.kind == DocNumberKind::Standard)
        .map(|n| n.code.clone())
        .collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    for (suspect, like) in flag_codes(&codes) {
        for d in docs.iter_mut() {
            if d.doc_number.as_ref().is_some_and(|n| n.code == suspect) {
                let mut w = Warning::new(
                    "ocr-suspect-doc-number",
                    format!(
                        "文号 code {suspect} differs by one character from {like}, used by other documents of this issue: probably misread by OCR; check it"
                    ),
                );
                w.page = d.pages.as_ref().map(|p| p.start);
                d.warnings.push(w);
            }
        }
    }
    let mean = pages.iter().map(|p| p.confidence).sum::<f32>() / pages.len() as f32;
    Some(OcrSummary {
        mean_confidence: round1(mean),
        pages,
    })
}

/// Codes of the 文号 in one issue that differ from another code there by one character
/// (same length, not the last character, which tells 发/函/办 apart): probably misread.
/// Returns (suspect, the code it resembles) pairs, each suspect once.
fn flag_codes(codes: &[&str]) -> Vec<(String, String)> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in codes {
        *count.entry(c).or_default() += 1;
    }
    let mut out = Vec::new();
    for (&a, &na) in &count {
        let ac: Vec<char> = a.chars().collect();
        for (&b, &nb) in &count {
            let bc: Vec<char> = b.chars().collect();
            if a == b || ac.len() != bc.len() || ac.len() < 2 || nb < na.max(1) {
                continue;
            }
            let diff: Vec<usize> = (0..ac.len()).filter(|&i| ac[i] != bc[i]).collect();
            // the rarer code is the suspect; equal counts: both are named (a, b and b, a)
            if diff.len() == 1 && diff[0] + 1 != ac.len() {
                out.push((a.to_string(), b.to_string()));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_one_character_off_is_flagged() {
        let codes = [
            "吕政发",
            "吕政发",
            "昌政发",
            "吕政办发",
            "吕政函",
            "吕政办发",
        ];
        assert_eq!(
            flag_codes(&codes),
            vec![("昌政发".to_string(), "吕政发".to_string())]
        );
        assert!(flag_codes(&["吕政发", "吕政函"]).is_empty());
    }
}
