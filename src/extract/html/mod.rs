//! HTML pages (government sites publish one document per page) → lines of the main content.
//! The content block is found by the containers of common government CMSs (`#UCAP-CONTENT`,
//! `.pages_content`, `#zoom`, `.TRS_Editor` …) or, failing those, by a readability-style
//! score (the element under which most paragraph text sits); navigation, share buttons, QR
//! codes and `【打印本页】【关闭窗口】` are dropped. Block elements end lines, table cells are
//! joined by tabs. The page's metadata table (索引号, 发文机关, 发文字号, 成文日期 …) and
//! `<meta>` tags are read as strings for the parser to use where the text lacks a field.
//! Bytes are decoded by BOM, then the declared charset (GB2312/GBK pages are common), with
//! chardetng's guess when the page declares nothing or the declaration is wrong.
mod meta;
mod sniff;
mod walk;

pub use sniff::{decode, looks_like_html};

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// Containers of the CMSs government sites run (TRS, 开普云/UCAP, 政府网站集约化平台 …), in
/// order of preference.
const CONTAINERS: &[&str] = &[
    "#UCAP-CONTENT",
    ".pages_content",
    "#zoom",
    "#Zoom",
    ".TRS_Editor",
    ".TRS_UEDITOR",
    ".Custom_UnionStyle",
    "#fontzoom",
    ".article-content",
];

/// Elements that never hold document text.
pub(super) const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "img", "video", "audio", "map", "head", "title",
    "meta", "link",
];

/// id/class words of page chrome inside or around the content.
const CHROME: &[&str] = &[
    "share",
    "print",
    "qrcode",
    "ewm",
    "erweima",
    "breadcrumb",
    "crumb",
    "nav",
    "footer",
    "fontsize",
    "zihao",
    "related",
];

use super::{ExtractError, Extracted, line_page};
use crate::model::{PageMetadata as PageMeta, SourceFormat};

pub const EXTRACTOR: &str = "gazette-html 0.1.0";

pub struct HtmlPage {
    pub lines: Vec<String>,
    pub meta: PageMeta,
    pub encoding: &'static str,
    /// How the content was found: the container's selector or "readability".
    pub container: String,
}

/// HTML → one page of the content's lines, with the page's metadata.
pub fn extract_html(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let page = read(bytes).map_err(|reason| ExtractError::Invalid {
        format: "HTML",
        reason,
    })?;
    let mut ex = line_page(
        SourceFormat::Html,
        format!("{EXTRACTOR} ({})", page.container),
        page.lines,
    );
    ex.encoding = Some(page.encoding.to_string());
    ex.metadata = (page.meta != PageMeta::default()).then_some(page.meta);
    Ok(ex)
}

pub fn read(bytes: &[u8]) -> Result<HtmlPage, String> {
    let (text, encoding) = decode(bytes);
    if sniff::depth(&text) > sniff::MAX_DEPTH {
        return Err(format!(
            "HTML nested deeper than {} elements",
            sniff::MAX_DEPTH
        ));
    }
    let html = Html::parse_document(&text);
    let meta = meta::page_meta(&html);
    let (root, container) = match content(&html) {
        Some(found) => found,
        None => return Err("HTML page without text".into()),
    };
    let mut lines = walk::lines_of(root);
    lines.retain(|l| !is_chrome_line(l));
    // gov.cn-style pages put the title in <h1> or the metadata table, outside the content.
    if let Some(title) = meta
        .title
        .as_deref()
        .or(heading(&html).as_deref())
        .map(str::to_string)
    {
        let head: String = lines
            .iter()
            .take(8)
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        if !t.is_empty() && !head.contains(&t) {
            lines.insert(0, title);
        }
    }
    if lines.is_empty() {
        return Err("HTML page without text".into());
    }
    Ok(HtmlPage {
        lines,
        meta,
        encoding,
        container,
    })
}

pub(super) fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

pub(super) fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page's own heading: the first <h1>, else <title> up to the site name.
fn heading(html: &Html) -> Option<String> {
    let h1 = html
        .select(&sel("h1"))
        .map(|e| squash(&e.text().collect::<String>()))
        .find(|t| t.chars().count() >= 4);
    h1.or_else(|| {
        let t = squash(
            &html
                .select(&sel("title"))
                .next()?
                .text()
                .collect::<String>(),
        );
        let t = t.split(['_', '|']).next()?.trim().to_string();
        (t.chars().count() >= 4).then_some(t)
    })
}

/// The content element and how it was found.
fn content(html: &Html) -> Option<(ElementRef<'_>, String)> {
    for c in CONTAINERS {
        if let Some(e) = html
            .select(&sel(c))
            .find(|e| e.text().map(|t| t.trim().chars().count()).sum::<usize>() >= 20)
        {
            return Some((e, (*c).to_string()));
        }
    }
    readability(html).map(|e| (e, "readability".to_string()))
}

pub(super) fn is_chrome(e: &scraper::node::Element) -> bool {
    let id = e.id().unwrap_or("").to_ascii_lowercase();
    let hidden = e.attr("style").is_some_and(|s| {
        s.replace(' ', "")
            .to_ascii_lowercase()
            .contains("display:none")
    });
    hidden
        || CHROME
            .iter()
            .any(|w| id.contains(w) || e.classes().any(|c| c.to_ascii_lowercase().contains(w)))
}

