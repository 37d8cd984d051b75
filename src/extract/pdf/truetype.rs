//! Last resort for an embedded TrueType CID font without ToUnicode: the font program's own
//! `cmap` table maps Unicode → glyph id; reversed, it gives each glyph its character (formats
//! 4 and 12, what CJK fonts carry). Subset fonts often drop `cmap` but keep glyph names in a
//! `post` table (format 2: `uni5415` …), which name the character just as well. Every read
//! is bounds-checked: a broken font yields no map, not a panic.

use std::collections::HashMap;

/// Unicode of the standard Macintosh glyph names 98..=257 (`Adieresis` … `dcroat`), the
/// ones a `post` table may use by index; 3..=97 are ASCII.
const MAC_NAMES_98: [char; 160] = [
    '\u{00C4}', '\u{00C5}', '\u{00C7}', '\u{00C9}', '\u{00D1}', '\u{00D6}', '\u{00DC}', '\u{00E1}',
    '\u{00E0}', '\u{00E2}', '\u{00E4}', '\u{00E3}', '\u{00E5}', '\u{00E7}', '\u{00E9}', '\u{00E8}',
    '\u{00EA}', '\u{00EB}', '\u{00ED}', '\u{00EC}', '\u{00EE}', '\u{00EF}', '\u{00F1}', '\u{00F3}',
    '\u{00F2}', '\u{00F4}', '\u{00F6}', '\u{00F5}', '\u{00FA}', '\u{00F9}', '\u{00FB}', '\u{00FC}',
    '\u{2020}', '\u{00B0}', '\u{00A2}', '\u{00A3}', '\u{00A7}', '\u{2022}', '\u{00B6}', '\u{00DF}',
    '\u{00AE}', '\u{00A9}', '\u{2122}', '\u{00B4}', '\u{00A8}', '\u{2260}', '\u{00C6}', '\u{00D8}',
    '\u{221E}', '\u{00B1}', '\u{2264}', '\u{2265}', '\u{00A5}', '\u{00B5}', '\u{2202}', '\u{2211}',
    '\u{220F}', '\u{03C0}', '\u{222B}', '\u{00AA}', '\u{00BA}', '\u{03A9}', '\u{00E6}', '\u{00F8}',
    '\u{00BF}', '\u{00A1}', '\u{00AC}', '\u{221A}', '\u{0192}', '\u{2248}', '\u{2206}', '\u{00AB}',
    '\u{00BB}', '\u{2026}', '\u{00A0}', '\u{00C0}', '\u{00C3}', '\u{00D5}', '\u{0152}', '\u{0153}',
    '\u{2013}', '\u{2014}', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00F7}', '\u{25CA}',
    '\u{00FF}', '\u{0178}', '\u{2044}', '\u{00A4}', '\u{2039}', '\u{203A}', '\u{FB01}', '\u{FB02}',
    '\u{2021}', '\u{00B7}', '\u{201A}', '\u{201E}', '\u{2030}', '\u{00C2}', '\u{00CA}', '\u{00C1}',
    '\u{00CB}', '\u{00C8}', '\u{00CD}', '\u{00CE}', '\u{00CF}', '\u{00CC}', '\u{00D3}', '\u{00D4}',
    '\u{F8FF}', '\u{00D2}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{0131}', '\u{02C6}', '\u{02DC}',
    '\u{00AF}', '\u{02D8}', '\u{02D9}', '\u{02DA}', '\u{00B8}', '\u{02DD}', '\u{02DB}', '\u{02C7}',
    '\u{0141}', '\u{0142}', '\u{0160}', '\u{0161}', '\u{017D}', '\u{017E}', '\u{00A6}', '\u{00D0}',
    '\u{00F0}', '\u{00DD}', '\u{00FD}', '\u{00DE}', '\u{00FE}', '\u{2212}', '\u{00D7}', '\u{00B9}',
    '\u{00B2}', '\u{00B3}', '\u{00BD}', '\u{00BC}', '\u{00BE}', '\u{20A3}', '\u{011E}', '\u{011F}',
    '\u{0130}', '\u{015E}', '\u{015F}', '\u{0106}', '\u{0107}', '\u{010C}', '\u{010D}', '\u{0111}',
];

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(o)?,
        *d.get(o + 1)?,
        *d.get(o + 2)?,
        *d.get(o + 3)?,
    ]))
}

