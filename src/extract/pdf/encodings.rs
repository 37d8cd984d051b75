//! Simple-font encodings (WinAnsi, Standard, MacRoman's ASCII half) and the glyph names of
//! `/Differences`. Only what Latin text in gazettes needs: CJK never comes through simple
//! fonts without a ToUnicode map.

/// WinAnsiEncoding 0x80..=0x9F (0 = undefined); 0xA0..=0xFF is Latin-1.
const WIN_80: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BaseEncoding {
    WinAnsi,
    Standard,
    MacRoman,
}

impl BaseEncoding {
    pub fn from_name(n: &[u8]) -> Option<Self> {
        match n {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"StandardEncoding" => Some(Self::Standard),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(Self::MacRoman),
            _ => None,
        }
    }

    pub fn table(self) -> [Option<char>; 256] {
        let mut t = [None; 256];
        for (c, slot) in t.iter_mut().enumerate().take(0x7f).skip(0x20) {
            *slot = char::from_u32(c as u32);
        }
        match self {
            Self::WinAnsi => {
                for (i, &u) in WIN_80.iter().enumerate() {
                    t[0x80 + i] = (u != 0).then(|| char::from_u32(u as u32)).flatten();
                }
                for (c, slot) in t.iter_mut().enumerate().skip(0xa0) {
                    *slot = char::from_u32(c as u32);
                }
            }
            Self::Standard => {
                t[0x27] = Some('\u{2019}');
                t[0x60] = Some('\u{2018}');
            }
            Self::MacRoman => {}
        }
        t
    }
}

/// Unicode for a glyph name: `uniXXXX`, `uXXXX[XX]`, single letters, and the common names.
pub fn glyph_name(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let s = s.split('.').next().unwrap_or(s); // "a.sc", "one.oldstyle"
    if s.len() == 1 {
        let c = s.chars().next()?;
        return c.is_ascii_alphabetic().then_some(c);
    }
    if let Some(hex) = s.strip_prefix("uni")
        && hex.len() >= 4
    {
        return u32::from_str_radix(&hex[..4], 16)
            .ok()
            .and_then(char::from_u32);
    }
    if let Some(hex) = s.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return char::from_u32(v);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("exclam", '!'),
        ("quotedbl", '"'),
        ("numbersign", '#'),
        ("dollar", '$'),
        ("percent", '%'),
        ("ampersand", '&'),
        ("quotesingle", '\''),
        ("quoteright", '\u{2019}'),
        ("quoteleft", '\u{2018}'),
        ("quotedblleft", '\u{201c}'),
        ("quotedblright", '\u{201d}'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("asterisk", '*'),
        ("plus", '+'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '\u{2212}'),
        ("period", '.'),
        ("slash", '/'),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("less", '<'),
        ("equal", '='),
        ("greater", '>'),
        ("question", '?'),
        ("at", '@'),
        ("bracketleft", '['),
        ("backslash", '\\'),
        ("bracketright", ']'),
        ("asciicircum", '^'),
        ("underscore", '_'),
        ("grave", '`'),
        ("braceleft", '{'),
        ("bar", '|'),
        ("braceright", '}'),
        ("asciitilde", '~'),
        ("bullet", '\u{2022}'),
        ("periodcentered", '\u{b7}'),
        ("middot", '\u{b7}'),
        ("endash", '\u{2013}'),
        ("emdash", '\u{2014}'),
        ("ellipsis", '\u{2026}'),
        ("degree", '\u{b0}'),
        ("section", '\u{a7}'),
        ("copyright", '\u{a9}'),
        ("registered", '\u{ae}'),
        ("trademark", '\u{2122}'),
        ("fi", '\u{fb01}'),
        ("fl", '\u{fb02}'),
        ("nbspace", '\u{a0}'),
        ("multiply", '\u{d7}'),
        ("divide", '\u{f7}'),
        ("plusminus", '\u{b1}'),
        ("Euro", '\u{20ac}'),
        ("yen", '\u{a5}'),
        ("sterling", '\u{a3}'),
        ("dagger", '\u{2020}'),
        ("daggerdbl", '\u{2021}'),
        ("guillemotleft", '\u{ab}'),
        ("guillemotright", '\u{bb}'),
    ];
    NAMES.iter().find(|(n, _)| *n == s).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tables() {
        assert_eq!(glyph_name(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name(b"one"), Some('1'));
        assert_eq!(glyph_name(b"a.sc"), Some('a'));
        assert_eq!(glyph_name(b"g123"), None);
        let t = BaseEncoding::WinAnsi.table();
        assert_eq!(t[0x41], Some('A'));
        assert_eq!(t[0x97], Some('\u{2014}'));
        assert_eq!(t[0xe9], Some('é'));
    }
}