/// Readability-style choice: each paragraph's text (links excluded) scores its parent fully
/// and its grandparent by half; the best-scored element not part of page chrome wins.
fn readability(html: &Html) -> Option<ElementRef<'_>> {
    let mut score: HashMap<ego_tree::NodeId, f32> = HashMap::new();
    let mut order = Vec::new();
    for p in html.select(&sel("p, div, td, section, article, pre, font, span")) {
        let own: usize = p
            .children()
            .filter_map(|n| match n.value() {
                Node::Text(t) => Some(t.trim().chars().count()),
                _ => None,
            })
            .sum();
        if own < 10 {
            continue;
        }
        let mut parent = p.parent().and_then(ElementRef::wrap);
        for weight in [1.0, 0.5] {
            let Some(e) = parent else { break };
            if !score.contains_key(&e.id()) {
                order.push(e.id());
            }
            *score.entry(e.id()).or_default() += own as f32 * weight;
            parent = e.parent().and_then(ElementRef::wrap);
        }
    }
    let best = order
        .iter()
        .filter_map(|id| ElementRef::wrap(html.tree.get(*id)?))
        .filter(|e| !is_chrome(e.value()) && e.value().name() != "body")
        .map(|e| (score[&e.id()], e))
        .fold(None, |best: Option<(f32, ElementRef)>, (s, e)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, e)),
        });
    best.map(|(_, e)| e)
        .or_else(|| html.select(&sel("body")).next())
}

/// Chrome that sits inside content blocks: print/close links, font-size switches, share prompts.
fn is_chrome_line(line: &str) -> bool {
    let flat: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let only_buttons = !flat.is_empty()
        && flat
            .split_inclusive('】')
            .all(|b| b.starts_with('【') && b.ends_with('】') && b.chars().count() <= 8);
    only_buttons
        || flat.starts_with("分享到")
        || flat.contains("扫一扫在手机")
        || flat.starts_with("字号：")
        || flat.starts_with("【字体")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> (Vec<String>, String) {
        let p = read(html.as_bytes()).unwrap();
        (p.lines, p.container)
    }

    #[test]
    fn cms_container_wins_over_chrome() {
        let (l, c) = lines(
            "<div class=\"nav\"><a>首页</a><a>政务公开</a></div>\
             <div id=\"zoom\"><p>各县（市、区）人民政府：</p><p>现将有关事项通知如下。</p>\
             <div class=\"share\">分享到：微信</div><p>【打印本页】【关闭窗口】</p></div>",
        );
        assert_eq!(c, "#zoom");
        assert_eq!(l, ["各县（市、区）人民政府：", "现将有关事项通知如下。"]);
    }

    #[test]
    fn readability_finds_the_text_block() {
        let (l, c) = lines(
            "<div class=\"menu\"><a>首页</a><a>新闻中心</a><a>政务公开</a></div>\
             <div class=\"wz\"><p>为贯彻落实有关文件精神，现就有关事项通知如下。</p>\
             <p>一、各单位要高度重视，认真组织实施各项工作任务。</p></div>\
             <div class=\"foot\">主办：某市人民政府办公室</div>",
        );
        assert_eq!(c, "readability");
        assert_eq!(l.len(), 2, "{l:?}");
    }

    #[test]
    fn tables_rows_and_layout_cells() {
        let (l, _) = lines(
            "<div class=\"TRS_Editor\"><table><tr><td><p>县 别</p></td><td>乡镇数</td></tr>\
             <tr><td>离石区</td><td>12</td></tr></table>\
             <table><tr><td><p>第一段正文内容。</p><p>第二段正文内容。</p></td></tr></table></div>",
        );
        assert_eq!(
            l,
            [
                "县 别\t乡镇数",
                "离石区\t12",
                "第一段正文内容。",
                "第二段正文内容。"
            ]
        );
    }

    #[test]
    fn br_and_nbsp_and_hidden_elements() {
        let (l, _) = lines(
            "<div id=\"UCAP-CONTENT\">&nbsp;&nbsp;吕梁市人民政府<br>2019年4月7日\
             <span style=\"display: none\">隐藏</span><script>var x='<p>';</script></div>",
        );
        assert_eq!(l, ["吕梁市人民政府", "2019年4月7日"]);
    }

    #[test]
    fn the_page_title_heads_content_that_lacks_it() {
        let (l, _) = lines(
            "<title>关于做好安全生产工作的通知_某市人民政府</title><h1>关于做好安全生产工作的通知</h1>\
             <div class=\"pages_content\"><p>某政发〔2019〕2号</p><p>各县人民政府：现通知如下。</p></div>",
        );
        assert_eq!(l[0], "关于做好安全生产工作的通知");
        let (l, _) = lines(
            "<h1>关于做好安全生产工作的通知</h1><div class=\"pages_content\">\
             <p>关于做好安全生产</p><p>工作的通知</p><p>各县人民政府：</p></div>",
        );
        assert_eq!(
            l[0], "关于做好安全生产",
            "a title already in the content stays once"
        );
    }

    #[test]
    fn chrome_lines() {
        for l in [
            "【打印本页】【关闭窗口】",
            "【 打印 】",
            "分享到：",
            "字号：大 中 小",
            "扫一扫在手机打开当前页",
        ] {
            assert!(is_chrome_line(l), "{l}");
        }
        for l in [
            "【此件公开发布】的说明如下：",
            "（此件公开发布）",
            "附件：分享到的名单",
        ] {
            assert!(!is_chrome_line(l), "{l}");
        }
    }
}
