//! Recognition with the issue's own lexicon. Tesseract's `chi_sim` misreads the bold
//! heading and 文号 type of noisy scans (`吕` as `昌`/`虽`/`日`, `梁` as `染`/`芭`) while it
//! reads the body type of the same issue well. Doubtful lines are read more than once
//! (`reread`), and where those readings disagree on a character, the reading whose
//! character pairs the issue's confidently read text contains is chosen: `日芭市` or
//! `吕梁市`, when `吕梁` and `梁市` occur hundreds of times in the body. Only characters
//! Tesseract itself offered at that place are ever chosen, and each choice is reported
//! (`ocr-alternative-chosen`); a line no reading of which is in the lexicon stays as first
//! read (and the 文号 check of `review` still flags it).

use std::collections::{BTreeMap, HashMap};

use super::tesseract::{Word, lines};
use crate::gongwen::text::is_han;

/// Words read at least this confidently make the lexicon.
const SURE: f32 = 80.0;
/// A character offered instead of the first reading must occur this often in the lexicon.
const MIN_SEEN: u32 = 3;
/// Weight of a character's own frequency against the pairs it is part of: it only decides
/// between readings whose pairs are equally (un)known, e.g. a 文号 code (`昌政发` / `吕政发`)
/// that no sentence cites.
const UNIGRAM: f32 = 0.1;
/// What a changed character must gain at least: a pair seen once (ln 2), or a character
/// ten times as frequent as the one it replaces (0.1 × ln 10).
const MARGIN: f32 = 0.23;

/// Character and character-pair counts of the confidently read Han text of an issue.
#[derive(Debug, Default)]
pub struct Lexicon {
    one: HashMap<char, u32>,
    two: HashMap<(char, char), u32>,
    /// Runs of sure Han characters (names such as 吕梁市人民政府办公室) outside 文号 lines,
    /// and how often each was read.
    runs: BTreeMap<Vec<char>, usize>,
}

/// A 文号 code abbreviates its issuer's name (吕政办发: 吕梁市人民政府办公室 + 发): its
/// characters but the last stand in the name in order, from its first, within this span.
const ABBREVIATION_SPAN: usize = 16;

