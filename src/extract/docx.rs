//! DOCX (Office Open XML) → lines: the body in reading order (paragraphs, tables with cells
//! joined by tabs, text boxes), then the header and footer parts, which is where 份号, 密级,
//! 紧急程度 and 版记 can live. Page-number fields are dropped; deleted revisions (w:delText)
//! and field instructions are never text. Streaming (quick-xml), so memory is one event.

use quick_xml::events::Event;

use super::xml::{attr, local, push_ref};
use super::zipped::Zip;
use super::{ExtractError, Extracted, line_page};
use crate::model::SourceFormat;

pub const EXTRACTOR: &str = "gazette-docx 0.1.0";

/// Most lines we keep per document (a gazette issue has a few thousand).
const MAX_LINES: usize = 1_000_000;

pub struct DocxText {
    pub header: Vec<String>,
    pub body: Vec<String>,
    pub footer: Vec<String>,
}

/// DOCX → one page of lines: header parts, body, footer parts.
pub fn extract_docx(zip: &mut Zip) -> Result<Extracted, ExtractError> {
    let d = read(zip).map_err(|reason| ExtractError::Invalid {
        format: "DOCX",
        reason,
    })?;
    let lines: Vec<String> = furniture_free(d.header)
        .into_iter()
        .chain(d.body)
        .chain(furniture_free(d.footer))
        .collect();
    if lines.is_empty() {
        return Err(ExtractError::Invalid {
            format: "DOCX",
            reason: "no text in the document".into(),
        });
    }
    Ok(line_page(SourceFormat::Docx, EXTRACTOR.into(), lines))
}

/// Header and footer lines left with no letter or digit once page-number fields are gone
/// (`—  —`) are furniture.
pub fn furniture_free(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .collect()
}

pub fn read(zip: &mut Zip) -> Result<DocxText, String> {
    let main = main_part(zip)?;
    let Some(xml) = zip.text(&main)? else {
        return Err(format!("DOCX without its main part {main}"));
    };
    let body = paragraphs(&xml)?;
    let (mut header, mut footer) = (Vec::new(), Vec::new());
    let mut names = zip.names();
    names.sort();
    for name in names {
        let file = name.rsplit('/').next().unwrap_or("");
        let kind = if file.starts_with("header") {
            &mut header
        } else if file.starts_with("footer") {
            &mut footer
        } else {
            continue;
        };
        if !name.starts_with("word/") || !file.ends_with(".xml") {
            continue;
        }
        if let Some(xml) = zip.text(&name)? {
            for line in paragraphs(&xml)? {
                // First-page, even and odd headers usually repeat the same text.
                if !kind.contains(&line) {
                    kind.push(line);
                }
            }
        }
    }
    Ok(DocxText {
        header,
        body,
        footer,
    })
}

