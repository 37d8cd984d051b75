//! Prints what the PDF reader extracts, one paragraph per line (a stand-in for
//! `gazette extract` until the CLI exists; also what `scripts/bench-pdf.sh` times).
//! `--raw` prints the raw rows instead; `--pages` marks page starts.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args.iter().any(|a| a == "--raw");
    let marks = args.iter().any(|a| a == "--pages");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        match gazette::extract::pdf::extract_pdf(&bytes) {
            Ok(x) => {
                for w in &x.warnings {
                    eprintln!("{path}: warning {}: {}", w.code, w.message);
                }
                for p in &x.pages {
                    if marks {
                        let _ = writeln!(out, "=== page {} (printed {:?})", p.number, p.printed);
                    }
                    if raw {
                        for l in &p.raw_lines {
                            let _ = writeln!(out, "{l}");
                        }
                    } else {
                        for l in &p.lines {
                            let c = if l.continues && marks { "↪ " } else { "" };
                            let _ = writeln!(out, "{c}{}", l.text);
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    let _ = out.flush();
    if failed {
        std::process::exit(2);
    }
}
