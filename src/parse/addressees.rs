//! 主送机关: the line(s) after the title and 文号 ending in `：`/`:`, before the body. Names
//! are separated by `，` or `、`, but `、` also occurs inside a name (`市人民政府各委、办、局`),
//! so the raw string is kept.

/// Body openings that end in a colon but address nobody (`现就有关事项通知如下：`).
const BODY_MARKERS: &[&str] = &[
    "如下",
    "现将",
    "现就",
    "为了",
    "为进一步",
    "根据",
    "按照",
    "经研究",
    "决定",
    "公布",
    "批准",
    "特此",
];

/// The addressees starting at line `from` (up to three printed lines), without the colon,
/// and the index of the line that ends them.
pub fn find_addressees(lines: &[&str], from: usize) -> Option<(String, usize)> {
    let mut acc = String::new();
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        // A labelled form (版记 style or some reprints): `主送：A，B。`
        if seen == 1
            && let Some(rest) = t
                .strip_prefix("主送机关")
                .or_else(|| t.strip_prefix("主送"))
        {
            let rest = rest
                .trim_start_matches(['：', ':', ' ', '　'])
                .trim_end_matches(['。', '；']);
            return (!rest.is_empty()).then(|| (rest.trim().to_string(), i));
        }
        if seen > 3
            || t.contains('。')
            || t.contains('\t')
            || acc.chars().count() + t.chars().count() > 400
        {
            return None;
        }
        acc.push_str(t);
        if let Some(stripped) = acc.strip_suffix('：').or_else(|| acc.strip_suffix(':')) {
            if BODY_MARKERS.iter().any(|m| stripped.contains(m)) {
                return None;
            }
            let s = stripped.trim().to_string();
            return (!s.is_empty()).then_some((s, i));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_full_and_half_width_colon() {
        let l = [
            "",
            "各县（市、区）人民政府，市人民政府各委、办、局，市直企、事业单位：",
            "正文。",
        ];
        assert_eq!(
            find_addressees(&l, 0),
            Some((
                "各县（市、区）人民政府，市人民政府各委、办、局，市直企、事业单位".into(),
                1
            ))
        );
        let l = ["各县市区人民政府,市人民政府各委、办、局:"];
        assert_eq!(
            find_addressees(&l, 0).unwrap().0,
            "各县市区人民政府,市人民政府各委、办、局"
        );
        assert_eq!(
            find_addressees(&["教育部：", "你部请示收悉。"], 0)
                .unwrap()
                .0,
            "教育部"
        );
    }

    #[test]
    fn wrapped_over_two_lines() {
        let l = [
            "各省、自治区、直辖市人民政府，",
            "国务院各部委、各直属机构：",
            "正文。",
        ];
        assert_eq!(
            find_addressees(&l, 0).unwrap(),
            (
                "各省、自治区、直辖市人民政府，国务院各部委、各直属机构".into(),
                1
            )
        );
    }

    #[test]
    fn labelled_form() {
        assert_eq!(
            find_addressees(&["主送：各县（市、区）人民政府，市直各单位。"], 0)
                .unwrap()
                .0,
            "各县（市、区）人民政府，市直各单位"
        );
    }

    #[test]
    fn body_is_not_an_addressee() {
        assert_eq!(
            find_addressees(
                &["2019 年，全市安全生产工作要以……为指导。现就做好 2019 年安全生产工作通知如下："],
                0
            ),
            None
        );
        assert_eq!(
            find_addressees(&["为进一步加强管理，现通知如下："], 0),
            None
        );
        assert_eq!(
            find_addressees(&["现予公布，自2019年1月1日起施行。", "总理　李克强"], 0),
            None
        );
        assert_eq!(find_addressees(&["国务院决定："], 0), None);
    }
}