impl Lexicon {
    /// Counts the Han characters and adjacent pairs of every page's sure words (a pair
    /// across two words of a line counts when both are sure).
    pub fn of_pages<'a>(pages: impl IntoIterator<Item = &'a [Word]>) -> Lexicon {
        let mut lex = Lexicon::default();
        for words in pages {
            for (i, j) in lines(words) {
                // a 文号 line is what is decided, not a name that decides it
                let text: String = words[i..j].iter().map(|w| w.text.as_str()).collect();
                let names = !super::reread::looks_like_doc_number(&text);
                let mut run: Vec<char> = Vec::new();
                for w in &words[i..j] {
                    if w.conf < SURE {
                        lex.end_run(&mut run, names);
                        continue;
                    }
                    for c in w.text.chars() {
                        if !is_han(c) {
                            lex.end_run(&mut run, names);
                            continue;
                        }
                        *lex.one.entry(c).or_default() += 1;
                        if let Some(&p) = run.last() {
                            *lex.two.entry((p, c)).or_default() += 1;
                        }
                        run.push(c);
                    }
                }
                lex.end_run(&mut run, names);
            }
        }
        lex
    }

    fn end_run(&mut self, run: &mut Vec<char>, keep: bool) {
        if keep && run.len() >= 2 {
            *self.runs.entry(std::mem::take(run)).or_default() += 1;
        }
        run.clear();
    }

    /// How far the 文号 code `code` (without its last character: 发, 函 …) abbreviates a
    /// confidently read name: the longest prefix of it (two characters at least) whose
    /// characters stand in such a name in order, from its first, within a short span; how
    /// often such names were read; and the name most often read, up to the last character
    /// the prefix takes from it (吕政办发: `吕梁市人民政府办`).
    fn abbreviated(&self, code: &[char]) -> (usize, usize, Option<String>) {
        let code = &code[..code.len().saturating_sub(1)];
        for p in (2..=code.len()).rev() {
            let mut names: BTreeMap<String, usize> = BTreeMap::new();
            for (run, &times) in &self.runs {
                if let Some(name) = abbreviation(&code[..p], run) {
                    *names.entry(name).or_default() += times;
                }
            }
            if names.is_empty() {
                continue;
            }
            let total = names.values().sum();
            let name = names
                .into_iter()
                .fold(None, |best: Option<(String, usize)>, (n, c)| match best {
                    Some(b) if b.1 >= c => Some(b),
                    _ => Some((n, c)),
                });
            return (p, total, name.map(|n| n.0));
        }
        (0, 0, None)
    }

    fn one(&self, c: char) -> f32 {
        (1.0 + *self.one.get(&c).unwrap_or(&0) as f32).ln()
    }

    fn two(&self, a: char, b: char) -> f32 {
        (1.0 + *self.two.get(&(a, b)).unwrap_or(&0) as f32).ln()
    }

    fn score(&self, chars: &[char]) -> f32 {
        let pairs: f32 = chars.windows(2).map(|p| self.two(p[0], p[1])).sum();
        pairs + UNIGRAM * chars.iter().map(|&c| self.one(c)).sum::<f32>()
    }

    /// The best reading of a line: `first[i]` or one of `offered[i]` at each place, and
    /// why. A 文号 line's code is decided as a whole (`code`); any other line by the pair
    /// scores (Viterbi). None when the first reading is as good, within the margin each
    /// changed character must earn.
    pub fn choose(&self, first: &[char], offered: &[Vec<char>]) -> Option<(Vec<char>, String)> {
        let cands: Vec<Vec<char>> = first
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let mut v = vec![c];
                if is_han(c) {
                    for &a in offered.get(i).map_or(&[][..], |o| &o[..]) {
                        let seen = *self.one.get(&a).unwrap_or(&0);
                        if is_han(a) && seen >= MIN_SEEN && !v.contains(&a) {
                            v.push(a);
                        }
                    }
                }
                v
            })
            .collect();
        if cands.iter().all(|v| v.len() == 1) {
            return None;
        }
        if let Some(k) = code_len(first) {
            return self.code(first, &cands[..k]);
        }
        // best[i][k]: best score of a reading of 0..=i ending in cands[i][k], and from where
        let mut best: Vec<Vec<(f32, usize)>> = Vec::with_capacity(cands.len());
        for (i, v) in cands.iter().enumerate() {
            let row = v
                .iter()
                .map(|&c| {
                    let own = UNIGRAM * self.one(c);
                    if i == 0 {
                        return (own, 0);
                    }
                    cands[i - 1]
                        .iter()
                        .enumerate()
                        .map(|(k, &p)| (best[i - 1][k].0 + self.two(p, c) + own, k))
                        .fold((f32::MIN, 0), |a, b| if b.0 > a.0 { b } else { a })
                })
                .collect();
            best.push(row);
        }
        let last = best.last()?;
        let mut k = (0..last.len()).fold(0, |a, b| if last[b].0 > last[a].0 { b } else { a });
        let top = last[k].0;
        let mut out = vec![' '; cands.len()];
        for i in (0..cands.len()).rev() {
            out[i] = cands[i][k];
            k = best[i][k].1;
        }
        if top <= self.score(first) + MARGIN * diff(&out, first) as f32 {
            return None;
        }
        self.keep_confirmed(&mut out, first);
        (diff(&out, first) > 0).then(|| {
            (
                out,
                "this issue's confidently read text has these characters next to each other"
                    .to_string(),
            )
        })
    }

    /// Takes back every changed character that the lexicon does not confirm on its own:
    /// each pair it forms with a Han neighbour must have been read confidently (`信息戒`
    /// for `信惩戒` gains the pair 信息 but makes 息戒, never read), and one without Han
    /// neighbours may only replace a character the issue never read confidently (`二、`
    /// stays, though `一、` is more frequent).
    fn keep_confirmed(&self, out: &mut [char], first: &[char]) {
        loop {
            let bad: Vec<usize> = (0..out.len())
                .filter(|&i| out[i] != first[i])
                .filter(|&i| {
                    let near: Vec<(char, char)> = [
                        i.checked_sub(1).map(|j| (out[j], out[i])),
                        out.get(i + 1).map(|&c| (out[i], c)),
                    ]
                    .into_iter()
                    .flatten()
                    .filter(|(a, b)| is_han(*a) && is_han(*b))
                    .collect();
                    if near.is_empty() {
                        self.one.get(&first[i]).copied().unwrap_or(0) >= MIN_SEEN
                    } else {
                        near.iter().any(|(a, b)| !self.two.contains_key(&(*a, *b)))
                    }
                })
                .collect();
            if bad.is_empty() {
                return;
            }
            for i in bad {
                out[i] = first[i];
            }
        }
    }

    /// A 文号 line: its code as first read when a confidently read name of the issue has
    /// it as abbreviation (or no offered code is), else the offered code that is one, with
    /// the fewest characters changed (吕政发 for 昌政发 when 吕梁市人民政府 was read).
    fn code(&self, first: &[char], cands: &[Vec<char>]) -> Option<(Vec<char>, String)> {
        let k = cands.len();
        let seen = self.abbreviated(&first[..k]);
        // every combination of the offered characters but the last (发, 函 …), bounded
        let mut codes: Vec<Vec<char>> = vec![Vec::new()];
        for (i, v) in cands.iter().enumerate() {
            let v = if i + 1 == k { &v[..1] } else { &v[..] };
            codes = codes
                .into_iter()
                .flat_map(|c| {
                    v.iter().map(move |&x| {
                        let mut c = c.clone();
                        c.push(x);
                        c
                    })
                })
                .take(256)
                .collect();
        }
        // the code that abbreviates the longest part of a name; as long a part as the
        // first reading's (昌政办发 from a 昌梁市人民政府办公室 misread confidently once)
        // needs names read more than twice as often
        let (code, (p, n, name)) = codes
            .into_iter()
            .filter(|c| c[..] != first[..k])
            .map(|c| {
                let a = self.abbreviated(&c);
                (c, a)
            })
            .filter(|(_, (p, n, _))| *p > seen.0 || (*p == seen.0 && *p > 0 && *n > 2 * seen.1))
            .max_by_key(|(_, (p, n, _))| (*p, *n))?;
        let mut out = first.to_vec();
        out[..k].copy_from_slice(&code);
        let was = match seen {
            (0, ..) => "no name".to_string(),
            (q, m, _) => format!("{} in {m} names", first[..q].iter().collect::<String>()),
        };
        Some((
            out,
            format!(
                "the code {} abbreviates `{}…` ({} read confidently in {n} names of this issue; the first reading's code: {was})",
                code.iter().collect::<String>(),
                name.unwrap_or_default(),
                code[..p].iter().collect::<String>(),
            ),
        ))
    }
}

