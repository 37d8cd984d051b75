//! A web page states some fields of its document outside the text (the CMS's metadata
//! table: 标题, 发文字号, 发文机关, 成文日期). Where the text lacks one of these, the page's
//! value is used and `provenance` records it; the text always wins when it has the field.

use chrono::NaiveDate;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::parse_doc_number;
use crate::model::{Document, FieldSource, PageMetadata};

/// Fills `title`, `doc_number`, `date` and `issuers` of a page's one document from the
/// page's metadata where the text gave none, dropping the warnings about their absence.
pub fn fill_from_page(doc: &mut Document, meta: &PageMetadata) {
    let filled = |field: &str, doc: &mut Document, warning: &str| {
        doc.provenance
            .insert(field.to_string(), FieldSource::PageMetadata);
        doc.warnings.retain(|w| w.code != warning);
    };
    if doc.title.is_none()
        && let Some(t) = meta.title.as_deref().filter(|t| !t.trim().is_empty())
    {
        doc.title = Some(t.split_whitespace().collect());
        doc.title_raw = Some(t.to_string());
        filled("title", doc, "missing-title");
    }
    if doc.doc_number.is_none()
        && let Some(n) = meta.doc_number.as_deref().and_then(parse_doc_number)
    {
        doc.doc_number = Some(n);
        filled("doc_number", doc, "missing-doc-number");
    }
    if doc.date.is_none()
        && let Some((d, raw)) = meta.date.as_deref().and_then(|s| Some((meta_date(s)?, s)))
    {
        doc.date = Some(d.format("%Y-%m-%d").to_string());
        doc.date_raw = Some(raw.to_string());
        filled("date", doc, "missing-date");
    }
    if doc.issuers.is_empty()
        && let Some(i) = meta.issuer.as_deref().filter(|i| !i.trim().is_empty())
    {
        // A joint document's table lists its issuers separated by spaces or 、.
        doc.issuers = i
            .split([' ', '、', '，', ',', ';', '；'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        filled("issuers", doc, "missing-issuer");
    }
}

/// `2019年04月03日` as printed, or the `2019-04-03` many CMSs use.
fn meta_date(s: &str) -> Option<NaiveDate> {
    parse_date(s).or_else(|| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Warning;

    fn empty_doc() -> Document {
        serde_json::from_value(serde_json::json!({
            "id": "x#0", "index": 0, "section": null, "toc_title": null, "toc_page": null,
            "title": "关于推进社会公益事业建设领域政府信息公开实施办法的通知", "title_raw": null,
            "doc_type": null, "doc_type_raw": null, "wrapper": null, "doc_number": null,
            "addressees": null, "issuers": [], "signer": null, "date": "2019-06-01",
            "date_raw": "2019 年 6 月 1 日", "notes": [], "publication": null, "attachments": [],
            "references": [], "pages": null, "lines": {"start": 1, "end": 2}, "body": "",
            "warnings": [{"code": "missing-doc-number", "message": "m", "page": null, "line": null}]
        }))
        .unwrap()
    }

    #[test]
    fn fills_only_what_the_text_lacks() {
        let mut d = empty_doc();
        let meta = PageMetadata {
            title: Some("另一个标题".into()),
            doc_number: Some("吕政办发〔2019〕22号".into()),
            issuer: Some("吕梁市人民政府办公室".into()),
            date: Some("2019年05月30日".into()),
            ..PageMetadata::default()
        };
        fill_from_page(&mut d, &meta);
        assert_eq!(d.doc_number.as_ref().unwrap().text, "吕政办发〔2019〕22号");
        assert_eq!(d.issuers, ["吕梁市人民政府办公室"]);
        // The text's title and date stay.
        assert!(d.title.unwrap().starts_with("关于推进"));
        assert_eq!(d.date.as_deref(), Some("2019-06-01"));
        let filled: Vec<&str> = d.provenance.keys().map(String::as_str).collect();
        assert_eq!(filled, ["doc_number", "issuers"]);
        assert!(
            d.warnings
                .iter()
                .all(|w: &Warning| w.code != "missing-doc-number")
        );
    }

    #[test]
    fn iso_dates_and_bad_numbers() {
        let mut d = empty_doc();
        d.date = None;
        let meta = PageMetadata {
            doc_number: Some("无".into()),
            date: Some("2019-05-30".into()),
            ..PageMetadata::default()
        };
        fill_from_page(&mut d, &meta);
        assert_eq!(d.date.as_deref(), Some("2019-05-30"));
        assert!(d.doc_number.is_none());
        assert_eq!(d.provenance.len(), 1);
    }
}
