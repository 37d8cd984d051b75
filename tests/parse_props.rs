//! Property tests of the parse stage: parse_document never panics on arbitrary lines and
//! ranges, and a parsed 文号's normalised text parses back to itself.

use gazette::gongwen::date::parse_date;
use gazette::gongwen::doc_number::{parse_doc_number, standalone_doc_number};
use gazette::gongwen::references::find_references;
use gazette::parse::{SpanInput, parse_document};
use proptest::prelude::*;

fn real_lines() -> &'static [String] {
    static LINES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        std::fs::read_to_string("fixtures/lvliang-2019-01.txt")
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    })
}

/// Lines mixing the characters the parsers care about with arbitrary text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[吕政发办国务院令第号〔〕（）()\\[\\]【】０-９0-9年月日〇○零一二三十附件：:此件公开发布 　\\t.．、《》XxO]{0,30}",
        "[\\p{Han}]{0,12}〔(19|20)[0-9]{2}〕[0-9]{1,4} ?号",
    ]
}

fn doc_number_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\p{Han}]{1,8}[〔\\[［【(（]\\s?(19|20)[0-9０-９]{2}\\s?[〕\\]］】)）]第?[0-9０-９]{1,4} ?[号號]",
        "(国务院令|国令|中华人民共和国国务院令|交通运输部令|吕梁市人民政府令) ?(20[0-9]{2}年)?第[0-9]{1,4}号",
        "[\\p{Han}]{2,8}公告20[0-9]{2}年第[0-9]{1,3}号",
        "[\\p{Han}]{2,8}(19|20)[0-9]{2}[0-9]{1,3}号",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parse_document_never_panics(
        lines in prop::collection::vec(line(), 0..25),
        a in 0usize..30, b in 0usize..30, n in prop::option::of(0usize..30),
    ) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_document(SpanInput { lines: &refs, title_lines: a..b, number_line: n });
        let joined = refs.join("\n");
        let _ = find_references(&joined);
        for l in &refs {
            let _ = standalone_doc_number(l);
            let _ = parse_date(l);
        }
    }

    /// Arbitrary windows of the real issue, with arbitrary heading and number hints.
    #[test]
    fn parse_document_never_panics_on_real_windows(
        start in 0usize..1900, len in 0usize..400,
        a in 0usize..20, b in 0usize..20, n in prop::option::of(0usize..40),
    ) {
        let lines = real_lines();
        let start = start.min(lines.len());
        let end = (start + len).min(lines.len());
        let span: Vec<&str> = lines[start..end].iter().map(String::as_str).collect();
        let p = parse_document(SpanInput { lines: &span, title_lines: a..b, number_line: n });
        // Whatever is found is well-formed.
        if let Some(d) = &p.date {
            prop_assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
        }
        if let Some(d) = &p.doc_number {
            prop_assert_eq!(parse_doc_number(&d.text).map(|x| x.text), Some(d.text.clone()));
        }
    }

    #[test]
    fn doc_number_text_round_trips(s in doc_number_like()) {
        if let Some(d) = parse_doc_number(&s) {
            let again = parse_doc_number(&d.text).map(|x| x.text);
            prop_assert_eq!(again.as_deref(), Some(d.text.as_str()));
        }
    }
}

/// Text made of the pieces of 施行 and 有效期 clauses (and their look-alikes), shuffled.
fn clause_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("本办法".to_string()),
        Just("本通知".to_string()),
        Just("自".to_string()),
        Just("印发之日".to_string()),
        Just("公布之日".to_string()),
        Just("起".to_string()),
        Just("施行".to_string()),
        Just("实施".to_string()),
        Just("有效期".to_string()),
        Just("至".to_string()),
        Just("止".to_string()),
        Just("许可证".to_string()),
        Just("，".to_string()),
        Just("。".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("第三条".to_string()),
        "[0-9一二两三十]{1,3}(年|个月|日后|天后)",
        "(19|20|99)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日",
        "[二〇九]{4}年[一二十]{1,2}月[一二三十]{1,3}日",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// `in_force` never panics, and what it finds is well-formed: ISO dates, and a raw phrase
    /// taken from the text (line breaks removed).
    #[test]
    fn in_force_never_panics_and_quotes_the_text(
        body in clause_like(),
        date in prop::option::of((1i32..=9999, 1u32..=12, 1u32..=28)),
        wrapper in prop::option::of(prop_oneof![Just("印发"), Just("转发")]),
    ) {
        let date = date.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d));
        let r = gazette::parse::in_force::in_force(&body, date, wrapper);
        let flat: String = body.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        for c in [r.effective, r.valid_until].into_iter().flatten() {
            prop_assert!(!c.raw.is_empty());
            prop_assert!(flat.contains(&c.raw), "{:?} not in {:?}", c.raw, flat);
            if let Some(d) = &c.date {
                prop_assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(), "{d}");
            }
        }
    }
}
