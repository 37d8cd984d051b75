//! `--expect expect.toml`: what a complete archive holds, per gazette and year, and
//! optionally the severity of each code (README, "Use in CI"):
//!
//! ```toml
//! [severity]                      # error | warning | info | allow, per code
//! number-year-mismatch = "allow"
//!
//! [[gazette]]
//! name = "吕梁市人民政府公报"       # gazette.name; omit to match every gazette
//! years = "2018-2020"             # 2019, [2018, 2019] or "2015, 2017-2019"
//! issues = "1-12"                 # or [1, 2, 3], or issues_per_year = 12
//!
//! [gazette.year.2020]             # a year that differs
//! issues = "1-6"
//! ```
//!
//! Without `issues`/`issues_per_year`, a year expects the range between its first and
//! last issue present (as without `--expect`). Without `years`, the years present.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

use super::finding::{Code, Level, SeverityPolicy};

#[derive(Debug, Clone, Default)]
pub struct Expect {
    pub severity: Vec<(Code, Level)>,
    pub gazettes: Vec<ExpectGazette>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpectGazette {
    pub name: Option<String>,
    /// Years listed (explicitly or through `[gazette.year.N]`); empty = the years present.
    pub years: BTreeSet<i32>,
    /// Issue numbers for every year; None = first..last present.
    pub issues: Option<BTreeSet<u32>>,
    pub by_year: BTreeMap<i32, BTreeSet<u32>>,
}

impl ExpectGazette {
    pub fn matches(&self, name: Option<&str>) -> bool {
        self.name.is_none() || self.name.as_deref() == name
    }

    /// The issue numbers expected in `year`; None = the default (first..last present).
    pub fn issues_for(&self, year: i32) -> Option<&BTreeSet<u32>> {
        self.by_year.get(&year).or(self.issues.as_ref())
    }
}

impl Expect {
    pub fn read(path: &Path) -> anyhow::Result<Expect> {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
        Expect::parse(&text).with_context(|| format!("{}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Expect> {
        let raw: RawExpect = toml::from_str(text)?;
        let mut out = Expect::default();
        for (code, level) in raw.severity {
            let code: Code = code.parse().map_err(anyhow::Error::msg)?;
            let level: Level = level.parse().map_err(anyhow::Error::msg)?;
            out.severity.push((code, level));
        }
        for (i, g) in raw.gazette.into_iter().enumerate() {
            let at = |what: &str| {
                format!(
                    "[[gazette]] #{} ({}): {what}",
                    i + 1,
                    g.name.as_deref().unwrap_or("any")
                )
            };
            let mut years: BTreeSet<i32> = match &g.years {
                None => BTreeSet::new(),
                Some(y) => y
                    .to_set()
                    .with_context(|| at("years"))?
                    .into_iter()
                    .map(|y| y as i32)
                    .collect(),
            };
            let issues =
                spec_to_set(g.issues.as_ref(), g.issues_per_year).with_context(|| at("issues"))?;
            let mut by_year = BTreeMap::new();
            for (y, spec) in &g.year {
                let year: i32 = y
                    .trim()
                    .parse()
                    .ok()
                    .filter(|y| (1000..=9999).contains(y))
                    .with_context(|| at(&format!("[gazette.year.{y}]: not a year")))?;
                let set = spec_to_set(spec.issues.as_ref(), spec.issues_per_year)
                    .with_context(|| at(&format!("[gazette.year.{y}]")))?;
                let Some(set) = set else {
                    bail!(
                        "{}",
                        at(&format!(
                            "[gazette.year.{y}] needs issues or issues_per_year"
                        ))
                    );
                };
                years.insert(year);
                by_year.insert(year, set);
            }
            out.gazettes.push(ExpectGazette {
                name: g.name,
                years,
                issues,
                by_year,
            });
        }
        Ok(out)
    }

    pub fn apply_severity(&self, policy: &mut SeverityPolicy) {
        for &(code, level) in &self.severity {
            policy.set(code, level);
        }
    }

    /// The `[[gazette]]` entry for a gazette of this name: the first that names it, else
    /// the first without a name.
    pub fn for_gazette(&self, name: Option<&str>) -> Option<&ExpectGazette> {
        self.gazettes
            .iter()
            .find(|g| g.name.is_some() && g.name.as_deref() == name)
            .or_else(|| self.gazettes.iter().find(|g| g.name.is_none()))
    }
}

fn spec_to_set(
    spec: Option<&Numbers>,
    per_year: Option<u32>,
) -> anyhow::Result<Option<BTreeSet<u32>>> {
    match (spec, per_year) {
        (Some(_), Some(_)) => bail!("give either issues or issues_per_year, not both"),
        (Some(s), None) => Ok(Some(s.to_set()?)),
        (None, Some(0)) => bail!("issues_per_year must be at least 1"),
        (None, Some(n)) => Ok(Some((1..=n).collect())),
        (None, None) => Ok(None),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    gazette: Vec<RawGazette>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGazette {
    name: Option<String>,
    years: Option<Numbers>,
    issues: Option<Numbers>,
    issues_per_year: Option<u32>,
    #[serde(default)]
    year: BTreeMap<String, RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    issues: Option<Numbers>,
    issues_per_year: Option<u32>,
}

/// `12`, `[1, 2, 3]` or `"1-5, 7, 9-12"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Numbers {
    One(u32),
    List(Vec<u32>),
    Text(String),
}

impl Numbers {
    fn to_set(&self) -> anyhow::Result<BTreeSet<u32>> {
        match self {
            Numbers::One(n) => Ok([*n].into()),
            Numbers::List(v) => Ok(v.iter().copied().collect()),
            Numbers::Text(s) => parse_ranges(s),
        }
    }
}

/// `"1-5, 7, 9-12"` → {1..5, 7, 9..12}.
pub fn parse_ranges(s: &str) -> anyhow::Result<BTreeSet<u32>> {
    let mut out = BTreeSet::new();
    for part in s
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let num = |t: &str| -> anyhow::Result<u32> {
            t.trim()
                .parse()
                .with_context(|| format!("`{part}` is not a number or a range like 1-12"))
        };
        match part.split_once(['-', '–', '~']) {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b || b - a > 100_000 {
                    bail!("bad range `{part}`");
                }
                out.extend(a..=b);
            }
            None => {
                out.insert(num(part)?);
            }
        }
    }
    if out.is_empty() {
        bail!("empty list of numbers");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_ranges("1-3, 7,9-10").unwrap(),
            [1, 2, 3, 7, 9, 10].into()
        );
        assert!(parse_ranges("3-1").is_err());
        assert!(parse_ranges("a").is_err());
        assert!(parse_ranges("").is_err());
    }

