//! Signature blocks and 成文日期 on real variants.

use super::*;

fn sig(lines: &[&str]) -> Signature {
    find_signature(lines, 0)
}

#[test]
fn single_issuer_and_date() {
    let s = sig(&[
        "正文。",
        "",
        "吕梁市人民政府",
        "2019年4月7日",
        "",
        "（此件公开发布）",
    ]);
    assert_eq!(s.issuers, ["吕梁市人民政府"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 7));
    assert_eq!(s.date_raw.as_deref(), Some("2019年4月7日"));
    assert_eq!(s.date_line, Some(3));
}

#[test]
fn joint_one_per_line_lead_first() {
    let s = sig(&[
        "正文。",
        "吕梁市发展和改革委员会",
        "中国人民银行吕梁市中心支行",
        "中共吕梁市委机构编制委员会办公室",
        "",
        "2019年2月26日",
    ]);
    assert_eq!(
        s.issuers,
        [
            "吕梁市发展和改革委员会",
            "中国人民银行吕梁市中心支行",
            "中共吕梁市委机构编制委员会办公室"
        ]
    );
}

#[test]
fn joint_on_one_line_with_ideographic_spaces() {
    let s = sig(&[
        "正文。",
        "国务院　中央军委　　　",
        "",
        "一九九六年十一月五日",
    ]);
    assert_eq!(s.issuers, ["国务院", "中央军委"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(1996, 11, 5));
}

#[test]
fn trailing_spaces_and_spaced_date() {
    let s = sig(&["正文。", "国务院办公厅       　", "2019 年 6 月 1 日"]);
    assert_eq!(s.issuers, ["国务院办公厅"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 6, 1));
}

#[test]
fn orphaned_fragment() {
    let s = sig(&[
        "正文。",
        "吕梁市人民政府办公室",
        "",
        "室",
        "",
        "2019年5月28日",
    ]);
    assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
    let s = sig(&["正文。", "吕梁市人民政府办公", "室", "2019年5月28日"]);
    assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
}

#[test]
fn closing_formula_and_phone_are_not_signatures() {
    let s = sig(&["请抓紧办理。", "特此通知", "吕梁市人民政府", "2019年4月7日"]);
    assert_eq!(s.issuers, ["吕梁市人民政府"]);
    let s = sig(&["此复", "国务院", "2018年11月20日"]);
    assert_eq!(s.issuers, ["国务院"]);
    assert!(!is_signature_line("联系电话 0358 8221234"));
}

#[test]
fn justified_name_is_one_issuer_joint_names_are_several() {
    assert_eq!(
        split_issuers("吕梁市人民政府 办公室"),
        ["吕梁市人民政府办公室"]
    );
    assert_eq!(split_issuers("吕 梁 市 人 民 政 府"), ["吕梁市人民政府"]);
    assert_eq!(
        split_issuers("财政部　税务总局　海关总署"),
        ["财政部", "税务总局", "海关总署"]
    );
    assert_eq!(
        split_issuers("共青团中央 全国妇联"),
        ["共青团中央", "全国妇联"]
    );
    assert_eq!(split_issuers("国务院、中央军委"), ["国务院", "中央军委"]);
}

#[test]
fn name_with_middle_dot() {
    let s = sig(&["现予公布。", "主席　买买提·艾力", "2019年1月1日"]);
    assert_eq!(s.signer.unwrap().name, "买买提·艾力");
    assert!(!is_signature_line("关于做好安全生产工作的通知·····"));
}

#[test]
fn sentence_without_full_stop_is_not_a_signature() {
    let s = sig(&["请各单位认真落实", "2019年4月7日", "某某方案"]);
    assert!(s.issuers.is_empty());
    let s = sig(&["正文。", "吕梁市人民政府（章）", "2019年4月7日"]);
    assert_eq!(s.issuers, ["吕梁市人民政府（章）"]);
}

#[test]
fn appointment_list_is_not_a_signature() {
    let s = sig(&[
        "决定任命：",
        "王立伟为吕梁市副市长",
        "吕梁市人民政府",
        "2019年4月7日",
    ]);
    assert_eq!(s.issuers, ["吕梁市人民政府"]);
}

#[test]
fn wrapped_name_leaves_generic_tail() {
    let s = sig(&["正文。", "吕梁市人民政府", "办公室", "2019年5月28日"]);
    assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
}

#[test]
fn date_closing_a_paragraph_without_signature() {
    let s = sig(&[
        "现印发给你们，请认真贯彻执行。",
        "2019年1月10日",
        "某某实施方案",
        "一、总体要求",
    ]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 1, 10));
    assert!(s.issuers.is_empty());
}

