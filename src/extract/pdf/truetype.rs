//! Last resort for an embedded TrueType CID font without ToUnicode: the font program's own
//! `cmap` table maps Unicode → glyph id; reversed, it gives each glyph its character. Only
//! formats 4 (BMP) and 12 (full range) are read — what CJK fonts carry. Every read is
//! bounds-checked: a broken font yields no map, not a panic.

use std::collections::HashMap;

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

/// Glyph id → Unicode from the font's best Unicode `cmap` subtable, if any.
pub fn glyph_to_unicode(font: &[u8]) -> Option<HashMap<u16, char>> {
    let tables = u16_at(font, 4)? as usize;
    let cmap = (0..tables.min(64)).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == b"cmap").then(|| u32_at(font, rec + 8))?
    })? as usize;
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
    (!map.is_empty()).then_some(map)
}

fn read_format4(d: &[u8], off: usize, map: &mut HashMap<u16, char>) -> Option<()> {
    let segs = u16_at(d, off + 6)? as usize / 2;
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
    for g in 0..groups.min(100_000) {
        let rec = off + 16 + 12 * g;
        let (start, end, gid) = (u32_at(d, rec)?, u32_at(d, rec + 4)?, u32_at(d, rec + 8)?);
        if end < start || end - start > 0x1_0000 {
            continue;
        }
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
}
