//! The issue's masthead: gazette name, publisher, date and number as printed on the
//! cover (`2019年7月1日 第1号`, `2024年第5、6期（总第738期）`, 增刊, `2019•1`).

use crate::gongwen::relaxed::Relaxed;

use regex::Regex;

use crate::gongwen::lazy::Lazy;
use crate::gongwen::text::{fold_chars, strip_ws};
use crate::model::{Gazette, IssueKind};

static NAME: Lazy<Relaxed> = Lazy::new(|| Relaxed::new(r"(\p{Han}{2,30}公报)"));
static PUBLISHER: Lazy<Relaxed> = Lazy::new(|| {
    Relaxed::new(
        r"^(?:主办单位|主办|编辑出版|编印|出版)?[：:]?(\p{Han}{2,30}(?:办公室|办公厅|编辑部|编辑委员会))$",
    )
});
static ISSUE_NO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"第([0-9]{1,3}(?:[、,，\-—－至][0-9]{1,3})*)[号期]").unwrap());
static TOTAL: Lazy<Regex> = Lazy::new(|| Regex::new(r"总第([0-9]{1,5})[号期]").unwrap());
static DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日").unwrap());
static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"([0-9]{4})年").unwrap());
static COVER_LABEL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{4})\s*[•·。.\-－/]\s*([0-9]{1,2})$").unwrap());

/// Reads the masthead from the front matter (the lines before the first document).
pub fn parse_masthead(front: &[&str]) -> Gazette {
    let mut g = Gazette::default();
    for raw in front {
        let line = fold_chars(raw.trim());
        let tight = strip_ws(&line);
        if g.name.is_none()
            && let Some(c) = NAME.captures(&tight)
        {
            g.name = Some(c[1].to_string());
            continue;
        }
        if g.publisher.is_none()
            && let Some(c) = PUBLISHER.captures(&tight)
        {
            g.publisher = Some(c[1].to_string());
            continue;
        }
        let labelled =
            ISSUE_NO.is_match(&tight) || tight.contains("增刊") || tight.contains("特刊");
        if labelled && tight.chars().count() <= 40 {
            // Covers repeat the label; a later one may add the date (`2019年第4号`,
            // then `2019年2月10日第4号`): the one with the date wins.
            if g.label.is_none() || g.published.is_none() && DATE.is_match(&tight) {
                read_label(&mut g, raw.trim(), &tight);
            }
            continue;
        }
        if g.issues.is_empty()
            && let Some(c) = COVER_LABEL.captures(&tight)
        {
            g.year = c[1].parse().ok();
            g.issues = c[2].parse().ok().into_iter().collect();
        }
    }
    if g.kind.is_none() && !g.issues.is_empty() {
        g.kind = Some(if g.issues.len() > 1 {
            IssueKind::Combined
        } else {
            IssueKind::Regular
        });
    }
    g
}

fn read_label(g: &mut Gazette, raw: &str, tight: &str) {
    g.label = Some(raw.to_string());
    let no_total = TOTAL.replace(tight, "");
    if let Some(c) = ISSUE_NO.captures(&no_total) {
        g.issues = expand_issue_numbers(&c[1]);
    }
    g.issue_total = TOTAL.captures(tight).and_then(|c| c[1].parse().ok());
    if let Some(c) = DATE.captures(tight) {
        let (y, m, d) = (c[1].parse().ok(), c[2].parse().ok(), c[3].parse().ok());
        if let (Some(y), Some(m), Some(d)) = (y, m, d)
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
        {
            g.published = Some(date.format("%Y-%m-%d").to_string());
            g.year = Some(y);
        }
    }
    if g.year.is_none() {
        g.year = YEAR.captures(tight).and_then(|c| c[1].parse().ok());
    }
    g.kind = Some(if tight.contains("增刊") {
        IssueKind::Supplement
    } else if tight.contains("特刊") {
        IssueKind::Special
    } else if g.issues.len() > 1 {
        IssueKind::Combined
    } else {
        IssueKind::Regular
    });
}

/// `5、6` → [5, 6]; `5-7` → [5, 6, 7].
fn expand_issue_numbers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in s.split(['、', ',', '，']) {
        let bounds: Vec<u32> = part
            .split(['-', '—', '－', '至'])
            .filter_map(|x| x.parse().ok())
            .collect();
        match bounds.as_slice() {
            [a] => out.push(*a),
            [a, b] if a <= b && b - a < 12 => out.extend(*a..=*b),
            _ => {}
        }
    }
    out
}

/// Compiles this module's regexes ahead of their first use (see `pipeline::warm_up`).
pub(crate) fn warm() {
    NAME.warm();
    PUBLISHER.warm();
    ISSUE_NO.warm();
    TOTAL.warm();
    DATE.warm();
    YEAR.warm();
    COVER_LABEL.warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lvliang_masthead() {
        let g = parse_masthead(&[
            "吕梁市人民政府公报",
            "LVLiangSHI RENMIN",
            "2019。1",
            "吕梁市人民政府办公室",
            "吕梁市人民政府公报",
            "吕梁市人民政府办公室",
            "2019年7月1日 第1号",
        ]);
        assert_eq!(g.name.as_deref(), Some("吕梁市人民政府公报"));
        assert_eq!(g.publisher.as_deref(), Some("吕梁市人民政府办公室"));
        assert_eq!(g.year, Some(2019));
        assert_eq!(g.issues, vec![1]);
        assert_eq!(g.published.as_deref(), Some("2019-07-01"));
        assert_eq!(g.label.as_deref(), Some("2019年7月1日 第1号"));
        assert_eq!(g.kind, Some(IssueKind::Regular));
    }

    #[test]
    fn reads_combined_and_total_numbers() {
        let g = parse_masthead(&["某某市人民政府公报", "2024年第5、6期（总第738期）"]);
        assert_eq!(g.issues, vec![5, 6]);
        assert_eq!(g.issue_total, Some(738));
        assert_eq!(g.year, Some(2024));
        assert_eq!(g.kind, Some(IssueKind::Combined));
        let g = parse_masthead(&["某某省人民政府公报", "2020年增刊"]);
        assert_eq!(g.kind, Some(IssueKind::Supplement));
    }

    #[test]
    fn a_later_label_with_the_date_completes_the_first() {
        let g = parse_masthead(&[
            "中华人民共和国国务院公报",
            "2019年第4号",
            "国务院办公厅",
            "2019年2月10日第4号",
        ]);
        assert_eq!(g.published.as_deref(), Some("2019-02-10"));
        assert_eq!(g.issues, vec![4]);
        assert_eq!(g.publisher.as_deref(), Some("国务院办公厅"));
    }
}