#[test]
fn decree_signer() {
    let s = sig(&[
        "现予公布，自2019年1月1日起施行。",
        "",
        "总理　　李克强",
        "",
        "2018年12月18日",
    ]);
    assert!(s.issuers.is_empty());
    assert_eq!(
        s.signer,
        Some(Signer {
            title: Some("总理".into()),
            name: "李克强".into()
        })
    );
    assert_eq!(signer_of_line("省长 楼阳生").unwrap().name, "楼阳生");
}

#[test]
fn wrapper_date_before_enclosed_document() {
    let s = sig(&[
        "现将《办法》印发给你们，请认真组织实施。",
        "吕梁市人民政府",
        "2019年5月24日",
        "吕梁市残疾儿童康复救助制度实施办法",
        "第一条 本办法自2019年6月1日起施行。",
        "吕梁市残联",
        "2019年6月1日",
    ]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 5, 24));
    assert_eq!(s.issuers, ["吕梁市人民政府"]);
}

#[test]
fn attachment_list_and_body_dates_are_not_signatures() {
    let s = sig(&[
        "三、清明节：4月5日放假，与周末连休。",
        "附件 1. “双公示”信息填报说明",
        "2. “双公示”工作台账",
        "吕梁市发展和改革委员会",
        "2019 年 6 月 12 日",
    ]);
    assert_eq!(s.issuers, ["吕梁市发展和改革委员会"]);
}

#[test]
fn missing_signature_and_date() {
    let s = sig(&["正文。", "附件:全市目标分解表", "附件", "县 别\t乡镇数"]);
    assert_eq!(s, Signature::default());
    // A date line right after the body, followed by nothing, is the date without issuer.
    let s = sig(&["正文。", "2019年1月1日"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 1, 1));
    assert!(s.issuers.is_empty());
}

#[test]
fn latin_placeholder_and_seal_placeholder() {
    let s = sig(&[
        "正文部分",
        "联系人：xxxxx",
        "Xxxxxxxxxxxxx",
        "2012 年 12 月 12 日",
        "抄送：教育局。",
    ]);
    assert_eq!(s.issuers, ["Xxxxxxxxxxxxx"]);
    let s = sig(&[
        "以上内容用于验证。",
        "BJTU 单位",
        "（此处添加印章图片或文字说明）",
        "二〇二三年一月一日",
    ]);
    assert_eq!(s.issuers, ["BJTU单位"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2023, 1, 1));
}

#[test]
fn date_and_note_on_one_line() {
    let s = sig(&["正文。", "吕梁市人民政府", "2019年4月7日（此件公开发布）"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 7));
    assert_eq!(s.date_raw.as_deref(), Some("2019年4月7日"));
    assert_eq!(date_of_line("2019年4月7日（另行通知）"), None);
}

#[test]
fn html_entity_residue_in_web_reprints() {
    let s = sig(&[
        "正文。",
        "国务院办公厅         &sp;",
        "一九九六年七月十七日",
    ]);
    assert_eq!(s.issuers, ["国务院办公厅"]);
}

