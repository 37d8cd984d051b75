//! Helpers shared by the integration tests: where the shared real documents are.
//!
//! `../shared/corpus/real` (beside the repository) holds real documents collected from public
//! repositories. They are read in place and never copied into the project; on a fresh clone
//! without `../shared`, the tests that need them print a note and pass as skipped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/corpus/real` (or `$GAZETTE_SHARED_DIR/corpus/real`, for a worktree that does
/// not sit beside `shared`), or None (with a note on stderr) when it is absent.
pub fn real_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("GAZETTE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("corpus/real");
    if dir.is_dir() {
        // Absolute, so that a symlink made to it from a temporary folder resolves.
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        eprintln!(
            "note: {} is absent: the tests on the shared real documents are skipped",
            dir.display()
        );
        None
    }
}

/// A file or folder under `../shared/corpus/real`, or None when the corpus is absent.
pub fn real(rel: &str) -> Option<PathBuf> {
    real_dir().map(|d| d.join(rel))
}
