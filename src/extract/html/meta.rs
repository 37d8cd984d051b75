//! The metadata a government CMS prints around a document: a table (or list) of labelled
//! cells — 索引号, 主题分类, 发文机关, 发文字号, 成文日期, 发布日期, 标题 — and `<meta>` tags
//! (ArticleTitle, PubDate). Read as printed; the parser decides what to use.

use scraper::{ElementRef, Html};

use super::{sel, squash};
use crate::model::PageMetadata as PageMeta;

/// Labels of metadata tables → field (index into `PageMeta` in `page_meta`).
const LABELS: [(&str, u8); 10] = [
    ("索引号", 0),
    ("主题分类", 1),
    ("发文机关", 2),
    ("发文字号", 3),
    ("文号", 3),
    ("文件编号", 3),
    ("成文日期", 4),
    ("发布日期", 5),
    ("标题", 6),
    ("名称", 6),
];

/// The metadata a CMS prints around the document: label cells and `<meta>` tags.
pub fn page_meta(html: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    for e in html.select(&sel("meta[name]")) {
        let (Some(n), Some(v)) = (e.value().attr("name"), e.value().attr("content")) else {
            continue;
        };
        let v = squash(v);
        if v.is_empty() {
            continue;
        }
        match n.to_ascii_lowercase().as_str() {
            "articletitle" => m.title.get_or_insert(v),
            "pubdate" | "firstpublishedtime" => m.published.get_or_insert(v),
            _ => continue,
        };
    }
    for cell in html.select(&sel("td, th, li, span, p, div, dt, dd, b, strong, label")) {
        // Labels and their values are short: skip big blocks without collecting their text.
        let Some(flat) = short_text(cell, 100) else {
            continue;
        };
        for (label, field) in LABELS {
            let slot = match field {
                0 => &mut m.index_no,
                1 => &mut m.subject,
                2 => &mut m.issuer,
                3 => &mut m.doc_number,
                4 => &mut m.date,
                5 => &mut m.published,
                _ => &mut m.title,
            };
            if slot.is_some() || !flat.starts_with(label) {
                continue;
            }
            let rest = flat[label.len()..].trim_start_matches([':', '：']);
            let value = if rest.is_empty() && flat.chars().count() <= label.chars().count() + 1 {
                // `<td>发文字号：</td><td>吕政办发〔2019〕14号</td>`
                next_cell_text(cell)
            } else if flat[label.len()..].starts_with([':', '：']) && rest.chars().count() <= 80 {
                // `<li>发文字号：吕政办发〔2019〕14号</li>`
                Some(rest.to_string())
            } else {
                None
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                *slot = Some(v);
            }
        }
    }
    m
}

/// The element's text without whitespace, or None when longer than `max` characters.
fn short_text(e: ElementRef, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut n = 0;
    for t in e.text() {
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            n += 1;
            if n > max {
                return None;
            }
            out.push(c);
        }
    }
    Some(out)
}

fn next_cell_text(cell: ElementRef) -> Option<String> {
    let next = cell.next_siblings().find_map(ElementRef::wrap)?;
    let v = squash(&next.text().collect::<String>());
    (!v.is_empty() && v.chars().count() <= 120).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(body: &str) -> PageMeta {
        page_meta(&Html::parse_document(body))
    }

    #[test]
    fn label_and_value_cells() {
        let m = meta(
            "<table><tr><td>索&nbsp;引&nbsp;号：</td><td>11141100MB/2019-00120</td>\
             <td>主题分类：</td><td>综合政务</td></tr>\
             <tr><td>发文机关：</td><td>吕梁市人民政府办公室</td><td>成文日期：</td><td>2019年04月03日</td></tr>\
             <tr><td>发文字号：</td><td>吕政办发〔2019〕14号</td><td>发布日期：</td><td>2019-04-08</td></tr></table>",
        );
        assert_eq!(m.index_no.as_deref(), Some("11141100MB/2019-00120"));
        assert_eq!(m.issuer.as_deref(), Some("吕梁市人民政府办公室"));
        assert_eq!(m.doc_number.as_deref(), Some("吕政办发〔2019〕14号"));
        assert_eq!(m.date.as_deref(), Some("2019年04月03日"));
        assert_eq!(m.published.as_deref(), Some("2019-04-08"));
        assert_eq!(m.subject.as_deref(), Some("综合政务"));
    }

    #[test]
    fn label_and_value_in_one_element_and_meta_tags() {
        let m = meta(
            "<head><meta name=\"ArticleTitle\" content=\"国务院关于印发…的通知\"></head>\
             <ul><li><b>文　　号：</b>国发〔2019〕5号</li><li>成文日期:2019-02-14</li></ul>",
        );
        assert_eq!(m.doc_number.as_deref(), Some("国发〔2019〕5号"));
        assert_eq!(m.date.as_deref(), Some("2019-02-14"));
        assert_eq!(m.title.as_deref(), Some("国务院关于印发…的通知"));
    }

    #[test]
    fn text_mentioning_a_label_is_no_metadata() {
        let m = meta("<p>发文字号应当按照规定编排，成文日期以负责人签发的日期为准。</p>");
        assert_eq!(m, PageMeta::default());
    }
}
