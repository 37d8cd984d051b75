//! Whether documents are in force (issue 15): `--in-force-on DATE`, `--repeals N`,
//! `--amends N`, `--expires-before DATE`, and the status printed after each hit. A document
//! starts to apply on its `effective` date (else its 成文日期), stops after `valid_until`,
//! and is repealed from the start of any document of the searched archive whose references
//! say `repeals` for its 文号 — the [`RepealIndex`], built by a first pass over the inputs.
//! 文号 are compared in the normal form of `gongwen::doc_number`, so bracket and spacing
//! variants match.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::number::NumberPattern;
use crate::archive::{ArchiveFile, DocView};
pub use crate::gongwen::doc_number::number_key;
use crate::model::Relation;

/// One repeal of a 文号 by a document of the archive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Repeal {
    /// From when (the repealing document's start); None when it has no date at all.
    pub start: Option<String>,
    /// The repealing document: its 文号, else its title.
    pub by: String,
}

/// Repealed 文号 (normal form) → the repeals of it found in the archive, earliest first.
#[derive(Debug, Clone, Default)]
pub struct RepealIndex {
    map: BTreeMap<String, Vec<Repeal>>,
}

impl RepealIndex {
    pub fn insert(&mut self, repealed: &str, repeal: Repeal) {
        let v = self.map.entry(number_key(repealed)).or_default();
        v.push(repeal);
        // Undated repeals last: nothing says when they apply.
        v.sort_by(|a, b| (a.start.is_none(), &a.start).cmp(&(b.start.is_none(), &b.start)));
        v.dedup();
    }

    /// The first repeal of `number` in the archive.
    pub fn first(&self, number: &str) -> Option<&Repeal> {
        self.map.get(&number_key(number))?.first()
    }

    /// A repeal of `number` in effect on `day`.
    pub fn on(&self, number: &str, day: &str) -> Option<&Repeal> {
        self.map
            .get(&number_key(number))?
            .iter()
            .find(|r| r.start.as_deref().is_some_and(|s| s <= day))
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The in-force part of a query (all must hold).
#[derive(Debug, Clone, Default)]
pub struct InForceFilter {
    /// Started on or before this day, not expired, not repealed by then.
    pub in_force_on: Option<String>,
    /// Repealing a 文号 matching this.
    pub repeals: Option<NumberPattern>,
    /// Amending a 文号 matching this.
    pub amends: Option<NumberPattern>,
    /// `valid_until` before this day.
    pub expires_before: Option<String>,
    /// Repeals found in the searched archive (first pass).
    pub repealed: Option<Arc<RepealIndex>>,
    /// Only documents that repeal something (the first pass itself).
    pub repealing: bool,
}

impl InForceFilter {
    pub fn is_active(&self) -> bool {
        self.in_force_on.is_some()
            || self.repeals.is_some()
            || self.amends.is_some()
            || self.expires_before.is_some()
            || self.repealing
    }

    /// The relations a matching record must hold (for the byte-level pre-filters).
    pub fn relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        if self.repeals.is_some() || self.repealing {
            out.push(Relation::Repeals);
        }
        if self.amends.is_some() {
            out.push(Relation::Amends);
        }
        out
    }

    pub fn matches(&self, d: &DocView<'_>) -> bool {
        let cites = |rel: Relation, p: Option<&NumberPattern>| {
            d.references
                .iter()
                .any(|r| r.relation == rel && p.is_none_or(|p| p.is_match(r)))
        };
        if (self.repealing && !cites(Relation::Repeals, None))
            || self
                .repeals
                .as_ref()
                .is_some_and(|p| !cites(Relation::Repeals, Some(p)))
            || self
                .amends
                .as_ref()
                .is_some_and(|p| !cites(Relation::Amends, Some(p)))
        {
            return false;
        }
        if let Some(b) = &self.expires_before
            && d.valid_until_date().is_none_or(|v| v >= b.as_str())
        {
            return false;
        }
        if let Some(day) = &self.in_force_on {
            let day = day.as_str();
            if d.start().is_none_or(|s| s > day) || d.valid_until_date().is_some_and(|v| v < day) {
                return false;
            }
            if let (Some(index), Some(n)) = (&self.repealed, &d.doc_number)
                && index.on(&n.text, day).is_some()
            {
                return false;
            }
        }
        true
    }
}

/// The status shown after a hit: repealed (by what, from when), else valid until a day.
pub fn status(
    index: Option<&RepealIndex>,
    number: Option<&str>,
    valid_until: Option<&str>,
) -> Option<String> {
    if let (Some(index), Some(n)) = (index, number)
        && let Some(r) = index.first(n)
    {
        return Some(match &r.start {
            Some(s) => format!("repealed by {} from {s}", r.by),
            None => format!("repealed by {}", r.by),
        });
    }
    valid_until.map(|v| format!("valid until {v}"))
}

/// The filter that finds every document stating a repeal.
pub fn repealing() -> super::Filter {
    super::Filter {
        in_force: InForceFilter {
            repealing: true,
            ..InForceFilter::default()
        },
        ..super::Filter::default()
    }
}

/// The repeals the `hits` of [`repealing`] state, by the 文号 they repeal.
pub fn index_repeals(hits: Vec<super::Hit>) -> RepealIndex {
    let mut index = RepealIndex::default();
    for h in hits {
        let by = h
            .number
            .clone()
            .or_else(|| h.title.clone())
            .unwrap_or_else(|| format!("{}#{}", h.path, h.index));
        for n in &h.repeals {
            index.insert(
                n,
                Repeal {
                    start: h.start.clone(),
                    by: by.clone(),
                },
            );
        }
    }
    index
}

/// Every repeal stated by the documents of `files` (errors are the main pass's to report).
pub fn repeal_index(files: &[ArchiveFile], sources: &super::Sources<'_>) -> RepealIndex {
    let (hits, _) = super::scan(files, &repealing(), super::Want::default(), sources);
    index_repeals(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeals_are_found_under_every_bracket_variant() {
        let mut i = RepealIndex::default();
        i.insert(
            "云川政发〔2016〕3号",
            Repeal {
                start: Some("2019-03-01".into()),
                by: "云川政发〔2019〕4号".into(),
            },
        );
        i.insert(
            "云川政发〔2016〕3号",
            Repeal {
                start: None,
                by: "X".into(),
            },
        );
        assert_eq!(number_key("云川政发(2016)3 号"), "云川政发〔2016〕3号");
        assert_eq!(
            i.first("云川政发[2016]3号").unwrap().by,
            "云川政发〔2019〕4号"
        );
        assert!(i.on("云川政发〔2016〕3号", "2019-02-28").is_none());
        assert!(i.on("云川政发〔2016〕3号", "2019-03-01").is_some());
        assert!(i.on("云川政发〔2016〕4号", "2030-01-01").is_none());
        assert_eq!(
            status(Some(&i), Some("云川政发〔2016〕3号"), Some("2021-02-28")).as_deref(),
            Some("repealed by 云川政发〔2019〕4号 from 2019-03-01")
        );
        assert_eq!(
            status(Some(&i), Some("云川政发〔2017〕2号"), Some("2021-02-28")).as_deref(),
            Some("valid until 2021-02-28")
        );
        assert_eq!(status(None, Some("云川政发〔2016〕3号"), None), None);
    }
}
