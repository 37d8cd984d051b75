//! Bytes of a web page before parsing: is it HTML at all, which charset (BOM, the declared
//! one — GB2312/GBK pages are common — or chardetng's guess when the page declares nothing
//! or declares wrongly), and how deep its elements nest (a budget: html5ever's tree building
//! is quadratic in depth).

/// Declared charset of the first 4 KiB (`<meta charset>` or http-equiv), as encoding_rs knows it.
pub fn declared(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset")? + 7;
    let rest = head[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    encoding_rs::Encoding::for_label(&rest.as_bytes()[..end])
}

/// Bytes → text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return (
            enc.decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned(),
            name(enc),
        );
    }
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    let enc = match declared(bytes) {
        // A page that declares GB2312 but is valid UTF-8 with non-ASCII text was re-saved as UTF-8.
        Some(d) if d != encoding_rs::UTF_8 && is_utf8 && !bytes.is_ascii() => encoding_rs::UTF_8,
        Some(d) if d == encoding_rs::UTF_8 && !is_utf8 => guess(bytes),
        Some(d)
            if d.decode_without_bom_handling_and_without_replacement(bytes)
                .is_none() =>
        {
            guess(bytes)
        }
        Some(d) => d,
        None if is_utf8 => encoding_rs::UTF_8,
        None => guess(bytes),
    };
    (
        enc.decode_without_bom_handling(bytes).0.into_owned(),
        name(enc),
    )
}

fn guess(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

fn name(enc: &'static encoding_rs::Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "GBK" => "gbk",
        "gb18030" => "gb18030",
        "Big5" => "big5",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        _ => "other",
    }
}

/// Does this look like an HTML page (for files without an .html name)?
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    ["<!doctype html", "<html", "<head", "<meta", "<body"]
        .iter()
        .any(|t| head.starts_with(t))
        || (head.starts_with("<?xml") && head.contains("<html"))
        || (head.starts_with("<!--") && head.contains("<html"))
}

/// Deepest element nesting we parse: html5ever's tree building is quadratic in depth
/// (100 000 nested divs take minutes), and real pages nest a few dozen levels.
pub const MAX_DEPTH: usize = 1000;

/// Elements that parsers close implicitly (`<p>` without `</p>`) or that have no content:
/// they never count towards the nesting depth.
const FLAT: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "br", "img", "meta", "link", "input", "hr",
    "col", "area", "base", "embed", "param", "source", "track", "wbr",
];

/// A linear pre-scan of the markup: the nesting depth of elements with explicit end tags.
pub fn depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut d, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        let close = b.get(i) == Some(&b'/');
        let start = i + close as usize;
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if end == start {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if close {
            d = d.saturating_sub(1);
        } else {
            let tag_end = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |o| end + o);
            if b[..tag_end].ends_with(b"/") {
                continue;
            }
            d += 1;
            max = max.max(d);
            if name == "script" || name == "style" {
                // Their text may hold '<' that opens no element.
                let closing = format!("</{name}");
                let rest = text[tag_end.min(text.len())..].to_ascii_lowercase();
                i = rest.find(&closing).map_or(b.len(), |o| tag_end + o);
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "<p>吕政办发〔2019〕14号 各县（市、区）人民政府</p>";

    fn page(charset: &str, body: &str) -> String {
        format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"></head><body>{body}</body></html>"
        )
    }

    #[test]
    fn declared_gb2312_decodes_as_gbk() {
        let bytes = encoding_rs::GBK
            .encode(&page("gb2312", TEXT))
            .0
            .into_owned();
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, "gbk");
        assert!(text.contains("吕政办发〔2019〕14号"));
    }

    #[test]
    fn a_wrong_declaration_loses_to_the_bytes() {
        // Declares GB2312 but was saved as UTF-8 (common after a CMS migration).
        let (text, enc) = decode(page("gb2312", TEXT).as_bytes());
        assert_eq!(enc, "utf-8");
        assert!(text.contains("各县"));
        // Declares UTF-8 but is GBK: chardetng's guess.
        let bytes = encoding_rs::GBK
            .encode(&page("utf-8", TEXT).repeat(3))
            .0
            .into_owned();
        let (text, enc) = decode(&bytes);
        assert!(matches!(enc, "gbk" | "gb18030"), "{enc}");
        assert!(text.contains("人民政府"));
        // `<meta charset=gbk>` form, and no declaration at all.
        let bytes = encoding_rs::GBK
            .encode(&format!("<meta charset=gbk>{TEXT}"))
            .0
            .into_owned();
        assert_eq!(decode(&bytes).1, "gbk");
        let bytes = encoding_rs::GBK.encode(&TEXT.repeat(3)).0.into_owned();
        assert!(decode(&bytes).0.contains("各县"));
    }

    #[test]
    fn markup_is_recognised_by_its_start() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF  <HTML><body>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?><html xmlns=\"x\">"
        ));
        assert!(!looks_like_html("吕政发〔2019〕2号\n<p>".as_bytes()));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><ofd:OFD>"));
    }

    #[test]
    fn depth_counts_explicit_nesting_only() {
        assert_eq!(depth("<div><div><p>a<p>b</div></div>"), 2);
        assert_eq!(depth("<br><img src=x><div/><span>x</span>"), 1);
        // '<' inside a script opens nothing.
        assert_eq!(depth("<script>if (a<b && c<d) {}</script><div></div>"), 1);
        assert_eq!(depth(&"<p>段落".repeat(10_000)), 0);
    }
}