/// Offset and length of table `tag`.
fn table(font: &[u8], tag: &[u8; 4]) -> Option<(usize, usize)> {
    let tables = u16_at(font, 4)? as usize;
    (0..tables.min(64)).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == tag).then(|| {
            Some((
                u32_at(font, rec + 8)? as usize,
                u32_at(font, rec + 12)? as usize,
            ))
        })?
    })
}

/// Glyph id → Unicode: from the font's Unicode `cmap`, completed by `post` glyph names.
pub fn glyph_to_unicode(font: &[u8]) -> Option<HashMap<u16, char>> {
    let mut map = from_cmap(font).unwrap_or_default();
    if let Some(names) = from_post(font) {
        for (g, c) in names {
            map.entry(g).or_insert(c);
        }
    }
    (!map.is_empty()).then_some(map)
}

/// Glyph names of a format 2 `post` table, read as Unicode (`uniXXXX`, `uXXXX`, AGL names).
fn from_post(font: &[u8]) -> Option<HashMap<u16, char>> {
    let (off, len) = table(font, b"post")?;
    let post = font.get(off..off.checked_add(len)?)?;
    if u32_at(post, 0)? != 0x0002_0000 {
        return None;
    }
    let n = u16_at(post, 32)? as usize;
    let mut names: Vec<&[u8]> = Vec::new();
    let mut q = 34 + 2 * n;
    while q < post.len() && names.len() < 0x1_0000 {
        let l = post[q] as usize;
        names.push(post.get(q + 1..q + 1 + l)?);
        q += 1 + l;
    }
    let mut map = HashMap::new();
    for g in 0..n {
        let idx = u16_at(post, 34 + 2 * g)? as usize;
        let c = match idx {
            // The standard Macintosh names 3..=97 are space … asciitilde, in ASCII order.
            3..=97 => char::from_u32(idx as u32 + 29),
            98..=257 => Some(MAC_NAMES_98[idx - 98]),
            0..=2 => None,
            _ => names
                .get(idx - 258)
                .and_then(|n| super::encodings::glyph_name(n)),
        };
        if let Some(c) = c {
            map.insert(g as u16, c);
        }
    }
    Some(map)
}

