//! Property tests: segment and parse never panic on arbitrary text, and document
//! spans never overlap and stay inside the text.

use proptest::prelude::*;

/// Lines drawn from the shapes gazettes hold, so the generator reaches the
/// interesting branches (numbers, dates, TOC, notes) and not only noise.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[关于印发转发的通知意见办法决定]{2,20}",
        "[吕国晋政办发]{1,5}[〔\\[(（]20[0-9]{2}[〕\\])）] ?[0-9０-９]{1,3} ?号",
        "第[0-9]{1,3}号",
        "[一二三〇○]{0,4}年[0-9十]{1,2}月[0-9一二]{1,2}日",
        "20[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日",
        "[（(]此件[公开发布依申请不予]{2,5}[)）]",
        "附件[：: 0-9.．]{0,3}.{0,12}",
        "目 ?录",
        ".{1,20}\t[0-9]{1,3}",
        "[\\p{Han}]{2,10}令",
        "\u{c}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn pipeline_never_panics_and_spans_tile(lines in prop::collection::vec(line(), 0..60)) {
        let text = lines.join("\n");
        let issue = gazette::pipeline::convert_bytes(std::path::Path::new("p.txt"), "p.txt", text.as_bytes());
        if let Ok(issue) = issue {
            let mut prev_end = 0;
            for d in &issue.documents {
                prop_assert!(d.lines.start > prev_end, "spans overlap: {:?}", d.lines);
                prop_assert!(d.lines.start <= d.lines.end + 1);
                prev_end = d.lines.end;
            }
        }
    }

    #[test]
    fn segment_spans_never_overlap(lines in prop::collection::vec(line(), 0..60)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let seg = gazette::segment::segment(&refs);
        let mut prev_end = 0;
        for s in &seg.segments {
            prop_assert!(s.span.start >= prev_end);
            prop_assert!(s.span.end <= refs.len());
            prop_assert!(s.title_lines.start >= s.span.start && s.title_lines.end <= s.span.end);
            prev_end = s.span.end;
        }
    }
}
