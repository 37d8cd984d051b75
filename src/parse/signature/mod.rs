//! 发文机关署名 and 成文日期: the signature lines right above the date line. The 成文日期 is
//! the first date line that follows a signature — for a 印发/转发 wrapper that is the
//! wrapper's own date, printed before the enclosed document (whose dates come later), and
//! for a document with attachments it comes before the attachments' own signatures.

use crate::gongwen::relaxed::Relaxed;

use chrono::NaiveDate;
use regex::Regex;

use crate::gongwen::date::parse_date;
use crate::gongwen::doc_number::standalone_doc_number;
use crate::gongwen::lazy::Lazy;
use crate::gongwen::notes::note_of_line;
use crate::gongwen::text::{is_han, squash_ws};
use crate::model::Signer;

mod grid;

/// The signature block and 成文日期 of a span.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    pub issuers: Vec<String>,
    pub signer: Option<Signer>,
    pub date: Option<NaiveDate>,
    pub date_raw: Option<String>,
    /// Index of the date line in the span.
    pub date_line: Option<usize>,
}

static LIST_MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[0-9０-９]{1,3}\s*[.．、]|[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十0-9]{1,3}[）)]|第[一二三四五六七八九十百0-9]+[章条节])")
        .unwrap()
});
static PERSON: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?P<t>\p{Han}{0,12}?(?:总理|副总理|主席|省长|市长|县长|区长|州长|旗长|盟长|部长|主任|局长|署长|行长|院长|书记|厅长|镇长|乡长|秘书长|委员长|司令员|政委))[\s　]+(?P<n>\p{Han}[\p{Han}·\s　]{0,9})$",
    )
});

/// The same without the gap (`市长王某某`: a PDF that set the name close to the title): the
/// name is then a person's two or three characters.
static PERSON_TIGHT: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?P<t>\p{Han}{0,12}?(?:总理|副总理|主席|省长|市长|县长|区长|州长|旗长|盟长|部长|局长|署长|行长|院长|厅长|镇长|乡长|秘书长|委员长|司令员))(?P<n>\p{Han}{2,3})$",
    )
});

static SEAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[（(][^（）()]*(?:印章|盖章|公章|签章|签名)[^（）()]*[）)]$").unwrap()
});

/// Last characters of an organ's name: used to tell joint issuers on one line
/// (`国务院　中央军委`) from a name with justification spaces.
const ORGAN_ENDINGS: &[char] = &[
    '院', '委', '厅', '府', '部', '局', '办', '室', '会', '行', '署', '司', '处', '团', '社', '队',
    '所', '心', '站', '军', '组', '校', '馆', '联', '盟', '区', '县', '市', '省', '党', '央', '学',
    '镇', '乡', '道', '村', '厂', '科', '股', '位', '协', '台', '旗', '州', '大',
];

/// Closing formulas printed without a full stop (`特此通知`, `此复`) end the body, not sign it.
const CLOSING: &[&str] = &[
    "特此",
    "此复",
    "此函",
    "此令",
    "专此",
    "请遵照",
    "请认真",
    "以上",
];
/// Phone numbers, postcodes and the like: a signature names an organ, not a number.
static PHONE: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9]{3,}").unwrap());

static ENTITY: Lazy<Regex> = Lazy::new(|| Regex::new(r"&(?:[A-Za-z]{1,8}|#[0-9]{1,6});").unwrap());

/// A signature line without HTML entity residue (`国务院办公厅  &sp;` in web reprints).
fn clean(line: &str) -> String {
    ENTITY.replace_all(line, " ").trim().to_string()
}

