//! Bookkeeping for incremental runs, in `OUT/.gazette/`: `manifest.json` maps each
//! input's relative path to the blake3 of its content, the generator and an options
//! fingerprint, and what came of it; `failures.jsonl` lists the inputs that failed
//! (one `{path, reason, kind}` object per line), for people and for `gazette check`.
//! Both are written atomically; keys are sorted (BTreeMap) so the files are stable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::sink::write_file;
use crate::model::{GENERATOR, SCHEMA_VERSION};

pub const BOOKKEEPING_DIR: &str = ".gazette";
pub const MANIFEST_FILE: &str = "manifest.json";
pub const FAILURES_FILE: &str = "failures.jsonl";
const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub manifest_version: u32,
    /// Keyed by the input's path relative to its folder (the output's name).
    pub entries: BTreeMap<String, Entry>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            manifest_version: MANIFEST_VERSION,
            entries: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// blake3 of the input bytes (null when the input could not be read).
    pub blake3: Option<String>,
    pub generator: String,
    /// Fingerprint of everything besides the input bytes that shapes the output.
    pub options: String,
    pub status: Status,
    /// The output file, relative to the output folder (converted inputs).
    pub output: Option<String>,
    pub documents: u64,
    pub pages: u64,
    /// Why the input failed (failed inputs).
    pub reason: Option<String>,
    pub kind: Option<String>,
    /// `source.path`: the input's path as given on the command line (absent in manifests
    /// written before it was recorded).
    #[serde(default)]
    pub source_path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Converted,
    Failed,
}

/// One line of `failures.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
    pub kind: String,
    pub blake3: Option<String>,
}

/// The options fingerprint of one input: what, besides its bytes and the generator,
/// decides the output bytes — the schema, the output format and `source.path`.
pub fn options_fingerprint(label: &str) -> String {
    let key = format!("schema={SCHEMA_VERSION};output=pretty-json;label={label}");
    blake3::hash(key.as_bytes()).to_hex()[..16].to_string()
}

impl Entry {
    /// Whether a converted input with this content and label needs no new conversion.
    pub fn is_fresh(&self, blake3: &str, label: &str) -> bool {
        self.status == Status::Converted
            && self.blake3.as_deref() == Some(blake3)
            && self.generator == GENERATOR
            && self.options == options_fingerprint(label)
    }
}

pub fn bookkeeping_dir(out: &Path) -> PathBuf {
    out.join(BOOKKEEPING_DIR)
}

impl Manifest {
    /// Reads `OUT/.gazette/manifest.json`; a missing one is empty, an unreadable one
    /// is an error the caller reports (and then starts afresh).
    pub fn load(out: &Path) -> anyhow::Result<Manifest> {
        let path = bookkeeping_dir(out).join(MANIFEST_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(anyhow::Error::new(e).context(path.display().to_string())),
        };
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        if m.manifest_version != MANIFEST_VERSION {
            anyhow::bail!(
                "{}: manifest version {} (expected {MANIFEST_VERSION})",
                path.display(),
                m.manifest_version
            );
        }
        Ok(m)
    }

    /// Writes the manifest and the failures list, each atomically.
    pub fn save(&self, out: &Path) -> anyhow::Result<()> {
        let dir = bookkeeping_dir(out);
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        let path = dir.join(MANIFEST_FILE);
        write_file(&path, json.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let mut lines = String::new();
        for f in self.failures() {
            lines.push_str(&serde_json::to_string(&f)?);
            lines.push('\n');
        }
        let path = dir.join(FAILURES_FILE);
        write_file(&path, lines.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(())
    }

    pub fn failures(&self) -> impl Iterator<Item = Failure> + '_ {
        self.entries
            .iter()
            .filter(|(_, e)| e.status == Status::Failed)
            .map(|(path, e)| Failure {
                // The path as given, so that `check` annotates the input itself.
                path: e.source_path.clone().unwrap_or_else(|| path.clone()),
                reason: e.reason.clone().unwrap_or_default(),
                kind: e.kind.clone().unwrap_or_else(|| "other".into()),
                blake3: e.blake3.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_lists_failures() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.entries.insert(
            "b/ok.txt".into(),
            Entry {
                blake3: Some("ab".into()),
                generator: GENERATOR.into(),
                options: options_fingerprint("b/ok.txt"),
                status: Status::Converted,
                output: Some("b/ok.txt.json".into()),
                documents: 2,
                pages: 1,
                reason: None,
                kind: None,
                source_path: None,
            },
        );
        m.entries.insert(
            "a/bad.pdf".into(),
            Entry {
                blake3: None,
                generator: GENERATOR.into(),
                options: options_fingerprint("a/bad.pdf"),
                status: Status::Failed,
                output: None,
                documents: 0,
                pages: 0,
                reason: Some("not a PDF".into()),
                kind: Some("not-pdf".into()),
                source_path: None,
            },
        );
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), m);
        let failures = std::fs::read_to_string(dir.path().join(".gazette/failures.jsonl")).unwrap();
        assert_eq!(
            failures,
            "{\"path\":\"a/bad.pdf\",\"reason\":\"not a PDF\",\"kind\":\"not-pdf\",\"blake3\":null}\n"
        );
        assert!(m.entries["b/ok.txt"].is_fresh("ab", "b/ok.txt"));
        assert!(!m.entries["b/ok.txt"].is_fresh("ac", "b/ok.txt"));
        assert!(!m.entries["b/ok.txt"].is_fresh("ab", "elsewhere/ok.txt"));
    }

    #[test]
    fn missing_manifest_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Manifest::default());
    }
}
