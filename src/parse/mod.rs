//! Stage 4: metadata of one document from its span of cleaned lines. Pure functions
//! over text that never fail: what they cannot find is None, with a warning saying why.
//!
//! One file per concern: `doc_number` (文号, 令号, citations — also used by `segment`),
//! `date` (成文日期), `title` (标题, 文种, 印发/转发 wrappers), `addressees` (主送机关),
//! `signature` (署名, 成文日期 position), `notes` (附注, publication status), `attachments`
//! (附件说明, presence), `heading` (heading and 文号 line when `segment` gives none),
//! `in_force` (施行日期, 有效期).

pub mod addressees;
pub mod attachments;
mod heading;
pub mod in_force;
pub mod metadata;
pub mod signature;
pub mod title;

use std::ops::Range;

use crate::model::{
    Attachment, DatedClause, DocNumber, DocNumberKind, Publication, Reference, Signer,
    TitleReference, Warning, Wrapper,
};

use crate::gongwen::doc_number::{
    self, decree_number, is_decree_header, parse_doc_number, standalone_doc_number,
};
use crate::gongwen::doc_type::doc_type;
use crate::gongwen::notes::{self, publication_from_notes};
use crate::gongwen::references::find_references;
use crate::gongwen::text;
use crate::gongwen::title_references::find_title_references;

/// A document's span as `segment` found it, lines relative to the span.
#[derive(Debug, Clone)]
pub struct SpanInput<'a> {
    /// The span's cleaned lines (no trailing newlines).
    pub lines: &'a [&'a str],
    /// The heading (title) lines; empty when segment found no heading.
    pub title_lines: Range<usize>,
    /// The line holding the document's own 文号 (or, for a decree, the `第N号` line;
    /// the decree header is then the first title line).
    pub number_line: Option<usize>,
}

/// Everything `parse` reads from a span; `pipeline` adds ids, pages, lines and TOC data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedDocument {
    pub title: Option<String>,
    pub title_raw: Option<String>,
    pub doc_type: Option<String>,
    pub doc_type_raw: Option<String>,
    pub wrapper: Option<Wrapper>,
    pub doc_number: Option<DocNumber>,
    pub addressees: Option<String>,
    pub issuers: Vec<String>,
    pub signer: Option<Signer>,
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub notes: Vec<String>,
    pub publication: Option<Publication>,
    pub attachments: Vec<Attachment>,
    pub references: Vec<Reference>,
    pub title_references: Vec<TitleReference>,
    pub effective: Option<DatedClause>,
    pub valid_until: Option<DatedClause>,
    /// Warnings with `line` = 0-based index into `SpanInput::lines` (pipeline rebases).
    pub warnings: Vec<Warning>,
}

fn warn(code: &str, message: impl Into<String>, line: Option<usize>) -> Warning {
    let mut w = Warning::new(code, message);
    w.line = line.map(|l| l as u32);
    w
}

/// Compiles the regexes of this stage and of the vocabulary it uses ahead of their first
/// use (see `pipeline::warm_up`).
pub fn warm() {
    title::warm();
    signature::warm();
    attachments::warm();
    in_force::warm();
    crate::gongwen::notes::warm();
    crate::gongwen::references::warm();
}

/// Fill every field `parse` owns from one document span. Never fails: what is not found is
/// None (or empty) with a warning saying why.
pub fn parse_document(span: SpanInput<'_>) -> ParsedDocument {
    parse_document_in(span, None)
}

