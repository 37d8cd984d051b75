//! Test inputs for written-out matchers: strings made of pieces that the pattern they
//! replace cares about, to compare the two on (proptest).

use proptest::prelude::*;

/// Strings of up to `max - 1` of `pieces`, concatenated.
pub fn made_of(pieces: &[&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..max)
        .prop_map(|parts| parts.concat())
}