#[test]
fn signature_line_shapes() {
    assert!(is_signature_line("吕梁市人民政府办公室"));
    assert!(!is_signature_line("一、总体要求"));
    assert!(!is_signature_line("（一）指导思想。"));
    assert!(!is_signature_line("联系人：向东"));
    assert!(!is_signature_line("吕政发〔2019〕2号"));
    assert!(!is_signature_line("类别\t名称"));
}

// Joint signature grids as `gazette extract` prints the four real 唐港城办发〔2019〕 PDFs
// (../shared/corpus/real/pdf/tangshan-*): cells apart by a tab, a long name wrapped in its
// cell, the date under the grid or in the right cell of its last row, then the 版记.
#[test]
fn grid_of_two_with_the_lead_name_wrapped_and_the_date_below() {
    let s = sig(&[
        "施工图审查处理意见，是审图机构对项目是否具备签订承诺书的建议意见。",
        "唐山市“一港双城”（城镇化）\t唐山市住房和城乡建设局",
        "工作委员会办公室",
        "2019 年4月10日",
        "唐山市“一港双城”（城镇化）工作委员会办公室\t2019 年 4 月 10 日印发",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市住房和城乡建设局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 10));
    assert_eq!(s.date_line, Some(3));
}

#[test]
fn grid_with_the_date_in_the_last_rows_right_cell() {
    let s = sig(&[
        "现将《办法》印发给你们，请认真贯彻执行。",
        "唐山市“一港双城”（城镇化）\t唐山市自然资源和规划局",
        "工作委员会办公室\t2019年3月29日",
        "唐山市告知承诺制办理建设工程规划预许可管理办法（试行）",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市自然资源和规划局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 3, 29));
    assert_eq!(s.date_raw.as_deref(), Some("2019年3月29日"));
}

