//! Small text helpers shared by the parsers: folding the printed variants (full-width digits,
//! bracket kinds, traditional 號/發) to one form so that each parser matches a single shape,
//! and the whitespace rules of titles and names.

/// Fold full-width ASCII digits and letters to ASCII, and traditional characters to
/// simplified (號→号, 發→发, 辦→办 …).
pub fn fold_chars(s: &str) -> String {
    // Folding never lengthens a char in UTF-8: one allocation, no growing.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    out
}

/// [`fold_chars`] of one char.
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => simplified(c),
    }
}

/// Traditional → simplified for the characters of 公文 wording (文种, wrappers, organs,
/// notes, 文号 codes), so that matching sees one form. Both forms are 3 bytes in UTF-8,
/// so byte offsets found on the folded text hold in the original.
pub fn simplify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(simplified));
    out
}

/// Every traditional form of [`simplified_table`] lies in 並 (U+4E26) ..= 龜 (U+9F9C).
const TRAD_FIRST: u32 = 0x4E26;
const TRAD_LAST: u32 = 0x9F9C;
const TRAD_WORDS: usize = ((TRAD_LAST - TRAD_FIRST) / 64 + 1) as usize;

/// One bit per char of that range: set where [`simplified_table`] changes the char. Built
/// from the table itself at compile time, so the two cannot disagree.
static TRADITIONAL: [u64; TRAD_WORDS] = {
    let mut bits = [0u64; TRAD_WORDS];
    let mut u = TRAD_FIRST;
    while u <= TRAD_LAST {
        if let Some(c) = char::from_u32(u)
            && simplified_table(c) as u32 != u
        {
            let i = (u - TRAD_FIRST) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        u += 1;
    }
    bits
};

/// [`simplify`] of one char. Run on every char of every document, almost all of them
/// simplified already: one bit says so before the table's ~240 arms are searched.
pub fn simplified(c: char) -> char {
    let u = c as u32;
    if !(TRAD_FIRST..=TRAD_LAST).contains(&u) {
        return c;
    }
    let i = (u - TRAD_FIRST) as usize;
    if TRADITIONAL[i / 64] >> (i % 64) & 1 == 0 {
        return c;
    }
    simplified_table(c)
}

/// The traditional → simplified pairs, as one match (the chars outside it stay).
const fn simplified_table(c: char) -> char {
    match c {
        '並' => '并',
        '佈' => '布',
        '佔' => '占',
        '併' => '并',
        '來' => '来',
        '個' => '个',
        '們' => '们',
        '備' => '备',
        '傳' => '传',
        '價' => '价',
        '兒' => '儿',
        '內' => '内',
        '則' => '则',
        '劃' => '划',
        '劉' => '刘',
        '劑' => '剂',
        '動' => '动',
        '務' => '务',
        '勵' => '励',
        '區' => '区',
        '協' => '协',
        '參' => '参',
        '吳' => '吴',
        '員' => '员',
        '問' => '问',
        '啟' => '启',
        '單' => '单',
        '國' => '国',
        '圍' => '围',
        '圖' => '图',
        '團' => '团',
        '報' => '报',
        '場' => '场',
        '壽' => '寿',
        '孫' => '孙',
        '學' => '学',
        '實' => '实',
        '寧' => '宁',
        '將' => '将',
        '專' => '专',
        '對' => '对',
        '導' => '导',
        '屆' => '届',
        '屬' => '属',
        '幹' => '干',
        '廈' => '厦',
        '廠' => '厂',
        '廣' => '广',
        '廳' => '厅',
        '張' => '张',
        '強' => '强',
        '後' => '后',
        '從' => '从',
        '復' => '复',
        '徵' => '征',
        '態' => '态',
        '應' => '应',
        '戰' => '战',
        '據' => '据',
        '數' => '数',
        '於' => '于',
        '時' => '时',
        '書' => '书',
        '會' => '会',
        '東' => '东',
        '條' => '条',
        '楊' => '杨',
        '業' => '业',
        '構' => '构',
        '樂' => '乐',
        '樓' => '楼',
        '標' => '标',
        '機' => '机',
        '決' => '决',
        '準' => '准',
        '溫' => '温',
        '滬' => '沪',
        '濟' => '济',
        '灣' => '湾',
        '災' => '灾',
        '為' => '为',
        '獎' => '奖',
        '現' => '现',
        '環' => '环',
        '瓊' => '琼',
        '產' => '产',
        '當' => '当',
        '療' => '疗',
        '發' => '发',
        '監' => '监',
        '礦' => '矿',
        '禮' => '礼',
        '稅' => '税',
        '稱' => '称',
        '範' => '范',
        '紀' => '纪',
        '級' => '级',
        '組' => '组',
        '絡' => '络',
        '給' => '给',
        '統' => '统',
        '經' => '经',
        '綜' => '综',
        '綱' => '纲',
        '網' => '网',
        '緊' => '紧',
        '縣' => '县',
        '總' => '总',
        '織' => '织',
        '羅' => '罗',
        '習' => '习',
        '聯' => '联',
        '職' => '职',
        '肅' => '肃',
        '臺' => '台',
        '與' => '与',
        '舉' => '举',
        '華' => '华',
        '葉' => '叶',
        '蕭' => '萧',
        '藝' => '艺',
        '藥' => '药',
        '蘇' => '苏',
        '處' => '处',
        '號' => '号',
        '術' => '术',
        '衛' => '卫',
        '衝' => '冲',
        '補' => '补',
        '覆' => '复',
        '見' => '见',
        '規' => '规',
        '訂' => '订',
        '計' => '计',
        '訊' => '讯',
        '記' => '记',
        '設' => '设',
        '許' => '许',
        '認' => '认',
        '請' => '请',
        '謝' => '谢',
        '證' => '证',
        '識' => '识',
        '議' => '议',
        '護' => '护',
        '讓' => '让',
        '財' => '财',
        '責' => '责',
        '貴' => '贵',
        '費' => '费',
        '貿' => '贸',
        '資' => '资',
        '質' => '质',
        '贛' => '赣',
        '趙' => '赵',
        '車' => '车',
        '軍' => '军',
        '輔' => '辅',
        '輸' => '输',
        '轉' => '转',
        '辦' => '办',
        '農' => '农',
        '這' => '这',
        '進' => '进',
        '運' => '运',
        '過' => '过',
        '達' => '达',
        '遷' => '迁',
        '選' => '选',
        '遼' => '辽',
        '還' => '还',
        '邊' => '边',
        '鄉' => '乡',
        '鄧' => '邓',
        '鄭' => '郑',
        '鄰' => '邻',
        '醫' => '医',
        '銀' => '银',
        '錄' => '录',
        '鍾' => '钟',
        '鎮' => '镇',
        '鐵' => '铁',
        '長' => '长',
        '門' => '门',
        '開' => '开',
        '間' => '间',
        '閩' => '闽',
        '關' => '关',
        '陝' => '陕',
        '陳' => '陈',
        '陽' => '阳',
        '隊' => '队',
        '險' => '险',
        '隴' => '陇',
        '雙' => '双',
        '雜' => '杂',
        '難' => '难',
        '雲' => '云',
        '電' => '电',
        '韓' => '韩',
        '響' => '响',
        '頁' => '页',
        '項' => '项',
        '頒' => '颁',
        '領' => '领',
        '頻' => '频',
        '題' => '题',
        '額' => '额',
        '類' => '类',
        '顧' => '顾',
        '顯' => '显',
        '風' => '风',
        '飛' => '飞',
        '飲' => '饮',
        '養' => '养',
        '餘' => '余',
        '館' => '馆',
        '馬' => '马',
        '馮' => '冯',
        '驗' => '验',
        '體' => '体',
        '髮' => '发',
        '鬥' => '斗',
        '魚' => '鱼',
        '魯' => '鲁',
        '鳥' => '鸟',
        '麥' => '麦',
        '麼' => '么',
        '黃' => '黄',
        '點' => '点',
        '黨' => '党',
        '齊' => '齐',
        '齒' => '齿',
        '龍' => '龙',
        '龜' => '龟',
        _ => c,
    }
}

/// Every opening bracket kind a 文号 year is printed in, folded to 〔 (and closing to 〕).
pub fn fold_brackets(s: &str) -> String {
    s.chars().map(fold_bracket).collect()
}

/// [`fold_brackets`] of one char.
pub fn fold_bracket(c: char) -> char {
    match c {
        '[' | '［' | '【' | '(' | '（' | '〖' | '﹝' | '｛' | '{' => '〔',
        ']' | '］' | '】' | ')' | '）' | '〗' | '﹞' | '｝' | '}' => '〕',
        _ => c,
    }
}

/// Remove all whitespace (ASCII, U+3000, NBSP …).
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
        || c == '〇'
}

