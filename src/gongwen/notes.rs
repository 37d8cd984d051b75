//! 附注: bracket-only lines such as `（此件公开发布）` or `（本文有删减）`. Every note is kept;
//! the publication status is derived from the notes that state one. Notes can be misplaced
//! (after an attachment heading, at the end of an enclosed plan), so the whole span is searched.

use crate::gongwen::relaxed::Relaxed;

use regex::Regex;

use super::date::parse_date;
use super::doc_number::standalone_doc_number;
use crate::gongwen::lazy::Lazy;
use crate::model::{Publication, PublicationStatus};

static NOTE: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(r"^[（(〔\[［【](?P<n>[^（）()\[\]［］【】〔〕]{2,40})[）)〕\]］】]$")
});

const BARE_STATUS: &[&str] = &[
    "此件公开发布",
    "此件主动公开",
    "此件可公开发布",
    "此件依申请公开",
    "此件不予公开",
    "此件不公开",
];

/// The labelled form of later years: `公开方式：主动公开`, `公开属性：依申请公开`.
static BARE_LABELLED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:公开方式|公开属性|公开类型|信息公开选项)[：:](?:主动公开|依申请公开|不予公开|不公开|免予公开)。?$")
        .unwrap()
});

/// The note inside a bracket-only line, or None. Only the wording of notes is accepted
/// (`此件…`, `本文…`, `…公开…`), so `（一）` headings and bracketed 文号 are not notes.
pub fn note_of_line(line: &str) -> Option<String> {
    let t = line.trim();
    // A 附注 is one short bracketed line; body paragraphs are skipped cheaply.
    if t.len() > 600
        || !t.ends_with([')', '）', '。']) && !t.ends_with("公开") && !t.ends_with("发布")
    {
        return None;
    }
    // No note has more than 42 chars (a bracket, at most 40, a bracket; the bare forms
    // fewer): a longer line is no note, seen after 43 chars (`clean` asks this of the
    // rest of every long line at every space).
    if t.chars().filter(|c| !c.is_whitespace()).nth(42).is_some() {
        return None;
    }
    // Web reprints sometimes drop the brackets of a status note.
    let bare: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if BARE_STATUS.contains(&bare.trim_end_matches('。')) || BARE_LABELLED.is_match(&bare) {
        return Some(bare.trim_end_matches('。').to_string());
    }
    let c = NOTE.captures(t)?;
    let n: String = c["n"].chars().filter(|c| !c.is_whitespace()).collect();
    let n = n.trim_end_matches('。').to_string();
    if standalone_doc_number(t).is_some() {
        return None;
    }
    let is_note = ["此件", "本件", "此文", "本文", "此页", "本页", "此稿"]
        .iter()
        .any(|p| n.starts_with(p))
        || n.contains("公开")
        || n.contains("删减")
        || n.contains("删节")
        || n.contains("发至");
    if is_note && !n.contains('。') {
        Some(n)
    } else {
        None
    }
}

/// All notes of a span, in order, with their line index.
pub fn find_notes(lines: &[&str]) -> Vec<(usize, String)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            note_of_line(l)
                .or_else(|| note_after_date(l))
                .map(|n| (i, n))
        })
        .collect()
}

static AFTER_DATE: Lazy<Relaxed> =
    Lazy::new(|| Relaxed::new(r"^(?P<d>.+?)\s*(?P<b>[（(][^（）()]{1,40}[）)])$"));

/// A note printed on the date line itself: `2019年4月7日（此件公开发布）`.
fn note_after_date(line: &str) -> Option<String> {
    let t = line.trim();
    if t.len() > 160 || !t.ends_with([')', '）']) {
        return None;
    }
    let c = AFTER_DATE.captures(t)?;
    parse_date(&c["d"])?;
    note_of_line(&c["b"])
}

