//! Joint signatures set as a grid (GB/T 9704-2012 §7.3.5): the issuers side by side, two a
//! row, a long name wrapped onto a second line inside its cell, the 成文日期 under the last
//! row or in its right cell. Layout prints a row with a tab between its cells
//! (`唐山市“一港双城”（城镇化）⇥唐山市住房和城乡建设局` / `工作委员会办公室⇥2019 年 4 月 10 日`);
//! text without tabs prints one name a line. Either way a line that completes a name left
//! open above it (`…（城镇化）` does not end like an organ) is that name's second line.

/// The cells of a row: tab-separated parts, trimmed, empty ones dropped.
pub fn cells(line: &str) -> Vec<&str> {
    line.split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// A row as `pdftotext -layout` prints it, cells apart by runs of spaces
/// (`工作委员会办公室        2019 年 3 月 29 日`), with tabs between the cells. Three or more
/// spaces part cells; a date's own spaces (`2019 年 3 月`) and justification stay.
pub fn spaced_cells(line: &str) -> std::borrow::Cow<'_, str> {
    let t = line.trim();
    if !t.contains("   ") {
        return t.into();
    }
    let cells: Vec<&str> = t
        .split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // A justified name cut before its tail (`吕梁市人民政府   办公室`) is one cell.
    let whole = |c: &&str| c.chars().filter(|c| !c.is_whitespace()).count() >= 4;
    if cells.len() < 2 || !cells.iter().all(whole) {
        return t.into();
    }
    cells.join("\t").into()
}

/// Does a cell begin a name of its own (`吕梁市…`, `中共…`, `国家…`), rather than the second
/// line of a wrapped one (`工作委员会办公室`)? Names start with their place or body.
pub fn starts_a_name(cell: &str) -> bool {
    const PLACE: &[char] = &['省', '市', '县', '区', '州', '盟', '旗'];
    const BODIES: &[&str] = &["中共", "中国", "中华", "国家", "国务院", "共青团", "全国"];
    cell.chars().take(5).any(|c| PLACE.contains(&c)) || BODIES.iter().any(|b| cell.starts_with(b))
}

/// Whole names from the rows of a signature block, top-down; each row holds its cells'
/// text. `complete` tells a finished name (`…局`, `…办公室`) from one wrapped in its cell;
/// `fragment` a tail that can only continue the name above (`室`, `办公室`).
pub fn read_rows(
    rows: &[Vec<String>],
    complete: impl Fn(&str) -> bool,
    fragment: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // Indexes into `names` of the previous row's cells.
    let mut above: Vec<usize> = Vec::new();
    for row in rows {
        let mut open: Vec<usize> = above
            .iter()
            .copied()
            .filter(|&k| !complete(&names[k]))
            .collect();
        let tails = row.iter().all(|c| fragment(c));
        if open.is_empty() && !tails && !row.iter().any(|c| starts_a_name(c)) {
            // pdftotext prints a grid row cell after cell, so the second line of a wrapped
            // name may come after the next cell: it finishes the latest names still open.
            open = (0..names.len())
                .rev()
                .filter(|&k| !complete(&names[k]))
                .take(row.len())
                .collect();
            open.reverse();
        }
        if !open.is_empty() && row.len() <= open.len() && !row.iter().any(|c| starts_a_name(c)) {
            // Each cell finishes an open name: by column when the row is as wide as the one
            // above, else in order.
            for (c, &k) in row.iter().zip(&open) {
                names[k].push_str(c);
            }
        } else if tails && !above.is_empty() && row.len() <= above.len() {
            for (c, &k) in row.iter().zip(&above) {
                if !names[k].ends_with(c.as_str()) {
                    names[k].push_str(c);
                }
            }
        } else {
            above = row
                .iter()
                .map(|c| {
                    names.push(c.clone());
                    names.len() - 1
                })
                .collect();
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDINGS: &[char] = &['局', '室', '府', '委', '会', '院', '组'];

    fn read(rows: &[&[&str]]) -> Vec<String> {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        read_rows(
            &rows,
            |n| n.ends_with(ENDINGS),
            |c| c.chars().count() <= 2 || c == "办公室",
        )
    }

    #[test]
    fn two_issuers_the_lead_wrapped_in_its_cell() {
        // 唐港城办发〔2019〕14号 (real PDF, ../shared/corpus/real/pdf).
        assert_eq!(
            read(&[
                &["唐山市“一港双城”（城镇化）", "唐山市住房和城乡建设局"],
                &["工作委员会办公室"],
            ]),
            [
                "唐山市“一港双城”（城镇化）工作委员会办公室",
                "唐山市住房和城乡建设局"
            ]
        );
    }

    #[test]
    fn four_issuers_in_two_rows() {
        // 唐港城办发〔2019〕8号.
        assert_eq!(
            read(&[
                &["唐山市“一港双城”（城镇化）", "唐山市自然资源和规划局"],
                &["工作委员会办公室"],
                &["唐山市住房和城乡建设局", "唐山市行政审批局"],
            ]),
            [
                "唐山市“一港双城”（城镇化）工作委员会办公室",
                "唐山市自然资源和规划局",
                "唐山市住房和城乡建设局",
                "唐山市行政审批局"
            ]
        );
    }

    #[test]
    fn both_cells_wrapped_and_one_name_a_line() {
        assert_eq!(
            read(&[
                &["某某市“放管服”改革", "某某市优化营商环境"],
                &["领导小组办公室", "工作领导小组"]
            ]),
            [
                "某某市“放管服”改革领导小组办公室",
                "某某市优化营商环境工作领导小组"
            ]
        );
        assert_eq!(read(&[&["国务院"], &["中央军委"]]), ["国务院", "中央军委"]);
        assert_eq!(
            read(&[&["吕梁市人民政府"], &["办公室"]]),
            ["吕梁市人民政府办公室"]
        );
    }
}