fn from_cmap(font: &[u8]) -> Option<HashMap<u16, char>> {
    let cmap = table(font, b"cmap")?.0;
    let n = u16_at(font, cmap + 2)? as usize;
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n.min(64) {
        let rec = cmap + 4 + 8 * i;
        let (pid, eid) = (u16_at(font, rec)?, u16_at(font, rec + 2)?);
        let off = cmap + u32_at(font, rec + 4)? as usize;
        let format = u16_at(font, off)?;
        // Prefer full-range Unicode (3,10 / format 12), then BMP Unicode (3,1 or 0,x).
        let rank = match (pid, eid, format) {
            (3, 10, 12) | (0, _, 12) => 2,
            (3, 1, 4) | (0, _, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let (_, off) = best?;
    let mut map = HashMap::new();
    match u16_at(font, off)? {
        4 => read_format4(font, off, &mut map),
        12 => read_format12(font, off, &mut map),
        _ => None,
    }?;
    Some(map)
}

/// A font has at most 65 536 glyphs; more code points than a few times that is a hostile
/// table (overlapping full-range segments) and would only burn time.
const MAX_CODES: usize = 1 << 20;

fn read_format4(d: &[u8], off: usize, map: &mut HashMap<u16, char>) -> Option<()> {
    let segs = u16_at(d, off + 6)? as usize / 2;
    let mut budget = MAX_CODES;
    let ends = off + 14;
    let starts = ends + 2 * segs + 2;
    let deltas = starts + 2 * segs;
    let ranges = deltas + 2 * segs;
    for s in 0..segs {
        let end = u16_at(d, ends + 2 * s)?;
        let start = u16_at(d, starts + 2 * s)?;
        let delta = u16_at(d, deltas + 2 * s)?;
        let range_off = u16_at(d, ranges + 2 * s)? as usize;
        if start > end || end == 0xFFFF && start == 0xFFFF {
            continue;
        }
        budget = budget.checked_sub((end - start) as usize + 1)?;
        for c in start..=end {
            let gid = if range_off == 0 {
                c.wrapping_add(delta)
            } else {
                let at = ranges + 2 * s + range_off + 2 * (c - start) as usize;
                match u16_at(d, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            if gid != 0
                && let Some(ch) = char::from_u32(c as u32)
            {
                // Several code points may share a glyph; keep the first (lowest).
                map.entry(gid).or_insert(ch);
            }
        }
    }
    Some(())
}

fn read_format12(d: &[u8], off: usize, map: &mut HashMap<u16, char>) -> Option<()> {
    let groups = u32_at(d, off + 12)? as usize;
    let mut budget = MAX_CODES;
    for g in 0..groups.min(100_000) {
        let rec = off + 16 + 12 * g;
        let (start, end, gid) = (u32_at(d, rec)?, u32_at(d, rec + 4)?, u32_at(d, rec + 8)?);
        if end < start || end - start > 0x1_0000 {
            continue;
        }
        budget = budget.checked_sub((end - start) as usize + 1)?;
        for (k, c) in (start..=end).enumerate() {
            let glyph = gid.saturating_add(k as u32);
            if let (Ok(glyph), Some(ch)) = (u16::try_from(glyph), char::from_u32(c))
                && glyph != 0
            {
                map.entry(glyph).or_insert(ch);
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_standard_names() {
        assert_eq!(MAC_NAMES_98[179 - 98], '—');
        assert_eq!(MAC_NAMES_98[180 - 98], '“');
        assert_eq!(MAC_NAMES_98[195 - 98], '·');
        assert_eq!(MAC_NAMES_98[240 - 98], '×');
        assert_eq!(MAC_NAMES_98[257 - 98], 'đ');
    }

    #[test]
    fn garbage_gives_none() {
        assert!(glyph_to_unicode(b"").is_none());
        assert!(glyph_to_unicode(&[0u8; 64]).is_none());
        assert!(glyph_to_unicode(b"\0\x01\0\0\0\x01cmap\0\0\0\0\xff\xff\xff\xff").is_none());
    }

    #[test]
    fn format4_segment() {
        // One segment 0x4E00..=0x4E02 → glyphs 5..=7 (delta 5 - 0x4E00), plus the end marker.
        let mut sub = vec![0, 4, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0];
        for v in [
            0x4E02u16,
            0xFFFF,
            0,
            0x4E00,
            0xFFFF,
            5u16.wrapping_sub(0x4E00),
            1,
            0,
            0,
        ] {
            sub.extend_from_slice(&v.to_be_bytes());
        }
        let mut map = HashMap::new();
        read_format4(&sub, 0, &mut map).unwrap();
        assert_eq!(map.get(&5), Some(&'一'));
        assert_eq!(map.get(&7), Some(&'\u{4E02}'));
    }
}

#[cfg(test)]
mod system_font {
    /// A real font when the machine has one (DejaVu ships with most Linux images).
    #[test]
    fn dejavu_cmap_reverses() {
        let Ok(font) = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else {
            return;
        };
        let map = super::glyph_to_unicode(&font).expect("DejaVu has a Unicode cmap");
        let chars: std::collections::HashSet<char> = map.values().copied().collect();
        assert!(chars.contains(&'A') && chars.contains(&'é') && map.len() > 1000);
    }

    /// Broken fonts give no map or a partial one, never a panic.
    #[test]
    fn mutated_font_never_panics() {
        let Ok(font) = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else {
            return;
        };
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let mut f = font.clone();
            for _ in 0..8 {
                // Mostly the table directory and the cmap/post headers.
                let i = (next() % 4096.min(f.len() as u64)) as usize;
                f[i] = next() as u8;
            }
            let cut = f.len() - (next() % 64) as usize;
            let _ = super::glyph_to_unicode(&f[..cut]);
        }
    }
}
