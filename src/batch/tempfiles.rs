//! Temporary files of atomic writes, and what becomes of them when a run is cut short.
//! A file is written as `.gazette-<pid>-<random>.tmp` beside its target (`tempfile`) and
//! renamed over it on commit (`persist`: atomic on one file system). Every live temporary
//! file is registered here: Ctrl-C, SIGTERM and SIGHUP (`ctrlc`, handled on its own
//! thread) remove them all before the process exits with 130, so an interrupted run leaves
//! no `.tmp` behind. A SIGKILL cannot be caught: the next run removes what a dead process
//! left ([`remove_stale`]), never a file of a run still going on (shards may share a folder).

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use tempfile::NamedTempFile;

struct Live {
    paths: BTreeSet<PathBuf>,
    exiting: bool,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    paths: BTreeSet::new(),
    exiting: false,
});

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the signal handler (once per process; a no-op if another handler is set).
pub fn install_signal_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            // Holding the lock until exit: no temporary file is created or renamed
            // meanwhile, so none escapes.
            let mut live = live();
            live.exiting = true;
            for p in &live.paths {
                let _ = std::fs::remove_file(p);
            }
            eprintln!("gazette: interrupted; finished outputs are kept, run again to resume");
            std::process::exit(130);
        });
    });
}

const PREFIX: &str = ".gazette-";
const SUFFIX: &str = ".tmp";

/// A file written under a temporary name beside `target` and renamed over it on
/// [`AtomicFile::commit`]; dropped without commit, the temporary file is removed. It is
/// created like any other file (0666 less the umask), not 0600 as `tempfile` makes them
/// by default: the result is meant to be shared.
pub struct AtomicFile {
    out: Option<BufWriter<NamedTempFile>>,
    tmp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        // Only a run that makes temporary files has any to remove on Ctrl-C (a thread
        // less for a conversion to stdout).
        install_signal_handler();
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let prefix = format!("{PREFIX}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut live = live();
        if live.exiting {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        let file = builder.tempfile_in(dir)?;
        let tmp = file.path().to_path_buf();
        live.paths.insert(tmp.clone());
        Ok(AtomicFile {
            out: Some(BufWriter::new(file)),
            tmp,
            target: target.to_path_buf(),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.out {
            Some(w) => w.write_all(bytes),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    /// Flushes, syncs and renames the file over its target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(w) = self.out.take() else {
            return Ok(());
        };
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.as_file().sync_data()?;
        let mut live = live();
        let r = file.persist(&self.target).map(|_| ()).map_err(|e| e.error);
        live.paths.remove(&self.tmp);
        r
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        let mut live = live();
        // Removed (by NamedTempFile's drop) under the lock, then forgotten.
        drop(self.out.take());
        live.paths.remove(&self.tmp);
    }
}

/// Writes `bytes` to `path` atomically, creating the folders on the way.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Removes the temporary files in `dir` (and below, when `recursive`) whose process is
/// gone: what a killed run left. Files of a live process (another shard writing into
/// the same folder) are kept.
pub fn remove_stale(dir: &Path, recursive: bool) {
    let walker = walkdir::WalkDir::new(dir).max_depth(if recursive { usize::MAX } else { 1 });
    for entry in walker.into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        if !entry.file_type().is_file() || !name.ends_with(SUFFIX) {
            continue;
        }
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_none_or(|p| !process_alive(p, entry.path())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` may still be writing `path`: on Linux, whether it exists; where
/// that cannot be told, whether the file was touched in the last day.
fn process_alive(pid: u32, path: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_renames_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/all.jsonl");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"{}\n").unwrap();
        assert!(!target.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
        let f = AtomicFile::create(&target).unwrap();
        drop(f);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(left.len(), 1, "only the committed file remains");
        assert!(live().paths.is_empty() || !live().paths.iter().any(|p| p.starts_with(dir.path())));
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

    #[test]
    fn stale_temps_of_dead_processes_only_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".gazette-4294967-abc.tmp");
        let mine = dir
            .path()
            .join(format!(".gazette-{}-abc.tmp", std::process::id()));
        let other = dir.path().join("keep.tmp");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        remove_stale(dir.path(), false);
        assert!(!dead.exists() || !Path::new("/proc/self").exists());
        assert!(mine.exists() && other.exists());
    }
}
