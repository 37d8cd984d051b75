//! PLACEHOLDER until the parse branch lands.
use regex::Regex;
use std::sync::LazyLock;

pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    static D: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日$").unwrap()
    });
    let c = D.captures(s.trim())?;
    chrono::NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}