/// The main document part named by `_rels/.rels` (usually word/document.xml).
fn main_part(zip: &mut Zip<'_>) -> Result<String, String> {
    if let Some(rels) = zip.text("_rels/.rels")? {
        let mut reader = quick_xml::Reader::from_str(&rels);
        loop {
            match reader.read_event() {
                Ok(Event::Empty(e) | Event::Start(e))
                    if local(e.name().as_ref()) == b"Relationship" =>
                {
                    let is_main = attr(&e, b"Type").is_some_and(|t| t.ends_with("/officeDocument"));
                    if let (true, Some(target)) = (is_main, attr(&e, b"Target")) {
                        return Ok(target.trim_start_matches('/').to_string());
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    Ok("word/document.xml".into())
}

#[derive(Default)]
struct Field {
    instr: String,
    in_result: bool,
}

impl Field {
    /// Page numbers are furniture: `— 3 —` in a footer is no text of the document.
    fn hides_result(&self) -> bool {
        let i = self.instr.trim_start().to_ascii_uppercase();
        i.starts_with("PAGE") || i.starts_with("NUMPAGES") || i.starts_with("SECTIONPAGES")
    }
}

/// `<w:fldChar>` opens a field, starts its result or closes it.
fn field_char(e: &quick_xml::events::BytesStart, fields: &mut Vec<Field>) {
    match attr(e, b"fldCharType").as_deref() {
        Some("begin") => fields.push(Field::default()),
        Some("separate") => {
            if let Some(f) = fields.last_mut() {
                f.in_result = true;
            }
        }
        Some("end") => {
            fields.pop();
        }
        _ => {}
    }
}

/// One part's paragraphs in document order: a table row is one line of tab-separated cells.
pub fn paragraphs(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut lines: Vec<String> = Vec::new();
    // Open paragraphs: a text box's paragraphs sit inside the anchoring paragraph.
    let mut paras: Vec<String> = Vec::new();
    // Open tables: rows being built, cells of the current row, text of the current cell.
    let mut tables: Vec<(Vec<String>, String)> = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let (mut in_text, mut in_instr, mut skip) = (false, false, 0usize);
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("damaged XML at byte {}: {e}", reader.buffer_position()))?;
        if skip > 0 {
            match ev {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        let hidden = fields.iter().any(|f| f.in_result && f.hides_result());
        match ev {
            Event::Start(e) if local(e.name().as_ref()) == b"fldChar" => {
                field_char(&e, &mut fields)
            }
            Event::Start(e) => match local(e.name().as_ref()) {
                b"p" => paras.push(String::new()),
                b"t" => in_text = true,
                b"instrText" => in_instr = true,
                b"tbl" => tables.push((Vec::new(), String::new())),
                b"tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.1.clear();
                    }
                }
                // VML copies of text boxes repeat the DrawingML ones; deleted runs are gone.
                b"Fallback" | b"del" | b"delText" => skip = 1,
                b"fldSimple" => {
                    let instr = attr(&e, b"instr").unwrap_or_default().into_owned();
                    fields.push(Field {
                        instr,
                        in_result: true,
                    });
                }
                _ => {}
            },
            Event::Empty(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                let text = match name {
                    b"tab" if !paras.is_empty() => Some("\t"),
                    b"br" | b"cr" => Some("\n"),
                    b"noBreakHyphen" => Some("-"),
                    _ => None,
                };
                if let (Some(t), Some(p), false) = (text, paras.last_mut(), hidden) {
                    p.push_str(t);
                }
                if name == b"fldChar" {
                    field_char(&e, &mut fields);
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_text = false,
                b"instrText" => in_instr = false,
                b"fldSimple" => {
                    fields.pop();
                }
                b"p" => {
                    let p = paras.pop().unwrap_or_default();
                    let target = match tables.last_mut() {
                        Some(t) => {
                            if !t.1.is_empty() && !p.trim().is_empty() {
                                t.1.push(' ');
                            }
                            t.1.push_str(p.trim());
                            None
                        }
                        None => Some(&mut lines),
                    };
                    if let Some(lines) = target {
                        for part in p.split('\n') {
                            if !part.trim().is_empty() {
                                lines.push(part.trim_end().to_string());
                            }
                        }
                    }
                }
                b"tc" => {
                    if let Some(t) = tables.last_mut() {
                        let cell = std::mem::take(&mut t.1).replace(['\t', '\n'], " ");
                        t.0.push(cell);
                    }
                }
                b"tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.0);
                        if row.iter().any(|c| !c.trim().is_empty()) {
                            let line = row.join("\t");
                            match tables.len() {
                                1 => lines.push(line),
                                // A nested table's row is text of the enclosing cell.
                                n => {
                                    let outer = &mut tables[n - 2].1;
                                    if !outer.is_empty() {
                                        outer.push(' ');
                                    }
                                    outer.push_str(&line.replace('\t', " "));
                                }
                            }
                        }
                    }
                }
                b"tbl" => {
                    tables.pop();
                }
                _ => {}
            },
            Event::Text(t) if (in_text || in_instr) && !hidden => {
                let text = t.xml10_content();
                if in_instr {
                    if let Some(f) = fields.last_mut() {
                        f.instr.push_str(&text);
                    }
                } else if let Some(p) = paras.last_mut() {
                    p.push_str(&text);
                }
            }
            Event::GeneralRef(r) if (in_text || in_instr) && !hidden => {
                if let Some(p) = paras.last_mut().filter(|_| in_text) {
                    push_ref(&r, p);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if lines.len() > MAX_LINES || paras.len() > 256 || tables.len() > 256 {
            return Err("DOCX too large or too deeply nested".into());
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<String> {
        paragraphs(&format!(
            "<w:document xmlns:w=\"w\"><w:body>{inner}</w:body></w:document>"
        ))
        .unwrap()
    }

    #[test]
    fn runs_tabs_and_breaks() {
        let l = body(
            "<w:p><w:r><w:t>吕政发〔</w:t></w:r><w:r><w:t>2019</w:t></w:r><w:r><w:t>〕2号</w:t></w:r></w:p>\
             <w:p><w:r><w:t>吕梁市人民政府</w:t><w:br/><w:t>2019年4月7日</w:t></w:r></w:p>\
             <w:p><w:r><w:t>国防部</w:t><w:tab/><w:t xml:space=\"preserve\">2012年12月12日印发</w:t></w:r></w:p><w:p/>",
        );
        assert_eq!(
            l,
            [
                "吕政发〔2019〕2号",
                "吕梁市人民政府",
                "2019年4月7日",
                "国防部\t2012年12月12日印发"
            ]
        );
    }

    #[test]
    fn fields_revisions_and_text_boxes() {
        let l = body(
            "<w:p><w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"></w:fldChar></w:r>\
             <w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
             <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t> —</w:t></w:r></w:p>\
             <w:p><w:fldSimple w:instr=\"NUMPAGES\"><w:r><w:t>9</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>\
             <w:p><w:del><w:r><w:delText>删去的</w:delText></w:r></w:del><w:ins><w:r><w:t>保留的</w:t></w:r></w:ins></w:p>\
             <w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
             <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        );
        assert_eq!(l, ["—  —", "页", "保留的", "文本框"]);
        assert_eq!(furniture_free(l), ["页", "保留的", "文本框"]);
    }

    #[test]
    fn table_rows_are_tab_separated() {
        let l = body(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>县 别</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乡镇数</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>离石区</w:t></w:r></w:p><w:p><w:r><w:t>（含开发区）</w:t></w:r></w:p></w:tc>\
             <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>个</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>表后正文</w:t></w:r></w:p>",
        );
        assert_eq!(
            l,
            ["县 别\t乡镇数", "离石区 （含开发区）\t12 个", "表后正文"]
        );
    }

    #[test]
    fn damaged_xml_is_an_error() {
        assert!(paragraphs("<w:body><w:p><w:t>x</w:p></w:body>").is_err());
    }
}
