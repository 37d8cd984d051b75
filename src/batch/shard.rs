//! `--shard K/N`: one machine's share of an N-way split of an archive. An input
//! belongs to shard K when the blake3 of its relative path, read as a number, is
//! K-1 modulo N — stable across machines, runs and archive growth (adding a file
//! never moves another one to a different shard), and every input is in exactly one.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the input with this relative path (forward slashes) is in this shard.
    pub fn contains(&self, relative: &str) -> bool {
        shard_of(relative, self.count) == self.index
    }
}

/// The 1-based shard of `relative` in an `count`-way split.
pub fn shard_of(relative: &str, count: u32) -> u32 {
    let hash = blake3::hash(relative.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&hash.as_bytes()[..8]);
    (u64::from_le_bytes(head) % u64::from(count.max(1))) as u32 + 1
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?}: expected K/N with 1 <= K <= N, e.g. 3/16");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!(
            "3/16".parse(),
            Ok(Shard {
                index: 3,
                count: 16
            })
        );
        for bad in ["0/4", "5/4", "1/0", "x/4", "3", "3/"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard() {
        let paths: Vec<String> = (0..500)
            .map(|i| format!("{}/{i:02}.pdf", 2000 + i % 7))
            .collect();
        for n in [1, 2, 3, 16] {
            let mut sizes = vec![0; n as usize];
            for p in &paths {
                let owners: Vec<u32> = (1..=n)
                    .filter(|&k| Shard { index: k, count: n }.contains(p))
                    .collect();
                assert_eq!(owners.len(), 1, "{p} in {owners:?} of {n}");
                sizes[owners[0] as usize - 1] += 1;
            }
            // A hash split is roughly even.
            assert!(sizes.iter().all(|&s| s > 500 / n as usize / 2), "{sizes:?}");
        }
    }
}
