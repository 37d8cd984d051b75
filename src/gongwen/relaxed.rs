//! Regexes that compile fast and answer exactly as written.
//!
//! `\p{Han}{1,30}` compiles to thirty copies of a class of ~100 Unicode ranges (and again in
//! reverse): a handful of such patterns made regex compilation 85% of the work on a 2-page
//! PDF. A [`Relaxed`] regex compiles each bounded repetition of a large class without its
//! upper bound, inside a capture group, and checks the bound on the match it finds. Only
//! when a check fails is the pattern as written compiled and asked (rare: real runs of 30+
//! Han characters before 令). The answers are the same: the relaxed pattern matches every
//! string the exact one does, in the same priority order (greedy prefers more iterations,
//! lazy fewer, with or without an upper bound), so when the relaxed leftmost-first match
//! obeys every bound it is the exact pattern's match too, and when nothing matches the
//! relaxed pattern nothing matches the exact one.

use std::ops::Index;
use std::sync::OnceLock;

use regex::Regex;
use regex_syntax::ast::{self, Ast, ClassSetItem, GroupKind, RepetitionKind, RepetitionRange};

/// Prefix of the capture groups added around relaxed repetitions.
const GROUP: &str = "__relaxed";

pub struct Relaxed {
    pattern: String,
    fast: Regex,
    /// Capture index in `fast` of the added groups, with their bounds (characters).
    bounds: Vec<(usize, u32, u32)>,
    /// Capture index in `fast` of each capture group of the pattern as written.
    groups: Vec<usize>,
    exact: OnceLock<Regex>,
}

impl Relaxed {
    /// Panics on an invalid pattern, like `Regex::new(..).unwrap()` on a static pattern.
    pub fn new(pattern: impl Into<String>) -> Relaxed {
        let pattern = pattern.into();
        let mut tree = ast::parse::Parser::new()
            .parse(&pattern)
            .unwrap_or_else(|e| panic!("static regex {pattern}: {e}"));
        let mut added = Vec::new();
        relax(&mut tree, false, &mut added);
        let fast_pattern = if added.is_empty() {
            pattern.clone()
        } else {
            let mut s = String::new();
            ast::print::Printer::new()
                .print(&tree, &mut s)
                .unwrap_or_else(|_| unreachable!("printing to a String"));
            s
        };
        let fast = Regex::new(&fast_pattern)
            .unwrap_or_else(|e| panic!("relaxed regex {fast_pattern}: {e}"));
        let mut bounds = Vec::new();
        let mut groups = Vec::new();
        for (i, name) in fast.capture_names().enumerate() {
            match name.and_then(|n| n.strip_prefix(GROUP)) {
                Some(k) => {
                    let (min, max) = added[k.parse::<usize>().unwrap_or_else(|_| unreachable!())];
                    bounds.push((i, min, max));
                }
                None => groups.push(i),
            }
        }
        Relaxed {
            pattern,
            fast,
            bounds,
            groups,
            exact: OnceLock::new(),
        }
    }

    fn exact(&self) -> &Regex {
        self.exact
            .get_or_init(|| Regex::new(&self.pattern).unwrap_or_else(|_| unreachable!()))
    }

    fn obeys(&self, c: &regex::Captures<'_>) -> bool {
        self.bounds.iter().all(|&(i, min, max)| {
            c.get(i).is_none_or(|m| {
                let n = m.as_str().chars().count();
                n >= min as usize && n <= max as usize
            })
        })
    }

