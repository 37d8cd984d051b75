//! Checks across the archive, per gazette (by name): issue numbers without gaps or
//! duplicates per year (combined issues count for all their numbers), `总第` numbers
//! continuing across years, publication dates in order, and 文号 that name two
//! different documents.

use std::collections::{BTreeMap, BTreeSet};

use super::expect::Expect;
use super::finding::{Code, Finding};
use super::rules::quoted;
use super::summary::{DocSummary, IssueSummary};
use crate::gongwen::title_key::titles_match;
use crate::model::IssueKind;

/// One issue's place in its gazette's run.
struct Placed<'a> {
    ci: &'a IssueSummary,
    year: i32,
    numbers: &'a [u32],
}

fn gazette_label(name: Option<&str>) -> &str {
    name.unwrap_or("(unnamed gazette)")
}

fn archive_finding(
    code: Code,
    name: Option<&str>,
    year: i32,
    issue: Option<u32>,
    message: String,
) -> Finding {
    let mut f = Finding::new(code, message);
    f.gazette = name.map(str::to_string);
    f.year = Some(year);
    f.issue = issue;
    f
}

pub fn check_archive(issues: &[IssueSummary], expect: Option<&Expect>) -> Vec<Finding> {
    let mut groups: BTreeMap<Option<&str>, Vec<&IssueSummary>> = BTreeMap::new();
    for ci in issues {
        groups
            .entry(ci.gazette.name.as_deref())
            .or_default()
            .push(ci);
    }
    let mut out = Vec::new();
    for (name, group) in &groups {
        out.extend(check_numbers(*name, group, expect));
        out.extend(check_doc_numbers(group));
    }
    if let Some(expect) = expect {
        for g in &expect.gazettes {
            let Some(name) = g.name.as_deref() else {
                continue;
            };
            if groups.contains_key(&Some(name)) {
                continue;
            }
            if g.years.is_empty() {
                let mut f = Finding::new(
                    Code::MissingIssue,
                    format!("{name}: no issue of this gazette in the archive"),
                );
                f.gazette = Some(name.to_string());
                out.push(f);
            }
            for &year in &g.years {
                if g.issues_for(year).is_none() {
                    out.push(archive_finding(
                        Code::MissingIssue,
                        Some(name),
                        year,
                        None,
                        format!("{name} {year}: no issue of this gazette in the archive"),
                    ));
                }
                for &n in g.issues_for(year).into_iter().flatten() {
                    out.push(archive_finding(
                        Code::MissingIssue,
                        Some(name),
                        year,
                        Some(n),
                        format!("{name} {year}: 第{n}期 is missing (no issue of this gazette in the archive)"),
                    ));
                }
            }
        }
    }
    out
}