/// A line that can stand in a signature block: a short name without sentence punctuation.
pub fn is_signature_line(line: &str) -> bool {
    let t = clean(line);
    let t = t.as_str();
    let n = t.chars().filter(|c| !c.is_whitespace()).count();
    // A placeholder signature may be Latin only (`Xxxxxxxxxxxxx` in a WPS template).
    let latin_name = n >= 2 && t.chars().all(|c| c.is_ascii_alphabetic());
    if n == 0 || n > 40 || t.contains('\t') || !(t.chars().any(is_han) || latin_name) {
        return false;
    }
    // `·` alone joins the parts of a name (`买买提·艾力`); a run of them is a leader.
    // Paired quotes may stand in a name (`唐山市“一港双城”（城镇化）工作委员会办公室`).
    if t.chars().any(|c| "。，；：:;,！？!?《》\"…".contains(c))
        || t.contains("··")
        || t.matches('“').count() != t.matches('”').count()
    {
        return false;
    }
    if t.starts_with("附件")
        || t.starts_with("附:")
        || t.starts_with("附：")
        || LIST_MARKER.is_match(t)
        || CLOSING.iter().any(|c| t.starts_with(c))
        || PHONE.is_match(t)
    {
        return false;
    }
    parse_date(t).is_none() && note_of_line(t).is_none() && standalone_doc_number(t).is_none()
}

/// A person signing (`总理　李克强`, `省长 XXX`).
pub fn signer_of_line(line: &str) -> Option<Signer> {
    let line = line.trim();
    let c = match PERSON.captures(line) {
        Some(c) => c,
        None => {
            let c = PERSON_TIGHT.captures(line)?;
            // `…局长办公室` is an organ and `市长热线` a word, not a title and a name.
            const NOT_NAMES: &[&str] = &["热线", "信箱", "助理", "办公", "职责", "任期"];
            if c["n"].ends_with(['会', '局', '室', '府', '厅', '部', '院', '处', '组'])
                || NOT_NAMES.iter().any(|w| c["n"].starts_with(w))
            {
                return None;
            }
            c
        }
    };
    let name: String = c["n"].chars().filter(|c| !c.is_whitespace()).collect();
    if name.chars().count() > 8 {
        return None;
    }
    Some(Signer {
        title: Some(c["t"].to_string()),
        name,
    })
}

/// The issuers on one signature line: joint documents may print them on one line separated
/// by spaces; otherwise spaces are justification and are removed.
pub fn split_issuers(line: &str) -> Vec<String> {
    // Justification can also cut a name (`吕梁市人民政府 办公室`): a generic tail or a
    // one- or two-character piece belongs to the part before it.
    let mut parts: Vec<String> = Vec::new();
    for p in line
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|p| !p.is_empty())
    {
        match parts.last_mut() {
            Some(prev) if p.chars().count() <= 2 || GENERIC_TAILS.contains(&p) => prev.push_str(p),
            _ => parts.push(p.to_string()),
        }
    }
    let organ = |p: &String| {
        p.chars().count() >= 2 && p.chars().last().is_some_and(|c| ORGAN_ENDINGS.contains(&c))
    };
    if parts.len() >= 2 && parts.iter().all(organ) {
        return parts;
    }
    // Two cells of a signature grid set close together, the left one wrapped in its cell
    // (`唐山市“一港双城”（城镇化）  唐山市住房和城乡建设局`, then `工作委员会办公室`): each
    // part starts a name of its own, and the last one is whole.
    if parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() >= 4 && grid::starts_a_name(p))
        && parts.last().is_some_and(organ)
    {
        return parts;
    }
    let s = squash_ws(line);
    if s.is_empty() { Vec::new() } else { vec![s] }
}