/// [`parse_document`] given the span's lines joined by `'\n'` (the document's body): when
/// the heading and number lines come first, the text citations are looked for in is a
/// slice of it rather than a new copy (a body can be millions of chars).
pub fn parse_document_in(span: SpanInput<'_>, joined: Option<&str>) -> ParsedDocument {
    let lines = span.lines;
    let mut out = ParsedDocument::default();
    let number_line = span
        .number_line
        .filter(|&n| n < lines.len())
        .or_else(|| heading::find_number_line(lines));
    let mut title_range =
        span.title_lines.start.min(lines.len())..span.title_lines.end.min(lines.len());
    if title_range.is_empty() {
        title_range = heading::fallback_title_lines(lines, number_line);
    }

    // A heading may carry its own number: `…的通知(岳办发〔2017〕2号)`.
    let inline = number_line.and_then(|n| doc_number::heading_with_number(lines[n]));
    let heading: Vec<&str> = title_range
        .clone()
        .filter_map(|i| match &inline {
            Some((h, _)) if Some(i) == number_line => Some(*h),
            _ if Some(i) == number_line || heading::is_bracketed(lines[i]) => None,
            _ => Some(lines[i]),
        })
        .collect();

    // 文号: a decree's `第N号` under its `…令` header, else the standalone number line.
    let mut decree_header: Option<String> = heading
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .filter(|l| is_decree_header(l))
        .map(text::strip_ws);
    let (number_text, head_signer) =
        number_line.map_or(("", None), |n| heading::split_signer(lines[n]));
    out.doc_number = inline.map(|(_, n)| n).or_else(|| {
        number_line.and_then(|_| match &decree_header {
            Some(h) => decree_number(h, number_text).or_else(|| standalone_doc_number(number_text)),
            None => standalone_doc_number(number_text).or_else(|| parse_doc_number(number_text)),
        })
    });
    if out.doc_number.is_none() {
        out.warnings.push(warn(
            "missing-doc-number",
            "no 文号 found for this document",
            number_line,
        ));
    }
    // Header and number on one line (`吕梁市人民政府令 第1号`): the header is the heading.
    let mut heading_owned: Vec<String> = heading.iter().map(|l| l.to_string()).collect();
    let is_decree = out
        .doc_number
        .as_ref()
        .is_some_and(|d| d.kind == DocNumberKind::Decree);
    if decree_header.is_none() && is_decree {
        let folded = text::strip_ws(number_text);
        // The header ends where the number starts: `第`, `〔` or a year (`交通运输部令2019年第32号`).
        let cut = folded.find(|c: char| c == '第' || c == '〔' || c.is_ascii_digit());
        if let Some(i) = cut
            && is_decree_header(&folded[..i])
        {
            decree_header = Some(folded[..i].to_string());
            if heading_owned.iter().all(|l| l.trim().is_empty()) {
                heading_owned = vec![folded[..i].to_string()];
            }
        }
    }

    // A decree's issuer line above its rule title is not part of the title.
    let decree_issuer = is_decree
        .then(|| heading::issuer_above_title(&heading_owned))
        .flatten();
    if decree_issuer.is_some() {
        heading_owned.remove(0);
    }

    // 标题 and 文种.
    let heading_refs: Vec<&str> = heading_owned.iter().map(String::as_str).collect();
    if let Some((title, raw)) = title::title_from_lines(&heading_refs) {
        let (kind, kind_raw) = doc_type(&title);
        out.doc_type = kind;
        out.doc_type_raw = kind_raw;
        out.wrapper = title::wrapper(&title);
        out.title = Some(title);
        out.title_raw = Some(raw);
    } else {
        out.warnings.push(warn(
            "missing-title",
            "no heading found for this document",
            None,
        ));
    }

    // 主送机关, then the body.
    let head_end = title_range.end.max(number_line.map_or(0, |n| n + 1));
    let mut body_start = head_end;
    if let Some((addressees, line)) = addressees::find_addressees(lines, head_end) {
        out.addressees = Some(addressees);
        body_start = line + 1;
    }

    // 署名 and 成文日期.
    let mut sig = signature::find_signature(lines, body_start);
    if sig.date.is_none()
        && let Some((i, d)) = heading::bracketed_date_under_heading(lines, title_range.start)
    {
        // Some reprints (中办/国办 documents) print the 成文日期 in brackets under the title.
        sig.date = Some(d);
        sig.date_raw = Some(lines[i].trim().to_string());
        sig.date_line = Some(i);
    }
    out.signer = sig.signer.or(head_signer);
    out.issuers = match (decree_issuer, &decree_header) {
        (Some(organ), _) => vec![organ],
        (None, Some(h)) => vec![h.trim_end_matches('令').to_string()],
        (None, None) => sig.issuers,
    };
    out.date = sig.date.map(|d| d.format("%Y-%m-%d").to_string());
    out.date_raw = sig.date_raw;
    if out.date.is_none() {
        out.warnings.push(warn(
            "missing-date",
            "no 成文日期 found after a signature",
            None,
        ));
    }
    if out.issuers.is_empty() {
        out.warnings.push(warn(
            "missing-issuer",
            "no 发文机关署名 printed",
            sig.date_line,
        ));
    }

    // 附注 (anywhere in the span: notes can be misplaced).
    let notes = notes::find_notes(lines);
    out.notes = notes
        .into_iter()
        .filter(|(i, _)| !title_range.contains(i))
        .map(|(_, n)| n)
        .collect();
    out.publication = publication_from_notes(&out.notes);

    // 附件说明 and 附件.
    let (attachments, list_line) = attachments::parse_attachments(lines, body_start);
    for a in attachments.iter().filter(|a| !a.present) {
        out.warnings.push(warn(
            "missing-attachment",
            format!("attachment not printed: {}", a.title),
            list_line,
        ));
    }
    out.attachments = attachments;

    // Citations: the body without the heading and the document's own number line.
    let skipped = |i: usize| title_range.contains(&i) || Some(i) == number_line;
    let head = (0..lines.len()).take_while(|&i| skipped(i)).count();
    let joined = joined.filter(|j| {
        // Only the join of these lines, and only when the skipped lines are a prefix.
        j.len() == lines.iter().map(|l| l.len()).sum::<usize>() + lines.len().saturating_sub(1)
            && title_range.end <= head
            && number_line.is_none_or(|n| n < head)
    });
    let body: std::borrow::Cow<'_, str> = match joined {
        Some(j) => {
            let offset: usize = lines[..head].iter().map(|l| l.len() + 1).sum();
            j.get(offset..).unwrap_or("").into()
        }
        None => lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !skipped(*i))
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
    };
    out.references = find_references(&body);
    out.title_references = find_title_references(&body, &mut out.references);
    let force = in_force::in_force(
        &body,
        sig.date,
        out.wrapper.as_ref().map(|w| w.kind.as_str()),
    );
    out.effective = force.effective;
    out.valid_until = force.valid_until;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PublicationStatus;

    fn parse(lines: &[&str], title: Range<usize>, number: Option<usize>) -> ParsedDocument {
        let span = SpanInput {
            lines,
            title_lines: title,
            number_line: number,
        };
        let parsed = parse_document(span.clone());
        // Given the joined body (as the pipeline gives it), the same answer.
        let joined = lines.join("\n");
        assert_eq!(parse_document_in(span.clone(), Some(&joined)), parsed);
        // A text that is not that join is not used.
        assert_eq!(parse_document_in(span, Some("x")), parsed);
        parsed
    }

    #[test]
    fn ministry_decree_with_year_on_one_line() {
        let lines = [
            "交通运输部令2019年第32号",
            "《关于修改〈公路水路行业统计管理规定〉的决定》已于2019年10月23日经第22次部务会议通过，现予公布。",
            "部长　李小鹏",
            "2019年11月1日",
        ];
        let p = parse(&lines, 0..0, Some(0));
        assert_eq!(p.title.as_deref(), Some("交通运输部令"));
        assert_eq!(p.issuers, vec!["交通运输部"]);
        assert_eq!(p.doc_number.unwrap().text, "交通运输部令2019年第32号");
        assert_eq!(p.signer.unwrap().name, "李小鹏");
        assert_eq!(p.date.as_deref(), Some("2019-11-01"));
    }

    #[test]
    fn ordinary_notice() {
        let lines = [
            "吕梁市人民政府 关于做好 2019 年安全生产工作的通知",
            "",
            "吕政发〔2019〕2 号",
            "",
            "各县（市、区）人民政府，市直企、事业单位：",
            "按照《关于推进安全生产领域改革发展的实施意见》（吕发〔2018〕30号），做好工作。",
            "吕梁市人民政府",
            "2019年4月7日",
            "",
            "（此件公开发布）",
        ];
        let p = parse(&lines, 0..1, Some(2));
        assert_eq!(
            p.title.as_deref(),
            Some("吕梁市人民政府关于做好2019年安全生产工作的通知")
        );
        assert_eq!(p.doc_type.as_deref(), Some("通知"));
        assert_eq!(p.doc_number.as_ref().unwrap().text, "吕政发〔2019〕2号");
        assert_eq!(
            p.addressees.as_deref(),
            Some("各县（市、区）人民政府，市直企、事业单位")
        );
        assert_eq!(p.issuers, ["吕梁市人民政府"]);
        assert_eq!(p.date.as_deref(), Some("2019-04-07"));
        assert_eq!(p.publication.unwrap().status, PublicationStatus::Public);
        assert_eq!(p.references.len(), 1);
        assert_eq!(p.references[0].text, "吕发〔2018〕30号");
        assert_eq!(
            p.references[0].title.as_deref(),
            Some("关于推进安全生产领域改革发展的实施意见")
        );
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn decree_found_without_segment_hints() {
        let lines = [
            "中华人民共和国国务院令",
            "第707号",
            "《中华人民共和国个人所得税法实施条例》已经修订通过，现予公布，自2019年1月1日起施行。",
            "总理　　李克强",
            "2018年12月18日",
            "中华人民共和国个人所得税法实施条例",
        ];
        for (title, number) in [(0..0, None), (0..1, Some(1)), (0..2, Some(1))] {
            let p = parse(&lines, title, number);
            assert_eq!(p.title.as_deref(), Some("中华人民共和国国务院令"));
            assert_eq!(p.doc_type.as_deref(), Some("命令"));
            let d = p.doc_number.unwrap();
            assert_eq!(
                (d.text.as_str(), d.raw.as_str(), d.kind),
                ("国务院令第707号", "第707号", DocNumberKind::Decree)
            );
            assert_eq!(p.issuers, ["中华人民共和国国务院"]);
            assert_eq!(
                p.signer,
                Some(Signer {
                    title: Some("总理".into()),
                    name: "李克强".into()
                })
            );
            assert_eq!(p.date.as_deref(), Some("2018-12-18"));
            assert_eq!(p.addressees, None);
        }
    }

    #[test]
    fn decree_header_and_number_on_one_line() {
        let lines = [
            "吕梁市人民政府令 第1号",
            "《吕梁市城市管理办法》已经市政府常务会议通过，现予公布，自2019年5月1日起施行。",
            "市长　王立伟",
            "2019年4月1日",
        ];
        for title in [0..0, 0..1] {
            let p = parse(&lines, title, Some(0));
            assert_eq!(p.title.as_deref(), Some("吕梁市人民政府令"));
            assert_eq!(p.doc_number.as_ref().unwrap().text, "吕梁市人民政府令第1号");
            assert_eq!(p.issuers, ["吕梁市人民政府"]);
            assert_eq!(p.signer.as_ref().unwrap().title.as_deref(), Some("市长"));
            assert_eq!(p.date.as_deref(), Some("2019-04-01"));
        }
    }

    #[test]
    fn banner_order_number_above_title_and_qianfaren() {
        let lines = [
            "国办发〔2019〕4号　签发人：李克强",
            "国务院办公厅关于加强三级公立医院绩效考核工作的意见",
            "各省、自治区、直辖市人民政府：",
            "正文。",
            "国务院办公厅",
            "2019年1月16日",
        ];
        let p = parse(&lines, 0..0, Some(0));
        assert_eq!(
            p.title.as_deref(),
            Some("国务院办公厅关于加强三级公立医院绩效考核工作的意见")
        );
        assert_eq!(p.doc_number.unwrap().text, "国办发〔2019〕4号");
        assert_eq!(p.signer.unwrap().name, "李克强");
        assert_eq!(
            p.addressees.as_deref(),
            Some("各省、自治区、直辖市人民政府")
        );
        assert_eq!(p.issuers, ["国务院办公厅"]);
    }

    /// pdftotext of the real WPS exports in ../shared/corpus/real/pdf (版头 order, 版记, placeholders).
    #[test]
    fn wps_exports_with_banner_and_imprint() {
        let lines = [
            "     一份公文文件",
            "             国防部发〔2012〕21 号",
            "         国防部关于放假的通知",
            "各有关单位：",
            " 正文部分",
            " 联系人：xxxxx",
            " 电 话：123456578",
            "                         Xxxxxxxxxxxxx",
            "                        2012 年 12 月 12 日",
            "                                         –– 1 ––",
            "  抄送：教育局，教育局。",
            " 国防部            2012 年 12 月 12 日印发",
            "                              共印 2 份",
        ];
        let p = parse(&lines, 0..0, None);
        assert_eq!(p.title.as_deref(), Some("国防部关于放假的通知"));
        assert_eq!(p.doc_number.unwrap().text, "国防部发〔2012〕21号");
        assert_eq!(p.addressees.as_deref(), Some("各有关单位"));
        assert_eq!(p.issuers, ["Xxxxxxxxxxxxx"]);
        assert_eq!(p.date.as_deref(), Some("2012-12-12"));
        assert_eq!(p.publication, None);

        let lines = [
            "001012",
            "机密★5 年",
            "特急",
            "         BJTU 机密文件",
            "             XXX〔2023〕X 号",
            "            测试公文标题",
            "                              密级：秘密",
            "本文件用于安全检测测试，包含涉密信息。",
            "关键词测试如下：",
            "涉密",
            "以上内容用于验证文档类文件在不同格式下的敏感信息检测能力。",
            "                                  BJTU 单位",
            "                       （此处添加印章图片或文字说明）",
            "                             二〇二三年一月一日",
        ];
        let p = parse(&lines, 5..6, Some(4));
        assert_eq!(p.title.as_deref(), Some("测试公文标题"));
        let d = p.doc_number.unwrap();
        assert_eq!(
            (d.text.as_str(), d.code.as_str(), d.year, d.serial),
            ("XXX〔2023〕X号", "XXX", Some(2023), None)
        );
        assert_eq!(p.addressees, None);
        assert_eq!(p.issuers, ["BJTU单位"]);
        assert_eq!(p.date.as_deref(), Some("2023-01-01"));
        assert!(p.notes.is_empty());
    }

    #[test]
    fn wrapper_with_enclosed_document_and_misplaced_note() {
        let lines = [
            "关于印发土地综合执法月专项行动实施方案的通知",
            "吕政办发〔2019〕1号",
            "各县（市、区）人民政府、市直有关单位：",
            "《土地综合执法月专项行动实施方案》已经市政府研究同意，现印发给你们，请认真贯彻落实。",
            "吕梁市人民政府办公厅",
            "2019年1月10日",
            "土地综合执法月专项行动实施方案",
            "一、指导思想",
            "市国土局",
            "2019年1月5日",
            "（此件公开发布）",
        ];
        let p = parse(&lines, 0..1, Some(1));
        let w = p.wrapper.unwrap();
        assert_eq!(
            (w.kind.as_str(), w.enclosed_title.as_deref()),
            ("印发", Some("土地综合执法月专项行动实施方案"))
        );
        assert_eq!(p.date.as_deref(), Some("2019-01-10"));
        assert_eq!(p.issuers, ["吕梁市人民政府办公厅"]);
        assert_eq!(p.notes, ["此件公开发布"]);
    }

    #[test]
    fn missing_signature_date_and_attachment_warn() {
        let lines = [
            "关于创建“一乡一特一园区、一村一品一基地”的指导意见",
            "吕政办发〔2019〕7号",
            "各县（市、区）人民政府，市直有关单位：",
            "正文。",
            "附件:全市创建目标分解表",
            "附件 1. 甲表",
        ];
        let p = parse(&lines, 0..1, Some(1));
        assert_eq!(p.date, None);
        assert!(p.issuers.is_empty());
        let codes: Vec<&str> = p.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes,
            ["missing-date", "missing-issuer", "missing-attachment"]
        );
        assert!(!p.attachments[0].present);
    }

    #[test]
    fn bracketed_date_under_the_title() {
        let lines = [
            "中共中央办公厅　国务院办公厅关于某事项的意见",
            "（2019年1月27日）",
            "为了做好工作，提出如下意见。",
            "一、总体要求",
        ];
        let p = parse(&lines, 0..1, None);
        assert_eq!(p.date.as_deref(), Some("2019-01-27"));
        assert_eq!(p.date_raw.as_deref(), Some("（2019年1月27日）"));
    }

    #[test]
    fn tizhu_in_the_heading_is_not_title() {
        let lines = [
            "吕梁市城市管理办法",
            "（2019年4月7日）",
            "第一条　为了加强城市管理，制定本办法。",
        ];
        let p = parse(&lines, 0..2, None);
        assert_eq!(p.title.as_deref(), Some("吕梁市城市管理办法"));
        assert_eq!(p.date.as_deref(), Some("2019-04-07"));
    }

    #[test]
    fn item_without_doc_number() {
        let lines = [
            "《吕梁市加快中心城区建设行动方案》政策解读",
            "一、出台背景",
            "为了加快建设。",
        ];
        let p = parse(&lines, 0..1, None);
        assert_eq!(
            p.title.as_deref(),
            Some("《吕梁市加快中心城区建设行动方案》政策解读")
        );
        assert_eq!(p.doc_number, None);
        let codes: Vec<&str> = p.warnings.iter().map(|w| w.code.as_str()).collect();
        assert!(codes.contains(&"missing-doc-number") && codes.contains(&"missing-date"));
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // a reversed range is part of the hostile input
    fn empty_and_hostile_spans() {
        let p = parse(&[], 3..1, Some(9));
        assert!(p.title.is_none() && p.doc_number.is_none() && p.date.is_none());
        let p = parse(&["", "（", "〔2019〕号", "附件：", "第号"], 0..5, Some(4));
        assert!(p.doc_number.is_none());
    }
}