fn compact(set: &BTreeSet<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let v: Vec<u32> = set.iter().copied().collect();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            v[i].to_string()
        } else {
            format!("{}-{}", v[i], v[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn check_numbers(
    name: Option<&str>,
    group: &[&IssueSummary],
    expect: Option<&Expect>,
) -> Vec<Finding> {
    let label = gazette_label(name);
    let mut placed: Vec<Placed> = group
        .iter()
        .filter(|ci| !ci.gazette.issues.is_empty())
        // 增刊 and 特刊 are numbered apart from the regular run.
        .filter(|ci| {
            !matches!(
                ci.gazette.kind,
                Some(IssueKind::Supplement | IssueKind::Special)
            )
        })
        .filter_map(|ci| {
            Some(Placed {
                ci,
                year: ci.year()?,
                numbers: &ci.gazette.issues,
            })
        })
        .collect();
    placed.sort_by(|a, b| {
        (a.year, a.numbers.iter().min(), &a.ci.file).cmp(&(
            b.year,
            b.numbers.iter().min(),
            &b.ci.file,
        ))
    });
    let mut out = Vec::new();

    // Per year: number → files holding it.
    let mut by_year: BTreeMap<i32, BTreeMap<u32, Vec<&str>>> = BTreeMap::new();
    for p in &placed {
        for &n in p.numbers {
            by_year
                .entry(p.year)
                .or_default()
                .entry(n)
                .or_default()
                .push(&p.ci.file);
        }
    }
    for (&year, numbers) in &by_year {
        for (&n, files) in numbers {
            let mut distinct: Vec<&str> = files.clone();
            distinct.dedup();
            if files.len() > 1 {
                out.push(archive_finding(
                    Code::DuplicateIssue,
                    name,
                    year,
                    Some(n),
                    format!(
                        "{label} {year}: 第{n}期 appears {} times ({})",
                        files.len(),
                        distinct.join(", ")
                    ),
                ));
            }
        }
    }

    // Expected numbers per year, and what is missing.
    let spec = expect.and_then(|e| e.for_gazette(name));
    let mut years: BTreeSet<i32> = by_year.keys().copied().collect();
    if let Some(g) = spec {
        years.extend(&g.years);
    }
    let mut missing: BTreeSet<(i32, u32)> = BTreeSet::new();
    for &year in &years {
        let present: BTreeSet<u32> = by_year
            .get(&year)
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default();
        let expected: BTreeSet<u32> = match spec.and_then(|g| g.issues_for(year)) {
            Some(set) => set.clone(),
            None => match (present.first(), present.last()) {
                (Some(&a), Some(&b)) => (a..=b).collect(),
                _ => BTreeSet::new(),
            },
        };
        if expected.is_empty() {
            // A year listed in --expect without issue numbers, and none present.
            out.push(archive_finding(
                Code::MissingIssue,
                name,
                year,
                None,
                format!("{label} {year}: no issue of this year in the archive"),
            ));
        }
        for &n in expected.difference(&present) {
            missing.insert((year, n));
            out.push(archive_finding(
                Code::MissingIssue,
                name,
                year,
                Some(n),
                format!(
                    "{label} {year}: 第{n}期 is missing (expected {}; present {})",
                    compact(&expected),
                    if present.is_empty() {
                        "none".to_string()
                    } else {
                        compact(&present)
                    }
                ),
            ));
        }
    }

    // 总第 numbers across a year boundary reveal issues missing at the end of one year
    // or the start of the next, which the per-year ranges cannot see.
    let totals: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.ci.gazette.issue_total.is_some())
        .collect();
    for w in totals.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.year == b.year {
            continue;
        }
        let (ta, tb) = (
            a.ci.gazette.issue_total.unwrap_or(0),
            b.ci.gazette.issue_total.unwrap_or(0),
        );
        // A combined issue may carry one 总第 number or one per issue.
        let span = a.numbers.len() as u32;
        if tb <= ta + span {
            continue;
        }
        let gap = tb - ta - 1;
        let gap = if span > 1 && gap >= span - 1 {
            gap - (span - 1)
        } else {
            gap
        };
        if gap == 0 {
            continue;
        }
        let a_last = a.numbers.iter().copied().max().unwrap_or(0);
        let b_first = b.numbers.iter().copied().min().unwrap_or(1);
        // The first numbers of b's year are the latest missing totals; the rest end a's year.
        let at_start: u32 = b_first.saturating_sub(1).min(gap);
        let mut wanted: Vec<(i32, u32)> = (1..b_first)
            .take(at_start as usize)
            .map(|n| (b.year, n))
            .collect();
        if b.year == a.year + 1 {
            wanted.extend((1..=gap - at_start).map(|k| (a.year, a_last + k)));
        }
        for (year, n) in wanted {
            if missing.insert((year, n)) {
                out.push(archive_finding(
                    Code::MissingIssue,
                    name,
                    year,
                    Some(n),
                    format!(
                        "{label} {year}: 第{n}期 is missing (总第 numbers jump from {ta} in {} 第{a_last}期 to {tb} in {} 第{b_first}期)",
                        a.year, b.year
                    ),
                ));
            }
        }
    }

    // Publication dates must not go backwards as the numbers go up.
    let mut last: Option<(&str, &Placed)> = None;
    for p in &placed {
        let Some(date) = p.ci.gazette.published.as_deref() else {
            continue;
        };
        if let Some((prev_date, prev)) = last
            && date < prev_date
        {
            out.push(p.ci.finding(
                Code::IssueDateOrder,
                format!(
                    "{label} {} 第{}期 is dated {date}, before {} 第{}期 ({prev_date}, {})",
                    p.year,
                    join_numbers(p.numbers),
                    prev.year,
                    join_numbers(prev.numbers),
                    prev.ci.file
                ),
            ));
        }
        if last.is_none_or(|(d, _)| date >= d) {
            last = Some((date, p));
        }
    }
    out
}

fn join_numbers(n: &[u32]) -> String {
    n.iter().map(u32::to_string).collect::<Vec<_>>().join("、")
}

/// The same 文号 on two documents whose titles differ: one of them is misnumbered
/// (or misread). Reprints of the same document (same title) are fine.
fn check_doc_numbers(group: &[&IssueSummary]) -> Vec<Finding> {
    let mut seen: BTreeMap<&str, Vec<(&IssueSummary, &DocSummary)>> = BTreeMap::new();
    for ci in group {
        for d in &ci.documents {
            if let Some(n) = d.number.as_deref()
                && d.numbered
            {
                seen.entry(n).or_default().push((ci, d));
            }
        }
    }
    let mut out = Vec::new();
    for (number, docs) in seen {
        let (first_ci, first) = docs[0];
        let Some(first_title) = first.title.as_deref() else {
            continue;
        };
        for &(ci, d) in &docs[1..] {
            let Some(title) = d.title.as_deref() else {
                continue;
            };
            if titles_match(first_title, title) {
                continue;
            }
            out.push(ci.doc_finding(
                d,
                Code::DuplicateDocNumber,
                format!(
                    "{number} is {} here but {} in {}",
                    quoted(title),
                    quoted(first_title),
                    first_ci.file
                ),
            ));
        }
    }
    out
}