/// The publication status stated by the notes; None when no note states one (unknown).
pub fn publication_from_notes(notes: &[String]) -> Option<Publication> {
    notes.iter().find_map(|printed| {
        let n = &super::text::simplify(printed);
        let status = if n.contains("不予公开") || n.contains("不公开") || n.contains("免予公开")
        {
            PublicationStatus::NotPublic
        } else if n.contains("依申请公开") {
            PublicationStatus::OnRequest
        } else if n.contains("公开发布")
            || n.contains("主动公开")
            || n.contains("公开") && n.starts_with("此件")
        {
            PublicationStatus::Public
        } else {
            return None;
        };
        Some(Publication {
            text: printed.clone(),
            status,
        })
    })
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub fn warm() {
    NOTE.warm();
    BARE_LABELLED.warm();
    AFTER_DATE.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_note_and_one_char_more() {
        let forty = "此件公开发布".to_string() + &"公".repeat(34);
        assert_eq!(forty.chars().count(), 40);
        assert_eq!(note_of_line(&format!("（{forty}）")), Some(forty.clone()));
        // Spaces count inside the brackets: 42 chars there is too many.
        assert_eq!(note_of_line(&format!("（ {forty} ）")), None);
        assert_eq!(note_of_line(&format!("（{forty}公）")), None);
    }

    fn status(line: &str) -> Option<PublicationStatus> {
        let n = note_of_line(line)?;
        publication_from_notes(&[n]).map(|p| p.status)
    }

    #[test]
    fn traditional_note_states_the_status() {
        let p = publication_from_notes(&["此件公開發布".to_string()]).unwrap();
        assert_eq!(
            (p.text.as_str(), p.status),
            ("此件公開發布", PublicationStatus::Public)
        );
    }

    #[test]
    fn status_notes_full_and_half_width() {
        assert_eq!(status("（此件公开发布）"), Some(PublicationStatus::Public));
        assert_eq!(status("(此件公开发布)"), Some(PublicationStatus::Public));
        assert_eq!(status("（此件主动公开）"), Some(PublicationStatus::Public));
        assert_eq!(
            status("（此件可公开发布）"),
            Some(PublicationStatus::Public)
        );
        assert_eq!(
            status("（此件依申请公开）"),
            Some(PublicationStatus::OnRequest)
        );
        assert_eq!(
            status("（此件不予公开）"),
            Some(PublicationStatus::NotPublic)
        );
        assert_eq!(status("（此件不公开）"), Some(PublicationStatus::NotPublic));
        assert_eq!(
            status(" （此件公开发布） "),
            Some(PublicationStatus::Public)
        );
    }

    #[test]
    fn other_notes_are_kept_but_state_nothing() {
        assert_eq!(
            note_of_line("（此件发至县团级）").as_deref(),
            Some("此件发至县团级")
        );
        assert_eq!(
            note_of_line("（本文有删减）").as_deref(),
            Some("本文有删减")
        );
        assert_eq!(status("（本文有删减）"), None);
        let p = publication_from_notes(&["本文有删减".into(), "此件公开发布".into()]).unwrap();
        assert_eq!(p.text, "此件公开发布");
    }

    #[test]
    fn not_notes() {
        for l in [
            "（一）",
            "（国办发〔2019〕4号）",
            "（二十五）深化安全生产专项整治。",
            "（以下简称领导小组）",
            "此件公开发布的通知要求",
        ] {
            assert_eq!(note_of_line(l), None, "{l}");
        }
    }

    #[test]
    fn labelled_status_notes() {
        assert_eq!(
            status("（公开方式：主动公开）"),
            Some(PublicationStatus::Public)
        );
        assert_eq!(
            status("公开方式：主动公开"),
            Some(PublicationStatus::Public)
        );
        assert_eq!(
            status("公开属性：依申请公开"),
            Some(PublicationStatus::OnRequest)
        );
        assert_eq!(
            status("公开方式：不予公开"),
            Some(PublicationStatus::NotPublic)
        );
    }

    #[test]
    fn absent_means_unknown() {
        assert_eq!(publication_from_notes(&[]), None);
        assert_eq!(publication_from_notes(&["此件发至县团级".into()]), None);
    }

    #[test]
    fn bare_status_and_inner_full_stop() {
        assert_eq!(status("此件公开发布"), Some(PublicationStatus::Public));
        assert_eq!(
            status("（此件公开发布。）"),
            Some(PublicationStatus::Public)
        );
    }

    #[test]
    fn note_on_the_date_line() {
        assert_eq!(
            find_notes(&["2019年4月7日（此件公开发布）"]),
            vec![(0, "此件公开发布".to_string())]
        );
        assert!(find_notes(&["按期完成（此件公开发布）"]).is_empty());
    }

    #[test]
    fn misplaced_notes_are_found_anywhere() {
        let lines = ["附件:某目录", "", "某目录", "(此件公开发布)", "类别\t名称"];
        assert_eq!(find_notes(&lines), vec![(3, "此件公开发布".to_string())]);
    }
}