/// Remove spurious whitespace from a printed title or name: justification spaces between CJK
/// characters (`的 通 知`), around digits (`做好 2019 年`); a single space is kept only between
/// two Latin letters or digits (`Made in China`).
pub fn squash_ws(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after)
                && b.is_ascii_alphanumeric()
                && a.is_ascii_alphanumeric()
                && !(b.is_ascii_digit() && a.is_ascii_digit())
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whitespace-insensitive key for comparing titles.
pub fn key(s: &str) -> String {
    strip_ws(&fold_chars(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_agrees_with_its_table_over_the_whole_range() {
        // The bitset is exact: every char of the range, and the range's edges.
        for u in TRAD_FIRST - 1..=TRAD_LAST + 1 {
            let c = char::from_u32(u).unwrap();
            assert_eq!(simplified(c), simplified_table(c), "U+{u:04X}");
        }
        assert_eq!(simplified('並'), '并');
        assert_eq!(simplified('龜'), '龟');
        assert_eq!(simplified('號'), '号');
        assert_eq!(simplified('号'), '号');
        assert_eq!(simplified('A'), 'A');
        // No traditional form outside the range (else the fast path would lose it).
        for u in (0..TRAD_FIRST).chain(TRAD_LAST + 1..=0x10FFFF) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(simplified_table(c), c, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn squash_removes_justification_spaces() {
        assert_eq!(squash_ws("几 个 问 题 的 通 知"), "几个问题的通知");
        assert_eq!(
            squash_ws("吕梁市人民政府 关于做好 2019 年安全生产工作的通知"),
            "吕梁市人民政府关于做好2019年安全生产工作的通知"
        );
        assert_eq!(
            squash_ws("关于 Made in China 的通知"),
            "关于Made in China的通知"
        );
        assert_eq!(squash_ws("国务院　中央军委　　　"), "国务院中央军委");
    }

    #[test]
    fn folds_variants() {
        assert_eq!(fold_chars("公安部令第１２５號"), "公安部令第125号");
        assert_eq!(fold_brackets("劳社部发[2000]8号"), "劳社部发〔2000〕8号");
    }
}
