//! Checks across the archive on what is in force (issue 15): a document whose basis
//! (`根据《…》（…号）`) the archive shows repealed before it was written (`cites-repealed`) or
//! expired by then (`expired-but-cited`), and repeals or amendments of a 文号 the archive does
//! not hold (`relation-unresolved`, for information). 文号 are compared in the normal form of
//! `gongwen::doc_number`; a document starts to apply on its `effective` date, else its `date`.

use std::collections::BTreeMap;

use super::finding::{Code, Finding};
use super::summary::{DocSummary, IssueSummary};
use crate::gongwen::doc_number::number_key;
use crate::model::Relation;

/// When a document starts to apply: its 施行日期, else its 成文日期.
fn start(d: &DocSummary) -> Option<&str> {
    d.effective.as_deref().or(d.date.as_deref())
}

pub fn check_in_force(issues: &[IssueSummary]) -> Vec<Finding> {
    // Every document of the archive by its 文号, and every repeal by the 文号 it repeals.
    let mut by_number: BTreeMap<String, Vec<&DocSummary>> = BTreeMap::new();
    let mut repeals: BTreeMap<String, Vec<(Option<&str>, String)>> = BTreeMap::new();
    for ci in issues {
        for d in &ci.documents {
            if let Some(n) = d.number.as_deref() {
                by_number.entry(number_key(n)).or_default().push(d);
            }
            for (_, text) in d.references.iter().filter(|r| r.0 == Relation::Repeals) {
                repeals
                    .entry(number_key(text))
                    .or_default()
                    .push((start(d), d.label()));
            }
        }
    }
    let mut out = Vec::new();
    for ci in issues {
        for d in &ci.documents {
            let label = d.label();
            for (relation, text) in d.references.iter() {
                let key = number_key(text);
                match *relation {
                    Relation::BasedOn => {
                        let Some(date) = d.date.as_deref() else {
                            continue;
                        };
                        // Repealed by a document that applied before this one was written.
                        let repeal = repeals.get(&key).and_then(|v| {
                            v.iter()
                                .filter(|(s, by)| s.is_some_and(|s| s < date) && *by != label)
                                .min()
                        });
                        if let Some((Some(from), by)) = repeal {
                            out.push(ci.doc_finding(
                                d,
                                Code::CitesRepealed,
                                format!(
                                    "{label} ({date}) rests on {}, repealed by {by} from {from}",
                                    text
                                ),
                            ));
                            continue;
                        }
                        let expired = by_number.get(&key).and_then(|v| {
                            v.iter()
                                .filter_map(|t| t.valid_until.as_deref())
                                .filter(|u| *u < date)
                                .max()
                        });
                        if let Some(until) = expired {
                            out.push(ci.doc_finding(
                                d,
                                Code::ExpiredButCited,
                                format!(
                                    "{label} ({date}) rests on {}, in force only until {until}",
                                    text
                                ),
                            ));
                        }
                    }
                    Relation::Repeals | Relation::Amends if !by_number.contains_key(&key) => {
                        let what = if *relation == Relation::Repeals {
                            "repeals"
                        } else {
                            "amends"
                        };
                        out.push(ci.doc_finding(
                            d,
                            Code::RelationUnresolved,
                            format!("{label} {what} {}, which is not in the archive", text),
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
