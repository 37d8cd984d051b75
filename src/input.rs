//! Where input bytes come from, for every subcommand: a file, anything else that is not a
//! folder (a named pipe, `/dev/stdin`, a device), or `-` = standard input, read once and
//! kept. Also how a path is shown: as is when it is UTF-8, with `\xNN` escapes for the
//! bytes that are not (GBK names from archives unzipped on Windows), so that messages and
//! JSON stay valid text while reading and writing use the raw bytes.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// `source.path` (and the name in messages) of standard input.
pub const STDIN_LABEL: &str = "<stdin>";

/// Whether `p` is `-`, standard input.
pub fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

static STDIN: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

/// Standard input, read on first use and kept (a second reader gets the same bytes).
pub fn stdin_bytes() -> std::io::Result<&'static [u8]> {
    let r = STDIN.get_or_init(|| {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| e.to_string())
    });
    match r {
        Ok(b) => Ok(b),
        Err(e) => Err(std::io::Error::other(e.clone())),
    }
}

/// Most of standard input read to tell what it is before streaming it: its first line is
/// looked at, and a first line longer than this is no JSON Lines record anyway.
const HEAD_MAX: usize = 64 << 20;

/// Standard input for a reader that goes through it once (JSON Lines, which may be far
/// larger than memory): read up to its first non-blank line, and when `streams(head)` says
/// so, returned as a reader of all of it, never held whole (a later [`stdin_bytes`] then
/// fails: streamed bytes are not kept). Otherwise (or when it was read already) it is read
/// whole and kept as [`stdin_bytes`] has it, and `None` is returned.
pub fn stdin_stream_if(
    streams: impl Fn(&[u8]) -> bool,
) -> std::io::Result<Option<Box<dyn std::io::BufRead + Send>>> {
    if STDIN.get().is_some() {
        return Ok(None);
    }
    let mut stdin = std::io::stdin();
    let mut head = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match stdin.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&buf[..n]);
        let text = head.trim_ascii_start();
        if n == 0 || head.len() >= HEAD_MAX || (!text.is_empty() && text.contains(&b'\n')) {
            break;
        }
    }
    if streams(&head) {
        let _ = STDIN.set(Err(
            "standard input was streamed once and cannot be read again".into(),
        ));
        let all = std::io::Cursor::new(head).chain(stdin);
        return Ok(Some(Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            all,
        ))));
    }
    let r = stdin.read_to_end(&mut head).map(|_| head);
    let _ = STDIN.set(r.map_err(|e| e.to_string()));
    Ok(None)
}

/// The bytes of an input: `-` is standard input; anything else is read as a file
/// (a named pipe too: its metadata length is 0, so never trust that).
pub fn read(p: &Path) -> std::io::Result<Vec<u8>> {
    if is_stdin(p) {
        return stdin_bytes().map(<[u8]>::to_vec);
    }
    std::fs::read(p)
}

/// Whether an existing path is read as one input rather than walked as a folder.
pub fn is_file_like(meta: &std::fs::Metadata) -> bool {
    !meta.is_dir()
}

/// The path for messages and JSON: `-` is `<stdin>`; bytes that are not UTF-8 become
/// `\xNN` (upper-case hex), so that distinct names stay distinct.
pub fn shown(p: &Path) -> String {
    if is_stdin(p) {
        return STDIN_LABEL.to_string();
    }
    escaped(p)
}

/// `p` with its non-UTF-8 bytes written `\xNN`.
pub fn escaped(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

/// A relative path as `escaped`, with `/` between its parts on every platform (globs, shard
/// hashes and output names use it).
pub fn slashed(p: &Path) -> String {
    let s = escaped(p);
    if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn non_utf8_bytes_are_escaped_and_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"2019/\xb9\xab.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"2019/\xb1\xa8.txt"));
        assert_eq!(escaped(a), "2019/\\xB9\\xAB.txt");
        assert_ne!(escaped(a), escaped(b));
        assert_eq!(escaped(Path::new("公报/01.txt")), "公报/01.txt");
        assert_eq!(shown(Path::new("-")), "<stdin>");
    }
}