    pub fn captures<'h>(&self, h: &'h str) -> Option<Caps<'_, 'h>> {
        if self.bounds.is_empty() {
            return self.fast.captures(h).map(Caps::Exact);
        }
        let c = self.fast.captures(h)?;
        if self.obeys(&c) {
            Some(Caps::Fast(c, &self.groups))
        } else {
            self.exact().captures(h).map(Caps::Exact)
        }
    }

    pub fn is_match(&self, h: &str) -> bool {
        if self.bounds.is_empty() {
            return self.fast.is_match(h);
        }
        self.captures(h).is_some()
    }

    /// Every successive non-overlapping match, as `Regex::captures_iter` gives them.
    pub fn captures_iter<'h>(&self, h: &'h str) -> Vec<Caps<'_, 'h>> {
        let fast: Vec<_> = self.fast.captures_iter(h).collect();
        if fast.iter().all(|c| self.obeys(c)) {
            fast.into_iter()
                .map(|c| Caps::Fast(c, &self.groups))
                .collect()
        } else {
            self.exact().captures_iter(h).map(Caps::Exact).collect()
        }
    }

    /// `Regex::replace` (the first match) with a literal replacement.
    pub fn replace_literal<'h>(&self, h: &'h str, rep: &str) -> std::borrow::Cow<'h, str> {
        match self.fast.captures(h) {
            None => std::borrow::Cow::Borrowed(h),
            Some(c) if self.obeys(&c) => self.fast.replace(h, regex::NoExpand(rep)),
            Some(_) => self.exact().replace(h, regex::NoExpand(rep)),
        }
    }

    /// `Regex::replace_all` with a literal replacement (no `$` references).
    pub fn replace_all_literal<'h>(&self, h: &'h str, rep: &str) -> std::borrow::Cow<'h, str> {
        if self.bounds.is_empty() || self.fast.captures_iter(h).all(|c| self.obeys(&c)) {
            self.fast.replace_all(h, regex::NoExpand(rep))
        } else {
            self.exact().replace_all(h, regex::NoExpand(rep))
        }
    }
}

/// A class worth relaxing: Unicode or negated classes compile to many UTF-8 ranges.
fn large(a: &Ast) -> bool {
    fn item(i: &ClassSetItem) -> bool {
        match i {
            ClassSetItem::Unicode(_) | ClassSetItem::Perl(_) => true,
            ClassSetItem::Bracketed(b) => b.negated || set(&b.kind),
            ClassSetItem::Union(u) => u.items.iter().any(item),
            _ => false,
        }
    }
    fn set(s: &ast::ClassSet) -> bool {
        match s {
            ast::ClassSet::Item(i) => item(i),
            ast::ClassSet::BinaryOp(_) => true,
        }
    }
    match a {
        Ast::ClassUnicode(_) | Ast::ClassPerl(_) | Ast::Dot(_) => true,
        Ast::ClassBracketed(b) => b.negated || set(&b.kind),
        _ => false,
    }
}

/// At most one iteration (`?`, `??`, `{0,1}`, `{1}`): a group inside it keeps its only
/// iteration, so its bound can be checked as if it stood alone.
fn at_most_once(kind: &RepetitionKind) -> bool {
    matches!(
        kind,
        RepetitionKind::ZeroOrOne
            | RepetitionKind::Range(
                RepetitionRange::Exactly(0 | 1) | RepetitionRange::Bounded(0 | 1, 0 | 1)
            )
    )
}

/// Drops the upper bound of every `{m,n}` over a large class that is not itself repeated
/// (a group inside a repetition only keeps its last iteration, so it could not be checked;
/// an optional group has at most one), wrapping it in a named group; `added` gets `(m, n)`
/// for each.
fn relax(a: &mut Ast, repeated: bool, added: &mut Vec<(u32, u32)>) {
    match a {
        Ast::Repetition(r) => {
            if let RepetitionKind::Range(RepetitionRange::Bounded(min, max)) = r.op.kind
                && !repeated
                && max > min
                && large(&r.ast)
            {
                let span = r.span;
                r.op.kind = RepetitionKind::Range(RepetitionRange::AtLeast(min));
                let inner = std::mem::replace(a, Ast::empty(span));
                *a = Ast::group(ast::Group {
                    span,
                    kind: GroupKind::CaptureName {
                        starts_with_p: true,
                        name: ast::CaptureName {
                            span,
                            name: format!("{GROUP}{}", added.len()),
                            index: 0,
                        },
                    },
                    ast: Box::new(inner),
                });
                added.push((min, max));
            } else {
                let repeated = repeated || !at_most_once(&r.op.kind);
                relax(&mut r.ast, repeated, added);
            }
        }
        Ast::Group(g) => relax(&mut g.ast, repeated, added),
        Ast::Alternation(x) => x.asts.iter_mut().for_each(|a| relax(a, repeated, added)),
        Ast::Concat(x) => x.asts.iter_mut().for_each(|a| relax(a, repeated, added)),
        _ => {}
    }
}