fn diff(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

/// The part of `run` that the code prefix `code` abbreviates: its first character and the
/// others in order, within `ABBREVIATION_SPAN`.
fn abbreviation(code: &[char], run: &[char]) -> Option<String> {
    let (&first, rest) = code.split_first()?;
    run.iter()
        .enumerate()
        .filter(|(_, c)| **c == first)
        .find_map(|(s, _)| {
            let end = (s + ABBREVIATION_SPAN).min(run.len());
            let mut k = s + 1;
            for c in rest {
                k += run[k..end].iter().position(|r| r == c)? + 1;
            }
            Some(run[s..k].iter().collect())
        })
}

/// The length of the code of a 文号 line (`昌政发(2019]2号` → 3): its leading Han
/// characters, followed by a bracket.
fn code_len(line: &[char]) -> Option<usize> {
    let text: String = line.iter().collect();
    if !super::reread::looks_like_doc_number(&text) {
        return None;
    }
    let k = line.iter().take_while(|&&c| is_han(c)).count();
    ((2..=12).contains(&k) && line.get(k).is_some_and(|c| !c.is_ascii_digit())).then_some(k)
}

/// A line read differently from Tesseract's first reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub first: String,
    pub chosen: String,
    /// Why, for the warning.
    pub why: String,
}

