//! Which files a command reads: the files given, and the input files (.pdf, .txt, .ofd,
//! .docx, .doc, .wps, .html, .htm, .shtml; see [`INPUT_EXTENSIONS`]) below the
//! folders given (recursively, in sorted order, hidden entries and the output folder
//! skipped), optionally narrowed by `-g` glob patterns on the path relative to the folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the folder given (or the file name for a file given), `/`
    /// between parts and non-UTF-8 bytes escaped (`\xNN`): the manifest key, and what
    /// globs and shards look at.
    pub relative: String,
    /// The same path with its bytes as they are: output files are written under it.
    pub raw_relative: PathBuf,
    /// `source.path`: the path as given (a file found in a folder given as `A/` is
    /// `A/01.txt`, as rg prints it), escaped like `relative`.
    pub label: String,
}

/// `OUT/<relative path>.json`, from the raw bytes of the name (a GBK name stays GBK).
pub fn output_path(out: &Path, f: &InputFile) -> PathBuf {
    let mut name = f.raw_relative.clone().into_os_string();
    name.push(".json");
    out.join(name)
}

pub use crate::extract::INPUT_EXTENSIONS;

pub fn is_input_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// `-g/--glob` patterns, ripgrep style: a pattern with a `/` is matched against the
/// path relative to the input folder (`*` stays within one folder, `**` crosses them);
/// one without is matched against the file name at any depth; `!pattern` excludes.
#[derive(Debug, Clone, Default)]
pub struct InputGlobs {
    include_path: GlobSet,
    include_name: GlobSet,
    exclude_path: GlobSet,
    exclude_name: GlobSet,
    has_include: bool,
    patterns: Vec<String>,
}

impl InputGlobs {
    pub fn new(patterns: &[String]) -> anyhow::Result<Self> {
        let mut sets = [
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
            GlobSetBuilder::new(),
        ];
        let mut has_include = false;
        for raw in patterns {
            let (exclude, pat) = match raw.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, raw.as_str()),
            };
            let pat = pat.trim_start_matches("./").trim_start_matches('/');
            let by_path = pat.contains('/');
            let glob: Glob = GlobBuilder::new(pat)
                .literal_separator(true)
                .build()
                .with_context(|| format!("invalid glob {raw:?}"))?;
            has_include |= !exclude;
            sets[usize::from(exclude) * 2 + usize::from(!by_path)].add(glob);
        }
        let [ip, inn, ep, en] = sets.map(|b| b.build());
        Ok(InputGlobs {
            include_path: ip?,
            include_name: inn?,
            exclude_path: ep?,
            exclude_name: en?,
            has_include,
            patterns: patterns.to_vec(),
        })
    }

    /// Whether the input at `relative` (forward slashes) is selected.
    pub fn is_match(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let included = !self.has_include
            || self.include_path.is_match(relative)
            || self.include_name.is_match(name);
        included && !self.exclude_path.is_match(relative) && !self.exclude_name.is_match(name)
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

/// What to take from the folders given.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A folder never read as input (the output folder).
    pub skip: Option<PathBuf>,
    /// Applies to files found in folders; files named on the command line are always read.
    pub globs: Option<InputGlobs>,
}

pub fn collect_inputs(inputs: &[PathBuf], skip: Option<&Path>) -> anyhow::Result<Vec<InputFile>> {
    collect_selected(
        inputs,
        &Selection {
            skip: skip.map(Path::to_path_buf),
            globs: None,
        },
    )
}

/// The inputs below `inputs`, in the order given and, within a folder, sorted by path.
/// A missing path, or a folder with no (selected) inputs, is an error.
pub fn collect_selected(inputs: &[PathBuf], sel: &Selection) -> anyhow::Result<Vec<InputFile>> {
    let skip = sel.skip.as_deref().and_then(|s| s.canonicalize().ok());
    let mut out = Vec::new();
    for input in inputs {
        if crate::input::is_stdin(input) {
            if out
                .iter()
                .any(|f: &InputFile| crate::input::is_stdin(&f.path))
            {
                bail!("`-` (standard input) given twice");
            }
            out.push(InputFile {
                path: input.clone(),
                relative: "stdin".into(),
                raw_relative: PathBuf::from("stdin"),
                label: crate::input::STDIN_LABEL.into(),
            });
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow::anyhow!("{}: no such file or folder", input.display())
            } else {
                anyhow::Error::new(e).context(input.display().to_string())
            }
        })?;
        // A named pipe, `/dev/stdin` or a device is read like a file.
        if crate::input::is_file_like(&meta) {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push(InputFile {
                path: input.clone(),
                relative: crate::input::escaped(&name),
                raw_relative: name,
                label: crate::input::escaped(input),
            });
            continue;
        }
        let mut found = Vec::new();
        let mut seen = 0usize;
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                // Only folders can be the output folder: spare the files a syscall. The
                // folder given itself may be the output folder (JSON beside the inputs).
                let is_skip = e.depth() > 0
                    && e.file_type().is_dir()
                    && skip
                        .as_ref()
                        .is_some_and(|s| e.path().canonicalize().ok().as_ref() == Some(s));
                !hidden && !is_skip
            });
        for entry in walker {
            let entry = entry.with_context(|| format!("{}", input.display()))?;
            // A symlink to a file counts as that file (links to folders are not followed).
            let is_file = entry.file_type().is_file()
                || entry.file_type().is_symlink() && entry.path().is_file();
            if !(is_file && is_input_name(entry.path())) {
                continue;
            }
            seen += 1;
            let raw = entry.path().strip_prefix(input).unwrap_or(entry.path());
            let rel = crate::input::slashed(raw);
            if sel.globs.as_ref().is_some_and(|g| !g.is_match(&rel)) {
                continue;
            }
            found.push(InputFile {
                path: entry.path().to_path_buf(),
                relative: rel,
                raw_relative: raw.to_path_buf(),
                label: crate::input::escaped(entry.path()),
            });
        }
        if found.is_empty() {
            match (&sel.globs, seen) {
                (Some(g), 1..) => bail!(
                    "{}: none of its {seen} inputs (.pdf, .txt, .ofd, .docx, .doc, .wps, .html …) match -g {}",
                    input.display(),
                    g.patterns().join(" -g ")
                ),
                _ => bail!(
                    "{}: folder holds no inputs (.pdf, .txt, .ofd, .docx, .doc, .wps, .html …)",
                    input.display()
                ),
            }
        }
        out.extend(found);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(p: &[&str]) -> InputGlobs {
        InputGlobs::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn glob_with_slash_matches_relative_path() {
        let g = globs(&["2019/**/*.pdf"]);
        assert!(g.is_match("2019/01.pdf"));
        assert!(g.is_match("2019/a/b/01.pdf"));
        assert!(!g.is_match("2019/01.txt"));
        assert!(!g.is_match("2020/2019/01.pdf"));
    }

    #[test]
    fn glob_without_slash_matches_name_at_any_depth() {
        let g = globs(&["*.txt"]);
        assert!(g.is_match("a.txt"));
        assert!(g.is_match("2019/b/a.txt"));
        assert!(!g.is_match("2019/a.pdf"));
    }

    #[test]
    fn negated_glob_excludes() {
        let g = globs(&["!2019/*"]);
        assert!(!g.is_match("2019/01.pdf"));
        assert!(g.is_match("2020/01.pdf"));
        let g = globs(&["*.pdf", "!bad*"]);
        assert!(g.is_match("x/good.pdf"));
        assert!(!g.is_match("x/bad.pdf"));
    }
}
