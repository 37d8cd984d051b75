//! The `tesseract` program: finding it (and its `chi_sim` data), running it on one page
//! image, and reading its TSV word boxes. A program rather than a linked library, so the
//! binary runs without Tesseract for everyone who does not ask for `--ocr`.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::image::Gray;

/// The installed engine, as named in `source.extractor`.
#[derive(Debug, Clone, PartialEq)]
pub struct Engine {
    /// e.g. "tesseract 5.3.0".
    pub version: String,
    program: String,
    /// The Han-script model (`HanS`, Debian's `tesseract-ocr-script-hans`) when installed:
    /// doubtful lines are also read with it (it reads the bold heading and 文号 type of
    /// our scans better than `chi_sim`, worse in body text).
    pub script: Option<String>,
}

/// The program to run: `GAZETTE_TESSERACT` when set (tests point it at a missing path),
/// else `tesseract` from PATH.
fn program() -> String {
    std::env::var("GAZETTE_TESSERACT")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "tesseract".into())
}

const INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";

/// Checks that Tesseract runs and has the simplified-Chinese model; the error names the
/// package to install.
pub fn find() -> Result<Engine, String> {
    find_program(&program())
}

fn find_program(prog: &str) -> Result<Engine, String> {
    let out = Command::new(prog)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("--ocr needs the Tesseract program, which could not be run ({prog}: {e}); install the package tesseract-ocr and its Chinese data tesseract-ocr-chi-sim ({INSTALL})")
        })?;
    // Tesseract 3 printed its version on stderr.
    let text = String::from_utf8_lossy(if out.stdout.is_empty() {
        &out.stderr
    } else {
        &out.stdout
    })
    .into_owned();
    let version = text
        .lines()
        .next()
        .map(str::trim)
        .filter(|l| l.starts_with("tesseract"))
        .ok_or_else(|| format!("--ocr: {prog} --version did not name Tesseract; install the package tesseract-ocr ({INSTALL})"))?
        .to_string();
    let langs = Command::new(prog)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("--ocr: {prog} --list-langs failed: {e}"))?;
    let listed = String::from_utf8_lossy(&langs.stdout).into_owned()
        + &String::from_utf8_lossy(&langs.stderr);
    let langs: Vec<&str> = listed.lines().map(str::trim).collect();
    if !langs.contains(&"chi_sim") {
        return Err(format!(
            "--ocr needs Tesseract's simplified-Chinese data (chi_sim), which is not installed; install the package tesseract-ocr-chi-sim ({INSTALL})"
        ));
    }
    // Debian installs it as `HanS`, tessdata's own layout as `script/HanS`
    let script = ["HanS", "script/HanS"]
        .into_iter()
        .find(|s| langs.contains(s))
        .map(String::from);
    Ok(Engine {
        version,
        program: prog.to_string(),
        script,
    })
}

/// One recognised word, in image pixels (origin top-left, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Tesseract's block, paragraph and line numbers: words sharing all three are one line.
    pub line: (u32, u32, u32),
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    /// 0–100.
    pub conf: f32,
    pub text: String,
    /// Other characters Tesseract read at each character's place in another reading of the
    /// line (empty, or one entry per character of `text`); `lexicon` may choose one.
    pub alts: Vec<Vec<char>>,
}

/// Contiguous runs of words sharing a line id: `(start, end)` index pairs.
pub fn lines(words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let j = i + words[i..]
            .iter()
            .take_while(|w| w.line == words[i].line)
            .count();
        out.push((i, j));
        i = j;
    }
    out
}

/// Runs Tesseract on one page image (single-threaded: pages run in parallel instead).
pub fn recognise(engine: &Engine, img: &Gray, dpi: u32) -> Result<Vec<Word>, String> {
    run(engine, img, dpi, "chi_sim", "3")
}

/// Runs Tesseract with the model `lang` on an image holding one line of text (`--psm 7`).
pub fn recognise_line(
    engine: &Engine,
    img: &Gray,
    dpi: u32,
    lang: &str,
) -> Result<Vec<Word>, String> {
    run(engine, img, dpi, lang, "7")
}

fn run(engine: &Engine, img: &Gray, dpi: u32, lang: &str, psm: &str) -> Result<Vec<Word>, String> {
    let mut child = Command::new(&engine.program)
        .args(["stdin", "stdout", "-l", lang, "--psm", psm, "--dpi"])
        .arg(dpi.to_string())
        // no search for inverted (white on black) text: a third faster, and scans have none
        .args(["-c", "tessedit_do_invert=0", "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run tesseract: {e}"))?;
    let pgm = img.to_pgm();
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Write from another thread: Tesseract may write before it has read everything.
    let writer = std::thread::spawn(move || stdin.write_all(&pgm));
    let mut tsv = String::new();
    let mut stdout = child.stdout.take().expect("piped stdout");
    let read = stdout.read_to_string(&mut tsv);
    let out = child
        .wait_with_output()
        .map_err(|e| format!("tesseract: {e}"))?;
    let _ = writer.join();
    read.map_err(|e| format!("tesseract output: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "tesseract failed ({}): {}",
            out.status,
            err.lines().last().unwrap_or("").trim()
        ));
    }
    Ok(parse_tsv(&tsv))
}

/// Word rows (level 5) of Tesseract's TSV; whitespace-only words are dropped.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() != 12 || f[0] != "5" || f[11].trim().is_empty() {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<f32>().ok().filter(|v| v.is_finite());
        let id = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let (Some(left), Some(top), Some(width), Some(height)) = (n(6), n(7), n(8), n(9)) else {
            continue;
        };
        if width <= 0.0 || height <= 0.0 {
            continue;
        }
        words.push(Word {
            line: (id(2), id(3), id(4)),
            left,
            top,
            width,
            height,
            conf: n(10).unwrap_or(0.0).clamp(0.0, 100.0),
            text: f[11].trim().to_string(),
            alts: Vec::new(),
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_are_read_and_blank_rows_skipped() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t2015\t257\t183\t37\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t2015\t257\t33\t34\t96.780464\t市\n\
                   5\t1\t1\t1\t1\t2\t2067\t257\t77\t36\t95.04\t政府\n\
                   5\t1\t2\t1\t1\t1\t357\t266\t1843\t36\t95.000000\t \n\
                   5\t1\t3\t1\t2\t1\t10\t20\t0\t36\t95\tx\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].text, "政府");
        assert_eq!(w[1].line, (1, 1, 1));
        assert_eq!((w[1].left, w[1].top, w[1].width), (2067.0, 257.0, 77.0));
        assert!((w[0].conf - 96.78).abs() < 0.01);
    }

    #[test]
    fn a_missing_program_names_the_package() {
        let e = find_program("/nonexistent/tesseract").unwrap_err();
        assert!(e.contains("tesseract-ocr"), "{e}");
    }
}