#[test]
fn grid_of_four_in_two_rows() {
    let s = sig(&[
        "现将流程图印发给你们，请遵照执行。",
        "唐山市“一港双城”（城镇化）\t唐山市自然资源和规划局",
        "工作委员会办公室",
        "唐山市住房和城乡建设局\t唐山市行政审批局",
        "2019年3月28 日",
        "政府投资房屋建筑项目审批流程图",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市自然资源和规划局",
            "唐山市住房和城乡建设局",
            "唐山市行政审批局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 3, 28));
}

#[test]
fn banji_print_date_is_never_the_date() {
    // No signature, no 成文日期: only the 版记 with its 印发日期.
    let s = sig(&[
        "请遵照执行。",
        "唐山市“一港双城”（城镇化）工作委员会办公室\t2019 年 3 月 26 日印发",
    ]);
    assert_eq!(s, Signature::default());
    assert!(dated_row("某某办公室\t2019年3月26日印发").is_none());
    // A body table row is no grid: its cells are not names.
    assert!(dated_row("完成时间\t2019年6月30日").is_none());
}

#[test]
fn wrapped_name_on_lines_of_its_own() {
    let s = sig(&[
        "正文。",
        "唐山市“一港双城”（城镇化）",
        "工作委员会办公室",
        "2019年4月10日",
    ]);
    assert_eq!(s.issuers, ["唐山市“一港双城”（城镇化）工作委员会办公室"]);
}

#[test]
fn grid_cells_set_close_together_read_as_cells() {
    // The cells of a grid row only 1.5 em apart come out as one line with a space (a
    // reportlab-typeset joint 通知; pdftotext prints such rows the same way).
    let s = sig(&[
        "二、检测报告实行网上备案。",
        "丰南区“一港双城”（城镇化） 丰南区住房和城乡建设局",
        "工作委员会办公室",
        "丰南区市场监督管理局\t丰南区行政审批局",
        "2020年5月8日",
    ]);
    assert_eq!(
        s.issuers,
        [
            "丰南区“一港双城”（城镇化）工作委员会办公室",
            "丰南区住房和城乡建设局",
            "丰南区市场监督管理局",
            "丰南区行政审批局"
        ]
    );
    // With the date in the right cell of the last row.
    let s = sig(&[
        "现将《办法》印发给你们，请认真贯彻执行。",
        "丰南区“一港双城”（城镇化）  丰南区自然资源和规划局",
        "工作委员会办公室\t2020年4月2日",
    ]);
    assert_eq!(
        s.issuers,
        [
            "丰南区“一港双城”（城镇化）工作委员会办公室",
            "丰南区自然资源和规划局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2020, 4, 2));
    // A justified single name stays one name.
    assert_eq!(
        split_issuers("吕梁市人民政府 办公室"),
        ["吕梁市人民政府办公室"]
    );
}

#[test]
fn signer_set_without_a_gap() {
    let s = sig(&[
        "现予公布，自2011年1月1日起施行。",
        "市长王某某",
        "二○一○年十一月十日",
    ]);
    let signer = s.signer.expect("signer");
    assert_eq!(
        (signer.title.as_deref(), signer.name.as_str()),
        (Some("市长"), "王某某")
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2010, 11, 10));
    assert_eq!(
        signer_of_line("国务院总理李克强").map(|s| s.name),
        Some("李克强".into())
    );
    // An organ or a word is no person: `…局长办公室`, `市长热线`, `市长助理`.
    assert!(signer_of_line("市局长办公室").is_none());
    assert!(signer_of_line("市长热线").is_none());
    assert!(signer_of_line("副市长助理").is_none());
}

#[test]
fn rows_as_pdftotext_prints_them() {
    // `pdftotext -layout`: the date in the right cell of the last row, apart by spaces.
    let s = sig(&[
        "现将《办法》印发给你们，请认真贯彻执行。",
        "唐山市“一港双城”（城镇化）        唐山市自然资源和规划局",
        "     工作委员会办公室                 2019 年 3 月 29 日",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市自然资源和规划局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 3, 29));
    // pdftotext without -layout: a wrapped name over three lines, cell after cell, and
    // the 版记's organ printed into the block (it repeats the lead issuer).
    let s = sig(&[
        "（二）市政、园林管理部门修复补偿手续，2 个工作日办结。",
        "唐山市“一港双城”",
        "（城镇化）",
        "工作委员会办公室",
        "唐山市“一港双城”",
        "（城镇化）工作委员会办公室",
        "唐山市行政审批局",
        "2019 年 3 月 26 日",
        "2019 年 3 月 26 日印发",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市行政审批局"
        ]
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 3, 26));
    let s = sig(&[
        "唐山市“一港双城”（城镇化）",
        "唐山市交通运输局",
        "工作委员会办公室",
        "2020年3月12日",
    ]);
    assert_eq!(
        s.issuers,
        [
            "唐山市“一港双城”（城镇化）工作委员会办公室",
            "唐山市交通运输局"
        ]
    );
    // A justified name cut before its tail stays one name.
    let s = sig(&["正文。", "吕梁市人民政府   办公室", "2019年4月7日"]);
    assert_eq!(s.issuers, ["吕梁市人民政府办公室"]);
}

#[test]
fn signer_title_and_name_on_two_lines() {
    let s = sig(&[
        "现予公布，自2011年1月1日起施行。",
        "市长",
        "",
        "王某某",
        "",
        "二○一○年十一月十日",
    ]);
    let signer = s.signer.expect("signer");
    assert_eq!(
        (signer.title.as_deref(), signer.name.as_str()),
        (Some("市长"), "王某某")
    );
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2010, 11, 10));
}

#[test]
fn a_date_cut_into_cells() {
    // gazette_two scan, 吕政发〔2019〕2号: the layout set `2019` apart from `年` by a tab.
    let s = sig(&[
        "进我市应急管理信息化建设发展。",
        "吕梁市人民政府",
        "2019\t年 4月7 日",
        "（此件公开发布）",
    ]);
    assert_eq!(s.issuers, ["吕梁市人民政府"]);
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 4, 7));
}
