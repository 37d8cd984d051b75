//! Which files a command reads: the files given, and the .pdf/.txt files below the
//! folders given (recursively, sorted, hidden entries and the output folder skipped).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the folder given (or the file name for a file given):
    /// output files are named after it.
    pub relative: String,
    /// `source.path`: the path as given, or relative to the input folder.
    pub label: String,
}

pub fn is_input_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("txt"))
}

pub fn collect_inputs(inputs: &[PathBuf], skip: Option<&Path>) -> anyhow::Result<Vec<InputFile>> {
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| format!("{}", input.display()))?;
        if meta.is_file() {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(InputFile {
                path: input.clone(),
                relative: name,
                label: input.display().to_string(),
            });
            continue;
        }
        let mut found = Vec::new();
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let is_skip = skip
                    .as_ref()
                    .is_some_and(|s| e.path().canonicalize().ok().as_ref() == Some(s));
                !hidden && !is_skip
            });
        for entry in walker {
            let entry = entry.with_context(|| format!("{}", input.display()))?;
            if entry.file_type().is_file() && is_input_name(entry.path()) {
                let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                found.push(InputFile {
                    path: entry.path().to_path_buf(),
                    relative: rel.clone(),
                    label: rel,
                });
            }
        }
        if found.is_empty() {
            bail!("{}: folder holds no .pdf or .txt inputs", input.display());
        }
        out.extend(found);
    }
    Ok(out)
}
