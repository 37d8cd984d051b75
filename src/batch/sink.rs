//! The record stream of a batch run: stdout (flushed per input, so a reader of the
//! pipe sees documents as they come), or a file written under a temporary name and
//! renamed at the end, so an interrupted run never leaves half a JSON Lines file under
//! the name asked for. The temporary file is created like any other (mode 0666 less
//! the umask), not 0600 as `tempfile` makes them: the result is meant to be shared.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Sink;

pub enum StreamWriter {
    Stdout(BufWriter<Stdout>),
    File(AtomicFile),
}

pub fn open_sink(sink: Option<&Sink>) -> anyhow::Result<Option<StreamWriter>> {
    Ok(match sink {
        None => None,
        Some(Sink::Stdout) => Some(StreamWriter::Stdout(BufWriter::new(std::io::stdout()))),
        Some(Sink::File(path)) => Some(StreamWriter::File(
            AtomicFile::create(path).with_context(|| format!("{}", path.display()))?,
        )),
    })
}

impl StreamWriter {
    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            StreamWriter::Stdout(w) => {
                w.write_all(bytes)?;
                w.flush()?;
            }
            StreamWriter::File(f) => f
                .out
                .write_all(bytes)
                .with_context(|| format!("{}", f.target.display()))?,
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            StreamWriter::Stdout(mut w) => w.flush()?,
            StreamWriter::File(f) => {
                let target = f.target.clone();
                f.commit()
                    .with_context(|| format!("{}", target.display()))?;
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically (temporary file, sync, rename), creating the
/// folders on the way. The file gets the usual
/// permissions rather than tempfile's 0600.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.out.write_all(bytes)?;
    f.commit()
}

/// A file written as `.gazette-<pid>-<n>.tmp` beside its target and renamed over it
/// on `commit`; dropped without commit, the temporary file is removed.
pub struct AtomicFile {
    out: BufWriter<File>,
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut n = 0u32;
        loop {
            let tmp = dir.join(format!(".gazette-{}-{nanos}-{n}.tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        out: BufWriter::new(file),
                        tmp,
                        target: target.to_path_buf(),
                        committed: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn commit(mut self) -> std::io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_data()?;
        std::fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/all.jsonl");
        let mut f = AtomicFile::create(&target).unwrap();
        f.out.write_all(b"{}\n").unwrap();
        assert!(!target.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");

        let f = AtomicFile::create(&target).unwrap();
        drop(f);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(left.len(), 1, "only the committed file remains");
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("all.jsonl");
        AtomicFile::create(&target).unwrap().commit().unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        // 0666 less the umask: others may read unless the umask forbids it.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, want & 0o777);
    }
}
