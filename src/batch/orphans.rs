//! Outputs whose input is gone. After an input is renamed or deleted, its JSON stays in
//! the output folder and would be read by `grep` and `check` as if the input were still
//! there. A run that saw the whole of its folders (no `-g`, no `--shard`) knows every
//! input, and the manifest knows every output it wrote: the difference is reported, and
//! `--prune` removes those files and forgets them.

use std::collections::BTreeSet;
use std::path::Path;

use super::manifest::{Manifest, Status};

/// The outputs (`OUT/…`, as shown) of converted inputs not among `present`; removed, with
/// their manifest entries, when `prune`. A failure to remove one is returned as an error
/// line (the rest are still removed).
pub fn orphans(
    manifest: &mut Manifest,
    out: &Path,
    present: &BTreeSet<&str>,
    prune: bool,
) -> (Vec<String>, Vec<String>) {
    let gone: Vec<String> = manifest
        .entries
        .iter()
        .filter(|(k, e)| e.status == Status::Converted && !present.contains(k.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    let mut shown = Vec::new();
    let mut errors = Vec::new();
    for key in gone {
        let Some(output) = manifest.entries[&key].output.clone() else {
            continue;
        };
        let path = out.join(&output);
        shown.push(crate::input::escaped(&path));
        if !prune {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                errors.push(format!(
                    "{}: cannot remove: {e}",
                    crate::input::escaped(&path)
                ));
                continue;
            }
        }
        manifest.entries.remove(&key);
    }
    (shown, errors)
}