/// Applies the lexicon to every line of a page that carries offered characters, in place
/// (one character for one, so the boxes stay); returns the lines changed.
pub fn resolve(words: &mut [Word], lex: &Lexicon) -> Vec<Chosen> {
    let mut out = Vec::new();
    for (i, j) in lines(words) {
        let line = &words[i..j];
        if line.iter().all(|w| w.alts.is_empty()) {
            continue;
        }
        let first: Vec<char> = line.iter().flat_map(|w| w.text.chars()).collect();
        let offered: Vec<Vec<char>> = line
            .iter()
            .flat_map(|w| {
                let n = w.text.chars().count();
                (0..n).map(move |k| w.alts.get(k).cloned().unwrap_or_default())
            })
            .collect();
        let Some((chosen, why)) = lex.choose(&first, &offered) else {
            continue;
        };
        let mut k = 0;
        for w in &mut words[i..j] {
            let n = w.text.chars().count();
            w.text = chosen[k..k + n].iter().collect();
            k += n;
        }
        out.push(Chosen {
            first: first.into_iter().collect(),
            chosen: chosen.into_iter().collect(),
            why,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, conf: f32, text: &str) -> Word {
        Word {
            line: (1, 1, line),
            left: 0.0,
            top: 0.0,
            width: 10.0,
            height: 10.0,
            conf,
            text: text.into(),
            alts: Vec::new(),
        }
    }

    /// Body text of a 吕梁 issue, read confidently.
    fn body() -> Vec<Word> {
        let mut v = Vec::new();
        for k in 0..12 {
            v.push(word(k, 96.0, "吕梁市人民政府办公室关于印发实施方案的通知"));
            v.push(word(100 + k, 95.0, "各县市区人民政府，市直各委、办、局"));
            v.push(word(300 + k, 92.0, "三、关于工作任务"));
            v.push(word(
                400 + k,
                91.0,
                "一、总体要求；二、推进政府信息公开，对失信行为",
            ));
        }
        // misread once, unsure: not in the lexicon
        v.push(word(200, 40.0, "昌梁市"));
        v
    }

    #[test]
    fn the_lexicon_counts_sure_words_only() {
        let lex = Lexicon::of_pages([&body()[..]]);
        assert_eq!(lex.one.get(&'吕'), Some(&12));
        assert_eq!(lex.one.get(&'昌'), None);
        assert_eq!(lex.two.get(&('吕', '梁')), Some(&12));
        assert_eq!(lex.two.get(&('，', '市')), None);
    }

    #[test]
    fn a_heading_takes_the_offered_characters_the_issue_confirms() {
        let lex = Lexicon::of_pages([&body()[..]]);
        // gazette_single scan, page 3: `日芭市…` first; `吕` and `梁` (and `染`) in the
        // second readings of the line (chi_sim at half scale, HanS)
        let first: Vec<char> = "日芭市人民政府关于".chars().collect();
        let mut offered = vec![Vec::new(); first.len()];
        offered[0] = vec!['吕', '昌'];
        offered[1] = vec!['染', '梁'];
        let got: String = lex
            .choose(&first, &offered)
            .unwrap()
            .0
            .into_iter()
            .collect();
        assert_eq!(got, "吕梁市人民政府关于");
    }

    #[test]
    fn a_doc_number_code_takes_the_frequent_character() {
        let lex = Lexicon::of_pages([&body()[..]]);
        // gazette_two scan, page 16: `昌政办发〔2019〕23号`, 吕 offered by the cleaned reading
        let first: Vec<char> = "昌政办发〔2019〕23号".chars().collect();
        let mut offered = vec![Vec::new(); first.len()];
        offered[0] = vec!['吕'];
        let got: String = lex
            .choose(&first, &offered)
            .unwrap()
            .0
            .into_iter()
            .collect();
        assert_eq!(got, "吕政办发〔2019〕23号");
    }

    #[test]
    fn nothing_is_chosen_that_was_not_offered_or_is_not_in_the_issue() {
        let lex = Lexicon::of_pages([&body()[..]]);
        let first: Vec<char> = "日芭市人民政府".chars().collect();
        // nothing offered
        assert_eq!(lex.choose(&first, &vec![Vec::new(); first.len()]), None);
        // offered characters the issue never confidently read (染, 昌): first reading kept
        let mut offered = vec![Vec::new(); first.len()];
        offered[0] = vec!['昌'];
        offered[1] = vec!['染'];
        assert_eq!(lex.choose(&first, &offered), None);
        // a right first reading stays when a worse one is offered (`等县` for `各县`)
        let first: Vec<char> = "各县市区人民政府".chars().collect();
        let mut offered = vec![Vec::new(); first.len()];
        offered[0] = vec!['市'];
        assert_eq!(lex.choose(&first, &offered), None);
    }

    #[test]
    fn a_change_needs_every_pair_it_makes_confirmed() {
        let lex = Lexicon::of_pages([&body()[..]]);
        // gazette_two scan, page 41: `落实失信惩戒制度`, `息` offered for `惩`: 信息 is
        // frequent, but 息戒 was never read
        let first: Vec<char> = "落实失信惩戒制度".chars().collect();
        let mut offered = vec![Vec::new(); first.len()];
        offered[4] = vec!['息'];
        assert_eq!(lex.choose(&first, &offered), None);
        // page 31: `二、总体受求`, `一` offered for `二` and `要` for `受`: 一 has no Han
        // neighbour and 二 is common, so only 要 is taken
        let first: Vec<char> = "二、总体受求".chars().collect();
        let mut offered = vec![Vec::new(); first.len()];
        offered[0] = vec!['一'];
        offered[4] = vec!['要'];
        let got: String = lex
            .choose(&first, &offered)
            .unwrap()
            .0
            .into_iter()
            .collect();
        assert_eq!(got, "二、总体要求");
    }

    #[test]
    fn resolve_rewrites_a_line_in_place_and_reports_it() {
        let lex = Lexicon::of_pages([&body()[..]]);
        // gazette_single scan, page 3, as Tesseract split it into words
        let mut words = vec![
            word(1, 63.0, "昌"),
            word(1, 83.0, "政"),
            word(1, 96.0, "发"),
            word(1, 79.0, "(2019]"),
            word(1, 96.0, "2"),
            word(1, 95.0, "号"),
            word(2, 50.0, "三"),
        ];
        words[0].alts = vec![vec!['吕']];
        words[6].alts = vec![vec!['于']];
        let got = resolve(&mut words, &lex);
        assert_eq!(words[0].text, "吕");
        // `三、` read again as `于、` (gazette_single, page 20): both are common, no pair decides
        assert_eq!(words[6].text, "三");
        assert_eq!(
            got,
            vec![Chosen {
                first: "昌政发(2019]2号".into(),
                chosen: "吕政发(2019]2号".into(),
                why: "the code 吕政发 abbreviates `吕梁市人民政…` (吕政 read confidently in 12 names of this issue; the first reading's code: no name)"
                    .into(),
            }]
        );
    }
}