/// The signature rows right above line `date_line`, top-down, each row its cells (one
/// cell a line, or the cells of a grid row); `bottom` is a row printed on the date line
/// itself, left of the date (`工作委员会办公室⇥2019年3月29日`).
fn block_above(
    lines: &[&str],
    date_line: usize,
    floor: usize,
    bottom: Vec<String>,
) -> Vec<Vec<String>> {
    let mut block: Vec<Vec<String>> = Vec::new();
    if !bottom.is_empty() {
        block.push(bottom);
    }
    let mut j = date_line;
    while j > floor {
        j -= 1;
        let mut l = lines[j].trim().to_string();
        // A signing person's title and name on two lines (`市长` / `王某某`).
        if let Some(k) = (floor..j).rev().find(|&k| !lines[k].trim().is_empty())
            && signer_of_line(&format!("{}　{l}", lines[k].trim())).is_some()
            && signer_of_line(&l).is_none()
            && !organ_like(&l)
        {
            l = format!("{}　{l}", lines[k].trim());
            j = k;
        }
        let l = l.as_str();
        // Blank lines, and a bracketed seal placeholder between signature and date
        // (`（此处添加印章图片或文字说明）`, `（印章）`), do not end the block.
        if l.is_empty() || SEAL.is_match(l) {
            continue;
        }
        let row: Vec<String> = grid::cells(&grid::spaced_cells(&clean(l)))
            .into_iter()
            .map(clean)
            .collect();
        if row.is_empty() || !row.iter().all(|c| is_signature_line(c)) || block.len() >= 8 {
            break;
        }
        // Above the line nearest the date, only organ names (or a signing person) continue
        // the block: `王立伟为吕梁市副市长` in a 任免 list is not a signature. A name wrapped
        // in its cell (`唐山市“一港双城”（城镇化）`) continues it when the row below
        // completes it (`工作委员会办公室`).
        let below = block.last();
        // The rest of a wrapped name can take more than one line (`唐山市“一港双城”` /
        // `（城镇化）` / `工作委员会办公室`) and, in pdftotext's order, follow the next cell
        // (`…（城镇化）` / `…住房和城乡建设局` / `工作委员会办公室`): the lines below that
        // start no name of their own, nearest first, complete it.
        let completed = |c: &str| {
            let mut name = c.to_string();
            block
                .iter()
                .rev()
                .flatten()
                .filter(|x| !grid::starts_a_name(x))
                .take(3)
                .any(|x| {
                    name.push_str(x);
                    organ_like(&squash_ws(&name))
                })
        };
        // The line nearest the date may also be a Latin placeholder; a sentence without
        // a full stop (`请各单位认真落实`) is no signature.
        let fits = |c: &String| match below {
            None => is_latin_placeholder(c) || continues_block(c),
            Some(_) => continues_block(c) || completed(c),
        };
        let below_is_fragment = below.is_some_and(|b| b.iter().all(|x| is_fragment(x)));
        if !(below_is_fragment || row.iter().all(fits)) {
            break;
        }
        block.push(row);
    }
    block.reverse();
    block
}

/// An organ's name: ends in an organ word (`…府`, `…局`, `…委员会`), a trailing bracket
/// such as `（章）` aside.
fn organ_like(name: &str) -> bool {
    let base = match name.rfind(['（', '(']) {
        Some(i) if i > 0 && name.ends_with(['）', ')']) => &name[..i],
        _ => name,
    };
    base.chars()
        .last()
        .is_some_and(|c| ORGAN_ENDINGS.contains(&c))
}