/// The captures of a [`Relaxed`] match, numbered as in the pattern as written.
pub enum Caps<'r, 'h> {
    Fast(regex::Captures<'h>, &'r [usize]),
    Exact(regex::Captures<'h>),
}

impl<'h> Caps<'_, 'h> {
    pub fn get(&self, i: usize) -> Option<regex::Match<'h>> {
        match self {
            Caps::Fast(c, groups) => groups.get(i).and_then(|&j| c.get(j)),
            Caps::Exact(c) => c.get(i),
        }
    }

    pub fn name(&self, name: &str) -> Option<regex::Match<'h>> {
        match self {
            Caps::Fast(c, _) | Caps::Exact(c) => c.name(name),
        }
    }
}

impl<'h> Index<usize> for Caps<'_, 'h> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
            .as_str()
    }
}

impl<'h> Index<&str> for Caps<'_, 'h> {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.name(name)
            .unwrap_or_else(|| panic!("no group named '{name}'"))
            .as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both answers, the relaxed one and the pattern's own, on every input.
    fn same(pattern: &str, inputs: &[&str]) {
        let r = Relaxed::new(pattern);
        assert!(!r.bounds.is_empty(), "{pattern} relaxes something");
        let exact = Regex::new(pattern).unwrap();
        for h in inputs {
            let a = r.captures(h);
            let b = exact.captures(h);
            assert_eq!(a.is_some(), b.is_some(), "{pattern} on {h}");
            if let (Some(a), Some(b)) = (a, b) {
                for i in 0..b.len() {
                    assert_eq!(a.get(i).map(|m| m.range()), b.get(i).map(|m| m.range()));
                }
            }
            let a: Vec<_> = r
                .captures_iter(h)
                .iter()
                .map(|c| c.get(0).unwrap().range())
                .collect();
            let b: Vec<_> = exact
                .captures_iter(h)
                .map(|c| c.get(0).unwrap().range())
                .collect();
            assert_eq!(a, b, "{pattern} iterating {h}");
            assert_eq!(r.replace_all_literal(h, ""), exact.replace_all(h, ""));
            assert_eq!(r.replace_literal(h, "-"), exact.replace(h, "-"));
        }
    }

    #[test]
    fn answers_like_the_pattern_as_written() {
        let long = "中".repeat(40);
        let decree = format!("{long}令第5号");
        let decree_two = format!("{long}令国务院令第5号");
        same(
            r"^(?P<h>\p{Han}{1,30}令)(?:(?P<y>[0-9]{4})年|〔(?P<yb>[0-9]{4})〕)?第?(?P<n>[0-9]+)号$",
            &[
                "国务院令第5号",
                "令第5号",
                &decree,
                &decree_two,
                "国务院令2019年第5号",
            ],
        );
        let many = format!("见{long}公报和国务院公报");
        same(r"(\p{Han}{2,30}公报)", &["国务院公报", "公报", &many, "x"]);
        same(
            r"(?P<pre>[\p{Han}A-Za-z]*)〔(?P<y>[0-9]{4})〕(?P<mid>\p{Han}{0,10}?)第?(?P<n>[0-9]+)号",
            &[
                "国发〔2019〕1号和国发〔2018〕某某某某某某某某某某某某第2号",
                "〔2019〕第3号",
            ],
        );
        same(
            r"《(?P<t>[^《》]{1,200})》[〔（(\[［【]?$",
            &[
                "见《关于印发的通知》（",
                "《》",
                &format!("《{}》", "字".repeat(250)),
            ],
        );
    }

    #[test]
    fn numbers_groups_as_written() {
        let r = Relaxed::new(r"^(a)(\p{Han}{2,5})(b)$");
        let c = r.captures("a中文b").unwrap();
        assert_eq!((&c[1], &c[2], &c[3]), ("a", "中文", "b"));
        // Over the bound: answered by the exact pattern.
        assert!(r.captures("a中文中文中文b").is_none());
        assert!(!r.is_match("a中b"));
    }

    #[test]
    fn relaxes_inside_optional_groups() {
        // in_force's EFFECTIVE: `[^…]{1,8}?` inside `(?:…)?`.
        let p = r"(?P<subj>本[^，。；：、自《》]{1,8}?)?(?:自|从|于)(?:(?P<abs>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)|(?:本[^，。；：、《》]{1,8}?)?(?P<rel>印发|发布|公布)之日)起?(?P<verb>施行|实施|执行)";
        assert_eq!(Relaxed::new(p).bounds.len(), 2);
        let long = "规".repeat(12);
        same(
            p,
            &[
                "本办法自2019年1月1日起施行",
                "本实施细则自发布之日起施行",
                "自印发之日起实施",
                &format!("本{long}自印发之日起施行"),
                &format!("本{long}办法自本{long}规定印发之日起施行，本办法自公布之日起执行"),
                "本办法，自公布之日起施行",
                "于本通知发布之日起执行",
            ],
        );
        let optional = format!("x{}y", "中".repeat(4));
        same(
            r"x(?:\p{Han}{1,3})?y",
            &["x中y", "xy", &optional, "x中中中y"],
        );
        same(r"x(\p{Han}{1,3}){0,1}y", &["x中y", "xy", &optional]);
    }

    proptest::proptest! {
        /// Optional groups holding relaxed repetitions, on strings of the words they match.
        #[test]
        fn optional_groups_answer_like_the_pattern(
            h in crate::test_strings::made_of(
                &[
                    "本", "办法", "规定规定规定", "，", "自", "于", "印发", "公布", "之日", "起", "施行", "执行",
                    "2019年1月1日", "x", "y", "中", "中中中中",
                ],
                12,
            )
        ) {
            for p in [
                r"(?P<subj>本[^，。；：、自《》]{1,8}?)?(?:自|于)(?:(?P<abs>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)|(?:本[^，。；：、《》]{1,8}?)?(?P<rel>印发|公布)之日)起?(?P<verb>施行|执行)",
                r"x(?:\p{Han}{1,3})?y",
                r"(\p{Han}{2,4}){0,1}之日",
            ] {
                let r = Relaxed::new(p);
                let exact = Regex::new(p).unwrap();
                let ranges = |c: Option<Vec<Option<std::ops::Range<usize>>>>| c;
                let a = ranges(r.captures(&h).map(|c| (0..exact.captures_len()).map(|i| c.get(i).map(|m| m.range())).collect()));
                let b = ranges(exact.captures(&h).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect()));
                proptest::prop_assert_eq!(a, b, "{} on {:?}", p, h);
                let a: Vec<_> = r.captures_iter(&h).iter().map(|c| c.get(0).unwrap().range()).collect();
                let b: Vec<_> = exact.captures_iter(&h).map(|c| c.get(0).unwrap().range()).collect();
                proptest::prop_assert_eq!(a, b, "{} iterating {:?}", p, h);
            }
        }
    }

    #[test]
    fn leaves_small_and_repeated_classes() {
        assert!(Relaxed::new(r"[0-9]{1,4}").bounds.is_empty());
        assert!(Relaxed::new(r"(?:\p{Han}{1,3}x)+").bounds.is_empty());
    }
}
