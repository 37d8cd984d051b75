//! Printing hits: one line per document (`path:page: 文号  成文日期  标题`, `-` for a
//! missing field) with indented snippets of text matches, JSON Lines document records,
//! a count, or the files with matches. Colours are plain ANSI escapes, used only when
//! asked for (`--color always`, or `auto` on a terminal without NO_COLOR).

use std::io::Write;

use regex::Regex;

use super::{Hit, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Lines,
    Json,
    Count,
    Files,
}

use anstyle::{AnsiColor, Style};

// rg's colours: path magenta, line number (here page) green, match bold red.
const PATH: Style = AnsiColor::Magenta.on_default();
const PAGE: Style = AnsiColor::Green.on_default();
const NUMBER: Style = AnsiColor::Cyan.on_default().bold();
const DATE: Style = AnsiColor::Yellow.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();

/// Each match of `re` in `text` with up to `ctx` characters of its own line around it.
pub fn snippets(re: &Regex, text: &str, ctx: usize) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        for m in re.find_iter(line) {
            if m.as_str().is_empty() {
                continue;
            }
            let before = &line[..m.start()];
            let after = &line[m.end()..];
            let nb = before.chars().count();
            let na = after.chars().count();
            let mut b: String = before.chars().skip(nb.saturating_sub(ctx)).collect();
            if nb > ctx {
                b.insert(0, '…');
            }
            let mut a: String = after.chars().take(ctx).collect();
            if na > ctx {
                a.push('…');
            }
            out.push((b, m.as_str().to_string(), a));
        }
    }
    out
}

fn paint(out: &mut String, color: bool, style: Style, s: &str) {
    if color {
        use std::fmt::Write;
        let _ = write!(out, "{style}{s}{style:#}");
    } else {
        out.push_str(s);
    }
}

/// One hit as text lines.
pub fn format_hit(h: &Hit, color: bool) -> String {
    let mut s = String::new();
    paint(&mut s, color, PATH, &h.path);
    s.push(':');
    if let Some(p) = h.page {
        paint(&mut s, color, PAGE, &p.to_string());
        s.push(':');
    }
    s.push(' ');
    paint(&mut s, color, NUMBER, h.number.as_deref().unwrap_or("-"));
    s.push_str("  ");
    paint(&mut s, color, DATE, h.date.as_deref().unwrap_or("-"));
    s.push_str("  ");
    match h.title.as_deref() {
        Some(title) => {
            let mut at = 0;
            for r in &h.title_matches {
                s.push_str(&title[at..r.start]);
                paint(&mut s, color, MATCH, &title[r.clone()]);
                at = r.end;
            }
            s.push_str(&title[at..]);
        }
        None => s.push('-'),
    }
    if let Some(status) = &h.status {
        s.push_str("  [");
        s.push_str(status);
        s.push(']');
    }
    s.push('\n');
    for (b, m, a) in &h.snippets {
        s.push_str("    ");
        s.push_str(b);
        paint(&mut s, color, MATCH, m);
        s.push_str(a);
        s.push('\n');
    }
    s
}

/// Writes the outcome to `w` in the mode asked for.
pub fn write(w: &mut impl Write, o: &Outcome, mode: Mode, color: bool) -> std::io::Result<()> {
    match mode {
        Mode::Lines => {
            for h in &o.hits {
                w.write_all(format_hit(h, color).as_bytes())?;
            }
        }
        Mode::Json => {
            for h in &o.hits {
                if let Some(j) = &h.json {
                    w.write_all(j.as_bytes())?;
                    w.write_all(b"\n")?;
                }
            }
        }
        Mode::Count => writeln!(w, "{}", o.hits.len() + o.more_hits)?,
        Mode::Files => {
            let mut seen = vec![false; o.files.len()];
            for h in &o.hits {
                seen[h.file] = true;
            }
            for (f, _) in o.files.iter().zip(&seen).filter(|(_, s)| **s) {
                let p = f.path.display().to_string();
                let mut s = String::new();
                paint(&mut s, color, PATH, &p);
                writeln!(w, "{s}")?;
            }
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_context() {
        let re = Regex::new("双公示").unwrap();
        let s = snippets(
            &re,
            "第一行\n做好行政许可和行政处罚等信用信息双公示工作的通知\n",
            4,
        );
        assert_eq!(
            s,
            vec![("…信用信息".into(), "双公示".into(), "工作的通…".into())]
        );
    }

    #[test]
    fn hit_line() {
        let h = Hit {
            file: 0,
            path: "a.txt".into(),
            index: 0,
            page: None,
            number: Some("吕政发〔2019〕2号".into()),
            number_key: None,
            date: None,
            title: Some("通知".into()),
            snippets: vec![],
            title_matches: vec![std::ops::Range { start: 0, end: 3 }],
            json: None,
            references: vec![],
            ..Hit::default()
        };
        assert_eq!(format_hit(&h, false), "a.txt: 吕政发〔2019〕2号  -  通知\n");
        let repealed = Hit {
            status: Some("repealed by 吕政发〔2020〕1号 from 2020-03-01".into()),
            title_matches: vec![],
            ..h.clone()
        };
        assert_eq!(
            format_hit(&repealed, false),
            "a.txt: 吕政发〔2019〕2号  -  通知  [repealed by 吕政发〔2020〕1号 from 2020-03-01]\n"
        );
        assert_eq!(
            format_hit(&h, true),
            "\x1b[35ma.txt\x1b[0m: \x1b[1m\x1b[36m吕政发〔2019〕2号\x1b[0m  \x1b[33m-\x1b[0m  \
             \x1b[1m\x1b[31m通\x1b[0m知\n"
        );
    }
}