fn is_latin_placeholder(line: &str) -> bool {
    let t = squash_ws(line);
    t.chars().count() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// The tail of a name wrapped onto its own line (`室`, `办公室`).
fn is_fragment(line: &str) -> bool {
    let name = squash_ws(line);
    name.chars().count() <= 2 || GENERIC_TAILS.contains(&name.as_str())
}

fn continues_block(line: &str) -> bool {
    signer_of_line(line).is_some()
        || is_fragment(line)
        || split_issuers(line).iter().all(|p| organ_like(p))
}

const GENERIC_TAILS: &[&str] = &[
    "办公室",
    "办公厅",
    "委员会",
    "领导小组",
    "工作领导小组",
    "指挥部",
    "联席会议",
    "中心支行",
];

/// Issuers and signer from a signature block: joint names on one line apart, names wrapped
/// in their cell (or an orphaned `室`) joined to the name above (see `grid`).
fn read_block(block: &[Vec<String>]) -> (Vec<String>, Option<Signer>) {
    let mut signer = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in block {
        if let [line] = row.as_slice() {
            if let Some(s) = signer_of_line(line) {
                signer.get_or_insert(s);
                continue;
            }
            rows.push(split_issuers(line));
        } else {
            rows.push(row.iter().map(|c| squash_ws(c)).collect());
        }
    }
    let mut issuers = grid::read_rows(&rows, organ_like, is_fragment);
    // An organ never signs twice: a repeat is the 版记's organ printed into the block.
    let mut seen = std::collections::HashSet::new();
    issuers.retain(|n| seen.insert(n.clone()));
    (issuers, signer)
}

static TRAILING_BRACKETS: Lazy<Relaxed> =
    Lazy::new(|| Relaxed::new(r"^(?P<d>.+?)\s*(?P<b>[（(][^（）()]{1,40}[）)])$"));

/// A 成文日期 line: the date alone, or followed on the same line by a note or a seal
/// placeholder (`2019年4月7日（此件公开发布）`). Returns the date and its printed text.
pub fn date_of_line(line: &str) -> Option<(NaiveDate, String)> {
    let t = line.trim();
    if let Some(d) = parse_date(t) {
        return Some((d, t.to_string()));
    }
    // A date with a note after it is short and ends with the note's bracket.
    if t.len() > 160 || !t.ends_with([')', '）']) {
        return None;
    }
    let c = TRAILING_BRACKETS.captures(t)?;
    let b = &c["b"];
    if note_of_line(b).is_none() && !SEAL.is_match(b) {
        return None;
    }
    parse_date(&c["d"]).map(|d| (d, c["d"].trim().to_string()))
}

/// A date line, or the last row of a signature grid with the date in its right cell:
/// the date, its printed text and the names left of it. A 版记 `…办公室⇥2019年3月26日印发`
/// holds the 印发日期, never a 成文日期: its cell is no date.
fn dated_row(line: &str) -> Option<(NaiveDate, String, Vec<String>)> {
    if !line.contains('\t')
        && let Some((d, raw)) = date_of_line(line)
    {
        return Some((d, raw, Vec::new()));
    }
    // A date cut into cells at a wide gap (`2019⇥年 4月7 日`, an OCR'd page): the cells
    // together are the date.
    if line.contains('\t')
        && let Some((d, raw)) = date_of_line(&line.replace('\t', " "))
    {
        return Some((d, raw, Vec::new()));
    }
    // `pdftotext -layout` sets the cells of a row apart with runs of spaces.
    let line = &*grid::spaced_cells(line);
    if !line.contains('\t') {
        return None;
    }
    let cells = grid::cells(line);
    let (last, names) = cells.split_last()?;
    let (d, raw) = date_of_line(last)?;
    let names: Vec<String> = names.iter().map(|c| clean(c)).collect();
    names
        .iter()
        .all(|c| is_signature_line(c) && continues_block(c))
        .then_some((d, raw, names))
}

fn prev_nonempty<'a>(lines: &[&'a str], i: usize, floor: usize) -> Option<&'a str> {
    lines[floor.min(i)..i]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

fn next_nonempty<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines
        .iter()
        .skip(i + 1)
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

/// Find the signature block and 成文日期 at or after line `from`.
pub fn find_signature(lines: &[&str], from: usize) -> Signature {
    let dates: Vec<(usize, NaiveDate)> = (from..lines.len())
        .filter_map(|i| dated_row(lines[i]).map(|(d, _, _)| (i, d)))
        .collect();
    let make = |i: usize, d: NaiveDate, issuers, signer| Signature {
        issuers,
        signer,
        date: Some(d),
        date_raw: dated_row(lines[i]).map(|(_, raw, _)| raw),
        date_line: Some(i),
    };
    for &(i, d) in &dates {
        let bottom = dated_row(lines[i]).map_or_else(Vec::new, |(_, _, names)| names);
        let block = block_above(lines, i, from, bottom);
        if !block.is_empty() {
            let (issuers, signer) = read_block(&block);
            return make(i, d, issuers, signer);
        }
    }
    // No signature printed: a date line still counts when a note follows it or it ends the
    // span (a reprint that kept only the date).
    for &(i, d) in &dates {
        match next_nonempty(lines, i) {
            None => return make(i, d, Vec::new(), None),
            Some(n) if note_of_line(n).is_some() => return make(i, d, Vec::new(), None),
            _ => {}
        }
    }
    // Or when it closes a paragraph (a wrapper whose signature was dropped in the reprint).
    if let Some(&(i, d)) = dates.first()
        && prev_nonempty(lines, i, from).is_some_and(|p| p.ends_with(['。', '！']))
    {
        return make(i, d, Vec::new(), None);
    }
    Signature::default()
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    LIST_MARKER.warm();
    PERSON.warm();
    PERSON_TIGHT.warm();
    SEAL.warm();
    PHONE.warm();
    ENTITY.warm();
    TRAILING_BRACKETS.warm();
}

#[cfg(test)]
mod tests;