    #[test]
    fn parses_the_documented_format() {
        let e = Expect::parse(
            r#"
            [severity]
            number-year-mismatch = "allow"
            missing-date = "error"

            [[gazette]]
            name = "吕梁市人民政府公报"
            years = "2018-2019"
            issues_per_year = 12

            [gazette.year.2020]
            issues = "1-6"

            [[gazette]]
            issues = [1, 2]
            "#,
        )
        .unwrap();
        assert_eq!(e.severity.len(), 2);
        let g = &e.gazettes[0];
        assert_eq!(g.years, [2018, 2019, 2020].into());
        assert_eq!(g.issues_for(2019).unwrap().len(), 12);
        assert_eq!(g.issues_for(2020).unwrap().len(), 6);
        assert!(g.matches(Some("吕梁市人民政府公报")));
        assert!(!g.matches(Some("山西省人民政府公报")));
        assert_eq!(
            e.for_gazette(Some("other")).unwrap().issues,
            Some([1, 2].into())
        );
        // A named entry wins over an unnamed one listed before it.
        let e = Expect::parse(
            "[[gazette]]\nissues = \"1-2\"\n[[gazette]]\nname = \"A\"\nissues = \"1-3\"\n",
        )
        .unwrap();
        assert_eq!(
            e.for_gazette(Some("A")).unwrap().issues,
            Some([1, 2, 3].into())
        );
        assert_eq!(e.for_gazette(None).unwrap().issues, Some([1, 2].into()));
    }

    #[test]
    fn rejects_mistakes() {
        assert!(Expect::parse("[severity]\nmissing-isue = \"error\"").is_err());
        assert!(Expect::parse("[severity]\nmissing-issue = \"fatal\"").is_err());
        assert!(Expect::parse("[[gazette]]\nissues = \"1-12\"\nissues_per_year = 12").is_err());
        assert!(Expect::parse("[[gazette]]\nisues = \"1-12\"").is_err());
        assert!(Expect::parse("[[gazette]]\nissues = \"x\"").is_err());
    }
}
